import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { graphemeIndex } from '../graphemes';
import { cliticSplits } from './clitics';
import { parseGazetteer, practiceEvidence, type GazetteerEntry, type SpanTyped, type SuggestDocument } from './occurrences';
import { estimatePractice, ProjectOccurrences } from './projectOccurrences';

// Moved from OccurrenceIndex (deleted in session 8) onto ProjectOccurrences, the one engine.

/** The annotated `sources` (documents s0, s1…), then the gazetteer's forms. */
function buildIndex(sources: readonly { text: string; mentions: readonly SpanTyped[] }[], options: { gazetteer?: readonly GazetteerEntry[]; minReliability?: number } = {}): ProjectOccurrences {
  const index = new ProjectOccurrences(undefined, options.minReliability ?? 0);
  sources.forEach((d, i) => index.setDocument(`s${i}`, d.text, d.mentions));
  for (const g of options.gazetteer ?? []) index.addForm(g.form, g.type);
  return index;
}

const findOccurrences = (index: ProjectOccurrences, doc: SuggestDocument) => index.find(doc);

/** A mention on the n-th occurrence (0-based) of `needle` in `text`, in code points. */
function at(text: string, needle: string, type: string, n = 0): SpanTyped {
  let u = -1;
  for (let k = 0; k <= n; k++) u = text.indexOf(needle, u + 1);
  if (u < 0) throw new Error(`${needle} not in ${text}`);
  const start = [...text.slice(0, u)].length;
  return { start, end: start + [...needle].length, type };
}

function texts(text: string, mentions: SpanTyped[], gazetteer = ''): string[] {
  const index = buildIndex([{ text, mentions }], gazetteer === '' ? {} : { gazetteer: parseGazetteer(gazetteer, 'g.tsv') });
  return findOccurrences(index, { id: 'd', text, mentions }).map((s) => `${[...text].slice(s.start, s.end).join('')}/${s.type}`);
}

describe('clitic splits', () => {
  const prefixes = (w: string, script: 'he' | 'ar'): string[] => cliticSplits(w, script).map((s) => w.slice(0, s.length));
  it('reads Hebrew proclitic sequences', () => {
    for (const p of ['ו', 'ה', 'ב', 'כ', 'ל', 'מ', 'ש', 'וה', 'וב', 'ול', 'ומ', 'וש', 'שב', 'כש', 'וכש', 'מה', 'שה', 'ומה', 'שמה', 'וכשב']) {
      expect(prefixes(`${p}קזחסטן`, 'he'), p).toContain(p);
    }
    // not proclitic sequences
    for (const p of ['הו', 'בו', 'הב', 'לש']) expect(prefixes(`${p}קזחסטן`, 'he'), p).not.toContain(p);
  });
  it('reads Arabic proclitic sequences, لل as ل + the article', () => {
    for (const p of ['و', 'ف', 'ب', 'ك', 'ل', 'ال', 'وال', 'بال', 'فال', 'كال', 'لل', 'وب', 'ول', 'وبال', 'ولل', 'فب']) {
      expect(prefixes(`${p}حكومة`, 'ar'), p).toContain(p);
    }
    for (const p of ['بو', 'الو', 'لب']) expect(prefixes(`${p}حكومة`, 'ar'), p).not.toContain(p);
    const ll = cliticSplits('للحكومة', 'ar').find((s) => s.length === 2);
    expect(ll?.articleAt).toBe(1);
  });
  it('always leaves a stem of two letters', () => {
    expect(prefixes('בו', 'he')).toEqual(['']);
    expect(prefixes('ול', 'he')).toEqual(['']);
  });
});

