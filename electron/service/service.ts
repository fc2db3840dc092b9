/**
 * The API over one open project, transport-free: the Electron main process, the CLI and the tests
 * all use it. This file only builds the dispatch table from the domain modules (one per feature,
 * each exporting its handlers over the shared ServiceContext), validates and runs calls (errors
 * as values in `dispatch`) and holds the session. A new domain is one line in DOMAINS.
 */
import type { DocumentInfo } from '../../annotations/model';
import type { AgreementReport, Args, Method, Result } from '../contract';
import { settleProjectFile, type Store } from '../store';
import { ServiceContext, type Answer, type AsyncMethod, type Domain, type Handlers, type ProgressListener } from './context';
import { ServiceError, describeFailure, toApiError } from './errors';
import { argSchemas, describeIssues } from './schemas';
import { computeStats, type ProjectStats } from './stats';
import { session } from './session';
import { documents, documentTotals, keepProgressInTransaction, keepWrittenProgress, refreshSomeProgress } from './documents';
import { overview } from './overview';
import { mentions } from './mentions';
import { events } from './events';
import { relations } from './relations';
import { history } from './history';
import { annotationMeta } from './annotationMeta';
import { documentMeta } from './documentMeta';
import { schemaChange } from './schemaChange';
import { review } from './review';
import { agreement } from './agreement';
import { exportDomain } from './export';
import { importDomain } from './formatImport';
import { suggestions } from './suggestions';
import { exchange } from './exchange';
import { guidelines } from './guidelines';
import { computeAgreement } from './agreementComputer';

export { normaliseAnnotatorName } from './session';
export type { LogItem } from './history';

/** Every domain of the API, each answering its own methods (together: every method, checked below). */
const DOMAINS = [session, documents, overview, mentions, events, relations, history, annotationMeta, documentMeta, schemaChange, review, agreement, exportDomain, importDomain, exchange, suggestions, guidelines] as const;

// Compile-time check that the domains answer every method of the contract.
type MethodsOf<D> = D extends (ctx: ServiceContext) => infer H ? keyof H : never;
type Unanswered = Exclude<Method, MethodsOf<(typeof DOMAINS)[number]>>;
const everyMethodAnswered: [Unanswered] extends [never] ? true : Unanswered = true;
void everyMethodAnswered;

/** What `dispatch` answers: a Result, a promise of one for an AsyncMethod, either for a method not known when compiling. */
export type Dispatched<M extends string> = M extends AsyncMethod ? Promise<Result<unknown>> : string extends M ? Result<unknown> | Promise<Result<unknown>> : Result<unknown>;

export interface ServiceOptions {
  /** The clock for timestamps (ISO 8601). Default: the system clock. */
  now?: () => string;
}

/**
 * The API's handlers over one open project. `dispatch` never throws; `call` throws a ServiceError.
 */
export class QalamService {
  readonly store: Store;
  private readonly ctx: ServiceContext;
  private readonly handlers: Handlers;

  constructor(store: Store, options: ServiceOptions = {}) {
    this.store = store;
    this.ctx = new ServiceContext(store, options.now ?? (() => new Date().toISOString()));
    const table: Partial<Handlers> = {};
    for (const domain of DOMAINS as readonly Domain[]) Object.assign(table, domain(this.ctx));
    for (const m of Object.keys(argSchemas)) {
      if (!Object.hasOwn(table, m)) throw new ServiceError('internal', `no handler for ${m}`);
    }
    this.handlers = table as Handlers;
    // Every write transaction keeps its sets' progress before it commits (documents.ts).
    store.setBeforeCommit(() => keepProgressInTransaction(this.ctx));
    // Progress figures of sets another process wrote, computed in the background once the app
    // has opened the project (documents.ts); a sort computes whatever is left.
    this.ctx.onWarm(async () => {
      this.progressInBackground = true;
      this.store.overview.othersWrote();
      this.refreshProgressSoon(true);
    });
    this.ctx.onClose(() => {
      this.progressInBackground = false;
      if (this.progressTimer !== null) clearImmediate(this.progressTimer);
      this.progressTimer = null;
    });
  }

  /** Whether out-of-date progress figures are computed in the background (the app, once warmed). */
  private progressInBackground = false;
  private progressTimer: ReturnType<typeof setImmediate> | null = null;

  /** Computes out-of-date figures in slices of 100 sets, one slice per turn of the event loop (`always`: without another process's commit seen). */
  private refreshProgressSoon(always = false): void {
    if (!this.progressInBackground || this.progressTimer !== null) return;
    if (!always && !this.store.overview.othersWrote()) return;
    const slice = () => {
      this.progressTimer = null;
      if (!this.progressInBackground || !this.store.isOpen) return;
      let left = 0;
      try {
        left = refreshSomeProgress(this.ctx, 100);
      } catch {
        return; // Only a cache: a sort computes what is left.
      }
      if (left > 0) this.progressTimer = setImmediate(slice);
    };
    this.progressTimer = setImmediate(slice);
  }

  // ---- entry points --------------------------------------------------------------------------

  /**
   * Validates `args` for `method`, runs it and answers a Result, or for a method answered later
   * (an AsyncMethod: review.agreement) a promise of one. Never throws, never rejects.
   */
  dispatch<M extends string>(method: M, args: unknown): Dispatched<M> {
    return this.dispatchAny(method, args) as Dispatched<M>;
  }

