import { describe, expect, it } from 'vitest';
import { argumentNames, formatMessage, formatNumber, MessageSyntaxError, parseMessage, pluralCategory } from './format';
import { LOCALES, addCatalogue, directionOf, localeFrom, translate } from './index';
import { ar } from './ar';
import { en, type MessageKey } from './en';
import { he } from './he';

const CATALOGUES = { en, he, ar };
addCatalogue('he', he);
addCatalogue('ar', ar);

describe('formatMessage', () => {
  it('fills arguments and keeps plain text', () => {
    expect(formatMessage('en', 'Hello {name}!', { name: 'Dana' })).toBe('Hello Dana!');
    expect(formatMessage('en', 'no arguments')).toBe('no arguments');
  });

  it('chooses English plurals with # and exact =n matches', () => {
    const m = '{n, plural, =0 {none} one {# mention} other {# mentions}}';
    expect(formatMessage('en', m, { n: 0 })).toBe('none');
    expect(formatMessage('en', m, { n: 1 })).toBe('1 mention');
    expect(formatMessage('en', m, { n: 1234 })).toBe('1,234 mentions');
  });

  it('has the six Arabic forms', () => {
    const m = '{n, plural, zero {Z} one {O} two {T} few {F#} many {M#} other {X#}}';
    const got = [0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103].map((n) => formatMessage('ar', m, { n }));
    expect(got).toEqual(['Z', 'O', 'T', 'F3', 'F10', 'M11', 'M99', 'X100', 'X101', 'X102', 'F103']);
  });

  it('has the Hebrew dual', () => {
    const m = '{n, plural, one {אחד} two {שניים} other {#}}';
    expect([1, 2, 3, 20].map((n) => formatMessage('he', m, { n }))).toEqual(['אחד', 'שניים', '3', '20']);
    expect(pluralCategory('he', 2)).toBe('two');
  });

  it('selects, nests, and quotes', () => {
    const m = '{g, select, a {A {n, plural, one {#x} other {#xs}}} other {B}}';
    expect(formatMessage('en', m, { g: 'a', n: 2 })).toBe('A 2xs');
    expect(formatMessage('en', m, { g: 'zz', n: 2 })).toBe('B');
    expect(formatMessage('en', "It''s '{literal}'", {})).toBe("It's {literal}");
    expect(formatMessage('en', "{n, plural, other {'#' #}}", { n: 5 })).toBe('# 5');
  });

  it('refuses broken messages and missing values', () => {
    expect(() => parseMessage('{n, plural, one {x}}')).toThrow(MessageSyntaxError);
    expect(() => parseMessage('oops }')).toThrow(MessageSyntaxError);
    expect(() => parseMessage('{n, number}')).toThrow(MessageSyntaxError);
    expect(() => parseMessage('{n, plural, other {x}')).toThrow(MessageSyntaxError);
    expect(() => formatMessage('en', 'a {b}', {})).toThrow(/missing value/);
    expect(() => formatMessage('en', '{n, plural, other {#}}', { n: 'x' })).toThrow(/number/);
  });
});

describe('formatNumber', () => {
  it('writes every number as Intl.NumberFormat does in each interface language, Western digits', () => {
    const numbers = [0, -0, 1, -1, 7, 12, 999, 1000, -1000, 12345, 123456, 1234567, -9876543, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 60, 1e21, 0.5, 1.0005, 2.25, -0.0001, 1234.5678, NaN, Infinity, -Infinity];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      numbers.push(seed % 2 ? seed % 10 ** (i % 12) : -(seed % 10 ** (i % 9)));
    }
    for (const locale of ['en', 'he', 'ar']) {
      const intl = new Intl.NumberFormat(locale, { numberingSystem: 'latn' });
      for (const n of numbers) expect(formatNumber(locale, n), `${locale} ${n}`).toBe(intl.format(n));
    }
  });
});

describe('catalogues', () => {
  const keys = Object.keys(CATALOGUES.en) as MessageKey[];

  it('every locale has exactly the English keys', () => {
    for (const l of LOCALES) expect(Object.keys(CATALOGUES[l]).sort()).toEqual([...keys].sort());
  });

  it('every message parses and uses the same arguments as English', () => {
    for (const l of LOCALES)
      for (const k of keys) expect([l, k, [...argumentNames(CATALOGUES[l][k])].sort()]).toEqual([l, k, [...argumentNames(CATALOGUES.en[k])].sort()]);
  });

  it('Arabic and Hebrew plural messages cover every category of their language', () => {
    const categories = { he: ['one', 'two', 'other'], ar: ['zero', 'one', 'two', 'few', 'many', 'other'] } as const;
    for (const l of ['he', 'ar'] as const)
      for (const k of keys) {
        const src = CATALOGUES[l][k];
        for (const m of src.matchAll(/\{\s*\w+\s*,\s*plural\s*,/g)) {
          const rest = src.slice(m.index);
          for (const c of categories[l]) expect([l, k, c, new RegExp(`\\b${c}\\s*\\{`).test(rest)]).toEqual([l, k, c, true]);
        }
      }
  });

  it('formats real messages in each language', () => {
    expect(translate('ar', 'docs.mentions', { n: 2 })).toBe('إشارتان');
    expect(translate('ar', 'docs.mentions', { n: 5 })).toBe('5 إشارات');
    expect(translate('he', 'docs.mentions', { n: 1 })).toBe('אזכור אחד');
    expect(translate('en', 'docs.mentions', { n: 1 })).toBe('1 mention');
  });
});

describe('the language', () => {
  it('comes from the system language', () => {
    expect(localeFrom('he-IL')).toBe('he');
    expect(localeFrom('iw')).toBe('he');
    expect(localeFrom('ar-EG')).toBe('ar');
    expect(localeFrom('en-US')).toBe('en');
    expect(localeFrom('fr')).toBe('en');
    expect(localeFrom(undefined)).toBe('en');
  });
  it('sets the direction', () => {
    expect(LOCALES.map(directionOf)).toEqual(['ltr', 'rtl', 'rtl']);
  });
});
