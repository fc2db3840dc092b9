/**
 * Entity type schemas: the default one, parsing a schema file, and validation.
 *
 * A schema file is JSON: {"version"?: 1, "entityTypes": [{"name", "color", "hotkey"?,
 * "parent"?, "description"?, "abstract"?}], "eventTypes"?: [{"name", "color"?, "hotkey"?, "parent"?,
 * "description"?, "abstract"?, "roles": [{"name", "types": [...], "cardinality"?}]}],
 * "relationTypes"?: [{"name", "color"?, "description"?, "arg1": {"role"?, "types"}, "arg2": {…},
 * "symmetric"?, "transitive"?}], "attributes"?: [{"name", "appliesTo": [...], "values"?: [...],
 * "description"?}]}. The three later lists default to [] (older schema files have only entityTypes).
 */
import type { AttributeDef, Cardinality, EntityType, EventType, RelationArgDef, RelationType, RoleDef, Schema } from './model';
import { CoreError } from './errors';
import { lineColumn, parseJsonLocated, valuePositions, type JsonPath } from './json';

function freezeSchema(s: Schema): Schema {
  const deep = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
    for (const x of Object.values(v)) deep(x);
    Object.freeze(v);
  };
  deep(s);
  return s;
}

/** Deep-freezes a schema in place and returns it. */
export const freezeSchemaDeep: (s: Schema) => Schema = freezeSchema;

/**
 * The eight ACE-style entity types (no events, relations or attributes). Colours are Paul Tol's
 * "light" scheme, designed to stay distinct for colour-blind readers and light enough for black
 * text (contrast ≥ 7:1). Frozen: copy it before changing anything. New projects start with
 * NEWS_SCHEMA (annotations/news.ts), a superset of this one.
 */
export const DEFAULT_SCHEMA: Schema = freezeSchema({
  version: 1,
  entityTypes: [
    { name: 'PER', color: '#77aadd', hotkey: '1', parent: null, description: 'Person: a named individual or group of people' },
    { name: 'ORG', color: '#ee8866', hotkey: '2', parent: null, description: 'Organization: a company, agency, institution, party, team' },
    { name: 'GPE', color: '#eedd88', hotkey: '3', parent: null, description: 'Geo-political entity: a country, city or state with a government' },
    { name: 'LOC', color: '#44bb99', hotkey: '4', parent: null, description: 'Location: a geographical place that is not a GPE (mountain, river, region)' },
    { name: 'FAC', color: '#ffaabb', hotkey: '5', parent: null, description: 'Facility: a building, airport, road, bridge or other built structure' },
    { name: 'WEA', color: '#99ddff', hotkey: '6', parent: null, description: 'Weapon: an instrument used to inflict harm' },
    { name: 'VEH', color: '#bbcc33', hotkey: '7', parent: null, description: 'Vehicle: a means of transport (car, plane, ship)' },
    { name: 'TIME', color: '#dddddd', hotkey: '8', parent: null, description: 'Time: a date, time of day, period or duration' },
  ],
  eventTypes: [],
  relationTypes: [],
  attributes: [],
});

const NAME_RE = /^[\p{L}\p{N}_:.-]+$/u;
const COLOR_RE = /^#[0-9a-fA-F]{6}$/;
const HOTKEY_RE = /^[\p{L}\p{N}]$/u;
const MAX_NAME = 64;

const ROLE_RE = /^[\p{L}\p{N}_.-]+$/u;
const CARDINALITY_RE = /^(?:[1?*+]|\{(\d{1,4})\}|\{(\d{1,4})-(\d{1,4})\})$/;
const DEFAULT_EVENT_COLOR = '#e0e0e0';
const DEFAULT_RELATION_COLOR = '#888888';

/** The shortcuts brat and Qalam accept in lists of types. */
export const ANY_ENTITY = '<ENTITY>';
export const ANY_EVENT = '<EVENT>';
export const ANY_RELATION = '<RELATION>';

