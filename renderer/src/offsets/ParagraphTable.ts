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
  /** Language of the paragraph's own script ('other' when neither Hebrew nor Arabic dominates). */
  lang: Lang;
}

export type SnapMode = 'words' | 'exact';

const SENTENCE_END = /[.!?\u061F\u2026\u06D4]/;

export type SnapResult = { ok: true; span: Span } | { ok: false; reason: 'empty' | 'white-space' };

export class ParagraphTable {
  readonly text: string;
  readonly map: OffsetMap;
  readonly rows: readonly ParagraphRow[];
  readonly docLang: Lang;
  readonly docDir: Direction;

  constructor(text: string, paragraphs: readonly Paragraph[], docLang: Lang, docDir: Direction) {
    this.text = text;
    this.map = new OffsetMap(text);
    this.docLang = docLang;
    this.docDir = docDir;
    const rows: ParagraphRow[] = [];
    const source = paragraphs.length > 0 ? paragraphs : [{ start: 0, end: this.map.length, dir: docDir }];
    for (const p of source) {
      const start16 = this.map.toUtf16(p.start);
      const end16 = this.map.toUtf16(p.end);
      const lang = detectLang(text.slice(start16, end16));
      rows.push({ ...p, start16, end16, lang });
    }
    this.rows = rows;
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
    return this.text.slice(r.start16, r.end16);
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
    return this.map.slice(Math.max(0, span.start), Math.min(span.end, this.length));
  }

  /** Direction of a span's own text (its first strong character), else its paragraph's. */
  spanDirection(span: Span): Direction {
    const r = this.row(this.paragraphAtCp(span.start));
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
    const local = this.text.slice(first.start16, last.end16);
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
