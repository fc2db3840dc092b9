import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignLanes, compareForLanes } from './lanes';

describe('assignLanes', () => {
  it('puts the outer mention in lane 0 and nested ones inside it in lanes 1, 2', () => {
    const lanes = assignLanes([
      { id: 'inner', start16: 2, end16: 4 },
      { id: 'outer', start16: 0, end16: 10 },
      { id: 'middle', start16: 2, end16: 8 },
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ outer: 0, middle: 1, inner: 2 });
  });

  it('reuses a lane once the piece in it has ended (touching pieces share a lane)', () => {
    const lanes = assignLanes([
      { id: 'a', start16: 0, end16: 5 },
      { id: 'b', start16: 5, end16: 9 },
      { id: 'c', start16: 3, end16: 7 },
    ]);
    expect(Object.fromEntries(lanes)).toEqual({ a: 0, c: 1, b: 0 });
  });

  it('orders equal spans by id, so the result does not depend on input order', () => {
    expect(compareForLanes({ id: 'a', start16: 1, end16: 2 }, { id: 'b', start16: 1, end16: 2 })).toBeLessThan(0);
    const pieces = [
      { id: 'x', start16: 1, end16: 3 },
      { id: 'y', start16: 1, end16: 3 },
    ];
    expect(assignLanes(pieces)).toEqual(assignLanes([...pieces].reverse()));
  });

  it('never gives two overlapping pieces the same lane (property)', () => {
    const piece = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (raw) => {
        const pieces = raw.map(([s, len], i) => ({ id: `m${i}`, start16: s, end16: s + len }));
        const lanes = assignLanes(pieces);
        expect(lanes.size).toBe(pieces.length);
        for (const a of pieces) {
          for (const b of pieces) {
            if (a.id < b.id && a.start16 < b.end16 && b.start16 < a.end16) expect(lanes.get(a.id)).not.toBe(lanes.get(b.id));
          }
        }
        // Lanes are dense: lane k > 0 exists only with a lane k - 1.
        const used = new Set(lanes.values());
        for (const l of used) if (l > 0) expect(used.has(l - 1)).toBe(true);
      }),
    );
  });
});