interface Problem {
  message: string;
  /** Where in the JSON the problem is, as far as known. */
  path: JsonPath;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{min, max}` of a cardinality (max Infinity for `*` and `+`); null when it is not one. */
export function cardinalityBounds(c: string): { min: number; max: number } | null {
  const m = CARDINALITY_RE.exec(c);
  if (m === null) return null;
  if (c === '1') return { min: 1, max: 1 };
  if (c === '?') return { min: 0, max: 1 };
  if (c === '*') return { min: 0, max: Infinity };
  if (c === '+') return { min: 1, max: Infinity };
  if (m[1] !== undefined) return { min: Number(m[1]), max: Number(m[1]) };
  const min = Number(m[2]);
  const max = Number(m[3]);
  return min <= max && max >= 1 ? { min, max } : null;
}

/** Every schema list present, so that stored schemas and files from before events load. */
export function withSchemaDefaults(s: Pick<Schema, 'version' | 'entityTypes'> & Partial<Schema>): Schema {
  return {
    version: s.version,
    entityTypes: s.entityTypes,
    eventTypes: s.eventTypes ?? [],
    relationTypes: s.relationTypes ?? [],
    attributes: s.attributes ?? [],
  };
}

/** The names of `name` and all its ancestors (entity or event types), nearest first. */
export function typeAncestry(schema: Schema, name: string): string[] {
  const parents = new Map<string, string | null | undefined>();
  for (const t of schema.entityTypes) parents.set(t.name, t.parent);
  for (const t of schema.eventTypes ?? []) parents.set(t.name, t.parent);
  const out: string[] = [];
  let cur: string | null | undefined = name;
  while (cur && !out.includes(cur)) {
    out.push(cur);
    cur = parents.get(cur);
  }
  return out;
}

class Checker {
  readonly problems: Problem[] = [];
  add(message: string, path: JsonPath): void {
    this.problems.push({ message, path });
  }

  optString(raw: Record<string, unknown>, key: string, label: string, at: JsonPath): string {
    const v = raw[key];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      this.add(`${label}: "${key}" must be a string`, [...at, key]);
      return '';
    }
    return v;
  }

  color(raw: Record<string, unknown>, label: string, at: JsonPath, fallback: string | null): string {
    if ((raw.color === undefined || raw.color === null) && fallback !== null) return fallback;
    if (typeof raw.color !== 'string' || !COLOR_RE.test(raw.color)) {
      this.add(
        raw.color === undefined ? `${label}: missing "color" (expected #rrggbb)` : `${label}: colour ${JSON.stringify(raw.color)} is not #rrggbb`,
        raw.color === undefined ? at : [...at, 'color'],
      );
      return '';
    }
    return raw.color.toLowerCase();
  }

  name(raw: Record<string, unknown>, kind: string, i: number, at: JsonPath, re: RegExp, rule: string): { name: string; label: string } {
    const ok = typeof raw.name === 'string' && raw.name !== '';
    const label = ok ? `${kind} "${raw.name as string}"` : `${kind} #${i + 1}`;
    const name = ok ? (raw.name as string) : '';
    if (!ok) this.add(`${label}: "name" must be a non-empty string`, [...at, 'name']);
    else if (!re.test(name) || name.length > MAX_NAME) {
      this.add(`${label}: the name may contain only ${rule} (at most ${MAX_NAME})`, [...at, 'name']);
    }
    return { name, label };
  }

  list(input: Record<string, unknown>, key: string, what: string, required: boolean): unknown[] {
    const list = input[key];
    if (list === undefined && !required) return [];
    if (!Array.isArray(list)) {
      this.add(
        list === undefined ? `missing "${key}" (the list of ${what})` : `"${key}" must be a list of ${what}`,
        list === undefined ? [] : [key],
      );
      return [];
    }
    return list;
  }

  stringList(v: unknown, label: string, at: JsonPath, allowEmpty: boolean): string[] {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
      this.add(`${label} must be a list of names`, at);
      return [];
    }
    if (!allowEmpty && v.length === 0) this.add(`${label} must not be empty`, at);
    const seen = new Set<string>();
    for (const x of v as string[]) {
      if (seen.has(x)) this.add(`${label} lists ${JSON.stringify(x)} twice`, at);
      seen.add(x);
    }
    return [...(v as string[])];
  }
}

