/**
 * The `change_log` table (persistent undo/redo: one entry per changed object, entries of one
 * `grp` undone and redone together) and `set_revisions` (migration 008: how often one annotator's
 * set on a document changed, raised by every logged change, undo and redo).
 */
import type { Connection } from './connection';
import { StoreError } from './errors';
import { parseEventId, parseMentionId, parseRelationId } from './ids';
import { toChange, type ChangeRow } from './rows';
import type { ChangeEntry, ChangeKind, ChangeState, ChangeTarget, SetRevision } from './types';

/** A change to log (see `ChangeLogRepository.append`). */
export interface NewChange {
  docId: string;
  annotator: string;
  kind: ChangeKind;
  target?: ChangeTarget;
  targetId?: string;
  mentionId?: string;
  before: ChangeState | null;
  after: ChangeState | null;
  at: string;
  group?: number;
}

export class ChangeLogRepository {
  constructor(private readonly conn: Connection) {}

  /**
   * Logs a change and returns its seq. `target` defaults to 'mention' and `targetId` to
   * `mentionId`; `group` ties it to earlier entries undone with it (default: a group of its own).
   */
  append(c: NewChange): number {
    return this.conn.transaction(() => {
      const target = c.target ?? 'mention';
      const id = c.targetId ?? c.mentionId ?? '';
      const n =
        target === 'event' ? parseEventId(id) : target === 'relation' ? parseRelationId(id) : target === 'document' ? 0 : parseMentionId(id); // mention, rejection
      if (n === null) throw new StoreError('invalid-argument', `invalid ${target} id ${JSON.stringify(id)}`);
      const info = this.conn.st(
        `INSERT INTO change_log (doc_id, annotator, kind, target_id, before_json, after_json, undone, at, target, grp)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
      ).run(
        c.docId,
        c.annotator,
        c.kind,
        n,
        c.before === null ? null : JSON.stringify(c.before),
        c.after === null ? null : JSON.stringify(c.after),
        c.at,
        target,
        c.group ?? null,
      );
      const seq = Number(info.lastInsertRowid);
      if (c.group === undefined) this.conn.st('UPDATE change_log SET grp = ? WHERE seq = ?').run(seq, seq);
      this.bumpRevision(c.docId, c.annotator, c.at);
      return seq;
    });
  }

  /** The entries of one undo group of (document, annotator) in a given undone state, oldest first. */
  group(docId: string, annotator: string, group: number, undone: boolean): ChangeEntry[] {
    return (
      this.conn.st(
        'SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? AND coalesce(grp, seq) = ? AND undone = ? ORDER BY seq',
      ).all(docId, annotator, group, undone ? 1 : 0) as ChangeRow[]
    ).map(toChange);
  }

  /** Drops the redo stack of (document, annotator): every undone entry. */
  clearRedo(docId: string, annotator: string): number {
    return this.conn.transaction(
      () => this.conn.st('DELETE FROM change_log WHERE doc_id = ? AND annotator = ? AND undone = 1').run(docId, annotator).changes,
    );
  }

  /** The newest change not undone: what undo reverts. */
  lastUndoable(docId: string, annotator: string): ChangeEntry | null {
    const row = this.conn.st(
      'SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? AND undone = 0 ORDER BY seq DESC LIMIT 1',
    ).get(docId, annotator) as ChangeRow | undefined;
    return row === undefined ? null : toChange(row);
  }

  /** The oldest undone change: what redo re-applies. */
  firstRedoable(docId: string, annotator: string): ChangeEntry | null {
    const row = this.conn.st(
      'SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? AND undone = 1 ORDER BY seq ASC LIMIT 1',
    ).get(docId, annotator) as ChangeRow | undefined;
    return row === undefined ? null : toChange(row);
  }

  /** Marks a change undone or redone (`at`: when; it raises the revision of the change's set). */
  setUndone(seq: number, undone: boolean, at: string = new Date().toISOString()): void {
    this.conn.transaction(() => {
      const row = this.conn.st('SELECT doc_id, annotator FROM change_log WHERE seq = ?').get(seq) as { doc_id: string; annotator: string } | undefined;
      if (row === undefined) throw new StoreError('not-found', `no change ${seq}`);
      this.conn.st('UPDATE change_log SET undone = ? WHERE seq = ?').run(undone ? 1 : 0, seq);
      this.bumpRevision(row.doc_id, row.annotator, at);
    });
  }

  /** Removes changes from the history (an undo or redo step that can no longer apply). */
  drop(seqs: readonly number[]): void {
    this.conn.transaction(() => {
      for (const seq of seqs) this.conn.st('DELETE FROM change_log WHERE seq = ?').run(seq);
    });
  }

  state(docId: string, annotator: string): { canUndo: boolean; canRedo: boolean } {
    const row = this.conn.st(
      `SELECT coalesce(max(undone = 0), 0) AS u, coalesce(max(undone = 1), 0) AS r
       FROM change_log WHERE doc_id = ? AND annotator = ?`,
    ).get(docId, annotator) as { u: number; r: number };
    return { canUndo: row.u === 1, canRedo: row.r === 1 };
  }

  /** The whole change log of (document, annotator), oldest first (tests, diagnostics). */
  entries(docId: string, annotator: string): ChangeEntry[] {
    return (
      this.conn.st('SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? ORDER BY seq').all(docId, annotator) as ChangeRow[]
    ).map(toChange);
  }

  // ---- revisions of annotation sets (migration 008) ------------------------------------------

  /** The revision of one annotator's set on a document, or null for a set that never changed. */
  revision(docId: string, annotator: string): SetRevision | null {
    const row = this.conn.st('SELECT revision, changed_at FROM set_revisions WHERE doc_id = ? AND annotator = ?').get(docId, annotator) as
      | { revision: number; changed_at: string }
      | undefined;
    return row === undefined ? null : { revision: row.revision, changedAt: row.changed_at };
  }

  /** Every revision of one annotator's sets, by document (one statement: suggestions' signature). */
  revisions(annotator: string): Map<string, number> {
    const rows = this.conn.st('SELECT doc_id, revision FROM set_revisions WHERE annotator = ?').raw(true).all(annotator) as [string, number][];
    return new Map(rows);
  }

  /** Sets a set's revision (an exchange import adopting the revision of the file it took). */
  putRevision(docId: string, annotator: string, revision: SetRevision): void {
    this.conn.transaction(() => {
      this.conn.st(
        `INSERT INTO set_revisions (doc_id, annotator, revision, changed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (doc_id, annotator) DO UPDATE SET revision = excluded.revision, changed_at = excluded.changed_at`,
      ).run(docId, annotator, revision.revision, revision.changedAt);
    });
  }

  /** One more change of the set, at `at`. */
  private bumpRevision(docId: string, annotator: string, at: string): void {
    this.conn.st(
      `INSERT INTO set_revisions (doc_id, annotator, revision, changed_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (doc_id, annotator) DO UPDATE SET revision = revision + 1, changed_at = excluded.changed_at`,
    ).run(docId, annotator, at);
  }
}
