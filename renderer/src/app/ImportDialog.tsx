/**
 * Import annotations… : format, the annotation set to import into, encoding, files picked in the
 * desktop's dialog (window.qalam.pickImportPaths); import.run with progress, then its report.
 * A refused import (all or nothing) shows the file, line and reason.
 */
import { useEffect, useRef, useState } from 'react';
import type { ApiError, ImportFormat, ImportRunReport, ProgressEvent } from '../contract';
import { call, userMessage } from '../bridge';
import { ProgressBar } from './ProgressBar';
import { describeLoss, IMPORT_KINDS } from '../../../annotations/formats/report';
import { IMPORT_FORMATS, importFormat } from '../../../annotations/formats/catalogue';
import '../schema/schema.css';

const KINDS = IMPORT_KINDS;

const ENCODINGS = [
  { id: '', label: 'Detect' },
  { id: 'utf-8', label: 'UTF-8' },
  { id: 'windows-1255', label: 'Windows-1255 (Hebrew)' },
  { id: 'windows-1256', label: 'Windows-1256 (Arabic)' },
  { id: 'iso-8859-8', label: 'ISO-8859-8 (Hebrew)' },
];

interface Props {
  open: boolean;
  annotators: string[];
  current: string | null;
  onClose(): void;
  /** The import changed the project: refresh the documents (and the schema), open `docId`. */
  onImported(report: ImportRunReport): void;
}

