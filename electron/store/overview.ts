/**
 * The document list's filter and sort, and the corpus dashboard's figures, in SQL (migration 010):
 * `set_counts` (per set: mentions, events, relations and a stamp every write raises, kept by
 * triggers), `document_checks` (validation problems per set, a cache keyed by stamp and schema
 * version) and `document_progress` (005, keyed by the service with the stamp). The covering
 * indexes over the documents' list columns keep every query here off the texts.
 */
import type { DocumentStatus, Lang } from '../../annotations/model';
import type { Connection } from './connection';

export type DocumentSortKey = 'order' | 'name' | 'status' | 'size' | 'progress' | 'changed';

export interface DocumentListQuery {
  /** Whose status, flags, progress and problems the list shows and filters on (null: nobody's). */
  annotator: string | null;
  /** A part of the name (case-insensitive for Latin letters). */
  name?: string;
  status?: readonly DocumentStatus[];
  lang?: readonly Lang[];
  /** Only documents this annotator has annotations on or a status, flag or note for. */
  by?: string;
  /** Only documents with every one of these flags. */
  flags?: readonly string[];
  /** Only documents whose set has validation problems (true) or has none (false). */
  problems?: boolean;
  sort: DocumentSortKey;
  desc: boolean;
  /** The schema version the problem counts must have been computed with. */
  schemaVersion: number;
  /** The stamp prefix of progress figures computed the current way (the service's). */
  progressStamp: string;
  offset: number;
  limit: number;
}

export interface SetCounts {
  mentions: number;
  events: number;
  relations: number;
  stamp: number;
}

const STATUS_RANK = "CASE coalesce(m.status, 'not-started') WHEN 'not-started' THEN 0 WHEN 'in-progress' THEN 1 ELSE 2 END";
const CHANGED = '(SELECT max(r.changed_at) FROM set_revisions r WHERE r.doc_id = d.id)';

export class OverviewRepository {
  constructor(private readonly conn: Connection) {}

