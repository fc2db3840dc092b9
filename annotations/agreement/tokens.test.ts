import { describe, it, expect } from 'vitest';
import fixture from './reference/expected.json';
import { agreementTokens, tokenAgreement, tokenAgreementFromRatings, tokenLabels, tokenRatings, OUTSIDE, type TokenAgreement, type TokenDocument } from './tokens';
import { cohenKappa, fleissKappa, krippendorffAlpha, observedAgreement, type Coefficient, type RatingMatrix } from './coefficients';
import { confusionMatrix } from './charts';
import type { SpanMention } from './common';
import { CoreError } from '../errors';
import { seededRandom as rng } from '../random';

// The expected numbers come from reference/compute_expected.py (scikit-learn, NLTK, statsmodels);
// see that script. Values are compared to 1e-9, item counts and nulls exactly.

interface ExpectedCoefficient {
  value: number | null;
  items: number;
  reference_note?: string;
}
interface ExpectedFigures {
  items: number;
  cohen: ExpectedCoefficient;
  alpha: ExpectedCoefficient;
  fleiss: ExpectedCoefficient;
  observed: ExpectedCoefficient;
  pairwiseCohen?: Record<string, ExpectedCoefficient>;
  nltkAveragePairwiseKappa?: number;
}
interface TokenCase {
  name: string;
  kind: 'tokens';
  docs: Array<{ docId: string; text: string; sets: Array<SpanMention[] | null>; tokens: Array<[number, number]>; labels: Array<Array<string | null>> }>;
  expected: { documents: ExpectedFigures[]; corpus: ExpectedFigures };
}
interface MatrixCase {
  name: string;
  kind: 'matrix';
  ratings: Array<Array<string | null>>;
  expected: ExpectedFigures;
}
const cases = (fixture as unknown as { cases: Array<TokenCase | MatrixCase> }).cases;
const tokenCases = cases.filter((c): c is TokenCase => c.kind === 'tokens');
const matrixCases = cases.filter((c): c is MatrixCase => c.kind === 'matrix');

const EPS = 1e-9;

function expectCoefficient(got: Coefficient, want: ExpectedCoefficient, what: string): void {
  expect(got.items, `${what}: items`).toBe(want.items);
  if (want.value === null) {
    expect(got.value, `${what}: value`).toBeNull();
    expect(got.reason, `${what}: reason`).not.toBeNull();
  } else {
    expect(got.value, `${what}: value`).not.toBeNull();
    expect(Math.abs((got.value as number) - want.value), `${what}: ${got.value} vs ${want.value}`).toBeLessThan(EPS);
    expect(got.reason).toBeNull();
  }
}

function column(m: RatingMatrix, c: number): Array<string | null> {
  return m.map((r) => r[c] as string | null);
}

function expectFigures(got: TokenAgreement, want: ExpectedFigures, ratings: RatingMatrix, what: string): void {
  expect(got.items).toBe(want.items);
  expectCoefficient(got.cohen, want.cohen, `${what} cohen`);
  expectCoefficient(got.alpha, want.alpha, `${what} alpha`);
  expectCoefficient(got.fleiss, want.fleiss, `${what} fleiss`);
  expectCoefficient(got.observed, want.observed, `${what} observed`);
  for (const [pair, w] of Object.entries(want.pairwiseCohen ?? {})) {
    const [i, j] = pair.split(',').map(Number) as [number, number];
    expectCoefficient(cohenKappa(column(ratings, i), column(ratings, j)), w, `${what} cohen ${pair}`);
  }
  if (want.nltkAveragePairwiseKappa !== undefined) {
    // NLTK's kappa(): the mean of the pairwise Cohen's kappas, on the complete rows
    const full = ratings.filter((r) => r.every((v) => v !== null));
    const r = got.annotators;
    let sum = 0;
    for (let i = 0; i < r; i++) for (let j = i + 1; j < r; j++) sum += cohenKappa(column(full, i), column(full, j)).value as number;
    expect(Math.abs(sum / ((r * (r - 1)) / 2) - want.nltkAveragePairwiseKappa)).toBeLessThan(EPS);
  }
}

describe('token labelling against the reference script', () => {
  it.each(tokenCases.map((c) => [c.name, c] as const))('%s: the same tokens and labels', (_name, c) => {
    for (const d of c.docs) {
      expect(agreementTokens(d.text).map((t) => [t.start, t.end])).toEqual(d.tokens);
      expect(tokenRatings(d)).toEqual(d.labels);
    }
  });
});

