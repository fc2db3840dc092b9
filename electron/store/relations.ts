/** The `relations` table: binary relations whose ends are mentions or events. */
import type { Relation } from '../../annotations/model';
import { AnnotationTable } from './annotationTable';
import type { Connection } from './connection';
import { linkTarget, parseEventId, parseMentionId, parseRelationId } from './ids';
import { RELATION_COLUMNS, toRelation, type RelationRow } from './rows';
import type { AnnotationChange, NewRelation } from './types';

export class RelationRepository {
  private readonly rows: AnnotationTable;

  constructor(private readonly conn: Connection) {
    this.rows = new AnnotationTable(conn, {
      table: 'relations',
      noun: 'relation',
      parseId: parseRelationId,
      select: RELATION_COLUMNS,
      order: { all: 'id', one: 'id' },
      own: ['arg1', 'arg2', 'arg1_event', 'arg2_event'],
    });
  }

  /** Relations of a document, of one annotator or all, by id. */
  list(docId: string, annotator?: string): Relation[] {
    return this.rows.list<RelationRow>(docId, annotator).map(toRelation);
  }

  get(id: string): Relation | null {
    const row = this.rows.get<RelationRow>(id);
    return row === undefined ? null : toRelation(row);
  }

  /** Relations with the mention as one of their ends. */
  usingMention(mentionId: string): Relation[] {
    const n = parseMentionId(mentionId);
    if (n === null) return [];
    return (this.conn.st(`SELECT ${RELATION_COLUMNS} FROM relations WHERE arg1 = ? OR arg2 = ? ORDER BY id`).all(n, n) as RelationRow[]).map(toRelation);
  }

  /** Relations with the event ("E<n>") as one of their ends. */
  usingEvent(eventId: string): Relation[] {
    const n = parseEventId(eventId);
    if (n === null) return [];
    return (this.conn.st(`SELECT ${RELATION_COLUMNS} FROM relations WHERE arg1_event = ? OR arg2_event = ? ORDER BY id`).all(n, n) as RelationRow[]).map(toRelation);
  }

  insert(r: NewRelation): Relation {
    return this.conn.transaction(() => {
      const n = this.rows.insert(r, () => {
        const [m1, e1] = linkTarget(r.arg1);
        const [m2, e2] = linkTarget(r.arg2);
        return [m1, m2, e1, e2];
      });
      return this.get(`R${n}`) as Relation;
    });
  }

  update(id: string, change: AnnotationChange): Relation {
    return this.conn.transaction(() => {
      this.rows.update(id, change);
      return this.get(id) as Relation;
    });
  }

  delete(id: string): void {
    this.rows.delete(id);
  }
}
