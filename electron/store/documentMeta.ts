/**
 * What one annotator keeps about a document beside annotations: `document_meta` (status, flags,
 * note) and the progress figures kept in `set_counts` (migration 014: each set's figure with the stamp it was computed at).
 */
import type { DocumentMeta, DocumentStatus } from '../../annotations/model';
import type { Connection } from './connection';
import { onlyDocuments } from './rows';

export class DocumentMetaRepository {
  constructor(private readonly conn: Connection) {}

  /** One annotator's status, flags and note on a document (the defaults when never set). */
  get(docId: string, annotator: string): DocumentMeta {
    const row = this.conn.st('SELECT status, flags_json, note, updated_at FROM document_meta WHERE doc_id = ? AND annotator = ?').get(docId, annotator) as
      | { status: DocumentStatus; flags_json: string; note: string; updated_at: string }
      | undefined;
    if (row === undefined) return { docId, annotator, status: 'not-started', flags: [], note: '', updatedAt: null };
    return { docId, annotator, status: row.status, flags: JSON.parse(row.flags_json) as string[], note: row.note, updatedAt: row.updated_at };
  }

  /** Stores the meta; the defaults (not-started, no flags, no note, updatedAt null) delete the row. */
  put(meta: DocumentMeta): DocumentMeta {
    return this.conn.transaction(() => {
      if (meta.updatedAt === null) {
        this.conn.st('DELETE FROM document_meta WHERE doc_id = ? AND annotator = ?').run(meta.docId, meta.annotator);
      } else {
        this.conn.st(
          `INSERT INTO document_meta (doc_id, annotator, status, flags_json, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(doc_id, annotator) DO UPDATE SET status = excluded.status, flags_json = excluded.flags_json,
             note = excluded.note, updated_at = excluded.updated_at`,
        ).run(meta.docId, meta.annotator, meta.status, JSON.stringify(meta.flags), meta.note, meta.updatedAt);
      }
      return this.get(meta.docId, meta.annotator);
    });
  }

  /** Status per document of one annotator (documents without a row are absent: not-started). */
  statuses(annotator: string, ids?: readonly string[]): Map<string, DocumentStatus> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.conn.st(`SELECT doc_id, status FROM document_meta WHERE annotator = ?${only.sql}`).all(annotator, ...only.params) as {
      doc_id: string;
      status: DocumentStatus;
    }[];
    return new Map(rows.map((r) => [r.doc_id, r.status]));
  }

  /** The stored progress of one annotator's sets, with the set's stamp it was computed at (migration 014); with `ids`, only those. */
  storedProgress(annotator: string, ids?: readonly string[]): Map<string, { stamp: number; progress: number }> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.conn.st(`SELECT doc_id AS d, progress_stamp AS stamp, progress FROM set_counts WHERE annotator = ? AND progress_stamp IS NOT NULL${only.sql}`).all(annotator, ...only.params) as {
      d: string;
      stamp: number;
      progress: number;
    }[];
    return new Map(rows.map((r) => [r.d, { stamp: r.stamp, progress: r.progress }]));
  }

  /** Keep progress figures, each computed from the set at `stamp` (one transaction; a set written since, or gone, keeps none). */
  storeProgress(annotator: string, rows: readonly { docId: string; stamp: number; progress: number }[]): void {
    if (rows.length === 0) return;
    const put = this.conn.st('UPDATE set_counts SET progress = ?, progress_stamp = stamp WHERE doc_id = ? AND annotator = ? AND stamp = ?');
    this.conn.bookkeeping(() =>
      this.conn.transaction(() => {
        for (const r of rows) put.run(Math.min(1, Math.max(0, r.progress)), r.docId, annotator, r.stamp);
      }),
    );
  }

}
