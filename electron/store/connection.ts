/**
 * One open project's SQLite connection: the statement cache every repository prepares through,
 * write transactions that wait for another process's lock saying so, read snapshots, and the
 * connection's diagnostics. The `Store` facade owns one and exposes `transaction`/`readSnapshot`.
 */
import type Database from 'better-sqlite3';
import { StoreError } from './errors';
import { userVersion } from './migrations';

export class Connection {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    private readonly busyTimeoutMs = 5000,
    private readonly onLockWait?: (message: string) => void,
  ) {}

  /**
   * Runs inside every outermost write transaction, after its work and before its COMMIT (the
   * service keeps the progress of the sets written there: documents.ts keepProgressInTransaction),
   * so that another connection never sees the transaction's data without its derived figures.
   * It runs in a savepoint: a throw undoes only its own writes, and the transaction commits.
   */
  beforeCommit: (() => void) | null = null;

  /** Rows changed by bookkeeping writes (see `bookkeeping`), left out of `changeCounter`. */
  private bookkept = 0;

  /**
   * Runs `fn`, a write of figures derived from the data (progress kept with each set, the list of
   * sets written), so that the project's change counter does not move: an answer kept by that
   * counter (review.agreement's) stays valid, as the data it was computed from did not change.
   */
  bookkeeping<T>(fn: () => T): T {
    const before = this.totalChanges();
    try {
      return fn();
    } finally {
      this.bookkept += this.totalChanges() - before;
    }
  }

  /**
   * Moves with every change of the project's data: this connection's writes (not its
   * bookkeeping) and other connections' commits.
   */
  changeCounter(): string {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    return `${this.totalChanges() - this.bookkept}.${version}`;
  }

  private totalChanges(): number {
    return (this.st('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  /** A prepared statement, cached by its SQL. */
  st(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /**
   * Runs `fn` in one write transaction (nested calls become savepoints). Throws roll everything
   * back. When another process holds the write lock it waits (telling `onLockWait` once), up to
   * the busy timeout, then fails naming the project ('conflict').
   */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    this.beginImmediate();
    try {
      // fn runs in the BEGIN itself, not in a savepoint of its own: under an open savepoint every
      // nested one (each store write opens some) costs SQLite time that grows with the pages the
      // transaction has written, so a 10,000-mention import was quadratic (5–6 s of CPU, 0.8 s now).
      const out = fn();
      if (typeof (out as { then?: unknown } | null)?.then === 'function') throw new StoreError('internal', 'a store transaction cannot be asynchronous');
      if (this.beforeCommit !== null) {
        try {
          this.db.transaction(this.beforeCommit)();
        } catch {
          // Only derived figures (a savepoint, rolled back): the transaction's data commits without them.
        }
      }
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  /** BEGIN IMMEDIATE: a short try, then (saying so) the rest of the busy timeout. */
  private beginImmediate(): void {
    const total = this.busyTimeoutMs;
    const first = Math.min(200, total);
    const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((e as { code?: unknown } | null)?.code ?? ''));
    try {
      this.db.pragma(`busy_timeout = ${first}`);
      try {
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if (!isBusy(e)) throw e;
      }
      this.onLockWait?.(`waiting for ${this.path}: it is held by another Qalam (the app, or another command) writing to it…`);
      this.db.pragma(`busy_timeout = ${Math.max(0, total - first)}`);
      try {
        this.db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        if (!isBusy(e)) throw e;
        throw new StoreError(
          'conflict',
          `${this.path} is held by another Qalam (the app, or another command) that is writing to it; gave up after ${Math.round(total / 100) / 10} s: try again when it is done`,
          { file: this.path },
        );
      }
    } finally {
      this.db.pragma(`busy_timeout = ${total}`);
    }
  }

  /**
   * Runs `fn` on one snapshot of the project: a deferred (read) transaction that reads at once, so
   * SQLite (WAL) keeps every read of `fn` at that moment however other processes write meanwhile.
   * Takes no write lock. Inside a transaction already: just runs `fn`.
   */
  readSnapshot<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.exec('BEGIN DEFERRED');
    try {
      this.st('SELECT count(*) AS n FROM sqlite_master').get();
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The connection's safety settings, as SQLite reports them (diagnostics and tests). */
  settings(): { journalMode: string; foreignKeys: boolean; synchronous: 'off' | 'normal' | 'full' | 'extra'; busyTimeoutMs: number; tempStore: 'default' | 'file' | 'memory' } {
    const sync = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      tempStore: (['default', 'file', 'memory'] as const)[this.db.pragma('temp_store', { simple: true }) as number] ?? 'default',
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      foreignKeys: this.db.pragma('foreign_keys', { simple: true }) === 1,
      synchronous: (['off', 'normal', 'full', 'extra'] as const)[sync] ?? 'full',
      busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
    };
  }

  /** `PRAGMA integrity_check`: `['ok']` for a sound file, else SQLite's list of problems. */
  integrityCheck(): string[] {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  /** `PRAGMA user_version`: the schema version of the file. */
  schemaVersion(): number {
    return userVersion(this.db);
  }
}
