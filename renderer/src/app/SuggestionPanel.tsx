import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import type { Schema } from '../../../annotations/model';
import type { SuggestionItem, TaggerStatus } from '../contract';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import type { Workspace } from '../state/workspace';
import { LIST_ROWS, rowsAround } from '../state/suggestions';
import { useT } from '../i18n';
import { EndpointSettings } from './EndpointSettings';

/**
 * The open document's suggestions (state/suggestions.ts) in the side panel: the tagger's state
 * and the threshold under which it is silent (the project's, changeable here), the score above
 * which "accept all" takes them, the external recommender (EndpointSettings.tsx), and the list
 * (click to focus; ✓ accept, ✗ reject).
 *
 * A label costs the panel nothing it does not need. The panel is memoized: the shell (App)
 * renders again on every change of the document (each label, twice: the provisional mention, then
 * the stored one), and the panel then rendered again with it, its controls too: React sets a
 * controlled input's `name` and `type` again on every render of it (15 attribute changes a render
 * for the panel's five inputs), so every label restyled and repainted the panel in the frames
 * after its own (README, Performance). Now the panel renders only when the suggestions' state,
 * the shown set or the annotator change; its controls (SuggestionControls) and the recommender's
 * settings only when what they show changes, not when a label takes a suggestion out of the list;
 * and a row only when its item, focus or colour does (SuggestionRow). Rendering reads no layout:
 * where the list starts in the panel is the height of what is above it, which a ResizeObserver
 * reports after a layout the frame makes anyway (read in render, it forced a layout of the whole
 * document, its overlay included).
 * A long list renders only the rows in view of the panel (fixed row height, like MentionList): 200
 * rows in the DOM, most of them scrolled out of view, doubled the cost of every frame of the
 * document that painted anything (a label, a scroll), as Chromium's pre-paint, paint and
 * layerization walked them all.
 */
/** Row height in px (fixed, so a long list renders only the rows in view: .suggest-row in app.css). */
const ROW = 28;
/** Lists up to this long are rendered whole. */
const RENDER_ALL = 40;
const OVERSCAN = 6;

