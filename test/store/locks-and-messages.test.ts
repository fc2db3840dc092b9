/**
 * Issue 10, items 10 and 11: readers never need the write lock, a writer waits saying so and then
 * fails naming the project; every error a user sees is a sentence naming the file (and line).
 */
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, statSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { initProject } from '../../electron/service';
import { openProject, StoreError } from '../../electron/store';
import { removeTempDirs, tempDir, writeFiles } from './helpers';

afterAll(removeTempDirs);

let dir: string;
let project: string;

function qalam(...args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { status, stdout, stderr };
}

beforeEach(() => {
  dir = tempDir('qalam-locks-');
  project = join(dir, 'p.qalam');
  writeFiles(dir, { 'in/a.txt': 'שלום עולם\n' });
  const s = initProject(project);
  try {
    s.call('documents.importPaths', { paths: [join(dir, 'in')] });
  } finally {
    s.close();
  }
});

/** Another process's writer: holds the write lock until released. */
function holdWriteLock(): () => void {
  const db = new Database(project);
  db.pragma('busy_timeout = 0');
  db.exec('BEGIN IMMEDIATE');
  db.prepare("UPDATE settings SET value = value WHERE key = 'project_name'").run();
  return () => {
    db.exec('ROLLBACK');
    db.close();
  };
}

describe('item 11: readers do not need the write lock', () => {
  it('list, stats and export work while another process writes', () => {
    const release = holdWriteLock();
    try {
      for (const args of [['list', project], ['stats', project], ['export', project, '--out', join(dir, 'out.jsonl')]]) {
        const r = qalam(...args);
        expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
        expect(r.stderr).toBe('');
      }
    } finally {
      release();
    }
  });

  it('a writer waits, saying so, then fails naming the project', () => {
    const release = holdWriteLock();
    try {
      const waits: string[] = [];
      const store = openProject(project, { busyTimeoutMs: 300, onLockWait: (m) => waits.push(m) });
      try {
        let err: unknown;
        try {
          store.setSetting('current_annotator', 'dana');
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe('conflict');
        expect((err as StoreError).message).toContain(`${project} is held by another Qalam`);
        expect(waits).toEqual([`waiting for ${project}: it is held by another Qalam (the app, or another command) writing to it…`]);
        expect(store.getSetting('current_annotator')).toBeNull();
      } finally {
        store.close();
      }
      // the CLI says it on standard error, then fails with one sentence naming the project
      writeFiles(dir, { 'more/b.txt': 'مرحبا\n' });
      const r = qalam('import', project, join(dir, 'more'));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`qalam: waiting for ${project}`);
      expect(r.stderr).toContain(`qalam: error: ${project} is held by another Qalam`);
    } finally {
      release();
    }
    expect(qalam('import', project, join(dir, 'more')).status).toBe(0);
  });
});

describe('item 10: messages a user sees name the file (and line)', () => {
  it('an empty text in jsonl: the file and line, not a CHECK constraint', () => {
    writeFiles(dir, {
      'e.jsonl': '{"id":"d1","name":"ok","text":"שלום","annotator":"a","entities":[],"relations":[],"events":[]}\n\n{"id":"d2","name":"d2","text":"","annotator":"a","entities":[],"relations":[],"events":[]}\n',
    });
    const r = qalam('import', project, join(dir, 'e.jsonl'), '--format', 'jsonl');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`qalam: error: ${join(dir, 'e.jsonl')}:3: document "d2" has an empty text; a document needs at least one character\n`);
  });

  it('a relation from a mention to itself (or to its duplicate): the file and line, not arg1 <> arg2', () => {
    const ent = (id: string) => ({ id, type: 'PER', start: 0, end: 4, text: 'שלום' });
    const rec = (rels: [string, string][], ents: string[]) =>
      JSON.stringify({ id: 'd', name: 'd', text: 'שלום עולם', annotator: 'a', entities: ents.map(ent), events: [], relations: rels.map(([a, b], i) => ({ id: `R${i + 1}`, type: 'PART-WHOLE', arg1: a, arg2: b })) });
    writeFiles(dir, { 'self.jsonl': `${rec([['T1', 'T1']], ['T1'])}\n`, 'dup.jsonl': `${rec([['T1', 'T2']], ['T1', 'T2'])}\n` });
    const self = qalam('import', project, join(dir, 'self.jsonl'), '--format', 'jsonl');
    expect(self.stderr).toContain(`${join(dir, 'self.jsonl')}:1: relation R1 (PART-WHOLE) goes from T1 to itself`);
    const dup = qalam('import', project, join(dir, 'dup.jsonl'), '--format', 'jsonl');
    expect(dup.stderr).toContain(`${join(dir, 'dup.jsonl')}:1: relation R1 (PART-WHOLE) goes between T1 and T2, which are the same mention`);
    expect(qalam('list', project).stdout.trim().split('\n')).toHaveLength(2);
  });

  it('a schema extension refused: the file (and line) that brought the name', () => {
    writeFiles(dir, { 'bad.jsonl': `{"id":"x","name":"x","text":"שלום","annotator":"a","entities":[{"id":"T1","type":"FOO BAR!","start":0,"end":4,"text":"שלום"}],"relations":[],"events":[]}\n` });
    const r = qalam('import', project, join(dir, 'bad.jsonl'), '--format', 'jsonl');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`qalam: error: ${join(dir, 'bad.jsonl')}:1: the imported types do not fit the schema: entity type "FOO BAR!"`);
  });

  it('a damaged project file: named, not "database disk image is malformed" alone', () => {
    const copy = join(dir, 'damaged.qalam');
    const s = initProject(copy);
    s.call('documents.importPaths', { paths: [join(dir, 'in')] });
    s.close();
    // every page after the header page overwritten
    const size = statSync(copy).size;
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xff), 0, size - 4096, 4096);
    closeSync(fd);
    const r = qalam('list', copy);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^qalam: error: ${copy.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged`));
  });

  it('a loop of symbolic links in an imported folder: the path and what is wrong, not ELOOP', () => {
    mkdirSync(join(dir, 'loop'));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop', 'self'));
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    for (const p of [join(dir, 'loop'), join(dir, 'a')]) {
      const r = qalam('import', project, p);
      expect(r.status).toBe(1);
      expect(r.stderr).not.toMatch(/ELOOP|ENOENT/);
      expect(r.stderr).toContain(dir);
    }
  });
});
