/**
 * Windowing: only the paragraphs near the viewport are mounted in Lexical (and so in the DOM).
 *
 * The whole document stays in the ParagraphTable (offsets never depend on what is mounted). The
 * editor holds paragraphs [first, end) (DocumentModel's window); two spacers outside the editor,
 * above and below it, stand in for the paragraphs that are not mounted, so the scroll height is
 * the document's. Heights of paragraphs never mounted are estimated (characters per line and line
 * height, calibrated from the ones measured so far); a mounted paragraph's height is measured and
 * kept after it is unmounted, so the spacers are exact for everything seen once.
 *
 * The window follows the viewport (one screen of margin each way, with hysteresis) and always
 * includes the paragraphs of the DOM selection's anchor and focus (also a caret while the mouse
 * button is down: the start of a drag), so a selection started in one
 * paragraph and extended (mouse drag with autoscroll, Shift+keys) into paragraphs mounted later
 * keeps its anchor: it maps to exact offsets. Moving the window keeps the paragraph at the top of
 * the viewport where it was (own scroll anchoring; CSS `overflow-anchor` is off).
 *
 * A fast scroll (the viewport moved more than FAST_SCREENS in a frame: a scroll-bar drag, a
 * fling) does not move the window: the paragraphs in view are shown as plain, static text inside
 * the spacers (plainParagraphs.ts: no Lexical, no overlay), and the window is mounted where the
 * viewport stops, in the first frame it has not moved (the paragraph at its top kept in place,
 * the plain paragraphs' heights kept as measured). Their highlights come with the mounted window,
 * in that frame or the next. A drag selection under way never takes the fast path.
 *
 * The arithmetic (which paragraphs to mount, offsets from heights, what a fast scroll shows) is in
 * windowPlan.ts, apart from the DOM; this file applies it to the editor and the scroller.
 */
import { $addUpdateTag, $setSelection, type LexicalEditor } from 'lexical';
import { $setWindow } from './$document';
import type { DocumentModel } from './documentModel';
import { mountedWhole } from '../../../annotations/textPages';
import { PlainParagraphs } from './plainParagraphs';
import { WINDOW_TAG } from './plugins/readOnly';
import { MARGIN_SCREENS, MIN_PARAGRAPHS, clampToLoaded, estimateHeight, fillOffsets, indexAt, plainRanges, planWindow, scrollIsFast } from './windowPlan';

export interface WindowOptions {
  editor: LexicalEditor;
  model: DocumentModel;
  scroller: HTMLElement;
  /** Spacers before and after the editor root, inside the sheet. */
  top: HTMLElement;
  bottom: HTMLElement;
  /** Called after the window moved (the overlay re-attaches its groups). */
  onMoved?: () => void;
}

/**
 * A reveal this many paragraphs or more away from the text selection leaves the selection behind
 * (clears it): keeping it would mount every paragraph between the two.
 */
const FAR_SELECTION = 64;
/**
 * On the overlay's layers (the sheet's `.ov-layer` children) while a fast scroll shows plain
 * paragraphs: they are not rendered (CSS). On the layers themselves, not on the sheet: a class
 * change on the sheet made Chromium walk the whole sheet (hundreds of ghosts and pieces) for its
 * descendant selectors, ~6 ms of the first fast frame with suggestions shown.
 */
export const FAST_CLASS = 'is-fast-scroll';

