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
 */
import { CoreError } from '../errors';
import { cpLength } from '../text';
import { tokenize, type Token } from '../tokenize';
import { checkMention, type CorpusResult, type SpanMention } from './common';
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

/** Token agreement per document and for the corpus (all documents' tokens as one item list). */
export function tokenAgreement(docs: readonly TokenDocument[]): CorpusResult<TokenAgreement> {
  const annotators = docs[0]?.sets.length ?? 0;
  const all: Array<Array<string | null>> = [];
  const documents = docs.map((d) => {
    if (d.sets.length !== annotators) throw new CoreError('invalid-argument', `document ${d.docId}: ${d.sets.length} annotation sets, expected ${annotators}`);
    const m = tokenRatings(d);
    for (const row of m) all.push(row);
    return { docId: d.docId, result: tokenAgreementFromRatings(m, annotators) };
  });
  return { documents, corpus: tokenAgreementFromRatings(all, annotators) };
}
