/**
 * All of the renderer's offset maths, in one place.
 *
 * The service speaks code points into the whole document text; the DOM and Lexical speak UTF-16
 * offsets into one paragraph's text node. The document text is the paragraphs' texts joined by
 * "\n" (annotations/direction.ts `splitParagraphs`), so a paragraph table (each paragraph's
 * code-point and UTF-16 start) and one OffsetMap over the whole text convert both ways.
 *
 * Nothing here touches the DOM: a later change that mounts only the paragraphs near the viewport
 * keeps this table for the whole document and asks it which paragraphs a span touches.
 */
import type { Direction, Lang, Paragraph, Span } from '../../../annotations/model';
import { OffsetMap } from '../../../annotations/text';
import { snapToGraphemes } from '../../../annotations/graphemes';
import { snapToWords } from '../../../annotations/tokenize';
import { detectLang, paragraphDirection } from '../../../annotations/direction';
import type { PagedText } from '../../../annotations/textPages';

/** A position the way the DOM and Lexical see it: paragraph index and UTF-16 offset in its text. */
export interface LocalPoint {
  paragraph: number;
  offset16: number;
}

/** The part of a code-point span that lies in one paragraph, in that paragraph's UTF-16 offsets. */
export interface LocalPiece {
  paragraph: number;
  start16: number;
  end16: number;
}

export interface ParagraphRow extends Paragraph {
  /** UTF-16 offsets into the document text (end exclusive, the LF not included). */
  start16: number;
  end16: number;
  /** Language of the paragraph's own script ('other' when neither Hebrew nor Arabic dominates; the document's until its text arrives). */
  lang: Lang;
}

export type SnapMode = 'words' | 'exact';

const SENTENCE_END = /[.!?\u061F\u2026\u06D4]/;

export type SnapResult = { ok: true; span: Span } | { ok: false; reason: 'empty' | 'white-space' };

export class ParagraphTable {
  /** The text as it arrives in pages (documents.open), or null: the whole text was given. */
  readonly pages: PagedText | null;
  private readonly whole: string | null;
  private readonly map: { readonly length: number; toUtf16(cp: number): number; toCp(u: number): number };
  readonly rows: readonly ParagraphRow[];
  readonly docLang: Lang;
  readonly docDir: Direction;

  /**
   * `source`: the whole text, or its pages (PagedText): then every offset is known at once (from
   * the layout) and a paragraph's text once its page has arrived (`hasText`).
   */
  constructor(source: string | PagedText, paragraphs: readonly Paragraph[], docLang: Lang, docDir: Direction) {
    this.pages = typeof source === 'string' ? null : source;
    this.whole = typeof source === 'string' ? source : null;
    this.map = typeof source === 'string' ? new OffsetMap(source) : source.offsets;
    this.docLang = docLang;
    this.docDir = docDir;
    const rows: ParagraphRow[] = [];
    const source0 = paragraphs.length > 0 ? paragraphs : [{ start: 0, end: this.map.length, dir: docDir }];
    for (const p of source0) {
      const start16 = this.map.toUtf16(p.start);
      const end16 = this.map.toUtf16(p.end);
      rows.push({ ...p, start16, end16, lang: docLang });
    }
    this.rows = rows;
    if (this.pages) {
      const pages = this.pages;
      const fill = (page: number) => {
        const end = pages.layout.pageStarts[page + 1] as number;
        for (let i = pages.layout.pageStarts[page] as number; i < end; i++) this.fillLang(i);
      };
      for (let k = 0; k < pages.pageCount; k++) if (pages.hasParagraph(pages.layout.pageStarts[k] as number)) fill(k);
      pages.onPage(fill);
    } else {
      for (let i = 0; i < rows.length; i++) this.fillLang(i);
    }
  }

  private fillLang(index: number): void {
    const r = this.rows[index] as ParagraphRow;
    r.lang = detectLang(this.slice16(r.start16, r.end16));
  }

  /** The text between two UTF-16 offsets (its pages must have arrived). */
  slice16(start16: number, end16: number): string {
    return this.whole !== null ? this.whole.slice(start16, end16) : (this.pages as PagedText).slice16(start16, end16);
  }

  /** The whole text (a paged one: once every page has arrived, else it throws; see `complete`). */
  get text(): string {
    return this.whole ?? (this.pages as PagedText).text;
  }

  /** Every page of the text is there (always, for a text given whole). */
  get complete(): boolean {
    return this.pages === null || this.pages.complete;
  }

  /** Whether paragraph `index`'s text is there. */
  hasText(index: number): boolean {
    return this.pages === null || this.pages.hasParagraph(index);
  }

  /** The paragraphs from the first that have their text (all, for a text given whole). */
  get loadedParagraphs(): number {
    return this.pages === null || this.pages.complete ? this.rows.length : this.pages.loadedParagraphs;
  }

  /** Length of the text in UTF-16 units. */
  get length16(): number {
    return this.map.toUtf16(this.map.length);
  }

  get length(): number {
    return this.map.length;
  }

  get paragraphCount(): number {
    return this.rows.length;
  }

  row(index: number): ParagraphRow {
    const r = this.rows[index];
    if (!r) throw new RangeError(`paragraph ${index} out of range 0..${this.rows.length - 1}`);
    return r;
  }

  /** The text of paragraph `index` (what its DOM text node holds). */
  paragraphText(index: number): string {
    const r = this.row(index);
    return this.slice16(r.start16, r.end16);
  }

