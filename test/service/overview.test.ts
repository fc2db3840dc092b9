import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { NEWS_SCHEMA } from '../../annotations/news';
import type { DocumentFilter, DocumentRow, DocumentSort } from '../../electron/contract';
import { initProject, openService, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

// Import order is path order: zeta, alpha, mid, beta; names sort alpha, beta, mid, zeta.
const FILES = {
  'in/1/zeta.txt': 'אחת שתיים שלוש ארבע', // he, 4 words, 19 code points
  'in/2/alpha.txt': 'واحد اثنان ثلاثة أربعة', // ar, 4 words, 22
  'in/3/mid.txt': 'one two three four five six', // other, 6 words, 27
  'in/4/beta.txt': 'שלום עולם שלום עולם שלום עולם שלום עולם', // he, 8 words, 39
};

let file: string;
let service: QalamService;
const ids: Record<string, string> = {};

function page(filter?: DocumentFilter, sort?: DocumentSort, offset?: number, limit?: number) {
  return service.call('documents.page', { ...(filter ? { filter } : {}), ...(sort ? { sort } : {}), ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) });
}
/** The news schema's entity types but GPE, without events, relations or attributes (a forced replacement keeps GPE mentions: problems). */
function withoutGpe() {
  return { ...JSON.parse(JSON.stringify(NEWS_SCHEMA)), entityTypes: NEWS_SCHEMA.entityTypes.filter((t) => t.name !== 'GPE'), eventTypes: [], relationTypes: [], attributes: [] };
}
const names = (rows: DocumentRow[]) => rows.map((r) => r.name);

beforeEach(() => {
  const dir = tempDir('qalam-overview-');
  file = join(dir, 'p.qalam');
  writeFiles(dir, FILES);
  service = initProject(file, { name: 'Overview', now: fakeClock() });
  for (const d of service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported) ids[d.name] = d.id;
  // dana: zeta 1 of 4 words, done, flagged; alpha 2 of 4, in progress; beta 1 of 8.
  service.call('session.setAnnotator', { name: 'dana' });
  service.call('mentions.create', { docId: ids.zeta!, type: 'PER', start: 0, end: 3 });
  service.call('documents.setStatus', { docId: ids.zeta!, status: 'done' });
  service.call('documents.setFlags', { docId: ids.zeta!, flags: ['review', 'hard'] });
  service.call('mentions.create', { docId: ids.alpha!, type: 'LOC', start: 0, end: 10 });
  service.call('documents.setStatus', { docId: ids.alpha!, status: 'in-progress' });
  service.call('documents.setFlags', { docId: ids.alpha!, flags: ['review'] });
  service.call('mentions.create', { docId: ids.beta!, type: 'GPE', start: 0, end: 4 });
  // omar: mid 1 of 6 words; zeta done without annotations (the last change of all).
  service.call('session.setAnnotator', { name: 'omar' });
  service.call('mentions.create', { docId: ids.mid!, type: 'ORG', start: 0, end: 3 });
  service.call('documents.setStatus', { docId: ids.zeta!, status: 'done' });
  service.call('session.setAnnotator', { name: 'dana' });
  return () => service.close();
});

