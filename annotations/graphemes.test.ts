import { describe, it, expect } from 'vitest';
import { GraphemeIndex, graphemeBoundaries, graphemeIndex, isGraphemeBoundary, snapToGraphemes } from './graphemes';
import { CoreError } from './errors';

/** Reference: Intl.Segmenter over the whole text, converted to code points. */
function reference(text: string): number[] {
  const seg = new Intl.Segmenter('und', { granularity: 'grapheme' });
  const out = [0];
  let cp = 0;
  for (const { segment } of seg.segment(text)) {
    cp += [...segment].length;
    out.push(cp);
  }
  return text === '' ? [0] : out;
}

describe('graphemeBoundaries', () => {
  it('keeps Hebrew niqqud with its letter (שָׁלוֹם)', () => {
    const word = 'שָׁלוֹם'; // ש + qamats + shin dot, ל, ו + holam, ם
    expect([...word].length).toBe(7);
    expect(graphemeBoundaries(word)).toEqual([0, 3, 4, 6, 7]);
    expect(isGraphemeBoundary(word, 1)).toBe(false);
    expect(isGraphemeBoundary(word, 2)).toBe(false);
    expect(isGraphemeBoundary(word, 3)).toBe(true);
    expect(isGraphemeBoundary(word, 5)).toBe(false);
  });

  it('keeps Arabic harakat with its letter (مُحَمَّد)', () => {
    const word = 'مُحَمَّد'; // م ُ ح َ م ّ َ د
    expect([...word].length).toBe(8);
    expect(graphemeBoundaries(word)).toEqual([0, 2, 4, 7, 8]);
  });

  it('keeps fathatan and dagger alef with the letter', () => {
    const word = 'شكرًا'; // ش ك ر ً ا
    expect(graphemeBoundaries(word)).toEqual([0, 1, 2, 4, 5]);
    expect(isGraphemeBoundary(word, 3)).toBe(false);
    const rahman = 'رحمٰن'; // U+0670 superscript alef
    expect(graphemeBoundaries(rahman)).toEqual([0, 1, 2, 4, 5]);
  });

  it('keeps emoji sequences whole and counts in code points', () => {
    const family = '👨‍👩‍👧'; // 5 code points, 8 UTF-16 units
    expect(graphemeBoundaries(`a${family}b`)).toEqual([0, 1, 6, 7]);
    expect(graphemeBoundaries('🇮🇱🇪🇬')).toEqual([0, 2, 4]);
    expect(graphemeBoundaries('👍🏽!')).toEqual([0, 2, 3]);
    expect(graphemeBoundaries('𝔸x')).toEqual([0, 1, 2]);
  });

  it('handles the empty text and plain text', () => {
    expect(graphemeBoundaries('')).toEqual([0]);
    expect(graphemeBoundaries('ab\ncd')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(graphemeBoundaries('a\r\nb')).toEqual([0, 1, 3, 4]);
  });

  it('agrees with Intl.Segmenter on random mixed text', () => {
    const alphabet = [
      'a', 'b', ' ', '\n', '\r', '.', 'ש', 'ל', '\u05b8', '\u05c1', '\u05bc', 'ب', 'ت', '\u064e', '\u064b', '\u0670',
      '\u0640', '😀', '🏽', '\u200d', '\u200c', '🇮', '🇱', '\u0915', '\u094d', '\u0937', 'ᄀ', 'ᅡ', 'ᆨ', '\u0301',
      '\u00a0', '\u0600', '\ufe0f', '❤', '-', '1', '𝔸',
    ];
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 12) % n;
    };
    for (let round = 0; round < 300; round++) {
      let s = '';
      const len = rnd(80);
      for (let i = 0; i < len; i++) {
        // long simple runs too, so that the fast path and the chunking both get exercised
        s += rnd(4) === 0 ? 'abcdefghijklmnop'.slice(0, rnd(16)) : (alphabet[rnd(alphabet.length)] as string);
      }
      expect(new GraphemeIndex(s).boundaries()).toEqual(reference(s));
    }
  });

  it('agrees with Intl.Segmenter where marks meet complex characters', () => {
    for (const s of ['אַ\u200db שׁ\u0301x', 'אַ😀', '\nַa', 'a\u0301\u0301\u200d😀 b', 'ש\u05b8\u05c1\u0600ב', '\tً', 'ًا']) {
      expect(new GraphemeIndex(s).boundaries(), JSON.stringify(s)).toEqual(reference(s));
    }
  });

  it('agrees with Intl.Segmenter on every BMP character below U+2100 before a mark (a soft hyphen is a control: the mark after it is a cluster of its own)', () => {
    expect(new GraphemeIndex('\u00ad\u05b7').boundaries()).toEqual([0, 1, 2]);
    const wrong: string[] = [];
    for (let u = 0; u < 0x2100; u++) {
      const c = String.fromCharCode(u);
      for (const s of [`${c}\u05b7`, `a${c}\u064e`, `ש${c}\u05b8b`]) {
        if (JSON.stringify(new GraphemeIndex(s).boundaries()) !== JSON.stringify(reference(s))) wrong.push(JSON.stringify(s));
      }
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with Intl.Segmenter on vocalised text', () => {
    const text = 'בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ׃ بِسْمِ ٱللَّٰهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ\n'.repeat(20);
    expect(graphemeBoundaries(text)).toEqual(reference(text));
  });

  it('indexes a 5 MB text (no time asserted: the machine is shared; npm run bench measures)', () => {
    const para = 'ההפגנות האלימות בקזחסטן על עליית מחירי הדלק נמשכות גם היום (חמישי). أعلنت الرئاسة في كازخستان اليوم 😀 شُكْرًا.\n';
    const text = para.repeat(Math.ceil(2_600_000 / para.length));
    const g = new GraphemeIndex(text);
    expect(g.clusterCount).toBe(g.length - 3 * Math.ceil(2_600_000 / para.length));
  });
});

describe('snapToGraphemes', () => {
  const word = 'שָׁלוֹם';
  it('widens to the enclosing clusters', () => {
    expect(snapToGraphemes(word, { start: 1, end: 2 })).toEqual({ start: 0, end: 3 });
    expect(snapToGraphemes(word, { start: 2, end: 5 })).toEqual({ start: 0, end: 6 });
    expect(snapToGraphemes(word, { start: 3, end: 4 })).toEqual({ start: 3, end: 4 });
    expect(snapToGraphemes(word, { start: 0, end: 7 })).toEqual({ start: 0, end: 7 });
    // a collapsed position inside a cluster widens to the cluster
    expect(snapToGraphemes(word, { start: 5, end: 5 })).toEqual({ start: 4, end: 6 });
  });

  it('rejects out-of-range spans', () => {
    expect(() => snapToGraphemes(word, { start: 0, end: 8 })).toThrow(CoreError);
    expect(() => snapToGraphemes(word, { start: -1, end: 2 })).toThrow(/out of range/);
    expect(() => snapToGraphemes(word, { start: 3, end: 2 })).toThrow(CoreError);
  });

  it('floor and ceil of the index', () => {
    const g = graphemeIndex('a👨‍👩‍👧b');
    expect(g.length).toBe(7);
    expect(g.floor(3)).toBe(1);
    expect(g.ceil(3)).toBe(6);
    expect(g.isBoundary(6)).toBe(true);
    expect(g.isBoundary(7)).toBe(true);
    expect(g.isBoundary(8)).toBe(false);
  });
});
