/**
 * The schema editor's working copy. Rows carry the name they had in the saved schema (`orig`),
 * so editing a name is a rename (schema.replace renames the annotations too), and references
 * between rows (parents, accepted types, attribute targets) are held by row key, so a rename
 * follows everywhere in the draft.
 */
import type { AttributeDef, Cardinality, EntityType, EventType, RelationType, Schema } from '../../../annotations/model';
import type { SchemaDrop, SchemaRenames } from '../contract';
import { reservedKeys } from '../editor/keymap';
import { t as translate, type MessageKey, type Translate } from '../i18n';
import type { MessageValues } from '../i18n/format';

/** A problem of the draft, as a catalogue message; `hotkey`: a hotkey conflict. */
export interface DraftProblem {
  message: MessageKey;
  values?: MessageValues;
  hotkey?: boolean;
}

/** A problem in the current (or given) language. */
export function problemText(p: DraftProblem, tr: Translate = translate): string {
  return tr(p.message, p.values);
}

/** '<ENTITY>', '<EVENT>', '<RELATION>', a row key ('#12'), or a name the draft does not define. */
export type Ref = string;

export const SHORTCUTS = ['<ENTITY>', '<EVENT>', '<RELATION>'] as const;
export const CARDINALITIES: Cardinality[] = ['?', '1', '*', '+'];
export interface EntityRow {
  key: string;
  orig: string | null;
  name: string;
  color: string;
  hotkey: string;
  parent: Ref | null;
  description: string;
  abstract: boolean;
}

export interface RoleRow {
  key: string;
  orig: string | null;
  name: string;
  types: Ref[];
  cardinality: Cardinality;
}

export interface EventRow extends EntityRow {
  roles: RoleRow[];
}

export interface RelationRow {
  key: string;
  orig: string | null;
  name: string;
  color: string;
  description: string;
  arg1Role: string;
  arg1Types: Ref[];
  arg2Role: string;
  arg2Types: Ref[];
  symmetric: boolean;
  transitive: boolean;
}

export interface AttributeRow {
  key: string;
  orig: string | null;
  name: string;
  appliesTo: Ref[];
  boolean: boolean;
  /** Comma-separated values (for a value attribute). */
  values: string;
  description: string;
}

export interface Draft {
  version: number;
  entities: EntityRow[];
  events: EventRow[];
  relations: RelationRow[];
  attributes: AttributeRow[];
}

let nextKey = 1;
export const newKey = (): string => `#${nextKey++}`;

/**
 * A draft of `schema`. `saved` is the schema in the project: a row is a rename candidate only if
 * its name is a saved one (for a file loaded in the editor, types the project does not know are new).
 */
export function toDraft(schema: Schema, saved: Schema = schema): Draft {
  const savedTypes = new Set([...saved.entityTypes, ...saved.eventTypes].map((t) => t.name));
  const savedRelations = new Set(saved.relationTypes.map((t) => t.name));
  const savedAttributes = new Set(saved.attributes.map((a) => a.name));
  const savedRoles = new Map(saved.eventTypes.map((t) => [t.name, new Set(t.roles.map((r) => r.name))]));
  const keyOf = new Map<string, string>();
  for (const t of [...schema.entityTypes, ...schema.eventTypes, ...schema.relationTypes]) if (!keyOf.has(t.name)) keyOf.set(t.name, newKey());
  const ref = (name: string): Ref => keyOf.get(name) ?? name;
  // an entity or event type's own fields as a row
  const typeRow = (t: EntityType): EntityRow => ({
    key: keyOf.get(t.name)!,
    orig: savedTypes.has(t.name) ? t.name : null,
    name: t.name,
    color: t.color,
    hotkey: t.hotkey ?? '',
    parent: t.parent ? ref(t.parent) : null,
    description: t.description ?? '',
    abstract: t.abstract === true,
  });
  return {
    version: schema.version,
    entities: schema.entityTypes.map(typeRow),
    events: schema.eventTypes.map((t) => ({
      ...typeRow(t),
      roles: t.roles.map((r) => ({
        key: newKey(),
        orig: savedRoles.get(t.name)?.has(r.name) ? r.name : null,
        name: r.name,
        types: r.types.map(ref),
        cardinality: r.cardinality,
      })),
    })),
    relations: schema.relationTypes.map((t) => ({
      key: keyOf.get(t.name)!,
      orig: savedRelations.has(t.name) ? t.name : null,
      name: t.name,
      color: t.color,
      description: t.description ?? '',
      arg1Role: t.arg1.role,
      arg1Types: t.arg1.types.map(ref),
      arg2Role: t.arg2.role,
      arg2Types: t.arg2.types.map(ref),
      symmetric: t.symmetric,
      transitive: t.transitive,
    })),
    attributes: schema.attributes.map((a) => ({
      key: newKey(),
      orig: savedAttributes.has(a.name) ? a.name : null,
      name: a.name,
      appliesTo: a.appliesTo.map(ref),
      boolean: a.values.length === 0,
      values: a.values.join(', '),
      description: a.description ?? '',
    })),
  };
}

