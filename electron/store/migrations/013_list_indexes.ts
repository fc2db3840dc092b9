import type { Migration } from './types';

/**
 * An index for each filter and sort of the document list, so that at 100,000 documents none of
 * them reads every document (EXPLAIN QUERY PLAN in test/store/listPlans.test.ts):
 *
 * - `documents_list_lang`: the language filter, in import order.
 * - `document_meta_status`: the status filter and "annotated by" (an annotator's documents).
 * - `document_flags`: one row per (annotator, flag, document), kept from `document_meta.flags_json`
 *   by triggers (the flag filter read the JSON of every document).
 * - `document_changes`: each document's last change (the latest `set_revisions.changed_at`, else
 *   its import time) with its `seq`, kept by triggers, indexed for the "last change" sort (a
 *   correlated max() per document before).
 * - `document_names`: the names in an FTS5 trigram index (rowid = `documents.seq`) for "name
 *   contains" (a LIKE over every name before).
 * - `annotated_totals`: per annotator, the number of documents they have annotations on (the
 *   list's `own` on every page, the "annotated by" count), kept by triggers on `set_counts`
 *   (counted over every set before).
 */
export const migration013: Migration = {
  version: 13,
  name: 'list_indexes',
  up(db) {
    db.exec(`
      CREATE INDEX documents_list_lang ON documents(lang, seq, id);
      CREATE INDEX document_meta_status ON document_meta(annotator, status, doc_id);

      CREATE TABLE document_flags (
        annotator TEXT NOT NULL,
        flag      TEXT NOT NULL,
        doc_id    TEXT NOT NULL,
        PRIMARY KEY (annotator, flag, doc_id)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO document_flags (annotator, flag, doc_id)
        SELECT m.annotator, f.value, m.doc_id FROM document_meta m, json_each(m.flags_json) f WHERE f.type = 'text';
      CREATE TRIGGER document_meta_flags_insert AFTER INSERT ON document_meta BEGIN
        INSERT OR IGNORE INTO document_flags (annotator, flag, doc_id)
          SELECT new.annotator, f.value, new.doc_id FROM json_each(new.flags_json) f WHERE f.type = 'text';
      END;
      CREATE TRIGGER document_meta_flags_update AFTER UPDATE ON document_meta BEGIN
        DELETE FROM document_flags WHERE annotator = old.annotator AND doc_id = old.doc_id
          AND flag IN (SELECT value FROM json_each(old.flags_json));
        INSERT OR IGNORE INTO document_flags (annotator, flag, doc_id)
          SELECT new.annotator, f.value, new.doc_id FROM json_each(new.flags_json) f WHERE f.type = 'text';
      END;
      CREATE TRIGGER document_meta_flags_delete AFTER DELETE ON document_meta BEGIN
        DELETE FROM document_flags WHERE annotator = old.annotator AND doc_id = old.doc_id
          AND flag IN (SELECT value FROM json_each(old.flags_json));
      END;

      CREATE TABLE document_changes (
        doc_id     TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        changed_at TEXT NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO document_changes (doc_id, seq, changed_at)
        SELECT d.id, d.seq, coalesce((SELECT max(r.changed_at) FROM set_revisions r WHERE r.doc_id = d.id), d.imported_at) FROM documents d;
      CREATE INDEX document_changes_order ON document_changes(changed_at, seq);
      CREATE TRIGGER documents_changes_insert AFTER INSERT ON documents BEGIN
        INSERT INTO document_changes (doc_id, seq, changed_at) VALUES (new.id, new.seq, new.imported_at);
      END;
      CREATE TRIGGER set_revisions_changes_insert AFTER INSERT ON set_revisions BEGIN
        UPDATE document_changes SET changed_at = (SELECT max(changed_at) FROM set_revisions WHERE doc_id = new.doc_id) WHERE doc_id = new.doc_id;
      END;
      CREATE TRIGGER set_revisions_changes_update AFTER UPDATE ON set_revisions BEGIN
        UPDATE document_changes SET changed_at = (SELECT max(changed_at) FROM set_revisions WHERE doc_id = new.doc_id) WHERE doc_id = new.doc_id;
        UPDATE document_changes SET changed_at = coalesce((SELECT max(changed_at) FROM set_revisions WHERE doc_id = old.doc_id), (SELECT imported_at FROM documents WHERE id = old.doc_id))
          WHERE doc_id = old.doc_id AND old.doc_id <> new.doc_id;
      END;
      CREATE TRIGGER set_revisions_changes_delete AFTER DELETE ON set_revisions BEGIN
        UPDATE document_changes SET changed_at = coalesce((SELECT max(changed_at) FROM set_revisions WHERE doc_id = old.doc_id), (SELECT imported_at FROM documents WHERE id = old.doc_id))
          WHERE doc_id = old.doc_id;
      END;

      CREATE TABLE annotated_totals (
        annotator TEXT PRIMARY KEY,
        documents INTEGER NOT NULL CHECK (documents >= 0)
      ) WITHOUT ROWID;
      INSERT INTO annotated_totals (annotator, documents)
        SELECT annotator, count(*) FROM set_counts WHERE mentions + events + relations > 0 GROUP BY annotator;
      CREATE TRIGGER set_counts_totals_insert AFTER INSERT ON set_counts WHEN new.mentions + new.events + new.relations > 0 BEGIN
        INSERT INTO annotated_totals (annotator, documents) VALUES (new.annotator, 1)
          ON CONFLICT (annotator) DO UPDATE SET documents = documents + 1;
      END;
      CREATE TRIGGER set_counts_totals_update AFTER UPDATE ON set_counts
        WHEN (old.mentions + old.events + old.relations > 0) <> (new.mentions + new.events + new.relations > 0) OR old.annotator <> new.annotator BEGIN
        UPDATE annotated_totals SET documents = documents - 1 WHERE annotator = old.annotator AND old.mentions + old.events + old.relations > 0;
        INSERT INTO annotated_totals (annotator, documents) SELECT new.annotator, 1 WHERE new.mentions + new.events + new.relations > 0
          ON CONFLICT (annotator) DO UPDATE SET documents = documents + 1;
      END;
      CREATE TRIGGER set_counts_totals_delete AFTER DELETE ON set_counts WHEN old.mentions + old.events + old.relations > 0 BEGIN
        UPDATE annotated_totals SET documents = documents - 1 WHERE annotator = old.annotator;
      END;

      CREATE VIRTUAL TABLE document_names USING fts5(name, tokenize = 'trigram');
      INSERT INTO document_names (rowid, name) SELECT seq, name FROM documents;
      CREATE TRIGGER documents_names_insert AFTER INSERT ON documents BEGIN
        INSERT INTO document_names (rowid, name) VALUES (new.seq, new.name);
      END;
      CREATE TRIGGER documents_names_delete AFTER DELETE ON documents BEGIN
        DELETE FROM document_names WHERE rowid = old.seq;
      END;
      CREATE TRIGGER documents_names_update AFTER UPDATE OF name, seq ON documents BEGIN
        DELETE FROM document_names WHERE rowid = old.seq;
        INSERT INTO document_names (rowid, name) VALUES (new.seq, new.name);
      END;
    `);
  },
};
