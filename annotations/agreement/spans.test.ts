import { describe, it, expect } from 'vitest';
import { matchSpans, pairwiseSpanAgreement, spanAgreement, spanAgreementCorpus, sumSpanAgreements, type SemEvalScores, type SpanAgreement, type SpanScores } from './spans';
import { labelDistribution, spanConfusion, typeDistribution } from './charts';
import type { SpanMention } from './common';
import { CoreError } from '../errors';
import { cpLength } from '../text';
import { seededRandom as rng } from '../random';

const m = (id: string, type: string, start: number, end: number): SpanMention => ({ id, type, start, end });

function sem(s: SemEvalScores): number[] {
  return [s.correct, s.incorrect, s.partial, s.missing, s.spurious, s.possible, s.actual];
}
function prfOf(s: { precision: number | null; recall: number | null; f1: number | null }): Array<number | null> {
  return [s.precision, s.recall, s.f1];
}
function close(got: Array<number | null>, want: Array<number | null>): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i] as number | null;
    if (w === null) expect(g).toBeNull();
    else expect(Math.abs((g as number) - w)).toBeLessThan(1e-12);
  });
}

/*
 * Case S1, worked by hand.
 *   A (reference)                      B (candidate)
 *   a1 ORG  [5,14)   outer             b1 GPE  [9,14)   = a2            → I (exact)
 *   a2 GPE  [9,14)   nested in a1      b2 PER  [15,24)  = a3            → I
 *   a3 PER  [15,24)                    b3 GPE  [32,38)  a4 minus prefix → V (overlap, same type)
 *   a4 GPE  [31,38)  with prefix       b4 LOC  [41,50)  inside a5       → VI (overlap, other type)
 *   a5 GPE  [39,50)                    b5 DATE [51,60)  span of a6      → IV (same span, other type)
 *   a6 TIME [51,60)                    b6 PER  [70,75)                  → II (spurious)
 * a1 overlaps only b1, which the exact pair a2–b1 takes first → a1 is III (missing).
 * I = 2, IV = 1, V = 1, VI = 1, III = 1, II = 1; possible = |A| = 6, actual = |B| = 6.
 *   strict : COR 2, INC 3 (IV+V+VI), PAR 0 → P = R = F1 = 2/6
 *   exact  : COR 3 (I+IV), INC 2 (V+VI)    → 3/6
 *   partial: COR 3, PAR 2, INC 0           → (3 + ½·2)/6 = 4/6
 *   type   : COR 3 (I+V), INC 2 (IV+VI)    → 3/6
 *   exactMatch: 2 matched of 6 and 6       → 1/3
 * Per type (pairs and missing go to A's type, spurious to B's):
 *   ORG : A 1, B 0; missing 1                 → exactMatch P null, R 0, F1 0; strict POS 1 ACT 0
 *   GPE : A 3, B 2; I 1 (a2), V 1 (a4), VI 1 (a5) → exactMatch 1: P 1/2, R 1/3, F1 2/5;
 *         strict COR 1 INC 2 → POS 3 ACT 3, 1/3; partial (1 + ½·2)/3 = 2/3; type COR 2 INC 1 → 2/3
 *   PER : A 1, B 2; I 1, II 1               → exactMatch P 1/2 R 1 F1 2/3; strict POS 1 ACT 2
 *   TIME: A 1, B 0; IV 1                    → exactMatch P null R 0 F1 0; exact COR 1 → P = R = 1
 *   LOC : A 0, B 1 (matched to a GPE)       → exactMatch P 0 R null F1 0; SemEval POS 0 ACT 0: all null
 *   DATE: A 0, B 1 (matched to the TIME)    → same as LOC
 */
const A1 = [m('a1', 'ORG', 5, 14), m('a2', 'GPE', 9, 14), m('a3', 'PER', 15, 24), m('a4', 'GPE', 31, 38), m('a5', 'GPE', 39, 50), m('a6', 'TIME', 51, 60)];
const B1 = [m('b1', 'GPE', 9, 14), m('b2', 'PER', 15, 24), m('b3', 'GPE', 32, 38), m('b4', 'LOC', 41, 50), m('b5', 'DATE', 51, 60), m('b6', 'PER', 70, 75)];

