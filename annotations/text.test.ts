import { describe, it, expect } from 'vitest';
import { cpLength, cpSlice, lowerBound, OffsetMap, partitionPoint, upperBound } from './text';
import { CoreError } from './errors';

describe('cpLength / cpSlice', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(cpLength('')).toBe(0);
    expect(cpLength('abc')).toBe(3);
    expect(cpLength('שלום')).toBe(4);
    expect(cpLength('😀')).toBe(1);
    expect('😀'.length).toBe(2);
    expect(cpLength('𝔸 בית')).toBe(5);
    // a lone surrogate counts as one code point, as for..of does
    expect(cpLength('a\ud800b')).toBe([...'a\ud800b'].length);
    expect(cpLength('\udc00\ud83d\ude00')).toBe(2);
  });

  it('slices by code points', () => {
    const s = '😀 אבג 𝔸x';
    expect(cpSlice(s, 0, 1)).toBe('😀');
    expect(cpSlice(s, 2, 5)).toBe('אבג');
    expect(cpSlice(s, 6, 7)).toBe('𝔸');
    expect(cpSlice(s, 6)).toBe('𝔸x');
    expect(cpSlice(s, 7, 8)).toBe('x');
    expect(cpSlice(s, 3, 3)).toBe('');
    expect(cpSlice(s, 5, 2)).toBe('');
    expect(cpSlice(s, 0, 100)).toBe(s);
    expect(cpSlice(s, 100)).toBe('');
  });

  it('locates an entity after a non-BMP character by code points (not UTF-16)', () => {
    const text = '😀 ישראל ו-𝔸 מצרים';
    // code points: 😀=0, space=1, ישראל=2..7
    expect(cpSlice(text, 2, 7)).toBe('ישראל');
    // the UTF-16 offsets differ by one after the emoji
    expect(text.slice(3, 8)).toBe('ישראל');
    const m = new OffsetMap(text);
    expect(m.toUtf16(2)).toBe(3);
    expect(m.slice(2, 7)).toBe('ישראל');
    // after 𝔸 (one more astral char) the difference is two
    const start = [...text].indexOf('מ');
    expect(text.indexOf('מצרים')).toBe(start + 2);
    expect(m.slice(start, start + 5)).toBe('מצרים');
    expect(m.toCp(text.indexOf('מצרים'))).toBe(start);
  });
});

describe('OffsetMap', () => {
  it('is the identity for BMP-only text', () => {
    const m = new OffsetMap('שָׁלוֹם عالم');
    expect(m.isIdentity).toBe(true);
    expect(m.length).toBe('שָׁלוֹם عالم'.length);
    for (let i = 0; i <= m.length; i++) {
      expect(m.toUtf16(i)).toBe(i);
      expect(m.toCp(i)).toBe(i);
    }
  });

  it('maps around astral characters', () => {
    const m = new OffsetMap('a😀b𝔸c');
    expect(m.isIdentity).toBe(false);
    expect(m.length).toBe(5);
    expect(m.utf16Length).toBe(7);
    expect([0, 1, 2, 3, 4, 5].map((c) => m.toUtf16(c))).toEqual([0, 1, 3, 4, 6, 7]);
    expect([0, 1, 3, 4, 6, 7].map((u) => m.toCp(u))).toEqual([0, 1, 2, 3, 4, 5]);
    // inside a surrogate pair: the start of that character
    expect(m.toCp(2)).toBe(1);
    expect(m.toCp(5)).toBe(3);
  });

  it('rejects out-of-range and non-integer offsets', () => {
    const m = new OffsetMap('a😀');
    expect(() => m.toUtf16(3)).toThrow(CoreError);
    expect(() => m.toUtf16(-1)).toThrow(/out of range/);
    expect(() => m.toCp(4)).toThrow(CoreError);
    expect(() => m.toUtf16(0.5)).toThrow(CoreError);
  });

  it('round-trips on random strings', () => {
    const alphabet = ['a', 'ש', 'ب', '😀', '𝔸', '\u05b8', ' ', '\n', '👨‍👩‍👧', '\ud800', '\udc00'];
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 12) % n;
    };
    for (let round = 0; round < 200; round++) {
      let s = '';
      const len = rnd(40);
      for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
      const m = new OffsetMap(s);
      const cps = [...s];
      expect(m.length).toBe(cps.length);
      expect(m.length).toBe(cpLength(s));
      let u = 0;
      for (let c = 0; c <= cps.length; c++) {
        expect(m.toUtf16(c)).toBe(u);
        expect(m.toCp(m.toUtf16(c))).toBe(c);
        if (c < cps.length) {
          expect(m.slice(c, c + 1)).toBe(cps[c]);
          expect(cpSlice(s, c, c + 1)).toBe(cps[c]);
          u += (cps[c] as string).length;
        }
      }
      expect(u).toBe(s.length);
    }
  });

  it('maps both ways on a large text with astral characters', () => {
    const text = ('שלום 😀 عالم '.repeat(1000) + '\n').repeat(200); // ~2.6M code units
    const m = new OffsetMap(text);
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += m.toCp(m.toUtf16((i * 7919) % m.length));
    expect(sum).toBeGreaterThan(0);
  });
});

describe('lowerBound / upperBound / partitionPoint', () => {
  it('agree with a linear scan on random sorted arrays with repeats, within the first n entries', () => {
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
    for (let round = 0; round < 300; round++) {
      const a = Float64Array.from({ length: rnd(12) }, () => rnd(10)).sort();
      const n = rnd(a.length + 1);
      for (let x = -1; x <= 11; x++) {
        const first = (pred: (v: number) => boolean, m: number) => {
          for (let i = 0; i < m; i++) if (pred(a[i] as number)) return i;
          return m;
        };
        expect(lowerBound(a, x)).toBe(first((v) => v >= x, a.length));
        expect(upperBound(a, x, n)).toBe(first((v) => v > x, n));
        expect(upperBound(a, x)).toBe(first((v) => v > x, a.length));
        expect(partitionPoint(n, (i) => (a[i] as number) < x)).toBe(first((v) => v >= x, n));
        expect(partitionPoint(a.length, (i) => (a[i] as number) <= x)).toBe(first((v) => v > x, a.length));
      }
    }
  });
});
