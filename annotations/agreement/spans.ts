/**
 * Span-level agreement between two sets of entity mentions of one document: A, the reference,
 * and B, the candidate. (For two annotators neither is "gold"; F1 is symmetric, and swapping the
 * sets swaps precision and recall, missing and spurious.)
 *
 * ## Matching (one-to-one, greedy, deterministic)
 *
 * Every pair (a, b) whose spans share at least one code point is a candidate. Candidates are
 * taken in this order, and a pair is kept when neither mention is matched yet:
 *   1. identical span (start and end) before overlapping span;
 *   2. same type before different type;
 *   3. higher overlap ratio (Jaccard: shared code points / code points in the union);
 *   4. more shared code points;
 *   5. mention order (start, end, type, id; strings in code-unit order) of the pair's two
 *      mentions taken as an unordered pair: the smaller of the two first, then the larger, so
 *      that swapping A and B gives the same pairs;
 *   6. position in the A input array, then in the B input array (only decides between
 *      mentions identical in start, end, type and id).
 * So every exact match (same span and type) that can be made is made first (the number of
 * exact matches is the maximum possible: per (start, end, type), min(#A, #B)), then same-span
 * type disagreements, then same-type boundary disagreements (a Hebrew or Arabic prefix included
 * by one side only), then the rest. Nested mentions are ordinary mentions: an inner mention
 * prefers the inner mention of the other set (higher overlap ratio) over the outer one.
 * Duplicates (same span and type twice in a set) are matched one each; a surplus duplicate is
 * missing or spurious. Each mention is in at most one pair; unmatched A mentions are missing,
 * unmatched B mentions spurious.
 *
 * ## Outcomes (SemEval-2013 Task 9.1 scenarios, Segura-Bedmar et al. 2013; as in nervaluate)
 *
 *   I   exact             same span, same type
 *   IV  typeMismatch      same span, different type
 *   V   overlap           overlapping, different span, same type
 *   VI  overlapTypeMismatch  overlapping, different span, different type
 *   III missing           A mention not matched
 *   II  spurious          B mention not matched
 *
 * and the four schemes count them as
 *
 *   scheme   correct   incorrect     partial   (missing = III, spurious = II in all four)
 *   strict   I         IV + V + VI   0
 *   exact    I + IV    V + VI        0         (boundaries only)
 *   partial  I + IV    0             V + VI    (boundaries, overlap gives half credit)
 *   type     I + V     IV + VI       0         (type, any overlap)
 *
 * possible = correct + incorrect + partial + missing (= |A|), actual = correct + incorrect +
 * partial + spurious (= |B|), precision = (correct + ½ partial) / actual, recall = (correct +
 * ½ partial) / possible, F1 = 2 (correct + ½ partial) / (possible + actual) (see `prf`).
 * Unlike nervaluate, matching is one-to-one, so possible and actual always equal the set sizes
 * (nervaluate lets several predictions match one true entity).
 *
 * `exactMatch` is the plain exact-match P/R/F1 (same type, start and end); it equals the strict
 * scheme for the whole set. Per type T it is computed on the mentions of type T only:
 * matched_T / |B_T|, matched_T / |A_T|.
 *
 * Per type, SemEval outcomes are attributed to the type of the A mention (pairs and missing)
 * or of the B mention (spurious), so the per-type counts add up to the overall counts; per type
 * `possible` = |A_T|, but `actual` counts the B mentions matched to an A mention of type T plus
 * the spurious B mentions of type T.
 */
import { checkMention, cmpStr, prf, type CorpusResult, type PRF, type SpanMention } from './common';

export type SpanOutcome = 'exact' | 'typeMismatch' | 'overlap' | 'overlapTypeMismatch';

export interface SpanPair {
  /** Index into the A (reference) input array. */
  a: number;
  /** Index into the B (candidate) input array. */
  b: number;
  outcome: SpanOutcome;
}

export interface SpanMatching<M extends SpanMention = SpanMention> {
  a: readonly M[];
  b: readonly M[];
  /** Matched pairs, in mention order (start, end, type, id, input position) of their A mention. */
  pairs: SpanPair[];
  /** Indices of unmatched A mentions (mention order). */
  missing: number[];
  /** Indices of unmatched B mentions (mention order). */
  spurious: number[];
}

export interface ScenarioCounts {
  exact: number;
  typeMismatch: number;
  overlap: number;
  overlapTypeMismatch: number;
  missing: number;
  spurious: number;
}