/** Current name of every row key. */
export function namesByKey(d: Draft): Map<string, string> {
  return new Map([...d.entities, ...d.events, ...d.relations].map((r) => [r.key, r.name.trim()] as const));
}

/** The name a reference stands for now. */
export function refName(d: Draft, ref: Ref, names = namesByKey(d)): string {
  return names.get(ref) ?? ref;
}

/** The schema the draft describes (names trimmed, references resolved). */
export function fromDraft(d: Draft): Schema {
  const names = namesByKey(d);
  const r = (x: Ref) => names.get(x) ?? x;
  const opt = (s: string) => (s.trim() ? { description: s.trim() } : {});
  // an entity or event type's own fields from its row
  const typeOf = (t: EntityRow): EntityType => ({
    name: t.name.trim(),
    color: t.color,
    hotkey: t.hotkey.trim() || null,
    ...(t.parent ? { parent: r(t.parent) } : {}),
    ...opt(t.description),
    ...(t.abstract ? { abstract: true } : {}),
  });
  const entityTypes: EntityType[] = d.entities.map(typeOf);
  const eventTypes: EventType[] = d.events.map((t) => ({
    ...typeOf(t),
    roles: t.roles.map((x) => ({ name: x.name.trim(), types: x.types.map(r), cardinality: x.cardinality })),
  }));
  const relationTypes: RelationType[] = d.relations.map((t) => ({
    name: t.name.trim(),
    color: t.color,
    ...opt(t.description),
    arg1: { role: t.arg1Role.trim() || 'Arg1', types: t.arg1Types.map(r) },
    arg2: { role: t.arg2Role.trim() || 'Arg2', types: t.arg2Types.map(r) },
    symmetric: t.symmetric,
    transitive: t.transitive,
  }));
  const attributes: AttributeDef[] = d.attributes.map((a) => ({
    name: a.name.trim(),
    appliesTo: a.appliesTo.map(r),
    values: a.boolean
      ? []
      : a.values
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
    ...opt(a.description),
  }));
  return { version: d.version, entityTypes, eventTypes, relationTypes, attributes };
}

/** The renames the user made (rows whose name differs from their saved name). */
export function renamesOf(d: Draft): SchemaRenames {
  const types: Record<string, string> = {};
  const relationTypes: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  const roles: Record<string, Record<string, string>> = {};
  for (const t of [...d.entities, ...d.events]) if (t.orig !== null && t.orig !== t.name.trim()) types[t.orig] = t.name.trim();
  for (const t of d.relations) if (t.orig !== null && t.orig !== t.name.trim()) relationTypes[t.orig] = t.name.trim();
  for (const a of d.attributes) if (a.orig !== null && a.orig !== a.name.trim()) attributes[a.orig] = a.name.trim();
  for (const t of d.events) {
    for (const role of t.roles) {
      if (role.orig !== null && role.orig !== role.name.trim()) (roles[t.name.trim()] ??= {})[role.orig] = role.name.trim();
    }
  }
  const out: SchemaRenames = {};
  if (Object.keys(types).length) out.types = types;
  if (Object.keys(relationTypes).length) out.relationTypes = relationTypes;
  if (Object.keys(attributes).length) out.attributes = attributes;
  if (Object.keys(roles).length) out.roles = roles;
  return out;
}

