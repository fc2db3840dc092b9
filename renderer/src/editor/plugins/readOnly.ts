/**
 * The document text is immutable, but the editor stays contenteditable: that is what gives a
 * caret and keyboard selection (Shift+arrows) in Chromium, which a non-editable element does not.
 * So every way of changing the text is refused, in three layers:
 *   1. the DOM: beforeinput, paste, cut, drop and dragstart are prevented on the root;
 *   2. Lexical: every mutating command is intercepted at critical priority;
 *   3. a safety net: an update that changes the text anyway (an IME composition cannot be
 *      prevented) is reverted to the last good state.
 */
import {
  BEFORE_INPUT_COMMAND,
  COMMAND_PRIORITY_CRITICAL,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  CUT_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_LINE_COMMAND,
  DELETE_WORD_COMMAND,
  DRAGOVER_COMMAND,
  DRAGSTART_COMMAND,
  DROP_COMMAND,
  FORMAT_ELEMENT_COMMAND,
  FORMAT_TEXT_COMMAND,
  INDENT_CONTENT_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  INSERT_TAB_COMMAND,
  KEY_BACKSPACE_COMMAND,
  KEY_DELETE_COMMAND,
  KEY_ENTER_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  PASTE_COMMAND,
  REMOVE_TEXT_COMMAND,
  SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
  mergeRegister,
  registerEventListener,
  type EditorState,
  type LexicalCommand,
  type LexicalEditor,
} from 'lexical';
import { $documentText } from '../$document';

/** Tag of the update that loads the document: the only update allowed to change the text. */
export const LOAD_TAG = 'qalam-load';
const REVERT_TAG = 'qalam-revert';
/** Tag of the updates that move the mounted window of paragraphs. */
export const WINDOW_TAG = 'qalam-window';

function prevent(event: unknown): true {
  if (event instanceof Event && event.cancelable) event.preventDefault();
  return true;
}

const BLOCKED = [
  BEFORE_INPUT_COMMAND,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_WORD_COMMAND,
  DELETE_LINE_COMMAND,
  REMOVE_TEXT_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  INSERT_TAB_COMMAND,
  FORMAT_TEXT_COMMAND,
  FORMAT_ELEMENT_COMMAND,
  INDENT_CONTENT_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  PASTE_COMMAND,
  CUT_COMMAND,
  DROP_COMMAND,
  DRAGSTART_COMMAND,
  DRAGOVER_COMMAND,
  SELECTION_INSERT_CLIPBOARD_NODES_COMMAND,
  KEY_ENTER_COMMAND,
  KEY_BACKSPACE_COMMAND,
  KEY_DELETE_COMMAND,
] as const;

const BLOCKED_DOM_EVENTS = ['beforeinput', 'paste', 'cut', 'drop', 'dragstart', 'dragover'] as const;

/**
 * `expectedText` answers the text the editor must hold: the mounted window of the document
 * (windowing.ts moves it in updates tagged WINDOW_TAG, which change the content and the window
 * together, so they pass this check).
 */
export function registerReadOnlyContent(editor: LexicalEditor, expectedText: () => string): () => void {
  let good: EditorState | null = null;
  const initial = editor.getEditorState();
  if (!initial.isEmpty() && initial.read($documentText) === expectedText()) good = initial;
  return mergeRegister(
    ...BLOCKED.map((command) => editor.registerCommand(command as LexicalCommand<unknown>, prevent, COMMAND_PRIORITY_CRITICAL)),
    editor.registerRootListener((root) => {
      if (!root) return;
      return mergeRegister(...BLOCKED_DOM_EVENTS.map((type) => registerEventListener(root, type, prevent, true)));
    }),
    editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => {
      if (tags.has(REVERT_TAG)) return;
      const changedNodes = dirtyElements.size > 0 || dirtyLeaves.size > 0;
      if (!changedNodes && good !== null) return;
      const text = editorState.read($documentText);
      if (text === expectedText()) {
        good = editorState;
      } else if (good !== null && !tags.has(LOAD_TAG) && !tags.has(WINDOW_TAG)) {
        const restore = good;
        queueMicrotask(() => editor.setEditorState(restore, { tag: REVERT_TAG }));
      }
    }),
  );
}
