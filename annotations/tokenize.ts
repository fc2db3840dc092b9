/**
 * Tokenisation for Hebrew, Arabic and Latin text, in code point offsets.
 *
 * - word: a run of letters, marks and digits (with at least one letter). Arabic tatweel,
 *   ZWJ/ZWNJ and soft hyphens inside the run stay in it; an apostrophe or geresh (' ’ ׳)
 *   between a letter and a letter, and a double quote or gershayim (" ״) between letters
 *   (צה"ל, ארה״ב), are part of the word. Hyphen and maqaf separate words.
 * - number: a run of digits, with internal `.` `,` `٫` `٬` between digits (1,234.5).
 * - punct: any other visible character, one token each.
 * White space (including NBSP and all Zs) and invisible bidi controls separate tokens and are
 * never part of one. Tokens are grapheme-safe: a token that would split a cluster is widened
 * (and merged with its neighbour) so that both ends are cluster boundaries.
 */
import { procliticSplits } from './clitics';
import type { Span } from './model';
import { bmpClassTable, Cls, charClass, isTrimmableCp } from './chars';
import { assertSpanInRange, graphemeIndex } from './graphemes';
import { OffsetMap, upperBound } from './text';

export type TokenKind = 'word' | 'number' | 'punct';

export interface Token {
  start: number;
  end: number;
  kind: TokenKind;
}

const SPACE: number = Cls.Space;
const LETTER: number = Cls.Letter;
const MARK: number = Cls.Mark;
const DIGIT: number = Cls.Digit;
const OTHER_NUMBER: number = Cls.OtherNumber;
const JOINER: number = Cls.Joiner;
const INVISIBLE: number = Cls.Invisible;
const APOSTROPHE: number = Cls.Apostrophe;
const QUOTE: number = Cls.Quote;
const NUM_SEP: number = Cls.NumSep;
const table = bmpClassTable();

const K_PUNCT = 0;
const K_NUMBER = 1;
const K_WORD = 2;
const KIND_NAMES: readonly TokenKind[] = ['punct', 'number', 'word'];

/** Tokens of one text in parallel typed arrays (compact; cached per text). */
interface TokenTable {
  text: string;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
}

/** Code point at UTF-16 index i (a lone surrogate is itself). */
function cpAtUnit(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const l = text.charCodeAt(i + 1);
    if (l >= 0xdc00 && l <= 0xdfff) return ((c - 0xd800) << 10) + (l - 0xdc00) + 0x10000;
  }
  return c;
}

function classOf(cp: number): number {
  if (cp < 0x10000) {
    const c = table[cp] as number;
    return c !== 0 ? c : charClass(cp);
  }
  return charClass(cp);
}

function isWordMaterial(c: number): boolean {
  return c === LETTER || c === MARK || c === DIGIT || c === OTHER_NUMBER;
}

/**
 * rawTokens' arrays, reused from text to text (computeTokens copies out what it keeps): grown up to
 * SCRATCH_MAX units, never shrunk below 64k. A longer text gets arrays of its own, dropped after the
 * call: kept, a 20 MB document's would hold some 180 MB until the next text.
 */
let scratch = { starts: new Int32Array(0), ends: new Int32Array(0), kinds: new Uint8Array(0) };
const SCRATCH_MAX = 1 << 20;

/**
 * Tokens before grapheme safety, in typed arrays (at most one token per code unit; shared scratch
 * arrays, valid until the next call) and their count.
 */
