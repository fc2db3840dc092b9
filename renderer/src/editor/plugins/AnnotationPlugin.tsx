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
import { useAnnotationContext, type AnnotationContextValue } from '../context';

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
  const { store, model, intent } = ctx;
  const state = store.getState();
  const points = $getSelectionPoints(model, editor);
  if (points && !points.collapsed) {
    const exact = payload.exact || intent.altSelection || !state.snapToWords;
    const snapped = model.table.snapSelection(points.anchor, points.focus, exact ? 'exact' : 'words');
    if (!snapped.ok) {
      store.info('Nothing to tag: the selection holds only white space.');
      return true;
    }
    void store.createMention(snapped.span, payload.type).then((m) => {
      if (m) collapseAfterTagging(editor, points, ctx);
    });
    return true;
  }
  if (state.selectedId !== null) {
    void store.retypeMention(state.selectedId, payload.type);
    return true;
  }
  store.info(`Select some text first, then press ${payload.type}'s key (Alt+key for the exact characters).`);
  return true;
}

/** Turns the editor's commands into calls to the service (through the app store). */
export function AnnotationPlugin(): null {
  const [editor] = useLexicalComposerContext();
  const ctx = useAnnotationContext();
  useEffect(() => {
    const { store, model } = ctx;
    // The one read-only guard of the editing commands (keys, legend, menu, toolbar all come here):
    // while another annotator's set is shown, they are refused with a status-line info.
    const editing =
      <P,>(run: (payload: P) => boolean) =>
      (payload: P): boolean =>
        store.refuseReadOnly() || run(payload);
    return mergeRegister(
      editor.registerCommand(LABEL_SELECTION_COMMAND, editing((payload) => $labelSelection(editor, ctx, payload)), COMMAND_PRIORITY_EDITOR),
      editor.registerCommand(
        SELECT_MENTION_COMMAND,
        (id) => {
          store.select(id);
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        DELETE_SELECTED_MENTION_COMMAND,
        editing(() => {
          const id = store.getState().selectedId;
          if (id !== null) void store.deleteMention(id);
          return true;
        }),
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        UNDO_COMMAND,
        editing(() => {
          void store.undo();
          return true;
        }),
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        REDO_COMMAND,
        editing(() => {
          void store.redo();
          return true;
        }),
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        SELECTION_CHANGE_COMMAND,
        () => {
          // Selecting new text puts the selected mention aside: the next hotkey tags the text.
          const points = $getSelectionPoints(model);
          if (points && !points.collapsed && store.getState().selectedId !== null) store.select(null);
          return false;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
    );
  }, [editor, ctx]);
  return null;
}
