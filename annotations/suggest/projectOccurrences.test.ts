import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { graphemeIndex } from '../graphemes';
import { seededRandom } from '../random';
import { tokenize } from '../tokenize';
import type { SpanTyped } from './occurrences';
import { FoldedTexts, packOccurrences, ProjectOccurrences, unpackOccurrences } from './projectOccurrences';

// Hebrew and Arabic words with proclitics (ו ב ל ה כש; و ب ل ال لل), niqqud, harakat, tatweel and alef forms
const HE = ['קזחסטן', 'בקזחסטן', 'ולקזחסטן', 'וכשבקזחסטן', 'הממשלה', 'וְהַמֶּמְשָׁלָה', 'ממשלה', 'בממשלה', 'ירושלים', 'בִּירוּשָׁלַיִם', 'וירושלים', 'שָׁלוֹם', 'של', 'עם', 'רוסיה', 'ברוסיה', 'מרוסיה', 'צה"ל'];
const AR = ['الحكومة', 'والحكومة', 'للحكومة', 'حكومة', 'الـحكومة', 'فرنسا', 'وفرنسا', 'بفرنسا', 'مُحَمَّدٌ', 'ومحمد', 'كازاخستان', 'بكازاخستان', 'أحمد', 'وأحمد', 'احمد', 'في', 'مع', 'روسيا'];
const TYPES = ['PER', 'ORG', 'GPE'];

/** `n` words of a random part of `all` (documents differ in their words). */
function makeText(r: () => number, all: readonly string[], n: number): string {
  const part = all.filter(() => r() < 0.6);
  const words = part.length > 0 ? part : all;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = words[Math.floor(r() * words.length)] as string;
    if (r() < 0.1) w += r() < 0.5 ? ',' : '.';
    out.push(w);
  }
  return out.join(' ');
}

/** A mention on one or two word tokens, sometimes starting after a proclitic (never inside a grapheme). */
function randomMention(r: () => number, text: string, wholeWords = false): SpanTyped | null {
  const words = tokenize(text).filter((t) => t.kind === 'word');
  if (words.length === 0) return null;
  const i = Math.floor(r() * words.length);
  const first = words[i]!;
  const last = r() < 0.2 && i + 1 < words.length ? words[i + 1]! : first;
  const g = graphemeIndex(text);
  let start = first.start;
  if (!wholeWords && r() < 0.4) {
    const skip = 1 + Math.floor(r() * 2);
    const s = g.ceil(first.start + skip);
    if (s < first.end - 1) start = s;
  }
  return { start, end: last.end, type: TYPES[Math.floor(r() * TYPES.length)] as string };
}

const sorted = (ms: Iterable<SpanTyped>): SpanTyped[] => [...ms].sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));

