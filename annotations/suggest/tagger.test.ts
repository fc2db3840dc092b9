import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { graphemeIndex } from '../graphemes';
import { evaluatePredictions, needsPieces, subTokenize, Tagger, trainTagger, trainWithHeldOut, evaluateTagger, type TaggerDocument, type TaggerModel } from './tagger';
import type { SpanTyped } from './occurrences';

/** A tiny synthetic corpus: names in fixed contexts, places after proclitics (tagged as stems). */
function corpus(people: string[], places: string[], seed: number): TaggerDocument[] {
  const docs: TaggerDocument[] = [];
  let r = seed;
  const pick = <T,>(xs: T[]): T => {
    r = (r * 48271) % 2147483647;
    return xs[Math.floor((r / 2147483647) * xs.length)] as T;
  };
  const verbs = ['אמר', 'הודיע', 'סיפר'];
  const fillers = ['היום', 'אתמול', 'שוב', 'בבוקר'];
  const preps = ['ב', 'ל', 'וב', 'מ', 'ול'];
  for (let d = 0; d < 30; d++) {
    let text = '';
    const mentions: SpanTyped[] = [];
    const put = (s: string, type?: string, skip = 0): void => {
      const start = [...text].length + skip;
      text += s;
      if (type) mentions.push({ start, end: [...text].length, type });
    };
    for (let k = 0; k < 4; k++) {
      put(`${pick(verbs)} השר `);
      put(pick(people), 'PER');
      put(` ${pick(fillers)} כי ביקר `);
      const p = pick(preps);
      put(`${p}${pick(places)}`, 'GPE', [...p].length);
      put(` ${pick(fillers)} עם חברים.\n`);
    }
    docs.push({ text, mentions });
  }
  return docs;
}

const PEOPLE = ['דוד', 'משה', 'שרה', 'רחל', 'יוסי', 'דנה', 'נועה', 'עמית', 'גלעד', 'מירב', 'אורי', 'טל', 'אבי', 'יעל', 'רון', 'חנה'];
const PLACES = ['קזחסטן', 'צרפת', 'מצרים', 'יפן', 'ספרד', 'הודו', 'סין', 'איטליה', 'יוון', 'טורקיה', 'ירדן', 'תאילנד', 'קנדה', 'פרו', 'נפאל', 'צ׳ילה'];

describe('sub-tokens', () => {
  it('splits proclitics off Hebrew and Arabic words, in exact code points, and ends sentences', () => {
    const s = subTokenize('ולקזחסטן באו. والحكومة');
    expect(s).toHaveLength(2);
    expect(s[0]?.map((t) => [t.start, t.end, t.text])).toEqual([[0, 1, 'ו'], [1, 2, 'ל'], [2, 8, 'קזחסטן'], [9, 10, 'ב'], [10, 12, 'או'], [12, 13, '.']]);
    expect(s[1]?.map((t) => [t.start, t.end, t.text])).toEqual([[14, 15, 'و'], [15, 17, 'ال'], [17, 22, 'حكومة']]);
  });
  it('never cuts a grapheme: a mark stays with its letter', () => {
    const s = subTokenize('וּבְשָׁלוֹם');
    expect(s[0]?.map((t) => [t.start, t.end])).toEqual([[0, 2], [2, 4], [4, 11]]);
  });
});

