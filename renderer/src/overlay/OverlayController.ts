/**
 * Mention highlights, type chips and the selected-mention outline, drawn in two layers beside the
 * text: `back` behind it (pointer-events: none) and `front` above it (chips clickable). The text
 * DOM is never touched: no inline element is ever inserted into a paragraph, so Arabic letters
 * keep joining and bidi runs keep their order.
 *
 * Work is per paragraph ("group", pieces.ts): geometry comes from DOM Range.getClientRects() over
 * each piece's UTF-16 range in its paragraph's single text node, and
 *   - a mention added, changed or removed marks only its paragraphs for measuring;
 *   - only mounted paragraphs are measured (the editor mounts only the paragraphs near the
 *     viewport, editor/windowing.ts); a group's layers are created when it is first drawn and
 *     emptied when its paragraph is unmounted, so the overlay's DOM is bounded like the text's;
 *   - a ResizeObserver on each annotated paragraph re-measures it when its box changes (width,
 *     font load, first render after being skipped), and one on the editor root re-reads every
 *     group's vertical position (a group is positioned at its paragraph's top and its rects are
 *     relative to that, so a paragraph above changing height only moves groups, never re-measures).
 * Reads happen before writes in one animation frame: every paragraph box and text rect is read
 * first, then groups are moved and drawn (draw.ts: each box a grid item of its group, never a
 * positioned box). A frame draws the groups in the viewport; groups of mounted paragraphs outside
 * it (the window's margin) are measured and drawn a few at a time (FRAME_BUDGET_MS), so a scroll
 * that mounts a screen of paragraphs is not one long frame; the first mentions' pieces of the
 * paragraphs just past the window are made when the window is idle. Suggestions (ghosts.ts) get
 * pieces only in mounted paragraphs, in each group's `ghosts` part: layers of their own under the
 * mentions' (`.ov-ghosts`, first in each layer), measured and drawn apart, so a label measures and
 * draws only its paragraph's mentions; a ghost's chip is drawn again only when a mention's chip
 * pushes it along.
 *
 * Why one file of about 560 lines (issue 12): it is the one frame loop (read every box, then
 * write) and the state it schedules — dirty groups, the viewport band, deferred and ghost parts —
 * which must be read and written in one order; what does not share that state is apart already
 * (pieces.ts, draw.ts, ghosts.ts, deferred.ts, lanes.ts, arcs.ts, dom.ts).
 */
import type { EntityMention, Schema, Span } from '../../../annotations/model';
import type { SuggestionItem } from '../contract';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { scrollIntoViewIfHidden, setPieceRange } from './dom';
import { DeferredMentions } from './deferred';
import { renderPart, type PieceLook } from './draw';
import { Ghosts, type OverlayCounts } from './ghosts';
import { CHIP_HEIGHT, clearPart, measurePart, mentionAt, newGroup, partLayers, piecesOf, px, relane, removePart, sameFragments, triggerId, type Box, type Group, type Part, type Piece, type TriggerItem } from './pieces';

export { ghostId, triggerId, type TriggerItem } from './pieces';
export type { OverlayCounts } from './ghosts';

export interface OverlayOptions {
  /** The positioned box that holds the text and both layers (coordinates are relative to it). */
  sheet: HTMLElement;
  /** The scrolling container. */
  scroller: HTMLElement;
  back: HTMLElement;
  front: HTMLElement;
  table: ParagraphTable;
  /** The DOM element of paragraph `index`, or null while it is not mounted. */
  paragraphElement(index: number): HTMLElement | null;
  /** The editor root element (its size changes when any paragraph's does). */
  rootElement(): HTMLElement | null;
  /** The mounted paragraphs, [first, end) (default: all of them). */
  mountedRange?(): { first: number; end: number };
  /**
   * The first mentions' pieces are made per paragraph when it is first mounted (the editor's
   * windowed view, whose mountedRange moves with reattach()), not all at once.
   */
  deferPieces?: boolean;
  /** Scroll paragraph `index` near the viewport and mount it now (windowing). */
  mount?(index: number): void;
  onChipClick(id: string): void;
}

