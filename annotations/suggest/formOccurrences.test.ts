import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { graphemeIndex } from '../graphemes';
import { seededRandom } from '../random';
import { OffsetMap } from '../text';
import { tokenize } from '../tokenize';
import { foldParts } from './foldedText';
import { CorpusFolds, FormFinder } from './formOccurrences';
import type { Practice, SpanTyped } from './occurrences';
import { ProjectOccurrences } from './projectOccurrences';

// Proclitics (ו ב ל ה כש; و ب ل ال لل), niqqud, harakat, tatweel, alef forms, Latin case and emoji (astral: offsets in code points differ from UTF-16)
const HE = ['קזחסטן', 'בקזחסטן', 'ולקזחסטן', 'וכשבקזחסטן', 'הממשלה', 'וְהַמֶּמְשָׁלָה', 'ממשלה', 'בממשלה', 'ירושלים', 'בִּירוּשָׁלַיִם', 'וירושלים', 'שָׁלוֹם', 'של', 'רוסיה', 'ברוסיה', 'צה"ל', '🇮🇱', '😀'];
const AR = ['الحكومة', 'والحكومة', 'للحكومة', 'حكومة', 'الـحكومة', 'الحكـــومة', 'فرنسا', 'وفرنسا', 'بفرنسا', 'مُحَمَّدٌ', 'ومحمد', 'أحمد', 'وأحمد', 'احمد', 'إحمد', 'آحمد', 'في', '👍🏽', 'CSTO', 'csto'];
const TYPES = ['PER', 'ORG', 'GPE'];

function makeText(r: () => number, words: readonly string[], n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = words[Math.floor(r() * words.length)] as string;
    if (r() < 0.1) w += r() < 0.5 ? ',' : '.';
    out.push(w);
  }
  return out.join(r() < 0.5 ? ' ' : '\n');
}

/** A span on one or two word tokens, sometimes after a proclitic (never inside a grapheme). */
function randomSpan(r: () => number, text: string): SpanTyped | null {
  const words = tokenize(text).filter((t) => t.kind === 'word');
  if (words.length === 0) return null;
  const i = Math.floor(r() * words.length);
  const first = words[i]!;
  const last = r() < 0.2 && i + 1 < words.length ? words[i + 1]! : first;
  let start = first.start;
  if (r() < 0.4) {
    const s = graphemeIndex(text).ceil(first.start + 1 + Math.floor(r() * 2));
    if (s < first.end - 1) start = s;
  }
  return { start, end: last.end, type: TYPES[Math.floor(r() * TYPES.length)] as string };
}

const practiceOf = (keep: boolean, article: boolean): Practice => {
  const one = { keepProclitics: keep, includeArticle: article, evidence: { stripped: 0, kept: 0, articleIncluded: 0, articleExcluded: 0 } };
  return { he: one, ar: one };
};

