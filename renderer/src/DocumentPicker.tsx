/**
 * Every document of the project to choose from, whatever the document list has loaded: a name
 * search and one page of rows at a time (`documents.page`, done by the store), so a corpus of
 * 100,000 documents is never held in memory. Used by the export dialog's "chosen documents"
 * (a checkbox per row) and the review screen's document menu (a row opens its document).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ApiError, DocumentPage } from './contract';
import { call } from './bridge';
import { useT } from './i18n';
import './documentPicker.css';

/** Rows shown at once. */
export const PICKER_PAGE = 50;
/** How long typing in the search waits before asking. */
const TYPING_MS = 150;

interface Props {
  /** 'check': a checkbox per row; 'pick': a row is a button. */
  mode: 'check' | 'pick';
  /** check: the chosen documents' ids. */
  chosen?: ReadonlySet<string>;
  onToggle?(id: string, on: boolean): void;
  /** pick: the document shown now (marked). */
  current?: string | null;
  onPick?(id: string): void;
  /** Focus the search when shown. */
  autoFocus?: boolean;
  /** An error answer. */
  onError?(error: ApiError): void;
}

export function DocumentPicker({ mode, chosen, onToggle, current, onPick, autoFocus, onError }: Props) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [name, setName] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<DocumentPage | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  useEffect(() => {
    let live = true;
    const filter = name.trim() === '' ? {} : { filter: { name: name.trim() } };
    void call('documents.page', { ...filter, offset, limit: PICKER_PAGE }).then((r) => {
      if (!live) return;
      if (r.ok) setPage(r.value);
      else onError?.(r.error);
    });
    return () => {
      live = false;
    };
  }, [name, offset, onError]);

  const onSearch = (value: string) => {
    setTyped(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setName(value);
      setOffset(0);
    }, TYPING_MS);
  };
  const total = page?.total ?? 0;
  const rows = page?.rows ?? [];
  const from = rows.length === 0 ? 0 : offset + 1;
  const to = offset + rows.length;
  // Up and down move between the rows; in the search, down goes to the first row.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>('.doc-picker-row input, button.doc-picker-row')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? (at < 0 ? 0 : Math.min(items.length - 1, at + 1)) : at <= 0 ? -1 : at - 1;
    if (next < 0) e.currentTarget.querySelector<HTMLInputElement>('.doc-picker-search')?.focus();
    else items[next]?.focus();
    e.preventDefault();
  };

  return (
    <div className="doc-picker" data-testid="doc-picker" onKeyDown={onKeyDown}>
      <input
        type="search"
        className="doc-picker-search"
        value={typed}
        placeholder={t('docPicker.search')}
        aria-label={t('docPicker.searchLabel')}
        data-testid="doc-picker-search"
        autoFocus={autoFocus}
        onChange={(e) => onSearch(e.target.value)}
      />
      <ul className="doc-picker-rows" aria-busy={page === null} data-testid="doc-picker-rows">
        {rows.map((d) => (
          <li key={d.id}>
            {mode === 'check' ? (
              <label className="doc-picker-row" data-doc-id={d.id}>
                <input type="checkbox" checked={chosen?.has(d.id) ?? false} onChange={(e) => onToggle?.(d.id, e.target.checked)} />
                <span className="doc-name" dir="auto">
                  {d.name}
                </span>
              </label>
            ) : (
              <button type="button" className={`doc-picker-row${d.id === current ? ' is-current' : ''}`} data-doc-id={d.id} aria-current={d.id === current ? 'true' : undefined} onClick={() => onPick?.(d.id)}>
                <span className="doc-name" dir="auto">
                  {d.name}
                </span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {page !== null && total === 0 ? <p className="doc-picker-empty">{t('docPicker.noMatch')}</p> : null}
      <div className="doc-picker-pages">
        <button type="button" className="btn btn-small" data-testid="doc-picker-prev" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PICKER_PAGE))}>
          {t('docPicker.prev')}
        </button>
        <span className="doc-picker-range" data-testid="doc-picker-range">
          {page === null ? t('docs.loadingRow') : t('docPicker.range', { from, to, total })}
        </span>
        <button type="button" className="btn btn-small" data-testid="doc-picker-next" disabled={to >= total} onClick={() => setOffset(offset + PICKER_PAGE)}>
          {t('docPicker.next')}
        </button>
      </div>
    </div>
  );
}
