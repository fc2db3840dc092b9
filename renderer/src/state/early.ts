/**
 * The start's calls, sent by the entry module (main.tsx) before the rest of the window's code is
 * loaded: session.boot and, when this window remembers a last document, its first text page
 * (documents.open) and its first reads (the first text page's mentions, annotations.list), in the same round. The state
 * takes each answer when it asks for the same call with the same arguments (`early`), once; a call
 * it does not ask for (boot chose another document, nobody is annotating yet) is left unread, and
 * `dropEarly` forgets the rest once the first document is open. Small on purpose: it is part of
 * the entry chunk (no React, no state).
 */
import type { Args, BootInfo, DocumentOpening, MentionPage, Method, Result, Ret } from '../contract';
import { call } from '../bridge';
import { expectFirstScreen, highlightFirstScreen, pageMarks, pageParagraphs, paintFirstScreen, settleFirstScreen, type Frame } from '../firstScreen';

/** The window's own last document (Workspace.boot reads it too; the project host's wins when it has one): `{"project": path | null, "doc": id}`. */
export const LAST_DOC_KEY = 'qalam.lastDocument';
/** The project this window starts on next (its path; absent without a project host): written at boot and before the window switches project. */
export const NEXT_PROJECT_KEY = 'qalam.project';

function readKey(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage unavailable: nothing remembered
  }
}

function writeKey(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // storage unavailable: not remembered
  }
}

/**
 * The last document this window opened in `project` (a path; null without a project host), or
 * null when it opened none there. An older plain id counts as of no known project.
 */
export function rememberedDocument(project: string | null): string | null {
  const raw = readKey(LAST_DOC_KEY);
  if (!raw) return null;
  let doc: string = raw;
  let of: string | null = null;
  if (raw.startsWith('{')) {
    try {
      const v = JSON.parse(raw) as { project?: unknown; doc?: unknown };
      if (typeof v.doc !== 'string') return null;
      doc = v.doc;
      of = typeof v.project === 'string' ? v.project : null;
    } catch {
      return null;
    }
  }
  return of === project ? doc : null;
}

/** This window opened `doc` in `project` (null without a project host). */
export function rememberDocument(project: string | null, doc: string): void {
  writeKey(LAST_DOC_KEY, JSON.stringify({ project, doc }));
}

/** The window starts next on `project` (at boot: the one open; before a switch: the one switched to). */
export function expectProjectNext(project: string | null): void {
  writeKey(NEXT_PROJECT_KEY, project);
}

const sent = new Map<string, Promise<Result<unknown>>>();

function key(method: string, args: unknown): string {
  return `${method} ${JSON.stringify(args)}`;
}

function send<M extends Method>(method: M, args: Args<M>): void {
  sent.set(key(method, args), call(method, args));
}

/** The reads the start's document opens with, in the same round (DocumentSession.load asks the same). */
function sendDocumentReads(doc: string): void {
  // The same arguments, in the same key order, as Workspace.openDocument and DocumentSession.load
  // ask them; the first text page's mentions before the set's other parts: the first screen's highlights.
  send('documents.open', { id: doc });
  send('mentions.page', { docId: doc, textPage: 0 });
  send('annotations.list', { docId: doc, mentions: false });
}

/**
 * Send the start's calls (once, from the entry module). With `locale` (the interface language the
 * window starts in), the remembered document's first screen of text is painted as soon as its
 * text is in, when the start will open it from its top (firstScreen.ts); its reads go out with
 * session.boot. When the window remembers no document (a first start, or its last one is of
 * another project), those of the one the boot answer says the start opens (startDocument) go out
 * as soon as that answer is in, before the window's code asks for them.
 */
export function sendStartCalls(locale?: string): void {
  send('session.boot', {});
  // Only a document of the project the window starts on: after a switch the last one belongs to
  // another project, and reading it would cost the new one's start for nothing.
  const last = rememberedDocument(readKey(NEXT_PROJECT_KEY));
  const boot = sent.get(key('session.boot', {})) as Promise<Result<BootInfo>>;
  // A first screen is painted (firstScreen.ts): where this window remembers the editor's view,
  // else laid out by the browser in the shell's frame; the window's code waits for it.
  if (locale !== undefined) expectFirstScreen();
  if (!last) {
    // Nothing remembered (a first start): the reads of the document the start opens go out as
    // soon as the boot answer names it, while the window's code is still coming or running, and
    // its first screen is painted from them.
    void boot.then(
      (b) => {
        const doc = b.ok ? startDocument(b.value) : null;
        if (doc === null) return settleFirstScreen();
        sendDocumentReads(doc);
        if (locale !== undefined) paintStart(boot, doc, locale);
      },
      settleFirstScreen,
    );
    return;
  }
  sendDocumentReads(last);
  if (locale !== undefined) paintStart(boot, last, locale);
}