describe('SemEval-2013 figures, case S1 (by hand)', () => {
  const r = spanAgreement(A1, B1);
  it('matching', () => {
    const mt = matchSpans(A1, B1);
    expect(mt.pairs).toEqual([
      { a: 1, b: 0, outcome: 'exact' },
      { a: 2, b: 1, outcome: 'exact' },
      { a: 3, b: 2, outcome: 'overlap' },
      { a: 4, b: 3, outcome: 'overlapTypeMismatch' },
      { a: 5, b: 4, outcome: 'typeMismatch' },
    ]);
    expect(mt.missing).toEqual([0]);
    expect(mt.spurious).toEqual([5]);
  });
  it('overall', () => {
    expect(r.scenarios).toEqual({ exact: 2, typeMismatch: 1, overlap: 1, overlapTypeMismatch: 1, missing: 1, spurious: 1 });
    expect(sem(r.strict)).toEqual([2, 3, 0, 1, 1, 6, 6]);
    expect(sem(r.exact)).toEqual([3, 2, 0, 1, 1, 6, 6]);
    expect(sem(r.partial)).toEqual([3, 0, 2, 1, 1, 6, 6]);
    expect(sem(r.type)).toEqual([3, 2, 0, 1, 1, 6, 6]);
    close(prfOf(r.strict), [2 / 6, 2 / 6, 2 / 6]);
    close(prfOf(r.exact), [0.5, 0.5, 0.5]);
    close(prfOf(r.partial), [4 / 6, 4 / 6, 4 / 6]);
    close(prfOf(r.type), [0.5, 0.5, 0.5]);
    expect(r.exactMatch).toMatchObject({ matched: 2, reference: 6, candidate: 6 });
    close(prfOf(r.exactMatch), [1 / 3, 1 / 3, 1 / 3]);
  });
  it('per type', () => {
    expect(Object.keys(r.perType)).toEqual(['DATE', 'GPE', 'LOC', 'ORG', 'PER', 'TIME']);
    const t = r.perType as Record<string, SpanScores>;
    close(prfOf((t.ORG as SpanScores).exactMatch), [null, 0, 0]);
    expect(sem((t.ORG as SpanScores).strict)).toEqual([0, 0, 0, 1, 0, 1, 0]);
    close(prfOf((t.GPE as SpanScores).exactMatch), [1 / 2, 1 / 3, 2 / 5]);
    expect(sem((t.GPE as SpanScores).strict)).toEqual([1, 2, 0, 0, 0, 3, 3]);
    close(prfOf((t.GPE as SpanScores).partial), [2 / 3, 2 / 3, 2 / 3]);
    close(prfOf((t.GPE as SpanScores).type), [2 / 3, 2 / 3, 2 / 3]);
    close(prfOf((t.PER as SpanScores).exactMatch), [1 / 2, 1, 2 / 3]);
    expect(sem((t.PER as SpanScores).strict)).toEqual([1, 0, 0, 0, 1, 1, 2]);
    close(prfOf((t.TIME as SpanScores).exact), [1, 1, 1]);
    close(prfOf((t.TIME as SpanScores).strict), [0, 0, 0]);
    for (const k of ['LOC', 'DATE']) {
      const s = t[k] as SpanScores;
      close(prfOf(s.exactMatch), [0, null, 0]);
      expect(sem(s.strict)).toEqual([0, 0, 0, 0, 0, 0, 0]);
      close(prfOf(s.partial), [null, null, null]);
    }
  });
  it('confusion matrix and distributions', () => {
    const c = spanConfusion(matchSpans(A1, B1));
    expect(c.labels).toEqual(['DATE', 'GPE', 'LOC', 'ORG', 'PER', 'TIME']);
    // rows A, columns B
    expect(c.counts).toEqual([
      [0, 0, 0, 0, 0, 0],
      [0, 2, 1, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 1, 0],
      [1, 0, 0, 0, 0, 0],
    ]);
    expect(c.missing).toEqual([0, 0, 0, 1, 0, 0]);
    expect(c.spurious).toEqual([0, 0, 0, 0, 1, 0]);
    expect(c.items).toBe(5);
    expect(typeDistribution(A1)).toEqual([
      { label: 'GPE', count: 3 },
      { label: 'ORG', count: 1 },
      { label: 'PER', count: 1 },
      { label: 'TIME', count: 1 },
    ]);
    expect(labelDistribution(['O', null, 'O', 'PER'])).toEqual([
      { label: 'O', count: 2 },
      { label: 'PER', count: 1 },
    ]);
  });
});

