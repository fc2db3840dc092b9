/**
 * Token-level agreement.
 *
 * Items are the document's word and number tokens from the core's `tokenize` (punctuation is
 * not an item). Each annotator labels each token with the type of the OUTERMOST of their
 * mentions that overlaps it by at least one code point, or 'O' when none does. Outermost = the
 * longest mention (in code points); ties → earlier start, then the smaller type name (code-unit
 * order). A mention of part of a word therefore labels the whole word: `קזחסטן` inside
 * `בקזחסטן` labels the token `בקזחסטן`, so a prefix boundary disagreement is NOT a token-level
 * disagreement (it is a span-level one: SemEval `partial`). A type named 'O' is refused.
 *
 * For a corpus the documents' tokens are concatenated into one list of items (micro), and every
 * figure says how many items it is based on. An annotator who did not annotate a document (null
 * set) has missing values on all its tokens: Krippendorff's alpha uses them as such, Cohen's
 * kappa uses the tokens both raters labelled, Fleiss' kappa the tokens every rater labelled.
 *
 * `tokenAgreement` computes column by column: a document's items are typed arrays of offsets
 * (`agreementItems`), each annotator's labels a typed array of label numbers (`tokenLabelColumn`,
 * 0 = 'O', numbered by a `LabelNumbers` shared by the corpus), and the coefficients come from
 * counts (`tallyTokens`), which add up over documents (`addTokenTally`). It gives exactly the
 * figures of the row-by-row way (`tokenRatings` + `tokenAgreementFromRatings`, kept for any rating
 * matrix): the same integer counts go into the same formulas. The one exception is Krippendorff's
 * alpha with four or more annotators and missing values, where Σ_u D_u/(m_u − 1) is now summed
 * exactly per m_u and may differ from the item-by-item sum in the last bits.
 */
import { CoreError } from '../errors';
import { cpLength } from '../text';
import { tokenArrays, tokenize, type Token } from '../tokenize';
import { checkMention, cmpStr, type CorpusResult, type SpanMention } from './common';
import { cohenKappa, fleissKappa, krippendorffAlpha, observedAgreement, type Coefficient, type RatingMatrix } from './coefficients';
import { labelDistribution, type LabelCount } from './charts';

/** The label of a token outside every mention. */
export const OUTSIDE = 'O';

/** The items of token-level agreement: the word and number tokens of `text`, in order. */
export function agreementTokens(text: string): Token[] {
  return tokenize(text).filter((t) => t.kind !== 'punct');
}

/** Is mention x "outer" to mention y (longer; then earlier start; then smaller type)? */
function outer(x: SpanMention, y: SpanMention): boolean {
  const lx = x.end - x.start;
  const ly = y.end - y.start;
  if (lx !== ly) return lx > ly;
  if (x.start !== y.start) return x.start < y.start;
  return x.type < y.type;
}

/**
 * One label per item token of `text` (see `agreementTokens`): the type of the outermost mention
 * overlapping the token, or 'O'. Throws CoreError('invalid-argument') for a span out of the
 * text's range or a mention typed 'O'.
 */
export function tokenLabels(text: string, mentions: readonly SpanMention[], tokens: readonly Token[] = agreementTokens(text)): string[] {
  const length = cpLength(text);
  const best: Array<SpanMention | undefined> = new Array<SpanMention | undefined>(tokens.length);
  mentions.forEach((m, i) => {
    checkMention(m, `mention ${i}`, length);
    if (m.type === OUTSIDE) throw new CoreError('invalid-argument', `mention ${i}: the type name '${OUTSIDE}' is reserved for tokens outside every mention`);
    // first token ending after m.start
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((tokens[mid] as Token).end <= m.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < tokens.length && (tokens[k] as Token).start < m.end; k++) {
      const cur = best[k];
      if (cur === undefined || outer(m, cur)) best[k] = m;
    }
  });
  const out: string[] = new Array<string>(tokens.length);
  for (let k = 0; k < tokens.length; k++) out[k] = best[k]?.type ?? OUTSIDE;
  return out;
}

export interface TokenDocument {
  docId: string;
  text: string;
  /** One entry per annotator, in the same order for every document; null = not annotated. */
  sets: ReadonlyArray<readonly SpanMention[] | null>;
}

