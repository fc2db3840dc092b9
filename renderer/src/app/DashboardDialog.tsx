/**
 * The corpus overview (corpus.dashboard, one call made when the dialog opens): progress per
 * annotator and per status, mentions per type as an SVG bar chart (mirrored in right-to-left
 * interfaces), and the annotation sets with validation problems, each opening its document (with
 * that annotator's set shown when it is not the user's own).
 */
import { useEffect, useRef, useState } from 'react';
import type { DocumentStatus } from '../../../annotations/model';
import type { CorpusDashboard } from '../contract';
import { call, userMessage } from '../bridge';
import { useT, useLocale } from '../i18n';

interface Props {
  open: boolean;
  /** The current annotator (their problems open in their own, editable set). */
  current: string | null;
  onClose(): void;
  onOpenProblem(docId: string, annotator: string): void;
}

const STATUSES: DocumentStatus[] = ['done', 'in-progress', 'not-started'];
const STATUS_COLOURS: Record<DocumentStatus, string> = { done: '#3f8f5a', 'in-progress': '#d19a2a', 'not-started': '#c9c4b8' };
const pct = (x: number) => Math.round(x * 1000) / 10;

export function DashboardDialog({ open, current, onClose, onOpenProblem }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [data, setData] = useState<CorpusDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
    if (!open) return;
    let live = true;
    setError(null);
    void call('corpus.dashboard', {}).then((r) => {
      if (!live) return;
      if (r.ok) setData(r.value);
      else setError(userMessage(r.error));
    });
    return () => {
      live = false;
    };
  }, [open]);

  return (
    <dialog ref={ref} className="dialog dashboard" aria-labelledby="dashboard-title" data-testid="dashboard" onClose={onClose} onCancel={onClose}>
      <h2 id="dashboard-title">{t('dash.title')}</h2>
      {error !== null ? <p className="field-error">{error}</p> : null}
      {data === null && error === null ? (
        <p className="dialog-lead" role="status">
          {t('dash.loading')}
        </p>
      ) : null}
      {data !== null ? <DashboardBody data={data} current={current} onOpenProblem={onOpenProblem} /> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} data-testid="dashboard-close">
          {t('dash.close')}
        </button>
      </div>
    </dialog>
  );
}

function DashboardBody({ data, current, onOpenProblem }: { data: CorpusDashboard; current: string | null; onOpenProblem(docId: string, annotator: string): void }) {
  const t = useT();
  return (
    <div className="dash-body">
      <p className="dialog-lead">{t('dash.documents', { n: data.documents })}</p>
      <section aria-labelledby="dash-progress">
        <h3 id="dash-progress">{t('dash.progress')}</h3>
        {data.annotators.length === 0 ? (
          <p className="empty-note">{t('dash.noAnnotators')}</p>
        ) : (
          <table className="dash-table" data-testid="dash-annotators">
            <thead>
              <tr>
                <th scope="col">{t('dash.annotator')}</th>
                <th scope="col">{t('dash.annotated')}</th>
                {STATUSES.map((s) => (
                  <th scope="col" key={s}>
                    {t(`doc.status.${s}`)}
                  </th>
                ))}
                <th scope="col">{t('dash.mentions')}</th>
                <th scope="col">{t('dash.words')}</th>
              </tr>
            </thead>
            <tbody>
              {data.annotators.map((a) => (
                <tr key={a.annotator} data-annotator={a.annotator}>
                  <th scope="row" className="dash-name">
                    {a.annotator}
                  </th>
                  <td>{a.annotated}</td>
                  {STATUSES.map((s) => (
                    <td key={s} data-status={s}>
                      {a.statuses[s]}
                    </td>
                  ))}
                  <td>{a.mentions}</td>
                  <td data-testid="dash-progress-value">{t('dash.percent', { pct: pct(a.progress) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="dash-statuses">
        <h3 id="dash-statuses">{t('dash.statuses')}</h3>
        <StatusBar statuses={data.statuses} />
      </section>
      <section aria-labelledby="dash-types">
        <h3 id="dash-types">{t('dash.types')}</h3>
        {data.mentionTypes.length === 0 ? <p className="empty-note">{t('dash.noMentions')}</p> : <TypeChart types={data.mentionTypes} />}
      </section>
      <section aria-labelledby="dash-problems">
        <h3 id="dash-problems">{t('dash.problems', { n: data.problems.length })}</h3>
        {data.problems.length === 0 ? (
          <p className="empty-note">{t('dash.noProblems')}</p>
        ) : (
          <ul className="dash-problems" data-testid="dash-problems">
            {data.problems.map((p) => (
              <li key={`${p.docId}\u0000${p.annotator}`}>
                <button type="button" className="dash-problem" data-doc-id={p.docId} onClick={() => onOpenProblem(p.docId, p.annotator)}>
                  <span className="dash-name">{p.name}</span>
                  <span className="dash-name">{p.annotator === current ? t('dash.yourSet') : p.annotator}</span>
                  <span>{t('docs.problems', { n: p.problems })}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Documents per status (summed over annotators) as one stacked SVG bar with its legend. */
function StatusBar({ statuses }: { statuses: Record<DocumentStatus, number> }) {
  const t = useT();
  const rtl = useLocale() !== 'en';
  const total = STATUSES.reduce((n, s) => n + statuses[s], 0);
  const width = 400;
  let at = 0;
  const parts = STATUSES.map((s) => {
    const w = total === 0 ? 0 : (statuses[s] / total) * width;
    const x = rtl ? width - at - w : at;
    at += w;
    return { s, x, w };
  });
  return (
    <figure className="dash-figure">
      <svg viewBox={`0 0 ${width} 18`} width="100%" height="18" role="img" aria-label={t('dash.statusesChart')} data-testid="dash-status-chart">
        {parts.map(({ s, x, w }) => (w > 0 ? <rect key={s} x={x} y={0} width={w} height={18} fill={STATUS_COLOURS[s]} data-status={s} /> : null))}
      </svg>
      <figcaption className="dash-legend">
        {STATUSES.map((s) => (
          <span key={s}>
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={STATUS_COLOURS[s]} />
            </svg>
            {t('dash.statusCount', { status: t(`doc.status.${s}`), n: statuses[s] })}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Mentions per type: one SVG bar per type, longest first, mirrored right to left. */
function TypeChart({ types }: { types: CorpusDashboard['mentionTypes'] }) {
  const t = useT();
  const rtl = useLocale() !== 'en';
  const width = 520;
  const label = 130;
  const count = 60;
  const rowH = 22;
  const bar = width - label - count;
  const max = Math.max(1, ...types.map((x) => x.total));
  return (
    <svg
      className="dash-chart"
      viewBox={`0 0 ${width} ${types.length * rowH}`}
      width="100%"
      height={types.length * rowH}
      role="img"
      aria-label={t('dash.typesChart')}
      data-testid="dash-type-chart"
      direction={rtl ? 'rtl' : 'ltr'}
    >
      {types.map((x, i) => {
        const w = (x.total / max) * bar;
        const y = i * rowH;
        const barX = rtl ? width - label - w : label;
        return (
          <g key={x.type} data-type={x.type} data-count={x.total}>
            <text className="dash-chart-label" x={rtl ? width - 4 : label - 6} y={y + 15} textAnchor={rtl ? 'start' : 'end'}>
              {x.type}
            </text>
            <rect x={barX} y={y + 4} width={w} height={rowH - 8} rx={3} className="dash-chart-bar" />
            <text className="dash-chart-count" x={rtl ? barX - 6 : barX + w + 6} y={y + 15} textAnchor="start">
              {x.total}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
