import type { Migration } from './types';

/**
 * The document list sorted by progress without sorting the corpus (issue 15: 100,000 documents).
 * Until now the sort read every document's `set_counts` row and sorted them all in a temporary
 * b-tree for each page (0.3–0.6 s at 100,000 documents). `set_counts_progress_order` indexes, per
 * annotator, exactly the sets whose figure is current and above 0, by that figure: the page walks
 * it in order (ties, sets with the same figure, sorted by the documents' order as before; it holds
 * every column the sort tests, so neither the walk nor counting it reads the table) and the
 * documents at 0 (no set, no mentions, a figure not computed yet or out of date, or 0) are the rest,
 * in the documents' order (store/overview.ts, `progressPage`; EXPLAIN QUERY PLAN in
 * test/store/listPlans.test.ts).
 */
export const migration015: Migration = {
  version: 15,
  name: 'progress_order',
  up(db) {
    db.exec(`
      CREATE INDEX set_counts_progress_order ON set_counts(annotator, progress, mentions, stamp, progress_stamp)
        WHERE mentions > 0 AND progress_stamp = stamp AND progress > 0;
    `);
  },
};
