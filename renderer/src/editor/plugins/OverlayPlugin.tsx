import { useEffect, type RefObject } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { CLICK_COMMAND, COMMAND_PRIORITY_EDITOR, mergeRegister, registerEventListener } from 'lexical';
import { OverlayController, ghostId } from '../../overlay/OverlayController';
import { REVEAL_MENTION_COMMAND, SELECT_MENTION_COMMAND } from '../commands';
import { useAnnotationContext } from '../context';
import { subscribeLocale } from '../../i18n';
import { subscribeReading } from '../../state/projectDesk';
import { GHOST_ROWS, rowsAround } from '../../state/suggestions';

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
  const { ws, model, overlay, windowing } = ctx;

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
      mountedRange: () => ({ first: model.first, end: model.end }),
      deferPieces: true,
      mount: (index) => windowing.current?.revealParagraph(index),
      onChipClick: (id) => {
        if (id.startsWith('s:')) ws.suggestions.focus(id.slice(2));
        else if (id.startsWith('t:')) ws.interaction.selectEvent(id.slice(2), true);
        else editor.dispatchCommand(SELECT_MENTION_COMMAND, id);
      },
    });
    overlay.current = created;
    // End-to-end tests count what the overlay made (OverlayController.counters) through a hook
    // they define before the page loads; nothing is exposed otherwise.
    (window as { __qalamOverlayHook?: (c: OverlayController) => void }).__qalamOverlayHook?.(created);
    // Fed straight from the session (not from a React effect, which may run after the next
    // paint): a new mention is measured and drawn in the very next animation frame.
    const doc = ws.doc;
    let fed = doc.getState().mentions;
    const interaction = ws.interaction;
    const feedTriggers = () => {
      const s = doc.getState();
      if (s.view?.id !== model.docId) return;
      const sel = interaction.getState().selection;
      created.setTriggers(
        [...s.events.values()].map((e) => ({ id: e.id, type: e.type, start: e.triggerStart, end: e.triggerEnd })),
        sel?.kind === 'event' ? sel.id : null,
      );
    };
    const offInteraction = interaction.subscribe(feedTriggers);
    const feed = () => {
      const s = doc.getState();
      // Another document is opening: this editor is about to go; its overlay keeps its own text.
      if (s.view?.id !== model.docId) return;
      created.setSchema(ws.schema());
      created.setMentions(s.mentions, doc.mentionDelta(fed, s.mentions));
      fed = s.mentions;
      created.setSelected(s.selectedId);
      feedTriggers();
    };
    feed();
    const offDoc = doc.subscribeUrgent(feed);
    // The schema (colours) lives in the workspace.
    const offWs = ws.subscribe(feed);
    // Suggestions (after the document; state/suggestions.ts) as ghosts; the one in focus is brought into view.
    const suggestions = ws.suggestions;
    let focused: string | null = null;
    const feedSuggestions = () => {
      const s = suggestions.getState();
      if (s.docId !== model.docId) return;
      // a long document's tens of thousands: the ghosts around the one in focus (n / p move it);
      // the overlay makes pieces only for those in the mounted paragraphs
      created.setSuggestions(rowsAround(s.items, s.focused, GHOST_ROWS).items, s.focused);
      if (s.focused !== focused) {
        focused = s.focused;
        if (focused !== null) {
          const id = ghostId(focused);
          window.setTimeout(() => created.reveal(id), 0);
        }
      }
    };
    feedSuggestions();
    const offSuggestions = suggestions.subscribe(feedSuggestions);
    // Another interface language: chip titles are redrawn, and the mirrored window measured again.
    const offLocale = subscribeLocale(() => created.invalidateAll());
    // Another text size, font or line spacing (the Reading menu, Ctrl + / −): measured again.
    const offReading = subscribeReading(() => created.invalidateAll());
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
          editor.dispatchCommand(SELECT_MENTION_COMMAND, id);
          // Outside this update: revealing may mount paragraphs (an update of its own) first.
          window.setTimeout(() => created.reveal(id), 0);
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
      offDoc();
      offWs();
      offInteraction();
      offLocale();
      offReading();
      offSuggestions();
      unregister();
      created.dispose();
      overlay.current = null;
    };
  }, [editor, model, ws, overlay, windowing, refs]);

  return null;
}
