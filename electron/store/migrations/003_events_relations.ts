import type { Migration } from './types';

/**
 * Events (with their arguments), relations, attributes and notes on every annotation, and each
 * annotator's status, flags and note per document. The change log learns what kind of object an
 * entry is about (`target`), and `grp` ties entries that undo and redo as one step (deleting a
 * mention that is an event argument also removes the argument, and undo restores both).
 */
export const migration003: Migration = {
  version: 3,
  name: 'events_relations',
  up(db) {
    db.exec(`
      ALTER TABLE mentions ADD COLUMN attributes_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE mentions ADD COLUMN note TEXT NOT NULL DEFAULT '';

      CREATE TABLE events (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type            TEXT NOT NULL,
        trigger_start   INTEGER NOT NULL CHECK (trigger_start >= 0),
        trigger_end     INTEGER NOT NULL,
        annotator       TEXT NOT NULL REFERENCES annotators(name),
        origin          TEXT NOT NULL CHECK (origin IN ('manual', 'import', 'undo', 'gold')),
        attributes_json TEXT NOT NULL DEFAULT '{}',
        note            TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        CHECK (trigger_start < trigger_end)
      );
      CREATE INDEX events_doc_annotator ON events(doc_id, annotator);
      CREATE INDEX events_type ON events(type);

      -- An argument points at an entity mention; the service removes arguments (and logs it)
      -- before deleting a mention, so the foreign key only guards against bugs.
      CREATE TABLE event_arguments (
        event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        position   INTEGER NOT NULL CHECK (position >= 0),
        role       TEXT NOT NULL,
        mention_id INTEGER NOT NULL REFERENCES mentions(id),
        PRIMARY KEY (event_id, position),
        UNIQUE (event_id, role, mention_id)
      );
      CREATE INDEX event_arguments_mention ON event_arguments(mention_id);

      CREATE TABLE relations (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type            TEXT NOT NULL,
        arg1            INTEGER NOT NULL REFERENCES mentions(id),
        arg2            INTEGER NOT NULL REFERENCES mentions(id),
        annotator       TEXT NOT NULL REFERENCES annotators(name),
        origin          TEXT NOT NULL CHECK (origin IN ('manual', 'import', 'undo', 'gold')),
        attributes_json TEXT NOT NULL DEFAULT '{}',
        note            TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        CHECK (arg1 <> arg2)
      );
      CREATE INDEX relations_doc_annotator ON relations(doc_id, annotator);
      CREATE INDEX relations_type ON relations(type);
      CREATE INDEX relations_arg1 ON relations(arg1);
      CREATE INDEX relations_arg2 ON relations(arg2);

      CREATE TABLE document_meta (
        doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator  TEXT NOT NULL REFERENCES annotators(name),
        status     TEXT NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'done')),
        flags_json TEXT NOT NULL DEFAULT '[]',
        note       TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (doc_id, annotator)
      );

      ALTER TABLE change_log RENAME COLUMN mention_id TO target_id;
      ALTER TABLE change_log ADD COLUMN target TEXT NOT NULL DEFAULT 'mention'
        CHECK (target IN ('mention', 'event', 'relation', 'document'));
      ALTER TABLE change_log ADD COLUMN grp INTEGER;
    `);
  },
};
