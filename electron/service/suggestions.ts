/**
 * Suggestions in the app (the service side of annotations/suggest): the other occurrences of a
 * tagged form (a preview, then all of them as one undo step), a document's suggestions from the
 * occurrences of every form the annotator tagged and from a tagger that learns from them,
 * accepting (provenance names the recommender) and rejecting (remembered, migration 009).
 *
 * Nothing heavy runs on this thread: two worker_threads Workers (suggestWorker.ts) do it, each
 * with its own connection to the project (they read texts and mentions themselves): one trains the
 * tagger on a bounded sample of the annotator's documents (annotations/suggest/sample.ts) and tags
 * documents with it, the other keeps the annotator's annotated documents (re-read as their digests
 * change) and finds the occurrences of their forms. `suggestions.list` answers at once with what
 * they last found for the document (`pending` while they work on the current annotations), put
 * together once per change of the project (the store's change counter) and kept: asked again with
 * nothing changed it reads two counters, and a window that sends the revision it has gets
 * `unchanged` and no items, or, when that is the list last sent, only what changed since (`delta`:
 * a label's few items, not the document's 40,000). Once the annotations have grown and then stayed unchanged for a few
 * seconds, it starts a training in the background (never on annotations already trained on). The
 * tagger is silent under a held-out F1 the project stores (`suggest_min_f1`, default 0.5). The
 * preview of one form's occurrences (`suggestions.occurrences`) is computed here: one form, asked
 * for by the annotator. *
 * Why one file of about 580 lines (issue 12): it is one class, `Suggestions`, whose sections (marked
 * `// ----`) share its state: the document's kept list, the tagger's training state, the rejections
 * and the endpoint's status are read and invalidated across them (an accept changes the list, the
 * tagger's pending signature and the history at once). The heavy parts already live elsewhere:
 * the threads (suggestWorker.ts, occurrenceFinder.ts), the endpoint (recommenderEndpoint.ts), the
 * list's assembly and packing (annotations/suggest/assemble.ts, annotations/suggestionPack.ts).
 */
import type { DocumentRecord, EntityMention, Provenance } from '../../annotations/model';
import { checkSpan } from '../../annotations/spans';
import { diffSuggestions, packSuggestions, unpackSuggestions, type PackedSuggestions } from '../../annotations/suggestionPack';
import { assembleSuggestions } from '../../annotations/suggest/assemble';
import { OffsetMap } from '../../annotations/text';
import { FormFinder } from '../../annotations/suggest/formOccurrences';
import { TypedSpans, type SpanTyped, type Suggestion } from '../../annotations/suggest/occurrences';
import { MAX_TRAINING_WORDS as MAX_SAMPLE_WORDS, MIN_SINGLE_DOCUMENT_MENTIONS, type Waiting } from '../../annotations/suggest/sample';
import type { Args, DocumentChange, HistoryState } from '../contract';
import type { EndpointStatus, OccurrencePreview, SuggestionItem, SuggestionList, SuggestionMethods, SuggestionsAccepted, TaggerStatus } from '../suggestionsContract';
import type { Store } from '../store';
import { ServiceError } from './errors';
import { domain, type Answer } from './context';
import { changed } from './documents';
import { logItems, type LogItem } from './history';
import type { Restored, Trained, TrainedInfo } from './suggestWorker';
import { OccurrenceFinder, TaggerThread, type OccurrencesResult } from './occurrenceFinder';
import { annotationSignature, type AnnotationSignature } from './suggestSignature';
import { EndpointRecommender } from './recommenderEndpoint';
import { staleness } from './suggestModels';

export interface SuggestionsContext {
  store: Store;
  now: () => string;
  logItems: (docId: string, annotator: string, items: readonly LogItem[]) => void;
  /** The answer of a change with where its document is now (QalamService.changed). */
  changed: <T extends object>(docId: string, value: T) => T & { document: DocumentChange };
}

/** The threshold when the project has none. */
export const DEFAULT_MIN_F1 = 0.5;
/** The seed of the tagger's training (its held-out split and its shuffles). */
export const TAGGER_SEED = 1;
const SEED = TAGGER_SEED;

// ---- what the suggestions rest on ---------------------------------------------------------------

