import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { detectLang, detectLangUtf8, langDirection, paragraphDirection, splitParagraphs } from './direction';
import { decodeText } from './decode';
import { cpLength, cpSlice } from './text';
import { tokenize } from './tokenize';

function seed(name: string): string {
  const bytes = readFileSync(new URL(`../seeds/${name}`, import.meta.url));
  return decodeText(new Uint8Array(bytes), name);
}

const HE = seed('000_02cc41fc914e2978.txt');
const AR = seed('004_34706c9f770e00bd.txt');

describe('detectLang', () => {
  it('detects the seed files', () => {
    expect(detectLang(HE)).toBe('he');
    expect(detectLang(AR)).toBe('ar');
    expect(langDirection(detectLang(HE))).toBe('rtl');
    expect(langDirection(detectLang(AR))).toBe('rtl');
  });

  it('uses letters only and requires a 20% share', () => {
    expect(detectLang('')).toBe('other');
    expect(detectLang('1234 !!!')).toBe('other');
    expect(detectLang('The quick brown fox')).toBe('other');
    expect(detectLang('שלום')).toBe('he');
    expect(detectLang('مرحبا')).toBe('ar');
    // Hebrew with plenty of English still counts as Hebrew when Hebrew is ≥ 20% of letters
    expect(detectLang('שלום עולם and some more English words here')).toBe('he');
    // one Hebrew word in a long English text is not enough
    expect(detectLang('שלום and a great many English words in this sentence here')).toBe('other');
    // niqqud and harakat are not letters: vocalisation does not change the count
    expect(detectLang('שָׁלוֹם abcdefghijklmnopq')).toBe('other');
    expect(detectLang('שָׁלוֹם abcdefghijklm')).toBe('he');
    // Hebrew vs Arabic: the larger wins
    expect(detectLang('שלום مرحبا بكم')).toBe('ar');
    expect(langDirection('other')).toBe('ltr');
  });
});

describe('paragraphDirection', () => {
  it('uses the first strong character', () => {
    expect(paragraphDirection('שלום world', 'ltr')).toBe('rtl');
    expect(paragraphDirection('world שלום', 'rtl')).toBe('ltr');
    expect(paragraphDirection('  123, (מחיר)', 'ltr')).toBe('rtl');
    expect(paragraphDirection('"2022" - ap', 'rtl')).toBe('ltr');
    expect(paragraphDirection('٣٤ عام', 'ltr')).toBe('rtl');
    expect(paragraphDirection('𝔸 שלום', 'rtl')).toBe('ltr');
  });

  it('falls back when there is no strong character', () => {
    expect(paragraphDirection('', 'rtl')).toBe('rtl');
    expect(paragraphDirection('123 - !?', 'ltr')).toBe('ltr');
    expect(paragraphDirection('123 - !?', 'rtl')).toBe('rtl');
    expect(paragraphDirection('\u05b8\u064e', 'ltr')).toBe('ltr');
  });

  it('skips isolates (P2) and treats LRM/RLM as strong', () => {
    expect(paragraphDirection('\u2066abc\u2069 שלום', 'ltr')).toBe('rtl');
    expect(paragraphDirection('\u2067שלום\u2069 abc', 'rtl')).toBe('ltr');
    expect(paragraphDirection('\u2068\u2066x\u2069y\u2069', 'rtl')).toBe('rtl');
    expect(paragraphDirection('\u200f123 abc', 'ltr')).toBe('rtl');
    expect(paragraphDirection('\u200e123 שלום', 'rtl')).toBe('ltr');
    // embeddings are not strong, their content is
    expect(paragraphDirection('\u202babc\u202c', 'rtl')).toBe('ltr');
  });
});

describe('splitParagraphs', () => {
  it('splits on LF with empty lines and contiguous offsets', () => {
    const text = 'שלום\n\nabc 😀\nمرحبا\n';
    const ps = splitParagraphs(text, 'rtl');
    expect(ps).toEqual([
      { start: 0, end: 4, dir: 'rtl' },
      { start: 5, end: 5, dir: 'rtl' },
      { start: 6, end: 11, dir: 'ltr' },
      { start: 12, end: 17, dir: 'rtl' },
      { start: 18, end: 18, dir: 'rtl' },
    ]);
    expect(splitParagraphs('', 'ltr')).toEqual([{ start: 0, end: 0, dir: 'ltr' }]);
    expect(splitParagraphs('\n', 'ltr')).toEqual([
      { start: 0, end: 0, dir: 'ltr' },
      { start: 1, end: 1, dir: 'ltr' },
    ]);
  });

  it('covers the seed files line by line', () => {
    for (const [text, lines, empty] of [
      [HE, 30, 9],
      [AR, 19, 7],
    ] as const) {
      const ps = splitParagraphs(text, 'rtl');
      const raw = text.split('\n');
      expect(ps.length).toBe(raw.length);
      expect(ps.filter((p) => p.end > p.start).length).toBeGreaterThanOrEqual(lines - empty);
      expect(ps.filter((p) => p.start === p.end).length).toBeGreaterThanOrEqual(empty);
      ps.forEach((p, i) => {
        expect(cpSlice(text, p.start, p.end)).toBe(raw[i]);
        const next = ps[i + 1];
        if (next) expect(p.end + 1).toBe(next.start);
        // every paragraph of these articles starts with a Hebrew/Arabic letter (or is empty)
        expect(p.dir).toBe('rtl');
      });
      expect((ps[ps.length - 1] as { end: number }).end).toBe(cpLength(text));
    }
  });

  it('finds the seed photo credit and its tokens', () => {
    const at = HE.indexOf('(צילום: reuters)');
    expect(at).toBeGreaterThan(0);
    const kinds = tokenize(HE).filter((t) => t.start >= at && t.end <= at + 16);
    expect(kinds.map((t) => t.kind)).toEqual(['punct', 'word', 'punct', 'word', 'punct']);
    const kaz = tokenize(HE).filter((t) => cpSlice(HE, t.start, t.end) === 'בקזחסטן');
    expect(kaz.length).toBeGreaterThan(3);
  });
});

describe('detectLangUtf8', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const answer = (s: string) => ({ lang: detectLang(s), codePoints: cpLength(s) });

  it('gives detectLang of the decoded text and its length in code points, for the seeds and mixed texts', () => {
    for (const s of [HE, AR, 'plain English', 'עברית with English', 'عربي ועברית 𝔸𝔹 😀', '123 ?! ', '\uFEFFשלום']) {
      const r = detectLangUtf8(utf8(s));
      expect({ lang: r.lang, codePoints: r.codePoints }).toEqual(answer(s));
    }
    expect(detectLangUtf8(utf8('123 ?!')).letters).toBe(0);
  });

  it('agrees with detectLang on any text (property)', () => {
    const ch = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x590, max: 0x5ff }),
      fc.integer({ min: 0x600, max: 0x6ff }),
      fc.integer({ min: 0xfb1d, max: 0xfdff }),
      fc.integer({ min: 0x80, max: 0xd7ff }),
      fc.integer({ min: 0x10000, max: 0x10ffff }),
    );
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 60 }), (cps) => {
        const s = String.fromCodePoint(...cps);
        const r = detectLangUtf8(utf8(s));
        expect({ lang: r.lang, codePoints: r.codePoints }).toEqual(answer(s));
      }),
      { numRuns: 500 },
    );
  });
});
