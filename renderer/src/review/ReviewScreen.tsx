/**
 * The review screen: two or more annotation sets of the current document side by side (one
 * read-only column each, with the gold set last), the classified disagreements, adjudication by
 * keyboard into the gold set, and the agreement figures and charts for the chosen sets.
 *
 * Keys: n / j / ↓ next disagreement, p / k / ↑ previous; 1…9 accept set N's side into gold,
 * b accept every side, x reject, a accept everything the sets agree on; Ctrl+Z / Ctrl+Shift+Z
 * undo / redo as gold; g edit gold in the normal view; t switch between comparison and agreement.
 */
import { lazy, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { GOLD_SET, type Provenance } from '../../../annotations/model';
import type { AgreementReport, ApiError, Method, Args, Ret, ReviewComparison, ReviewDisagreement } from '../contract';
import { bridgeExtras, call } from '../bridge';
import type { Workspace } from '../state/workspace';
import { ParagraphTable } from '../offsets/ParagraphTable';
import { ReviewColumn, type ReviewColumnHandle } from './ReviewColumn';
import { DisagreementList } from './DisagreementList';
import { LazyScreen } from '../lazy';
import { DocumentMenu } from './DocumentMenu';
import './review.css';
import { t, useT } from '../i18n';
import { REVIEW_KEYS } from '../editor/keymap';

/** The agreement figures and charts: their own chunk, loaded when the tab is first shown. */
const AgreementPanel = lazy(() => import('./AgreementPanel').then((m) => ({ default: m.AgreementPanel })));

interface Props {
  ws: Workspace;
  /** Switch to annotating as gold in the normal view. */
  onEditGold(): void;
}

function describeProvenance(p: Provenance | undefined): string {
  if (!p) return t('review.prov.none');
  const from = p.sources.map((s) => `${s.annotator} #${s.id}`).join(', ');
  switch (p.action) {
    case 'accepted':
      return t('review.prov.accepted', { from });
    case 'edited':
      return t('review.prov.edited', { from: from || '—' });
    case 'created':
      return t('review.prov.created');
  }
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'radio';
}

export function ReviewScreen({ ws, onEditGold }: Props) {
  const tr = useT();
  const state = useSyncExternalStore(ws.subscribe, ws.getState);
  const docView = useSyncExternalStore(ws.doc.subscribe, ws.doc.getState).view;
  const { session } = state;
  const schema = session?.schema ?? null;
  const known = useMemo(() => (session?.annotators ?? []).filter((a) => a !== GOLD_SET), [session]);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [comparison, setComparison] = useState<ReviewComparison | null>(null);
  const [current, setCurrent] = useState(0);
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [tab, setTab] = useState<'compare' | 'agreement'>('compare');
  const columns = useRef(new Map<string, ReviewColumnHandle>());
  const docId = docView?.id ?? null;

  // The columns show disagreements anywhere in the text: drawn once all of it has arrived.
  const complete = useSyncExternalStore(
    useCallback((changed: () => void) => docView?.pages.onPage(changed) ?? (() => {}), [docView]),
    () => docView?.pages.complete ?? false,
  );
  const table = useMemo(
    () => (docView && complete ? new ParagraphTable(docView.pages, docView.paragraphs, docView.lang, docView.dir) : null),
    [docView, complete],
  );

  const fail = useCallback((error: ApiError, context: string) => ws.reportError(error, context), [ws]);

  /** A call whose error goes to the status line; null on error. */
  const run = useCallback(
    async <M extends Method>(method: M, args: Args<M>, context: string): Promise<Ret<M> | null> => {
      const r = await call(method, args);
      if (!r.ok) {
        fail(r.error, context);
        return null;
      }
      return r.value;
    },
    [fail],
  );

  // How much each annotator has on this document; the sets with something are chosen at first
  // (not the project's shipped reference set, which the reviewer can still tick).
  const reference = session?.referenceSet ?? null;
  useEffect(() => {
    if (!docId) return;
    let live = true;
    void Promise.all(known.map(async (a) => [a, (await call('mentions.list', { docId, annotator: a }))] as const)).then((rows) => {
      if (!live) return;
      const next: Record<string, number> = {};
      for (const [a, r] of rows) next[a] = r.ok ? r.value.length : 0;
      setCounts(next);
      // Kept from document to document once chosen; none chosen yet (a document without sets first): chosen again.
      setChosen((prev) => (prev && prev.length > 0 ? prev : known.filter((a) => a !== reference && (next[a] ?? 0) > 0)));
    });
    return () => {
      live = false;
    };
  }, [docId, known, reference]);

  const sets = useMemo(() => (chosen ?? []).filter((a) => known.includes(a)), [chosen, known]);
  const ready = docId !== null && sets.length >= 2;

  const refresh = useCallback(async () => {
    if (!docId || sets.length < 2) {
      setComparison(null);
      return null;
    }
    const value = await run('review.compare', { docId, annotators: sets }, t('review.cannot.compare'));
    setComparison(value);
    return value;
  }, [docId, sets, run]);

  useEffect(() => {
    setCurrent(0);
    void refresh();
  }, [refresh]);

  // Agreement over the corpus is asked for when its tab is shown, for these sets and the figures of
  // the document shown (the service computes it in a worker and keeps it until the project changes).
  const reportFor = useRef<string | null>(null);
  useEffect(() => {
    const key = `${sets.join('\u0000')}\u0001${docId ?? ''}`;
    if (sets.length < 2) {
      setReport(null);
      reportFor.current = null;
      return;
    }
    if (tab !== 'agreement' || reportFor.current === key) return;
    reportFor.current = key;
    setReport(null);
    let live = true;
    let answered = false;
    void call('review.agreement', { annotators: sets, perDocument: docId === null ? [] : [docId] }).then((r) => {
      if (!live) return;
      answered = true;
      if (r.ok) setReport(r.value);
      else {
        reportFor.current = null;
        fail(r.error, t('review.cannot.agreement'));
      }
    });
    return () => {
      live = false;
      // Left before the answer: ask again next time.
      if (!answered && reportFor.current === key) reportFor.current = null;
    };
  }, [sets, fail, tab, docId]);

  const disagreements = useMemo(() => comparison?.disagreements ?? [], [comparison]);
  const at = disagreements[current] as ReviewDisagreement | undefined;

  // Show the current disagreement in every column.
  useEffect(() => {
    if (!comparison || !at || tab !== 'compare') return;
    const frame = requestAnimationFrame(() => {
      for (const s of [...comparison.sets, comparison.gold]) {
        const member = at.members.find((m) => m.set === s.annotator);
        let id = member?.id ?? null;
        if (s.annotator === GOLD_SET) {
          const list = at.target === 'event' ? comparison.gold.events.map((e) => ({ id: e.id, start: e.triggerStart, end: e.triggerEnd })) : comparison.gold.mentions;
          id = list.find((g) => at.members.some((m) => m.start === g.start && m.end === g.end))?.id ?? null;
        }
        columns.current.get(s.annotator)?.focus(id, { start: at.start, end: at.end });
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [comparison, at, tab]);

  const move = useCallback(
    (direction: 1 | -1) => {
      if (disagreements.length === 0) return;
      setCurrent((c) => Math.min(disagreements.length - 1, Math.max(0, c + direction)));
    },
    [disagreements.length],
  );

  /**
   * Run an adjudication, then show the list again with the current disagreement still current
   * (now marked with its resolution): `n` moves on, so accept-then-n never skips one.
   * Adjudications run one after another in the order their keys were pressed: a key pressed while
   * the one before is still answering waits for it, it is never dropped (x then 1 at typing speed
   * rejects, then accepts).
   */
  const queue = useRef<Promise<void>>(Promise.resolve());
  const refreshNow = useRef(refresh);
  useLayoutEffect(() => {
    refreshNow.current = refresh;
  }, [refresh]);
  const act = useCallback((work: () => Promise<boolean>) => {
    const next = queue.current.then(async () => {
      await work();
      const after = await refreshNow.current();
      if (after) setCurrent((c) => Math.min(c, Math.max(0, after.disagreements.length - 1)));
    });
    queue.current = next.catch(() => undefined);
    return next;
  }, []);

  const acceptSide = useCallback(
    (n: number) => {
      if (!comparison || !at || !docId) return;
      const set = comparison.sets[n];
      if (!set) return;
      const members = at.members.filter((m) => m.set === set.annotator);
      void act(async () => {
        if (members.length === 0) {
          // This set has nothing here: taking its side keeps the annotation out of gold.
          return (await run('review.reject', { docId, disagreementKey: at.key }, t('review.cannot.reject'))) !== null;
        }
        const r = await run('review.accept', { docId, from: set.annotator, ids: members.map((m) => m.id) }, t('review.cannot.accept', { set: set.annotator }));
        if (r) ws.info(t('review.accepted', { set: set.annotator, what: at.kind === 'missing' ? 'annotation' : 'side' }));
        return r !== null;
      });
    },
    [comparison, at, docId, act, run, ws],
  );

  const acceptAll = useCallback(() => {
    if (!at || !docId) return;
    void act(async () => {
      const bySet = new Map<string, string[]>();
      for (const m of at.members) bySet.set(m.set, [...(bySet.get(m.set) ?? []), m.id]);
      for (const [from, ids] of bySet) {
        if (!(await run('review.accept', { docId, from, ids }, t('review.cannot.accept', { set: from })))) return false;
      }
      return true;
    });
  }, [at, docId, act, run]);

  const reject = useCallback(() => {
    if (!at || !docId) return;
    void act(async () => (await run('review.reject', { docId, disagreementKey: at.key }, t('review.cannot.reject'))) !== null);
  }, [at, docId, act, run]);

  const acceptAgreed = useCallback(() => {
    if (!docId || sets.length < 2) return;
    void act(async () => {
      const r = await run('review.acceptAgreed', { docId, annotators: sets }, t('review.cannot.acceptAgreed'));
      if (r) ws.info(t('review.acceptedAgreed', { n: r.gold.length }));
      return r !== null;
    });
  }, [docId, sets, act, run, ws]);

  /** Undo or redo one step of the gold set (the service undoes as the current annotator). */
  const history = useCallback(
    (method: 'history.undo' | 'history.redo') => {
      if (!docId) return;
      void act(async () => {
        const me = session?.annotator ?? null;
        if (me !== GOLD_SET && !(await run('session.setAnnotator', { name: GOLD_SET }, t('review.cannot.switchGold')))) return false;
        const r = await call(method, { docId });
        if (me !== null && me !== GOLD_SET) await run('session.setAnnotator', { name: me }, t('review.cannot.switchBack', { name: me }));
        if (!r.ok) {
          if (r.error.code === 'nothing-to-undo' || r.error.code === 'nothing-to-redo') ws.info(r.error.message);
          else fail(r.error, method === 'history.undo' ? t('review.cannot.undo') : t('review.cannot.redo'));
          return false;
        }
        const skipped = (r.value.skipped ?? []).join(' ');
        const done = r.value.steps.length === 0 ? '' : method === 'history.undo' ? t('review.undid') : t('review.redid');
        ws.info([done, skipped].filter((x) => x !== '').join('. '));
        return true;
      });
    },
    [docId, act, run, session, ws, fail],
  );

  // The keys act on what the screen shows when they are pressed: the handler is listened to once,
  // from the screen's first commit, and reads the state of the last commit, set before that
  // commit is painted (a key pressed as soon as a disagreement is painted acts on it).
  const keyState = useRef({ ready, move, acceptSide, acceptAll, reject, acceptAgreed, history, onEditGold });
  useLayoutEffect(() => {
    keyState.current = { ready, move, acceptSide, acceptAll, reject, acceptAgreed, history, onEditGold };
  });
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target) || document.querySelector('dialog[open]')) return;
      const { ready, move, acceptSide, acceptAll, reject, acceptAgreed, history, onEditGold } = keyState.current;
      const key = e.key;
      if ((e.ctrlKey || e.metaKey) && !e.altKey) {
        const k = key.toLowerCase();
        if (k === 'z' && !e.shiftKey) history('history.undo');
        else if ((k === 'z' && e.shiftKey) || k === 'y') history('history.redo');
        else return;
        e.preventDefault();
        return;
      }
      if (e.altKey || e.metaKey) return;
      if (key === REVIEW_KEYS.agreement) setTab((t) => (t === 'compare' ? 'agreement' : 'compare'));
      else if (key === REVIEW_KEYS.editGold) onEditGold();
      else if (!ready) return;
      else if (key === REVIEW_KEYS.next || key === 'j' || key === 'J' || key === 'ArrowDown') move(1);
      else if (key === REVIEW_KEYS.prev || key === 'k' || key === 'K' || key === 'ArrowUp') move(-1);
      else if (/^[1-9]$/.test(key)) acceptSide(Number(key) - 1);
      else if (key === REVIEW_KEYS.both) acceptAll();
      else if (key === REVIEW_KEYS.reject) reject();
      else if (key === REVIEW_KEYS.agreed) acceptAgreed();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Edit → Undo / Redo in the desktop menu: the gold set's history here.
  useEffect(
    () =>
      bridgeExtras().onMenuCommand?.((command) => {
        if (command === 'undo') history('history.undo');
        else if (command === 'redo') history('history.redo');
      }),
    [history],
  );

  const provenance = useMemo(() => {
    const map = new Map<string, Provenance | undefined>();
    for (const m of comparison?.gold.mentions ?? []) map.set(m.id, m.provenance);
    for (const e of comparison?.gold.events ?? []) map.set(e.id, e.provenance);
    return map;
  }, [comparison]);
  const describeGold = useCallback((id: string) => (provenance.has(id) ? describeProvenance(provenance.get(id)) : null), [provenance]);

  const toggle = (a: string, on: boolean) => {
    const now = new Set(sets);
    if (on) now.add(a);
    else now.delete(a);
    setChosen(known.filter((k) => now.has(k)));
  };

  return (
    <div className="review" data-testid="review-screen">
      <div className="review-bar">
        <DocumentMenu ws={ws} current={docView ? { id: docView.id, name: docView.name } : null} />
        <fieldset className="review-sets">
          <legend>{tr('review.sets')}</legend>
          {known.length === 0 ? <span className="review-hint">{tr('review.noAnnotators')}</span> : null}
          {known.map((a) => (
            <label key={a} className="review-set-choice">
              <input type="checkbox" checked={sets.includes(a)} onChange={(e) => toggle(a, e.target.checked)} data-annotator={a} />
              <span className="review-set-name">{a}</span>
              <span className="count">{counts[a] ?? 0}</span>
            </label>
          ))}
        </fieldset>
        <div className="btn-group review-tabs" role="tablist" aria-label={tr('review.view')}>
          <button type="button" role="tab" aria-selected={tab === 'compare'} className={`btn${tab === 'compare' ? ' is-on' : ''}`} onClick={() => setTab('compare')}>
            {tr('review.compare')}
          </button>
          <button type="button" role="tab" aria-selected={tab === 'agreement'} className={`btn${tab === 'agreement' ? ' is-on' : ''}`} onClick={() => setTab('agreement')}>
            {tr('review.agreement')}
          </button>
        </div>
        <button type="button" className="btn" onClick={onEditGold} title={tr('review.editGoldTitle')} data-testid="edit-gold">
          {tr('review.editGold')}
        </button>
      </div>

      {!docView || !table ? (
        <div className="empty-state">
          <h1>{tr('review.noDocument')}</h1>
          <p>{tr('review.pickAbove')}</p>
        </div>
      ) : !ready ? (
        <div className="empty-state">
          <h1>{tr('review.chooseSets')}</h1>
          <p>{tr('review.tickSets', { name: docView.name })}</p>
        </div>
      ) : tab === 'agreement' ? (
        <LazyScreen message="lazy.agreement">
          <AgreementPanel report={report} comparison={comparison} docId={docView.id} docName={docView.name} />
        </LazyScreen>
      ) : (
        <div className="review-body">
          <div className="review-columns" dir={docView.dir}>
            {comparison
              ? [...comparison.sets, comparison.gold].map((s, i) => (
                  <ReviewColumn
                    key={s.annotator}
                    ref={(h) => {
                      if (h) columns.current.set(s.annotator, h);
                      else columns.current.delete(s.annotator);
                    }}
                    view={docView}
                    table={table}
                    schema={schema}
                    set={s}
                    title={s.annotator === GOLD_SET ? tr('review.gold') : `${i + 1} · ${s.annotator}`}
                    gold={s.annotator === GOLD_SET}
                    describe={s.annotator === GOLD_SET ? describeGold : undefined}
                  />
                ))
              : null}
          </div>
          <aside className="side side-right review-side">
            <DisagreementList items={disagreements} current={current} table={table} onPick={setCurrent} />
            <section className="review-gold" aria-label={tr('review.goldSet')}>
              <div className="panel-head">
                <h2>{tr('review.gold')}</h2>
                <span className="count">{(comparison?.gold.mentions.length ?? 0) + (comparison?.gold.events.length ?? 0)}</span>
              </div>
              <ul className="review-gold-list">
                {(comparison?.gold.mentions ?? []).map((m) => (
                  <li key={m.id} className="review-gold-item" data-gold-id={m.id} title={describeProvenance(m.provenance)}>
                    <span className="review-gold-type">{m.type}</span>
                    <bdi className="review-gold-text">{table.slice(m)}</bdi>
                    <span className={`review-prov prov-${m.provenance?.action ?? 'none'}`}>{m.provenance ? tr(`review.prov.action.${m.provenance.action}`) : '—'}</span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="help review-keys" aria-label={tr('review.keysLabel')}>
              <p>
                <kbd>n</kbd>/<kbd>p</kbd> {tr('review.keys.nav')} · <kbd>1</kbd>…<kbd>{Math.min(9, sets.length)}</kbd> {tr('review.keys.accept')} · <kbd>b</kbd>{' '}
                {tr('review.keys.both')} · <kbd>x</kbd> {tr('review.keys.reject')} · <kbd>a</kbd> {tr('review.keys.agreed')} · <kbd>Ctrl</kbd>+<kbd>Z</kbd> {tr('review.keys.undo')} ·{' '}
                <kbd>g</kbd> {tr('review.keys.editGold')} · <kbd>t</kbd> {tr('review.keys.agreement')}
              </p>
            </section>
          </aside>
        </div>
      )}
    </div>
  );
}