interface TaggerState {
  annotator: string;
  /** The number of the model in use (0: none); a training's number is given when it starts. */
  generation: number;
  /** Trainings started. */
  started: number;
  info: TrainedInfo | null;
  trainedSignature: string | null;
  /** The annotations a training found nothing to learn from (a single document with no parts to hold out), and why. */
  waited: (Waiting & { signature: string }) | null;
  trainedMentions: number;
  trainedDocuments: number;
  training: boolean;
  /** The annotations a training is waiting to start on (trainWhenIdle). */
  dueSignature: string | null;
  error: string | null;
  /** The kept model (suggestModels.ts): 'due' until the first training the opening would start, which loads it instead when it matches ('asking'). */
  restore: 'due' | 'asking' | 'done';
  kept: TaggerStatus['kept'] | null;
  /** Per document: the model's spans, and the model they came from. */
  predictions: Map<string, { generation: number; spans: SpanTyped[] }>;
  predicting: Set<string>;
}

/** How long the annotations must stay unchanged before a training starts (never in the middle of a run of tagging). */
const IDLE_MS = 3000;

/** The bound on what one training learns from (annotations/suggest/sample.ts): about half NEMO's training file. */
export const MAX_TRAINING_WORDS = MAX_SAMPLE_WORDS;

/** A document's list as last put together, and what it was put together from (identities and the change counter). */
interface Assembled {
  docId: string;
  annotator: string;
  counter: string;
  occurrences: OccurrencesResult | null;
  endpoint: readonly Suggestion[];
  predictions: { generation: number; spans: SpanTyped[] } | null;
  f1: number;
  /** The items as sent: put together as columns (annotations/suggest/assemble.ts). */
  packed: PackedSuggestions;
  /** The items as objects, made only when asked (accept all). */
  items: SuggestionItem[] | null;
  revision: string;
}

/** Revisions of this service's lists differ from those of another (a window may keep one across a reopening). */
const INSTANCE = Math.random().toString(36).slice(2, 10);

/** Is there something to learn from: two annotated documents (one held out), or one with enough mentions to hold out parts of it (annotations/suggest/sample.ts)? */
function learnable(documents: number, mentions: number): boolean {
  return documents >= 2 || (documents === 1 && mentions >= MIN_SINGLE_DOCUMENT_MENTIONS);
}

const key = (s: { start: number; end: number; type: string }): string => `${s.start}:${s.end}:${s.type}`;

/** Do two packs hold the same items (their string tables may be in another order)? */
function samePacked(x: PackedSuggestions, y: PackedSuggestions): boolean {
  const n = x.starts.length;
  if (n !== y.starts.length) return false;
  const xs = x.strings;
  const ys = y.strings;
  for (let i = 0; i < n; i++) {
    if (x.starts[i] !== y.starts[i] || x.lengths[i] !== y.lengths[i] || x.scores[i] !== y.scores[i]) return false;
    if (xs[x.types[i] as number] !== ys[y.types[i] as number] || xs[x.sources[i] as number] !== ys[y.sources[i] as number] || xs[x.texts[i] as number] !== ys[y.texts[i] as number]) return false;
    const fx = x.forms[i] as number;
    const fy = y.forms[i] as number;
    if ((fx < 0) !== (fy < 0) || (fx >= 0 && xs[fx] !== ys[fy])) return false;
  }
  return true;
}

function item(s: Suggestion): SuggestionItem {
  return {
    key: key(s),
    docId: s.docId,
    start: s.start,
    end: s.end,
    type: s.type,
    text: s.text,
    source: s.source,
    score: Math.round(s.score * 10_000) / 10_000,
    ...(s.form !== undefined ? { form: s.form } : {}),
  };
}

