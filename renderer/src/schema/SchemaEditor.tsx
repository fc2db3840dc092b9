/**
 * The schema editor: entity, event and relation types and attributes of the project, edited as a
 * draft and saved with schema.preview → (confirmation when annotations would lose their
 * definition) → schema.replace. Editing a row's name is a rename: the annotations follow.
 *
 * This file holds the dialog: the draft, loading and exporting files, the tabs, saving and the
 * confirmation. The tabs' contents are panels.tsx, their fields fields.tsx, the draft's logic
 * (rows, validation, renames) draft.ts with its tests.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Schema } from '../../../annotations/model';
import { parseSchemaJson } from '../../../annotations/schema';
import { parseBratConf } from '../../../annotations/formats/bratconf';
import type { ApiError, SchemaDrop, SchemaRenames } from '../contract';
import { call, userMessage } from '../bridge';
import { PALETTE, describeDrop, draftProblems, problemText, fromDraft, namesByKey, newKey, renamesOf, toDraft, type DraftProblem, type Draft } from './draft';
import { useT } from '../i18n';
import { TextFileInput } from '../TextFileInput';
import { AttributesPanel, EntitiesPanel, EventsPanel, RelationsPanel } from './panels';
import './schema.css';

type Tab = 'entities' | 'events' | 'relations' | 'attributes';

interface Props {
  open: boolean;
  schema: Schema | null;
  onClose(): void;
  /** The schema was saved (renames and counts for the status line). */
  onSaved(schema: Schema, summary: string): void;
}