describe('Hebrew prefix, nesting and duplicates', () => {
  const text = 'הנשיא ביקר בקזחסטן אתמול';
  const at = (s: string): number => cpLength(text.slice(0, text.indexOf(s)));
  it('בקזחסטן against קזחסטן: a same-type boundary disagreement (scenario V)', () => {
    const a = [m('a', 'GPE', at('בקזחסטן'), at('בקזחסטן') + 7)];
    const b = [m('b', 'GPE', at('קזחסטן'), at('קזחסטן') + 6)];
    const r = spanAgreement(a, b);
    expect(r.scenarios.overlap).toBe(1);
    // strict 0, exact (boundaries) 0, partial ½/1, type 1/1
    close(prfOf(r.strict), [0, 0, 0]);
    close(prfOf(r.exact), [0, 0, 0]);
    close(prfOf(r.partial), [0.5, 0.5, 0.5]);
    close(prfOf(r.type), [1, 1, 1]);
    close(prfOf(r.exactMatch), [0, 0, 0]);
  });
  it('an inner mention prefers the inner mention of the other set (overlap ratio, not overlap size)', () => {
    // A: GPE [0,9) and GPE [4,9) nested; B: GPE [3,9). Jaccard 6/9 with the outer, 5/6 with the inner.
    const mt = matchSpans([m('outer', 'GPE', 0, 9), m('inner', 'GPE', 4, 9)], [m('b', 'GPE', 3, 9)]);
    expect(mt.pairs).toEqual([{ a: 1, b: 0, outcome: 'overlap' }]);
    expect(mt.missing).toEqual([0]);
  });
  it('nested ORG(GPE) against the inner GPE only: GPE exact, ORG missing', () => {
    const r = spanAgreement([m('o', 'ORG', 0, 9), m('g', 'GPE', 4, 9)], [m('g', 'GPE', 4, 9)]);
    expect(r.scenarios).toEqual({ exact: 1, typeMismatch: 0, overlap: 0, overlapTypeMismatch: 0, missing: 1, spurious: 0 });
    close(prfOf(r.exactMatch), [1, 0.5, 2 / 3]);
  });
  it('same type before different type, identical span before either', () => {
    // A ORG [0,9) and GPE [4,9); B GPE [0,9): the same span wins (IV), the inner GPE is missing
    expect(spanAgreement([m('o', 'ORG', 0, 9), m('g', 'GPE', 4, 9)], [m('x', 'GPE', 0, 9)]).scenarios).toMatchObject({ typeMismatch: 1, missing: 1 });
    // A PER [0,20); B ORG [0,19) and PER [18,25): same type wins over the larger overlap
    const mt = matchSpans([m('p', 'PER', 0, 20)], [m('o', 'ORG', 0, 19), m('q', 'PER', 18, 25)]);
    expect(mt.pairs).toEqual([{ a: 0, b: 1, outcome: 'overlap' }]);
  });
  it('duplicates match one each', () => {
    expect(spanAgreement([m('1', 'PER', 0, 4), m('2', 'PER', 0, 4)], [m('3', 'PER', 0, 4)]).scenarios).toMatchObject({ exact: 1, missing: 1, spurious: 0 });
    expect(spanAgreement([m('1', 'PER', 0, 4), m('2', 'PER', 0, 4)], [m('3', 'PER', 0, 4), m('4', 'ORG', 0, 4)]).scenarios).toMatchObject({ exact: 1, typeMismatch: 1, missing: 0, spurious: 0 });
  });
});

describe('degenerate input', () => {
  it('two empty sets: every figure null, every count 0', () => {
    const r = spanAgreement([], []);
    for (const s of [r.exactMatch, r.strict, r.exact, r.partial, r.type]) close(prfOf(s), [null, null, null]);
    expect(sem(r.partial)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.perType).toEqual({});
  });
  it('one empty set: F1 0; precision or recall null', () => {
    const r = spanAgreement([m('a', 'PER', 0, 3)], []);
    close(prfOf(r.strict), [null, 0, 0]);
    const s = spanAgreement([], [m('a', 'PER', 0, 3)]);
    close(prfOf(s.strict), [0, null, 0]);
    expect(s.scenarios.spurious).toBe(1);
  });
  it('refuses invalid spans', () => {
    expect(() => spanAgreement([m('a', 'PER', 3, 3)], [])).toThrow(CoreError);
    expect(() => spanAgreement([], [m('a', 'PER', -1, 3)])).toThrow(/set B, mention 0/);
    expect(() => spanAgreement([m('a', '', 0, 3)], [])).toThrow(/type/);
    expect(() => spanAgreement([{ type: 'X', start: 0.5, end: 2 }], [])).toThrow(/integers/);
  });
});

