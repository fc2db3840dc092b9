import type { Migration } from './types';

/**
 * How a document was laid out in the file it was imported from, when that layout carries what
 * the text alone does not: for CoNLL, its tokens, sentence breaks, the columns Qalam does not
 * model (POS, chunk, lemma), the tags as written, blank lines and separators
 * (annotations/formats/conll.ts `ConllLayout`, as JSON). An export in that format writes the
 * document back with it. The text of a document never changes, so the layout stays valid.
 */
export const migration006: Migration = {
  version: 6,
  name: 'document_layouts',
  up(db) {
    db.exec(`
      CREATE TABLE document_layouts (
        doc_id TEXT NOT NULL PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        format TEXT NOT NULL CHECK (format <> ''),
        layout TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
