import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCoreError } from './errors';
import { applySuggestionDelta, diffSuggestions, packSuggestions, suggestionKey, unpackSuggestions, type PackableSuggestion } from './suggestionPack';

// A Hebrew and Arabic text with astral characters (𝔸, 😀 and 𐤀 take two UTF-16 units each): offsets are code points.
const TEXT = 'פוטין 😀 ביקר ברוסיה; 𐤀 والحكومة 𝔸 في موسكو، ורוסיה.';
const cps = Array.from(TEXT);

function at(form: string, from = 0): { start: number; end: number } {
  const f = Array.from(form);
  for (let i = from; i + f.length <= cps.length; i++) if (f.every((c, k) => cps[i + k] === c)) return { start: i, end: i + f.length };
  throw new Error(`${form} not in the text`);
}

function item(span: { start: number; end: number }, type: string, source: string, score: number, form?: string): PackableSuggestion {
  const s: PackableSuggestion = { key: suggestionKey({ ...span, type }), docId: 'd7', ...span, type, text: cps.slice(span.start, span.end).join(''), source, score };
  if (form !== undefined) s.form = form;
  return s;
}

const items: PackableSuggestion[] = [
  item(at('פוטין'), 'PER', 'tagger', 0.8123),
  item(at('😀 ביקר'), 'MISC', 'endpoint', 1),
  item(at('רוסיה'), 'GPE', 'occurrence', 0.5, 'רוסיה'),
  item(at('𐤀 والحكومة'), 'ORG', 'endpoint', 0),
  item(at('الحكومة'), 'ORG', 'occurrence', 0.3333, 'الحكومة'),
  item(at('الحكومة'), 'GPE', 'occurrence', 0.0001, 'حكومة'),
  item(at('𝔸 في'), 'MISC', 'tagger', 0.9999),
  item(at('רוסיה', 40), 'GPE', 'occurrence', 0.5, 'רוסיה'),
];

describe('packSuggestions / unpackSuggestions', () => {
  it('gives back exactly the items (astral characters before and inside the spans)', () => {
    // the spans really are code points, not UTF-16 units
    expect(items[6]?.text).toBe('𝔸 في');
    expect(TEXT.slice(items[6]!.start, items[6]!.end)).not.toBe('𝔸 في');
    const packed = packSuggestions('d7', items);
    expect(unpackSuggestions(packed)).toEqual(items);
    // and through JSON, as the bridge carries it
    expect(unpackSuggestions(JSON.parse(JSON.stringify(packed)))).toEqual(items);
    // every string once; no form is −1; an item without a form has none after unpacking
    expect(new Set(packed.strings).size).toBe(packed.strings.length);
    expect(packed.forms.filter((f) => f === -1)).toHaveLength(4);
    expect('form' in unpackSuggestions(packed)[0]!).toBe(false);
  });

  it('is much smaller than the items as JSON', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...items[i % items.length]!, start: i * 60 + (i % 7), end: i * 60 + (i % 7) + 5 })).map((x) => ({ ...x, key: suggestionKey(x) }));
    expect(JSON.stringify(packSuggestions('d7', many)).length * 4).toBeLessThan(JSON.stringify(many).length);
    expect(unpackSuggestions(packSuggestions('d7', many))).toEqual(many);
  });

  it('packs nothing as empty columns', () => {
    expect(unpackSuggestions(packSuggestions('d7', []))).toEqual([]);
  });

  it('refuses items it would not give back exactly, and malformed packs', () => {
    const refused = (f: () => unknown, code: string) => {
      try {
        f();
      } catch (e) {
        return isCoreError(e) && e.code === code;
      }
      return false;
    };
    expect(refused(() => packSuggestions('d8', items), 'internal')).toBe(true);
    expect(refused(() => packSuggestions('d7', [{ ...items[0]!, score: 0.81234 }]), 'internal')).toBe(true);
    expect(refused(() => packSuggestions('d7', [{ ...items[0]!, key: 'x' }]), 'internal')).toBe(true);
    const packed = packSuggestions('d7', items);
    expect(refused(() => unpackSuggestions({ ...packed, scores: packed.scores.slice(1) }), 'invalid-argument')).toBe(true);
    expect(refused(() => unpackSuggestions({ ...packed, strings: packed.strings.slice(0, 2) }), 'invalid-argument')).toBe(true);
  });
});

