/**
 * One annotation set of one document as columns (`SpanColumns`: typed arrays of code-point
 * starts, ends and type numbers) and what corpus agreement (columns.ts) does with a document's
 * columns, one pass over its sorted spans each:
 *   - mention order: `checkSpans` / `sortSpans` / `sortedChecked` (start, end, type name);
 *   - span matching: exact matches (same span and type) by merging the two sorted sets, then the
 *     greedy matching of `matchSpans` on what is left (usually the few disagreements), counts kept
 *     per type number in a flat array, W counts a type (`addMatchCounts`, `spanFigures`);
 *   - token labels: the outermost mention per token with one forward pointer over the items
 *     (mentions sorted by start), sparse label numbers (`labelSpans`).
 * No object per mention, per token or per pair; no string compared or hashed per mention.
 * Matching never looks at mention ids: mentions equal in start, end and type are interchangeable
 * for every count, whichever of them a tie-break picks.
 */
import { CoreError } from '../errors';
import { upperBound } from '../text';
import { checkRange, cmpStr } from './common';
import { spanAgreementFromCounts, type SpanAgreement, type SpanCounts } from './spans';
import { OUTSIDE, type LabelNumbers, type SparseLabels, type TokenItems } from './tokens';

/** One set's mentions in one document: spans in code points and type numbers (never 0, 'O'). */
export interface SpanColumns {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly types: Int32Array;
}

/** Columns of mention objects (tests, callers holding objects): types numbered by `labels`. */
export function spanColumns(mentions: ReadonlyArray<{ type: string; start: number; end: number }>, labels: LabelNumbers): SpanColumns {
  return {
    count: mentions.length,
    starts: Int32Array.from(mentions, (m) => m.start),
    ends: Int32Array.from(mentions, (m) => m.end),
    types: Int32Array.from(mentions, (m) => labels.number(m.type)),
  };
}

// per type number, W counts in a flat array
const REF = 0;
const CAND = 1;
const EXACT = 2; // + tier: exact, typeMismatch, overlap, overlapTypeMismatch
const MISSING = 6;
const SPURIOUS = 7;
export const W = 8;

function bump(c: number[], at: number, sign: number): void {
  c[at] = (c[at] as number) + sign;
}

/** The ranks of the type numbers in code-unit order of their names (the mention order's third key). */
export function typeRanks(names: readonly string[]): Int32Array {
  const order = names.map((_, i) => i).sort((i, j) => cmpStr(names[i] as string, names[j] as string));
  const rank = new Int32Array(names.length);
  order.forEach((n, r) => (rank[n] = r));
  return rank;
}

/** Mention order of a[i] against b[j]: start, end, type name. */
function cmpAt(a: SpanColumns, i: number, b: SpanColumns, j: number, rank: Int32Array): number {
  return (
    (a.starts[i] as number) - (b.starts[j] as number) ||
    (a.ends[i] as number) - (b.ends[j] as number) ||
    (rank[a.types[i] as number] as number) - (rank[b.types[j] as number] as number)
  );
}

/**
 * Checks the mentions [from, to) of `s` (spans within `length` code points, no type 'O'; the
 * errors of `tokenLabelColumn`, numbered from `from`) and says whether they are in mention order
 * (start, end, type name).
 */
export function checkSpans(s: SpanColumns, from: number, to: number, rank: Int32Array, length: number): boolean {
  const { starts, ends, types } = s;
  let sorted = true;
  for (let i = from; i < to; i++) {
    const st = starts[i] as number;
    const en = ends[i] as number;
    if (!(st >= 0 && st < en && en <= length)) checkRange(st, en, `mention ${i - from}`, length);
    const t = types[i] as number;
    if (t === 0) throw new CoreError('invalid-argument', `mention ${i - from}: the type name '${OUTSIDE}' is reserved for tokens outside every mention`);
    if (rank[t] === undefined) throw new CoreError('invalid-argument', `mention ${i - from}: type number ${t} has no name`);
    if (sorted && i > from && cmpAt(s, i - 1, s, i, rank) > 0) sorted = false;
  }
  return sorted;
}

