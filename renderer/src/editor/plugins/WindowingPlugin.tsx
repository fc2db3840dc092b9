import { useEffect, type RefObject } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useAnnotationContext } from '../context';
import { DocumentWindow } from '../windowing';

export interface WindowRefs {
  scroller: RefObject<HTMLDivElement | null>;
  top: RefObject<HTMLDivElement | null>;
  bottom: RefObject<HTMLDivElement | null>;
}

/** Performance marks of an open (the benchmark reads them; see DocumentSession.load). */
export const READY_MARK = 'qalam:open-ready';

/**
 * Mounts only the paragraphs near the viewport (DocumentWindow) and, once the first window is
 * laid out and its highlights drawn, marks the document ready: `data-ready` on the scroller and
 * the performance mark `qalam:open-ready`, and tells the document's session it is painted
 * (DocumentSession.painted: the reads that waited for it go out).
 */
export function WindowingPlugin({ refs }: { refs: WindowRefs }): null {
  const [editor] = useLexicalComposerContext();
  const { ws, model, overlay, windowing } = useAnnotationContext();
  useEffect(() => {
    const scroller = refs.scroller.current;
    const top = refs.top.current;
    const bottom = refs.bottom.current;
    if (!scroller || !top || !bottom) return;
    const win = new DocumentWindow({ editor, model, scroller, top, bottom, onMoved: () => overlay.current?.reattach() });
    windowing.current = win;
    let started = false;
    let frame = 0;
    const start = () => {
      if (started || !editor.getRootElement()?.firstChild) return;
      started = true;
      win.start();
      overlay.current?.reattach();
      overlay.current?.flush();
      frame = requestAnimationFrame(() => {
        scroller.dataset['ready'] = 'true';
        performance.mark(READY_MARK, { detail: { docId: model.docId } });
        // What can wait (undo state, problems, suggestions) goes after this frame, when idle.
        ws.doc.painted(model.docId);
      });
    };
    const off = editor.registerUpdateListener(() => start());
    start();
    return () => {
      off();
      cancelAnimationFrame(frame);
      win.dispose();
      if (windowing.current === win) windowing.current = null;
      delete scroller.dataset['ready'];
    };
  }, [editor, ws, model, overlay, windowing, refs]);
  return null;
}
