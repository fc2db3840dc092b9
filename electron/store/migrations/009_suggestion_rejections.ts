import type { Migration } from './types';

/**
 * Suggestions an annotator rejected (suggestions.reject): the same span with the same type is
 * not suggested to them again in that document, by any recommender. One row per (document,
 * annotator, span, type); `source` and `score` say what had suggested it.
 */
export const migration009: Migration = {
  version: 9,
  name: 'suggestion_rejections',
  up(db) {
    db.exec(`
      CREATE TABLE suggestion_rejections (
        doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator  TEXT NOT NULL,
        start_cp   INTEGER NOT NULL CHECK (start_cp >= 0),
        end_cp     INTEGER NOT NULL CHECK (end_cp > start_cp),
        type       TEXT NOT NULL,
        source     TEXT NOT NULL,
        score      REAL NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (doc_id, annotator, start_cp, end_cp, type)
      ) WITHOUT ROWID;
    `);
  },
};
