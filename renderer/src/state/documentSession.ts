/**
 * The open document and everything on it in the shown set: the text, the mentions, events,
 * relations, the document's status/flags/note, its validation problems and the undo state, with
 * the selected mention. Every change is one bridge call, queued (Workspace.queue); its answer
 * carries what changed (the object, the objects a cascade touched, undo's steps) and where the
 * document is now (`document`: the list row and the problems, see contract.ts DocumentChange),
 * and the session applies it: nothing is reloaded after a change.
 *
 * Over 500 lines on purpose: it is the one place that applies every change's answer to the open
 * document (mentions, events, relations, metadata, problems, history) — split, the parts would
 * have to share the same mutable state and keep each other's invariants.
 */
import type {
  DocumentInfo,
  DocumentMeta,
  DocumentStatus,
  Paragraph,
  EntityMention,
  EventMention,
  Relation,
  Span,
} from '../../../annotations/model';
import { isCoreError } from '../../../annotations/errors';
import { MENTION_PAGE_SIZE, unpackMentionPages, unpackPositionPages } from '../../../annotations/mentionPages';
import { PagedText, layoutParagraphs } from '../../../annotations/textPages';
import type {
  AnnotationRef,
  ApiError,
  AnnotationValue,
  Args,
  ChangeApplied,
  DocumentAnnotations,
  DocumentChange,
  HistoryState,
  MentionPage,
  Method,
  Result,
  Ret,
  ValidationProblem,
} from '../contract';
import { call } from '../bridge';
import { early } from './early';
import { dropFirstScreen, firstScreenSettled } from '../firstScreen';
import { whenIdle } from './idle';
import { EditedMap, type MapEdits } from './editedMap';
import { Observable } from './observable';
import type { Workspace } from './workspace';
import { t } from '../i18n';

/**
 * The open document as the window holds it: its text in pages (documents.open: the first page
 * comes with the layout, the others as they arrive; `pages.complete` once all are there).
 */
export interface SessionView extends DocumentInfo {
  paragraphs: Paragraph[];
  pages: PagedText;
}

export interface SessionState {
  view: SessionView | null;
  /** Changes with every document (re)load: the editor is re-created for each. */
  seq: number;
  mentions: ReadonlyMap<string, EntityMention>;
  events: ReadonlyMap<string, EventMention>;
  relations: ReadonlyMap<string, Relation>;
  meta: DocumentMeta | null;
  problems: ValidationProblem[];
  /**
   * Whether `problems` is the answer yet: 'checking' from a load until documents.validate (or a
   * change's answer) says, 'failed' when that call failed; the Problems list says so, never "no
   * problems" before it knows.
   */
  checked: 'checking' | 'checked' | 'failed';
  history: HistoryState;
  selectedId: string | null;
  /**
   * The window's first document has been painted (its text and highlights on screen): the panels
   * beside it (mentions, problems, suggestions, events) are drawn only then, in the frames after
   * (issue 15: nothing but the document before its first paint). Never false again.
   */
  started: boolean;
}

const NO_HISTORY: HistoryState = { canUndo: false, canRedo: false };
/** A provisional mention's id starts so (the label's highlight before the service answers). */
const PENDING = 'pending-';

function errorOf(e: unknown): ApiError {
  return { code: isCoreError(e) ? e.code : 'internal', message: e instanceof Error ? e.message : String(e) };
}
/** How long after its data a document's deferred reads wait for its first paint (no editor shows it: the review screen is up). */
const PAINT_FALLBACK_MS = 1500;

function mentionLabel(m: EntityMention, text: string | null): string {
  return text ? `${m.type} “${text}”` : m.type;
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | null): Map<K, V> {
  const next = new Map(map);
  if (value === null) next.delete(key);
  else next.set(key, value);
  return next;
}

export class DocumentSession extends Observable<SessionState> {
  /** Incremented on each document (re)load: answers for an earlier one are dropped. */
  private generation = 0;
  private pendingSeq = 0;
  /** Counts the change answers applied: a deferred read asked before one of them is stale. */
  private changesApplied = 0;
  /** The open document's first paint: whether it happened, and what waits for it (afterPaint). */
  private paint: { docId: string; painted: boolean; tasks: (() => void)[]; timer: number } | null = null;

  constructor(private readonly ws: Workspace) {
    super({
      view: null,
      seq: 0,
      mentions: new Map(),
      events: new Map(),
      relations: new Map(),
      meta: null,
      problems: [],
      checked: 'checked',
      history: NO_HISTORY,
      selectedId: null,
      started: false,
    });
  }

