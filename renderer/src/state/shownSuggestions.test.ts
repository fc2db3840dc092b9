import { describe, expect, it } from 'vitest';
import { ShownSuggestions } from './shownSuggestions';

interface Item {
  key: string;
  start: number;
  end: number;
  score: number;
}

/** A seeded generator (the same lists every run). */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
}

/** A list in text order as suggestions.list sends it: by start, end, type; several items may share a start. */
function list(rand: (n: number) => number, n: number): Item[] {
  const types = ['GPE', 'LOC', 'ORG', 'PER'];
  const seen = new Set<string>();
  const out: Item[] = [];
  for (let i = 0; i < n; i++) {
    const start = rand(Math.max(1, n * 2));
    const end = start + 1 + rand(4);
    const key = `${start}:${end}:${types[rand(types.length)]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, start, end, score: rand(101) / 100 });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.key.localeCompare(b.key));
}

describe('ShownSuggestions (the items shown: the service list less what a label, accept or reject took out)', () => {
  it('equals the straightforward filter of the list after any run of removals: length, items, indexes, keys, slices, counts', () => {
    const rand = rng(11);
    for (let round = 0; round < 60; round++) {
      const all = list(rand, [0, 1, 2, 5, 40, 300][round % 6] as number);
      let shown = ShownSuggestions.of(all);
      const taken = new Set<string>();
      for (let step = 0; step < 8; step++) {
        // a few keys each time: listed ones, ones taken out already, and keys never listed
        const keys: string[] = [];
        for (let k = rand(4); k >= 0; k--) {
          const pick = rand(5);
          if (pick < 3 && all.length > 0) keys.push((all[rand(all.length)] as Item).key);
          else if (pick === 3 && taken.size > 0) keys.push([...taken][rand(taken.size)] as string);
          else keys.push(`${rand(all.length * 2 + 2)}:${rand(9)}:NONE`);
        }
        const before = shown;
        const beforeItems = before.toArray();
        shown = shown.without(keys);
        for (const k of keys) taken.add(k);
        // the list before is unchanged
        expect(before.toArray()).toEqual(beforeItems);
        const expected = all.filter((x) => !taken.has(x.key));
        expect(shown.length).toBe(expected.length);
        expect(shown.toArray()).toEqual(expected);
        expect([...shown]).toEqual(expected);
        for (let i = -1; i <= expected.length; i++) expect(shown.at(i)).toBe(expected[i]);
        for (const x of all) {
          expect(shown.indexOfKey(x.key)).toBe(expected.indexOf(x));
          expect(shown.byKey(x.key)).toBe(taken.has(x.key) ? null : x);
        }
        expect(shown.indexOfKey('not a key')).toBe(-1);
        for (let s = 0; s < 4; s++) {
          const from = rand(expected.length + 2) - 1;
          const to = from + rand(expected.length + 2);
          expect(shown.slice(from, to)).toEqual(expected.slice(Math.max(0, from), Math.max(0, to)));
        }
        const min = rand(101) / 100;
        expect(shown.count((x) => x.score >= min, `score>=${min}`)).toBe(expected.filter((x) => x.score >= min).length);
        // counted again from its cache: the same
        expect(shown.count((x) => x.score >= min, `score>=${min}`)).toBe(expected.filter((x) => x.score >= min).length);
      }
    }
  });

  it('takes nothing out for keys it does not show, and keeps the very list (no copy) when nothing is taken out', () => {
    const all = list(rng(3), 50);
    const shown = ShownSuggestions.of(all);
    expect(shown.without([])).toBe(shown);
    expect(shown.without(['99999:100000:GPE', 'x'])).toBe(shown);
    const less = shown.without([(all[0] as Item).key]);
    expect(less.without([(all[0] as Item).key])).toBe(less);
    // a key given twice is taken out once
    const twice = shown.without([(all[1] as Item).key, (all[1] as Item).key]);
    expect(twice.length).toBe(all.length - 1);
    expect(twice.toArray()).toEqual(all.filter((_, i) => i !== 1));
  });
});