describe('token agreement against scikit-learn, NLTK and statsmodels', () => {
  it.each(tokenCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = tokenAgreement(c.docs);
    expect(r.documents.map((d) => d.docId)).toEqual(c.docs.map((d) => d.docId));
    c.docs.forEach((d, k) => expectFigures((r.documents[k] as { result: TokenAgreement }).result, c.expected.documents[k] as ExpectedFigures, d.labels, `${c.name}/${d.docId}`));
    expectFigures(r.corpus, c.expected.corpus, c.docs.flatMap((d) => d.labels), `${c.name}/corpus`);
  });

  it.each(matrixCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectFigures(tokenAgreementFromRatings(c.ratings), c.expected, c.ratings, c.name);
  });

  it('reproduces the published values (Krippendorff 2011: 0.743; Fleiss 1971 example: 0.210)', () => {
    const k = matrixCases.find((c) => c.name === 'krippendorff_2011') as MatrixCase;
    expect((krippendorffAlpha(k.ratings).value as number).toFixed(3)).toBe('0.743');
    const f = matrixCases.find((c) => c.name === 'fleiss_wikipedia') as MatrixCase;
    expect((fleissKappa(f.ratings).value as number).toFixed(3)).toBe('0.210');
  });

  it('the prefix boundary disagreement is not a token disagreement', () => {
    const c = tokenCases.find((x) => x.name === 'prefix_he') as TokenCase;
    const d = c.docs[0] as TokenCase['docs'][number];
    const k = d.tokens.findIndex(([s, e]) => [...d.text].slice(s, e).join('') === 'בקזחסטן');
    expect(d.labels[k]).toEqual(['GPE', 'GPE']);
  });
});

describe('degenerate input', () => {
  it('both annotators tag nothing: kappa, alpha and Fleiss are null (single-category), observed 1', () => {
    const r = tokenAgreement([{ docId: 'd', text: 'שלום עולם', sets: [[], []] }]).corpus;
    expect(r.cohen).toEqual({ value: null, reason: 'single-category', items: 2, observed: 1, expected: 1 });
    expect(r.alpha.value).toBeNull();
    expect(r.alpha.reason).toBe('single-category');
    expect(r.fleiss.reason).toBe('single-category');
    expect(r.observed.value).toBe(1);
  });

  it('no documents, no tokens, or nobody annotated: null, no-items', () => {
    for (const docs of [[], [{ docId: 'd', text: '. , !', sets: [[], []] }], [{ docId: 'd', text: 'שלום', sets: [null, null] }]] as TokenDocument[][]) {
      const r = tokenAgreement(docs).corpus;
      for (const k of ['alpha', 'fleiss', 'observed'] as const) {
        expect(r[k].value).toBeNull();
        expect(r[k].reason).toBe('no-items');
        expect(r[k].items).toBe(0);
      }
    }
    expect(cohenKappa([], [])).toEqual({ value: null, reason: 'no-items', items: 0, observed: null, expected: null });
    expect(cohenKappa(['A', null], [null, 'B']).reason).toBe('no-items');
  });

  it('only one annotator rated an item: it is not pairable', () => {
    expect(krippendorffAlpha([['A', null], [null, 'B']]).reason).toBe('no-items');
    expect(fleissKappa([['A', null]]).reason).toBe('no-items');
  });

  it('Cohen needs exactly two annotators, Fleiss at least two', () => {
    const three = tokenAgreementFromRatings([['A', 'A', 'B'], ['B', 'B', 'B']]);
    expect(three.cohen.reason).toBe('not-two-raters');
    expect(three.fleiss.value).not.toBeNull();
    expect(fleissKappa([['A'], ['B']]).reason).toBe('too-few-raters');
  });

  it('one annotator all O, the other not: kappa 0 (as sklearn), alpha defined', () => {
    expect(cohenKappa(['O', 'O', 'O', 'O'], ['O', 'PER', 'O', 'O']).value).toBe(0);
    // n = 8 values (7 O, 1 PER); Do = (1/8)·2/(2−1) = 1/4; De = (64 − 49 − 1)/(8·7) = 1/4; α = 0
    expect(krippendorffAlpha([['O', 'O'], ['O', 'PER'], ['O', 'O'], ['O', 'O']]).value).toBe(0);
  });

  it('refuses ragged matrices, mismatched columns and bad spans', () => {
    expect(() => krippendorffAlpha([['A', 'B'], ['A']])).toThrow(CoreError);
    expect(() => cohenKappa(['A'], ['A', 'B'])).toThrow(CoreError);
    expect(() => tokenLabels('שלום', [{ type: 'PER', start: 0, end: 5 }])).toThrow(/out of range/);
    expect(() => tokenLabels('שלום', [{ type: 'PER', start: 2, end: 2 }])).toThrow(CoreError);
    expect(() => tokenLabels('שלום', [{ type: OUTSIDE, start: 0, end: 4 }])).toThrow(/reserved/);
    expect(() => tokenAgreement([{ docId: 'a', text: 'x', sets: [[], []] }, { docId: 'b', text: 'y', sets: [[]] }])).toThrow(/expected 2/);
  });
});