export interface SemEvalScores extends PRF {
  correct: number;
  incorrect: number;
  partial: number;
  missing: number;
  spurious: number;
  possible: number;
  actual: number;
}

export interface ExactMatchScores extends PRF {
  /** Mentions matched with the same type, start and end. */
  matched: number;
  /** Mentions in A (of this type). */
  reference: number;
  /** Mentions in B (of this type). */
  candidate: number;
}

export interface SpanScores {
  /** |A| (of this type). */
  reference: number;
  /** |B| (of this type). */
  candidate: number;
  scenarios: ScenarioCounts;
  exactMatch: ExactMatchScores;
  strict: SemEvalScores;
  exact: SemEvalScores;
  partial: SemEvalScores;
  type: SemEvalScores;
}

export interface SpanAgreement extends SpanScores {
  /** Per entity type (every type in A or B), keys in code-unit order. */
  perType: Record<string, SpanScores>;
}

interface Canon {
  order: number[]; // input indices in canonical order
  rank: Int32Array; // input index → canonical rank
}

/** Mention order: start, end, type, id (absent id = ''). */
function cmpMention(x: SpanMention, y: SpanMention): number {
  return x.start - y.start || x.end - y.end || cmpStr(x.type, y.type) || cmpStr(x.id ?? '', y.id ?? '');
}

function canonical(ms: readonly SpanMention[]): Canon {
  const order = ms.map((_, i) => i);
  order.sort((i, j) => cmpMention(ms[i] as SpanMention, ms[j] as SpanMention) || i - j);
  const rank = new Int32Array(ms.length);
  order.forEach((idx, r) => (rank[idx] = r));
  return { order, rank };
}

interface Candidate {
  a: number;
  b: number;
  tier: number; // 0 same span+type, 1 same span, 2 same type, 3 other
  overlap: number;
  union: number;
  /** Ranks (see `jointRanks`) of the pair's smaller and larger mention in mention order. */
  lo: number;
  hi: number;
}

/**
 * Dense ranks of the mentions of both sets in mention order (`cmpMention`; mentions equal in
 * start, end, type and id share a rank), so that comparing two mentions is comparing two numbers.
 */
function jointRanks(a: readonly SpanMention[], ca: Canon, b: readonly SpanMention[], cb: Canon): { ra: Int32Array; rb: Int32Array } {
  const ra = new Int32Array(a.length);
  const rb = new Int32Array(b.length);
  let i = 0;
  let j = 0;
  let rank = -1;
  let prev: SpanMention | null = null;
  while (i < ca.order.length || j < cb.order.length) {
    const x = i < ca.order.length ? (a[ca.order[i] as number] as SpanMention) : null;
    const y = j < cb.order.length ? (b[cb.order[j] as number] as SpanMention) : null;
    const fromA = y === null || (x !== null && cmpMention(x, y) <= 0);
    const m = (fromA ? x : y) as SpanMention;
    if (prev === null || cmpMention(prev, m) !== 0) rank++;
    prev = m;
    if (fromA) ra[ca.order[i++] as number] = rank;
    else rb[cb.order[j++] as number] = rank;
  }
  return { ra, rb };
}

