import type { Migration } from './types';

/**
 * The tagger's trained model kept with the project (issue 13 item 2): one row per annotator, the
 * model (zlib-deflated JSON, written by the tagger's thread, electron/service/suggestModels.ts)
 * with what it was trained on: the signature of the annotator's annotations it learned from
 * (electron/service/suggestSignature.ts: spans, set revisions, schema version), the training's seed
 * and bound on words, its held-out figures and counts (`info`, JSON), and the format of the row.
 * A project opened again loads it instead of training when the signature is still the current one.
 */
export const migration016: Migration = {
  version: 16,
  name: 'suggest_models',
  up(db) {
    db.exec(`
      CREATE TABLE suggest_models (
        annotator  TEXT PRIMARY KEY,
        format     INTEGER NOT NULL,
        signature  TEXT NOT NULL,
        seed       INTEGER NOT NULL,
        max_words  INTEGER NOT NULL,
        info       TEXT NOT NULL,
        model      BLOB NOT NULL,
        trained_at TEXT NOT NULL
      );
    `);
  },
};