describe('outermost label', () => {
  const text = 'בנק ישראל בקזחסטן';
  it('the longest mention wins; ties: earlier start, then type name', () => {
    expect(tokenLabels(text, [{ type: 'GPE', start: 4, end: 9 }, { type: 'ORG', start: 0, end: 9 }])).toEqual(['ORG', 'ORG', 'O']);
    // two 3-code-point mentions touching the token בקזחסטן (10..17): the earlier start wins
    expect(tokenLabels(text, [{ type: 'B', start: 13, end: 16 }, { type: 'A', start: 11, end: 14 }])).toEqual(['O', 'O', 'A']);
    expect(tokenLabels(text, [{ type: 'PER', start: 10, end: 17 }, { type: 'GPE', start: 10, end: 17 }])).toEqual(['O', 'O', 'GPE']);
  });
  it('a mention of part of a word labels the word; a mention across words labels each', () => {
    expect(tokenLabels(text, [{ type: 'GPE', start: 11, end: 17 }])).toEqual(['O', 'O', 'GPE']);
    expect(tokenLabels(text, [{ type: 'X', start: 2, end: 6 }])).toEqual(['X', 'X', 'O']);
  });
  it('punctuation is not an item; numbers are', () => {
    expect(agreementTokens('ב-2023, שלום.').map((t) => t.kind)).toEqual(['word', 'number', 'word']);
  });
});

describe('properties', () => {
  const labels = ['O', 'PER', 'ORG', 'GPE'];
  it('identical ratings: kappa, alpha, Fleiss and observed are 1', () => {
    const r = rng(1);
    for (let t = 0; t < 50; t++) {
      const n = 2 + Math.floor(r() * 30);
      const raters = 2 + Math.floor(r() * 4);
      const col = Array.from({ length: n }, (_, i) => labels[i < 2 ? i : Math.floor(r() * 4)] as string);
      const m = col.map((l) => Array.from({ length: raters }, () => l));
      expect(krippendorffAlpha(m).value).toBe(1);
      expect(fleissKappa(m).value).toBe(1);
      expect(observedAgreement(m).value).toBe(1);
      expect(cohenKappa(col, col).value).toBe(1);
    }
  });

  it('kappa and alpha are symmetric in the raters; confusion matrix transposes', () => {
    const r = rng(2);
    for (let t = 0; t < 50; t++) {
      const n = 1 + Math.floor(r() * 40);
      const a = Array.from({ length: n }, () => (r() < 0.1 ? null : (labels[Math.floor(r() * 4)] as string)));
      const b = Array.from({ length: n }, (_, i) => (r() < 0.1 ? null : r() < 0.6 ? a[i] ?? 'O' : (labels[Math.floor(r() * 4)] as string)));
      expect(cohenKappa(a, b)).toEqual(cohenKappa(b, a));
      const ab = a.map((x, i) => [x, b[i] as string | null]);
      const ba = a.map((x, i) => [b[i] as string | null, x]);
      const x = krippendorffAlpha(ab);
      const y = krippendorffAlpha(ba);
      expect(y.reason).toBe(x.reason);
      if (x.value !== null) expect(y.value).toBeCloseTo(x.value, 12);
      const c1 = confusionMatrix(a, b);
      const c2 = confusionMatrix(b, a);
      expect(c2.counts).toEqual(c1.labels.map((_, i) => c1.labels.map((_, j) => (c1.counts[j] as number[])[i])));
      // diagonal share = observed agreement = Cohen's Ao
      const diag = c1.labels.reduce((s, _, i) => s + ((c1.counts[i] as number[])[i] as number), 0);
      const k = cohenKappa(a, b);
      expect(c1.items).toBe(k.items);
      if (k.items > 0) expect(diag / c1.items).toBeCloseTo(k.observed as number, 12);
    }
  });

  it('two raters, complete data: α = 1 − (n − 1)/n · (1 − π), π = Fleiss/Scott (Krippendorff 2011)', () => {
    const r = rng(3);
    for (let t = 0; t < 30; t++) {
      const items = 2 + Math.floor(r() * 30);
      const m = Array.from({ length: items }, () => [labels[Math.floor(r() * 3)] as string, labels[Math.floor(r() * 3)] as string]);
      const pi = fleissKappa(m).value;
      const alpha = krippendorffAlpha(m).value;
      if (pi === null || alpha === null) continue;
      const n = 2 * items;
      expect(alpha).toBeCloseTo(1 - ((n - 1) / n) * (1 - pi), 12);
    }
  });
});
