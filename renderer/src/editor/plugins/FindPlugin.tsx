import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { COMMAND_PRIORITY_EDITOR, mergeRegister } from 'lexical';
import { TextFinder, firstMatchFrom, type FindResult } from '../../../../annotations/find';
import { scrollIntoViewIfHidden, setPieceRange } from '../../overlay/dom';
import type { Span } from '../../../../annotations/model';
import { OPEN_FIND_COMMAND } from '../commands';
import { useAnnotationContext } from '../context';
import { $getSelectionPoints } from '../$document';
import type { DocumentModel } from '../documentModel';
import { useT } from '../../i18n';

/** The CSS highlights (::highlight(...) in document.css) of all matches and of the current one. */
const ALL = 'qalam-find';
const CURRENT = 'qalam-find-current';

const EMPTY: FindResult = { matches: [], truncated: false };

function highlights(): HighlightRegistry | null {
  return typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : null;
}

/** The DOM range of a match (never across paragraphs) in a mounted paragraph, or null. */
function domRange(model: DocumentModel, span: Span, element: (index: number) => HTMLElement | null): Range | null {
  const [piece] = model.table.pieces(span);
  const range = document.createRange();
  return piece && setPieceRange(range, element(piece.paragraph), piece) ? range : null;
}

/**
 * Find in the whole document, not only in the mounted paragraphs (which is all the browser's own
 * find could see): Ctrl+F (or Edit → Find) opens a bar over the text; the search ignores niqqud,
 * harakat and letter case unless asked (annotations/find.ts). Enter / Shift+Enter (or F3 /
 * Shift+F3) go to the next / previous match, mounting its paragraph and scrolling it into view;
 * the matches are painted with CSS custom highlights (no element enters the text). Escape closes
 * the bar and selects the current match in the text, so a type's hotkey tags it at once.
 */
