/**
 * The Tagger's prediction (predict.ts: weights in one typed array, slot rows summed once per
 * distinct piece, word pairs found by ids, Viterbi with the O bias as it goes) against the
 * reference it replaced: every feature's name built for every piece and looked up in a map, summed
 * in the same order, the O bias taken from a copy of the scores. Scores are compared bit for bit,
 * then the predictions and suggestions.
 */
// The real slice reads the shared corpora (the core itself reads no files).
// eslint-disable-next-line no-restricted-imports
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SLOTS, slotFeatures, slotPieces, pairFeature, stemsOf, lexiconFeatures, bestType } from './features';
import { perType, spansOf, viterbi } from './tags';
import { subTokenize, Tagger, trainTagger, trainWithHeldOut, WordAnalyzer, type TaggerDocument, type TaggerModel } from './tagger';
import { FIXTURES, loadMorph, loadTokens, toDocs } from '../../test/bench/corpora';
import type { SpanTyped } from './occurrences';

/** Scores as the Tagger computed them before session 6: names built per piece, a map of rows. */
function referenceScores(model: TaggerModel, text: string): { starts: number[]; ends: number[]; emit: Float64Array }[] {
  const scheme = model.version === 1 ? 'bio' : model.scheme;
  const split = model.version === 1 ? true : model.split;
  const nt = 1 + perType(scheme) * model.types.length;
  const weights = new Map<string, Float64Array>();
  for (const [name, row] of Object.entries(model.weights)) {
    const v = new Float64Array(nt);
    for (let k = 0; k + 1 < row.length; k += 2) v[row[k] as number] = row[k + 1] as number;
    weights.set(name, v);
  }
  const gaz = new Map(Object.entries(model.gazetteer));
  const lexicon = model.lexicon ?? {};
  const lookup = (key: string): { type: string; tagged: number; seen: number } | null => {
    const e = Object.hasOwn(lexicon, key) ? lexicon[key] : undefined;
    if (e === undefined) return null;
    const [type] = bestType(e.types);
    return { type, tagged: e.types[type] as number, seen: e.seen };
  };
  const add = (emit: Float64Array, at: number, v: Float64Array): void => {
    for (let y = 0; y < nt; y++) emit[at + y] = (emit[at + y] as number) + (v[y] as number);
  };
  const out: { starts: number[]; ends: number[]; emit: Float64Array }[] = [];
  if (model.types.length === 0) return out;
  for (const s of subTokenize(text, split)) {
    const emit = new Float64Array(s.length * nt);
    const extra = lexiconFeatures(s, stemsOf(s), lookup, model.lexiconWords ?? 1);
    const slots = slotPieces(s);
    s.forEach((t, i) => {
      for (let slot = 0; slot < SLOTS; slot++) {
        let sum: Float64Array | null = null;
        for (const name of slotFeatures(slot, s[slots[i * SLOTS + slot] as number], gaz)) {
          const x = weights.get(name);
          if (x === undefined) continue;
          sum ??= new Float64Array(nt);
          add(sum, 0, x);
        }
        if (sum !== null) add(emit, i * nt, sum);
      }
      for (let which = 0; which < 2; which++) {
        const v = weights.get(pairFeature(which, t, s[slots[i * SLOTS + (which === 0 ? 3 : 5)] as number]));
        if (v !== undefined) add(emit, i * nt, v);
      }
      for (const name of extra[i] ?? []) {
        const v = weights.get(name);
        if (v !== undefined) add(emit, i * nt, v);
      }
    });
    out.push({ starts: s.map((t) => t.start), ends: s.map((t) => t.end), emit });
  }
  return out;
}

/** Predictions as before: the O bias taken from a copy of the scores, then Viterbi. */
function referencePredict(model: TaggerModel, text: string, oBias: number): SpanTyped[] {
  const scheme = model.version === 1 ? 'bio' : model.scheme;
  const nt = 1 + perType(scheme) * model.types.length;
  const out: SpanTyped[] = [];
  for (const { starts, ends, emit: raw } of referenceScores(model, text)) {
    const n = starts.length;
    const emit = Float64Array.from(raw);
    for (let i = 0; i < n; i++) emit[i * nt] = (emit[i * nt] as number) - oBias;
    const tags = viterbi(emit, n, nt, Float64Array.from(model.transitions), scheme);
    for (const [i, j, k] of spansOf(tags, scheme)) out.push({ start: starts[i] as number, end: ends[j] as number, type: model.types[k] as string });
  }
  return out;
}

