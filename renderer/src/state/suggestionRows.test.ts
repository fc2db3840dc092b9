import { describe, expect, it } from 'vitest';
import { FocusLookup, itemsAtSpans, rowsAround, withoutAt } from './suggestions';

const items = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}` }));

describe('rowsAround (the suggestions panel lists a window of a long list)', () => {
  it('lists a short list whole', () => {
    const few = items.slice(0, 10);
    expect(rowsAround(few, null, 200)).toEqual({ items: few, before: 0, after: 0 });
  });
  it('lists the first rows, or those around the one in focus, and counts the rest', () => {
    expect(rowsAround(items, null, 200)).toMatchObject({ before: 0, after: 800 });
    const mid = rowsAround(items, 'k500', 200);
    expect(mid.before).toBe(400);
    expect(mid.after).toBe(400);
    expect(mid.items.map((x) => x.key)).toContain('k500');
    expect(rowsAround(items, 'k999', 200)).toMatchObject({ before: 800, after: 0 });
    expect(rowsAround(items, 'k3', 200)).toMatchObject({ before: 0, after: 800 });
    expect(rowsAround(items, 'gone', 200)).toMatchObject({ before: 0, after: 800 });
  });
});

describe('itemsAtSpans (the suggestions a label covers exactly)', () => {
  // in text order, as suggestions.list sends them: by start, then end, then type
  const list = [
    { key: '0:3:PER', start: 0, end: 3 },
    { key: '4:9:GPE', start: 4, end: 9 },
    { key: '4:9:LOC', start: 4, end: 9 },
    { key: '4:12:ORG', start: 4, end: 12 },
    { key: '20:25:GPE', start: 20, end: 25 },
  ];
  it('finds every item of exactly that span, of any type', () => {
    expect([...itemsAtSpans(list, [{ start: 4, end: 9 }])].sort()).toEqual(['4:9:GPE', '4:9:LOC']);
    expect([...itemsAtSpans(list, [{ start: 20, end: 25 }, { start: 0, end: 3 }])].sort()).toEqual(['0:3:PER', '20:25:GPE']);
  });
  it('finds nothing for a span that only overlaps or touches one, or lies past the last', () => {
    expect(itemsAtSpans(list, [{ start: 5, end: 9 }, { start: 4, end: 10 }, { start: 3, end: 4 }, { start: 30, end: 31 }]).size).toBe(0);
    expect(itemsAtSpans([], [{ start: 0, end: 3 }]).size).toBe(0);
  });
  it('agrees with comparing every item on a long list', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const long = Array.from({ length: 3000 }, () => {
      const start = rand(20000);
      return { start, end: start + 1 + rand(6) };
    })
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .map((x, i) => ({ ...x, key: `${x.start}:${x.end}:${i}` }));
    const spans = Array.from({ length: 400 }, () => {
      const start = rand(20000);
      return { start, end: start + 1 + rand(6) };
    });
    const expected = new Set(long.filter((x) => spans.some((m) => m.start === x.start && m.end === x.end)).map((x) => x.key));
    expect(expected.size).toBeGreaterThan(0);
    expect(itemsAtSpans(long, spans)).toEqual(expected);
  });
});

describe('a label\'s look-ups do not read every suggestion (a 20 MB document lists 780,000)', () => {
  /** A list that counts the items read from it. */
  function counted<T>(xs: T[]): { list: T[]; reads: () => number } {
    let n = 0;
    const list = new Proxy(xs, {
      get(target, p, r) {
        if (typeof p === 'string' && /^\d+$/.test(p)) n++;
        return Reflect.get(target, p, r) as unknown;
      },
    });
    return { list, reads: () => n };
  }
  const long = Array.from({ length: 5000 }, (_, i) => ({ key: `${i * 2}:${i * 2 + 1}:GPE`, start: i * 2, end: i * 2 + 1 }));

  it('FocusLookup: nothing read with nothing in focus, one search per list and key', () => {
    const { list, reads } = counted(long);
    const f = new FocusLookup<(typeof long)[number]>();
    expect(f.find(list, null)).toBeNull();
    expect(reads()).toBe(0);
    expect(f.find(list, '8000:8001:GPE')).toBe(long[4000]);
    const once = reads();
    expect(once).toBeGreaterThan(0);
    expect(f.find(list, '8000:8001:GPE')).toBe(long[4000]);
    expect(reads()).toBe(once);
    expect(f.find(list, 'gone')).toBeNull();
    // another list: searched again
    expect(f.find(long.slice(0, 10), '8000:8001:GPE')).toBeNull();
  });

  it('withoutAt: the list less the keys, as a filter would give it, looking at about a binary search of items per key', () => {
    let looked = 0;
    // items that count how often their start or key is read (a copy of the list reads neither)
    const watched = long.map((x) => ({
      get key() {
        looked++;
        return x.key;
      },
      get start() {
        looked++;
        return x.start;
      },
    }));
    const keys = new Set(['0:1:GPE', '5000:5001:GPE', '9998:9999:GPE', '7:8:GPE']);
    const out = withoutAt(watched, keys);
    expect(looked).toBeLessThan(4 * 2 * 16);
    expect(out.map((x) => x.key)).toEqual(long.filter((x) => !keys.has(x.key)).map((x) => x.key));
    expect(withoutAt(long, new Set())).toEqual(long);
    expect(withoutAt([], new Set(['0:1:GPE']))).toEqual([]);
  });
});
