import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countWords, documentParts, heldOutUnits, learningSample, MIN_PARTS, MIN_SINGLE_DOCUMENT_MENTIONS, trainingSample, type SampleDocument } from './sample';
import type { SpanTyped } from './occurrences';

const cps = (s: string): string[] => [...s];
const slice = (text: string, s: { start: number; end: number }): string => cps(text).slice(s.start, s.end).join('');

/** Paragraphs of `words` words each; every third word tagged, some mentions across a line break. */
function doc(paragraphs: number, words: number, seed: number): SampleDocument {
  let text = '';
  let length = 0;
  const mentions: SpanTyped[] = [];
  for (let p = 0; p < paragraphs; p++) {
    for (let w = 0; w < words; w++) {
      const word = w % 2 ? `שם${(p * words + w + seed) % 7}` : `𝒳ע${w}`;
      const start = length;
      text += word;
      length += cps(word).length;
      if ((p + w + seed) % 3 === 0) mentions.push({ start, end: length, type: w % 2 ? 'PER' : 'GPE' });
      text += w + 1 < words ? ' ' : '\n';
      length++;
    }
    // a mention across the line break of every fifth paragraph
    if (p % 5 === 4 && p + 1 < paragraphs) mentions.push({ start: length - 3, end: length + 2, type: 'ORG' });
  }
  return { text, mentions };
}

describe('trainingSample', () => {
  it('takes small corpora whole, as they are', () => {
    const docs = [doc(3, 10, 1), doc(2, 10, 2)];
    const s = trainingSample(docs, 1000);
    expect(s.sampled).toBe(false);
    expect(s.docs).toEqual(docs);
    expect(s.words).toBe(50);
  });

  it('cuts a large corpus into whole paragraphs no mention crosses, keeping each mention exactly', () => {
    const d = doc(40, 60, 3);
    const parts = documentParts(d, 100);
    expect(parts.map((p) => p.text).join('')).toBe(d.text);
    expect(parts.reduce((n, p) => n + p.mentions.length, 0)).toBe(d.mentions.length);
    let offset = 0;
    const back: string[] = [];
    for (const p of parts) {
      for (const m of p.mentions) {
        expect(m.start).toBeGreaterThanOrEqual(0);
        expect(m.end).toBeLessThanOrEqual(cps(p.text).length);
        back.push(`${m.type}:${slice(p.text, m)}@${m.start + offset}`);
      }
      offset += cps(p.text).length;
    }
    expect(back.sort()).toEqual(d.mentions.map((m) => `${m.type}:${slice(d.text, m)}@${m.start}`).sort());
    // every part but the last ends a paragraph
    for (const p of parts.slice(0, -1)) expect(p.text.endsWith('\n')).toBe(true);
  });

  it('samples about the bound, evenly and deterministically', () => {
    const docs = [doc(100, 50, 1), doc(60, 50, 2), doc(40, 50, 3)];
    const a = trainingSample(docs, 2000);
    expect(a.sampled).toBe(true);
    expect(a.words).toBe(10_000);
    expect(a.sampledWords).toBeGreaterThan(1000);
    expect(a.sampledWords).toBeLessThanOrEqual(3000);
    expect(trainingSample(docs, 2000)).toEqual(a);
    // from every document, not only the first
    const texts = a.docs.map((d) => d.text);
    for (const d of docs) expect(texts.some((t) => d.text.includes(t))).toBe(true);
    for (const s of a.docs) for (const m of s.mentions) expect(m.end).toBeLessThanOrEqual(cps(s.text).length);
  });

  it('counts whitespace-separated words', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[^\s\u00a0]{1,5}$/), { maxLength: 20 }), fc.constantFrom(' ', '\n', ' \n '), (ws, sep) => {
        expect(countWords(ws.join(sep))).toBe(ws.length);
      }),
    );
  });
});

describe('learningSample: what is learnt from and held out', () => {
  it('takes two documents or more as documents (INCEpTION holds out documents), a sampled corpus as parts', () => {
    const docs = [doc(3, 10, 1), doc(2, 10, 2)];
    expect(learningSample(docs, 1000)).toMatchObject({ unit: 'documents', docs });
    expect(learningSample([doc(100, 50, 1), doc(60, 50, 2)], 2000)).toMatchObject({ unit: 'parts', sampled: true });
  });

  it('cuts a single document with enough mentions into parts of whole paragraphs, every mention kept', () => {
    const d = doc(30, 20, 1); // 600 words, 200 mentions
    const s = learningSample([d], 10_000);
    if ('waiting' in s) throw new Error(`waits: ${s.waiting}`);
    expect(s.unit).toBe('parts');
    expect(s.docs.length).toBeGreaterThanOrEqual(MIN_PARTS);
    expect(s.docs.map((p) => p.text).join('')).toBe(d.text);
    expect(s.docs.reduce((n, p) => n + p.mentions.length, 0)).toBe(d.mentions.length);
    // over the bound the sample's own parts are held out
    const big = learningSample([doc(200, 50, 2)], 2000);
    expect(big).toMatchObject({ unit: 'parts', sampled: true });
  });

  it('waits for a single document with a handful of mentions, or one that does not cut into parts', () => {
    const few = doc(20, 10, 1);
    const tiny = { text: few.text, mentions: few.mentions.slice(0, MIN_SINGLE_DOCUMENT_MENTIONS - 1) };
    expect(learningSample([tiny])).toEqual({ waiting: 'mentions', documents: 1, mentions: MIN_SINGLE_DOCUMENT_MENTIONS - 1 });
    expect(learningSample([])).toMatchObject({ waiting: 'mentions', documents: 0 });
    // one paragraph (no line break): nothing to hold out
    const line = doc(1, 300, 1);
    expect(line.mentions.length).toBeGreaterThanOrEqual(MIN_SINGLE_DOCUMENT_MENTIONS);
    expect(learningSample([line])).toEqual({ waiting: 'parts', documents: 1, mentions: line.mentions.length });
  });
});

describe('heldOutUnits (the CLI: no size bound)', () => {
  it('cuts one annotated document into parts, keeps two documents as they are, says why a small one cannot be', () => {
    const para = (k: number): string => `פסקה ${k} ` + 'מילה '.repeat(60).trim();
    const paragraphs = Array.from({ length: 40 }, (_, k) => para(k));
    const text = paragraphs.join('\n');
    const mentions: { start: number; end: number; type: string }[] = [];
    let at = 0;
    for (const p of paragraphs) {
      mentions.push({ start: at, end: at + 4, type: 'PER' });
      mentions.push({ start: at + 7, end: at + 11, type: 'LOC' });
      at += [...p].length + 1;
    }
    const one = heldOutUnits([{ text, mentions }]);
    expect(one.unit).toBe('parts');
    expect(one.waiting).toBeUndefined();
    expect(one.docs.length).toBeGreaterThanOrEqual(4);
    expect(one.docs.map((d) => d.text).join('')).toBe(text);
    expect(one.docs.reduce((n, d) => n + d.mentions.length, 0)).toBe(mentions.length);
    const two = heldOutUnits([{ text, mentions }, { text, mentions }]);
    expect([two.unit, two.docs.length, two.waiting]).toEqual(['documents', 2, undefined]);
    const small = heldOutUnits([{ text, mentions: mentions.slice(0, 10) }]);
    expect([small.unit, small.docs.length, small.waiting]).toEqual(['documents', 1, 'mentions']);
  });
});