export const SuggestionPanel = memo(function SuggestionPanel({ ws, table, schema }: { ws: Workspace; table: ParagraphTable | null; schema: Schema | null }) {
  const t = useT();
  const s = useSyncExternalStore(ws.suggestions.subscribe, ws.suggestions.getState);
  const viewSet = useSyncExternalStore(ws.subscribe, () => ws.getState().viewSet);
  const annotator = useSyncExternalStore(ws.subscribe, () => ws.getState().session?.annotator ?? null);
  const colors = useMemo(() => new Map((schema?.entityTypes ?? []).map((x) => [x.name, x.color])), [schema]);
  const listRef = useRef<HTMLUListElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const topRef = useRef<HTMLDivElement>(null);
  // the panel's scroll and height, and where the list starts in its scrolled content (px): all
  // from events and observers, never read while rendering
  const [view, setView] = useState({ top: 0, height: 400 });
  const [listTop, setListTop] = useState(0);
  const listTopRef = useRef(0);
  listTopRef.current = listTop;
  // a long document may have tens of thousands: the rows around the one in focus (n / p go through all)
  const shown = useMemo(() => rowsAround(s.items, s.focused, LIST_ROWS), [s.items, s.focused]);
  const windowed = shown.items.length > RENDER_ALL;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const visible = Boolean(table) && viewSet === null && Boolean(annotator);
  useEffect(() => {
    const top = topRef.current;
    const section = sectionRef.current;
    if (!visible || !top || !section) return;
    // what is above the list (a flow root: its children's margins inside it) and the panel's height
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) {
        if (e.target === top) setListTop(e.borderBoxSize[0]?.blockSize ?? e.contentRect.height);
        else setView((v) => (v.height === e.contentRect.height ? v : { top: v.top, height: e.contentRect.height }));
      }
    });
    ro.observe(top);
    ro.observe(section);
    return () => ro.disconnect();
  }, [visible]);
  useEffect(() => {
    if (s.focused === null) return;
    const section = sectionRef.current;
    const list = listRef.current;
    if (windowed && section && list) {
      const at = shownRef.current.items.findIndex((x) => x.key === s.focused);
      if (at < 0) return;
      const y = listTopRef.current + at * ROW;
      if (y < section.scrollTop || y + ROW > section.scrollTop + section.clientHeight) section.scrollTop = y - section.clientHeight / 3;
      setView({ top: section.scrollTop, height: section.clientHeight });
      return;
    }
    list?.querySelector(`[data-key="${CSS.escape(s.focused)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [s.focused, windowed]);
  // counted once per list from the service and score, then less what a label took out (not the whole list again)
  const above = useMemo(() => s.items.count((x) => x.score >= s.minScore, `score>=${s.minScore}`), [s.items, s.minScore]);
  if (!table || !visible) return null;
  let from = 0;
  let to = shown.items.length;
  if (windowed) {
    from = Math.max(0, Math.floor((view.top - listTop) / ROW) - OVERSCAN);
    to = Math.min(shown.items.length, Math.ceil((view.top - listTop + view.height) / ROW) + OVERSCAN);
  }
  const rows = windowed ? shown.items.slice(from, to) : shown.items;
  return (
    <section
      className="suggest-panel"
      aria-label={t('suggest.title')}
      data-testid="suggestions"
      ref={sectionRef}
      onScroll={windowed ? (e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight }) : undefined}
    >
      <div className="suggest-top" ref={topRef}>
        <div className="panel-head">
          <h2>{t('suggest.title')}</h2>
          <span className="count" data-testid="suggest-count">
            {s.items.length}
          </span>
          {s.pending ? <span className="suggest-pending">{t('suggest.pending')}</span> : null}
        </div>
        <SuggestionControls ws={ws} tagger={s.tagger} minScore={s.minScore} above={above} />
        <EndpointSettings ws={ws} />
        {s.items.length === 0 ? <p className="empty-note">{t('suggest.none')}</p> : null}
        {shown.before > 0 ? <p className="empty-note suggest-more" data-testid="suggest-more-before">{t('suggest.moreBefore', { n: shown.before })}</p> : null}
      </div>
      <ul
        ref={listRef}
        role="listbox"
        aria-label={t('suggest.listLabel')}
        className="suggest-list"
        style={windowed ? { paddingTop: from * ROW, paddingBottom: (shown.items.length - to) * ROW + 10 } : undefined}
      >
        {rows.map((x) => (
          <SuggestionRow key={x.key} ws={ws} item={x} focused={x.key === s.focused} color={colors.get(x.type) ?? '#9aa0a6'} dir={table.docDir} lang={table.docLang !== 'other' ? table.docLang : undefined} />
        ))}
      </ul>
      {shown.after > 0 ? <p className="empty-note suggest-more" data-testid="suggest-more-after">{t('suggest.moreAfter', { n: shown.after })}</p> : null}
    </section>
  );
});

/**
 * The tagger's state, its threshold, the score for "accept all" and how many that takes: drawn
 * again only when one of those changes (a label that takes a suggestion out of the list changes
 * none of them, unless it scored above the score).
 */
const SuggestionControls = memo(function SuggestionControls({ ws, tagger, minScore, above }: { ws: Workspace; tagger: TaggerStatus | null; minScore: number; above: number }) {
  const t = useT();
  let status = '';
  if (tagger) {
    if (tagger.state === 'training') status = t('suggest.tagger.training');
    else if (tagger.state === 'failed') status = t('suggest.tagger.failed', { error: tagger.error ?? '' });
    else if (tagger.state === 'none' || tagger.trained === null) {
      // what it waits for: two documents, or enough mentions in one that cuts into parts to hold out
      const w = tagger.waiting;
      status = w === undefined ? t('suggest.tagger.due') : w.reason === 'parts' ? t('suggest.tagger.noParts') : t('suggest.tagger.none', { min: w.minMentions, mentions: w.mentions });
    } else {
      const q = tagger.quality;
      const measured = q === null ? null : { documents: tagger.trained.documents, mentions: tagger.trained.mentions, f1: q.f1.toFixed(2), p: q.precision.toFixed(2), r: q.recall.toFixed(2), heldOut: q.documents };
      const figures =
        measured === null
          ? t('suggest.tagger.noFigures', { documents: tagger.trained.documents, mentions: tagger.trained.mentions })
          : q?.parts !== undefined
            ? t('suggest.tagger.figuresParts', { ...measured, of: q.parts.of })
            : t('suggest.tagger.figures', measured);
      status = `${figures} ${tagger.active ? t('suggest.tagger.on') : t('suggest.tagger.silent', { min: tagger.minF1.toFixed(2) })}`;
      if (tagger.kept?.state === 'loaded') status += ` ${t('suggest.tagger.keptLoaded')}`;
    }
    if (tagger.kept?.state === 'damaged') status = `${t('suggest.tagger.keptDamaged', { error: tagger.kept.error ?? '' })} ${status}`;
    else if (tagger.kept?.state === 'stale') status = `${t('suggest.tagger.keptStale', { error: tagger.kept.error ?? '' })} ${status}`;
  }
  return (
    <>
      <p className="suggest-tagger" data-testid="suggest-tagger" data-state={tagger?.state ?? 'none'}>
        {status}{' '}
        <button type="button" className="btn btn-small" onMouseDown={keep} onClick={() => void ws.suggestions.train()} title={t('suggest.retrainTitle')}>
          {t('suggest.retrain')}
        </button>
      </p>
      <div className="suggest-controls">
        <label title={t('suggest.thresholdTitle')}>
          {t('suggest.threshold')}{' '}
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            data-testid="suggest-threshold"
            value={tagger?.minF1 ?? 0.5}
            onChange={(e) => void ws.suggestions.setThreshold(Number(e.target.value))}
          />
        </label>
        <label title={t('suggest.minScoreTitle')}>
          {t('suggest.minScore')}{' '}
          <input type="number" min={0} max={1} step={0.05} data-testid="suggest-min-score" value={minScore} onChange={(e) => ws.suggestions.setMinScore(Number(e.target.value))} />
        </label>
        <button
          type="button"
          className="btn btn-small"
          data-testid="suggest-accept-all"
          disabled={above === 0}
          onMouseDown={keep}
          onClick={() => void ws.suggestions.acceptAll()}
          title={t('suggest.acceptAllTitle')}
        >
          {t('suggest.acceptAll', { n: above })}
        </button>
      </div>
    </>
  );
});

/** One suggestion in the list: redrawn only when its item, focus or colour changes. */
const SuggestionRow = memo(function SuggestionRow({ ws, item: x, focused, color, dir, lang }: { ws: Workspace; item: SuggestionItem; focused: boolean; color: string; dir: string; lang: string | undefined }) {
  const t = useT();
  return (
    <li
      role="option"
      aria-selected={focused}
      className={`suggest-row${focused ? ' is-focused' : ''}`}
      data-key={x.key}
      data-source={x.source}
      onMouseDown={keep}
      onClick={() => ws.suggestions.focus(x.key)}
    >
      <span className="mention-type is-ghost" style={{ '--c': color } as CSSProperties}>
        {x.type}
      </span>
      <span className="mention-text" dir={dir} lang={lang}>
        <bdi>{x.text}</bdi>
      </span>
      <span className="suggest-source">
        {t(`suggest.source.${x.source}`)} {x.score.toFixed(2)}
      </span>
      <button
        type="button"
        className="btn btn-icon btn-tiny"
        aria-label={t('suggest.acceptTitle')}
        title={t('suggest.acceptTitle')}
        onMouseDown={keep}
        onClick={(e) => {
          e.stopPropagation();
          ws.suggestions.focus(x.key);
          void ws.suggestions.accept();
        }}
      >
        ✓
      </button>
      <button
        type="button"
        className="btn btn-icon btn-tiny"
        aria-label={t('suggest.rejectTitle')}
        title={t('suggest.rejectTitle')}
        onMouseDown={keep}
        onClick={(e) => {
          e.stopPropagation();
          ws.suggestions.focus(x.key);
          void ws.suggestions.reject();
        }}
      >
        ✗
      </button>
    </li>
  );
});

function keep(e: { preventDefault(): void }): void {
  e.preventDefault();
}

/** The preview of a mention's other occurrences (key o): Enter tags those in the document; Tab to the corpus. */
export function OccurrenceDialog({ ws, onClosed }: { ws: Workspace; onClosed(): void }) {
  const t = useT();
  const s = useSyncExternalStore(ws.suggestions.subscribe, ws.suggestions.getState);
  const ref = useRef<HTMLDialogElement>(null);
  const p = s.preview;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (p && !d.open) {
      d.showModal();
      // Enter: the first that would tag something (this document, else the corpus), else Cancel
      d.querySelector<HTMLButtonElement>('.dialog-actions button:not([disabled])')?.focus();
    }
    if (!p && d.open) {
      d.close();
      onClosed();
    }
  }, [p, onClosed]);
  const inDoc = p?.document?.count ?? 0;
  const inCorpus = p?.corpus?.count ?? 0;
  const docs = p?.corpus?.documents ?? 0;
  return (
    <dialog
      ref={ref}
      className="dialog occurrence-dialog"
      aria-labelledby="occurrences-title"
      data-testid="occurrence-preview"
      onCancel={(e) => {
        e.preventDefault();
        ws.suggestions.closePreview();
      }}
    >
      {p ? (
        <>
          <h2 id="occurrences-title">
            {t('suggest.preview.title', { form: `\u2068${p.document?.form ?? ''}\u2069`, type: p.document?.type ?? '' })}
          </h2>
          <p>{p.document?.practice === 'whole words' ? t('suggest.preview.whole') : t('suggest.preview.stems')}</p>
          <div className="dialog-actions">
            <button type="button" className="btn btn-primary" data-testid="occurrences-document" disabled={inDoc === 0} onClick={() => void ws.suggestions.acceptPreview('document')}>
              {t('suggest.preview.document', { n: inDoc })}
            </button>
            <button type="button" className="btn" data-testid="occurrences-corpus" disabled={inCorpus === 0} onClick={() => void ws.suggestions.acceptPreview('corpus')}>
              {t('suggest.preview.corpus', { n: inCorpus, documents: docs })}
            </button>
            <button type="button" className="btn" onClick={() => ws.suggestions.closePreview()}>
              {t('suggest.preview.cancel')}
            </button>
          </div>
          <p className="dialog-hint">{t('suggest.preview.keys')}</p>
        </>
      ) : null}
    </dialog>
  );
}

