import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { wordCoverage } from '../../annotations/tokenize';
import { initProject, openService, type QalamService } from '../../electron/service';
import type { Connection } from '../../electron/store/connection';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

/**
 * The document list's page computes the figures of its rows that are out of date (sets another
 * program wrote around the store) reading each set once: a document's text at most once for both
 * figures (progress needs it; a problem count does not), and the figures equal a full computation.
 */
const FILES = {
  'in/1/a.txt': 'אחת שתיים שלוש ארבע חמש שש',
  'in/2/b.txt': 'واحد اثنان ثلاثة أربعة خمسة',
  'in/3/c.txt': 'one two three four five six seven eight',
  'in/4/d.txt': 'שלום עולם שלום עולם',
};

let dir: string;
let file: string;
let service: QalamService;
const ids: Record<string, string> = {};

beforeEach(() => {
  dir = tempDir('qalam-page-figures-');
  file = join(dir, 'p.qalam');
  writeFiles(dir, FILES);
  service = initProject(file, { name: 'Figures', now: fakeClock() });
  for (const d of service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported) ids[d.name] = d.id;
  service.call('session.setAnnotator', { name: 'dana' });
  // Through the service (figures kept): an event with a LOC victim (a problem) on b, a relation on c.
  const victim = service.call('mentions.create', { docId: ids.b!, type: 'LOC', start: 0, end: 4 }).mention;
  service.call('events.create', { docId: ids.b!, type: 'Life:Die', start: 5, end: 10, arguments: [{ role: 'Victim', mentionId: victim.id }] });
  const x = service.call('mentions.create', { docId: ids.c!, type: 'PER', start: 0, end: 3 }).mention;
  const y = service.call('mentions.create', { docId: ids.c!, type: 'LOC', start: 4, end: 7 }).mention;
  service.call('relations.create', { docId: ids.c!, type: 'PHYS', arg1: x.id, arg2: y.id });
  return () => {
    if (service.store.isOpen) service.close();
  };
});

/** Plain SQL by another program: mentions (type, span, attributes) added to dana's sets, their figures left out of date. */
function writeAroundTheStore(rows: [doc: string, type: string, start: number, end: number, attributes?: string][]): void {
  const db = new Database(file);
  const insert = db.prepare("INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note) VALUES (?, ?, ?, ?, 'dana', 'import', 'x', 'x', ?, '')");
  for (const [doc, type, start, end, attributes] of rows) insert.run(ids[doc], type, start, end, attributes ?? '{}');
  db.close();
}

/** Counts, per document id, the executions of statements that read a document's text (any statement selecting `text` from `documents`). */
function countTextReads(s: QalamService): Map<string, number> {
  const conn = (s.store as unknown as { conn: Connection }).conn;
  const st = conn.st.bind(conn);
  const reads = new Map<string, number>();
  conn.st = (sql: string) => {
    const statement = st(sql);
    if (!/\btext\b/.test(sql) || !/\bFROM documents\b/.test(sql)) return statement;
    return new Proxy(statement, {
      get(target, p) {
        const v = Reflect.get(target, p) as unknown;
        if (p !== 'get' && p !== 'all' && p !== 'iterate') return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        return (...args: unknown[]) => {
          reads.set(String(args[0]), (reads.get(String(args[0])) ?? 0) + 1);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  };
  return reads;
}

describe('the page’s out-of-date figures', () => {
  it('reads each text at most once for progress and problems, and the figures equal a full computation', () => {
    service.close();
    writeAroundTheStore([
      ['a', 'PER', 0, 3],
      ['a', 'NOT-IN-SCHEMA', 4, 9], // a problem: a type the schema does not have
      ['b', 'PER', 11, 16],
      ['c', 'GPE', 8, 13, '{"Level":"NOPE"}'], // a problem: a value the attribute does not have
      ['d', 'LOC', 0, 4],
    ]);
    service = openService(file, { now: fakeClock() });
    const stale = service.store.overview.staleProgressSets(100).map((s) => s.docId).sort();
    expect(stale).toEqual([ids.a, ids.b, ids.c, ids.d].sort());
    const reads = countTextReads(service);
    const rows = service.call('documents.page', { limit: 100 }).rows;
    expect(rows.map((r) => r.name)).toEqual(['a', 'b', 'c', 'd']);
    // Every stale set's figure needed its text once; the problem counts none.
    expect([...reads.keys()].sort()).toEqual([ids.a, ids.b, ids.c, ids.d].sort());
    for (const [id, n] of reads) expect(n, id).toBe(1);
    // Kept: nothing is out of date, and the figures are those computed from scratch.
    expect(service.store.overview.staleProgressSets(100)).toEqual([]);
    expect(service.store.overview.staleChecks('dana', service.call('session.get', {}).schemaVersion)).toEqual([]);
    for (const row of rows) {
      const text = service.store.getDocument(row.id)!.text;
      expect(row.progress, row.name).toBeCloseTo(wordCoverage(text, service.store.mentionSpans(row.id, 'dana')), 12);
      expect(row.problems, row.name).toBe(service.call('documents.validate', { docId: row.id }).length);
    }
    expect(rows.map((r) => r.problems)).toEqual([1, 1, 1, 0]);
    // A later page reads no text at all.
    reads.clear();
    service.call('documents.page', { limit: 100 });
    expect(reads.size).toBe(0);
  });

  it('never shows a kept figure once another program changed its set', () => {
    const before = service.call('documents.page', { limit: 100 }).rows;
    expect(before.map((r) => [r.name, r.problems])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 0],
      ['d', 0],
    ]);
    service.close();
    writeAroundTheStore([
      ['b', 'NOT-IN-SCHEMA', 11, 16],
      ['c', 'ORG', 8, 13],
    ]);
    service = openService(file, { now: fakeClock() });
    const after = new Map(service.call('documents.page', { limit: 100 }).rows.map((r) => [r.name, r]));
    expect(after.get('b')!.problems).toBe(2);
    expect(after.get('b')!.progress).toBeCloseTo(wordCoverage(service.store.getDocument(ids.b!)!.text, service.store.mentionSpans(ids.b!, 'dana')), 12);
    expect(after.get('b')!.progress).toBeGreaterThan(before[1]!.progress);
    expect(after.get('c')!.progress).toBeCloseTo(3 / 8, 12);
  });

  it('the mentions to validate are the same whether the set’s types, events and relations are known or looked up', () => {
    writeAroundTheStore([
      ['a', 'NOT-IN-SCHEMA', 4, 9],
      ['c', 'GPE', 8, 13, '{"Level":"NOPE"}'],
    ]);
    const plain = service.call('session.get', {}).schema.entityTypes.filter((t) => !t.abstract).map((t) => t.name);
    const store = service.store;
    const counts = store.overview.counts('dana');
    expect([...counts.values()].some((c) => c.events > 0) && [...counts.values()].some((c) => c.relations > 0)).toBe(true);
    for (const [docId, c] of counts) {
      const types = [...new Set(store.mentionTypedSpansByType(docId, 'dana').map((r) => r[0]))];
      const looked = store.mentionsToValidate(docId, 'dana', plain);
      expect(store.mentionsToValidate(docId, 'dana', plain, { types, events: c.events, relations: c.relations }), docId).toEqual(looked);
      expect(looked.length, docId).toBeGreaterThan(0);
    }
  });
});
