/**
 * The document list sorted by progress (store/overview.ts `progressPage`, migration 015) reads the
 * sets above 0 from their index and the documents at 0 in the documents' order, in two groups.
 * Every page of it, both ways, with and without a filter, read either way (two groups, or the
 * corpus sorted by one query, as deep pages are), must be the slice of the whole list sorted as
 * the old single query did: a set's figure when it is current, else 0 (no set, a set
 * without mentions, a figure out of date or not computed), ties in the documents' order.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { PROGRESS_SORT, type DocumentListQuery } from '../../electron/store/overview';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from './helpers';

const COUNT = 41;
let service: QalamService;
/** Each document: its id, seq, language and dana's figure as the sort sees it. */
let expected: { id: string; seq: number; lang: string; progress: number }[];

beforeAll(() => {
  const dir = tempDir('qalam-progress-order-');
  const files: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++) files[`in/doc-${String(i).padStart(2, '0')}.txt`] = `${i % 3 === 0 ? 'مرحبا بالعالم' : 'שלום עולם'} ${i}`;
  writeFiles(dir, files);
  const file = join(dir, 'p.qalam');
  service = initProject(file, { now: fakeClock() });
  const docs = service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported;
  service.call('session.setAnnotator', { name: 'dana' });
  for (const [i, d] of docs.entries()) {
    if (i % 7 === 6) continue; // no set
    service.call('mentions.create', { docId: d.id, type: 'PER', start: 0, end: 4 });
    if (i % 11 === 5) service.call('mentions.delete', { id: service.call('annotations.list', { docId: d.id }).mentions[0]!.id }); // a set without mentions
  }
  // noa's figures must not move dana's list
  service.call('session.setAnnotator', { name: 'noa' });
  for (const d of docs.slice(0, 10)) service.call('mentions.create', { docId: d.id, type: 'LOC', start: 0, end: 4 });
  service.call('session.setAnnotator', { name: 'dana' });

  // The figures, written as the store keeps them: current, out of date, not computed; ties and 0.
  const db = new Database(file);
  const put = db.prepare('UPDATE set_counts SET progress = ?, progress_stamp = ? WHERE doc_id = ? AND annotator = ?');
  const stampOf = db.prepare('SELECT stamp FROM set_counts WHERE doc_id = ? AND annotator = ?').pluck();
  const figures = [0.5, 0, 0.25, 1, 0.5, 0.75, 0.25];
  for (const [i, d] of docs.entries()) {
    const stamp = stampOf.get(d.id, 'dana') as number | undefined;
    if (stamp !== undefined) {
      const figure = figures[i % figures.length]!;
      if (i % 5 === 4) put.run(figure, stamp - 1, d.id, 'dana'); // out of date
      else if (i % 13 === 12) put.run(null, null, d.id, 'dana'); // not computed
      else put.run(figure, stamp, d.id, 'dana');
    }
    const noa = stampOf.get(d.id, 'noa') as number | undefined;
    if (noa !== undefined) put.run(1 - (i % 3) * 0.1, noa, d.id, 'noa');
  }
  const rows = db
    .prepare(
      `SELECT d.id, d.seq, d.lang, CASE WHEN c.mentions > 0 AND c.progress_stamp = c.stamp THEN c.progress ELSE 0 END AS progress
         FROM documents d LEFT JOIN set_counts c ON c.doc_id = d.id AND c.annotator = 'dana'`,
    )
    .all() as { id: string; seq: number; lang: string; progress: number }[];
  db.close();
  expected = rows;
});
afterAll(() => {
  service.close();
  removeTempDirs();
});

function query(desc: boolean, offset: number, limit: number, lang?: 'he' | 'ar'): DocumentListQuery {
  return { annotator: 'dana', sort: 'progress', desc, schemaVersion: service.call('session.get', {}).schema.version, offset, limit, ...(lang !== undefined ? { lang: [lang] } : {}) };
}

function sorted(desc: boolean, lang?: string): string[] {
  const sign = desc ? -1 : 1;
  return expected
    .filter((d) => lang === undefined || d.lang === lang)
    .sort((a, b) => sign * (a.progress - b.progress) || sign * (a.seq - b.seq))
    .map((d) => d.id);
}

describe('the document list sorted by progress', () => {
  it('holds sets of every kind: above 0 with ties, at 0, without mentions, out of date, not computed, none', () => {
    const figures = expected.map((d) => d.progress);
    expect(figures.filter((p) => p > 0).length).toBeGreaterThan(10);
    expect(figures.filter((p) => p === 0).length).toBeGreaterThan(10);
    expect(new Set(figures.filter((p) => p > 0)).size).toBeLessThan(figures.filter((p) => p > 0).length);
  });

  const ways = {
    'as the store chooses': { ...PROGRESS_SORT },
    'always two groups': { pageWalk: Infinity, zeroWalk: Infinity },
    'always one query': { pageWalk: -1, zeroWalk: -1 },
    'two groups until the documents at 0': { pageWalk: Infinity, zeroWalk: -1 },
  };
  for (const [way, limits] of Object.entries(ways)) {
    for (const desc of [true, false]) {
      for (const lang of [undefined, 'he', 'ar'] as const) {
        it(`every page, ${desc ? 'descending' : 'ascending'}${lang === undefined ? '' : `, language ${lang}`}, ${way}, is the slice of the whole sorted list`, () => {
          const kept = { ...PROGRESS_SORT };
          Object.assign(PROGRESS_SORT, limits);
          onTestFinished(() => void Object.assign(PROGRESS_SORT, kept));
          const whole = sorted(desc, lang);
          expect(service.store.overview.page(query(desc, 0, 1000, lang)).ids).toEqual(whole);
          for (const limit of [1, 3, 7, 100]) {
            for (let offset = 0; offset <= whole.length + 1; offset++) {
              const page = service.store.overview.page(query(desc, offset, limit, lang));
              expect(page.ids, `offset ${offset}, limit ${limit}`).toEqual(whole.slice(offset, offset + limit));
              expect(page.total).toBe(whole.length);
            }
          }
        });
      }
    }

  }
});
