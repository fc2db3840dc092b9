import { describe, it, expect } from 'vitest';
import { findAll, firstMatchFrom } from './find';
import { cpSlice } from './text';

const texts = (text: string, query: string, o = {}) => findAll(text, query, o).matches.map((m) => cpSlice(text, m.start, m.end));

describe('findAll', () => {
  it('finds Hebrew words written with or without niqqud', () => {
    const text = 'אָמַר שָׁלוֹם וְשָׁלוֹם שלום';
    expect(texts(text, 'שלום')).toEqual(['שָׁלוֹם', 'שָׁלוֹם', 'שלום']);
    // The match inside וְשָׁלוֹם starts after the prefix, on a letter.
    const second = findAll(text, 'שלום').matches[1]!;
    expect(cpSlice(text, second.start - 2, second.start)).toBe('וְ');
    // A query with niqqud finds the bare word too (marks are ignored on both sides).
    expect(texts(text, 'שָׁלוֹם')).toHaveLength(3);
  });

  it('can require the marks to match', () => {
    const text = 'שָׁלוֹם שלום';
    expect(texts(text, 'שלום', { matchMarks: true })).toEqual(['שלום']);
    expect(texts(text, 'שָׁלוֹם', { matchMarks: true })).toEqual(['שָׁלוֹם']);
  });

  it('ignores harakat, tatweel and alef forms in Arabic', () => {
    const text = 'قالَ مُحَمَّد إنّ أحمد وأحمـــد احمد';
    expect(texts(text, 'محمد')).toEqual(['مُحَمَّد']);
    expect(texts(text, 'احمد')).toEqual(['أحمد', 'أحمـــد', 'احمد']);
    expect(texts(text, 'ان')).toEqual(['إنّ']);
    expect(texts(text, 'احمد', { matchMarks: true })).toEqual(['احمد']);
  });

  it('keeps a letter with its marks at the end of a match', () => {
    const text = 'בָּרוּךְ';
    const [m] = findAll(text, 'בר').matches;
    // ב, dagesh, qamats, ר (the shuruq's vav is the next letter).
    expect(m).toEqual({ start: 0, end: 4 });
    expect(cpSlice(text, m!.start, m!.end)).toBe('בָּר');
  });

  it('answers code point offsets after astral characters', () => {
    const text = '😀 ירושלים 👨‍👩‍👧 ירושלים';
    const { matches } = findAll(text, 'ירושלים');
    expect(matches).toEqual([
      { start: 2, end: 9 },
      { start: 16, end: 23 },
    ]);
  });

  it('never splits a joined emoji sequence', () => {
    const text = 'a 👨‍👩‍👧 b 👨 c';
    // 👨 alone: the family's first person is followed by a joiner, so the match takes the whole
    // sequence; a person after the joiner is inside a grapheme and is skipped.
    expect(texts(text, '👨')).toEqual(['👨‍👩‍👧', '👨']);
    expect(texts(text, '👩')).toEqual([]);
  });

  it('ignores letter case unless asked', () => {
    const text = 'Reuters reuters REUTERS';
    expect(texts(text, 'reuters')).toHaveLength(3);
    expect(texts(text, 'Reuters', { matchCase: true })).toEqual(['Reuters']);
  });

  it('does not overlap matches and stops at the limit', () => {
    expect(texts('aaaa', 'aa')).toEqual(['aa', 'aa']);
    const r = findAll('ab ab ab ab', 'ab', { limit: 3 });
    expect(r.matches).toHaveLength(3);
    expect(r.truncated).toBe(true);
    expect(findAll('ab ab ab', 'ab', { limit: 3 }).truncated).toBe(false);
  });

  it('matches nothing for an empty query or one made only of marks', () => {
    expect(findAll('שָׁלוֹם', '').matches).toEqual([]);
    expect(findAll('שָׁלוֹם', 'ָ').matches).toEqual([]);
  });

  it('does not match across a line break the query lacks', () => {
    expect(texts('אב\nגד', 'בג')).toEqual([]);
  });

  it('picks the first match from a position, wrapping to the first', () => {
    const { matches } = findAll('ab ab ab', 'ab');
    expect(firstMatchFrom(matches, 0)).toBe(0);
    expect(firstMatchFrom(matches, 1)).toBe(1);
    expect(firstMatchFrom(matches, 3)).toBe(1);
    expect(firstMatchFrom(matches, 7)).toBe(0);
    expect(firstMatchFrom([], 5)).toBe(0);
  });
});
