/**
 * Find in a document's text, the way a reader of Hebrew and Arabic expects: by default a search
 * ignores niqqud, cantillation and harakat (and Arabic tatweel), treats the alef forms أ إ آ ٱ as
 * ا, and ignores letter case. "שלום" finds "שָׁלוֹם", "محمد" finds "مُحَمَّد", "Reuters" finds "reuters".
 *
 * Matches are spans in code points (end exclusive) of the original text, never splitting a
 * grapheme: a match that ends on a letter takes that letter's marks with it, and a match that
 * would start inside a grapheme (on a mark, after a zero-width joiner) is skipped. Matches do
 * not overlap (the next search starts after a match) and never cross a line break when the query
 * has none.
 */
import type { Span } from './model';
import { OffsetMap, partitionPoint } from './text';

export interface FindOptions {
  /** Letter case must match (default false). */
  matchCase?: boolean;
  /** Niqqud, harakat, cantillation, tatweel and alef forms must match (default false). */
  matchMarks?: boolean;
  /** Stop after this many matches (default 10,000); `FindResult.truncated` says so. */
  limit?: number;
}

export interface FindResult {
  matches: Span[];
  /** More matches exist than `limit`. */
  truncated: boolean;
}

const MARK = /\p{M}/u;
const TATWEEL = 0x0640;
const ZWJ = 0x200d;
const ALEF_FORMS = new Set([0x0622, 0x0623, 0x0625, 0x0671]);
const ALEF = 'ا';

/**
 * Combining marks of the BMP, one byte each: 1 a mark, 0 not, UNKNOWN until its block of 256 code
 * points is first met (worked out then: the whole table is ~65,000 tests of MARK, ~10 ms, which
 * a text never needs; it meets a few blocks).
 */
const UNKNOWN = 2;
const bmpMarks = new Uint8Array(0x10000).fill(UNKNOWN);

function isMark(cp: number): boolean {
  // Below U+0300 nothing is a combining mark: Latin, digits and punctuation take the fast path.
  if (cp < 0x0300) return false;
  if (cp === TATWEEL) return true;
  if (cp > 0xffff) return MARK.test(String.fromCodePoint(cp));
  if (bmpMarks[cp] === UNKNOWN) {
    const from = cp & ~0xff;
    for (let c = from; c < from + 0x100; c++) bmpMarks[c] = (c < 0xd800 || c > 0xdfff) && MARK.test(String.fromCharCode(c)) ? 1 : 0;
  }
  return bmpMarks[cp] === 1;
}

/**
 * The folded form of one code point, as find folds it: null when it is unchanged ('' when it is
 * dropped: a mark or tatweel while marks are ignored). Shared with the suggestions' matcher.
 */
export function foldCodePoint(cp: number, matchCase = false, matchMarks = false): string | null {
  if (!matchMarks) {
    if (isMark(cp)) return '';
    if (ALEF_FORMS.has(cp)) return ALEF;
  }
  // Hebrew and Arabic have no case.
  if (matchCase || (cp >= 0x0590 && cp < 0x0700)) return null;
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 0x20) : null;
  const ch = String.fromCodePoint(cp);
  const lower = ch.toLowerCase();
  return lower === ch ? null : lower;
}

/**
 * The text of one document, folded once for one set of options, searched for any number of
 * queries (a find box searches as the user types).
 */
export class TextFinder {
  private readonly text: string;
  private readonly matchCase: boolean;
  private readonly matchMarks: boolean;
  private readonly offsets: OffsetMap;
  /** The folded text. */
  private readonly folded: string;
  /** For each UTF-16 unit of `folded`, the code point (in the original text) it came from. */
  private readonly source: Int32Array;

