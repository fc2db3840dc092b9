import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GraphemeIndex } from '../graphemes';
import { tokenArrays } from '../tokenize';
import { foldString } from './clitics';
import { FoldedText, TextFolding, Vocabulary } from './foldedText';

/** What a folded text holds, as plain values (its words by their folded form: vocabularies differ in order). */
function plain(f: FoldedText) {
  const cps = f.map.length;
  return {
    count: f.count,
    starts: [...f.starts],
    ends: [...f.ends],
    u16: [...f.u16],
    words: [...f.ids].map((id) => `${f.words[id]!.isWord ? 'w' : 'o'}:${f.words[id]!.folded}`),
    length: cps,
    toUtf16: Array.from({ length: cps + 1 }, (_, cp) => f.map.toUtf16(cp)),
    inner: [...f.grapheme.nonBoundaries()],
    graphemeLength: f.grapheme.length,
  };
}

// pieces cut after a line break or a space before a letter: marks, joiners, emoji, astral letters,
// CR LF, apostrophes and numbers with separators on either side of them
const parts = [
  'בקזחסטן', 'שָׁלוֹם', 'وَالحُكومة', 'لِلحكومة', 'ـــ', 'צה"ל', "it's", '1,000', '3.5', 'A', 'z',
  ' ', ' ', ' ', '\n', '\r\n', '\r', '\u200d', '\u200c', '\u05b7', '\u0301', '👍🏽', '👨‍👩‍👧', '🇮🇱', '𝐀', '\u00ad', '-', ',', '.',
];

describe('a text folded in pieces (TextFolding)', () => {
  it('is the text folded whole: the same tokens, words, offsets and grapheme clusters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), (ps, units) => {
        const text = ps.join('');
        const whole = new FoldedText(text, 'h', new Vocabulary());
        const folding = new TextFolding(text, 'h', new Vocabulary(), units);
        const pieced = folding.result();
        expect(plain(pieced)).toEqual(plain(whole));
        // the same as the core's own tokens and clusters of the whole text
        const t = tokenArrays(text);
        expect(pieced.starts).toEqual(t.starts);
        expect([...pieced.grapheme.nonBoundaries()]).toEqual([...new GraphemeIndex(text).nonBoundaries()]);
      }),
      { numRuns: 400 },
    );
  });

  it('folds one piece a step, each ending after a line break or a space before a letter', () => {
    const line = 'ולקזחסטן שָׁלוֹם الحكومة\n';
    const text = line.repeat(40);
    const folding = new TextFolding(text, 'h', new Vocabulary(), line.length);
    let steps = 0;
    while (!folding.step()) steps++;
    // one line a piece
    expect(steps + 1).toBe(40);
    expect(folding.done).toBe(true);
    expect(plain(folding.result())).toEqual(plain(new FoldedText(text, 'h')));
    // an empty text is folded at once
    const empty = new TextFolding('', 'h', new Vocabulary());
    expect(empty.done).toBe(true);
    expect(empty.result().count).toBe(0);
  });
});

describe('a vocabulary shared by many texts', () => {
  it('gives each token the id of its folded units and kind, one id per distinct (folded, kind), across texts and rehashes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...parts), { maxLength: 30 }), { minLength: 1, maxLength: 40 }), (texts) => {
        const vocab = new Vocabulary();
        const seen = new Map<string, number>();
        for (const ps of texts) {
          const text = ps.join('');
          const f = new FoldedText(text, 'h', vocab);
          const kinds = tokenArrays(text).kinds;
          for (let k = 0; k < f.count; k++) {
            const word = f.words[f.ids[k]!]!;
            const raw = text.slice(f.u16[k]!, f.map.toUtf16(f.ends[k]!));
            expect(word.folded).toBe(foldString(raw));
            expect(word.isWord).toBe(kinds[k] === 2);
            const key = `${word.isWord}:${word.folded}`;
            expect(seen.get(key) ?? f.ids[k]).toBe(f.ids[k]);
            seen.set(key, f.ids[k]!);
          }
        }
        expect(vocab.size).toBe(seen.size);
      }),
      { numRuns: 200 },
    );
    // past its first table (1,024 slots, half full): every word found again
    const vocab = new Vocabulary();
    const words = Array.from({ length: 3_000 }, (_, i) => `מילה${i.toString(36)}`);
    const first = new FoldedText(words.join(' '), 'h', vocab);
    const again = new FoldedText(words.reverse().join(' '), 'h', vocab);
    expect([...again.ids].reverse()).toEqual([...first.ids]);
    expect(vocab.size).toBe(3_000);
  });
});