/** Puts the mentions [from, to) of `s` in mention order, in place (ties keep their order). */
export function sortSpans(s: SpanColumns, from: number, to: number, rank: Int32Array): void {
  const { starts, ends, types } = s;
  const n = to - from;
  if (n <= 32) {
    for (let i = from + 1; i < to; i++) {
      const st = starts[i] as number;
      const en = ends[i] as number;
      const ty = types[i] as number;
      const rt = rank[ty] as number;
      let j = i - 1;
      for (; j >= from; j--) {
        const d = (starts[j] as number) - st || (ends[j] as number) - en || (rank[types[j] as number] as number) - rt;
        if (d <= 0) break;
        starts[j + 1] = starts[j] as number;
        ends[j + 1] = ends[j] as number;
        types[j + 1] = types[j] as number;
      }
      starts[j + 1] = st;
      ends[j + 1] = en;
      types[j + 1] = ty;
    }
    return;
  }
  const order = Array.from({ length: n }, (_, k) => from + k).sort((i, j) => cmpAt(s, i, s, j, rank) || i - j);
  const st = starts.slice(from, to);
  const en = ends.slice(from, to);
  const ty = types.slice(from, to);
  order.forEach((i, k) => {
    starts[from + k] = st[i - from] as number;
    ends[from + k] = en[i - from] as number;
    types[from + k] = ty[i - from] as number;
  });
}

/**
 * `s` checked (see checkSpans) and in mention order: as it is when already sorted, else a sorted
 * copy (the caller's columns are left as they are).
 */
export function sortedChecked(s: SpanColumns, rank: Int32Array, length: number): SpanColumns {
  if (checkSpans(s, 0, s.count, rank, length)) return s;
  const copy = { count: s.count, starts: s.starts.slice(0, s.count), ends: s.ends.slice(0, s.count), types: s.types.slice(0, s.count) };
  sortSpans(copy, 0, copy.count, rank);
  return copy;
}

/** Reused buffers, grown as needed (one computation at a time per thread). */
let usedA: Uint8Array = new Uint8Array(64);
let usedB: Uint8Array = new Uint8Array(64);
/** Per item, the outermost mention so far; -1 between calls. */
let best: Int32Array = new Int32Array(1024).fill(-1);

function bytesAtLeast(x: Uint8Array, n: number): Uint8Array {
  return x.length >= n ? x : new Uint8Array(Math.max(n, 2 * x.length));
}

/**
 * Adds (sign 1) or takes back (-1) the matching counts of A's mentions [a0, a1) against B's
 * [b0, b1) (both in mention order) per type number to `c` (W per type): the outcomes of
 * `matchSpans` (see spans.ts): exact matches first — per (start, end, type) as many as both sets
 * have, found by merging — then the other candidates, among the mentions left, in matchSpans'
 * order (tier, overlap ratio, overlap, the pair's mentions in mention order, then positions).
 */
export function addMatchCounts(a: SpanColumns, a0: number, a1: number, b: SpanColumns, b0: number, b1: number, rank: Int32Array, c: number[], sign: number): void {
  const na = a1 - a0;
  const nb = b1 - b0;
  for (let i = a0; i < a1; i++) bump(c, (a.types[i] as number) * W + REF, sign);
  for (let j = b0; j < b1; j++) bump(c, (b.types[j] as number) * W + CAND, sign);
  usedA = bytesAtLeast(usedA, na);
  usedB = bytesAtLeast(usedB, nb);
  const ua = usedA;
  const ub = usedB;
  let left = 0;
  for (let i = a0, j = b0; i < a1 && j < b1; ) {
    const d = cmpAt(a, i, b, j, rank);
    if (d < 0) i++;
    else if (d > 0) j++;
    else {
      ua[i - a0] = 1;
      ub[j - b0] = 1;
      bump(c, (a.types[i] as number) * W + EXACT, sign);
      left++;
      i++;
      j++;
    }
  }
  if (left < na && left < nb) matchRest(a, a0, a1, b, b0, b1, ua, ub, rank, c, sign);
  for (let i = a0; i < a1; i++) {
    if (!ua[i - a0]) bump(c, (a.types[i] as number) * W + MISSING, sign);
    ua[i - a0] = 0;
  }
  for (let j = b0; j < b1; j++) {
    if (!ub[j - b0]) bump(c, (b.types[j] as number) * W + SPURIOUS, sign);
    ub[j - b0] = 0;
  }
}

