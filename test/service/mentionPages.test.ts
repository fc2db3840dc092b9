/**
 * mentions.page: a set's mentions in pages of columns (issue 15), read through the service on a
 * real project file and reassembled with unpackMentionPages into exactly what mentions.list
 * answers, whatever the page size; pages of two revisions of the set do not join.
 */
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { unpackMentionPages, type MentionPage } from '../../annotations/mentionPages';
import type { EntityMention } from '../../annotations/model';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

const WORDS = ['הממשלה', 'בירושלים', 'مطار', 'كابول', 'שָׁלוֹם', 'مُحَمَّدٌ', 'AFP', '😀'];
const TEXT = Array.from({ length: 400 }, (_, i) => WORDS[i % WORDS.length]).join(' ') + '\n';

let service: QalamService;
let docId: string;

/** Word spans in code points. */
function wordSpans(): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let cp = 0;
  for (const w of TEXT.trimEnd().split(' ')) {
    const n = [...w].length;
    out.push({ start: cp, end: cp + n });
    cp += n + 1;
  }
  return out;
}

/** The first page, then every other page by its number (as the window asks them, all at once), in any order of asking. */
function readNumberedPages(args: { annotator?: string; limit?: number }, order: (n: number[]) => number[] = (n) => n): MentionPage[] {
  const first = service.call('mentions.page', { docId, ...args });
  const count = Math.max(1, Math.ceil(first.total / (args.limit ?? 50_000)));
  const pages: MentionPage[] = [first];
  for (const k of order(Array.from({ length: count - 1 }, (_, i) => i + 1))) pages[k] = service.call('mentions.page', { docId, ...args, page: k });
  return pages;
}

function readPages(args: { annotator?: string; limit?: number }): MentionPage[] {
  const pages: MentionPage[] = [];
  let after: string | undefined;
  do {
    const page = service.call('mentions.page', { docId, ...args, ...(after ? { after } : {}) });
    pages.push(page);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return pages;
}

const byId = (a: EntityMention, b: EntityMention) => Number(a.id) - Number(b.id);

beforeEach(() => {
  const dir = tempDir('qalam-pages-');
  writeFiles(dir, { 'in/mixed.txt': TEXT });
  service = initProject(join(dir, 'p.qalam'), { name: 'Pages', now: fakeClock() });
  docId = service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported[0]!.id;
  service.call('session.setAnnotator', { name: 'dana' });
  return () => service.close();
});

describe('mentions.page', () => {
  it('reassembles exactly the mentions of mentions.list, for any page size, with attributes, notes, fragments and stored times', () => {
    const spans = wordSpans();
    // Through the API (its clock's times, an attribute, a note) …
    const made = spans.slice(0, 30).map((s, i) => service.call('mentions.create', { docId, type: ['PER', 'ORG', 'GPE'][i % 3]!, ...s }).mention);
    service.call('attributes.set', { target: { kind: 'mention', id: made[3]!.id }, name: 'Uncertain', value: true });
    service.call('notes.set', { target: { kind: 'mention', id: made[4]!.id }, note: 'שם לא ודאי' });
    service.call('mentions.update', { id: made[5]!.id, type: 'LOC' });
    service.call('mentions.delete', { id: made[6]!.id });
    // … and as an import writes them: times as another tool wrote them, fragments, normalisations.
    const store = service.store;
    store.transaction(() => {
      store.ensureAnnotator('noa', '2024-05-01T10:00:00.000Z');
      for (const [i, s] of spans.slice(30).entries()) {
        store.insertMention({
          docId,
          type: 'GPE',
          start: s.start,
          end: s.end,
          annotator: i % 2 ? 'dana' : 'noa',
          origin: 'import',
          createdAt: i % 3 ? '2024-05-01T10:00:00.000Z' : '2024-05-01 10:00:00',
          updatedAt: i % 3 ? '2024-05-02T11:30:00.500Z' : '2024-05-01 10:00:00',
          ...(i === 7 ? { fragments: [{ start: s.start, end: s.start + 1 }, { start: s.end - 1, end: s.end }] } : {}),
          ...(i === 9 ? { normalizations: [{ resource: 'Wikidata', id: 'Q1218', text: 'ירושלים' }] } : {}),
        });
      }
    });
    for (const annotator of [undefined, 'noa']) {
      const list = service.call('mentions.list', { docId, ...(annotator ? { annotator } : {}) });
      expect(list.length).toBeGreaterThan(100);
      for (const limit of [1, 7, 100, undefined]) {
        const pages = readPages({ ...(annotator ? { annotator } : {}), ...(limit ? { limit } : {}) });
        if (limit) expect(pages).toHaveLength(Math.ceil(list.length / limit));
        const back = unpackMentionPages(JSON.parse(JSON.stringify(pages)) as MentionPage[]);
        expect(back).toEqual([...list].sort(byId));
        // By number, asked last page first: the very same pages.
        expect(readNumberedPages({ ...(annotator ? { annotator } : {}), ...(limit ? { limit } : {}) }, (n) => n.reverse())).toEqual(pages);
      }
    }
    const own = unpackMentionPages(readPages({}));
    expect(own.find((m) => m.id === made[3]!.id)?.attributes).toEqual({ Uncertain: true });
    expect(own.find((m) => m.id === made[4]!.id)?.note).toBe('שם לא ודאי');
    expect(own.some((m) => m.createdAt === '2024-05-01 10:00:00')).toBe(true);
    expect(own.some((m) => m.fragments)).toBe(true);
  });

  it('pages read across a change of the set do not join', () => {
    const spans = wordSpans();
    for (const s of spans.slice(0, 20)) service.call('mentions.create', { docId, type: 'PER', ...s });
    const first = service.call('mentions.page', { docId, limit: 10 });
    // Another window (or the command line) changes the set between the two pages.
    service.call('mentions.update', { id: unpackMentionPages(readPages({}))[15]!.id, type: 'ORG' });
    const second = service.call('mentions.page', { docId, limit: 10, after: first.next! });
    expect(() => unpackMentionPages([first, second])).toThrow(/another reading/);
    expect(() => unpackMentionPages([first, service.call('mentions.page', { docId, limit: 10, page: 1 })])).toThrow(/another reading/);
    // Read again, they join.
    expect(unpackMentionPages(readPages({ limit: 10 }))).toEqual(service.call('mentions.list', { docId }).sort(byId));
  });

  it('refuses what is not a page request', () => {
    const bad = (args: unknown) => {
      const r = service.dispatch('mentions.page', args);
      return r instanceof Promise || r.ok ? null : r.error.code;
    };
    expect(bad({ docId, after: 'E3' })).toBe('invalid-argument');
    expect(bad({ docId, limit: 0 })).toBe('invalid-argument');
    expect(bad({ docId, page: -1 })).toBe('invalid-argument');
    expect(bad({ docId, page: 1, after: '3' })).toBe('invalid-argument');
    // A page past the end is empty and the last.
    expect(service.call('mentions.page', { docId, page: 3 })).toMatchObject({ ids: [], next: null, total: 0 });
    expect(bad({ docId, limit: 50_001 })).toBe('invalid-argument');
    expect(bad({ docId: 'nope' })).toBe('not-found');
  });
});
