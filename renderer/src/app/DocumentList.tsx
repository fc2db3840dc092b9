import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DocumentStatus, Lang } from '../../../annotations/model';
import type { DocumentFilter, DocumentRow, DocumentSortKey } from '../contract';
import type { DocumentPages } from '../state/documentPages';
import { useLocale, useT, type Locale } from '../i18n';

interface Props {
  list: DocumentPages;
  /** Annotators the filter offers. */
  annotators: string[];
  currentId: string | null;
  loadingId: string | null;
  onOpen(id: string): void;
  onImport?: () => void;
  onDashboard?: () => void;
  /** The flags in use (asked when the filters are opened). */
  loadFlags(): Promise<string[]>;
}

const OVERSCAN = 10;
const SORT_KEYS: DocumentSortKey[] = ['order', 'name', 'status', 'size', 'progress', 'changed'];
const STATUSES: DocumentStatus[] = ['not-started', 'in-progress', 'done'];
const LANGS: Lang[] = ['he', 'ar', 'other'];
/** How long typing in the name filter waits before asking. */
const TYPING_MS = 150;

/**
 * The project's documents with the current annotator's progress: filtered and sorted by the
 * store, asked for a page at a time (state/documentPages.ts), and only the rows in view rendered
 * (the rest are spacers), so it stays quick with 100,000 documents.
 */
