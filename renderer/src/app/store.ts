/**
 * The view's state and every call it makes to the bridge. A plain class behind
 * useSyncExternalStore: actions read the latest state (no stale closures), mutations run one at a
 * time in call order, and every error value the bridge answers ends up in `messages`.
 */
import type { EntityMention, Schema, Span } from '../../../annotations/model';
import { OffsetMap } from '../../../annotations/text';
import type {
  ApiError,
  Args,
  ChangeApplied,
  DocumentSummary,
  DocumentView,
  HistoryState,
  Method,
  Result,
  Ret,
  SessionInfo,
} from '../contract';
import { bridgeExtras, call } from '../bridge';

export interface StatusMessage {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** The bridge error code, for errors. */
  code?: string;
}

export type AnnotatorDialogState = 'closed' | 'required' | 'change';

export interface AppState {
  booting: boolean;
  session: SessionInfo | null;
  documents: DocumentSummary[];
  docView: DocumentView | null;
  /** Changes with every document (re)load: the editor is re-created for each. */
  docSeq: number;
  loadingDocId: string | null;
  mentions: ReadonlyMap<string, EntityMention>;
  selectedId: string | null;
  history: HistoryState;
  messages: StatusMessage[];
  annotatorDialog: AnnotatorDialogState;
  /** Snap selections to whole words (Alt or this switch off: exact characters). */
  snapToWords: boolean;
  /**
   * Another annotator's set shown read-only (the reference set, gold, a colleague); null: the
   * current annotator's own set, editable. Kept across document switches.
   */
  viewSet: string | null;
}

const LAST_DOC_KEY = 'qalam.lastDocument';
const SNAP_KEY = 'qalam.snapToWords';
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

function describe(error: ApiError): string {
  const where = error.file ? ` (${error.file}${error.line ? `:${error.line}` : ''})` : '';
  return `${error.message}${where}`;
}

function mentionLabel(m: EntityMention, text: string | null): string {
  return text ? `${m.type} “${text}”` : m.type;
}