describe('sub-tokens, property', () => {
  const pieces = ['ב', 'ו', 'ל', 'ה', 'ש', 'קזחסטן', 'שָׁלוֹם', ' ', '. ', '\n', 'و', 'ال', 'ل', 'حكومة', 'مُحَمَّد', 'ـ', '\u200d', '\u05b0', '\u064e', '👩\u200d💻', 'e\u0301', 'x', '\u200f'];
  it('pieces are in order and never split a grapheme (a predicted span is made of whole pieces)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const g = graphemeIndex(text);
        let prev = 0;
        for (const s of subTokenize(text)) {
          for (const t of s) {
            expect(t.start).toBeGreaterThanOrEqual(prev);
            expect(t.start).toBeLessThan(t.end);
            expect(g.isBoundary(t.start) && g.isBoundary(t.end)).toBe(true);
            prev = t.end;
          }
        }
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe('tagger', () => {
  const train = corpus(PEOPLE.slice(0, 12), PLACES.slice(0, 12), 7);
  it('learns: finds names it never saw, in the contexts it learnt, with the exact stems', () => {
    const tagger = new Tagger(trainTagger(train, { seed: 3 }));
    const test = corpus(PEOPLE.slice(12), PLACES.slice(12), 99);
    const e = evaluateTagger(tagger, test);
    expect(e.f1).toBeGreaterThan(0.9);
    const text = 'אמר השר אבי אתמול כי ביקר ולפרו שוב עם חברים.';
    expect(tagger.predict(text).map((m) => [[...text].slice(m.start, m.end).join(''), m.type])).toEqual([['אבי', 'PER'], ['פרו', 'GPE']]);
  });
  it('an untrained model (no examples) finds nothing, and a model trained on nothing learns nothing', () => {
    const empty = new Tagger(trainTagger(train.map((d) => ({ text: d.text, mentions: [] }))));
    expect(empty.predict(train[0]?.text ?? '')).toEqual([]);
  });
  it('is deterministic for a seed and survives JSON', () => {
    const a = trainTagger(train, { seed: 5, epochs: 3 });
    const b = trainTagger(train, { seed: 5, epochs: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const back = new Tagger(JSON.parse(JSON.stringify(a)));
    const text = train[3]?.text ?? '';
    expect(back.predict(text)).toEqual(new Tagger(a).predict(text));
  });
  it('holds out documents, reports its figures and stays silent below the threshold', () => {
    const model = trainWithHeldOut(train, { seed: 2, heldOut: 0.2 });
    expect(model.quality?.documents).toBe(6);
    expect(model.quality?.f1).toBeGreaterThan(0.9);
    const tagger = new Tagger(model);
    const doc = { id: 'x', text: train[0]?.text ?? '', mentions: [] };
    expect(tagger.suggest(doc, 0.5).length).toBeGreaterThan(0);
    const weak = new Tagger({ ...model, quality: { ...(model.quality as NonNullable<typeof model.quality>), f1: 0.4 } });
    expect(weak.suggest(doc, 0.5)).toEqual([]);
    expect(weak.suggest(doc, 0.3)).toEqual(tagger.suggest(doc, 0.3).map((x) => ({ ...x, score: 0.4 })));
    // never a suggestion overlapping a mention of its type
    const withMentions = { ...doc, mentions: train[0]?.mentions ?? [] };
    expect(tagger.suggest(withMentions, 0)).toEqual([]);
  });
  it('refuses what is not a model', () => {
    expect(() => new Tagger({ kind: 'x' } as never)).toThrow(/not a Qalam tagger model/);
  });
});

/** A document from words, some of them tagged: [word, type?, offset of the span in the word?]. */
function doc(words: [string, string?, number?][]): TaggerDocument {
  let text = '';
  const mentions: SpanTyped[] = [];
  for (const [w, type, skip = 0] of words) {
    if (text !== '' && w !== '.') text += ' ';
    const start = [...text].length;
    text += w;
    if (type) mentions.push({ start: start + skip, end: [...text].length, type });
  }
  return { text: `${text}\n`, mentions };
}

describe('tagger: spans as the annotator draws them', () => {
  const wholeWords = Array.from({ length: 12 }, (_, k) =>
    doc([['אמר'], ['השר'], [PEOPLE[k % 8] as string, 'PER'], ['כי'], ['ביקר'], [`ב${PLACES[k % 8] as string}`, 'GPE'], ['אתמול'], ['.']]),
  );
  const stems = wholeWords.map((d) => ({ ...d, mentions: d.mentions.map((m) => (m.type === 'GPE' ? { ...m, start: m.start + 1 } : m)) }));
  it('splits words into proclitics and stem only when the annotator\'s spans start inside words', () => {
    expect(needsPieces(wholeWords)).toBe(false);
    expect(needsPieces(stems)).toBe(true);
    expect(trainTagger(wholeWords, { epochs: 2 }).split).toBe(false);
    expect(trainTagger(stems, { epochs: 2 }).split).toBe(true);
  });
  it('predicts whole words for one annotator and stems for the other, as BILOU or BIO', () => {
    const text = 'אמר השר אורי כי ביקר בטורקיה אתמול .\n';
    const show = (m: TaggerModel): string[] => new Tagger(m).predict(text).map((x) => `${[...text].slice(x.start, x.end).join('')}/${x.type}`);
    for (const scheme of ['bilou', 'bio'] as const) {
      expect(show(trainTagger(wholeWords, { seed: 1, scheme }))).toEqual(['אורי/PER', 'בטורקיה/GPE']);
      expect(show(trainTagger(stems, { seed: 1, scheme }))).toEqual(['אורי/PER', 'טורקיה/GPE']);
    }
  });
  it('BILOU: the transitions learnt are only the valid ones, and every prediction is a whole mention', () => {
    const m = trainTagger(wholeWords, { seed: 1, scheme: 'bilou' });
    expect(m.scheme).toBe('bilou');
    // tags: O, then B I L U per type (GPE, PER)
    expect(m.types).toEqual(['GPE', 'PER']);
    const nt = 9;
    const at = (prev: number, cur: number): number => m.transitions[(prev + 1) * nt + cur] as number;
    // never learnt: O → I-GPE, B-GPE → B-PER, U-PER → L-PER
    expect([at(0, 2), at(1, 5), at(8, 7)]).toEqual([0, 0, 0]);
    // a long, unseen sentence of names: still whole mentions only (each B closed by an L)
    const tagger = new Tagger(m);
    const text = `${PEOPLE.join(' ')} ${PLACES.map((p) => `ב${p}`).join(' ')}\n`;
    for (const x of tagger.predict(text)) expect(x.end).toBeGreaterThan(x.start);
  });
});

describe('tagger: the annotator\'s lexicon', () => {
  it('finds a name tagged before again after another proclitic, and keeps the lexicon in the model', () => {
    const docs = Array.from({ length: 10 }, (_, k) =>
      doc([['הוא'], ['ביקר'], [k % 2 === 0 ? 'בקזחסטן' : 'לקזחסטן', 'GPE', 1], ['עם'], [PEOPLE[k] as string, 'PER'], ['.']]),
    );
    const m = trainTagger(docs, { seed: 4 });
    expect(m.lexicon?.['קזחסטן']).toEqual({ types: { GPE: 10 }, seen: 10 });
    const text = 'ומקזחסטן חזר .\n';
    expect(new Tagger(m).predict(text)).toEqual([{ start: 2, end: 8, type: 'GPE' }]);
    expect(trainTagger(docs, { seed: 4, lexicon: false }).lexicon).toEqual({});
  });
});

describe('tagger: evaluation', () => {
  it('counts exact spans and tokens (each word labelled by the mention over it)', () => {
    const gold = doc([['דוד', 'PER'], ['בן'], ['גוריון', 'PER'], ['ביקר'], ['בקזחסטן', 'GPE', 1], ['.']]);
    // דוד right; גוריון as ORG (wrong type); קזחסטן as the whole word (wrong span, right type); ביקר extra
    const predicted: SpanTyped[] = [
      { start: 0, end: 3, type: 'PER' },
      { start: 7, end: 13, type: 'ORG' },
      { start: 14, end: 18, type: 'PER' },
      { start: 19, end: 26, type: 'GPE' },
    ];
    const e = evaluatePredictions([gold], [predicted]);
    expect([e.matched, e.predicted, e.gold]).toEqual([1, 4, 3]);
    // tokens: דוד tp, גוריון fp+fn, ביקר fp, בקזחסטן tp (the mention covers part of it)
    expect(e.token?.precision).toBe(2 / 4);
    expect(e.token?.recall).toBe(2 / 3);
    expect(e.token?.f1).toBeCloseTo((2 * 2) / (2 * 2 + 2 + 1), 12);
  });
  it('chooses its O bias on the held-out documents and keeps it in the model', () => {
    const train = corpus(PEOPLE.slice(0, 12), PLACES.slice(0, 12), 7);
    const m = trainWithHeldOut(train, { seed: 2 });
    expect(m.oBias).toBeGreaterThanOrEqual(0);
    const tagger = new Tagger(m);
    expect(tagger.oBias).toBe(m.oBias);
    expect(trainTagger(train, { seed: 2 }).oBias).toBeUndefined();
  });
  it('suggests at its own bias: the most right suggestions less wrong ones on the held-out documents', () => {
    const train = corpus(PEOPLE.slice(0, 12), PLACES.slice(0, 12), 7);
    const m = trainWithHeldOut(train, { seed: 2 });
    expect(typeof m.suggestBias).toBe('number');
    const doc = { id: 'x', text: train[0]?.text ?? '', mentions: [] };
    const shy = new Tagger({ ...m, suggestBias: -1e6 });
    expect(shy.predict(doc.text).length).toBeGreaterThan(0);
    expect(shy.suggest(doc, 0)).toEqual([]);
    // without one (a model of trainTagger), suggestions are the predictions
    const plain = new Tagger(trainTagger(train, { seed: 2 }));
    expect(plain.suggest(doc, 0).map((x) => [x.start, x.end, x.type])).toEqual(plain.predict(doc.text).map((x) => [x.start, x.end, x.type]));
  });
  it('still reads a version 1 model (BIO over pieces)', () => {
    const v1 = { ...trainTagger(corpus(PEOPLE, PLACES, 3).slice(0, 10), { seed: 1, scheme: 'bio', split: true, lexicon: false }), version: 1 as const };
    const text = 'אמר השר דוד אתמול כי ביקר ולצרפת שוב עם חברים.';
    expect(new Tagger(v1).predict(text).map((x) => [...text].slice(x.start, x.end).join(''))).toEqual(['דוד', 'צרפת']);
  });
});
