import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitParagraphs } from '../../annotations/direction';
import { AstralOffsets, documentLayout, textPage } from '../../annotations/textPages';
import { pageParagraphs } from './firstScreen';

// The first screen shows the document's paragraphs as the editor will: each paragraph's exact
// text and its direction, taken from a text page (documents.open's first, here every page).
const piece = fc.constantFrom('שלום', 'مرحبا', 'abc', ' ', '\n', '𝔸', '😀', 'ה', '\u200f', '12', '\n\n', 'é');

describe('pageParagraphs', () => {
  it("gives each page's paragraphs their exact text and direction, in order: the pages' together are the document's", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }).map((xs) => xs.join('')), fc.integer({ min: 1, max: 30 }), (text, pageChars) => {
        const paragraphs = splitParagraphs(text, 'rtl');
        const layout = documentLayout({ id: 'd', sha256: 's', text }, paragraphs, pageChars);
        const offsets = new AstralOffsets(layout.length, layout.astral);
        const got = [];
        for (let k = 0; k + 1 < layout.pageStarts.length; k++) got.push(...pageParagraphs(layout, textPage(layout, offsets, text, k)));
        expect(got.map((p) => p.text)).toEqual(text.split('\n'));
        expect(got.map((p) => p.dir)).toEqual(paragraphs.map((p) => p.dir));
      }),
    );
  });
});
