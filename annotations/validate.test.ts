import { describe, it, expect } from 'vitest';
import { acceptsType, attributeApplies, validateDocument } from './validate';
import { NEWS_SCHEMA } from './news';
import type { EntityMention, EventMention, Relation, Schema } from './model';

const text = 'Rebels attacked Kabul airport on Monday with rockets.';
const at = (w: string): [number, number] => {
  const i = text.indexOf(w);
  return [i, i + w.length];
};

function mention(id: string, type: string, word: string, extra: Partial<EntityMention> = {}): EntityMention {
  const [start, end] = at(word);
  return { id, docId: 'd', type, start, end, annotator: 'dana', origin: 'manual', createdAt: 't', updatedAt: 't', ...extra };
}

function event(id: string, type: string, word: string, args: [string, string][], extra: Partial<EventMention> = {}): EventMention {
  const [triggerStart, triggerEnd] = at(word);
  return {
    id, docId: 'd', type, triggerStart, triggerEnd, annotator: 'dana', origin: 'manual',
    arguments: args.map(([role, mentionId]) => ({ role, mentionId })), attributes: {}, note: '', createdAt: 't', updatedAt: 't', ...extra,
  };
}

function relation(id: string, type: string, arg1: string, arg2: string, extra: Partial<Relation> = {}): Relation {
  return { id, docId: 'd', type, arg1, arg2, annotator: 'dana', origin: 'manual', attributes: {}, note: '', createdAt: 't', updatedAt: 't', ...extra };
}

const rebels = mention('1', 'PER', 'Rebels');
const kabul = mention('2', 'GPE', 'Kabul');
const airport = mention('3', 'FAC', 'airport');
const monday = mention('4', 'TIME', 'Monday');
const rockets = mention('5', 'WEA', 'rockets');
const mentions = [rebels, kabul, airport, monday, rockets];

