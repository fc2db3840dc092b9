/**
 * The document list's filter and sort, and the corpus dashboard's figures, in SQL (migration 010):
 * `set_counts` (per set: mentions, events, relations and a stamp every write raises, kept by
 * triggers), `document_checks` (validation problems per set, a cache keyed by stamp and schema
 * version) and each set's progress figure with the stamp it was computed at (014). The covering
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
  offset: number;
  limit: number;
}

export interface SetCounts {
  mentions: number;
  events: number;
  relations: number;
  stamp: number;
}

/**
 * When the sort by progress reads its two groups (store/overview.ts `progressPage`): pages ending
 * within `pageWalk` rows of the top, and a walk through the documents at 0 expected within
 * `zeroWalk` rows. Tests set them to force either way.
 */
export const PROGRESS_SORT = { pageWalk: 2000, zeroWalk: 20000 };

/** A set whose progress figure is current and above 0: exactly the rows of `set_counts_progress_order` (migration 015). */
const PROGRESS_ABOVE_0 = 'c.mentions > 0 AND c.progress_stamp = c.stamp AND c.progress > 0';

const STATUS_RANK = "CASE coalesce(m.status, 'not-started') WHEN 'not-started' THEN 0 WHEN 'in-progress' THEN 1 ELSE 2 END";

export class OverviewRepository {
  constructor(private readonly conn: Connection) {}

