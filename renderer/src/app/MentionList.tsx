import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { EntityMention, Schema } from '../../../annotations/model';
import type { ParagraphTable } from '../offsets/ParagraphTable';

interface Props {
  mentions: ReadonlyMap<string, EntityMention>;
  selectedId: string | null;
  table: ParagraphTable | null;
  schema: Schema | null;
  onPick(id: string): void;
}

/** The document's mentions in text order; picking one scrolls to it and selects it. */
export function MentionList({ mentions, selectedId, table, schema, onPick }: Props) {
  const colors = useMemo(() => new Map((schema?.entityTypes ?? []).map((t) => [t.name, t.color])), [schema]);
  const sorted = useMemo(
    () => [...mentions.values()].sort((a, b) => a.start - b.start || b.end - a.end || a.type.localeCompare(b.type)),
    [mentions],
  );
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!selectedId) return;
    const row = listRef.current?.querySelector(`[data-mention-id="${CSS.escape(selectedId)}"]`);
    row?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section className="mention-list" aria-label="Mentions">
      <div className="panel-head">
        <h2>Mentions</h2>
        <span className="count">{mentions.size}</span>
      </div>
      {sorted.length === 0 ? (
        <p className="empty-note">No mentions yet. Select text and press a type’s key.</p>
      ) : null}
      <ul
        ref={listRef}
        role="listbox"
        tabIndex={sorted.length > 0 ? 0 : -1}
        aria-label="Mentions in this document"
        aria-activedescendant={selectedId ? `mention-${selectedId}` : undefined}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
          e.preventDefault();
          if (sorted.length === 0) return;
          const at = sorted.findIndex((m) => m.id === selectedId);
          const next =
            e.key === 'Home' ? 0 : e.key === 'End' ? sorted.length - 1 : e.key === 'ArrowDown' ? Math.min(sorted.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
          const m = sorted[next];
          if (m) onPick(m.id);
        }}
      >
        {sorted.map((m) => (
          <li
            key={m.id}
            id={`mention-${m.id}`}
            role="option"
            aria-selected={m.id === selectedId}
            className={`mention-row${m.id === selectedId ? ' is-selected' : ''}`}
            data-mention-id={m.id}
            onClick={() => onPick(m.id)}
          >
            <span className="mention-type" style={{ '--c': colors.get(m.type) ?? '#9aa0a6' } as CSSProperties}>
              {m.type}
            </span>
            <span className="mention-text" dir={table?.docDir} lang={table && table.docLang !== 'other' ? table.docLang : undefined}>
              <bdi>{table ? table.slice(m) : ''}</bdi>
            </span>
            <span className="mention-offsets" title="code-point offsets: start–end">
              {m.start}–{m.end}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