function rawTokens(text: string): { count: number; starts: Int32Array; ends: Int32Array; kinds: Uint8Array } {
  const n = text.length;
  if (n <= SCRATCH_MAX && (scratch.starts.length < n || (scratch.starts.length > 65_536 && n <= 65_536))) {
    const size = n <= 65_536 ? 65_536 : n;
    scratch = { starts: new Int32Array(size), ends: new Int32Array(size), kinds: new Uint8Array(size) };
  }
  const { starts, ends, kinds } = n <= SCRATCH_MAX ? scratch : { starts: new Int32Array(n), ends: new Int32Array(n), kinds: new Uint8Array(n) };
  let count = 0;
  let i = 0; // UTF-16 index
  let p = 0; // code point index
  while (i < n) {
    const c = cpAtUnit(text, i);
    const cls = classOf(c);
    i += c > 0xffff ? 2 : 1;
    p++;
    if (cls === SPACE || cls === INVISIBLE) continue;
    if (!isWordMaterial(cls)) {
      starts[count] = p - 1;
      ends[count] = p;
      kinds[count++] = K_PUNCT;
      continue;
    }
    const start = p - 1;
    let hasLetter = cls === LETTER;
    let hasDigit = cls === DIGIT || cls === OTHER_NUMBER;
    let prev = cls; // class of the last included character other than a joiner
    while (i < n) {
      const d = cpAtUnit(text, i);
      const dw = d > 0xffff ? 2 : 1;
      const dc = classOf(d);
      if (isWordMaterial(dc)) {
        if (dc === LETTER) hasLetter = true;
        else if (dc === DIGIT || dc === OTHER_NUMBER) hasDigit = true;
        prev = dc;
      } else if (dc === JOINER) {
        // ZWNJ/ZWJ always stay (they join the cluster anyway); a soft hyphen only between word characters
        if (d === 0x00ad && !(i + dw < n && isWordMaterial(classOf(cpAtUnit(text, i + dw))))) break;
      } else if (dc === APOSTROPHE || dc === QUOTE || dc === NUM_SEP) {
        const e = i + dw < n ? classOf(cpAtUnit(text, i + dw)) : SPACE;
        const join =
          dc === NUM_SEP
            ? !hasLetter && prev === DIGIT && e === DIGIT
            : hasLetter && (prev === LETTER || prev === MARK) && e === LETTER;
        if (!join) break;
        prev = dc;
      } else break;
      i += dw;
      p++;
    }
    starts[count] = start;
    ends[count] = p;
    kinds[count++] = hasLetter ? K_WORD : hasDigit ? K_NUMBER : K_PUNCT;
  }
  return { count, starts, ends, kinds };
}

function computeTokens(text: string): TokenTable {
  const raw = rawTokens(text);
  const g = graphemeIndex(text);
  if (g.clusterCount === g.length) {
    return { text, count: raw.count, starts: raw.starts.slice(0, raw.count), ends: raw.ends.slice(0, raw.count), kinds: raw.kinds.slice(0, raw.count) };
  }
  // grapheme safety: widen tokens to cluster boundaries, merging tokens that share a cluster. The
  // positions inside clusters are walked once beside the tokens (both ascending), two pointers:
  // one for the starts, one for the ends.
  const inner = g.nonBoundaries();
  const m = inner.length;
  const starts = raw.starts;
  const ends = raw.ends;
  const kinds = raw.kinds;
  let count = 0; // tokens written, in place (never ahead of the one read)
  let js = 0;
  let je = 0;
  for (let k = 0; k < raw.count; k++) {
    const t0 = starts[k] as number;
    const t1 = ends[k] as number;
    const kind = kinds[k] as number;
    while (js < m && (inner[js] as number) < t0) js++;
    let s = t0;
    for (let j = js; j >= 0 && j < m && inner[j] === s; j--) s--; // floor
    while (je < m && (inner[je] as number) < t1) je++;
    let e = t1;
    for (let j = je; j < m && inner[j] === e; j++) e++; // ceil
    if (count > 0 && s < (ends[count - 1] as number)) {
      if (e > (ends[count - 1] as number)) ends[count - 1] = e;
      if (kind > (kinds[count - 1] as number)) kinds[count - 1] = kind;
    } else {
      starts[count] = s;
      ends[count] = e;
      kinds[count++] = kind;
    }
  }
  return { text, count, starts: starts.slice(0, count), ends: ends.slice(0, count), kinds: kinds.slice(0, count) };
}

const cache: TokenTable[] = [];

/** Cached tokens of a text. */
function tokenTable(text: string): TokenTable {
  for (const c of cache) if (c.text === text) return c;
  const t = computeTokens(text);
  cache.unshift(t);
  if (cache.length > 3) cache.pop();
  return t;
}

/** The first of the `count` tokens whose end (`ends`, ascending) is after code point `cp`; `count` if none. */
export function firstTokenEndingAfter(ends: Int32Array, count: number, cp: number): number {
  return upperBound(ends, cp, count);
}

/**
 * The tokens of `text` as the cached parallel typed arrays behind `tokenize` (no object per
 * token): `kinds` holds 0 punct, 1 number, 2 word. Read only: the arrays are shared.
 */
