import { describe, expect, it, vi } from 'vitest';
import { CorpusKeeper, type CorpusSource } from '../../electron/service/corpusKeeper';
import type { Practice, SpanTyped } from '../../annotations/suggest/occurrences';

const one = { keepProclitics: false, includeArticle: false, evidence: { stripped: 0, kept: 0, articleIncluded: 0, articleExcluded: 0 } };
const practice: Practice = { he: one, ar: one };
const WORDS = ['בקזחסטן', 'קזחסטן', 'ולקזחסטן', 'ירושלים', 'בירושלים', 'שלום', 'והממשלה', 'وفرنسا', 'فرنسا', 'الحكومة'];

/** A project in memory: documents (id → text, in order), the annotator's mentions and rejections. */
function project(n: number): { source: CorpusSource; texts: Map<string, string>; mentions: Map<string, SpanTyped[]>; reads: { n: number } } {
  const texts = new Map<string, string>();
  for (let i = 0; i < n; i++) texts.set(`d${String(i).padStart(4, '0')}`, Array.from({ length: 3 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' '));
  const mentions = new Map<string, SpanTyped[]>();
  const reads = { n: 0 };
  // each document's number in the import order (a new one's after all others)
  const seqs = new Map<string, number>();
  const seqOf = (id: string): number => {
    let seq = seqs.get(id);
    if (seq === undefined) seqs.set(id, (seq = seqs.size));
    return seq;
  };
  for (const id of texts.keys()) seqOf(id);
  const source: CorpusSource = {
    stamps: () => [...texts].map(([id, t]) => [id, `${t.length}:${t}`]),
    stampsAfter: (seq, limit) =>
      [...texts]
        .map(([id, t]): [string, string, number] => [id, `${t.length}:${t}`, seqOf(id)])
        .filter(([, , s]) => s > seq)
        .slice(0, limit),
    texts: (ids) => {
      reads.n += ids.length;
      return new Map(ids.filter((id) => texts.has(id)).map((id) => [id, texts.get(id)!]));
    },
    spans: () => new Map(mentions),
    rejected: () => new Map(),
  };
  return { source, texts, mentions, reads };
}

/** A fake clock for the slices' budget: each reading is 1 ms later (each step of the fold costs 1 ms). */
const ticking = () => {
  let t = 0;
  return () => t++;
};

const ask = (k: CorpusKeeper, form = 'קזחסטן') => {
  const r = k.preview({ annotator: 'a', docId: 'd0001', form, type: 'GPE', practice });
  return { docIds: r.docIds, offsets: [...r.offsets], starts: [...r.starts], ends: [...r.ends], scores: [...r.scores], texts: r.texts, type: r.type, form: r.form };
};

describe('the corpus kept folded on the occurrences thread', () => {
  it('answers a preview asked mid-fold as one asked once folded, folding only what it lacks and may hold the form; the background reads each document once', () => {
    const p = project(300);
    const whole = new CorpusKeeper(p.source);
    while (whole.foldSome(1_000)) {}
    expect(whole.status()).toMatchObject({ kept: 300, left: 0, full: false });
    const after = ask(whole);
    expect(after.starts.length).toBeGreaterThan(0);

    const q = project(300);
    const mid = new CorpusKeeper(q.source, { now: ticking() });
    mid.foldSome(40);
    const folded = mid.status().kept;
    expect(folded).toBeGreaterThan(0);
    expect(folded).toBeLessThan(300);
    const r = mid.preview({ annotator: 'a', docId: 'd0001', form: 'קזחסטן', type: 'GPE', practice });
    // the documents left were read once; those without the form were not folded, those with it only in the parts that may hold it
    expect(r.folded + r.inParts + r.skipped).toBe(300 - folded);
    expect(r.skipped).toBeGreaterThan(0);
    expect(r.inParts).toBeGreaterThan(0);
    expect(mid.status().kept).toBe(folded + r.folded);
    expect(ask(mid)).toEqual(after);
    // the background folds only what the previews did not: each document is read and folded once
    const readsBefore = q.reads.n;
    const left = mid.status().left;
    expect(left).toBeGreaterThan(0);
    while (mid.foldSome(1_000)) {}
    expect(mid.status()).toMatchObject({ kept: 300, left: 0 });
    expect(q.reads.n - readsBefore).toBe(left);
    expect(ask(mid)).toEqual(after);
    expect(ask(mid, 'ירושלים')).toEqual(ask(whole, 'ירושלים'));
  });

  it('loses no edit made mid-fold: a label, a changed text, a new and a deleted document are in the next preview', () => {
    const p = project(200);
    const k = new CorpusKeeper(p.source, { now: ticking() });
    k.foldSome(20);
    const first = ask(k);
    // a label over the first occurrence in the asked document: that occurrence leaves the preview
    const at = first.offsets[0]!;
    p.mentions.set('d0001', [{ start: first.starts[at]!, end: first.ends[at]!, type: 'GPE' }]);
    // a changed text, a new document, a deleted one
    p.texts.set('d0150', 'ולקזחסטן ולקזחסטן');
    p.texts.set('d9999', 'בקזחסטן');
    const gone = first.docIds.find((id) => id !== 'd0001' && id !== 'd0150')!;
    p.texts.delete(gone);
    k.foldSome(20);
    const next = ask(k);
    while (k.foldSome(1_000)) {}
    const fresh = new CorpusKeeper(p.source);
    while (fresh.foldSome(1_000)) {}
    expect(next).toEqual(ask(fresh));
    expect(ask(k)).toEqual(next);
    expect(next.starts.length).toBe(first.starts.length - 1 - (first.offsets[first.docIds.indexOf(gone) + 1]! - first.offsets[first.docIds.indexOf(gone)]!) - (first.offsets[first.docIds.indexOf('d0150') + 1]! - first.offsets[first.docIds.indexOf('d0150')]!) + 2 + 1);
    expect(next.docIds).toContain('d9999');
    expect(next.docIds).not.toContain(gone);
  });

  it('stops the background at its bound; a preview then folds what it needs for itself, with the same answer', () => {
    const p = project(100);
    const k = new CorpusKeeper(p.source, { maxWeight: 4_000 });
    while (k.foldSome(1_000)) {}
    const s = k.status();
    expect(s.full).toBe(true);
    expect(s.kept).toBeLessThan(100);
    const whole = new CorpusKeeper(p.source);
    while (whole.foldSome(1_000)) {}
    expect(ask(k)).toEqual(ask(whole));
  });

  it('ends a slice at its budget: each page of the listing, each document and each piece of a long one are steps, the clock read after each', () => {
    const p = project(60);
    // a long document: 30 lines of 25 units, folded a line at a time
    p.texts.set('d0010', 'ולקזחסטן שָׁלוֹם الحكومة\n'.repeat(30));
    let reads = 0;
    const clock = ticking();
    const k = new CorpusKeeper(p.source, { now: () => (reads++, clock()), pieceUnits: 20, listPage: 25 });
    const kept: number[] = [];
    const readsPerSlice: number[] = [];
    for (let more = true; more; ) {
      reads = 0;
      more = k.foldSome(4);
      kept.push(k.status().kept);
      readsPerSlice.push(reads);
    }
    // the clock is read at the start and after each step: 4 steps a slice at most
    expect(Math.max(...readsPerSlice)).toBeLessThanOrEqual(5);
    // the listing and 3 documents, then 4 documents, then 3 and the long one's first line, whose other
    // 29 lines take the next 7 slices and one step of the 8th
    expect(kept.slice(0, 11)).toEqual([3, 7, 10, 10, 10, 10, 10, 10, 10, 10, 14]);
    // 3 pages listed (25, 25, 10), 59 short documents, 30 pieces: 92 steps, 4 a slice
    expect(kept).toHaveLength(23);
    expect(k.status()).toMatchObject({ kept: 60, left: 0 });
    const whole = new CorpusKeeper(p.source);
    while (whole.foldSome(1_000)) {}
    expect(ask(k)).toEqual(ask(whole));
    expect(ask(k, 'الحكومة')).toEqual(ask(whole, 'الحكومة'));
  });

  it('finishes the long document the background is folding when a preview needs it, and the answer is the same', () => {
    const p = project(40);
    p.texts.set('d0002', 'ולקזחסטן שָׁלוֹם الحكومة\n'.repeat(30));
    const k = new CorpusKeeper(p.source, { now: ticking(), pieceUnits: 20 });
    // the listing, d0000, d0001 and the long one's first 3 lines
    k.foldSome(6);
    expect(k.status()).toMatchObject({ kept: 2, left: 38 });
    const set = vi.spyOn(k.folds, 'set');
    const r = k.preview({ annotator: 'a', docId: 'd0001', form: 'קזחסטן', type: 'GPE', practice });
    // folded from where the background was, not from its start again
    expect(set.mock.calls.map(([id]) => id)).not.toContain('d0002');
    expect(set.mock.calls.length).toBe(r.folded - 1);
    expect(k.folds.has('d0002', p.source.stamps().find(([id]) => id === 'd0002')![1])).toBe(true);
    expect(r.folded + r.inParts + r.skipped).toBe(38);
    while (k.foldSome(1_000)) {}
    const whole = new CorpusKeeper(p.source);
    while (whole.foldSome(1_000)) {}
    expect(ask(k)).toEqual(ask(whole));
  });
  it('folds for a preview right after open only the parts of each text that may hold the form, keeps none of them, and answers as over the texts folded whole', () => {
    const p = project(120);
    // long documents: the form in a few places among many other words
    for (let i = 0; i < 120; i += 3) p.texts.set(`d${String(i).padStart(4, '0')}`, `${'מִגְדָּל ירושלים, الحكومة وفرنسا\n'.repeat(40)}ולקזחסטן ${'בירושלים '.repeat(30)}בקזחסטן.`);
    const whole = new CorpusKeeper(p.source);
    while (whole.foldSome(1_000)) {}
    const k = new CorpusKeeper(p.source);
    const set = vi.spyOn(k.folds, 'set');
    const keep = vi.spyOn(k.folds, 'keep');
    const words = k.folds.vocabulary.size;
    const r = k.preview({ annotator: 'a', docId: 'd0001', form: 'קזחסטן', type: 'GPE', practice });
    expect(set).not.toHaveBeenCalled();
    expect(keep).not.toHaveBeenCalled();
    expect(r.folded).toBe(0);
    expect(r.inParts + r.skipped).toBe(120);
    expect(r.inParts).toBeGreaterThan(40);
    expect(k.status().kept).toBe(0);
    // the long texts' other words were never folded: only the form's tokens and their neighbours are in the vocabulary
    expect(k.folds.vocabulary.size - words).toBeLessThan(whole.folds.vocabulary.size);
    expect(k.folds.vocabulary.words.some((w) => w.folded === 'מגדל')).toBe(false);
    expect(ask(k)).toEqual(ask(whole));
    // the background then folds every document whole, with the same answers
    while (k.foldSome(1_000)) {}
    expect(k.status()).toMatchObject({ kept: 120, left: 0 });
    expect(ask(k)).toEqual(ask(whole));
    expect(ask(k, 'ירושלים')).toEqual(ask(whole, 'ירושלים'));
  });
});