const LETTERS_RULE = 'letters, digits, "-", "_", ":" and "."';
const ROLE_RULE = 'letters, digits, "-", "_" and "."';

/** Validate an unknown value as a schema; returns the normalised schema and the problems. */
function check(input: unknown): { schema: Schema; problems: Problem[] } {
  const c = new Checker();
  const problems = c.problems;
  const schema: Schema = { version: 1, entityTypes: [], eventTypes: [], relationTypes: [], attributes: [] };
  if (!isRecord(input)) {
    c.add('a schema must be a JSON object like {"entityTypes": [...]}', []);
    return { schema, problems };
  }
  if (input.version !== undefined) {
    if (typeof input.version === 'number' && Number.isInteger(input.version) && input.version >= 1) schema.version = input.version;
    else c.add(`"version" must be a positive integer, not ${JSON.stringify(input.version)}`, ['version']);
  }
  if (input.entityTypes !== undefined && !Array.isArray(input.entityTypes)) {
    c.add('"entityTypes" must be a list of entity types', ['entityTypes']);
    return { schema, problems };
  }
  const list = c.list(input, 'entityTypes', 'entity types', true);
  if (!Array.isArray(input.entityTypes)) return { schema, problems };
  if (list.length === 0) c.add('the schema has no entity types ("entityTypes" is empty)', ['entityTypes']);

  // entity and event types share one namespace (a role may accept either) and one set of hotkeys
  const typeNames = new Map<string, 'entity' | 'event'>();
  const byHotkey = new Map<string, string>();
  const hotkeyOf = (raw: Record<string, unknown>, name: string, label: string, at: JsonPath, fallback: string): string | null => {
    if (raw.hotkey === undefined || raw.hotkey === null) return null;
    if (typeof raw.hotkey !== 'string' || !HOTKEY_RE.test(raw.hotkey)) {
      c.add(`${label}: hotkey ${JSON.stringify(raw.hotkey)} must be a single letter or digit`, [...at, 'hotkey']);
      return null;
    }
    const key = raw.hotkey.toLowerCase();
    const other = byHotkey.get(key);
    if (other !== undefined) c.add(`${label}: hotkey "${raw.hotkey}" is already used by "${other}"`, [...at, 'hotkey']);
    else byHotkey.set(key, name || fallback);
    return raw.hotkey;
  };
  const parentOf = (raw: Record<string, unknown>, label: string, at: JsonPath, kind: string): string | null => {
    if (raw.parent === undefined || raw.parent === null) return null;
    if (typeof raw.parent !== 'string' || raw.parent === '') {
      c.add(`${label}: "parent" must be the name of another ${kind}`, [...at, 'parent']);
      return null;
    }
    return raw.parent;
  };
  const abstractOf = (raw: Record<string, unknown>, label: string, at: JsonPath): boolean => {
    if (raw.abstract === undefined || raw.abstract === null || raw.abstract === false) return false;
    if (raw.abstract !== true) c.add(`${label}: "abstract" must be true or false`, [...at, 'abstract']);
    return raw.abstract === true;
  };

  list.forEach((raw: unknown, i: number) => {
    const at: JsonPath = ['entityTypes', i];
    if (!isRecord(raw)) {
      c.add(`entity type #${i + 1} must be an object with "name" and "color"`, at);
      return;
    }
    const { name, label } = c.name(raw, 'entity type', i, at, NAME_RE, LETTERS_RULE);
    if (name !== '' && typeNames.has(name)) c.add(`${label} is defined more than once`, [...at, 'name']);
    else if (name !== '') typeNames.set(name, 'entity');
    const color = c.color(raw, label, at, null);
    const hotkey = hotkeyOf(raw, name, label, at, `#${i + 1}`);
    const parent = parentOf(raw, label, at, 'entity type');
    const description = c.optString(raw, 'description', label, at);
    const t: EntityType = { name, color, hotkey, parent, description };
    if (abstractOf(raw, label, at)) t.abstract = true;
    schema.entityTypes.push(t);
  });

  c.list(input, 'eventTypes', 'event types', false).forEach((raw: unknown, i: number) => {
    const at: JsonPath = ['eventTypes', i];
    if (!isRecord(raw)) {
      c.add(`event type #${i + 1} must be an object with "name" and "roles"`, at);
      return;
    }
    const { name, label } = c.name(raw, 'event type', i, at, NAME_RE, LETTERS_RULE);
    if (name !== '' && typeNames.has(name)) {
      c.add(typeNames.get(name) === 'event' ? `${label} is defined more than once` : `${label}: "${name}" is already an entity type`, [...at, 'name']);
    } else if (name !== '') typeNames.set(name, 'event');
    const color = c.color(raw, label, at, DEFAULT_EVENT_COLOR);
    const hotkey = hotkeyOf(raw, name, label, at, `event #${i + 1}`);
    const parent = parentOf(raw, label, at, 'event type');
    const description = c.optString(raw, 'description', label, at);
    const roles: RoleDef[] = [];
    const rawRoles = raw.roles === undefined ? [] : raw.roles;
    if (!Array.isArray(rawRoles)) c.add(`${label}: "roles" must be a list of roles`, [...at, 'roles']);
    else {
      const seen = new Set<string>();
      rawRoles.forEach((r: unknown, k: number) => {
        const rat: JsonPath = [...at, 'roles', k];
        if (!isRecord(r)) {
          c.add(`${label}: role #${k + 1} must be an object with "name" and "types"`, rat);
          return;
        }
        const { name: role, label: rl } = c.name(r, `${label}: role`, k, rat, ROLE_RE, ROLE_RULE);
        if (role !== '' && seen.has(role)) c.add(`${rl} is defined more than once`, [...rat, 'name']);
        seen.add(role);
        const types = c.stringList(r.types, `${rl}: "types"`, [...rat, 'types'], false);
        let cardinality: Cardinality = '?';
        if (r.cardinality !== undefined) {
          if (typeof r.cardinality !== 'string' || cardinalityBounds(r.cardinality) === null) {
            c.add(`${rl}: cardinality ${JSON.stringify(r.cardinality)} must be 1, ?, *, +, {n} or {n-m}`, [...rat, 'cardinality']);
          } else cardinality = r.cardinality as Cardinality;
        }
        roles.push({ name: role, types, cardinality });
      });
    }
    const t: EventType = { name, color, hotkey, parent, description, roles };
    if (abstractOf(raw, label, at)) t.abstract = true;
    schema.eventTypes.push(t);
  });

  const relationNames = new Set<string>();
  c.list(input, 'relationTypes', 'relation types', false).forEach((raw: unknown, i: number) => {
    const at: JsonPath = ['relationTypes', i];
    if (!isRecord(raw)) {
      c.add(`relation type #${i + 1} must be an object with "name", "arg1" and "arg2"`, at);
      return;
    }
    const { name, label } = c.name(raw, 'relation type', i, at, NAME_RE, LETTERS_RULE);
    if (name !== '' && relationNames.has(name)) c.add(`${label} is defined more than once`, [...at, 'name']);
    relationNames.add(name);
    const color = c.color(raw, label, at, DEFAULT_RELATION_COLOR);
    const description = c.optString(raw, 'description', label, at);
    const arg = (key: 'arg1' | 'arg2', fallback: string): RelationArgDef => {
      const a = raw[key];
      if (!isRecord(a)) {
        c.add(`${label}: "${key}" must be an object like {"role": "${fallback}", "types": ["PER"]}`, [...at, key]);
        return { role: fallback, types: [] };
      }
      let role = fallback;
      if (a.role !== undefined) {
        if (typeof a.role !== 'string' || !ROLE_RE.test(a.role)) c.add(`${label}: ${key} role must be a name (${ROLE_RULE})`, [...at, key, 'role']);
        else role = a.role;
      }
      return { role, types: c.stringList(a.types, `${label}: ${key} "types"`, [...at, key, 'types'], false) };
    };
    const arg1 = arg('arg1', 'Arg1');
    const arg2 = arg('arg2', 'Arg2');
    if (arg1.role === arg2.role) c.add(`${label}: both arguments have the role "${arg1.role}"`, [...at, 'arg2']);
    const flag = (key: 'symmetric' | 'transitive'): boolean => {
      const v = raw[key];
      if (v === undefined || v === null) return false;
      if (typeof v !== 'boolean') c.add(`${label}: "${key}" must be true or false`, [...at, key]);
      return v === true;
    };
    const t: RelationType = { name, color, description, arg1, arg2, symmetric: flag('symmetric'), transitive: flag('transitive') };
    schema.relationTypes.push(t);
  });

  const attributeNames = new Set<string>();
  c.list(input, 'attributes', 'attributes', false).forEach((raw: unknown, i: number) => {
    const at: JsonPath = ['attributes', i];
    if (!isRecord(raw)) {
      c.add(`attribute #${i + 1} must be an object with "name" and "appliesTo"`, at);
      return;
    }
    const { name, label } = c.name(raw, 'attribute', i, at, NAME_RE, LETTERS_RULE);
    if (name !== '' && attributeNames.has(name)) c.add(`${label} is defined more than once`, [...at, 'name']);
    attributeNames.add(name);
    const appliesTo = c.stringList(raw.appliesTo, `${label}: "appliesTo"`, [...at, 'appliesTo'], false);
    const values = raw.values === undefined ? [] : c.stringList(raw.values, `${label}: "values"`, [...at, 'values'], true);
    for (const v of values) {
      if (!ROLE_RE.test(v) || v.length > MAX_NAME) c.add(`${label}: value ${JSON.stringify(v)} may contain only ${ROLE_RULE}`, [...at, 'values']);
    }
    const description = c.optString(raw, 'description', label, at);
    const a: AttributeDef = { name, appliesTo, values, description };
    schema.attributes.push(a);
  });

  // parents: must exist (and be of the same kind), no cycles
  const checkParents = (types: readonly (EntityType | EventType)[], key: 'entityTypes' | 'eventTypes', kind: 'entity' | 'event'): void => {
    const byName = new Map(types.filter((t) => t.name !== '').map((t) => [t.name, t] as const));
    types.forEach((t, i) => {
      if (!t.parent) return;
      const at: JsonPath = [key, i, 'parent'];
      const label = t.name ? `${kind} type "${t.name}"` : `${kind} type #${i + 1}`;
      if (!byName.has(t.parent)) {
        c.add(`${label}: unknown parent "${t.parent}"`, at);
        return;
      }
      const seen = [t.name];
      let cur = byName.get(t.parent);
      while (cur) {
        if (seen.includes(cur.name)) {
          if (cur.name === t.name) c.add(`${label}: parent cycle ${[...seen, cur.name].join(' → ')}`, at);
          break;
        }
        seen.push(cur.name);
        cur = cur.parent ? byName.get(cur.parent) : undefined;
      }
    });
  };
  checkParents(schema.entityTypes, 'entityTypes', 'entity');
  checkParents(schema.eventTypes, 'eventTypes', 'event');

  // references
  const known = (t: string, tokens: readonly string[]): boolean => tokens.includes(t) || typeNames.has(t);
  schema.eventTypes.forEach((t, i) =>
    t.roles.forEach((r, k) => {
      for (const x of r.types) {
        if (!known(x, [ANY_ENTITY, ANY_EVENT])) {
          c.add(`event type "${t.name}": role "${r.name}" accepts an unknown type "${x}"`, ['eventTypes', i, 'roles', k, 'types']);
        }
      }
    }),
  );
  schema.relationTypes.forEach((t, i) => {
    for (const key of ['arg1', 'arg2'] as const) {
      for (const x of t[key].types) {
        if (!known(x, [ANY_ENTITY, ANY_EVENT])) c.add(`relation type "${t.name}": ${key} accepts an unknown type "${x}"`, ['relationTypes', i, key, 'types']);
      }
    }
  });
  schema.attributes.forEach((a, i) => {
    for (const x of a.appliesTo) {
      if (!known(x, [ANY_ENTITY, ANY_EVENT, ANY_RELATION]) && !relationNames.has(x)) {
        c.add(`attribute "${a.name}": "appliesTo" names an unknown type "${x}"`, ['attributes', i, 'appliesTo']);
      }
    }
  });
  return { schema, problems };
}