/** Matches two mention sets of one document (see the module comment for the algorithm). */
export function matchSpans<M extends SpanMention>(a: readonly M[], b: readonly M[]): SpanMatching<M> {
  a.forEach((m, i) => checkMention(m, `set A, mention ${i}`));
  b.forEach((m, i) => checkMention(m, `set B, mention ${i}`));
  const ca = canonical(a);
  const cb = canonical(b);
  const { ra, rb } = jointRanks(a, ca, b, cb);
  // B by start, with the running maximum of ends, to find the overlapping B mentions quickly
  const bOrder = cb.order;
  const maxEnd: number[] = [];
  let running = -1;
  for (const j of bOrder) {
    running = Math.max(running, (b[j] as M).end);
    maxEnd.push(running);
  }
  const cands: Candidate[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as M;
    let lo = 0;
    let hi = bOrder.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((maxEnd[mid] as number) <= x.start) lo = mid + 1;
      else hi = mid;
    }
    for (let p = lo; p < bOrder.length; p++) {
      const j = bOrder[p] as number;
      const y = b[j] as M;
      if (y.start >= x.end) break;
      if (y.end <= x.start) continue;
      const sameSpan = x.start === y.start && x.end === y.end;
      const sameType = x.type === y.type;
      const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start);
      const union = Math.max(x.end, y.end) - Math.min(x.start, y.start);
      const rx = ra[i] as number;
      const ry = rb[j] as number;
      cands.push({ a: i, b: j, tier: (sameSpan ? 0 : 2) + (sameType ? 0 : 1), overlap, union, lo: Math.min(rx, ry), hi: Math.max(rx, ry) });
    }
  }
  // By tier, Jaccard, overlap, then the smaller and the larger mention of the pair in mention
  // order (so that the order of candidates, hence the matching, does not depend on which set is
  // A), then input positions.
  cands.sort(
    (p, q) =>
      p.tier - q.tier ||
      q.overlap * p.union - p.overlap * q.union || // higher Jaccard first (exact, integers)
      q.overlap - p.overlap ||
      p.lo - q.lo ||
      p.hi - q.hi ||
      (ca.rank[p.a] as number) - (ca.rank[q.a] as number) ||
      (cb.rank[p.b] as number) - (cb.rank[q.b] as number),
  );
  const usedA = new Uint8Array(a.length);
  const usedB = new Uint8Array(b.length);
  const pairs: SpanPair[] = [];
  const outcomes: SpanOutcome[] = ['exact', 'typeMismatch', 'overlap', 'overlapTypeMismatch'];
  for (const c of cands) {
    if (usedA[c.a] || usedB[c.b]) continue;
    usedA[c.a] = 1;
    usedB[c.b] = 1;
    pairs.push({ a: c.a, b: c.b, outcome: outcomes[c.tier] as SpanOutcome });
  }
  pairs.sort((p, q) => (ca.rank[p.a] as number) - (ca.rank[q.a] as number));
  return {
    a,
    b,
    pairs,
    missing: ca.order.filter((i) => !usedA[i]),
    spurious: cb.order.filter((j) => !usedB[j]),
  };
}

function zeroScenarios(): ScenarioCounts {
  return { exact: 0, typeMismatch: 0, overlap: 0, overlapTypeMismatch: 0, missing: 0, spurious: 0 };
}

/** Raw counts: overall and per type (the input of `scoreSpans`, summable over documents). */
export interface SpanCounts {
  reference: number;
  candidate: number;
  scenarios: ScenarioCounts;
}

function semeval(correct: number, incorrect: number, partial: number, s: ScenarioCounts): SemEvalScores {
  const possible = correct + incorrect + partial + s.missing;
  const actual = correct + incorrect + partial + s.spurious;
  return { correct, incorrect, partial, missing: s.missing, spurious: s.spurious, possible, actual, ...prf(correct + 0.5 * partial, possible, actual) };
}

/** All figures from counts. */
export function scoreSpans(c: SpanCounts): SpanScores {
  const s = c.scenarios;
  return {
    reference: c.reference,
    candidate: c.candidate,
    scenarios: { ...s },
    exactMatch: { matched: s.exact, reference: c.reference, candidate: c.candidate, ...prf(s.exact, c.reference, c.candidate) },
    strict: semeval(s.exact, s.typeMismatch + s.overlap + s.overlapTypeMismatch, 0, s),
    exact: semeval(s.exact + s.typeMismatch, s.overlap + s.overlapTypeMismatch, 0, s),
    partial: semeval(s.exact + s.typeMismatch, 0, s.overlap + s.overlapTypeMismatch, s),
    type: semeval(s.exact + s.overlap, s.typeMismatch + s.overlapTypeMismatch, 0, s),
  };
}

function countsOf(m: SpanMatching): { all: SpanCounts; perType: Map<string, SpanCounts> } {
  const all: SpanCounts = { reference: m.a.length, candidate: m.b.length, scenarios: zeroScenarios() };
  const perType = new Map<string, SpanCounts>();
  const of = (t: string): SpanCounts => {
    let c = perType.get(t);
    if (!c) perType.set(t, (c = { reference: 0, candidate: 0, scenarios: zeroScenarios() }));
    return c;
  };
  for (const x of m.a) of(x.type).reference++;
  for (const y of m.b) of(y.type).candidate++;
  for (const p of m.pairs) {
    all.scenarios[p.outcome]++;
    of((m.a[p.a] as SpanMention).type).scenarios[p.outcome]++;
  }
  for (const i of m.missing) {
    all.scenarios.missing++;
    of((m.a[i] as SpanMention).type).scenarios.missing++;
  }
  for (const j of m.spurious) {
    all.scenarios.spurious++;
    of((m.b[j] as SpanMention).type).scenarios.spurious++;
  }
  return { all, perType };
}