/** The rating matrix of one document: one row per item token, one column per annotator. */
export function tokenRatings(doc: TokenDocument): Array<Array<string | null>> {
  const tokens = agreementTokens(doc.text);
  const cols = doc.sets.map((s) => (s === null ? null : tokenLabels(doc.text, s, tokens)));
  const rows: Array<Array<string | null>> = new Array<Array<string | null>>(tokens.length);
  for (let k = 0; k < tokens.length; k++) rows[k] = cols.map((c) => (c === null ? null : (c[k] as string)));
  return rows;
}

export interface TokenAgreement {
  annotators: number;
  /** Item tokens (rows), whether or not rated. */
  items: number;
  /** Cohen's kappa; only for exactly two annotators (else null, 'not-two-raters'). */
  cohen: Coefficient;
  /** Krippendorff's alpha, nominal. */
  alpha: Coefficient;
  /** Fleiss' kappa over the tokens every annotator labelled (Scott's pi for two annotators). */
  fleiss: Coefficient;
  /** Observed agreement (1 − Do of alpha). */
  observed: Coefficient;
  /** Token label distribution per annotator (column), labels in code-unit order. */
  distribution: LabelCount[][];
}

/** All token-level figures of one rating matrix (annotators = its column count). */
export function tokenAgreementFromRatings(m: RatingMatrix, annotators: number = m[0]?.length ?? 0): TokenAgreement {
  if (m.some((row) => row.length !== annotators)) throw new CoreError('invalid-argument', `every item needs ${annotators} ratings`);
  const column = (c: number): Array<string | null> => m.map((row) => row[c] as string | null);
  const cohen: Coefficient = annotators === 2 ? cohenKappa(column(0), column(1)) : { value: null, reason: 'not-two-raters', items: 0, observed: null, expected: null };
  const distribution: LabelCount[][] = [];
  for (let c = 0; c < annotators; c++) distribution.push(labelDistribution(column(c)));
  return {
    annotators,
    items: m.length,
    cohen,
    alpha: krippendorffAlpha(m),
    fleiss: fleissKappa(m),
    observed: observedAgreement(m),
    distribution,
  };
}

// ---- columnar: typed arrays of label numbers, coefficients from counts ----------------------------

/** The items of one text (see `agreementTokens`) as typed arrays of code-point offsets. */
export interface TokenItems {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The text's length in code points (mentions are checked against it). */
  readonly length: number;
}

/** The items of `text`: its word and number tokens, in order (the same as `agreementTokens`). */
export function agreementItems(text: string): TokenItems {
  const t = tokenArrays(text);
  let count = 0;
  for (let k = 0; k < t.count; k++) if (t.kinds[k] !== 0) count++;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let k = 0, i = 0; k < t.count; k++) {
    if (t.kinds[k] === 0) continue;
    starts[i] = t.starts[k] as number;
    ends[i++] = t.ends[k] as number;
  }
  return { count, starts, ends, length: cpLength(text) };
}

/** Numbers for labels: 'O' is 0, the others numbered as they are first seen. */
export class LabelNumbers {
  readonly names: string[] = [OUTSIDE];
  private readonly index = new Map<string, number>([[OUTSIDE, 0]]);

  number(name: string): number {
    let n = this.index.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.index.set(name, n);
    }
    return n;
  }
}

/**
 * `tokenLabels` as label numbers: one per item, the number of the outermost mention's type, or 0
 * ('O'). The same checks and errors as `tokenLabels`.
 */
export function tokenLabelColumn(items: TokenItems, mentions: readonly SpanMention[], labels: LabelNumbers): Int32Array {
  const { count, starts, ends } = items;
  const best = new Int32Array(count).fill(-1);
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i] as SpanMention;
    checkMention(m, `mention ${i}`, items.length);
    if (m.type === OUTSIDE) throw new CoreError('invalid-argument', `mention ${i}: the type name '${OUTSIDE}' is reserved for tokens outside every mention`);
    // first item ending after m.start
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ends[mid] as number) <= m.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < count && (starts[k] as number) < m.end; k++) {
      const cur = best[k] as number;
      if (cur < 0 || outer(m, mentions[cur] as SpanMention)) best[k] = i;
    }
  }
  const numbers = mentions.map((m) => labels.number(m.type));
  const out = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const b = best[k] as number;
    if (b >= 0) out[k] = numbers[b] as number;
  }
  return out;
}

