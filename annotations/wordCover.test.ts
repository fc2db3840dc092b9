import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wordCoverage } from './tokenize';
import { WordCover } from './wordCover';
import { isCoreError } from './errors';

const WORDS = ['הממשלה', 'שָׁלוֹם', 'الحكومة', 'مُحَمَّدٌ', 'AFP', '2022', 'צה"ל', '—', '(', ')', ',', '👩‍👩‍👧', 'iPhone'];
const textArb = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', '\n', '')), { minLength: 0, maxLength: 60 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

describe('WordCover', () => {
  it('equals wordCoverage of the spans held after random adds and removes', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.integer({ min: -3, max: 40 }), fc.nat()), { maxLength: 80 }),
        (text, edits) => {
          const length = [...text].length;
          const held: { start: number; end: number }[] = [];
          const cover = new WordCover(text, []);
          for (const [add, a, len, pick] of edits) {
            if (add || held.length === 0) {
              const start = length === 0 ? 0 : a % (length + 1);
              const span = { start, end: Math.min(length, start + len) };
              held.push(span);
              cover.add(span.start, span.end);
            } else {
              const [gone] = held.splice(pick % held.length, 1);
              cover.remove(gone!.start, gone!.end);
            }
            expect(cover.coverage).toBe(wordCoverage(text, held));
          }
          expect(new WordCover(text, held).coverage).toBe(wordCoverage(text, held));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to remove a span it does not hold', () => {
    const cover = new WordCover('שלום עולם', [{ start: 0, end: 4 }]);
    cover.remove(0, 4);
    let caught: unknown = null;
    try {
      cover.remove(0, 4);
    } catch (e) {
      caught = e;
    }
    expect(isCoreError(caught) && caught.code).toBe('internal');
    expect(cover.coverage).toBe(0);
  });
});
