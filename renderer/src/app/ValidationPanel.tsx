/**
 * Validation and document status: the Problems list (documents.validate, refreshed after every
 * change; a click selects the annotation), the document's status and note (in the document
 * header), and the dialog that warns before marking a document with problems done.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { DocumentStatus } from '../../../annotations/model';
import type { Workspace } from '../state/workspace';

export function ProblemsPanel({ ws }: { ws: Workspace }) {
  const ev = useSyncExternalStore(ws.doc.subscribe, ws.doc.getState);
  if (!ev.view) return null;
  return (
    <section className="ev-panel" aria-label="Problems" data-testid="problems">
      <div className="panel-head">
        <h2>Problems</h2>
        <span className="count">{ev.problems.length}</span>
      </div>
      {ev.problems.length === 0 ? <p className="ev-ok">No problems against the schema.</p> : null}
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
            <bdi>{p.message}</bdi>
          </li>
        ))}
      </ul>
    </section>
  );
}

const STATUS: { value: DocumentStatus; label: string }[] = [
  { value: 'not-started', label: 'Not started' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'done', label: 'Done' },
];

export function DocumentMetaBar({ ws, readOnly = false }: { ws: Workspace; readOnly?: boolean }) {
  const events = ws.interaction;
  const ui = useSyncExternalStore(events.subscribe, events.getState);
  const ev = useSyncExternalStore(ws.doc.subscribe, ws.doc.getState);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (ui.confirmDone && !d.open) d.showModal();
    if (!ui.confirmDone && d.open) d.close();
  }, [ui.confirmDone]);
  if (!ev.view) return null;
  const meta = ev.meta;
  return (
    <fieldset className="ev-docmeta ro-fieldset" disabled={readOnly}>
      <label>
        Status{' '}
        <select
          aria-label="Document status"
          value={meta?.status ?? 'not-started'}
          onChange={(e) => void events.setStatus(e.target.value as DocumentStatus)}
        >
          {STATUS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <input
        key={`${ev.view.id}:${meta?.note ?? ''}`}
        aria-label="Document note"
        placeholder="Document note"
        defaultValue={meta?.note ?? ''}
        onBlur={(e) => void ws.doc.setNoteOfDocument(e.target.value.trim())}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      <input
        key={`${ev.view.id}:flags:${(meta?.flags ?? []).join(',')}`}
        className="ev-docflags"
        aria-label="Document flags"
        placeholder="Flags (comma-separated)"
        title="Flags for this document, e.g. review, unclear, offensive"
        defaultValue={(meta?.flags ?? []).join(', ')}
        onBlur={(e) => void ws.doc.setFlags(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
      <dialog ref={dialog} className="ev-dialog" aria-label="Problems remain" onCancel={() => events.cancelDone()}>
        <p>
          This document still has {ev.problems.length} problem{ev.problems.length === 1 ? '' : 's'} against the schema. Mark it done
          anyway?
        </p>
        <div className="ev-dialog-actions">
          <button type="button" className="btn" onClick={() => events.cancelDone()} autoFocus>
            Keep working
          </button>
          <button type="button" className="btn" onClick={() => void events.setStatus('done', true)}>
            Mark done anyway
          </button>
        </div>
      </dialog>
    </fieldset>
  );
}
