/** The progress of a long export or import: a bar, indeterminate until the total is known. */
import type { ProgressEvent } from '../contract';

export function ProgressBar({ progress, label }: { progress: ProgressEvent | null; label: string }) {
  if (!progress) return null;
  const pct = progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
  return (
    <div
      className={`progress${pct === null ? ' is-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      {...(pct === null ? {} : { 'aria-valuenow': pct })}
    >
      <span style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