/**
 * The counts every token-level figure is computed from, for some items rated by `raters`
 * annotators (label numbers index the arrays; they grow as needed). Counts of disjoint item sets
 * add up (`addTokenTally`), so a corpus is the sum of its documents.
 */
export interface TokenTally {
  raters: number;
  /** Items (rows), rated or not. */
  items: number;
  /** Per annotator: how many items got each label. */
  distribution: number[][];
  /** Two annotators only: items both labelled, those with the same label, and each one's label counts there. */
  cohen: { items: number; agree: number; a: number[]; b: number[] };
  /** Pairable items (two or more labels), their labels, label totals, and per m: Σ (m² − Σ_c n_uc²) over items with m labels. */
  alpha: { items: number; values: number; totals: number[]; differing: number[] };
  /** Items every annotator labelled, Σ_ij n_ij², label totals. */
  fleiss: { items: number; squares: number; totals: number[] };
}

export function emptyTokenTally(raters: number): TokenTally {
  return {
    raters,
    items: 0,
    distribution: Array.from({ length: raters }, () => []),
    cohen: { items: 0, agree: 0, a: [], b: [] },
    alpha: { items: 0, values: 0, totals: [], differing: [] },
    fleiss: { items: 0, squares: 0, totals: [] },
  };
}

function bumpAt(xs: number[], i: number, by = 1): void {
  while (xs.length <= i) xs.push(0);
  xs[i] = (xs[i] as number) + by;
}

function addAll(into: number[], xs: readonly number[], sign = 1): void {
  for (let i = 0; i < xs.length; i++) if (xs[i] !== 0) bumpAt(into, i, sign * (xs[i] as number));
}

/** The counts of `count` items labelled in `columns` (one per annotator; null = did not annotate). */
export function tallyTokens(columns: ReadonlyArray<Int32Array | null>, count: number): TokenTally {
  const t = emptyTokenTally(columns.length);
  addTokenCounts(t, columns, count);
  return t;
}

/** Adds to `t` the counts of `count` more items labelled in `columns` (as `tallyTokens` + `addTokenTally`). */
export function addTokenCounts(t: TokenTally, columns: ReadonlyArray<Int32Array | null>, count: number): void {
  const r = columns.length;
  if (r !== t.raters) throw new CoreError('invalid-argument', `${r} annotators added to counts of ${t.raters}`);
  columns.forEach((col, c) => {
    if (col && col.length !== count) throw new CoreError('invalid-argument', `column ${c} has ${col.length} labels for ${count} items`);
  });
  addLabelCounts(t, columns, count, 1);
}

// the two annotators' label counts of one call (addLabelCounts), kept zeroed between calls
const pairA: number[] = [];
const pairB: number[] = [];

/**
 * `addTokenCounts` without its checks, and with a sign: adds (1) or takes back (-1, the same
 * columns as when added) the counts of the first `count` labels of each column (columns may be
 * longer: reused buffers). Counts are integers, so taking back leaves exactly the counts before.
 */
export function addLabelCounts(t: TokenTally, columns: ReadonlyArray<Int32Array | null>, count: number, sign: 1 | -1): void {
  const r = columns.length;
  t.items += sign * count;
  for (let c = 0; c < r; c++) {
    const col = columns[c];
    if (col === null || col === undefined) continue;
    const d = t.distribution[c] as number[];
    for (let k = 0; k < count; k++) bumpAt(d, col[k] as number, sign);
  }
  if (r === 2) {
    const x = columns[0];
    const y = columns[1];
    if (x && y) {
      // complete pairs: Cohen, alpha and Fleiss count the same items
      const a = pairA;
      const b = pairB;
      let agree = 0;
      for (let k = 0; k < count; k++) {
        const p = x[k] as number;
        const q = y[k] as number;
        if (p === q) agree++;
        bumpAt(a, p);
        bumpAt(b, q);
      }
      addPairTally(t, count, agree, sign);
    }
    return;
  }
  const present = columns.filter((c): c is Int32Array => c !== null && c !== undefined);
  const complete = present.length === r;
  const local: number[] = [];
  const seen: number[] = [];
  for (let k = 0; k < count; k++) {
    const mu = present.length;
    if (mu < 2) break;
    seen.length = 0;
    for (const col of present) {
      const c = col[k] as number;
      while (local.length <= c) local.push(0);
      if (local[c] === 0) seen.push(c);
      local[c] = (local[c] as number) + 1;
    }
    let sq = 0;
    for (const c of seen) {
      const n = local[c] as number;
      sq += n * n;
      bumpAt(t.alpha.totals, c, sign * n);
      if (complete) bumpAt(t.fleiss.totals, c, sign * n);
      local[c] = 0;
    }
    t.alpha.items += sign;
    t.alpha.values += sign * mu;
    if (mu * mu !== sq) bumpAt(t.alpha.differing, mu, sign * (mu * mu - sq));
    if (complete) {
      t.fleiss.items += sign;
      t.fleiss.squares += sign * sq;
    }
  }
}

