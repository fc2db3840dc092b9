import { describe, it, expect } from 'vitest';
import { DEFAULT_SCHEMA, cardinalityBounds, parseSchemaJson, schemaToJson, typeAncestry, validateSchema, withSchemaDefaults } from './schema';
import { NEWS_SCHEMA } from './news';
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
      eventTypes: [],
      relationTypes: [],
      attributes: [],
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
  const EMPTY = { eventTypes: [], relationTypes: [], attributes: [] };
  const ok: Schema = { version: 1, entityTypes: [{ name: 'A', color: '#ffffff', hotkey: 'a' }], ...EMPTY };
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
      ...EMPTY,
    };
    const problems = validateSchema(bad);
    expect(problems).toContain('entity type "A": colour "#fff" is not #rrggbb');
    expect(problems).toContain('entity type "B": hotkey "A" is already used by "A"');
    expect(problems).toContain('entity type "C": hotkey "xy" must be a single letter or digit');
    expect(problems).toContain('entity type "A" is defined more than once');
    expect(problems).toContain('entity type "B": parent cycle B → C → B');
    expect(problems).toContain('entity type "C": parent cycle C → B → C');
    expect(problems.length).toBe(6);
    expect(validateSchema({ version: 1, entityTypes: [], ...EMPTY })).toEqual(['the schema has no entity types ("entityTypes" is empty)']);
  });
});

describe('events, relations and attributes in a schema file', () => {
  const base = { entityTypes: [{ name: 'PER', color: '#aaaaaa', hotkey: '1' }, { name: 'PER.pol', color: '#bbbbbb', parent: 'PER' }, { name: 'GPE', color: '#cccccc' }] };

  it('older schema files (entity types only) load with empty lists', () => {
    const s = parseSchemaJson(JSON.stringify(base), 'old.json');
    expect(s.eventTypes).toEqual([]);
    expect(s.relationTypes).toEqual([]);
    expect(s.attributes).toEqual([]);
    expect(withSchemaDefaults({ version: 2, entityTypes: [] })).toEqual({ version: 2, entityTypes: [], eventTypes: [], relationTypes: [], attributes: [] });
  });

  it('parses and normalises event types, relation types and attributes, and round-trips through schemaToJson', () => {
    const json = JSON.stringify({
      ...base,
      eventTypes: [
        { name: 'Conflict', color: '#ffcccc', abstract: true },
        { name: 'Conflict:Attack', hotkey: 'a', parent: 'Conflict', roles: [{ name: 'Attacker', types: ['PER'], cardinality: '*' }, { name: 'Place', types: ['GPE'] }, { name: 'Two', types: ['<ENTITY>'], cardinality: '{1-2}' }] },
      ],
      relationTypes: [{ name: 'PER-SOC', arg1: { types: ['PER'] }, arg2: { types: ['PER'] }, symmetric: true }],
      attributes: [{ name: 'Realis', appliesTo: ['<EVENT>'], values: ['Actual', 'Other'] }, { name: 'Uncertain', appliesTo: ['<ENTITY>', 'PER-SOC'] }],
    });
    const s = parseSchemaJson(json, 's.json');
    expect(s.eventTypes[0]).toEqual({ name: 'Conflict', color: '#ffcccc', hotkey: null, parent: null, description: '', roles: [], abstract: true });
    expect(s.eventTypes[1]).toEqual({
      name: 'Conflict:Attack',
      color: '#e0e0e0',
      hotkey: 'a',
      parent: 'Conflict',
      description: '',
      roles: [
        { name: 'Attacker', types: ['PER'], cardinality: '*' },
        { name: 'Place', types: ['GPE'], cardinality: '?' },
        { name: 'Two', types: ['<ENTITY>'], cardinality: '{1-2}' },
      ],
    });
    expect(s.relationTypes[0]).toEqual({
      name: 'PER-SOC', color: '#888888', description: '', arg1: { role: 'Arg1', types: ['PER'] }, arg2: { role: 'Arg2', types: ['PER'] }, symmetric: true, transitive: false,
    });
    expect(s.attributes[1]).toEqual({ name: 'Uncertain', appliesTo: ['<ENTITY>', 'PER-SOC'], values: [], description: '' });
    expect(parseSchemaJson(schemaToJson(s), 'again.json')).toEqual(s);
    expect(typeAncestry(s, 'PER.pol')).toEqual(['PER.pol', 'PER']);
  });

  it('reports problems in the new sections with their lines', () => {
    const json = [
      '{"entityTypes": [{"name": "PER", "color": "#aaaaaa", "hotkey": "1"}],',
      ' "eventTypes": [',
      '  {"name": "PER", "roles": []},',
      '  {"name": "Attack", "hotkey": "1", "roles": [{"name": "Who", "types": ["NOPE"]}]},',
      '  {"name": "Meet", "roles": [{"name": "Who", "types": ["PER"], "cardinality": "{3-1}"}, {"name": "Who", "types": ["PER"]}]}',
      ' ],',
      ' "relationTypes": [{"name": "R", "arg1": {"types": ["PER"]}, "arg2": {"role": "Arg1", "types": []}}],',
      ' "attributes": [{"name": "A", "appliesTo": ["<THING>"], "values": ["x y"]}]',
      '}',
    ].join('\n');
    const e = failure(json, 's.json');
    expect(e.message.split('\n')).toEqual([
      's.json:3: event type "PER": "PER" is already an entity type',
      's.json:4: event type "Attack": hotkey "1" is already used by "PER"',
      's.json:5: event type "Meet": role "Who": cardinality "{3-1}" must be 1, ?, *, +, {n} or {n-m}',
      's.json:5: event type "Meet": role "Who" is defined more than once',
      's.json:7: relation type "R": arg2 "types" must not be empty',
      's.json:7: relation type "R": both arguments have the role "Arg1"',
      's.json:8: attribute "A": value "x y" may contain only letters, digits, "-", "_" and "."',
      's.json:4: event type "Attack": role "Who" accepts an unknown type "NOPE"',
      's.json:8: attribute "A": "appliesTo" names an unknown type "<THING>"',
    ]);
  });

  it('cardinalityBounds', () => {
    expect(cardinalityBounds('1')).toEqual({ min: 1, max: 1 });
    expect(cardinalityBounds('?')).toEqual({ min: 0, max: 1 });
    expect(cardinalityBounds('*')).toEqual({ min: 0, max: Infinity });
    expect(cardinalityBounds('+')).toEqual({ min: 1, max: Infinity });
    expect(cardinalityBounds('{2}')).toEqual({ min: 2, max: 2 });
    expect(cardinalityBounds('{0-3}')).toEqual({ min: 0, max: 3 });
    expect(cardinalityBounds('{3-1}')).toBeNull();
    expect(cardinalityBounds('2')).toBeNull();
  });
});

