import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { wordCoverage } from '../../annotations/tokenize';
import { initProject, openService, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

/**
 * Progress figures kept in `set_counts` (migration 014): after every kind of write, every set with
 * mentions has a figure of its current stamp, equal to a fresh computation, without a sort or a
 * list having asked for it (so a sort by progress has nothing left to compute).
 */
const FILES = {
  'in/1/a.txt': 'אחת שתיים שלוש ארבע חמש שש',
  'in/2/b.txt': 'واحد اثنان ثلاثة أربعة خمسة',
  'in/3/c.txt': 'one two three four five six seven eight',
};

let dir: string;
let file: string;
let service: QalamService;
const ids: Record<string, string> = {};

beforeEach(() => {
  dir = tempDir('qalam-progress-');
  file = join(dir, 'p.qalam');
  writeFiles(dir, FILES);
  service = initProject(file, { name: 'Progress', now: fakeClock() });
  for (const d of service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported) ids[d.name] = d.id;
  service.call('session.setAnnotator', { name: 'dana' });
  return () => {
    if (service.store.isOpen) service.close();
  };
});

/** Every set with mentions: [doc, annotator, kept figure or null when missing or stale, fresh figure]. */
function figures(db = service.store): { set: string; kept: number | null; fresh: number }[] {
  const out: { set: string; kept: number | null; fresh: number }[] = [];
  for (const annotator of ['dana', 'omar', 'imp', 'dana2']) {
    const counts = db.overview.counts(annotator);
    const stored = db.storedProgress(annotator);
    for (const [docId, c] of counts) {
      if (c.mentions === 0) continue;
      const s = stored.get(docId);
      const fresh = wordCoverage(db.getDocument(docId)!.text, db.mentionSpans(docId, annotator));
      out.push({ set: `${docId}/${annotator}`, kept: s !== undefined && s.stamp === c.stamp ? s.progress : null, fresh });
    }
  }
  return out;
}

function expectAllKept(): void {
  const f = figures();
  expect(f.length).toBeGreaterThan(0);
  for (const x of f) {
    expect(x.kept, x.set).not.toBeNull();
    expect(x.kept!, x.set).toBeCloseTo(x.fresh, 12);
  }
  expect(service.store.overview.staleProgressSets(10)).toEqual([]);
}

describe('progress kept after every kind of write', () => {
  it('a label, a deletion that empties a set, undo and redo', () => {
    service.call('mentions.create', { docId: ids.a!, type: 'PER', start: 0, end: 3 });
    expectAllKept();
    const m = service.call('mentions.create', { docId: ids.a!, type: 'LOC', start: 4, end: 9 });
    service.call('mentions.create', { docId: ids.c!, type: 'ORG', start: 0, end: 7 });
    expectAllKept();
    service.call('history.undo', { docId: ids.a! });
    expectAllKept();
    service.call('history.redo', { docId: ids.a! });
    expectAllKept();
    service.call('mentions.delete', { id: m.mention.id });
    const first = service.call('mentions.list', { docId: ids.a! })[0]!;
    service.call('mentions.delete', { id: first.id });
    // dana's set on a is empty now: no figure is needed (the list shows 0).
    expect(service.store.overview.counts('dana').get(ids.a!)?.mentions ?? 0).toBe(0);
    expectAllKept();
    expect(service.call('documents.list', {}).find((d) => d.id === ids.a)!.progress).toBe(0);
    service.call('history.undo', { docId: ids.a! });
    expectAllKept();
  });

  it('an import of another annotator’s sets, and a sort by progress reads them as they are', () => {
    service.call('mentions.create', { docId: ids.a!, type: 'PER', start: 0, end: 3 });
    service.call('mentions.create', { docId: ids.b!, type: 'LOC', start: 0, end: 4 });
    service.call('mentions.create', { docId: ids.c!, type: 'ORG', start: 4, end: 13 });
    const out = join(dir, 'dana.jsonl');
    service.call('export.run', { format: 'jsonl', out, annotator: 'dana' });
    service.call('import.run', { format: 'jsonl', paths: [out], annotator: 'imp' });
    expect(figures().filter((f) => f.set.endsWith('/imp'))).toHaveLength(3);
    expectAllKept();
    service.call('session.setAnnotator', { name: 'imp' });
    const rows = service.call('documents.page', { sort: { key: 'progress', desc: true } }).rows;
    const fresh = new Map(figures().filter((f) => f.set.endsWith('/imp')).map((f) => [f.set.split('/')[0]!, f.fresh]));
    expect(rows.map((r) => r.progress)).toEqual(rows.map((r) => fresh.get(r.id) ?? 0));
    expect(rows.map((r) => r.progress)).toEqual([...rows.map((r) => r.progress)].sort((x, y) => y - x));
  });

  it('another process’s write: computed by a sort, or in the background once the app has opened the project', async () => {
    service.call('mentions.create', { docId: ids.a!, type: 'PER', start: 0, end: 3 });
    expectAllKept();
    const outside = (type: string) => {
      const db = new Database(file);
      db.prepare("INSERT OR IGNORE INTO annotators (name, created_at) VALUES ('omar', 'x')").run();
      const insert = db.prepare("INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note) VALUES (?, ?, ?, ?, ?, 'import', 'x', 'x', '{}', '')");
      insert.run(ids.a, type, 4, 9, 'dana');
      insert.run(ids.b, type, 0, 4, 'omar');
      insert.run(ids.c, type, 0, 7, 'omar');
      db.close();
    };
    outside('LOC');
    // Not this process's write: nothing was computed for it yet.
    expect(figures().filter((f) => f.kept === null).map((f) => f.set).sort()).toEqual([`${ids.a}/dana`, `${ids.b}/omar`, `${ids.c}/omar`].sort());
    // A sort by progress computes the current annotator's.
    const rows = service.call('documents.page', { sort: { key: 'progress', desc: true } }).rows;
    expect(rows[0]!.id).toBe(ids.a);
    expect(rows[0]!.progress).toBeCloseTo(2 / 6, 12);
    expect(figures().filter((f) => f.kept === null).map((f) => f.set).sort()).toEqual([`${ids.b}/omar`, `${ids.c}/omar`].sort());
    // The app (warmed): every annotator's, in the background, and again after the next outside write.
    await service.warm();
    await until(() => service.store.overview.staleProgressSets(10).length === 0);
    expectAllKept();
    outside('ORG');
    service.call('documents.list', {});
    await until(() => service.store.overview.staleProgressSets(10).length === 0);
    expectAllKept();
    // Kept in the file: the next session reads them.
    service.close();
    service = openService(file, { now: fakeClock() });
    expectAllKept();
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

describe('another connection’s writes through the store (the CLI’s import into an open project)', () => {
  /** Sets written in this project's file whose kept figure is missing or older than the set. */
  const staleIn = (db: Database.Database): number =>
    (db.prepare('SELECT count(*) AS n FROM set_counts WHERE mentions > 0 AND progress_stamp IS NOT stamp').get() as { n: number }).n;

  it('every commit carries its sets’ figures: the open app finds them current and recomputes only what was written around the store', () => {
    service.call('mentions.create', { docId: ids.a!, type: 'PER', start: 0, end: 3 });
    service.call('mentions.create', { docId: ids.b!, type: 'LOC', start: 0, end: 4 });
    service.call('mentions.create', { docId: ids.c!, type: 'ORG', start: 4, end: 13 });
    const out = join(dir, 'dana.jsonl');
    service.call('export.run', { format: 'jsonl', out, annotator: 'dana' });
    expectAllKept();

    // The CLI's path (cli.ts: openService, then import.run) on a connection of its own, the app's
    // still open: at each of its COMMITs, its own view of the file has nothing out of date.
    const cli = openService(file, { now: fakeClock() });
    const db = (cli.store as unknown as { conn: { db: Database.Database } }).conn.db;
    const exec = db.exec.bind(db);
    const staleAtCommit: number[] = [];
    db.exec = (sql: string) => {
      if (sql === 'COMMIT') staleAtCommit.push(staleIn(db));
      return exec(sql);
    };
    cli.call('import.run', { format: 'jsonl', paths: [out], annotator: 'imp' });
    cli.call('import.run', { format: 'jsonl', paths: [out], annotator: 'dana2' });
    cli.close();
    expect(staleAtCommit.length).toBeGreaterThan(0);
    expect(staleAtCommit).toEqual(staleAtCommit.map(() => 0));

    // The app: every kept figure equals a fresh computation, and its sorts compute none.
    const before = service.progressComputed().sets;
    expect(figures().filter((f) => f.set.endsWith('/imp'))).toHaveLength(3);
    expectAllKept();
    for (const who of ['imp', 'dana2', 'dana']) {
      service.call('session.setAnnotator', { name: who });
      service.call('documents.page', { sort: { key: 'progress', desc: true } });
      service.call('documents.list', {});
    }
    expect(service.progressComputed().sets).toBe(before);

    // Written around the store (plain SQL from another program): exactly those two sets computed.
    const raw = new Database(file);
    const insert = raw.prepare("INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note) VALUES (?, 'LOC', ?, ?, ?, 'import', 'x', 'x', '{}', '')");
    insert.run(ids.a, 4, 9, 'imp');
    insert.run(ids.b, 5, 11, 'imp');
    raw.close();
    service.call('session.setAnnotator', { name: 'imp' });
    service.call('documents.page', { sort: { key: 'progress', desc: true } });
    expect(service.progressComputed().sets).toBe(before + 2);
    expectAllKept();
  });
});