  private dispatchAny(method: string, args: unknown): Result<unknown> | Promise<Result<unknown>> {
    try {
      const value = this.run(method, args);
      if (value instanceof Promise) {
        return value.then(
          (v: unknown): Result<unknown> => ({ ok: true, value: v }),
          (e: unknown): Result<unknown> => ({ ok: false, error: toApiError(describeFailure(e, this.store.path)) }),
        );
      }
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toApiError(describeFailure(e, this.store.path)) };
    }
  }

  /** Typed in-process call: the value (a promise of it for an AsyncMethod), or a thrown (rejected) ServiceError carrying the API error. */
  call<M extends Method>(method: M, args: Args<M>): Answer<M> {
    try {
      const value = this.run(method, args);
      if (value instanceof Promise) {
        return value.catch((e: unknown) => {
          throw this.serviceError(e);
        }) as Answer<M>;
      }
      return value as Answer<M>;
    } catch (e) {
      throw this.serviceError(e);
    }
  }

  private serviceError(e: unknown): ServiceError {
    if (e instanceof ServiceError) return e;
    return ServiceError.fromApiError(toApiError(describeFailure(e, this.store.path)), e);
  }

  /** Progress of long exports and imports (export.run, import.run): set by the CLI or the main process. */
  get progress(): ProgressListener | null {
    return this.ctx.progress;
  }

  set progress(listener: ProgressListener | null) {
    this.ctx.progress = listener;
  }

  /** The current annotator, or null. */
  currentAnnotator(): string | null {
    return this.ctx.currentAnnotator();
  }

  /** Project statistics (not part of the window's API; the CLI's `stats`). */
  stats(): ProjectStats {
    this.ensureOpen();
    return computeStats(this.store);
  }

  /** Every document with its number of mentions by all annotators, in import order (the CLI's `list`). */
  documentTotals(): (DocumentInfo & { mentions: number })[] {
    this.ensureOpen();
    return documentTotals(this.ctx);
  }

  /**
   * Gets the project's workers ready while the window is idle (the project host calls it when it
   * opens a project; tests and the CLI do not): the agreement worker started, the project opened
   * there. Resolves when they are ready.
   */
  warm(): Promise<void> {
    return this.ctx.warm();
  }

  /** Progress figures this service computed from a whole set so far, and their milliseconds (documents.ts; tests and the bench count them). */
  progressComputed(): { sets: number; ms: number } {
    return { ...this.ctx.progressComputed };
  }

  /** The agreement worker's own CPU time over its requests so far, ms (0 where Node cannot tell a thread's own; the bench). */
  agreementCpuMs(): number {
    return this.ctx.agreementCpuMs();
  }

  private closed: Promise<void> | null = null;

  /**
   * Closes the project: its timers stopped, its worker threads (the tagger's, the occurrences',
   * the agreement's: each with a connection of its own) told to stop and this thread's connection
   * closed, at once; resolves when those threads have ended and their connections are closed, so
   * that nothing writes the project's file (nor its -wal/-shm) any more: it may be moved, copied
   * or removed then. A training under way is abandoned (its model never kept half: keepModel
   * writes it in one transaction). Then the file is made whole (`settleProjectFile`: a -wal left
   * when connections closed at the same moment is checkpointed into it), so the project is one
   * file again. Called again, the same promise.
   */
  close(): Promise<void> {
    if (this.closed === null) {
      const ended = this.ctx.close();
      this.store.close();
      const path = this.store.path;
      this.closed = ended.then(() => settleProjectFile(path));
    }
    return this.closed;
  }

  /**
   * review.agreement computed on this thread, with the dispatch's validation (the CLI's
   * `agreement`, which has no event loop to wait on the app's worker).
   */
  agreementHere(args: Args<'review.agreement'>): AgreementReport {
    try {
      const a = this.validated('review.agreement', args) as Args<'review.agreement'>;
      return computeAgreement(this.store, a.annotators, a.documents);
    } catch (e) {
      throw this.serviceError(e);
    }
  }

  /** `args` checked against `method`'s schema (the contract's), on an open project. */
  private validated(method: string, args: unknown): unknown {
    if (!Object.hasOwn(this.handlers, method)) {
      throw new ServiceError('invalid-argument', `unknown method ${JSON.stringify(method)}`);
    }
    const m = method as Method;
    const parsed = argSchemas[m].safeParse(args === undefined ? {} : args);
    if (!parsed.success) {
      throw new ServiceError('invalid-argument', `${m}: invalid arguments: ${describeIssues(parsed.error)}`);
    }
    this.ensureOpen();
    return parsed.data;
  }

  private run(method: string, args: unknown): unknown {
    const data = this.validated(method, args);
    try {
      return (this.handlers[method as Method] as (a: unknown) => unknown)(data);
    } finally {
      // The progress of every set this call wrote, kept current (documents.ts); another
      // process's writes, noticed, are computed in the background.
      if (this.store.isOpen) {
        keepWrittenProgress(this.ctx);
        this.refreshProgressSoon();
      }
    }
  }

  private ensureOpen(): void {
    if (!this.store.isOpen) throw new ServiceError('internal', 'the project is closed');
  }
}
