/**
 * The window's document list (renderer/src/state/documentPages.ts) against the real service: pages
 * asked in any order, of any size, reassemble exactly the list the store sorts and filters; an
 * answer to an older query never lands in the new one; a change's row replaces the loaded one.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentFilter, DocumentPage, DocumentRow, DocumentSort } from '../../electron/contract';
import { initProject, type QalamService } from '../../electron/service';
import { DocumentPages, type PageRequest } from '../../renderer/src/state/documentPages';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

let service: QalamService;
const COUNT = 57;

beforeAll(() => {
  const dir = tempDir('qalam-pages-');
  const files: Record<string, string> = {};
  // Names out of import order, texts of varied length, both scripts.
  for (let i = 0; i < COUNT; i++) files[`in/${String(i).padStart(2, '0')}/${['zayin', 'alef', 'mem', 'bet'][i % 4]}-${(i * 37) % COUNT}.txt`] = `${i % 3 === 0 ? 'مرحبا بالعالم' : 'שלום עולם'} ${'מילה '.repeat(i % 7)}${i}`;
  writeFiles(dir, files);
  service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  const docs = service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported;
  service.call('session.setAnnotator', { name: 'dana' });
  docs.forEach((d, i) => {
    if (i % 5 === 0) service.call('mentions.create', { docId: d.id, type: 'PER', start: 0, end: 4 });
    if (i % 4 === 0) service.call('documents.setStatus', { docId: d.id, status: i % 8 === 0 ? 'done' : 'in-progress' });
  });
});
afterAll(() => {
  service.close();
  removeTempDirs();
});

/** The service's answers, each after a given delay (ms) so they can arrive out of order. */
function requester(delay: (offset: number) => number = () => 0): PageRequest {
  return (args) =>
    new Promise<DocumentPage>((resolve) => {
      const answer = service.call('documents.page', args);
      setTimeout(() => resolve(answer), delay(args.offset));
    });
}

function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('DocumentPages', () => {
  const cases: { filter: DocumentFilter; sort: DocumentSort }[] = [
    { filter: {}, sort: { key: 'order' } },
    { filter: {}, sort: { key: 'name' } },
    { filter: {}, sort: { key: 'size', desc: true } },
    { filter: { lang: ['he'] }, sort: { key: 'status', desc: true } },
    { filter: { name: 'a' }, sort: { key: 'progress', desc: true } },
    { filter: { status: ['in-progress', 'done'] }, sort: { key: 'changed' } },
  ];

  for (const [n, { filter, sort }] of cases.entries()) {
    it(`reassembles the list exactly from pages asked in any order (${JSON.stringify({ filter, sort })})`, async () => {
      const whole = service.call('documents.page', { filter, sort, limit: 1000 });
      for (const pageSize of [1, 7, 10, 100]) {
        // Later pages answer first.
        const list = new DocumentPages(requester((offset) => (COUNT - offset) % 5), pageSize);
        await list.setQuery({ filter, sort });
        expect(list.getState().total).toBe(whole.total);
        const starts = shuffled(Math.ceil(whole.total / 3), n * 10 + pageSize).map((i) => i * 3);
        await Promise.all(starts.map((from) => list.ensure(from, from + 3)));
        const rows = Array.from({ length: whole.total }, (_, i) => list.rowAt(i));
        expect(rows).toEqual(whole.rows);
        expect(list.loadedRows()).toEqual(whole.rows);
        expect(list.rowAt(whole.total)).toBeUndefined();
      }
    });
  }

  it('drops the answers of an older query, and replaces a changed row where it is loaded', async () => {
    const list = new DocumentPages(requester((offset) => (offset === 0 ? 30 : 0)), 10);
    const old = list.setQuery({ filter: { lang: ['ar'] }, sort: { key: 'order' } });
    const now = list.setQuery({ filter: { lang: ['he'] }, sort: { key: 'name' } });
    await Promise.all([old, now]);
    await list.ensure(0, COUNT);
    const whole = service.call('documents.page', { filter: { lang: ['he'] }, sort: { key: 'name' }, limit: 1000 });
    expect(list.loadedRows()).toEqual(whole.rows);
    const row = whole.rows[3]!;
    const answer = service.call('mentions.create', { docId: row.id, type: 'GPE', start: 5, end: 9 });
    list.replace(answer.document.summary, answer.document.problems.length);
    expect(list.rowAt(3)).toEqual({ ...row, mentionCount: row.mentionCount + 1, progress: answer.document.summary.progress, problems: 0 });
    // A refresh asks again for what was shown: the row as the store has it now.
    await list.refresh();
    await list.ensure(0, COUNT);
    expect(list.loadedRows()).toEqual(service.call('documents.page', { filter: { lang: ['he'] }, sort: { key: 'name' }, limit: 1000 }).rows);
  });

  it("takes the boot call's first page as the default query's", async () => {
    const first = service.call('documents.page', { limit: 10 });
    const list = new DocumentPages(requester(), 10);
    list.seed(first);
    expect(list.getState()).toMatchObject({ total: COUNT, all: COUNT, own: first.own });
    expect(list.loadedRows()).toEqual(first.rows);
    await list.ensure(0, COUNT);
    expect(list.loadedRows()).toEqual(service.call('documents.page', { limit: 1000 }).rows);
  });
});


