import { useLayoutEffect, useMemo, useRef, type ReactNode, type RefObject } from 'react';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { EditorRefPlugin } from '@lexical/react/LexicalEditorRefPlugin';
import { $addUpdateTag, type LexicalEditor } from 'lexical';
import type { DocumentInfo } from '../../../annotations/model';
import type { Workspace } from '../state/workspace';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { $loadDocument } from './$document';
import { useT } from '../i18n';
import { AnnotationContext, SelectionIntent, type AnnotationContextValue } from './context';
import { DocumentModel } from './documentModel';
import { AnnotationPlugin } from './plugins/AnnotationPlugin';
import { KeyboardPlugin } from './plugins/KeyboardPlugin';
import { OverlayPlugin, type OverlayRefs } from './plugins/OverlayPlugin';
import { ParagraphAttributesPlugin } from './plugins/ParagraphAttributesPlugin';
import { LOAD_TAG } from './plugins/readOnly';
import { ReadOnlyPlugin } from './plugins/ReadOnlyPlugin';
import { SelectionIntentPlugin } from './plugins/SelectionIntentPlugin';
import { WindowingPlugin, type WindowRefs } from './plugins/WindowingPlugin';
import { FindPlugin } from './plugins/FindPlugin';
import { DocumentWindow } from './windowing';
import { t } from '../i18n';
import { alignFirstScreen } from '../firstScreen';

const THEME = {
  paragraph: 'q-para',
  text: { base: 'q-text' },
};

interface Props {
  view: DocumentInfo;
  table: ParagraphTable;
  ws: Workspace;
  editorRef: RefObject<LexicalEditor | null>;
  /** More plugins (the events layer), inside the composer and the annotation context. */
  children?: ReactNode;
}

/**
 * One document in a Lexical editor: immutable text, one paragraph node per mounted paragraph
 * (only those near the viewport: windowing.ts) with its own direction, mentions drawn by the
 * overlay. Mount it with `key={view.id}`: a new document is a new
 * editor.
 */
export function DocumentEditor({ view, table, ws, editorRef, children }: Props) {
  const tr = useT();
  const model = useMemo(() => new DocumentModel(view.id, table), [view.id, table]);
  const scroller = useRef<HTMLDivElement>(null);
  // The start's first screen laid out in the shell's frame (no place remembered) goes onto this view before the shell's first frame is painted.
  useLayoutEffect(() => {
    if (scroller.current) alignFirstScreen(scroller.current);
  }, []);
  const sheet = useRef<HTMLDivElement>(null);
  const back = useRef<HTMLDivElement>(null);
  const front = useRef<HTMLDivElement>(null);
  const topSpacer = useRef<HTMLDivElement>(null);
  const bottomSpacer = useRef<HTMLDivElement>(null);
  const findHost = useRef<HTMLDivElement>(null);
  const refs = useMemo<OverlayRefs>(() => ({ scroller, sheet, back, front }), []);
  const windowRefs = useMemo<WindowRefs>(() => ({ scroller, top: topSpacer, bottom: bottomSpacer }), []);
  const context = useMemo<AnnotationContextValue>(
    () => ({ ws, model, intent: new SelectionIntent(), overlay: { current: null }, windowing: { current: null } }),
    [ws, model],
  );
  const initialConfig = useMemo<InitialConfigType>(
    () => ({
      namespace: `qalam-${view.id}`,
      theme: THEME,
      editable: true,
      onError: (error: Error) => {
        ws.reportError({ code: 'internal', message: error.message }, t('status.editor'));
      },
      editorState: () => {
        $addUpdateTag(LOAD_TAG);
        // Only the first screens: windowing.ts mounts the rest as the view scrolls.
        $loadDocument(model, 0, DocumentWindow.initialCount(model));
      },
    }),
    [view.id, model, ws],
  );
  const lang = view.lang === 'other' ? undefined : view.lang;

  return (
    <div className="doc-pane">
      <div className="doc-find-host" ref={findHost} />
      <div className="doc-scroll" ref={scroller}>
        <div className="doc-sheet" ref={sheet} lang={lang} dir={view.dir}>
          <div className="ov-layer ov-back" ref={back} aria-hidden="true" />
          <div className="doc-spacer" ref={topSpacer} aria-hidden="true" />
          <LexicalComposer initialConfig={initialConfig}>
            <AnnotationContext.Provider value={context}>
              <ContentEditable
                className="doc-text"
                aria-label={tr('doc.textOf', { name: view.name })}
                aria-readonly="true"
                aria-multiline="true"
                spellCheck={false}
                autoCorrect="off"
                autoCapitalize="off"
                data-doc-id={view.id}
              />
              <EditorRefPlugin editorRef={editorRef} />
              <ReadOnlyPlugin />
              <ParagraphAttributesPlugin />
              <SelectionIntentPlugin />
              <KeyboardPlugin />
              <AnnotationPlugin />
              <OverlayPlugin refs={refs} />
              {children}
              <WindowingPlugin refs={windowRefs} />
              <FindPlugin host={findHost} />
            </AnnotationContext.Provider>
          </LexicalComposer>
          <div className="doc-spacer" ref={bottomSpacer} aria-hidden="true" />
          <div className="ov-layer ov-front" aria-hidden="true" ref={front} />
        </div>
      </div>
    </div>
  );
}
