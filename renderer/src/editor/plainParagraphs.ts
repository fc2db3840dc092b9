/**
 * Plain paragraphs: what a fast scroll shows where no paragraph is mounted (windowing.ts).
 *
 * While the viewport moves fast (a scroll-bar drag: a new screen every frame) the editor's window
 * is not moved: mounting paragraphs in Lexical, measuring them and drawing their highlights costs
 * more than a frame. Instead the paragraphs in view are drawn inside the spacers that stand for
 * them, as static elements with the same classes, direction, language and text as the editor's
 * (no Lexical node, no overlay group, no highlight, not editable, not selectable). Once the
 * viewport stops, the window is mounted where it is and these are removed in the same frame;
 * their heights, read then, become the paragraphs' measured heights.
 *
 * Each spacer holds one box (`.doc-plain`), absolutely placed: against the mounted window when
 * the range touches it (so the text runs on without a seam), else at the range's estimated top.
 * The spacers clip it, so a plain paragraph never covers a mounted one.
 *
 * Built ahead: a fast scroll shows a new screen every frame, and building it there (elements,
 * style, shaping, layout: 2-4 ms of a frame's ~6) is what made such frames the longest of a
 * scroll-bar drag. So in the idle time after a frame, `prepare` builds the paragraphs the next
 * frame will show (windowing.ts predicts them from the scroll's speed) in a second, hidden box
 * (`.doc-plain.is-ahead`, visibility hidden: laid out, not painted) at their place, and lays them
 * out; when the next frame shows them the hidden box becomes the shown one (only its visibility
 * changes) and nothing is built in that frame. Their elements carry `data-ahead` until shown,
 * `data-plain` once shown.
 */
import type { ParagraphTable } from '../offsets/ParagraphTable';
import type { PlainRanges } from './windowPlan';

interface Box {
  box: HTMLDivElement | null;
  first: number;
  end: number;
  els: HTMLElement[];
}

interface Part extends Box {
  host: HTMLElement;
  /** The paragraphs built ahead (hidden), for the next frame. */
  ahead: Box;
}

/** The class of a box built ahead (hidden until shown). */
const AHEAD_CLASS = 'is-ahead';

/** A shown plain paragraph, read back: its top in text coordinates and its height (to the next one's top), when known. */
export interface PlainBox {
  index: number;
  top: number;
  /** The slot's height (this top to the next paragraph's top), or NaN for the last of its box. */
  height: number;
  bottom: number;
}

export class PlainParagraphs {
  private readonly table: ParagraphTable;
  private readonly parts: [Part, Part];

  constructor(table: ParagraphTable, top: HTMLElement, bottom: HTMLElement) {
    this.table = table;
    this.parts = [
      { host: top, box: null, first: 0, end: 0, els: [], ahead: { box: null, first: 0, end: 0, els: [] } },
      { host: bottom, box: null, first: 0, end: 0, els: [], ahead: { box: null, first: 0, end: 0, els: [] } },
    ];
  }

  /** Paragraph elements built while a frame showed them (not ahead), since the last call (tests, the benchmark). */
  private builtInFrames = 0;
  /** Paragraph elements built ahead, in idle time, since the last call. */
  private builtAhead = 0;

  /** How many paragraph elements were built in frames (`shown`) and ahead (`ahead`) since the last call; resets both. */
  takeCounts(): { shown: number; ahead: number } {
    const out = { shown: this.builtInFrames, ahead: this.builtAhead };
    this.builtInFrames = this.builtAhead = 0;
    return out;
  }

  /** Whether any plain paragraph is shown. */
  get shown(): boolean {
    return this.parts.some((p) => p.end > p.first);
  }

  /** The indexes shown (tests). */
  indexes(): number[] {
    const out: number[] = [];
    for (const p of this.parts) for (let i = p.first; i < p.end; i++) out.push(i);
    return out;
  }

  /**
   * Show `ranges` (writes only). `offsets` are the prefix heights the spacers were sized from;
   * [first, end) is the mounted window, `n` the paragraph count.
   */
  show(ranges: PlainRanges, offsets: Float64Array, first: number, end: number): void {
    const [above, below] = this.parts;
    if (ranges.above) {
      const [a, b] = ranges.above;
      const at = placement(0, a, b, offsets, first, end);
      this.place(above, a, b, at.top, at.againstBottom);
    } else this.hide(above);
    if (ranges.below) {
      const [a, b] = ranges.below;
      const at = placement(1, a, b, offsets, first, end);
      this.place(below, a, b, at.top, at.againstBottom);
    } else this.hide(below);
  }

  /**
   * Build `ranges` ahead, hidden, where `show` would place them (the next frame's paragraphs,
   * in idle time), and lay them out now (one layout read). Paragraphs already built ahead for
   * the same range are kept.
   */
  prepare(ranges: PlainRanges, offsets: Float64Array, first: number, end: number): void {
    let built = false;
    for (const [k, r] of [ranges.above, ranges.below].entries()) {
      const p = this.parts[k as 0 | 1];
      if (!r) continue;
      const [a, b] = r;
      const ahead = p.ahead;
      // Already shown as wanted, or already built ahead.
      if ((p.first === a && p.end === b && p.els.length > 0) || (ahead.first === a && ahead.end === b && ahead.els.length > 0)) continue;
      const box = ahead.box ?? this.newBox(p.host, true);
      ahead.box = box;
      const els: HTMLElement[] = [];
      for (let i = a; i < b; i++) els.push(this.paragraph(i, true));
      this.builtAhead += els.length;
      box.replaceChildren(...els);
      ahead.els = els;
      ahead.first = a;
      ahead.end = b;
      const at = placement(k as 0 | 1, a, b, offsets, first, end);
      setPlace(box, at.top, at.againstBottom);
      built = true;
    }
    // Style, shaping and layout now, in idle time, not in the frame that shows them.
    if (built) void this.parts[0].host.offsetHeight;
  }