  private docId(): string | null {
    return this.state.view?.id ?? null;
  }

  // ---- loading ----------------------------------------------------------------------------------

  /**
   * Open a document (or the same one again) in the set `args` names. The text and the annotations
   * come first (the document shows); what can wait — the undo state, the problems, the annotator's
   * practice — is read once the document is painted and the window idle (afterPaint).
   */
  async load(id: string, args: { docId: string; annotator?: string }): Promise<'opened' | 'failed' | 'superseded'> {
    const generation = ++this.generation;
    const [opening, annotations] = await Promise.all([early('documents.open', { id }), this.firstAnnotations(args)]);
    if (generation !== this.generation) return 'superseded';
    performance.mark('qalam:open-data', { detail: { docId: id } });
    // The start's first screen of this text (firstScreen.ts) is painted before the editor is set up.
    await firstScreenSettled();
    if (generation !== this.generation) return 'superseded';
    if (!opening.ok) {
      this.ws.reportError(opening.error, t('status.cannotOpenDocument'));
      return 'failed';
    }
    let view: SessionView;
    try {
      const pages = new PagedText(opening.value.layout);
      pages.add(opening.value.first);
      view = { ...opening.value.info, paragraphs: layoutParagraphs(opening.value.layout), pages };
    } catch (e) {
      this.ws.reportError(errorOf(e), t('status.cannotOpenDocument'));
      return 'failed';
    }
    if (!annotations.ok) this.ws.reportError(annotations.error, t('status.cannotLoadMentions'));
    const a = annotations.ok ? annotations.value : null;
    this.waitForPaint(id);
    this.deltas = [];
    this.set({
      view,
      seq: this.state.seq + 1,
      mentions: new Map((a?.mentions ?? []).map((m) => [m.id, m])),
      events: new Map((a?.events ?? []).map((e) => [e.id, e])),
      relations: new Map((a?.relations ?? []).map((r) => [r.id, r])),
      meta: a?.meta ?? null,
      problems: [],
      // Nothing to check without the own set (nobody annotating yet); annotations that could not be read cannot be checked.
      checked: a ? 'checking' : this.noOwnSet(args) ? 'checked' : 'failed',
      history: NO_HISTORY,
      selectedId: null,
    });
    const loaded = this.loadRest(generation, view, args, a?.firstPage ?? null);
    this.afterPaint(id, () => void loaded.then((all) => this.afterShown(generation, view, all, args)));
    return 'opened';
  }

  /**
   * The rest of a document opened with its first text page and the mentions starting there: the
   * other text pages, all asked at once (the window follows them as they arrive), and the
   * mentions of the other pages, read on the change queue (a label made meanwhile is sent after
   * them, its provisional highlight kept), then, once the text is all there, joined with the first into exactly the set
   * (`unpackPositionPages`; read again when the set changed between two pages). Marks
   * `qalam:open-loaded` when everything is there; answers the whole set (null when it could not
   * be read, or another document was opened).
   */
  private async loadRest(generation: number, view: SessionView, args: { docId: string; annotator?: string }, first: MentionPage | null): Promise<EntityMention[] | null> {
    const { pages } = view;
    const text = Array.from({ length: pages.pageCount - 1 }, async (_, k) => {
      const r = await call('documents.textPage', { id: view.id, page: k + 1 });
      if (generation !== this.generation) return false;
      if (!r.ok) {
        this.ws.reportError(r.error, t('status.cannotOpenDocument'));
        return false;
      }
      try {
        pages.add(r.value);
        return true;
      } catch (e) {
        this.ws.reportError(errorOf(e), t('status.cannotOpenDocument'));
        return false;
      }
    });
    const texts = Promise.all(text);
    const mentions = first === null ? Promise.resolve(null) : pages.pageCount === 1 ? Promise.resolve(this.stateMentions(generation)) : this.ws.queue.run(() => this.restMentions(generation, view, args, first, texts));
    const [arrived, all] = await Promise.all([texts, mentions]);
    if (generation !== this.generation) return null;
    if (arrived.every(Boolean)) performance.mark('qalam:open-loaded', { detail: { docId: view.id } });
    return all;
  }

  /** The mentions held now, as a list (a one-page document: the first page was the set). */
  private stateMentions(generation: number): EntityMention[] | null {
    return generation === this.generation ? [...this.state.mentions.values()] : null;
  }

