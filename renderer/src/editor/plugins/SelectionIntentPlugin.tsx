import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { mergeRegister, registerEventListener } from 'lexical';
import { useAnnotationContext } from '../context';

const SELECTION_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * Remembers whether Alt was held while the current selection was made with the mouse: on the
 * press, during the drag or on the release. Such a selection is tagged with its exact characters.
 * Changing the selection with the keyboard forgets it (use Alt+hotkey there).
 */
export function SelectionIntentPlugin(): null {
  const [editor] = useLexicalComposerContext();
  const { intent } = useAnnotationContext();
  useEffect(
    () =>
      editor.registerRootListener((root) => {
        if (!root) return;
        return mergeRegister(
          registerEventListener(root, 'mousedown', (e: MouseEvent) => {
            if (e.button === 0) {
              intent.altSelection = e.altKey;
              intent.findMatch = null;
            }
          }),
          registerEventListener(root, 'mousemove', (e: MouseEvent) => {
            if (e.buttons & 1 && e.altKey) intent.altSelection = true;
          }),
          registerEventListener(root, 'mouseup', (e: MouseEvent) => {
            if (e.button === 0 && e.altKey) intent.altSelection = true;
          }),
          registerEventListener(root, 'keydown', (e: KeyboardEvent) => {
            if (SELECTION_KEYS.has(e.key) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a')) {
              intent.altSelection = false;
              intent.findMatch = null;
            }
          }),
        );
      }),
    [editor, intent],
  );
  return null;
}
