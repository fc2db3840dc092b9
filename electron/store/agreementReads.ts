/**
 * The reads of corpus agreement (electron/service/agreement.ts), in bulk: a corpus of 10,000
 * documents is a handful of statements, not tens of thousands; mentions come as bare spans.
 * And the project's change counter, the key of the agreement cache.
 */
import type { SpanColumns } from '../../annotations/agreement';
import type { Connection } from './connection';

/** A mention as agreement sees it: the API id, type and span. */
export interface AgreementSpan {
  id: string;
  type: string;
  start: number;
  end: number;
}

export class AgreementReads {
  constructor(private readonly conn: Connection) {}

  /**
   * A number that changes whenever the project's data may have changed: rows written through this
   * connection (SQLite's total_changes(): every insert, update and delete, whatever the table) and
   * commits by other connections (PRAGMA data_version: the CLI, an exchange import from another
   * process). It may change without an annotation changing (a setting); bookkeeping writes (the
   * progress kept with each set) do not move it (`Connection.bookkeeping`); it never stays the same
   * across a change.
   */
  changeCounter(): string {
    return this.conn.changeCounter();
  }

  /**
   * Per document, which of `annotators` annotated it (a mention, event or relation, or a status,
   * flags or note): from `set_counts` (kept by triggers on every write to those tables) and
   * `document_meta`, one row per annotated set, not per annotation.
   */
  annotatorsByDocument(annotators: readonly string[]): Map<string, Set<string>> {
    const who = JSON.stringify(annotators);
    const rows = this.conn
      .st(
        `SELECT doc_id, annotator FROM set_counts WHERE annotator IN (SELECT value FROM json_each(@who)) AND mentions + events + relations > 0
         UNION SELECT doc_id, annotator FROM document_meta WHERE annotator IN (SELECT value FROM json_each(@who))`,
      )
      .raw(true)
      .all({ who }) as [string, string][];
    const out = new Map<string, Set<string>>();
    for (const [doc, a] of rows) {
      let s = out.get(doc);
      if (!s) out.set(doc, (s = new Set()));
      s.add(a);
    }
    return out;
  }

  /**
   * Every mention of `annotator` as id, type and span, per document, each document's in the
   * order of `mentions.list` (span, type, id).
   */
  spans(annotator: string): Map<string, AgreementSpan[]> {
    const rows = this.conn
      .st('SELECT doc_id, id, type, start_cp, end_cp FROM mentions WHERE annotator = ? ORDER BY doc_id, start_cp, end_cp, type, id')
      .raw(true)
      .all(annotator) as [string, number, string, number, number][];
    const out = new Map<string, AgreementSpan[]>();
    let doc = '';
    let list: AgreementSpan[] = [];
    for (const [d, id, type, start, end] of rows) {
      if (d !== doc || out.size === 0) {
        doc = d;
        list = out.get(d) ?? [];
        out.set(d, list);
      }
      list.push({ id: String(id), type, start, end });
    }
    return out;
  }

