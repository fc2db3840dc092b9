import type { Migration } from './types';

/**
 * What real brat corpora hold beyond entity-only arguments (issue 11): an event argument or a
 * relation end may be another event; a mention or trigger may be discontinuous (its pieces in
 * `fragments_json`, NULL when it is one span; `start_cp`/`end_cp` stay the covering span); a
 * mention may carry normalisations (`normalizations_json`, links to external resources).
 *
 * Additive: every row and column is kept. SQLite cannot relax a NOT NULL, so `event_arguments`
 * and `relations` are rebuilt with the same columns, rows, AUTOINCREMENT high-water mark and
 * indexes, where the mention column may be NULL when the new event column is set (exactly one of
 * the two).
 */
export const migration007: Migration = {
  version: 7,
  name: 'event_links_fragments',
  up(db) {
    const old = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'relations'").get() as { seq: number } | undefined;
    db.exec(`
      ALTER TABLE mentions ADD COLUMN fragments_json TEXT;
      ALTER TABLE mentions ADD COLUMN normalizations_json TEXT;
      ALTER TABLE events ADD COLUMN trigger_fragments_json TEXT;

      CREATE TABLE event_arguments_006 (
        event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        position       INTEGER NOT NULL CHECK (position >= 0),
        role           TEXT NOT NULL,
        mention_id     INTEGER REFERENCES mentions(id),
        arg_event_id   INTEGER REFERENCES events(id),
        PRIMARY KEY (event_id, position),
        UNIQUE (event_id, role, mention_id),
        UNIQUE (event_id, role, arg_event_id),
        CHECK ((mention_id IS NULL) <> (arg_event_id IS NULL)),
        CHECK (arg_event_id IS NULL OR arg_event_id <> event_id)
      );
      INSERT INTO event_arguments_006 (event_id, position, role, mention_id)
        SELECT event_id, position, role, mention_id FROM event_arguments ORDER BY event_id, position;
      DROP TABLE event_arguments;
      ALTER TABLE event_arguments_006 RENAME TO event_arguments;
      CREATE INDEX event_arguments_mention ON event_arguments(mention_id);
      CREATE INDEX event_arguments_event ON event_arguments(arg_event_id);

      CREATE TABLE relations_006 (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type            TEXT NOT NULL,
        arg1            INTEGER REFERENCES mentions(id),
        arg2            INTEGER REFERENCES mentions(id),
        annotator       TEXT NOT NULL REFERENCES annotators(name),
        origin          TEXT NOT NULL CHECK (origin IN ('manual', 'import', 'undo', 'gold')),
        attributes_json TEXT NOT NULL DEFAULT '{}',
        note            TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        provenance_json TEXT,
        arg1_event      INTEGER REFERENCES events(id),
        arg2_event      INTEGER REFERENCES events(id),
        CHECK ((arg1 IS NULL) <> (arg1_event IS NULL)),
        CHECK ((arg2 IS NULL) <> (arg2_event IS NULL)),
        CHECK (arg1 IS NULL OR arg1 <> arg2),
        CHECK (arg1_event IS NULL OR arg1_event <> arg2_event)
      );
      INSERT INTO relations_006 (id, doc_id, type, arg1, arg2, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json)
        SELECT id, doc_id, type, arg1, arg2, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json FROM relations ORDER BY id;
      DROP TABLE relations;
      ALTER TABLE relations_006 RENAME TO relations;
      CREATE INDEX relations_doc_annotator ON relations(doc_id, annotator);
      CREATE INDEX relations_type ON relations(type);
      CREATE INDEX relations_arg1 ON relations(arg1);
      CREATE INDEX relations_arg2 ON relations(arg2);
      CREATE INDEX relations_arg1_event ON relations(arg1_event);
      CREATE INDEX relations_arg2_event ON relations(arg2_event);
    `);
    if (old !== undefined) {
      db.prepare("DELETE FROM sqlite_sequence WHERE name = 'relations'").run();
      db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('relations', ?)").run(old.seq);
    }
  },
};
