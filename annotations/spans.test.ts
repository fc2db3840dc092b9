import { describe, it, expect } from 'vitest';
import { checkSpan, spansOverlap } from './spans';
import { graphemeIndex } from './graphemes';
import { CoreError } from './errors';
import { cpSlice } from './text';

function failure(text: string, span: { start: number; end: number }): CoreError {
  try {
    checkSpan(text, span);
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    expect((e as CoreError).code).toBe('invalid-argument');
    return e as CoreError;
  }
  throw new Error('expected checkSpan to throw');
}

describe('checkSpan', () => {
  const text = '😀 שָׁלוֹם مُحَمَّد';
  it('accepts valid spans and returns a clean copy', () => {
    const span = { start: 2, end: 9, extra: 1 };
    expect(checkSpan(text, span)).toEqual({ start: 2, end: 9 });
    expect(cpSlice(text, 2, 9)).toBe('שָׁלוֹם');
    expect(checkSpan(text, { start: 0, end: 1 })).toEqual({ start: 0, end: 1 });
    expect(checkSpan(text, { start: 0, end: [...text].length })).toEqual({ start: 0, end: 18 });
  });

  it('rejects empty, reversed, out-of-range and non-integer spans', () => {
    expect(failure(text, { start: 3, end: 3 }).message).toMatch(/empty/);
    expect(failure(text, { start: 4, end: 3 }).message).toMatch(/out of range/);
    expect(failure(text, { start: -1, end: 3 }).message).toMatch(/out of range/);
    expect(failure(text, { start: 0, end: 19 }).message).toBe('span [0, 19) is out of range: the text has 18 code points');
    expect(failure(text, { start: 0.5, end: 3 }).message).toMatch(/integers/);
    expect(failure(text, { start: NaN, end: 3 }).message).toMatch(/integers/);
    expect(failure(text, { start: '1', end: 3 } as unknown as { start: number; end: number }).message).toMatch(/integers/);
  });

  it('rejects spans that split a letter from its niqqud or harakat', () => {
    expect(failure(text, { start: 2, end: 3 }).message).toBe(
      'span [2, 3): end 3 splits a character from its marks (a grapheme cluster); the nearest boundaries are 2 and 5',
    );
    expect(failure(text, { start: 4, end: 9 }).message).toMatch(/start 4 splits/);
    const m = text.indexOf('م') - 1; // one astral char before
    expect(failure(text, { start: m, end: m + 1 }).message).toMatch(/end .* splits/);
    expect(checkSpan(text, { start: m, end: m + 2 })).toEqual({ start: m, end: m + 2 });
  });

  it('accepts a precomputed index', () => {
    const g = graphemeIndex(text);
    expect(checkSpan(text, { start: 5, end: 6 }, g)).toEqual({ start: 5, end: 6 });
    expect(() => checkSpan(text, { start: 1, end: 3 }, g)).toThrow(CoreError);
  });
});

describe('spansOverlap', () => {
  it('is true only when spans share a code point', () => {
    expect(spansOverlap({ start: 0, end: 3 }, { start: 2, end: 5 })).toBe(true);
    expect(spansOverlap({ start: 0, end: 3 }, { start: 3, end: 5 })).toBe(false);
    expect(spansOverlap({ start: 1, end: 2 }, { start: 0, end: 5 })).toBe(true);
  });
});
