/**
 * Grapheme clusters (extended, UAX #29) in code point offsets. A letter with its niqqud or
 * harakat, or an emoji ZWJ sequence, is one cluster; spans never split one.
 *
 * Segmentation uses Intl.Segmenter, but only where it can matter: between two "simple"
 * characters (ASCII, Latin, Greek, Cyrillic, Hebrew and Arabic letters and punctuation without
 * marks) there is always a boundary, so the segmenter runs only on short stretches around
 * marks, joiners, emoji and other complex characters. Linear in the text length.
 */
import type { Span } from './model';
import { CoreError } from './errors';
import { lowerBound } from './text';

/** A UTF-16 unit that has a grapheme boundary on both sides when next to another simple unit. */
function isSimpleUnit(u: number): boolean {
  if (u < 0x0300) return u !== 0x0d; // ASCII, controls other than CR, Latin-1, Latin Extended, spacing modifiers
  if (u < 0x0590) return (u >= 0x0370 && u <= 0x0482) || (u >= 0x048a && u <= 0x052f);
  if (u < 0x0600) {
    return (u >= 0x05d0 && u <= 0x05ea) || (u >= 0x05ef && u <= 0x05f4) || u === 0x05be || u === 0x05c0 || u === 0x05c3 || u === 0x05c6;
  }
  if (u < 0x0700) {
    return (
      (u >= 0x0621 && u <= 0x064a) || (u >= 0x0660 && u <= 0x066f) || (u >= 0x0671 && u <= 0x06d5) ||
      (u >= 0x06ee && u <= 0x06ff) || (u >= 0x0606 && u <= 0x060f) || u === 0x061b || (u >= 0x061d && u <= 0x0620)
    );
  }
  return (u >= 0x2010 && u <= 0x2027) || (u >= 0x2030 && u <= 0x205e) || (u >= 0x20a0 && u <= 0x20c0);
}

function isHigh(u: number): boolean {
  return u >= 0xd800 && u <= 0xdbff;
}
function isLow(u: number): boolean {
  return u >= 0xdc00 && u <= 0xdfff;
}

function cpLen(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    if (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}

interface SegmenterLike {
  segment(input: string): Iterable<{ segment: string }>;
}

let segmenter: SegmenterLike | null | undefined;

const FALLBACK_RE =
  /\r\n|\p{Regional_Indicator}{2}|\P{M}[\p{M}\u200C\u200D\u{1F3FB}-\u{1F3FF}]*(?:\u200D\P{M}[\p{M}\u200C\u{1F3FB}-\u{1F3FF}]*)*|[\s\S]/gu;

/** Segment strings of `s`, in order. */
function segments(s: string): Iterable<{ segment: string }> {
  if (segmenter === undefined) {
    segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('und', { granularity: 'grapheme' }) : null;
  }
  if (segmenter) return segmenter.segment(s);
  return Array.from(s.matchAll(FALLBACK_RE), (m) => ({ segment: m[0] }));
}

/** Nonspacing marks (Grapheme_Cluster_Break = Extend) of Latin, Hebrew and Arabic. */
function isExtendMark(u: number): boolean {
  if (u < 0x0300) return false;
  if (u <= 0x036f) return true;
  if (u < 0x0591) return false;
  if (u <= 0x05c7) return u <= 0x05bd || u === 0x05bf || u === 0x05c1 || u === 0x05c2 || u === 0x05c4 || u === 0x05c5 || u === 0x05c7;
  if (u < 0x0610) return false;
  return (
    u <= 0x061a || (u >= 0x064b && u <= 0x065f) || u === 0x0670 || (u >= 0x06d6 && u <= 0x06dc) ||
    (u >= 0x06df && u <= 0x06e4) || u === 0x06e7 || u === 0x06e8 || (u >= 0x06ea && u <= 0x06ed)
  );
}

// kinds of UTF-16 units for the fast path
const K_START = 0; // before the first unit
const K_BASE = 1; // simple, not a control: may carry marks
const K_CONTROL = 2; // simple control (tab, LF…): boundaries on both sides
const K_MARK = 3; // an Extend mark on a K_BASE (possibly after other marks)
const K_COMPLEX = 4; // anything else: left to the segmenter

/**
 * Sorted code point positions strictly inside a cluster (not boundaries).
 *
 * Fast path: between two simple units there is a boundary (GB999); an Extend mark after a
 * simple non-control base (or after such a mark) never has one before it (GB9), and after it,
 * before a simple unit, there is one. Stretches with anything else go to Intl.Segmenter, cut
 * at such definite boundaries.
 */
function computeInner(text: string): Int32Array {
  const n = text.length;
  const out: number[] = [];
  let cp = 0; // code points that start before unit i
  let defU = 0; // latest definite boundary at or before the open complex stretch (UTF-16, code points)
  let defCp = 0;
  let defOut = 0; // out.length at defU
  let complex = false;
  let streak = 0; // units of kinds BASE/CONTROL/MARK in a row, ending before i
  let prev = K_START;

  const flush = (fromU: number, toU: number, fromCp: number): void => {
    let at = fromCp;
    for (const { segment } of segments(text.slice(fromU, toU))) {
      const len = segment.length === 1 ? 1 : cpLen(segment);
      for (let k = 1; k < len; k++) out.push(at + k);
      at += len;
    }
  };

  for (let i = 0; i < n; i++) {
    const u = text.charCodeAt(i);
    let kind: number;
    if (isSimpleUnit(u)) kind = u < 0x20 || (u >= 0x7f && u <= 0x9f) || u === 0xad ? K_CONTROL : K_BASE; // U+00AD SOFT HYPHEN is a Control (GB4, GB5)
    else if ((prev === K_BASE || prev === K_MARK) && isExtendMark(u)) kind = K_MARK;
    else kind = K_COMPLEX;

    if (kind === K_BASE || kind === K_CONTROL) {
      if (prev !== K_COMPLEX) {
        // a definite boundary at i
        if (!complex) {
          defU = i;
          defCp = cp;
          defOut = out.length;
        } else if (streak >= 8) {
          flush(defU, i, defCp);
          complex = false;
          defU = i;
          defCp = cp;
          defOut = out.length;
        }
      }
      streak++;
    } else if (kind === K_MARK) {
      if (!complex) out.push(cp); // inside the cluster of its base; the segmenter covers complex stretches
      streak++;
    } else {
      if (!complex) {
        // the segmenter redoes the stretch from defU, marks already recorded after it included
        out.length = defOut;
        complex = true;
      }
      streak = 0;
    }
    prev = kind;
    if (!(isLow(u) && i > 0 && isHigh(text.charCodeAt(i - 1)))) cp++;
  }
  if (complex) flush(defU, n, defCp);
  return Int32Array.from(out);
}

/** Throws CoreError('invalid-argument') unless 0 ≤ start ≤ end ≤ length, integers. */
export function assertSpanInRange(span: Span, length: number, allowEmpty = true): void {
  if (span === null || typeof span !== 'object') {
    throw new CoreError('invalid-argument', 'a span must be an object {start, end}');
  }
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new CoreError('invalid-argument', `span [${String(start)}, ${String(end)}): start and end must be integers (code point offsets)`);
  }
  if (start < 0 || end > length || start > end) {
    throw new CoreError('invalid-argument', `span [${start}, ${end}) is out of range: the text has ${length} code points`);
  }
  if (!allowEmpty && start === end) {
    throw new CoreError('invalid-argument', `span [${start}, ${end}) is empty`);
  }
}

