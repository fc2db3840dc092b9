import type { Migration } from './types';

/**
 * The progress shown per document (share of its words that one annotator's mentions touch) is
 * costly to compute for a big corpus: the text must be tokenised. It is kept here with the digest
 * of the mention spans it was computed from, so a session's first document list reads it instead
 * of tokenising every document again. A cache only: rows may be missing or stale (their digest no
 * longer matches) and are then recomputed.
 */
export const migration005: Migration = {
  version: 5,
  name: 'document_progress',
  up(db) {
    db.exec(`
      CREATE TABLE document_progress (
        doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator TEXT NOT NULL,
        digest    TEXT NOT NULL,
        progress  REAL NOT NULL CHECK (progress >= 0 AND progress <= 1),
        PRIMARY KEY (doc_id, annotator)
      ) WITHOUT ROWID;
    `);
  },
};