  /** The ids of one page of the filtered, sorted list, the number of documents matching, and of all. */
  page(q: DocumentListQuery): { ids: string[]; total: number; all: number } {
    const where: string[] = [];
    // The count of a filter alone, read from its own index (documents not visited).
    const alone: string[] = [];
    const params: Record<string, unknown> = {
      me: q.annotator ?? '',
      sv: q.schemaVersion,
      limit: q.limit,
      offset: q.offset,
    };
    // Each filter is a set of documents read from its own index (migration 012), never a test of
    // every document's row: the page walks the sort's index and stops at `limit`, the count reads
    // the sets. (Only "not started" is what is left after the others, and problems and progress
    // are caches brought up to date first.)
    const joinMeta = q.sort === 'status';
    const joinCounts = q.problems !== undefined || q.sort === 'progress';
    const joinChecks = q.problems !== undefined;
    const joinChanges = q.sort === 'changed';
    if (q.name !== undefined && q.name !== '') {
      if (/[\\%_]/.test(q.name)) {
        where.push("d.name LIKE '%' || @name || '%' ESCAPE '\\'");
        params.name = q.name.replace(/[\\%_]/g, (c) => `\\${c}`);
      } else {
        // The trigram index finds the candidates (3 characters or more), SQLite's LIKE checks them.
        where.push("d.seq IN (SELECT rowid FROM document_names WHERE name LIKE '%' || @name || '%')");
        alone.push("SELECT count(*) AS n FROM document_names WHERE name LIKE '%' || @name || '%'");
        params.name = q.name;
      }
    }
    if (q.lang !== undefined) {
      where.push(`d.lang IN (${q.lang.map((_, i) => `@lang${i}`).join(', ') || 'NULL'})`);
      q.lang.forEach((l, i) => (params[`lang${i}`] = l));
    }
    if (q.status !== undefined) {
      const started = q.status.filter((x) => x !== 'not-started');
      const bind = (xs: readonly string[]) => xs.map((x, i) => ((params[`status${i}`] = x), `@status${i}`)).join(', ') || 'NULL';
      if (q.status.includes('not-started')) {
        // Not started: no status row, or one saying so; what is left is those with another status.
        const others = (['in-progress', 'done'] as const).filter((x) => !started.includes(x));
        if (others.length > 0) {
          const sub = `SELECT doc_id FROM document_meta WHERE annotator = @me AND status IN (${bind(others)})`;
          where.push(`+d.id NOT IN (${sub})`);
          alone.push(`SELECT (SELECT count(*) FROM documents) - count(*) AS n FROM (${sub})`);
        }
      } else {
        const sub = `SELECT doc_id FROM document_meta WHERE annotator = @me AND status IN (${bind(started)})`;
        where.push(`+d.id IN (${sub})`);
        alone.push(`SELECT count(*) AS n FROM (${sub})`);
      }
    }
    if (q.by !== undefined) {
      // Usually most documents: the page tests each in order (two key lookups) and stops at `limit`;
      // the count adds the annotated sets (a partial index) and the documents with only a status row.
      where.push(`(EXISTS (SELECT 1 FROM set_counts b WHERE b.doc_id = d.id AND b.annotator = @by AND b.mentions + b.events + b.relations > 0)
        OR EXISTS (SELECT 1 FROM document_meta bm WHERE bm.doc_id = d.id AND bm.annotator = @by))`);
      alone.push(`SELECT coalesce((SELECT documents FROM annotated_totals WHERE annotator = @by), 0)
        + (SELECT count(*) FROM document_meta bm WHERE bm.annotator = @by AND NOT EXISTS
            (SELECT 1 FROM set_counts b WHERE b.doc_id = bm.doc_id AND b.annotator = @by AND b.mentions + b.events + b.relations > 0)) AS n`);
      params.by = q.by;
    }
    if (q.flags !== undefined && q.flags.length > 0) {
      const sub = 'SELECT doc_id FROM document_flags WHERE annotator = @me AND flag IN (SELECT value FROM json_each(@flags)) GROUP BY doc_id HAVING count(*) = @nflags';
      where.push(`+d.id IN (${sub})`);
      alone.push(`SELECT count(*) AS n FROM (${sub})`);
      params.flags = JSON.stringify(q.flags);
      params.nflags = new Set(q.flags).size;
    }
    if (q.problems !== undefined) where.push(q.problems ? 'coalesce(k.problems, 0) > 0' : 'coalesce(k.problems, 0) = 0');
    const from = [
      'FROM documents d',
      joinMeta ? 'LEFT JOIN document_meta m ON m.doc_id = d.id AND m.annotator = @me' : '',
      joinCounts ? 'LEFT JOIN set_counts c ON c.doc_id = d.id AND c.annotator = @me' : '',
      joinChecks ? 'LEFT JOIN document_checks k ON k.doc_id = d.id AND k.annotator = @me AND k.stamp = c.stamp AND k.schema_version = @sv' : '',
      joinChanges ? 'JOIN document_changes dc ON dc.doc_id = d.id' : '',
      where.length > 0 ? `WHERE ${where.join(' AND ')}` : '',
    ]
      .filter((s) => s !== '')
      .join(' ');
    const dir = q.desc ? 'DESC' : 'ASC';
    const used = (s: string) => Object.fromEntries(Object.entries(params).filter(([k]) => s.includes(`@${k}`)));
    const all = (this.conn.st('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    let ids: string[];
    if (q.sort === 'progress') {
      ids = this.progressPage(q, where, from, joinChecks, all, used);
    } else {
      const key = {
        order: `d.seq ${dir}`,
        name: `d.name ${dir}, d.seq ${dir}`,
        status: `${STATUS_RANK} ${dir}, d.seq ${dir}`,
        size: `d.length_cp ${dir}, d.seq ${dir}`,
        // document_changes_order holds (changed_at, seq): the sort reads it in order
        changed: `dc.changed_at ${dir}, dc.seq ${dir}`,
      }[q.sort];
      const sql = `SELECT d.id AS id ${from} ORDER BY ${key} LIMIT @limit OFFSET @offset`;
      ids = (this.conn.st(sql).all(used(sql)) as { id: string }[]).map((r) => r.id);
    }
    let total = all;
    if (where.length > 0) {
      // `+d.id IN (set)` makes the page walk its sort's index and test each document against the
      // set (it stops at `limit`); a count instead goes from the sets to the documents, or reads
      // a filter's own index when it is the only one.
      const count = where.length === 1 && alone.length === 1 && !joinChecks ? (alone[0] as string) : `SELECT count(*) AS n ${from.replaceAll('+d.id', 'd.id')}`;
      total = (this.conn.st(count).get(used(count)) as { n: number }).n;
    }
    return { ids, total, all };
  }

  /**
   * One page of the list sorted by progress: a set's figure when it is current, else 0; ties in
   * the documents' order, both in the sort's direction. Near the top of the list (the page ends
   * within `PROGRESS_SORT.pageWalk` rows) it is read as two groups, each in its order, never the
   * corpus sorted: the sets above 0 from `set_counts_progress_order` (migration 015; only ties are
   * sorted) and the documents at 0 walking the documents' order (descending, the sets above 0 come
   * first; ascending, the documents at 0). The documents at 0 are walked only where they are not
   * rare (the rows a walk is expected to read, from their share of the corpus, within
   * `PROGRESS_SORT.zeroWalk`); when there are none, only the first group is read. Deeper pages, and a walk through rare documents at 0, sort
   * the corpus as a single query (`whole`: the list's own FROM and WHERE). Both ways give the same
   * pages (test/store/progressOrder.test.ts forces each).
   */
  private progressPage(q: DocumentListQuery, where: readonly string[], whole: string, joinChecks: boolean, all: number, used: (sql: string) => Record<string, unknown>): string[] {
    const dir = q.desc ? 'DESC' : 'ASC';
    const read = (group: { from: string; order: string }, limit: number, offset: number): string[] => {
      const sql = `SELECT d.id AS id ${group.from} ORDER BY ${group.order} LIMIT @limit OFFSET @offset`;
      return (this.conn.st(sql).all({ ...used(sql), limit, offset }) as { id: string }[]).map((r) => r.id);
    };
    const sorted = () => read({ from: whole, order: `CASE WHEN ${PROGRESS_ABOVE_0} THEN c.progress ELSE 0 END ${dir}, d.seq ${dir}` }, q.limit, q.offset);
    const walk = q.offset + q.limit;
    if (walk > PROGRESS_SORT.pageWalk) return sorted();
    const checks = joinChecks ? ' LEFT JOIN document_checks k ON k.doc_id = d.id AND k.annotator = @me AND k.stamp = c.stamp AND k.schema_version = @sv' : '';
    const and = where.map((w) => ` AND ${w}`).join('');
    const above = {
      from: `FROM set_counts c JOIN documents d ON d.id = c.doc_id${checks} WHERE c.annotator = @me AND ${PROGRESS_ABOVE_0}${and}`,
      order: `c.progress ${dir}, d.seq ${dir}`,
    };
    const atZero = {
      from: `FROM documents d LEFT JOIN set_counts c ON c.doc_id = d.id AND c.annotator = @me${checks} WHERE NOT coalesce(${PROGRESS_ABOVE_0}, 0)${and}`,
      order: `d.seq ${dir}`,
    };
    // The documents at 0 in the corpus (the index counted, without the filters): none, then there
    // is no group to walk; else the rows a walk reads to find `rows` of them, if they are spread evenly.
    const zeros = all - (this.conn.st(`SELECT count(*) AS n FROM set_counts c WHERE c.annotator = @me AND ${PROGRESS_ABOVE_0}`).get({ me: q.annotator ?? '' }) as { n: number }).n;
    const zeroWalk = (rows: number) => (rows * all) / zeros;
    if (zeros === 0) return read(above, q.limit, q.offset);
    if (!q.desc && zeroWalk(walk) > PROGRESS_SORT.zeroWalk) return sorted();
    const [first, second] = q.desc ? [above, atZero] : [atZero, above];
    const ids = read(first, q.limit, q.offset);
    if (ids.length < q.limit) {
      // the first group ends on this page, or before it (then counted: it is within `walk` rows)
      const before = ids.length > 0 || q.offset === 0 ? q.offset + ids.length : (this.conn.st(`SELECT count(*) AS n ${first.from}`).get(used(first.from)) as { n: number }).n;
      const offset = Math.max(0, q.offset - before);
      if (q.desc && zeroWalk(offset + q.limit - ids.length) > PROGRESS_SORT.zeroWalk) return sorted();
      ids.push(...read(second, q.limit - ids.length, offset));
    }
    return ids;
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
    const row = this.conn.st('SELECT documents AS n FROM annotated_totals WHERE annotator = ?').get(annotator) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  /** The latest change to any set of each document (set_revisions), for those that changed. */
  lastChanges(ids?: readonly string[]): Map<string, string> {
    const only = ids === undefined ? '' : ' WHERE doc_id IN (SELECT value FROM json_each(?))';
    const rows = this.conn
      .st(`SELECT doc_id AS d, max(changed_at) AS at FROM set_revisions${only} GROUP BY doc_id`)
      .all(...(ids === undefined ? [] : [JSON.stringify(ids)])) as { d: string; at: string }[];
    return new Map(rows.map((r) => [r.d, r.at]));
  }

  /** An annotator's sets with mentions whose stored progress is missing or older than the set (migration 014's partial index). */
  staleProgress(annotator: string): { docId: string; stamp: number }[] {
    return this.conn
      .st('SELECT doc_id AS docId, stamp FROM set_counts INDEXED BY set_counts_progress_stale WHERE annotator = ? AND mentions > 0 AND progress_stamp IS NOT stamp')
      .all(annotator) as { docId: string; stamp: number }[];
  }

  /** The sets this connection wrote since `clearWrittenSets` (open.ts's temporary trigger) whose progress is out of date. */
  writtenStaleSets(): { docId: string; annotator: string; stamp: number }[] {
    return this.conn
      .st(
        `SELECT c.doc_id AS docId, c.annotator, c.stamp FROM temp.written_sets w
           JOIN set_counts c ON c.doc_id = w.doc_id AND c.annotator = w.annotator
          WHERE c.mentions > 0 AND c.progress_stamp IS NOT c.stamp`,
      )
      .all() as { docId: string; annotator: string; stamp: number }[];
  }

  /** Whether this connection wrote any set since `clearWrittenSets`. */
  wroteSets(): boolean {
    return this.conn.st('SELECT 1 FROM temp.written_sets LIMIT 1').get() !== undefined;
  }

  clearWrittenSets(): void {
    this.conn.bookkeeping(() => this.conn.st('DELETE FROM temp.written_sets').run());
  }

  /** Commits by other connections since the last call (PRAGMA data_version moved). */
  othersWrote(): boolean {
    const v = this.conn.db.pragma('data_version', { simple: true }) as number;
    const moved = this.lastDataVersion !== null && v !== this.lastDataVersion;
    this.lastDataVersion = v;
    return moved;
  }
  private lastDataVersion: number | null = null;

  /** Every annotator's sets whose progress is out of date, at most `limit` (the same index). */
  staleProgressSets(limit: number): { docId: string; annotator: string; stamp: number }[] {
    return this.conn
      .st('SELECT doc_id AS docId, annotator, stamp FROM set_counts INDEXED BY set_counts_progress_stale WHERE mentions > 0 AND progress_stamp IS NOT stamp LIMIT ?')
      .all(limit) as { docId: string; annotator: string; stamp: number }[];
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

  /** Sum of the current progress figures of an annotator's documents. */
  progressSum(annotator: string): number {
    const row = this.conn
      .st('SELECT coalesce(sum(progress), 0) AS s FROM set_counts WHERE annotator = ? AND mentions > 0 AND progress_stamp = stamp')
      .get(annotator) as { s: number };
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
