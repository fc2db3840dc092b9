import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, QALAM_APPLICATION_ID, StoreError, openProject } from '../../electron/store';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

function thrown(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    return e as StoreError;
  }
  throw new Error('expected an error');
}

describe('openProject', () => {
  it('creates a new project in WAL mode with foreign keys on, synchronous NORMAL and a busy timeout', () => {
    const file = join(tempDir(), 'new.qalam');
    const store = openProject(file, { create: true });
    expect(store.path).toBe(file);
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    store.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal'); // persistent in the file
    expect(raw.pragma('application_id', { simple: true })).toBe(QALAM_APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    raw.close();
  });

  it('turns on the per-connection settings on every open', () => {
    const file = join(tempDir(), 'p.qalam');
    openProject(file, { create: true }).close();
    const store = openProject(file, { busyTimeoutMs: 1234 });
    expect(store.connectionSettings()).toEqual({ journalMode: 'wal', foreignKeys: true, synchronous: 'normal', busyTimeoutMs: 1234, tempStore: 'memory' });
    // And foreign keys really are enforced on this connection:
    expect(() =>
      store.insertMention({
        docId: 'nope000000000000',
        type: 'PER',
        start: 0,
        end: 1,
        annotator: 'nobody',
        origin: 'manual',
        createdAt: 'x',
        updatedAt: 'x',
      }),
    ).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    const file = join(tempDir(), 'missing.qalam');
    const e = thrown(() => openProject(file));
    expect(e.code).toBe('not-found');
    expect(e.message).toContain(file);
    expect(e.file).toBe(file);
  });

  it('refuses a file written by a newer Qalam, with the versions in the message, and leaves it alone', () => {
    const file = join(tempDir(), 'future.qalam');
    openProject(file, { create: true }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const e = thrown(() => openProject(file));
    expect(e.code).toBe('newer-version');
    expect(e.message).toBe(
      `${file} was written by a newer version of Qalam (schema ${LATEST_SCHEMA_VERSION + 5}; this version knows up to ${LATEST_SCHEMA_VERSION})`,
    );
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5);
    after.close();
  });

  it('refuses an SQLite database of another application and does not modify it', () => {
    const file = join(tempDir(), 'other.db');
    const raw = new Database(file);
    raw.exec("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('hello')");
    raw.close();
    const bytes = readFileSync(file);
    const e = thrown(() => openProject(file));
    expect(e.code).toBe('invalid-argument');
    expect(e.message).toBe(`${file} is not a Qalam project (an SQLite database of another application)`);
    expect(readFileSync(file).equals(bytes)).toBe(true); // not switched to WAL, not migrated
    expect(() => openProject(file, { create: true })).toThrow(/not a Qalam project/);
  });

  it('refuses a file that is not an SQLite database at all and does not modify it', () => {
    const file = join(tempDir(), 'notes.qalam');
    const content = 'This is a plain text file, not a database.\n'.repeat(200);
    writeFileSync(file, content);
    const e = thrown(() => openProject(file));
    expect(e.code).toBe('invalid-argument');
    expect(e.message).toBe(`${file} is not a Qalam project (not an SQLite database)`);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses an empty file when opening, but initialises it when creating', () => {
    const file = join(tempDir(), 'empty.qalam');
    writeFileSync(file, '');
    expect(thrown(() => openProject(file)).message).toContain('not a Qalam project (an empty file)');
    const store = openProject(file, { create: true });
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    store.close();
  });

  it('refuses a folder', () => {
    const dir = tempDir();
    const e = thrown(() => openProject(dir, { create: true }));
    expect(e.code).toBe('invalid-argument');
    expect(e.message).toContain('is a folder');
  });
});