/** The shell's frame for a first screen laid out by the browser (firstScreen.ts Frame), from the boot answer and the document's. */
function frameOf(boot: BootInfo, name: string): Frame {
  const view = boot.project?.view ?? {};
  // The stylesheet's reading settings (projectDesk.ts readingOf's defaults): the project's own are applied with the window's code.
  const defaultReading = (view.zoom ?? 1) === 1 && (view.lineSpacing ?? 2.5) === 2.5 && (view.hebrewFont ?? 'noto-sans') === 'noto-sans' && (view.arabicFont ?? 'noto-naskh') === 'noto-naskh';
  const first = boot.session.schema.entityTypes[0];
  return { name, pill: first ? { hotkey: Boolean(first.hotkey) } : null, defaultReading };
}

/** The first screen of `doc`, painted once the boot answer and its first text page are in, and its highlights with or after it. */
function paintStart(boot: Promise<Result<BootInfo>>, doc: string, locale: string): void {
  // The first screen needs the first paragraphs' text and directions (the first text page's) and
  // the mentions that start there, in their types' colours (the schema comes with session.boot).
  const opening = sent.get(key('documents.open', { id: doc })) as Promise<Result<DocumentOpening>>;
  const mentions = sent.get(key('mentions.page', { docId: doc, textPage: 0 })) as Promise<Result<MentionPage>>;
  let answered: Result<MentionPage> | null = null;
  const failed = (): Result<MentionPage> => ({ ok: false, error: { code: 'internal', message: 'no answer' } });
  void mentions.then((m) => (answered = m), () => (answered = failed()));
  void Promise.all([boot, opening]).then(([b, o]) => {
    if (!b.ok || !o.ok || !opensFromTop(b.value, doc)) {
      settleFirstScreen();
      return;
    }
    const info = o.value.info;
    const paragraphs = pageParagraphs(o.value.layout, o.value.first);
    // Nobody annotating yet: the editor shows no mentions, nor does the first screen.
    const frame = frameOf(b.value, info.name);
    if (b.value.session.annotator === null) {
      paintFirstScreen(info, paragraphs, locale, [], frame);
      return;
    }
    const colors = new Map(b.value.session.schema.entityTypes.map((t) => [t.name, t.color]));
    const marks = (m: Result<MentionPage>) => (m.ok ? pageMarks(m.value, colors) : null);
    const now = answered === null ? undefined : marks(answered);
    if (!paintFirstScreen(info, paragraphs, locale, now ?? undefined, frame)) return;
    if (now === undefined) void mentions.then((m) => highlightFirstScreen(info.id, marks(m)), () => highlightFirstScreen(info.id, null));
    else if (now === null) highlightFirstScreen(info.id, null);
  }, settleFirstScreen);
}

/**
 * The document the start opens (Workspace.start's choice) when the boot answer tells: the
 * project's remembered document, else this window's, when on the list's first page; the list's
 * first document when neither remembers one; null when one is remembered but not on that page
 * (the start then asks the service whether it is still in the project) or the project is empty.
 */
export function startDocument(boot: BootInfo): string | null {
  const project = boot.project;
  const target = project?.view.docId ?? rememberedDocument(project?.path ?? null);
  if (target !== null) return boot.documents.rows.some((d) => d.id === target) ? target : null;
  return boot.documents.rows[0]?.id ?? null;
}

/** Whether the start (Workspace.start) opens `doc` at its top: its document, and no scroll position to restore. */
function opensFromTop(boot: BootInfo, doc: string): boolean {
  const project = boot.project;
  if (startDocument(boot) !== doc) return false;
  return project?.view.docId !== doc || (project.view.scroll ?? 0) === 0;
}

/** The answer of a call sent at start with these arguments (taken once), else the call now. */
export function early<M extends Method>(method: M, args: Args<M>): Promise<Result<Ret<M>>> {
  const k = key(method, args);
  const answer = sent.get(k);
  if (!answer) return call(method, args);
  sent.delete(k);
  return answer as Promise<Result<Ret<M>>>;
}

/** Forget the start's answers not taken (the first document is open: later reads must be fresh). */
export function dropEarly(): void {
  sent.clear();
}
