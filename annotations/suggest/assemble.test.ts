import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seededRandom } from '../random';
import { packSuggestions, unpackSuggestions } from '../suggestionPack';
import { assembleSuggestions } from './assemble';
import { TypedSpans, type SpanTyped, type Suggestion } from './occurrences';
import { packOccurrences } from './projectOccurrences';

const TYPES = ['PER', 'ORG', 'GPE'];
const key = (s: { start: number; end: number; type: string }): string => `${s.start}:${s.end}:${s.type}`;

/** The lists as suggestions.ts put them together before (objects filtered, sorted, packed), to compare with. */
function asObjects(docId: string, mentions: SpanTyped[], rejected: Set<string>, found: Suggestion[], ext: Suggestion[], predicted: SpanTyped[], f1: number, text: string): ReturnType<typeof unpackSuggestions> {
  const exact = new Set(mentions.map((m) => `${m.start}:${m.end}`));
  const keep = (s: SpanTyped) => !rejected.has(key(s)) && !exact.has(`${s.start}:${s.end}`);
  const typed = new TypedSpans(mentions);
  const tagged = new TypedSpans(mentions, true);
  const occurrences = found.filter((s) => keep(s) && !typed.overlaps(s.type, s.start, s.end));
  const byOccurrence = new TypedSpans(occurrences, true);
  const fromEndpoint = ext.filter((s) => keep(s) && !tagged.overlapsAny(s.start, s.end) && !byOccurrence.overlapsAny(s.start, s.end));
  const byEndpoint = new TypedSpans(fromEndpoint, true);
  const fromTagger: Suggestion[] = [];
  for (const p of predicted) {
    if (!keep(p) || tagged.overlapsAny(p.start, p.end) || byOccurrence.overlapsAny(p.start, p.end) || byEndpoint.overlapsAny(p.start, p.end)) continue;
    fromTagger.push({ docId, start: p.start, end: p.end, type: p.type, text: [...text].slice(p.start, p.end).join(''), source: 'tagger', score: f1 });
  }
  const items = [...occurrences, ...fromEndpoint, ...fromTagger]
    .sort((x, y) => x.start - y.start || x.end - y.end || (x.type < y.type ? -1 : x.type > y.type ? 1 : 0))
    .map((s) => ({ key: key(s), docId: s.docId, start: s.start, end: s.end, type: s.type, text: s.text, source: s.source, score: Math.round(s.score * 10_000) / 10_000, ...(s.form !== undefined ? { form: s.form } : {}) }));
  return unpackSuggestions(packSuggestions(docId, items));
}

/** Spans of 1–6 code points in a text of `n`, in order, not overlapping each other. */
function disjoint(r: () => number, n: number, every: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let at = Math.floor(r() * every); at < n - 1; at += 1 + Math.floor(r() * every)) {
    const end = Math.min(n, at + 1 + Math.floor(r() * 6));
    out.push({ start: at, end });
    at = end;
  }
  return out;
}

describe('assembleSuggestions', () => {
  it('gives the items the object-by-object filtering and sorting gave, as columns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const r = seededRandom(seed);
        const text = Array.from({ length: 300 }, () => 'אבגדהוזחטי כלמ'[Math.floor(r() * 14)]).join('');
        const pick = (): string => TYPES[Math.floor(r() * TYPES.length)] as string;
        const mentions = disjoint(r, 300, 30)
          .map((s) => ({ ...s, type: pick() }))
          .sort(() => r() - 0.5);
        const found: Suggestion[] = disjoint(r, 300, 8).map((s) => ({ docId: 'd', ...s, type: pick(), text: [...text].slice(s.start, s.end).join(''), source: 'occurrence', score: r(), form: r() < 0.5 ? 'טופס' : 'אחר' }));
        // some occurrences exactly at a mention, with its type or another
        for (const m of mentions.slice(0, 3)) if (!found.some((s) => s.start < m.end && m.start < s.end)) found.push({ docId: 'd', ...m, type: r() < 0.5 ? m.type : pick(), text: 'x', source: 'occurrence', score: 0.5, form: 'x' });
        found.sort((a, b) => a.start - b.start);
        const ext: Suggestion[] = Array.from({ length: Math.floor(r() * 6) }, () => {
          const start = Math.floor(r() * 290);
          return { docId: 'd', start, end: start + 1 + Math.floor(r() * 8), type: pick(), text: 'e', source: 'endpoint' as const, score: Math.round(r() * 100) / 100 };
        });
        const predicted = disjoint(r, 300, 12).map((s) => ({ ...s, type: pick() }));
        const rejected = new Set<string>([...found.filter(() => r() < 0.1), ...predicted.filter(() => r() < 0.1), ...ext.filter(() => r() < 0.2)].map(key));
        const f1 = Math.round(r() * 1000) / 1000;
        const packed = assembleSuggestions({
          docId: 'd',
          mentions,
          rejected,
          occurrences: structuredClone(packOccurrences('d', found)),
          endpoint: ext,
          predicted,
          f1,
          slice: (start, end) => [...text].slice(start, end).join(''),
        });
        expect(unpackSuggestions(packed)).toEqual(asObjects('d', mentions, rejected, found, ext, predicted, f1, text));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps an occurrence tagged with another type, and drops one at a mention\'s span or under a mention of its type', () => {
    const found: Suggestion[] = [
      { docId: 'd', start: 0, end: 3, type: 'PER', text: 'abc', source: 'occurrence', score: 0.5, form: 'abc' },
      { docId: 'd', start: 4, end: 7, type: 'PER', text: 'def', source: 'occurrence', score: 0.25, form: 'def' },
      { docId: 'd', start: 8, end: 11, type: 'ORG', text: 'ghi', source: 'occurrence', score: 1, form: 'ghi' },
    ];
    const packed = assembleSuggestions({
      docId: 'd',
      mentions: [
        { start: 4, end: 7, type: 'GPE' },
        { start: 9, end: 10, type: 'ORG' },
        { start: 1, end: 2, type: 'GPE' },
      ],
      rejected: new Set(),
      occurrences: packOccurrences('d', found),
      endpoint: [],
      predicted: [],
      f1: 0,
      slice: () => '',
    });
    expect(unpackSuggestions(packed).map((s) => [s.text, s.type, s.score])).toEqual([['abc', 'PER', 0.5]]);
  });
});