describe('suggestion deltas (a window that has an earlier list)', () => {
  // random lists in text order (start, end, type), each item's fields drawn from a few values so that
  // two lists share items, and differ by a score, a source, a text, a form or a type at one span
  const TYPES = ['GPE', 'LOC', 'ORG'];
  const raw = fc.record({
    start: fc.integer({ min: 0, max: 40 }),
    length: fc.integer({ min: 1, max: 3 }),
    type: fc.constantFrom(...TYPES),
    source: fc.constantFrom('occurrence', 'tagger'),
    score: fc.constantFrom(0.5, 0.75, 1),
    text: fc.constantFrom('רוסיה', 'الحكومة'),
    form: fc.option(fc.constantFrom('רוסיה', 'حكومة'), { nil: undefined }),
  });
  const list = fc.array(raw, { maxLength: 30 }).map((xs) => {
    const byKey = new Map<string, PackableSuggestion>();
    for (const x of xs) {
      const s: PackableSuggestion = { key: suggestionKey({ start: x.start, end: x.start + x.length, type: x.type }), docId: 'd1', start: x.start, end: x.start + x.length, type: x.type, text: x.text, source: x.source, score: x.score };
      if (x.form !== undefined) s.form = x.form;
      byKey.set(s.key, s);
    }
    return [...byKey.values()].sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  });
  // the earlier list, and the later one made of some of its items, changed ones and new ones
  // each earlier item: gone (0), kept (1), or kept at its span with another score (2), source (3), text (4) or form (5)
  const pair = fc.tuple(list, list, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 30, maxLength: 30 })).map(([before, fresh, fate]) => {
    const changed = (x: PackableSuggestion, f: number): PackableSuggestion => {
      if (f === 2) return { ...x, score: x.score === 1 ? 0.5 : 1 };
      if (f === 3) return { ...x, source: x.source === 'tagger' ? 'occurrence' : 'tagger' };
      if (f === 4) return { ...x, text: `${x.text}א` };
      if (f === 5) {
        const { form, ...rest } = x;
        return form === undefined ? { ...rest, form: 'רוסיה' } : rest;
      }
      return x;
    };
    const kept = before.flatMap((x, i) => (fate[i] === 0 ? [] : [changed(x, fate[i] ?? 1)]));
    const keys = new Set(kept.map((x) => x.key));
    const after = [...kept, ...fresh.filter((x) => !keys.has(x.key))].sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    return { before, after };
  });

  it('applying the delta to the earlier items gives exactly the later list', () => {
    fc.assert(
      fc.property(pair, ({ before, after }) => {
        const d = diffSuggestions('r1', packSuggestions('d1', before), packSuggestions('d1', after), 1);
        expect(d).not.toBeNull();
        const got = applySuggestionDelta(unpackSuggestions(packSuggestions('d1', before)), d!.delta, unpackSuggestions(d!.packed));
        expect(got).toEqual(unpackSuggestions(packSuggestions('d1', after)));
        // items kept are the earlier list's own objects (nothing unpacked again)
        expect(d!.packed.starts.length).toBeLessThanOrEqual(after.length);
      }),
      { numRuns: 500 },
    );
  });

  it('sends only what changed: one item gone and one new in a long list', () => {
    const long = Array.from({ length: 1000 }, (_, i) => item({ start: i * 3, end: i * 3 + 2 }, 'GPE', 'occurrence', 0.5, 'רוסיה'));
    const after = [...long.slice(0, 400), ...long.slice(401, 700), item({ start: 700 * 3 - 1, end: 700 * 3 }, 'LOC', 'tagger', 0.8), ...long.slice(700)];
    const d = diffSuggestions('r1', packSuggestions('d7', long), packSuggestions('d7', after));
    expect(d?.delta).toEqual({ from: 'r1', removed: [400], added: [699] });
    expect(unpackSuggestions(d!.packed)).toEqual([after[699]]);
    // a score changed is the item out and in again
    const rescored = long.map((x, i) => (i === 5 ? { ...x, score: 0.75 } : x));
    expect(diffSuggestions('r1', packSuggestions('d7', long), packSuggestions('d7', rescored))?.delta).toEqual({ from: 'r1', removed: [5], added: [5] });
    // more than half new: the whole list is as cheap
    expect(diffSuggestions('r1', packSuggestions('d7', long.slice(0, 10)), packSuggestions('d7', long))).toBeNull();
  });

  it('refuses a delta that does not fit the items held', () => {
    const before = [1, 2, 3];
    expect(applySuggestionDelta(before, { from: 'r', removed: [1], added: [0] }, [9])).toEqual([9, 1, 3]);
    for (const bad of [
      { removed: [3], added: [] },
      { removed: [2, 1], added: [] },
      { removed: [], added: [5] },
    ]) {
      try {
        applySuggestionDelta(before, { from: 'r', ...bad }, bad.added.map(() => 0));
        throw new Error('accepted');
      } catch (e) {
        expect(isCoreError(e) && e.code).toBe('invalid-argument');
      }
    }
  });
});
