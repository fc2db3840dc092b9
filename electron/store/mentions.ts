/** The `mentions` table: entity mentions (spans, fragments, normalisations), their reads for validation and progress, and counts. */
import type { EntityMention, RecordMention, Span } from '../../annotations/model';
import { AnnotationTable } from './annotationTable';
import type { Connection } from './connection';
import { StoreError } from './errors';
import { parseMentionId } from './ids';
import { MENTION_HOLDS_MORE } from './migrations/017_mentions_with_more';
import { MENTION_COLUMNS, fragmentsJson, normalizationsJson, onlyDocuments, toMention, type MentionRow } from './rows';
import type { MentionChange, NewMention } from './types';

/** What a caller knows of a set when it asks for the mentions to validate (MentionRepository.toValidate). */
export interface SetKnown {
  /** The set's mention types (each once). */
  types?: readonly string[];
  /** How many events and relations the set has (`set_counts`): none, and they are not looked at. */
  events?: number;
  relations?: number;
}

export class MentionRepository {
  private readonly rows: AnnotationTable;

  constructor(private readonly conn: Connection) {
    this.rows = new AnnotationTable(conn, {
      table: 'mentions',
      noun: 'mention',
      parseId: parseMentionId,
      select: MENTION_COLUMNS,
      order: { all: 'start_cp, end_cp, type, annotator, id', one: 'start_cp, end_cp, type, id' },
      own: ['start_cp', 'end_cp', 'fragments_json', 'normalizations_json'],
    });
  }

  /**
   * Mentions of a document, of one annotator or all, ordered by span, type, id; `order` 'id': one
   * annotator's in id order, as the index holds them (no sort: for a caller that sorts them itself).
   */
  list(docId: string, annotator?: string, order: 'span' | 'id' = 'span'): EntityMention[] {
    if (order === 'id' && annotator !== undefined) return this.page(docId, annotator, 0, -1);
    return this.rows.list<MentionRow>(docId, annotator).map(toMention);
  }

