/**
 * The schema editor: entity, event and relation types and attributes of the project, edited as a
 * draft and saved with schema.preview → (confirmation when annotations would lose their
 * definition) → schema.replace. Editing a row's name is a rename: the annotations follow.
 *
 * Over 500 lines on purpose: one form (entity, event and relation types, roles, attributes) whose
 * rows share the draft and its validation; the draft's logic itself is in draft.ts with its tests.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Cardinality, Schema } from '../../../annotations/model';
import { parseSchemaJson } from '../../../annotations/schema';
import { parseBratConf } from '../../../annotations/formats/bratconf';
import type { ApiError, SchemaDrop, SchemaRenames } from '../contract';
import { call, userMessage } from '../bridge';
import {
  CARDINALITIES,
  PALETTE,
  SHORTCUTS,
  describeDrop,
  draftProblems,
  problemText,
  fromDraft,
  namesByKey,
  newKey,
  renamesOf,
  toDraft,
  withoutRef,
  type AttributeRow,
  type DraftProblem,
  type Draft,
  type EntityRow,
  type EventRow,
  type Ref,
  type RelationRow,
  type RoleRow,
} from './draft';
import { useT, type Translate } from '../i18n';
import { TextFileInput } from '../TextFileInput';
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
  const patchEntity = (key: string, p: Partial<EntityRow>) => update((d) => ({ ...d, entities: d.entities.map((t) => (t.key === key ? { ...t, ...p } : t)) }));
  const patchEvent = (key: string, p: Partial<EventRow>) => update((d) => ({ ...d, events: d.events.map((t) => (t.key === key ? { ...t, ...p } : t)) }));
  const patchRole = (ev: string, role: string, p: Partial<RoleRow>) =>
    update((d) => ({ ...d, events: d.events.map((t) => (t.key === ev ? { ...t, roles: t.roles.map((r) => (r.key === role ? { ...r, ...p } : r)) } : t)) }));
  const patchRelation = (key: string, p: Partial<RelationRow>) => update((d) => ({ ...d, relations: d.relations.map((t) => (t.key === key ? { ...t, ...p } : t)) }));
  const patchAttribute = (key: string, p: Partial<AttributeRow>) => update((d) => ({ ...d, attributes: d.attributes.map((t) => (t.key === key ? { ...t, ...p } : t)) }));

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
        {draft && tab === 'entities' ? (
          <table className="se-table">
            <thead>
              <tr>
                <th>{tr('schema.col.colour')}</th>
                <th>{tr('schema.col.name')}</th>
                <th>{tr('schema.col.key')}</th>
                <th>{tr('schema.col.parent')}</th>
                <th>{tr('schema.col.description')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.entities
                .filter((t) => match(t.name))
                .map((t) => (
                  <Row key={t.key} rowKey={t.key} problems={problems.get(t.key)} show={showProblems} colSpan={6}>
                    <td>
                      <input type="color" aria-label={tr('schema.colourOf', { name: t.name })} value={t.color} onChange={(e) => patchEntity(t.key, { color: e.target.value })} />
                    </td>
                    <td>
                      <NameInput value={t.name} orig={t.orig} label={tr('schema.entityName')} onChange={(name) => patchEntity(t.key, { name })} />
                    </td>
                    <td>
                      <HotkeyInput value={t.hotkey} onChange={(hotkey) => patchEntity(t.key, { hotkey })} conflict={problems.get(t.key)?.some((p) => p.hotkey)} />
                    </td>
                    <td>
                      <ParentSelect value={t.parent} self={t.key} options={draft.entities} names={names} onChange={(parent) => patchEntity(t.key, { parent })} />
                    </td>
                    <td>
                      <input className="se-input se-wide se-desc" aria-label={tr('schema.col.description')} dir="auto" value={t.description} onChange={(e) => patchEntity(t.key, { description: e.target.value })} />
                    </td>
                    <td>
                      <DeleteButton label={t.name} onClick={() => update((d) => withoutRef(d, t.key))} />
                    </td>
                  </Row>
                ))}
            </tbody>
          </table>
        ) : null}

        {draft && tab === 'events' ? (
          <div className="se-cards">
            {draft.events
              .filter((t) => match(t.name))
              .map((t) => (
                <section key={t.key} className="se-card" data-row={t.key}>
                  <div className="se-card-head">
                    <input type="color" aria-label={tr('schema.colourOf', { name: t.name })} value={t.color} onChange={(e) => patchEvent(t.key, { color: e.target.value })} />
                    <NameInput value={t.name} orig={t.orig} label={tr('schema.eventName')} onChange={(name) => patchEvent(t.key, { name })} />
                    <label className="se-inline">
                      {tr('schema.col.key')} <HotkeyInput value={t.hotkey} onChange={(hotkey) => patchEvent(t.key, { hotkey })} conflict={problems.get(t.key)?.some((p) => p.hotkey)} />
                    </label>
                    <label className="se-inline">
                      {tr('schema.col.parent')} <ParentSelect value={t.parent} self={t.key} options={draft.events} names={names} onChange={(parent) => patchEvent(t.key, { parent })} />
                    </label>
                    <DeleteButton label={t.name} onClick={() => update((d) => withoutRef(d, t.key))} />
                  </div>
                  <input className="se-input se-wide se-card-desc" aria-label={tr('schema.col.description')} placeholder={tr('schema.col.description')} dir="auto" value={t.description} onChange={(e) => patchEvent(t.key, { description: e.target.value })} />
                  <table className="se-table se-roles">
                    <tbody>
                      {t.roles.map((r) => (
                        <tr key={r.key} data-role={r.name}>
                          <td>
                            <NameInput value={r.name} orig={r.orig} label={tr('schema.roleName')} onChange={(name) => patchRole(t.key, r.key, { name })} />
                          </td>
                          <td className="se-accepts">
                            <TypeChips value={r.types} names={names} options={[...SHORTCUTS.slice(0, 2), ...draft.entities.map((x) => x.key), ...draft.events.map((x) => x.key)]} onChange={(types) => patchRole(t.key, r.key, { types })} />
                          </td>
                          <td>
                            <select className="se-input" aria-label={tr('schema.cardinality')} value={r.cardinality} onChange={(e) => patchRole(t.key, r.key, { cardinality: e.target.value as Cardinality })}>
                              {[...new Set([...CARDINALITIES, r.cardinality])].map((c) => (
                                <option key={c} value={c}>
                                  {c} {cardinalityName(c, tr)}
                                </option>
                              ))}
                            </select>
                          </td>
                          <td>
                            <DeleteButton label={tr('schema.roleLabel', { name: r.name })} onClick={() => patchEvent(t.key, { roles: t.roles.filter((x) => x.key !== r.key) })} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <div className="se-card-foot">
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() => patchEvent(t.key, { roles: [...t.roles, { key: newKey(), orig: null, name: `Role${t.roles.length + 1}`, types: ['<ENTITY>'], cardinality: '?' }] })}
                    >
                      {tr('schema.addRole')}
                    </button>
                  </div>
                  <Problems list={problems.get(t.key)} show={showProblems} />
                </section>
              ))}
          </div>
        ) : null}

        {draft && tab === 'relations' ? (
          <table className="se-table">
            <thead>
              <tr>
                <th>{tr('schema.col.colour')}</th>
                <th>{tr('schema.col.name')}</th>
                <th>{tr('schema.col.arg1')}</th>
                <th>{tr('schema.col.arg2')}</th>
                <th>{tr('schema.col.symmetric')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.relations
                .filter((t) => match(t.name))
                .map((t) => {
                  const options = ['<ENTITY>', ...draft.entities.map((x) => x.key)];
                  return (
                    <Row key={t.key} rowKey={t.key} problems={problems.get(t.key)} show={showProblems} colSpan={6}>
                      <td>
                        <input type="color" aria-label={tr('schema.colourOf', { name: t.name })} value={t.color} onChange={(e) => patchRelation(t.key, { color: e.target.value })} />
                      </td>
                      <td>
                        <NameInput value={t.name} orig={t.orig} label={tr('schema.relationName')} onChange={(name) => patchRelation(t.key, { name })} />
                      </td>
                      <td>
                        <input className="se-input se-role" aria-label={tr('schema.arg1Role')} value={t.arg1Role} onChange={(e) => patchRelation(t.key, { arg1Role: e.target.value })} />
                        <TypeChips value={t.arg1Types} names={names} options={options} onChange={(arg1Types) => patchRelation(t.key, { arg1Types })} />
                      </td>
                      <td>
                        <input className="se-input se-role" aria-label={tr('schema.arg2Role')} value={t.arg2Role} onChange={(e) => patchRelation(t.key, { arg2Role: e.target.value })} />
                        <TypeChips value={t.arg2Types} names={names} options={options} onChange={(arg2Types) => patchRelation(t.key, { arg2Types })} />
                      </td>
                      <td>
                        <input type="checkbox" aria-label={tr('schema.col.symmetric')} checked={t.symmetric} onChange={(e) => patchRelation(t.key, { symmetric: e.target.checked })} />
                      </td>
                      <td>
                        <DeleteButton label={t.name} onClick={() => update((d) => withoutRef(d, t.key))} />
                      </td>
                    </Row>
                  );
                })}
            </tbody>
          </table>
        ) : null}

        {draft && tab === 'attributes' ? (
          <table className="se-table">
            <thead>
              <tr>
                <th>{tr('schema.col.name')}</th>
                <th>{tr('schema.col.appliesTo')}</th>
                <th>{tr('schema.col.kind')}</th>
                <th>{tr('schema.col.values')}</th>
                <th>{tr('schema.col.description')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.attributes
                .filter((a) => match(a.name))
                .map((a) => (
                  <Row key={a.key} rowKey={a.key} problems={problems.get(a.key)} show={showProblems} colSpan={6}>
                    <td>
                      <NameInput value={a.name} orig={a.orig} label={tr('schema.attributeName')} onChange={(name) => patchAttribute(a.key, { name })} />
                    </td>
                    <td>
                      <TypeChips
                        value={a.appliesTo}
                        names={names}
                        options={[...SHORTCUTS, ...draft.entities.map((x) => x.key), ...draft.events.map((x) => x.key), ...draft.relations.map((x) => x.key)]}
                        onChange={(appliesTo) => patchAttribute(a.key, { appliesTo })}
                      />
                    </td>
                    <td>
                      <select className="se-input" aria-label={tr('schema.col.kind')} value={a.boolean ? 'boolean' : 'values'} onChange={(e) => patchAttribute(a.key, { boolean: e.target.value === 'boolean' })}>
                        <option value="boolean">{tr('schema.kind.boolean')}</option>
                        <option value="values">{tr('schema.kind.values')}</option>
                      </select>
                    </td>
                    <td>
                      <input
                        className="se-input se-wide"
                        aria-label={tr('schema.col.values')}
                        placeholder={a.boolean ? '—' : tr('schema.valuesExample')}
                        disabled={a.boolean}
                        value={a.boolean ? '' : a.values}
                        onChange={(e) => patchAttribute(a.key, { values: e.target.value })}
                      />
                    </td>
                    <td>
                      <input className="se-input se-wide se-desc" aria-label={tr('schema.col.description')} dir="auto" value={a.description} onChange={(e) => patchAttribute(a.key, { description: e.target.value })} />
                    </td>
                    <td>
                      <DeleteButton label={a.name} onClick={() => update((d) => ({ ...d, attributes: d.attributes.filter((x) => x.key !== a.key) }))} />
                    </td>
                  </Row>
                ))}
            </tbody>
          </table>
        ) : null}
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

function Row({ rowKey, problems, show, colSpan, children }: { rowKey: string; problems?: DraftProblem[]; show: boolean; colSpan: number; children: ReactNode }) {
  const tr = useT();
  return (
    <>
      <tr data-row={rowKey} className={problems ? 'has-problem' : undefined}>
        {children}
      </tr>
      {problems && show ? (
        <tr className="se-row-problems">
          <td colSpan={colSpan}>{problems.map((p) => problemText(p, tr)).join(' · ')}</td>
        </tr>
      ) : null}
    </>
  );
}

function Problems({ list, show }: { list?: DraftProblem[]; show: boolean }) {
  const tr = useT();
  if (!list) return null;
  return <p className={`se-card-problems${show ? ' is-shown' : ''}`}>{list.map((p) => problemText(p, tr)).join(' · ')}</p>;
}

function NameInput({ value, orig, label, onChange }: { value: string; orig: string | null; label: string; onChange(v: string): void }) {
  const tr = useT();
  const renamed = orig !== null && orig !== value.trim();
  return (
    <span className="se-name">
      <input className="se-input" data-field="name" aria-label={label} dir="auto" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />
      {renamed ? (
        <span className="se-renamed" title={tr('schema.renamedTitle')}>
          {tr('schema.was')} <span className="type-name">{orig}</span>
        </span>
      ) : orig === null ? (
        <span className="se-new">{tr('schema.new')}</span>
      ) : null}
    </span>
  );
}

function HotkeyInput({ value, onChange, conflict }: { value: string; onChange(v: string): void; conflict?: boolean }) {
  const tr = useT();
  return (
    <input
      className={`se-input se-key${conflict ? ' is-conflict' : ''}`}
      aria-label={tr('schema.hotkey')}
      aria-invalid={conflict ? 'true' : undefined}
      maxLength={2}
      value={value}
      onChange={(e) => onChange(e.target.value.slice(-1))}
    />
  );
}

function ParentSelect({ value, self, options, names, onChange }: { value: Ref | null; self: string; options: { key: string }[]; names: Map<string, string>; onChange(v: Ref | null): void }) {
  const tr = useT();
  return (
    <select className="se-input" aria-label={tr('schema.col.parent')} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">—</option>
      {options
        .filter((o) => o.key !== self)
        .map((o) => (
          <option key={o.key} value={o.key}>
            {names.get(o.key)}
          </option>
        ))}
      {value && !names.has(value) ? <option value={value}>{value}</option> : null}
    </select>
  );
}

function TypeChips({ value, options, names, onChange }: { value: Ref[]; options: Ref[]; names: Map<string, string>; onChange(v: Ref[]): void }) {
  const tr = useT();
  const label = (r: Ref) => (r === '<ENTITY>' ? tr('schema.any.entity') : r === '<EVENT>' ? tr('schema.any.event') : r === '<RELATION>' ? tr('schema.any.relation') : (names.get(r) ?? r));
  const rest = options.filter((o) => !value.includes(o));
  return (
    <span className="se-chips">
      {value.map((r) => (
        <span key={r} className={`se-chip${r.startsWith('<') ? ' is-shortcut' : ''}`} data-type={names.get(r) ?? r}>
          {label(r)}
          <button type="button" aria-label={tr('schema.removeAccepted', { name: label(r) })} onClick={() => onChange(value.filter((x) => x !== r))}>
            ×
          </button>
        </span>
      ))}
      {rest.length > 0 ? (
        <select
          className="se-add"
          aria-label={tr('schema.addAccepted')}
          value=""
          onChange={(e) => {
            if (e.target.value) onChange([...value, e.target.value]);
          }}
        >
          <option value="">+</option>
          {rest.map((o) => (
            <option key={o} value={o}>
              {label(o)}
            </option>
          ))}
        </select>
      ) : null}
    </span>
  );
}

function DeleteButton({ label, onClick }: { label: string; onClick(): void }) {
  const tr = useT();
  return (
    <button type="button" className="se-delete" aria-label={tr('schema.delete', { name: label })} title={tr('schema.delete', { name: label })} onClick={onClick}>
      ×
    </button>
  );
}

function cardinalityName(c: Cardinality, tr: Translate): string {
  return c === '?' ? tr('schema.card.optional') : c === '1' ? tr('schema.card.one') : c === '*' ? tr('schema.card.any') : c === '+' ? tr('schema.card.oneOrMore') : '';
}
