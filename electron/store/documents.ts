/** The `documents` table (texts in import order) and `document_layouts` (migration 006: a document's layout as imported). */
import type { DocumentInfo, DocumentRecord } from '../../annotations/model';
import type { Connection } from './connection';
import { DOC_COLUMNS, onlyDocuments, toDocumentInfo, type DocumentRow } from './rows';
import type { NewDocument } from './types';

/** Documents a statement of `insert` (10 parameters each: 1,000, within SQLite's bound of 32,766). */
export const INSERT_ROWS = 100;

export class DocumentRepository {
  constructor(private readonly conn: Connection) {}

  /**
   * Inserts all documents in one transaction, in the given (import) order. A text given as UTF-8
   * bytes is stored as text (CAST: SQLite keeps the bytes, its encoding is UTF-8).
   *
   * Rows go in `INSERT_ROWS` to a statement: the name index (FTS5, filled by a trigger of
   * migration 013) writes what it has pending at the end of every statement, so one row a
   * statement wrote a segment per document and merged them again (a third of the insert's CPU at
   * 10,000 documents); one statement a row also paid the binding's call overhead each time.
   */
  insert(docs: readonly NewDocument[]): void {
    this.conn.transaction(() => {
      const { next } = this.conn.st('SELECT coalesce(max(seq), 0) + 1 AS next FROM documents').get() as { next: number };
      const utf8 = docs.some((d) => typeof d.text !== 'string') && this.conn.db.pragma('encoding', { simple: true }) === 'UTF-8';
      const values = (d: NewDocument, seq: number): unknown[] => {
        const text =
          typeof d.text === 'string' ? d.text : utf8 ? Buffer.from(d.text.buffer, d.text.byteOffset, d.text.byteLength) : new TextDecoder('utf-8', { fatal: true }).decode(d.text);
        return [d.id, seq, d.name, d.sourcePath, d.sha256, text, d.lang, d.dir, d.length, d.importedAt];
      };
      // (the statement's text stays in this method: the bench's setup cache keys hash its source)
      const insertSql = (rows: number): string =>
        `INSERT INTO documents (id, seq, name, source_path, sha256, text, lang, dir, length_cp, imported_at) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?)').join(', ')}`;
      for (let i = 0; i < docs.length; i += INSERT_ROWS) {
        const rows = Math.min(INSERT_ROWS, docs.length - i);
        const args: unknown[] = [];
        for (let k = i; k < i + rows; k++) args.push(...values(docs[k]!, next + k));
        // The full statement and the single row's are kept; the last rows' once used.
        const sql = insertSql(rows);
        (rows === INSERT_ROWS || rows === 1 ? this.conn.st(sql) : this.conn.db.prepare(sql)).run(...args);
      }
    });
  }

  /** All documents (without text), in import order; with `ids`, only those. */
  list(ids?: readonly string[]): DocumentInfo[] {
    const only = onlyDocuments('id', ids);
    const rows = this.conn.st(`SELECT ${DOC_COLUMNS} FROM documents WHERE 1${only.sql} ORDER BY seq, id`).all(...only.params) as DocumentRow[];
    return rows.map(toDocumentInfo);
  }

  /**
   * Every document in list order (as `list()`), `size` at a time: one page is held at once, so a
   * pass over the corpus (an export) does not grow with it. Each page is read when asked for.
   */
  *pages(size = 500): Generator<DocumentInfo[]> {
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = this.conn.st(`SELECT seq AS pageSeq, ${DOC_COLUMNS} FROM documents WHERE seq > ? ORDER BY seq LIMIT ?`).all(after, size) as (DocumentRow & { pageSeq: number })[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.pageSeq;
      yield rows.map(toDocumentInfo);
      if (rows.length < size) return;
    }
  }

  /** Every document's id and a stamp of its content (SHA-256 and length), in list order (as `list()`): no object per document. */
  stamps(): [string, string][] {
    return this.conn.st("SELECT id, sha256 || ':' || length_cp FROM documents ORDER BY seq, id").raw(true).all() as [string, string][];
  }

  /**
   * The next `limit` documents of `stamps()` after the one numbered `seq` (the import order; -1: from
   * the first), with their numbers: a page of the listing, read by the index on `seq` (the whole
   * listing reads every document's row: ~45 ms at 10,000 short documents).
   */
  stampsAfter(seq: number, limit: number): [string, string, number][] {
    return this.conn.st("SELECT id, sha256 || ':' || length_cp, seq FROM documents WHERE seq > ? ORDER BY seq LIMIT ?").raw(true).all(seq, limit) as [string, string, number][];
  }

  /** How many documents there are. */
  count(): number {
    return (this.conn.st('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  get(id: string): DocumentRecord | null {
    const row = this.conn.st(`SELECT ${DOC_COLUMNS}, text FROM documents WHERE id = ?`).get(id) as
      | (DocumentRow & { text: string })
      | undefined;
    return row === undefined ? null : { ...toDocumentInfo(row), text: row.text };
  }

  findBySha256(sha256: string): DocumentInfo | null {
    const row = this.conn.st(`SELECT ${DOC_COLUMNS} FROM documents WHERE sha256 = ?`).get(sha256) as DocumentRow | undefined;
    return row === undefined ? null : toDocumentInfo(row);
  }

  exists(id: string): boolean {
    return this.conn.st('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
  }

  /** The layout a document was imported with (see migration 006), or null. */
  layout(docId: string): { format: string; layout: string } | null {
    const row = this.conn.st('SELECT format, layout FROM document_layouts WHERE doc_id = ?').get(docId) as { format: string; layout: string } | undefined;
    return row ?? null;
  }

  /** Stores a document's layout unless it has one already (the first import's stays). Returns whether it was stored. */
  putLayout(docId: string, format: string, layout: string): boolean {
    return this.conn.st('INSERT OR IGNORE INTO document_layouts (doc_id, format, layout) VALUES (?, ?, ?)').run(docId, format, layout).changes > 0;
  }
}