/** A frame measures and draws the groups in view, then those outside it while it has spent less than this (ms). */
const FRAME_BUDGET_MS = 4;
/**
 * Ghosts get pieces only in the mounted paragraphs within this many viewport heights of the view
 * (the window mounts at least 12 paragraphs: at 1 MB, long paragraphs, some 580 ghosts and their
 * chips, 13% of them in view, and every frame that painted anything laid out, pre-painted, painted
 * and layerized all of them).
 */
const GHOST_MARGIN_SCREENS = 1;

export class OverlayController {
  private readonly o: OverlayOptions;
  private readonly groups = new Map<number, Group>();
  private readonly paragraphsOf = new Map<string, number[]>();
  /** The first mentions of a windowed view, filed by paragraph until it is mounted (deferred.ts). */
  private readonly deferred: DeferredMentions;
  private mentions: ReadonlyMap<string, EntityMention> = new Map();
  private colors = new Map<string, string>();
  private selectedId: string | null = null;
  /** Suggestions (ghosts): the list given, those built, the one in focus (ghosts.ts). */
  private readonly ghosts: Ghosts;
  /** The schema the colours were read from (undefined: none given yet). */
  private schema: Schema | null | undefined = undefined;
  /** Event triggers by overlay id (triggerId), their colours, and the selected event's. */
  private triggers = new Map<string, TriggerItem>();
  private triggerColors = new Map<string, string>();
  private selectedTrigger: string | null = null;
  private topsDirty = true;
  private frame = 0;
  private disposed = false;
  private readonly range = document.createRange();
  private readonly ro: ResizeObserver;
  /** Parts whose pieces came or went: their lanes (and order) are assigned before the next measure or hit test, once. */
  private readonly lanesDirty = new Set<Part>();
  /** The ghosts' layers: first in the back and front layers, so painted under the mentions' groups. */
  private readonly ghostBack: HTMLDivElement;
  private readonly ghostFront: HTMLDivElement;
  /** Groups whose paragraph is mounted and observed. */
  private readonly attached = new Set<Group>();
  private observedRoot: HTMLElement | null = null;
  private readonly onFonts = () => this.invalidateAll();
  /** The paragraphs whose ghosts have pieces (the mounted ones near the view), read again in the next frame when `bandDirty`. */
  private band: { first: number; end: number } | null = null;
  private bandDirty = true;
  private readonly onScroll = () => {
    this.bandDirty = true;
    this.schedule();
  };

  constructor(options: OverlayOptions) {
    this.o = options;
    this.ghostBack = document.createElement('div');
    this.ghostFront = document.createElement('div');
    this.ghostBack.className = this.ghostFront.className = 'ov-ghosts';
    options.back.prepend(this.ghostBack);
    options.front.prepend(this.ghostFront);
    this.ghosts = new Ghosts({
      table: options.table,
      addPieces: (m, ghost) => this.addPieces(m, ghost),
      removePieces: (id) => this.removePieces(id),
      paragraphsOf: (id) => this.paragraphsOf.get(id) ?? [],
      redraw: (id) => this.redraw(id),
    });
    this.deferred = new DeferredMentions({
      table: options.table,
      mention: (id) => this.mentions.get(id),
      made: (id) => this.paragraphsOf.has(id),
      addPieces: (m) => this.addPieces(m),
      mountedRange: () => this.mountedRange(),
    });
    this.ro = new ResizeObserver((entries) => this.onResize(entries));
    if (options.mountedRange) options.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    document.fonts.addEventListener('loadingdone', this.onFonts);
    void document.fonts.ready.then(() => {
      if (!this.disposed) this.invalidateAll();
    });
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.deferred.dispose();
    this.ro.disconnect();
    this.o.scroller.removeEventListener('scroll', this.onScroll);
    document.fonts.removeEventListener('loadingdone', this.onFonts);
    for (const g of this.groups.values()) {
      removePart(g);
      removePart(g.ghosts);
    }
    this.ghostBack.remove();
    this.ghostFront.remove();
    this.groups.clear();
    this.attached.clear();
  }

  // ---- inputs -----------------------------------------------------------------------------------