/** Save a text as a file: a Blob URL with a download attribute (Electron asks where). */
export function download(text: string, fileName: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function errorText(e: unknown): ApiError {
  if (typeof e === 'object' && e !== null && 'message' in e) {
    const x = e as { code?: string; message: string; file?: string; line?: number };
    return { code: (x.code as ApiError['code']) ?? 'schema-invalid', message: x.message, ...(x.file ? { file: x.file } : {}), ...(x.line ? { line: x.line } : {}) };
  }
  return { code: 'internal', message: String(e) };
}

function renameCount(r: SchemaRenames): number {
  return Object.keys(r.types ?? {}).length + Object.keys(r.relationTypes ?? {}).length + Object.keys(r.attributes ?? {}).length + Object.values(r.roles ?? {}).reduce((n, x) => n + Object.keys(x).length, 0);
}

export function SchemaEditor({ open, schema, onClose, onSaved }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLDialogElement>(null);
  const jsonInput = useRef<HTMLInputElement>(null);
  const confInput = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tab, setTab] = useState<Tab>('entities');
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ json: string; renames: SchemaRenames; dropped: SchemaDrop[] } | null>(null);
  const [loadedFrom, setLoadedFrom] = useState<string | null>(null);
  const tr = useT();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setDraft(schema ? toDraft(schema) : null);
      setError(null);
      setShowProblems(false);
      setPending(null);
      setLoadedFrom(null);
      setFilter('');
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open, schema]);

  useEffect(() => {
    const dialog = confirmRef.current;
    if (!dialog) return;
    if (pending && !dialog.open) dialog.showModal();
    else if (!pending && dialog.open) dialog.close();
  }, [pending]);

  const problems = useMemo(() => (draft ? draftProblems(draft, tr) : new Map<string, DraftProblem[]>()), [draft, tr]);
  const names = useMemo(() => (draft ? namesByKey(draft) : new Map<string, string>()), [draft]);
  const problemCount = [...problems.values()].reduce((n, x) => n + x.length, 0);

  const update = (f: (d: Draft) => Draft) => {
    setDraft((d) => (d ? f(d) : d));
    setError(null);
  };

  const freshName = (base: string) => {
    const taken = new Set(names.values());
    for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
  };
  const colour = () => PALETTE[(draft ? draft.entities.length + draft.events.length : 0) % PALETTE.length]!;

  const addRow = () => {
    setFilter('');
    const key = newKey();
    if (tab === 'entities') update((d) => ({ ...d, entities: [...d.entities, { key, orig: null, name: freshName('TYPE'), color: colour(), hotkey: '', parent: null, description: '', abstract: false }] }));
    if (tab === 'events')
      update((d) => ({ ...d, events: [...d.events, { key, orig: null, name: freshName('Event'), color: colour(), hotkey: '', parent: null, description: '', abstract: false, roles: [] }] }));
    if (tab === 'relations')
      update((d) => ({
        ...d,
        relations: [...d.relations, { key, orig: null, name: freshName('Relation'), color: '#7a828f', description: '', arg1Role: 'Arg1', arg1Types: ['<ENTITY>'], arg2Role: 'Arg2', arg2Types: ['<ENTITY>'], symmetric: false, transitive: false }],
      }));
    if (tab === 'attributes')
      update((d) => ({ ...d, attributes: [...d.attributes, { key, orig: null, name: freshName('Attribute'), appliesTo: ['<ENTITY>'], boolean: true, values: '', description: '' }] }));
    window.setTimeout(() => document.querySelector<HTMLInputElement>(`[data-row="${key}"] input[data-field="name"]`)?.focus(), 0);
  };

  const loadSchema = (next: Schema, from: string) => {
    if (!schema) return;
    setDraft(toDraft(next, schema));
    setLoadedFrom(from);
    setError(null);
  };

  const save = async (force = false) => {
    if (!draft) return;
    if (problemCount > 0) {
      setShowProblems(true);
      return;
    }
    const json = JSON.stringify(fromDraft(draft), null, 2);
    const renames = renamesOf(draft);
    setBusy(true);
    try {
      if (!force) {
        const preview = await call('schema.preview', { json, fileName: 'schema editor', renames });
        if (!preview.ok) {
          setError(preview.error);
          return;
        }
        if (preview.value.dropped.length > 0) {
          setPending({ json, renames, dropped: preview.value.dropped });
          return;
        }
      }
      const saved = await call('schema.replace', { json, fileName: 'schema editor', renames, force });
      if (!saved.ok) {
        setError(saved.error);
        return;
      }
      const n = renameCount(renames);
      setPending(null);
      onSaved(saved.value, n ? tr('schema.savedRenames', { n }) : tr('schema.saved'));
    } finally {
      setBusy(false);
    }
  };

  const exportConf = async () => {
    const r = await call('schema.exportBratConf', {});
    if (!r.ok) setError(r.error);
    else download(r.value.text, r.value.fileName);
  };

  const match = (name: string) => !filter || name.toLowerCase().includes(filter.toLowerCase());
  const panel = { problems, names, show: showProblems, match, update };
  const counts = draft ? { entities: draft.entities.length, events: draft.events.length, relations: draft.relations.length, attributes: draft.attributes.length } : null;
  const dirty = draft && schema ? JSON.stringify(fromDraft(draft)) !== JSON.stringify(fromDraft(toDraft(schema))) : false;

  return (
    <dialog
      ref={ref}
      className="dialog schema-editor"
      aria-labelledby="schema-editor-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) onClose();
      }}
    >
      <div className="se-head">
        <h2 id="schema-editor-title">{tr('schema.title')}</h2>
        <span className="se-sub">{loadedFrom ? tr('schema.loadedFrom', { file: loadedFrom }) : dirty ? tr('schema.unsaved') : tr('schema.version', { n: String(schema?.version ?? '') })}</span>
        <div className="se-files">
          <button type="button" className="btn" onClick={() => jsonInput.current?.click()}>
            {tr('schema.loadJson')}
          </button>
          <button type="button" className="btn" onClick={() => confInput.current?.click()}>
            {tr('schema.importConf')}
          </button>
          <button type="button" className="btn" onClick={() => draft && download(JSON.stringify(fromDraft(draft), null, 2) + '\n', 'schema.json', 'application/json')}>
            {tr('schema.exportJson')}
          </button>
          <button type="button" className="btn" onClick={() => void exportConf()} title={tr('schema.exportConfTitle')}>
            {tr('schema.exportConf')}
          </button>
        </div>
        <TextFileInput
          inputRef={jsonInput}
          accept=".json,application/json"
          testId="schema-editor-json"
          onText={(text, name) => loadSchema(parseSchemaJson(text, name), name)}
          onError={(err) => setError(errorText(err))}
        />
        <TextFileInput
          inputRef={confInput}
          accept=".conf,text/plain"
          testId="schema-editor-conf"
          onText={(text, name) => loadSchema(parseBratConf(text, name), name)}
          onError={(err) => setError(errorText(err))}
        />
      </div>

      <div className="se-tabs" role="tablist">
        {(['entities', 'events', 'relations', 'attributes'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={`se-tab${tab === t ? ' is-active' : ''}`} onClick={() => setTab(t)}>
            {tr(`schema.tab.${t}`)}
            <span className="se-count">{counts?.[t] ?? 0}</span>
          </button>
        ))}
        <input className="se-filter" type="search" placeholder={tr('schema.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={tr('schema.filter')} />
        <button type="button" className="btn" onClick={addRow}>
          {tr(`schema.add.${tab}`)}
        </button>
      </div>

      <div className="se-body">
        {draft && tab === 'entities' ? <EntitiesPanel {...panel} draft={draft} /> : null}
        {draft && tab === 'events' ? <EventsPanel {...panel} draft={draft} /> : null}
        {draft && tab === 'relations' ? <RelationsPanel {...panel} draft={draft} /> : null}
        {draft && tab === 'attributes' ? <AttributesPanel {...panel} draft={draft} /> : null}
      </div>

      {error ? (
        <div className="se-error" role="alert" data-code={error.code}>
          <strong>{error.code === 'schema-invalid' ? tr('schema.error.invalid') : error.code === 'conflict' ? tr('schema.error.notSaved') : tr('schema.error.other')}</strong>
          <pre>{userMessage({ ...error, file: undefined })}</pre>
        </div>
      ) : null}
      {showProblems && problemCount > 0 ? (
        <div className="se-error" role="alert" data-testid="schema-problems">
          <strong>{tr('schema.fixBefore', { n: problemCount })}</strong>
          <ul>
            {[...problems.entries()].flatMap(([key, list]) => list.map((p, i) => <li key={`${key}-${i}`}>{`${names.get(key) || draft?.attributes.find((a) => a.key === key)?.name || tr('schema.whole')}: ${problemText(p, tr)}`}</li>))}
          </ul>
        </div>
      ) : problemCount > 0 ? (
        <p className="se-warn">
          {tr('schema.problemsWarn', { n: problemCount, hotkeys: [...problems.values()].flat().some((p) => p.hotkey) ? 'yes' : 'no' })}
        </p>
      ) : null}

      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {tr('schema.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy || !draft} onClick={() => void save()}>
          {tr('schema.save')}
        </button>
      </div>

      <dialog
        ref={confirmRef}
        className="dialog se-confirm"
        aria-labelledby="schema-confirm-title"
        onCancel={(e) => {
          e.preventDefault();
          setPending(null);
        }}
      >
        <h2 id="schema-confirm-title">{tr('schema.confirm.title')}</h2>
        <ul className="se-drops">
          {pending?.dropped.map((d) => (
            <li key={`${d.what}:${d.eventType ?? ''}:${d.name}`} data-what={d.what} data-name={d.name}>
              {describeDrop(d, tr)}.
            </li>
          ))}
        </ul>
        <p className="dialog-lead">{tr('schema.confirm.lead')}</p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setPending(null)}>
            {tr('schema.confirm.keep')}
          </button>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void save(true)}>
            {tr('schema.confirm.force')}
          </button>
        </div>
      </dialog>
    </dialog>
  );
}
