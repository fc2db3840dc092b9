/**
 * Mention highlights, type chips and the selected-mention outline, drawn in two absolutely
 * positioned layers beside the text: `back` behind it (pointer-events: none) and `front` above
 * it (chips clickable). The text DOM is never touched: no inline element is ever inserted into a
 * paragraph, so Arabic letters keep joining and bidi runs keep their order.
 *
 * Geometry comes from DOM Range.getClientRects() over each mention's UTF-16 range in its
 * paragraph's single text node. Work is per paragraph ("group"):
 *   - a mention added, changed or removed marks only its paragraphs for measuring;
 *   - only mounted paragraphs are measured (the editor mounts only the paragraphs near the
 *     viewport, editor/windowing.ts); a group's layers are created when it is first drawn and
 *     emptied when its paragraph is unmounted, so the overlay's DOM is bounded like the text's;
 *   - a ResizeObserver on each annotated paragraph re-measures it when its box changes (width,
 *     font load, first render after being skipped), and one on the editor root re-reads every
 *     group's vertical position (a group is positioned at its paragraph's top and its rects are
 *     relative to that, so a paragraph above changing height only moves groups, never re-measures).
 * Reads happen before writes in one animation frame: every paragraph box and text rect is read
 * first, then groups are moved and drawn. A frame draws the groups in the viewport; groups of
 * mounted paragraphs outside it (the window's margin) are measured and drawn a few at a time
 * (FRAME_BUDGET_MS), so a scroll that mounts a screen of paragraphs is not one long frame; the
 * first mentions' pieces of the paragraphs just past the window are made when the window is idle.
 * Suggestions (ghosts) get pieces only in mounted paragraphs: a ghost is built when its paragraph
 * is mounted and dropped when it is not, and a new list rebuilds only the ghosts that changed.
 *
 * Over 500 lines on purpose: highlights, chips, ghosts, trigger chips and outlines share one
 * per-paragraph group, its lanes and its redraw signature; geometry helpers are in dom.ts and lanes.ts.
 */
import type { EntityMention, Schema, Span } from '../../../annotations/model';
import type { SuggestionItem } from '../contract';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { paragraphTextNode, scrollIntoViewIfHidden, setPieceRange } from './dom';
import { assignLanes, compareForLanes } from './lanes';
import { getLocale, t } from '../i18n';

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

interface Piece {
  id: string;
  type: string;
  start16: number;
  end16: number;
  /** Code points of the whole mention: the innermost mention is the shortest. */
  cpLength: number;
  /** First piece of its mention: carries the chip. */
  first: boolean;
  /** Reading direction of the mention text (where its chip is anchored). */
  dir: 'ltr' | 'rtl';
  lane: number;
  /** A suggestion (drawn as a ghost: lighter, dashed, its chip naming the source and score). */
  ghost?: { source: SuggestionItem['source']; score: number };
  /** An event's trigger: only its chip is drawn here (the arc layer outlines the words). */
  trigger?: true;
  /** Last piece of its mention: carries the note marker. */
  last: boolean;
  /** The mention's note (a marker at its end, the note as its tooltip). */
  note?: string;
}

/** An event trigger the overlay labels with a chip (its type). */
export interface TriggerItem {
  /** The event's id. */
  id: string;
  type: string;
  start: number;
  end: number;
}

/** The overlay id of an event's trigger chip (never a mention id). */
export function triggerId(eventId: string): string {
  return `t:${eventId}`;
}

/** A trigger chip's text: the event subtype (`Attack` of `Conflict:Attack`); the title says it all. */
function triggerLabel(type: string): string {
  const i = type.lastIndexOf(':');
  return i >= 0 && i < type.length - 1 ? type.slice(i + 1) : type;
}

/** The overlay id of a suggestion (never a mention id: those are numbers or `pending-N`). */
export function ghostId(key: string): string {
  return `s:${key}`;
}

interface GhostEntry {
  item: SuggestionItem;
  /** Its first and last paragraph. */
  first: number;
  last: number;
}

