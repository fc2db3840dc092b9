/**
 * The schema editor's four tabs (SchemaEditor.tsx holds the dialog, its draft and saving): entity
 * types as a table, event types as cards with their roles, relation types and attributes as
 * tables. Each edits the draft through `update`; the fields are in fields.tsx.
 */
import type { Cardinality } from '../../../annotations/model';
import { CARDINALITIES, SHORTCUTS, newKey, withoutRef, type Draft, type DraftProblem } from './draft';
import { useT } from '../i18n';
import { DeleteButton, HotkeyInput, NameInput, ParentSelect, Problems, Row, SchemaTable, TypeChips, cardinalityName } from './fields';

export interface PanelProps {
  draft: Draft;
  problems: ReadonlyMap<string, DraftProblem[]>;
  /** Type names by row key. */
  names: Map<string, string>;
  /** Show each row's problems (after a save was refused). */
  show: boolean;
  /** Whether a row passes the filter. */
  match(name: string): boolean;
  update(f: (d: Draft) => Draft): void;
}

type Lists = Pick<Draft, 'entities' | 'events' | 'relations' | 'attributes'>;

/** Changes the fields of the row `key` of one of the draft's lists. */
function patcher<K extends keyof Lists>(update: PanelProps['update'], list: K): (key: string, p: Partial<Lists[K][number]>) => void {
  return (key, p) => update((d) => ({ ...d, [list]: (d[list] as Lists[K][number][]).map((t) => (t.key === key ? { ...t, ...p } : t)) }));
}

export function EntitiesPanel({ draft, problems, names, show, match, update }: PanelProps) {
  const tr = useT();
  const patch = patcher(update, 'entities');
  return (
    <SchemaTable columns={['schema.col.colour', 'schema.col.name', 'schema.col.key', 'schema.col.parent', 'schema.col.description']}>
      {draft.entities
        .filter((t) => match(t.name))
        .map((t) => (
          <Row key={t.key} rowKey={t.key} problems={problems.get(t.key)} show={show} colSpan={6}>
            <td>
              <input type="color" aria-label={tr('schema.colourOf', { name: t.name })} value={t.color} onChange={(e) => patch(t.key, { color: e.target.value })} />
            </td>
            <td>
              <NameInput value={t.name} orig={t.orig} label={tr('schema.entityName')} onChange={(name) => patch(t.key, { name })} />
            </td>
            <td>
              <HotkeyInput value={t.hotkey} onChange={(hotkey) => patch(t.key, { hotkey })} conflict={problems.get(t.key)?.some((p) => p.hotkey)} />
            </td>
            <td>
              <ParentSelect value={t.parent} self={t.key} options={draft.entities} names={names} onChange={(parent) => patch(t.key, { parent })} />
            </td>
            <td>
              <input className="se-input se-wide se-desc" aria-label={tr('schema.col.description')} dir="auto" value={t.description} onChange={(e) => patch(t.key, { description: e.target.value })} />
            </td>
            <td>
              <DeleteButton label={t.name} onClick={() => update((d) => withoutRef(d, t.key))} />
            </td>
          </Row>
        ))}
    </SchemaTable>
  );
}

export function EventsPanel({ draft, problems, names, show, match, update }: PanelProps) {
  const tr = useT();
  const patch = patcher(update, 'events');
  const patchRole = (ev: string, role: string, p: Partial<Lists['events'][number]['roles'][number]>) =>
    update((d) => ({ ...d, events: d.events.map((t) => (t.key === ev ? { ...t, roles: t.roles.map((r) => (r.key === role ? { ...r, ...p } : r)) } : t)) }));
  return (
      <div className="se-cards">
        {draft.events
          .filter((t) => match(t.name))
          .map((t) => (
            <section key={t.key} className="se-card" data-row={t.key}>
              <div className="se-card-head">
                <input type="color" aria-label={tr('schema.colourOf', { name: t.name })} value={t.color} onChange={(e) => patch(t.key, { color: e.target.value })} />
                <NameInput value={t.name} orig={t.orig} label={tr('schema.eventName')} onChange={(name) => patch(t.key, { name })} />
                <label className="se-inline">
                  {tr('schema.col.key')} <HotkeyInput value={t.hotkey} onChange={(hotkey) => patch(t.key, { hotkey })} conflict={problems.get(t.key)?.some((p) => p.hotkey)} />
                </label>
                <label className="se-inline">
                  {tr('schema.col.parent')} <ParentSelect value={t.parent} self={t.key} options={draft.events} names={names} onChange={(parent) => patch(t.key, { parent })} />
                </label>
                <DeleteButton label={t.name} onClick={() => update((d) => withoutRef(d, t.key))} />
              </div>
              <input className="se-input se-wide se-card-desc" aria-label={tr('schema.col.description')} placeholder={tr('schema.col.description')} dir="auto" value={t.description} onChange={(e) => patch(t.key, { description: e.target.value })} />
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
                        <DeleteButton label={tr('schema.roleLabel', { name: r.name })} onClick={() => patch(t.key, { roles: t.roles.filter((x) => x.key !== r.key) })} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="se-card-foot">
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => patch(t.key, { roles: [...t.roles, { key: newKey(), orig: null, name: `Role${t.roles.length + 1}`, types: ['<ENTITY>'], cardinality: '?' }] })}
                >
                  {tr('schema.addRole')}
                </button>
              </div>
              <Problems list={problems.get(t.key)} show={show} />
            </section>
          ))}
      </div>
  );
}

