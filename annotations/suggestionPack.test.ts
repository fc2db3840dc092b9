import { describe, expect, it } from 'vitest';
import { isCoreError } from './errors';
import { packSuggestions, suggestionKey, unpackSuggestions, type PackableSuggestion } from './suggestionPack';

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
