/**
 * The columnar token agreement (typed arrays of label numbers, coefficients from counts) and the
 * number-ranked span matching give exactly the figures of the row-by-row computation they
 * replaced, on real-shaped data: Hebrew and Arabic text with niqqud, harakat, geresh, numbers,
 * punctuation and Latin runs; nested, overlapping, partial-word and cross-word mentions; two,
 * three and four annotators, some of whom did not annotate some documents.
 */
import { describe, it, expect } from 'vitest';
import { cmpStr, type SpanMention } from './common';
import { matchSpans, pairwiseSpanAgreement, sumSpanAgreements, type SpanMatching, type SpanOutcome, type SpanPair } from './spans';
import {
  addTokenTally,
  agreementItems,
  agreementTokens,
  emptyTokenTally,
  LabelNumbers,
  tallyTokens,
  tokenAgreement,
  tokenAgreementFromRatings,
  tokenAgreementFromTally,
  tokenLabelColumn,
  tokenLabels,
  tokenRatings,
  type TokenAgreement,
  type TokenDocument,
} from './tokens';
import type { CorpusResult } from './common';
import { AgreementCounts, columnarAgreement, spanColumns, type SpanColumns } from './columns';
import { seededRandom as rng } from '../random';

const HE = ['הממשלה', 'בקזחסטן', 'שָׁלוֹם', 'יְרוּשָׁלַיִם', 'צה"ל', 'ארה״ב', 'פרופ׳', 'טוקאייב', 'ומשטרה', 'הנשיא'];
const AR = ['كازاخستان', 'مُحَمَّدٌ', 'الحكومة', 'والجنود', 'ـالسلام', 'ألماتي'];
const OTHER = ['CSTO', 'iPhone 13', '2022', '1,234.5', '(צילום: reuters)', '—', '٣٤٥', '👍🏽'];
const TYPES = ['PER', 'ORG', 'GPE', 'LOC', 'TIME'];

/** A paragraph-ish text and its code points. */
function text(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const x = r();
    const pool = x < 0.1 ? OTHER : x < 0.3 ? AR : HE;
    let w = pool[Math.floor(r() * pool.length)] as string;
    if (r() < 0.1) w += r() < 0.5 ? ',' : '.';
    out.push(w);
    if (r() < 0.03) out.push('\n');
  }
  return out.join(' ');
}

/** Mentions on whole words, parts of words and runs of words; nested and overlapping; some duplicates. */
function mentions(r: () => number, t: string, count: number): SpanMention[] {
  const tokens = agreementTokens(t);
  const out: SpanMention[] = [];
  for (let i = 0; i < count && tokens.length > 0; i++) {
    const k = Math.floor(r() * tokens.length);
    const first = tokens[k]!;
    const last = tokens[Math.min(tokens.length - 1, k + (r() < 0.2 ? Math.floor(r() * 4) : 0))]!;
    let start = first.start;
    let end = last.end;
    if (r() < 0.1 && end - start > 2) start += 1; // a prefix left out
    if (r() < 0.05 && end - start > 2) end -= 1;
    out.push({ id: `m${i}`, type: TYPES[Math.floor(r() * TYPES.length)]!, start, end });
    if (r() < 0.03) out.push({ id: `m${i}d`, type: out[out.length - 1]!.type, start, end });
  }
  return out;
}

/** A second annotator's version of a set: most kept, some retyped, moved or dropped, some added. */
function variant(r: () => number, t: string, base: readonly SpanMention[], tag: string): SpanMention[] {
  const out: SpanMention[] = [];
  for (const m of base) {
    const x = r();
    if (x < 0.05) continue;
    if (x < 0.12) out.push({ ...m, id: `${tag}${m.id ?? ''}`, type: TYPES[Math.floor(r() * TYPES.length)]! });
    else if (x < 0.16 && m.end - m.start > 1) out.push({ ...m, id: `${tag}${m.id ?? ''}`, start: m.start + 1 });
    else out.push({ ...m, id: `${tag}${m.id ?? ''}` });
  }
  return [...out, ...mentions(r, t, Math.floor(base.length / 10)).map((m) => ({ ...m, id: `${tag}x${m.id ?? ''}` }))];
}

