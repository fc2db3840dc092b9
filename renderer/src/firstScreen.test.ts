import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitParagraphs } from '../../annotations/direction';
import { AstralOffsets, documentLayout, textPage } from '../../annotations/textPages';
import { MentionPacker, unpackPositionPages } from '../../annotations/mentionPages';
import type { EntityMention } from '../../annotations/model';
import { lineStarts, pageMarks, pageParagraphs } from './firstScreen';

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
        expect(got.map((p) => p.start)).toEqual(paragraphs.map((p) => p.start));
      }),
    );
  });
});

// The first screen's highlights come from the start's mentions.page (by position): each mention
// as the overlay draws it — its span, or only its fragments — with its id and its type's colour.
describe('pageMarks', () => {
  const mention = fc.record({
    gap: fc.integer({ min: 1, max: 5 }),
    start: fc.integer({ min: 0, max: 200 }),
    length: fc.integer({ min: 0, max: 12 }),
    type: fc.constantFrom('PER', 'GPE', 'ORG', 'UNKNOWN'),
    split: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    note: fc.option(fc.constantFrom('x', 'a note'), { nil: undefined }),
  });
  const colors = new Map([
    ['PER', '#e06c75'],
    ['GPE', '#61afef'],
    ['ORG', '#98c379'],
  ]);

  it('gives every mention of the page, by id, at its letters (its fragments when it has them), in its type\'s colour', () => {
    fc.assert(
      fc.property(fc.array(mention, { maxLength: 40 }), (rows) => {
        let id = 0;
        const mentions: EntityMention[] = rows.map((r) => {
          id += r.gap;
          const m: EntityMention = { id: String(id), docId: 'd', type: r.type, start: r.start, end: r.start + r.length, annotator: 'dana', origin: 'manual', createdAt: '2026-12-02T00:00:00.000Z', updatedAt: '2026-12-02T00:00:00.000Z' };
          if (r.split !== undefined && r.length >= 3) m.fragments = [{ start: r.start, end: r.start + 1 }, { start: r.start + 2, end: r.start + r.length }];
          if (r.note !== undefined) m.note = r.note;
          return m;
        });
        const packer = new MentionPacker({ docId: 'd', revision: 'r', total: mentions.length });
        for (const m of mentions) packer.add(m);
        const page = packer.finish(false);
        const expected = unpackPositionPages([page], { part: true }).flatMap((m) =>
          (m.fragments ?? [m]).filter((f) => f.end > f.start).map((f) => ({ id: m.id, start: f.start, end: f.end, color: colors.get(m.type) ?? '#9aa0a6' })),
        );
        expect(pageMarks(page, colors)).toEqual(expected);
      }),
    );
  });
});

// A start at another window size places its first screen only where the rows above the view
// (the title's, a wrapping flex row) break their items into the same lines as when kept.
describe('lineStarts', () => {
  it('breaks before an item that does not fit after the gap, never before the first, and keeps an item wider than the row on a line of its own', () => {
    expect(lineStarts([100, 50, 80], 10, 300)).toEqual([0]);
    expect(lineStarts([100, 50, 80], 10, 249.5)).toEqual([0]); // 250 within half a pixel
    expect(lineStarts([100, 50, 80], 10, 249)).toEqual([0, 2]);
    expect(lineStarts([100, 50, 80], 10, 90)).toEqual([0, 1, 2]);
    expect(lineStarts([400, 20], 10, 300)).toEqual([0, 1]);
    expect(lineStarts([], 10, 300)).toEqual([]);
  });
  it('every line but the last would overflow with the next line\'s first item; every line fits unless it is one item', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 12 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 50, max: 1200 }), (items, gap, width) => {
        const starts = lineStarts(items, gap, width);
        const ends = [...starts.slice(1), items.length];
        starts.forEach((a, k) => {
          const line = items.slice(a, ends[k]);
          const used = line.reduce((x, y) => x + y, 0) + gap * (line.length - 1);
          if (line.length > 1) expect(used).toBeLessThanOrEqual(width + 0.5);
          if (k + 1 < starts.length) expect(used + gap + items[ends[k]!]!).toBeGreaterThan(width + 0.5);
        });
      }),
    );
  });
});
