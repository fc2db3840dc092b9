/** Qalam's editor commands. Plugins dispatch them; AnnotationPlugin handles them. */
import { createCommand, type LexicalCommand } from 'lexical';

export interface LabelSelectionPayload {
  /** Entity type name. */
  type: string;
  /** Alt was held with the hotkey: keep the exact characters (grapheme-snapped), no word snapping. */
  exact: boolean;
}

/** Tag the current text selection (or retype the selected mention when nothing is selected). */
export const LABEL_SELECTION_COMMAND: LexicalCommand<LabelSelectionPayload> = createCommand('LABEL_SELECTION_COMMAND');

/** Select a mention by id (null: deselect). */
export const SELECT_MENTION_COMMAND: LexicalCommand<string | null> = createCommand('SELECT_MENTION_COMMAND');

/** Delete the selected mention. */
export const DELETE_SELECTED_MENTION_COMMAND: LexicalCommand<void> = createCommand('DELETE_SELECTED_MENTION_COMMAND');

/** Select a mention and bring it into view (from the mention list). */
export const REVEAL_MENTION_COMMAND: LexicalCommand<string> = createCommand('REVEAL_MENTION_COMMAND');

/** Open the find bar (Ctrl+F, Edit → Find). */
export const OPEN_FIND_COMMAND: LexicalCommand<void> = createCommand('OPEN_FIND_COMMAND');
