/**
 * What one annotator keeps about a document beside annotations: `document_meta` (status, flags,
 * note) and `document_progress` (migration 005: the progress figure, a cache stamped with a digest).
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

  /** The stored progress of one annotator's documents (a cache: see migration 005); with `ids`, only those. */
  storedProgress(annotator: string, ids?: readonly string[]): Map<string, { digest: string; progress: number }> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.conn.st(`SELECT doc_id AS d, digest, progress FROM document_progress WHERE annotator = ?${only.sql}`).all(annotator, ...only.params) as {
      d: string;
      digest: string;
      progress: number;
    }[];
    return new Map(rows.map((r) => [r.d, { digest: r.digest, progress: r.progress }]));
  }

  /** Keep progress figures (one transaction). */
  storeProgress(annotator: string, rows: readonly { docId: string; digest: string; progress: number }[]): void {
    if (rows.length === 0) return;
    const put = this.conn.st(
      `INSERT INTO document_progress (doc_id, annotator, digest, progress) VALUES (?, ?, ?, ?)
         ON CONFLICT (doc_id, annotator) DO UPDATE SET digest = excluded.digest, progress = excluded.progress`,
    );
    this.conn.transaction(() => {
      for (const r of rows) put.run(r.docId, annotator, r.digest, Math.min(1, Math.max(0, r.progress)));
    });
  }
}