  /** The ids of one page of the filtered, sorted list, the number of documents matching, and of all. */
  page(q: DocumentListQuery): { ids: string[]; total: number; all: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {
      me: q.annotator ?? '',
      sv: q.schemaVersion,
      ps: q.progressStamp,
      limit: q.limit,
      offset: q.offset,
    };
    const joinMeta = q.status !== undefined || q.flags !== undefined || q.sort === 'status';
    const joinCounts = q.problems !== undefined || q.sort === 'progress';
    const joinProgress = q.sort === 'progress';
    const joinChecks = q.problems !== undefined;
    if (q.name !== undefined && q.name !== '') {
      where.push("d.name LIKE '%' || @name || '%' ESCAPE '\\'");
      params.name = q.name.replace(/[\\%_]/g, (c) => `\\${c}`);
    }
    if (q.lang !== undefined) {
      where.push('d.lang IN (SELECT value FROM json_each(@lang))');
      params.lang = JSON.stringify(q.lang);
    }
    if (q.status !== undefined) {
      where.push("coalesce(m.status, 'not-started') IN (SELECT value FROM json_each(@status))");
      params.status = JSON.stringify(q.status);
    }
    if (q.by !== undefined) {
      where.push(`(EXISTS (SELECT 1 FROM set_counts b WHERE b.doc_id = d.id AND b.annotator = @by AND b.mentions + b.events + b.relations > 0)
        OR EXISTS (SELECT 1 FROM document_meta bm WHERE bm.doc_id = d.id AND bm.annotator = @by))`);
      params.by = q.by;
    }
    if (q.flags !== undefined && q.flags.length > 0) {
      where.push('(SELECT count(DISTINCT f.value) FROM json_each(m.flags_json) f WHERE f.value IN (SELECT value FROM json_each(@flags))) = @nflags');
      params.flags = JSON.stringify(q.flags);
      params.nflags = new Set(q.flags).size;
    }
    if (q.problems !== undefined) where.push(q.problems ? 'coalesce(k.problems, 0) > 0' : 'coalesce(k.problems, 0) = 0');
    const from = [
      'FROM documents d',
      joinMeta ? 'LEFT JOIN document_meta m ON m.doc_id = d.id AND m.annotator = @me' : '',
      joinCounts ? 'LEFT JOIN set_counts c ON c.doc_id = d.id AND c.annotator = @me' : '',
      joinProgress ? "LEFT JOIN document_progress p ON p.doc_id = d.id AND p.annotator = @me AND p.digest = @ps || c.stamp" : '',
      joinChecks ? 'LEFT JOIN document_checks k ON k.doc_id = d.id AND k.annotator = @me AND k.stamp = c.stamp AND k.schema_version = @sv' : '',
      where.length > 0 ? `WHERE ${where.join(' AND ')}` : '',
    ]
      .filter((s) => s !== '')
      .join(' ');
    const dir = q.desc ? 'DESC' : 'ASC';
    const key = {
      order: '',
      name: `d.name ${dir}, `,
      status: `${STATUS_RANK} ${dir}, `,
      size: `d.length_cp ${dir}, `,
      progress: `CASE WHEN c.mentions > 0 THEN coalesce(p.progress, 0) ELSE 0 END ${dir}, `,
      changed: `coalesce(${CHANGED}, d.imported_at) ${dir}, `,
    }[q.sort];
    const sql = `SELECT d.id AS id ${from} ORDER BY ${key}d.seq ${dir} LIMIT @limit OFFSET @offset`;
    const used = (s: string) => Object.fromEntries(Object.entries(params).filter(([k]) => s.includes(`@${k}`)));
    const ids = (this.conn.st(sql).all(used(sql)) as { id: string }[]).map((r) => r.id);
    const all = (this.conn.st('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    let total = all;
    if (where.length > 0) {
      const count = `SELECT count(*) AS n ${from}`;
      total = (this.conn.st(count).get(used(count)) as { n: number }).n;
    }
    return { ids, total, all };
  }

  /** Each set's counts and stamp for one annotator (documents without annotations are absent). */
  counts(annotator: string, ids?: readonly string[]): Map<string, SetCounts> {
    const only = ids === undefined ? '' : ' AND doc_id IN (SELECT value FROM json_each(?))';
    const rows = this.conn
      .st(`SELECT doc_id AS d, mentions, events, relations, stamp FROM set_counts WHERE annotator = ?${only}`)
      .all(annotator, ...(ids === undefined ? [] : [JSON.stringify(ids)])) as (SetCounts & { d: string })[];
    return new Map(rows.map(({ d, ...c }) => [d, c]));
  }

  /** Documents an annotator has annotations on. */
  annotated(annotator: string): number {
    return (this.conn.st('SELECT count(*) AS n FROM set_counts WHERE annotator = ? AND mentions + events + relations > 0').get(annotator) as { n: number }).n;
  }

  /** The latest change to any set of each document (set_revisions), for those that changed. */
  lastChanges(ids?: readonly string[]): Map<string, string> {
    const only = ids === undefined ? '' : ' WHERE doc_id IN (SELECT value FROM json_each(?))';
    const rows = this.conn
      .st(`SELECT doc_id AS d, max(changed_at) AS at FROM set_revisions${only} GROUP BY doc_id`)
      .all(...(ids === undefined ? [] : [JSON.stringify(ids)])) as { d: string; at: string }[];
    return new Map(rows.map((r) => [r.d, r.at]));
  }

  /** Documents with an annotator's mentions whose stored progress is missing or older than their set (stamp prefix `ps`). */
  staleProgress(annotator: string, ps: string): { docId: string; stamp: number }[] {
    return this.conn
      .st(
        `SELECT c.doc_id AS docId, c.stamp FROM set_counts c
           LEFT JOIN document_progress p ON p.doc_id = c.doc_id AND p.annotator = c.annotator
          WHERE c.annotator = ? AND c.mentions > 0 AND (p.digest IS NULL OR p.digest <> ? || c.stamp)`,
      )
      .all(annotator, ps) as { docId: string; stamp: number }[];
  }

  /** Sets of an annotator with annotations whose problem count is missing, or older than the set or the schema. */
  staleChecks(annotator: string, schemaVersion: number, ids?: readonly string[]): { docId: string; stamp: number }[] {
    const only = ids === undefined ? '' : ' AND c.doc_id IN (SELECT value FROM json_each(?))';
    return this.conn
      .st(
        `SELECT c.doc_id AS docId, c.stamp FROM set_counts c
           LEFT JOIN document_checks k ON k.doc_id = c.doc_id AND k.annotator = c.annotator
          WHERE c.annotator = ? AND c.mentions + c.events + c.relations > 0${only}
            AND (k.doc_id IS NULL OR k.stamp <> c.stamp OR k.schema_version <> ?)`,
      )
      .all(annotator, ...(ids === undefined ? [] : [JSON.stringify(ids)]), schemaVersion) as { docId: string; stamp: number }[];
  }

  /** Keep problem counts (one transaction). */
  putChecks(annotator: string, schemaVersion: number, rows: readonly { docId: string; stamp: number; problems: number }[]): void {
    if (rows.length === 0) return;
    const put = this.conn.st(
      `INSERT INTO document_checks (doc_id, annotator, stamp, schema_version, problems) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (doc_id, annotator) DO UPDATE SET stamp = excluded.stamp, schema_version = excluded.schema_version, problems = excluded.problems`,
    );
    this.conn.transaction(() => {
      for (const r of rows) put.run(r.docId, annotator, r.stamp, schemaVersion, r.problems);
    });
  }

  /** The current problem counts of one annotator's sets (only sets with annotations and a current count). */
  checks(annotator: string, schemaVersion: number, ids?: readonly string[]): Map<string, number> {
    const only = ids === undefined ? '' : ' AND c.doc_id IN (SELECT value FROM json_each(?))';
    const rows = this.conn
      .st(
        `SELECT c.doc_id AS d, k.problems AS n FROM set_counts c
           JOIN document_checks k ON k.doc_id = c.doc_id AND k.annotator = c.annotator AND k.stamp = c.stamp AND k.schema_version = ?
          WHERE c.annotator = ?${only}`,
      )
      .all(schemaVersion, annotator, ...(ids === undefined ? [] : [JSON.stringify(ids)])) as { d: string; n: number }[];
    return new Map(rows.map((r) => [r.d, r.n]));
  }

  /** Flags in use by an annotator, with the number of documents carrying each, by name. */
  flags(annotator: string): { flag: string; documents: number }[] {
    return this.conn
      .st(
        `SELECT f.value AS flag, count(DISTINCT m.doc_id) AS documents FROM document_meta m, json_each(m.flags_json) f
          WHERE m.annotator = ? GROUP BY f.value ORDER BY f.value`,
      )
      .all(annotator) as { flag: string; documents: number }[];
  }

  // ---- the dashboard's figures -------------------------------------------------------------------

  /** Per annotator with any set: documents annotated, mentions, events, relations. */
  setTotals(): { annotator: string; documents: number; mentions: number; events: number; relations: number }[] {
    return this.conn
      .st(
        `SELECT annotator, sum(mentions + events + relations > 0) AS documents, sum(mentions) AS mentions, sum(events) AS events, sum(relations) AS relations
           FROM set_counts GROUP BY annotator ORDER BY annotator`,
      )
      .all() as { annotator: string; documents: number; mentions: number; events: number; relations: number }[];
  }

  /** Documents per status, per annotator with any status set (not-started is what is left). */
  statusCounts(): { annotator: string; status: DocumentStatus; n: number }[] {
    return this.conn.st('SELECT annotator, status, count(*) AS n FROM document_meta GROUP BY annotator, status ORDER BY annotator, status').all() as {
      annotator: string;
      status: DocumentStatus;
      n: number;
    }[];
  }

  /** Mentions per type and annotator. */
  mentionTypes(): { type: string; annotator: string; n: number }[] {
    return this.conn.st('SELECT type, annotator, count(*) AS n FROM mentions GROUP BY type, annotator ORDER BY type, annotator').all() as {
      type: string;
      annotator: string;
      n: number;
    }[];
  }

  /** Sum of the current progress figures of an annotator's documents (stamp prefix `ps`). */
  progressSum(annotator: string, ps: string): number {
    const row = this.conn
      .st(
        `SELECT coalesce(sum(p.progress), 0) AS s FROM set_counts c
           JOIN document_progress p ON p.doc_id = c.doc_id AND p.annotator = c.annotator AND p.digest = ? || c.stamp
          WHERE c.annotator = ? AND c.mentions > 0`,
      )
      .get(ps, annotator) as { s: number };
    return row.s;
  }

  /** Sets with validation problems (current counts), in document order then annotator. */
  problemSets(schemaVersion: number): { docId: string; name: string; annotator: string; problems: number }[] {
    return this.conn
      .st(
        `SELECT d.id AS docId, d.name AS name, c.annotator AS annotator, k.problems AS problems FROM set_counts c
           JOIN document_checks k ON k.doc_id = c.doc_id AND k.annotator = c.annotator AND k.stamp = c.stamp AND k.schema_version = ?
           JOIN documents d ON d.id = c.doc_id
          WHERE k.problems > 0 ORDER BY d.seq, c.annotator`,
      )
      .all(schemaVersion) as { docId: string; name: string; annotator: string; problems: number }[];
  }
}