export class DocumentWindow {
  private readonly o: WindowOptions;
  private readonly n: number;
  private readonly heights: Float64Array;
  private readonly measured: Uint8Array;
  private offsets: Float64Array;
  private offsetsDirty = true;
  private lineHeight = 50;
  private emptyHeight = 57;
  private charsPerLine = 60;
  private frame = 0;
  private disposed = false;
  /** A paragraph that must stay mounted (a mention being revealed), until the next reveal. */
  private pinned: number | null = null;
  private readonly onScroll = () => this.schedule();
  /** A paged text (documents.open): the window follows its pages as they arrive. */
  private readonly offPages: (() => void) | null;
  /** The primary button is down (a drag selection may be under way, its caret still collapsed). */
  private pressed = false;
  private readonly onDown = (e: MouseEvent) => {
    // Not on the scroller itself: that is its scroll bar (or padding), never the start of a selection.
    if (e.button === 0 && e.target !== this.o.scroller) this.pressed = true;
  };
  /** The plain paragraphs a fast scroll shows (in the spacers). */
  private readonly plain: PlainParagraphs;
  /** The viewport's top (text coordinates) when the window last looked, to tell a fast scroll. */
  private lastTop = NaN;
  private readonly onUp = (e: MouseEvent) => {
    if (e.button === 0) this.pressed = false;
  };

  constructor(options: WindowOptions) {
    this.o = options;
    this.n = options.model.table.paragraphCount;
    this.heights = new Float64Array(this.n);
    this.measured = new Uint8Array(this.n);
    this.offsets = new Float64Array(this.n + 1);
    this.plain = new PlainParagraphs(options.model.table, options.top, options.bottom);
    const width = Math.max(200, Math.min(options.scroller.clientWidth || window.innerWidth, 880) - 112);
    this.charsPerLine = Math.max(20, Math.floor(width / 10));
    options.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('resize', this.onScroll);
    document.addEventListener('selectionchange', this.onScroll);
    window.addEventListener('mousedown', this.onDown, true);
    window.addEventListener('mouseup', this.onUp, true);
    this.offPages = options.model.table.pages?.onPage(() => this.schedule()) ?? null;
  }

  dispose(): void {
    this.disposed = true;
    this.offPages?.();
    cancelAnimationFrame(this.frame);
    this.plain.clear();
    this.setFast(false);
    this.o.scroller.removeEventListener('scroll', this.onScroll);
    window.removeEventListener('resize', this.onScroll);
    document.removeEventListener('selectionchange', this.onScroll);
    window.removeEventListener('mousedown', this.onDown, true);
    window.removeEventListener('mouseup', this.onUp, true);
  }

  /** A small document is mounted whole. */
  static mountsWhole(model: DocumentModel): boolean {
    // the service sends such a document's text in one page (annotations/textPages.ts): all of it is here
    return mountedWhole(model.table.paragraphCount, model.table.length16);
  }

  /** How many paragraphs to mount first, before anything is measured. */
  static initialCount(model: DocumentModel): number {
    if (DocumentWindow.mountsWhole(model)) return model.table.paragraphCount;
    const screen = window.innerHeight || 900;
    const cpl = Math.max(20, Math.floor((Math.min(window.innerWidth || 1200, 880) - 112) / 10));
    let h = 0;
    let i = 0;
    // Only paragraphs whose text has arrived (a paged text: its first page holds the first screens).
    const n = model.table.loadedParagraphs;
    while (i < n && (h < screen * (1 + MARGIN_SCREENS) || i < MIN_PARAGRAPHS)) {
      const r = model.table.row(i);
      h += Math.max(1, Math.ceil((r.end16 - r.start16) / cpl)) * 50 + 7;
      i++;
    }
    return i;
  }

  // ---- heights ------------------------------------------------------------------------------------

  private estimate(index: number): number {
    const r = this.o.model.table.row(index);
    return estimateHeight(r.end16 - r.start16, { emptyHeight: this.emptyHeight, lineHeight: this.lineHeight, charsPerLine: this.charsPerLine });
  }

  private heightOf(index: number): number {
    return this.measured[index] ? (this.heights[index] as number) : this.estimate(index);
  }

  private ensureOffsets(): Float64Array {
    if (this.offsetsDirty) {
      fillOffsets(this.offsets, (i) => this.heightOf(i));
      this.offsetsDirty = false;
    }
    return this.offsets;
  }

  /** The paragraph whose slot holds y (document text coordinates). */
  private indexAt(y: number): number {
    return indexAt(this.ensureOffsets(), y);
  }