  /**
   * One page of a set's mentions in id order, those after id `after` (0: from the first), at most
   * `limit` (-1: all of them): the index on (doc_id, annotator) holds them in that order, so no
   * page sorts the set.
   */
  page(docId: string, annotator: string, after: number, limit: number): EntityMention[] {
    return (
      this.conn.st(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE doc_id = ? AND annotator = ? AND id > ? ORDER BY id LIMIT ?`).all(docId, annotator, after, limit) as MentionRow[]
    ).map(toMention);
  }

  /**
   * A set's mentions with only what a native record shows of them, in no particular order (the
   * record sorts them): id, type and span read from `mentions_unique_span` alone (a covering index:
   * no table row is read), and the mentions holding more (attributes, a note, fragments,
   * normalisations, provenance: migration 017's partial index) read whole. The set's document and
   * annotator are the caller's strings; no timestamps or origin become strings. An export pass's
   * read: at 100,000 documents / 10M mentions, making the rows' objects was a third of its CPU,
   * reading the table rows 6 s more.
   */
  recordMentions(docId: string, annotator: string): RecordMention[] {
    const rows = this.conn
      .st('SELECT id, type, start_cp, end_cp FROM mentions INDEXED BY mentions_unique_span WHERE doc_id = ? AND annotator = ?')
      .raw(true)
      .all(docId, annotator) as [number, string, number, number][];
    const more = this.conn
      .st(`SELECT ${MENTION_COLUMNS} FROM mentions INDEXED BY mentions_with_more WHERE doc_id = ? AND annotator = ? AND ${MENTION_HOLDS_MORE}`)
      .all(docId, annotator) as MentionRow[];
    const whole = new Map(more.map((r) => [r.id, r]));
    const out: RecordMention[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const w = whole.size === 0 ? undefined : whole.get(r[0]);
      out[i] = w !== undefined ? toMention(w) : { id: String(r[0]), docId, annotator, type: r[1], start: r[2], end: r[3] };
    }
    return out;
  }

  /**
   * The same page as `page`, as the rows' columns (no object per mention): each row is [id,
   * type, start, end, origin, created_at, updated_at, more], `more` 1 when the mention holds
   * more (attributes, a note, provenance, fragments or normalisations: `get` reads it whole).
   * A 200,000-mention set is read in four of these for the window (mentions.page).
   */
  pageRows(docId: string, annotator: string, after: number, limit: number): [number, string, number, number, string, string, string, number][] {
    return this.conn
      .st(
        `SELECT id, type, start_cp, end_cp, origin, created_at, updated_at,
            coalesce(attributes_json <> '{}', 1) OR note <> '' OR provenance_json IS NOT NULL OR fragments_json IS NOT NULL OR normalizations_json IS NOT NULL
          FROM mentions WHERE doc_id = ? AND annotator = ? AND id > ? ORDER BY id LIMIT ?`,
      )
      .raw(true)
      .all(docId, annotator, after, limit) as [number, string, number, number, string, string, string, number][];
  }

  /**
   * The mentions of a set starting in [from, to) (code points), in id order, as `pageRows` gives
   * them: found per type in `mentions_unique_span` (doc, annotator, type, start, …), so a page of
   * the first screen's mentions reads only those, not the set.
   */
  positionRows(docId: string, annotator: string, from: number, to: number): [number, string, number, number, string, string, string, number][] {
    return this.conn
      .st(
        `SELECT m.id, m.type, m.start_cp, m.end_cp, m.origin, m.created_at, m.updated_at,
            coalesce(m.attributes_json <> '{}', 1) OR m.note <> '' OR m.provenance_json IS NOT NULL OR m.fragments_json IS NOT NULL OR m.normalizations_json IS NOT NULL
          FROM json_each(?) u CROSS JOIN mentions m INDEXED BY mentions_unique_span
            ON m.doc_id = ? AND m.annotator = ? AND m.type = u.value AND m.start_cp >= ? AND m.start_cp < ?
          ORDER BY m.id`,
      )
      .raw(true)
      .all(JSON.stringify(this.typesOf(docId, annotator)), docId, annotator, from, to) as [number, string, number, number, string, string, string, number][];
  }

  /** The types a set's mentions have, each found by seeking to the next in `mentions_unique_span`. */
  typesOf(docId: string, annotator: string): string[] {
    const next = this.conn.st('SELECT type FROM mentions WHERE doc_id = ? AND annotator = ? AND type > ? ORDER BY type LIMIT 1').pluck();
    const out: string[] = [];
    for (let type = next.get(docId, annotator, '') as string | undefined; type !== undefined; type = next.get(docId, annotator, type) as string | undefined) out.push(type);
    return out;
  }

  /** The id before the `offset`-th mention of a set in id order (0: from the first; null: the set has no more), from the index alone. */
  idBefore(docId: string, annotator: string, offset: number): number | null {
    if (offset === 0) return 0;
    const id = this.conn.st('SELECT id FROM mentions WHERE doc_id = ? AND annotator = ? ORDER BY id LIMIT 1 OFFSET ?').pluck().get(docId, annotator, offset) as number | undefined;
    return id === undefined ? null : id - 1;
  }

  /** How many mentions a set has. */
  count(docId: string, annotator: string): number {
    return (this.conn.st('SELECT count(*) AS n FROM mentions WHERE doc_id = ? AND annotator = ?').get(docId, annotator) as { n: number }).n;
  }

  /** All mentions of one annotator in the project, ordered by document id then span. */
  listOfAnnotator(annotator: string): EntityMention[] {
    return (
      this.conn.st(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE annotator = ? ORDER BY doc_id, start_cp, end_cp, type, id`).all(
        annotator,
      ) as MentionRow[]
    ).map(toMention);
  }

