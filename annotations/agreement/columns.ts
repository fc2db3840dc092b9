/**
 * Corpus agreement from compact columns: the service's path (electron/service/agreement.ts).
 *
 * Each annotation set of each document is three typed arrays — code-point starts, ends and type
 * numbers (a `LabelNumbers` shared by the corpus, so 0 is 'O') — as the store reads them in one
 * query per set (`store.agreement.spanColumns`). Each document is one pass over its sorted spans:
 *   - span matching: exact matches (same span and type) by merging the two sorted sets, then the
 *     greedy matching of `matchSpans` on what is left (usually the few disagreements), counts kept
 *     per type number in a flat array;
 *   - token labels: the outermost mention per token with one forward pointer over the items
 *     (mentions sorted by start), label numbers into an Int32Array, counted by `tallyTokens`.
 * No object per mention, per token or per pair; no string compared or hashed per mention.
 *
 * The figures are exactly those of the object functions (`pairwiseSpanAgreement`,
 * `tokenAgreement`; tested on random Hebrew and Arabic data in columnar.test.ts): the same integer
 * counts go into the same formulas. Matching never looks at mention ids: mentions equal in start,
 * end and type are interchangeable for every count, whichever of them a tie-break picks.
 */
import { CoreError } from '../errors';
import { checkRange, cmpStr, type CorpusResult } from './common';
import { spanAgreementFromCounts, type PairwiseSpanAgreement, type SpanAgreement, type SpanCounts } from './spans';
import { addTokenCounts, addTokenTally, emptyTokenTally, OUTSIDE, tallyTokens, tokenAgreementFromTally, type LabelNumbers, type TokenAgreement, type TokenItems } from './tokens';

/** One set's mentions in one document: spans in code points and type numbers (never 0, 'O'). */
export interface SpanColumns {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly types: Int32Array;
}

export interface ColumnarDocument {
  docId: string;
  /** The document's token items (`agreementItems` of its text). */
  items: TokenItems;
  /** One entry per annotator, in the same order for every document; null = not annotated. */
  sets: ReadonlyArray<SpanColumns | null>;
}

export interface ColumnarAgreement {
  /** Every pair of annotators (a before b in the given order), as `pairwiseSpanAgreement`. */
  spans: PairwiseSpanAgreement[];
  /** As `tokenAgreement`. */
  tokens: CorpusResult<TokenAgreement>;
}

// per type number, W counts in a flat array
const REF = 0;
const CAND = 1;
const EXACT = 2; // + tier: exact, typeMismatch, overlap, overlapTypeMismatch
const MISSING = 6;
const SPURIOUS = 7;
const W = 8;

function bump(c: number[], at: number): void {
  c[at] = (c[at] as number) + 1;
}

/** The ranks of the type numbers in code-unit order of their names (the mention order's third key). */
function typeRanks(names: readonly string[]): Int32Array {
  const order = names.map((_, i) => i).sort((i, j) => cmpStr(names[i] as string, names[j] as string));
  const rank = new Int32Array(names.length);
  order.forEach((n, r) => (rank[n] = r));
  return rank;
}

/**
 * `s` checked (spans within `length` code points, no type 'O'; the errors of `tokenLabelColumn`)
 * and in mention order (start, end, type name): as it is when already sorted, else sorted.
 */
function sortedChecked(s: SpanColumns, rank: Int32Array, length: number): SpanColumns {
  const { count, starts, ends, types } = s;
  let sorted = true;
  for (let i = 0; i < count; i++) {
    const st = starts[i] as number;
    const en = ends[i] as number;
    if (!(st >= 0 && st < en && en <= length)) checkRange(st, en, `mention ${i}`, length);
    const t = types[i] as number;
    if (t === 0) throw new CoreError('invalid-argument', `mention ${i}: the type name '${OUTSIDE}' is reserved for tokens outside every mention`);
    if (rank[t] === undefined) throw new CoreError('invalid-argument', `mention ${i}: type number ${t} has no name`);
    if (sorted && i > 0) {
      const ps = starts[i - 1] as number;
      const pe = ends[i - 1] as number;
      if (ps > st || (ps === st && (pe > en || (pe === en && (rank[types[i - 1] as number] as number) > (rank[t] as number))))) sorted = false;
    }
  }
  if (sorted) return s;
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (i, j) => (starts[i] as number) - (starts[j] as number) || (ends[i] as number) - (ends[j] as number) || (rank[types[i] as number] as number) - (rank[types[j] as number] as number) || i - j,
  );
  return {
    count,
    starts: Int32Array.from(order, (i) => starts[i] as number),
    ends: Int32Array.from(order, (i) => ends[i] as number),
    types: Int32Array.from(order, (i) => types[i] as number),
  };
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
 * Adds the matching counts of A against B (both sorted) per type number to `c` (W per type):
 * the outcomes of `matchSpans` (see spans.ts): exact matches first — per (start, end, type) as
 * many as both sets have, found by merging — then the other candidates, among the mentions left,
 * in matchSpans' order (tier, overlap ratio, overlap, the pair's mentions in mention order, then
 * positions).
 */
function addMatchCounts(a: SpanColumns, b: SpanColumns, rank: Int32Array, c: number[]): void {
  const na = a.count;
  const nb = b.count;
  for (let i = 0; i < na; i++) bump(c, (a.types[i] as number) * W + REF);
  for (let j = 0; j < nb; j++) bump(c, (b.types[j] as number) * W + CAND);
  const usedA = new Uint8Array(na);
  const usedB = new Uint8Array(nb);
  let left = 0;
  for (let i = 0, j = 0; i < na && j < nb; ) {
    const d = cmpAt(a, i, b, j, rank);
    if (d < 0) i++;
    else if (d > 0) j++;
    else {
      usedA[i] = 1;
      usedB[j] = 1;
      bump(c, (a.types[i] as number) * W + EXACT);
      left++;
      i++;
      j++;
    }
  }
  if (left < na && left < nb) matchRest(a, b, usedA, usedB, rank, c);
  for (let i = 0; i < na; i++) if (!usedA[i]) bump(c, (a.types[i] as number) * W + MISSING);
  for (let j = 0; j < nb; j++) if (!usedB[j]) bump(c, (b.types[j] as number) * W + SPURIOUS);
}

