import { describe, expect, it } from 'vitest';
import { splitParagraphs } from './direction';
import { OffsetMap } from './text';
import { AstralOffsets, FIRST_TEXT_PAGE_CHARS, mountedWhole, PagedText, TEXT_PAGE_CHARS, documentLayout, layoutParagraphs, textPage, textPageSpan } from './textPages';
import { seededRandom } from './random';

const PIECES = ['שָׁלוֹם', 'הממשלה', 'مُحَمَّدٌ', 'كابول', 'AFP', '2024', '😀', '𝔸', ' ', ' ', '\n', '\n\n', 'ـ'];

function randomText(seed: number, pieces: number): string {
  const rnd = seededRandom(seed);
  let s = '';
  for (let i = 0; i < pieces; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
  return s;
}

describe('text pages', () => {
  it('pages joined in any order are exactly the text; offsets and paragraphs are the same as from the text itself', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const text = randomText(seed, 50 + seed * 20);
      const paragraphs = splitParagraphs(text, 'rtl');
      const pageChars = 1 + (seed % 7) * 13;
      // The first page sized apart (documents.open's, a screen's worth): smaller, equal or larger.
      const firstChars = 1 + (seed % 5) * 9;
      const layout = documentLayout({ id: 'd1', sha256: 'abc', text }, paragraphs, pageChars, firstChars);
      const offsets = new AstralOffsets(layout.length, layout.astral);
      const paged = new PagedText(JSON.parse(JSON.stringify(layout)));
      const order = Array.from({ length: paged.pageCount }, (_, k) => k).reverse();
      if (seed % 2) order.sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13));
      for (const k of order) {
        expect(paged.complete).toBe(false);
        paged.add(JSON.parse(JSON.stringify(textPage(layout, offsets, text, k))));
      }
      expect(paged.complete).toBe(true);
      expect(paged.text).toBe(text);
      expect(layoutParagraphs(layout)).toEqual(paragraphs);
      const map = new OffsetMap(text);
      expect(layout.length).toBe(map.length);
      const cps = Array.from({ length: map.length + 1 }, (_, cp) => cp);
      expect(cps.map((cp) => offsets.toUtf16(cp))).toEqual(cps.map((cp) => map.toUtf16(cp)));
      const us = Array.from({ length: text.length + 1 }, (_, u) => u);
      expect(us.map((u) => offsets.toCp(u))).toEqual(us.map((u) => map.toCp(u)));
      // Every paragraph lies in one page, and the pages' spans cover the text once.
      let at = 0;
      for (let k = 0; k < paged.pageCount; k++) {
        const span = textPageSpan(layout, k);
        expect(span.start).toBe(at);
        at = span.end;
      }
      expect(at).toBe(map.length);
      for (const [i, p] of paragraphs.entries()) {
        const span = textPageSpan(layout, paged.pageOf(i));
        expect(p.start >= span.start && p.end <= span.end).toBe(true);
      }
    }
  });

  it('the text of the pages there, before the others arrive; refuses a page of another text, twice, or of the wrong length', () => {
    const text = 'שורה ראשונה 😀\nسطر ثان\n\nthird line\nרביעית';
    const paragraphs = splitParagraphs(text, 'rtl');
    const layout = documentLayout({ id: 'd1', sha256: 'abc', text }, paragraphs, 5);
    const offsets = new AstralOffsets(layout.length, layout.astral);
    const paged = new PagedText(layout);
    // The empty paragraph starts less than 5 code points after the third: they share a page.
    expect(layout.pageStarts).toEqual([0, 1, 2, 4, 5]);
    const arrived: number[] = [];
    paged.onPage((k) => arrived.push(k));
    paged.add(textPage(layout, offsets, text, 0));
    paged.add(textPage(layout, offsets, text, 2));
    expect(arrived).toEqual([0, 2]);
    expect(paged.loadedParagraphs).toBe(1);
    expect(paged.hasParagraph(0)).toBe(true);
    expect(paged.hasParagraph(1)).toBe(false);
    expect(paged.hasParagraph(3)).toBe(true);
    expect(paged.hasParagraph(4)).toBe(false);
    const p0 = paragraphs[0]!;
    expect(paged.slice16(offsets.toUtf16(p0.start), offsets.toUtf16(p0.end))).toBe('שורה ראשונה 😀');
    expect(() => paged.slice16(0, text.length)).toThrow(/text page 1 .* has not arrived/);
    expect(() => paged.text).toThrow(/have not arrived/);
    expect(() => paged.add(textPage(layout, offsets, text, 2))).toThrow(/twice/);
    expect(() => paged.add({ ...textPage(layout, offsets, text, 1), sha256: 'other' })).toThrow(/not d1/);
    expect(() => paged.add({ ...textPage(layout, offsets, text, 1), text: 'x' })).toThrow(/UTF-16 units/);
    expect(() => paged.add({ ...textPage(layout, offsets, text, 1), page: 9 })).toThrow(/it has 4/);
    expect(() => textPage(layout, offsets, text, 4)).toThrow(/no text page 4/);
    for (const k of [1, 3]) paged.add(textPage(layout, offsets, text, k));
    expect(paged.loadedParagraphs).toBe(paragraphs.length);
    expect(paged.text).toBe(text);
    expect(paged.hasParagraph(1)).toBe(true);
  });

  it('the first page closes at the first paragraph starting its size or more in, the others at theirs; a first paragraph longer than that is the first page alone', () => {
    const para = (n: number) => 'א'.repeat(n);
    const text = [para(4), para(4), para(4), para(30), para(2), para(2), para(20), para(1)].join('\n');
    const paragraphs = splitParagraphs(text, 'rtl');
    // Starts: 0, 5, 10, 15, 46, 49, 52, 73.
    expect(documentLayout({ id: 'd', sha256: 's', text }, paragraphs, 40, 8).pageStarts).toEqual([0, 2, 6, 8]);
    expect(documentLayout({ id: 'd', sha256: 's', text }, paragraphs, 40).pageStarts).toEqual(documentLayout({ id: 'd', sha256: 's', text }, paragraphs, 40, 40).pageStarts);
    const long = [para(50), para(3), para(3)].join('\n');
    expect(documentLayout({ id: 'd', sha256: 's', text: long }, splitParagraphs(long, 'rtl'), 40, 8).pageStarts).toEqual([0, 1, 3]);
    // By default the first page is a screen's worth, the others much larger.
    expect(FIRST_TEXT_PAGE_CHARS).toBeLessThan(TEXT_PAGE_CHARS);
    const big = Array.from({ length: 3_000 }, () => para(99)).join('\n');
    const layout = documentLayout({ id: 'd', sha256: 's', text: big }, splitParagraphs(big, 'rtl'));
    // Paragraphs 100 code points apart (99 and an LF).
    const second = Math.ceil(FIRST_TEXT_PAGE_CHARS / 100);
    expect(layout.pageStarts).toEqual([0, second, second + Math.ceil(TEXT_PAGE_CHARS / 100), 3_000]);
  });

  it('a document the window mounts whole (mountedWhole) is one page by default, however long its first screen: the window mounts every paragraph at once', () => {
    // 30 paragraphs of 900 code points (27,000: more than the first page's size, fewer than 80 paragraphs)
    const whole = Array.from({ length: 30 }, (_, i) => `${i} ${'ש'.repeat(897)}`).join('\n');
    const paragraphs = splitParagraphs(whole, 'rtl');
    expect(whole.length).toBeGreaterThan(FIRST_TEXT_PAGE_CHARS);
    expect(mountedWhole(paragraphs.length, whole.length)).toBe(true);
    expect(documentLayout({ id: 'd', sha256: 's', text: whole }, paragraphs).pageStarts).toEqual([0, 30]);
    // at the bounds: 80 paragraphs and 40,000 UTF-16 units (astral characters count twice) are whole, one more of either is not
    const at = (n: number, units: number) => Array.from({ length: n }, (_, i) => (i === 0 ? '😀'.repeat(Math.floor((units - (n - 1) * 2) / 2)) : 'א')).join('\n');
    for (const [n, units, one] of [[80, 40_000, true], [81, 40_000, false], [80, 40_002, false]] as const) {
      const text = at(n, units);
      const ps = splitParagraphs(text, 'rtl');
      expect(text.length).toBe(units);
      expect(ps.length).toBe(n);
      expect(mountedWhole(ps.length, text.length)).toBe(one);
      expect(documentLayout({ id: 'd', sha256: 's', text }, ps).pageStarts.length === 2).toBe(one);
    }
    // a longer one keeps its screen-sized first page
    const longer = Array.from({ length: 50 }, (_, i) => `${i} ${'ש'.repeat(897)}`).join('\n');
    expect(documentLayout({ id: 'd', sha256: 's', text: longer }, splitParagraphs(longer, 'rtl')).pageStarts.length).toBeGreaterThan(2);
  });
});
