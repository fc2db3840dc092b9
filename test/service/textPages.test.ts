/**
 * documents.open / documents.textPage and mentions.page by position (issue 15): a long document
 * reaches the window in text pages and its mentions in pages by where they start; joined in any
 * order they are exactly the stored text (documents.get) and exactly the stored mentions
 * (mentions.list), every offset included; pages read across a change of the set do not join.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackPositionPages, type MentionPage } from '../../annotations/mentionPages';
import type { EntityMention } from '../../annotations/model';
import { OffsetMap } from '../../annotations/text';
import { FIRST_TEXT_PAGE_CHARS, PagedText, TEXT_PAGE_CHARS, layoutParagraphs, textPageSpan } from '../../annotations/textPages';
import { initProject, type QalamService } from '../../electron/service';
import { generateMentions, generateText } from '../bench/generate';
import { fakeClock, removeTempDirs, tempDir } from '../store/helpers';

afterAll(removeTempDirs);

let service: QalamService;
let docId: string;
let text: string;
/** JSON both ways, as the bridge carries answers. */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const byId = (a: EntityMention, b: EntityMention) => Number(a.id) - Number(b.id);

beforeAll(() => {
  const dir = tempDir('qalam-text-pages-');
  // Some 3.5 text pages, astral characters and empty lines on the way.
  const body = generateText(1_700_000, 'he', 5).split('\n');
  for (let i = 3; i < body.length; i += 97) body[i] = `😀 ${body[i]} 𝔸`;
  for (let i = 5; i < body.length; i += 131) body[i] = '';
  writeFileSync(join(dir, 'long.txt'), `${body.join('\n')}\n`);
  service = initProject(join(dir, 'p.qalam'), { name: 'Pages', now: fakeClock() });
  docId = service.call('documents.importPaths', { paths: [join(dir, 'long.txt')] }).imported[0]!.id;
  service.call('session.setAnnotator', { name: 'dana' });
  text = service.call('documents.get', { id: docId }).text;
  const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const store = service.store;
  // Imported in reverse text order: ids do not follow positions.
  const spans = generateMentions(text, 6_000, 6).reverse();
  store.transaction(() => {
    store.ensureAnnotator('noa', now);
    for (const [i, m] of spans.entries()) {
      store.insertMention({ ...m, docId, annotator: i % 5 ? 'dana' : 'noa', origin: 'import', createdAt: now, updatedAt: now, ...(i % 400 === 0 ? { note: 'הערה' } : {}) });
    }
  });
  return () => service.close();
});

/** The mentions by position as the window asks them: page 0, then groups of `group` text pages, asked in `order`. */
function positionPages(pageCount: number, group: number, args: { annotator?: string } = {}, order: (k: number[]) => number[] = (k) => k): MentionPage[] {
  const starts: number[] = [];
  for (let k = 1; k < pageCount; k += group) starts.push(k);
  const pages = [service.call('mentions.page', { docId, ...args, textPage: 0 })];
  for (const k of order(starts)) pages.push(service.call('mentions.page', { docId, ...args, textPage: k, textPages: Math.min(group, pageCount - k) }));
  return wire(pages);
}

describe('a document in text pages', () => {
  it('joins into exactly the stored text, with the same paragraphs and offsets', () => {
    const opening = wire(service.call('documents.open', { id: docId }));
    const whole = service.call('documents.get', { id: docId });
    const { text: _text, paragraphs, ...info } = whole;
    expect(opening.info).toEqual(info);
    expect(opening.layout.length).toBeGreaterThan(3 * TEXT_PAGE_CHARS);
    const paged = new PagedText(opening.layout);
    expect(paged.pageCount).toBeGreaterThanOrEqual(4);
    paged.add(opening.first);
    expect(paged.complete).toBe(false);
    // The first page holds whole paragraphs and starts the text.
    expect(text.startsWith(opening.first.text)).toBe(true);
    expect(opening.first.text.endsWith('\n')).toBe(true);
    for (let k = paged.pageCount - 1; k >= 1; k--) paged.add(wire(service.call('documents.textPage', { id: docId, page: k })));
    expect(paged.text).toBe(text);
    expect(layoutParagraphs(opening.layout)).toEqual(paragraphs);
    const map = new OffsetMap(text);
    expect(opening.layout.astral.length).toBeGreaterThan(10);
    for (const cp of [0, 1, 999, ...opening.layout.astral.flatMap((a) => [a, a + 1]), map.length]) expect(paged.offsets.toUtf16(cp)).toBe(map.toUtf16(cp));
  });

  it('mentions by position join into exactly the set, each on the page where it starts, in any order of asking', () => {
    const { layout } = service.call('documents.open', { id: docId });
    const count = layout.pageStarts.length - 1;
    for (const annotator of [undefined, 'noa']) {
      const args = annotator ? { annotator } : {};
      const list = service.call('mentions.list', { docId, ...args }).sort(byId);
      expect(list.length).toBeGreaterThan(1_000);
      for (const group of [1, 2, count]) {
        const pages = positionPages(count, group, args, (k) => k.reverse());
        expect(unpackPositionPages(pages)).toEqual(list);
      }
      // Page 0 alone: the mentions starting in the first text page, and no other.
      const end = textPageSpan(layout, 0).end;
      const first = unpackPositionPages([service.call('mentions.page', { docId, ...args, textPage: 0 })], { part: true });
      expect(first).toEqual(list.filter((m) => m.start < end));
      expect(() => unpackPositionPages([service.call('mentions.page', { docId, ...args, textPage: 0 })])).toThrow(/in the set/);
    }
  });

  it('pages read across a change of the set do not join; a page twice does not join', () => {
    const { layout } = service.call('documents.open', { id: docId });
    const count = layout.pageStarts.length - 1;
    const first = service.call('mentions.page', { docId, textPage: 0 });
    const some = service.call('mentions.list', { docId })[0]!;
    service.call('mentions.update', { id: some.id, type: some.type === 'ORG' ? 'PER' : 'ORG' });
    const rest = service.call('mentions.page', { docId, textPage: 1, textPages: count - 1 });
    expect(() => unpackPositionPages([first, rest])).toThrow(/another reading/);
    const again = service.call('mentions.page', { docId, textPage: 0 });
    expect(unpackPositionPages([again, rest])).toEqual(service.call('mentions.list', { docId }).sort(byId));
    expect(() => unpackPositionPages([again, again, rest], { part: true })).toThrow(/on two pages/);
  });

  it('refuses what is not a page', () => {
    const code = (method: 'documents.textPage' | 'mentions.page', args: unknown) => {
      const r = service.dispatch(method, args);
      return r instanceof Promise || r.ok ? null : r.error.code;
    };
    const { layout } = service.call('documents.open', { id: docId });
    const count = layout.pageStarts.length - 1;
    expect(code('documents.textPage', { id: docId, page: count })).toBe('not-found');
    expect(code('documents.textPage', { id: docId, page: -1 })).toBe('invalid-argument');
    expect(code('documents.textPage', { id: 'nope', page: 0 })).toBe('not-found');
    expect(code('mentions.page', { docId, textPage: count })).toBe('not-found');
    expect(code('mentions.page', { docId, textPage: 0, page: 1 })).toBe('invalid-argument');
    expect(code('mentions.page', { docId, textPages: 2 })).toBe('invalid-argument');
  });
});

