/**
 * Corpus agreement from compact columns: the service's path (electron/service/agreementComputer.ts).
 *
 * A corpus's counts, one document at a time (`AgreementCounts`), and `columnarAgreement`; each
 * document's sets are `SpanColumns` (spanColumns.ts: three typed arrays a set, as the store reads
 * them in one query, `store.agreement.setColumns`; types numbered by a `LabelNumbers` shared by the
 * corpus, so 0 is 'O'), matched and labelled there in one pass over its sorted spans, counted into
 * per-pair arrays and token tallies (`tallyTokens`).
 *
 * The figures are exactly those of the object functions (`pairwiseSpanAgreement`,
 * `tokenAgreement`; tested on random Hebrew and Arabic data in columnar.test.ts): the same integer
 * counts go into the same formulas.
 */
import { CoreError } from '../errors';
import type { CorpusResult } from './common';
import type { PairwiseSpanAgreement, SpanAgreement } from './spans';
import { addLabelCounts, addSparsePairCounts, addTokenTally, emptyTokenTally, tokenAgreementFromTally, type LabelNumbers, type SparseLabels, type TokenAgreement, type TokenItems, type TokenTally } from './tokens';
import { addMatchCounts, checkSpans, labelSpans, sortedChecked, sortSpans, spanFigures, typeRanks, W, type SpanColumns } from './spanColumns';

export { spanColumns, type SpanColumns } from './spanColumns';

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

/** Reused buffers, grown as needed (one computation at a time per thread). */
const sparseOf: SparseLabels[] = [];
const denseOf: Int32Array[] = [];

/** One document's own figures (`AgreementCounts.document`). */
export interface DocumentFigures {
  /** Per pair of annotators (as `AgreementCounts.pairs`); null where one of the two did not annotate. */
  spans: Array<SpanAgreement | null>;
  tokens: TokenAgreement;
}

/**
 * The counts of a corpus, one document at a time: corpus agreement's figures are sums of integer
 * counts per document, so a document's counts can be added, and taken back (with the very columns
 * they were added with) when it changes; the figures are then those of counting every document
 * again. A document is given as, per annotator, columns holding its mentions at [from[i], to[i])
 * (whole sets' columns, no object per document), or null for an annotator who did not annotate
 * it. `labels` numbers the types of every set and may grow between calls.
 */
export class AgreementCounts {
  /** Every pair of annotators, a before b in the given order. */
  readonly pairs: ReadonlyArray<readonly [number, number]>;
  private readonly spans: number[][];
  private readonly tokens: TokenTally;
  private rankOf: Int32Array = new Int32Array(0);