  setSchema(schema: Schema | null): void {
    // fed on every change of the document (a label's twice): the same schema is not read again
    if (schema === this.schema) return;
    this.schema = schema;
    const colors = new Map((schema?.entityTypes ?? []).map((t) => [t.name, t.color]));
    const changed = colors.size !== this.colors.size || [...colors].some(([k, v]) => this.colors.get(k) !== v);
    this.colors = colors;
    const eventColors = new Map((schema?.eventTypes ?? []).map((t) => [t.name, t.color]));
    const eventsChanged = eventColors.size !== this.triggerColors.size || [...eventColors].some(([k, v]) => this.triggerColors.get(k) !== v);
    this.triggerColors = eventColors;
    if (changed || eventsChanged) {
      for (const g of this.groups.values()) {
        this.markRender(g);
        this.markRender(g.ghosts);
      }
    }
  }

  /**
   * Diff against the previous mentions: only the paragraphs of what changed are redone. The first
   * mentions of a windowed view are only filed by paragraph (`deferred`): a paragraph's pieces are
   * made when it is first mounted, so a document with 200,000 mentions opens without making them all.
   */
  setMentions(next: ReadonlyMap<string, EntityMention>, changed?: readonly string[] | null): void {
    const prev = this.mentions;
    if (prev === next) return;
    this.mentions = next;
    if (prev.size === 0 && !changed && this.o.deferPieces && this.o.mountedRange) {
      this.deferred.file(next.values());
      if (this.deferred.materializeMounted()) {
        this.topsDirty = true;
        this.schedule();
      }
      return;
    }
    if (!changed && this.o.deferPieces && this.o.mountedRange) {
      // A whole new map (the rest of a long document's mentions, after its first page's): the new
      // ids are filed by paragraph like the first ones, not made all at once (200,000 pieces, 3 s
      // of the window's CPU under load); those that were there already are updated.
      const added: EntityMention[] = [];
      for (const [id, m] of next) if (!prev.has(id)) added.push(m);
      for (const [id, before] of prev) this.update(id, before, next.get(id));
      this.deferred.file(added);
      if (this.deferred.materializeMounted()) {
        this.topsDirty = true;
        this.schedule();
      }
      return;
    }
    // Only the ids the store says changed, or every id of both maps.
    const ids = changed ?? new Set([...prev.keys(), ...next.keys()]);
    for (const id of ids) this.update(id, prev.get(id), next.get(id));
  }

  /** One mention from `before` to `now` (either may be absent): retyped in place, or redrawn. */
  private update(id: string, before: EntityMention | undefined, now: EntityMention | undefined): void {
    if (before === now) return;
    if (before && now && before.start === now.start && before.end === now.end && sameFragments(before, now)) {
      this.restyle(id, now.type, now.note);
      return;
    }
    if (before) this.removePieces(id);
    if (now) this.addPieces(now);
  }

  /**
   * The document's suggestions, drawn as ghosts, and the one in focus (its key). Only those that
   * came, went or changed are redrawn (ghosts.ts).
   */
  setSuggestions(items: readonly SuggestionItem[], focusedKey: string | null): void {
    this.ghosts.set(items, focusedKey, this.ghostRange());
    // the band is read in the next frame (never a layout read here); without windowing it is the whole range
    if (this.band === null) this.schedule();
  }

  /** The paragraphs whose ghosts have pieces now: the band last read, or (not read yet) none of a windowed view's. */
  private ghostRange(): { first: number; end: number } {
    if (!this.o.mountedRange) return this.mountedRange();
    return this.band ?? { first: 0, end: 0 };
  }

  /**
   * The mounted paragraphs within GHOST_MARGIN_SCREENS of the view (a frame's read: layout is
   * clean then). Read again only after a scroll or a change of the window.
   */
  private readBand(view: DOMRect): { first: number; end: number } {
    const mounted = this.mountedRange();
    const margin = view.height * GHOST_MARGIN_SCREENS;
    let first = -1;
    let last = -1;
    for (let i = mounted.first; i < mounted.end; i++) {
      const el = this.o.paragraphElement(i);
      if (!el) continue;
      const r = el.getBoundingClientRect();
      if (r.bottom < view.top - margin || r.top > view.bottom + margin) continue;
      if (first < 0) first = i;
      last = i;
    }
    return first < 0 ? { first: mounted.first, end: mounted.first } : { first, end: last + 1 };
  }

  /** The mounted paragraphs, [first, end). */
  private mountedRange(): { first: number; end: number } {
    return this.o.mountedRange?.() ?? { first: 0, end: this.o.table.paragraphCount };
  }

  /** What the overlay made (tests count these; nothing here is timed). */
  counters(): OverlayCounts {
    return this.ghosts.counters();
  }