/** Figures from counts: overall and per type (any order; the result's types are in code-unit order). */
export function spanAgreementFromCounts(all: SpanCounts, perType: ReadonlyMap<string, SpanCounts>): SpanAgreement {
  return build(all, perType);
}

function build(all: SpanCounts, perType: ReadonlyMap<string, SpanCounts>): SpanAgreement {
  const out: Record<string, SpanScores> = {};
  for (const t of [...perType.keys()].sort(cmpStr)) out[t] = scoreSpans(perType.get(t) as SpanCounts);
  return { ...scoreSpans(all), perType: out };
}

/** Figures for a matching. */
export function spanAgreementFromMatching(m: SpanMatching): SpanAgreement {
  const { all, perType } = countsOf(m);
  return build(all, perType);
}

/** Span agreement of two mention sets of one document, A as reference. */
export function spanAgreement(a: readonly SpanMention[], b: readonly SpanMention[]): SpanAgreement {
  return spanAgreementFromMatching(matchSpans(a, b));
}

function addCounts(into: SpanCounts, c: SpanCounts): void {
  into.reference += c.reference;
  into.candidate += c.candidate;
  for (const k of Object.keys(into.scenarios) as Array<keyof ScenarioCounts>) into.scenarios[k] += c.scenarios[k];
}

/** Micro-average: sums the counts of several results (overall and per type) and recomputes. */
export function sumSpanAgreements(results: readonly SpanAgreement[]): SpanAgreement {
  const all: SpanCounts = { reference: 0, candidate: 0, scenarios: zeroScenarios() };
  const perType = new Map<string, SpanCounts>();
  for (const r of results) {
    addCounts(all, r);
    for (const [t, c] of Object.entries(r.perType)) {
      let p = perType.get(t);
      if (!p) perType.set(t, (p = { reference: 0, candidate: 0, scenarios: zeroScenarios() }));
      addCounts(p, c);
    }
  }
  return build(all, perType);
}

export interface SpanDocumentPair {
  docId: string;
  a: readonly SpanMention[];
  b: readonly SpanMention[];
}

/**
 * Per document and for the corpus (counts summed over documents, then computed). With `keep`,
 * only the documents it accepts get their own figures (the corpus counts every document): a
 * corpus of thousands of documents need not build thousands of results nobody reads.
 */
export function spanAgreementCorpus(docs: readonly SpanDocumentPair[], keep?: (docId: string) => boolean): CorpusResult<SpanAgreement> {
  const all: SpanCounts = { reference: 0, candidate: 0, scenarios: zeroScenarios() };
  const perType = new Map<string, SpanCounts>();
  const documents: CorpusResult<SpanAgreement>['documents'] = [];
  for (const d of docs) {
    const counts = countsOf(matchSpans(d.a, d.b));
    addCounts(all, counts.all);
    for (const [t, c] of counts.perType) {
      let p = perType.get(t);
      if (!p) perType.set(t, (p = { reference: 0, candidate: 0, scenarios: zeroScenarios() }));
      addCounts(p, c);
    }
    if (keep === undefined || keep(d.docId)) documents.push({ docId: d.docId, result: build(counts.all, counts.perType) });
  }
  return { documents, corpus: build(all, perType) };
}

export interface AnnotatorSetsDocument {
  docId: string;
  /** Mentions by annotator name; an annotator without an entry did not annotate the document. */
  sets: Readonly<Record<string, readonly SpanMention[] | null | undefined>>;
}

export interface PairwiseSpanAgreement {
  /** Reference annotator. */
  a: string;
  /** Candidate annotator. */
  b: string;
  /** Over the documents both annotated (a document missing for either is left out). */
  result: CorpusResult<SpanAgreement>;
}

/** Span agreement for every pair of annotators (a before b in the given order); `keep` as in spanAgreementCorpus. */
export function pairwiseSpanAgreement(annotators: readonly string[], docs: readonly AnnotatorSetsDocument[], keep?: (docId: string) => boolean): PairwiseSpanAgreement[] {
  const out: PairwiseSpanAgreement[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const a = annotators[i] as string;
      const b = annotators[j] as string;
      const pairs: SpanDocumentPair[] = [];
      for (const d of docs) {
        const x = d.sets[a];
        const y = d.sets[b];
        if (x && y) pairs.push({ docId: d.docId, a: x, b: y });
      }
      out.push({ a, b, result: spanAgreementCorpus(pairs, keep) });
    }
  }
  return out;
}
