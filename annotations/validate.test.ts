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
