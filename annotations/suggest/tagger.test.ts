import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { graphemeIndex } from '../graphemes';
import { subTokenize, Tagger, trainTagger, trainWithHeldOut, evaluateTagger, type TaggerDocument } from './tagger';
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
