import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { wordCoverage } from '../../annotations/tokenize';
import { initProject, openService, type QalamService } from '../../electron/service';
import type { Connection } from '../../electron/store/connection';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

/**
 * The document list's page answers with its rows at once: the figures that are out of date (sets
 * another program wrote around the store) are marked pending, not computed (nor shown as current);
 * documents.figures computes them reading each set once: a document's text at most once for both
 * figures (progress needs it; a problem count does not), and they equal a full computation.
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
  it('the page answers at once, its out-of-date figures pending (no text read); documents.figures reads each text once and equals a full computation', () => {
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
    const page = service.call('documents.page', { limit: 100 });
    expect(page.rows.map((r) => r.name)).toEqual(['a', 'b', 'c', 'd']);
    // Rows at once: no text read, no figure computed, every out-of-date figure marked pending (its 0 is no figure).
    expect(reads.size).toBe(0);
    expect(service.progressComputed().sets).toBe(0);
    for (const row of page.rows) expect([row.name, row.pending, row.progress, row.problems]).toEqual([row.name, ['progress', 'problems'], 0, 0]);
    // The boot's first page is the same page.
    expect(service.call('session.boot', {}).documents).toEqual(page);
    expect(reads.size).toBe(0);
    expect(service.store.overview.staleProgressSets(100).length).toBe(4);

    // The figures, asked next: each stale set's text read once (the problem counts need none).
    const figures = service.call('documents.figures', { ids: page.rows.map((r) => r.id) });
    expect([...reads.keys()].sort()).toEqual([ids.a, ids.b, ids.c, ids.d].sort());
    for (const [id, n] of reads) expect(n, id).toBe(1);
    // Kept: nothing is out of date, and the figures are those computed from scratch.
    expect(service.store.overview.staleProgressSets(100)).toEqual([]);
    expect(service.store.overview.staleChecks('dana', service.call('session.get', {}).schemaVersion)).toEqual([]);
    const byId = new Map(figures.map((f) => [f.id, f]));
    expect(figures.map((f) => f.id).sort()).toEqual([ids.a, ids.b, ids.c, ids.d].sort());
    for (const row of page.rows) {
      const text = service.store.getDocument(row.id)!.text;
      expect(byId.get(row.id)!.progress, row.name).toBeCloseTo(wordCoverage(text, service.store.mentionSpans(row.id, 'dana')), 12);
      expect(byId.get(row.id)!.problems, row.name).toBe(service.call('documents.validate', { docId: row.id }).length);
    }
    expect(page.rows.map((r) => byId.get(r.id)!.problems)).toEqual([1, 1, 1, 0]);
    // Then the page has them all, current, and reads no text; asking again computes nothing.
    reads.clear();
    const again = service.call('documents.page', { limit: 100 }).rows;
    expect(again.map((r) => [r.pending, r.progress, r.problems])).toEqual(page.rows.map((r) => [undefined, byId.get(r.id)!.progress, byId.get(r.id)!.problems]));
    expect(service.call('documents.figures', { ids: [ids.a!, 'nope'] })).toEqual([byId.get(ids.a!)]);
    expect(reads.size).toBe(0);
  });

  it('a sort by progress or a filter by problems computes the figures it needs first (never pending)', () => {
    service.close();
    writeAroundTheStore([
      ['a', 'PER', 0, 3],
      ['b', 'NOT-IN-SCHEMA', 11, 16],
    ]);
    service = openService(file, { now: fakeClock() });
    const sorted = service.call('documents.page', { sort: { key: 'progress', desc: true }, limit: 100 }).rows;
    // Every set's progress brought up to date for the sort: current on every row; a and b's problem counts are not (pending).
    for (const row of sorted) expect(row.progress, row.name).toBeCloseTo(wordCoverage(service.store.getDocument(row.id)!.text, service.store.mentionSpans(row.id, 'dana')), 12);
    expect(sorted.map((r) => [r.name, r.pending])).toEqual([
      ['b', ['problems']],
      ['c', undefined],
      ['a', ['problems']],
      ['d', undefined],
    ]);
    const withProblems = service.call('documents.page', { filter: { problems: true }, limit: 100 }).rows;
    expect(withProblems.map((r) => [r.name, r.problems, r.pending])).toEqual([['b', 2, undefined]]);
  });

  it('never shows a kept figure once another program changed its set', () => {
    const before = service.call('documents.page', { limit: 100 }).rows;
    expect(before.map((r) => [r.name, r.problems, r.pending])).toEqual([
      ['a', 0, undefined],
      ['b', 1, undefined],
      ['c', 0, undefined],
      ['d', 0, undefined],
    ]);
    service.close();
    writeAroundTheStore([
      ['b', 'NOT-IN-SCHEMA', 11, 16],
      ['c', 'ORG', 8, 13],
    ]);
    service = openService(file, { now: fakeClock() });
    const after = new Map(service.call('documents.page', { limit: 100 }).rows.map((r) => [r.name, r]));
    // The kept figures of b and c are not given as current: pending, 0 in their place.
    expect(['a', 'b', 'c', 'd'].map((n) => [n, after.get(n)!.pending, after.get(n)!.progress, after.get(n)!.problems])).toEqual([
      ['a', undefined, 0, 0],
      ['b', ['progress', 'problems'], 0, 0],
      ['c', ['progress', 'problems'], 0, 0],
      ['d', undefined, 0, 0],
    ]);
    const figures = new Map(service.call('documents.figures', { ids: [ids.b!, ids.c!] }).map((f) => [f.id, f]));
    expect(figures.get(ids.b!)!.problems).toBe(2);
    expect(figures.get(ids.b!)!.progress).toBeCloseTo(wordCoverage(service.store.getDocument(ids.b!)!.text, service.store.mentionSpans(ids.b!, 'dana')), 12);
    expect(figures.get(ids.b!)!.progress).toBeGreaterThan(before[1]!.progress);
    expect(figures.get(ids.c!)!.progress).toBeCloseTo(3 / 8, 12);
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