  constructor(
    readonly raters: number,
    private readonly labels: LabelNumbers,
  ) {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < raters; i++) for (let j = i + 1; j < raters; j++) pairs.push([i, j]);
    this.pairs = pairs;
    this.spans = pairs.map(() => []);
    this.tokens = emptyTokenTally(raters);
  }

  /** The ranks of the type numbers by name (kept until a type is numbered). */
  rank(): Int32Array {
    if (this.rankOf.length !== this.labels.names.length) this.rankOf = typeRanks(this.labels.names);
    return this.rankOf;
  }

  /**
   * Checks a document's mentions (spans within its `length` code points, no type 'O') and puts
   * each set's [from, to) in mention order, in place: call it once per document on columns the
   * caller owns, before `add`/`document`. Throws CoreError('invalid-argument').
   */
  order(length: number, sets: ReadonlyArray<SpanColumns | null>, from: ArrayLike<number>, to: ArrayLike<number>): void {
    const rank = this.rank();
    sets.forEach((s, i) => {
      if (s !== null && !checkSpans(s, from[i] as number, to[i] as number, rank, length)) sortSpans(s, from[i] as number, to[i] as number, rank);
    });
  }

  /** Adds (1) or takes back (-1) one document's counts (its sets in mention order: `order`). */
  add(items: TokenItems, sets: ReadonlyArray<SpanColumns | null>, from: ArrayLike<number>, to: ArrayLike<number>, sign: 1 | -1): void {
    const rank = this.rank();
    const size = this.labels.names.length * W;
    this.pairs.forEach(([i, j], p) => {
      const a = sets[i];
      const b = sets[j];
      if (!a || !b) return;
      const c = this.spans[p] as number[];
      while (c.length < size) c.push(0);
      addMatchCounts(a, from[i] as number, to[i] as number, b, from[j] as number, to[j] as number, rank, c, sign);
    });
    this.addTokens(this.tokens, items, sets, from, to, rank, sign);
  }

  /** One document's own figures; with `add`, its counts are also added to the corpus. */
  document(items: TokenItems, sets: ReadonlyArray<SpanColumns | null>, from: ArrayLike<number>, to: ArrayLike<number>, add = false): DocumentFigures {
    const rank = this.rank();
    const names = this.labels.names;
    const spans = this.pairs.map(([i, j], p) => {
      const a = sets[i];
      const b = sets[j];
      if (!a || !b) return null;
      const c = new Array<number>(names.length * W).fill(0);
      addMatchCounts(a, from[i] as number, to[i] as number, b, from[j] as number, to[j] as number, rank, c, 1);
      if (add) {
        const into = this.spans[p] as number[];
        while (into.length < c.length) into.push(0);
        for (let k = 0; k < c.length; k++) into[k] = (into[k] as number) + (c[k] as number);
      }
      return spanFigures(c, names);
    });
    const t = emptyTokenTally(this.raters);
    this.addTokens(t, items, sets, from, to, rank, 1);
    if (add) addTokenTally(this.tokens, t);
    return { spans, tokens: tokenAgreementFromTally(t, names) };
  }

  /** The corpus span figures of pair p. */
  spanFigures(p: number): SpanAgreement {
    return spanFigures(this.spans[p] as number[], this.labels.names);
  }

  /** The corpus token figures. */
  tokenFigures(): TokenAgreement {
    return tokenAgreementFromTally(this.tokens, this.labels.names);
  }

  /** Adds (1) or takes back (-1) the token counts of one document to `t`. */
  private addTokens(t: TokenTally, items: TokenItems, sets: ReadonlyArray<SpanColumns | null>, from: ArrayLike<number>, to: ArrayLike<number>, rank: Int32Array, sign: 1 | -1): void {
    const count = items.count;
    while (sparseOf.length < sets.length) sparseOf.push({ n: 0, keys: new Int32Array(256), labels: new Int32Array(256) });
    const sparse = sets.map((s, i) => {
      if (s === null) return null;
      const out = sparseOf[i] as SparseLabels;
      labelSpans(items, s, from[i] as number, to[i] as number, rank, out);
      return out;
    });
    if (this.raters === 2) return addSparsePairCounts(t, count, sparse[0] ?? null, sparse[1] ?? null, sign);
    // three or more annotators: dense columns
    while (denseOf.length < sets.length) denseOf.push(new Int32Array(1024));
    const dense = sparse.map((x, i) => {
      if (x === null) return null;
      let col = denseOf[i] as Int32Array;
      if (col.length < count) denseOf[i] = col = new Int32Array(Math.max(count, 2 * col.length));
      col.fill(0, 0, count);
      for (let k = 0; k < x.n; k++) col[x.keys[k] as number] = x.labels[k] as number;
      return col;
    });
    addLabelCounts(t, dense, count, sign);
  }
}

/**
 * Span agreement for every pair of annotators and token agreement, per document and for the
 * corpus: the figures of `pairwiseSpanAgreement` and `tokenAgreement` over the same mentions.
 * `labels` numbers the types of every set (`labels.names[n]`: the name of type n). With `keep`,
 * only the documents it accepts get their own figures (the corpus counts every document).
 * Throws CoreError('invalid-argument') for a span out of its document's range or a type 'O'.
 */
export function columnarAgreement(annotators: readonly string[], docs: Iterable<ColumnarDocument>, labels: LabelNumbers, keep?: (docId: string) => boolean): ColumnarAgreement {
  const r = annotators.length;
  const counts = new AgreementCounts(r, labels);
  const docSpans: Array<CorpusResult<SpanAgreement>['documents']> = counts.pairs.map(() => []);
  const tokenDocs: CorpusResult<TokenAgreement>['documents'] = [];
  const from = new Array<number>(r).fill(0);
  const to = new Array<number>(r).fill(0);
  for (const d of docs) {
    if (d.sets.length !== r) throw new CoreError('invalid-argument', `document ${d.docId}: ${d.sets.length} annotation sets, expected ${r}`);
    const rank = counts.rank();
    const sets = d.sets.map((s, i) => {
      to[i] = s === null ? 0 : s.count;
      return s === null ? null : sortedChecked(s, rank, d.items.length);
    });
    if (keep !== undefined && !keep(d.docId)) {
      counts.add(d.items, sets, from, to, 1);
      continue;
    }
    const own = counts.document(d.items, sets, from, to, true);
    own.spans.forEach((result, p) => {
      if (result !== null) (docSpans[p] as CorpusResult<SpanAgreement>['documents']).push({ docId: d.docId, result });
    });
    tokenDocs.push({ docId: d.docId, result: own.tokens });
  }
  return {
    spans: counts.pairs.map(([i, j], p) => ({
      a: annotators[i] as string,
      b: annotators[j] as string,
      result: { documents: docSpans[p] as CorpusResult<SpanAgreement>['documents'], corpus: counts.spanFigures(p) },
    })),
    tokens: { documents: tokenDocs, corpus: counts.tokenFigures() },
  };
}
