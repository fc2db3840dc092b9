/**
 * The review screen's document menu: the open document's name; opened, every document of the
 * project to search and page through (DocumentPicker: `documents.page`, one page at a time),
 * whatever the document list has loaded. Keys typed in it stay in it (n, p, 1…9 are the review's
 * keys elsewhere); Escape or a click outside closes it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../contract';
import type { Workspace } from '../state/workspace';
import { DocumentPicker } from '../DocumentPicker';
import { useT } from '../i18n';

export function DocumentMenu({ ws, current }: { ws: Workspace; current: { id: string; name: string } | null }) {
  const tr = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    // Escape closes it wherever the focus went (a page button disabled on the last page drops it).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);
  const onError = useCallback((error: ApiError) => ws.reportError(error), [ws]);
  return (
    <div className="review-doc" ref={root}>
      <span>{tr('review.document')}</span>
      <button
        ref={button}
        type="button"
        className="review-doc-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={tr('review.documentLabel')}
        title={tr('review.documentPick')}
        data-testid="review-doc-menu"
        onClick={() => setOpen(!open)}
      >
        <span className="doc-name" dir="auto">
          {current?.name ?? tr('review.pickDocument')}
        </span>
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div
          className="review-doc-popover"
          role="dialog"
          aria-label={tr('review.documentLabel')}
          onKeyDown={(e) => {
            // The review's own keys (window listener) must not act on what is typed here.
            if (e.key !== 'Escape') e.nativeEvent.stopPropagation();
          }}
        >
          <DocumentPicker
            mode="pick"
            current={current?.id ?? null}
            autoFocus
            onError={onError}
            onPick={(id) => {
              setOpen(false);
              if (id !== current?.id) void ws.openDocument(id);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
