/**
 * The tagger's model kept with the project (`suggest_models`, migration 016; issue 13 item 2), as
 * the tagger's thread (suggestWorker.ts) writes and reads it: the model's JSON deflated with zlib
 * (NEMO's 4-5 MB of JSON), with the signature of the annotations it learned from, the seed, the
 * bound on words and the held-out figures. A kept model is used only when all of these are the
 * current ones (the signature covers the annotator's spans, the sets' revisions, thus undo, redo
 * and imports, and the schema's version) and every type it predicts is still a type of the
 * schema; anything unreadable is reported as damaged, never thrown.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { trainingSample } from '../../annotations/suggest/sample';
import { trainWithHeldOut, type TaggerModel } from '../../annotations/suggest/tagger';
import { annotationSignature } from './suggestSignature';
import type { Store, StoredModel } from '../store';
import type { TrainedInfo } from './suggestWorker';

/**
 * The row's format: raised when the model's JSON, the code that trains it or the row's meaning
 * changes (another is ignored, then replaced); test/service/modelFormat.test.ts fails when the
 * tagger's sources change until it is raised.
 */
export const MODEL_FORMAT = 1;

export interface KeptModelQuery {
  annotator: string;
  signature: string;
  seed: number;
  maxWords: number;
  /** The schema's (non-abstract) entity types: a model predicting another is not used. */
  types: readonly string[];
}

export type KeptModel =
  | { found: 'model'; model: TaggerModel; info: TrainedInfo }
  /** None kept, or one trained on other annotations (or another format, seed, bound, schema). */
  | { found: 'none' | 'stale' }
  | { found: 'damaged'; error: string };

/** The annotator's kept model when it is exactly for `q`. */
export function readKeptModel(store: Store, q: KeptModelQuery): KeptModel {
  let row: StoredModel | null;
  try {
    row = store.suggestModels.get(q.annotator);
  } catch (e) {
    return { found: 'damaged', error: message(e) };
  }
  if (row === null) return { found: 'none' };
  if (row.format !== MODEL_FORMAT || row.signature !== q.signature || row.seed !== q.seed || row.maxWords !== q.maxWords) return { found: 'stale' };
  try {
    const info = JSON.parse(row.info) as TrainedInfo;
    const model = JSON.parse(inflateSync(row.model).toString('utf8')) as TaggerModel;
    if (model === null || typeof model !== 'object' || model.kind !== 'qalam-tagger' || !Array.isArray(model.types)) throw new Error('not a Qalam tagger model');
    if (info === null || typeof info !== 'object' || info.signature !== row.signature) throw new Error('its figures are not those of the model');
    const known = new Set(q.types);
    if (!model.types.every((t) => known.has(t))) return { found: 'stale' };
    return { found: 'model', model, info };
  } catch (e) {
    return { found: 'damaged', error: message(e) };
  }
}

/** Keeps the model the annotator's tagger was just trained on (replacing the one kept before). */
export function keepModel(store: Store, q: Omit<KeptModelQuery, 'types'>, model: TaggerModel, info: TrainedInfo, at: string): void {
  store.suggestModels.put({
    annotator: q.annotator,
    format: MODEL_FORMAT,
    signature: q.signature,
    seed: q.seed,
    maxWords: q.maxWords,
    info: JSON.stringify(info),
    model: deflateSync(JSON.stringify(model), { level: 1 }),
    trainedAt: at,
  });
}

/**
 * Trains the annotator's tagger on a bounded sample of their annotated documents (what the
 * tagger's thread does, suggestWorker.ts; the bench's cached projects too) and keeps the model in
 * the project; not kept when the project cannot be written (the next opening trains again).
 */
export function trainAndKeep(store: Store, annotator: string, seed: number, maxWords: number): { model: TaggerModel; info: TrainedInfo } {
  const seen = annotationSignature(store, annotator);
  const spans = store.agreement.spans(annotator);
  const read = store.agreement.texts(seen.ids);
  const all = seen.ids.map((id) => ({ text: read.get(id) ?? '', mentions: (spans.get(id) ?? []).map((m) => ({ start: m.start, end: m.end, type: m.type })) }));
  const sample = trainingSample(all, maxWords);
  const model = trainWithHeldOut(sample.docs, { seed });
  const q = model.quality;
  const info: TrainedInfo = {
    quality: q === null ? null : { precision: q.precision, recall: q.recall, f1: q.f1, documents: q.documents },
    trained: { documents: all.length, mentions: model.trained.mentions },
    types: model.types,
    signature: seen.signature,
    mentions: seen.mentions,
    documents: seen.ids.length,
    words: sample.words,
    sampledWords: sample.sampledWords,
  };
  try {
    keepModel(store, { annotator, signature: seen.signature, seed, maxWords }, model, info, new Date().toISOString());
  } catch {
    // not kept (the project is read-only, or busy for too long): the next opening trains again
  }
  return { model, info };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