export function tokenArrays(text: string): { readonly count: number; readonly starts: Int32Array; readonly ends: Int32Array; readonly kinds: Uint8Array } {
  return tokenTable(text);
}

/** The tokens of `text`, in order, in code point offsets. Linear in the text length. */
export function tokenize(text: string): Token[] {
  const t = tokenTable(text);
  const out: Token[] = new Array<Token>(t.count);
  for (let k = 0; k < t.count; k++) {
    out[k] = { start: t.starts[k] as number, end: t.ends[k] as number, kind: KIND_NAMES[t.kinds[k] as number] as TokenKind };
  }
  return out;
}

/** Index of the first token with end > cp (count if none). */
function firstEndingAfter(t: TokenTable, cp: number): number {
  const ends = t.ends;
  let lo = 0;
  let hi = t.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] as number) <= cp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const maps: OffsetMap[] = [];
function offsetMap(text: string): OffsetMap {
  for (const m of maps) if (m.text === text) return m;
  const m = new OffsetMap(text);
  maps.unshift(m);
  if (maps.length > 3) maps.pop();
  return m;
}

export interface SnapOptions {
  /**
   * A selection that starts exactly where a known Hebrew or Arabic proclitic ends inside its first
   * word (`קזחסטן` selected in `בקזחסטן`, `الجنود` in `والجنود`) keeps the prefix out; anywhere
   * else the word is taken whole (annotations/clitics.ts).
   */
  procliticsOut?: boolean;
}

/**
 * Widen a selection to the whole tokens it touches, after trimming white space (and invisible
 * bidi controls) at both ends. Null when the selection holds only white space. A collapsed
 * selection (start === end) strictly inside a token gives that token, else null. The result
 * is grapheme-safe. Throws CoreError('invalid-argument') for an out-of-range span.
 */
export function snapToWords(text: string, span: Span, options: SnapOptions = {}): Span | null {
  const g = graphemeIndex(text);
  assertSpanInRange(span, g.length);
  const t = tokenTable(text);
  if (span.start === span.end) {
    const k = firstEndingAfter(t, span.start);
    return k < t.count && (t.starts[k] as number) < span.start ? { start: t.starts[k] as number, end: t.ends[k] as number } : null;
  }
  const map = offsetMap(text);
  const cpAt = (cp: number): number => text.codePointAt(map.toUtf16(cp)) as number;
  let s = span.start;
  let e = span.end;
  while (s < e && isTrimmableCp(cpAt(s))) s++;
  while (e > s && isTrimmableCp(cpAt(e - 1))) e--;
  if (s === e) return null;
  const k = firstEndingAfter(t, s);
  if (k < t.count && (t.starts[k] as number) < e) {
    let j = k;
    while (j + 1 < t.count && (t.starts[j + 1] as number) < e) j++;
    const tokenStart = t.starts[k] as number;
    const keepOut = options.procliticsOut === true && s > tokenStart && procliticSplits(text.slice(map.toUtf16(tokenStart), map.toUtf16(t.ends[k] as number))).includes(s - tokenStart);
    s = keepOut ? s : Math.min(s, tokenStart);
    e = Math.max(e, t.ends[j] as number);
  }
  return { start: g.floor(s), end: g.ceil(e) };
}

/**
 * Share (0..1) of the text's word tokens touched by at least one of `spans`. Invalid or empty
 * spans are ignored. 0 for a text without words.
 */
export function wordCoverage(text: string, spans: readonly Span[]): number {
  const t = tokenTable(text);
  let words = 0;
  for (let k = 0; k < t.count; k++) if (t.kinds[k] === K_WORD) words++;
  if (words === 0) return 0;
  const sorted = spans
    .filter((s) => s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end)
    .map((s) => ({ start: s.start, end: s.end }))
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push(s);
  }
  let touched = 0;
  let j = 0;
  for (let k = 0; k < t.count; k++) {
    if (t.kinds[k] !== K_WORD) continue;
    const start = t.starts[k] as number;
    while (j < merged.length && (merged[j] as Span).end <= start) j++;
    const m = merged[j];
    if (m && m.start < (t.ends[k] as number)) touched++;
  }
  return touched / words;
}