const WORDS_HE = ['אמר', 'השר', 'היום', 'כי', 'ביקר', 'עם', 'חברים', 'שוב', 'צה"ל', 'ג\'ורג\'', 'שָׁלוֹם'];
const NAMES_HE = ['דוד', 'משה', 'שרה', 'רחל', 'יוסי', 'נועה'];
const PLACES_HE = ['קזחסטן', 'צרפת', 'מצרים', 'יפן', 'ספרד'];
const WORDS_AR = ['قال', 'الوزير', 'اليوم', 'إن', 'زار', 'مع', 'أصدقاء', 'مُحَمَّد'];
const PLACES_AR = ['الحكومة', 'مصر', 'فرنسا', 'الأردن'];
const PREFIXES = ['', 'ב', 'ל', 'וב', 'ו', 'ה'];
const PREFIXES_AR = ['', 'و', 'ب', 'ل', 'وب'];

/** A small mixed corpus: Hebrew and Arabic sentences with names, places after proclitics (as stems or whole words), Latin and digits. */
function corpus(seed: number, docs: number, stems: boolean): TaggerDocument[] {
  let r = seed;
  const rand = (): number => {
    r = (r * 48271) % 2147483647;
    return r / 2147483647;
  };
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: TaggerDocument[] = [];
  for (let d = 0; d < docs; d++) {
    let text = '';
    const mentions: SpanTyped[] = [];
    const put = (s: string, type?: string, skip = 0): void => {
      const start = [...text].length + skip;
      text += s;
      if (type) mentions.push({ start, end: [...text].length, type });
    };
    for (let k = 0; k < 5; k++) {
      if (rand() < 0.6) {
        put(`${pick(WORDS_HE)} ${pick(WORDS_HE)} `);
        put(pick(NAMES_HE), 'PER');
        put(` ${pick(WORDS_HE)} `);
        const p = pick(PREFIXES);
        put(`${p}${pick(PLACES_HE)}`, 'GPE', stems ? [...p].length : 0);
        put(` ${rand() < 0.3 ? 'Apple 2024' : pick(WORDS_HE)}.${rand() < 0.5 ? '\n' : ' '}`);
      } else {
        put(`${pick(WORDS_AR)} `);
        const p = pick(PREFIXES_AR);
        put(`${p}${pick(PLACES_AR)}`, 'ORG', stems ? [...p].length : 0);
        put(` ${pick(WORDS_AR)} ${pick(WORDS_AR)}؟\n`);
      }
    }
    out.push({ text, mentions });
  }
  return out;
}

