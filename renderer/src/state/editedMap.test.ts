import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EditedMap } from './editedMap';

const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 40 }), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 40 }) }),
);

describe('EditedMap', () => {
  it('answers as a copied Map would, edit after edit, and leaves every earlier map as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }), fc.array(fc.array(op, { maxLength: 5 }), { maxLength: 30 }), (initial, steps) => {
        const first = new Map(initial.map((k) => [k, k * 10] as [number, number]));
        let model = new Map(first);
        let map: ReadonlyMap<number, number> = first;
        const history: [ReadonlyMap<number, number>, Map<number, number>][] = [[map, new Map(model)]];
        for (const ops of steps) {
          model = new Map(model);
          for (const o of ops) if (o.kind === 'set') model.set(o.key, o.value);
          else model.delete(o.key);
          map = EditedMap.edit(map, (m) => {
            for (const o of ops) if (o.kind === 'set') m.set(o.key, o.value);
            else m.delete(o.key);
          });
          history.push([map, new Map(model)]);
        }
        for (const [m, want] of history) {
          expect(m.size).toBe(want.size);
          expect(new Map(m)).toEqual(want);
          expect([...m.keys()].sort()).toEqual([...want.keys()].sort());
          for (let k = 0; k <= 40; k++) {
            expect(m.has(k)).toBe(want.has(k));
            expect(m.get(k)).toBe(want.get(k));
          }
          // The first map's entries still there come first, in their order (changed in place).
          const kept = [...first.keys()].filter((k) => want.has(k));
          expect([...m.keys()].slice(0, kept.length)).toEqual(kept);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('folds its edits into a map of its own past a few thousand, with the same entries', () => {
    let map: ReadonlyMap<string, number> = new Map([['a', 1]]);
    const model = new Map([['a', 1]]);
    for (let i = 0; i < 10_000; i++) {
      map = EditedMap.edit(map, (m) => m.set(`k${i}`, i));
      model.set(`k${i}`, i);
      if (i % 3 === 0) {
        map = EditedMap.edit(map, (m) => m.delete(`k${i - 1}`));
        model.delete(`k${i - 1}`);
      }
    }
    expect(map.size).toBe(model.size);
    expect(new Map(map)).toEqual(model);
  });
});
