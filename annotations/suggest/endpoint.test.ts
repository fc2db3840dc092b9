import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors';
import { readEndpointAnswer } from './endpoint';

const TYPES = ['PER', 'GPE', 'ORG'];

/** Code-point span of the `nth` occurrence of `part` in `text`. */
function cp(text: string, part: string, nth = 0): { start: number; end: number } {
  let u = -1;
  for (let i = 0; i <= nth; i++) u = text.indexOf(part, u + 1);
  if (u < 0) throw new Error(`no ${part}`);
  const start = [...text.slice(0, u)].length;
  return { start, end: start + [...part].length };
}

/** The same span in UTF-16 code units (what a JavaScript or Java model would send). */
function utf16(text: string, part: string, nth = 0): { start: number; end: number } {
  let u = -1;
  for (let i = 0; i <= nth; i++) u = text.indexOf(part, u + 1);
  return { start: u, end: u + part.length };
}

describe('readEndpointAnswer', () => {
  const text = 'נשיא רוסיה ביקר בקזחסטן. שָׁלוֹם';

  it('keeps valid items with their scores and index, code points throughout', () => {
    const body = JSON.stringify([
      { ...cp(text, 'רוסיה'), type: 'GPE', score: 0.9 },
      { ...cp(text, 'קזחסטן'), type: 'GPE', score: 0, text: 'קזחסטן', extra: 'ignored' },
    ]);
    expect(readEndpointAnswer(body, text, TYPES)).toEqual({
      items: [
        { ...cp(text, 'רוסיה'), type: 'GPE', score: 0.9, index: 0 },
        { ...cp(text, 'קזחסטן'), type: 'GPE', score: 0, index: 1 },
      ],
      refused: [],
    });
    expect(readEndpointAnswer('[]', text, TYPES)).toEqual({ items: [], refused: [] });
  });

  it('refuses an answer that is not JSON, or not an array', () => {
    expect(() => readEndpointAnswer('[{"start": 0,', text, TYPES)).toThrow(CoreError);
    expect(() => readEndpointAnswer('[{"start": 0,', text, TYPES)).toThrow(/not JSON/);
    expect(() => readEndpointAnswer('{"entities": []}', text, TYPES)).toThrow(/an object, not an array/);
    expect(() => readEndpointAnswer('null', text, TYPES)).toThrow(/null, not an array/);
    expect(() => readEndpointAnswer('', text, TYPES)).toThrow(/not JSON/);
  });

  it('refuses each bad item with its index and reason, and keeps the rest', () => {
    const shin = cp(text, 'שָׁלוֹם');
    const good = { ...cp(text, 'רוסיה'), type: 'GPE', score: 0.5 };
    const items = [
      good,
      'PER 0 4',
      { start: '0', end: '4', type: 'PER', score: 1 },
      { start: 0.5, end: 4, type: 'PER', score: 1 },
      { start: 0, end: 400, type: 'PER', score: 1 },
      { start: -1, end: 4, type: 'PER', score: 1 },
      { start: 4, end: 4, type: 'PER', score: 1 },
      { start: shin.start, end: shin.start + 1, type: 'PER', score: 1 },
      { ...cp(text, 'נשיא'), type: 'ORG-X', score: 1 },
      { ...cp(text, 'נשיא'), type: 'PER', score: 1.5 },
      { ...cp(text, 'נשיא'), type: 'PER' },
      { ...cp(text, 'נשיא'), type: 'PER', score: 0.7, text: 'נשיאה' },
      good,
      null,
    ];
    const r = readEndpointAnswer(JSON.stringify(items), text, TYPES);
    expect(r.items).toEqual([{ ...good, index: 0 }]);
    expect(r.refused.map((x) => x.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const why = (i: number) => r.refused.find((x) => x.index === i)?.reason;
    expect(why(1)).toMatch(/^not an object/);
    expect(why(2)).toMatch(/must be integers/);
    expect(why(3)).toMatch(/must be integers/);
    expect(why(4)).toMatch(new RegExp(`out of range: the text has ${[...text].length} code points`));
    expect(why(5)).toMatch(/out of range/);
    expect(why(6)).toMatch(/is empty/);
    expect(why(7)).toMatch(/splits a character from its marks/);
    expect(why(8)).toMatch(/unknown type "ORG-X"/);
    expect(why(9)).toMatch(/score must be a number from 0 to 1, not 1\.5/);
    expect(why(10)).toMatch(/score must be a number from 0 to 1, not undefined/);
    expect(why(11)).toMatch(/text "נשיאה" is not the text at/);
    expect(why(12)).toMatch(/the same span and type as an item before it/);
    expect(why(13)).toMatch(/^not an object: null/);
  });

  it('catches UTF-16 offsets on a text with characters outside the BMP, with or without a text', () => {
    const emoji = '🇮🇱 נשיא רוסיה 😀 ביקר בקזחסטן ובאלמטי.';
    // read as code points, UTF-16 offsets fall 2 (the flag) or 3 (and 😀) too far
    const withText = { ...utf16(emoji, 'רוסיה'), type: 'GPE', score: 0.8, text: 'רוסיה' };
    const plain = { ...utf16(emoji, 'קזחסטן'), type: 'GPE', score: 0.8 };
    const right = { ...cp(emoji, 'אלמטי'), type: 'GPE', score: 0.8 };
    const r = readEndpointAnswer(JSON.stringify([withText, plain, right]), emoji, TYPES);
    expect(r.items.map((x) => x.index)).toEqual([2]);
    expect(r.refused[0]?.reason).toMatch(/counted in UTF-16 units: send code points/);
    expect(r.refused[1]?.reason).toMatch(/cuts words, but read as UTF-16 units it is exactly "קזחסטן": send code points/);
    // an end past the code points but within the UTF-16 units says so
    const last = utf16(emoji, 'ובאלמטי.');
    const past = readEndpointAnswer(JSON.stringify([{ ...last, type: 'GPE', score: 1 }]), emoji, TYPES);
    expect(past.refused[0]?.reason).toMatch(/are these UTF-16 offsets\?/);
    // without astral characters both readings agree: a sub-word span is not doubted
    const stem = cp(text, 'קזחסטן');
    expect(readEndpointAnswer(JSON.stringify([{ ...stem, type: 'GPE', score: 1 }]), text, TYPES).items).toHaveLength(1);
  });
});
