import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DocumentSummary } from '../contract';

interface Props {
  documents: DocumentSummary[];
  currentId: string | null;
  loadingId: string | null;
  onOpen(id: string): void;
  onImport?: () => void;
}

const LANG_LABEL: Record<string, string> = { he: 'Hebrew', ar: 'Arabic', other: 'Other' };

/** Lists up to this long are rendered whole; a longer one (a corpus) renders the rows in view. */
const RENDER_ALL = 300;
const OVERSCAN = 10;

/** The project's documents with the current annotator's progress. */
export function DocumentList({ documents, currentId, loadingId, onOpen, onImport }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  const windowed = documents.length > RENDER_ALL;
  // Rows are all one height (.doc-item never wraps); measured from a rendered row.
  const [row, setRow] = useState(88);
  const [view, setView] = useState({ top: 0, height: 1000, offset: 0 });
  useLayoutEffect(() => {
    const h = listRef.current?.querySelector('li')?.getBoundingClientRect().height ?? 0;
    if (h > 0 && Math.abs(h - row) > 0.5) setRow(h);
  });
  // The scrolling element is the side panel around the list.
  useEffect(() => {
    const list = listRef.current;
    const scroller = list?.closest<HTMLElement>('.side');
    if (!windowed || !list || !scroller) return;
    const onScroll = () => {
      // Where the list starts in the scroller's content (the panel head is above it).
      const offset = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      setView({ top: scroller.scrollTop, height: scroller.clientHeight, offset });
    };
    onScroll();
    scroller.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, [windowed]);
  let from = 0;
  let to = documents.length;
  if (windowed) {
    from = Math.max(0, Math.floor((view.top - view.offset) / row) - OVERSCAN);
    to = Math.min(documents.length, Math.ceil((view.top - view.offset + view.height) / row) + OVERSCAN);
  }
  const shown = windowed ? documents.slice(from, to) : documents;
  return (
    <nav className="doc-list" aria-label="Documents">
      <div className="panel-head">
        <h2>Documents</h2>
        <span className="count">{documents.length}</span>
        {onImport ? (
          <button type="button" className="btn btn-small" onClick={onImport} title="Import UTF-8 .txt files or folders">
            Import…
          </button>
        ) : null}
      </div>
      {documents.length === 0 ? <p className="empty-note">No documents in this project yet.</p> : null}
      <ul ref={listRef} style={windowed ? { paddingTop: from * row, paddingBottom: (documents.length - to) * row + 12 } : undefined}>
        {shown.map((d) => {
          const pct = Math.round(d.progress * 100);
          return (
            <li key={d.id}>
              <button
                type="button"
                className={`doc-item${d.id === currentId ? ' is-current' : ''}`}
                aria-current={d.id === currentId ? 'true' : undefined}
                data-doc-id={d.id}
                onClick={() => onOpen(d.id)}
              >
                <span className="doc-item-top">
                  <span className="doc-name">{d.name}</span>
                  <span className={`lang-badge lang-${d.lang}`} title={`${LANG_LABEL[d.lang] ?? d.lang}, ${d.dir.toUpperCase()}`}>
                    {d.lang === 'other' ? d.dir.toUpperCase() : d.lang.toUpperCase()}
                  </span>
                </span>
                <span className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={`Progress of ${d.name}`}>
                  <span className="progress-bar" style={{ width: `${pct}%` }} />
                </span>
                <span className="doc-meta">
                  <span data-testid="mention-count">
                    {d.mentionCount} mention{d.mentionCount === 1 ? '' : 's'}
                  </span>
                  <span>{pct}% of words</span>
                  {d.status === 'done' ? <span className="doc-status doc-status-done">done</span> : null}
                  {loadingId === d.id ? <span className="loading">opening…</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