/** The overlay's own counts, for tests (test/e2e/windowing.spec.ts reads them through a hook). */
export interface OverlayCounts {
  /** Ghosts whose pieces are made now, and their paragraphs. */
  ghostsBuilt: string[];
  ghostParagraphs: number[];
  /** How many times each ghost's pieces were made since the overlay was created. */
  ghostBuilds: Record<string, number>;
  /** Ghosts given (setSuggestions). */
  ghostsGiven: number;
  /** Lists of suggestions given (setSuggestions calls). */
  lists: number;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Measured {
  boxes: Box[];
  /** The first character's box: the chip's anchor. */
  anchor: Box | null;
  /** The last character's box (of the last piece): the note marker's anchor. */
  end: Box | null;
}

interface Group {
  index: number;
  pieces: Piece[];
  /** Its top moved in the last read phase: the layers are moved in the write phase. */
  moved: boolean;
  back: HTMLDivElement | null;
  front: HTMLDivElement | null;
  measured: Map<string, Measured>;
  observed: HTMLElement | null;
  needsMeasure: boolean;
  needsRender: boolean;
  top: number;
  /** What is drawn for each piece (by id), and the signature it was drawn from. */
  rendered: Map<string, Rendered>;
}

/** A piece's elements in the two layers; redrawn only when its signature changes. */
interface Rendered {
  sig: string;
  back: HTMLElement[];
  front: HTMLElement[];
}

const CHIP_HEIGHT = 14;
const NOTE_SIZE = 8;
const CHIP_FONT = '600 10px "Inter", "Noto Sans", system-ui, sans-serif';
const MAX_INSET_LANE = 4;
/** A frame measures and draws the groups in view, then those outside it while it has spent less than this (ms). */
const FRAME_BUDGET_MS = 4;
/** The paragraphs past each end of the window whose first mentions' pieces are made ahead, when idle. */
const AHEAD_PARAGRAPHS = 24;

let measureCanvas: CanvasRenderingContext2D | null = null;
const chipWidths = new Map<string, number>();

function chipWidth(label: string): number {
  let w = chipWidths.get(label);
  if (w === undefined) {
    measureCanvas ??= document.createElement('canvas').getContext('2d');
    if (measureCanvas) {
      measureCanvas.font = CHIP_FONT;
      w = Math.ceil(measureCanvas.measureText(label).width) + 8;
    } else {
      w = label.length * 7 + 8;
    }
    chipWidths.set(label, w);
  }
  return w;
}

/**
 * A ghost chip's text and title, by locale, type, source and score: a screen holds hundreds of
 * ghosts sharing a few of these, each formatted once (not three messages a ghost as it is drawn).
 */
const ghostTexts = new Map<string, { label: string; title: string }>();
function ghostText(type: string, ghost: NonNullable<Piece['ghost']>): { label: string; title: string } {
  const key = `${getLocale()}|${type}|${ghost.source}|${ghost.score}`;
  let x = ghostTexts.get(key);
  if (x === undefined) {
    const score = ghost.score.toFixed(2);
    x = {
      label: t('overlay.ghostChip', { type, source: t(`suggest.chip.${ghost.source}`), score }),
      title: t('overlay.ghostTitle', { type, source: t(`suggest.source.${ghost.source}`), score }),
    };
    // bounded: scores are few per list, but a long session sees many lists
    if (ghostTexts.size >= 4096) ghostTexts.clear();
    ghostTexts.set(key, x);
  }
  return x;
}

/** A chip's text: the type; a suggestion's also names its source and score ("GPE · occ. 0.50"). */
function chipLabel(p: Piece): string {
  if (p.trigger) return triggerLabel(p.type);
  return p.ghost ? ghostText(p.type, p.ghost).label : p.type;
}

/** Two mentions cover the same pieces (a discontinuous mention's fragments included). */
function sameFragments(a: EntityMention, b: EntityMention): boolean {
  const fa = a.fragments ?? [];
  const fb = b.fragments ?? [];
  return fa.length === fb.length && fa.every((f, i) => f.start === fb[i]?.start && f.end === fb[i]?.end);
}

/** The same suggestion drawn the same way (its key names its span and type). */
function sameGhost(a: SuggestionItem, b: SuggestionItem): boolean {
  return a.score === b.score && a.source === b.source && a.type === b.type && a.start === b.start && a.end === b.end;
}

function px(n: number): string {
  return `${Math.round(n * 100) / 100}px`;
}

/**
 * Where a drawn box goes in its group: a group is a one-cell grid (document.css, `.ov-group`) whose
 * items all start at its origin, each moved by its margins. Not `position: absolute`: every
 * positioned box is a paint layer of its own, and Chromium's pre-paint, paint and layerization
 * walk every paint layer of the document in each frame that paints anything, so hundreds of
 * positioned highlights and chips (ghosts above all) made every frame slow (README, Performance).
 */
function place(x: number, y: number, w: number, h?: number): string {
  return `margin-left:${px(x)};margin-top:${px(y)};width:${px(w)}${h === undefined ? '' : `;height:${px(h)}`}`;
}

/**
 * One box per run of touching boxes on a line: a range yields a box per bidi run and per text
 * fragment, and semi-transparent neighbours would show seams where they meet.
 */
function mergeBoxes(boxes: Box[]): Box[] {
  const sorted = [...boxes].sort((a, b) => a.y - b.y || a.x - b.x);
  const out: Box[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.y - b.y) < 1 && Math.abs(last.h - b.h) < 1 && b.x <= last.x + last.w + 1) {
      const right = Math.max(last.x + last.w, b.x + b.w);
      last.w = right - last.x;
    } else {
      out.push({ ...b });
    }
  }
  return out;
}