describe('the first text page (documents.open), sized to a screen', () => {
  // Paragraphs with niqqud / harakat and emoji sequences (a ZWJ family, a flag, a skin tone), one
  // of them running across the first page's size, so the cut falls after it, never inside it.
  const lines = {
    he: ['בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם', 'שָׁלוֹם 👨‍👩‍👧 לְכֻלָּם 🇮🇱 וּבְרָכָה 👍🏽', 'הממשלה החליטה היום'],
    ar: ['بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ', 'مَرْحَبًا 👨‍👩‍👧 بِكُمْ 🇪🇬 وَسَلَامٌ 👍🏽', 'قررت الحكومة اليوم'],
  } as const;
  for (const lang of ['he', 'ar'] as const) {
    it(`${lang}: holds whole paragraphs up to the first starting past its size; the pages joined are the stored text byte for byte, cut only between paragraphs`, () => {
      const dir = tempDir('qalam-first-page-');
      const paras: string[] = [];
      let length = 0;
      // Up to just before the first page's size, then one long paragraph across it, emoji on the edge.
      for (let i = 0; length < FIRST_TEXT_PAGE_CHARS - 400; i++) {
        const p = `${lines[lang][i % 3]} ${i}`;
        paras.push(p);
        length += [...p].length + 1;
      }
      const across = `${lines[lang][1]} `.repeat(40);
      paras.push(across);
      // Enough after it for two more pages.
      const body = `${lines[lang].join('\n')}\n`;
      const fileText = `${paras.join('\n')}\n${body.repeat(Math.ceil((TEXT_PAGE_CHARS * 1.2) / [...body].length))}`;
      writeFileSync(join(dir, `${lang}.txt`), fileText);
      const s = initProject(join(dir, 'p.qalam'), { name: 'First page', now: fakeClock() });
      try {
        const id = s.call('documents.importPaths', { paths: [join(dir, `${lang}.txt`)] }).imported[0]!.id;
        const stored = s.call('documents.get', { id }).text;
        expect(stored).toBe(fileText);
        const opening = wire(s.call('documents.open', { id }));
        const first = opening.first.text;
        // Whole paragraphs: every one before the long one, and the long one (it starts before the size).
        expect(first).toBe(`${paras.join('\n')}\n`);
        expect([...first].length).toBeGreaterThanOrEqual(FIRST_TEXT_PAGE_CHARS);
        expect([...first].length).toBeLessThan(FIRST_TEXT_PAGE_CHARS + [...across].length + 1);
        const paged = new PagedText(opening.layout);
        expect(paged.pageCount).toBeGreaterThanOrEqual(3);
        paged.add(opening.first);
        for (let k = 1; k < paged.pageCount; k++) paged.add(wire(s.call('documents.textPage', { id, page: k })));
        expect(Buffer.from(paged.text, 'utf8').equals(Buffer.from(stored, 'utf8'))).toBe(true);
        // Each page starts a paragraph: a grapheme boundary (no letter parted from its marks, no emoji sequence split).
        const graphemes = new Set<number>();
        for (const g of new Intl.Segmenter(lang, { granularity: 'grapheme' }).segment(stored)) graphemes.add(g.index);
        for (let k = 1; k < paged.pageCount; k++) {
          const at = paged.offsets.toUtf16(textPageSpan(opening.layout, k).start);
          expect(stored[at - 1]).toBe('\n');
          expect(graphemes.has(at)).toBe(true);
        }
      } finally {
        s.close();
      }
    });
  }
});