/** The greedy matching of the mentions not matched exactly (see addMatchCounts); usedA/B are relative to a0/b0. */
function matchRest(a: SpanColumns, a0: number, a1: number, b: SpanColumns, b0: number, b1: number, usedA: Uint8Array, usedB: Uint8Array, rank: Int32Array, c: number[], sign: number): void {
  const la: number[] = [];
  const lb: number[] = [];
  for (let i = a0; i < a1; i++) if (!usedA[i - a0]) la.push(i);
  for (let j = b0; j < b1; j++) if (!usedB[j - b0]) lb.push(j);
  // dense ranks of the mentions left, both sets together, in mention order
  const ra = new Int32Array(la.length);
  const rb = new Int32Array(lb.length);
  let prev: SpanColumns | null = null;
  let prevAt = -1;
  for (let x = 0, y = 0, r = -1; x < la.length || y < lb.length; ) {
    const fromA = y >= lb.length || (x < la.length && cmpAt(a, la[x] as number, b, lb[y] as number, rank) <= 0);
    const cols = fromA ? a : b;
    const at = (fromA ? la[x] : lb[y]) as number;
    if (prev === null || cmpAt(prev, prevAt, cols, at, rank) !== 0) r++;
    prev = cols;
    prevAt = at;
    if (fromA) ra[x++] = r;
    else rb[y++] = r;
  }
  // B left by start, with the running maximum of ends
  const maxEnd = new Int32Array(lb.length);
  for (let y = 0, m = -1; y < lb.length; y++) maxEnd[y] = m = Math.max(m, b.ends[lb[y] as number] as number);
  const cA: number[] = [];
  const cB: number[] = [];
  const tier: number[] = [];
  const overlap: number[] = [];
  const union: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let x = 0; x < la.length; x++) {
    const i = la[x] as number;
    const s = a.starts[i] as number;
    const e = a.ends[i] as number;
    const t = a.types[i] as number;
    for (let p = upperBound(maxEnd, s, lb.length); p < lb.length; p++) {
      const j = lb[p] as number;
      const bs = b.starts[j] as number;
      const be = b.ends[j] as number;
      if (bs >= e) break;
      if (be <= s) continue;
      cA.push(x);
      cB.push(p);
      tier.push((bs === s && be === e ? 0 : 2) + (b.types[j] === t ? 0 : 1));
      overlap.push(Math.min(e, be) - Math.max(s, bs));
      union.push(Math.max(e, be) - Math.min(s, bs));
      const rx = ra[x] as number;
      const ry = rb[p] as number;
      lo.push(Math.min(rx, ry));
      hi.push(Math.max(rx, ry));
    }
  }
  const order = Int32Array.from(cA, (_, k) => k).sort(
    (p, q) =>
      (tier[p] as number) - (tier[q] as number) ||
      (overlap[q] as number) * (union[p] as number) - (overlap[p] as number) * (union[q] as number) ||
      (overlap[q] as number) - (overlap[p] as number) ||
      (lo[p] as number) - (lo[q] as number) ||
      (hi[p] as number) - (hi[q] as number) ||
      (cA[p] as number) - (cA[q] as number) ||
      (cB[p] as number) - (cB[q] as number),
  );
  for (const k of order) {
    const i = la[cA[k] as number] as number;
    const j = lb[cB[k] as number] as number;
    if (usedA[i - a0] || usedB[j - b0]) continue;
    usedA[i - a0] = 1;
    usedB[j - b0] = 1;
    bump(c, (a.types[i] as number) * W + EXACT + (tier[k] as number), sign);
  }
}

