/**
 * The window applying suggestions.list's delta (SuggestionSession, suggestions.ts): the items it
 * shows are exactly the list the delta makes, and the work is the delta's, not the list's: the
 * panel's count (items above the score, ShownSuggestions.count) looks again only at the chunks the
 * delta rebuilt. Before, every delta copied the whole list into a new array and the count went
 * over all of it again (780,000 items at 20 MB, tens of ms after each pause in labelling).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applySuggestionDelta, packSuggestions, suggestionKey, unpackSuggestions, type PackedSuggestions } from '../../../annotations/suggestionPack';
import type { SuggestionItem } from '../contract';
import type { Workspace } from './workspace';

const answers: unknown[] = [];
vi.mock('../bridge', () => ({ call: vi.fn(async () => ({ ok: true, value: answers.shift() })) }));
vi.mock('./idle', () => ({ whenIdle: (task: () => void) => task() }));

const g = globalThis as unknown as { window?: unknown };
const hadWindow = 'window' in g;
beforeAll(() => {
  // timers of the session's polling are not run here: each ask is made by the test
  if (!hadWindow) g.window = { setTimeout: () => 0, clearTimeout: () => undefined };
});
afterAll(() => {
  if (!hadWindow) delete g.window;
});

const tagger = { state: 'ready', quality: null, trained: null, generation: 1, minF1: 0.5, active: true };
const endpoint = { state: 'off', enabled: false, url: '', timeoutMs: 5000, suggested: 0, refused: [], refusedCount: 0 };

function items(n: number): SuggestionItem[] {
  return Array.from({ length: n }, (_, i) => {
    const x = { docId: 'd1', start: i * 10, end: i * 10 + 4, type: i % 2 ? 'GPE' : 'PER', text: 'רוסיה', source: 'tagger' as const, score: (i % 10) / 10, key: '' };
    x.key = suggestionKey(x);
    return x;
  });
}

/** A fake workspace: one document open in the annotator's own set. */
function workspace(): Workspace {
  const doc = { getState: () => ({ view: { id: 'd1' }, mentions: new Map(), selectedId: null }), subscribe: () => () => undefined, afterPaint: () => undefined, mentionDelta: () => null };
  return { doc, subscribe: () => () => undefined, getState: () => ({ viewSet: null, session: { annotator: 'dana' } }), reportError: () => undefined, info: () => undefined } as unknown as Workspace;
}

describe('SuggestionSession applying a delta of the list (suggestions.list with `known`)', () => {
  it('shows exactly the list the delta makes, and counts again only the chunks it rebuilt, not the 100,000 items', async () => {
    const { SuggestionSession } = await import('./suggestions');
    const session = new SuggestionSession(workspace());
    const before = items(100_000);
    answers.push({ docId: 'd1', packed: packSuggestions('d1', before), revision: 'r1', tagger, endpoint, pending: false });
    await session.refresh();
    expect(session.getState().items.length).toBe(100_000);
    let tested = 0;
    const above = (x: SuggestionItem) => (tested++, x.score >= 0.8);
    expect(session.getState().items.count(above, 'score>=0.8')).toBe(20_000);
    expect(tested).toBe(100_000);

    // a label's delta: one item gone at 50,000, a new one at 70,000 (scored above 0.8)
    const fresh = { docId: 'd1', start: 700_001, end: 700_003, type: 'LOC', text: 'סין', source: 'occurrence' as const, score: 0.9, key: '' };
    fresh.key = suggestionKey(fresh);
    const delta = { from: 'r1', removed: [50_000], added: [70_000] };
    answers.push({ docId: 'd1', packed: packSuggestions('d1', [fresh]) as PackedSuggestions, revision: 'r2', delta, tagger, endpoint, pending: false });
    await session.refresh();
    const after = applySuggestionDelta(before, delta, unpackSuggestions(packSuggestions('d1', [fresh])));
    const shown = session.getState().items;
    expect(shown.length).toBe(after.length);
    expect(shown.toArray()).toEqual(after);
    expect(shown.indexOfKey(fresh.key)).toBe(70_000);
    tested = 0;
    // 50,000 scored 0: the count gains the new item only
    expect(shown.count(above, 'score>=0.8')).toBe(20_001);
    expect(tested).toBeLessThanOrEqual(4096);
  });
});
