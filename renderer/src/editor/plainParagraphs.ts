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
 */
import type { ParagraphTable } from '../offsets/ParagraphTable';
import type { PlainRanges } from './windowPlan';

interface Part {
  host: HTMLElement;
  box: HTMLDivElement | null;
  first: number;
  end: number;
  els: HTMLElement[];
}

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
      { host: top, box: null, first: 0, end: 0, els: [] },
      { host: bottom, box: null, first: 0, end: 0, els: [] },
    ];
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
    const n = offsets.length - 1;
    const [above, below] = this.parts;
    if (ranges.above) {
      const [a, b] = ranges.above;
      // Against the window (the spacer's bottom), else at its estimated top (the spacer starts at 0).
      this.place(above, a, b, b === first ? null : (offsets[a] as number), b === first);
    } else this.hide(above);
    if (ranges.below) {
      const [a, b] = ranges.below;
      const atWindow = a === end;
      const atEnd = !atWindow && b === n;
      this.place(below, a, b, atWindow ? 0 : atEnd ? null : (offsets[a] as number) - (offsets[end] as number), atEnd);
    } else this.hide(below);
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

  /** Remove every plain paragraph. */
  clear(): void {
    for (const p of this.parts) this.hide(p);
  }

  private hide(p: Part): void {
    if (p.end === p.first && p.els.length === 0) return;
    p.box?.replaceChildren();
    p.els = [];
    p.first = p.end = 0;
  }

  /** Show [a, b) in part p: at `top` px from the spacer's top, or (top null) against its bottom. */
  private place(p: Part, a: number, b: number, top: number | null, againstBottom: boolean): void {
    let box = p.box;
    if (!box) {
      box = document.createElement('div');
      box.className = 'doc-plain';
      box.setAttribute('aria-hidden', 'true');
      p.host.append(box);
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
    const t = top === null ? 'auto' : `${top}px`;
    const bt = againstBottom ? '0px' : 'auto';
    if (box.style.top !== t) box.style.top = t;
    if (box.style.bottom !== bt) box.style.bottom = bt;
  }

  /** Paragraph `index` as the editor draws it (ParagraphAttributesPlugin's attributes), but static. */
  private paragraph(index: number): HTMLElement {
    const row = this.table.row(index);
    const el = document.createElement('p');
    el.className = 'q-para';
    el.dir = row.dir;
    if (row.lang === 'he' || row.lang === 'ar') el.lang = row.lang;
    el.dataset['plain'] = String(index);
    const text = this.table.paragraphText(index);
    // An empty paragraph holds a line, as Lexical's <br> gives it.
    if (text.length > 0) el.textContent = text;
    else el.append(document.createElement('br'));
    return el;
  }
}
