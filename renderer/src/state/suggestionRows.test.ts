import { describe, expect, it } from 'vitest';
import { ShownSuggestions } from './shownSuggestions';
import { itemsAtSpans, rowsAround } from './suggestions';

const listed = Array.from({ length: 1000 }, (_, i) => ({ key: `${i}:${i + 1}:GPE`, start: i }));
const items = ShownSuggestions.of(listed);

describe('rowsAround (the suggestions panel lists a window of a long list)', () => {
  it('lists a short list whole', () => {
    const few = listed.slice(0, 10);
    expect(rowsAround(ShownSuggestions.of(few), null, 200)).toEqual({ items: few, before: 0, after: 0 });
  });
  it('lists the first rows, or those around the one in focus, and counts the rest', () => {
    expect(rowsAround(items, null, 200)).toMatchObject({ before: 0, after: 800 });
    const mid = rowsAround(items, '500:501:GPE', 200);
    expect(mid.before).toBe(400);
    expect(mid.after).toBe(400);
    expect(mid.items.map((x) => x.key)).toContain('500:501:GPE');
    expect(rowsAround(items, '999:1000:GPE', 200)).toMatchObject({ before: 800, after: 0 });
    expect(rowsAround(items, '3:4:GPE', 200)).toMatchObject({ before: 0, after: 800 });
    expect(rowsAround(items, 'gone', 200)).toMatchObject({ before: 0, after: 800 });
    // with items taken out: the rows around the same item, counted without them
    const less = items.without(['0:1:GPE', '1:2:GPE', '499:500:GPE']);
    const around = rowsAround(less, '500:501:GPE', 200);
    expect(around.items).toEqual(listed.filter((x) => !['0:1:GPE', '1:2:GPE', '499:500:GPE'].includes(x.key)).slice(397, 597));
    expect(around).toMatchObject({ before: 397, after: 400 });
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
  const long = Array.from({ length: 5000 }, (_, i) => ({ key: `${i * 2}:${i * 2 + 1}:GPE`, start: i * 2, end: i * 2 + 1 }));

  it('ShownSuggestions: an item by its key, and the list without a few keys, looking at about a binary search of items per key', () => {
    let looked = 0;
    // items that count how often their start or key is read
    const watched = long.map((x) => ({
      get key() {
        looked++;
        return x.key;
      },
      get start() {
        looked++;
        return x.start;
      },
      end: x.end,
    }));
    const list = ShownSuggestions.of(watched);
    expect(list.byKey('8000:8001:GPE')?.key).toBe('8000:8001:GPE');
    expect(list.byKey('8001:8002:GPE')).toBeNull();
    expect(looked).toBeLessThan(2 * 2 * 16);
    looked = 0;
    const keys = new Set(['0:1:GPE', '5000:5001:GPE', '9998:9999:GPE', '7:8:GPE']);
    const out = list.without(keys);
    expect(looked).toBeLessThan(4 * 2 * 16);
    // a label's hotkey asks for the item in focus, and a label's covered items are looked up: neither reads the list
    looked = 0;
    expect(out.byKey('5000:5001:GPE')).toBeNull();
    expect(itemsAtSpans(out, [{ start: 4000, end: 4001 }])).toEqual(new Set(['4000:4001:GPE']));
    expect(looked).toBeLessThan(2 * 2 * 16 * 3);
    expect(out.length).toBe(long.length - 3);
    expect(out.toArray().map((x) => x.key)).toEqual(long.filter((x) => !keys.has(x.key)).map((x) => x.key));
    expect(ShownSuggestions.of(long).without(new Set()).toArray()).toEqual(long);
    expect(ShownSuggestions.of<(typeof long)[number]>([]).without(['0:1:GPE']).length).toBe(0);
  });
});
