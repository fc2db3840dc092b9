import { describe, expect, it } from 'vitest';
import type { SuggestionItem } from '../contract';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { Ghosts, type GhostHost } from './ghosts';

/** Paragraphs of 100 code points; a host that records what was made and dropped. */
function host() {
  const made: string[] = [];
  const dropped: string[] = [];
  const h: GhostHost = {
    table: { paragraphAtCp: (cp: number) => Math.floor(cp / 100) } as unknown as ParagraphTable,
    addPieces: (m) => made.push(m.id),
    removePieces: (id) => dropped.push(id),
    paragraphsOf: () => [],
    redraw: () => {},
  };
  return { h, made, dropped };
}

/** Suggestions in text order, each counting the reads of its key (what every row's look-up starts from). */
function items(n: number) {
  const reads = { count: 0 };
  const list = Array.from({ length: n }, (_, i) => {
    const start = i * 10;
    const key = `${start}:${start + 4}:PER`;
    const x = { docId: 'd', start, end: start + 4, type: 'PER', text: 'w', source: 'occurrence', score: 0.5 } as Omit<SuggestionItem, 'key'>;
    Object.defineProperty(x, 'key', { enumerable: true, get: () => (reads.count++, key) });
    return x as SuggestionItem;
  });
  return { list, reads };
}

const ALL = { first: 0, end: 1_000_000 };

describe('Ghosts.set (the suggestions drawn as ghosts)', () => {
  it('looks only at the row that changed when a list differs from the last by one row', () => {
    const { h, made, dropped } = host();
    const ghosts = new Ghosts(h);
    const { list, reads } = items(1000);
    ghosts.set(list, null, ALL);
    expect(made).toHaveLength(1000);
    made.length = 0;
    reads.count = 0;
    // a label took row 500 out: the next list is a new array of the same objects less that one
    const without = list.filter((_, i) => i !== 500);
    ghosts.set(without, null, ALL);
    expect(dropped).toEqual(['s:5000:5004:PER']);
    expect(made).toEqual([]);
    // that row's key, not the 1,000 rows' (the old code rebuilt its map from every row: 999 reads)
    expect(reads.count).toBeLessThanOrEqual(2);
    expect(ghosts.item('s:5000:5004:PER')).toBeUndefined();
    expect(ghosts.item('s:5010:5014:PER')).toBe(list[501]);
    expect(ghosts.counters().ghostsGiven).toBe(999);
  });

  it('gives the same ghosts as a list given afresh, after rows came, went and changed', () => {
    const { list } = items(60);
    const a = host();
    const ghosts = new Ghosts(a.h);
    ghosts.set(list, null, { first: 0, end: 3 });
    const changed = { ...list[20]!, key: list[20]!.key, score: 0.9 };
    const extra = { ...list[0]!, key: '205:209:LOC', start: 205, end: 209, type: 'LOC' };
    const next = [...list.slice(0, 10), ...list.slice(12, 20), changed, extra, ...list.slice(21)];
    ghosts.set(next, null, { first: 0, end: 3 });
    const fresh = host();
    const other = new Ghosts(fresh.h);
    other.set(next, null, { first: 0, end: 3 });
    const counts = ghosts.counters();
    expect([...counts.ghostsBuilt].sort()).toEqual([...other.counters().ghostsBuilt].sort());
    expect(counts.ghostsGiven).toBe(next.length);
    // the changed one rebuilt, the new one built; the two gone dropped; the rest built once
    expect(counts.ghostBuilds['s:200:204:PER']).toBe(2);
    expect(counts.ghostBuilds['s:205:209:LOC']).toBe(1);
    expect(a.dropped.sort()).toEqual(['s:100:104:PER', 's:110:114:PER', 's:200:204:PER']);
    expect(ghosts.item('s:200:204:PER')?.score).toBe(0.9);
    // a window moved: only what is in it is built
    ghosts.set(next, null, { first: 1, end: 2 });
    expect(ghosts.counters().ghostsBuilt.every((id) => Number(id.split(':')[1]) >= 100 && Number(id.split(':')[1]) < 200)).toBe(true);
  });
});
