/**
 * The window's state outside the open document: the project session (annotator, schema), the
 * document list, the status-line messages, the annotator dialog, the shown set and the
 * preferences. It owns the open document's state (`doc`, a DocumentSession), the event
 * interaction state (`interaction`) and the one queue every change runs in (`queue`).
 */
import type { Schema } from '../../../annotations/model';
import { practiceEvidenceSteps } from '../../../annotations/suggest/occurrences';
import type { ApiError, Args, DocumentSummary, Method, Ret, SessionInfo } from '../contract';
import { bridgeExtras, call, request, userMessage } from '../bridge';
import { dropEarly, early, expectProjectNext, rememberDocument, rememberedDocument } from './early';
import { dropFirstScreen } from '../firstScreen';
import { DocumentSession } from './documentSession';
import { DocumentPages } from './documentPages';
import { Interaction } from './interaction';
import { Observable } from './observable';
import { bootProject, expectBootProject } from './projectDesk';
import { FrameWaits } from './framePainted';
import { stepsWhenIdle } from './idle';
import { SerialQueue } from './queue';
import { SuggestionSession } from './suggestions';
import { t } from '../i18n';

/** How much of a document's text (UTF-16 units, to the next line break) its practice is read from. */
const PRACTICE_UNITS = 200_000;
/** How much of it one idle step reads (UTF-16 units, to the next line break): a few milliseconds. */
const PRACTICE_BLOCK_UNITS = 4_000;

export interface StatusMessage {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** The bridge error code, for errors. */
  code?: string;
}

export type AnnotatorDialogState = 'closed' | 'required' | 'change';

export interface WorkspaceState {
  booting: boolean;
  session: SessionInfo | null;
  loadingDocId: string | null;
  messages: StatusMessage[];
  annotatorDialog: AnnotatorDialogState;
  /** Snap selections to whole words (Alt or this switch off: exact characters). */
  snapToWords: boolean;
  /**
   * Snapping leaves a known proclitic out when the selection starts right after it (`קזחסטן` in
   * `בקזחסטן`). Kept per project once switched; until then it follows the annotator's practice.
   */
  prefixesOut: boolean;
  /** Where `prefixesOut` comes from, and the counts of the annotator's mentions behind it. */
  prefixesOutFrom: { source: 'chosen' | 'practice' | 'default'; stripped: number; kept: number };
  /**
   * Another annotator's set shown read-only (the reference set, gold, a colleague); null: the
   * current annotator's own set, editable. Kept across document switches.
   */
  viewSet: string | null;
}

const SNAP_KEY = 'qalam.snapToWords';
const PREFIXES_KEY = 'qalam.prefixesOut';
const MAX_MESSAGES = 4;

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // storage unavailable: the preference is simply not remembered
  }
}


/**
 * Whether every change has been stored: `saving` while a change is on its way to the project,
 * `saved` once the last one was answered, `failed` when it was refused (the error says why).
 * Its own small observable, so a label re-renders only the indicator (StatusLine's SaveState).
 */
export class SaveState extends Observable<{ state: 'idle' | 'saving' | 'saved' | 'failed' }> {
  private pending = 0;
  constructor() {
    super({ state: 'idle' });
  }
  begin(): void {
    this.pending++;
    if (this.state.state !== 'saving') this.set({ state: 'saving' });
  }
  end(ok: boolean): void {
    this.pending = Math.max(0, this.pending - 1);
    if (!ok) this.set({ state: 'failed' });
    else if (this.pending === 0 && this.state.state === 'saving') this.set({ state: 'saved' });
  }
}

export class Workspace extends Observable<WorkspaceState> {
  readonly saves = new SaveState();
  readonly queue = new SerialQueue();
  /** The waits of a change held back for the frame that shows it (framePainted.ts). */
  readonly frames = new FrameWaits();
  readonly doc: DocumentSession;
  readonly interaction: Interaction;
  /** The open document's suggestions (after the document: state/suggestions.ts). */
  readonly suggestions: SuggestionSession;
  /** The document list: its filter and sort, its length and the pages of rows the list shows (documents.page). */
  readonly list = new DocumentPages(
    (args) => this.request('documents.page', args, t('status.cannotList')),
    100,
    (ids) => this.request('documents.figures', { ids }, t('status.cannotList')),
  );
  private nextMessageId = 1;
  /** The open project's path, from the boot answer (null without a project host): what the window's last document is remembered under. */
  private projectPath: string | null = null;