  /**
   * The mentions of one annotator's document that validation must see, in `list` order:
   * those with attributes, those whose type is not in `plainTypes` (the schema's usable entity
   * types), and those an event or relation of that annotator points at. The rest cannot have a
   * problem, and a long document has hundreds of thousands of them, so each part is found from an
   * index without reading them: the mentions with attributes from a partial index (migration
   * 012), the set's types by seeking from one to the next in `mentions_unique_span`. `known`: what
   * the caller read of the set already (its types, e.g. with `typedSpansByType`; its events and
   * relations counted in `set_counts`), so that no part known to be empty is looked for.
   */
  toValidate(docId: string, annotator: string, plainTypes: readonly string[], known?: SetKnown): EntityMention[] {
    const plain = new Set(plainTypes);
    const unknown = (known?.types ?? this.typesOf(docId, annotator)).filter((type) => !plain.has(type));
    // The ids first, each part from its index; then those rows by id (CROSS JOIN keeps that
    // order: left alone, the planner reads the whole set and tests each id). A part the caller
    // knows to be empty (no events, no relations, no type outside the schema) is left out.
    const parts = ["SELECT id FROM mentions WHERE doc_id = @doc AND annotator = @who AND attributes_json IS NOT NULL AND attributes_json <> '{}'"];
    if (unknown.length > 0) parts.push('SELECT m.id FROM json_each(@unknown) u CROSS JOIN mentions m INDEXED BY mentions_unique_span ON m.doc_id = @doc AND m.annotator = @who AND m.type = u.value');
    if (known?.events !== 0) parts.push('SELECT a.mention_id FROM events e CROSS JOIN event_arguments a ON a.event_id = e.id WHERE e.doc_id = @doc AND e.annotator = @who AND a.mention_id IS NOT NULL');
    if (known?.relations !== 0) {
      parts.push('SELECT arg1 FROM relations WHERE doc_id = @doc AND annotator = @who AND arg1 IS NOT NULL');
      parts.push('SELECT arg2 FROM relations WHERE doc_id = @doc AND annotator = @who AND arg2 IS NOT NULL');
    }
    const sql =
      parts.length === 1
        ? // Only the mentions with attributes (the list's figures of a plain set: a seek in the partial index, no temporary b-trees).
          `SELECT ${MENTION_COLUMNS} FROM mentions INDEXED BY mentions_with_attributes WHERE doc_id = @doc AND annotator = @who AND attributes_json IS NOT NULL AND attributes_json <> '{}'
            ORDER BY start_cp, end_cp, type, id`
        : `WITH wanted(mid) AS (${parts.join(' UNION ')})
            SELECT ${MENTION_COLUMNS} FROM wanted CROSS JOIN mentions ON mentions.id = wanted.mid
            WHERE doc_id = @doc AND annotator = @who
            ORDER BY start_cp, end_cp, type, id`;
    const params: Record<string, string> = { doc: docId, who: annotator };
    if (unknown.length > 0) params.unknown = JSON.stringify(unknown);
    return (this.conn.st(sql).all(params) as MentionRow[]).map(toMention);
  }

  /** Just the spans of one annotator's mentions of a document, in text order (progress needs no more). */
  spans(docId: string, annotator: string): Span[] {
    const rows = this.conn.st('SELECT start_cp, end_cp FROM mentions WHERE doc_id = ? AND annotator = ? ORDER BY start_cp, end_cp')
      .raw(true)
      .all(docId, annotator) as [number, number][];
    return rows.map(([start, end]) => ({ start, end }));
  }

  /**
   * A set's mentions as [type, start, end] rows in the order of `mentions_unique_span` (type, then
   * span): one walk of that covering index, no table row read and no sort. The list's figures of a
   * set (its progress needs every span, its problem count the types: overview.ts) read this once.
   */
  typedSpansByType(docId: string, annotator: string): [string, number, number][] {
    return this.conn
      .st('SELECT type, start_cp, end_cp FROM mentions INDEXED BY mentions_unique_span WHERE doc_id = ? AND annotator = ?')
      .raw(true)
      .all(docId, annotator) as [string, number, number][];
  }

