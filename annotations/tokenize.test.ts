import { describe, it, expect } from 'vitest';
import { snapToWords, tokenArrays, tokenize, wordCoverage, type Token } from './tokenize';
import { checkSpan } from './spans';
import { cpSlice } from './text';
import { isGraphemeBoundary } from './graphemes';
import { CoreError } from './errors';

/** Tokens as [text, kind] pairs. */
function toks(text: string): [string, Token['kind']][] {
  return tokenize(text).map((t) => [cpSlice(text, t.start, t.end), t.kind]);
}

describe('tokenize', () => {
  it('splits the seed photo credit "(צילום: reuters)"', () => {
    expect(toks('(צילום: reuters)')).toEqual([
      ['(', 'punct'],
      ['צילום', 'word'],
      [':', 'punct'],
      ['reuters', 'word'],
      [')', 'punct'],
    ]);
    expect(tokenize('(צילום: reuters)')).toEqual([
      { start: 0, end: 1, kind: 'punct' },
      { start: 1, end: 6, kind: 'word' },
      { start: 6, end: 7, kind: 'punct' },
      { start: 8, end: 15, kind: 'word' },
      { start: 15, end: 16, kind: 'punct' },
    ]);
  });

  it('keeps gershayim and geresh inside Hebrew words', () => {
    expect(toks('צה"ל וארה״ב')).toEqual([
      ['צה"ל', 'word'],
      ['וארה״ב', 'word'],
    ]);
    expect(toks("ג'ורג' ג׳ורג׳")).toEqual([
      ["ג'ורג", 'word'],
      ["'", 'punct'],
      ['ג׳ורג', 'word'],
      ['׳', 'punct'],
    ]);
    expect(toks('don’t')).toEqual([['don’t', 'word']]);
    // quotes around a word are punctuation
    expect(toks('"שלום"')).toEqual([
      ['"', 'punct'],
      ['שלום', 'word'],
      ['"', 'punct'],
    ]);
  });

  it('keeps Arabic prefixes (ال, و) and tatweel inside the word', () => {
    expect(toks('والحكومة الرئاسة وبالأمس')).toEqual([
      ['والحكومة', 'word'],
      ['الرئاسة', 'word'],
      ['وبالأمس', 'word'],
    ]);
    expect(toks('كـــتاب')).toEqual([['كـــتاب', 'word']]);
    expect(toks('الأربعاء، أن')).toEqual([
      ['الأربعاء', 'word'],
      ['،', 'punct'],
      ['أن', 'word'],
    ]);
  });

  it('keeps niqqud, harakat and ZWNJ/ZWJ inside words', () => {
    expect(toks('שָׁלוֹם עֲלֵיכֶם')).toEqual([
      ['שָׁלוֹם', 'word'],
      ['עֲלֵיכֶם', 'word'],
    ]);
    expect(toks('مُحَمَّدٌ شكرًا')).toEqual([
      ['مُحَمَّدٌ', 'word'],
      ['شكرًا', 'word'],
    ]);
    expect(toks('می\u200cخواهم')).toEqual([['می\u200cخواهم', 'word']]);
  });

  it('treats hyphen and maqaf as separators kept as punctuation', () => {
    expect(toks('בית־ספר תל-אביב')).toEqual([
      ['בית', 'word'],
      ['־', 'punct'],
      ['ספר', 'word'],
      ['תל', 'word'],
      ['-', 'punct'],
      ['אביב', 'word'],
    ]);
  });

  it('reads numbers with internal separators as one token', () => {
    expect(toks('1,234.50 ש"ח, 3.5% ٣٫١٤')).toEqual([
      ['1,234.50', 'number'],
      ['ש"ח', 'word'],
      [',', 'punct'],
      ['3.5', 'number'],
      ['%', 'punct'],
      ['٣٫١٤', 'number'],
    ]);
    expect(toks('2022.')).toEqual([
      ['2022', 'number'],
      ['.', 'punct'],
    ]);
    expect(toks('COVID19')).toEqual([['COVID19', 'word']]);
  });

  it('separates on NBSP and other white space, never making tokens of it', () => {
    expect(toks('אבג\u00a0דהו\u2009זח\tט\u3000י')).toEqual([
      ['אבג', 'word'],
      ['דהו', 'word'],
      ['זח', 'word'],
      ['ט', 'word'],
      ['י', 'word'],
    ]);
    expect(tokenize(' \n\u00a0 ')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });

  it('skips invisible bidi controls', () => {
    expect(toks('\u200fשלום\u200e abc')).toEqual([
      ['שלום', 'word'],
      ['abc', 'word'],
    ]);
  });

  it('counts in code points and keeps emoji sequences whole', () => {
    const text = '😀 ישראל 👨‍👩‍👧!';
    expect(tokenize(text)).toEqual([
      { start: 0, end: 1, kind: 'punct' },
      { start: 2, end: 7, kind: 'word' },
      { start: 8, end: 13, kind: 'punct' },
      { start: 13, end: 14, kind: 'punct' },
    ]);
  });

  it('only produces grapheme-safe tokens', () => {
    const text = 'א ַב (ً) 🇮🇱x 👍🏽שלום';
    for (const t of tokenize(text)) {
      expect(isGraphemeBoundary(text, t.start)).toBe(true);
      expect(isGraphemeBoundary(text, t.end)).toBe(true);
      expect(t.start).toBeLessThan(t.end);
    }
  });

  it('returns a fresh array each time', () => {
    const a = tokenize('שלום עולם');
    (a[0] as Token).end = 99;
    expect(tokenize('שלום עולם')[0]).toEqual({ start: 0, end: 4, kind: 'word' });
  });
});

describe('tokenize, texts longer than the reused arrays', () => {
  it('a text over a million code units is tokenized whole, and a short one after it as before', () => {
    const big = 'שָׁלוֹם עולם 12 '.repeat(80_000); // 1,280,000 code units
    const t = tokenArrays(big);
    expect(t.count).toBe(240_000);
    const last = t.count - 1;
    expect(big.slice(t.starts[last - 2], t.ends[last - 2])).toBe('שָׁלוֹם');
    expect(big.slice(t.starts[last], t.ends[last])).toBe('12');
    expect([...t.kinds.slice(0, 3)]).toEqual([2, 2, 1]);
    const small = 'בקזחסטן, ו-2024';
    expect(tokenize(small).map((x) => small.slice(x.start, x.end))).toEqual(['בקזחסטן', ',', 'ו', '-', '2024']);
  });
});

describe('snapToWords', () => {
  const text = 'ההפגנות האלימות בקזחסטן על עליית';
  const word = { start: text.indexOf('בקזחסטן'), end: text.indexOf('בקזחסטן') + 7 };

  it('widens a selection inside בקזחסטן to the whole word', () => {
    expect(snapToWords(text, { start: word.start + 2, end: word.start + 4 })).toEqual(word);
    expect(snapToWords(text, { start: word.start + 1, end: word.end })).toEqual(word);
  });

  it('keeps an exact sub-word span valid as grapheme-safe, though snapping widens it', () => {
    const sub = { start: word.start + 1, end: word.end }; // קזחסטן
    expect(cpSlice(text, sub.start, sub.end)).toBe('קזחסטן');
    expect(checkSpan(text, sub)).toEqual(sub);
    expect(snapToWords(text, sub)).toEqual(word);
  });

  it('trims white space and widens across several words', () => {
    const s = text.indexOf('ת האל'); // from the last letter of ההפגנות to inside האלימות
    expect(snapToWords(text, { start: s, end: s + 4 })).toEqual({ start: 0, end: 15 });
    // a selection of " על " trims to על
    const al = text.indexOf(' על ');
    expect(snapToWords(text, { start: al, end: al + 4 })).toEqual({ start: al + 1, end: al + 3 });
  });

  it('is null for white space only', () => {
    const sp = text.indexOf(' ');
    expect(snapToWords(text, { start: sp, end: sp + 1 })).toBeNull();
    expect(snapToWords('a \u00a0\n b', { start: 1, end: 5 })).toBeNull();
  });

  it('a caret inside a word selects the word', () => {
    expect(snapToWords(text, { start: word.start + 3, end: word.start + 3 })).toEqual(word);
    expect(snapToWords(text, { start: word.start, end: word.start })).toBeNull();
  });

  it('never splits a cluster', () => {
    const v = 'אָמַר שָׁלוֹם';
    // a selection ending between ש and its marks
    const r = snapToWords(v, { start: 6, end: 7 });
    expect(r).toEqual({ start: 6, end: 13 });
    const p = '(ً)';
    const q = snapToWords(p, { start: 0, end: 1 });
    expect(q).toEqual({ start: 0, end: 2 });
  });

  it('includes surrounding punctuation only if selected', () => {
    const t = '(צילום: reuters)';
    expect(snapToWords(t, { start: 2, end: 3 })).toEqual({ start: 1, end: 6 });
    expect(snapToWords(t, { start: 0, end: 3 })).toEqual({ start: 0, end: 6 });
    expect(snapToWords(t, { start: 9, end: 16 })).toEqual({ start: 8, end: 16 });
  });

  it('counts in code points after a non-BMP character', () => {
    const t = '𝔸 בקזחסטן';
    expect(snapToWords(t, { start: 3, end: 4 })).toEqual({ start: 2, end: 9 });
  });

  it('rejects out-of-range spans', () => {
    expect(() => snapToWords('abc', { start: 1, end: 4 })).toThrow(CoreError);
    expect(() => snapToWords('abc', { start: 1.5, end: 2 })).toThrow(/integers/);
  });
});

describe('wordCoverage', () => {
  const text = 'ההפגנות האלימות, בקזחסטן 2022 על';
  it('is the share of word tokens touched', () => {
    expect(wordCoverage(text, [])).toBe(0);
    expect(wordCoverage(text, [{ start: 0, end: 7 }])).toBe(0.25);
    expect(wordCoverage(text, [{ start: 3, end: 10 }])).toBe(0.5);
    expect(wordCoverage(text, [{ start: 0, end: 7 }, { start: 2, end: 4 }])).toBe(0.25);
    expect(wordCoverage(text, [{ start: 0, end: [...text].length }])).toBe(1);
    // numbers and punctuation are not words
    const n = text.indexOf('2022');
    expect(wordCoverage(text, [{ start: n, end: n + 4 }])).toBe(0);
  });
  it('is 0 for text without words', () => {
    expect(wordCoverage('123 !', [{ start: 0, end: 3 }])).toBe(0);
    expect(wordCoverage('', [])).toBe(0);
  });
});

describe('performance', () => {
  it('tokenizes, snaps and measures coverage on a 5 MB text (no time asserted)', () => {
    const para = 'ההפגנות האלימות בקזחסטן (צילום: reuters) 1,234.5 أعلنت الرئاسة في كازخستان 😀 شُكْرًا\n';
    const text = para.repeat(Math.ceil(5_000_000 / 1.8 / para.length));
    const tokens = tokenize(text);
    expect(tokens.length).toBe(15 * Math.ceil(5_000_000 / 1.8 / para.length));
    const mid = tokens[Math.floor(tokens.length / 2)] as Token;
    for (let i = 0; i < 1000; i++) expect(snapToWords(text, { start: mid.start + 1, end: mid.start + 2 })).toEqual({ start: mid.start, end: mid.end });
    expect(wordCoverage(text, [{ start: mid.start, end: mid.end }])).toBeGreaterThan(0);
  });
});
