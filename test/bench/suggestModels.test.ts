import { describe, expect, it } from 'vitest';
import { evaluateTagger, Tagger, trainWithHeldOut, type TaggerDocument, type TaggerModel } from '../../annotations/suggest/tagger';
import { cacheSources } from './cache';
import { modelKey, trainedModel } from './suggest';

/** A small corpus: names and places in a few fixed contexts (seeded, the same every run). */
function corpus(n: number): TaggerDocument[] {
  const people = ['דוד', 'משה', 'שרה', 'רחל', 'יוסי', 'דנה', 'נועה', 'עמית'];
  const places = ['צרפת', 'מצרים', 'יפן', 'ספרד', 'הודו', 'סין', 'יוון', 'ירדן'];
  const docs: TaggerDocument[] = [];
  let r = 7;
  const pick = (xs: string[]): string => {
    r = (r * 48271) % 2147483647;
    return xs[Math.floor((r / 2147483647) * xs.length)]!;
  };
  for (let d = 0; d < n; d++) {
    let text = '';
    const mentions: TaggerDocument['mentions'][number][] = [];
    const put = (s: string, type?: string): void => {
      const start = [...text].length;
      text += s;
      if (type) mentions.push({ start, end: [...text].length, type });
    };
    for (let k = 0; k < 3; k++) {
      put(`${pick(['אמר', 'הודיע', 'סיפר'])} השר `);
      put(pick(people), 'PER');
      put(` ${pick(['היום', 'אתמול', 'שוב'])} כי ביקר ב`);
      put(pick(places), 'GPE');
      put(' עם חברים.\n');
    }
    docs.push({ text, mentions });
  }
  return docs;
}

describe("the suggestions bench's kept models (--quick)", () => {
  it('keys a model by the pure core the training runs, not by the generator or the store', () => {
    const names = cacheSources('tagger').map((s) => s.name);
    for (const f of ['annotations/suggest/tagger.ts', 'annotations/suggest/predict.ts', 'annotations/suggest/features.ts', 'annotations/tokenize.ts', 'annotations/random.ts']) expect(names).toContain(f);
    expect(names.some((n) => n.endsWith('.test.ts'))).toBe(false);
    expect(names).not.toContain('test/bench/generate.ts');
    expect(names.some((n) => n.startsWith('electron/'))).toBe(false);
  });

  it('keys a model by its training documents, its training and its name', () => {
    const docs = corpus(12);
    const train = (): TaggerModel => trainWithHeldOut(docs, { seed: 1 });
    const key = modelKey('NEMO (he) held-out 50', docs, train);
    expect(key).toMatch(/^suggest-model-nemo-he-held-out-50-[0-9a-f]{16}$/);
    expect(modelKey('NEMO (he) held-out 50', corpus(12), train)).toBe(key);
    const moved = corpus(12);
    moved[3] = { ...moved[3]!, mentions: moved[3]!.mentions.map((m, i) => (i === 0 ? { ...m, type: 'ORG' } : m)) };
    expect(modelKey('NEMO (he) held-out 50', moved, train)).not.toBe(key);
    expect(modelKey('NEMO (he) held-out 50', docs, () => trainWithHeldOut(docs, { seed: 2 }))).not.toBe(key);
    expect(modelKey('NEMO (he) held-out 200', docs, train)).not.toBe(key);
  });

  it('measures the same of a model read back from the cache as of the model trained: it is the same model', () => {
    const docs = corpus(30);
    const test = corpus(40).slice(30);
    const trained = trainedModel('test', docs.slice(0, 24), () => trainWithHeldOut(docs.slice(0, 24), { seed: 1 }), false);
    expect(trained.cached).toBe(false);
    expect(Number.isFinite(trained.seconds)).toBe(true);
    // what the cache writes and reads back
    const kept = JSON.parse(JSON.stringify(trained.value)) as TaggerModel;
    expect(kept).toEqual(trained.value);
    expect(evaluateTagger(new Tagger(kept), test)).toEqual(evaluateTagger(new Tagger(trained.value), test));
    const doc = { id: 'x', text: test.map((d) => d.text).join(''), mentions: [] };
    expect(new Tagger(kept).suggest(doc, 0)).toEqual(new Tagger(trained.value).suggest(doc, 0));
    // and the training is seeded: trained again, the same model
    expect(trainWithHeldOut(docs.slice(0, 24), { seed: 1 })).toEqual(trained.value);
  });
});