/**
 * Grapheme cluster boundaries of one text, built once in O(n). Queries are O(log k) where k is
 * the number of code points inside clusters (marks, joiners…), so O(1) for plain text.
 */
export class GraphemeIndex {
  readonly text: string;
  /** Length of the text in code points. */
  readonly length: number;
  /** Sorted code point positions that are NOT boundaries. */
  private readonly inner: Int32Array;

  /** `known`: the text's length in code points and its positions inside clusters, when already worked out (a text read in pieces). */
  constructor(text: string, known?: { length: number; inner: Int32Array }) {
    this.text = text;
    this.length = known?.length ?? cpLen(text);
    this.inner = known?.inner ?? computeInner(text);
  }

  /** Index in `inner` of the first entry ≥ cp. */
  private lowerBound(cp: number): number {
    return lowerBound(this.inner, cp);
  }

  /** Is `cp` (an integer 0..length) a cluster boundary? */
  isBoundary(cp: number): boolean {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) return false;
    if (this.inner.length === 0) return true;
    return this.inner[this.lowerBound(cp)] !== cp;
  }

  /** The largest boundary ≤ cp. */
  floor(cp: number): number {
    const a = this.inner;
    let j = this.lowerBound(cp);
    let p = cp;
    while (j >= 0 && a[j] === p) {
      p--;
      j--;
    }
    return p;
  }

  /** The smallest boundary ≥ cp. */
  ceil(cp: number): number {
    const a = this.inner;
    let j = this.lowerBound(cp);
    let p = cp;
    while (j < a.length && a[j] === p) {
      p++;
      j++;
    }
    return p;
  }

  /** The code point positions that are not boundaries, ascending (shared: read only). */
  nonBoundaries(): Int32Array {
    return this.inner;
  }

  /** Number of grapheme clusters. */
  get clusterCount(): number {
    return this.length - this.inner.length;
  }

  /** All boundaries, ascending, including 0 and length. */
  boundaries(): number[] {
    const out: number[] = [];
    const a = this.inner;
    let j = 0;
    for (let p = 0; p <= this.length; p++) {
      if (j < a.length && a[j] === p) {
        j++;
        continue;
      }
      out.push(p);
    }
    return out;
  }
}

const cache: GraphemeIndex[] = [];

/** The (cached) grapheme index of `text`. The last few texts are kept. */
export function graphemeIndex(text: string): GraphemeIndex {
  for (const g of cache) if (g.text === text) return g;
  const g = new GraphemeIndex(text);
  cache.unshift(g);
  if (cache.length > 3) cache.pop();
  return g;
}

/** All grapheme cluster boundaries in code points, ascending, including 0 and length. */
export function graphemeBoundaries(text: string): number[] {
  return graphemeIndex(text).boundaries();
}

/** Is code point offset `cp` a grapheme cluster boundary of `text`? (False when out of range.) */
export function isGraphemeBoundary(text: string, cp: number): boolean {
  return graphemeIndex(text).isBoundary(cp);
}

/** Widen `span` to the enclosing cluster boundaries. Throws for out-of-range spans. */
export function snapToGraphemes(text: string, span: Span, index?: GraphemeIndex): Span {
  const g = index && index.text === text ? index : graphemeIndex(text);
  assertSpanInRange(span, g.length);
  return { start: g.floor(span.start), end: g.ceil(span.end) };
}