  /** The paragraphs of an overlay id are drawn again (its selection or focus changed). */
  private redraw(id: string): void {
    for (const index of this.paragraphsOf.get(id) ?? []) {
      const g = this.groups.get(index);
      if (g) this.markRender(partOf(g, id));
    }
  }

  /** The document's event triggers, each labelled with a chip naming its type; the selected event's chip stands out. */
  setTriggers(items: readonly TriggerItem[], selectedEvent: string | null): void {
    const next = new Map(items.map((x) => [triggerId(x.id), x] as const));
    for (const [id, old] of this.triggers) {
      const now = next.get(id);
      if (now && now.type === old.type && now.start === old.start && now.end === old.end) next.set(id, old);
      else this.removePieces(id);
    }
    for (const [id, x] of next) if (this.triggers.get(id) !== x) this.addPieces({ id, type: x.type, start: x.start, end: x.end }, undefined, true);
    this.triggers = next;
    const selected = selectedEvent === null ? null : triggerId(selectedEvent);
    if (selected !== this.selectedTrigger) {
      for (const old of [this.selectedTrigger, selected]) if (old !== null) this.redraw(old);
      this.selectedTrigger = selected;
    }
  }

  setSelected(id: string | null): void {
    if (id === this.selectedId) return;
    for (const old of [this.selectedId, id]) if (old !== null) this.redraw(old);
    this.selectedId = id;
  }

  /** Everything must be measured again (fonts loaded, zoom). */
  invalidateAll(): void {
    for (const g of this.groups.values()) {
      for (const part of [g, g.ghosts]) {
        part.needsMeasure = part.measureAll = true;
        part.needsRender = true;
      }
    }
    this.topsDirty = true;
    this.schedule();
  }

  /**
   * Follow the mounted window (called after editor updates): groups whose paragraph was unmounted
   * are emptied, groups whose paragraph is now mounted are observed and measured.
   */
  reattach(): void {
    let any = this.deferred.materializeMounted();
    if (this.o.mountedRange) {
      // the ghosts follow in the next frame, once the window's paragraphs are laid out (readBand)
      this.bandDirty = true;
      this.schedule();
    } else {
      this.ghosts.sync(this.mountedRange());
    }
    for (const g of [...this.attached]) {
      if (g.observed && g.observed.isConnected && this.o.paragraphElement(g.index) === g.observed) continue;
      this.detach(g);
      any = true;
    }
    const { first, end } = this.mountedRange();
    for (let i = first; i < end; i++) {
      const g = this.groups.get(i);
      if (!g || this.attached.has(g)) continue;
      this.observe(g);
      if (g.observed) any = true;
    }
    if (any) {
      this.topsDirty = true;
      this.schedule();
    }
    if (this.o.mountedRange) this.deferred.scheduleAhead();
  }

  private reattachAll(): void {
    for (const g of this.groups.values()) {
      if (g.observed && g.observed.isConnected) continue;
      if (g.observed) this.detach(g);
      this.observe(g);
    }
  }

  private detach(g: Group): void {
    if (g.observed) this.ro.unobserve(g.observed);
    g.observed = null;
    this.attached.delete(g);
    clearPart(g);
    clearPart(g.ghosts);
  }

  // ---- queries ----------------------------------------------------------------------------------

  /** The innermost mention drawn under a viewport point, or null. */
  hitTest(clientX: number, clientY: number): string | null {
    this.relaneDirty();
    const sheet = this.o.sheet.getBoundingClientRect();
    return mentionAt(this.attached, clientX - sheet.left, clientY - sheet.top);
  }

  /** Scroll the scroller so that the mention is in view. */
  reveal(id: string): void {
    const m = this.mentions.get(id) ?? this.ghosts.item(id);
    if (!m) return;
    const piece = this.o.table.pieces(m)[0];
    if (!piece) return;
    this.o.mount?.(piece.paragraph);
    this.reattach();
    if (!setPieceRange(this.range, this.o.paragraphElement(piece.paragraph), piece)) return;
    scrollIntoViewIfHidden(this.o.scroller, this.range.getBoundingClientRect());
  }

  // ---- pieces -----------------------------------------------------------------------------------

