/** The `documents` table (texts in import order) and `document_layouts` (migration 006: a document's layout as imported). */
import type { DocumentInfo, DocumentRecord } from '../../annotations/model';
import type { Connection } from './connection';
import { DOC_COLUMNS, onlyDocuments, toDocumentInfo, type DocumentRow } from './rows';
import type { NewDocument } from './types';

export class DocumentRepository {
  constructor(private readonly conn: Connection) {}

  /**
   * Inserts all documents in one transaction, in the given (import) order. A text given as UTF-8
   * bytes is stored as text (CAST: SQLite keeps the bytes, its encoding is UTF-8).
   */
  insert(docs: readonly NewDocument[]): void {
    this.conn.transaction(() => {
      const { next } = this.conn.st('SELECT coalesce(max(seq), 0) + 1 AS next FROM documents').get() as { next: number };
      const ins = this.conn.st(
        `INSERT INTO documents (id, seq, name, source_path, sha256, text, lang, dir, length_cp, imported_at)
         VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?)`,
      );
      const utf8 = docs.some((d) => typeof d.text !== 'string') && this.conn.db.pragma('encoding', { simple: true }) === 'UTF-8';
      docs.forEach((d, i) => {
        const text =
          typeof d.text === 'string' ? d.text : utf8 ? Buffer.from(d.text.buffer, d.text.byteOffset, d.text.byteLength) : new TextDecoder('utf-8', { fatal: true }).decode(d.text);
        ins.run(d.id, next + i, d.name, d.sourcePath, d.sha256, text, d.lang, d.dir, d.length, d.importedAt);
      });
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
