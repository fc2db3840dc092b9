import type { Migration } from './types';

/**
 * What the document list filters and sorts on, kept where SQL can read it for 100,000 documents:
 *
 * - `set_counts`: per annotation set (document, annotator) its numbers of mentions, events and
 *   relations and a `stamp` that every insert, update and delete of its mentions, events,
 *   relations or event arguments raises. Kept by triggers, so no write path can miss it (the
 *   service's, an import's, undo's, a test's straight store call). Existing sets start at stamp 1.
 * - `document_checks`: a cache of the number of validation problems of a set, valid while its
 *   `stamp` and the schema version are those it was computed with (rows may be missing or stale;
 *   they are then recomputed). `document_progress` (005) is keyed the same way by the service.
 * - Covering indexes over the documents' list columns, so a filter or sort never reads a row's
 *   text (lang, dir and length come after the text in the row).
 */
export const migration010: Migration = {
  version: 10,
  name: 'document_overview',
  up(db) {
    db.exec(`
      CREATE TABLE set_counts (
        doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator TEXT NOT NULL,
        mentions  INTEGER NOT NULL DEFAULT 0 CHECK (mentions >= 0),
        events    INTEGER NOT NULL DEFAULT 0 CHECK (events >= 0),
        relations INTEGER NOT NULL DEFAULT 0 CHECK (relations >= 0),
        stamp     INTEGER NOT NULL DEFAULT 1 CHECK (stamp >= 1),
        PRIMARY KEY (doc_id, annotator)
      ) WITHOUT ROWID;
      CREATE INDEX set_counts_annotator ON set_counts(annotator, doc_id);

      INSERT INTO set_counts (doc_id, annotator, mentions, events, relations, stamp)
        SELECT doc_id, annotator, sum(m), sum(e), sum(r), 1 FROM (
          SELECT doc_id, annotator, count(*) AS m, 0 AS e, 0 AS r FROM mentions GROUP BY doc_id, annotator
          UNION ALL SELECT doc_id, annotator, 0, count(*), 0 FROM events GROUP BY doc_id, annotator
          UNION ALL SELECT doc_id, annotator, 0, 0, count(*) FROM relations GROUP BY doc_id, annotator
        ) GROUP BY doc_id, annotator;

      CREATE TABLE document_checks (
        doc_id         TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        annotator      TEXT NOT NULL,
        stamp          INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        problems       INTEGER NOT NULL CHECK (problems >= 0),
        PRIMARY KEY (doc_id, annotator)
      ) WITHOUT ROWID;

      CREATE INDEX documents_list_seq ON documents(seq, id, name, lang, length_cp, imported_at);
      CREATE INDEX documents_list_name ON documents(name, seq, id, lang, length_cp);
      CREATE INDEX documents_list_size ON documents(length_cp, seq, id, name, lang);
      CREATE INDEX set_revisions_changed ON set_revisions(doc_id, changed_at);
    `);
    for (const [table, column] of [
      ['mentions', 'mentions'],
      ['events', 'events'],
      ['relations', 'relations'],
    ] as const) {
      db.exec(`
        CREATE TRIGGER ${table}_count_insert AFTER INSERT ON ${table} BEGIN
          INSERT INTO set_counts (doc_id, annotator, ${column}, stamp) VALUES (new.doc_id, new.annotator, 1, 1)
            ON CONFLICT (doc_id, annotator) DO UPDATE SET ${column} = ${column} + 1, stamp = stamp + 1;
        END;
        CREATE TRIGGER ${table}_count_delete AFTER DELETE ON ${table} BEGIN
          UPDATE set_counts SET ${column} = ${column} - 1, stamp = stamp + 1 WHERE doc_id = old.doc_id AND annotator = old.annotator;
        END;
        CREATE TRIGGER ${table}_count_update AFTER UPDATE ON ${table} BEGIN
          UPDATE set_counts SET ${column} = ${column} - 1, stamp = stamp + 1 WHERE doc_id = old.doc_id AND annotator = old.annotator;
          INSERT INTO set_counts (doc_id, annotator, ${column}, stamp) VALUES (new.doc_id, new.annotator, 1, 1)
            ON CONFLICT (doc_id, annotator) DO UPDATE SET ${column} = ${column} + 1, stamp = stamp + 1;
        END;
      `);
    }
    // An argument belongs to its event's set.
    db.exec(`
      CREATE TRIGGER event_arguments_stamp_insert AFTER INSERT ON event_arguments BEGIN
        UPDATE set_counts SET stamp = stamp + 1 WHERE (doc_id, annotator) IN (SELECT doc_id, annotator FROM events WHERE id = new.event_id);
      END;
      CREATE TRIGGER event_arguments_stamp_delete AFTER DELETE ON event_arguments BEGIN
        UPDATE set_counts SET stamp = stamp + 1 WHERE (doc_id, annotator) IN (SELECT doc_id, annotator FROM events WHERE id = old.event_id);
      END;
      CREATE TRIGGER event_arguments_stamp_update AFTER UPDATE ON event_arguments BEGIN
        UPDATE set_counts SET stamp = stamp + 1 WHERE (doc_id, annotator) IN (SELECT doc_id, annotator FROM events WHERE id IN (old.event_id, new.event_id));
      END;
    `);
  },
};
