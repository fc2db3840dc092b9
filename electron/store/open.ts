/** Opening a project file: refusing what is not one, the connection's pragmas (WAL, foreign keys), and the migrations. */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreError } from './errors';
import { LATEST_SCHEMA_VERSION, QALAM_APPLICATION_ID, migrate, userVersion } from './migrations';
import { Store } from './store';
import type { OpenOptions } from './types';

function isNotADatabase(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens (and with `create`, creates) a Qalam project file: one SQLite database in WAL mode with
 * foreign keys on, migrated to the latest schema. Refuses non-SQLite files, SQLite files of other
 * applications and files written by a newer Qalam.
 */
/**
 * Loads better-sqlite3's native binding now (it is loaded at the first connection otherwise). A
 * worker thread calls it as it starts: terminated while the binding registers, the process dies
 * (node-addon-api's fatal error), so the main side terminates a worker only once it says it is
 * ready (workerThread.ts).
 */
export function loadStoreBinding(): void {
  new Database(':memory:').close();
}

/**
 * The project file made whole after its last connections closed: when connections close at the
 * same moment (the window's and its worker threads'), each may find another still open and leave
 * the write-ahead log to it, so the last writes stay in `-wal` beside the file. Opening and closing
 * once more, alone, checkpoints the log into the file and removes `-wal` and `-shm`, as SQLite does
 * for the last connection. Nothing to do without a `-wal`; a failure is left to the next open,
 * which replays the log (nothing is lost either way).
 */
export function settleProjectFile(path: string): void {
  const file = resolve(path);
  if (!existsSync(`${file}-wal`) || !existsSync(file)) return;
  try {
    const db = new Database(file, { fileMustExist: true, timeout: 1000 });
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  } catch {
    // another program holds the file: its last close does the same
  }
}

export function openProject(path: string, options: OpenOptions = {}): Store {
  const file = resolve(path);
  const create = options.create ?? false;
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) {
      throw new StoreError('invalid-argument', `${file} is a folder, not a Qalam project file`, { file });
    }
  } else if (!create) {
    throw new StoreError('not-found', `${file}: no such project file`, { file });
  }

  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: !create, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (e) {
    throw new StoreError('internal', `cannot open ${file}: ${describe(e)}`, { file });
  }

  try {
    let appId: number;
    let version: number;
    let objects: number;
    try {
      // Reading the header is the first real I/O: a non-SQLite file fails here.
      appId = db.pragma('application_id', { simple: true }) as number;
      version = userVersion(db);
      objects = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === 'SQLITE_CORRUPT') {
        throw new StoreError('internal', `${file} is damaged (SQLite: ${describe(e)}); open a backup copy, or ask for help recovering it`, { file });
      }
      if (isNotADatabase(e)) {
        throw new StoreError('invalid-argument', `${file} is not a Qalam project (not an SQLite database)`, { file });
      }
      throw e;
    }
    const empty = appId === 0 && version === 0 && objects === 0;
    if (empty && !create) {
      throw new StoreError('invalid-argument', `${file} is not a Qalam project (an empty file)`, { file });
    }
    if (!empty && appId !== QALAM_APPLICATION_ID) {
      throw new StoreError('invalid-argument', `${file} is not a Qalam project (an SQLite database of another application)`, { file });
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StoreError(
        'newer-version',
        `${file} was written by a newer version of Qalam (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION})`,
        { file },
      );
    }
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (mode.toLowerCase() !== 'wal') {
      throw new StoreError('internal', `${file}: cannot switch to WAL journal mode (got ${mode})`, { file });
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Statement journals (every write that fires migration 010's counting triggers opens one) and
    // temporary sort trees in memory, not in temporary files: a mention's insert costs 2.5× less.
    db.pragma('temp_store = MEMORY');
    migrate(db);
    // The sets this connection writes (its own writes only: a temporary trigger fires for this
    // connection alone), so the service can bring their progress figures up to date after each of
    // its calls (migration 014); cleared by the service. (Not INSERT OR IGNORE: in a trigger the
    // conflict clause of the statement that fired it wins.)
    db.exec(`
      CREATE TEMP TABLE written_sets (doc_id TEXT NOT NULL, annotator TEXT NOT NULL, PRIMARY KEY (doc_id, annotator)) WITHOUT ROWID;
      CREATE TEMP TRIGGER written_sets_insert AFTER INSERT ON main.set_counts BEGIN
        INSERT INTO written_sets SELECT new.doc_id, new.annotator WHERE NOT EXISTS (SELECT 1 FROM written_sets WHERE doc_id = new.doc_id AND annotator = new.annotator);
      END;
      CREATE TEMP TRIGGER written_sets_update AFTER UPDATE OF stamp ON main.set_counts BEGIN
        INSERT INTO written_sets SELECT new.doc_id, new.annotator WHERE NOT EXISTS (SELECT 1 FROM written_sets WHERE doc_id = new.doc_id AND annotator = new.annotator);
      END;
    `);
    return new Store(db, file, options.busyTimeoutMs ?? 5000, options.onLockWait);
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    throw new StoreError('internal', `cannot open ${file}: ${describe(e)}`, { file });
  }
}
