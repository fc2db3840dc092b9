import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DocumentSummary } from '../contract';
import { useT } from '../i18n';

interface Props {
  documents: DocumentSummary[];
  currentId: string | null;
  loadingId: string | null;
  onOpen(id: string): void;
  onImport?: () => void;
}

/** Lists up to this long are rendered whole; a longer one (a corpus) renders the rows in view. */
const RENDER_ALL = 300;
const OVERSCAN = 10;

/** The project's documents with the current annotator's progress. */
export function DocumentList({ documents, currentId, loadingId, onOpen, onImport }: Props) {
  const t = useT();
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
    <nav className="doc-list" aria-label={t('docs.title')}>
      <div className="panel-head">
        <h2>{t('docs.title')}</h2>
        <span className="count">{documents.length}</span>
        {onImport ? (
          <button type="button" className="btn btn-small" onClick={onImport} title={t('docs.importTitle')}>
            {t('docs.import')}
          </button>
        ) : null}
      </div>
      {documents.length === 0 ? <p className="empty-note">{t('docs.none')}</p> : null}
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
                  <span className={`lang-badge lang-${d.lang}`} title={`${d.lang === 'he' || d.lang === 'ar' || d.lang === 'other' ? t(`docLang.${d.lang}`) : d.lang}, ${d.dir.toUpperCase()}`}>
                    {d.lang === 'other' ? d.dir.toUpperCase() : d.lang.toUpperCase()}
                  </span>
                </span>
                <span className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('docs.progressOf', { name: d.name })}>
                  <span className="progress-bar" style={{ width: `${pct}%` }} />
                </span>
                <span className="doc-meta">
                  <span data-testid="mention-count">
                    {t('docs.mentions', { n: d.mentionCount })}
                  </span>
                  <span>{t('docs.percentWords', { pct })}</span>
                  {d.status === 'done' ? <span className="doc-status doc-status-done">{t('docs.done')}</span> : null}
                  {loadingId === d.id ? <span className="loading">{t('docs.opening')}</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
