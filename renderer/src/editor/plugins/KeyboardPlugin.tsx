import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  COMMAND_PRIORITY_CRITICAL,
  KEY_DOWN_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  mergeRegister,
  registerEventListener,
  type LexicalEditor,
} from 'lexical';
import type { Workspace } from '../../state/workspace';
import { DELETE_SELECTED_MENTION_COMMAND, LABEL_SELECTION_COMMAND, OPEN_FIND_COMMAND, SELECT_MENTION_COMMAND } from '../commands';
import { useAnnotationContext } from '../context';
import { keyAction, type SuggestOp } from '../keymap';

/** Runs Qalam's key map; true when the key was Qalam's (and its default prevented). */
function runKey(editor: LexicalEditor, ws: Workspace, event: KeyboardEvent): boolean {
  const state = ws.doc.getState();
  const action = keyAction(event, ws.schema());
  if (!action) return false;
  const suggestions = ws.suggestions;
  switch (action.kind) {
    case 'label':
      // A suggestion in focus, no text selected, no mention selected: accept it as this type.
      if (suggestions.focusedItem() && state.selectedId === null && (window.getSelection()?.isCollapsed ?? true)) {
        if (!ws.refuseReadOnly()) void suggestions.accept(action.type);
        break;
      }
      editor.dispatchCommand(LABEL_SELECTION_COMMAND, { type: action.type, exact: action.exact });
      break;
    case 'suggest':
      if (!runSuggestionKey(ws, action.op)) return false;
      break;
    case 'delete':
      if (state.selectedId === null) return false;
      editor.dispatchCommand(DELETE_SELECTED_MENTION_COMMAND, undefined);
      break;
    case 'escape':
      if (state.selectedId === null && suggestions.getState().focused !== null) {
        suggestions.focus(null);
        break;
      }
      if (state.selectedId === null) return false;
      editor.dispatchCommand(SELECT_MENTION_COMMAND, null);
      break;
    case 'undo':
      editor.dispatchCommand(UNDO_COMMAND, undefined);
      break;
    case 'redo':
      editor.dispatchCommand(REDO_COMMAND, undefined);
      break;
    case 'find':
      editor.dispatchCommand(OPEN_FIND_COMMAND, undefined);
      break;
  }
  event.preventDefault();
  return true;
}

/** The suggestion keys; false when the key is not for them now (Enter without a suggestion in focus). */
function runSuggestionKey(ws: Workspace, op: SuggestOp): boolean {
  const suggestions = ws.suggestions;
  switch (op) {
    case 'next':
    case 'prev':
      if (ws.getState().viewSet !== null) return false;
      suggestions.move(op === 'next' ? 1 : -1);
      return true;
    case 'accept':
    case 'reject':
      if (!suggestions.focusedItem()) return false;
      if (ws.refuseReadOnly()) return true;
      void (op === 'accept' ? suggestions.accept() : suggestions.reject());
      return true;
    case 'acceptAll':
      if (suggestions.getState().items.length === 0) return false;
      if (!ws.refuseReadOnly()) void suggestions.acceptAll();
      return true;
    case 'occurrences':
      void suggestions.openPreview();
      return true;
  }
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'file'].includes(target.type);
}

/**
 * Qalam's keys in the editor (before Lexical's own handling) and in the rest of the window (the
 * mention list, the toolbar), except in text fields and while a modal dialog is open.
 */
export function KeyboardPlugin(): null {
  const [editor] = useLexicalComposerContext();
  const { ws } = useAnnotationContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(KEY_DOWN_COMMAND, (event) => runKey(editor, ws, event), COMMAND_PRIORITY_CRITICAL),
        registerEventListener(window, 'keydown', (event: KeyboardEvent) => {
          if (event.defaultPrevented) return;
          const root = editor.getRootElement();
          if (root && event.target instanceof Node && root.contains(event.target)) return;
          if (isTextField(event.target) || document.querySelector('dialog[open]')) return;
          // Enter on a button, link or list control is theirs (not "accept the suggestion").
          if (event.key === 'Enter' && event.target instanceof Element && event.target.closest('button, a[href], select, summary')) return;
          runKey(editor, ws, event);
        }),
      ),
    [editor, ws],
  );
  return null;
}