  constructor() {
    super({
      booting: true,
      session: null,
      loadingDocId: null,
      messages: [],
      annotatorDialog: 'closed',
      snapToWords: readStorage(SNAP_KEY) !== 'false',
      prefixesOut: true,
      prefixesOutFrom: { source: 'default', stripped: 0, kept: 0 },
      viewSet: null,
    });
    this.doc = new DocumentSession(this);
    this.interaction = new Interaction(this, this.doc);
    this.suggestions = new SuggestionSession(this);
    // The window going (closed, reloaded): what the user asked is sent before it is gone — a
    // change held for its frame, and those waiting in the queue behind an unanswered one.
    const leave = () => {
      this.frames.leave();
      this.queue.leave();
    };
    window.addEventListener('pagehide', leave);
    window.addEventListener('beforeunload', leave);
  }

  // ---- messages -----------------------------------------------------------------------------

  readonly reportError = (error: ApiError, context?: string): void => {
    const text = context ? `${context}: ${userMessage(error)}` : userMessage(error);
    this.pushMessage({ kind: 'error', text, code: error.code });
  };

  /** Answers the message's id (a hint that stops applying is dismissed with it). */
  info(text: string): number {
    return this.pushMessage({ kind: 'info', text });
  }

  private pushMessage(m: Omit<StatusMessage, 'id'>): number {
    const message: StatusMessage = { ...m, id: this.nextMessageId++ };
    // Keep errors until dismissed; an info replaces the previous info.
    const kept = this.state.messages.filter((x) => x.kind === 'error' || m.kind === 'error');
    this.set({ messages: [...kept, message].slice(-MAX_MESSAGES) });
    return message.id;
  }

  dismiss(id: number): void {
    if (!this.state.messages.some((m) => m.id === id)) return;
    this.set({ messages: this.state.messages.filter((m) => m.id !== id) });
  }

  dismissAll(): void {
    this.set({ messages: [] });
  }

  /** Call the bridge; an error is reported (with `context`) and answered as null. */
  request<M extends Method>(method: M, args: Args<M>, context: string): Promise<Ret<M> | null> {
    return request(method, args, context, this.reportError);
  }

  // ---- start ----------------------------------------------------------------------------------

  /**
   * The window's start: one call (session.boot) answers the session, the document list and the
   * project host's remembered view, and the first document's request goes out right after it.
   * The entry module sent that call, and the reads of this window's last document, before the
   * rest of the code was loaded (early.ts): their answers are taken here and in DocumentSession.load.
   */
  async boot(): Promise<void> {
    try {
      await this.start();
    } finally {
      dropEarly();
      // No document shown (none in the project, or it could not be opened): the panels beside it
      // wait for nothing (with one, they wait for its first paint: DocumentSession.painted), and
      // the first screen of text painted at start (firstScreen.ts) goes.
      if (!this.doc.getState().view) {
        dropFirstScreen();
        this.doc.start(true);
      }
    }
  }

  private async start(): Promise<void> {
    expectBootProject();
    const answer = await early('session.boot', {});
    if (!answer.ok) this.reportError(answer.error, t('status.cannotOpenProject'));
    const boot = answer.ok ? answer.value : null;
    bootProject(boot?.project ?? null);
    if (!boot) {
      this.set({ booting: false });
      return;
    }
    const { session, documents } = boot;
    this.list.seed(documents);
    // The project's own last document (the project host remembers it), else this window's.
    this.projectPath = boot.project?.path ?? null;
    expectProjectNext(this.projectPath);
    const last = boot.project?.view.docId ?? rememberedDocument(this.projectPath);
    this.set({ session, booting: false, annotatorDialog: session.annotator === null ? 'required' : 'closed' });
    let pick = documents.rows.find((d) => d.id === last)?.id ?? null;
    // Not on the first page: ask whether it is still in the project (one row, not the list).
    if (pick === null && last !== null) pick = (await this.request('documents.list', { ids: [last] }, t('status.cannotList')))?.[0]?.id ?? null;
    pick ??= documents.rows[0]?.id ?? null;
    if (pick) await this.openDocument(pick);
  }

  /** Ask for the document list again (its filter and sort stay). */
  async refreshDocuments(): Promise<void> {
    await this.list.refresh();
  }

  /** A change's answer said where its document is now: replace its row (and its problem count). */
  documentChanged(summary: DocumentSummary, problems?: number): void {
    this.list.replace(summary, problems);
  }

  // ---- documents ------------------------------------------------------------------------------

  async openDocument(id: string, options: { reload?: boolean } = {}): Promise<void> {
    if (!options.reload && this.doc.getState().view?.id === id && this.state.loadingDocId === null) return;
    // Marks for the benchmark: open asked → data arrived (DocumentSession.load) → ready (WindowingPlugin, READY_MARK).
    performance.mark('qalam:open-start', { detail: { docId: id } });
    this.set({ loadingDocId: id });
    const opened = await this.doc.load(id, this.setArgs(id));
    if (opened === 'superseded') return;
    this.set({ loadingDocId: null });
    if (opened === 'opened') rememberDocument(this.projectPath, id);
  }

