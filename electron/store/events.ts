/** The `events` and `event_arguments` tables: events with their triggers and ordered arguments (mentions or events). */
import type { EventArgument, EventMention } from '../../annotations/model';
import { AnnotationTable } from './annotationTable';
import type { Connection } from './connection';
import { StoreError } from './errors';
import { linkTarget, parseEventId, parseMentionId } from './ids';
import { EVENT_COLUMNS, fragmentsJson, onlyDocuments, toEvent, type EventRow } from './rows';
import type { EventChange, NewEvent } from './types';

export class EventRepository {
  private readonly rows: AnnotationTable;

  constructor(private readonly conn: Connection) {
    this.rows = new AnnotationTable(conn, {
      table: 'events',
      noun: 'event',
      parseId: parseEventId,
      select: EVENT_COLUMNS,
      order: { all: 'trigger_start, trigger_end, type, annotator, id', one: 'trigger_start, trigger_end, type, id' },
      own: ['trigger_start', 'trigger_end', 'trigger_fragments_json'],
    });
  }

  private arguments(eventId: number): EventArgument[] {
    return (
      this.conn.st('SELECT role, mention_id, arg_event_id FROM event_arguments WHERE event_id = ? ORDER BY position').all(eventId) as {
        role: string;
        mention_id: number | null;
        arg_event_id: number | null;
      }[]
    ).map((r) => ({ role: r.role, mentionId: r.arg_event_id !== null ? `E${r.arg_event_id}` : String(r.mention_id) }));
  }

  private withArguments(rows: EventRow[]): EventMention[] {
    return rows.map((r) => toEvent(r, this.arguments(r.id)));
  }

  /** Events of a document, of one annotator or all, ordered by trigger, type, id. */
  list(docId: string, annotator?: string): EventMention[] {
    return this.withArguments(this.rows.list<EventRow>(docId, annotator));
  }

  get(id: string): EventMention | null {
    const row = this.rows.get<EventRow>(id);
    return row === undefined ? null : toEvent(row, this.arguments(row.id));
  }

  /** Events with an argument pointing at the mention. */
  usingMention(mentionId: string): EventMention[] {
    const n = parseMentionId(mentionId);
    if (n === null) return [];
    return this.withArguments(
      this.conn.st(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT event_id FROM event_arguments WHERE mention_id = ?) ORDER BY id`,
      ).all(n) as EventRow[],
    );
  }

  /** Events with an argument pointing at the event ("E<n>"). */
  usingEvent(eventId: string): EventMention[] {
    const n = parseEventId(eventId);
    if (n === null) return [];
    return this.withArguments(
      this.conn.st(`SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT event_id FROM event_arguments WHERE arg_event_id = ?) ORDER BY id`).all(n) as EventRow[],
    );
  }

  insert(e: NewEvent): EventMention {
    return this.conn.transaction(() => {
      const n = this.rows.insert(e, () => [e.triggerStart, e.triggerEnd, fragmentsJson(e.triggerFragments)]);
      this.writeArguments(n, e.arguments ?? []);
      return this.get(`E${n}`) as EventMention;
    });
  }

  private writeArguments(eventId: number, args: readonly EventArgument[]): void {
    this.conn.st('DELETE FROM event_arguments WHERE event_id = ?').run(eventId);
    args.forEach((a, i) => {
      const [m, ev] = linkTarget(a.mentionId);
      if (m === null && ev === null) throw new StoreError('invalid-argument', `invalid mention or event id ${JSON.stringify(a.mentionId)}`);
      this.conn.st('INSERT INTO event_arguments (event_id, position, role, mention_id, arg_event_id) VALUES (?, ?, ?, ?, ?)').run(eventId, i, a.role, m, ev);
    });
  }

  /** Sets the given fields (type, arguments — all replaced —, attributes, note) and updated_at. */
  update(
    id: string,
    change: EventChange,
  ): EventMention {
    return this.conn.transaction(() => {
      const n = this.rows.update(id, change);
      if (change.arguments !== undefined) this.writeArguments(n, change.arguments);
      return this.get(id) as EventMention;
    });
  }

  delete(id: string): void {
    this.rows.delete(id);
  }

  /** Number of events per document of one annotator. */
  countsByDocument(annotator: string, ids?: readonly string[]): Map<string, number> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.conn.st(`SELECT doc_id, count(*) AS n FROM events WHERE annotator = ?${only.sql} GROUP BY doc_id`).all(annotator, ...only.params) as {
      doc_id: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.doc_id, r.n]));
  }
}
