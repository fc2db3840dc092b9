/**
 * The document list's queries read indexes, never every document (migration 013): for each filter
 * and sort `documents.page` offers, every statement it prepares is run through EXPLAIN QUERY PLAN.
 * A count must not scan `documents` at all; a page may only walk its sort's index (it stops at
 * `limit`) and must not sort the whole corpus in a temporary b-tree (a filter with a sort may sort
 * what it selected). The sort by progress reads two groups in order (migration 015): the sets above
 * 0 from their index (only ties sorted) and the documents at 0 in the documents' order. Not covered,
 * and still reading every document: the sort by status and the problems filter (per annotator).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Args } from '../../electron/contract';
import { initProject, openService, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from './helpers';

let service: QalamService;
const prepared: string[] = [];
const prepare = Database.prototype.prepare;

beforeAll(() => {
  const dir = tempDir('qalam-plans-');
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) files[`in/doc-${i}.txt`] = `${i % 2 === 0 ? 'مرحبا بالعالم' : 'שלום עולם'} ${i}`;
  writeFiles(dir, files);
  service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  const docs = service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported;
  service.call('session.setAnnotator', { name: 'dana' });
  docs.forEach((d, i) => {
    if (i % 3 === 0) service.call('mentions.create', { docId: d.id, type: 'PER', start: 0, end: 4 });
    if (i % 4 === 0) service.call('documents.setStatus', { docId: d.id, status: 'done' });
    if (i % 5 === 0) service.call('documents.setFlags', { docId: d.id, flags: ['review'] });
  });
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    prepared.push(sql);
    return prepare.call(this, sql);
  } as typeof prepare;
});
afterAll(() => {
  Database.prototype.prepare = prepare;
  service.close();
  removeTempDirs();
});

/** The plans of the list queries one documents.page call prepares (statements cached earlier are prepared again for the plan). */
function plans(args: Args<'documents.page'>): { sql: string; plan: string[] }[] {
  // A fresh session: every statement of the call is prepared (and so seen) again.
  const file = service.store.path;
  service.close();
  service = openService(file, { now: fakeClock() });
  prepared.length = 0;
  service.call('documents.page', args);
  const db = new Database(file, { readonly: true });
  try {
    return prepared
      .filter((sql) => /FROM documents d|FROM set_counts c |annotated_totals|document_names/.test(sql))
      .map((sql) => {
        const names = [...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string);
        const st = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        const rows = (names.length > 0 ? st.all(Object.fromEntries(names.map((n) => [n, null]))) : st.all(...Array((sql.match(/\?/g) ?? []).length).fill(null))) as { detail: string }[];
        return { sql, plan: rows.map((r) => r.detail) };
      });
  } finally {
    db.close();
  }
}

const CASES: Record<string, Args<'documents.page'>> = {
  'first page': { limit: 100 },
  'name contains': { filter: { name: 'doc-1' }, limit: 100 },
  language: { filter: { lang: ['ar'] }, limit: 100 },
  'status done': { filter: { status: ['done'] }, limit: 100 },
  'status in progress or done': { filter: { status: ['in-progress', 'done'] }, limit: 100 },
  flag: { filter: { flags: ['review'] }, limit: 100 },
  'annotated by': { filter: { annotator: 'dana' }, limit: 100 },
  'sort by name': { sort: { key: 'name' }, limit: 100 },
  'sort by size': { sort: { key: 'size', desc: true }, limit: 100 },
  'sort by last change': { sort: { key: 'changed', desc: true }, limit: 100 },
  'language, sorted by last change': { filter: { lang: ['he'] }, sort: { key: 'changed' }, limit: 100 },
  'a later page of the name sort': { sort: { key: 'name' }, offset: 6, limit: 3 },
  'sort by progress, descending': { sort: { key: 'progress', desc: true }, limit: 100 },
  'sort by progress, ascending': { sort: { key: 'progress' }, limit: 100 },
  'a page of the progress sort past the sets above 0': { sort: { key: 'progress', desc: true }, offset: 8, limit: 3 },
};

describe('document list query plans', () => {
  for (const [name, args] of Object.entries(CASES)) {
    it(`${name}: no count scans the documents, no page sorts them all`, () => {
      const found = plans(args);
      expect(found.length).toBeGreaterThan(0);
      for (const { sql, plan } of found) {
        const text = `${sql}\n  ${plan.join('\n  ')}`;
        if (!sql.startsWith('SELECT d.id AS id ')) {
          // a count: only searches (SCAN of a json_each list or of the trigram index's LIKE are lookups)
          for (const line of plan) if (/^SCAN /.test(line)) expect(line, text).toMatch(/^SCAN (json_each|CONSTANT ROW|document_names VIRTUAL TABLE INDEX \d+:L)/);
        } else {
          if (sql.includes('FROM set_counts c JOIN documents d')) expect(plan[0], text).toMatch(/^SEARCH c USING COVERING INDEX set_counts_progress_order \(annotator=\? AND progress>\?\)/);
          for (const line of plan) {
            if (/^SCAN /.test(line)) expect(line, text).toMatch(/^SCAN (d USING COVERING INDEX documents_list_(seq|name|size|lang)|dc USING COVERING INDEX document_changes_order|json_each|document_names VIRTUAL TABLE INDEX \d+:L)/);
          }
          // a filter with a sort of its own may sort what it selected (not the corpus)
          if (args.filter === undefined || args.sort === undefined) expect(plan.join('\n'), text).not.toMatch(/USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY/);
        }
      }
    });
  }
});
