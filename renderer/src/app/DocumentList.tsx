import type { DocumentSummary } from '../contract';

interface Props {
  documents: DocumentSummary[];
  currentId: string | null;
  loadingId: string | null;
  onOpen(id: string): void;
  onImport?: () => void;
}

const LANG_LABEL: Record<string, string> = { he: 'Hebrew', ar: 'Arabic', other: 'Other' };

/** The project's documents with the current annotator's progress. */
export function DocumentList({ documents, currentId, loadingId, onOpen, onImport }: Props) {
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
      <ul>
        {documents.map((d) => {
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