function corpus(seed: number, annotators: number, docs: number, missing: number): TokenDocument[] {
  const r = rng(seed);
  const out: TokenDocument[] = [];
  for (let d = 0; d < docs; d++) {
    const t = text(r, 20 + Math.floor(r() * 400));
    const base = mentions(r, t, Math.floor(r() * 60));
    const sets: Array<SpanMention[] | null> = [];
    for (let a = 0; a < annotators; a++) sets.push(a > 0 && r() < missing ? null : a === 0 ? base : variant(r, t, base, `a${a}`));
    out.push({ docId: `d${d}`, text: t, sets });
  }
  return out;
}

/** The row-by-row computation (as before the columnar one): one rating matrix of strings per document, concatenated for the corpus. */
function byRows(docs: readonly TokenDocument[]): CorpusResult<TokenAgreement> {
  const annotators = docs[0]?.sets.length ?? 0;
  const all: Array<Array<string | null>> = [];
  const documents = docs.map((d) => {
    const m = tokenRatings(d);
    for (const row of m) all.push(row);
    return { docId: d.docId, result: tokenAgreementFromRatings(m, annotators) };
  });
  return { documents, corpus: tokenAgreementFromRatings(all, annotators) };
}

describe('columnar token agreement = the row-by-row computation', () => {
  for (const [annotators, missing] of [
    [2, 0],
    [2, 0.2],
    [3, 0],
    [3, 0.3],
  ] as const) {
    it(`${annotators} annotators, ${missing * 100}% of sets missing: identical per document and for the corpus`, () => {
      const docs = corpus(annotators * 100 + missing * 10, annotators, 40, missing);
      const got = tokenAgreement(docs);
      expect(got).toEqual(byRows(docs));
      expect(got.corpus.items).toBeGreaterThan(2000);
      expect(got.corpus.alpha.value).not.toBeNull();
    });
  }

  it('four annotators with missing sets: identical counts, alpha to the last bits', () => {
    const docs = corpus(4, 4, 30, 0.3);
    const got = tokenAgreement(docs);
    const want = byRows(docs);
    const strip = (x: TokenAgreement) => ({ ...x, alpha: { ...x.alpha, value: null, observed: null, expected: null }, observed: { ...x.observed, value: null, observed: null } });
    expect(strip(got.corpus)).toEqual(strip(want.corpus));
    expect(got.corpus.alpha.value).toBeCloseTo(want.corpus.alpha.value!, 12);
    expect(got.corpus.alpha.observed).toBeCloseTo(want.corpus.alpha.observed!, 12);
    got.documents.forEach((d, i) => expect(d.result.alpha.value ?? 0).toBeCloseTo(want.documents[i]!.result.alpha.value ?? 0, 12));
  });

  it('label columns are the string labels, numbered', () => {
    const labels = new LabelNumbers();
    for (const d of corpus(9, 2, 10, 0)) {
      const items = agreementItems(d.text);
      expect([...items.starts].map((s, k) => [s, items.ends[k]])).toEqual(agreementTokens(d.text).map((t) => [t.start, t.end]));
      for (const s of d.sets) {
        const col = tokenLabelColumn(items, s!, labels);
        expect([...col].map((n) => labels.names[n])).toEqual(tokenLabels(d.text, s!));
      }
    }
  });

  it('the counts of documents add up to the counts of the corpus', () => {
    const docs = corpus(11, 3, 12, 0.2);
    const labels = new LabelNumbers();
    const sum = emptyTokenTally(3);
    const columns: Array<Array<Int32Array | null>> = [[], [], []];
    let count = 0;
    for (const d of docs) {
      const items = agreementItems(d.text);
      const cols = d.sets.map((s) => (s === null ? null : tokenLabelColumn(items, s, labels)));
      addTokenTally(sum, tallyTokens(cols, items.count));
      cols.forEach((c, i) => columns[i]!.push(c ?? new Int32Array(items.count).fill(-1)));
      count += items.count;
    }
    expect(tokenAgreementFromTally(sum, labels.names)).toEqual(tokenAgreement(docs).corpus);
    expect(sum.items).toBe(count);
  });

  it('keep: only the documents asked for get their own figures; the corpus is the same', () => {
    const docs = corpus(13, 2, 10, 0.2);
    const all = tokenAgreement(docs);
    const some = tokenAgreement(docs, new LabelNumbers(), (id) => id === 'd3' || id === 'd7');
    expect(some.corpus).toEqual(all.corpus);
    expect(some.documents).toEqual(all.documents.filter((d) => d.docId === 'd3' || d.docId === 'd7'));
    const sets = docs.map((d) => ({ docId: d.docId, sets: { a: d.sets[0], b: d.sets[1] } }));
    const spansAll = pairwiseSpanAgreement(['a', 'b'], sets);
    const spansSome = pairwiseSpanAgreement(['a', 'b'], sets, (id) => id === 'd3');
    expect(spansSome[0]!.result.corpus).toEqual(spansAll[0]!.result.corpus);
    expect(spansSome[0]!.result.documents).toEqual(spansAll[0]!.result.documents.filter((d) => d.docId === 'd3'));
    expect(spansAll[0]!.result.corpus).toEqual(sumSpanAgreements(spansAll[0]!.result.documents.map((d) => d.result)));
  });

  it('refuses a mention typed O or out of range, as before', () => {
    const items = agreementItems('שלום עולם');
    expect(() => tokenLabelColumn(items, [{ type: 'O', start: 0, end: 4 }], new LabelNumbers())).toThrow(/reserved/);
    expect(() => tokenLabelColumn(items, [{ type: 'PER', start: 0, end: 40 }], new LabelNumbers())).toThrow(/out of range/);
  });
});