export class Suggestions {
  /** The tagger's thread, and the occurrences' (so that a long training never holds them back). */
  private readonly thread = new TaggerThread();
  private readonly finder: OccurrenceFinder;
  private tagger: TaggerState | null = null;
  /** The annotator's signature, computed once per change of the project (the store's change counter). */
  private seen: { counter: string; annotator: string; value: AnnotationSignature } | null = null;
  /** The last list put together (a list asked again with nothing changed costs nothing). */
  private assembled: Assembled | null = null;
  /** The list last sent to a window (a `known` naming it is answered with a delta from it); at most one list besides `assembled`. */
  private sent: { docId: string; annotator: string; revision: string; packed: PackedSuggestions } | null = null;
  private revisions = 0;
  /** The project's external recommender (recommenderEndpoint.ts; off by default). */
  private readonly endpoint: EndpointRecommender;
  private trainTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly ctx: SuggestionsContext) {
    this.endpoint = new EndpointRecommender(ctx.store);
    this.finder = new OccurrenceFinder(ctx.store.path);
  }

  handlers(): { [M in keyof SuggestionMethods]: (a: Args<M>) => Answer<M> } {
    return {
      'suggestions.occurrences': (a) => this.occurrences(a),
      'suggestions.acceptOccurrences': (a) => this.acceptOccurrences(a),
      'suggestions.list': (a) => this.list(a.docId, a.known),
      'suggestions.accept': (a) => this.accept(a),
      'suggestions.acceptAll': (a) => this.acceptAll(a.docId, a.minScore),
      'suggestions.reject': (a) => this.reject(a),
      'suggestions.status': () => this.status(this.requireAnnotator()),
      'suggestions.setThreshold': (a) => {
        this.ctx.store.setSetting('suggest_min_f1', String(a.minF1));
        return this.status(this.requireAnnotator());
      },
      'suggestions.train': () => {
        const annotator = this.requireAnnotator();
        this.maybeTrain(annotator, true);
        return this.status(annotator);
      },
      ...this.endpoint.handlers(),
    };
  }

  /** The project opened in the app: the occurrences' thread starts folding the corpus (corpusKeeper.ts). */
  warm(): Promise<unknown> {
    return this.finder.fold();
  }

  /** Stops the timer and both threads at once; resolves when the threads have ended (workerThread.ts). */
  close(): Promise<void> {
    if (this.trainTimer !== null) clearTimeout(this.trainTimer);
    this.trainTimer = null;
    this.endpoint.close();
    return Promise.all([this.thread.close(), this.finder.close()]).then(() => undefined);
  }

  // ---- basics -------------------------------------------------------------------------------------

  private requireAnnotator(): string {
    const a = this.ctx.store.getSetting('current_annotator');
    if (a === null) throw new ServiceError('no-annotator', 'no annotator is set: say who you are first');
    return a;
  }

  private requireDocument(id: string): DocumentRecord {
    const doc = this.ctx.store.getDocument(id);
    if (doc === null) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
    return doc;
  }

  /** The document, its text read only if it is used (a list asked again uses none of it: a 1 MB text is not read for nothing). */
  private lazyDocument(id: string): DocumentRecord {
    const info = this.ctx.store.documents.list([id])[0];
    if (info === undefined) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
    const store = this.ctx.store;
    let text: string | null = null;
    return Object.defineProperty({ ...info }, 'text', { enumerable: true, get: () => (text ??= store.getDocument(id)?.text ?? '') }) as DocumentRecord;
  }

  private requireType(type: string): void {
    const schema = this.ctx.store.currentSchema()?.schema;
    if (!schema?.entityTypes.some((t) => t.name === type && !t.abstract)) {
      throw new ServiceError('invalid-argument', `unknown entity type ${JSON.stringify(type)}`);
    }
  }

  private minF1(): number {
    const v = Number(this.ctx.store.getSetting('suggest_min_f1') ?? DEFAULT_MIN_F1);
    return Number.isFinite(v) ? v : DEFAULT_MIN_F1;
  }

  private rejected(docId: string, annotator: string): Set<string> {
    return new Set(this.ctx.store.listSuggestionRejections(docId, annotator).map(key));
  }

  private spans(docId: string, annotator: string): SpanTyped[] {
    return this.ctx.store.mentions.typedSpans(docId, annotator);
  }

  /**
   * A signature of everything the annotator has tagged, and each document's (suggestSignature.ts):
   * computed again only when the project changed since (the store's change counter moves with
   * every row written, by any edit, and with commits of other connections).
   */
  private signature(annotator: string, counter = this.ctx.store.agreement.changeCounter()): AnnotationSignature {
    const s = this.seen;
    if (s !== null && s.counter === counter && s.annotator === annotator) return s.value;
    const value = annotationSignature(this.ctx.store, annotator);
    this.seen = { counter, annotator, value };
    return value;
  }


  // ---- occurrences of one form ------------------------------------------------------------------

  private formQuery(a: Args<'suggestions.occurrences'>, annotator: string): { form: string; type: string } {
    if (a.mentionId !== undefined) {
      const m = this.ctx.store.getMention(a.mentionId);
      if (m === null || m.docId !== a.docId) throw new ServiceError('not-found', `no mention ${JSON.stringify(a.mentionId)} in document ${a.docId}`);
      if (m.annotator !== annotator) throw new ServiceError('conflict', `mention ${a.mentionId} belongs to ${m.annotator}, not to ${annotator}`);
      return { form: new OffsetMap(this.requireDocument(a.docId).text).slice(m.start, m.end), type: m.type };
    }
    if (a.form === undefined || a.type === undefined || a.form.trim() === '') throw new ServiceError('invalid-argument', 'give a mentionId, or a form and a type');
    this.requireType(a.type);
    return { form: a.form, type: a.type };
  }

  /**
   * The untagged, unrejected occurrences of the form, per document (the asked document first):
   * in the document on this thread (one text), across the corpus on the occurrences' thread,
   * which keeps every document folded (suggestWorker.ts): this thread never reads the corpus.
   */
  private async findForm(a: Args<'suggestions.occurrences'>, annotator: string): Promise<{ form: string; type: string; byDoc: Map<string, Suggestion[]>; practice: OccurrencePreview['practice'] }> {
    const here = this.requireDocument(a.docId);
    const { form, type } = this.formQuery(a, annotator);
    const practice = this.finder.practice(annotator, { text: here.text, mentions: this.spans(a.docId, annotator) });
    const byDoc = new Map<string, Suggestion[]>();
    if (a.scope === 'corpus') {
      const found = await this.finder.formOccurrences(annotator, a.docId, form, type, practice);
      found.docIds.forEach((docId, i) => {
        const list: Suggestion[] = [];
        for (let k = found.offsets[i] as number; k < (found.offsets[i + 1] as number); k++) {
          const start = found.starts[k] as number;
          const end = found.ends[k] as number;
          const text = docId === a.docId ? (found.texts[k - (found.offsets[i] as number)] as string) : '';
          list.push({ docId, start, end, type: found.type, text, source: 'occurrence', score: found.scores[k] as number, form: found.form });
        }
        byDoc.set(docId, list);
      });
    } else {
      const rejected = this.rejected(a.docId, annotator);
      const map = new OffsetMap(here.text);
      const found = new FormFinder(form, type, practice)
        .inText(here.text, this.spans(a.docId, annotator))
        .filter((m) => !rejected.has(key(m)))
        .map((m): Suggestion => ({ docId: a.docId, start: m.start, end: m.end, type: m.type, text: map.slice(m.start, m.end), source: 'occurrence', score: m.score, form: m.form }));
      if (found.length > 0) byDoc.set(a.docId, found);
    }
    const script = /[\u0600-\u06ff]/u.test(form) ? 'ar' : 'he';
    return { form, type, byDoc, practice: practice[script].keepProclitics ? 'whole words' : 'stems' };
  }

  private async occurrences(a: Args<'suggestions.occurrences'>): Promise<OccurrencePreview> {
    const annotator = this.requireAnnotator();
    const { form, type, byDoc, practice } = await this.findForm(a, annotator);
    let count = 0;
    for (const list of byDoc.values()) count += list.length;
    return { form, type, scope: a.scope, count, documents: byDoc.size, items: (byDoc.get(a.docId) ?? []).map(item), practice };
  }

  /**
   * Tags the form's occurrences (one undo step per document). Found on another thread for the
   * corpus, so a mention made meanwhile may now cover one: such an occurrence is left out.
   */
  private async acceptOccurrences(a: Args<'suggestions.acceptOccurrences'>): Promise<SuggestionsAccepted> {
    const annotator = this.requireAnnotator();
    const { byDoc } = await this.findForm(a, annotator);
    if (!this.ctx.store.isOpen) throw new ServiceError('conflict', 'the project was closed before the occurrences were found');
    let created: EntityMention[] = [];
    let count = 0;
    let documents = 0;
    this.ctx.store.transaction(() => {
      for (const [docId, found] of byDoc) {
        let list = found;
        if (a.scope === 'corpus') {
          const now = new TypedSpans(this.spans(docId, annotator));
          list = found.filter((s) => !now.overlaps(s.type, s.start, s.end));
        }
        const made = this.create(docId, annotator, list.map((s) => ({ ...s, suggestedType: s.type })));
        count += made.length;
        if (made.length > 0) documents++;
        if (docId === a.docId) created = made;
      }
    });
    return this.answer(a.docId, annotator, created, count, documents);
  }

  // ---- accepting and rejecting ------------------------------------------------------------------

  /** Creates the mentions as one undo step of the document; provenance names the recommender. */
  private create(docId: string, annotator: string, list: readonly (Omit<Suggestion, 'docId' | 'text'> & { suggestedType: string })[]): EntityMention[] {
    if (list.length === 0) return [];
    const at = this.ctx.now();
    return this.ctx.store.transaction(() => {
      const items: LogItem[] = [];
      const made = list.map((s) => {
        const dup = this.ctx.store.findDuplicateMention({ docId, annotator, type: s.type, start: s.start, end: s.end });
        if (dup !== null) throw new ServiceError('conflict', `there is already a ${s.type} mention at ${s.start}–${s.end} (mention ${dup})`);
        const provenance: Provenance = {
          action: 'accepted',
          sources: [],
          at,
          recommender: {
            source: s.source,
            score: Math.round(s.score * 10_000) / 10_000,
            type: s.suggestedType,
            ...(s.form !== undefined ? { form: s.form } : {}),
            ...(s.source === 'endpoint' ? { endpoint: this.endpoint.url() } : {}),
          },
        };
        const m = this.ctx.store.insertMention({ docId, annotator, type: s.type, start: s.start, end: s.end, origin: 'manual', createdAt: at, updatedAt: at, provenance });
        items.push({ target: 'mention', targetId: m.id, kind: 'create', before: null, after: m });
        return m;
      });
      this.ctx.logItems(docId, annotator, items);
      return made;
    });
  }

  private answer(docId: string, annotator: string, created: EntityMention[], count: number, documents: number): SuggestionsAccepted {
    const history: HistoryState = this.ctx.store.historyState(docId, annotator);
    return this.ctx.changed(docId, { created, count, documents, history });
  }

  private accept(a: Args<'suggestions.accept'>): SuggestionsAccepted {
    const annotator = this.requireAnnotator();
    const doc = this.requireDocument(a.docId);
    this.requireType(a.type);
    const span = checkSpan(doc.text, { start: a.start, end: a.end });
    const made = this.create(doc.id, annotator, [
      { ...span, type: a.type, suggestedType: a.suggestedType ?? a.type, source: a.source, score: a.score, ...(a.form !== undefined ? { form: a.form } : {}) },
    ]);
    return this.answer(doc.id, annotator, made, made.length, 1);
  }

  private acceptAll(docId: string, minScore: number): SuggestionsAccepted {
    const annotator = this.requireAnnotator();
    const list = this.items(docId).filter((s) => s.score >= minScore);
    const made = this.create(docId, annotator, list.map((s) => ({ ...s, suggestedType: s.type })));
    return this.answer(docId, annotator, made, made.length, made.length > 0 ? 1 : 0);
  }

  private reject(a: Args<'suggestions.reject'>): { rejected: boolean } {
    const annotator = this.requireAnnotator();
    const doc = this.requireDocument(a.docId);
    this.requireType(a.type);
    const span = checkSpan(doc.text, { start: a.start, end: a.end });
    const rejected = this.ctx.store.insertSuggestionRejection({ docId: doc.id, annotator, ...span, type: a.type, source: a.source, score: a.score, createdAt: this.ctx.now() });
    return { rejected };
  }

  // ---- the document's suggestions ---------------------------------------------------------------

  /**
   * The document's suggestions: what the occurrences' thread, the external recommender and the
   * tagger last found, less what is tagged or rejected now. Put together again only when one of
   * them answered anew or the project changed (the change counter): a list asked again with
   * nothing changed reads two counters and answers the same items.
   */
  private list(docId: string, known?: string): SuggestionList {
    const { kept, tagger, endpoint, pending } = this.current(docId);
    if (known === kept.revision) return { docId, packed: packSuggestions(docId, []), revision: kept.revision, unchanged: true, tagger, endpoint, pending };
    const sent = this.sent;
    this.sent = { docId, annotator: kept.annotator, revision: kept.revision, packed: kept.packed };
    if (known !== undefined && sent !== null && sent.revision === known && sent.docId === docId && sent.annotator === kept.annotator) {
      // the window has the list last sent: only what changed since (a label's few items)
      const d = diffSuggestions(known, sent.packed, kept.packed);
      if (d !== null) return { docId, packed: d.packed, delta: d.delta, revision: kept.revision, tagger, endpoint, pending };
    }
    return { docId, packed: kept.packed, revision: kept.revision, tagger, endpoint, pending };
  }

  /** The document's suggestions as items (what the list sends packed). */
  private items(docId: string): SuggestionItem[] {
    const kept = this.current(docId).kept;
    return (kept.items ??= unpackSuggestions<SuggestionItem['source']>(kept.packed) as SuggestionItem[]);
  }

  private current(docId: string): { kept: Assembled; tagger: TaggerStatus; endpoint: EndpointStatus; pending: boolean } {
    const annotator = this.requireAnnotator();
    const doc = this.lazyDocument(docId);
    const counter = this.ctx.store.agreement.changeCounter();
    const seen = this.signature(annotator, counter);
    const found = this.finder.occurrencesIn(annotator, docId, seen);
    // the external recommender's (a source merged in: recommenderEndpoint.ts), after the occurrences
    const ext = this.endpoint.forDocument(doc);
    this.maybeTrain(annotator, false);
    const tagger = this.status(annotator);
    let pending = found.pending || ext.pending;
    let predictions: { generation: number; spans: SpanTyped[] } | null = null;
    const state = this.tagger;
    if (state && tagger.active) {
      const cached = state.predictions.get(docId);
      if (cached && cached.generation === state.generation) predictions = cached;
      else {
        pending = true;
        this.predict(state, docId);
      }
    }
    const f1 = tagger.quality?.f1 ?? 0;
    const a = this.assembled;
    const same =
      a !== null &&
      a.docId === docId &&
      a.annotator === annotator &&
      a.counter === counter &&
      a.occurrences === found.result &&
      (a.endpoint === ext.items || (a.endpoint.length === 0 && ext.items.length === 0)) &&
      a.predictions === predictions &&
      a.f1 === f1;
    let kept = same ? a : null;
    if (kept === null) {
      const packed = this.assemble(doc, annotator, found.result, ext.items, predictions?.spans ?? [], f1);
      // the same items keep their revision (a window that has them is not sent them again)
      const revision = a !== null && a.docId === docId && a.annotator === annotator && samePacked(a.packed, packed) ? a.revision : `${INSTANCE}.${++this.revisions}`;
      kept = { docId, annotator, counter, occurrences: found.result, endpoint: ext.items, predictions, f1, packed, items: null, revision };
      this.assembled = kept;
    }
    return { kept, tagger, endpoint: ext.status, pending };
  }

  /**
   * The sources' suggestions less the spans tagged (exactly, or overlapped by a mention of the
   * same type for an occurrence: the last answer may be older than a mention made since; by any
   * mention for the others) or rejected; the endpoint's and the tagger's also give way to the
   * occurrences (and the tagger's to the endpoint's): annotations/suggest/assemble.ts, straight
   * into the columns sent (a 1 MB document's 40,000 occurrences never become objects here).
   */
  private assemble(doc: DocumentRecord, annotator: string, found: OccurrencesResult | null, ext: readonly Suggestion[], predicted: readonly SpanTyped[], f1: number): PackedSuggestions {
    let map: OffsetMap | null = null;
    return assembleSuggestions({
      docId: doc.id,
      mentions: this.spans(doc.id, annotator),
      rejected: this.rejected(doc.id, annotator),
      occurrences: found?.packed ?? null,
      endpoint: ext,
      predicted,
      f1,
      slice: (start, end) => (map ??= new OffsetMap(doc.text)).slice(start, end),
    });
  }

  // ---- the tagger ---------------------------------------------------------------------------------

  private state(annotator: string): TaggerState {
    if (this.tagger === null || this.tagger.annotator !== annotator) {
      this.tagger = {
        annotator,
        generation: 0,
        started: this.tagger?.started ?? 0,
        info: null,
        trainedSignature: null,
        waited: null,
        trainedMentions: 0,
        trainedDocuments: 0,
        training: false,
        dueSignature: null,
        error: null,
        restore: 'due',
        kept: null,
        predictions: new Map(),
        predicting: new Set(),
      };
    }
    return this.tagger;
  }

  private status(annotator: string): TaggerStatus {
    const s = this.state(annotator);
    const minF1 = this.minF1();
    const quality = s.info?.quality ?? null;
    const state = s.training ? 'training' : s.error !== null ? 'failed' : s.info !== null ? 'ready' : 'none';
    return {
      state,
      ...(state === 'none' ? { waiting: this.waiting(s, annotator) } : {}),
      quality,
      trained: s.info?.trained ?? null,
      generation: s.generation,
      minF1,
      active: s.info !== null && s.generation > 0 && (quality?.f1 ?? 0) >= minF1,
      ...(s.error !== null ? { error: s.error } : {}),
      ...(s.kept != null ? { kept: s.kept } : {}),
    };
  }

  /** What the tagger waits for (no model yet): what the last training said, or what the annotations lack; undefined when a training is due. */
  private waiting(s: TaggerState, annotator: string): TaggerStatus['waiting'] {
    const { signature, ids, mentions } = this.signature(annotator);
    const waited = s.waited !== null && s.waited.signature === signature;
    if (!waited && learnable(ids.length, mentions)) return undefined;
    return { reason: waited ? (s.waited as Waiting).waiting : 'mentions', documents: ids.length, mentions, minMentions: MIN_SINGLE_DOCUMENT_MENTIONS };
  }

  /**
   * Trains in the background when there is something new to learn: the first time two documents
   * are annotated (one to hold out), or one document with at least MIN_SINGLE_DOCUMENT_MENTIONS
   * mentions (a corpus imported as one document: the tagger's thread holds out parts of it, or
   * answers that it cannot cut it: annotations/suggest/sample.ts learningSample), then whenever
   * the annotations grew by a tenth (at least 10 mentions) or another document was annotated;
   * `force` retrains whenever anything changed.
   */
  private maybeTrain(annotator: string, force: boolean): void {
    const s = this.state(annotator);
    if (s.training || s.restore === 'asking') return;
    const { signature, ids, mentions } = this.signature(annotator);
    if (!learnable(ids.length, mentions) || signature === s.trainedSignature || signature === s.waited?.signature) return;
    if (s.restore === 'due') {
      // the project was just opened: the model kept with it, if it learned from exactly these
      // annotations (also when asked to train: a training on them, seeded, would learn the same model)
      s.restore = 'done';
      const kept = this.keptRow(annotator, signature);
      if (kept.state === 'match') {
        this.restoreKept(s, annotator, force);
        return;
      }
      // one kept for other annotations (or another format), or unreadable: said until a new model is in use
      if (kept.state !== 'none') s.kept = { state: kept.state, error: kept.error };
    }
    if (!force && s.info !== null) {
      const grown = Math.abs(mentions - s.trainedMentions) >= Math.max(10, s.trainedMentions / 10);
      if (!grown && ids.length === s.trainedDocuments) return;
    }
    if (!force) {
      this.trainWhenIdle(annotator, signature);
      return;
    }
    this.startTraining(s, annotator);
  }

  /** Train once the annotations have stayed as they are (`signature`) for IDLE_MS. */
  private trainWhenIdle(annotator: string, signature: string): void {
    const s = this.state(annotator);
    if (s.dueSignature === signature && this.trainTimer !== null) return;
    s.dueSignature = signature;
    if (this.trainTimer !== null) clearTimeout(this.trainTimer);
    this.trainTimer = setTimeout(() => {
      this.trainTimer = null;
      if (this.tagger !== s || s.training || !this.ctx.store.isOpen) return;
      try {
        if (this.signature(annotator).signature === s.dueSignature) this.startTraining(s, annotator);
        else this.maybeTrain(annotator, false);
      } catch {
        // the project closed meanwhile
      }
    }, IDLE_MS);
    this.trainTimer.unref?.();
  }

  /** Was the annotator's kept model (suggestModels.ts) trained on exactly these annotations, with this format, seed and bound? (An unreadable row: damaged.) */
  private keptRow(annotator: string, signature: string): { state: 'match' } | { state: 'none' } | { state: 'stale' | 'damaged'; error: string } {
    try {
      const k = this.ctx.store.suggestModels.head(annotator);
      if (k === null) return { state: 'none' };
      const why = staleness(k, { signature, seed: SEED, maxWords: MAX_TRAINING_WORDS });
      return why === null ? { state: 'match' } : { state: 'stale', error: why };
    } catch (e) {
      return { state: 'damaged', error: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * Loads the model kept with the project (suggestModels.ts) on the tagger's thread when it was
   * trained on exactly the current annotations (the signature), with this seed and bound, for this
   * schema's types; otherwise, or when it cannot be read (said in the status), trains as before.
   */
  private restoreKept(s: TaggerState, annotator: string, force: boolean): void {
    s.restore = 'asking';
    s.training = true;
    this.thread
      .request({ kind: 'restore', path: this.ctx.store.path, annotator, seed: SEED, maxWords: MAX_TRAINING_WORDS })
      .then((value) => {
        if (this.tagger !== s) return;
        const r = value as Restored;
        if (r.info !== null) {
          takeModel(s, r.info, ++s.started);
          s.kept = { state: 'loaded' };
        } else if (r.found !== 'none') s.kept = { state: r.found, error: r.error };
      })
      .catch((e: unknown) => {
        if (this.tagger === s) s.kept = { state: 'damaged', error: e instanceof Error ? e.message : String(e) };
      })
      .finally(() => {
        if (this.tagger !== s) return;
        s.restore = 'done';
        s.training = false;
        if (this.ctx.store.isOpen) {
          try {
            this.maybeTrain(annotator, force);
          } catch {
            // the project closed meanwhile
          }
        }
      });
  }

  /** The tagger's thread reads the annotator's documents itself (its own connection) and learns from a bounded sample of them. */
  private startTraining(s: TaggerState, annotator: string): void {
    const generation = ++s.started;
    s.training = true;
    s.error = null;
    this.thread
      .request({ kind: 'train', path: this.ctx.store.path, annotator, seed: SEED, maxWords: MAX_TRAINING_WORDS })
      .then((value) => {
        if (this.tagger !== s) return;
        const trained = value as Trained;
        if ('waiting' in trained) {
          // nothing to learn from (a single document that does not cut into parts): wait for the annotations to change
          s.waited = trained;
          return;
        }
        const info = trained;
        s.waited = null;
        takeModel(s, info, generation);
        // the model in use is this one (kept with the project in its place)
        s.kept = null;
      })
      .catch((e: unknown) => {
        if (this.tagger === s) s.error = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        if (this.tagger !== s) return;
        s.training = false;
        // what came in meanwhile
        if (s.error === null && this.ctx.store.isOpen) {
          try {
            this.maybeTrain(annotator, false);
          } catch {
            // the project closed meanwhile
          }
        }
      });
  }

  /** The tagger's thread reads the document's text itself. */
  private predict(s: TaggerState, docId: string): void {
    if (s.predicting.has(docId)) return;
    s.predicting.add(docId);
    // The worker answers in order: a prediction asked after a training uses its model.
    const generation = s.training ? s.started : s.generation;
    this.thread
      .request({ kind: 'predict', path: this.ctx.store.path, docId })
      .then((spans) => {
        if (this.tagger === s) s.predictions.set(docId, { generation, spans: spans as SpanTyped[] });
      })
      .catch((e: unknown) => {
        if (this.tagger === s) s.error = e instanceof Error ? e.message : String(e);
      })
      .finally(() => s.predicting.delete(docId));
  }
}

/** The suggestions domain (registered in service.ts's DOMAINS); its tagger thread stops when the project closes. */
export const suggestions = domain((ctx) => {
  const s = new Suggestions({ store: ctx.store, now: ctx.now, logItems: (d, a, items) => logItems(ctx, d, a, items), changed: (d, v) => changed(ctx, d, v) });
  ctx.onClose(() => s.close());
  ctx.onWarm(() => s.warm());
  return s.handlers();
});

/** The tagger's state takes the model its thread now holds (trained, or loaded as kept): its figures, and no prediction of the one before. */
function takeModel(s: TaggerState, info: TrainedInfo, generation: number): void {
  s.info = info;
  s.generation = generation;
  s.trainedSignature = info.signature;
  s.trainedMentions = info.mentions;
  s.trainedDocuments = info.documents;
  s.predictions.clear();
}
