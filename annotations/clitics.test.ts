import { describe, expect, it } from 'vitest';
import { procliticSplits } from './clitics';
import { snapToWords } from './tokenize';

const cp = (s: string) => Array.from(s).length;

function spanOf(text: string, word: string, part = word) {
  const at = text.indexOf(word) + word.indexOf(part);
  return { start: cp(text.slice(0, at)), end: cp(text.slice(0, at)) + cp(part) };
}

describe('procliticSplits', () => {
  it('Hebrew: one letter and sequences, a stem of two letters at least', () => {
    expect(procliticSplits('בקזחסטן')).toEqual([1]);
    expect(procliticSplits('ולקזחסטן')).toEqual([1, 2]);
    expect(procliticSplits('וכשהממשלה')).toEqual([1, 2, 3, 4]); // ו, וכ, וכש, וכשה
    expect(procliticSplits('שבירושלים')).toEqual([1, 2]);
    expect(procliticSplits('מהבית')).toEqual([1, 2]);
    expect(procliticSplits('בו')).toEqual([]);
    expect(procliticSplits('רוסיה')).toEqual([]);
  });

  it('Hebrew: niqqud stays with its letter', () => {
    // וּבַבַּיִת: vav+shuruk, bet+patah, then the stem.
    const word = 'וּבַבַּיִת';
    const splits = procliticSplits(word);
    expect(splits).toEqual([2, 4]);
    expect(Array.from(word).slice(4).join('')).toBe('בַּיִת');
  });

  it('Arabic: و ف ب ك ل, the article, and لل', () => {
    expect(procliticSplits('والجنود')).toEqual([1, 3]);
    expect(procliticSplits('وبالحكومة')).toEqual([1, 2, 4]);
    expect(procliticSplits('للحكومة')).toEqual([1, 2]);
    expect(procliticSplits('ولكازاخستان')).toEqual([1, 2]);
    expect(procliticSplits('الحكومة')).toEqual([2]);
    expect(procliticSplits('كتب')).toEqual([1]);
    expect(procliticSplits('Washington')).toEqual([]);
  });

  it('Arabic: harakat and tatweel stay with their letter', () => {
    const word = 'وَالْجُنُود';
    expect(procliticSplits(word)).toEqual([2, 5]);
    expect(Array.from(word).slice(5).join('')).toBe('جُنُود');
  });
});

describe('snapToWords with procliticsOut', () => {
  const he = 'הצנחנים נחתו בקזחסטן אתמול';
  const ar = 'وصل والجنود إلى المدينة';

  it('a selection starting right after the prefix keeps it out; the word end is still whole', () => {
    expect(snapToWords(he, spanOf(he, 'בקזחסטן', 'קזחס'), { procliticsOut: true })).toEqual(spanOf(he, 'בקזחסטן', 'קזחסטן'));
    expect(snapToWords(ar, spanOf(ar, 'والجنود', 'الجنود'), { procliticsOut: true })).toEqual(spanOf(ar, 'والجنود', 'الجنود'));
    expect(snapToWords(ar, spanOf(ar, 'والجنود', 'جنود'), { procliticsOut: true })).toEqual(spanOf(ar, 'والجنود', 'جنود'));
  });

  it('a selection starting elsewhere in the word takes the word whole', () => {
    expect(snapToWords(he, spanOf(he, 'בקזחסטן', 'זחס'), { procliticsOut: true })).toEqual(spanOf(he, 'בקזחסטן'));
    expect(snapToWords(he, spanOf(he, 'בקזחסטן'), { procliticsOut: true })).toEqual(spanOf(he, 'בקזחסטן'));
    expect(snapToWords(ar, spanOf(ar, 'والجنود', 'لجن'), { procliticsOut: true })).toEqual(spanOf(ar, 'والجنود'));
  });

  it('without the option, words are taken whole as before', () => {
    expect(snapToWords(he, spanOf(he, 'בקזחסטן', 'קזחסטן'))).toEqual(spanOf(he, 'בקזחסטן'));
    expect(snapToWords(ar, spanOf(ar, 'والجنود', 'الجنود'))).toEqual(spanOf(ar, 'والجنود'));
  });

  it('across two words, only the first word can lose its prefix', () => {
    const text = 'נחתו בקזחסטן ובטורקמניסטן';
    const start = spanOf(text, 'בקזחסטן', 'קזחסטן').start;
    const end = spanOf(text, 'ובטורקמניסטן', 'ובטו').end;
    expect(snapToWords(text, { start, end }, { procliticsOut: true })).toEqual({ start, end: spanOf(text, 'ובטורקמניסטן').end });
  });
});