/** Some items of a column of labels: `keys[0..n)` (ascending item numbers) have `labels[0..n)`, every other item 0 ('O'). */
export interface SparseLabels {
  n: number;
  keys: Int32Array;
  labels: Int32Array;
}

/**
 * `addLabelCounts` for two annotators, from sparse columns (null = did not annotate): the work is
 * in the items one of them labelled; the items both left 'O' are counted at once. The same counts.
 */
export function addSparsePairCounts(t: TokenTally, count: number, x: SparseLabels | null, y: SparseLabels | null, sign: 1 | -1): void {
  if (t.raters !== 2) throw new CoreError('invalid-argument', `two annotators added to counts of ${t.raters}`);
  t.items += sign * count;
  for (let c = 0; c < 2; c++) {
    const col = c === 0 ? x : y;
    if (col === null) continue;
    const d = t.distribution[c] as number[];
    for (let k = 0; k < col.n; k++) bumpAt(d, col.labels[k] as number, sign);
    if (count > col.n) bumpAt(d, 0, sign * (count - col.n));
  }
  if (x === null || y === null) return;
  const a = pairA;
  const b = pairB;
  let agree = 0;
  let both = 0;
  for (let i = 0, j = 0; i < x.n || j < y.n; both++) {
    const ki = i < x.n ? (x.keys[i] as number) : count;
    const kj = j < y.n ? (y.keys[j] as number) : count;
    const p = ki <= kj ? (x.labels[i++] as number) : 0;
    const q = kj <= ki ? (y.labels[j++] as number) : 0;
    if (p === q) agree++;
    bumpAt(a, p);
    bumpAt(b, q);
  }
  // the items neither labelled
  const rest = count - both;
  if (rest > 0) {
    agree += rest;
    bumpAt(a, 0, rest);
    bumpAt(b, 0, rest);
  }
  addPairTally(t, count, agree, sign);
}

/**
 * Closes a two-annotator call: `count` complete pairs, `agree` of them equal, whose label counts
 * are in pairA / pairB; adds them (with the sign) to Cohen's, alpha's and Fleiss's counts and
 * zeroes pairA / pairB for the next call.
 */
function addPairTally(t: TokenTally, count: number, agree: number, sign: 1 | -1): void {
  const { cohen, alpha, fleiss } = t;
  cohen.items += sign * count;
  cohen.agree += sign * agree;
  addAll(cohen.a, pairA, sign);
  addAll(cohen.b, pairB, sign);
  for (const xs of [pairA, pairB]) {
    addAll(alpha.totals, xs, sign);
    addAll(fleiss.totals, xs, sign);
  }
  pairA.fill(0);
  pairB.fill(0);
  alpha.items += sign * count;
  alpha.values += sign * 2 * count;
  if (count > agree) bumpAt(alpha.differing, 2, sign * 2 * (count - agree));
  fleiss.items += sign * count;
  fleiss.squares += sign * (4 * agree + 2 * (count - agree));
}

/** Adds the counts of `t` (other items, the same annotators) to `into`. */
export function addTokenTally(into: TokenTally, t: TokenTally): void {
  if (t.raters !== into.raters) throw new CoreError('invalid-argument', `${t.raters} annotators added to counts of ${into.raters}`);
  into.items += t.items;
  t.distribution.forEach((d, c) => addAll(into.distribution[c] as number[], d));
  into.cohen.items += t.cohen.items;
  into.cohen.agree += t.cohen.agree;
  addAll(into.cohen.a, t.cohen.a);
  addAll(into.cohen.b, t.cohen.b);
  into.alpha.items += t.alpha.items;
  into.alpha.values += t.alpha.values;
  addAll(into.alpha.totals, t.alpha.totals);
  addAll(into.alpha.differing, t.alpha.differing);
  into.fleiss.items += t.fleiss.items;
  into.fleiss.squares += t.fleiss.squares;
  addAll(into.fleiss.totals, t.fleiss.totals);
}