/** Problems to fix before saving, by row key ('' for the whole schema). */
export function draftProblems(d: Draft, tr: Translate = translate): Map<string, DraftProblem[]> {
  const problems = new Map<string, DraftProblem[]>();
  const add = (key: string, message: MessageKey, values?: MessageValues, hotkey = false) =>
    problems.set(key, [...(problems.get(key) ?? []), { message, ...(values ? { values } : {}), ...(hotkey ? { hotkey } : {}) }]);
  const typeNames = new Map<string, string>();
  for (const t of [...d.entities, ...d.events]) {
    const name = t.name.trim();
    if (!name) add(t.key, 'schema.problem.noName');
    else if (typeNames.has(name)) add(t.key, 'schema.problem.nameTwice', { name });
    else typeNames.set(name, t.key);
  }
  const reserved = reservedKeys();
  const hotkeys = new Map<string, string>();
  for (const t of [...d.entities, ...d.events]) {
    const h = t.hotkey.trim().toLowerCase();
    if (!h) continue;
    const use = reserved.get(h);
    if ([...h].length !== 1) add(t.key, 'schema.problem.keyLength', { key: t.hotkey }, true);
    else if (use) add(t.key, 'schema.problem.keyReserved', { key: h, use: tr(use) }, true);
    else if (hotkeys.has(h)) {
      const other = [...d.entities, ...d.events].find((x) => x.key === hotkeys.get(h))!;
      add(t.key, 'schema.problem.keyTaken', { key: h, name: other.name.trim() || tr('schema.problem.anotherType') }, true);
      add(other.key, 'schema.problem.keyTaken', { key: h, name: t.name.trim() || tr('schema.problem.anotherType') }, true);
    } else hotkeys.set(h, t.key);
  }
  for (const t of d.events) {
    const seen = new Set<string>();
    for (const r of t.roles) {
      const n = r.name.trim();
      if (!n) add(t.key, 'schema.problem.roleNoName');
      else if (seen.has(n)) add(t.key, 'schema.problem.roleTwice', { name: n });
      seen.add(n);
      if (r.types.length === 0) add(t.key, 'schema.problem.roleNoType', { name: n || tr('schema.problem.unnamed') });
    }
  }
  const relNames = new Set<string>();
  for (const t of d.relations) {
    const n = t.name.trim();
    if (!n) add(t.key, 'schema.problem.relationNoName');
    else if (relNames.has(n)) add(t.key, 'schema.problem.nameTwice', { name: n });
    relNames.add(n);
    if (t.arg1Types.length === 0 || t.arg2Types.length === 0) add(t.key, 'schema.problem.relationArgs');
  }
  const attrNames = new Set<string>();
  for (const a of d.attributes) {
    const n = a.name.trim();
    if (!n) add(a.key, 'schema.problem.attributeNoName');
    else if (attrNames.has(n)) add(a.key, 'schema.problem.nameTwice', { name: n });
    attrNames.add(n);
    if (a.appliesTo.length === 0) add(a.key, 'schema.problem.appliesTo');
    if (!a.boolean && !a.values.split(',').some((v) => v.trim())) add(a.key, 'schema.problem.values');
  }
  return problems;
}

/** Remove a row and every reference to it. */
export function withoutRef(d: Draft, key: string): Draft {
  const drop = (xs: Ref[]) => xs.filter((x) => x !== key);
  return {
    ...d,
    entities: d.entities.filter((t) => t.key !== key).map((t) => (t.parent === key ? { ...t, parent: null } : t)),
    events: d.events
      .filter((t) => t.key !== key)
      .map((t) => ({ ...t, parent: t.parent === key ? null : t.parent, roles: t.roles.map((r) => ({ ...r, types: drop(r.types) })) })),
    relations: d.relations.filter((t) => t.key !== key).map((t) => ({ ...t, arg1Types: drop(t.arg1Types), arg2Types: drop(t.arg2Types) })),
    attributes: d.attributes.map((a) => ({ ...a, appliesTo: drop(a.appliesTo) })),
  };
}

/** "Removing FAC affects 3 mentions; they are kept and reported as problems". */
export function describeDrop(d: SchemaDrop, tr: Translate = translate): string {
  const what = ({ 'entity type': 'entity', 'event type': 'event', 'relation type': 'relation', role: 'role', attribute: 'attribute' } as const)[d.what];
  return tr('schema.drop', { what, name: d.name, eventType: d.eventType ?? '', n: d.count });
}

/** A palette for new types. */
export const PALETTE = ['#8ecae6', '#ffb703', '#90be6d', '#f28482', '#cdb4db', '#f6bd60', '#84a59d', '#bde0fe', '#ffafcc', '#a3b18a'];