/** The problems of a schema (empty when it is valid). Also checks values of the wrong type. */
export function validateSchema(schema: Schema): string[] {
  return check(schema).problems.map((p) => p.message);
}

/** A valid schema in its normal form (every field present), or CoreError('schema-invalid') listing the problems. */
export function normalizeSchema(input: unknown, what = 'schema'): Schema {
  const { schema, problems } = check(input);
  if (problems.length > 0) throw new CoreError('schema-invalid', problems.map((p) => `${what}: ${p.message}`).join('\n'));
  return schema;
}

/** The line of the value at `path`, or of its nearest located ancestor. */
function lineOf(json: string, positions: Map<string, number>, path: JsonPath): number | undefined {
  for (let k = path.length; k >= 0; k--) {
    const pos = positions.get(path.slice(0, k).join('/'));
    if (pos !== undefined) return lineColumn(json, pos).line;
  }
  return undefined;
}

/**
 * Parse a schema file. Throws CoreError('schema-invalid') for JSON syntax errors
 * ("<file>:<line>: invalid JSON: …") and for every validation problem, one per line
 * ("<file>:<line>: entity type "X": …"); `line` of the error is the first problem's.
 */
export function parseSchemaJson(json: string, fileName: string): Schema {
  const parsed = parseJsonLocated(json);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    throw new CoreError('schema-invalid', `${fileName}:${line}: invalid JSON: ${message} (column ${column})`, { file: fileName, line });
  }
  const { schema, problems } = check(parsed.value);
  if (problems.length === 0) return schema;
  const positions = valuePositions(json);
  const lines = problems.map((p) => ({ line: lineOf(json, positions, p.path), message: p.message }));
  const text = lines.map((p) => (p.line === undefined ? `${fileName}: ${p.message}` : `${fileName}:${p.line}: ${p.message}`)).join('\n');
  const first = lines[0]?.line;
  throw new CoreError('schema-invalid', text, first === undefined ? { file: fileName } : { file: fileName, line: first });
}