// ---- span matching: the comparator on ranks = the comparator on mentions ---------------------

/** The matching as it was written before: candidates ordered by comparing the mentions themselves. */
function matchSpansBefore(a: readonly SpanMention[], b: readonly SpanMention[]): Pick<SpanMatching, 'pairs' | 'missing' | 'spurious'> {
  const cmp = (x: SpanMention, y: SpanMention) => x.start - y.start || x.end - y.end || cmpStr(x.type, y.type) || cmpStr(x.id ?? '', y.id ?? '');
  const canon = (ms: readonly SpanMention[]) => {
    const order = ms.map((_, i) => i).sort((i, j) => cmp(ms[i]!, ms[j]!) || i - j);
    const rank = new Int32Array(ms.length);
    order.forEach((idx, r) => (rank[idx] = r));
    return { order, rank };
  };
  const ca = canon(a);
  const cb = canon(b);
  const cands: { a: number; b: number; tier: number; overlap: number; union: number }[] = [];
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (y.start >= x.end || y.end <= x.start) return;
      const sameSpan = x.start === y.start && x.end === y.end;
      cands.push({ a: i, b: j, tier: (sameSpan ? 0 : 2) + (x.type === y.type ? 0 : 1), overlap: Math.min(x.end, y.end) - Math.max(x.start, y.start), union: Math.max(x.end, y.end) - Math.min(x.start, y.start) });
    }),
  );
  const lohi = (c: { a: number; b: number }): [SpanMention, SpanMention] => (cmp(a[c.a]!, b[c.b]!) <= 0 ? [a[c.a]!, b[c.b]!] : [b[c.b]!, a[c.a]!]);
  cands.sort((p, q) => {
    const d = p.tier - q.tier || q.overlap * p.union - p.overlap * q.union || q.overlap - p.overlap;
    if (d !== 0) return d;
    const [pl, ph] = lohi(p);
    const [ql, qh] = lohi(q);
    return cmp(pl, ql) || cmp(ph, qh) || ca.rank[p.a]! - ca.rank[q.a]! || cb.rank[p.b]! - cb.rank[q.b]!;
  });
  const usedA = new Uint8Array(a.length);
  const usedB = new Uint8Array(b.length);
  const outcomes: SpanOutcome[] = ['exact', 'typeMismatch', 'overlap', 'overlapTypeMismatch'];
  const pairs: SpanPair[] = [];
  for (const c of cands) {
    if (usedA[c.a] || usedB[c.b]) continue;
    usedA[c.a] = usedB[c.b] = 1;
    pairs.push({ a: c.a, b: c.b, outcome: outcomes[c.tier]! });
  }
  pairs.sort((p, q) => ca.rank[p.a]! - ca.rank[q.a]!);
  return { pairs, missing: ca.order.filter((i) => !usedA[i]), spurious: cb.order.filter((j) => !usedB[j]) };
}