describe('ProjectOccurrences', () => {
  it('updated through random edits, finds what one built afresh finds (Hebrew and Arabic, proclitics, niqqud and harakat)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const r = seededRandom(seed);
        const texts = new Map<string, string>([
          ['a', makeText(r, HE, 50)],
          ['b', makeText(r, AR, 50)],
          ['c', makeText(r, [...HE, ...AR], 40)],
          ['d', makeText(r, HE, 30)],
        ]);
        const probe = { id: 'p', text: makeText(r, [...HE, ...AR], 40), mentions: [] };
        const annotated = new Map<string, SpanTyped[]>();
        // a small cache: folded texts are dropped and made again on the way
        const index = new ProjectOccurrences(new FoldedTexts(800), r() < 0.5 ? 0 : 0.5);
        // an annotator who tags whole words (proclitics kept), or one who also tags stems
        const wholeWords = r() < 0.5;
        for (let step = 0; step < 40; step++) {
          const id = ['a', 'b', 'c', 'd'][Math.floor(r() * 4)] as string;
          const text = texts.get(id) as string;
          const list = [...(annotated.get(id) ?? [])];
          const op = r();
          if (op < 0.5 || list.length === 0) {
            const m = randomMention(r, text, wholeWords);
            if (m && !list.some((x) => x.start === m.start && x.end === m.end && x.type === m.type)) list.push(m);
          } else if (op < 0.7) list.splice(Math.floor(r() * list.length), 1);
          else if (op < 0.85) {
            const k = Math.floor(r() * list.length);
            const m = list[k] as SpanTyped;
            const type = TYPES[(TYPES.indexOf(m.type) + 1) % TYPES.length] as string;
            if (!list.some((x) => x.start === m.start && x.end === m.end && x.type === type)) list[k] = { ...m, type };
          } else list.length = 0;
          if (list.length === 0 && r() < 0.7) {
            annotated.delete(id);
            index.removeDocument(id);
          } else {
            annotated.set(id, list);
            index.setDocument(id, text, sorted(list));
          }
          if (step % 3 !== 2 && step !== 39) continue;
          const fresh = new ProjectOccurrences(new FoldedTexts(), index.minReliability);
          // in any order: the findings depend on the documents, not on the order they came in
          const ids = [...annotated.keys()].sort(() => r() - 0.5);
          for (const k of ids) fresh.setDocument(k, texts.get(k) as string, sorted(annotated.get(k) as SpanTyped[]));
          expect(index.practice).toEqual(fresh.practice);
          for (const [k, text] of texts) {
            const doc = { id: k, text, mentions: sorted(annotated.get(k) ?? []) };
            expect(index.find(doc), `step ${step}, document ${k}`).toEqual(fresh.find(doc));
          }
          expect(index.find(probe)).toEqual(fresh.find(probe));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('scans again only the documents holding a changed form', () => {
    const index = new ProjectOccurrences();
    const he = 'בקזחסטן יש שלג וקזחסטן רחוקה';
    const ar = 'والحكومة في فرنسا والحكومة';
    index.setDocument('he', he, [{ start: 1, end: 7, type: 'GPE' }]);
    index.setDocument('ar', ar, [{ start: 1, end: 8, type: 'ORG' }]);
    expect(index.find({ id: 'he', text: he, mentions: [{ start: 1, end: 7, type: 'GPE' }] }).map((s) => s.text)).toEqual(['קזחסטן']);
    expect(index.rescanned).toBe(2);
    // a Hebrew form: the Arabic document has none of its stems
    index.setDocument('he', he, [{ start: 1, end: 7, type: 'GPE' }, { start: 8, end: 10, type: 'ORG' }]);
    expect(index.find({ id: 'ar', text: ar, mentions: [] }).map((s) => s.text)).toEqual(['الحكومة', 'الحكومة']);
    expect(index.rescanned).toBe(1);
    // a retyped mention changes no form: nothing is scanned again, the type follows
    index.setDocument('ar', ar, [{ start: 1, end: 8, type: 'GPE' }]);
    expect(index.find({ id: 'ar', text: ar, mentions: [] }).map((s) => s.type)).toEqual(['GPE', 'GPE']);
    expect(index.rescanned).toBe(0);
  });

  it('where a tagged occurrence is refused, the next word may start another form (scanned again past the refused one)', () => {
    const index = new ProjectOccurrences();
    const a = 'לסייע, התפטרה ושם התפטרה רוסיה';
    // two forms of several tokens: `לסייע, התפטרה` (ORG) and `התפטרה רוסיה` (GPE)
    index.setDocument('a', a, [
      { start: 0, end: 13, type: 'ORG' },
      { start: 18, end: 30, type: 'GPE' },
    ]);
    // in b the first is tagged, so it is not suggested there: `התפטרה רוסיה`, which starts at its last word, is
    const b = 'לסייע, התפטרה רוסיה';
    const mentions = [{ start: 0, end: 13, type: 'ORG' }];
    index.setDocument('b', b, mentions);
    expect(index.find({ id: 'b', text: b, mentions }).map((s) => [s.text, s.type])).toEqual([['התפטרה רוסיה', 'GPE']]);
  });

  it('finds a whole-word form after other proclitics once its stem is a word of the annotated documents', () => {
    const index = new ProjectOccurrences();
    const span = (text: string, word: string, type: string): SpanTyped => {
      const start = [...text.slice(0, text.indexOf(word))].length;
      return { start, end: start + [...word].length, type };
    };
    // an annotator who tags whole words, proclitics included
    const c = 'ופריז פריז';
    index.setDocument('c', c, [span(c, 'ופריז', 'GPE')]);
    const a = 'בקזחסטן יש';
    index.setDocument('a', a, [span(a, 'בקזחסטן', 'GPE')]);
    const b = 'וקזחסטן שם';
    index.setDocument('b', b, [span(b, 'שם', 'PER')]);
    const probe = { id: 'p', text: 'בקזחסטן', mentions: [] };
    expect(index.practice.he.keepProclitics).toBe(true);
    expect(index.find(probe).map((s) => [s.text, s.score])).toEqual([['בקזחסטן', 1]]);
    // `קזחסטן` comes into the annotated documents: `וקזחסטן` in b (and `קזחסטן` in d) are untagged occurrences of `בקזחסטן`
    const d = 'קזחסטן ועוד עוד';
    index.setDocument('d', d, [span(d, 'ועוד', 'PER')]);
    expect(index.find(probe).map((s) => [s.text, s.score])).toEqual([['בקזחסטן', 1 / 3]]);
  });

  it('packs a document\'s occurrences for another thread and unpacks them as they were', () => {
    const r = seededRandom(5);
    const text = makeText(r, [...HE, ...AR], 80);
    const mentions = sorted([randomMention(r, text), randomMention(r, text), randomMention(r, text)].filter((m): m is SpanTyped => m !== null));
    const index = new ProjectOccurrences();
    index.setDocument('d', text, mentions);
    const found = index.find({ id: 'd', text, mentions });
    expect(found.length).toBeGreaterThan(0);
    expect(unpackOccurrences(structuredClone(packOccurrences('d', found)))).toEqual(found);
  });
});
