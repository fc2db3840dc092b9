/**
 * The suggestions' threads (worker_threads Workers started by suggestions.ts, two of this file).
 * Each opens the project with a connection of its own (WAL: it reads while the main thread
 * writes) and reads what it needs itself, so the thread answering the window never reads a corpus
 * nor copies one: one trains the averaged perceptron of annotations/suggest/tagger.ts on a
 * bounded sample of the annotator's documents (annotations/suggest/sample.ts) with held-out
 * figures, keeps the model and tags documents with it; the other keeps the annotator's annotated
 * documents (re-read as their digests change) and finds the occurrences of their forms.
 *
 * The occurrences' thread also keeps every document of the corpus folded once (corpusKeeper.ts),
 * folded in the background in slices of a few milliseconds from the project's opening (the 'fold'
 * request, sent when the app warms the project; else after its first answer), brought up to date
 * with the documents (new, deleted) when asked, and answers the corpus-wide preview of one form
 * from it.
 *
 * The tagger's thread keeps each model it trains with the project (suggestModels.ts, migration 016)
 * and, asked to ('restore', when a project is opened), loads the kept one instead of training when
 * it was trained on exactly the current annotations.
 *
 * A training on a single annotated document (a corpus imported as one) learns from its parts and
 * holds some out (annotations/suggest/sample.ts learningSample), or answers why it waits.
 *
 * Messages in: {id, kind: 'train', path, annotator, seed, maxWords} | {id, kind: 'restore', path, annotator, seed, maxWords}
 *   | {id, kind: 'predict', path, docId}
 *   | {id, kind: 'occurrences', path, annotator, docId, digests}
 *   | {id, kind: 'formOccurrences', path, annotator, docId, form, type, practice} | {id, kind: 'fold', path}.
 * Messages out: {id, ok: true, value} | {id, ok: false, error}.
 */
import type { Practice, SpanTyped } from '../../annotations/suggest/occurrences';
import { ProjectOccurrences, type PackedOccurrences } from '../../annotations/suggest/projectOccurrences';
import { Tagger } from '../../annotations/suggest/tagger';
import { loadStoreBinding, openProject, type Store } from '../store';
import { annotationSignature } from './suggestSignature';
import { answerRequests, threadCpuMs } from './workerThread';
import { readKeptModel, trainAndKeep } from './suggestModels';
import type { Waiting } from '../../annotations/suggest/sample';
import { CorpusKeeper, type CorpusSource, type FoldStatus } from './corpusKeeper';

export type { FormOccurrencesFound, FoldStatus } from './corpusKeeper';

export type WorkerRequest =
  /** Train on the annotator's documents (at most about `maxWords` words of them). */
  | { id: number; kind: 'train'; path: string; annotator: string; seed: number; maxWords: number }
  /** Load the annotator's kept model if it was trained on the current annotations (with this seed and bound): answers a Restored. */
  | { id: number; kind: 'restore'; path: string; annotator: string; seed: number; maxWords: number }
  /** Tag a document with the model last trained. */
  | { id: number; kind: 'predict'; path: string; docId: string }
  /** The occurrences in a document of the annotator's forms; `digests`: the annotated documents' (suggestSignature.ts) as the window last saw them. */
  | { id: number; kind: 'occurrences'; path: string; annotator: string; docId: string; digests: [string, string][] }
  /** One form's occurrences in every document (the corpus preview), the asked document first, then the project's order; `practice`: the annotator's, as the service reads it. */
  | { id: number; kind: 'formOccurrences'; path: string; annotator: string; docId: string; form: string; type: string; practice: Practice }
  /** Start folding the corpus in the background (the project opened: QalamService.warm); answers how far the fold is. */
  | { id: number; kind: 'fold'; path: string };

export interface OccurrencesFound {
  /** ProjectOccurrences.findPacked's: tens of thousands of objects would take longer to cross than to find (the service puts its list together from the columns, annotations/suggest/assemble.ts). */
  suggestions: PackedOccurrences;
  practice: Practice;
  /** This thread's CPU time for the request, ms (for the benchmark; the machine may be shared). */
  cpuMs: number;
}

export interface TrainedInfo {
  /** Held-out figures; `documents` counts the held-out parts when `parts` is there (cut from `parts.of` documents: annotations/suggest/sample.ts). */
  quality: { precision: number; recall: number; f1: number; documents: number; parts?: { of: number } } | null;
  /** The annotated documents and the mentions the model learnt from (of a sample, when the corpus is over the bound). */
  trained: { documents: number; mentions: number };
  types: string[];
  /** The annotations read (suggestSignature.ts): the next training waits until they change. */
  signature: string;
  /** The annotator's mentions and annotated documents when it was read. */
  mentions: number;
  documents: number;
  /** Words of the corpus, and of what was learnt from. */
  words: number;
  sampledWords: number;
}

/** The answer of 'train': the new model's figures, or why nothing was trained (annotations/suggest/sample.ts). */
export type Trained = TrainedInfo | (Waiting & { signature: string });

/** The answer of 'restore': the kept model's figures when it is now in use, else why not. */
export type Restored = { info: TrainedInfo; ms: number } | { info: null; found: 'none' } | { info: null; found: 'stale' | 'damaged'; error: string };

let project: { path: string; store: Store } | null = null;

function storeOf(path: string): Store {
  if (project === null || project.path !== path || !project.store.isOpen) {
    project?.store.close();
    project = null;
    project = { path, store: openProject(path) };
  }
  return project.store;
}

let tagger: Tagger | null = null;

