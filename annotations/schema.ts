/**
 * Entity type schemas: the default one, parsing a schema file, and validation.
 *
 * A schema file is JSON: {"version"?: 1, "entityTypes": [{"name", "color", "hotkey"?,
 * "parent"?, "description"?}]}.
 */
import type { EntityType, Schema } from './model';
import { CoreError } from './errors';
import { lineColumn, parseJsonLocated, valuePositions, type JsonPath } from './json';

function freezeSchema(s: Schema): Schema {
  for (const t of s.entityTypes) Object.freeze(t);
  Object.freeze(s.entityTypes);
  return Object.freeze(s);
}

/**
 * The default schema (ACE-style entity types). Colours are Paul Tol's "light" scheme, designed
 * to stay distinct for colour-blind readers and light enough for black text (contrast ≥ 7:1).
 * Frozen: copy it before changing anything.
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
});

const NAME_RE = /^[\p{L}\p{N}_:.-]+$/u;
const COLOR_RE = /^#[0-9a-fA-F]{6}$/;
const HOTKEY_RE = /^[\p{L}\p{N}]$/u;
const MAX_NAME = 64;

interface Problem {
  message: string;
  /** Where in the JSON the problem is, as far as known. */
  path: JsonPath;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validate an unknown value as a schema; returns the normalised schema and the problems. */
function check(input: unknown): { schema: Schema; problems: Problem[] } {
  const problems: Problem[] = [];
  const schema: Schema = { version: 1, entityTypes: [] };
  if (!isRecord(input)) {
    problems.push({ message: 'a schema must be a JSON object like {"entityTypes": [...]}', path: [] });
    return { schema, problems };
  }
  if (input.version !== undefined) {
    if (typeof input.version === 'number' && Number.isInteger(input.version) && input.version >= 1) schema.version = input.version;
    else problems.push({ message: `"version" must be a positive integer, not ${JSON.stringify(input.version)}`, path: ['version'] });
  }
  const list = input.entityTypes;
  if (!Array.isArray(list)) {
    problems.push({
      message: list === undefined ? 'missing "entityTypes" (the list of entity types)' : '"entityTypes" must be a list of entity types',
      path: list === undefined ? [] : ['entityTypes'],
    });
    return { schema, problems };
  }
  if (list.length === 0) {
    problems.push({ message: 'the schema has no entity types ("entityTypes" is empty)', path: ['entityTypes'] });
  }
  const byName = new Map<string, number>();
  const byHotkey = new Map<string, string>();
  list.forEach((raw: unknown, i: number) => {
    const at: JsonPath = ['entityTypes', i];
    if (!isRecord(raw)) {
      problems.push({ message: `entity type #${i + 1} must be an object with "name" and "color"`, path: at });
      return;
    }
    const nameOk = typeof raw.name === 'string' && raw.name !== '';
    const label = nameOk ? `entity type "${raw.name as string}"` : `entity type #${i + 1}`;
    const name = nameOk ? (raw.name as string) : '';
    if (!nameOk) {
      problems.push({ message: `${label}: "name" must be a non-empty string`, path: [...at, 'name'] });
    } else if (!NAME_RE.test(name) || name.length > MAX_NAME) {
      problems.push({
        message: `${label}: the name may contain only letters, digits, "-", "_", ":" and "." (at most ${MAX_NAME})`,
        path: [...at, 'name'],
      });
    } else if (byName.has(name)) {
      problems.push({ message: `${label} is defined more than once`, path: [...at, 'name'] });
    }
    if (nameOk && !byName.has(name)) byName.set(name, i);

    let color = '';
    if (typeof raw.color !== 'string' || !COLOR_RE.test(raw.color)) {
      problems.push(
        raw.color === undefined
          ? { message: `${label}: missing "color" (expected #rrggbb)`, path: at }
          : { message: `${label}: colour ${JSON.stringify(raw.color)} is not #rrggbb`, path: [...at, 'color'] },
      );
    } else color = raw.color.toLowerCase();

    let hotkey: string | null = null;
    if (raw.hotkey !== undefined && raw.hotkey !== null) {
      if (typeof raw.hotkey !== 'string' || !HOTKEY_RE.test(raw.hotkey)) {
        problems.push({ message: `${label}: hotkey ${JSON.stringify(raw.hotkey)} must be a single letter or digit`, path: [...at, 'hotkey'] });
      } else {
        hotkey = raw.hotkey;
        const key = hotkey.toLowerCase();
        const other = byHotkey.get(key);
        if (other !== undefined) {
          problems.push({ message: `${label}: hotkey "${hotkey}" is already used by "${other}"`, path: [...at, 'hotkey'] });
        } else byHotkey.set(key, name || `#${i + 1}`);
      }
    }

    let parent: string | null = null;
    if (raw.parent !== undefined && raw.parent !== null) {
      if (typeof raw.parent !== 'string' || raw.parent === '') {
        problems.push({ message: `${label}: "parent" must be the name of another entity type`, path: [...at, 'parent'] });
      } else parent = raw.parent;
    }

    let description = '';
    if (raw.description !== undefined && raw.description !== null) {
      if (typeof raw.description !== 'string') {
        problems.push({ message: `${label}: "description" must be a string`, path: [...at, 'description'] });
      } else description = raw.description;
    }
    schema.entityTypes.push({ name, color, hotkey, parent, description });
  });

  // parents: must exist, no cycles
  const types = new Map(schema.entityTypes.filter((t) => t.name !== '').map((t) => [t.name, t] as const));
  schema.entityTypes.forEach((t, i) => {
    if (!t.parent) return;
    const at: JsonPath = ['entityTypes', i, 'parent'];
    const label = t.name ? `entity type "${t.name}"` : `entity type #${i + 1}`;
    if (!types.has(t.parent)) {
      problems.push({ message: `${label}: unknown parent "${t.parent}"`, path: at });
      return;
    }
    const seen = [t.name];
    let cur: EntityType | undefined = types.get(t.parent);
    while (cur) {
      if (seen.includes(cur.name)) {
        if (cur.name === t.name) problems.push({ message: `${label}: parent cycle ${[...seen, cur.name].join(' → ')}`, path: at });
        break;
      }
      seen.push(cur.name);
      cur = cur.parent ? types.get(cur.parent) : undefined;
    }
  });
  return { schema, problems };
}

/** The problems of a schema (empty when it is valid). Also checks values of the wrong type. */
export function validateSchema(schema: Schema): string[] {
  return check(schema).problems.map((p) => p.message);
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

/** A schema as pretty-printed JSON, in the file format parseSchemaJson reads. */
export function schemaToJson(schema: Schema): string {
  return (
    JSON.stringify(
      {
        version: schema.version,
        entityTypes: schema.entityTypes.map((t) => ({
          name: t.name,
          color: t.color,
          hotkey: t.hotkey,
          ...(t.parent ? { parent: t.parent } : {}),
          ...(t.description ? { description: t.description } : {}),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