export function ImportDialog({ open, annotators, current, onClose, onImported }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ImportFormat>('doccano');
  const [annotator, setAnnotator] = useState('');
  const [encoding, setEncoding] = useState('');
  const [offsets, setOffsets] = useState<'utf16' | 'codepoints'>('utf16');
  const [strict, setStrict] = useState(false);
  const [paths, setPaths] = useState<string[]>([]);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [report, setReport] = useState<ImportRunReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReport(null);
      setError(null);
      setProgress(null);
      setPaths([]);
      setAnnotator((a) => a || current || '');
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open, current]);

  const spec = importFormat(format);
  const bridge = (window as Partial<Window>).qalam;
  const canPick = Boolean(bridge?.pickImportPaths);

  const choose = async () => {
    const pick = bridge?.pickImportPaths;
    if (!pick) return;
    try {
      const picked = await pick({ title: `Import ${spec.label}`, extensions: [...spec.pick], folders: spec.folders });
      if (picked.length > 0) {
        setPaths(picked);
        setReport(null);
        setError(null);
      }
    } catch (e) {
      setError({ code: 'internal', message: e instanceof Error ? e.message : String(e) });
    }
  };

  /** The schema additions the import would make, waiting for the user's yes (null: none asked). */
  const [pendingTypes, setPendingTypes] = useState<string | null>(null);

  const run = async (addTypes: boolean) => {
    setPendingTypes(null);
    setError(null);
    setReport(null);
    setRunning(true);
    setProgress({ what: 'import', done: 0, total: 0 });
    const unsubscribe = bridge?.onProgress?.((p) => {
      if (p.what === 'import') setProgress(p);
    });
    try {
      const r = await call('import.run', {
        format,
        paths,
        ...(annotator.trim() ? { annotator: annotator.trim() } : {}),
        ...(encoding ? { encoding } : {}),
        ...(format === 'doccano' ? { offsets } : {}),
        ...(strict ? { strict: true } : {}),
        addTypes,
      });
      const asks = !r.ok && r.error.code === 'conflict' && r.error.message.startsWith('the import would add to the schema: ');
      if (!r.ok && asks) {
        setPendingTypes(r.error.message.slice('the import would add to the schema: '.length).replace(/; confirm to add them$/, ''));
        setProgress(null);
      } else if (r.ok) {
        setReport(r.value);
        setProgress({ what: 'import', done: 1, total: 1 });
        setPaths([]);
        onImported(r.value);
      } else {
        setError(r.error);
        setProgress(null);
      }
    } finally {
      unsubscribe?.();
      setRunning(false);
    }
  };

  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

  return (
    <dialog
      ref={ref}
      className="dialog xfer"
      aria-labelledby="import-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!running) onClose();
      }}
    >
      <h2 id="import-title">Import annotations</h2>
      <p className="dialog-lead">All or nothing: a malformed file is refused with its line, and nothing of the import is kept.</p>
      <div className="xfer-grid">
        <span>Format</span>
        <div>
          <select
            className="se-input"
            aria-label="Format"
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as ImportFormat);
              setPaths([]);
            }}
          >
            {IMPORT_FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
          <p className="xfer-hint">{spec.hint}</p>
        </div>

        <span>Into the set of</span>
        <div className="xfer-row">
          <input className="se-input" aria-label="Annotator" list="import-annotators" value={annotator} onChange={(e) => setAnnotator(e.target.value)} placeholder="the file’s annotator" />
          <datalist id="import-annotators">
            {annotators.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>

        <span>Encoding</span>
        <div className="xfer-row">
          <select className="se-input" aria-label="Encoding" value={encoding} onChange={(e) => setEncoding(e.target.value)}>
            {ENCODINGS.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </div>

        {format === 'doccano' ? (
          <>
            <span>Offsets</span>
            <div>
              <select className="se-input" aria-label="Offsets" value={offsets} onChange={(e) => setOffsets(e.target.value as 'utf16' | 'codepoints')}>
                <option value="utf16">UTF-16 code units (annotated in doccano)</option>
                <option value="codepoints">Code points (made in Python)</option>
              </select>
              <p className="xfer-hint">doccano’s span editor counts UTF-16 code units; they differ from code points after an emoji. A span that would split a character is refused.</p>
            </div>
          </>
        ) : null}

        <span>Losses</span>
        <label className="xfer-row">
          <input type="checkbox" aria-label="Strict" checked={strict} onChange={(e) => setStrict(e.target.checked)} />
          Refuse the import if anything read cannot be kept
        </label>

        <span>Files</span>
        <div>
          <div className="xfer-row">
            <button type="button" className="btn" disabled={!canPick || running} onClick={() => void choose()}>
              Choose {spec.folders ? 'files or folders' : 'files'}…
            </button>
            <span className="xfer-path">{paths.length === 0 ? 'Nothing chosen' : plural(paths.length, 'path')}</span>
          </div>
          {paths.length > 0 ? (
            <ul className="xfer-files" data-testid="import-paths">
              {paths.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>

      <ProgressBar progress={progress} label="Import progress" />

      {error ? (
        <div className="se-error" role="alert" data-code={error.code} data-testid="import-error">
          <strong>
            Import refused{error.file ? `: ${error.file}${error.line ? `, line ${error.line}` : ''}` : ''}
          </strong>
          <pre>{userMessage({ ...error, file: undefined })}</pre>
        </div>
      ) : null}

      {pendingTypes !== null ? (
        <div className="se-error" role="alertdialog" data-testid="import-confirm-types">
          <strong>This import adds to the project's schema:</strong>
          <pre>{pendingTypes}</pre>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setPendingTypes(null)}>
              Don't import
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void run(true)}>
              Add them and import
            </button>
          </div>
        </div>
      ) : null}

      {report ? (
        <div className="xfer-summary" data-testid="import-summary">
          <h3>
            Imported {plural(report.imported.length, 'document')}
            {report.matched.length > 0 ? `, annotations for ${plural(report.matched.length, 'document')} already in the project` : ''}
          </h3>
          <ul>
            <li>
              {plural(report.mentions, 'mention')}, {plural(report.events, 'event')}, {plural(report.relations, 'relation')}
              {report.duplicates > 0 ? ` (${report.duplicates} already there, not duplicated)` : ''}
            </li>
            {report.skipped.map((s) => (
              <li key={s.file}>
                Skipped {s.file}: {s.reason}
              </li>
            ))}
            {report.schemaAdded.length > 0 ? <li>Added to the schema: {report.schemaAdded.join(', ')}</li> : null}
            <li data-testid="import-counts">
              Read {KINDS.filter((k) => report.counts[k].read > 0).map((k) => `${report.counts[k].read} ${k}`).join(', ') || 'no annotations'}; kept{' '}
              {KINDS.filter((k) => report.counts[k].kept > 0).map((k) => `${report.counts[k].kept} ${k}`).join(', ') || 'none'}
            </li>
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
            {report.losses.map((l) => (
              <li key={`${l.file}:${l.kind}:${l.what}`} data-testid="import-loss">
                Not kept: {describeLoss(l)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="dialog-actions">
        <button type="button" className="btn" disabled={running} onClick={onClose}>
          {report ? 'Close' : 'Cancel'}
        </button>
        <button type="button" className="btn btn-primary" disabled={running || paths.length === 0} onClick={() => void run(false)}>
          {running ? 'Importing…' : 'Import'}
        </button>
      </div>
    </dialog>
  );
}