describe('occurrences, Hebrew', () => {
  it('finds a stem after every proclitic sequence, the stem only, when the annotator tags stems', () => {
    const text = 'בקזחסטן יש שלג. ולקזחסטן, מקזחסטן וכשבקזחסטן קזחסטן. שבקזחסטן!';
    const found = texts(text, [at(text, 'קזחסטן', 'GPE')]);
    expect(found).toEqual(['קזחסטן/GPE', 'קזחסטן/GPE', 'קזחסטן/GPE', 'קזחסטן/GPE', 'קזחסטן/GPE']);
  });
  it('gives the exact code points of the stem', () => {
    const text = 'ביקרנו בקזחסטן וגם ולקזחסטן';
    const index = buildIndex([{ text, mentions: [at(text, 'קזחסטן', 'GPE')] }]);
    const s = findOccurrences(index, { id: 'd', text, mentions: [at(text, 'קזחסטן', 'GPE')] });
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ start: 21, end: 27, type: 'GPE', text: 'קזחסטן', source: 'occurrence', score: 0.5 });
  });
  it('ignores niqqud and keeps it inside the span', () => {
    const text = 'שָׁלוֹם פגש את שלום ואת וּבְשָׁלוֹם';
    const found = texts(text, [at(text, 'שלום', 'PER')]);
    expect(found).toEqual(['שָׁלוֹם/PER', 'שָׁלוֹם/PER']);
  });
  it('matches whole words only', () => {
    const text = 'קזחסטן וקזחסטני וקזחסטנים';
    expect(texts(text, [at(text, 'קזחסטן', 'GPE')])).toEqual([]);
  });
  it('finds multi-word forms, with the proclitic on the first word', () => {
    const text = 'ניו יורק גדולה. בניו יורק גרים. ניו דלהי.';
    expect(texts(text, [at(text, 'ניו יורק', 'GPE')])).toEqual(['ניו יורק/GPE']);
  });
  it('tags whole words, prefix included, for an annotator who does (NEMO token-single)', () => {
    const text = 'בישראל ובירושלים. ישראל ירושלים. לישראל ומישראל ירושלים';
    const mentions = [at(text, 'בישראל', 'GPE'), at(text, 'ובירושלים', 'GPE'), at(text, 'ישראל', 'GPE', 1), at(text, 'ירושלים', 'GPE', 1)];
    expect(estimatePractice([{ text, mentions }]).he.keepProclitics).toBe(true);
    expect(texts(text, mentions)).toEqual(['לישראל/GPE', 'ומישראל/GPE', 'ירושלים/GPE']);
  });
});

describe('occurrences, Arabic', () => {
  it('an annotator who includes ال: the suggestion includes it', () => {
    const text = 'قالت الحكومة إن والحكومة وبالحكومة للحكومة فالحكومة حكومة';
    expect(texts(text, [at(text, 'الحكومة', 'ORG')])).toEqual(['الحكومة/ORG', 'الحكومة/ORG', 'لحكومة/ORG', 'الحكومة/ORG']);
  });
  it('an annotator who includes ال elsewhere: a form tagged without it is found with it', () => {
    const text = 'حكومة جديدة. الأمم المتحدة و الحكومة ثم والحكومة';
    const mentions = [at(text, 'حكومة', 'ORG'), at(text, 'الأمم المتحدة', 'ORG')];
    expect(texts(text, mentions)).toEqual(['الحكومة/ORG', 'الحكومة/ORG']);
  });
  it('an annotator who leaves ال out: the suggestion leaves it out', () => {
    const text = 'في الحكومة وزراء. والحكومة وبالحكومة للحكومة';
    const m = at(text, 'حكومة', 'ORG');
    expect(estimatePractice([{ text, mentions: [m] }]).ar.includeArticle).toBe(false);
    expect(texts(text, [m])).toEqual(['حكومة/ORG', 'حكومة/ORG', 'حكومة/ORG']);
  });
  it('ignores harakat, tatweel and alef forms', () => {
    const text = 'مُحَمَّد وأحمد ومحـــمد واحمد وبإحمد';
    expect(texts(text, [at(text, 'أحمد', 'PER'), at(text, 'مُحَمَّد', 'PER')])).toEqual(['محـــمد/PER', 'احمد/PER', 'إحمد/PER']);
  });
  it('finds forms from a gazetteer', () => {
    const text = 'زار وفد من كازاخستان ولبنان';
    expect(texts(text, [], 'كازاخستان\tGPE\n# comment\n\nلبنان\tGPE\n')).toEqual(['كازاخستان/GPE', 'لبنان/GPE']);
  });
});