describe('documents.page', () => {
  it('answers the first page in import order with the counts, and rows as the full list has them', () => {
    const p = page();
    expect(names(p.rows)).toEqual(['zeta', 'alpha', 'mid', 'beta']);
    expect([p.offset, p.total, p.all, p.own]).toEqual([0, 4, 4, 3]);
    const list = service.call('documents.list', {});
    expect(p.rows.map(({ problems: _p, changedAt: _c, ...summary }) => summary)).toEqual(list);
    expect(p.rows.map((r) => [r.name, r.mentionCount, r.progress, r.status])).toEqual([
      ['zeta', 1, 0.25, 'done'],
      ['alpha', 1, 0.5, 'in-progress'],
      ['mid', 0, 0, 'not-started'],
      ['beta', 1, 0.125, 'not-started'],
    ]);
    expect(p.rows.map((r) => r.problems)).toEqual([0, 0, 0, 0]);
    // The last change of any set, else the import time.
    const imported = p.rows[0]!.importedAt;
    expect(p.rows.find((r) => r.name === 'mid')!.changedAt > imported).toBe(true);
  });

  it('sorts by name, status, size, progress and last change, both ways, ties in import order', () => {
    expect(names(page(undefined, { key: 'name' }).rows)).toEqual(['alpha', 'beta', 'mid', 'zeta']);
    expect(names(page(undefined, { key: 'name', desc: true }).rows)).toEqual(['zeta', 'mid', 'beta', 'alpha']);
    expect(names(page(undefined, { key: 'status' }).rows)).toEqual(['mid', 'beta', 'alpha', 'zeta']);
    expect(names(page(undefined, { key: 'status', desc: true }).rows)).toEqual(['zeta', 'alpha', 'beta', 'mid']);
    expect(names(page(undefined, { key: 'size' }).rows)).toEqual(['zeta', 'alpha', 'mid', 'beta']);
    expect(names(page(undefined, { key: 'size', desc: true }).rows)).toEqual(['beta', 'mid', 'alpha', 'zeta']);
    expect(names(page(undefined, { key: 'progress', desc: true }).rows)).toEqual(['alpha', 'zeta', 'beta', 'mid']);
    expect(names(page(undefined, { key: 'progress' }).rows)).toEqual(['mid', 'beta', 'zeta', 'alpha']);
    // zeta's status by omar came last, then omar's mention in mid, dana's in beta, alpha's flags.
    expect(names(page(undefined, { key: 'changed', desc: true }).rows)).toEqual(['zeta', 'mid', 'beta', 'alpha']);
    expect(names(page(undefined, { key: 'order', desc: true }).rows)).toEqual(['beta', 'mid', 'alpha', 'zeta']);
  });

  it('filters by name, status, language, annotator, flags and problems, with the total matching', () => {
    const f = (filter: DocumentFilter) => {
      const p = page(filter);
      expect(p.total).toBe(p.rows.length);
      expect(p.all).toBe(4);
      return names(p.rows);
    };
    expect(f({ name: 'ta' })).toEqual(['zeta', 'beta']);
    expect(f({ name: 'ZET' })).toEqual(['zeta']);
    expect(f({ name: '%' })).toEqual([]);
    expect(f({ status: ['done'] })).toEqual(['zeta']);
    expect(f({ status: ['not-started', 'in-progress'] })).toEqual(['alpha', 'mid', 'beta']);
    expect(f({ lang: ['he'] })).toEqual(['zeta', 'beta']);
    expect(f({ lang: ['ar', 'other'] })).toEqual(['alpha', 'mid']);
    expect(f({ annotator: 'omar' })).toEqual(['zeta', 'mid']);
    expect(f({ annotator: 'dana' })).toEqual(['zeta', 'alpha', 'beta']);
    expect(f({ annotator: 'nobody' })).toEqual([]);
    expect(f({ flags: ['review'] })).toEqual(['zeta', 'alpha']);
    expect(f({ flags: ['review', 'hard'] })).toEqual(['zeta']);
    expect(f({ problems: true })).toEqual([]);
    expect(f({ name: 'a', lang: ['he'], status: ['not-started'] })).toEqual(['beta']);
    expect(service.call('documents.flags', {})).toEqual([
      { flag: 'hard', documents: 1 },
      { flag: 'review', documents: 2 },
    ]);

    // A schema without GPE (forced, annotations kept): beta's GPE mention is a problem now.
    const schema = withoutGpe();
    service.call('schema.replace', { json: JSON.stringify(schema), force: true });
    expect(f({ problems: true })).toEqual(['beta']);
    expect(f({ problems: false })).toEqual(['zeta', 'alpha', 'mid']);
    expect(page().rows.map((r) => r.problems)).toEqual([0, 0, 0, 1]);
    // Deleting the mention clears it (the set's stamp moved; the count is checked again).
    const gpe = service.call('mentions.list', { docId: ids.beta! })[0]!;
    service.call('mentions.delete', { id: gpe.id });
    expect(f({ problems: true })).toEqual([]);
    // The current annotator decides whose status, flags and problems are filtered.
    service.call('session.setAnnotator', { name: 'omar' });
    expect(f({ status: ['done'] })).toEqual(['zeta']);
    expect(f({ flags: ['review'] })).toEqual([]);
    expect(page().own).toBe(1);
  });

  it('pages reassemble exactly the whole list, for every sort and a filter', () => {
    for (const sort of [{ key: 'order' }, { key: 'name', desc: true }, { key: 'progress' }, { key: 'changed' }] as DocumentSort[]) {
      for (const filter of [undefined, { lang: ['he', 'ar'] }] as (DocumentFilter | undefined)[]) {
        const whole = page(filter, sort, 0, 1000);
        const parts: DocumentRow[] = [];
        for (let offset = 0; offset < whole.total; offset += 3) {
          const p = page(filter, sort, offset, 3);
          expect(p.offset).toBe(offset);
          expect(p.total).toBe(whole.total);
          parts.push(...p.rows);
        }
        expect(parts).toEqual(whole.rows);
      }
    }
    expect(page(undefined, undefined, 4, 10).rows).toEqual([]);
  });

  it('keeps progress and problem counts across sessions, recomputed only for sets that changed', () => {
    page({ problems: true }, { key: 'progress' });
    const stamp = service.store.overview.counts('dana').get(ids.zeta!)!.stamp;
    // A figure only the store has: the next session reads it rather than computing it again.
    service.store.storeProgress('dana', [{ docId: ids.zeta!, stamp, progress: 0.875 }]);
    service.close();
    service = openService(file, { now: fakeClock(Date.UTC(2025, 0, 1)) });
    expect(names(page(undefined, { key: 'progress', desc: true }).rows)).toEqual(['zeta', 'alpha', 'beta', 'mid']);
    service.call('mentions.create', { docId: ids.zeta!, type: 'LOC', start: 4, end: 9 });
    const zeta = page(undefined, { key: 'progress', desc: true }).rows[0]!;
    expect([zeta.name, zeta.progress]).toEqual(['alpha', 0.5]);
    expect(page({ name: 'zeta' }).rows[0]!.progress).toBe(0.5);
  });
});

