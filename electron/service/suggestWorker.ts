/**
 * The tagger's thread (a worker_threads Worker started by suggestions.ts): trains the averaged
 * perceptron of annotations/suggest/tagger.ts with held-out figures, keeps the model, and tags
 * documents with it, so that neither ever runs on the thread answering the window.
 *
 * Messages in: {id, kind: 'train', docs, seed} | {id, kind: 'predict', text}.
 * Messages out: {id, ok: true, value} | {id, ok: false, error}.
 */
import { parentPort } from 'node:worker_threads';
import { Tagger, trainWithHeldOut, type TaggerDocument } from '../../annotations/suggest/tagger';

export type WorkerRequest = { id: number; kind: 'train'; docs: TaggerDocument[]; seed: number } | { id: number; kind: 'predict'; text: string };

export interface TrainedInfo {
  quality: { precision: number; recall: number; f1: number; documents: number } | null;
  trained: { documents: number; mentions: number };
  types: string[];
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

let tagger: Tagger | null = null;

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
  return tagger === null ? [] : tagger.predict(req.text);
}

parentPort?.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: req.id, ok: true, value: handle(req) };
  } catch (e) {
    reply = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
