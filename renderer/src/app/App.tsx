import { lazy, memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { REDO_COMMAND, UNDO_COMMAND, type LexicalEditor } from 'lexical';
import type { MenuCommand } from '../contract';
import { bridgeExtras } from '../bridge';
import { LABEL_SELECTION_COMMAND, OPEN_FIND_COMMAND, REVEAL_MENTION_COMMAND } from '../editor/commands';
import { DocumentEditor } from '../editor/DocumentEditor';
import { ParagraphTable } from '../offsets/ParagraphTable';
import { DocumentList } from './DocumentList';
import { KeyboardHelp } from './KeyboardHelp';
import { LAZY_CHUNKS, preloadLazyChunks } from './lazyChunks';
import { LazyDialog, LazyScreen } from '../lazy';
import { HELP_KEY } from '../editor/keymap';
import { Legend } from './Legend';
import { MentionList } from './MentionList';
import { ProjectTools, type ProjectToolsHandle } from './ProjectTools';
import { ProjectMenu } from './ProjectMenu';
import { StatusLine } from './StatusLine';
import { OccurrenceDialog, SuggestionPanel } from './SuggestionPanel';
import { DocumentMetaBar, ProblemsPanel } from './ValidationPanel';
import { SampleHint, ViewSetSelector } from './ViewSetSelector';
import { ArcsToggle } from '../events/ArcsToggle';
import { EventsPlugin } from '../events/EventsPlugin';
import { TypePicker } from '../events/TypePicker';
import { ReviewToggle, useReviewMode } from '../review/ReviewMode';
import type { Workspace, WorkspaceState } from '../state/workspace';
import type { SessionView } from '../state/documentSession';
import type { Schema } from '../../../annotations/model';
import { useT } from '../i18n';
import { LanguagePicker } from '../i18n/LanguagePicker';

const GUIDELINES_KEY = 'qalam.guidelinesOpen';

function readGuidelinesOpen(): boolean {
  try {
    return localStorage.getItem(GUIDELINES_KEY) === '1';
  } catch {
    return false;
  }
}

// Not needed to show the first document: loaded when first opened, or when the window is idle
// after the first document was painted (lazyChunks.ts).
const ReviewScreen = lazy(() => LAZY_CHUNKS.review().then((m) => ({ default: m.ReviewScreen })));
const KeyboardHelpDialog = lazy(() => LAZY_CHUNKS.keyHelp().then((m) => ({ default: m.KeyboardHelpDialog })));
const AnnotatorDialog = lazy(() => LAZY_CHUNKS.annotator().then((m) => ({ default: m.AnnotatorDialog })));
const DashboardDialog = lazy(() => LAZY_CHUNKS.dashboard().then((m) => ({ default: m.DashboardDialog })));
const GuidelinesPanel = lazy(() => LAZY_CHUNKS.guidelines().then((m) => ({ default: m.GuidelinesPanel })));
const EventPanel = lazy(() => LAZY_CHUNKS.events().then((m) => ({ default: m.EventPanel })));

/**
 * The workspace's state as the shell uses it: every field but the status messages (each label
 * posts one, "Tagged …"), which StatusMessages follows. A new object only when another field
 * changes, so a label does not draw the shell again.
 */
function useShellState(ws: Workspace): Omit<WorkspaceState, 'messages'> {
  const last = useRef<{ from: WorkspaceState; shell: WorkspaceState } | null>(null);
  const snapshot = useCallback(() => {
    const s = ws.getState();
    const held = last.current;
    if (held && (held.from === s || sameButMessages(held.from, s))) {
      held.from = s;
      return held.shell;
    }
    last.current = { from: s, shell: s };
    return s;
  }, [ws]);
  return useSyncExternalStore(ws.subscribe, snapshot);
}

function sameButMessages(a: WorkspaceState, b: WorkspaceState): boolean {
  for (const key of Object.keys(b) as (keyof WorkspaceState)[]) if (key !== 'messages' && !Object.is(a[key], b[key])) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

function StatusMessages({ ws, idle }: { ws: Workspace; idle: string }) {
  const messages = useSyncExternalStore(ws.subscribe, () => ws.getState().messages);
  return <StatusLine saves={ws.saves} messages={messages} idle={idle} onDismiss={(id) => ws.dismiss(id)} />;
}

export function App({ ws }: { ws: Workspace }) {
  const state = useShellState(ws);
  // Only what the shell itself shows of the document: a label changes none of these, so the shell
  // (header, columns, dialogs) is not drawn again for one. The parts that follow every change
  // (undo/redo, the counts, the mention list) subscribe to them themselves.
  const docView = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().view);
  const docSeq = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().seq);
  const started = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().started);
  const editorRef = useRef<LexicalEditor | null>(null);
  const tools = useRef<ProjectToolsHandle>(null);
  const { session } = state;
  const schema = session?.schema ?? null;
  const review = useReviewMode(ws);
  const reviewIsOn = review.isOn;
  const t = useT();

  // Once the first document is painted and the window idle, the lazy screens' code is loaded, so
  // that opening one later does not wait for it.
  useEffect(() => {
    if (docView) ws.doc.afterPaint(docView.id, preloadLazyChunks);
  }, [ws, docView]);

  // The project's guidelines beside the text, in place of the document list (kept open or closed).
  const [guidelinesOpen, setGuidelinesOpenState] = useState(readGuidelinesOpen);
  const setGuidelinesOpen = useCallback((open: boolean) => {
    setGuidelinesOpenState(open);
    try {
      localStorage.setItem(GUIDELINES_KEY, open ? '1' : '0');
    } catch {
      // not kept: open for this session only
    }
  }, []);

  // `?` anywhere (not while typing): every key, from the keymap.
  const [helpOpen, setHelpOpen] = useState(false);
  const [dashboardOpen, setDashboardOpen] = useState(false);
  // Whether the project has documents (the empty screen's words), not the list's state: a label changes that.
  const listHasDocuments = useSyncExternalStore(ws.list.subscribe, () => ws.list.getState().all > 0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== HELP_KEY || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('dialog[open]')) return;
      const target = e.target;
      if (target instanceof HTMLElement && (target.isContentEditable ? false : target.closest('input, textarea, select'))) return;
      e.preventDefault();
      setHelpOpen(true);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const table = useMemo(
    () => (docView ? new ParagraphTable(docView.pages, docView.paragraphs, docView.lang, docView.dir) : null),
    [docView],
  );

  const onMenu = useCallback(
    (command: MenuCommand) => {
      switch (command) {
        case 'import':
          void ws.importPaths();
          break;
        case 'replace-schema':
          tools.current?.replaceSchemaFromFile();
          break;
        case 'edit-schema':
          tools.current?.editSchema();
          break;
        case 'export':
          tools.current?.exportProject();
          break;
        case 'import-annotations':
          tools.current?.importAnnotations();
          break;
        case 'undo':
          if (reviewIsOn()) break; // the review screen undoes the gold set's steps
          if (editorRef.current) editorRef.current.dispatchCommand(UNDO_COMMAND, undefined);
          else void ws.doc.undo();
          break;
        case 'redo':
          if (reviewIsOn()) break;
          if (editorRef.current) editorRef.current.dispatchCommand(REDO_COMMAND, undefined);
          else void ws.doc.redo();
          break;
        case 'find':
          if (!reviewIsOn()) editorRef.current?.dispatchCommand(OPEN_FIND_COMMAND, undefined);
          break;
        case 'change-annotator':
          ws.openAnnotatorDialog();
          break;
      }
    },
    [ws, reviewIsOn],
  );
  useEffect(() => bridgeExtras().onMenuCommand?.(onMenu), [onMenu]);

  const focusEditor = useCallback(() => editorRef.current?.focus(), []);
  const label = useCallback((type: string, exact: boolean) => {
    editorRef.current?.dispatchCommand(LABEL_SELECTION_COMMAND, { type, exact });
  }, []);
  const pickMention = useCallback((id: string) => editorRef.current?.dispatchCommand(REVEAL_MENTION_COMMAND, id), []);
  const canImport = Boolean(bridgeExtras().pickImportPaths);
  const idle = docView
    ? t('status.idle', {
        name: docView.name,
        lang: t(`docLang.${docView.lang}`),
        dir: docView.dir.toUpperCase(),
        chars: docView.length,
        paragraphs: table?.paragraphCount ?? 0,
      })
    : state.booting
      ? t('status.opening')
      : t('status.ready');

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ق
          </span>
          <div className="brand-text">
            <span className="brand-name">Qalam</span>
            <span className="project-name" title={session?.projectPath}>
              {session?.projectName ?? ''}
            </span>
          </div>
        </div>
        <div className="header-actions">
          <ReviewToggle review={review} ws={ws} />
          <HistoryButtons ws={ws} onMenu={onMenu} />
          <ProjectMenu ws={ws} />
          <ProjectTools ws={ws} handle={tools} />
          <LanguagePicker onError={(e) => ws.reportError({ code: 'internal', message: e instanceof Error ? e.message : String(e) }, t('lang.cannotLoad'))} />
          <button
            type="button"
            className="annotator"
            onClick={() => ws.openAnnotatorDialog()}
            title={t('header.changeAnnotator')}
            data-testid="annotator"
          >
            <span className="avatar" aria-hidden="true">
              {(session?.annotator ?? '?').slice(0, 1).toUpperCase()}
            </span>
            <span className="annotator-name">{session?.annotator ?? t('header.noAnnotator')}</span>
          </button>
        </div>
        {/* The second row: how a selection is taken, and the types that tag it. */}
        <div className="header-tools">
          <SelectionSwitches ws={ws} snapToWords={state.snapToWords} prefixesOut={state.prefixesOut} from={state.prefixesOutFrom} />
          <Legend schema={schema} onLabel={label} />
        </div>
      </header>

      {review.on ? (
        <LazyScreen message="lazy.review" className="lazy-screen">
          <ReviewScreen ws={ws} onEditGold={review.editGold} />
        </LazyScreen>
      ) : (
      <div className={guidelinesOpen ? 'workspace with-guidelines' : 'workspace'}>
        <aside className={guidelinesOpen ? 'side side-left side-guidelines' : 'side side-left'}>
          {guidelinesOpen ? (
            <LazyScreen message="lazy.dialog">
              <GuidelinesPanel ws={ws} onClose={() => setGuidelinesOpen(false)} />
            </LazyScreen>
          ) : (
            <DocumentList
              list={ws.list}
              annotators={session?.annotators ?? []}
              currentId={docView?.id ?? null}
              loadingId={state.loadingDocId}
              onOpen={(id) => void ws.openDocument(id)}
              onImport={canImport ? () => void ws.importPaths() : undefined}
              onDashboard={() => setDashboardOpen(true)}
              loadFlags={async () => (await ws.request('documents.flags', {}, t('status.cannotList')))?.map((f) => f.flag) ?? []}
            />
          )}
        </aside>
        <main className="center">
          {docView && table ? (
            <>
              <div className="doc-title">
                <h1 dir="auto">{docView.name}</h1>
                <span className="doc-title-meta">
                  <DocMeta ws={ws} lang={docView.lang} />
                </span>
                <ViewSetSelector state={state} ws={ws} />
                <ArcsToggle ws={ws} />
                <button
                  type="button"
                  className={guidelinesOpen ? 'btn btn-small is-on' : 'btn btn-small'}
                  aria-pressed={guidelinesOpen}
                  data-testid="guidelines-toggle"
                  title={t('guidelines.toggleTitle')}
                  onClick={() => setGuidelinesOpen(!guidelinesOpen)}
                >
                  {t('guidelines.toggle')}
                </button>
                <DocumentMetaBar ws={ws} readOnly={state.viewSet !== null} />
              </div>
              <DocumentEditor key={`${docView.id}:${docSeq}`} view={docView} table={table} ws={ws} editorRef={editorRef}>
                <EventsPlugin />
              </DocumentEditor>
            </>
          ) : (
            <div className="empty-state">
              {state.booting ? (
                <p>{t('status.opening')}</p>
              ) : (
                <>
                  <h1>{t('empty.title')}</h1>
                  <p>
                    {listHasDocuments
                      ? t('empty.pick')
                      : canImport
                        ? t('empty.import')
                        : t('empty.none')}
                  </p>
                </>
              )}
            </div>
          )}
        </main>
        <aside className="side side-right">
          {/* Drawn once the window's first document is painted (SessionState.started). */}
          {started ? (
          <>
          <LazyScreen message="lazy.dialog">
            <EventPanel ws={ws} table={table} />
          </LazyScreen>
          <ProblemsPanel ws={ws} />
          <SuggestionPanel ws={ws} table={table} schema={schema} />
          <DocumentMentions ws={ws} table={table} schema={schema} onPick={pickMention} emptyHint={<SampleHint state={state} ws={ws} />} />
          <KeyboardHelp schema={schema} onAll={() => setHelpOpen(true)} />
          </>
          ) : null}
        </aside>
      </div>
      )}

      <StatusMessages ws={ws} idle={idle} />
      <TypePicker ws={ws} onClosed={() => editorRef.current?.focus()} />
      <LazyDialog open={helpOpen}>
        <KeyboardHelpDialog schema={schema} open={helpOpen} reviewing={review.on} onClose={() => setHelpOpen(false)} />
      </LazyDialog>
      <OccurrenceDialog ws={ws} onClosed={focusEditor} />
      <LazyDialog open={dashboardOpen}>
        <DashboardDialog
          open={dashboardOpen}
          current={session?.annotator ?? null}
          onClose={() => setDashboardOpen(false)}
          onOpenProblem={(docId, annotator) => {
            setDashboardOpen(false);
            void ws.openSet(docId, annotator === session?.annotator ? null : annotator);
          }}
        />
      </LazyDialog>
      <LazyDialog open={state.annotatorDialog !== 'closed'}>
        <AnnotatorDialog
          state={state.annotatorDialog}
          current={session?.annotator ?? null}
          known={session?.annotators ?? []}
          onSubmit={(name) => ws.setAnnotator(name)}
          onCancel={() => ws.closeAnnotatorDialog()}
        />
      </LazyDialog>
    </div>
  );
}

