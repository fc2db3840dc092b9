import type { Migration } from './types';

/**
 * A revision per annotation set (one annotator's annotations, status, flags and note on one
 * document): a counter that every logged change, undo and redo of the set raises, and the time of
 * that change. The per-document exchange writes both into each file, and its import compares them
 * with the project's, so an older copy never replaces a newer set unnoticed.
 *
 * Sets that already exist start at 1 + the number of their change-log entries, changed at the
 * latest time found on their annotations, status or history; an exchange file written before this
 * migration has no revision (0), so it counts as older than any of them.
 */
export const migration008: Migration = {
  version: 8,
  name: 'set_revisions',
  up(db) {
    db.exec(`
      CREATE TABLE set_revisions (
        doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator  TEXT NOT NULL,
        revision   INTEGER NOT NULL CHECK (revision >= 1),
        changed_at TEXT NOT NULL,
        PRIMARY KEY (doc_id, annotator)
      ) WITHOUT ROWID;
      INSERT INTO set_revisions (doc_id, annotator, revision, changed_at)
        SELECT s.doc_id, s.annotator,
               1 + (SELECT count(*) FROM change_log c WHERE c.doc_id = s.doc_id AND c.annotator = s.annotator),
               max(s.at)
          FROM (
            SELECT doc_id, annotator, updated_at AS at FROM mentions
            UNION ALL SELECT doc_id, annotator, updated_at FROM events
            UNION ALL SELECT doc_id, annotator, updated_at FROM relations
            UNION ALL SELECT doc_id, annotator, updated_at FROM document_meta
            UNION ALL SELECT doc_id, annotator, at FROM change_log
          ) AS s
         GROUP BY s.doc_id, s.annotator;
    `);
  },
};
