import type { Migration } from './types';

/**
 * Each set's progress (the share of its document's words its mentions touch) kept in its own
 * `set_counts` row, so that sorting the document list by progress and the dashboard read it with
 * no join and find the sets whose figure is out of date through an index:
 *
 * - `progress`: the figure, and `progress_stamp`: the set's `stamp` (010) when it was computed.
 *   It is current while `progress_stamp = stamp`; every write to the set raises `stamp` (010's
 *   triggers), so a figure can never be taken for current after a write, whoever wrote.
 * - `set_counts_progress_stale`: a partial index of exactly the sets with mentions whose figure is
 *   missing or older than the set. The service computes those after each of its writes and, after
 *   another process's writes, in the background, so a sort rarely has any left to compute.
 * - The current figures of `document_progress` (005; digest 'words-1|s' followed by the stamp) are
 *   carried over and that table dropped. When the way progress is computed changes, a migration
 *   sets `progress_stamp` to NULL, and every figure is computed again.
 */
export const migration014: Migration = {
  version: 14,
  name: 'set_progress',
  up(db) {
    db.exec(`
      ALTER TABLE set_counts ADD COLUMN progress REAL CHECK (progress IS NULL OR (progress >= 0 AND progress <= 1));
      ALTER TABLE set_counts ADD COLUMN progress_stamp INTEGER;
      UPDATE set_counts SET progress = p.progress, progress_stamp = set_counts.stamp
        FROM document_progress p
       WHERE p.doc_id = set_counts.doc_id AND p.annotator = set_counts.annotator AND p.digest = 'words-1|s' || set_counts.stamp;
      DROP TABLE document_progress;
      CREATE INDEX set_counts_progress_stale ON set_counts(annotator, doc_id) WHERE mentions > 0 AND progress_stamp IS NOT stamp;
    `);
  },
};
