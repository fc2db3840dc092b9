import { describe, it, expect } from 'vitest';
import { bratNames, parseBratConf, toBratName, writeBratConf } from './bratconf';
import { CoreError } from '../errors';
import { NEWS_SCHEMA } from '../news';
import { DEFAULT_SCHEMA } from '../schema';
import type { Schema } from '../model';


function failure(text: string, file = 'annotation.conf'): CoreError {
  try {
    parseBratConf(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    expect((e as CoreError).code).toBe('schema-invalid');
    return e as CoreError;
  }
  throw new Error('expected parseBratConf to throw');
}

const SMALL = `# a comment

[entities]
Person
!Place
\tGPE
\tLOC
Money

[relations]
Located   Arg1:Person, Arg2:GPE|LOC
Alias     Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive
Near      Arg1:<ENTITY>, Arg2:Place, <OVERLAP>:<ANY>

[events]
<PL>=GPE|LOC
!Life
\tDie        Victim:Person, Agent?:Person|GPE, Place?:<PL>
\tMarry      Person{2}:Person
Pay          Giver+:Person, Money*:Money, Extra{1-3}:<ENTITY>
Report       Reporter:Person, Event?:<EVENT>

[attributes]
Negation     Arg:<EVENT>
Level        Arg:<ENTITY>, Value:NAM|NOM|PRO
`;

describe('parseBratConf', () => {
  it('reads sections, hierarchy, abstract types, macros, alternatives, cardinalities and flags', () => {
    const s = parseBratConf(SMALL, 'small.conf');
    expect(s.version).toBe(1);
    expect(s.entityTypes.map((t) => [t.name, t.parent, t.abstract ?? false, t.hotkey])).toEqual([
      ['Person', null, false, '1'],
      ['Place', null, true, null],
      ['GPE', 'Place', false, '2'],
      ['LOC', 'Place', false, '3'],
      ['Money', null, false, '4'],
    ]);
    expect(s.relationTypes).toEqual([
      { name: 'Located', color: '#888888', description: '', arg1: { role: 'Arg1', types: ['Person'] }, arg2: { role: 'Arg2', types: ['GPE', 'LOC'] }, symmetric: false, transitive: false },
      { name: 'Alias', color: '#888888', description: '', arg1: { role: 'Arg1', types: ['Person'] }, arg2: { role: 'Arg2', types: ['Person'] }, symmetric: true, transitive: true },
      { name: 'Near', color: '#888888', description: '', arg1: { role: 'Arg1', types: ['<ENTITY>'] }, arg2: { role: 'Arg2', types: ['Place'] }, symmetric: false, transitive: false },
    ]);
    const ev = new Map(s.eventTypes.map((t) => [t.name, t]));
    expect(ev.get('Life')).toMatchObject({ abstract: true, parent: null, roles: [] });
    expect(ev.get('Die')).toMatchObject({
      parent: 'Life',
      roles: [
        { name: 'Victim', types: ['Person'], cardinality: '1' },
        { name: 'Agent', types: ['Person', 'GPE'], cardinality: '?' },
        { name: 'Place', types: ['GPE', 'LOC'], cardinality: '?' },
      ],
    });
    expect(ev.get('Marry')?.roles).toEqual([{ name: 'Person', types: ['Person'], cardinality: '{2}' }]);
    expect(ev.get('Pay')).toMatchObject({
      parent: null,
      roles: [
        { name: 'Giver', types: ['Person'], cardinality: '+' },
        { name: 'Money', types: ['Money'], cardinality: '*' },
        { name: 'Extra', types: ['<ENTITY>'], cardinality: '{1-3}' },
      ],
    });
    expect(ev.get('Report')?.roles[1]).toEqual({ name: 'Event', types: ['<EVENT>'], cardinality: '?' });
    expect(s.attributes).toEqual([
      { name: 'Negation', appliesTo: ['<EVENT>'], values: [], description: '' },
      { name: 'Level', appliesTo: ['<ENTITY>'], values: ['NAM', 'NOM', 'PRO'], description: '' },
    ]);
  });

  it('accepts CRLF, a BOM and name mappings given by the caller', () => {
    const s = parseBratConf('\ufeff[entities]\r\nPER\r\n[events]\r\nConflict-Attack\tAttacker*:PER\r\n', 'x.conf', {
      names: { 'Conflict-Attack': 'Conflict:Attack' },
    });
    expect(s.eventTypes[0]?.name).toBe('Conflict:Attack');
    expect(s.entityTypes[0]?.name).toBe('PER');
  });

  it('reports errors with the file and line', () => {
    expect(failure('Person\n').message).toBe('annotation.conf:1: "Person" is outside any section (start with [entities])');
    expect(failure('[entities]\nA\n[visual]\n').message).toMatch(/^annotation\.conf:3: unknown section \[visual\]/);
    expect(failure('[entities]\nA\n[events]\nE  Who:<NOPE>\n').message).toMatch(/^annotation\.conf:4: event type "E", role Who: unknown macro <NOPE>/);
    expect(failure('[entities]\nA\n[events]\nE  Who\n').line).toBe(4);
    expect(failure('[entities]\nA\n[relations]\nR  Arg1:A\n').message).toMatch(/:4: relation type "R": a relation has exactly two arguments/);
    expect(failure('[entities]\nA\n[relations]\nR  Arg1:A, Arg2:A, <REL-TYPE>:reflexive\n').message).toMatch(/unknown <REL-TYPE> "reflexive"/);
    expect(failure('[entities]\nA\n[attributes]\nX  Value:a|b\n').message).toMatch(/:4: attribute "X": missing Arg:/);
    expect(failure('[entities]\nA B\n').message).toMatch(/:2: entity type "A": an \[entities\] line holds one type name/);
    const unknown = failure('[entities]\nA\n\n[events]\n# c\nE  Who:B\n');
    expect(unknown.message).toBe('annotation.conf:6: event type "E": role "Who" accepts an unknown type "B"');
    expect(unknown.line).toBe(6);
    expect(unknown.file).toBe('annotation.conf');
    expect(failure('[entities]\nA\nA\n').message).toBe('annotation.conf:2: entity type "A" is defined more than once');
    expect(failure('# qalam: broken\n[entities]\nA\n').message).toMatch(/^annotation\.conf:1: a "# qalam:" line/);
  });
});

describe('writeBratConf', () => {
  it('writes brat names without colons, cardinalities, alternatives and flags', () => {
    const text = writeBratConf(NEWS_SCHEMA);
    const lines = text.split('\n');
    expect(text.endsWith('\n')).toBe(true);
    expect(lines).toContain('# qalam: Movement-Transport = Movement:Transport');
    expect(lines).toContain('# qalam-version: 1');
    expect(lines).toContain(
      'Conflict-Attack\tAttacker*:PER|ORG|GPE, Target*:PER|ORG|VEH|FAC|WEA|GPE|LOC, Instrument*:WEA|VEH, Time?:TIME, Place?:GPE|LOC|FAC',
    );
    expect(lines).toContain('PER-SOC\tArg1:PER, Arg2:PER, <REL-TYPE>:symmetric');
    expect(lines).toContain('Realis\tArg:<EVENT>, Value:Actual|Generic|Other');
    expect(lines).toContain('Uncertain\tArg:<ENTITY>|<EVENT>|<RELATION>');
    expect(lines.filter((l) => !l.startsWith('#') && l.includes(':') && !l.includes('\t') && !l.startsWith('['))).toEqual([]);
    expect(lines.indexOf('[entities]')).toBeLessThan(lines.indexOf('[relations]'));
    expect(toBratName('Life:Be-Born')).toBe('Life-Be-Born');
  });

  it('round trip: parse(write(s)) equals s, and write(parse(text)) is stable', () => {
    for (const s of [NEWS_SCHEMA, DEFAULT_SCHEMA, parseBratConf(SMALL, 'small.conf')]) {
      const text = writeBratConf(s);
      expect(parseBratConf(text, 'round.conf')).toEqual(s);
      expect(writeBratConf(parseBratConf(text, 'round.conf'))).toBe(text);
    }
    const once = writeBratConf(parseBratConf(SMALL, 'small.conf'));
    expect(writeBratConf(parseBratConf(once, 'x.conf'))).toBe(once);
    expect(once).toContain('!Place\n');
    expect(once).toContain('\tGPE\n');
    expect(once).toContain('\tDie\tVictim:Person, Agent?:Person|GPE, Place?:GPE|LOC\n');
    expect(once).toContain('\tMarry\tPerson{2}:Person\n');
    expect(once).toContain('Pay\tGiver+:Person, Money*:Money, Extra{1-3}:<ENTITY>\n');
  });

  it('keeps colours, hotkeys, descriptions and the version, and writes children under their parents', () => {
    const s: Schema = {
      version: 7,
      entityTypes: [
        { name: 'PER:Group', color: '#123456', hotkey: 'g', parent: 'PER', description: 'groups, with "quotes"' },
        { name: 'PER', color: '#abcdef', hotkey: null, parent: null, description: '' },
      ],
      eventTypes: [{ name: 'Meet', color: '#eeeeee', hotkey: 'm', parent: null, description: 'מפגש', roles: [{ name: 'Who', types: ['PER'], cardinality: '+' }] }],
      relationTypes: [],
      attributes: [{ name: 'Q:A', appliesTo: ['Meet'], values: ['x'], description: 'd' }],
    };
    const back = parseBratConf(writeBratConf(s), 'x.conf');
    // parents come first in brat's indented hierarchy
    expect(back.entityTypes.map((t) => t.name)).toEqual(['PER', 'PER:Group']);
    expect(back).toEqual({ ...s, entityTypes: [s.entityTypes[1], s.entityTypes[0]] });
  });

  it('tells apart two names that would be one brat name, deterministically, and reads them back', () => {
    const s: Schema = {
      ...DEFAULT_SCHEMA,
      entityTypes: [...DEFAULT_SCHEMA.entityTypes, { name: 'A:B', color: '#ffffff', hotkey: null }, { name: 'A-B', color: '#fefefe', hotkey: null }],
      eventTypes: [
        { name: 'Movement:Transport', color: '#eeeeee', hotkey: null, roles: [{ name: 'Artifact', types: ['A:B'], cardinality: '?' }] },
        { name: 'Movement-Transport', color: '#dddddd', hotkey: null, roles: [{ name: 'Artifact', types: ['A-B'], cardinality: '?' }] },
      ],
    };
    expect(bratNames(s).get('A-B')).toBe('A-B');
    expect(bratNames(s).get('A:B')).toBe('A-B_2');
    expect(bratNames(s).get('Movement-Transport')).toBe('Movement-Transport');
    expect(bratNames(s).get('Movement:Transport')).toBe('Movement-Transport_2');
    const text = writeBratConf(s);
    expect(text).toContain('# qalam: A-B_2 = A:B');
    expect(text).toContain('# qalam: Movement-Transport_2 = Movement:Transport');
    expect(text).toContain('Movement-Transport_2\tArtifact?:A-B_2');
    expect(writeBratConf(s)).toBe(text);
    const back = parseBratConf(text, 'x.conf');
    expect(back.entityTypes.map((t) => [t.name, t.color])).toContainEqual(['A:B', '#ffffff']);
    expect(back.entityTypes.map((t) => [t.name, t.color])).toContainEqual(['A-B', '#fefefe']);
    expect(back.eventTypes.map((t) => [t.name, t.color, t.roles[0]?.types])).toEqual([
      ['Movement:Transport', '#eeeeee', ['A:B']],
      ['Movement-Transport', '#dddddd', ['A-B']],
    ]);
  });
});
