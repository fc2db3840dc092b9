/**
 * The suggestions' threads (worker_threads Workers started by suggestions.ts, two of this file):
 * one trains the averaged perceptron of annotations/suggest/tagger.ts with held-out figures, keeps
 * the model and tags documents with it; the other keeps the annotator's annotated documents (sent
 * as they change) and finds the occurrences of their forms. Neither ever runs on the thread
 * answering the window.
 *
 * Messages in: {id, kind: 'train', docs, seed} | {id, kind: 'predict', text}
 *   | {id, kind: 'sync', upserts, removes} | {id, kind: 'occurrences', docId, text?, mentions}.
 * Messages out: {id, ok: true, value} | {id, ok: false, error}.
 */
import { OccurrenceIndex, type Practice, type SpanTyped, type Suggestion } from '../../annotations/suggest/occurrences';
import { Tagger, trainWithHeldOut, type TaggerDocument } from '../../annotations/suggest/tagger';
import { answerRequests } from './workerThread';

export type WorkerRequest =
  | { id: number; kind: 'train'; docs: TaggerDocument[]; seed: number }
  | { id: number; kind: 'predict'; text: string }
  /** Annotated documents that changed (`text` only the first time), and those no longer annotated. */
  | { id: number; kind: 'sync'; upserts: { id: string; text?: string; mentions: SpanTyped[] }[]; removes: string[] }
  /** The occurrences in a document (`text` only the first time it is asked about). */
  | { id: number; kind: 'occurrences'; docId: string; text?: string; mentions: SpanTyped[] };

export interface OccurrencesFound {
  suggestions: Suggestion[];
  practice: Practice;
}

export interface TrainedInfo {
  quality: { precision: number; recall: number; f1: number; documents: number } | null;
  trained: { documents: number; mentions: number };
  types: string[];
}

let tagger: Tagger | null = null;

/** The annotated documents (by id), every text seen, and the index of their forms (rebuilt when they change). */
const annotated = new Map<string, SpanTyped[]>();
const texts = new Map<string, string>();
let index: OccurrenceIndex | null = null;

function occurrenceIndex(): OccurrenceIndex {
  if (index !== null) return index;
  const built = new OccurrenceIndex();
  for (const id of [...annotated.keys()].sort()) built.addDocument({ text: texts.get(id) ?? '', mentions: annotated.get(id) ?? [] });
  return (index = built);
}

function handle(req: WorkerRequest): unknown {
  if (req.kind === 'train') {
    const model = trainWithHeldOut(req.docs, { seed: req.seed });
    tagger = new Tagger(model);
    const q = model.quality;
    const info: TrainedInfo = {
      quality: q === null ? null : { precision: q.precision, recall: q.recall, f1: q.f1, documents: q.documents },
      trained: { documents: model.trained.documents, mentions: model.trained.mentions },
      types: model.types,
    };
    return info;
  }
  if (req.kind === 'predict') return tagger === null ? [] : tagger.predict(req.text);
  if (req.kind === 'sync') {
    for (const u of req.upserts) {
      if (u.text !== undefined) texts.set(u.id, u.text);
      annotated.set(u.id, u.mentions);
    }
    for (const id of req.removes) annotated.delete(id);
    index = null;
    return null;
  }
  if (req.text !== undefined) texts.set(req.docId, req.text);
  const text = texts.get(req.docId);
  if (text === undefined) throw new Error(`no text for document ${req.docId}`);
  const found = occurrenceIndex();
  const value: OccurrencesFound = { suggestions: found.find({ id: req.docId, text, mentions: req.mentions }), practice: found.practice };
  return value;
}

answerRequests(handle);
