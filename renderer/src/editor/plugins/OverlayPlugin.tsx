import { useEffect, useState, useSyncExternalStore, type RefObject } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { CLICK_COMMAND, COMMAND_PRIORITY_EDITOR, mergeRegister, registerEventListener } from 'lexical';
import { OverlayController } from '../../overlay/OverlayController';
import { REVEAL_MENTION_COMMAND, SELECT_MENTION_COMMAND } from '../commands';
import { useAnnotationContext } from '../context';

export interface OverlayRefs {
  scroller: RefObject<HTMLDivElement | null>;
  sheet: RefObject<HTMLDivElement | null>;
  back: RefObject<HTMLDivElement | null>;
  front: RefObject<HTMLDivElement | null>;
}

function collapsedDomSelection(): boolean {
  const s = window.getSelection();
  return !s || s.rangeCount === 0 || s.isCollapsed;
}

/**
 * Mounts the highlight overlay (OverlayController) for the document, feeds it the mentions,
 * the schema's colours and the selected mention, and turns clicks on highlights into selection.
 */
export function OverlayPlugin({ refs }: { refs: OverlayRefs }): null {
  const [editor] = useLexicalComposerContext();
  const ctx = useAnnotationContext();
  const { store, model, overlay } = ctx;
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const [controller, setController] = useState<OverlayController | null>(null);

  useEffect(() => {
    const scroller = refs.scroller.current;
    const sheet = refs.sheet.current;
    const back = refs.back.current;
    const front = refs.front.current;
    if (!scroller || !sheet || !back || !front) return;
    const created = new OverlayController({
      scroller,
      sheet,
      back,
      front,
      table: model.table,
      paragraphElement: (index) => {
        const key = model.paragraphKey(index);
        return key === undefined ? null : editor.getElementByKey(key);
      },
      rootElement: () => editor.getRootElement(),
      onChipClick: (id) => editor.dispatchCommand(SELECT_MENTION_COMMAND, id),
    });
    overlay.current = created;
    setController(created);
    const s = store.getState();
    created.setSchema(s.session?.schema ?? null);
    created.setMentions(s.mentions);
    created.setSelected(s.selectedId);
    const unregister = mergeRegister(
      editor.registerCommand(
        CLICK_COMMAND,
        (event) => {
          if (!collapsedDomSelection()) return false;
          editor.dispatchCommand(SELECT_MENTION_COMMAND, created.hitTest(event.clientX, event.clientY));
          return false;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerCommand(
        REVEAL_MENTION_COMMAND,
        (id) => {
          created.reveal(id);
          editor.dispatchCommand(SELECT_MENTION_COMMAND, id);
          return true;
        },
        COMMAND_PRIORITY_EDITOR,
      ),
      editor.registerRootListener((root) => {
        if (!root) return;
        let last = false;
        return registerEventListener(root, 'mousemove', (e: MouseEvent) => {
          if (e.buttons !== 0) return;
          const over = created.hitTest(e.clientX, e.clientY) !== null;
          if (over !== last) {
            last = over;
            root.classList.toggle('is-over-mention', over);
          }
        });
      }),
      // Paragraph elements appear when Lexical first reconciles (maybe after this effect).
      editor.registerUpdateListener(() => created.reattach()),
    );
    return () => {
      unregister();
      created.dispose();
      overlay.current = null;
      setController(null);
    };
  }, [editor, model, store, overlay, refs]);

  useEffect(() => controller?.setSchema(state.session?.schema ?? null), [controller, state.session?.schema]);
  useEffect(() => controller?.setMentions(state.mentions), [controller, state.mentions]);
  useEffect(() => controller?.setSelected(state.selectedId), [controller, state.selectedId]);
  return null;
}