export function DocumentList({ list, annotators, currentId, loadingId, onOpen, onImport, onDashboard, loadFlags }: Props) {
  const t = useT();
  const locale = useLocale();
  const state = useSyncExternalStore(list.subscribe, list.getState);
  const listRef = useRef<HTMLUListElement>(null);
  const total = state.total ?? 0;
  // Rows are all one height (.doc-item never wraps); measured from a rendered row.
  const [row, setRow] = useState(72);
  const [view, setView] = useState({ top: 0, height: 1000, offset: 0 });
  // A row index to keep at the top once the list is drawn with a newly measured row height.
  const anchor = useRef<number | null>(null);
  /** What the row height was last measured for (the language, the window of rows, the height). */
  const measured = useRef<string | null>(null);
  useLayoutEffect(() => {
    const scroller = listRef.current?.closest<HTMLElement>('.side');
    if (anchor.current !== null && scroller) {
      scroller.scrollTop = view.offset + anchor.current * row;
      anchor.current = null;
    }
    // Measured on a row that has arrived (a row still asked for is drawn at the measured height),
    // once per language and window of rows: a label replaces its document's row (`state` changes)
    // but not the rows' height, and the measure forced a layout of the whole window after every
    // label (~20 ms of each at 20 MB / 200k mentions, under load).
    const key = `${locale}|${view.top}|${view.height}|${view.offset}|${row}`;
    if (measured.current === key) return;
    const first = listRef.current?.querySelector('li:not([aria-busy])');
    if (!first) return;
    const h = first.getBoundingClientRect().height;
    // a hidden list measures 0: measured again at its next change
    if (h > 0) measured.current = key;
    if (h > 0 && Math.abs(h - row) > 0.5) {
      // The height changed under a scrolled list: the same row stays at the top.
      if (scroller && scroller.scrollTop > view.offset) anchor.current = (scroller.scrollTop - view.offset) / row;
      setRow(h);
    }
    // Not on every render: the window's other changes (a document opened, a label) re-render the
    // list without changing its rows, and each measure forces a layout of the whole window. (`t`
    // is a new function at every render: the language is what the rows' height depends on.)
  }, [state, view, row, locale]);
  // The scrolling element is the side panel around the list.
  useEffect(() => {
    const el = listRef.current;
    const scroller = el?.closest<HTMLElement>('.side');
    if (!el || !scroller) return;
    const onScroll = () => {
      // Where the list starts in the scroller's content (the panel head and filters are above it).
      const offset = el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      setView({ top: scroller.scrollTop, height: scroller.clientHeight, offset });
    };
    onScroll();
    scroller.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, []);
  const from = Math.max(0, Math.floor((view.top - view.offset) / row) - OVERSCAN);
  const to = Math.min(total, Math.ceil((view.top - view.offset + view.height) / row) + OVERSCAN);
  useEffect(() => {
    void list.ensure(from, Math.max(to, from + 1));
  }, [list, from, to, state.version]);

  const rows: { index: number; doc: DocumentRow | undefined }[] = [];
  for (let i = from; i < to; i++) rows.push({ index: i, doc: list.rowAt(i) });
  const filtered = Object.keys(state.query.filter).length > 0;
  const sortKey = state.query.sort.key;
  return (
    <nav className="doc-list" aria-label={t('docs.title')}>
      <div className="panel-head">
        <h2>{t('docs.title')}</h2>
        <span className="count" data-testid="doc-count">
          {filtered ? t('docs.countOf', { n: total, all: state.all }) : state.all}
        </span>
        {onDashboard ? (
          <button type="button" className="btn btn-small" onClick={onDashboard} title={t('docs.dashboardTitle')} data-testid="open-dashboard">
            {t('docs.dashboard')}
          </button>
        ) : null}
        {onImport ? (
          <button type="button" className="btn btn-small" onClick={onImport} title={t('docs.importTitle')}>
            {t('docs.import')}
          </button>
        ) : null}
      </div>
      <ListControls list={list} annotators={annotators} loadFlags={loadFlags} />
      {state.all === 0 && state.total !== null ? <p className="empty-note">{t('docs.none')}</p> : null}
      {state.all > 0 && state.total === 0 ? <p className="empty-note" data-testid="doc-no-match">{t('docs.noMatch')}</p> : null}
      <ul ref={listRef} data-testid="doc-rows" style={{ paddingTop: from * row, paddingBottom: Math.max(0, total - to) * row + 12 }}>
        {rows.map(({ index, doc: d }) =>
          d === undefined ? (
            <li key={`i${index}`} aria-busy="true" style={{ height: row }}>
              <div className="doc-item doc-item-pending">
                <span className="doc-item-top">
                  <span className="doc-name">{t('docs.loadingRow')}</span>
                </span>
              </div>
            </li>
          ) : (
            <li key={d.id}>
              <DocumentItem doc={d} current={d.id === currentId} loading={loadingId === d.id} sortKey={sortKey} onOpen={onOpen} />
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}

/** A language the catalogue names (a document's language is one of them; anything else reads as other). */
function langOf(lang: string): Lang {
  return lang === 'he' || lang === 'ar' ? lang : 'other';
}

/** A change's time in the interface language, with Western digits as the catalogue's numbers. */
function when(locale: Locale, iso: string, time: boolean): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(`${locale}-u-nu-latn`, time ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(at);
}

function DocumentItem({ doc: d, current, loading, sortKey, onOpen }: { doc: DocumentRow; current: boolean; loading: boolean; sortKey: DocumentSortKey; onOpen(id: string): void }) {
  const t = useT();
  const locale = useLocale();
  const pct = Math.round(d.progress * 100);
  // A figure out of date in the store comes next (documents.figures): a quiet "…", never its old value.
  const progressPending = d.pending?.includes('progress') === true;
  const problemsPending = d.pending?.includes('problems') === true;
  return (
    <button
      type="button"
      className={`doc-item${current ? ' is-current' : ''}`}
      aria-current={current ? 'true' : undefined}
      data-doc-id={d.id}
      onClick={() => onOpen(d.id)}
    >
      <span className="doc-item-top">
        <span className="doc-name">{d.name}</span>
        {problemsPending ? (
          <span className="doc-problems doc-figure-pending" role="img" aria-label={t('docs.problemsPending')} title={t('docs.problemsPending')} data-testid="doc-problems-pending">
            …
          </span>
        ) : d.problems > 0 ? (
          <span className="doc-problems" title={t('docs.problems', { n: d.problems })} data-testid="doc-problems">
            {t('docs.problemsShort', { n: d.problems })}
          </span>
        ) : null}
        <span className={`lang-badge lang-${d.lang}`} title={t('docs.langTitle', { lang: t(`docLang.${langOf(d.lang)}`), dir: d.dir })}>
          {t('docs.langBadge', { lang: langOf(d.lang), dir: d.dir })}
        </span>
      </span>
      {progressPending ? (
        <span className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-busy="true" aria-label={t('docs.progressPending', { name: d.name })} data-testid="doc-progress-pending" />
      ) : (
        <span className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('docs.progressOf', { name: d.name })}>
          <span className="progress-bar" style={{ width: `${pct}%` }} />
        </span>
      )}
      <span className="doc-meta">
        <span data-testid="mention-count">{t('docs.mentions', { n: d.mentionCount })}</span>
        {sortKey === 'size' ? (
          <span>{t('docs.size', { n: d.length })}</span>
        ) : progressPending ? (
          <span className="doc-figure-pending" role="img" aria-label={t('docs.progressPending', { name: d.name })} data-testid="doc-percent-pending">
            …
          </span>
        ) : (
          <span>{t('docs.percentWords', { pct })}</span>
        )}
        {sortKey === 'changed' ? <span title={t('docs.changedTitle', { when: when(locale, d.changedAt, true) })}>{when(locale, d.changedAt, false)}</span> : null}
        {d.status === 'done' ? <span className="doc-status doc-status-done">{t('docs.done')}</span> : null}
        {d.status === 'in-progress' && sortKey === 'status' ? <span className="doc-status">{t('doc.status.in-progress')}</span> : null}
        {loading ? <span className="loading">{t('docs.opening')}</span> : null}
      </span>
    </button>
  );
}

/** The name filter, the sort and (folded) the other filters. */
function ListControls({ list, annotators, loadFlags }: { list: DocumentPages; annotators: string[]; loadFlags(): Promise<string[]> }) {
  const t = useT();
  const { query } = useSyncExternalStore(list.subscribe, list.getState);
  const { filter, sort } = query;
  const [name, setName] = useState(filter.name ?? '');
  const [flags, setFlags] = useState<string[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const apply = (patch: Partial<DocumentFilter>) => void list.setQuery({ filter: { ...list.getState().query.filter, ...patch }, sort: list.getState().query.sort });
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const onName = (value: string) => {
    setName(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => apply({ name: value }), TYPING_MS);
  };
  const active = ['status', 'lang', 'annotator', 'flags', 'problems'].filter((k) => filter[k as keyof DocumentFilter] !== undefined).length;
  const one = <T extends string>(values: T[] | undefined): string => values?.[0] ?? '';
  return (
    <div className="doc-controls">
      <input
        type="search"
        className="doc-search"
        value={name}
        placeholder={t('docs.search')}
        aria-label={t('docs.searchLabel')}
        data-testid="doc-filter-name"
        onChange={(e) => onName(e.target.value)}
      />
      <div className="doc-sort">
        <label className="doc-sort-label">
          <span>{t('docs.sortBy')}</span>
          <select value={sort.key} data-testid="doc-sort" onChange={(e) => void list.setQuery({ filter, sort: { key: e.target.value as DocumentSortKey, desc: sort.desc === true } })}>
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {t(`docs.sort.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-small doc-sort-dir"
          data-testid="doc-sort-dir"
          aria-pressed={sort.desc === true}
          title={sort.desc ? t('docs.sortDesc') : t('docs.sortAsc')}
          aria-label={sort.desc ? t('docs.sortDesc') : t('docs.sortAsc')}
          onClick={() => void list.setQuery({ filter, sort: { key: sort.key, desc: !sort.desc } })}
        >
          {sort.desc ? '↓' : '↑'}
        </button>
      </div>
      <details
        className="doc-filters"
        onToggle={(e) => {
          if ((e.target as HTMLDetailsElement).open) void loadFlags().then(setFlags);
        }}
      >
        <summary data-testid="doc-filters">{active > 0 ? t('docs.filtersActive', { n: active }) : t('docs.filters')}</summary>
        <label>
          <span>{t('docs.filter.status')}</span>
          <select value={one(filter.status)} data-testid="doc-filter-status" onChange={(e) => apply({ status: e.target.value ? [e.target.value as DocumentStatus] : [] })}>
            <option value="">{t('docs.filter.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`doc.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('docs.filter.lang')}</span>
          <select value={one(filter.lang)} data-testid="doc-filter-lang" onChange={(e) => apply({ lang: e.target.value ? [e.target.value as Lang] : [] })}>
            <option value="">{t('docs.filter.any')}</option>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {t(`docLang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('docs.filter.annotator')}</span>
          <select value={filter.annotator ?? ''} data-testid="doc-filter-annotator" className="doc-filter-names" onChange={(e) => apply({ annotator: e.target.value })}>
            <option value="">{t('docs.filter.any')}</option>
            {annotators.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('docs.filter.flag')}</span>
          <select value={one(filter.flags)} data-testid="doc-filter-flag" className="doc-filter-names" onChange={(e) => apply({ flags: e.target.value ? [e.target.value] : [] })}>
            <option value="">{t('docs.filter.any')}</option>
            {[...new Set([...flags, ...(filter.flags ?? [])])].map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('docs.filter.problems')}</span>
          <select
            value={filter.problems === undefined ? '' : filter.problems ? 'yes' : 'no'}
            data-testid="doc-filter-problems"
            onChange={(e) => apply({ problems: e.target.value === '' ? undefined : e.target.value === 'yes' })}
          >
            <option value="">{t('docs.filter.any')}</option>
            <option value="yes">{t('docs.filter.withProblems')}</option>
            <option value="no">{t('docs.filter.noProblems')}</option>
          </select>
        </label>
        {active > 0 || name !== '' ? (
          <button
            type="button"
            className="btn btn-small"
            data-testid="doc-filter-clear"
            onClick={() => {
              setName('');
              void list.setQuery({ filter: {}, sort });
            }}
          >
            {t('docs.filter.clear')}
          </button>
        ) : null}
      </details>
    </div>
  );
}
