import { describe, it, expect } from 'vitest';
import { DEFAULT_SCHEMA, parseSchemaJson, schemaToJson, validateSchema } from './schema';
import { CoreError } from './errors';
import type { Schema } from './model';

function failure(json: string, file = 'types.json'): CoreError {
  try {
    parseSchemaJson(json, file);
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    expect((e as CoreError).code).toBe('schema-invalid');
    return e as CoreError;
  }
  throw new Error('expected parseSchemaJson to throw');
}

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const ch = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = ch.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (lin[0] as number) + 0.7152 * (lin[1] as number) + 0.0722 * (lin[2] as number);
}

describe('DEFAULT_SCHEMA', () => {
  it('has the eight ACE types with hotkeys 1..8', () => {
    expect(DEFAULT_SCHEMA.version).toBe(1);
    expect(DEFAULT_SCHEMA.entityTypes.map((t) => t.name)).toEqual(['PER', 'ORG', 'GPE', 'LOC', 'FAC', 'WEA', 'VEH', 'TIME']);
    expect(DEFAULT_SCHEMA.entityTypes.map((t) => t.hotkey)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    for (const t of DEFAULT_SCHEMA.entityTypes) expect(t.description?.length).toBeGreaterThan(10);
  });

  it('has distinct colours light enough for black text', () => {
    const colors = DEFAULT_SCHEMA.entityTypes.map((t) => t.color);
    expect(new Set(colors).size).toBe(colors.length);
    for (const c of colors) {
      expect(c).toMatch(/^#[0-9a-f]{6}$/);
      const contrast = (luminance(c) + 0.05) / 0.05; // against black
      expect(contrast).toBeGreaterThanOrEqual(7);
    }
  });

  it('is valid and frozen', () => {
    expect(validateSchema(DEFAULT_SCHEMA)).toEqual([]);
    expect(Object.isFrozen(DEFAULT_SCHEMA.entityTypes)).toBe(true);
    expect(parseSchemaJson(schemaToJson(DEFAULT_SCHEMA), 'default.json')).toEqual(DEFAULT_SCHEMA);
  });
});

describe('parseSchemaJson', () => {
  it('parses a schema file', () => {
    const s = parseSchemaJson(
      JSON.stringify({
        entityTypes: [
          { name: 'PER', color: '#AABBCC', hotkey: 'p', description: 'people' },
          { name: 'PER.politician', color: '#ddeeff', parent: 'PER' },
          { name: 'אתר', color: '#eeeeee', hotkey: null },
        ],
      }),
      'x.json',
    );
    expect(s).toEqual({
      version: 1,
      entityTypes: [
        { name: 'PER', color: '#aabbcc', hotkey: 'p', parent: null, description: 'people' },
        { name: 'PER.politician', color: '#ddeeff', hotkey: null, parent: 'PER', description: '' },
        { name: 'אתר', color: '#eeeeee', hotkey: null, parent: null, description: '' },
      ],
    });
    expect(parseSchemaJson('\ufeff{"version": 3, "entityTypes": [{"name": "A", "color": "#000000"}]}', 'bom.json').version).toBe(3);
  });

  it('reports JSON syntax errors with the line number', () => {
    const trailingComma = '{\n  "entityTypes": [\n    {"name": "PER", "color": "#ffffff"},\n  ]\n}';
    const e = failure(trailingComma);
    expect(e.line).toBe(4);
    expect(e.file).toBe('types.json');
    expect(e.message).toMatch(/^types\.json:4: invalid JSON: /);

    const missingComma = '{\n  "entityTypes": [\n    {"name": "PER" "color": "#ffffff"}\n  ]\n}';
    expect(failure(missingComma).line).toBe(3);
    expect(failure(missingComma).message).toMatch(/types\.json:3: invalid JSON: expected ',' or '}'/);

    const bareWord = '{\n"entityTypes":\n\n x}';
    expect(failure(bareWord).line).toBe(4);
    expect(failure(bareWord).message).toContain('unexpected character "x"');

    const truncated = '{\n  "entityTypes": [\n';
    expect(failure(truncated).line).toBe(3);
    expect(failure(truncated).message).toContain('unexpected end of input');

    expect(failure('').line).toBe(1);
    expect(failure('{"a": "x\ny"}').message).toMatch(/types\.json:1: invalid JSON: control character/);
  });

  it('reports validation errors naming the file, line and type', () => {
    const json = [
      '{',
      '  "entityTypes": [',
      '    {"name": "PER", "color": "#ffffff", "hotkey": "1"},',
      '    {"name": "ORG", "color": "red", "hotkey": "2"},',
      '    {"name": "PER", "color": "#eeeeee"},',
      '    {"name": "LOC", "color": "#dddddd", "hotkey": "1"},',
      '    {"name": "bad name", "color": "#cccccc"},',
      '    {"name": "FAC", "color": "#bbbbbb", "parent": "BUILDING"}',
      '  ]',
      '}',
    ].join('\n');
    const e = failure(json);
    expect(e.line).toBe(4);
    const lines = e.message.split('\n');
    expect(lines).toEqual([
      'types.json:4: entity type "ORG": colour "red" is not #rrggbb',
      'types.json:5: entity type "PER" is defined more than once',
      'types.json:6: entity type "LOC": hotkey "1" is already used by "PER"',
      expect.stringMatching(/^types\.json:7: entity type "bad name": the name may contain only letters/),
      'types.json:8: entity type "FAC": unknown parent "BUILDING"',
    ]);
  });

  it('refuses an empty list, a missing list and non-objects', () => {
    expect(failure('{"entityTypes": []}').message).toBe('types.json:1: the schema has no entity types ("entityTypes" is empty)');
    expect(failure('{"types": []}').message).toMatch(/missing "entityTypes"/);
    expect(failure('[1, 2]').message).toMatch(/must be a JSON object/);
    expect(failure('{"entityTypes": {}}').message).toMatch(/"entityTypes" must be a list/);
    expect(failure('{"entityTypes": [\n"PER"\n]}').message).toBe('types.json:2: entity type #1 must be an object with "name" and "color"');
    expect(failure('{"entityTypes": [{"color": "#ffffff"}]}').message).toMatch(/entity type #1: "name" must be a non-empty string/);
    expect(failure('{"version": 0, "entityTypes": [{"name": "A", "color": "#ffffff"}]}').message).toMatch(/"version" must be a positive integer/);
  });
});

describe('validateSchema', () => {
  const ok: Schema = { version: 1, entityTypes: [{ name: 'A', color: '#ffffff', hotkey: 'a' }] };
  it('returns no problems for a valid schema', () => {
    expect(validateSchema(ok)).toEqual([]);
  });
  it('lists every problem', () => {
    const bad: Schema = {
      version: 1,
      entityTypes: [
        { name: 'A', color: '#fff', hotkey: 'a' },
        { name: 'B', color: '#ffffff', hotkey: 'A', parent: 'C' },
        { name: 'C', color: '#ffffff', hotkey: 'xy', parent: 'B' },
        { name: 'A', color: '#ffffff', hotkey: null },
      ],
    };
    const problems = validateSchema(bad);
    expect(problems).toContain('entity type "A": colour "#fff" is not #rrggbb');
    expect(problems).toContain('entity type "B": hotkey "A" is already used by "A"');
    expect(problems).toContain('entity type "C": hotkey "xy" must be a single letter or digit');
    expect(problems).toContain('entity type "A" is defined more than once');
    expect(problems).toContain('entity type "B": parent cycle B → C → B');
    expect(problems).toContain('entity type "C": parent cycle C → B → C');
    expect(problems.length).toBe(6);
    expect(validateSchema({ version: 1, entityTypes: [] })).toEqual(['the schema has no entity types ("entityTypes" is empty)']);
  });
});