export function RelationsPanel({ draft, problems, names, show, match, update }: PanelProps) {
  const tr = useT();
  const patch = patcher(update, 'relations');
  return (
    <SchemaTable columns={['schema.col.colour', 'schema.col.name', 'schema.col.arg1', 'schema.col.arg2', 'schema.col.symmetric']}>
      {draft.relations
        .filter((t) => match(t.name))
        .map((t) => {
          const options = ['<ENTITY>', ...draft.entities.map((x) => x.key)];
          return (
            <Row key={t.key} rowKey={t.key} problems={problems.get(t.key)} show={show} colSpan={6}>
              <td>
                <input type="color" aria-label={tr('schema.colourOf', { name: t.name })} value={t.color} onChange={(e) => patch(t.key, { color: e.target.value })} />
              </td>
              <td>
                <NameInput value={t.name} orig={t.orig} label={tr('schema.relationName')} onChange={(name) => patch(t.key, { name })} />
              </td>
              <td>
                <input className="se-input se-role" aria-label={tr('schema.arg1Role')} value={t.arg1Role} onChange={(e) => patch(t.key, { arg1Role: e.target.value })} />
                <TypeChips value={t.arg1Types} names={names} options={options} onChange={(arg1Types) => patch(t.key, { arg1Types })} />
              </td>
              <td>
                <input className="se-input se-role" aria-label={tr('schema.arg2Role')} value={t.arg2Role} onChange={(e) => patch(t.key, { arg2Role: e.target.value })} />
                <TypeChips value={t.arg2Types} names={names} options={options} onChange={(arg2Types) => patch(t.key, { arg2Types })} />
              </td>
              <td>
                <input type="checkbox" aria-label={tr('schema.col.symmetric')} checked={t.symmetric} onChange={(e) => patch(t.key, { symmetric: e.target.checked })} />
              </td>
              <td>
                <DeleteButton label={t.name} onClick={() => update((d) => withoutRef(d, t.key))} />
              </td>
            </Row>
          );
        })}
    </SchemaTable>
  );
}

export function AttributesPanel({ draft, problems, names, show, match, update }: PanelProps) {
  const tr = useT();
  const patch = patcher(update, 'attributes');
  return (
    <SchemaTable columns={['schema.col.name', 'schema.col.appliesTo', 'schema.col.kind', 'schema.col.values', 'schema.col.description']}>
      {draft.attributes
        .filter((a) => match(a.name))
        .map((a) => (
          <Row key={a.key} rowKey={a.key} problems={problems.get(a.key)} show={show} colSpan={6}>
            <td>
              <NameInput value={a.name} orig={a.orig} label={tr('schema.attributeName')} onChange={(name) => patch(a.key, { name })} />
            </td>
            <td>
              <TypeChips
                value={a.appliesTo}
                names={names}
                options={[...SHORTCUTS, ...draft.entities.map((x) => x.key), ...draft.events.map((x) => x.key), ...draft.relations.map((x) => x.key)]}
                onChange={(appliesTo) => patch(a.key, { appliesTo })}
              />
            </td>
            <td>
              <select className="se-input" aria-label={tr('schema.col.kind')} value={a.boolean ? 'boolean' : 'values'} onChange={(e) => patch(a.key, { boolean: e.target.value === 'boolean' })}>
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
                onChange={(e) => patch(a.key, { values: e.target.value })}
              />
            </td>
            <td>
              <input className="se-input se-wide se-desc" aria-label={tr('schema.col.description')} dir="auto" value={a.description} onChange={(e) => patch(a.key, { description: e.target.value })} />
            </td>
            <td>
              <DeleteButton label={a.name} onClick={() => update((d) => ({ ...d, attributes: d.attributes.filter((x) => x.key !== a.key) }))} />
            </td>
          </Row>
        ))}
    </SchemaTable>
  );
}