  /** The paragraph that holds code point `cp` (an offset at a paragraph's end belongs to it). */
  paragraphAtCp(cp: number): number {
    const rows = this.rows;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((rows[mid] as ParagraphRow).start <= cp) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Code point offset in the document of a DOM/Lexical point. Clamped to the paragraph. */
  toCp(point: LocalPoint): number {
    const r = this.row(point.paragraph);
    const u = Math.max(0, Math.min(point.offset16, r.end16 - r.start16));
    return this.map.toCp(r.start16 + u);
  }

  /** The DOM/Lexical point of a code point offset in the document. */
  toLocal(cp: number): LocalPoint {
    const clamped = Math.max(0, Math.min(cp, this.length));
    const paragraph = this.paragraphAtCp(clamped);
    const r = this.row(paragraph);
    const u = Math.min(this.map.toUtf16(clamped), r.end16) - r.start16;
    return { paragraph, offset16: Math.max(0, u) };
  }

  /** A code-point span cut into per-paragraph UTF-16 pieces (empty pieces, e.g. a lone LF, are dropped). */
  pieces(span: Span): LocalPiece[] {
    const out: LocalPiece[] = [];
    if (span.end <= span.start) return out;
    const first = this.paragraphAtCp(span.start);
    const last = this.paragraphAtCp(Math.max(span.start, span.end - 1));
    const s16 = this.map.toUtf16(Math.min(span.start, this.length));
    const e16 = this.map.toUtf16(Math.min(span.end, this.length));
    for (let i = first; i <= last; i++) {
      const r = this.row(i);
      const a = Math.max(s16, r.start16);
      const b = Math.min(e16, r.end16);
      if (b > a) out.push({ paragraph: i, start16: a - r.start16, end16: b - r.start16 });
    }
    return out;
  }

  /** The document text of a code-point span. */
  slice(span: Span): string {
    const start = Math.max(0, span.start);
    const end = Math.min(span.end, this.length);
    return end > start ? this.slice16(this.map.toUtf16(start), this.map.toUtf16(end)) : '';
  }

  /** Direction of a span's own text (its first strong character), else its paragraph's. */
  spanDirection(span: Span): Direction {
    const index = this.paragraphAtCp(span.start);
    const r = this.row(index);
    // (Its text not there yet: the paragraph's; nothing is drawn there before it arrives.)
    if (!this.hasText(index) || !this.hasText(this.paragraphAtCp(Math.max(span.start, span.end - 1)))) return r.dir;
    return paragraphDirection(this.slice(span), r.dir);
  }

  /**
   * Turn a selection (two points, any order) into the span to tag: whole words by default
   * (core snapToWords: widened to the tokens it touches, white space trimmed), or the exact
   * characters widened only to grapheme cluster boundaries.
   */
  /**
   * The sentence around a span: from after the last sentence end (. ! ? ؟ … ; followed by a space)
   * before it to the next one after it, never beyond its paragraph. Code points.
   */
  sentenceAround(span: Span): Span {
    const index = this.paragraphAtCp(span.start);
    const text = this.paragraphText(index);
    const at = this.toLocal(span.start).offset16;
    const to = index === this.paragraphAtCp(span.end) ? this.toLocal(span.end).offset16 : text.length;
    const isEnd = (i: number) => SENTENCE_END.test(text[i] ?? '') && (i + 1 >= text.length || /\s/.test(text[i + 1] ?? ''));
    let a = at;
    while (a > 0 && !isEnd(a - 1)) a--;
    let b = Math.max(to, at);
    while (b < text.length && !isEnd(b)) b++;
    return { start: this.toCp({ paragraph: index, offset16: a }), end: this.toCp({ paragraph: index, offset16: Math.min(text.length, b + 1) }) };
  }

  /**
   * `procliticsOut`: in 'words' mode, a selection starting right after a known proclitic inside
   * a word leaves it out (annotations/tokenize.ts snapToWords); a function decides from the
   * selection's own span.
   */
  snapSelection(anchor: LocalPoint, focus: LocalPoint, mode: SnapMode, options: { procliticsOut?: boolean | ((raw: Span) => boolean) } = {}): SnapResult {
    const a = this.toCp(anchor);
    const b = this.toCp(focus);
    const raw: Span = { start: Math.min(a, b), end: Math.max(a, b) };
    if (raw.start === raw.end) return { ok: false, reason: 'empty' };
    // Snapped within the paragraphs the selection touches, not the whole text: no token or
    // grapheme crosses a paragraph's LF, and the core's token and grapheme tables of a 20 MB
    // text took seconds to build on the first key.
    const first = this.row(Math.min(anchor.paragraph, focus.paragraph));
    const last = this.row(Math.max(anchor.paragraph, focus.paragraph));
    const local = this.slice16(first.start16, last.end16);
    const at: Span = { start: raw.start - first.start, end: raw.end - first.start };
    const shift = (span: Span): Span => ({ start: span.start + first.start, end: span.end + first.start });
    if (mode === 'exact') {
      const span = snapToGraphemes(local, at);
      return span.end > span.start ? { ok: true, span: shift(span) } : { ok: false, reason: 'empty' };
    }
    const out = typeof options.procliticsOut === 'function' ? options.procliticsOut(raw) : options.procliticsOut === true;
    const span = snapToWords(local, at, { procliticsOut: out });
    return span ? { ok: true, span: shift(span) } : { ok: false, reason: 'white-space' };
  }
}