export function FindPlugin({ host }: { host: RefObject<HTMLDivElement | null> }) {
  const [editor] = useLexicalComposerContext();
  const { model, windowing, intent } = useAnnotationContext();
  const tr = useT();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [matchCase, setMatchCase] = useState(false);
  const [matchMarks, setMatchMarks] = useState(false);
  const [current, setCurrent] = useState(-1);
  const input = useRef<HTMLInputElement>(null);

  // The folded text is built on first use for each set of options (about 150 ms at 5 MB) and kept
  // while the document is open.
  const finders = useRef(new Map<string, TextFinder>());
  // A paged text (documents.open) is searched once all of it has arrived.
  const complete = useSyncExternalStore(
    useCallback((changed: () => void) => model.table.pages?.onPage(changed) ?? (() => {}), [model]),
    () => model.table.complete,
  );
  const finder = useMemo(() => {
    if (!open || !complete) return null;
    const key = `${matchCase ? 1 : 0}${matchMarks ? 1 : 0}`;
    let f = finders.current.get(key);
    if (!f) {
      f = new TextFinder(model.table.text, { matchCase, matchMarks });
      finders.current.set(key, f);
    }
    return f;
  }, [open, complete, model, matchCase, matchMarks]);
  const result = useMemo(() => (finder && query ? finder.find(query) : EMPTY), [finder, query]);
  const { matches } = result;

  const element = useCallback(
    (index: number) => {
      const key = model.paragraphKey(index);
      return key === undefined ? null : editor.getElementByKey(key);
    },
    [editor, model],
  );

  // Paint the matches of the mounted paragraphs (again whenever the window moves).
  useEffect(() => {
    const registry = highlights();
    if (!registry || !open) return;
    const paint = () => {
      const all = new Highlight();
      const cur = new Highlight();
      if (matches.length > 0 && model.end > model.first) {
        const from = model.table.row(model.first).start;
        const to = model.table.row(model.end - 1).end;
        for (let i = firstMatchFrom(matches, from); i < matches.length; i++) {
          const m = matches[i] as Span;
          if (m.start >= to || (i === 0 && m.start < from)) break;
          const r = domRange(model, m, element);
          if (r) (i === current ? cur : all).add(r);
        }
      }
      registry.set(ALL, all);
      registry.set(CURRENT, cur);
    };
    paint();
    const off = editor.registerUpdateListener(paint);
    return () => {
      off();
      registry.delete(ALL);
      registry.delete(CURRENT);
    };
  }, [editor, model, element, open, matches, current]);

  /** Bring match `i` into view (mounting its paragraph) and make it the current one. */
  const go = useCallback(
    (i: number) => {
      const m = matches[i];
      if (!m) return;
      setCurrent(i);
      const [piece] = model.table.pieces(m);
      if (!piece) return;
      windowing.current?.revealParagraph(piece.paragraph);
      const range = domRange(model, m, element);
      const scroller = editor.getRootElement()?.closest<HTMLElement>('.doc-scroll');
      // (The find bar covers the top of the view.)
      if (range && scroller) scrollIntoViewIfHidden(scroller, range.getBoundingClientRect(), { top: 64, bottom: 48 });
    },
    [editor, model, windowing, matches, element],
  );

  // A new query (or options): the first match from the top of the view.
  useEffect(() => {
    if (!open || matches.length === 0) {
      setCurrent(-1);
      return;
    }
    const top = model.end > model.first ? model.table.row(model.first).start : 0;
    go(firstMatchFrom(matches, top));
    // Only when the matches change, not when `go` does.
  }, [open, matches]);

  const step = useCallback(
    (delta: 1 | -1) => {
      if (matches.length === 0) return;
      go(current < 0 ? 0 : (current + delta + matches.length) % matches.length);
    },
    [go, current, matches.length],
  );

  /** Close the bar; with `select`, the current match becomes the text selection. */
  const close = useCallback(
    (select: boolean) => {
      setOpen(false);
      const m = matches[current];
      const root = editor.getRootElement();
      if (!root) return;
      root.focus({ preventScroll: true });
      const range = select && m ? domRange(model, m, element) : null;
      intent.findMatch = range && m ? m : null;
      if (range) {
        const s = window.getSelection();
        s?.removeAllRanges();
        s?.addRange(range);
      }
    },
    [editor, model, element, matches, current, intent],
  );

  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          OPEN_FIND_COMMAND,
          () => {
            // A short selection within one paragraph becomes the query.
            // editor.read, not editorState.read: reading the DOM selection needs the active editor.
            const points = editor.read(() => $getSelectionPoints(model, editor));
            if (points && !points.collapsed && points.anchor.paragraph === points.focus.paragraph) {
              const a = Math.min(points.anchor.offset16, points.focus.offset16);
              const b = Math.max(points.anchor.offset16, points.focus.offset16);
              const text = model.table.paragraphText(points.anchor.paragraph).slice(a, b).trim();
              if (text && text.length <= 100) setQuery(text);
            }
            setOpen(true);
            window.setTimeout(() => {
              input.current?.focus();
              input.current?.select();
            }, 0);
            return true;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
      ),
    [editor, model],
  );

  const target = host.current;
  if (!open || !target) return null;
  const status =
    query === ''
      ? ''
      : !complete
        ? tr('find.loading')
        : matches.length === 0
        ? tr('find.noMatches')
        : `${current < 0 ? '–' : (current + 1).toLocaleString('en')} / ${matches.length.toLocaleString('en')}${result.truncated ? '+' : ''}`;
  return createPortal(
    <div className="find-bar" role="search" aria-label={tr('find.label')}>
      <input
        ref={input}
        className="find-input"
        type="search"
        dir="auto"
        lang={model.table.docLang === 'other' ? undefined : model.table.docLang}
        aria-label={tr('find.input')}
        placeholder={tr('find.label')}
        value={query}
        spellCheck={false}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'F3') {
            e.preventDefault();
            step(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            close(true);
          }
        }}
      />
      <span className="find-count" aria-live="polite">
        {status}
      </span>
      <button type="button" className="find-step" aria-label={tr('find.previous')} title={tr('find.previousTitle')} disabled={matches.length === 0} onClick={() => step(-1)}>
        ↑
      </button>
      <button type="button" className="find-step" aria-label={tr('find.next')} title={tr('find.nextTitle')} disabled={matches.length === 0} onClick={() => step(1)}>
        ↓
      </button>
      <label className="find-option" title={tr('find.caseTitle')}>
        <input type="checkbox" checked={matchCase} onChange={(e) => setMatchCase(e.target.checked)} /> Aa
      </label>
      <label className="find-option" title={tr('find.marksTitle')}>
        <input type="checkbox" checked={matchMarks} onChange={(e) => setMatchMarks(e.target.checked)} /> {tr('find.marks')}
      </label>
      <button type="button" className="find-close" aria-label={tr('find.close')} title={tr('find.closeTitle')} onClick={() => close(false)}>
        ×
      </button>
    </div>,
    target,
  );
}