/**
 * The annotated documents' spans (by id) and digests, every text read, and the occurrences of
 * their forms (annotations/suggest/projectOccurrences.ts: each text folded once, updated by the
 * documents whose digest changed, scanning again only where a changed form can be found).
 */
let held: { path: string; annotator: string } | null = null;
const annotated = new Map<string, { digest: string; mentions: SpanTyped[] }>();
const texts = new Map<string, string>();
let index = new ProjectOccurrences();

function textOf(store: Store, docId: string): string {
  let text = texts.get(docId);
  if (text === undefined) {
    const doc = store.getDocument(docId);
    if (doc === null) throw new Error(`no document ${docId} in this project`);
    texts.set(docId, (text = doc.text));
  }
  return text;
}

/** Re-reads the documents whose digest changed, forgets those no longer annotated. */
function sync(store: Store, path: string, annotator: string, digests: readonly [string, string][]): void {
  if (held === null || held.path !== path || held.annotator !== annotator) {
    held = { path, annotator };
    annotated.clear();
    texts.clear();
    index = new ProjectOccurrences();
  }
  const now = new Map(digests);
  for (const id of [...annotated.keys()]) {
    if (!now.has(id)) {
      annotated.delete(id);
      index.removeDocument(id);
    }
  }
  for (const [id, digest] of [...now].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    if (annotated.get(id)?.digest === digest) continue;
    const mentions = store.mentions.typedSpans(id, annotator);
    annotated.set(id, { digest, mentions });
    index.setDocument(id, textOf(store, id), mentions);
  }
}

/** Every document of the project folded once (corpusKeeper.ts, formOccurrences.ts), for the corpus preview. */
let corpus: { path: string; keeper: CorpusKeeper } | null = null;
/** A background fold of the corpus is under way. */
let warming = false;
/** The longest a slice of the background fold runs, ms (requests are answered between slices). */
const SLICE_MS = 8;

function keeperOf(path: string): CorpusKeeper {
  if (corpus === null || corpus.path !== path) {
    const source: CorpusSource = {
      stamps: () => storeOf(path).documents.stamps(),
      stampsAfter: (seq, limit) => storeOf(path).documents.stampsAfter(seq, limit),
      texts: (ids) => storeOf(path).agreement.texts(ids),
      spans: (annotator) => storeOf(path).agreement.spans(annotator),
      rejected: (annotator, type) => storeOf(path).rejectedSuggestionSpans(annotator, type),
    };
    corpus = { path, keeper: new CorpusKeeper(source, { cpuMs: cpuMsOrZero }) };
  }
  return corpus.keeper;
}

/** Folds the corpus in the background, a slice at a time between requests (from the project's opening: the 'fold' request). */
function warmCorpus(path: string): void {
  if (warming) return;
  warming = true;
  const step = (): void => {
    let more = false;
    try {
      if (corpus === null || corpus.path === path) more = keeperOf(path).foldSome(SLICE_MS);
    } catch {
      // the project closed: the next preview brings the corpus up to date
    }
    if (more) setImmediate(step);
    else warming = false;
  };
  setImmediate(step);
}

/** This thread's CPU time, ms (0 where the runtime cannot tell: the figures then read 0). */
function cpuMsOrZero(): number {
  return threadCpuMs() ?? 0;
}

function handle(req: WorkerRequest): unknown {
  const store = storeOf(req.path);
  if (req.kind === 'train') {
    const trained = trainAndKeep(store, req.annotator, req.seed, req.maxWords);
    // nothing to learn from yet (a single document with few mentions, or not cut into parts): the model in use stays
    if ('waiting' in trained) return trained;
    tagger = new Tagger(trained.model);
    return trained.info;
  }
  if (req.kind === 'restore') {
    const t0 = performance.now();
    const seen = annotationSignature(store, req.annotator);
    const types = (store.currentSchema()?.schema.entityTypes ?? []).filter((t) => !t.abstract).map((t) => t.name);
    const kept = readKeptModel(store, { annotator: req.annotator, signature: seen.signature, seed: req.seed, maxWords: req.maxWords, types });
    let restored: Restored;
    if (kept.found === 'model') {
      try {
        tagger = new Tagger(kept.model);
        restored = { info: kept.info, ms: performance.now() - t0 };
      } catch (e) {
        restored = { info: null, found: 'damaged', error: e instanceof Error ? e.message : String(e) };
      }
    } else restored = kept.found === 'none' ? { info: null, found: 'none' } : { info: null, found: kept.found, error: kept.error };
    return restored;
  }
  if (req.kind === 'predict') {
    if (tagger === null) return [];
    const doc = store.getDocument(req.docId);
    if (doc === null) throw new Error(`no document ${req.docId} in this project`);
    return tagger.predict(doc.text);
  }
  if (req.kind === 'formOccurrences') return keeperOf(req.path).preview(req);
  if (req.kind === 'fold') {
    warmCorpus(req.path);
    const status: FoldStatus = keeperOf(req.path).status();
    return status;
  }
  const cpu = cpuMsOrZero();
  sync(store, req.path, req.annotator, req.digests);
  const text = textOf(store, req.docId);
  const mentions = annotated.get(req.docId)?.mentions ?? store.mentions.typedSpans(req.docId, req.annotator);
  const suggestions = index.findPacked({ id: req.docId, text, mentions });
  const value: OccurrencesFound = { suggestions, practice: index.practice, cpuMs: cpuMsOrZero() - cpu };
  // the corpus preview (o, then Tab) will find the corpus folded (when the project was not warmed: tests, the CLI)
  warmCorpus(req.path);
  return value;
}

// the store's native binding before the thread says it is ready (workerThread.ts: not terminated while it loads)
loadStoreBinding();
answerRequests(handle);