  /** Open a document showing `set` (null: the own set): the dashboard's problem list opens the set with the problems. */
  async openSet(docId: string, set: string | null): Promise<void> {
    const viewSet = set && set !== this.state.session?.annotator ? set : null;
    if (viewSet !== this.state.viewSet) {
      this.set({ viewSet });
      this.doc.select(null);
    }
    await this.openDocument(docId, { reload: true });
  }

  /** Arguments of the list calls (annotations.list, documents.validate) for the shown set. */
  setArgs(docId: string): { docId: string; annotator?: string } {
    const viewSet = this.state.viewSet;
    return viewSet ? { docId, annotator: viewSet } : { docId };
  }

  // ---- viewing another annotator's set (read-only) ---------------------------------------------

  /** Show `set` read-only (null: the own set, editable) and reload the open document with it. */
  setViewSet(set: string | null): Promise<void> {
    const viewSet = set && set !== this.state.session?.annotator ? set : null;
    if (viewSet === this.state.viewSet) return Promise.resolve();
    this.set({ viewSet });
    this.doc.select(null);
    return this.queue.run(async () => {
      const id = this.doc.getState().view?.id;
      if (id) await this.openDocument(id, { reload: true });
    });
  }

  /**
   * The one check of every editing entry point: while another set is shown, refuse (with the
   * status-line info) and answer true.
   */
  refuseReadOnly(): boolean {
    const viewSet = this.state.viewSet;
    if (!viewSet) return false;
    this.info(t('status.readOnly', { name: viewSet }));
    return true;
  }

  /** Editing needs the own set shown and an annotator (else the dialog asks who). */
  requireAnnotator(): boolean {
    if (this.refuseReadOnly()) return false;
    if (this.state.session?.annotator) return true;
    this.openAnnotatorDialog();
    return false;
  }

  importPaths(): Promise<void> {
    return this.queue.run(async () => {
      const pick = bridgeExtras().pickImportPaths;
      if (!pick) return;
      let paths: string[];
      try {
        paths = await pick();
      } catch (e) {
        this.reportError({ code: 'internal', message: e instanceof Error ? e.message : String(e) }, 'Import');
        return;
      }
      await this.importGiven(paths);
    });
  }

  /** Import files or folders dropped on the window (the same import and report as the dialog's). */
  importGivenPaths(paths: string[]): Promise<void> {
    return this.queue.run(() => this.importGiven(paths));
  }

  private async importGiven(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    {
      const report = await this.request('documents.importPaths', { paths }, t('status.importFailed'));
      if (!report) return;
      this.info(t('status.imported', { n: report.imported.length, skipped: report.skipped.length }));
      await this.refreshDocuments();
      const first = report.imported[0];
      if (first) await this.openDocument(first.id);
    }
  }

  // ---- annotator and schema -------------------------------------------------------------------

  openAnnotatorDialog(): void {
    this.set({ annotatorDialog: this.state.session?.annotator ? 'change' : 'required' });
  }

  closeAnnotatorDialog(): void {
    if (this.state.annotatorDialog === 'change') this.set({ annotatorDialog: 'closed' });
  }

  /** Answers the error for the dialog to show (and does not add it to the status line). */
  setAnnotator(name: string): Promise<ApiError | null> {
    return this.queue.run(async () => {
      const r = await call('session.setAnnotator', { name });
      if (!r.ok) return r.error;
      const changed = r.value.annotator !== this.state.session?.annotator;
      const viewSet = this.state.viewSet === r.value.annotator ? null : this.state.viewSet;
      this.set({ session: r.value, annotatorDialog: 'closed', viewSet });
      if (changed) {
        this.info(t('status.annotatingAs', { name: r.value.annotator ?? '' }));
        const id = this.doc.getState().view?.id;
        await Promise.all([this.refreshDocuments(), id ? this.doc.reload(this.setArgs(id)) : undefined]);
      }
      return null;
    });
  }

  replaceSchema(json: string, fileName?: string): Promise<void> {
    return this.queue.run(async () => {
      const args: Args<'schema.replace'> = fileName ? { json, fileName } : { json };
      const schema = await this.request('schema.replace', args, `${t('status.cannotReplaceSchema')}${fileName ? ` (${fileName})` : ''}`);
      if (!schema) return;
      const session = this.state.session;
      if (session) this.set({ session: { ...session, schema, schemaVersion: schema.version } });
      this.info(t('status.schemaReplaced', { n: schema.entityTypes.length }));
      // Problems depend on the schema.
      const id = this.doc.getState().view?.id;
      if (id) await this.doc.revalidate(this.setArgs(id));
    });
  }