/** Undo and redo: drawn again only when what they can do changes (not on every label). */
const HistoryButtons = memo(function HistoryButtons({ ws, onMenu }: { ws: Workspace; onMenu(command: MenuCommand): void }) {
  const t = useT();
  const open = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().view !== null);
  const canUndo = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().history.canUndo);
  const canRedo = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().history.canRedo);
  return (
    <div className="btn-group" role="group" aria-label={t('header.history')}>
      <button
        type="button"
        className="btn btn-icon"
        title={t('header.undoTitle')}
        aria-label={t('header.undo')}
        disabled={!open || !canUndo}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => onMenu('undo')}
      >
        ↶
      </button>
      <button
        type="button"
        className="btn btn-icon"
        title={t('header.redoTitle')}
        aria-label={t('header.redo')}
        disabled={!open || !canRedo}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => onMenu('redo')}
      >
        ↷
      </button>
    </div>
  );
});

/**
 * How a selection is taken. Memoized on its values: React 19 sets a controlled input's name and
 * type again at every render (DOM mutations), so the switches are drawn only when they change.
 */
const SelectionSwitches = memo(function SelectionSwitches({
  ws,
  snapToWords,
  prefixesOut,
  from,
}: {
  ws: Workspace;
  snapToWords: boolean;
  prefixesOut: boolean;
  from: WorkspaceState['prefixesOutFrom'];
}) {
  const t = useT();
  return (
    <>
      <label className="switch" title={t('header.wholeWordsTitle')} data-testid="whole-words">
        <input type="checkbox" checked={snapToWords} onChange={(e) => ws.setSnapToWords(e.target.checked)} />
        <span className="switch-track" aria-hidden="true" />
        <span>{t('header.wholeWords')}</span>
      </label>
      <label className="switch" title={t('header.prefixesOutTitle', from)} data-testid="prefixes-out">
        <input type="checkbox" checked={prefixesOut} disabled={!snapToWords} onChange={(e) => ws.setPrefixesOut(e.target.checked)} />
        <span className="switch-track" aria-hidden="true" />
        <span>{t('header.prefixesOut')}</span>
      </label>
    </>
  );
});

/** The document's language and mention count beside its name. */
function DocMeta({ ws, lang }: { ws: Workspace; lang: SessionView['lang'] }) {
  const t = useT();
  const n = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().mentions.size);
  return <>{t('doc.meta', { lang: t(`docLang.${lang}`), n })}</>;
}

/** The mention list, following the document's mentions and selection (the shell does not). */
function DocumentMentions({
  ws,
  table,
  schema,
  onPick,
  emptyHint,
}: {
  ws: Workspace;
  table: ParagraphTable | null;
  schema: Schema | null;
  onPick(id: string): void;
  emptyHint: ReactNode;
}) {
  const mentions = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().mentions);
  const selectedId = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().selectedId);
  return <MentionList mentions={mentions} delta={ws.doc.mentionDelta} selectedId={selectedId} table={table} schema={schema} onPick={onPick} emptyHint={emptyHint} />;
}
