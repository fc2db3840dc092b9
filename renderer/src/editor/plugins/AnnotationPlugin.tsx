import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_EDITOR,
  REDO_COMMAND,
  SELECTION_CHANGE_COMMAND,
  UNDO_COMMAND,
  mergeRegister,
  type LexicalEditor,
} from 'lexical';

import { $getSelectionPoints, type SelectionPoints } from '../$document';
import {
  DELETE_SELECTED_MENTION_COMMAND,
  LABEL_SELECTION_COMMAND,
  SELECT_MENTION_COMMAND,
  type LabelSelectionPayload,
} from '../commands';
import { snapForTagging, useAnnotationContext, type AnnotationContextValue } from '../context';
import { t } from '../../i18n';

function samePoints(a: SelectionPoints, b: SelectionPoints | null): boolean {
  return (
    b !== null &&
    a.anchor.paragraph === b.anchor.paragraph &&
    a.anchor.offset16 === b.anchor.offset16 &&
    a.focus.paragraph === b.focus.paragraph &&
    a.focus.offset16 === b.focus.offset16
  );
}

/** Collapse the selection to its focus once the mention exists, if the user has not moved on. */
function collapseAfterTagging(editor: LexicalEditor, points: SelectionPoints, ctx: AnnotationContextValue): void {
  editor.update(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection) || !samePoints(points, $getSelectionPoints(ctx.model, editor))) return;
    const { key, offset, type } = selection.focus;
    selection.anchor.set(key, offset, type);
  });
}

function $labelSelection(editor: LexicalEditor, ctx: AnnotationContextValue, payload: LabelSelectionPayload): boolean {
  const { ws, model } = ctx;
  const doc = ws.doc;
  const points = $getSelectionPoints(model, editor);
  if (points && !points.collapsed) {
    const snapped = snapForTagging(ctx, points, payload.exact);
    if (!snapped.ok) {
      ws.info(t('status.nothingToTag'));
      return true;
    }
    void doc.createMention(snapped.span, payload.type).then((m) => {
      if (m) collapseAfterTagging(editor, points, ctx);
    });
    return true;
  }
  const selectedId = doc.getState().selectedId;
  if (selectedId !== null) {
    void doc.retypeMention(selectedId, payload.type);
    return true;
  }
  ws.info(t('status.selectFirst', { type: payload.type }));
  return true;
}

/** Turns the editor's commands into changes of the open document (DocumentSession). */
export function AnnotationPlugin(): null {
  const [editor] = useLexicalComposerContext();
  const ctx = useAnnotationContext();
  useEffect(() => {
    const { ws, model } = ctx;
    const doc = ws.doc;
    // The one read-only guard of the editing commands (keys, legend, menu, toolbar all come here):
    // while another annotator's set is shown, they are refused with a status-line info.
    const editing =
      <P,>(run: (payload: P) => boolean) =>
      (payload: P): boolean =>
        ws.refuseReadOnly() || run(payload);
    return mergeRegister(
      editor.registerCommand(LABEL_SELECTION_COMMAND, editing((payload) => $labelSelection(editor, ctx, payload)), COMMAND_PRIORITY_EDITOR),
      editor.registerCommand(
        SELECT_MENTION_COMMAND,
        (id) => {
          doc.select(id);
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        DELETE_SELECTED_MENTION_COMMAND,
        editing(() => {
          const id = doc.getState().selectedId;
          if (id !== null) void doc.deleteMention(id);
          return true;
        }),
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        UNDO_COMMAND,
        editing(() => {
          void doc.undo();
          return true;
        }),
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        REDO_COMMAND,
        editing(() => {
          void doc.redo();
          return true;
        }),
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        SELECTION_CHANGE_COMMAND,
        () => {
          // Selecting new text puts the selected mention aside: the next hotkey tags the text.
          const points = $getSelectionPoints(model);
          if (points && !points.collapsed && doc.getState().selectedId !== null) doc.select(null);
          return false;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
    );
  }, [editor, ctx]);
  return null;
}