describe('no overlap with a mention of the same type', () => {
  it('skips an occurrence already tagged, or overlapping a mention of its type, but not of another type', () => {
    const text = 'בקזחסטן ובקזחסטן ולקזחסטן';
    const mentions = [at(text, 'קזחסטן', 'GPE'), at(text, 'ובקזחסטן', 'GPE'), at(text, 'ולקזחסטן', 'ORG')];
    expect(texts(text, mentions)).toEqual(['קזחסטן/GPE']);
  });
  it('a form annotated with two types is suggested with the more frequent one, scored by type share × share of occurrences tagged', () => {
    const text = 'ישראל ישראל ישראל ובישראל';
    const mentions = [at(text, 'ישראל', 'GPE'), at(text, 'ישראל', 'GPE', 1), at(text, 'ישראל', 'ORG', 2)];
    const index = buildIndex([{ text, mentions }]);
    const s = findOccurrences(index, { id: 'd', text, mentions: [] });
    // GPE 2 of 3 annotations; 3 of its 4 occurrences tagged
    expect(s.map((x) => [x.type, Number(x.score.toFixed(2))])).toEqual([['GPE', 0.5], ['GPE', 0.5], ['GPE', 0.5], ['GPE', 0.5]]);
  });
  it('a form the annotator tags at few of its occurrences is not suggested above a reliability threshold', () => {
    const a = 'אמר כך. ככה כך. כך כך.';
    const b = 'אנשי כך הפגינו. כך אמרו. ירושלים';
    const index = buildIndex([{ text: a, mentions: [at(a, 'כך', 'ORG')] }, { text: 'ירושלים ירושלים', mentions: [at('ירושלים ירושלים', 'ירושלים', 'GPE'), at('ירושלים ירושלים', 'ירושלים', 'GPE', 1)] }], { minReliability: 0.5 });
    expect(findOccurrences(index, { id: 'b', text: b, mentions: [] }).map((x) => x.text)).toEqual(['ירושלים']);
    index.minReliability = 0;
    expect(findOccurrences(index, { id: 'b', text: b, mentions: [] }).map((x) => x.text)).toEqual(['כך', 'כך', 'ירושלים']);
  });
});

describe('the annotated documents as a set, whatever the order they came in', () => {
  it("counts a form's untagged occurrences in documents annotated before it was first tagged (OccurrenceIndex, fed in order, did not)", () => {
    const a = { text: 'הבנק פתוח. הבנק סגור.', mentions: [] as SpanTyped[] };
    const b = { text: 'בנק ישראל הודיע', mentions: [at('בנק ישראל הודיע', 'בנק', 'ORG')] };
    const probe = { id: 'p', text: 'בנק', mentions: [] };
    for (const order of [[a, b], [b, a]]) {
      const index = buildIndex(order, { minReliability: 0.5 });
      // 1 of its 3 occurrences is tagged: under the threshold, and scored 1 × 1/3 without it
      expect(index.find(probe)).toEqual([]);
      index.minReliability = 0;
      expect(index.find(probe).map((s) => Number(s.score.toFixed(3)))).toEqual([0.333]);
    }
  });
});

describe('gazetteer files', () => {
  it('names the file and line of a bad line', () => {
    expect(() => parseGazetteer('קזחסטן\tGPE\nלבנון GPE\n', 'places.tsv')).toThrow(/places\.tsv:2: expected "form<TAB>type"/);
    expect(() => parseGazetteer('\tGPE\n', 'g.tsv')).toThrow(/g\.tsv:1: the form is empty/);
    expect(() => parseGazetteer('x\t\n', 'g.tsv')).toThrow(/g\.tsv:1: the type is empty/);
    expect(() => parseGazetteer('a\tB C\n', 'g.tsv')).toThrow(/g\.tsv:1: invalid type name/);
    expect(() => parseGazetteer('a\tB\tC\n', 'g.tsv')).toThrow(/g\.tsv:1: more than one tab/);
    try {
      parseGazetteer('ok\tA\r\nbad\n', 'g.tsv');
    } catch (e) {
      expect(e).toMatchObject({ code: 'invalid-argument', file: 'g.tsv', line: 2 });
    }
  });
  it('reads CRLF, a BOM, comments and blank lines', () => {
    expect(parseGazetteer('\uFEFFא ב\tPER\r\n#x\r\n\r\nج\tLOC', 'g')).toEqual([
      { form: 'א ב', type: 'PER', line: 1 },
      { form: 'ج', type: 'LOC', line: 4 },
    ]);
  });
});

