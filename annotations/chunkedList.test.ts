import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedList } from './chunkedList';
import { CoreError } from './errors';
import { applySuggestionDelta, diffSuggestions, packSuggestions, suggestionKey, unpackSuggestions, type PackableSuggestion } from './suggestionPack';

/** A delta of `before` (length n): the indexes removed, and where the `fresh` items go in the new list. */
const deltaOf = (n: number) =>
  fc.tuple(fc.array(fc.boolean(), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 40 })).map(([gone, fresh]) => {
    const removed = gone.flatMap((g, i) => (g ? [i] : []));
    const size = n - removed.length + fresh.length;
    // the places of the new items: `fresh.length` distinct indexes of the new list, ascending
    const places = new Set<number>();
    for (const f of fresh) {
      let p = f % size;
      while (places.has(p)) p = (p + 1) % size;
      places.add(p);
    }
    return { removed, added: [...places].sort((a, b) => a - b) };
  });

/** A list, a run of deltas over it, and the chunk size. */
const runs = fc.record({ n: fc.integer({ min: 0, max: 120 }), steps: fc.integer({ min: 1, max: 6 }), max: fc.integer({ min: 4, max: 12 }), seed: fc.integer() }).chain(({ n, steps, max, seed }) => {
  // each step's delta is drawn against the length the steps before leave
  const step = (len: number, left: number): fc.Arbitrary<{ removed: number[]; added: number[] }[]> =>
    left === 0 ? fc.constant([]) : deltaOf(len).chain((d) => step(len - d.removed.length + d.added.length, left - 1).map((rest) => [d, ...rest]));
  return step(n, steps).map((deltas) => ({ n, deltas, max, seed }));
});

describe('ChunkedList (the window’s suggestions, a delta rebuilding only the chunks it touches)', () => {
  it('after any run of deltas equals the array applySuggestionDelta makes, item for item; chunks stay within their size; counts agree', () => {
    fc.assert(
      fc.property(runs, ({ n, deltas, max }) => {
        let next = 0;
        const item = () => ({ id: next++, even: next % 2 === 0 });
        let array = Array.from({ length: n }, item);
        let list = ChunkedList.of(array, max);
        for (const d of deltas) {
          const fresh = d.added.map(item);
          const before = list;
          const beforeItems = before.toArray();
          array = applySuggestionDelta(array, { from: 'r', ...d }, fresh);
          list = list.applyDelta({ from: 'r', ...d }, fresh);
          // the list before is as it was
          expect(before.toArray()).toEqual(beforeItems);
          expect(list.length).toBe(array.length);
          expect(list.toArray()).toEqual(array);
          for (let i = -1; i <= array.length; i++) expect(list.at(i)).toBe(array[i]);
          expect(list.slice(2, 9)).toEqual(array.slice(2, 9));
          expect(list.count((x) => x.even, 'even')).toBe(array.filter((x) => x.even).length);
          // a predicate true for a prefix (by the item's place): its end is found
          const place = new Map(array.map((x, i) => [x, i]));
          for (let cut = 0; cut <= array.length; cut++) expect(list.partitionPoint((x) => (place.get(x) as number) < cut)).toBe(cut);
          const sizes = chunkSizes(list);
          expect(sizes.every((s) => s >= 1 && s <= max)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives exactly the later list from the delta the service computes between two lists', () => {
    const TYPES = ['GPE', 'LOC', 'PER'];
    const raw = fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 1, max: 3 }), type: fc.constantFrom(...TYPES), score: fc.constantFrom(0.5, 0.75, 1) });
    const list = fc.array(raw, { maxLength: 50 }).map((xs) => {
      const seen = new Map<string, PackableSuggestion>();
      for (const x of xs) {
        const s = { docId: 'd1', start: x.start, end: x.start + x.length, type: x.type, text: 'רוסיה', source: 'tagger', score: x.score, key: '' };
        s.key = suggestionKey(s);
        seen.set(s.key, s);
      }
      return [...seen.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type));
    });
    fc.assert(
      fc.property(list, list, fc.integer({ min: 4, max: 9 }), (before, after, max) => {
        const d = diffSuggestions('r1', packSuggestions('d1', before), packSuggestions('d1', after), 1);
        expect(d).not.toBeNull();
        const got = ChunkedList.of(unpackSuggestions(packSuggestions('d1', before)), max).applyDelta(d!.delta, unpackSuggestions(d!.packed));
        expect(got.toArray()).toEqual(after);
      }),
      { numRuns: 300 },
    );
  });

  it('a delta of a few items keeps every other chunk (the very arrays) and counts only the chunks it rebuilt', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({ i }));
    const list = ChunkedList.of(items);
    let tested = 0;
    const test = (x: { i: number }) => (tested++, x.i % 3 === 0);
    expect(list.count(test, 'third')).toBe(33_334);
    expect(tested).toBe(100_000);
    // one item gone at 50,000 and one new after 70,000, as a label's delta
    const next = list.applyDelta({ removed: [50_000], added: [70_000] }, [{ i: 3 }]);
    expect(next.length).toBe(100_000);
    expect(next.at(49_999)).toBe(items[49_999]);
    expect(next.at(50_000)).toBe(items[50_001]);
    expect(next.at(70_000)).toEqual({ i: 3 });
    const chunks = Math.ceil(100_000 / 1024);
    expect(next.sharedChunks(list)).toBeGreaterThanOrEqual(chunks - 2);
    tested = 0;
    expect(next.count(test, 'third')).toBe(33_335);
    expect(tested).toBeLessThanOrEqual(2 * 1024);
  });

  it('refuses a delta that does not fit the items held, as applySuggestionDelta does', () => {
    const before = [1, 2, 3];
    const list = ChunkedList.of(before, 4);
    expect(list.applyDelta({ removed: [1], added: [0] }, [9]).toArray()).toEqual([9, 1, 3]);
    expect(list.applyDelta({ removed: [], added: [] }, [])).toBe(list);
    for (const bad of [
      { removed: [3], added: [] },
      { removed: [1, 1], added: [] },
      { removed: [2, 1], added: [] },
      { removed: [], added: [5] },
      { removed: [], added: [1, 0] },
      { removed: [], added: [0, 0] },
    ]) {
      expect(() => applySuggestionDelta(before, { from: 'r', ...bad }, bad.added.map(() => 0))).toThrow(CoreError);
      expect(() => list.applyDelta({ from: 'r', ...bad }, bad.added.map(() => 0))).toThrow(CoreError);
    }
    expect(() => list.applyDelta({ removed: [], added: [0] }, [])).toThrow(CoreError);
  });
});

/** The sizes of a list's chunks, read through its items (at() crosses chunk borders where offsets jump). */
function chunkSizes<T>(list: ChunkedList<T>): number[] {
  const chunks = (list as unknown as { chunks: readonly (readonly T[])[] }).chunks;
  return chunks.map((c) => c.length);
}