export class OverlayController {
  private readonly o: OverlayOptions;
  private readonly groups = new Map<number, Group>();
  private readonly paragraphsOf = new Map<string, number[]>();
  /** Mention ids by paragraph whose pieces are not made yet (setMentions). */
  private readonly deferred = new Map<number, string[]>();
  private mentions: ReadonlyMap<string, EntityMention> = new Map();
  private colors = new Map<string, string>();
  private selectedId: string | null = null;
  /** Suggestions by overlay id (ghostId), each with its paragraphs, and the one in focus. */
  private ghosts = new Map<string, GhostEntry>();
  /** The ghosts whose pieces are made (those in mounted paragraphs), as they were made. */
  private readonly builtGhosts = new Map<string, SuggestionItem>();
  /** The window the ghosts were last built for (a new one rebuilds only what entered or left). */
  private ghostWindow = { first: -1, end: -1 };
  private focusedGhost: string | null = null;
  /** What was made (for tests: counted, never timed). */
  private readonly counts = { ghostBuilds: new Map<string, number>(), lists: 0 };
  private idle = 0;
  /** Event triggers by overlay id (triggerId), their colours, and the selected event's. */
  private triggers = new Map<string, TriggerItem>();
  private triggerColors = new Map<string, string>();
  private selectedTrigger: string | null = null;
  private topsDirty = true;
  private frame = 0;
  private disposed = false;
  private readonly range = document.createRange();
  private readonly ro: ResizeObserver;
  /** Groups whose pieces came or went: their lanes (and order) are assigned before the next measure or hit test, once. */
  private readonly lanesDirty = new Set<Group>();
  /** Groups whose paragraph is mounted and observed. */
  private readonly attached = new Set<Group>();
  private observedRoot: HTMLElement | null = null;
  private readonly onFonts = () => this.invalidateAll();

  constructor(options: OverlayOptions) {
    this.o = options;
    this.ro = new ResizeObserver((entries) => this.onResize(entries));
    document.fonts.addEventListener('loadingdone', this.onFonts);
    void document.fonts.ready.then(() => {
      if (!this.disposed) this.invalidateAll();
    });
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    if (this.idle !== 0) cancelIdleCallback(this.idle);
    this.ro.disconnect();
    document.fonts.removeEventListener('loadingdone', this.onFonts);
    for (const g of this.groups.values()) {
      g.back?.remove();
      g.front?.remove();
    }
    this.groups.clear();
    this.attached.clear();
  }

  // ---- inputs -----------------------------------------------------------------------------------

