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
import type { Span } from './model';
import { Cls, charClass, isTrimmableCp } from './chars';
import { assertSpanInRange, graphemeIndex, type GraphemeIndex } from './graphemes';
import { OffsetMap } from './text';

export type TokenKind = 'word' | 'number' | 'punct';

export interface Token {
  start: number;
  end: number;
  kind: TokenKind;
}

function isWordMaterial(c: Cls): boolean {
  return c === Cls.Letter || c === Cls.Mark || c === Cls.Digit || c === Cls.OtherNumber;
}

function rawTokens(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0; // UTF-16 index
  let p = 0; // code point index
  while (i < n) {
    const c = text.codePointAt(i) as number;
    const cls = charClass(c);
    if (cls === Cls.Space || cls === Cls.Invisible) {
      i += c > 0xffff ? 2 : 1;
      p++;
      continue;
    }
    if (!isWordMaterial(cls)) {
      out.push({ start: p, end: p + 1, kind: 'punct' });
      i += c > 0xffff ? 2 : 1;
      p++;
      continue;
    }
    const start = p;
    let hasLetter = cls === Cls.Letter;
    let hasDigit = cls === Cls.Digit || cls === Cls.OtherNumber;
    let prev: Cls = cls; // class of the last included character other than a joiner
    i += c > 0xffff ? 2 : 1;
    p++;
    while (i < n) {
      const d = text.codePointAt(i) as number;
      const dw = d > 0xffff ? 2 : 1;
      const dc = charClass(d);
      if (isWordMaterial(dc)) {
        if (dc === Cls.Letter) hasLetter = true;
        else if (dc === Cls.Digit || dc === Cls.OtherNumber) hasDigit = true;
        prev = dc;
        i += dw;
        p++;
        continue;
      }
      if (dc === Cls.Joiner) {
        if (d === 0x200c || d === 0x200d) {
          i += dw;
          p++;
          continue;
        }
        // soft hyphen: only between word characters
        const e = i + dw < n ? charClass(text.codePointAt(i + dw) as number) : Cls.Space;
        if (isWordMaterial(e)) {
          i += dw;
          p++;
          continue;
        }
        break;
      }
      if (dc === Cls.Apostrophe || dc === Cls.Quote || dc === Cls.NumSep) {
        const e = i + dw < n ? charClass(text.codePointAt(i + dw) as number) : Cls.Space;
        let join = false;
        if (dc === Cls.NumSep) join = !hasLetter && prev === Cls.Digit && e === Cls.Digit;
        else join = (prev === Cls.Letter || prev === Cls.Mark) && hasLetter && e === Cls.Letter;
        if (join) {
          prev = dc;
          i += dw;
          p++;
          continue;
        }
      }
      break;
    }
    out.push({ start, end: p, kind: hasLetter ? 'word' : hasDigit ? 'number' : 'punct' });
  }
  return out;
}

const KIND_RANK: Record<TokenKind, number> = { punct: 0, number: 1, word: 2 };

function graphemeSafe(tokens: Token[], g: GraphemeIndex): Token[] {
  if (g.clusterCount === g.length) return tokens;
  const out: Token[] = [];
  for (const t of tokens) {
    const s = g.isBoundary(t.start) ? t.start : g.floor(t.start);
    const e = g.isBoundary(t.end) ? t.end : g.ceil(t.end);
    const last = out[out.length - 1];
    if (last && s < last.end) {
      if (e > last.end) last.end = e;
      if (KIND_RANK[t.kind] > KIND_RANK[last.kind]) last.kind = t.kind;
    } else {
      out.push(s === t.start && e === t.end ? t : { start: s, end: e, kind: t.kind });
    }
  }
  return out;
}

function computeTokens(text: string): Token[] {
  return graphemeSafe(rawTokens(text), graphemeIndex(text));
}

const cache: { text: string; tokens: readonly Token[] }[] = [];

/** Cached tokens of a text (shared; do not mutate). */
function cachedTokens(text: string): readonly Token[] {
  for (const c of cache) if (c.text === text) return c.tokens;
  const tokens = computeTokens(text);
  for (const t of tokens) Object.freeze(t);
  cache.unshift({ text, tokens });
  if (cache.length > 3) cache.pop();
  return tokens;
}

/** The tokens of `text`, in order, in code point offsets. Linear in the text length. */
export function tokenize(text: string): Token[] {
  return cachedTokens(text).map((t) => ({ start: t.start, end: t.end, kind: t.kind }));
}

/** Index of the first token with end > cp (tokens.length if none). */
function firstEndingAfter(tokens: readonly Token[], cp: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).end <= cp) lo = mid + 1;
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

/**
 * Widen a selection to the whole tokens it touches, after trimming white space (and invisible
 * bidi controls) at both ends. Null when the selection holds only white space. A collapsed
 * selection (start === end) strictly inside a token gives that token, else null. The result
 * is grapheme-safe. Throws CoreError('invalid-argument') for an out-of-range span.
 */
export function snapToWords(text: string, span: Span): Span | null {
  const g = graphemeIndex(text);
  assertSpanInRange(span, g.length);
  const tokens = cachedTokens(text);
  if (span.start === span.end) {
    const t = tokens[firstEndingAfter(tokens, span.start)];
    return t && t.start < span.start ? { start: t.start, end: t.end } : null;
  }
  const map = offsetMap(text);
  const cpAt = (cp: number): number => text.codePointAt(map.toUtf16(cp)) as number;
  let s = span.start;
  let e = span.end;
  while (s < e && isTrimmableCp(cpAt(s))) s++;
  while (e > s && isTrimmableCp(cpAt(e - 1))) e--;
  if (s === e) return null;
  const k = firstEndingAfter(tokens, s);
  const first = tokens[k];
  if (first && first.start < e) {
    let j = k;
    while (j + 1 < tokens.length && (tokens[j + 1] as Token).start < e) j++;
    const last = tokens[j] as Token;
    s = Math.min(s, first.start);
    e = Math.max(e, last.end);
  }
  return { start: g.floor(s), end: g.ceil(e) };
}

/**
 * Share (0..1) of the text's word tokens touched by at least one of `spans`. Invalid or empty
 * spans are ignored. 0 for a text without words.
 */
export function wordCoverage(text: string, spans: readonly Span[]): number {
  const tokens = cachedTokens(text);
  let words = 0;
  for (const t of tokens) if (t.kind === 'word') words++;
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
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    while (j < merged.length && (merged[j] as Span).end <= t.start) j++;
    const m = merged[j];
    if (m && m.start < t.end) touched++;
  }
  return touched / words;
}