/** The greedy matching of the mentions not matched exactly (see addMatchCounts). */
function matchRest(a: SpanColumns, b: SpanColumns, usedA: Uint8Array, usedB: Uint8Array, rank: Int32Array, c: number[]): void {
  const la: number[] = [];
  const lb: number[] = [];
  for (let i = 0; i < a.count; i++) if (!usedA[i]) la.push(i);
  for (let j = 0; j < b.count; j++) if (!usedB[j]) lb.push(j);
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
    let p = 0;
    let q = lb.length;
    while (p < q) {
      const mid = (p + q) >>> 1;
      if ((maxEnd[mid] as number) <= s) p = mid + 1;
      else q = mid;
    }
    for (; p < lb.length; p++) {
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
    if (usedA[i] || usedB[j]) continue;
    usedA[i] = 1;
    usedB[j] = 1;
    bump(c, (a.types[i] as number) * W + EXACT + (tier[k] as number));
  }
}

/**
 * The token labels of one sorted set (as `tokenLabelColumn`): per item, the type number of the
 * outermost mention overlapping it (longest; then earliest start; then type name), else 0.
 */
function labelColumn(items: TokenItems, s: SpanColumns, rank: Int32Array): Int32Array {
  const { count, starts, ends } = items;
  const best = new Int32Array(count).fill(-1);
  for (let i = 0, k0 = 0; i < s.count; i++) {
    const ms = s.starts[i] as number;
    const me = s.ends[i] as number;
    while (k0 < count && (ends[k0] as number) <= ms) k0++;
    for (let k = k0; k < count && (starts[k] as number) < me; k++) {
      const cur = best[k] as number;
      if (cur < 0) {
        best[k] = i;
        continue;
      }
      const lx = me - ms;
      const ly = (s.ends[cur] as number) - (s.starts[cur] as number);
      const cs = s.starts[cur] as number;
      if (lx !== ly ? lx > ly : ms !== cs ? ms < cs : (rank[s.types[i] as number] as number) < (rank[s.types[cur] as number] as number)) best[k] = i;
    }
  }
  const out = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const b = best[k] as number;
    if (b >= 0) out[k] = s.types[b] as number;
  }
  return out;
}

/** The figures of counts (W per type number). */
function spanFigures(c: readonly number[], names: readonly string[]): SpanAgreement {
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

/**
 * Span agreement for every pair of annotators and token agreement, per document and for the
 * corpus: the figures of `pairwiseSpanAgreement` and `tokenAgreement` over the same mentions.
 * `labels` numbers the types of every set (`labels.names[n]`: the name of type n). With `keep`,
 * only the documents it accepts get their own figures (the corpus counts every document).
 * Throws CoreError('invalid-argument') for a span out of its document's range or a type 'O'.
 */
export function columnarAgreement(annotators: readonly string[], docs: Iterable<ColumnarDocument>, labels: LabelNumbers, keep?: (docId: string) => boolean): ColumnarAgreement {
  const names = labels.names;
  const rank = typeRanks(names);
  const r = annotators.length;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < r; i++) for (let j = i + 1; j < r; j++) pairs.push([i, j]);
  const corpusSpans = pairs.map(() => new Array<number>(names.length * W).fill(0));
  const docSpans: Array<CorpusResult<SpanAgreement>['documents']> = pairs.map(() => []);
  const tokenCorpus = emptyTokenTally(r);
  const tokenDocs: CorpusResult<TokenAgreement>['documents'] = [];
  for (const d of docs) {
    if (d.sets.length !== r) throw new CoreError('invalid-argument', `document ${d.docId}: ${d.sets.length} annotation sets, expected ${r}`);
    const own = keep === undefined || keep(d.docId);
    const sets = d.sets.map((s) => (s === null ? null : sortedChecked(s, rank, d.items.length)));
    pairs.forEach(([i, j], p) => {
      const a = sets[i];
      const b = sets[j];
      if (!a || !b) return;
      const into = corpusSpans[p] as number[];
      if (!own) return addMatchCounts(a, b, rank, into);
      const c = new Array<number>(names.length * W).fill(0);
      addMatchCounts(a, b, rank, c);
      for (let k = 0; k < c.length; k++) into[k] = (into[k] as number) + (c[k] as number);
      (docSpans[p] as CorpusResult<SpanAgreement>['documents']).push({ docId: d.docId, result: spanFigures(c, names) });
    });
    const columns = sets.map((s) => (s === null ? null : labelColumn(d.items, s, rank)));
    if (!own) addTokenCounts(tokenCorpus, columns, d.items.count);
    else {
      const t = tallyTokens(columns, d.items.count);
      addTokenTally(tokenCorpus, t);
      tokenDocs.push({ docId: d.docId, result: tokenAgreementFromTally(t, names) });
    }
  }
  return {
    spans: pairs.map(([i, j], p) => ({
      a: annotators[i] as string,
      b: annotators[j] as string,
      result: { documents: docSpans[p] as CorpusResult<SpanAgreement>['documents'], corpus: spanFigures(corpusSpans[p] as number[], names) },
    })),
    tokens: { documents: tokenDocs, corpus: tokenAgreementFromTally(tokenCorpus, names) },
  };
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
