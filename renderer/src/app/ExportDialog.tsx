/**
 * Export… : format, annotation set, documents, split and CoNLL options; where to write comes
 * from the desktop's save dialog (window.qalam.pickExportPath). Shows progress while export.run
 * runs and then what it wrote and what it had to extend or drop.
 */
import { useState } from 'react';
import type { ApiError, ExportFormat, ExportRunArgs, ExportRunReport } from '../contract';
import { call, userMessage } from '../bridge';
import { TransferDialog, useTransfer } from './TransferDialog';
import { DocumentPicker } from '../DocumentPicker';
import { formatLabel, useT } from '../i18n';
import { EXPORT_FORMATS, exportFormat, writesFolder } from '../../../annotations/formats/catalogue';


interface Props {
  open: boolean;
  annotators: string[];
  current: string | null;
  /** Documents in the project. */
  documentCount: number;
  currentDocId: string | null;
  onClose(): void;
}

export function ExportDialog({ open, annotators, current, documentCount, currentDocId, onClose }: Props) {
  const t = useT();
  const transfer = useTransfer('export');
  const { setProgress } = transfer;
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [set, setSet] = useState<string>('');
  const [docs, setDocs] = useState<'all' | 'done' | 'selected'>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [useSplit, setUseSplit] = useState(false);
  const [ratios, setRatios] = useState({ train: '0.8', dev: '0.1', test: '0.1' });
  const [seed, setSeed] = useState('0');
  const [scheme, setScheme] = useState<'bio' | 'bioes'>('bio');
  const [granularity, setGranularity] = useState<'token' | 'morph'>('token');
  const [offsets, setOffsets] = useState<'utf16' | 'codepoints'>('utf16');
  const [report, setReport] = useState<ExportRunReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirm, setConfirm] = useState<{ args: ExportRunArgs; message: string } | null>(null);

  const onOpen = () => {
    setReport(null);
    setError(null);
    setConfirm(null);
    setProgress(null);
    setSet((s) => s || current || '');
    setSelected((s) => (s.size === 0 && currentDocId ? new Set([currentDocId]) : s));
  };

  const sets = [...new Set([...(current ? [current] : []), ...annotators])];
  const spec = exportFormat(format);
  const tokenFormat = spec.options.includes('scheme');
  const doccanoFormat = spec.options.includes('offsets');
  const canPick = Boolean((window as Partial<Window>).qalam?.pickExportPath);
  const splitText = `train=${ratios.train},dev=${ratios.dev},test=${ratios.test}`;
  const folder = writesFolder(format, useSplit);

  const run = async () => {
    const pick = (window as Partial<Window>).qalam?.pickExportPath;
    if (!pick) return;
    setError(null);
    setReport(null);
    setConfirm(null);
    const out = await pick({ format, folder, defaultName: `${format}-export${folder ? '' : spec.extension}` });
    if (!out) return;
    const args: ExportRunArgs = { format, out };
    if (set && set !== '*') args.annotator = set;
    args.documents = docs === 'selected' ? [...selected] : docs;
    if (useSplit) {
      args.split = splitText;
      args.seed = Number(seed) || 0;
    }
    if (tokenFormat) {
      args.scheme = scheme;
      args.granularity = granularity;
    }
    if (doccanoFormat) args.offsets = offsets;
    await execute(args);
  };

  // export.run refuses ('conflict') to replace a file or write into a folder an earlier export did
  // not write: the user is asked, and only a confirmation sets `overwrite`.
  const execute = async (args: ExportRunArgs) => {
    setConfirm(null);
    setError(null);
    const r = await transfer.track(() => call('export.run', args));
    if (r.ok) {
      setReport(r.value);
      setProgress({ what: 'export', done: r.value.documents, total: r.value.documents });
    } else if (r.error.code === 'conflict' && !args.overwrite) {
      setConfirm({ args, message: r.error.message });
      setProgress(null);
    } else {
      setError(r.error);
      setProgress(null);
    }
  };


  return (
    <TransferDialog
      id="export"
      open={open}
      onOpen={onOpen}
      onClose={onClose}
      transfer={transfer}
      title={t('export.title')}
      lead={t('export.lead')}
      progressLabel={t('export.progress')}
      closeLabel={report ? t('export.close') : t('export.cancel')}
      runLabel={transfer.running ? t('export.running') : report ? t('export.again') : t('export.run')}
      runDisabled={!canPick || (docs === 'selected' && selected.size === 0)}
      runTitle={canPick ? undefined : t('export.needsDesktop')}
      onRun={() => void run()}
      fields={
        <>
          <span>{t('export.format')}</span>
          <div>
            <select className="se-input" aria-label={t('export.format')} value={format} onChange={(e) => {
                const next = e.target.value as ExportFormat;
                setFormat(next);
                if (next !== 'jsonl' && set === '*') setSet(current ?? '');
              }}
            >
              {EXPORT_FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {formatLabel(t, f)}
                </option>
              ))}
            </select>
            <p className="xfer-hint">{t(`export.hint.${format}`)}</p>
          </div>

          <span>{t('export.set')}</span>
          <div className="xfer-row">
            <select className="se-input" aria-label={t('export.set')} value={set} onChange={(e) => setSet(e.target.value)}>
              {format === 'jsonl' ? <option value="*">{t('export.everySet')}</option> : null}
              {sets.map((a) => (
                <option key={a} value={a}>
                  {a === 'gold' ? t('export.gold') : a}
                </option>
              ))}
            </select>
          </div>

          <span>{t('export.documents')}</span>
          <div>
            <div className="xfer-row" role="radiogroup" aria-label={t('export.documents')}>
              {(['all', 'done', 'selected'] as const).map((d) => (
                <label key={d}>
                  <input type="radio" name="export-docs" value={d} checked={docs === d} onChange={() => setDocs(d)} />
                  {{ all: t('export.docs.all', { n: documentCount }), done: t('export.docs.done'), selected: t('export.docs.selected', { n: selected.size }) }[d]}
                </label>
              ))}
            </div>
            {docs === 'selected' ? (
              <div className="xfer-docs-pick">
                <DocumentPicker
                  mode="check"
                  onError={setError}
                  chosen={selected}
                  onToggle={(id, on) => {
                    const next = new Set(selected);
                    if (on) next.add(id);
                    else next.delete(id);
                    setSelected(next);
                  }}
                />
                {selected.size > 0 ? (
                  <button type="button" className="btn btn-small" data-testid="export-docs-none" onClick={() => setSelected(new Set())}>
                    {t('export.docs.none')}
                  </button>
                ) : null}
              </div>
            ) : null}
          </div>

          <span>{t('export.split')}</span>
          <div className="xfer-row">
            <label>
              <input type="checkbox" checked={useSplit} onChange={(e) => setUseSplit(e.target.checked)} /> {t('export.byDocument')}
            </label>
            {(['train', 'dev', 'test'] as const).map((k) => (
              <label key={k}>
                {k}
                <input
                  className="se-input narrow"
                  aria-label={t('export.share', { part: k })}
                  disabled={!useSplit}
                  value={ratios[k]}
                  onChange={(e) => setRatios({ ...ratios, [k]: e.target.value })}
                />
              </label>
            ))}
            <label>
              {t('export.seed')}
              <input className="se-input narrow" aria-label={t('export.seedLabel')} disabled={!useSplit} value={seed} onChange={(e) => setSeed(e.target.value)} />
            </label>
          </div>

          {tokenFormat ? (
            <>
              <span>{t('export.tags')}</span>
              <div className="xfer-row">
                <select className="se-input" aria-label={t('export.scheme')} value={scheme} onChange={(e) => setScheme(e.target.value as 'bio' | 'bioes')}>
                  <option value="bio">BIO</option>
                  <option value="bioes">BIOES</option>
                </select>
                <select className="se-input" aria-label={t('export.granularity')} value={granularity} onChange={(e) => setGranularity(e.target.value as 'token' | 'morph')}>
                  <option value="token">{t('export.granularity.tokenOption')}</option>
                  <option value="morph">{t('export.granularity.morphOption')}</option>
                </select>
              </div>
              <span />
              <p className="xfer-hint" data-testid="granularity-hint">
                {t(granularity === 'token' ? 'export.granularity.token' : 'export.granularity.morph')}
              </p>
            </>
          ) : null}

          {doccanoFormat ? (
            <>
              <span>{t('export.offsets')}</span>
              <div className="xfer-row">
                <select className="se-input" aria-label={t('export.offsets')} value={offsets} onChange={(e) => setOffsets(e.target.value as 'utf16' | 'codepoints')}>
                  <option value="utf16">{t('export.offsets.utf16')}</option>
                  <option value="codepoints">{t('export.offsets.codepoints')}</option>
                </select>
              </div>
            </>
          ) : null}

          <span>{t('export.writes')}</span>
          <p className="xfer-hint xfer-writes">
            {folder
              ? t('export.writes.folder')
              : t('export.writes.file')}
          </p>
        </>
      }
    >

      {confirm ? (
        <div className="se-error" role="alertdialog" aria-label={t('export.replaceLabel')} data-testid="export-confirm">
          <strong>{t('export.replaceTitle')}</strong>
          <pre className="service-msg">{confirm.message}</pre>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirm(null)}>
              {t('export.keep')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void execute({ ...confirm.args, overwrite: true })}>
              {t('export.replace')}
            </button>
          </div>
        </div>
      ) : null}

      {error ? (
        <div className="se-error" role="alert" data-code={error.code}>
          <strong>{t('export.failed')}</strong>
          <pre className="service-msg">{userMessage(error)}</pre>
        </div>
      ) : null}

      {report ? (
        <div className="xfer-summary" data-testid="export-summary">
          <h3>
            {t('export.done', { n: report.documents, records: report.records })}
          </h3>
          <div>
            {t('export.setLine', { set: report.annotator ?? t('export.everySet') })} · {Object.entries(report.splits).map(([k, v]) => `${k && k !== 'all' ? k : t('export.allSplits')}: ${v}`).join(', ')}
          </div>
          <div>
            {t('export.to')}{' '}
            <code className="file-name" dir="ltr">
              {report.out}
            </code>
          </div>
          <ul>
            <li>
              {report.files.length <= 4 ? (
                <>
                  {t('export.wroteFiles')} <span className="file-name">{report.files.map((f) => f.split(/[\\/]/).pop()).join(', ')}</span>
                </>
              ) : (
                t('export.wrote', { files: t('export.nFiles', { n: report.files.length }) })
              )}
            </li>
            {report.extended ? <li>{t('export.extended', { n: report.extended })}</li> : null}
            {report.dropped ? <li>{t('export.dropped', { n: report.dropped })}</li> : null}
            {report.misaligned ? <li>{t('export.misaligned', { n: report.misaligned })}</li> : null}
            {report.messages.map((m) => (
              <li key={m} className="service-msg">
                {m}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </TransferDialog>
  );
}
