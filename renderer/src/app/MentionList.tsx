import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { EntityMention, Schema } from '../../../annotations/model';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { SortedMentions } from './sortedMentions';
import { useT } from '../i18n';

interface Props {
  mentions: ReadonlyMap<string, EntityMention>;
  selectedId: string | null;
  table: ParagraphTable | null;
  schema: Schema | null;
  onPick(id: string): void;
  /** The ids one edit changed between two mention maps, or null (DocumentSession.mentionDelta). */
  delta?: (from: ReadonlyMap<string, EntityMention>, to: ReadonlyMap<string, EntityMention>) => readonly string[] | null;
  /** Shown after the empty list's note (the sample annotations' link for a newcomer). */
  emptyHint?: ReactNode;
}

/** Row height in px (fixed, so a long list renders only the rows in view: .mention-row in app.css). */
const ROW = 32;
/** Lists up to this long are rendered whole. */
const RENDER_ALL = 300;
const OVERSCAN = 20;

/**
 * Where the list starts in the section's scrolled content (px). Not `offsetTop`: that is measured
 * from the nearest positioned ancestor, which is not the section (the panels above it in the
 * column counted too, and the last rows of a long list were never rendered). Read only where the
 * layout is already up to date (a ResizeObserver's callback, a scroll event), never while
 * rendering or right after a commit: there it forced a layout of the whole window on every label.
 */
function listOffset(section: HTMLElement, list: HTMLElement): number {
  return list.getBoundingClientRect().top - section.getBoundingClientRect().top + section.scrollTop;
}

/** The section's scroll, its height and where the list starts in it, as last seen (px). */
interface View {
  top: number;
  height: number;
  offset: number;
}

/**
 * The document's mentions in text order; picking one scrolls to it and selects it. A long list
 * (tens of thousands of mentions) renders only the rows in view.
 */