  private group(index: number): Group {
    let g = this.groups.get(index);
    if (!g) {
      g = newGroup(index);
      this.groups.set(index, g);
      // Outside the range (the review columns keep every paragraph in the DOM), reattach() picks
      // it up when the view comes near.
      const range = this.o.mountedRange?.();
      if (!range || (index >= range.first && index < range.end)) this.observe(g);
    }
    return g;
  }


  private observe(g: Group): void {
    const el = this.o.paragraphElement(g.index);
    if (el === g.observed) return;
    if (g.observed) this.ro.unobserve(g.observed);
    g.observed = el;
    if (el) {
      this.ro.observe(el);
      this.attached.add(g);
      g.needsMeasure = g.measureAll = true;
      this.schedule();
    } else {
      this.attached.delete(g);
    }
    const root = this.o.rootElement();
    if (root && root !== this.observedRoot) {
      if (this.observedRoot) this.ro.unobserve(this.observedRoot);
      this.observedRoot = root;
      this.ro.observe(root);
    }
  }

  private addPieces(m: Span & { id: string; type: string; fragments?: Span[]; note?: string }, ghost?: Piece['ghost'], trigger = false): void {
    const indexes: number[] = [];
    for (const { paragraph, piece } of piecesOf(this.o.table, m, ghost, trigger)) {
      const part = partOf(this.group(paragraph), m.id);
      part.pieces.push(piece);
      this.lanesDirty.add(part);
      part.needsMeasure = true;
      this.markRender(part);
      indexes.push(paragraph);
    }
    this.paragraphsOf.set(m.id, indexes);
  }

  private removePieces(id: string): void {
    for (const index of this.paragraphsOf.get(id) ?? []) {
      const g = this.groups.get(index);
      if (!g) continue;
      const part = partOf(g, id);
      part.pieces = part.pieces.filter((p) => p.id !== id);
      part.measured.delete(id);
      if (g.pieces.length === 0 && g.ghosts.pieces.length === 0) {
        this.dropGroup(g);
        continue;
      }
      this.lanesDirty.add(part);
      this.markRender(part);
    }
    this.paragraphsOf.delete(id);
  }

  /** A mention's type or note changed (not its span): its pieces are redrawn, not measured. */
  private restyle(id: string, type: string, note: string | undefined): void {
    for (const index of this.paragraphsOf.get(id) ?? []) {
      const g = this.groups.get(index);
      if (!g) continue;
      for (const p of g.pieces) {
        if (p.id !== id) continue;
        p.type = type;
        if (note) p.note = note;
        else delete p.note;
      }
      this.markRender(g);
    }
  }

  private dropGroup(g: Group): void {
    if (g.observed) this.ro.unobserve(g.observed);
    this.attached.delete(g);
    this.lanesDirty.delete(g);
    this.lanesDirty.delete(g.ghosts);
    removePart(g);
    removePart(g.ghosts);
    this.groups.delete(g.index);
  }

  /** Lanes of the groups whose pieces changed (once, however many pieces came or went). */
  private relaneDirty(): void {
    for (const g of this.lanesDirty) relane(g);
    this.lanesDirty.clear();
  }

  private markRender(g: Part): void {
    g.needsRender = true;
    this.schedule();
  }

  // ---- observers --------------------------------------------------------------------------------

  private groupOf(el: Element): Group | undefined {
    const index = Number((el as HTMLElement).dataset['para']);
    const g = Number.isInteger(index) ? this.groups.get(index) : undefined;
    if (g && g.observed === el) return g;
    for (const x of this.attached) if (x.observed === el) return x;
    return undefined;
  }

  private onResize(entries: ResizeObserverEntry[]): void {
    for (const e of entries) {
      if (e.target === this.observedRoot) continue;
      const g = this.groupOf(e.target);
      if (g) {
        for (const part of [g, g.ghosts]) {
          part.needsMeasure = part.measureAll = true;
          part.needsRender = true;
        }
      }
    }
    this.topsDirty = true;
    this.schedule();
  }

  // ---- frame ------------------------------------------------------------------------------------

