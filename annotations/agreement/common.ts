/** Shared input types and helpers of the agreement functions. */
import { CoreError } from '../errors';

/**
 * An entity mention as the agreement functions see it: a type and a code-point span
 * (`start` inclusive, `end` exclusive), plus an optional id (reported back in matches, and the
 * last deterministic tie-break). `EntityMention` from model.ts fits as is.
 */
export interface SpanMention {
  readonly id?: string;
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** Precision, recall and F1. null where the figure is 0/0 (see `prf`). */
export interface PRF {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/**
 * P = tp / candidate, R = tp / reference, F1 = 2·tp / (reference + candidate).
 * A figure whose denominator is 0 is null (P with no candidate items, R with no reference items,
 * F1 only when both sets are empty). F1 written this way equals 2PR/(P+R) whenever both are
 * defined and non-zero, is 0 when nothing matches, and is symmetric under swapping the sets.
 * `tp` may be fractional (SemEval partial credit).
 */
export function prf(tp: number, reference: number, candidate: number): PRF {
  return {
    precision: candidate > 0 ? tp / candidate : null,
    recall: reference > 0 ? tp / reference : null,
    f1: reference + candidate > 0 ? (2 * tp) / (reference + candidate) : null,
  };
}

/** Code-unit string comparison (deterministic, locale-free). */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Validates a mention (integers, 0 ≤ start < end, non-empty type); returns it. */
export function checkMention<M extends SpanMention>(m: M, where: string, length?: number): M {
  if (m === null || typeof m !== 'object') throw new CoreError('invalid-argument', `${where}: a mention must be an object {type, start, end}`);
  checkRange(m.start, m.end, where, length);
  if (typeof m.type !== 'string' || m.type === '') throw new CoreError('invalid-argument', `${where}: type must be a non-empty string`);
  return m;
}

/** Throws unless start/end are integers with 0 ≤ start < end (≤ length when given). */
export function checkRange(start: number, end: number, where: string, length?: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new CoreError('invalid-argument', `${where}: start and end must be integers (code point offsets)`);
  }
  if (start < 0 || start >= end) throw new CoreError('invalid-argument', `${where}: span [${start}, ${end}) must satisfy 0 ≤ start < end`);
  if (length !== undefined && end > length) {
    throw new CoreError('invalid-argument', `${where}: span [${start}, ${end}) is out of range: the text has ${length} code points`);
  }
}

/** Per-document results and the corpus figure (micro: counts summed over documents, then computed). */
export interface CorpusResult<T> {
  documents: Array<{ docId: string; result: T }>;
  corpus: T;
}