  /** Reads only: every shown paragraph's box, relative to `textTop` (the screen y of the text's top). */
  read(textTop: number): PlainBox[] {
    const out: PlainBox[] = [];
    for (const p of this.parts) {
      const rects = p.els.map((el) => el.getBoundingClientRect());
      rects.forEach((r, k) => {
        const next = rects[k + 1];
        out.push({ index: p.first + k, top: r.top - textTop, height: next ? next.top - r.top : NaN, bottom: r.bottom - textTop });
      });
    }
    return out;
  }

  /** Remove every plain paragraph (and those built ahead). */
  clear(): void {
    for (const p of this.parts) {
      this.hide(p);
      this.hide(p.ahead);
    }
  }

  private hide(p: Box): void {
    if (p.end === p.first && p.els.length === 0) return;
    p.box?.replaceChildren();
    p.els = [];
    p.first = p.end = 0;
  }

  private newBox(host: HTMLElement, ahead: boolean): HTMLDivElement {
    const box = document.createElement('div');
    box.className = ahead ? `doc-plain ${AHEAD_CLASS}` : 'doc-plain';
    box.setAttribute('aria-hidden', 'true');
    host.append(box);
    return box;
  }

  /**
   * The paragraphs built ahead become the shown ones when they hold more of [a, b) than those
   * shown: the boxes trade places (the shown one is emptied and hidden, the one ahead shown).
   */
  private takeAhead(p: Part, a: number, b: number): void {
    const ahead = p.ahead;
    const overlap = (x: Box) => (x.els.length === 0 ? 0 : Math.max(0, Math.min(b, x.end) - Math.max(a, x.first)));
    if (!ahead.box || overlap(ahead) <= overlap(p)) return;
    const shownBox = p.box;
    p.box = ahead.box;
    p.els = ahead.els;
    p.first = ahead.first;
    p.end = ahead.end;
    for (const el of p.els) {
      el.dataset['plain'] = el.dataset['ahead'];
      delete el.dataset['ahead'];
    }
    p.box.classList.remove(AHEAD_CLASS);
    ahead.box = shownBox;
    ahead.els = [];
    ahead.first = ahead.end = 0;
    if (shownBox) {
      shownBox.replaceChildren();
      shownBox.classList.add(AHEAD_CLASS);
    }
  }

  /** Show [a, b) in part p: at `top` px from the spacer's top, or (top null) against its bottom. */
  private place(p: Part, a: number, b: number, top: number | null, againstBottom: boolean): void {
    this.takeAhead(p, a, b);
    let box = p.box;
    if (!box) {
      box = this.newBox(p.host, false);
      p.box = box;
    }
    if (b <= p.first || a >= p.end || p.els.length === 0) {
      const els: HTMLElement[] = [];
      for (let i = a; i < b; i++) els.push(this.paragraph(i));
      box.replaceChildren(...els);
      p.els = els;
    } else {
      // Keep the elements of the paragraphs still shown (their layout is kept too).
      const keep = p.els.slice(Math.max(0, a - p.first), Math.max(0, Math.min(b, p.end) - p.first));
      for (let k = 0; k < p.els.length; k++) {
        const i = p.first + k;
        if (i < a || i >= b) (p.els[k] as HTMLElement).remove();
      }
      const before: HTMLElement[] = [];
      for (let i = a; i < p.first; i++) before.push(this.paragraph(i));
      const after: HTMLElement[] = [];
      for (let i = p.end; i < b; i++) after.push(this.paragraph(i));
      if (before.length > 0) box.prepend(...before);
      if (after.length > 0) box.append(...after);
      p.els = [...before, ...keep, ...after];
    }
    p.first = a;
    p.end = b;
    setPlace(box, top, againstBottom);
  }

  /** Paragraph `index` as the editor draws it (ParagraphAttributesPlugin's attributes), but static; `ahead`: built ahead (hidden). */
  private paragraph(index: number, ahead = false): HTMLElement {
    if (!ahead) this.builtInFrames++;
    const row = this.table.row(index);
    const el = document.createElement('p');
    el.className = 'q-para';
    el.dir = row.dir;
    if (row.lang === 'he' || row.lang === 'ar') el.lang = row.lang;
    el.dataset[ahead ? 'ahead' : 'plain'] = String(index);
    const text = this.table.paragraphText(index);
    // An empty paragraph holds a line, as Lexical's <br> gives it.
    if (text.length > 0) el.textContent = text;
    else el.append(document.createElement('br'));
    return el;
  }
}

/**
 * Where a part's box goes: the part above (0) against the window (the spacer's bottom) when the
 * range touches it, else at its estimated top (the spacer starts at 0); the part below (1) at the
 * spacer's top when it touches the window, against its bottom when it ends the document, else at
 * its estimated top.
 */
function placement(part: 0 | 1, a: number, b: number, offsets: Float64Array, first: number, end: number): { top: number | null; againstBottom: boolean } {
  if (part === 0) return b === first ? { top: null, againstBottom: true } : { top: offsets[a] as number, againstBottom: false };
  const n = offsets.length - 1;
  if (a === end) return { top: 0, againstBottom: false };
  if (b === n) return { top: null, againstBottom: true };
  return { top: (offsets[a] as number) - (offsets[end] as number), againstBottom: false };
}

function setPlace(box: HTMLElement, top: number | null, againstBottom: boolean): void {
  const t = top === null ? 'auto' : `${top}px`;
  const bt = againstBottom ? '0px' : 'auto';
  if (box.style.top !== t) box.style.top = t;
  if (box.style.bottom !== bt) box.style.bottom = bt;
}
