/**
 * Import annotations… : format, the annotation set to import into, encoding, files picked in the
 * desktop's dialog (window.qalam.pickImportPaths); import.run with progress, then its report.
 * A refused import (all or nothing) shows the file, line and reason.
 */
import { useState } from 'react';
import type { ApiError, ImportFormat, ImportRunReport } from '../contract';
import { call, userMessage } from '../bridge';
import { TransferDialog, useTransfer } from './TransferDialog';
import { describeLoss, IMPORT_KINDS } from '../../../annotations/formats/report';
import { IMPORT_FORMATS, importFormat } from '../../../annotations/formats/catalogue';
import { formatLabel, useT } from '../i18n';

const KINDS = IMPORT_KINDS;

/** The encodings offered; the script each code page is for is said in the interface language. */
const ENCODINGS = [
  { id: '', script: null },
  { id: 'utf-8', script: null },
  { id: 'windows-1255', script: 'he' },
  { id: 'windows-1256', script: 'ar' },
  { id: 'iso-8859-8', script: 'he' },
] as const;

interface Props {
  open: boolean;
  annotators: string[];
  current: string | null;
  onClose(): void;
  /** The import changed the project: refresh the documents (and the schema), open `docId`. */
  onImported(report: ImportRunReport): void;
}

export function ImportDialog({ open, annotators, current, onClose, onImported }: Props) {
  const transfer = useTransfer('import');
  const { running, setProgress } = transfer;
  const [format, setFormat] = useState<ImportFormat>('doccano');
  const [annotator, setAnnotator] = useState('');
  const [encoding, setEncoding] = useState('');
  const [offsets, setOffsets] = useState<'utf16' | 'codepoints'>('utf16');
  const [strict, setStrict] = useState(false);
  const [paths, setPaths] = useState<string[]>([]);
  const [report, setReport] = useState<ImportRunReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const tr = useT();

  const onOpen = () => {
    setReport(null);
    setError(null);
    setProgress(null);
    setPaths([]);
    setAnnotator((a) => a || current || '');
  };

  const spec = importFormat(format);
  const bridge = (window as Partial<Window>).qalam;
  const canPick = Boolean(bridge?.pickImportPaths);

  const choose = async () => {
    const pick = bridge?.pickImportPaths;
    if (!pick) return;
    try {
      const picked = await pick({ title: tr('import.pickTitle', { format: formatLabel(tr, spec) }), extensions: [...spec.pick], folders: spec.folders });
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
    const r = await transfer.track(() =>
      call('import.run', {
        format,
        paths,
        ...(annotator.trim() ? { annotator: annotator.trim() } : {}),
        ...(encoding ? { encoding } : {}),
        ...(format === 'doccano' ? { offsets } : {}),
        ...(strict ? { strict: true } : {}),
        addTypes,
      }),
    );
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
  };

  const kindCount = (k: (typeof KINDS)[number], n: number) => tr('import.kindCount', { kind: k, n });

  return (
    <TransferDialog
      id="import"
      open={open}
      onOpen={onOpen}
      onClose={onClose}
      transfer={transfer}
      title={tr('import.title')}
      lead={tr('import.lead')}
      progressLabel={tr('import.progress')}
      closeLabel={report ? tr('import.close') : tr('import.cancel')}
      runLabel={running ? tr('import.running') : tr('import.run')}
      runDisabled={paths.length === 0}
      onRun={() => void run(false)}
      fields={
        <>
          <span>{tr('import.format')}</span>
          <div>
            <select
              className="se-input"
              aria-label={tr('import.format')}
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as ImportFormat);
                setPaths([]);
              }}
            >
              {IMPORT_FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {formatLabel(tr, f)}
                </option>
              ))}
            </select>
            <p className="xfer-hint">{tr(`import.hint.${format}`)}</p>
          </div>

          <span>{tr('import.into')}</span>
          <div className="xfer-row">
            <input className="se-input" aria-label={tr('import.annotator')} list="import-annotators" value={annotator} onChange={(e) => setAnnotator(e.target.value)} placeholder={tr('import.annotatorPlaceholder')} />
            <datalist id="import-annotators">
              {annotators.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </div>

          <span>{tr('import.encoding')}</span>
          <div className="xfer-row">
            <select className="se-input" aria-label={tr('import.encoding')} value={encoding} onChange={(e) => setEncoding(e.target.value)}>
              {ENCODINGS.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.id === '' ? tr('import.detect') : x.script ? tr('import.codePage', { name: x.id.toUpperCase().replace('WINDOWS', 'Windows'), script: x.script }) : x.id.toUpperCase()}
                </option>
              ))}
            </select>
          </div>

          {format === 'doccano' ? (
            <>
              <span>{tr('import.offsets')}</span>
              <div>
                <select className="se-input" aria-label={tr('import.offsets')} value={offsets} onChange={(e) => setOffsets(e.target.value as 'utf16' | 'codepoints')}>
                  <option value="utf16">{tr('import.offsets.utf16')}</option>
                  <option value="codepoints">{tr('import.offsets.codepoints')}</option>
                </select>
                <p className="xfer-hint">{tr('import.offsets.hint')}</p>
              </div>
            </>
          ) : null}

          <span>{tr('import.losses')}</span>
          <label className="xfer-row">
            <input type="checkbox" aria-label={tr('import.strictLabel')} checked={strict} onChange={(e) => setStrict(e.target.checked)} />
            {tr('import.strict')}
          </label>

          <span>{tr('import.files')}</span>
          <div>
            <div className="xfer-row">
              <button type="button" className="btn" disabled={!canPick || running} onClick={() => void choose()}>
                {tr('import.choose', { folders: spec.folders ? 'yes' : 'no' })}
              </button>
              <span className="xfer-path">{paths.length === 0 ? tr('import.nothingChosen') : tr('import.paths', { n: paths.length })}</span>
            </div>
            {paths.length > 0 ? (
              <ul className="xfer-files" data-testid="import-paths">
                {paths.map((p) => (
                  <li key={p} className="file-name" dir="auto">
                    {p}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </>
      }
    >

      {error ? (
        <div className="se-error" role="alert" data-code={error.code} data-testid="import-error">
          <strong>
            {error.file ? tr('import.refusedAt', { file: error.file, line: error.line ?? 0, hasLine: error.line ? 'yes' : 'no' }) : tr('import.refused')}
          </strong>
          <pre className="service-msg">{userMessage({ ...error, file: undefined })}</pre>
        </div>
      ) : null}

      {pendingTypes !== null ? (
        <div className="se-error" role="alertdialog" data-testid="import-confirm-types">
          <strong>{tr('import.addsToSchema')}</strong>
          <pre className="service-msg">{pendingTypes}</pre>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setPendingTypes(null)}>
              {tr('import.dontImport')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void run(true)}>
              {tr('import.addAndImport')}
            </button>
          </div>
        </div>
      ) : null}

      {report ? (
        <div className="xfer-summary" data-testid="import-summary">
          <h3>{tr('import.imported', { n: report.imported.length, matched: report.matched.length })}</h3>
          <ul>
            <li>
              {tr('import.counts', { mentions: report.mentions, events: report.events, relations: report.relations, duplicates: report.duplicates })}
            </li>
            {report.skipped.map((s) => (
              <li key={s.file}>
                {tr('import.skipped')} <span className="file-name">{s.file}</span>: <span className="service-msg">{s.reason}</span>
              </li>
            ))}
            {report.schemaAdded.length > 0 ? (
              <li>
                {tr('import.schemaAdded')} <span className="service-msg">{report.schemaAdded.join(', ')}</span>
              </li>
            ) : null}
            <li data-testid="import-counts">
              {tr('import.readKept', {
                read: KINDS.filter((k) => report.counts[k].read > 0).map((k) => kindCount(k, report.counts[k].read)).join(tr('list.separator')) || tr('import.noAnnotations'),
                kept: KINDS.filter((k) => report.counts[k].kept > 0).map((k) => kindCount(k, report.counts[k].kept)).join(tr('list.separator')) || tr('import.none'),
              })}
            </li>
            {report.warnings.map((w) => (
              <li key={w} className="service-msg">
                {w}
              </li>
            ))}
            {report.losses.map((l) => (
              <li key={`${l.file}:${l.kind}:${l.what}`} data-testid="import-loss">
                {tr('import.notKept')} <span className="service-msg">{describeLoss(l)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </TransferDialog>
  );
}