describe('validateDocument', () => {
  it('finds nothing wrong with a well-formed frame', () => {
    const e = event('E1', 'Conflict:Attack', 'attacked', [['Attacker', '1'], ['Target', '3'], ['Place', '2'], ['Time', '4'], ['Instrument', '5']], {
      attributes: { Realis: 'Actual', Uncertain: true },
    });
    const r = relation('R1', 'PART-WHOLE', '3', '2');
    expect(validateDocument(NEWS_SCHEMA, mentions, [e], [r], text)).toEqual([]);
  });

  it('reports wrong argument types, surplus arguments, unknown roles and missing mentions, each pointing at the event', () => {
    const e = event('E1', 'Conflict:Attack', 'attacked', [['Place', '2'], ['Place', '3'], ['Time', '1'], ['Victim', '1'], ['Attacker', '99']]);
    const problems = validateDocument(NEWS_SCHEMA, mentions, [e], [], text);
    expect(problems.map((p) => [p.kind, p.annotationKind, p.annotationId, p.role ?? null, p.mentionId ?? null])).toEqual([
      ['wrong-argument-type', 'event', 'E1', 'Time', '1'],
      ['unknown-role', 'event', 'E1', 'Victim', '1'],
      ['missing-mention', 'event', 'E1', 'Attacker', '99'],
      ['too-many-arguments', 'event', 'E1', 'Place', null],
    ]);
    expect(problems[0]?.message).toBe('event E1 Conflict:Attack “attacked”: Time takes TIME, not mention 1 PER “Rebels”');
    expect(problems[3]?.message).toBe('event E1 Conflict:Attack “attacked”: role Place takes at most 1 (2 given)');
  });

  it('reports missing required roles with the cardinalities 1, + and {n}', () => {
    const schema: Schema = {
      ...NEWS_SCHEMA,
      eventTypes: [
        { name: 'Pay', color: '#eeeeee', hotkey: null, roles: [
          { name: 'Giver', types: ['PER'], cardinality: '1' },
          { name: 'Money', types: ['<ENTITY>'], cardinality: '+' },
          { name: 'Pair', types: ['PER', 'GPE'], cardinality: '{2}' },
          { name: 'Opt', types: ['PER'], cardinality: '{0-1}' },
        ] },
      ],
    };
    const e = event('E2', 'Pay', 'attacked', [['Pair', '1'], ['Opt', '1'], ['Opt', '1']]);
    const problems = validateDocument(schema, mentions, [e], []);
    expect(problems.map((p) => [p.kind, p.role])).toEqual([
      ['missing-argument', 'Giver'],
      ['missing-argument', 'Money'],
      ['missing-argument', 'Pair'],
      ['too-many-arguments', 'Opt'],
    ]);
    expect(problems[0]?.message).toBe('event E2 Pay: role Giver is required (0 given)');
    expect(problems[2]?.message).toBe('event E2 Pay: role Pair needs at least 2 arguments (1 given)');
    expect(problems.map((p) => p.params)).toEqual([
      { role: 'Giver', min: 1, given: 0 },
      { role: 'Money', min: 1, given: 0 },
      { role: 'Pair', min: 2, given: 1 },
      { role: 'Opt', max: 1, given: 2 },
    ]);
  });

  it('reports unknown and abstract types, relation argument types and attribute problems', () => {
    const schema: Schema = { ...NEWS_SCHEMA, entityTypes: [...NEWS_SCHEMA.entityTypes, { name: 'THING', color: '#ffffff', hotkey: null, abstract: true }] };
    const ms = [
      mention('1', 'ANIMAL', 'Rebels', { attributes: { Level: 'NAM' } }),
      mention('2', 'THING', 'Kabul', { attributes: { Level: 'XYZ', Realis: 'Actual', Nope: true } }),
      airport,
    ];
    const events = [event('E1', 'Conflict:Explode', 'attacked', [], { attributes: { Uncertain: 'yes' as unknown as true } })];
    const relations = [relation('R1', 'PER-SOC', '3', '1'), relation('R2', 'KNOWS', '1', '77')];
    const problems = validateDocument(schema, ms, events, relations);
    expect(problems.map((p) => [p.kind, p.annotationId, p.attribute ?? p.role ?? null])).toEqual([
      ['unknown-entity-type', '1', null],
      ['abstract-type', '2', null],
      ['attribute-value', '2', 'Level'],
      ['attribute-not-applicable', '2', 'Realis'],
      ['unknown-attribute', '2', 'Nope'],
      ['unknown-event-type', 'E1', null],
      ['attribute-value', 'E1', 'Uncertain'],
      ['wrong-relation-argument', 'R1', 'Arg1'],
      ['wrong-relation-argument', 'R1', 'Arg2'],
      ['unknown-relation-type', 'R2', null],
      ['missing-mention', 'R2', null],
    ]);
    expect(problems[2]?.message).toBe('mention 2 THING: Level = "XYZ" is not allowed (allowed: NAM, NOM, PRO)');
    expect(problems[6]?.message).toMatch(/it is a yes\/no attribute/);
  });

  it('gives each kind its params and subject, so a window can say it in its own language', () => {
    const schema: Schema = { ...NEWS_SCHEMA, entityTypes: [...NEWS_SCHEMA.entityTypes, { name: 'THING', color: '#ffffff', hotkey: null, abstract: true }] };
    const ms = [mention('1', 'ANIMAL', 'Rebels'), mention('2', 'THING', 'Kabul', { attributes: { Level: 'XYZ', Realis: 'Actual', Nope: true } }), airport, monday];
    const e = event('E1', 'Conflict:Attack', 'attacked', [['Place', '2'], ['Place', '3'], ['Time', '3'], ['Victim', '3'], ['Attacker', '99']], { attributes: { Uncertain: 'yes' as unknown as true } });
    const relations = [relation('R1', 'PER-SOC', '3', '4'), relation('R2', 'KNOWS', '1', 'E7')];
    const problems = validateDocument(schema, ms, [e], relations, text);
    const by = (kind: string, id: string) => problems.filter((p) => p.kind === kind && p.annotationId === id).map((p) => p.params);
    expect(problems.find((p) => p.annotationId === '1')?.subject).toEqual({ kind: 'mention', id: '1', type: 'ANIMAL', text: 'Rebels' });
    expect(by('unknown-entity-type', '1')).toEqual([{}]);
    expect(by('abstract-type', '2')).toEqual([{}]);
    expect(by('attribute-value', '2')).toEqual([{ attribute: 'Level', value: 'XYZ', allowed: ['NAM', 'NOM', 'PRO'] }]);
    expect(by('attribute-not-applicable', '2')).toEqual([{ attribute: 'Realis', appliesTo: ['<EVENT>'] }]);
    expect(by('unknown-attribute', '2')).toEqual([{ attribute: 'Nope' }]);
    expect(problems.find((p) => p.annotationId === 'E1')?.subject).toEqual({ kind: 'event', id: 'E1', type: 'Conflict:Attack', text: 'attacked' });
    expect(by('wrong-argument-type', 'E1')).toEqual([
      { role: 'Place', accepted: ['GPE', 'LOC', 'FAC'], target: { kind: 'mention', id: '2', type: 'THING', text: 'Kabul' } },
      { role: 'Time', accepted: ['TIME'], target: { kind: 'mention', id: '3', type: 'FAC', text: 'airport' } },
    ]);
    expect(by('unknown-role', 'E1')).toEqual([{ role: 'Victim' }]);
    expect(by('missing-mention', 'E1')).toEqual([{ role: 'Attacker', target: { kind: 'mention', id: '99' } }]);
    expect(by('too-many-arguments', 'E1')).toEqual([{ role: 'Place', max: 1, given: 2 }]);
    expect(by('missing-argument', 'E1')).toEqual([]);
    expect(by('attribute-value', 'E1')).toEqual([{ attribute: 'Uncertain', value: 'yes', allowed: [] }]);
    expect(problems.find((p) => p.annotationId === 'R1')?.subject).toEqual({ kind: 'relation', id: 'R1', type: 'PER-SOC' });
    expect(by('wrong-relation-argument', 'R1')).toEqual([
      { role: 'Arg1', end: 1, accepted: ['PER'], target: { kind: 'mention', id: '3', type: 'FAC', text: 'airport' } },
      { role: 'Arg2', end: 2, accepted: ['PER'], target: { kind: 'mention', id: '4', type: 'TIME', text: 'Monday' } },
    ]);
    expect(by('missing-mention', 'R2')).toEqual([{ end: 2, target: { kind: 'event', id: 'E7' } }]);
  });

  it('accepts subtypes and the <ENTITY>/<EVENT> shortcuts', () => {
    const schema: Schema = {
      version: 1,
      entityTypes: [{ name: 'PER', color: '#ffffff', hotkey: null }, { name: 'PER:Pol', color: '#ffffff', hotkey: null, parent: 'PER' }],
      eventTypes: [{ name: 'E', color: '#ffffff', hotkey: null, roles: [] }],
      relationTypes: [{ name: 'R', color: '#000000', arg1: { role: 'Arg1', types: ['PER'] }, arg2: { role: 'Arg2', types: ['<ENTITY>'] }, symmetric: false, transitive: false }],
      attributes: [{ name: 'A', appliesTo: ['PER', 'R'], values: [] }],
    };
    expect(acceptsType(schema, ['PER'], 'PER:Pol')).toBe(true);
    expect(acceptsType(schema, ['PER:Pol'], 'PER')).toBe(false);
    expect(acceptsType(schema, ['<ENTITY>'], 'PER')).toBe(true);
    expect(acceptsType(schema, ['<ENTITY>'], 'E')).toBe(false);
    expect(acceptsType(schema, ['<EVENT>'], 'E', 'event')).toBe(true);
    expect(attributeApplies(schema, 'A', 'mention', 'PER:Pol')).toBe(true);
    expect(attributeApplies(schema, 'A', 'relation', 'R')).toBe(true);
    expect(attributeApplies(schema, 'A', 'event', 'E')).toBe(false);
    expect(attributeApplies(schema, 'B', 'event', 'E')).toBe(false);
  });
});
