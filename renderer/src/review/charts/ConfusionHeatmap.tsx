/** A confusion matrix between two annotators' types as a heat-map table (hand-drawn SVG). */
import type { SpanConfusion } from '../../../../annotations/agreement';
import { useT } from '../../i18n';

interface Props {
  title: string;
  a: string;
  b: string;
  matrix: SpanConfusion;
}

const CELL = 28;
const HEAD = 64;

export function ConfusionHeatmap({ title, a, b, matrix }: Props) {
  const tr = useT();
  const { labels, counts, missing, spurious } = matrix;
  const cols = [...labels, '∅'];
  const rows = [...labels, '∅'];
  const cell = (i: number, j: number): number => {
    if (i < labels.length && j < labels.length) return counts[i]?.[j] ?? 0;
    if (i < labels.length && j === labels.length) return missing[i] ?? 0;
    if (i === labels.length && j < labels.length) return spurious[j] ?? 0;
    return 0;
  };
  const max = Math.max(1, ...rows.flatMap((_, i) => cols.map((_, j) => cell(i, j))));
  const width = HEAD + cols.length * CELL + 4;
  const height = HEAD + rows.length * CELL + 4;
  return (
    <figure className="chart" data-testid="chart-confusion">
      <figcaption>{title}</figcaption>
      {labels.length === 0 ? (
        <p className="chart-empty">{tr('agreement.nothing')}</p>
      ) : (
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
          <text x={HEAD + (cols.length * CELL) / 2} y={11} className="chart-axis-title" textAnchor="middle">
            {b} →
          </text>
          <text x={10} y={HEAD + (rows.length * CELL) / 2} className="chart-axis-title" textAnchor="middle" transform={`rotate(-90 10 ${HEAD + (rows.length * CELL) / 2})`}>
            {a} →
          </text>
          {cols.map((c, j) => (
            <text key={c} x={HEAD + j * CELL + CELL / 2} y={HEAD - 6} className="chart-label" textAnchor="start" transform={`rotate(-50 ${HEAD + j * CELL + CELL / 2} ${HEAD - 6})`}>
              {c.length > 9 ? `${c.slice(0, 8)}…` : c}
            </text>
          ))}
          {rows.map((r, i) => (
            <g key={r}>
              <text x={HEAD - 5} y={HEAD + i * CELL + CELL / 2 + 3.5} className="chart-label" textAnchor="end">
                {r.length > 8 ? `${r.slice(0, 7)}…` : r}
              </text>
              {cols.map((c, j) => {
                const v = cell(i, j);
                const diagonal = i === j && i < labels.length;
                const alpha = v === 0 ? 0 : 0.15 + 0.85 * (v / max);
                return (
                  <g key={c} data-cell={`${r}|${c}`} data-value={v}>
                    <rect
                      x={HEAD + j * CELL}
                      y={HEAD + i * CELL}
                      width={CELL - 2}
                      height={CELL - 2}
                      rx={3}
                      className="chart-cell"
                      fill={v === 0 ? '#f1efe9' : diagonal ? `rgb(46 125 79 / ${alpha})` : `rgb(179 38 30 / ${alpha})`}
                    >
                      <title>{`${a}: ${r} · ${b}: ${c} — ${v}`}</title>
                    </rect>
                    {v > 0 ? (
                      <text x={HEAD + j * CELL + (CELL - 2) / 2} y={HEAD + i * CELL + CELL / 2 + 2.5} className={`chart-cell-n${alpha > 0.55 ? ' is-dark' : ''}`} textAnchor="middle">
                        {v}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      )}
      <p className="chart-note">{tr('agreement.confusionNote')}</p>
    </figure>
  );
}