export const MentionList = memo(function MentionList({ mentions, selectedId, table, schema, onPick, delta, emptyHint }: Props) {
  const t = useT();
  const colors = useMemo(() => new Map((schema?.entityTypes ?? []).map((t) => [t.name, t.color])), [schema]);
  // Sorted once; after an edit (`delta` names its ids) only those move, and only their chunks are copied.
  const last = useRef<{ map: ReadonlyMap<string, EntityMention>; sorted: SortedMentions } | null>(null);
  const sorted = useMemo(() => {
    const prev = last.current;
    const ids = prev && delta ? delta(prev.map, mentions) : null;
    const out =
      prev && ids
        ? prev.sorted.patch(
            ids.flatMap((id) => prev.map.get(id) ?? []),
            ids.flatMap((id) => mentions.get(id) ?? []),
          )
        : SortedMentions.from(mentions.values());
    last.current = { map: mentions, sorted: out };
    return out;
  }, [mentions, delta]);
  const listRef = useRef<HTMLUListElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const [view, setView] = useState<View>({ top: 0, height: 800, offset: 0 });
  // The section's scroll and size and the list's offset, from the layout the frame made anyway
  // (a ResizeObserver reports after layout; a scroll event reads a layout the scroll made).
  const seen = useRef(view);
  const see = useCallback((next: View) => {
    const was = seen.current;
    if (next.top === was.top && next.height === was.height && next.offset === was.offset) return;
    seen.current = next;
    setView(next);
  }, []);
  useEffect(() => {
    const section = sectionRef.current;
    const list = listRef.current;
    if (!section || !list) return;
    const measure = () => see({ top: section.scrollTop, height: section.clientHeight, offset: listOffset(section, list) });
    const ro = new ResizeObserver(measure);
    ro.observe(section);
    // The list's own box: what is above it (the heading, the empty note) moves it.
    ro.observe(list);
    return () => ro.disconnect();
  }, [see]);
  const windowed = sorted.length > RENDER_ALL;
  // The picked mention is scrolled into view from the rows' fixed height and the view last seen:
  // no layout read (scrollIntoView and clientHeight forced one after every label, which selects
  // the new mention). A long list puts it a third down; a short one scrolls it just into view.
  useEffect(() => {
    if (!selectedId) return;
    const section = sectionRef.current;
    const picked = mentions.get(selectedId);
    const at = picked ? sorted.indexOf(picked) : -1;
    if (!section || at < 0) return;
    const { top, height, offset } = seen.current;
    const y = offset + at * ROW;
    if (y >= top && y + ROW <= top + height) return;
    const next = Math.max(0, windowed ? y - height / 3 : y < top ? y : y + ROW - height);
    section.scrollTop = next;
    if (windowed) see({ top: next, height, offset });
  }, [selectedId, sorted, windowed, mentions, see]);
  let from = 0;
  let to = sorted.length;
  if (windowed) {
    from = Math.max(0, Math.floor((view.top - view.offset) / ROW) - OVERSCAN);
    to = Math.min(sorted.length, Math.ceil((view.top - view.offset + view.height) / ROW) + OVERSCAN);
  }
  const rows = sorted.slice(from, to);
  const offsetsTitle = t('mentions.offsetsTitle');

  return (
    <section
      className="mention-list"
      aria-label={t('mentions.title')}
      ref={sectionRef}
      onScroll={(e) => {
        const section = e.currentTarget;
        see({ top: section.scrollTop, height: section.clientHeight, offset: listRef.current ? listOffset(section, listRef.current) : 0 });
      }}
    >
      <div className="panel-head">
        <h2>{t('mentions.title')}</h2>
        <span className="count">{mentions.size}</span>
      </div>
      {sorted.length === 0 ? (
        <p className="empty-note">
          {t('mentions.none')}
          {emptyHint ? <> {emptyHint}</> : null}
        </p>
      ) : null}
      <ul
        ref={listRef}
        role="listbox"
        tabIndex={sorted.length > 0 ? 0 : -1}
        aria-label={t('mentions.listLabel')}
        aria-activedescendant={selectedId ? `mention-${selectedId}` : undefined}
        style={windowed ? { paddingTop: from * ROW, paddingBottom: (sorted.length - to) * ROW + 12 } : undefined}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
          e.preventDefault();
          if (sorted.length === 0) return;
          const picked = selectedId ? mentions.get(selectedId) : undefined;
          const at = picked ? sorted.indexOf(picked) : -1;
          const next =
            e.key === 'Home' ? 0 : e.key === 'End' ? sorted.length - 1 : e.key === 'ArrowDown' ? Math.min(sorted.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
          const m = sorted.at(next);
          if (m) onPick(m.id);
        }}
      >
        {rows.map((m) => (
          <MentionRow key={m.id} m={m} selected={m.id === selectedId} color={colors.get(m.type) ?? '#9aa0a6'} table={table} offsetsTitle={offsetsTitle} onPick={onPick} />
        ))}
      </ul>
    </section>
  );
});

/**
 * One row. Memoised: a label re-renders the list, but only the new row and the rows whose
 * selection changed are rendered again (each row formatted its title, made its style and text and
 * was compared by React on every label: the list was the largest allocation of a label's React
 * work at 20 MB, session 12).
 */
const MentionRow = memo(function MentionRow({
  m,
  selected,
  color,
  table,
  offsetsTitle,
  onPick,
}: {
  m: EntityMention;
  selected: boolean;
  color: string;
  table: ParagraphTable | null;
  offsetsTitle: string;
  onPick(id: string): void;
}) {
  return (
    <li
      id={`mention-${m.id}`}
      role="option"
      aria-selected={selected}
      className={`mention-row${selected ? ' is-selected' : ''}`}
      data-mention-id={m.id}
      onClick={() => onPick(m.id)}
    >
      <span className="mention-type" style={{ '--c': color } as CSSProperties}>
        {m.type}
      </span>
      <span className="mention-text" dir={table?.docDir} lang={table && table.docLang !== 'other' ? table.docLang : undefined}>
        <bdi>{table ? table.slice(m) : ''}</bdi>
      </span>
      <span className="mention-offsets" title={offsetsTitle}>
        {m.start}–{m.end}
      </span>
    </li>
  );
});