describe('corpus and pairwise', () => {
  it('corpus = summed counts, not the mean of documents', () => {
    const r = spanAgreementCorpus([
      { docId: 'd1', a: A1, b: B1 },
      { docId: 'd2', a: [m('x', 'PER', 0, 3)], b: [m('y', 'PER', 0, 3)] },
    ]);
    expect(r.documents.map((d) => d.docId)).toEqual(['d1', 'd2']);
    expect(r.corpus.reference).toBe(7);
    expect(r.corpus.strict.correct).toBe(3);
    close(prfOf(r.corpus.strict), [3 / 7, 3 / 7, 3 / 7]); // the documents' mean F1 would be (1/3 + 1)/2
    expect((r.corpus.perType.PER as SpanScores).exactMatch.matched).toBe(2);
    expect(sumSpanAgreements([])).toMatchObject({ reference: 0, candidate: 0, perType: {} });
  });
  it('pairwise over the documents both annotated', () => {
    const res = pairwiseSpanAgreement(['dana', 'omar', 'lea'], [
      { docId: 'd1', sets: { dana: A1, omar: B1, lea: A1 } },
      { docId: 'd2', sets: { dana: [m('x', 'PER', 0, 3)], omar: [m('y', 'PER', 0, 3)] } },
    ]);
    expect(res.map((p) => [p.a, p.b, p.result.documents.length])).toEqual([
      ['dana', 'omar', 2],
      ['dana', 'lea', 1],
      ['omar', 'lea', 1],
    ]);
    close(prfOf((res[1] as { result: { corpus: SpanAgreement } }).result.corpus.strict), [1, 1, 1]);
  });
});

function randomSet(r: () => number, prefix: string): SpanMention[] {
  const types = ['PER', 'ORG', 'GPE'];
  const n = Math.floor(r() * 12);
  const out: SpanMention[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor(r() * 30);
    out.push(m(`${prefix}${i}`, types[Math.floor(r() * 3)] as string, start, start + 1 + Math.floor(r() * 6)));
    if (r() < 0.15) out.push({ ...(out[out.length - 1] as SpanMention), id: `${prefix}${i}dup` });
  }
  return out;
}

describe('properties (random sets with nesting, overlaps and duplicates)', () => {
  const r = rng(7);
  const trials = Array.from({ length: 300 }, () => [randomSet(r, 'a'), randomSet(r, 'b')] as const);

  it('counts add up, overall and per type', () => {
    for (const [a, b] of trials) {
      const x = spanAgreement(a, b);
      for (const s of [x.strict, x.exact, x.partial, x.type]) {
        expect(s.correct + s.incorrect + s.partial + s.missing).toBe(s.possible);
        expect(s.correct + s.incorrect + s.partial + s.spurious).toBe(s.actual);
        expect(s.possible).toBe(a.length);
        expect(s.actual).toBe(b.length);
      }
      expect(x.exactMatch.matched).toBe(x.strict.correct);
      const sc = Object.values(x.perType).map((t) => t.scenarios);
      for (const k of Object.keys(x.scenarios) as Array<keyof typeof x.scenarios>) expect(sc.reduce((s, c) => s + c[k], 0)).toBe(x.scenarios[k]);
      expect(Object.values(x.perType).reduce((s, t) => s + t.reference, 0)).toBe(a.length);
      expect(Object.values(x.perType).reduce((s, t) => s + t.candidate, 0)).toBe(b.length);
      for (const t of Object.values(x.perType)) expect(t.partial.possible).toBe(t.reference);
    }
  });

  it('the number of exact matches is the maximum possible', () => {
    const key = (s: SpanMention): string => `${s.start}:${s.end}:${s.type}`;
    for (const [a, b] of trials) {
      const ca = new Map<string, number>();
      const cb = new Map<string, number>();
      for (const s of a) ca.set(key(s), (ca.get(key(s)) ?? 0) + 1);
      for (const s of b) cb.set(key(s), (cb.get(key(s)) ?? 0) + 1);
      let max = 0;
      for (const [k, n] of ca) max += Math.min(n, cb.get(k) ?? 0);
      expect(spanAgreement(a, b).exactMatch.matched).toBe(max);
    }
  });

  it('swapping the sets swaps P and R (and missing and spurious); F1 unchanged', () => {
    for (const [a, b] of trials) {
      const x = spanAgreement(a, b);
      const y = spanAgreement(b, a);
      expect(y.scenarios).toEqual({ ...x.scenarios, missing: x.scenarios.spurious, spurious: x.scenarios.missing });
      for (const k of ['exactMatch', 'strict', 'exact', 'partial', 'type'] as const) {
        expect(y[k].precision).toBe(x[k].recall);
        expect(y[k].recall).toBe(x[k].precision);
        expect(y[k].f1).toBe(x[k].f1);
      }
    }
  });

  it('does not depend on the order of the input', () => {
    for (const [a, b] of trials.slice(0, 100)) {
      const x = spanAgreement(a, b);
      const y = spanAgreement([...a].reverse(), [...b].reverse());
      expect(y).toEqual(x);
    }
  });

  it('identical sets agree fully', () => {
    for (const [a] of trials) {
      if (a.length === 0) continue;
      const x = spanAgreement(a, a.map((s) => ({ ...s })));
      for (const k of ['exactMatch', 'strict', 'exact', 'partial', 'type'] as const) close(prfOf(x[k]), [1, 1, 1]);
    }
  });
});
