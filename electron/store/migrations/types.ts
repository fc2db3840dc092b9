import type Database from 'better-sqlite3';

/** One numbered schema migration. Applied once, in its own transaction, in `version` order. */
export interface Migration {
  /** The `PRAGMA user_version` the database has after this migration. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}