describe('FormFinder over a CorpusFolds', () => {
  it('finds in every document, over the shared vocabulary, what ProjectOccurrences finds with the one form listed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), fc.boolean(), (seed, keep, article) => {
        const r = seededRandom(seed);
        const docs = Array.from({ length: 6 }, (_, i) => {
          const text = makeText(r, i % 3 === 0 ? HE : i % 3 === 1 ? AR : [...HE, ...AR], 40);
          const mentions: SpanTyped[] = [];
          for (let k = 0; k < 4; k++) {
            const m = randomSpan(r, text);
            if (m) mentions.push(m);
          }
          return { id: `d${i}`, text, mentions };
        });
        const corpus = new CorpusFolds();
        for (const d of docs) corpus.set(d.id, `s${d.id}`, d.text);
        const practice = practiceOf(keep, article);
        // forms as an annotator tags them: spans of the documents' texts
        for (let q = 0; q < 4; q++) {
          const from = docs[Math.floor(r() * docs.length)]!;
          const span = randomSpan(r, from.text);
          if (span === null) continue;
          const form = new OffsetMap(from.text).slice(span.start, span.end);
          const old = new ProjectOccurrences(undefined, 0, practice);
          old.addForm(form, span.type);
          const finder = new FormFinder(form, span.type, practice);
          for (const d of docs) {
            const want = old.find(d).map((s) => ({ start: s.start, end: s.end, type: s.type, score: s.score, form: s.form }));
            expect(finder.in(corpus.get(d.id)!, d.mentions)).toEqual(want);
            expect(finder.inText(d.text, d.mentions)).toEqual(want);
            // folded only in the parts that may hold the form (a preview right after open): the same
            const parts = finder.parts(d.text);
            if (parts === null) continue;
            if (parts.length === 0) expect(want).toEqual([]);
            else expect(finder.in(foldParts(d.text, `p${d.id}`, corpus.vocabulary, parts), d.mentions)).toEqual(want);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('says a text may hold a form whenever the form is found in it (the preview folds only those), and not of a text without it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), fc.boolean(), (seed, keep, article) => {
        const r = seededRandom(seed);
        const practice = practiceOf(keep, article);
        const texts = Array.from({ length: 8 }, (_, i) => makeText(r, i % 3 === 0 ? HE : i % 3 === 1 ? AR : [...HE, ...AR], 6));
        for (let q = 0; q < 6; q++) {
          const from = texts[Math.floor(r() * texts.length)]!;
          const span = randomSpan(r, from);
          if (span === null) continue;
          const finder = new FormFinder(new OffsetMap(from).slice(span.start, span.end), span.type, practice);
          for (const t of texts) if (finder.inText(t, []).length > 0) expect(finder.mayOccurIn(t)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    const he = new FormFinder('קזחסטן', 'GPE', practiceOf(false, false));
    expect(he.mayOccurIn('וּכְשֶׁבְּקַזַחְסְטָן')).toBe(true);
    expect(he.mayOccurIn('ירושלים ורוסיה')).toBe(false);
    const ar = new FormFinder('والحكومة', 'ORG', practiceOf(true, true));
    expect(ar.mayOccurIn('للحكـــومة')).toBe(true);
    expect(ar.mayOccurIn('فرنسا')).toBe(false);
    expect(new FormFinder('أحمد', 'PER', practiceOf(false, false)).mayOccurIn('وإحمد')).toBe(true);
    expect(new FormFinder('CSTO', 'ORG', practiceOf(false, false)).mayOccurIn('the csto met')).toBe(true);
  });

  it('keeps each document folded by its stamp: a new stamp folds it again, a removed one is gone', () => {
    const corpus = new CorpusFolds();
    const a = corpus.set('a', '1', 'בקזחסטן שקט');
    expect(corpus.has('a', '1')).toBe(true);
    expect(corpus.get('a')).toBe(a);
    expect(corpus.has('a', '2')).toBe(false);
    corpus.set('a', '2', 'ולקזחסטן');
    expect(corpus.get('a')?.text).toBe('ולקזחסטן');
    const finder = new FormFinder('קזחסטן', 'GPE', practiceOf(false, false));
    expect(finder.in(corpus.get('a')!, []).map((m) => [m.start, m.end])).toEqual([[2, 8]]);
    corpus.remove('a');
    expect(corpus.get('a')).toBeNull();
    expect(corpus.size).toBe(0);
  });

  it('keeps no more than its bound; a document beyond it is folded for the asking and not kept', () => {
    const corpus = new CorpusFolds(60);
    corpus.set('a', '1', 'רוסיה ורוסיה');
    const b = corpus.set('b', '1', 'ברוסיה '.repeat(20));
    expect(corpus.get('a')).not.toBeNull();
    expect(corpus.get('b')).toBeNull();
    expect(new FormFinder('רוסיה', 'GPE', practiceOf(false, false)).in(b, [])).toHaveLength(20);
  });
});