  constructor(text: string, options: Pick<FindOptions, 'matchCase' | 'matchMarks'> = {}) {
    this.text = text;
    this.matchCase = options.matchCase ?? false;
    this.matchMarks = options.matchMarks ?? false;
    this.offsets = new OffsetMap(text);
    const len = text.length;
    let units = new Uint16Array(len + 16);
    let source = new Int32Array(len + 16);
    let n = 0;
    const push = (unit: number, cp: number): void => {
      if (n === units.length) {
        const u = new Uint16Array(units.length * 2);
        u.set(units);
        units = u;
        const s = new Int32Array(source.length * 2);
        s.set(source);
        source = s;
      }
      units[n] = unit;
      source[n++] = cp;
    };
    let cpIndex = 0;
    for (let i = 0; i < len; cpIndex++) {
      const c = text.charCodeAt(i);
      let cp = c;
      let width = 1;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      i += width;
      if (width === 1 && cp < 0x80) {
        push(!this.matchCase && cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp, cpIndex);
        continue;
      }
      const f = this.foldCodePoint(cp);
      if (f === null) {
        // Unchanged: its own units.
        push(c, cpIndex);
        if (width === 2) push(text.charCodeAt(i - 1), cpIndex);
      } else {
        for (let k = 0; k < f.length; k++) push(f.charCodeAt(k), cpIndex);
      }
    }
    this.folded = decodeUnits(units.subarray(0, n));
    this.source = source.subarray(0, n);
  }

  /** The folded form of one code point: null when it is unchanged ('' when it is dropped). */
  private foldCodePoint(cp: number): string | null {
    return foldCodePoint(cp, this.matchCase, this.matchMarks);
  }

  private fold(query: string): string {
    let out = '';
    for (const ch of query) out += this.foldCodePoint(ch.codePointAt(0) as number) ?? ch;
    return out;
  }

  private codePointAt(cp: number): number | undefined {
    if (cp < 0 || cp >= this.offsets.length) return undefined;
    return this.text.codePointAt(this.offsets.toUtf16(cp));
  }

  /**
   * Every match of `query`. An empty query (or one that folds to nothing, such as a lone mark
   * while marks are ignored) matches nothing.
   */
  find(query: string, limit = 10_000): FindResult {
    const q = this.fold(query);
    const matches: Span[] = [];
    if (q.length === 0) return { matches, truncated: false };
    const { folded, source } = this;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(q, from);
      if (at < 0) return { matches, truncated: false };
      const start = source[at] as number;
      // The last matched code point, then every mark (and joined character) that belongs to it.
      let end = (source[at + q.length - 1] as number) + 1;
      for (;;) {
        const next = this.codePointAt(end);
        if (next === undefined) break;
        if (isMark(next)) end++;
        else if (next === ZWJ && end + 1 < this.offsets.length) end += 2;
        else break;
      }
      const first = this.codePointAt(start) as number;
      const inside = isMark(first) || this.codePointAt(start - 1) === ZWJ;
      if (!inside) {
        if (matches.length === limit) return { matches, truncated: true };
        matches.push({ start, end });
      }
      // Continue after the match: past every folded unit whose source is before `end`.
      let next = at + q.length;
      while (next < source.length && (source[next] as number) < end) next++;
      from = inside ? at + 1 : next;
    }
  }
}

/** A string from UTF-16 units, in chunks (no argument list of millions). */
function decodeUnits(units: Uint16Array): string {
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += 8192) parts.push(String.fromCharCode(...units.subarray(i, i + 8192)));
  return parts.join('');
}

/** The index of the first match starting at or after code point `cp`, wrapping to 0 (matches in text order). */
export function firstMatchFrom(matches: readonly Span[], cp: number): number {
  const lo = partitionPoint(matches.length, (i) => (matches[i] as Span).start < cp);
  return lo < matches.length ? lo : 0;
}

/** Every match of `query` in `text` (see TextFinder to search one text many times). */
export function findAll(text: string, query: string, options: FindOptions = {}): FindResult {
  return new TextFinder(text, options).find(query, options.limit);
}
