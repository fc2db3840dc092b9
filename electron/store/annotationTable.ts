/**
 * What mentions, events and relations share as tables: the same annotation columns (type,
 * annotator, origin, attributes, note, times, provenance), reading a document's rows or one row,
 * inserting a row with an id given or fresh, updating the shared fields, deleting. Each repository
 * adds its own columns (spans, trigger and arguments, ends) and maps rows to the model. Written
 * once here, not once per table.
 */
import type { Connection } from './connection';
import { StoreError } from './errors';
import { attributesJson, provenanceJson } from './rows';
import type { AnnotationChange, NewAnnotation } from './types';

export interface AnnotationTableSpec {
  table: 'mentions' | 'events' | 'relations';
  noun: 'mention' | 'event' | 'relation';
  /** API id → rowid (null: not an id of this table). */
  parseId: (id: string) => number | null;
  /** The columns the table's reads select. */
  select: string;
  /** ORDER BY of a document's rows: of all annotators, and of one. */
  order: { all: string; one: string };
  /** The table's own columns, in the order `insert`'s `own` gives their values. */
  own: readonly string[];
}

export class AnnotationTable {
  private readonly insertSql: string;

  constructor(
    private readonly conn: Connection,
    private readonly spec: AnnotationTableSpec,
  ) {
    const all = ['id', 'doc_id', 'type', 'annotator', 'origin', 'attributes_json', 'note', 'created_at', 'updated_at', 'provenance_json', ...spec.own];
    this.insertSql = `INSERT INTO ${spec.table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`;
  }

  /** The rows of a document, of one annotator or all, in the table's order. */
  list<R>(docId: string, annotator: string | undefined): R[] {
    const { select, table, order } = this.spec;
    return (
      annotator === undefined
        ? this.conn.st(`SELECT ${select} FROM ${table} WHERE doc_id = ? ORDER BY ${order.all}`).all(docId)
        : this.conn.st(`SELECT ${select} FROM ${table} WHERE doc_id = ? AND annotator = ? ORDER BY ${order.one}`).all(docId, annotator)
    ) as R[];
  }

  /** The row of an API id, if there is one. */
  get<R>(id: string): R | undefined {
    const n = this.spec.parseId(id);
    return n === null ? undefined : (this.conn.st(`SELECT ${this.spec.select} FROM ${this.spec.table} WHERE id = ?`).get(n) as R | undefined);
  }

  /**
   * Inserts a row (re-using `a.id` when given: undo of a delete, redo of a create) and returns its
   * rowid. `own` gives the values of the table's own columns (called after the id is checked).
   */
  insert(a: NewAnnotation, own: () => readonly unknown[]): number {
    const id = a.id === undefined ? null : this.spec.parseId(a.id);
    if (a.id !== undefined && id === null) throw new StoreError('invalid-argument', `invalid ${this.spec.noun} id ${JSON.stringify(a.id)}`);
    const info = this.conn
      .st(this.insertSql)
      .run(id, a.docId, a.type, a.annotator, a.origin, attributesJson(a.attributes), a.note ?? '', a.createdAt, a.updatedAt, provenanceJson(a.provenance), ...own());
    return Number(info.lastInsertRowid);
  }

  /** Sets type, attributes, note, provenance (those given) and updated_at; returns the rowid. Call inside a transaction. */
  update(id: string, change: AnnotationChange): number {
    const { table, noun } = this.spec;
    const n = this.spec.parseId(id);
    const info = this.conn
      .st(
        `UPDATE ${table} SET type = coalesce(?, type), attributes_json = coalesce(?, attributes_json), note = coalesce(?, note), updated_at = ?
         WHERE id = ?`,
      )
      .run(change.type ?? null, change.attributes === undefined ? null : attributesJson(change.attributes), change.note ?? null, change.updatedAt, n);
    if (info.changes !== 1 || n === null) throw new StoreError('not-found', `no ${noun} ${id}`);
    if (change.provenance !== undefined) this.conn.st(`UPDATE ${table} SET provenance_json = ? WHERE id = ?`).run(provenanceJson(change.provenance), n);
    return n;
  }

  delete(id: string): void {
    this.conn.transaction(() => {
      const info = this.conn.st(`DELETE FROM ${this.spec.table} WHERE id = ?`).run(this.spec.parseId(id));
      if (info.changes !== 1) throw new StoreError('not-found', `no ${this.spec.noun} ${id}`);
    });
  }
}
