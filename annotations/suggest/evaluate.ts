/**
 * Measuring the tagger: exact span-and-type and token-level precision, recall and F1 (see tagger.ts).
 */
import { tokenize } from '../tokenize';
import type { SpanTyped } from './occurrences';
import type { TaggerDocument, Evaluation, Tagger } from './tagger';

/**
 * Precision, recall and F1 of `tagger` on `docs`: exact span and type, and token-level (each
 * word or number token labelled with the type of the first mention over it, or O; a token is
 * right when both labels are the same type).
 */
export function evaluateTagger(tagger: Tagger, docs: readonly TaggerDocument[]): Evaluation {
  return evaluatePredictions(docs, docs.map((d) => tagger.predict(d.text)));
}

/** evaluateTagger for predictions already made (one list per document). */
export function evaluatePredictions(docs: readonly TaggerDocument[], predictions: readonly (readonly SpanTyped[])[]): Evaluation {
  let matched = 0;
  let predicted = 0;
  let gold = 0;
  const tok = { tp: 0, fp: 0, fn: 0 };
  docs.forEach((d, k) => {
    const got = predictions[k] ?? [];
    const want = new Set(d.mentions.map((m) => `${m.start}:${m.end}:${m.type}`));
    gold += want.size;
    const keys = new Set(got.map((m) => `${m.start}:${m.end}:${m.type}`));
    predicted += keys.size;
    for (const x of keys) if (want.has(x)) matched++;
    tokenCounts(d, got, tok);
  });
  const token = prf(tok.tp, tok.tp + tok.fp, tok.tp + tok.fn, docs.length);
  return { ...prf(matched, predicted, gold, docs.length), token: { precision: token.precision, recall: token.recall, f1: token.f1 } };
}

/** Labels of the word and number tokens of `text` from `mentions` (the first mention over each, by start). */
function tokenLabels(tokens: readonly { start: number; end: number }[], mentions: readonly SpanTyped[]): string[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: string[] = [];
  let k = 0;
  for (const t of tokens) {
    while (k < sorted.length && (sorted[k] as SpanTyped).end <= t.start) k++;
    let label = 'O';
    for (let j = k; j < sorted.length && (sorted[j] as SpanTyped).start < t.end; j++) {
      if ((sorted[j] as SpanTyped).end > t.start) {
        label = (sorted[j] as SpanTyped).type;
        break;
      }
    }
    out.push(label);
  }
  return out;
}

function tokenCounts(d: TaggerDocument, predicted: readonly SpanTyped[], c: { tp: number; fp: number; fn: number }): void {
  const tokens = tokenize(d.text).filter((t) => t.kind !== 'punct');
  const g = tokenLabels(tokens, d.mentions);
  const p = tokenLabels(tokens, predicted);
  g.forEach((gl, i) => {
    const pl = p[i] as string;
    if (pl !== 'O' && pl === gl) c.tp++;
    else {
      if (pl !== 'O') c.fp++;
      if (gl !== 'O') c.fn++;
    }
  });
}

export function prf(matched: number, predicted: number, gold: number, documents: number): Evaluation {
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, matched, predicted, gold, documents };
}