  setSchema(schema: Schema | null): void {
    const colors = new Map((schema?.entityTypes ?? []).map((t) => [t.name, t.color]));
    const changed = colors.size !== this.colors.size || [...colors].some(([k, v]) => this.colors.get(k) !== v);
    this.colors = colors;
    const eventColors = new Map((schema?.eventTypes ?? []).map((t) => [t.name, t.color]));
    const eventsChanged = eventColors.size !== this.triggerColors.size || [...eventColors].some(([k, v]) => this.triggerColors.get(k) !== v);
    this.triggerColors = eventColors;
    if (changed || eventsChanged) for (const g of this.groups.values()) this.markRender(g);
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
      this.defer(next.values());
      if (this.materializeMounted()) {
        this.topsDirty = true;
        this.schedule();
      }
      return;
    }
    // Only the ids the store says changed, or every id of both maps.
    const ids = changed ?? new Set([...prev.keys(), ...next.keys()]);
    for (const id of ids) this.update(id, prev.get(id), next.get(id));
  }

  /** File mentions under the paragraphs they touch, their pieces not made yet. */
  private defer(mentions: Iterable<EntityMention>): void {
    const table = this.o.table;
    for (const m of mentions) {
      const first = table.paragraphAtCp(m.start);
      const last = table.paragraphAtCp(Math.max(m.start, m.end - 1));
      for (let i = first; i <= last; i++) {
        let ids = this.deferred.get(i);
        if (!ids) this.deferred.set(i, (ids = []));
        ids.push(m.id);
      }
    }
  }

  /** Make the pieces of the mentions filed under paragraph `index` (each mention whole, once); true when any were made. */
  private materialize(index: number): boolean {
    const ids = this.deferred.get(index);
    if (!ids) return false;
    this.deferred.delete(index);
    let any = false;
    for (const id of ids) {
      if (this.paragraphsOf.has(id)) continue;
      const m = this.mentions.get(id);
      if (!m) continue;
      this.addPieces(m);
      any = true;
    }
    return any;
  }

  private materializeMounted(): boolean {
    if (this.deferred.size === 0) return false;
    const { first, end } = this.mountedRange();
    let any = false;
    for (let i = first; i < end; i++) if (this.materialize(i)) any = true;
    return any;
  }

  /**
   * When the window is idle: make the first mentions' pieces of the paragraphs just past each end
   * of the window (where a scroll goes next), a few at a time, so mounting them later only measures.
   */
  private scheduleAhead(): void {
    if (this.idle !== 0 || this.disposed || this.deferred.size === 0 || !this.o.mountedRange) return;
    this.idle = requestIdleCallback((deadline) => {
      this.idle = 0;
      if (this.disposed) return;
      const { first, end } = this.mountedRange();
      const n = this.o.table.paragraphCount;
      for (let k = 0; k < AHEAD_PARAGRAPHS; k++) {
        for (const i of [end + k, first - 1 - k]) {
          if (i < 0 || i >= n || !this.deferred.has(i)) continue;
          this.materialize(i);
          if (deadline.timeRemaining() < 1) {
            this.scheduleAhead();
            return;
          }
        }
      }
    });
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
   * came, went or changed are redrawn.
   */
  setSuggestions(items: readonly SuggestionItem[], focusedKey: string | null): void {
    const table = this.o.table;
    const next = new Map<string, GhostEntry>();
    for (const x of items) {
      const id = ghostId(x.key);
      const old = this.ghosts.get(id);
      // the same suggestion keeps its entry (and its pieces, when built)
      if (old && sameGhost(old.item, x)) next.set(id, old);
      else next.set(id, { item: x, first: table.paragraphAtCp(x.start), last: table.paragraphAtCp(Math.max(x.start, x.end - 1)) });
    }
    this.ghosts = next;
    this.counts.lists++;
    this.syncGhosts(true);
    const focused = focusedKey === null ? null : ghostId(focusedKey);
    if (focused !== this.focusedGhost) {
      for (const old of [this.focusedGhost, focused]) {
        if (old === null) continue;
        for (const index of this.paragraphsOf.get(old) ?? []) {
          const g = this.groups.get(index);
          if (g) this.markRender(g);
        }
      }
      this.focusedGhost = focused;
    }
  }

  /**
   * Make the pieces of the ghosts in the mounted paragraphs and drop those of the others (and of
   * ghosts no longer given or changed); a ghost already built and unchanged is left as it is.
   */
  private syncGhosts(force = false): void {
    const { first, end } = this.mountedRange();
    if (!force && first === this.ghostWindow.first && end === this.ghostWindow.end) return;
    this.ghostWindow = { first, end };
    const inWindow = (g: GhostEntry) => g.last >= first && g.first < end;
    for (const [id, built] of this.builtGhosts) {
      const now = this.ghosts.get(id);
      if (now && now.item === built && inWindow(now)) continue;
      this.removePieces(id);
      this.builtGhosts.delete(id);
    }
    for (const [id, g] of this.ghosts) {
      if (this.builtGhosts.has(id) || !inWindow(g)) continue;
      const x = g.item;
      this.addPieces({ id, type: x.type, start: x.start, end: x.end }, { source: x.source, score: x.score });
      this.builtGhosts.set(id, x);
      this.counts.ghostBuilds.set(id, (this.counts.ghostBuilds.get(id) ?? 0) + 1);
    }
  }

  /** The mounted paragraphs, [first, end). */
  private mountedRange(): { first: number; end: number } {
    return this.o.mountedRange?.() ?? { first: 0, end: this.o.table.paragraphCount };
  }

  /** What the overlay made (tests count these; nothing here is timed). */
  counters(): OverlayCounts {
    const ghostParagraphs = new Set<number>();
    for (const id of this.builtGhosts.keys()) for (const index of this.paragraphsOf.get(id) ?? []) ghostParagraphs.add(index);
    return {
      ghostsBuilt: [...this.builtGhosts.keys()],
      ghostParagraphs: [...ghostParagraphs].sort((a, b) => a - b),
      ghostBuilds: Object.fromEntries(this.counts.ghostBuilds),
      ghostsGiven: this.ghosts.size,
      lists: this.counts.lists,
    };
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
      for (const old of [this.selectedTrigger, selected]) {
        if (old === null) continue;
        for (const index of this.paragraphsOf.get(old) ?? []) {
          const g = this.groups.get(index);
          if (g) this.markRender(g);
        }
      }
      this.selectedTrigger = selected;
    }
  }

  setSelected(id: string | null): void {
    if (id === this.selectedId) return;
    for (const old of [this.selectedId, id]) {
      if (old === null) continue;
      for (const index of this.paragraphsOf.get(old) ?? []) {
        const g = this.groups.get(index);
        if (g) this.markRender(g);
      }
    }
    this.selectedId = id;
  }

  /** Everything must be measured again (fonts loaded, zoom). */
  invalidateAll(): void {
    for (const g of this.groups.values()) {
      g.needsMeasure = true;
      g.needsRender = true;
    }
    this.topsDirty = true;
    this.schedule();
  }

  /**
   * Follow the mounted window (called after editor updates): groups whose paragraph was unmounted
   * are emptied, groups whose paragraph is now mounted are observed and measured.
   */
  reattach(): void {
    let any = this.materializeMounted();
    this.syncGhosts();
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
    this.scheduleAhead();
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
    g.measured.clear();
    g.needsMeasure = true;
    g.needsRender = true;
    g.back?.replaceChildren();
    g.front?.replaceChildren();
    g.rendered.clear();
  }

  // ---- queries ----------------------------------------------------------------------------------

  /** The innermost mention drawn under a viewport point, or null. */
  hitTest(clientX: number, clientY: number): string | null {
    this.relaneDirty();
    const sheet = this.o.sheet.getBoundingClientRect();
    const x = clientX - sheet.left;
    let best: Piece | null = null;
    for (const g of this.attached) {
      const y = clientY - sheet.top - g.top;
      for (const p of g.pieces) {
        if (p.ghost || p.trigger) continue;
        const m = g.measured.get(p.id);
        if (!m) continue;
        const hit = m.boxes.some((b) => x >= b.x && x <= b.x + b.w && y >= b.y - 2 && y <= b.y + b.h + 2);
        if (!hit) continue;
        if (!best || p.cpLength < best.cpLength || (p.cpLength === best.cpLength && p.lane > best.lane)) best = p;
      }
    }
    return best ? best.id : null;
  }

  /** Scroll the scroller so that the mention is in view. */
  reveal(id: string): void {
    const m = this.mentions.get(id) ?? this.ghosts.get(id)?.item;
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
      g = {
        index,
        pieces: [],
        moved: false,
        back: null,
        front: null,
        measured: new Map(),
        rendered: new Map(),
        observed: null,
        needsMeasure: true,
        needsRender: true,
        top: 0,
      };
      this.groups.set(index, g);
      // Outside the range (the review columns keep every paragraph in the DOM), reattach() picks
      // it up when the view comes near.
      const range = this.o.mountedRange?.();
      if (!range || (index >= range.first && index < range.end)) this.observe(g);
    }
    return g;
  }

  /** The group's two layer elements, created when it is first drawn. */
  private layers(g: Group): { back: HTMLDivElement; front: HTMLDivElement } {
    if (!g.back || !g.front) {
      const back = document.createElement('div');
      back.className = 'ov-group';
      back.dataset['para'] = String(g.index);
      const front = document.createElement('div');
      front.className = 'ov-group';
      front.dataset['para'] = String(g.index);
      back.style.transform = front.style.transform = `translateY(${px(g.top)})`;
      this.o.back.append(back);
      this.o.front.append(front);
      g.back = back;
      g.front = front;
    }
    return { back: g.back, front: g.front };
  }

  private observe(g: Group): void {
    const el = this.o.paragraphElement(g.index);
    if (el === g.observed) return;
    if (g.observed) this.ro.unobserve(g.observed);
    g.observed = el;
    if (el) {
      this.ro.observe(el);
      this.attached.add(g);
      g.needsMeasure = true;
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
    const table = this.o.table;
    // A discontinuous mention: only its fragments are highlighted (one mention, one label chip).
    const pieces = m.fragments && m.fragments.length > 1 ? m.fragments.flatMap((f) => table.pieces(f)) : table.pieces(m);
    const dir = table.spanDirection(m);
    const cpLength = m.end - m.start;
    const indexes: number[] = [];
    pieces.forEach((lp, i) => {
      const g = this.group(lp.paragraph);
      g.pieces.push({
        id: m.id,
        type: m.type,
        start16: lp.start16,
        end16: lp.end16,
        cpLength,
        first: i === 0,
        last: i === pieces.length - 1,
        dir,
        lane: 0,
        ...(ghost ? { ghost } : {}),
        ...(trigger ? { trigger: true as const } : {}),
        ...(m.note ? { note: m.note } : {}),
      });
      this.lanesDirty.add(g);
      g.needsMeasure = true;
      this.markRender(g);
      indexes.push(lp.paragraph);
    });
    this.paragraphsOf.set(m.id, indexes);
  }

  private removePieces(id: string): void {
    for (const index of this.paragraphsOf.get(id) ?? []) {
      const g = this.groups.get(index);
      if (!g) continue;
      g.pieces = g.pieces.filter((p) => p.id !== id);
      g.measured.delete(id);
      if (g.pieces.length === 0) {
        this.dropGroup(g);
        continue;
      }
      this.lanesDirty.add(g);
      this.markRender(g);
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
    g.back?.remove();
    g.front?.remove();
    this.groups.delete(g.index);
  }

  private relane(g: Group): void {
    const lanes = assignLanes(g.pieces.filter((p) => !p.trigger));
    for (const p of g.pieces) p.lane = lanes.get(p.id) ?? 0;
    g.pieces.sort(compareForLanes);
  }

  /** Lanes of the groups whose pieces changed (once, however many pieces came or went). */
  private relaneDirty(): void {
    for (const g of this.lanesDirty) this.relane(g);
    this.lanesDirty.clear();
  }

  private markRender(g: Group): void {
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
        g.needsMeasure = true;
        g.needsRender = true;
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
      if (!g.needsMeasure && !tops) continue;
      const para = el.getBoundingClientRect();
      const top = para.top - sheet.top;
      if (Math.abs(top - g.top) > 0.01) {
        g.top = top;
        g.moved = true;
      }
      if (!g.needsMeasure) continue;
      // Outside the view, over the budget: a later frame (it is not seen until then).
      if (view && para.bottom > view.top - CHIP_HEIGHT && para.top < view.bottom + CHIP_HEIGHT) {
        // in view: always now
      } else if (view && performance.now() - t0 > budgetMs) {
        later = true;
        continue;
      }
      this.measure(g, sheet, para);
      g.needsMeasure = false;
      g.needsRender = true;
    }
    // ---- writes
    for (const g of this.attached) {
      if (!g.moved) continue;
      g.moved = false;
      if (g.back && g.front) {
        const t = `translateY(${px(g.top)})`;
        g.back.style.transform = t;
        g.front.style.transform = t;
      }
    }
    for (const g of this.attached) {
      if (!g.needsRender || g.needsMeasure) continue;
      g.needsRender = false;
      this.render(g);
    }
    if (later) this.schedule();
  }

  /** Read a group's text rects (no writes: the caller moves and draws it after every read). */
  private measure(g: Group, sheet: DOMRect, para: DOMRect): void {
    const el = g.observed as HTMLElement;
    const node = paragraphTextNode(el);
    g.measured.clear();
    if (!node) return;
    const len = node.length;
    const toBox = (r: DOMRect): Box => ({ x: r.left - sheet.left, y: r.top - para.top, w: r.width, h: r.height });
    for (const p of g.pieces) {
      const s = Math.min(p.start16, len);
      const e = Math.min(p.end16, len);
      if (e <= s) continue;
      this.range.setStart(node, s);
      this.range.setEnd(node, e);
      const boxes = mergeBoxes([...this.range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5).map(toBox));
      let anchor: Box | null = null;
      if (p.first) {
        const cp = node.data.codePointAt(s) ?? 0;
        this.range.setEnd(node, Math.min(e, s + (cp > 0xffff ? 2 : 1)));
        const first = [...this.range.getClientRects()].find((r) => r.width > 0.5);
        anchor = first ? toBox(first) : (boxes[0] ?? null);
      }
      let end: Box | null = null;
      // Every mention's end (not only a noted one's): a note added later needs no new measure.
      if (p.last && !p.ghost && !p.trigger) {
        const low = node.data.charCodeAt(e - 1);
        this.range.setStart(node, Math.max(s, e - (low >= 0xdc00 && low <= 0xdfff ? 2 : 1)));
        this.range.setEnd(node, e);
        const last = [...this.range.getClientRects()].filter((r) => r.width > 0.5).at(-1);
        end = last ? toBox(last) : (boxes.at(-1) ?? null);
      }
      g.measured.set(p.id, { boxes, anchor, end });
    }
  }

  /**
   * Draw a group's pieces. A piece whose drawing would not change (same boxes, lane, colour,
   * selection and chip place) keeps its elements, so a new mention adds its own few elements and
   * the frame that shows it restyles and lays out nothing else.
   */
  private render(g: Group): void {
    const layers = this.layers(g);
    const placed: Box[] = [];
    const next = new Map<string, Rendered>();
    for (const p of g.pieces) {
      const m = g.measured.get(p.id);
      if (!m) continue;
      const color = (p.trigger ? this.triggerColors.get(p.type) : this.colors.get(p.type)) ?? '#9aa0a6';
      const selected = p.trigger ? p.id === this.selectedTrigger : p.ghost ? p.id === this.focusedGhost : p.id === this.selectedId;
      const chip = p.first && m.anchor ? this.placeChip(p, m.anchor, placed) : null;
      const sig = `${getLocale()}|${p.type}|${p.note ?? ''}|${m.end ? `${m.end.x},${m.end.y},${m.end.w}` : ''}|${p.ghost ? `${p.ghost.source}:${p.ghost.score}` : ''}|${color}|${selected ? 1 : 0}|${p.lane}|${m.boxes.map((b) => `${b.x},${b.y},${b.w},${b.h}`).join(';')}|${chip ? `${chip.x},${chip.y},${chip.w}` : ''}`;
      const old = g.rendered.get(p.id);
      if (old) g.rendered.delete(p.id);
      if (old && old.sig === sig) {
        next.set(p.id, old);
        continue;
      }
      if (old) for (const el of [...old.back, ...old.front]) el.remove();
      const drawn = this.draw(p, m, color, selected, chip, sig);
      layers.back.append(...drawn.back);
      layers.front.append(...drawn.front);
      next.set(p.id, drawn);
    }
    for (const gone of g.rendered.values()) for (const el of [...gone.back, ...gone.front]) el.remove();
    g.rendered = next;
  }

  private draw(p: Piece, m: Measured, color: string, selected: boolean, chip: Box | null, sig: string): Rendered {
    const out: Rendered = { sig, back: [], front: [] };
    const inset = Math.min(p.lane, MAX_INSET_LANE) * 2;
    for (const b of p.trigger ? [] : m.boxes) {
      const hl = document.createElement('div');
      hl.className = p.ghost ? (selected ? 'ov-hl is-ghost is-focused' : 'ov-hl is-ghost') : selected ? 'ov-hl is-selected' : 'ov-hl';
      hl.dataset['id'] = p.id;
      hl.dataset['type'] = p.type;
      hl.dataset['lane'] = String(p.lane);
      const top = b.y - 1 + inset;
      const height = Math.max(b.h / 2, b.h + 2 - inset * 2);
      hl.style.cssText = `--c:${color};${place(b.x, top, b.w, height)}`;
      out.back.push(hl);
      if (p.ghost) continue;
      const ul = document.createElement('div');
      ul.className = 'ov-ul';
      ul.style.cssText = `--c:${color};${place(b.x, b.y + b.h + 1 + p.lane * 3, b.w)}`;
      out.back.push(ul);
      if (selected) {
        const outline = document.createElement('div');
        outline.className = 'ov-outline';
        outline.dataset['id'] = p.id;
        outline.style.cssText = place(b.x - 2, top - 2, b.w + 4, height + 4);
        out.front.push(outline);
      }
    }
    if (chip) out.front.push(this.chip(p, chip, color, selected));
    if (p.last && p.note && m.end && !p.ghost && !p.trigger) out.front.push(this.noteMarker(p, m.end, color));
    return out;
  }

  /**
   * A mention's note: a small mark above the end of its last letter (in its reading direction),
   * in the layer above the text, the note as its tooltip. Never in the text itself.
   */
  private noteMarker(p: Piece, end: Box, color: string): HTMLElement {
    const el = document.createElement('span');
    el.className = 'ov-note';
    el.dataset['id'] = p.id;
    el.title = t('overlay.noteTitle', { note: p.note ?? '' });
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', el.title);
    const size = NOTE_SIZE;
    const x = p.dir === 'rtl' ? end.x - size / 2 : end.x + end.w - size / 2;
    const y = end.y - size / 2;
    el.style.cssText = `--c:${color};${place(x, y, size, size)}`;
    el.addEventListener('mousedown', (e) => {
      e.preventDefault();
      e.stopPropagation();
    });
    el.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      this.o.onChipClick(p.id);
    });
    return el;
  }

  /** Where a piece's chip goes: above its first letter, pushed along the line past earlier chips. */
  private placeChip(p: Piece, anchor: Box, placed: Box[]): Box {
    const w = chipWidth(chipLabel(p));
    const y = anchor.y - CHIP_HEIGHT + 1;
    let x = p.dir === 'rtl' ? anchor.x + anchor.w - w : anchor.x;
    for (let guard = 0; guard < 20; guard++) {
      const hit = placed.find((c) => Math.abs(c.y - y) < CHIP_HEIGHT && x < c.x + c.w + 1 && x + w > c.x - 1);
      if (!hit) break;
      x = p.dir === 'rtl' ? hit.x - w - 2 : hit.x + hit.w + 2;
    }
    const box = { x, y, w, h: CHIP_HEIGHT };
    placed.push(box);
    return box;
  }

  /** A type chip (a button that selects its mention) at the place placeChip found. */
  private chip(p: Piece, box: Box, color: string, selected: boolean): HTMLElement {
    const { x, y, w } = box;
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = `${selected ? 'ov-chip is-selected' : 'ov-chip'}${p.ghost ? ' is-ghost' : ''}${p.trigger ? ' is-trigger' : ''}`;
    chip.textContent = chipLabel(p);
    chip.tabIndex = -1;
    chip.dataset['id'] = p.id;
    if (p.trigger) chip.dataset['eventId'] = p.id.slice(2);
    chip.title = p.trigger
      ? t('overlay.triggerTitle', { type: p.type })
      : p.ghost
      ? ghostText(p.type, p.ghost).title
      : t('overlay.chipTitle', { type: p.type });
    chip.style.cssText = `--c:${color};${place(x, y, w, CHIP_HEIGHT)}`;
    chip.addEventListener('mousedown', (e) => {
      e.preventDefault();
      e.stopPropagation();
    });
    chip.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      this.o.onChipClick(p.id);
    });
    return chip;
  }
}
