import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTagColumns, readConll, type ConllDocument } from './conll';
import { prefixOffset } from './conllLayout';
import { writeConllWithLayout } from './conllWrite';
import { ImportLedger } from './report';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

function spans(d: ConllDocument): string[] {
  return d.record.entities.map((e) => `${e.type}:${e.text}`).sort();
}

/** Every document written back with its layout and its own entities, concatenated. */
function writeBack(docs: readonly ConllDocument[]): string {
  const report = { extended: 0, dropped: 0, empty: 0 };
  const out = docs.map((d) => writeConllWithLayout(d.record.text, d.layout, d.record.entities, report)).join('');
  expect(report).toEqual({ extended: 0, dropped: 0, empty: 0 });
  return out;
}

describe('conll: tag columns', () => {
  it('NEMO nested: one column per nesting level, outermost first, every layer imported', () => {
    const text = lines('ראש B-PER O O O', 'ממשלת I-PER B-ORG O O', 'ישראל E-PER E-ORG S-GPE O', 'נפגש O O O O', '', 'אתמול O O O O');
    const [d] = readConll(text, 'n.bmes', 'n');
    expect(spans(d!)).toEqual(['GPE:ישראל', 'ORG:ממשלת ישראל', 'PER:ראש ממשלת ישראל']);
    expect(d!.record.text).toBe('ראש ממשלת ישראל נפגש\nאתמול');
    expect(d!.layout.tags).toEqual({ at: [0, 1, 2, 3] });
    expect(writeBack([d!])).toBe(text);
  });

  it('Wojood: a variable number of tags per line, outermost first', () => {
    const text = lines('قال O', 'رئيس B-OCC', 'اللجنة I-OCC B-ORG', 'الوطنية I-OCC I-ORG', 'في O', 'رام B-GPE B-GPE', 'الله I-GPE I-GPE', '', 'عاد O');
    const [d] = readConll(text, 'w.txt', 'w');
    expect(spans(d!)).toEqual(['GPE:رام الله', 'GPE:رام الله', 'OCC:رئيس اللجنة الوطنية', 'ORG:اللجنة الوطنية']);
    expect(d!.layout.tags).toEqual({ from: 0 });
    expect(writeBack([d!])).toBe(text);
  });

  it('CoNLL-2003: token POS chunk NER; the chunk column is not an entity layer; -DOCSTART- separates documents', () => {
    const text = lines('-DOCSTART- -X- -X- O', '', 'EU NNP B-NP B-ORG', 'rejects VBZ B-VP O', 'German JJ B-NP B-MISC', 'call NN I-NP O', '', '-DOCSTART- -X- -X- O', '', 'Peter NNP B-NP B-PER', 'Blackburn NNP I-NP I-PER', '');
    const docs = readConll(text, 'c.txt', 'c');
    expect(docs.map((d) => d.record.name)).toEqual(['c-1', 'c-2']);
    expect(docs.map(spans)).toEqual([['MISC:German', 'ORG:EU'], ['PER:Peter Blackburn']]);
    expect(docs[0]!.layout.tags).toEqual({ at: [2] });
    expect(writeBack(docs)).toBe(text);
  });

  it('--tag-columns names the columns; a chunk column can be read as entities when asked', () => {
    expect(parseTagColumns('2-5')).toEqual({ at: [0, 1, 2, 3] });
    expect(parseTagColumns('4')).toEqual({ at: [2] });
    expect(parseTagColumns('2,4')).toEqual({ at: [0, 2] });
    expect(parseTagColumns('2-')).toEqual({ from: 0 });
    expect(() => parseTagColumns('1')).toThrow(/--tag-columns/);
    expect(() => parseTagColumns('x')).toThrow(/--tag-columns/);
    const text = lines('EU NNP B-NP B-ORG', 'rejects VBZ B-VP O');
    const [d] = readConll(text, 'c.txt', 'c', { tagColumns: '3-4' });
    expect(spans(d!)).toEqual(['NP:EU', 'ORG:EU', 'VP:rejects']);
    expect(() => readConll(text, 'c.txt', 'c', { tagColumns: '2' })).toThrow(/c\.txt:1: column 2: "NNP" is not a BIO/);
  });

  it('refuses, naming the line, a file where it is not clear which columns hold tags', () => {
    const typo = lines(...Array.from({ length: 20 }, (_, i) => `w${i} ${i === 0 ? 'B-PER' : 'O'}`), 'x 0', 'y O');
    expect(() => readConll(typo, 't.txt', 't')).toThrow(/t\.txt:21: column 2 holds entity tags except "0"/);
    const chunks = lines('EU B-NP', 'rejects B-VP');
    expect(() => readConll(chunks, 'k.txt', 'k')).toThrow(/k\.txt:1: .*chunk labels.*--tag-columns 2/);
    const short = lines('a NN B-NP O', 'b NN B-NP O', 'c O');
    expect(() => readConll(short, 's.txt', 's')).toThrow(/s\.txt:3: has 2 columns where the file's lines have 4/);
    expect(() => readConll(lines('a O', 'b X-PER'), 'f.conll', 'f')).toThrow(/f\.conll:2: "X-PER" is not a BIO/);
  });

  it('keeps tokens a tokenizer would split, U+200F inside and as tokens, a token with spaces, and the other columns', () => {
    const text = lines('קרא O', '... O', 'הח”כ O', '48% O', 'ق.م. O', '\u200f O', 'الله\u200f B-PER', 'ו ה 60 O', '', 'סוף O');
    const [d] = readConll(text, 'h.conll', 'h');
    expect(d!.record.text).toBe('קרא ... הח”כ 48% ق.م. \u200f الله\u200f ו ה 60\nסוף');
    expect(spans(d!)).toEqual(['PER:الله\u200f']);
    expect(writeBack([d!])).toBe(text);
  });

  it('a file without blank lines gets no sentence break; CRLF, tabs, odd spacing and no final line end come back', () => {
    const noBlank = Array.from({ length: 300 }, (_, i) => `w${i} ${i % 7 === 0 ? 'B-X' : 'O'}`).join('\n');
    const [d] = readConll(noBlank, 'n.txt', 'n');
    expect(d!.record.text.includes('\n')).toBe(false);
    expect(writeBack([d!])).toBe(noBlank);
    const odd = '# a comment\r\nא\tB-PER\r\n  ב   O \r\n\r\n\r\nג\tO\r\n';
    const [o] = readConll(odd, 'o.txt', 'o');
    expect(o!.record.text).toBe('א ב\nג');
    expect(writeBack([o!])).toBe(odd);
  });
});

describe('conll: morphemes (NEMO token-multi)', () => {
  it('places an entity on its morphemes by the Hebrew proclitics, the unwritten article included', () => {
    expect(prefixOffset('מתאילנד', 1)).toBe(1);
    expect(prefixOffset('בשטחים', 1)).toBe(1);
    expect(prefixOffset('בבית', 2)).toBe(1);
    expect(prefixOffset('והמשטרה', 1)).toBe(1);
    expect(prefixOffset('והמשטרה', 2)).toBe(2);
    expect(prefixOffset('להסתדרות', 2)).toBe(1);
    expect(prefixOffset('מהבית', 2)).toBe(2);
    expect(prefixOffset('לכשיגיע', 3)).toBe(3);
    expect(prefixOffset('ביתו', 1)).toBe(1);
    expect(prefixOffset('כשרוי', 1)).toBe(2);
    expect(prefixOffset('"יזכור', 1)).toBe(1);
    expect(prefixOffset('ו"התחנה', 2)).toBe(2);
    expect(prefixOffset('תאילנד', 1)).toBeNull();
    expect(prefixOffset('ב', 1)).toBeNull();
  });

  it('imports token-multi tags, widens what it cannot place (counted), and writes the tags back as they were', () => {
    const text = lines('ובגדול O^O', 'מתאילנד O^S-GPE', 'בשטחים O^B-GPE^E-GPE', 'בית B-ORG', 'המשפט E-ORG', 'אמרתי S-PER^O', '');
    const ledger = new ImportLedger();
    const [d] = readConll(text, 'm.bmes', 'm', {}, ledger);
    expect(spans(d!)).toEqual(['GPE:שטחים', 'GPE:תאילנד', 'ORG:בית המשפט', 'PER:אמרתי']);
    expect(ledger.counts.entities.read).toBe(4);
    expect(ledger.losses).toEqual([{ file: 'm.bmes', line: 6, kind: 'entities', what: expect.stringMatching(/widened to the whole token/), count: 1 }]);
    expect(writeBack([d!])).toBe(text);
  });
});

describe('conll: writing changed entities', () => {
  it('a new entity goes into the first free layer, on a morpheme when the proclitics allow; removed ones become O', () => {
    const text = lines('ראש B-PER O', 'ממשלת I-PER O', 'ישראל E-PER O', 'מתאילנד O O', '');
    const [d] = readConll(text, 'n.bmes', 'n');
    const t = d!.record.text;
    const at = (s: string): { start: number; end: number } => {
      const i = [...t].join('').indexOf(s);
      return { start: i, end: i + s.length };
    };
    const entities = [...d!.record.entities, { type: 'GPE', ...at('ישראל') }, { type: 'GPE', ...at('תאילנד') }];
    const report = { extended: 0, dropped: 0, empty: 0 };
    expect(writeConllWithLayout(t, d!.layout, entities, report)).toBe(lines('ראש B-PER O', 'ממשלת I-PER O', 'ישראל E-PER S-GPE', 'מתאילנד S-GPE O', ''));
    expect(report.extended).toBe(1); // תאילנד inside a one-morpheme token
    const multi = readConll(lines('מתאילנד O^O', 'ראש S-PER', ''), 'm.bmes', 'm')[0]!;
    expect(multi.layout.scheme).toBe('bioes');
    const r2 = { extended: 0, dropped: 0, empty: 0 };
    expect(writeConllWithLayout(multi.record.text, multi.layout, [{ type: 'GPE', start: 1, end: 7 }], r2)).toBe(lines('מתאילנד O^S-GPE', 'ראש O', ''));
    expect(r2.extended).toBe(0);
    expect(writeConllWithLayout(multi.record.text, multi.layout, [], r2)).toBe(lines('מתאילנד O^O', 'ראש O', ''));
  });

  it('IOB1: a new entity next to one of its type starts with B-', () => {
    const [d] = readConll(lines('a I-PER', 'b O', 'c O', ''), 'i.txt', 'i');
    expect(d!.layout.scheme).toBe('iob1');
    const out = writeConllWithLayout(d!.record.text, d!.layout, [...d!.record.entities, { type: 'PER', start: 2, end: 3 }, { type: 'PER', start: 4, end: 5 }], { extended: 0, dropped: 0, empty: 0 });
    expect(out).toBe(lines('a I-PER', 'b B-PER', 'c B-PER', ''));
    expect(readConll(out, 'i.txt', 'i')[0]!.record.entities.map((e) => e.text)).toEqual(['a', 'b', 'c']);
  });
});

// ---------------------------------------------------------------- property: every layer survives

const BASES = ['א', 'ש', 'ل', 'ع', 'a', 'Z', '7', '𝔸', '😀', '𐤀', '.', '%', '”'];
const MARKS = ['\u05b8', '\u0651', '\u0301'];
const grapheme = fc.tuple(fc.constantFrom(...BASES), fc.constantFrom('', ...MARKS), fc.constantFrom('', '', '', '\u200f', '\u200e')).map(([b, m, c]) => b + m + c);
const token = fc.oneof({ weight: 9, arbitrary: fc.array(grapheme, { minLength: 1, maxLength: 4 }).map((g) => g.join('')) }, { weight: 1, arbitrary: fc.constantFrom('\u200f', '\u200e') });
const sentence = fc.array(token, { minLength: 1, maxLength: 8 });

describe('conll: property', () => {
  it('random nested and overlapping entities (non-BMP, RLM/LRM, combining marks) survive write → read in every layer, and write again byte for byte', () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(3), fc.constantFrom('PER', 'ORG', 'GPE')), { maxLength: 12 }),
        fc.constantFrom('O', 'O O'),
        (sents, picks, blank) => {
          // A file with no entities, in the variable-layer shape (every column after the token is a tag).
          const file = lines(...sents.flatMap((s, i) => [...(i > 0 ? [''] : []), ...s.map((t) => `${t} ${blank}`)]), '');
          const [d] = readConll(file, 'p.txt', 'p', { tagColumns: '2-' });
          const doc = d!;
          // Random entities over whole tokens of one sentence.
          const starts: { start: number; end: number; sentence: number }[] = [];
          let cp = 0;
          sents.forEach((s, si) =>
            s.forEach((t) => {
              const len = [...t].length;
              starts.push({ start: cp, end: cp + len, sentence: si });
              cp += len + 1;
            }),
          );
          const seen = new Set<string>();
          const entities = picks.flatMap(([a, b, len, type]) => {
            const i = a % starts.length;
            const si = starts[i]!.sentence;
            let j = Math.min(starts.length - 1, i + (b % (len + 1)));
            while (starts[j]!.sentence !== si) j--;
            const e = { type, start: starts[i]!.start, end: starts[j]!.end };
            const k = `${e.type}:${e.start}:${e.end}`;
            if (seen.has(k)) return [];
            seen.add(k);
            return [e];
          });
          const report = { extended: 0, dropped: 0, empty: 0 };
          const written = writeConllWithLayout(doc.record.text, doc.layout, entities, report);
          expect(report).toEqual({ extended: 0, dropped: 0, empty: 0 });
          const [back] = readConll(written, 'p.txt', 'p', { tagColumns: '2-' });
          expect(back!.record.text).toBe(doc.record.text);
          const key = (e: { type: string; start: number; end: number }): string => `${e.type}:${e.start}:${e.end}`;
          expect(back!.record.entities.map(key).sort()).toEqual(entities.map(key).sort());
          expect(writeConllWithLayout(back!.record.text, back!.layout, back!.record.entities, report)).toBe(written);
        },
      ),
      { numRuns: 300 },
    );
  });
});