describe('DocumentPages: figures pending', () => {
  const row = (id: string, pending?: ('progress' | 'problems')[]): DocumentRow => ({
    id,
    name: id,
    sourcePath: '',
    sha256: id,
    lang: 'he',
    dir: 'rtl',
    length: 10,
    importedAt: 'x',
    mentionCount: 1,
    progress: 0,
    eventCount: 0,
    status: 'not-started',
    problems: 0,
    changedAt: 'x',
    ...(pending ? { pending } : {}),
  });
  const pageOf = (rows: DocumentRow[]): DocumentPage => ({ offset: 0, total: rows.length, all: rows.length, own: rows.length, rows });

  it('asks once the rows are painted, merges into the rows still pending, drops an answer for an older query', async () => {
    const asked: { ids: string[]; answer(f: { id: string; progress: number; problems: number }[]): void }[] = [];
    const painted: (() => void)[] = [];
    const pages = new DocumentPages(
      async () => pageOf([row('a', ['progress', 'problems']), row('b', ['progress', 'problems'])]),
      2,
      (ids) => new Promise((resolve) => asked.push({ ids, answer: resolve })),
      (fn) => painted.push(fn),
    );
    pages.seed(pageOf([row('a', ['progress', 'problems']), row('b', ['problems'])]));
    // Not asked before the paint; then only the pending rows.
    expect(asked).toEqual([]);
    painted.shift()!();
    expect(asked.map((q) => q.ids)).toEqual([['a', 'b']]);
    // A change's answer replaced b meanwhile (its figures current): the figures' answer leaves it.
    pages.replace({ ...row('b'), progress: 0.9 }, 3);
    asked[0]!.answer([
      { id: 'a', progress: 0.25, problems: 1 },
      { id: 'b', progress: 0.5, problems: 2 },
    ]);
    await new Promise((r) => setTimeout(r, 0));
    expect([pages.rowAt(0), pages.rowAt(1)].map((r) => [r!.id, r!.progress, r!.problems, r!.pending])).toEqual([
      ['a', 0.25, 1, undefined],
      ['b', 0.9, 3, undefined],
    ]);
    // A new query while its figures are asked: the old answer is dropped, the new one lands.
    await pages.setQuery({ filter: {}, sort: { key: 'name' } });
    painted.shift()!();
    expect(asked[1]!.ids).toEqual(['a', 'b']);
    await pages.setQuery({ filter: {}, sort: { key: 'name', desc: true } });
    painted.shift()!();
    asked[1]!.answer([{ id: 'a', progress: 0.1, problems: 5 }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(pages.rowAt(0)!.pending).toEqual(['progress', 'problems']);
    asked[2]!.answer([{ id: 'a', progress: 0.25, problems: 1 }]);
    await new Promise((r) => setTimeout(r, 0));
    expect([pages.rowAt(0)!.progress, pages.rowAt(0)!.problems, pages.rowAt(0)!.pending]).toEqual([0.25, 1, undefined]);
    expect(pages.rowAt(1)!.pending).toEqual(['progress', 'problems']);
  });
});
