/**
 * The schema editor's form fields, shared by its tabs (panels.tsx): a table with its header
 * (`SchemaTable`), a row with its problems, names (showing a rename), hotkeys, parent and
 * accepted-type choosers, delete buttons.
 */
import type { ReactNode } from 'react';
import type { Cardinality } from '../../../annotations/model';
import { problemText, type DraftProblem, type Ref } from './draft';
import { useT, type Translate, type MessageKey } from '../i18n';

/** A tab's table: its column headers (catalogue keys) and a last, empty one for the delete buttons. */
export function SchemaTable({ columns, className, children }: { columns: readonly MessageKey[]; className?: string; children: ReactNode }) {
  const tr = useT();
  return (
    <table className={className ?? 'se-table'}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c}>{tr(c)}</th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

export function Row({ rowKey, problems, show, colSpan, children }: { rowKey: string; problems?: DraftProblem[]; show: boolean; colSpan: number; children: ReactNode }) {
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

export function Problems({ list, show }: { list?: DraftProblem[]; show: boolean }) {
  const tr = useT();
  if (!list) return null;
  return <p className={`se-card-problems${show ? ' is-shown' : ''}`}>{list.map((p) => problemText(p, tr)).join(' · ')}</p>;
}

export function NameInput({ value, orig, label, onChange }: { value: string; orig: string | null; label: string; onChange(v: string): void }) {
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

export function HotkeyInput({ value, onChange, conflict }: { value: string; onChange(v: string): void; conflict?: boolean }) {
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

export function ParentSelect({ value, self, options, names, onChange }: { value: Ref | null; self: string; options: { key: string }[]; names: Map<string, string>; onChange(v: Ref | null): void }) {
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

export function TypeChips({ value, options, names, onChange }: { value: Ref[]; options: Ref[]; names: Map<string, string>; onChange(v: Ref[]): void }) {
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

export function DeleteButton({ label, onClick }: { label: string; onClick(): void }) {
  const tr = useT();
  return (
    <button type="button" className="se-delete" aria-label={tr('schema.delete', { name: label })} title={tr('schema.delete', { name: label })} onClick={onClick}>
      ×
    </button>
  );
}

export function cardinalityName(c: Cardinality, tr: Translate): string {
  return c === '?' ? tr('schema.card.optional') : c === '1' ? tr('schema.card.one') : c === '*' ? tr('schema.card.any') : c === '+' ? tr('schema.card.oneOrMore') : '';
}