  /** The mentions of text pages 1 … (in groups of about a mention page), joined with page 0's; applied to the state. */
  private async restMentions(generation: number, view: SessionView, args: { docId: string; annotator?: string }, first: MentionPage, texts: Promise<unknown>): Promise<EntityMention[] | null> {
    const set = { docId: args.docId, ...(args.annotator !== undefined ? { annotator: args.annotator } : {}) };
    const count = view.pages.pageCount;
    for (let attempt = 1; ; attempt++) {
      const perPage = first.total / count;
      const group = Math.max(1, Math.floor(MENTION_PAGE_SIZE / Math.max(1, perPage)));
      const asks: Promise<Result<MentionPage>>[] = [];
      for (let k = 1; k < count; k += group) asks.push(call('mentions.page', { ...set, textPage: k, textPages: Math.min(group, count - k) }));
      const rest = await Promise.all(asks);
      if (generation !== this.generation) return null;
      const failed = rest.find((r) => !r.ok);
      if (failed && !failed.ok) {
        this.ws.reportError(failed.error, t('status.cannotLoadMentions'));
        return null;
      }
      let all: EntityMention[];
      try {
        all = unpackPositionPages([first, ...rest.map((r) => (r as { value: MentionPage }).value)]);
      } catch (e) {
        if (isCoreError(e) && e.code === 'conflict' && attempt < 3) {
          // The set changed between two pages: read the first page again, then the others.
          const again = await call('mentions.page', { ...set, textPage: 0 });
          if (generation !== this.generation) return null;
          if (!again.ok) {
            this.ws.reportError(again.error, t('status.cannotLoadMentions'));
            return null;
          }
          first = again.value;
          continue;
        }
        this.ws.reportError(errorOf(e), t('status.cannotLoadMentions'));
        return null;
      }
      // Shown once their text is there too (a mention is drawn and listed with its letters).
      await texts;
      if (generation !== this.generation) return null;
      // Labels made meanwhile wait behind this read on the queue: their provisional mentions stay.
      const next = new Map(all.map((m) => [m.id, m]));
      for (const [id, m] of this.state.mentions) if (id.startsWith(PENDING)) next.set(id, m);
      this.deltas = [];
      this.set({ mentions: next });
      return all;
    }
  }

  /** After the first paint of a loaded document: its undo state, its problems, the annotator's practice. */
  private async afterShown(generation: number, view: SessionView, all: EntityMention[] | null, args: { docId: string; annotator?: string }): Promise<void> {
    if (generation !== this.generation) return;
    if (all && args.annotator === undefined && view.pages.complete) this.ws.notePractice(view.id, view.pages.text, view.lang, all);
    const applied = this.changesApplied;
    const [history] = await Promise.all([this.historyState(view.id, args), all ? this.revalidate(args) : undefined]);
    if (generation !== this.generation) return;
    if (!history.ok) this.ws.reportError(history.error, t('status.cannotReadHistory'));
    // A change answered meanwhile carried a newer undo state.
    else if (applied === this.changesApplied) this.set({ history: history.value });
  }

  /** A document was loaded: what asks for afterPaint from now on waits for its first paint. */
  private waitForPaint(docId: string): void {
    if (this.paint) window.clearTimeout(this.paint.timer);
    // Without an editor showing it (the review screen is up) nothing paints it: go on a moment later.
    const timer = window.setTimeout(() => this.painted(docId), PAINT_FALLBACK_MS);
    this.paint = { docId, painted: false, tasks: [], timer };
  }

  /** The editor painted `docId` (WindowingPlugin's first frame of it): what waited for that runs when the window is idle. */
  painted(docId: string): void {
    const p = this.paint;
    if (!p || p.docId !== docId || p.painted) return;
    p.painted = true;
    window.clearTimeout(p.timer);
    // Painted, or no editor shows it (another screen is up): the start's first screen has gone (or goes now).
    dropFirstScreen();
    for (const task of p.tasks.splice(0)) whenIdle(task);
    if (!this.state.started) this.start();
  }

  /**
   * The panels beside the document may be drawn (SessionState.started): once the frame being
   * painted is on screen (a message posted now runs after it; the timeout covers a hidden
   * window), or at once when no document is shown (none in the project, or it failed to open).
   */
  start(now = false): void {
    if (this.state.started) return;
    if (now) {
      this.set({ started: true });
      return;
    }
    const run = () => {
      if (!this.state.started) this.set({ started: true });
    };
    const channel = new MessageChannel();
    channel.port1.onmessage = run;
    channel.port2.postMessage(0);
    window.setTimeout(run, 250);
  }

