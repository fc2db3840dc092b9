import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitParagraphs } from '../../../annotations/direction';
import { cpLength, cpSlice } from '../../../annotations/text';
import { snapToGraphemes } from '../../../annotations/graphemes';
import { snapToWords } from '../../../annotations/tokenize';
import { AstralOffsets, PagedText, documentLayout, layoutParagraphs, textPage } from '../../../annotations/textPages';
import { ParagraphTable } from './ParagraphTable';

function table(text: string): ParagraphTable {
  return new ParagraphTable(text, splitParagraphs(text, 'rtl'), 'he', 'rtl');
}

// Hebrew with niqqud, an astral emoji (two UTF-16 units, one code point), Arabic, an empty line.
const TEXT = 'שָׁלוֹם 😀 עולם\n\nمرحبا بالعالم\nend';

describe('ParagraphTable', () => {
  it('keeps one row per LF-separated line, empty ones included, with UTF-16 and code-point starts', () => {
    const t = table(TEXT);
    expect(t.paragraphCount).toBe(4);
    expect(t.paragraphText(0)).toBe('שָׁלוֹם 😀 עולם');
    expect(t.paragraphText(1)).toBe('');
    expect(t.paragraphText(2)).toBe('مرحبا بالعالم');
    // The emoji is one code point but two UTF-16 units: the second row starts one unit later in UTF-16.
    const r1 = t.row(1);
    expect(r1.start16 - r1.start).toBe(1);
    expect(t.row(0).lang).toBe('he');
    expect(t.row(2).lang).toBe('ar');
    expect(() => t.row(4)).toThrow(RangeError);
  });

  it('maps code points to paragraph points and back, across the astral character', () => {
    const t = table(TEXT);
    const emoji = [...TEXT].indexOf('😀');
    const local = t.toLocal(emoji + 1);
    expect(local.paragraph).toBe(0);
    // One code point after the emoji's start is two UTF-16 units after it.
    expect(local.offset16).toBe(TEXT.indexOf('😀') + 2);
    expect(t.toCp(local)).toBe(emoji + 1);
    // An offset at a paragraph's end belongs to that paragraph; past the text it is clamped.
    expect(t.paragraphAtCp(t.row(0).end)).toBe(0);
    expect(t.toLocal(10_000)).toEqual({ paragraph: 3, offset16: 3 });
    // A local offset beyond its paragraph is clamped to the paragraph's end.
    expect(t.toCp({ paragraph: 2, offset16: 999 })).toBe(t.row(2).end);
  });

  it('cuts a span over several paragraphs into pieces, dropping the empty one', () => {
    const t = table(TEXT);
    const start = t.row(0).end - 4;
    const end = t.row(2).start + 5;
    const pieces = t.pieces({ start, end });
    expect(pieces.map((p) => p.paragraph)).toEqual([0, 2]);
    expect(t.paragraphText(0).slice(pieces[0]!.start16, pieces[0]!.end16)).toBe('עולם');
    expect(t.paragraphText(2).slice(pieces[1]!.start16, pieces[1]!.end16)).toBe('مرحبا');
    expect(t.pieces({ start: 3, end: 3 })).toEqual([]);
  });

  it('snaps a selection to whole words, or to grapheme clusters in exact mode', () => {
    const t = table(TEXT);
    // Inside שָׁלוֹם (after its first letter and before its last): words mode takes the word.
    const words = t.snapSelection({ paragraph: 0, offset16: 3 }, { paragraph: 0, offset16: 1 }, 'words');
    expect(words.ok && t.slice(words.span)).toBe('שָׁלוֹם');
    // Exact mode between ש and its marks widens to the cluster, never splitting it.
    const exact = t.snapSelection({ paragraph: 0, offset16: 0 }, { paragraph: 0, offset16: 1 }, 'exact');
    expect(exact.ok && t.slice(exact.span)).toBe('שָׁ');
    expect(t.snapSelection({ paragraph: 0, offset16: 2 }, { paragraph: 0, offset16: 2 }, 'words')).toEqual({ ok: false, reason: 'empty' });
    const space = TEXT.indexOf(' ');
    expect(t.snapSelection({ paragraph: 0, offset16: space }, { paragraph: 0, offset16: space + 1 }, 'words')).toEqual({ ok: false, reason: 'white-space' });
  });

  it('leaves a known prefix out of a selection starting after it, when asked (or when the function says so)', () => {
    const t = table('ביקור בקזחסטן היום');
    const at = (o: number) => ({ paragraph: 0, offset16: o });
    const from = 'ביקור ב'.length;
    const to = 'ביקור בקזחסטן'.length;
    const whole = t.snapSelection(at(from), at(to - 2), 'words');
    expect(whole.ok && t.slice(whole.span)).toBe('בקזחסטן');
    const out = t.snapSelection(at(from), at(to - 2), 'words', { procliticsOut: true });
    expect(out.ok && t.slice(out.span)).toBe('קזחסטן');
    const asked: unknown[] = [];
    const fn = t.snapSelection(at(to), at(from), 'words', { procliticsOut: (raw) => (asked.push(raw), raw.start === from && raw.end === to) });
    expect(fn.ok && t.slice(fn.span)).toBe('קזחסטן');
    expect(asked).toEqual([{ start: from, end: to }]);
  });

  it('finds the sentence around a span, within its paragraph', () => {
    const text = 'אחת. רוסיה שלחה 😀 כוח? כן.\nשנייה';
    const t = new ParagraphTable(text, splitParagraphs(text, 'rtl'), 'he', 'rtl');
    const cp = (s: string) => [...text.slice(0, text.indexOf(s))].length;
    const s = t.sentenceAround({ start: cp('שלחה'), end: cp('שלחה') + 4 });
    expect(t.slice(s)).toBe(' רוסיה שלחה 😀 כוח?');
    expect(t.slice(t.sentenceAround({ start: cp('שנייה'), end: cp('שנייה') + 2 }))).toBe('שנייה');
  });

  it('gives each paragraph its own direction and a span the direction of its text', () => {
    const t = new ParagraphTable('abc שלום\nשלום abc', splitParagraphs('abc שלום\nשלום abc', 'rtl'), 'he', 'rtl');
    expect(t.row(0).dir).toBe('ltr');
    expect(t.row(1).dir).toBe('rtl');
    expect(t.spanDirection({ start: 4, end: 8 })).toBe('rtl');
  });

  it('round-trips every code point offset of random mixed text (property)', () => {
    const piece = fc.constantFrom('ש', 'ָ', 'م', 'a', ' ', '\n', '😀', '👍🏽', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const t = table(text);
        const n = cpLength(text);
        for (let cp = 0; cp <= n; cp++) {
          const local = t.toLocal(cp);
          expect(t.toCp(local)).toBe(cp);
        }
        for (let s = 0; s < n; s++) {
          const e = Math.min(n, s + 3);
          const joined = t
            .pieces({ start: s, end: e })
            .map((p) => t.paragraphText(p.paragraph).slice(p.start16, p.end16))
            .join('');
          expect(joined).toBe(cpSlice(text, s, e).replaceAll('\n', ''));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('snaps within the selected paragraphs exactly as over the whole text (property)', () => {
    // Words with prefixes, niqqud, an emoji sequence, punctuation, white space and empty lines.
    const piece = fc.constantFrom('בקזחסטן', 'שָׁלוֹם', 'والجنود', 'AFP', '12', '👍🏽', ',', '.', ' ', ' ', '\n', '\n\n', '\u200f');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 30 }), fc.nat(), fc.nat(), fc.boolean(), (parts, x, y, out) => {
        const text = parts.join('');
        const t = table(text);
        const n = cpLength(text);
        const a = t.toLocal(x % (n + 1));
        const b = t.toLocal(y % (n + 1));
        const raw = { start: Math.min(t.toCp(a), t.toCp(b)), end: Math.max(t.toCp(a), t.toCp(b)) };
        for (const mode of ['words', 'exact'] as const) {
          const got = t.snapSelection(a, b, mode, { procliticsOut: out });
          if (raw.start === raw.end) {
            expect(got).toEqual({ ok: false, reason: 'empty' });
            continue;
          }
          const whole = mode === 'exact' ? snapToGraphemes(text, raw) : snapToWords(text, raw, { procliticsOut: out });
          const want = whole === null ? { ok: false, reason: 'white-space' } : whole.end > whole.start ? { ok: true, span: whole } : { ok: false, reason: 'empty' };
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('ParagraphTable over text pages', () => {
  it('answers as over the whole text: rows, pieces, offsets and slices, once their pages are there', () => {
    const text = `${TEXT}\n${'😀 שלום עולם مرحبا\n'.repeat(30)}סוף 𝔸`;
    const paragraphs = splitParagraphs(text, 'rtl');
    const layout = documentLayout({ id: 'd', sha256: 's', text }, paragraphs, 40);
    const offsets = new AstralOffsets(layout.length, layout.astral);
    const paged = new PagedText(layout);
    paged.add(textPage(layout, offsets, text, 0));
    const whole = table(text);
    const t = new ParagraphTable(paged, layoutParagraphs(layout), 'he', 'rtl');
    expect(t.loadedParagraphs).toBe(layout.pageStarts[1]);
    expect(t.hasText(0)).toBe(true);
    expect(t.hasText(paragraphs.length - 1)).toBe(false);
    expect(t.complete).toBe(false);
    // Offsets and pieces need no text.
    const n = cpLength(text);
    for (let cp = 0; cp <= n; cp += 3) expect(t.toLocal(cp)).toEqual(whole.toLocal(cp));
    expect(t.pieces({ start: 2, end: n - 1 })).toEqual(whole.pieces({ start: 2, end: n - 1 }));
    expect(t.paragraphText(0)).toBe(whole.paragraphText(0));
    expect(() => t.paragraphText(paragraphs.length - 1)).toThrow(/has not arrived/);
    for (let k = paged.pageCount - 1; k >= 1; k--) paged.add(textPage(layout, offsets, text, k));
    expect(t.complete).toBe(true);
    expect(t.text).toBe(text);
    expect(t.rows).toEqual(whole.rows);
    expect(t.slice({ start: 1, end: n - 2 })).toBe(whole.slice({ start: 1, end: n - 2 }));
    expect(t.spanDirection({ start: 0, end: 5 })).toBe(whole.spanDirection({ start: 0, end: 5 }));
  });
});