/** An entity or event type's own fields as the schema's JSON writes them (parent, description, abstract only when set). */
function typeJson(t: EntityType): Record<string, unknown> {
  return {
    name: t.name,
    color: t.color,
    hotkey: t.hotkey,
    ...(t.parent ? { parent: t.parent } : {}),
    ...(t.description ? { description: t.description } : {}),
    ...(t.abstract ? { abstract: true } : {}),
  };
}

/** A schema as pretty-printed JSON, in the file format parseSchemaJson reads. */
export function schemaToJson(schema: Schema): string {
  const base = withSchemaDefaults(schema);
  return (
    JSON.stringify(
      {
        version: base.version,
        entityTypes: base.entityTypes.map(typeJson),
        eventTypes: base.eventTypes.map((t) => ({
          ...typeJson(t),
          roles: t.roles.map((r) => ({ name: r.name, types: r.types, cardinality: r.cardinality })),
        })),
        relationTypes: base.relationTypes.map((t) => ({
          name: t.name,
          color: t.color,
          ...(t.description ? { description: t.description } : {}),
          arg1: t.arg1,
          arg2: t.arg2,
          symmetric: t.symmetric,
          transitive: t.transitive,
        })),
        attributes: base.attributes.map((a) => ({
          name: a.name,
          appliesTo: a.appliesTo,
          values: a.values,
          ...(a.description ? { description: a.description } : {}),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