  /**
   * Run `task` once the open document `docId` has been painted and the window is idle (at once
   * when idle if it already was); dropped when another document is loaded before.
   */
  afterPaint(docId: string, task: () => void): void {
    const p = this.paint;
    if (!p || p.docId !== docId) return;
    if (p.painted) whenIdle(task);
    else p.tasks.push(task);
  }

  /** The same document again, in the set `args` names (the annotator changed). */
  async reload(args: { docId: string; annotator?: string }): Promise<void> {
    const generation = this.generation;
    const [annotations, history] = await Promise.all([this.annotations(args), this.historyState(args.docId, args)]);
    if (generation !== this.generation || this.docId() !== args.docId) return;
    if (!annotations.ok) this.ws.reportError(annotations.error, t('status.cannotLoadMentions'));
    if (!history.ok) this.ws.reportError(history.error, t('status.cannotReadHistory'));
    const a = annotations.ok ? annotations.value : null;
    if (a) this.deltas = [];
    this.set({
      ...(a
        ? {
            mentions: new Map(a.mentions.map((m) => [m.id, m])),
            events: new Map(a.events.map((e) => [e.id, e])),
            relations: new Map(a.relations.map((r) => [r.id, r])),
            meta: a.meta,
            checked: 'checking' as const,
          }
        : {}),
      history: history.ok ? history.value : this.state.history,
      selectedId: null,
    });
    const view = this.state.view;
    if (a && args.annotator === undefined && view?.pages.complete) this.ws.notePractice(args.docId, view.pages.text, view.lang, a.mentions);
    if (a) await this.revalidate(args);
  }

  /** Ask for the problems again (after a load, or a schema change). */
  async revalidate(args: { docId: string; annotator?: string }): Promise<void> {
    if (this.noOwnSet(args)) {
      if (this.docId() === args.docId) this.set({ problems: [], checked: 'checked' });
      return;
    }
    const generation = this.generation;
    const applied = this.changesApplied;
    const problems = await this.ws.request('documents.validate', args, t('status.cannotCheck'));
    // A change answered meanwhile carried newer problems.
    if (generation !== this.generation || applied !== this.changesApplied || this.docId() !== args.docId) return;
    this.set(problems ? { problems, checked: 'checked' } : { checked: 'failed' });
  }

  /** Nobody is annotating yet (first start, the name prompt is up): the own set is empty, nothing is asked. */
  private noOwnSet(args: { annotator?: string }): boolean {
    return args.annotator === undefined && this.ws.annotator() === null;
  }