describe('NEWS_SCHEMA', () => {
  it('is valid, frozen and a superset of DEFAULT_SCHEMA with the same hotkeys', () => {
    expect(validateSchema(NEWS_SCHEMA)).toEqual([]);
    expect(Object.isFrozen(NEWS_SCHEMA.eventTypes[0]?.roles[0]?.types)).toBe(true);
    expect(NEWS_SCHEMA.entityTypes.slice(0, 8)).toEqual(DEFAULT_SCHEMA.entityTypes);
    expect(NEWS_SCHEMA.entityTypes.map((t) => t.name)).toEqual(['PER', 'ORG', 'GPE', 'LOC', 'FAC', 'WEA', 'VEH', 'TIME', 'MONEY', 'CRIME', 'JOB-TITLE', 'SENTENCE']);
    expect(parseSchemaJson(schemaToJson(NEWS_SCHEMA), 'news.json')).toEqual(NEWS_SCHEMA);
  });

  it('has the 33 ACE event subtypes with their roles', () => {
    const names = NEWS_SCHEMA.eventTypes.map((t) => t.name);
    expect(names).toHaveLength(33);
    for (const n of ['Life:Be-Born', 'Life:Marry', 'Life:Divorce', 'Life:Injure', 'Life:Die', 'Movement:Transport', 'Transaction:Transfer-Ownership',
      'Transaction:Transfer-Money', 'Business:Start-Org', 'Business:Merge-Org', 'Business:Declare-Bankruptcy', 'Business:End-Org', 'Conflict:Attack',
      'Conflict:Demonstrate', 'Contact:Meet', 'Contact:Phone-Write', 'Personnel:Start-Position', 'Personnel:End-Position', 'Personnel:Nominate',
      'Personnel:Elect', 'Justice:Arrest-Jail', 'Justice:Release-Parole', 'Justice:Trial-Hearing', 'Justice:Charge-Indict', 'Justice:Sue',
      'Justice:Convict', 'Justice:Sentence', 'Justice:Fine', 'Justice:Execute', 'Justice:Extradite', 'Justice:Acquit', 'Justice:Appeal', 'Justice:Pardon']) {
      expect(names).toContain(n);
    }
    const roles = (n: string): string[] => NEWS_SCHEMA.eventTypes.find((t) => t.name === n)?.roles.map((r) => r.name) ?? [];
    expect(roles('Conflict:Attack')).toEqual(['Attacker', 'Target', 'Instrument', 'Time', 'Place']);
    expect(roles('Movement:Transport')).toEqual(['Agent', 'Artifact', 'Vehicle', 'Price', 'Origin', 'Destination', 'Time']);
    expect(roles('Justice:Sentence')).toEqual(['Defendant', 'Adjudicator', 'Crime', 'Sentence', 'Time', 'Place']);
    const attack = NEWS_SCHEMA.eventTypes.find((t) => t.name === 'Conflict:Attack');
    expect(attack?.roles[0]).toEqual({ name: 'Attacker', types: ['PER', 'ORG', 'GPE'], cardinality: '*' });
    expect(attack?.roles[3]).toEqual({ name: 'Time', types: ['TIME'], cardinality: '?' });
    expect(NEWS_SCHEMA.relationTypes.map((r) => r.name)).toEqual(['PHYS', 'PART-WHOLE', 'PER-SOC', 'ORG-AFF', 'ART', 'GEN-AFF']);
    expect(NEWS_SCHEMA.attributes.find((a) => a.name === 'Realis')?.values).toEqual(['Actual', 'Generic', 'Other']);
    expect(NEWS_SCHEMA.attributes.find((a) => a.name === 'Level')?.values).toEqual(['NAM', 'NOM', 'PRO']);
  });
});