function noFigure(reason: Coefficient['reason'] & string, items = 0, observed: number | null = null, expected: number | null = null): Coefficient {
  return { value: null, reason, items, observed, expected };
}

function sumOfSquares(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x * x;
  return s;
}

/** Every token-level figure from counts (`labels[i]`: the name of label number i). */
export function tokenAgreementFromTally(t: TokenTally, labels: readonly string[]): TokenAgreement {
  let cohen: Coefficient;
  if (t.raters !== 2) cohen = noFigure('not-two-raters');
  else if (t.cohen.items === 0) cohen = noFigure('no-items');
  else {
    const { items: n, agree, a, b } = t.cohen;
    let s = 0;
    for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] ?? 0);
    const observed = agree / n;
    const expected = s / (n * n);
    cohen = s === n * n ? noFigure('single-category', n, observed, expected) : { value: (agree * n - s) / (n * n - s), reason: null, items: n, observed, expected };
  }

  let alpha: Coefficient;
  if (t.alpha.items === 0) alpha = noFigure('no-items');
  else {
    const { items, values: n, totals, differing } = t.alpha;
    let doSum = 0;
    for (let m = 2; m < differing.length; m++) if (differing[m]) doSum += (differing[m] as number) / (m - 1);
    const sq = sumOfSquares(totals);
    const dO = doSum / n;
    const dE = (n * n - sq) / (n * (n - 1));
    alpha = sq === n * n ? noFigure('single-category', items, 1 - dO, 1 - dE) : { value: 1 - ((n - 1) * doSum) / (n * n - sq), reason: null, items, observed: 1 - dO, expected: 1 - dE };
  }

  let fleiss: Coefficient;
  if (t.items > 0 && t.raters < 2) fleiss = noFigure('too-few-raters');
  else if (t.fleiss.items === 0) fleiss = noFigure('no-items');
  else {
    const { items, squares: q, totals } = t.fleiss;
    const r = t.raters;
    const n = items * r;
    const sq = sumOfSquares(totals);
    const observed = (q - n) / (n * (r - 1));
    const expected = sq / (n * n);
    fleiss = sq === n * n ? noFigure('single-category', items, observed, expected) : { value: (observed - expected) / (1 - expected), reason: null, items, observed, expected };
  }

  const observed: Coefficient = alpha.items === 0 ? noFigure('no-items') : { value: alpha.observed, reason: null, items: alpha.items, observed: alpha.observed, expected: null };
  const distribution: LabelCount[][] = t.distribution.map((d) => {
    const out: LabelCount[] = [];
    for (let i = 0; i < d.length; i++) if ((d[i] as number) > 0) out.push({ label: labels[i] as string, count: d[i] as number });
    return out.sort((x, y) => cmpStr(x.label, y.label));
  });
  return { annotators: t.raters, items: t.items, cohen, alpha, fleiss, observed, distribution };
}

/**
 * Token agreement per document and for the corpus (all documents' tokens as one item list).
 * A document may bring its `items` (agreementItems of its text) when the caller keeps them. With
 * `keep`, only the documents it accepts get their own figures (the corpus counts every document).
 */
export function tokenAgreement(
  docs: ReadonlyArray<TokenDocument & { items?: TokenItems }>,
  labels: LabelNumbers = new LabelNumbers(),
  keep?: (docId: string) => boolean,
): CorpusResult<TokenAgreement> {
  const annotators = docs[0]?.sets.length ?? 0;
  const corpus = emptyTokenTally(annotators);
  const documents: CorpusResult<TokenAgreement>['documents'] = [];
  for (const d of docs) {
    if (d.sets.length !== annotators) throw new CoreError('invalid-argument', `document ${d.docId}: ${d.sets.length} annotation sets, expected ${annotators}`);
    const items = d.items ?? agreementItems(d.text);
    const t = tallyTokens(
      d.sets.map((s) => (s === null ? null : tokenLabelColumn(items, s, labels))),
      items.count,
    );
    addTokenTally(corpus, t);
    if (keep === undefined || keep(d.docId)) documents.push({ docId: d.docId, result: tokenAgreementFromTally(t, labels.names) });
  }
  return { documents, corpus: tokenAgreementFromTally(corpus, labels.names) };
}
