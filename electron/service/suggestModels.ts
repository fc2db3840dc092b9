/**
 * The tagger's model kept with the project (`suggest_models`, migration 016; issue 13 item 2), as
 * the tagger's thread (suggestWorker.ts) writes and reads it: the model's JSON deflated with zlib
 * (NEMO's 4-5 MB of JSON), with the signature of the annotations it learned from, the seed, the
 * bound on words and the held-out figures. A kept model is used only when all of these are the
 * current ones (the signature covers the annotator's spans, the sets' revisions, thus undo, redo
 * and imports, and the schema's version) and every type it predicts is still a type of the
 * schema; anything unreadable is reported as damaged, never thrown. A row that parses is checked
 * whole before it reaches the Tagger (checkModel): every weight row, the transitions, the
 * lexicon, the gazetteer and the figures, so that no row can make the tagger's thread throw or
 * suggest from a broken model.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { learningSample, type Waiting } from '../../annotations/suggest/sample';
import { trainWithHeldOut, type TaggerModel } from '../../annotations/suggest/tagger';
import { annotationSignature } from './suggestSignature';
import type { Store, StoredModel } from '../store';
import type { TrainedInfo } from './suggestWorker';

/**
 * The row's format: raised when the model's JSON, the code that trains it or the row's meaning
 * changes (another is ignored, then replaced); test/service/modelFormat.test.ts fails when the
 * tagger's sources change until it is raised.
 */
export const MODEL_FORMAT = 2;

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
  | { found: 'none' }
  | { found: 'stale'; error: string }
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
  const why = staleness(row, q);
  if (why !== null) return { found: 'stale', error: why };
  try {
    const info = checkInfo(JSON.parse(row.info) as unknown, row.signature);
    const model = checkModel(JSON.parse(inflateSync(row.model).toString('utf8')) as unknown);
    const known = new Set(q.types);
    if (!model.types.every((t) => known.has(t))) return { found: 'stale', error: "its types are not the schema's" };
    return { found: 'model', model, info };
  } catch (e) {
    return { found: 'damaged', error: message(e) };
  }
}

/** Why a kept row is not for these annotations and this tagger (null: it is). */
export function staleness(row: { format: number; signature: string; seed: number; maxWords: number }, q: { signature: string; seed: number; maxWords: number }): string | null {
  if (row.format !== MODEL_FORMAT) return `kept in format ${row.format}, this tagger's is ${MODEL_FORMAT}`;
  if (row.signature !== q.signature) return 'trained on other annotations';
  if (row.seed !== q.seed || row.maxWords !== q.maxWords) return 'trained with other settings';
  return null;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isFinite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((t) => typeof t === 'string');
function need(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(`not a Qalam tagger model: ${what}`);
}

/**
 * `x` when it is a tagger model the Tagger (annotations/suggest/predict.ts) can use, checked
 * whole (throws, saying what is wrong): kind and version, scheme and split, types, every weight
 * row ([tag, weight…] with tags in range and finite weights), the transitions ((tags + 1) × tags
 * finite numbers), the gazetteer, the lexicon, the biases.
 */
export function checkModel(x: unknown): TaggerModel {
  need(isObject(x) && x['kind'] === 'qalam-tagger', 'its kind');
  need(x['version'] === 1 || x['version'] === 2, 'its version');
  const scheme = x['version'] === 1 ? 'bio' : x['scheme'];
  need(scheme === 'bio' || scheme === 'bilou', 'its tag scheme');
  need(x['version'] === 1 || typeof x['split'] === 'boolean', 'its split');
  const types = x['types'];
  need(isStrings(types) && new Set(types).size === types.length, 'its types');
  const nt = 1 + (scheme === 'bio' ? 2 : 4) * types.length;
  const weights = x['weights'];
  need(isObject(weights), 'its weights');
  for (const name in weights) {
    const row = weights[name];
    need(Array.isArray(row) && row.length % 2 === 0, `the weights of ${JSON.stringify(name).slice(0, 40)}`);
    for (let k = 0; k < row.length; k += 2) need(isCount(row[k]) && (row[k] as number) < nt && isFinite(row[k + 1]), `the weights of ${JSON.stringify(name).slice(0, 40)}`);
  }
  const transitions = x['transitions'];
  need(Array.isArray(transitions) && transitions.length === (nt + 1) * nt && transitions.every(isFinite), 'its transitions');
  const gazetteer = x['gazetteer'];
  need(isObject(gazetteer) && Object.values(gazetteer).every(isStrings), 'its gazetteer');
  const lexicon = x['lexicon'];
  need(
    lexicon === undefined ||
      (isObject(lexicon) && Object.values(lexicon).every((e) => isObject(e) && isFinite(e['seen']) && isObject(e['types']) && Object.keys(e['types']).length > 0 && Object.values(e['types']).every(isFinite))),
    'its lexicon',
  );
  need(x['lexiconWords'] === undefined || (isCount(x['lexiconWords']) && x['lexiconWords'] > 0), 'its lexicon words');
  need(x['oBias'] === undefined || isFinite(x['oBias']), 'its O bias');
  need(x['suggestBias'] === undefined || isFinite(x['suggestBias']), 'its suggestion bias');
  return x as unknown as TaggerModel;
}

/** `x` when it is the figures of the kept model (TrainedInfo) for the row's signature (throws otherwise). */
export function checkInfo(x: unknown, signature: string): TrainedInfo {
  const bad = (what: string): never => {
    throw new Error(`its figures are not those of the model: ${what}`);
  };
  if (!isObject(x)) return bad('not an object');
  if (x['signature'] !== signature) bad('another signature');
  const q = x['quality'];
  if (q !== null && !(isObject(q) && ['precision', 'recall', 'f1'].every((k) => isFinite(q[k])) && isCount(q['documents']) && (q['parts'] === undefined || (isObject(q['parts']) && isCount(q['parts']['of']))))) bad('quality');
  const t = x['trained'];
  if (!(isObject(t) && isCount(t['documents']) && isCount(t['mentions']))) bad('trained');
  if (!isStrings(x['types'])) bad('types');
  if (!['mentions', 'documents', 'words', 'sampledWords'].every((k) => isCount(x[k]))) bad('counts');
  return x as unknown as TrainedInfo;
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
 * Nothing is trained when there is nothing to learn from or to hold out (learningSample: a single
 * document with few mentions, or one that does not cut into parts): why is answered instead.
 */
export function trainAndKeep(store: Store, annotator: string, seed: number, maxWords: number): { model: TaggerModel; info: TrainedInfo } | (Waiting & { signature: string }) {
  const seen = annotationSignature(store, annotator);
  const spans = store.agreement.spans(annotator);
  const read = store.agreement.texts(seen.ids);
  const all = seen.ids.map((id) => ({ text: read.get(id) ?? '', mentions: (spans.get(id) ?? []).map((m) => ({ start: m.start, end: m.end, type: m.type })) }));
  const sample = learningSample(all, maxWords);
  if ('waiting' in sample) return { ...sample, signature: seen.signature };
  const model = trainWithHeldOut(sample.docs, { seed });
  const q = model.quality;
  const info: TrainedInfo = {
    // held out: documents, or parts of the documents when the sample is cut (a corpus imported as one document)
    quality: q === null ? null : { precision: q.precision, recall: q.recall, f1: q.f1, documents: q.documents, ...(sample.unit === 'parts' ? { parts: { of: all.length } } : {}) },
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