describe('corpus.dashboard', () => {
  it('gives progress per annotator and status, mentions per type and the sets with problems, exactly', () => {
    const d = service.call('corpus.dashboard', {});
    expect(d.documents).toBe(4);
    expect(d.annotators).toEqual([
      {
        annotator: 'dana',
        annotated: 3,
        statuses: { 'not-started': 2, 'in-progress': 1, done: 1 },
        mentions: 3,
        events: 0,
        relations: 0,
        progress: (0.25 + 0.5 + 0.125) / 4,
      },
      {
        annotator: 'omar',
        annotated: 1,
        statuses: { 'not-started': 3, 'in-progress': 0, done: 1 },
        mentions: 1,
        events: 0,
        relations: 0,
        progress: 1 / 6 / 4,
      },
    ]);
    expect(d.statuses).toEqual({ 'not-started': 5, 'in-progress': 1, done: 2 });
    expect(d.mentionTypes).toEqual([
      { type: 'GPE', total: 1, byAnnotator: { dana: 1 } },
      { type: 'LOC', total: 1, byAnnotator: { dana: 1 } },
      { type: 'ORG', total: 1, byAnnotator: { omar: 1 } },
      { type: 'PER', total: 1, byAnnotator: { dana: 1 } },
    ]);
    expect(d.problems).toEqual([]);

    service.call('mentions.create', { docId: ids.beta!, type: 'PER', start: 5, end: 9 });
    service.call('session.setAnnotator', { name: 'omar' });
    service.call('mentions.create', { docId: ids.beta!, type: 'GPE', start: 10, end: 14 });
    const schema = withoutGpe();
    service.call('schema.replace', { json: JSON.stringify(schema), force: true });
    const after = service.call('corpus.dashboard', {});
    expect(after.mentionTypes.slice(0, 2)).toEqual([
      { type: 'GPE', total: 2, byAnnotator: { dana: 1, omar: 1 } },
      { type: 'PER', total: 2, byAnnotator: { dana: 2 } },
    ]);
    expect(after.annotators.map((a) => [a.annotator, a.mentions, a.progress])).toEqual([
      ['dana', 4, (0.25 + 0.5 + 0.25) / 4],
      ['omar', 2, (1 / 6 + 0.125) / 4],
    ]);
    expect(after.problems).toEqual([
      { docId: ids.beta!, name: 'beta', annotator: 'dana', problems: 1 },
      { docId: ids.beta!, name: 'beta', annotator: 'omar', problems: 1 },
    ]);
  });
});