describe('span matching on ranks = matching on the mentions', () => {
  it('on real-shaped sets (nested, overlapping, duplicates, retyped, moved), both directions', () => {
    const docs = corpus(21, 3, 40, 0);
    let pairs = 0;
    for (const d of docs) {
      for (const [x, y] of [
        [d.sets[0]!, d.sets[1]!],
        [d.sets[1]!, d.sets[0]!],
        [d.sets[1]!, d.sets[2]!],
      ] as const) {
        const got = matchSpans(x, y);
        expect({ pairs: got.pairs, missing: got.missing, spurious: got.spurious }).toEqual(matchSpansBefore(x, y));
        pairs += got.pairs.length;
      }
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it('with mentions without ids and identical mentions in both sets', () => {
    const r = rng(5);
    for (let n = 0; n < 200; n++) {
      const make = () =>
        Array.from({ length: Math.floor(r() * 12) }, () => {
          const start = Math.floor(r() * 20);
          return { type: TYPES[Math.floor(r() * 2)]!, start, end: start + 1 + Math.floor(r() * 5) };
        });
      const x = make();
      const y = [...make(), ...x.filter(() => r() < 0.5)];
      const got = matchSpans(x, y);
      expect({ pairs: got.pairs, missing: got.missing, spurious: got.spurious }).toEqual(matchSpansBefore(x, y));
    }
  });

  it('pairwise corpus figures are unchanged in form (smoke: every pair, every document)', () => {
    const docs = corpus(31, 3, 5, 0);
    const out = pairwiseSpanAgreement(['a', 'b', 'c'], docs.map((d) => ({ docId: d.docId, sets: { a: d.sets[0], b: d.sets[1], c: d.sets[2] } })));
    expect(out.map((p) => `${p.a}${p.b}:${p.result.documents.length}`)).toEqual(['ab:5', 'ac:5', 'bc:5']);
  });
});

// ---- the service's path: columns read from the store, one pass per document -----------------

/** Random spans anywhere (inside words, across words and punctuation), some typed like others, shuffled. */
function anywhere(r: () => number, length: number, count: number): SpanMention[] {
  return Array.from({ length: count }, (_, i) => {
    const start = Math.floor(r() * (length - 1));
    return { id: `z${i}`, type: TYPES[Math.floor(r() * TYPES.length)]!, start, end: Math.min(length, start + 1 + Math.floor(r() * 12)) };
  });
}

function columnarOf(docs: readonly TokenDocument[], names: readonly string[], keep?: (id: string) => boolean) {
  const labels = new LabelNumbers();
  return columnarAgreement(
    names,
    docs.map((d) => ({ docId: d.docId, items: agreementItems(d.text), sets: d.sets.map((s) => (s === null ? null : spanColumns(s, labels))) })),
    labels,
    keep,
  );
}

function referenceOf(docs: readonly TokenDocument[], names: readonly string[], keep?: (id: string) => boolean) {
  const spanDocs = docs.map((d) => ({ docId: d.docId, sets: Object.fromEntries(names.map((n, i) => [n, d.sets[i] ?? null])) }));
  return { spans: pairwiseSpanAgreement(names, spanDocs, keep), tokens: tokenAgreement(docs, new LabelNumbers(), keep) };
}

describe('columnar corpus agreement (the service path) = the object functions', () => {
  for (const [annotators, missing, seed] of [
    [2, 0, 1],
    [2, 0.25, 2],
    [3, 0.3, 3],
  ] as const) {
    it(`${annotators} annotators, ${missing * 100}% of sets missing, Hebrew and Arabic, nested, overlapping, sub-word and duplicate spans, any order`, () => {
      const r = rng(1000 + seed);
      const docs = corpus(seed * 7, annotators, 50, missing).map((d) => ({
        ...d,
        // spans anywhere added, and each set shuffled: the columns need not come sorted
        sets: d.sets.map((s) => {
          if (s === null) return null;
          const all = [...s, ...anywhere(r, [...d.text].length, Math.floor(r() * 8))];
          for (let i = all.length - 1; i > 0; i--) {
            const j = Math.floor(r() * (i + 1));
            [all[i], all[j]] = [all[j]!, all[i]!];
          }
          return all;
        }),
      }));
      docs.push({ docId: 'empty', text: 'שלום عالم', sets: docs[0]!.sets.map(() => []) });
      const names = Array.from({ length: annotators }, (_, i) => `an${i}`);
      const got = columnarOf(docs, names);
      const want = referenceOf(docs, names);
      expect(got.spans).toEqual(want.spans);
      if (annotators <= 3) expect(got.tokens).toEqual(want.tokens);
      expect(want.spans[0]!.result.corpus.scenarios.overlapTypeMismatch).toBeGreaterThan(0);
      expect(want.spans[0]!.result.corpus.scenarios.overlap).toBeGreaterThan(0);
      expect(want.spans[0]!.result.corpus.scenarios.typeMismatch).toBeGreaterThan(0);
      expect(got.tokens.corpus.items).toBeGreaterThan(2000);
      if (missing > 0) expect(got.spans[0]!.result.documents.length).toBeLessThan(docs.length);
    });
  }

  it('small sets of few types on few code points: many ties, identical counts', () => {
    const r = rng(77);
    const text = 'בקזחסטן טוקאייב, وكازاخستان ألماتي 2022 ירושלים';
    const length = [...text].length;
    const docs: TokenDocument[] = [];
    for (let n = 0; n < 300; n++) {
      const make = () =>
        Array.from({ length: Math.floor(r() * 10) }, () => {
          const start = Math.floor(r() * (length - 6));
          return { type: TYPES[Math.floor(r() * 2)]!, start, end: start + 1 + Math.floor(r() * 5) };
        });
      const x = make();
      docs.push({ docId: `t${n}`, text, sets: [x, [...make(), ...x.filter(() => r() < 0.6)]] });
    }
    expect(columnarOf(docs, ['a', 'b'])).toEqual(referenceOf(docs, ['a', 'b']));
  });

  it('keep: the same corpus figures, only those documents with their own (2 and 3 annotators)', () => {
    const keep = (id: string) => id === 'd2' || id === 'd5';
    const two = corpus(41, 2, 12, 0.2);
    expect(columnarOf(two, ['a', 'b'], keep)).toEqual(referenceOf(two, ['a', 'b'], keep));
    const three = corpus(43, 3, 12, 0.3);
    const got = columnarOf(three, ['a', 'b', 'c'], keep);
    expect(got).toEqual(referenceOf(three, ['a', 'b', 'c'], keep));
    expect(got.tokens.documents.map((d) => d.docId)).toEqual(['d2', 'd5']);
  });

  it('many short documents (as 10,000 of 2 KB with 10 mentions each): identical figures, 2 and 3 annotators', () => {
    for (const [annotators, missing, seed] of [
      [2, 0.05, 71],
      [3, 0.2, 73],
    ] as const) {
      const r = rng(seed);
      const docs: TokenDocument[] = [];
      for (let d = 0; d < 1500; d++) {
        const t = text(r, 30 + Math.floor(r() * 40));
        const base = mentions(r, t, Math.floor(r() * 11));
        const sets: Array<SpanMention[] | null> = [];
        for (let a = 0; a < annotators; a++) sets.push(r() < missing ? null : a === 0 ? base : variant(r, t, base, `a${a}`));
        docs.push({ docId: `s${d}`, text: t, sets });
      }
      const names = Array.from({ length: annotators }, (_, i) => `an${i}`);
      const keep = (id: string) => id.endsWith('7');
      const got = columnarOf(docs, names, keep);
      expect(got).toEqual(referenceOf(docs, names, keep));
      expect(got.spans[0]!.result.corpus.scenarios.typeMismatch).toBeGreaterThan(0);
    }
  });

  it('AgreementCounts: documents taken back and added again as they change give the figures of counting all again', () => {
    const r = rng(97);
    const names = ['a', 'b'];
    const docs = corpus(97, 2, 300, 0.1);
    const labels = new LabelNumbers();
    const counts = new AgreementCounts(2, labels);
    const items = docs.map((d) => agreementItems(d.text));
    const from = [0, 0];
    const to = [0, 0];
    /** A document as the service holds it: its sets' columns, owned, put in mention order once. */
    const held = (sets: ReadonlyArray<readonly SpanMention[] | null>, d: number): Array<SpanColumns | null> => {
      const cols = sets.map((s) => (s === null ? null : spanColumns(s, labels)));
      cols.forEach((c, i) => (to[i] = c?.count ?? 0));
      counts.order(items[d]!.length, cols, from, to);
      return cols;
    };
    const ends = (cols: ReadonlyArray<SpanColumns | null>) => cols.forEach((c, i) => (to[i] = c?.count ?? 0));
    const current = docs.map((d, i) => held(d.sets, i));
    current.forEach((cols, d) => {
      ends(cols);
      counts.add(items[d]!, cols, from, to, 1);
    });
    for (let round = 0; round < 40; round++) {
      const d = Math.floor(r() * docs.length);
      const doc = docs[d]!;
      // one set edited: a mention retyped, dropped or added; or a set no longer annotated, or annotated again
      const sets = doc.sets.map((s) => (s === null ? null : [...s]));
      const i = Math.floor(r() * 2);
      const x = r();
      if (x < 0.15) sets[i] = sets[i] === null ? [] : null;
      else {
        const s = (sets[i] ??= []);
        if (x < 0.45 && s.length > 0) s.splice(Math.floor(r() * s.length), 1);
        else if (x < 0.7 && s.length > 0) s[0] = { ...s[0]!, type: TYPES[Math.floor(r() * TYPES.length)]! };
        else s.push(...anywhere(r, [...doc.text].length, 1 + Math.floor(r() * 3)));
      }
      ends(current[d]!);
      counts.add(items[d]!, current[d]!, from, to, -1);
      docs[d] = { ...doc, sets };
      current[d] = held(sets, d);
      ends(current[d]!);
      counts.add(items[d]!, current[d]!, from, to, 1);
      if (round % 8 === 7) {
        const want = referenceOf(docs, names, () => false);
        expect(counts.spanFigures(0)).toEqual(want.spans[0]!.result.corpus);
        expect(counts.tokenFigures()).toEqual(want.tokens.corpus);
      }
    }
    // a document on its own: its figures, the corpus unchanged
    ends(current[5]!);
    const own = counts.document(items[5]!, current[5]!, from, to);
    const want = referenceOf(docs, names, (id) => id === 'd5');
    expect(own.tokens).toEqual(want.tokens.documents[0]!.result);
    expect(counts.tokenFigures()).toEqual(want.tokens.corpus);
  });

  it('refuses a span out of range and a type O, as the object functions', () => {
    const labels = new LabelNumbers();
    const items = agreementItems('שלום עולם');
    const run = (ms: SpanMention[]) => columnarAgreement(['a', 'b'], [{ docId: 'x', items, sets: [spanColumns(ms, labels), spanColumns([], labels)] }], labels);
    expect(() => run([{ type: 'PER', start: 0, end: 40 }])).toThrow(/out of range/);
    expect(() => run([{ type: 'O', start: 0, end: 4 }])).toThrow(/reserved/);
  });
});