  private schedule(): void {
    if (this.frame !== 0 || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush(FRAME_BUDGET_MS);
    });
  }

  /**
   * Measure and draw (tests and the first paint call this with no budget: everything now; each
   * animation frame with FRAME_BUDGET_MS). All reads (paragraph boxes, text rects) come first,
   * then all writes (group positions, drawing), so a frame lays out once. With a budget, the
   * groups in view are always done; those outside it (the window's margin) only while the frame
   * has spent less than the budget, the rest in the next frames.
   */
  flush(budgetMs = Infinity): void {
    if (this.disposed) return;
    const t0 = performance.now();
    // Without windowing (the review columns), paragraphs may appear at any time: look each frame.
    if (!this.o.mountedRange) this.reattachAll();
    if (this.o.mountedRange && this.bandDirty) {
      // the ghosts near the view (a read; then pieces made or dropped, drawn by this frame's writes)
      this.bandDirty = false;
      this.band = this.readBand(this.o.scroller.getBoundingClientRect());
      this.ghosts.sync(this.band);
    }
    this.relaneDirty();
    const sheet = this.o.sheet.getBoundingClientRect();
    // ---- reads (only mounted paragraphs)
    const tops = this.topsDirty;
    this.topsDirty = false;
    const view = Number.isFinite(budgetMs) ? this.o.scroller.getBoundingClientRect() : null;
    let later = false;
    for (const g of this.attached) {
      const el = g.observed;
      if (!el || !el.isConnected) continue;
      if (!g.needsMeasure && !g.ghosts.needsMeasure && !tops) continue;
      const para = el.getBoundingClientRect();
      const top = para.top - sheet.top;
      if (Math.abs(top - g.top) > 0.01) {
        g.top = top;
        g.moved = true;
      }
      if (!g.needsMeasure && !g.ghosts.needsMeasure) continue;
      // Outside the view, over the budget: a later frame (it is not seen until then).
      if (view && para.bottom > view.top - CHIP_HEIGHT && para.top < view.bottom + CHIP_HEIGHT) {
        // in view: always now
      } else if (view && performance.now() - t0 > budgetMs) {
        later = true;
        continue;
      }
      for (const part of [g, g.ghosts]) {
        if (!part.needsMeasure) continue;
        measurePart(part, el, sheet, para, this.range);
        part.needsMeasure = false;
        part.needsRender = true;
      }
    }
    // ---- writes
    for (const g of this.attached) {
      if (!g.moved) continue;
      g.moved = false;
      const t = `translateY(${px(g.top)})`;
      for (const part of [g, g.ghosts]) {
        if (!part.back || !part.front) continue;
        part.back.style.transform = t;
        part.front.style.transform = t;
      }
    }
    for (const g of this.attached) this.render(g);
    if (later) this.schedule();
  }

  /**
   * Draw a group's parts that need it and are measured (draw.ts): a piece whose drawing would not
   * change keeps its elements. The ghosts' chips go around the mentions', so they are placed again
   * (only those pushed along are drawn again) when the mentions' chips moved.
   */
  private render(g: Group): void {
    if (g.needsRender && !g.needsMeasure) {
      g.needsRender = false;
      if (this.renderPart(g, g, this.o.back, this.o.front) && g.ghosts.pieces.length > 0) g.ghosts.needsRender = true;
    }
    const ghosts = g.ghosts;
    if (ghosts.needsRender && !ghosts.needsMeasure && !g.needsMeasure) {
      ghosts.needsRender = false;
      this.renderPart(g, ghosts, this.ghostBack, this.ghostFront, g.chips);
    }
  }

  /** Draw one part (its layer elements made when it first has something to draw); true when its chips moved. */
  private renderPart(g: Group, part: Part, back: HTMLElement, front: HTMLElement, around?: readonly Box[]): boolean {
    if (part.pieces.length === 0 && part.rendered.size === 0) {
      const had = part.chips.length > 0;
      part.chips = [];
      return had;
    }
    return renderPart(part, partLayers(part, g.index, g.top, back, front), this.look, this.o.onChipClick, around);
  }

  private readonly look: PieceLook = {
    color: (p) => (p.trigger ? this.triggerColors.get(p.type) : this.colors.get(p.type)) ?? '#9aa0a6',
    selected: (p) => (p.trigger ? p.id === this.selectedTrigger : p.ghost ? p.id === this.ghosts.focused : p.id === this.selectedId),
  };
}

/** The part of a group an overlay id draws in: a suggestion's (ghostId) is the ghosts'. */
function partOf(g: Group, id: string): Part {
  return id.startsWith('s:') ? g.ghosts : g;
}