  /**
   * The schema or the stored annotations changed outside the view (schema editor, import): take
   * the session again (schema, annotators), refresh the list and reload the open document (or
   * open `openId`), since renames and imports change what it shows.
   */
  projectChanged(options: { message?: string; openId?: string } = {}): Promise<void> {
    return this.queue.run(async () => {
      const session = await this.request('session.get', {}, t('status.cannotReadProject'));
      if (session) this.set({ session });
      if (options.message) this.info(options.message);
      await this.refreshDocuments();
      const id = options.openId ?? this.doc.getState().view?.id;
      if (id) await this.openDocument(id, { reload: true });
    });
  }

  /** Take the session again (annotators and sets change with review, imports, another window). */
  async refreshSession(): Promise<void> {
    const session = await this.request('session.get', {}, t('status.cannotReadProject'));
    if (session) this.set({ session });
  }

  schema(): Schema | null {
    return this.state.session?.schema ?? null;
  }

  annotator(): string | null {
    return this.state.session?.annotator ?? null;
  }

  setSnapToWords(on: boolean): void {
    writeStorage(SNAP_KEY, on ? 'true' : 'false');
    this.set({ snapToWords: on });
  }

  // ---- prefixes out: chosen per project, else the annotator's practice ---------------------------

  /** What the annotator's mentions showed, per document seen in this session (their own set). */
  private practice = new Map<string, { annotator: string; stripped: number; kept: number }>();
  /** The readings of a document's practice under way (notePractice): the newest one per document counts. */
  private readonly practiceReads = new Map<string, object>();

  private prefixesKey(): string | null {
    const path = this.state.session?.projectPath;
    return path ? `${PREFIXES_KEY}:${path}` : null;
  }

  setPrefixesOut(on: boolean): void {
    const key = this.prefixesKey();
    if (key) writeStorage(key, on ? 'true' : 'false');
    this.set({ prefixesOut: on, prefixesOutFrom: { ...this.state.prefixesOutFrom, source: 'chosen' } });
  }

  /**
   * The own set of a document was read: count its mentions that start after a proclitic inside a
   * word (left out) against those that start at a word whose rest is a word they tagged elsewhere
   * (kept in; annotations/suggest/occurrences.ts estimatePractice), and follow the majority unless
   * the switch was set for this project. A long document is read up to its first PRACTICE_UNITS
   * (a 20 MB document's whole text would hold the window for seconds), in idle periods
   * (practiceEvidenceSteps): the switch follows once it is read.
   */
  notePractice(docId: string, text: string, lang: string, mentions: Iterable<{ start: number; end: number; type: string }>): void {
    const annotator = this.annotator();
    if (annotator === null || this.state.viewSet !== null) return;
    if (lang !== 'he' && lang !== 'ar') {
      this.followPractice(annotator);
      return;
    }
    // Read in idle periods, a block of lines at a time (60-250 ms at once, one long task right
    // after the document is shown); a newer reading of the same document replaces this one.
    const token = {};
    this.practiceReads.set(docId, token);
    const steps = practiceEvidenceSteps({ text, mentions: [...mentions] }, { prefixUnits: PRACTICE_UNITS, blockUnits: PRACTICE_BLOCK_UNITS });
    stepsWhenIdle(
      steps,
      (evidence) => {
        this.practiceReads.delete(docId);
        const e = evidence[lang];
        this.practice.set(docId, { annotator, stripped: e.stripped, kept: e.kept });
        this.followPractice(annotator);
      },
      { cancelled: () => this.practiceReads.get(docId) !== token || this.annotator() !== annotator },
    );
  }

  /** The switch as chosen for this project, else as the annotator's practice in the documents read so far says. */
  private followPractice(annotator: string): void {
    let stripped = 0;
    let kept = 0;
    for (const p of this.practice.values()) {
      if (p.annotator !== annotator) continue;
      stripped += p.stripped;
      kept += p.kept;
    }
    const key = this.prefixesKey();
    const chosen = key ? readStorage(key) : null;
    if (chosen === 'true' || chosen === 'false') {
      this.set({ prefixesOut: chosen === 'true', prefixesOutFrom: { source: 'chosen', stripped, kept } });
      return;
    }
    const measured = stripped + kept > 0;
    this.set({ prefixesOut: measured ? stripped >= kept : true, prefixesOutFrom: { source: measured ? 'practice' : 'default', stripped, kept } });
  }

}
