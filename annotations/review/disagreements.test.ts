import { describe, expect, it } from 'vitest';
import { agreedAnnotations, compareSets, listDisagreements, nextDisagreement, type ReviewSet } from './index';

const m = (id: string, type: string, start: number, end: number) => ({ id, type, start, end });

describe('compareSets', () => {
  it('classifies type, boundary (prefix) and missing, in position order', () => {
    const text = 'בקזחסטן טוקאייב פגש את פוטין';
    const a: ReviewSet = { name: 'a', mentions: [m('1', 'GPE', 1, 7), m('2', 'PER', 8, 15), m('3', 'PER', 24, 28)] };
    const b: ReviewSet = { name: 'b', mentions: [m('9', 'ORG', 24, 28), m('7', 'GPE', 0, 7), m('8', 'PER', 8, 15), m('6', 'PER', 20, 23)] };
    const { disagreements: d, agreed } = compareSets([a, b], text);
    expect(d.map((x) => [x.kind, x.start, x.end, x.missingIn])).toEqual([
      ['boundary', 0, 7, []],
      ['missing', 20, 23, ['a']],
      ['type', 24, 28, []],
    ]);
    expect(d[0]!.prefix).toBe(true);
    expect(d[0]!.members.map((x) => x.set)).toEqual(['a', 'b']);
    expect(agreed).toEqual([{ target: 'mention', type: 'PER', start: 8, end: 15, ids: { a: '2', b: '8' } }]);
  });

  it('a boundary difference across a space is not a prefix', () => {
    const text = 'New York';
    const d = listDisagreements([{ name: 'a', mentions: [m('1', 'GPE', 0, 8)] }, { name: 'b', mentions: [m('2', 'GPE', 4, 8)] }], text);
    expect(d).toHaveLength(1);
    expect(d[0]!.kind).toBe('boundary');
    expect(d[0]!.prefix).toBe(false);
  });

  it('keys depend on content, not ids or input order', () => {
    const a1: ReviewSet = { name: 'a', mentions: [m('1', 'GPE', 1, 7), m('2', 'PER', 24, 28)] };
    const a2: ReviewSet = { name: 'a', mentions: [m('55', 'PER', 24, 28), m('44', 'GPE', 1, 7)] };
    const b: ReviewSet = { name: 'b', mentions: [m('3', 'ORG', 24, 28)] };
    const k1 = listDisagreements([a1, b]).map((x) => x.key);
    const k2 = listDisagreements([a2, b]).map((x) => x.key);
    expect(k1).toEqual(k2);
    expect(new Set(k1).size).toBe(k1.length);
  });

  it('three sets: agreed only when all three agree; nested mentions pair with their counterparts', () => {
    const sets: ReviewSet[] = [
      { name: 'a', mentions: [m('1', 'ORG', 0, 20), m('2', 'GPE', 10, 20)] },
      { name: 'b', mentions: [m('3', 'ORG', 0, 20), m('4', 'GPE', 10, 20)] },
      { name: 'c', mentions: [m('5', 'ORG', 0, 20)] },
    ];
    const { disagreements, agreed } = compareSets(sets);
    expect(agreed.map((x) => [x.type, x.ids])).toEqual([['ORG', { a: '1', b: '3', c: '5' }]]);
    expect(disagreements.map((x) => [x.kind, x.members.map((y) => y.type), x.missingIn])).toEqual([['missing', ['GPE', 'GPE'], ['c']]]);
    expect(agreedAnnotations(sets)).toEqual(agreed);
  });

  it('events: trigger boundary, type, argument role and filler differences', () => {
    const ents = [m('1', 'PER', 0, 4), m('2', 'PER', 9, 12)];
    const a: ReviewSet = {
      name: 'a',
      mentions: ents,
      events: [
        { id: 'E1', type: 'Contact:Meet', triggerStart: 5, triggerEnd: 8, arguments: [{ role: 'Entity', mentionId: '1' }, { role: 'Entity', mentionId: '2' }] },
        { id: 'E2', type: 'Conflict:Attack', triggerStart: 20, triggerEnd: 25, arguments: [{ role: 'Attacker', mentionId: '1' }] },
        { id: 'E3', type: 'Life:Die', triggerStart: 30, triggerEnd: 34, arguments: [] },
      ],
    };
    const b: ReviewSet = {
      name: 'b',
      mentions: ents,
      events: [
        { id: 'E7', type: 'Contact:Meet', triggerStart: 5, triggerEnd: 8, arguments: [{ role: 'Entity', mentionId: '1' }] },
        { id: 'E8', type: 'Conflict:Attack', triggerStart: 20, triggerEnd: 25, arguments: [{ role: 'Target', mentionId: '1' }] },
        { id: 'E9', type: 'Life:Injure', triggerStart: 30, triggerEnd: 34, arguments: [] },
        { id: 'E10', type: 'Movement:Transport', triggerStart: 40, triggerEnd: 44, arguments: [] },
      ],
    };
    const d = listDisagreements([a, b]).filter((x) => x.target === 'event');
    expect(d.map((x) => [x.kind, x.start])).toEqual([
      ['arguments', 5],
      ['arguments', 20],
      ['type', 30],
      ['missing', 40],
    ]);
    expect(d[0]!.arguments).toEqual([{ role: 'Entity', start: 9, end: 12, in: ['a'], problem: 'filler' }]);
    expect(d[1]!.arguments!.map((x) => [x.role, x.problem])).toEqual([
      ['Attacker', 'role'],
      ['Target', 'role'],
    ]);
    expect(d[3]!.missingIn).toEqual(['a']);
    const bt: ReviewSet = { name: 'b', mentions: ents, events: [{ id: 'E1', type: 'Contact:Meet', triggerStart: 4, triggerEnd: 8, arguments: [] }] };
    expect(listDisagreements([{ ...a, events: [a.events![0]!] }, bt])[0]!.kind).toBe('boundary');
  });

  it('identical sets and empty sets have no disagreements; fewer than two sets is an error', () => {
    const s: ReviewSet = { name: 'a', mentions: [m('1', 'PER', 0, 4)] };
    expect(listDisagreements([s, { ...s, name: 'b' }])).toEqual([]);
    expect(compareSets([{ name: 'a', mentions: [] }, { name: 'b', mentions: [] }])).toEqual({ disagreements: [], agreed: [] });
    expect(() => compareSets([s])).toThrow(/at least two/);
    expect(() => compareSets([s, s])).toThrow(/unique/);
  });
});

describe('nextDisagreement', () => {
  it('moves forward and back by position, wrapping', () => {
    const d = listDisagreements([
      { name: 'a', mentions: [m('1', 'PER', 0, 4), m('2', 'PER', 10, 14), m('3', 'PER', 20, 24)] },
      { name: 'b', mentions: [] },
    ]);
    expect(nextDisagreement(d, -1)).toBe(0);
    expect(nextDisagreement(d, 0)).toBe(1);
    expect(nextDisagreement(d, 20)).toBe(0);
    expect(nextDisagreement(d, 20, -1)).toBe(1);
    expect(nextDisagreement(d, 0, -1)).toBe(2);
    expect(nextDisagreement([], 0)).toBe(-1);
  });
});
