/**
 * settleProjectFile: a project left as its file plus a -wal holding the last writes (what
 * connections closing at the same moment can leave) becomes one file with those writes in it.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject, settleProjectFile } from '../../electron/store';
import { removeTempDirs, tempDir } from './helpers';

afterEach(() => removeTempDirs());

describe('settleProjectFile', () => {
  it('checkpoints a -wal left beside the file into it and removes it; the writes are in the file alone', () => {
    const dir = tempDir();
    const file = join(dir, 'p.qalam');
    const store = openProject(file, { create: true });
    const db = new Database(file);
    db.pragma('wal_autocheckpoint = 0');
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept in the log')");
    // the file and its log copied while the writes are only in the log: the state a close left
    const left = tempDir();
    const copy = join(left, 'p.qalam');
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);
    db.close();
    store.close();
    expect(readdirSync(left).sort()).toEqual(['p.qalam', 'p.qalam-wal']);

    settleProjectFile(copy);

    expect(readdirSync(left)).toEqual(['p.qalam']);
    // the file alone (moved elsewhere without its log) has the writes
    const alone = join(tempDir(), 'moved.qalam');
    copyFileSync(copy, alone);
    const check = new Database(alone, { readonly: true });
    expect(check.prepare('SELECT x FROM t').pluck().all()).toEqual(['kept in the log']);
    check.close();
  });

  it('does nothing without a -wal, nor for a file that is not there', () => {
    const dir = tempDir();
    const file = join(dir, 'p.qalam');
    openProject(file, { create: true }).close();
    settleProjectFile(file);
    expect(readdirSync(dir)).toEqual(['p.qalam']);
    settleProjectFile(join(dir, 'none.qalam'));
    expect(existsSync(join(dir, 'none.qalam'))).toBe(false);
  });
});