  /** One annotator's mentions of a document as bare typed spans, in text order (suggestions compare them by position). */
  typedSpans(docId: string, annotator: string): { start: number; end: number; type: string }[] {
    const rows = this.conn.st('SELECT start_cp, end_cp, type FROM mentions WHERE doc_id = ? AND annotator = ? ORDER BY start_cp, end_cp, type')
      .raw(true)
      .all(docId, annotator) as [number, number, string][];
    return rows.map(([start, end, type]) => ({ start, end, type }));
  }

  /**
   * Per document, a digest of one annotator's mention spans (count and sums over start/end),
   * computed in SQLite without materialising the mentions: documents.list recomputes a
   * document's progress only when its digest changed.
   */
  spanDigests(annotator: string, ids?: readonly string[]): Map<string, string> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.conn.st(
      `SELECT doc_id AS d, count(*) AS n, sum(start_cp) AS s, sum(end_cp) AS e, sum((start_cp * 1000003 + end_cp * 7919) % 1000000007) AS h
         FROM mentions WHERE annotator = ?${only.sql} GROUP BY doc_id`,
    ).all(annotator, ...only.params) as { d: string; n: number; s: number; e: number; h: number }[];
    return new Map(rows.map((r) => [r.d, `${r.n}:${r.s}:${r.e}:${r.h}`]));
  }

  get(id: string): EntityMention | null {
    const row = this.rows.get<MentionRow>(id);
    return row === undefined ? null : toMention(row);
  }

  /** The id of an identical mention (same document, annotator, type, span and fragments), if there is one. */
  findDuplicate(m: { docId: string; annotator: string; type: string; start: number; end: number; fragments?: Span[] }): string | null {
    const row = this.conn.st(
      'SELECT id FROM mentions WHERE doc_id = ? AND annotator = ? AND type = ? AND start_cp = ? AND end_cp = ? AND fragments_json IS ?',
    ).get(m.docId, m.annotator, m.type, m.start, m.end, fragmentsJson(m.fragments)) as { id: number } | undefined;
    return row === undefined ? null : String(row.id);
  }

  insert(m: NewMention): EntityMention {
    return this.conn.transaction(() => {
      const n = this.rows.insert(m, () => [m.start, m.end, fragmentsJson(m.fragments), normalizationsJson(m.normalizations)]);
      const created = this.get(String(n));
      if (created === null) throw new StoreError('internal', 'inserted mention vanished');
      return created;
    });
  }

  /** Sets type, attributes, note and/or normalisations (those given) and updated_at; returns the mention after the change. */
  update(
    id: string,
    change: MentionChange,
  ): EntityMention {
    return this.conn.transaction(() => {
      const n = this.rows.update(id, change);
      if (change.normalizations !== undefined) this.conn.st('UPDATE mentions SET normalizations_json = ? WHERE id = ?').run(normalizationsJson(change.normalizations), n);
      return this.get(id) as EntityMention;
    });
  }

  delete(id: string): void {
    this.rows.delete(id);
  }

  /** Number of mentions per type, all annotators. */
  countsByType(): Map<string, number> {
    const rows = this.conn.st('SELECT type, count(*) AS n FROM mentions GROUP BY type ORDER BY type').all() as { type: string; n: number }[];
    return new Map(rows.map((r) => [r.type, r.n]));
  }

  /** Number of mentions per annotator (only annotators with mentions). */
  countsByAnnotator(): Map<string, number> {
    const rows = this.conn.st('SELECT annotator, count(*) AS n FROM mentions GROUP BY annotator ORDER BY annotator').all() as {
      annotator: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.annotator, r.n]));
  }

  /** Number of mentions per document, of one annotator or of all. Documents without mentions are absent. */
  countsByDocument(annotator?: string): Map<string, number> {
    const rows = (
      annotator === undefined
        ? this.conn.st('SELECT doc_id, count(*) AS n FROM mentions GROUP BY doc_id').all()
        : this.conn.st('SELECT doc_id, count(*) AS n FROM mentions WHERE annotator = ? GROUP BY doc_id').all(annotator)
    ) as { doc_id: string; n: number }[];
    return new Map(rows.map((r) => [r.doc_id, r.n]));
  }
}