  /** Measure the mounted paragraphs (one layout read); true when a height changed. */
  private measureMounted(): boolean {
    const { model, editor } = this.o;
    let changed = false;
    const els: (HTMLElement | null)[] = [];
    for (let i = model.first; i < model.end; i++) {
      const key = model.paragraphKey(i);
      els.push(key === undefined ? null : editor.getElementByKey(key));
    }
    const tops = els.map((el) => (el ? el.getBoundingClientRect().top : NaN));
    const lastEl = els[els.length - 1];
    let lastBottom = NaN;
    if (lastEl) {
      const r = lastEl.getBoundingClientRect();
      lastBottom = r.bottom + (parseFloat(getComputedStyle(lastEl).marginBottom) || 0);
    }
    for (let k = 0; k < els.length; k++) {
      const i = model.first + k;
      const top = tops[k] as number;
      const next = k + 1 < els.length ? (tops[k + 1] as number) : lastBottom;
      const h = next - top;
      if (!Number.isFinite(h) || h <= 0) continue;
      if (this.measured[i] && Math.abs((this.heights[i] as number) - h) < 0.5) continue;
      const len = model.table.row(i).end16 - model.table.row(i).start16;
      if (len === 0) this.emptyHeight = h;
      this.heights[i] = h;
      this.measured[i] = 1;
      changed = true;
    }
    if (changed) {
      // Calibrate: the line height from an empty paragraph (one line plus its margin), the
      // characters per line from what was measured.
      let lines = 0;
      let chars = 0;
      for (let k = 0; k < els.length; k++) {
        const i = model.first + k;
        const r = model.table.row(i);
        const len = r.end16 - r.start16;
        if (!this.measured[i] || len === 0) continue;
        const l = Math.max(1, Math.round(((this.heights[i] as number) - this.emptyHeight) / this.lineHeight) + 1);
        lines += l;
        chars += len;
      }
      if (lines > 0) {
        this.charsPerLine = Math.max(10, chars / lines);
      }
      this.offsetsDirty = true;
    }
    return changed;
  }

  /** The line height of the text, read once from the editor root. */
  private readLineHeight(): void {
    const root = this.o.editor.getRootElement();
    if (!root) return;
    const lh = parseFloat(getComputedStyle(root).lineHeight);
    if (Number.isFinite(lh) && lh > 0) this.lineHeight = lh;
  }

  // ---- window ------------------------------------------------------------------------------------

