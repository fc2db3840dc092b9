/**
 * What every domain module of the service shares (service.ts builds one per open project): the
 * store, the clock, the session (current annotator, schema) and the cache of recent documents. A
 * domain module (mentions.ts, history.ts, …) exports its handlers as a `Domain`: a function of this context answering some of the API's methods.
 */
import type { DocumentRecord, Paragraph, Schema } from '../../annotations/model';
import { splitParagraphs } from '../../annotations/direction';
import { AstralOffsets, documentLayout, type DocumentLayout } from '../../annotations/textPages';
import type { Args, Method, Ret } from '../contract';
import type { Store } from '../store';
import { ServiceError } from './errors';
import { LiveCoverage } from './liveCoverage';

/** Methods answered later: their handler returns a promise (computed off the thread answering the window). */
export type AsyncMethod = 'review.agreement' | 'suggestions.occurrences' | 'suggestions.acceptOccurrences';

/** What a method's handler returns: its result, or for an AsyncMethod a promise of it. */
export type Answer<M extends Method> = M extends AsyncMethod ? Promise<Ret<M>> : Ret<M>;

/** Every API method's handler. */
export type Handlers = { [M in Method]: (args: Args<M>) => Answer<M> };

/** One domain's handlers over the shared context (registered in service.ts's DOMAINS). */
export type Domain<H extends Partial<Handlers> = Partial<Handlers>> = (ctx: ServiceContext) => H;

/** Declares a domain, keeping which methods it answers in its type (service.ts checks that together they answer all). */
export function domain<H extends Partial<Handlers>>(handlers: (ctx: ServiceContext) => H): Domain<H> {
  return handlers;
}

/** A change's answer before `document` is added to it (documents.ts `changed`). */
export type Unchanged<M extends Method> = Omit<Ret<M>, 'document'>;

export type ProgressListener = (what: 'export' | 'import', done: number, total: number) => void;

export class ServiceContext {
  /** Progress of long exports and imports: set by the CLI or the main process for one call. */
  progress: ProgressListener | null = null;

  /**
   * The last few documents read (text included). Documents never change once imported, so this is
   * never stale; it spares reading a long text from SQLite on every call about that document
   * (each label asks for the list's progress and a validation).
   */
  private readonly recentDocs = new Map<string, DocumentRecord>();
  /** The recent documents' layouts in text pages (documents never change once imported). */
  private readonly layouts = new WeakMap<DocumentRecord, { paragraphs: Paragraph[]; layout: DocumentLayout; offsets: AstralOffsets }>();

  private readonly closers: (() => void | Promise<unknown>)[] = [];
  private readonly warmers: (() => Promise<unknown>)[] = [];
  /** Whether the host warmed the project (the app): only then are workers started ahead of need. */
  private warmed = false;
  private readonly agreementPreparers: ((annotators: readonly string[]) => void)[] = [];

  /** Progress figures computed from a whole set, and the milliseconds they took (documents.ts: a test and the bench count them). */
  readonly progressComputed = { sets: 0, ms: 0 };

  /** The agreement worker's own CPU time over its requests so far (ms; agreement.ts sets the reader: the bench's figure, apart from the process's other threads). */
  agreementCpuMs: () => number = () => 0;

  /** The word coverage of the sets changes were made to, kept up to date (a change's list row). */
  readonly liveCoverage: LiveCoverage;

  constructor(
    readonly store: Store,
    /** The clock for timestamps (ISO 8601). */
    readonly now: () => string,
  ) {
    this.liveCoverage = new LiveCoverage(store);
  }

  /** Runs `fn` when the project closes (before the store): a domain's threads or timers; a promise it returns says when they have ended. */
  onClose(fn: () => void | Promise<unknown>): void {
    this.closers.push(fn);
  }

  /** Runs `fn` when the host asks the project to get ready (`QalamService.warm`): a domain's worker started. */
  onWarm(fn: () => Promise<unknown>): void {
    this.warmers.push(fn);
  }

  /** Runs the onWarm functions; resolves when all are done (a failure is left to the next real request). */
  async warm(): Promise<void> {
    this.warmed = true;
    await Promise.all(this.warmers.map((fn) => fn().catch(() => undefined)));
  }

  /** Runs `fn` when corpus agreement between `annotators` is likely to be asked soon (the review screen compares them). */
  onAgreementLikely(fn: (annotators: readonly string[]) => void): void {
    this.agreementPreparers.push(fn);
  }

  /** Says that agreement between `annotators` is likely to be asked soon (review.compare); heeded only once warmed. */
  agreementLikely(annotators: readonly string[]): void {
    if (!this.warmed) return;
    for (const fn of this.agreementPreparers) fn(annotators);
  }

  /** Runs the onClose functions, once, each at once; resolves when what they stopped has ended (a domain's worker threads). */
  close(): Promise<void> {
    const ending = this.closers.splice(0).map((fn) => fn());
    return Promise.all(ending).then(() => undefined);
  }

  progressFor(what: 'export' | 'import'): ((done: number, total: number) => void) | undefined {
    const p = this.progress;
    return p === null ? undefined : (done, total) => p(what, done, total);
  }

  /** The current annotator, or null. */
  currentAnnotator(): string | null {
    return this.store.getSetting('current_annotator');
  }

  requireAnnotator(): string {
    const a = this.currentAnnotator();
    if (a === null) throw new ServiceError('no-annotator', 'no annotator is set: say who you are first');
    return a;
  }

  schema(): { version: number; schema: Schema } {
    const s = this.store.currentSchema();
    if (s === null) throw new ServiceError('internal', `${this.store.path} has no entity schema`);
    return s;
  }

  /** A document read recently, without reading the store or changing the cache's order. */
  cachedDocument(id: string): DocumentRecord | undefined {
    return this.recentDocs.get(id);
  }

  recentDocument(id: string): DocumentRecord | null {
    const hit = this.recentDocs.get(id);
    if (hit) {
      this.recentDocs.delete(id);
      this.recentDocs.set(id, hit);
      return hit;
    }
    const doc = this.store.getDocument(id);
    if (doc === null) return null;
    this.recentDocs.set(id, doc);
    for (const key of this.recentDocs.keys()) {
      if (this.recentDocs.size <= 3) break;
      this.recentDocs.delete(key);
    }
    return doc;
  }

  /** Whose set a read of document `docId` is about: `annotator`, else the current one (the document must exist). */
  setOf(docId: string, annotator?: string): string {
    this.requireDocument(docId);
    return annotator ?? this.requireAnnotator();
  }

  /** A document's paragraphs and layout in text pages (kept while the document is among the recent ones). */
  documentLayout(doc: DocumentRecord): { paragraphs: Paragraph[]; layout: DocumentLayout; offsets: AstralOffsets } {
    let hit = this.layouts.get(doc);
    if (!hit) {
      const paragraphs = splitParagraphs(doc.text, doc.dir);
      const layout = documentLayout(doc, paragraphs);
      hit = { paragraphs, layout, offsets: new AstralOffsets(layout.length, layout.astral) };
      this.layouts.set(doc, hit);
    }
    return hit;
  }

  requireDocument(id: string): DocumentRecord {
    const doc = this.recentDocument(id);
    if (doc === null) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
    return doc;
  }
}
