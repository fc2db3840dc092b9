import { useEffect, type RefObject } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useAnnotationContext } from '../context';
import { DocumentWindow } from '../windowing';
import { dropFirstScreen, TEXT_MARK } from '../../firstScreen';
import { rememberFirstScreen, rowsAbove, type RowsAt } from '../../firstScreenPlace';
import { getLocale } from '../../i18n';

export interface WindowRefs {
  scroller: RefObject<HTMLDivElement | null>;
  top: RefObject<HTMLDivElement | null>;
  bottom: RefObject<HTMLDivElement | null>;
}

/** Performance marks of an open (the benchmark reads them; see DocumentSession.load). */
export const READY_MARK = 'qalam:open-ready';

/**
 * Mounts only the paragraphs near the viewport (DocumentWindow). In the frame the first window's
 * text is laid out it marks `qalam:text-painted` and takes away the start's first screen
 * (firstScreen.ts: the same text at the same place, painted before the editor was in); once its
 * highlights are drawn, it marks the document ready: `data-ready` on the scroller and the
 * performance mark `qalam:open-ready`, and tells the document's session it is painted
 * (DocumentSession.painted: the reads that waited for it go out). When the window is idle after
 * that, where the text is shown is kept for the next start's first screen.
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
    let textFrame = 0;
    // The rows above the view (the title's) in the frame the text is first painted: what the next start's first screen is placed by.
    let rows: RowsAt | null = null;
    // Where the text is shown, for the next start's first screen: after the first paint, and as the window closes.
    const remember = () => {
      const sheet = scroller.querySelector<HTMLElement>(':scope > .doc-sheet');
      if (started && sheet && scroller.isConnected) rememberFirstScreen(scroller, sheet, getLocale(), model.docId, rows);
    };
    window.addEventListener('pagehide', remember);
    const start = () => {
      if (started || !editor.getRootElement()?.firstChild) return;
      started = true;
      win.start();
      // The editor's text replaces the first screen in the same frame.
      dropFirstScreen();
      textFrame = requestAnimationFrame(() => {
        performance.mark(TEXT_MARK, { detail: { docId: model.docId } });
        rows = rowsAbove(scroller);
      });
      ws.doc.afterPaint(model.docId, remember);
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
      window.removeEventListener('pagehide', remember);
      cancelAnimationFrame(frame);
      cancelAnimationFrame(textFrame);
      win.dispose();
      if (windowing.current === win) windowing.current = null;
      delete scroller.dataset['ready'];
    };
  }, [editor, ws, model, overlay, windowing, refs]);
  return null;
}