describe('tagger prediction against the reference (names looked up one by one)', () => {
  const models: [string, TaggerModel][] = [
    ['stems inside words (pieces), with held-out biases', trainWithHeldOut(corpus(7, 24, true), { seed: 3 })],
    ['whole words, BIO', trainTagger(corpus(11, 20, false), { seed: 5, scheme: 'bio' })],
  ];
  // every word before every place after every proclitic: the same stem (and word) after the same word, in many pairs
  const pairs = WORDS_HE.flatMap((w) => PREFIXES.flatMap((p) => PLACES_HE.map((x) => `${w} ${p}${x} ${w}`))).join('. ');
  const texts = [corpus(99, 4, true).map((d) => d.text).join(''), 'ולקזחסטן באו. والحكومة قالت\nדוד ביקר בצרפת שוב 2024 Apple. 👩\u200d💻 e\u0301 ולמשה', pairs];

  for (const [label, model] of models) {
    it(`scores bit for bit, predictions and biases the same: ${label}`, () => {
      const tagger = new Tagger(model);
      for (const text of texts) {
        // twice: the second time every piece's rows come from the caches
        for (let round = 0; round < 2; round++) {
          const got = tagger.scores(text);
          const want = referenceScores(model, text);
          expect(got.map((s) => s.pieces.map((p) => [p.start, p.end]))).toEqual(want.map((s) => s.starts.map((x, i) => [x, s.ends[i]])));
          got.forEach((s, k) => expect(Array.from(s.emit)).toEqual(Array.from((want[k] as { emit: Float64Array }).emit)));
          for (const bias of [0, tagger.oBias, tagger.suggestBias, -4, 7.5]) {
            expect(tagger.decode(got, bias)).toEqual(referencePredict(model, text, bias));
          }
        }
      }
      expect(tagger.predict(texts[0] as string).length).toBeGreaterThan(0);
    });
  }

  it('property: any text from Hebrew, Arabic, marks, emoji and breaks gives the reference predictions', () => {
    const [, model] = models[0] as [string, TaggerModel];
    const tagger = new Tagger(model);
    const pieces = [...WORDS_HE, ...NAMES_HE, ...PLACES_HE, ...WORDS_AR, ...PLACES_AR, ...PREFIXES, ' ', ' ', '. ', '\n', 'ـ', '\u200d', '\u05b0', '👩\u200d💻', 'x', '؟', '42'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(tagger.predict(text)).toEqual(referencePredict(model, text, tagger.oBias));
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  for (const [label, model] of models) {
    it(`forgets its pieces and word pairs at a small bound and predicts the same across the resets: ${label}`, () => {
      // the bound is 1M pieces in use; here a few dozen, so that texts in a row cross it many times
      const small = new Tagger(model, { maxPieceIds: 40, maxPairs: 16 });
      const fresh = new Tagger(model);
      const many = [...texts, ...corpus(123, 6, true).map((d) => d.text), ...texts];
      for (const text of many) {
        const got = small.scores(text);
        const want = fresh.scores(text);
        got.forEach((s, k) => expect(Array.from(s.emit)).toEqual(Array.from((want[k] as { emit: Float64Array }).emit)));
        expect(small.predict(text)).toEqual(referencePredict(model, text, small.oBias));
      }
      expect(small.resets).toBeGreaterThan(3);
      expect(fresh.resets).toBe(0);
    });
  }

  it('suggest leaves out exactly the spans overlapping a mention of the same type (touching is not overlapping)', () => {
    const [, model] = models[0] as [string, TaggerModel];
    const tagger = new Tagger(model);
    const text = texts[0] as string;
    const predicted = tagger.decode(tagger.scores(text), tagger.suggestBias);
    expect(predicted.length).toBeGreaterThan(4);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ at: fc.nat(predicted.length - 1), dl: fc.integer({ min: -3, max: 3 }), dr: fc.integer({ min: -3, max: 3 }), other: fc.boolean() }),
          { maxLength: 12 },
        ),
        (picks) => {
          const mentions = picks.map(({ at, dl, dr, other }) => {
            const p = predicted[at] as SpanTyped;
            const start = Math.max(0, p.start + dl);
            return { start, end: Math.max(start, p.end + dr), type: other ? 'OTHER' : p.type };
          });
          const want = predicted.filter((p) => !mentions.some((m) => m.type === p.type && m.start < p.end && p.start < m.end));
          const got = tagger.suggest({ id: 'd', text, mentions }, 0);
          expect(got.map((s) => [s.start, s.end, s.type])).toEqual(want.map((p) => [p.start, p.end, p.type]));
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
});

/** Names of two and three words, some starting with the same word as a shorter one (longest first). */
const LONG_NAMES = ['דוד בן גוריון', 'דוד בן', 'משה שרת', 'בית המשפט העליון', 'בית המשפט', 'الأمم المتحدة', 'مجلس الأمن الدولي'];

/** Sentences naming LONG_NAMES (after proclitics too, the mention on the stems when `stems`). */
function longNames(seed: number, docs: number, stems: boolean): TaggerDocument[] {
  let r = seed;
  const rand = (): number => {
    r = (r * 48271) % 2147483647;
    return r / 2147483647;
  };
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: docs }, () => {
    let text = '';
    const mentions: SpanTyped[] = [];
    for (let k = 0; k < 6; k++) {
      text += `${pick(WORDS_HE)} `;
      const name = pick(LONG_NAMES);
      const p = /[\u0600-\u06ff]/u.test(name) ? pick(PREFIXES_AR) : pick(PREFIXES);
      const start = [...text].length + (stems ? [...p].length : 0);
      text += `${p}${name}`;
      // some left untagged: entries tagged less often than seen (the lexicon's buckets)
      if (rand() < 0.8) mentions.push({ start, end: [...text].length, type: name.startsWith('בית') || name.includes('الأمن') ? 'ORG' : 'PER' });
      text += ` ${pick(WORDS_HE)}${rand() < 0.5 ? '.\n' : ' '}`;
    }
    return { text, mentions };
  });
}

describe('the sentence-by-sentence path (suggest, predict) against the reference', () => {
  it('multi-word lexicon entries (longest first, B I L U places, proclitics): scores bit for bit and the same spans', () => {
    for (const stems of [true, false]) {
      const model = trainWithHeldOut(longNames(3, 16, stems), { seed: 2 });
      expect(model.lexiconWords ?? 1).toBeGreaterThanOrEqual(3);
      const tagger = new Tagger(model);
      const text = longNames(17, 3, stems).map((d) => d.text).join('');
      for (let round = 0; round < 2; round++) {
        const got = tagger.scores(text);
        const want = referenceScores(model, text);
        got.forEach((x, k) => expect(Array.from(x.emit)).toEqual(Array.from((want[k] as { emit: Float64Array }).emit)));
        expect(tagger.predict(text)).toEqual(referencePredict(model, text, tagger.oBias));
        const suggested = tagger.suggest({ id: 'd', text, mentions: [] }, 0);
        expect(suggested.map((x) => ({ start: x.start, end: x.end, type: x.type }))).toEqual(referencePredict(model, text, tagger.suggestBias));
        expect(suggested.length).toBeGreaterThan(0);
      }
    }
  });

  it('a WordAnalyzer that forgets its tokens at a small bound gives the same pieces, never an id again', () => {
    const text = [...corpus(5, 3, true).map((d) => d.text), ...longNames(9, 2, true).map((d) => d.text)].join('');
    for (const split of [true, false]) {
      const small = new WordAnalyzer(split, 7);
      const plain = (s: ReturnType<typeof subTokenize>) => s.map((x) => x.map(({ start, end, text, role, word, stem, w, piece, pieces, script, shape }) => ({ start, end, text, role, word, stem, w, piece, pieces, script, shape })));
      const want = plain(subTokenize(text, split));
      const seen = new Map<number, string>();
      for (let round = 0; round < 3; round++) {
        const got = subTokenize(text, split, small);
        expect(plain(got)).toEqual(want);
        for (const t of got.flat()) {
          // an id always names the same piece (ids are not given out again after forgetting)
          const key = `${t.text}|${t.word}|${t.role}|${t.piece}`;
          expect(seen.get(t.id) ?? key).toBe(key);
          seen.set(t.id, key);
        }
      }
      expect(small.ids).toBeGreaterThan(new Set(want.flat().map((t) => `${t.text}|${t.word}|${t.role}|${t.piece}`)).size);
    }
  });

  // the shared corpora (NEMO, ANERcorp) when they are there: a model of a real slice, another slice tagged
  describe.skipIf(!existsSync(FIXTURES))('a real slice', () => {
    const corpora: [string, () => ReturnType<typeof loadMorph>][] = [
      ['NEMO morph', loadMorph],
      ['NEMO token-single', () => loadTokens('nemo-train/token-single_gold_train.bmes')],
      ['ANERcorp', () => loadTokens('anercorp-train/train_data.txt')],
    ];
    for (const [name, load] of corpora) {
      it(`${name}: scores bit for bit, predictions and suggestions as the reference`, () => {
        const docs = toDocs(load().slice(0, 440));
        const model = trainWithHeldOut(docs.slice(0, 16), { seed: 1 });
        const text = docs.slice(16).map((d) => d.text).join('\n');
        const tagger = new Tagger(model);
        const got = tagger.scores(text);
        const want = referenceScores(model, text);
        expect(got.length).toBe(want.length);
        got.forEach((x, k) => expect(Array.from(x.emit)).toEqual(Array.from((want[k] as { emit: Float64Array }).emit)));
        const spans = referencePredict(model, text, tagger.suggestBias);
        expect(spans.length).toBeGreaterThan(20);
        expect(tagger.suggest({ id: 'd', text, mentions: [] }, 0).map((x) => ({ start: x.start, end: x.end, type: x.type }))).toEqual(spans);
        expect(new Tagger(model).predict(text)).toEqual(referencePredict(model, text, tagger.oBias));
      });
    }
  });
});
