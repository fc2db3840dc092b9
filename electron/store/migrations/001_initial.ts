import type { Migration } from './types';

/** `PRAGMA application_id` of every Qalam project file: the ASCII bytes "QALM". */
export const QALAM_APPLICATION_ID = 0x51414c4d;

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE schema (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        version    INTEGER NOT NULL UNIQUE CHECK (version >= 1),
        json       TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE documents (
        id          TEXT PRIMARY KEY CHECK (length(id) = 16),
        seq         INTEGER NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        source_path TEXT,
        sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        text        TEXT NOT NULL,
        lang        TEXT NOT NULL CHECK (lang IN ('he', 'ar', 'other')),
        dir         TEXT NOT NULL CHECK (dir IN ('rtl', 'ltr')),
        length_cp   INTEGER NOT NULL CHECK (length_cp > 0),
        imported_at TEXT NOT NULL
      );

      CREATE TABLE annotators (
        name       TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );

      CREATE TABLE mentions (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type       TEXT NOT NULL,
        start_cp   INTEGER NOT NULL CHECK (start_cp >= 0),
        end_cp     INTEGER NOT NULL,
        annotator  TEXT NOT NULL REFERENCES annotators(name),
        origin     TEXT NOT NULL CHECK (origin IN ('manual', 'import', 'undo', 'gold')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start_cp < end_cp)
      );
      CREATE INDEX mentions_doc_annotator ON mentions(doc_id, annotator);
      CREATE UNIQUE INDEX mentions_unique_span ON mentions(doc_id, annotator, type, start_cp, end_cp);

      CREATE TABLE change_log (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator   TEXT NOT NULL REFERENCES annotators(name),
        kind        TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
        mention_id  INTEGER NOT NULL,
        before_json TEXT,
        after_json  TEXT,
        undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        at          TEXT NOT NULL
      );
    `);
    db.pragma(`application_id = ${QALAM_APPLICATION_ID}`);
  },
};
