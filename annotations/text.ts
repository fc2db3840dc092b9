/**
 * Code points vs UTF-16. Every offset Qalam stores is a code point index; JavaScript strings
 * index UTF-16 code units. This is the one place that converts between them.
 *
 * A code point here is what `for (const ch of s)` yields: a well-formed surrogate pair is one
 * code point, a lone surrogate is one code point too.
 */
import { CoreError } from './errors';

/** The index of the first entry of the ascending `a` that is ≥ x (a.length when none is). */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first of the first `n` entries of the ascending `a` that is > x (`n` when none is). */
export function upperBound(a: ArrayLike<number>, x: number, n: number = a.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first index in [0, n) for which `before(i)` is false, given that it is true for a prefix
 * of the range and false after it (`n` when it is true throughout): a binary search for arrays of
 * records, where `lowerBound`/`upperBound` take numbers.
 */
export function partitionPoint(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isHigh(u: number): boolean {
  return u >= 0xd800 && u <= 0xdbff;
}
function isLow(u: number): boolean {
  return u >= 0xdc00 && u <= 0xdfff;
}

/** Number of code points in `s`. Linear, no allocation. */
export function cpLength(s: string): number {
  const n = s.length;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < n && isLow(s.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return n - pairs;
}

/**
 * Like `String.prototype.slice` but with code point offsets (non-negative; clamped to the
 * length; `end` defaults to the end). O(end): for many slices of one big text use OffsetMap.
 */
export function cpSlice(s: string, start: number, end?: number): string {
  const n = s.length;
  const from = Math.max(0, start);
  const to = end === undefined ? Infinity : end;
  if (!(to > from)) return '';
  let cp = 0;
  let i = 0;
  while (i < n && cp < from) {
    i += isHigh(s.charCodeAt(i)) && i + 1 < n && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
    cp++;
  }
  const u0 = i;
  if (to === Infinity) return s.slice(u0);
  while (i < n && cp < to) {
    i += isHigh(s.charCodeAt(i)) && i + 1 < n && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
    cp++;
  }
  return s.slice(u0, i);
}

/**
 * Converts between code point and UTF-16 offsets of one text. Built once per text in O(n);
 * conversions are O(1) for texts without astral characters and O(log k) otherwise
 * (k = number of astral characters).
 */
export class OffsetMap {
  /** Length of the text in code points. */
  readonly length: number;
  /** Length of the text in UTF-16 code units. */
  readonly utf16Length: number;
  /** UTF-16 index of each astral character (surrogate pair), ascending. */
  private readonly astralU: Int32Array;
  /** Code point index of each astral character, ascending. */
  private readonly astralCp: Int32Array;
  readonly text: string;

  /** `astral`: the UTF-16 index of each astral character of `text`, ascending, when already known (else `text` is read for them). */
  constructor(text: string, astral?: Int32Array) {
    this.text = text;
    const n = text.length;
    this.utf16Length = n;
    if (astral === undefined) {
      const positions: number[] = [];
      for (let i = 0; i < n; i++) {
        const u = text.charCodeAt(i);
        if (u >= 0xd800 && u <= 0xdbff && i + 1 < n && isLow(text.charCodeAt(i + 1))) {
          positions.push(i);
          i++;
        }
      }
      astral = Int32Array.from(positions);
    }
    const k = astral.length;
    this.astralU = astral;
    this.astralCp = new Int32Array(k);
    for (let j = 0; j < k; j++) this.astralCp[j] = (astral[j] as number) - j;
    this.length = n - k;
  }

  /** The UTF-16 index of each astral character (surrogate pair), ascending (shared: read only). */
  astralUnits(): Int32Array {
    return this.astralU;
  }

  /** True when code point and UTF-16 offsets coincide (no astral characters). */
  get isIdentity(): boolean {
    return this.astralU.length === 0;
  }

  /** UTF-16 offset of code point offset `cp` (0 ≤ cp ≤ length). */
  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) {
      throw new CoreError('invalid-argument', `code point offset ${cp} is out of range 0..${this.length}`);
    }
    const a = this.astralCp;
    if (a.length === 0) return cp;
    // number of astral characters that start before cp
    return cp + lowerBound(a, cp);
  }

  /**
   * Code point offset of UTF-16 offset `u` (0 ≤ u ≤ utf16Length). An offset between the two
   * halves of a surrogate pair maps to the start of that character.
   */
  toCp(u: number): number {
    if (!Number.isInteger(u) || u < 0 || u > this.utf16Length) {
      throw new CoreError('invalid-argument', `UTF-16 offset ${u} is out of range 0..${this.utf16Length}`);
    }
    const a = this.astralU;
    if (a.length === 0) return u;
    return u - lowerBound(a, u);
  }

  /** The text between two code point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}