  /**
   * What a document opens with: the set's events, relations and status, and the mentions starting
   * in its first text page (`firstPage`, mentions.page by position; the others follow, loadRest).
   */
  private async firstAnnotations(args: { docId: string; annotator?: string }): Promise<Result<(DocumentAnnotations & { firstPage: MentionPage }) | null>> {
    if (this.noOwnSet(args)) return { ok: true, value: null };
    const set = { docId: args.docId, ...(args.annotator !== undefined ? { annotator: args.annotator } : {}) };
    const [rest, first] = await Promise.all([early('annotations.list', { ...args, mentions: false }), early('mentions.page', { ...set, textPage: 0 })]);
    if (!rest.ok) return rest;
    if (!first.ok) return first;
    try {
      return { ok: true, value: { ...rest.value, mentions: unpackPositionPages([first.value], { part: true }), firstPage: first.value } };
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  /**
   * The set's annotations: its events, relations and status in one call, its mentions in pages of
   * columns (mentions.page; a long document has 200,000 of them), read at the same time.
   */
  private async annotations(args: { docId: string; annotator?: string }): Promise<Result<DocumentAnnotations | null>> {
    if (this.noOwnSet(args)) return { ok: true, value: null };
    const [rest, mentions] = await Promise.all([early('annotations.list', { ...args, mentions: false }), this.mentionPages(args)]);
    if (!rest.ok) return rest;
    if (!mentions.ok) return mentions;
    return { ok: true, value: { ...rest.value, mentions: mentions.value } };
  }

  /**
   * Every page of the set's mentions, joined: the first (sent at start when it is the remembered
   * document), then all the others at once by number (the first tells how many), so the service
   * reads them back to back while the window takes the answers in; read again (up to three times)
   * when the set changed between two pages.
   */
  private async mentionPages(args: { docId: string; annotator?: string }): Promise<Result<EntityMention[]>> {
    const set = { docId: args.docId, ...(args.annotator !== undefined ? { annotator: args.annotator } : {}) };
    for (let attempt = 1; ; attempt++) {
      const first: Result<MentionPage> = await early('mentions.page', set);
      if (!first.ok) return first;
      const count = Math.max(1, Math.ceil(first.value.total / MENTION_PAGE_SIZE));
      const rest = await Promise.all(Array.from({ length: count - 1 }, (_, k) => call('mentions.page', { ...set, page: k + 1 })));
      const pages: MentionPage[] = [first.value];
      for (const r of rest) {
        if (!r.ok) return r;
        pages.push(r.value);
      }
      try {
        return { ok: true, value: unpackMentionPages(pages) };
      } catch (e) {
        if (isCoreError(e) && e.code === 'conflict' && attempt < 3) continue;
        return { ok: false, error: errorOf(e) };
      }
    }
  }

  /** Another set is shown, or none yet: nothing can be undone or redone there. */
  private historyState(docId: string, args: { annotator?: string }) {
    if (args.annotator !== undefined || this.noOwnSet(args)) return Promise.resolve({ ok: true as const, value: NO_HISTORY });
    return call('history.state', { docId });
  }

  // ---- answers ----------------------------------------------------------------------------------

  /**
   * One change: refused while another set is shown or without an annotator, else one bridge call,
   * queued; an error goes to the status line (answered as null). `apply` gets the answer if the
   * document is still the one the call was about. `afterFrame`: the call goes out once the frame
   * being drawn is painted (framePainted.ts; its place in the queue is kept: what the user asks
   * next waits for it).
   */
  private change<M extends Method, T>(
    method: M,
    args: Args<M>,
    context: string,
    apply: (answer: Ret<M>) => T,
    afterFrame = false,
  ): Promise<T | null> {
    return this.ws.queue.run(async () => {
      if (afterFrame) await this.ws.frames.painted();
      const docId = this.docId();
      if (!docId || !this.ws.requireAnnotator()) return null;
      const generation = this.generation;
      this.ws.saves.begin();
      const r = await call(method, args);
      this.ws.saves.end(r.ok);
      if (!r.ok) {
        if (r.error.code === 'no-annotator') this.ws.openAnnotatorDialog();
        this.ws.reportError(r.error, context);
        return null;
      }
      if (generation !== this.generation || this.docId() !== docId) return null;
      this.changesApplied++;
      return apply(r.value);
    });
  }

  /** Where the document is now (a change's answer): its list row and its problems. */
  private documentPatch(document: DocumentChange): Partial<SessionState> {
    this.changesApplied++;
    this.ws.documentChanged(document.summary, document.problems.length);
    return { problems: document.problems, checked: 'checked' };
  }

  // ---- mentions ---------------------------------------------------------------------------------

  select(id: string | null): void {
    if (id !== null && !this.state.mentions.has(id)) return;
    if (id !== this.state.selectedId) this.set({ selectedId: id });
  }

  /** The last mentions maps made by editMentions (newest last): from which map, and which ids each changed. */
  private deltas: { from: ReadonlyMap<string, EntityMention>; to: ReadonlyMap<string, EntityMention>; ids: readonly string[] }[] = [];

  /**
   * The mentions with `edit` applied (over the map before, not a copy of it: editedMap.ts),
   * remembering which ids it touched (mentionDelta).
   */
  private editMentions(edit: (next: MapEdits<string, EntityMention>) => void, ids: readonly string[]): ReadonlyMap<string, EntityMention> {
    const from = this.state.mentions;
    const next = EditedMap.edit(from, edit);
    this.deltas.push({ from, to: next, ids });
    if (this.deltas.length > 16) this.deltas.shift();
    return next;
  }

  /**
   * The ids that differ between two mention maps, when `to` was made from `from` by the last few
   * edits (a tag, its answer, a retype, a delete); null when unknown (the caller compares everything).
   */
  mentionDelta = (from: ReadonlyMap<string, EntityMention>, to: ReadonlyMap<string, EntityMention>): readonly string[] | null => {
    // Back from `to` through the last edits to `from` (a listener may have missed some).
    const ids = new Set<string>();
    let at = to;
    for (let k = this.deltas.length - 1; k >= 0 && at !== from; k--) {
      const d = this.deltas[k]!;
      if (d.to !== at) continue;
      for (const id of d.ids) ids.add(id);
      at = d.from;
    }
    // (The same map: unknown, as before any edit: the overlay then compares everything.)
    return at === from && from !== to ? [...ids] : null;
  };

  /** The (shortened) text of a mention, for messages (null while its text page has not arrived). */
  mentionText(m: { start: number; end: number }): string | null {
    const pages = this.state.view?.pages;
    if (!pages) return null;
    const map = pages.offsets;
    if (m.start < 0 || m.end > map.length || m.end < m.start) return null;
    let text: string;
    try {
      text = pages.slice16(map.toUtf16(m.start), map.toUtf16(m.end));
    } catch {
      return null;
    }
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  }

  /**
   * Tag a span. The highlight is drawn at once with a provisional mention (id `pending-N`), and
   * the store call goes out once that frame is painted (change's `afterFrame`: nothing of the call
   * in the label's frame); the answer replaces it with the stored mention, and an error removes it
   * (and is shown in the status line).
   */
  async createMention(span: Span, type: string): Promise<EntityMention | null> {
    const doc = this.state.view;
    const annotator = this.ws.annotator();
    let pendingId: string | null = null;
    if (doc && annotator && !this.ws.getState().viewSet) {
      pendingId = `${PENDING}${++this.pendingSeq}`;
      const now = new Date().toISOString();
      const provisional: EntityMention = { id: pendingId, docId: doc.id, type, start: span.start, end: span.end, annotator, origin: 'manual', createdAt: now, updatedAt: now };
      const id = pendingId;
      this.set({ mentions: this.editMentions((map) => map.set(id, provisional), [id]) }, true);
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
    const made = await this.change('mentions.create', { docId: doc?.id ?? '', type, start: span.start, end: span.end }, t('status.cannotTag', { type }), (r) => {
      this.set({ mentions: withoutPending(r.mention), history: r.history, selectedId: r.mention.id, ...this.documentPatch(r.document) });
      this.ws.info(t('status.tagged', { label: mentionLabel(r.mention, this.mentionText(r.mention)), start: r.mention.start, end: r.mention.end }));
      return r.mention;
    }, pendingId !== null);
    if (!made && pendingId !== null && this.state.mentions.has(pendingId)) this.set({ mentions: withoutPending() });
    return made;
  }

  /** Mentions accepted from suggestions (one undo step, already stored): shown, with where the document is now. */
  addAccepted(r: { created: readonly EntityMention[]; history: HistoryState; document: DocumentChange }): void {
    if (r.created.some((m) => m.docId !== this.docId())) return;
    const mentions = this.editMentions((map) => {
      for (const m of r.created) map.set(m.id, m);
    }, r.created.map((m) => m.id));
    this.set({ mentions, history: r.history, ...this.documentPatch(r.document) });
  }

  retypeMention(id: string, type: string): Promise<void> {
    const current = this.state.mentions.get(id);
    if (!current || current.type === type) return Promise.resolve();
    return this.change('mentions.update', { id, type }, t('status.cannotRetype', { type }), (r) => {
      if (!this.state.mentions.has(id)) return;
      this.set({ mentions: this.editMentions((map) => map.set(id, r.mention), [id]), history: r.history, ...this.documentPatch(r.document) });
    }).then(() => undefined);
  }

  /** Deleting a mention also took it out of the events it filled and deleted its relations (the answer says which). */
  deleteMention(id: string): Promise<void> {
    const current = this.state.mentions.get(id);
    if (!current) return Promise.resolve();
    return this.change('mentions.delete', { id }, t('status.cannotDelete'), (r) => {
      const events = new Map(this.state.events);
      for (const e of r.eventsUpdated) events.set(e.id, e);
      const relations = new Map(this.state.relations);
      for (const rid of r.relationsDeleted) relations.delete(rid);
      this.set({
        mentions: this.editMentions((map) => map.delete(id), [id]),
        events,
        relations,
        history: r.history,
        selectedId: this.state.selectedId === id ? null : this.state.selectedId,
        ...this.documentPatch(r.document),
      });
      this.ws.info(t('status.deleted', { label: mentionLabel(current, this.mentionText(current)) }));
    }).then(() => undefined);
  }

  // ---- undo / redo ------------------------------------------------------------------------------

  undo(): Promise<void> {
    return this.applyHistory('history.undo');
  }

  redo(): Promise<void> {
    return this.applyHistory('history.redo');
  }

  private applyHistory(method: 'history.undo' | 'history.redo'): Promise<void> {
    return this.ws.queue.run(async () => {
      const doc = this.state.view;
      if (!doc || this.ws.refuseReadOnly()) return;
      this.ws.saves.begin();
      const r = await call(method, { docId: doc.id });
      this.ws.saves.end(r.ok || r.error.code === 'nothing-to-undo' || r.error.code === 'nothing-to-redo');
      if (!r.ok) {
        if (r.error.code === 'nothing-to-undo' || r.error.code === 'nothing-to-redo') this.ws.info(t(r.error.code === 'nothing-to-undo' ? 'status.nothingToUndo' : 'status.nothingToRedo'));
        else this.ws.reportError(r.error, method === 'history.undo' ? t('status.cannotUndo') : t('status.cannotRedo'));
        return;
      }
      if (r.value.docId !== this.docId()) return;
      this.applySteps(r.value, method === 'history.undo' ? 'Undo' : 'Redo');
    });
  }

  /** Every object an undo or redo step changed: mentions, events, relations, the document's metadata. */
  private applySteps(change: ChangeApplied & { document: DocumentChange }, verb: 'Undo' | 'Redo'): void {
    let events = this.state.events;
    let relations = this.state.relations;
    let meta = this.state.meta;
    const ids: string[] = [];
    const edits: ((map: MapEdits<string, EntityMention>) => void)[] = [];
    let shown: EntityMention | null = null;
    let kind = change.kind;
    for (const step of change.steps) {
      switch (step.target) {
        case 'mention': {
          const before = this.state.mentions.get(step.id) ?? null;
          ids.push(step.id);
          edits.push((map) => (step.value ? map.set(step.id, step.value) : map.delete(step.id)));
          if (!shown) {
            shown = step.value ?? before;
            kind = step.kind;
          }
          break;
        }
        case 'event':
          events = withEntry(events, step.id, step.value);
          break;
        case 'relation':
          relations = withEntry(relations, step.id, step.value);
          break;
        case 'document':
          if (step.value.docId === change.docId) meta = step.value;
          break;
        case 'rejection':
          break;
      }
    }
    const mentions = ids.length > 0 ? this.editMentions((map) => edits.forEach((e) => e(map)), ids) : this.state.mentions;
    const what = shown ? mentionLabel(shown, this.mentionText(shown)) : t('status.anAnnotation');
    // `kind` is what this step did: undoing a create deletes, undoing a delete creates.
    const did = kind === 'create' ? 'restored' : kind === 'delete' ? 'removed' : 'retyped';
    const picked: EntityMention | null = shown;
    this.set({
      mentions,
      events,
      relations,
      meta,
      history: { canUndo: change.canUndo, canRedo: change.canRedo },
      selectedId: picked && mentions.has(picked.id) ? picked.id : null,
      ...this.documentPatch(change.document),
    });
    // Steps that could no longer apply were skipped (and left the history): say so.
    const skipped = (change.skipped ?? []).join(' ');
    if (change.steps.length === 0) this.ws.info(skipped);
    else {
      const line = t('status.history', { verb: verb === 'Undo' ? 'undo' : 'redo', did, what });
      this.ws.info(skipped === '' ? line : `${line}. ${skipped}`);
    }
  }

  // ---- events and relations ---------------------------------------------------------------------

  private putEvent(e: EventMention, history: HistoryState, document: DocumentChange): void {
    this.set({ events: withEntry(this.state.events, e.id, e), history, ...this.documentPatch(document) });
  }

  createEvent(span: Span, type: string): Promise<EventMention | null> {
    const docId = this.docId() ?? '';
    return this.change('events.create', { docId, type, start: span.start, end: span.end }, t('status.cannotCreate', { type }), (r) => {
      this.putEvent(r.event, r.history, r.document);
      return r.event;
    });
  }

  retypeEvent(id: string, type: string): Promise<EventMention | null> {
    return this.change('events.update', { id, type }, t('status.cannotRetypeEvent', { type }), (r) => {
      this.putEvent(r.event, r.history, r.document);
      return r.event;
    });
  }

  setArgument(eventId: string, role: string, mentionId: string): Promise<EventMention | null> {
    return this.change('events.setArgument', { id: eventId, role, mentionId }, t('status.cannotAssign', { role }), (r) => {
      this.putEvent(r.event, r.history, r.document);
      return r.event;
    });
  }

  removeArgument(eventId: string, role: string, mentionId: string): Promise<EventMention | null> {
    return this.change('events.removeArgument', { id: eventId, role, mentionId }, t('status.cannotRemoveArgument'), (r) => {
      this.putEvent(r.event, r.history, r.document);
      return r.event;
    });
  }

  deleteEvent(id: string): Promise<boolean> {
    return this.change('events.delete', { id }, t('status.cannotDeleteEvent'), (r) => {
      this.set({ events: withEntry(this.state.events, id, null), history: r.history, ...this.documentPatch(r.document) });
      return true;
    }).then((done) => done === true);
  }

  createRelation(type: string, arg1: string, arg2: string): Promise<Relation | null> {
    const docId = this.docId() ?? '';
    return this.change('relations.create', { docId, type, arg1, arg2 }, t('status.cannotCreate', { type }), (r) => {
      this.set({ relations: withEntry(this.state.relations, r.relation.id, r.relation), history: r.history, ...this.documentPatch(r.document) });
      return r.relation;
    });
  }

  deleteRelation(id: string): Promise<boolean> {
    return this.change('relations.delete', { id }, t('status.cannotDeleteRelation'), (r) => {
      this.set({ relations: withEntry(this.state.relations, id, null), history: r.history, ...this.documentPatch(r.document) });
      return true;
    }).then((done) => done === true);
  }

  // ---- attributes, notes, document metadata -----------------------------------------------------

  private putAnnotation(a: AnnotationValue, history: HistoryState, document: DocumentChange): void {
    const patch: Partial<SessionState> = { history, ...this.documentPatch(document) };
    if (a.kind === 'mention' && this.state.mentions.has(a.mention.id)) {
      const m = a.mention;
      patch.mentions = this.editMentions((map) => map.set(m.id, m), [m.id]);
    } else if (a.kind === 'event') patch.events = withEntry(this.state.events, a.event.id, a.event);
    else if (a.kind === 'relation') patch.relations = withEntry(this.state.relations, a.relation.id, a.relation);
    this.set(patch);
  }

  setAttribute(target: AnnotationRef, name: string, value: string | true | null): Promise<void> {
    const apply = (r: { annotation: AnnotationValue; history: HistoryState; document: DocumentChange }) => this.putAnnotation(r.annotation, r.history, r.document);
    return (
      value === null
        ? this.change('attributes.clear', { target, name }, t('status.cannotClear', { name }), apply)
        : this.change('attributes.set', { target, name, value }, t('status.cannotSet', { name }), apply)
    ).then(() => undefined);
  }

  setNote(target: AnnotationRef, note: string): Promise<void> {
    return this.change('notes.set', { target, note }, t('status.cannotSaveNote'), (r) => this.putAnnotation(r.annotation, r.history, r.document)).then(() => undefined);
  }

  private putMeta(r: { meta: DocumentMeta; history: HistoryState; document: DocumentChange }): void {
    this.set({ meta: r.meta, history: r.history, ...this.documentPatch(r.document) });
  }

  setStatus(status: DocumentStatus): Promise<void> {
    const docId = this.docId() ?? '';
    return this.change('documents.setStatus', { docId, status }, t('status.cannotSetStatus'), (r) => this.putMeta(r)).then(() => undefined);
  }

  /** Document flags from a comma-separated field ("review, unclear"): trimmed, empty ones and repeats dropped. */
  setFlags(input: string): Promise<void> {
    const docId = this.docId();
    const flags = [...new Set(input.split(',').map((f) => f.trim()).filter((f) => f.length > 0))];
    if (!docId || flags.join('\u0000') === (this.state.meta?.flags ?? []).join('\u0000')) return Promise.resolve();
    return this.change('documents.setFlags', { docId, flags }, t('status.cannotSaveFlags'), (r) => this.putMeta(r)).then(() => undefined);
  }

  setNoteOfDocument(note: string): Promise<void> {
    const docId = this.docId();
    if (!docId || (this.state.meta?.note ?? '') === note) return Promise.resolve();
    return this.change('documents.setNote', { docId, note }, t('status.cannotSaveDocNote'), (r) => this.putMeta(r)).then(() => undefined);
  }
}
