/**
 * viterbi (tags.ts) against the plain algorithm it replaced: every allowed pair of tags read at
 * every piece, the first (lowest) predecessor of the largest sum kept. Random emissions and
 * transitions with many ties, both schemes, several tag counts: the same tags, always.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type TagScheme, perType, spansOf, viterbi } from './tags';

/** Is `cur` allowed after `prev` (-1: the start; `cur` -1: the end)? Written out again from the schemes' definitions. */
function allowedRef(prev: number, cur: number, scheme: TagScheme): boolean {
  const per = perType(scheme);
  const kind = (t: number): number => (t - 1) % per;
  const type = (t: number): number => Math.floor((t - 1) / per);
  if (cur === -1) return scheme === 'bio' || prev <= 0 || kind(prev) >= 2;
  if (scheme === 'bio') return cur === 0 || kind(cur) === 0 || (prev > 0 && type(prev) === type(cur));
  if (prev > 0 && kind(prev) <= 1) return cur > 0 && type(cur) === type(prev) && kind(cur) >= 1 && kind(cur) <= 2;
  return cur === 0 || kind(cur) === 0 || kind(cur) === 3;
}

/** The old viterbi: O(nt²) per piece over the allowed pairs, the first strict maximum kept. */
function referenceViterbi(emit: Float64Array, n: number, nt: number, trans: Float64Array, scheme: TagScheme, oBias: number): number[] {
  const e = (i: number, y: number): number => (y === 0 ? (emit[i * nt] as number) - oBias : (emit[i * nt + y] as number));
  const score: number[][] = [];
  const back: number[][] = [];
  score.push([]);
  back.push([]);
  for (let y = 0; y < nt; y++) (score[0] as number[]).push(allowedRef(-1, y, scheme) ? e(0, y) + (trans[y] as number) : -Infinity);
  for (let i = 1; i < n; i++) {
    const row: number[] = [];
    const arg: number[] = [];
    for (let y = 0; y < nt; y++) {
      let best = -Infinity;
      let a = 0;
      for (let p = 0; p < nt; p++) {
        if (!allowedRef(p, y, scheme)) continue;
        const v = ((score[i - 1] as number[])[p] as number) + (trans[(p + 1) * nt + y] as number);
        if (v > best) {
          best = v;
          a = p;
        }
      }
      row.push(best + e(i, y));
      arg.push(a);
    }
    score.push(row);
    back.push(arg);
  }
  const tags = new Array<number>(n).fill(0);
  let best = -Infinity;
  for (let y = 0; y < nt; y++) {
    const v = (score[n - 1] as number[])[y] as number;
    if (allowedRef(y, -1, scheme) && v > best) {
      best = v;
      tags[n - 1] = y;
    }
  }
  for (let i = n - 1; i > 0; i--) tags[i - 1] = (back[i] as number[])[tags[i] as number] as number;
  return tags;
}

/** Numbers of one style: few distinct values (ties everywhere), halves, wide doubles, or mixed magnitudes. */
const valueOf = (style: number): fc.Arbitrary<number> =>
  style === 0
    ? fc.integer({ min: -2, max: 2 })
    : style === 1
      ? fc.integer({ min: -6, max: 6 }).map((k) => k / 2)
      : style === 2
        ? fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
        : fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(1e-12, 1e-3, 1, 1e9, 1e150)).map(([k, m]) => k * m);

const problem = fc
  .record({ scheme: fc.constantFrom<TagScheme>('bio', 'bilou'), types: fc.integer({ min: 0, max: 6 }), n: fc.integer({ min: 1, max: 14 }), eStyle: fc.integer({ min: 0, max: 3 }), tStyle: fc.integer({ min: 0, max: 3 }) })
  .chain(({ scheme, types, n, eStyle, tStyle }) => {
    const nt = 1 + perType(scheme) * types;
    return fc.record({
      scheme: fc.constant(scheme),
      nt: fc.constant(nt),
      n: fc.constant(n),
      emit: fc.array(valueOf(eStyle), { minLength: n * nt, maxLength: n * nt }),
      trans: fc.array(valueOf(tStyle), { minLength: (nt + 1) * nt, maxLength: (nt + 1) * nt }),
      oBias: fc.constantFrom(0, 0.5, 1, -2, 1e-12),
    });
  });

describe('viterbi', () => {
  it('finds the tags of the plain loop over every allowed pair, ties and all', () => {
    fc.assert(
      fc.property(problem, ({ scheme, nt, n, emit, trans, oBias }) => {
        const e = Float64Array.from(emit);
        const t = Float64Array.from(trans);
        const want = referenceViterbi(e, n, nt, t, scheme, oBias);
        expect([...viterbi(e, n, nt, t, scheme, oBias)]).toEqual(want);
        // into a longer, dirty buffer, as decode passes it
        const out = new Int32Array(n + 3).fill(7);
        viterbi(e, n, nt, t, scheme, oBias, out);
        expect([...out.subarray(0, n)]).toEqual(want);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('keeps the lowest predecessor when every sum ties', () => {
    for (const scheme of ['bio', 'bilou'] as const) {
      for (const types of [1, 3, 9]) {
        const nt = 1 + perType(scheme) * types;
        const n = 6;
        const e = new Float64Array(n * nt);
        const t = new Float64Array((nt + 1) * nt);
        const want = referenceViterbi(e, n, nt, t, scheme, 0);
        expect([...viterbi(e, n, nt, t, scheme)]).toEqual(want);
        expect(want).toEqual(new Array<number>(n).fill(0));
        // a mention is best only by a tie broken towards the lower tag: B-0 (1) before B-1
        e[2 * nt + 1] = 1;
        e[2 * nt + 1 + perType(scheme)] = 1;
        expect([...viterbi(e, n, nt, t, scheme)]).toEqual(referenceViterbi(e, n, nt, t, scheme, 0));
      }
    }
  });

  it('finds the tags of a real-sized problem (37 BILOU tags, long sentences) as the plain loop does', () => {
    let r = 7;
    const rand = (): number => {
      r = (r * 48271) % 2147483647;
      return r / 2147483647;
    };
    for (const scheme of ['bio', 'bilou'] as const) {
      const nt = 1 + perType(scheme) * 9;
      for (let k = 0; k < 40; k++) {
        const n = 1 + Math.floor(rand() * 80);
        // O mostly far ahead, sometimes close: both the quick path and the full loop
        const e = Float64Array.from({ length: n * nt }, (_, x) => Math.round((x % nt === 0 ? 6 : 0) + rand() * (k % 2 === 0 ? 8 : 2)));
        const t = Float64Array.from({ length: (nt + 1) * nt }, () => Math.round(rand() * 6 - 3));
        const oBias = k % 3;
        expect([...viterbi(e, n, nt, t, scheme, oBias)]).toEqual(referenceViterbi(e, n, nt, t, scheme, oBias));
      }
    }
  });
});

describe('spansOf', () => {
  it('reads the mentions of valid tag sequences', () => {
    // BILOU, two types: B-0 I-0 L-0 O U-1 B-1 L-1
    expect(spansOf([1, 2, 3, 0, 8, 5, 7], 'bilou')).toEqual([
      [0, 2, 0],
      [4, 4, 1],
      [5, 6, 1],
    ]);
    // BIO: B-0 I-0 B-0 O B-1
    expect(spansOf([1, 2, 1, 0, 3], 'bio')).toEqual([
      [0, 1, 0],
      [2, 2, 0],
      [4, 4, 1],
    ]);
    expect(spansOf([1, 2, 3, 0, 8], 'bilou', 3)).toEqual([[0, 2, 0]]);
  });
});
