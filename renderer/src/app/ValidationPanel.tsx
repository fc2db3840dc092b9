/**
 * Validation and document status: the Problems list (documents.validate, refreshed after every
 * change, each problem said in the interface language from its kind and params, problemText.ts;
 * a click selects the annotation), the document's status and note (in the document
 * header), and the dialog that warns before marking a document with problems done.
 */
import { memo, useEffect, useRef, useSyncExternalStore } from 'react';
import type { DocumentStatus } from '../../../annotations/model';
import type { Workspace } from '../state/workspace';
import { useLocale, useT } from '../i18n';
import { problemText } from './problemText';

/** Drawn again when the problems or their check change, not on every change of the document. */
export const ProblemsPanel = memo(function ProblemsPanel({ ws }: { ws: Workspace }) {
  const t = useT();
  const locale = useLocale();
  const open = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().view !== null);
  const checked = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().checked);
  const problems = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().problems);
  const ev = { checked, problems };
  if (!open) return null;
  return (
    <section className="ev-panel" aria-label={t('problems.title')} data-testid="problems">
      <div className="panel-head">
        <h2>{t('problems.title')}</h2>
        {ev.checked === 'checked' ? <span className="count">{ev.problems.length}</span> : null}
      </div>
      {/* Until documents.validate has answered for this document nothing is said about its problems. */}
      {ev.checked === 'checking' ? (
        <p className="ev-ok" aria-busy="true" data-testid="problems-checking">
          {t('problems.checking')}
        </p>
      ) : ev.checked === 'failed' ? (
        <p className="ev-ok" data-testid="problems-failed">
          {t('problems.failed')}
        </p>
      ) : ev.problems.length === 0 ? (
        <p className="ev-ok">{t('problems.none')}</p>
      ) : null}
      <ul className="ev-list">
        {ev.problems.map((p, i) => (
          <li
            key={`${p.annotationId}:${p.kind}:${p.role ?? ''}:${p.mentionId ?? ''}:${i}`}
            className="ev-problem"
            data-kind={p.kind}
            data-annotation-id={p.annotationId}
            onClick={() => {
              ws.interaction.selectAnnotation(p.annotationKind, p.annotationId);
            }}
          >
            <bdi>{problemText(t, locale, p)}</bdi>
          </li>
        ))}
      </ul>
    </section>
  );
});

const STATUS: DocumentStatus[] = ['not-started', 'in-progress', 'done'];

export function DocumentMetaBar({ ws, readOnly = false }: { ws: Workspace; readOnly?: boolean }) {
  const t = useT();
  const events = ws.interaction;
  const confirmDone = useSyncExternalStore(events.subscribe, () => events.getState().confirmDone);
  // The values it shows, not the document's state: a label changes none of them (it redrew the
  // inputs, which React 19 gives their name and type again at every render).
  const viewId = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().view?.id ?? null);
  const status = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().meta?.status ?? 'not-started');
  const note = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().meta?.note ?? '');
  const flags = useSyncExternalStore(ws.doc.subscribe, () => (ws.doc.getState().meta?.flags ?? []).join(', '));
  const problemCount = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().problems.length);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (confirmDone && !d.open) d.showModal();
    if (!confirmDone && d.open) d.close();
  }, [confirmDone]);
  if (viewId === null) return null;
  return (
    <fieldset className="ev-docmeta ro-fieldset" disabled={readOnly}>
      <label>
        {t('doc.status')}{' '}
        <select
          aria-label={t('doc.statusLabel')}
          value={status}
          onChange={(e) => void events.setStatus(e.target.value as DocumentStatus)}
        >
          {STATUS.map((s) => (
            <option key={s} value={s}>
              {t(`doc.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <input
        key={`${viewId}:${note}`}
        aria-label={t('doc.note')}
        placeholder={t('doc.note')}
        defaultValue={note}
        onBlur={(e) => void ws.doc.setNoteOfDocument(e.target.value.trim())}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      <input
        key={`${viewId}:flags:${flags}`}
        className="ev-docflags"
        aria-label={t('doc.flags')}
        placeholder={t('doc.flagsPlaceholder')}
        title={t('doc.flagsTitle')}
        defaultValue={flags}
        onBlur={(e) => void ws.doc.setFlags(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      <dialog ref={dialog} className="ev-dialog" aria-label={t('doc.problemsRemain')} onCancel={() => events.cancelDone()}>
        <p>
          {t('doc.confirmDone', { n: problemCount })}
        </p>
        <div className="ev-dialog-actions">
          <button type="button" className="btn" onClick={() => events.cancelDone()} autoFocus>
            {t('doc.keepWorking')}
          </button>
          <button type="button" className="btn" onClick={() => void events.setStatus('done', true)}>
            {t('doc.markDone')}
          </button>
        </div>
      </dialog>
    </fieldset>
  );
}