describe('property: grapheme-safe, no same-type overlap', () => {
  const pieces = ['ב', 'ו', 'ל', 'ה', 'קזחסטן', 'שָׁלוֹם', 'ש', ' ', ' ', '. ', 'و', 'ال', 'ب', 'حكومة', 'مُحَمَّد', 'ـ', '\u200d', '\u05b0', '\u064e', '👩\u200d💻', 'e\u0301', 'x'];
  it('holds for random texts and mentions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.constantFrom('A', 'B')), { maxLength: 6 }),
        (parts, raw) => {
          const text = parts.join('');
          const g = graphemeIndex(text);
          const n = g.length;
          const mentions: SpanTyped[] = raw
            .map(([s, len, type]) => ({ start: g.floor(s % (n + 1)), end: g.ceil(Math.min(n, (s % (n + 1)) + len + 1)), type }))
            .filter((m) => m.start < m.end);
          const half = mentions.slice(0, Math.ceil(mentions.length / 2));
          const index = buildIndex([{ text, mentions }]);
          const found = findOccurrences(index, { id: 'd', text, mentions: half });
          let prevEnd = 0;
          for (const s of found) {
            expect(g.isBoundary(s.start) && g.isBoundary(s.end)).toBe(true);
            expect(s.start).toBeLessThan(s.end);
            expect(s.start).toBeGreaterThanOrEqual(prevEnd);
            prevEnd = s.end;
            expect(s.text).toBe([...text].slice(s.start, s.end).join(''));
            for (const m of half) if (m.type === s.type) expect(m.end <= s.start || s.end <= m.start).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe('whole-word annotators (ANERcorp)', () => {
  it('a form tagged with its proclitic is found bare and with other proclitics, as whole words', () => {
    const text = 'قال وفرنسا ثم فرنسا . ذهب إلى لفرنسا وبفرنسا';
    const mentions = [at(text, 'وفرنسا', 'LOC')];
    expect(estimatePractice([{ text, mentions }]).ar.keepProclitics).toBe(true);
    expect(texts(text, mentions)).toEqual(['فرنسا/LOC', 'لفرنسا/LOC', 'وبفرنسا/LOC']);
  });
});

describe('practiceEvidence', () => {
  it('counts what estimatePractice decides on, for one document', () => {
    const cases: { text: string; mentions: SpanTyped[] }[] = [];
    const ar = 'قال وفرنسا ثم فرنسا . ذهب إلى لفرنسا وبفرنسا والحكومة الحكومة';
    cases.push({ text: ar, mentions: [at(ar, 'وفرنسا', 'LOC'), at(ar, 'فرنسا', 'LOC', 2), at(ar, 'الحكومة', 'ORG', 1)] });
    const he = 'ראש הממשלה בירושלים ובירושלים ירושלים והממשלה';
    cases.push({ text: he, mentions: [at(he, 'ירושלים', 'GPE'), at(he, 'ובירושלים', 'GPE'), at(he, 'ממשלה', 'ORG', 1)] });
    for (const c of cases) {
      const whole = estimatePractice([c]);
      const evidence = practiceEvidence(c);
      expect(evidence.he).toEqual(whole.he.evidence);
      expect(evidence.ar).toEqual(whole.ar.evidence);
      expect(evidence.he.stripped + evidence.he.kept + evidence.ar.stripped + evidence.ar.kept).toBeGreaterThan(0);
    }
  });

  it('reads a long text up to the first line break after prefixUnits', () => {
    const first = 'ראש 😀 הממשלה בירושלים ובירושלים ירושלים';
    const rest = 'והממשלה ממשלה 😀 ובירושלים';
    const text = `${first}\n${rest}\n`;
    const base = [...first].length + 1;
    const inFirst = [at(text, 'ירושלים', 'GPE'), at(text, 'ממשלה', 'ORG')];
    const inRest = [at(text, 'ממשלה', 'ORG', 1), at(text, 'ירושלים', 'GPE', 3)];
    expect(inRest.every((m) => m.start >= base)).toBe(true);
    const cut = practiceEvidence({ text, mentions: [...inFirst, ...inRest] }, { prefixUnits: 10 });
    expect(cut).toEqual(practiceEvidence({ text: first, mentions: inFirst }));
    expect(cut).not.toEqual(practiceEvidence({ text, mentions: [...inFirst, ...inRest] }));
    expect(practiceEvidence({ text, mentions: [...inFirst, ...inRest] }, { prefixUnits: text.length })).toEqual(practiceEvidence({ text, mentions: [...inFirst, ...inRest] }));
  });
});