/**
 * The token labels of the mentions [from, to) of `s` (in mention order), as `tokenLabelColumn`,
 * sparse: into `out`, the items some mention overlaps, ascending, each with the type number of
 * the outermost one (longest; then earliest start; then type name); every other item is 0.
 * (Items are first reached in ascending order: mentions come by start, and the one reaching
 * furthest so far covers every item from the current start to its end.)
 */
export function labelSpans(items: TokenItems, s: SpanColumns, from: number, to: number, rank: Int32Array, out: SparseLabels): void {
  const { count, starts, ends } = items;
  if (best.length < count) best = new Int32Array(Math.max(count, 2 * best.length)).fill(-1);
  const b = best;
  let n = 0;
  let keys = out.keys;
  for (let i = from, k0 = 0; i < to; i++) {
    const ms = s.starts[i] as number;
    const me = s.ends[i] as number;
    // the first item ending after ms (items are in text order, starts and ends ascending)
    for (let hi = count; k0 < hi; ) {
      const mid = (k0 + hi) >>> 1;
      if ((ends[mid] as number) <= ms) k0 = mid + 1;
      else hi = mid;
    }
    for (let k = k0; k < count && (starts[k] as number) < me; k++) {
      const cur = b[k] as number;
      if (cur < 0) {
        b[k] = i;
        if (n === keys.length) {
          const grown = new Int32Array(2 * keys.length);
          grown.set(keys);
          out.keys = keys = grown;
        }
        keys[n++] = k;
        continue;
      }
      const lx = me - ms;
      const ly = (s.ends[cur] as number) - (s.starts[cur] as number);
      const cs = s.starts[cur] as number;
      if (lx !== ly ? lx > ly : ms !== cs ? ms < cs : (rank[s.types[i] as number] as number) < (rank[s.types[cur] as number] as number)) b[k] = i;
    }
  }
  if (out.labels.length < keys.length) out.labels = new Int32Array(keys.length);
  const labels = out.labels;
  for (let k = 0; k < n; k++) {
    const at = keys[k] as number;
    labels[k] = s.types[b[at] as number] as number;
    b[at] = -1;
  }
  out.n = n;
}

/** The figures of counts (W per type number). */
export function spanFigures(c: readonly number[], names: readonly string[]): SpanAgreement {
  const all: SpanCounts = { reference: 0, candidate: 0, scenarios: { exact: 0, typeMismatch: 0, overlap: 0, overlapTypeMismatch: 0, missing: 0, spurious: 0 } };
  const perType = new Map<string, SpanCounts>();
  for (let t = 0; t * W < c.length; t++) {
    const at = t * W;
    const reference = c[at + REF] as number;
    const candidate = c[at + CAND] as number;
    if (reference + candidate === 0) continue;
    const scenarios = {
      exact: c[at + EXACT] as number,
      typeMismatch: c[at + EXACT + 1] as number,
      overlap: c[at + EXACT + 2] as number,
      overlapTypeMismatch: c[at + EXACT + 3] as number,
      missing: c[at + MISSING] as number,
      spurious: c[at + SPURIOUS] as number,
    };
    perType.set(names[t] as string, { reference, candidate, scenarios });
    all.reference += reference;
    all.candidate += candidate;
    for (const k of Object.keys(scenarios) as Array<keyof typeof scenarios>) all.scenarios[k] += scenarios[k];
  }
  return spanAgreementFromCounts(all, perType);
}
