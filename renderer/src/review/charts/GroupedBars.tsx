/** Grouped vertical bars, hand-drawn SVG: one group per category, one bar per series. */
import { useT } from '../../i18n';

export interface Series {
  name: string;
  color: string;
  values: number[];
  /** The series is named after an annotator (a name, never translated). */
  isName?: boolean;
}

interface Props {
  title: string;
  categories: string[];
  series: Series[];
  /** Axis maximum (default: the largest value, rounded up). */
  max?: number;
  format?: (v: number) => string;
  testId?: string;
}

const H = 150;
const TOP = 14;
const BOTTOM = 34;
const LEFT = 34;

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function GroupedBars({ title, categories, series, max, format = (v) => String(v), testId }: Props) {
  const tr = useT();
  const top = max ?? niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const bar = series.length > 2 ? 9 : 12;
  const group = Math.max(34, series.length * bar + 14);
  const width = LEFT + categories.length * group + 8;
  const plot = H - TOP - BOTTOM;
  const y = (v: number) => TOP + plot - (v / top) * plot;
  const ticks = [0, top / 2, top];
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {categories.length === 0 ? (
        <p className="chart-empty">{tr('agreement.nothing')}</p>
      ) : (
        <svg width={width} height={H} viewBox={`0 0 ${width} ${H}`} role="img" aria-label={title}>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={LEFT} x2={width - 4} y1={y(t)} y2={y(t)} className="chart-grid" />
              <text x={LEFT - 5} y={y(t) + 3.5} className="chart-tick" textAnchor="end">
                {format(t)}
              </text>
            </g>
          ))}
          {categories.map((c, i) => {
            const x0 = LEFT + i * group + (group - series.length * bar) / 2;
            return (
              <g key={c} data-category={c}>
                {series.map((s, j) => {
                  const v = s.values[i] ?? 0;
                  return (
                    <rect
                      key={s.name}
                      x={x0 + j * bar}
                      y={y(v)}
                      width={bar - 2}
                      height={Math.max(0, TOP + plot - y(v))}
                      rx={1.5}
                      fill={s.color}
                      className="chart-bar"
                      data-series={s.name}
                      data-value={v}
                    >
                      <title>{`${s.name} · ${c}: ${format(v)}`}</title>
                    </rect>
                  );
                })}
                <text x={LEFT + i * group + group / 2} y={H - BOTTOM + 13} className="chart-label" textAnchor="middle">
                  {c.length > 9 ? `${c.slice(0, 8)}…` : c}
                </text>
              </g>
            );
          })}
          <line x1={LEFT} x2={width - 4} y1={TOP + plot} y2={TOP + plot} className="chart-axis" />
        </svg>
      )}
      {series.length > 1 ? (
        <div className="chart-legend">
          {series.map((s) => (
            <span key={s.name} className={s.isName ? 'annotator-name' : undefined}>
              <i style={{ background: s.color }} />
              {s.name}
            </span>
          ))}
        </div>
      ) : null}
    </figure>
  );
}
