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
import { PagedText, TEXT_PAGE_CHARS, layoutParagraphs, textPageSpan } from '../../annotations/textPages';
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
