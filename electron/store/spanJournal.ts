/**
 * Which mention spans this connection wrote in the sets it watches (issue 15): the service keeps
 * a long document's word coverage up to date from them (annotations/wordCover.ts) instead of
 * reading its 200,000 spans again after every label.
 *
 * TEMP triggers on `mentions` (this connection's only: nothing is added to the project file)
 * write a row per span added (+1) or gone (−1) into a TEMP table, for the watched sets only, so a
 * bulk import of other documents writes nothing more. They fire on every write of this
 * connection, whatever code made it (a label, undo, an accepted suggestion, an import), and a
 * rolled-back write takes its rows with it. A commit of another process is not seen: `take`
 * answers null when `PRAGMA data_version` moved since the set was watched (the caller reads the
 * set again), and inside an open transaction (what it would take could still be rolled back).
 */
import type { Connection } from './connection';

export interface SpanMove {
  /** +1: a span added; −1: a span gone. */
  sign: 1 | -1;
  start: number;
  end: number;
}

const WATCHED = (row: 'NEW' | 'OLD') => `EXISTS (SELECT 1 FROM temp.span_watch w WHERE w.doc_id = ${row}.doc_id AND w.annotator = ${row}.annotator)`;

export class SpanJournal {
  private ready = false;
  /** data_version when each set was watched (key: doc id, NUL, annotator). */
  private readonly versions = new Map<string, number>();

  constructor(private readonly conn: Connection) {}

  private setUp(): void {
    if (this.ready) return;
    this.conn.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS span_watch (doc_id TEXT NOT NULL, annotator TEXT NOT NULL, PRIMARY KEY (doc_id, annotator)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS span_moves (seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, annotator TEXT NOT NULL, sign INTEGER NOT NULL, start_cp INTEGER NOT NULL, end_cp INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS temp.span_moves_set ON span_moves(doc_id, annotator);
      CREATE TEMP TRIGGER IF NOT EXISTS span_moves_insert AFTER INSERT ON main.mentions WHEN ${WATCHED('NEW')}
      BEGIN INSERT INTO span_moves (doc_id, annotator, sign, start_cp, end_cp) VALUES (NEW.doc_id, NEW.annotator, 1, NEW.start_cp, NEW.end_cp); END;
      CREATE TEMP TRIGGER IF NOT EXISTS span_moves_delete AFTER DELETE ON main.mentions WHEN ${WATCHED('OLD')}
      BEGIN INSERT INTO span_moves (doc_id, annotator, sign, start_cp, end_cp) VALUES (OLD.doc_id, OLD.annotator, -1, OLD.start_cp, OLD.end_cp); END;
      CREATE TEMP TRIGGER IF NOT EXISTS span_moves_update AFTER UPDATE OF doc_id, annotator, start_cp, end_cp ON main.mentions
      BEGIN
        INSERT INTO span_moves (doc_id, annotator, sign, start_cp, end_cp) SELECT OLD.doc_id, OLD.annotator, -1, OLD.start_cp, OLD.end_cp WHERE ${WATCHED('OLD')};
        INSERT INTO span_moves (doc_id, annotator, sign, start_cp, end_cp) SELECT NEW.doc_id, NEW.annotator, 1, NEW.start_cp, NEW.end_cp WHERE ${WATCHED('NEW')};
      END;
    `);
    this.ready = true;
  }

  private dataVersion(): number {
    return this.conn.db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Start journaling a set (its earlier moves forgotten). Call before reading the set's spans, in
   * the same synchronous step. False when it cannot (inside a transaction, or the connection
   * refuses temp tables): the caller then reads the set every time.
   */
  watch(docId: string, annotator: string): boolean {
    if (this.conn.db.inTransaction) return false;
    try {
      this.setUp();
      // This connection's own bookkeeping (Connection.bookkeeping): the project's data is unchanged.
      this.conn.bookkeeping(() => {
        this.conn.st('INSERT OR IGNORE INTO temp.span_watch (doc_id, annotator) VALUES (?, ?)').run(docId, annotator);
        this.conn.st('DELETE FROM temp.span_moves WHERE doc_id = ? AND annotator = ?').run(docId, annotator);
      });
    } catch {
      return false;
    }
    this.versions.set(`${docId}\u0000${annotator}`, this.dataVersion());
    return true;
  }

  /** Stop journaling a set. */
  unwatch(docId: string, annotator: string): void {
    const key = `${docId}\u0000${annotator}`;
    if (!this.versions.delete(key) || !this.ready) return;
    this.conn.bookkeeping(() => {
      this.conn.st('DELETE FROM temp.span_watch WHERE doc_id = ? AND annotator = ?').run(docId, annotator);
      this.conn.st('DELETE FROM temp.span_moves WHERE doc_id = ? AND annotator = ?').run(docId, annotator);
    });
  }

  /**
   * The moves of a watched set since it was watched or last taken, in the order written, and
   * forgotten; null when they may not be all (not watched, another process committed, or inside a
   * transaction): then unwatch, and watch and read again.
   */
  take(docId: string, annotator: string): SpanMove[] | null {
    const version = this.versions.get(`${docId}\u0000${annotator}`);
    if (version === undefined || this.conn.db.inTransaction || this.dataVersion() !== version) return null;
    const rows = this.conn.st('SELECT sign, start_cp AS start, end_cp AS "end" FROM temp.span_moves WHERE doc_id = ? AND annotator = ? ORDER BY seq').all(docId, annotator) as SpanMove[];
    if (rows.length > 0) this.conn.bookkeeping(() => this.conn.st('DELETE FROM temp.span_moves WHERE doc_id = ? AND annotator = ?').run(docId, annotator));
    return rows;
  }
}
