import type { Migration } from './types';

/**
 * Indexes for the two hot look-ups that 001 left to table scans: the undo/redo stack of one
 * (document, annotator) and "how many mentions use type X" (schema replacement).
 */
export const migration002: Migration = {
  version: 2,
  name: 'history_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX change_log_stack ON change_log(doc_id, annotator, undone, seq);
      CREATE INDEX mentions_type ON mentions(type);
    `);
  },
};
