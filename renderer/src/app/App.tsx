import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { REDO_COMMAND, UNDO_COMMAND, type LexicalEditor } from 'lexical';
import type { MenuCommand } from '../contract';
import { bridgeExtras } from '../bridge';
import { LABEL_SELECTION_COMMAND, OPEN_FIND_COMMAND, REVEAL_MENTION_COMMAND } from '../editor/commands';
import { DocumentEditor } from '../editor/DocumentEditor';
import { ParagraphTable } from '../offsets/ParagraphTable';
import { AnnotatorDialog } from './AnnotatorDialog';
import { DocumentList } from './DocumentList';
import { KeyboardHelp } from './KeyboardHelp';
import { Legend } from './Legend';
import { MentionList } from './MentionList';
import { ProjectTools, type ProjectToolsHandle } from './ProjectTools';
import { StatusLine } from './StatusLine';
import { DocumentMetaBar, ProblemsPanel } from './ValidationPanel';
import { SampleHint, ViewSetSelector } from './ViewSetSelector';
import { ArcsToggle } from '../events/ArcsToggle';
import { EventPanel } from '../events/EventPanel';
import { EventsPlugin } from '../events/EventsPlugin';
import { TypePicker } from '../events/TypePicker';
import { ReviewScreen } from '../review/ReviewScreen';
import { ReviewToggle, useReviewMode } from '../review/ReviewMode';
import type { Workspace } from '../state/workspace';

const LANG_NAME = { he: 'Hebrew', ar: 'Arabic', other: 'Mixed / other' } as const;

export function App({ ws }: { ws: Workspace }) {
  const state = useSyncExternalStore(ws.subscribe, ws.getState);
  const doc = useSyncExternalStore(ws.doc.subscribe, ws.doc.getState);
  const editorRef = useRef<LexicalEditor | null>(null);
  const tools = useRef<ProjectToolsHandle>(null);
  const { session } = state;
  const docView = doc.view;
  const schema = session?.schema ?? null;
  const review = useReviewMode(ws);
  const reviewIsOn = review.isOn;

  useEffect(() => {
    void ws.boot();
  }, [ws]);

  const table = useMemo(
    () => (docView ? new ParagraphTable(docView.text, docView.paragraphs, docView.lang, docView.dir) : null),
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

  const label = (type: string, exact: boolean) => {
    editorRef.current?.dispatchCommand(LABEL_SELECTION_COMMAND, { type, exact });
  };
  const canImport = Boolean(bridgeExtras().pickImportPaths);
  const idle = docView
    ? `${docView.name} · ${LANG_NAME[docView.lang]} · ${docView.dir.toUpperCase()} · ${docView.length.toLocaleString('en')} characters · ${table?.paragraphCount ?? 0} paragraphs`
    : state.booting
      ? 'Opening the project…'
      : 'Ready';

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
        <Legend schema={schema} onLabel={label} />
        <div className="header-actions">
          <ReviewToggle review={review} ws={ws} />
          <div className="btn-group" role="group" aria-label="History">
            <button
              type="button"
              className="btn btn-icon"
              title="Undo (Ctrl+Z)"
              aria-label="Undo"
              disabled={!docView || !doc.history.canUndo}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onMenu('undo')}
            >
              ↶
            </button>
            <button
              type="button"
              className="btn btn-icon"
              title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
              aria-label="Redo"
              disabled={!docView || !doc.history.canRedo}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onMenu('redo')}
            >
              ↷
            </button>
          </div>
          <label className="switch" title="Snap selections to whole words. Hold Alt (or switch this off) to tag the exact characters.">
            <input type="checkbox" checked={state.snapToWords} onChange={(e) => ws.setSnapToWords(e.target.checked)} />
            <span className="switch-track" aria-hidden="true" />
            <span>Whole words</span>
          </label>
          <ProjectTools ws={ws} handle={tools} />
          <button
            type="button"
            className="annotator"
            onClick={() => ws.openAnnotatorDialog()}
            title="Change annotator"
            data-testid="annotator"
          >
            <span className="avatar" aria-hidden="true">
              {(session?.annotator ?? '?').slice(0, 1).toUpperCase()}
            </span>
            <span className="annotator-name">{session?.annotator ?? 'No annotator'}</span>
          </button>
        </div>
      </header>

      {review.on ? (
        <ReviewScreen ws={ws} onEditGold={review.editGold} />
      ) : (
      <div className="workspace">
        <aside className="side side-left">
          <DocumentList
            documents={state.documents}
            currentId={docView?.id ?? null}
            loadingId={state.loadingDocId}
            onOpen={(id) => void ws.openDocument(id)}
            onImport={canImport ? () => void ws.importPaths() : undefined}
          />
        </aside>
        <main className="center">
          {docView && table ? (
            <>
              <div className="doc-title">
                <h1 dir="auto">{docView.name}</h1>
                <span className="doc-title-meta">
                  {LANG_NAME[docView.lang]} · {doc.mentions.size} mention{doc.mentions.size === 1 ? '' : 's'}
                </span>
                <ViewSetSelector state={state} ws={ws} />
                <ArcsToggle ws={ws} />
                <DocumentMetaBar ws={ws} readOnly={state.viewSet !== null} />
              </div>
              <DocumentEditor key={`${docView.id}:${doc.seq}`} view={docView} table={table} ws={ws} editorRef={editorRef}>
                <EventsPlugin />
              </DocumentEditor>
            </>
          ) : (
            <div className="empty-state">
              {state.booting ? (
                <p>Opening the project…</p>
              ) : (
                <>
                  <h1>No document open</h1>
                  <p>
                    {state.documents.length > 0
                      ? 'Pick a document on the left.'
                      : canImport
                        ? 'Import UTF-8 text files to start (File → Import Text Files…).'
                        : 'This project has no documents yet.'}
                  </p>
                </>
              )}
            </div>
          )}
        </main>
        <aside className="side side-right">
          <EventPanel ws={ws} table={table} />
          <ProblemsPanel ws={ws} />
          <MentionList
            mentions={doc.mentions}
            selectedId={doc.selectedId}
            table={table}
            schema={schema}
            onPick={(id) => editorRef.current?.dispatchCommand(REVEAL_MENTION_COMMAND, id)}
            emptyHint={<SampleHint state={state} ws={ws} />}
          />
          <KeyboardHelp schema={schema} />
        </aside>
      </div>
      )}

      <StatusLine messages={state.messages} idle={idle} onDismiss={(id) => ws.dismiss(id)} />
      <TypePicker ws={ws} onClosed={() => editorRef.current?.focus()} />
      <AnnotatorDialog
        state={state.annotatorDialog}
        current={session?.annotator ?? null}
        known={session?.annotators ?? []}
        onSubmit={(name) => ws.setAnnotator(name)}
        onCancel={() => ws.closeAnnotatorDialog()}
      />
    </div>
  );
}
