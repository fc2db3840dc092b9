import { describe, expect, it } from 'vitest';
import { rowsAround } from './suggestions';

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
