/**
 * What was rejected: `review_rejections` (disagreements a reviewer rejected, review.reject, by
 * document and key) and `suggestion_rejections` (migration 009: suggestions an annotator rejected).
 */
import type { Connection } from './connection';
import { parseMentionId } from './ids';
import { toRejection, toSuggestionRejection, type RejectionRow, type SuggestionRejectionRow } from './rows';
import type { Rejection, SuggestionRejection } from './types';

export class RejectionRepository {
  constructor(private readonly conn: Connection) {}

  /** The disagreements rejected in a document, by key. */
  list(docId: string): Rejection[] {
    return (this.conn.st('SELECT id, doc_id, key, annotator, created_at FROM review_rejections WHERE doc_id = ? ORDER BY key').all(docId) as RejectionRow[]).map(
      toRejection,
    );
  }

  get(id: string): Rejection | null {
    const n = parseMentionId(id);
    if (n === null) return null;
    const r = this.conn.st('SELECT id, doc_id, key, annotator, created_at FROM review_rejections WHERE id = ?').get(n) as RejectionRow | undefined;
    return r === undefined ? null : toRejection(r);
  }

  /** Records a rejection (re-using `id` when given: undo of a removal). */
  insert(r: { id?: string; docId: string; key: string; annotator: string; createdAt: string }): Rejection {
    return this.conn.transaction(() => {
      const info = this.conn.st('INSERT INTO review_rejections (id, doc_id, key, annotator, created_at) VALUES (?, ?, ?, ?, ?)').run(
        r.id === undefined ? null : parseMentionId(r.id),
        r.docId,
        r.key,
        r.annotator,
        r.createdAt,
      );
      return this.get(String(info.lastInsertRowid)) as Rejection;
    });
  }

  delete(id: string): void {
    this.conn.transaction(() => {
      this.conn.st('DELETE FROM review_rejections WHERE id = ?').run(parseMentionId(id));
    });
  }

  /** The spans (`start:end`) of the suggestions of `type` that `annotator` rejected, per document (one read for the corpus). */
  rejectedSpans(annotator: string, type: string): Map<string, Set<string>> {
    const rows = this.conn.st('SELECT doc_id, start_cp, end_cp FROM suggestion_rejections WHERE annotator = ? AND type = ?').raw(true).all(annotator, type) as [string, number, number][];
    const out = new Map<string, Set<string>>();
    for (const [doc, start, end] of rows) {
      let set = out.get(doc);
      if (set === undefined) out.set(doc, (set = new Set()));
      set.add(`${start}:${end}`);
    }
    return out;
  }

  /** The suggestions `annotator` rejected in a document, in span order. */
  listSuggestions(docId: string, annotator: string): SuggestionRejection[] {
    return (
      this.conn.st(
        'SELECT doc_id, annotator, start_cp, end_cp, type, source, score, created_at FROM suggestion_rejections WHERE doc_id = ? AND annotator = ? ORDER BY start_cp, end_cp, type',
      ).all(docId, annotator) as SuggestionRejectionRow[]
    ).map(toSuggestionRejection);
  }

  /** Remembers a rejected suggestion (rejecting it again keeps the first record). Answers whether it was new. */
  insertSuggestion(r: SuggestionRejection): boolean {
    return this.conn.transaction(
      () =>
        this.conn.st(
          'INSERT INTO suggestion_rejections (doc_id, annotator, start_cp, end_cp, type, source, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        ).run(r.docId, r.annotator, r.start, r.end, r.type, r.source, r.score, r.createdAt).changes > 0,
    );
  }
}