  /**
   * Every mention of `annotator` as columns per document (see `SpanColumns`): one query for the
   * whole set, its spans as three JSON arrays in mention order (document, start, end, type), and
   * how many each document has (`set_counts`); each document's columns are views of the set's typed
   * arrays. No object per mention. Types are numbered by `number` (a `LabelNumbers`' number).
   */
  spanColumns(annotator: string, number: (type: string) => number): Map<string, SpanColumns> {
    const [starts, ends, types] = this.conn
      .st(
        `SELECT json_group_array(start_cp), json_group_array(end_cp), json_group_array(type)
         FROM (SELECT start_cp, end_cp, type FROM mentions WHERE annotator = ? ORDER BY doc_id, start_cp, end_cp, type)`,
      )
      .raw(true)
      .get(annotator) as [string, string, string];
    const s = Int32Array.from(JSON.parse(starts) as number[]);
    // how many each document has: from set_counts (kept by triggers), else counted
    let docs = this.conn.st('SELECT doc_id, mentions FROM set_counts WHERE annotator = ? AND mentions > 0 ORDER BY doc_id').raw(true).all(annotator) as [string, number][];
    if (docs.reduce((n, [, c]) => n + c, 0) !== s.length) {
      docs = this.conn.st('SELECT doc_id, count(*) FROM mentions WHERE annotator = ? GROUP BY doc_id ORDER BY doc_id').raw(true).all(annotator) as [string, number][];
    }
    const e = Int32Array.from(JSON.parse(ends) as number[]);
    const names = JSON.parse(types) as string[];
    const t = new Int32Array(names.length);
    let last = '';
    let code = 0;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (i === 0 || name !== last) code = number((last = name));
      t[i] = code;
    }
    const out = new Map<string, SpanColumns>();
    let at = 0;
    for (const [doc, count] of docs) {
      const to = at + count;
      out.set(doc, { count, starts: s.subarray(at, to), ends: e.subarray(at, to), types: t.subarray(at, to) });
      at = to;
    }
    if (at !== s.length) throw new Error(`the mentions of ${annotator} changed while read (${s.length} spans, ${at} counted by document)`);
    return out;
  }

  /**
   * The annotation sets of `annotators` that have a row in `set_counts` (a set gets one with its
   * first annotation and keeps it: rows are only ever added, so the same number of rows is the
   * same sets in the same order), in (document id, annotator name) order, as columns: the
   * annotator's index in `annotators`, the set's stamp (raised by every write to its mentions,
   * events, relations or event arguments, whichever path wrote it), its numbers of mentions and
   * events, whether it has an annotation; with `ids`, each row's document (else only the numbers,
   * the cheap check of what changed). One statement, each column one text of numbers.
   */
  setCounts(annotators: readonly string[], ids: boolean): { docs: string[] | null; annotator: Int32Array; stamp: Float64Array; mentions: Int32Array; events: Int32Array; annotated: Int32Array } {
    const params: Record<string, string> = { who: JSON.stringify(annotators) };
    const index = annotators.map((a, i) => {
      params[`a${i}`] = a;
      return `WHEN @a${i} THEN ${i}`;
    });
    const row = this.conn
      .st(
        `SELECT ${ids ? 'json_group_array(doc_id)' : 'NULL'}, group_concat(CASE annotator ${index.join(' ')} END), group_concat(stamp), group_concat(mentions), group_concat(events), group_concat(mentions + events + relations > 0)
         FROM (SELECT doc_id, annotator, stamp, mentions, events, relations FROM set_counts WHERE annotator IN (SELECT value FROM json_each(@who)) ORDER BY doc_id, annotator)`,
      )
      .raw(true)
      .get(params) as [string | null, string | null, string | null, string | null, string | null, string | null];
    return {
      docs: row[0] === null ? null : (JSON.parse(row[0]) as string[]),
      annotator: decimals(row[1]),
      stamp: Float64Array.from(decimals(row[2])),
      mentions: decimals(row[3]),
      events: decimals(row[4]),
      annotated: decimals(row[5]),
    };
  }

  /**
   * The sets of `annotators` annotated by a status, flags or a note only (no annotation): per such
   * set its document and the annotator's index, in (document, annotator) order.
   */
  metaOnly(annotators: readonly string[]): Array<[string, number]> {
    const rows = this.conn
      .st(
        `SELECT m.doc_id, m.annotator FROM document_meta m WHERE m.annotator IN (SELECT value FROM json_each(@who))
           AND NOT EXISTS (SELECT 1 FROM set_counts c WHERE c.doc_id = m.doc_id AND c.annotator = m.annotator AND c.mentions + c.events + c.relations > 0)
         ORDER BY m.doc_id, m.annotator`,
      )
      .raw(true)
      .all({ who: JSON.stringify(annotators) }) as [string, string][];
    return rows.map(([doc, a]) => [doc, annotators.indexOf(a)]);
  }

  /**
   * The mentions of `annotators` (of the documents `ids`, or all) as one set of columns (see
   * `SpanColumns`) in (document id, annotator name) order, as `setStates` lists the sets, so each
   * set's mentions are the next `mentions` of its row; within a set, in the order of the unique
   * span index (type, start, end: agreement puts them in mention order itself). One statement
   * read along that index (no sort), each column one text of decimal numbers: the types numbered
   * by `number` in SQL (the project's type names found first by skipping along the type index).
   */
  setColumns(annotators: readonly string[], number: (type: string) => number, ids?: readonly string[]): SpanColumns {
    const types = this.conn
      .st('WITH RECURSIVE t(x) AS (SELECT min(type) FROM mentions UNION ALL SELECT (SELECT min(type) FROM mentions WHERE type > t.x) FROM t WHERE t.x IS NOT NULL) SELECT x FROM t WHERE x IS NOT NULL')
      .pluck()
      .all() as string[];
    const params: Record<string, string> = { who: JSON.stringify(annotators) };
    const cases = types.map((type, i) => {
      params[`t${i}`] = type;
      // an integer in the text: a bound JS number would be a REAL ("3.0")
      return `WHEN @t${i} THEN ${Math.trunc(number(type))}`;
    });
    const only = ids === undefined ? '' : ' AND doc_id IN (SELECT value FROM json_each(@ids))';
    if (ids !== undefined) params.ids = JSON.stringify(ids);
    const [starts, ends, numbers] = this.conn
      .st(
        `SELECT group_concat(start_cp), group_concat(end_cp), group_concat(${types.length === 0 ? '0' : `CASE type ${cases.join(' ')} ELSE 0 END`})
         FROM (SELECT start_cp, end_cp, type FROM mentions WHERE annotator IN (SELECT value FROM json_each(@who))${only} ORDER BY doc_id, annotator, type, start_cp, end_cp)`,
      )
      .raw(true)
      .get(params) as [string | null, string | null, string | null];
    const t = decimals(numbers);
    if (t.includes(0)) throw new Error('a type of a mention was not found among the types of the project while read');
    return { count: t.length, starts: decimals(starts), ends: decimals(ends), types: t };
  }

  /** How many documents the project has. */
  documentCount(): number {
    return (this.conn.st('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  /** Every document's id and name, in the document list's order (`documents.list` without the rest). */
  documentNames(): { id: string; name: string }[] {
    return this.conn.st('SELECT id, name FROM documents ORDER BY seq, id').all() as { id: string; name: string }[];
  }

  /** The texts of the documents `ids`, by id. */
  texts(ids: readonly string[]): Map<string, string> {
    const rows = this.conn.st('SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))').raw(true).all(JSON.stringify(ids)) as [string, string][];
    return new Map(rows);
  }
}

/** The numbers of a text of decimal integers separated by commas (SQLite's group_concat of integers; null: none). */
function decimals(text: string | null): Int32Array {
  if (text === null || text.length === 0) return new Int32Array(0);
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) n++;
  const out = new Int32Array(n);
  let k = 0;
  let v = 0;
  let negative = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      out[k++] = negative ? -v : v;
      v = 0;
      negative = false;
    } else if (c === 45) negative = true;
    else v = v * 10 + (c - 48);
  }
  out[k] = negative ? -v : v;
  return out;
}
