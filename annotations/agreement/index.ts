/**
 * Agreement between annotators (pure): span level (exact match and SemEval-2013 Task 9.1),
 * token level (Cohen's kappa, Krippendorff's alpha, Fleiss' kappa), events (ACE trigger and
 * argument F1), per document and for the corpus, and the data of the review screen's charts.
 */
export { prf, type SpanMention, type PRF, type CorpusResult } from './common';
export * from './coefficients';
export * from './spans';
export * from './tokens';
export * from './columns';
export * from './events';
export * from './charts';
