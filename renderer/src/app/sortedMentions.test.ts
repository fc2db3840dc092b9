import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EntityMention } from '../../../annotations/model';
import { compareMentions, SortedMentions } from './sortedMentions';

const mention = (id: number, start: number, len: number, type: string): EntityMention => ({
  id: String(id),
  docId: 'd',
  type,
  start,
  end: start + len,
  annotator: 'a',
  origin: 'manual',
  createdAt: '',
  updatedAt: '',
});

const shape = fc.record({ start: fc.nat(30), len: fc.integer({ min: 1, max: 4 }), type: fc.constantFrom('PER', 'ORG', 'GPE') });
/** One edit: mentions taken out (indices into the live ones), put in, and moved (taken out and put back elsewhere). */
const edit = fc.record({ remove: fc.array(fc.nat(200), { maxLength: 6 }), add: fc.array(shape, { maxLength: 6 }), move: fc.array(fc.tuple(fc.nat(200), shape), { maxLength: 3 }) });

/** Every way of reading the list agrees with a fresh sort of `live`. */
function expectSame(s: SortedMentions, live: readonly EntityMention[]): void {
  const want = [...live].sort(compareMentions);
  const got = s.toArray();
  expect(s.length).toBe(want.length);
  expect(got.map((m) => [m.start, m.end, m.type])).toEqual(want.map((m) => [m.start, m.end, m.type]));
  expect(new Set(got)).toEqual(new Set(live));
  for (let i = 0; i < got.length; i++) {
    expect(s.at(i)).toBe(got[i]);
    expect(s.indexOf(got[i] as EntityMention)).toBe(i);
  }
  expect(s.at(got.length)).toBeUndefined();
  if (got[0]) expect(s.indexOf({ ...got[0] })).toBe(-1);
  const from = Math.floor(got.length / 3);
  expect(s.slice(from, from + 7)).toEqual(got.slice(from, from + 7));
}

describe('SortedMentions', () => {
  it('after any run of inserts, deletes and moves equals a fresh sort, and earlier lists stay as they were', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 3, 4, 8, 512), fc.array(shape, { maxLength: 40 }), fc.array(edit, { maxLength: 8 }), (max, initial, edits) => {
        let next = 1;
        let live = initial.map((x) => mention(next++, x.start, x.len, x.type));
        let s = SortedMentions.from(live, max);
        expectSame(s, live);
        for (const e of edits) {
          const before = s;
          const beforeLive = live;
          const removed = [...new Set(e.remove)].flatMap((k) => live[k] ?? []);
          const moved = [...new Map(e.move.map(([k, x]) => [k, x])).entries()].flatMap(([k, x]) => {
            const old = live[k];
            return old && !removed.includes(old) ? [{ old, now: { ...old, start: x.start, end: x.start + x.len, type: x.type } }] : [];
          });
          const added = e.add.map((x) => mention(next++, x.start, x.len, x.type));
          const out = [...removed, ...moved.map((m) => m.old)];
          const put = [...added, ...moved.map((m) => m.now)];
          s = s.patch(out, put);
          live = [...live.filter((m) => !out.includes(m)), ...put];
          expectSame(s, live);
          expectSame(before, beforeLive);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps its order through thousands of labels at one place and the deletion of them all', () => {
    const base = Array.from({ length: 2000 }, (_, i) => mention(i + 1, i * 10, 3, 'PER'));
    let s = SortedMentions.from(base, 16);
    const added: EntityMention[] = [];
    for (let i = 0; i < 500; i++) {
      const m = mention(10_000 + i, 5000, 1 + (i % 4), i % 2 ? 'ORG' : 'GPE');
      added.push(m);
      s = s.patch([], [m]);
    }
    expectSame(s, [...base, ...added]);
    expect(s.largestChunk()).toBeLessThanOrEqual(16);
    for (const m of [...added, ...base]) s = s.patch([m], []);
    expect(s.length).toBe(0);
    expect(s.toArray()).toEqual([]);
    s = s.patch([], [base[3] as EntityMention]);
    expectSame(s, [base[3] as EntityMention]);
  });

  it('refuses a chunk too small to halve, naming the file', () => {
    expect(() => SortedMentions.from([], 1)).toThrow(/sortedMentions\.ts/);
  });
});