export class AppStore {
  private state: AppState = {
    booting: true,
    session: null,
    documents: [],
    docView: null,
    docSeq: 0,
    loadingDocId: null,
    mentions: new Map(),
    selectedId: null,
    history: { canUndo: false, canRedo: false },
    messages: [],
    annotatorDialog: 'closed',
    snapToWords: readStorage(SNAP_KEY) !== 'false',
    viewSet: null,
  };
  private listeners = new Set<() => void>();
  private urgentListeners = new Set<() => void>();
  /** A notification of the non-urgent listeners waiting for the next paint (notifyAfterPaint). */
  private deferred: object | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextMessageId = 1;
  /** Incremented on each document switch: answers for an earlier document are dropped. */
  private docGeneration = 0;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): AppState => this.state;

  /**
   * What must change in the frame right after an input (the overlay's highlights): told of every
   * change at once, also of those the rest of the view (React, arcs) hears of only after the next
   * paint (see `set`).
   */
  readonly subscribeUrgent = (listener: () => void): (() => void) => {
    this.urgentListeners.add(listener);
    return () => this.urgentListeners.delete(listener);
  };

  /**
   * Change the state. `afterPaint`: the urgent listeners hear of it now and the others after the
   * next frame is painted, so a hotkey's highlight is not held back by a React render of the
   * panels (useSyncExternalStore renders synchronously, inside the key handler).
   */
  private set(patch: Partial<AppState>, afterPaint = false): void {
    this.state = { ...this.state, ...patch };
    const failed = AppStore.tell(this.urgentListeners);
    if (afterPaint) this.notifyAfterPaint();
    else this.notify();
    if (failed) throw failed.error;
  }

  /** Call every listener; one that throws does not keep the others from hearing (its error is answered). */
  private static tell(listeners: Iterable<() => void>): { error: unknown } | null {
    let failed: { error: unknown } | null = null;
    for (const l of listeners) {
      try {
        l();
      } catch (error) {
        failed ??= { error };
      }
    }
    return failed;
  }

  private notify(): void {
    this.deferred = null;
    const failed = AppStore.tell(this.listeners);
    if (failed) throw failed.error;
  }

  private notifyAfterPaint(): void {
    if (this.deferred) return;
    const token = {};
    this.deferred = token;
    const run = () => {
      if (this.deferred === token) this.notify();
    };
    // A task posted from an animation frame runs once that frame is rendered; the timeout covers
    // a hidden window, where animation frames do not run.
    const channel = new MessageChannel();
    channel.port1.onmessage = run;
    requestAnimationFrame(() => channel.port2.postMessage(0));
    window.setTimeout(run, 250);
  }

  // ---- messages -----------------------------------------------------------------------------

  reportError(error: ApiError, context?: string): void {
    const text = context ? `${context}: ${describe(error)}` : describe(error);
    this.pushMessage({ kind: 'error', text, code: error.code });
  }

  info(text: string): void {
    this.pushMessage({ kind: 'info', text });
  }

  private pushMessage(m: Omit<StatusMessage, 'id'>): void {
    const message: StatusMessage = { ...m, id: this.nextMessageId++ };
    // Keep errors until dismissed; an info replaces the previous info.
    const kept = this.state.messages.filter((x) => x.kind === 'error' || m.kind === 'error');
    this.set({ messages: [...kept, message].slice(-MAX_MESSAGES) });
  }

  dismiss(id: number): void {
    this.set({ messages: this.state.messages.filter((m) => m.id !== id) });
  }

  dismissAll(): void {
    this.set({ messages: [] });
  }

  /** Call the bridge; an error is reported (with `context`) and answered as null. */
  private async request<M extends Method>(method: M, args: Args<M>, context: string): Promise<Ret<M> | null> {
    const r = await call(method, args);
    if (!r.ok) {
      this.reportError(r.error, context);
      return null;
    }
    return r.value;
  }

  /** Mutations run one after another, in the order the user asked for them. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ---- start ----------------------------------------------------------------------------------

  async boot(): Promise<void> {
    const session = await this.request('session.get', {}, 'Cannot open the project');
    if (!session) {
      this.set({ booting: false });
      return;
    }
    this.set({ session, annotatorDialog: session.annotator === null ? 'required' : 'closed' });
    const documents = await this.request('documents.list', {}, 'Cannot list the documents');
    this.set({ documents: documents ?? [], booting: false });
    if (documents && documents.length > 0) {
      const last = readStorage(LAST_DOC_KEY);
      const pick = documents.find((d) => d.id === last) ?? documents[0];
      if (pick) await this.openDocument(pick.id);
    }
  }

  /**
   * Reload the document list; with `ids`, only those documents' rows (a change to one document
   * need not send a corpus of ten thousand summaries across).
   */
  async refreshDocuments(ids?: string[]): Promise<void> {
    if (ids !== undefined && ids.every((id) => this.state.documents.some((d) => d.id === id))) {
      const changed = await this.request('documents.list', { ids }, 'Cannot list the documents');
      if (!changed) return;
      const byId = new Map(changed.map((d) => [d.id, d] as const));
      this.set({ documents: this.state.documents.map((d) => byId.get(d.id) ?? d) });
      return;
    }
    const documents = await this.request('documents.list', {}, 'Cannot list the documents');
    if (documents) this.set({ documents });
  }

  // ---- documents ------------------------------------------------------------------------------

  async openDocument(id: string, options: { reload?: boolean } = {}): Promise<void> {
    if (!options.reload && this.state.docView?.id === id && this.state.loadingDocId === null) return;
    const generation = ++this.docGeneration;
    // Marks for the benchmark: open asked → data arrived → ready (WindowingPlugin, READY_MARK).
    performance.mark('qalam:open-start', { detail: { docId: id } });
    this.set({ loadingDocId: id });
    const [view, mentions, history] = await Promise.all([
      call('documents.get', { id }),
      call('mentions.list', this.setArgs(id)),
      this.historyState(id),
    ]);
    if (generation !== this.docGeneration) return;
    performance.mark('qalam:open-data', { detail: { docId: id } });
    if (!view.ok) {
      this.reportError(view.error, 'Cannot open the document');
      this.set({ loadingDocId: null });
      return;
    }
    if (!mentions.ok) this.reportError(mentions.error, 'Cannot load the mentions');
    if (!history.ok) this.reportError(history.error, 'Cannot read the undo history');
    writeStorage(LAST_DOC_KEY, id);
    this.set({
      docView: view.value,
      docSeq: this.state.docSeq + 1,
      loadingDocId: null,
      mentions: new Map((mentions.ok ? mentions.value : []).map((m) => [m.id, m])),
      selectedId: null,
      history: history.ok ? history.value : { canUndo: false, canRedo: false },
    });
  }

  private async reloadMentions(): Promise<void> {
    const doc = this.state.docView;
    if (!doc) return;
    const generation = this.docGeneration;
    const [mentions, history] = await Promise.all([call('mentions.list', this.setArgs(doc.id)), this.historyState(doc.id)]);
    if (generation !== this.docGeneration) return;
    if (!mentions.ok) this.reportError(mentions.error, 'Cannot load the mentions');
    if (!history.ok) this.reportError(history.error, 'Cannot read the undo history');
    this.set({
      mentions: mentions.ok ? new Map(mentions.value.map((m) => [m.id, m])) : this.state.mentions,
      history: history.ok ? history.value : this.state.history,
      selectedId: null,
    });
  }

  // ---- viewing another annotator's set (read-only) ---------------------------------------------

  /** Arguments of the list calls (mentions.list, annotations.list, documents.validate) for the shown set. */
  setArgs(docId: string): { docId: string; annotator?: string } {
    const viewSet = this.state.viewSet;
    return viewSet ? { docId, annotator: viewSet } : { docId };
  }

  /** Another set is shown: nothing can be undone or redone there. */
  private historyState(docId: string): Promise<Result<HistoryState>> {
    if (this.state.viewSet) return Promise.resolve({ ok: true, value: { canUndo: false, canRedo: false } });
    return call('history.state', { docId });
  }

  /** Show `set` read-only (null: the own set, editable) and reload the open document with it. */
  setViewSet(set: string | null): Promise<void> {
    const viewSet = set && set !== this.state.session?.annotator ? set : null;
    if (viewSet === this.state.viewSet) return Promise.resolve();
    this.set({ viewSet, selectedId: null });
    return this.serial(async () => {
      const id = this.state.docView?.id;
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
    this.info(`Read-only: showing ${viewSet}. Switch Showing to your own set to annotate.`);
    return true;
  }

  importPaths(): Promise<void> {
    return this.serial(async () => {
      const pick = bridgeExtras().pickImportPaths;
      if (!pick) return;
      let paths: string[];
      try {
        paths = await pick();
      } catch (e) {
        this.reportError({ code: 'internal', message: e instanceof Error ? e.message : String(e) }, 'Import');
        return;
      }
      if (paths.length === 0) return;
      const report = await this.request('documents.importPaths', { paths }, 'Import failed');
      if (!report) return;
      const skipped = report.skipped.length > 0 ? `; ${report.skipped.length} already in the project` : '';
      this.info(`Imported ${report.imported.length} document${report.imported.length === 1 ? '' : 's'}${skipped}`);
      await this.refreshDocuments();
      const first = report.imported[0];
      if (first) await this.openDocument(first.id);
    });
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
    return this.serial(async () => {
      const r = await call('session.setAnnotator', { name });
      if (!r.ok) return r.error;
      const changed = r.value.annotator !== this.state.session?.annotator;
      const viewSet = this.state.viewSet === r.value.annotator ? null : this.state.viewSet;
      this.set({ session: r.value, annotatorDialog: 'closed', viewSet });
      if (changed) {
        this.info(`Annotating as ${r.value.annotator ?? ''}`);
        await Promise.all([this.refreshDocuments(), this.reloadMentions()]);
      }
      return null;
    });
  }

  replaceSchema(json: string, fileName?: string): Promise<void> {
    return this.serial(async () => {
      const args: Args<'schema.replace'> = fileName ? { json, fileName } : { json };
      const schema = await this.request('schema.replace', args, `Cannot replace the schema${fileName ? ` with ${fileName}` : ''}`);
      if (!schema) return;
      const session = this.state.session;
      if (session) this.set({ session: { ...session, schema, schemaVersion: schema.version } });
      this.info(`Schema replaced: ${schema.entityTypes.length} entity types`);
    });
  }

  /**
   * The schema or the stored annotations changed outside the view (schema editor, import): take
   * the session again (schema, annotators), refresh the list and reload the open document (or
   * open `openId`), since renames and imports change what it shows.
   */
  projectChanged(options: { message?: string; openId?: string } = {}): Promise<void> {
    return this.serial(async () => {
      const session = await this.request('session.get', {}, 'Cannot read the project');
      if (session) this.set({ session });
      if (options.message) this.info(options.message);
      await this.refreshDocuments();
      const id = options.openId ?? this.state.docView?.id;
      if (id) await this.openDocument(id, { reload: true });
    });
  }

  /** A change made elsewhere (events, relations…) moved the history: show its state. */
  noteHistory(history: HistoryState): void {
    this.set({ history });
  }

  schema(): Schema | null {
    return this.state.session?.schema ?? null;
  }

  setSnapToWords(on: boolean): void {
    writeStorage(SNAP_KEY, on ? 'true' : 'false');
    this.set({ snapToWords: on });
  }

  // ---- mentions -------------------------------------------------------------------------------

  select(id: string | null): void {
    if (id !== null && !this.state.mentions.has(id)) return;
    if (id !== this.state.selectedId) this.set({ selectedId: id });
  }

  private requireAnnotator(): boolean {
    if (this.refuseReadOnly()) return false;
    if (this.state.session?.annotator) return true;
    this.openAnnotatorDialog();
    return false;
  }

  private upsert(m: EntityMention): Map<string, EntityMention> {
    return this.editMentions((next) => next.set(m.id, m), [m.id]);
  }

  /** The last mentions map made by editMentions: from which map, and which ids it changed. */
  private delta: { from: ReadonlyMap<string, EntityMention>; to: ReadonlyMap<string, EntityMention>; ids: readonly string[] } | null = null;

  /** A copy of the mentions with `edit` applied, remembering which ids it touched (mentionDelta). */
  private editMentions(edit: (next: Map<string, EntityMention>) => void, ids: readonly string[]): Map<string, EntityMention> {
    const from = this.state.mentions;
    const next = new Map(from);
    edit(next);
    this.delta = { from, to: next, ids };
    return next;
  }

  /**
   * The ids that differ between two mention maps, when `to` was made from `from` by one edit
   * (a tag, its answer, a retype, a delete); null when unknown (the caller compares everything).
   */
  mentionDelta(from: ReadonlyMap<string, EntityMention>, to: ReadonlyMap<string, EntityMention>): readonly string[] | null {
    const d = this.delta;
    return d !== null && d.from === from && d.to === to ? d.ids : null;
  }

  private offsets: { doc: DocumentView; map: OffsetMap } | null = null;

  /** The (shortened) text of a mention, for messages. */
  private mentionText(m: { start: number; end: number }): string | null {
    const doc = this.state.docView;
    if (!doc) return null;
    if (this.offsets?.doc !== doc) this.offsets = { doc, map: new OffsetMap(doc.text) };
    const { map } = this.offsets;
    if (m.start < 0 || m.end > map.length || m.end < m.start) return null;
    const text = map.slice(m.start, m.end);
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  }

  private pendingSeq = 0;

  /**
   * Tag a span. The highlight is drawn at once with a provisional mention (id `pending-N`), before
   * the service answers; the answer replaces it with the stored mention, and an error removes it
   * (and is shown in the status line).
   */
  createMention(span: Span, type: string): Promise<EntityMention | null> {
    const doc = this.state.docView;
    const annotator = this.state.session?.annotator ?? null;
    let pendingId: string | null = null;
    if (doc && annotator && !this.state.viewSet) {
      pendingId = `pending-${++this.pendingSeq}`;
      const now = new Date().toISOString();
      const provisional: EntityMention = {
        id: pendingId,
        docId: doc.id,
        type,
        start: span.start,
        end: span.end,
        annotator,
        origin: 'manual',
        createdAt: now,
        updatedAt: now,
      };
      this.set({ mentions: this.upsert(provisional) }, true);
    }
    // The provisional mention goes when the answer comes (or fails); the overlay hears which ids changed.
    const withoutPending = (add?: EntityMention) =>
      this.editMentions(
        (map) => {
          if (pendingId !== null) map.delete(pendingId);
          if (add) map.set(add.id, add);
        },
        [...(pendingId === null ? [] : [pendingId]), ...(add ? [add.id] : [])],
      );
    return this.serial(async () => {
      if (!doc || !this.requireAnnotator()) {
        if (pendingId !== null) this.set({ mentions: withoutPending() });
        return null;
      }
      const r = await this.request(
        'mentions.create',
        { docId: doc.id, type, start: span.start, end: span.end },
        `Cannot tag ${type}`,
      );
      if (!r || this.state.docView?.id !== doc.id) {
        if (pendingId !== null && this.state.mentions.has(pendingId)) this.set({ mentions: withoutPending() });
        return null;
      }
      const next = withoutPending(r.mention);
      this.set({ mentions: next, history: r.history, selectedId: r.mention.id });
      this.info(`Tagged ${mentionLabel(r.mention, this.mentionText(r.mention))} at ${r.mention.start}–${r.mention.end}`);
      void this.refreshDocuments([doc.id]);
      return r.mention;
    });
  }

  /** A mention as the service answered it after a change made elsewhere (attributes, notes). */
  applyMention(m: EntityMention): void {
    if (m.docId !== this.state.docView?.id || !this.state.mentions.has(m.id)) return;
    this.set({ mentions: this.upsert(m) });
  }

  retypeMention(id: string, type: string): Promise<void> {
    return this.serial(async () => {
      const current = this.state.mentions.get(id);
      if (!current || current.type === type || !this.requireAnnotator()) return;
      const r = await this.request('mentions.update', { id, type }, `Cannot change the type to ${type}`);
      if (!r || !this.state.mentions.has(id)) return;
      this.set({ mentions: this.upsert(r.mention), history: r.history });
    });
  }

  deleteMention(id: string): Promise<void> {
    return this.serial(async () => {
      const current = this.state.mentions.get(id);
      if (!current || !this.requireAnnotator()) return;
      const r = await this.request('mentions.delete', { id }, 'Cannot delete the mention');
      if (!r) return;
      const next = this.editMentions((map) => map.delete(id), [id]);
      this.set({
        mentions: next,
        history: r.history,
        selectedId: this.state.selectedId === id ? null : this.state.selectedId,
      });
      this.info(`Deleted ${mentionLabel(current, this.mentionText(current))}`);
      void this.refreshDocuments([current.docId]);
    });
  }

  undo(): Promise<void> {
    return this.serial(() => this.applyHistory('history.undo'));
  }

  redo(): Promise<void> {
    return this.serial(() => this.applyHistory('history.redo'));
  }

  private async applyHistory(method: 'history.undo' | 'history.redo'): Promise<void> {
    const doc = this.state.docView;
    if (!doc || this.refuseReadOnly()) return;
    const r: Result<ChangeApplied> = await call(method, { docId: doc.id });
    if (!r.ok) {
      if (r.error.code === 'nothing-to-undo' || r.error.code === 'nothing-to-redo') this.info(r.error.message);
      else this.reportError(r.error, method === 'history.undo' ? 'Cannot undo' : 'Cannot redo');
      return;
    }
    const change = r.value;
    if (change.docId !== this.state.docView?.id) return;
    const next = new Map(this.state.mentions);
    // One step may change several objects (a mention and the events or relations it was part
    // of); the view shows mentions, so it applies the mention steps.
    const steps = change.steps ?? [{ target: 'mention' as const, id: change.mentionId, kind: change.kind, value: change.mention }];
    let shown: EntityMention | null = null;
    let kind = change.kind;
    for (const step of steps) {
      if (step.target !== 'mention') continue;
      const before = next.get(step.id) ?? null;
      if (step.value) next.set(step.id, step.value);
      else next.delete(step.id);
      if (!shown) {
        shown = step.value ?? before;
        kind = step.kind;
      }
    }
    const what = shown ? mentionLabel(shown, this.mentionText(shown)) : 'an annotation';
    const verb = method === 'history.undo' ? 'Undo' : 'Redo';
    // `kind` is what this step did: undoing a create deletes, undoing a delete creates.
    const did = kind === 'create' ? 'restored' : kind === 'delete' ? 'removed' : 'retyped';
    this.set({
      mentions: next,
      history: { canUndo: change.canUndo, canRedo: change.canRedo },
      selectedId: shown && next.has(shown.id) ? shown.id : null,
    });
    this.info(`${verb}: ${did} ${what}`);
    void this.refreshDocuments([change.docId]);
  }
}
