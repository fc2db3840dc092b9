import type { Migration } from './types';

/**
 * Review and adjudication. The gold set is the reserved annotator `gold` (annotations keep their
 * `annotator` column); each gold mention, event and relation records where it came from in
 * `provenance_json` (NULL for everyone else's). `review_rejections` holds the disagreements a
 * reviewer rejected (resolved with nothing going into gold). The change log learns the target
 * 'rejection', so a rejection is undone like any other change: SQLite cannot alter a CHECK, so
 * the table is rebuilt with the same columns, rows, sequence and index.
 */
export const migration004: Migration = {
  version: 4,
  name: 'review',
  up(db) {
    // the AUTOINCREMENT high-water mark of the old table (above max(seq) when the redo stack was cleared)
    const old = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").get() as { seq: number } | undefined;
    db.exec(`
      ALTER TABLE mentions ADD COLUMN provenance_json TEXT;
      ALTER TABLE events ADD COLUMN provenance_json TEXT;
      ALTER TABLE relations ADD COLUMN provenance_json TEXT;

      CREATE TABLE review_rejections (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        key        TEXT NOT NULL,
        annotator  TEXT NOT NULL REFERENCES annotators(name),
        created_at TEXT NOT NULL,
        UNIQUE (doc_id, key)
      );

      CREATE TABLE change_log_004 (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator   TEXT NOT NULL REFERENCES annotators(name),
        kind        TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
        target_id   INTEGER NOT NULL,
        before_json TEXT,
        after_json  TEXT,
        undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        at          TEXT NOT NULL,
        target      TEXT NOT NULL DEFAULT 'mention'
          CHECK (target IN ('mention', 'event', 'relation', 'document', 'rejection')),
        grp         INTEGER
      );
      INSERT INTO change_log_004 (seq, doc_id, annotator, kind, target_id, before_json, after_json, undone, at, target, grp)
        SELECT seq, doc_id, annotator, kind, target_id, before_json, after_json, undone, at, target, grp FROM change_log ORDER BY seq;
      DROP TABLE change_log;
      ALTER TABLE change_log_004 RENAME TO change_log;
      CREATE INDEX change_log_stack ON change_log(doc_id, annotator, undone, seq);
    `);
    if (old !== undefined) {
      db.prepare("DELETE FROM sqlite_sequence WHERE name = 'change_log'").run();
      db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('change_log', ?)").run(old.seq);
    }
  },
};
