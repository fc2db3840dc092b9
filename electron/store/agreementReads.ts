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
   * process). It may change without an annotation changing (a setting, the progress cache); it never
   * stays the same across a change.
   */
  changeCounter(): string {
    const changes = (this.conn.st('SELECT total_changes() AS n').get() as { n: number }).n;
    const version = this.conn.db.pragma('data_version', { simple: true }) as number;
    return `${changes}.${version}`;
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