  private schedule(): void {
    if (this.frame !== 0 || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.onFrame();
    });
  }

  /**
   * A frame after a scroll (or a selection change, a resize): a fast scroll shows plain
   * paragraphs and looks again next frame; otherwise the window is updated (and so mounted where
   * a fast scroll stopped).
   */
  private onFrame(): void {
    if (this.disposed || this.n === 0 || DocumentWindow.mountsWhole(this.o.model)) {
      this.update();
      return;
    }
    const { model, scroller } = this.o;
    // Reads only, on a layout the last frame left clean.
    const v = this.viewport();
    const screen = Math.max(200, scroller.clientHeight);
    const moved = Number.isNaN(this.lastTop) ? 0 : Math.abs(v.top - this.lastTop);
    this.lastTop = v.top;
    if (!scrollIsFast({ moved, screen, dragSelecting: this.dragSelecting() })) {
      this.update();
      return;
    }
    const o = this.ensureOffsets();
    // The highlights are not drawn meanwhile (those of the window are out of view, or soon are):
    // hundreds of ghosts would be painted again every frame even there.
    this.setFast(true);
    // (Only paragraphs whose text has arrived: a paged text's first pages.)
    const loaded = model.table.loadedParagraphs;
    const clip = (r: [number, number] | null): [number, number] | null => (r && Math.min(r[1], loaded) > r[0] ? [r[0], Math.min(r[1], loaded)] : null);
    const ranges = plainRanges({ offsets: o, top: v.top, bottom: v.bottom, screen, first: model.first, end: model.end });
    this.plain.show({ above: clip(ranges.above), below: clip(ranges.below) }, o, model.first, model.end);
    // Look again next frame: once the viewport stops, the window is mounted there.
    this.schedule();
  }

  /** The overlay's layers skipped (a fast scroll) or rendered. */
  private setFast(on: boolean): void {
    const sheet = this.o.top.parentElement;
    if (!sheet) return;
    for (const layer of sheet.children) if (layer.classList.contains('ov-layer')) layer.classList.toggle(FAST_CLASS, on);
  }

  /** A drag selection is under way (the button down, the selection not collapsed, in the text). */
  private dragSelecting(): boolean {
    if (!this.pressed) return false;
    const s = window.getSelection();
    const root = this.o.editor.getRootElement();
    return !!s && !!root && s.rangeCount > 0 && !s.isCollapsed && root.contains(s.anchorNode);
  }

  /** The plain paragraphs shown (tests and the benchmark read them from the DOM too: `[data-plain]`). */
  plainShown(): number[] {
    return this.plain.indexes();
  }

  /** Paragraphs the DOM selection touches (kept mounted). */
  private selectionParagraphs(): number[] {
    const s = window.getSelection();
    const root = this.o.editor.getRootElement();
    if (!s || s.rangeCount === 0 || !root || (s.isCollapsed && !this.pressed)) return [];
    const out: number[] = [];
    for (const node of [s.anchorNode, s.focusNode]) {
      if (!node || !root.contains(node)) continue;
      const el = (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('[data-para]');
      const index = el ? Number(el.dataset['para']) : NaN;
      if (Number.isInteger(index)) out.push(index);
    }
    return out;
  }

  /** Clears the editor's selection and the DOM's (nothing of it is kept mounted any more). */
  private dropSelection(): void {
    this.o.editor.update(
      () => $setSelection(null),
      { discrete: true },
    );
    const s = window.getSelection();
    const root = this.o.editor.getRootElement();
    if (s && root && s.rangeCount > 0 && root.contains(s.anchorNode)) s.removeAllRanges();
  }

  /** Where the text starts in the scroller's content, and the viewport in text coordinates. */
  private viewport(): { textTop: number; top: number; bottom: number } {
    const { scroller, top } = this.o;
    const textTop = top.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    return { textTop, top: scroller.scrollTop - textTop, bottom: scroller.scrollTop - textTop + scroller.clientHeight };
  }

  /** Measure, then move the window if the viewport (or the selection) needs it. */
  update(force = false): void {
    if (this.disposed || this.n === 0) return;
    if (DocumentWindow.mountsWhole(this.o.model)) {
      this.o.onMoved?.();
      return;
    }
    const { model, scroller } = this.o;
    this.readLineHeight();
    // A fast scroll stopped: the paragraph at the top of the viewport is the plain one there
    // (kept where it is), and every plain paragraph's height is kept as measured.
    const settled = this.plain.shown ? this.settlePlain() : null;
    if (this.measureMounted() || settled) this.applySpacers();
    const o = this.ensureOffsets();
    let v = this.viewport();
    if (settled?.anchor) {
      const top = (o[settled.anchor.index] as number) + settled.anchor.shift;
      v = { textTop: v.textTop, top, bottom: top + scroller.clientHeight };
    }
    const plan = planWindow({
      offsets: o,
      top: v.top,
      bottom: v.bottom,
      screen: Math.max(200, scroller.clientHeight),
      first: model.first,
      end: model.end,
      selection: this.selectionParagraphs(),
      pinned: this.pinned,
      force,
    });
    this.pinned = plan.pinned;
    // Keep the paragraph at the top of the viewport where it is.
    const anchor = settled?.anchor ? settled.anchor.index : Math.min(this.n - 1, this.indexAt(Math.max(0, v.top)));
    const anchorShift = settled?.anchor ? settled.anchor.shift : v.top - (o[anchor] as number);
    if (plan.window === null) {
      // Heights above the viewport may have changed (the plain ones): the view stays put.
      if (settled) this.keepAnchor(anchor, anchorShift, v.textTop);
      else this.lastTop = v.top;
      return;
    }
    // Only paragraphs whose text has arrived (a paged text; the viewport past them shows the spacer until they come).
    const { first: wantFirst, end: wantEnd } = clampToLoaded(plan.window, model.table.loadedParagraphs);
    if (wantFirst === model.first && wantEnd === model.end) return;
    this.o.editor.update(
      () => {
        $addUpdateTag(WINDOW_TAG);
        $addUpdateTag('skip-dom-selection');
        $addUpdateTag('skip-scroll-into-view');
        $setWindow(model, wantFirst, wantEnd);
      },
      { discrete: true },
    );
    this.applySpacers();
    if (this.measureMounted()) this.applySpacers();
    this.keepAnchor(anchor, anchorShift, v.textTop);
    this.o.onMoved?.();
  }

  /** Scroll so that paragraph `anchor`'s top is `shift` px above the viewport's top (`textTop`: where the text starts in the scroller's content; it never moves). */
  private keepAnchor(anchor: number, shift: number, textTop: number): void {
    const { scroller } = this.o;
    const o = this.ensureOffsets();
    const want = (o[anchor] as number) + shift + textTop;
    if (Math.abs(scroller.scrollTop - want) > 0.5) scroller.scrollTop = want;
    this.lastTop = scroller.scrollTop - textTop;
  }

  /**
   * Read the plain paragraphs back (their heights become measured; the one at the viewport's
   * top, if any, is the anchor), then remove them. Reads first, then the one write.
   */
  private settlePlain(): { anchor: { index: number; shift: number } | null } {
    const { scroller, top } = this.o;
    const textTop = top.getBoundingClientRect().top;
    const viewTop = scroller.getBoundingClientRect().top - textTop;
    const boxes = this.plain.read(textTop);
    let anchor: { index: number; shift: number } | null = null;
    for (const b of boxes) {
      if (Number.isFinite(b.height) && b.height > 0) {
        if (!this.measured[b.index] || Math.abs((this.heights[b.index] as number) - b.height) >= 0.5) {
          this.heights[b.index] = b.height;
          this.measured[b.index] = 1;
          this.offsetsDirty = true;
        }
      }
      const bottom = Number.isFinite(b.height) ? b.top + b.height : b.bottom;
      if (anchor === null && b.top <= viewTop && viewTop < bottom) anchor = { index: b.index, shift: viewTop - b.top };
    }
    this.plain.clear();
    this.setFast(false);
    return { anchor };
  }

  private applySpacers(): void {
    const { model, top, bottom } = this.o;
    const o = this.ensureOffsets();
    top.style.height = `${o[model.first] as number}px`;
    bottom.style.height = `${(o[this.n] as number) - (o[model.end] as number)}px`;
  }

  /** First layout after the initial window was mounted. */
  start(): void {
    this.readLineHeight();
    this.measureMounted();
    this.applySpacers();
    this.update();
  }

  /**
   * Bring paragraph `index` into the viewport and mount it (synchronously): the caller can then
   * measure text in it. It stays mounted until the next reveal.
   */
  revealParagraph(index: number): void {
    if (index < 0 || index >= this.n || !this.o.model.table.hasText(index)) return;
    this.pinned = index;
    // A jump far from the text selection (a find match selected earlier, say): the window keeps
    // the selection's paragraphs, so keeping it would mount everything between it and the target.
    if (this.selectionParagraphs().some((k) => Math.abs(k - index) >= FAR_SELECTION)) this.dropSelection();
    const { scroller } = this.o;
    if (!this.o.model.isMounted(index)) {
      const o = this.ensureOffsets();
      const v = this.viewport();
      scroller.scrollTop = v.textTop + (o[index] as number) - scroller.clientHeight / 3;
      this.update(true);
    }
  }

  /** Total estimated height (tests). */
  get totalHeight(): number {
    return this.ensureOffsets()[this.n] as number;
  }
}

// ---- the pure part (tested in windowing.test.ts) ---------------------------------------------------
