import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Direction, DocumentInfo, DocumentRecord, EntityMention, Lang, Origin, Schema } from '../../annotations/model';
import { StoreError } from './errors';
import { LATEST_SCHEMA_VERSION, QALAM_APPLICATION_ID, migrate, userVersion } from './migrations';

/** Keys of the `settings` table. */
export type SettingKey = 'project_name' | 'current_annotator' | 'created_at';

export interface StoredSchema {
  /** Row version: 1 for the first schema of the project, +1 per replacement. */
  version: number;
  schema: Schema;
  createdAt: string;
}

export interface NewDocument {
  id: string;
  name: string;
  sourcePath: string | null;
  sha256: string;
  text: string;
  lang: Lang;
  dir: Direction;
  length: number;
  importedAt: string;
}

export interface NewMention {
  /** Re-use this id (undo of a delete, redo of a create); omitted → a fresh id. */
  id?: string;
  docId: string;
  type: string;
  start: number;
  end: number;
  annotator: string;
  origin: Origin;
  createdAt: string;
  updatedAt: string;
}

export type ChangeKind = 'create' | 'update' | 'delete';

export interface ChangeEntry {
  seq: number;
  docId: string;
  annotator: string;
  kind: ChangeKind;
  mentionId: string;
  /** The mention before the change (null for a create). */
  before: EntityMention | null;
  /** The mention after the change (null for a delete). */
  after: EntityMention | null;
  undone: boolean;
  at: string;
}

export interface OpenOptions {
  /** Create the file (and initialise it) when it does not exist. Default false. */
  create?: boolean;
  /** Milliseconds to wait for a lock held by another connection. Default 5000. */
  busyTimeoutMs?: number;
}

interface DocumentRow {
  id: string;
  seq: number;
  name: string;
  source_path: string | null;
  sha256: string;
  lang: Lang;
  dir: Direction;
  length_cp: number;
  imported_at: string;
}

interface MentionRow {
  id: number;
  doc_id: string;
  type: string;
  start_cp: number;
  end_cp: number;
  annotator: string;
  origin: Origin;
  created_at: string;
  updated_at: string;
}

interface ChangeRow {
  seq: number;
  doc_id: string;
  annotator: string;
  kind: ChangeKind;
  mention_id: number;
  before_json: string | null;
  after_json: string | null;
  undone: number;
  at: string;
}

const DOC_COLUMNS = 'id, seq, name, source_path, sha256, lang, dir, length_cp, imported_at';
const MENTION_COLUMNS = 'id, doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at';

function toDocumentInfo(r: DocumentRow): DocumentInfo {
  return {
    id: r.id,
    name: r.name,
    sourcePath: r.source_path,
    sha256: r.sha256,
    lang: r.lang,
    dir: r.dir,
    length: r.length_cp,
    importedAt: r.imported_at,
  };
}

function toMention(r: MentionRow): EntityMention {
  return {
    id: String(r.id),
    docId: r.doc_id,
    type: r.type,
    start: r.start_cp,
    end: r.end_cp,
    annotator: r.annotator,
    origin: r.origin,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toChange(r: ChangeRow): ChangeEntry {
  return {
    seq: r.seq,
    docId: r.doc_id,
    annotator: r.annotator,
    kind: r.kind,
    mentionId: String(r.mention_id),
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as EntityMention),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as EntityMention),
    undone: r.undone === 1,
    at: r.at,
  };
}

/** The API exposes mention ids as decimal strings of the SQLite rowid. Anything else is no id. */
export function parseMentionId(id: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : null;
}

function isNotADatabase(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Opens (and with `create`, creates) a Qalam project file: one SQLite database in WAL mode with
 * foreign keys on, migrated to the latest schema. Refuses non-SQLite files, SQLite files of other
 * applications and files written by a newer Qalam.
 */
export function openProject(path: string, options: OpenOptions = {}): Store {
  const file = resolve(path);
  const create = options.create ?? false;
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) {
      throw new StoreError('invalid-argument', `${file} is a folder, not a Qalam project file`, { file });
    }
  } else if (!create) {
    throw new StoreError('not-found', `${file}: no such project file`, { file });
  }

  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: !create, timeout: options.busyTimeoutMs ?? 5000 });
  } catch (e) {
    throw new StoreError('internal', `cannot open ${file}: ${describe(e)}`, { file });
  }

  try {
    let appId: number;
    let version: number;
    let objects: number;
    try {
      // Reading the header is the first real I/O: a non-SQLite file fails here.
      appId = db.pragma('application_id', { simple: true }) as number;
      version = userVersion(db);
      objects = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    } catch (e) {
      if (isNotADatabase(e)) {
        throw new StoreError('invalid-argument', `${file} is not a Qalam project (not an SQLite database)`, { file });
      }
      throw e;
    }
    const empty = appId === 0 && version === 0 && objects === 0;
    if (empty && !create) {
      throw new StoreError('invalid-argument', `${file} is not a Qalam project (an empty file)`, { file });
    }
    if (!empty && appId !== QALAM_APPLICATION_ID) {
      throw new StoreError('invalid-argument', `${file} is not a Qalam project (an SQLite database of another application)`, { file });
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw new StoreError(
        'newer-version',
        `${file} was written by a newer version of Qalam (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION})`,
        { file },
      );
    }
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (mode.toLowerCase() !== 'wal') {
      throw new StoreError('internal', `${file}: cannot switch to WAL journal mode (got ${mode})`, { file });
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new Store(db, file);
  } catch (e) {
    db.close();
    if (e instanceof StoreError) throw e;
    throw new StoreError('internal', `cannot open ${file}: ${describe(e)}`, { file });
  }
}

/** Typed access to one open project. The only place with SQL. */
export class Store {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  private st(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  // ---- connection ----------------------------------------------------------------------------

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). Throws roll everything back. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The connection's safety settings, as SQLite reports them (diagnostics and tests). */
  connectionSettings(): { journalMode: string; foreignKeys: boolean; synchronous: 'off' | 'normal' | 'full' | 'extra'; busyTimeoutMs: number } {
    const sync = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      foreignKeys: this.db.pragma('foreign_keys', { simple: true }) === 1,
      synchronous: (['off', 'normal', 'full', 'extra'] as const)[sync] ?? 'full',
      busyTimeoutMs: this.db.pragma('busy_timeout', { simple: true }) as number,
    };
  }

  /** `PRAGMA integrity_check`: `['ok']` for a sound file, else SQLite's list of problems. */
  integrityCheck(): string[] {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  }

  /** `PRAGMA user_version`: the schema version of the file. */
  schemaVersion(): number {
    return userVersion(this.db);
  }

  // ---- settings ------------------------------------------------------------------------------

  getSetting(key: SettingKey): string | null {
    const row = this.st('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: SettingKey, value: string): void {
    this.transaction(() => {
      this.st('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    });
  }

  deleteSetting(key: SettingKey): void {
    this.transaction(() => {
      this.st('DELETE FROM settings WHERE key = ?').run(key);
    });
  }

  // ---- schema --------------------------------------------------------------------------------

  /** The current (highest-version) schema, or null for a project that has none yet. */
  currentSchema(): StoredSchema | null {
    const row = this.st('SELECT version, json, created_at FROM schema ORDER BY version DESC LIMIT 1').get() as
      | { version: number; json: string; created_at: string }
      | undefined;
    if (row === undefined) return null;
    return { version: row.version, schema: JSON.parse(row.json) as Schema, createdAt: row.created_at };
  }

  /** Stores `schema` as the new current version and returns that version number. */
  addSchema(schema: Schema, createdAt: string): number {
    return this.transaction(() => {
      const { v } = this.st('SELECT coalesce(max(version), 0) + 1 AS v FROM schema').get() as { v: number };
      this.st('INSERT INTO schema (version, json, created_at) VALUES (?, ?, ?)').run(v, JSON.stringify(schema), createdAt);
      return v;
    });
  }

  // ---- annotators ----------------------------------------------------------------------------

  ensureAnnotator(name: string, createdAt: string): void {
    this.transaction(() => {
      this.st('INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(name, createdAt);
    });
  }

  /** Every annotator the project has seen, by name. */
  listAnnotators(): string[] {
    return (this.st('SELECT name FROM annotators ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  }

  // ---- documents -----------------------------------------------------------------------------

  /** Inserts all documents in one transaction, in the given (import) order. */
  insertDocuments(docs: readonly NewDocument[]): void {
    this.transaction(() => {
      const { next } = this.st('SELECT coalesce(max(seq), 0) + 1 AS next FROM documents').get() as { next: number };
      const ins = this.st(
        `INSERT INTO documents (id, seq, name, source_path, sha256, text, lang, dir, length_cp, imported_at)
         VALUES (@id, @seq, @name, @sourcePath, @sha256, @text, @lang, @dir, @length, @importedAt)`,
      );
      docs.forEach((d, i) => {
        ins.run({ ...d, seq: next + i });
      });
    });
  }

  /** All documents (without text), in import order. */
  listDocuments(): DocumentInfo[] {
    return (this.st(`SELECT ${DOC_COLUMNS} FROM documents ORDER BY seq, id`).all() as DocumentRow[]).map(toDocumentInfo);
  }

  getDocument(id: string): DocumentRecord | null {
    const row = this.st(`SELECT ${DOC_COLUMNS}, text FROM documents WHERE id = ?`).get(id) as
      | (DocumentRow & { text: string })
      | undefined;
    return row === undefined ? null : { ...toDocumentInfo(row), text: row.text };
  }

  findDocumentBySha256(sha256: string): DocumentInfo | null {
    const row = this.st(`SELECT ${DOC_COLUMNS} FROM documents WHERE sha256 = ?`).get(sha256) as DocumentRow | undefined;
    return row === undefined ? null : toDocumentInfo(row);
  }

  documentExists(id: string): boolean {
    return this.st('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
  }

  // ---- mentions ------------------------------------------------------------------------------

  /** Mentions of a document, of one annotator or all, ordered by span, type, id. */
  listMentions(docId: string, annotator?: string): EntityMention[] {
    const rows =
      annotator === undefined
        ? this.st(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE doc_id = ? ORDER BY start_cp, end_cp, type, annotator, id`).all(docId)
        : this.st(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE doc_id = ? AND annotator = ? ORDER BY start_cp, end_cp, type, id`).all(
            docId,
            annotator,
          );
    return (rows as MentionRow[]).map(toMention);
  }

  /** All mentions of one annotator in the project, ordered by document id then span. */
  listMentionsOfAnnotator(annotator: string): EntityMention[] {
    return (
      this.st(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE annotator = ? ORDER BY doc_id, start_cp, end_cp, type, id`).all(
        annotator,
      ) as MentionRow[]
    ).map(toMention);
  }

  getMention(id: string): EntityMention | null {
    const n = parseMentionId(id);
    if (n === null) return null;
    const row = this.st(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE id = ?`).get(n) as MentionRow | undefined;
    return row === undefined ? null : toMention(row);
  }

  /** The id of an identical mention (same document, annotator, type and span), if there is one. */
  findDuplicateMention(m: { docId: string; annotator: string; type: string; start: number; end: number }): string | null {
    const row = this.st(
      'SELECT id FROM mentions WHERE doc_id = ? AND annotator = ? AND type = ? AND start_cp = ? AND end_cp = ?',
    ).get(m.docId, m.annotator, m.type, m.start, m.end) as { id: number } | undefined;
    return row === undefined ? null : String(row.id);
  }

  insertMention(m: NewMention): EntityMention {
    return this.transaction(() => {
      const id = m.id === undefined ? null : parseMentionId(m.id);
      if (m.id !== undefined && id === null) throw new StoreError('invalid-argument', `invalid mention id ${JSON.stringify(m.id)}`);
      const info = this.st(
        `INSERT INTO mentions (id, doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, m.docId, m.type, m.start, m.end, m.annotator, m.origin, m.createdAt, m.updatedAt);
      const created = this.getMention(String(info.lastInsertRowid));
      if (created === null) throw new StoreError('internal', 'inserted mention vanished');
      return created;
    });
  }

  /** Sets type and updated_at; returns the mention after the change. */
  updateMention(id: string, change: { type: string; updatedAt: string }): EntityMention {
    return this.transaction(() => {
      const n = parseMentionId(id);
      const info = this.st('UPDATE mentions SET type = ?, updated_at = ? WHERE id = ?').run(change.type, change.updatedAt, n);
      if (info.changes !== 1) throw new StoreError('not-found', `no mention ${id}`);
      return this.getMention(id) as EntityMention;
    });
  }

  deleteMention(id: string): void {
    this.transaction(() => {
      const info = this.st('DELETE FROM mentions WHERE id = ?').run(parseMentionId(id));
      if (info.changes !== 1) throw new StoreError('not-found', `no mention ${id}`);
    });
  }

  /** Number of mentions per type, all annotators. */
  mentionCountsByType(): Map<string, number> {
    const rows = this.st('SELECT type, count(*) AS n FROM mentions GROUP BY type ORDER BY type').all() as { type: string; n: number }[];
    return new Map(rows.map((r) => [r.type, r.n]));
  }

  /** Number of mentions per annotator (only annotators with mentions). */
  mentionCountsByAnnotator(): Map<string, number> {
    const rows = this.st('SELECT annotator, count(*) AS n FROM mentions GROUP BY annotator ORDER BY annotator').all() as {
      annotator: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.annotator, r.n]));
  }

  /** Number of mentions per document, of one annotator or of all. Documents without mentions are absent. */
  mentionCountsByDocument(annotator?: string): Map<string, number> {
    const rows = (
      annotator === undefined
        ? this.st('SELECT doc_id, count(*) AS n FROM mentions GROUP BY doc_id').all()
        : this.st('SELECT doc_id, count(*) AS n FROM mentions WHERE annotator = ? GROUP BY doc_id').all(annotator)
    ) as { doc_id: string; n: number }[];
    return new Map(rows.map((r) => [r.doc_id, r.n]));
  }

  /** Annotators with at least one mention in the document, by name. */
  annotatorsOfDocument(docId: string): string[] {
    return (
      this.st('SELECT DISTINCT annotator FROM mentions WHERE doc_id = ? ORDER BY annotator').all(docId) as { annotator: string }[]
    ).map((r) => r.annotator);
  }

  // ---- change log (persistent undo/redo) -----------------------------------------------------

  appendChange(c: {
    docId: string;
    annotator: string;
    kind: ChangeKind;
    mentionId: string;
    before: EntityMention | null;
    after: EntityMention | null;
    at: string;
  }): number {
    return this.transaction(() => {
      const info = this.st(
        `INSERT INTO change_log (doc_id, annotator, kind, mention_id, before_json, after_json, undone, at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
      ).run(
        c.docId,
        c.annotator,
        c.kind,
        parseMentionId(c.mentionId),
        c.before === null ? null : JSON.stringify(c.before),
        c.after === null ? null : JSON.stringify(c.after),
        c.at,
      );
      return Number(info.lastInsertRowid);
    });
  }

  /** Drops the redo stack of (document, annotator): every undone entry. */
  clearRedo(docId: string, annotator: string): number {
    return this.transaction(
      () => this.st('DELETE FROM change_log WHERE doc_id = ? AND annotator = ? AND undone = 1').run(docId, annotator).changes,
    );
  }

  /** The newest change not undone: what undo reverts. */
  lastUndoable(docId: string, annotator: string): ChangeEntry | null {
    const row = this.st(
      'SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? AND undone = 0 ORDER BY seq DESC LIMIT 1',
    ).get(docId, annotator) as ChangeRow | undefined;
    return row === undefined ? null : toChange(row);
  }

  /** The oldest undone change: what redo re-applies. */
  firstRedoable(docId: string, annotator: string): ChangeEntry | null {
    const row = this.st(
      'SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? AND undone = 1 ORDER BY seq ASC LIMIT 1',
    ).get(docId, annotator) as ChangeRow | undefined;
    return row === undefined ? null : toChange(row);
  }

  setUndone(seq: number, undone: boolean): void {
    this.transaction(() => {
      const info = this.st('UPDATE change_log SET undone = ? WHERE seq = ?').run(undone ? 1 : 0, seq);
      if (info.changes !== 1) throw new StoreError('not-found', `no change ${seq}`);
    });
  }

  historyState(docId: string, annotator: string): { canUndo: boolean; canRedo: boolean } {
    const row = this.st(
      `SELECT coalesce(max(undone = 0), 0) AS u, coalesce(max(undone = 1), 0) AS r
       FROM change_log WHERE doc_id = ? AND annotator = ?`,
    ).get(docId, annotator) as { u: number; r: number };
    return { canUndo: row.u === 1, canRedo: row.r === 1 };
  }

  /** The whole change log of (document, annotator), oldest first (tests, diagnostics). */
  changeLog(docId: string, annotator: string): ChangeEntry[] {
    return (
      this.st('SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? ORDER BY seq').all(docId, annotator) as ChangeRow[]
    ).map(toChange);
  }

  // ---- statistics ----------------------------------------------------------------------------

  documentStats(): { documents: number; characters: number; byLang: Map<Lang, number> } {
    const total = this.st('SELECT count(*) AS n, coalesce(sum(length_cp), 0) AS c FROM documents').get() as { n: number; c: number };
    const rows = this.st('SELECT lang, count(*) AS n FROM documents GROUP BY lang ORDER BY lang').all() as { lang: Lang; n: number }[];
    return { documents: total.n, characters: total.c, byLang: new Map(rows.map((r) => [r.lang, r.n])) };
  }

  /** Number of documents with at least one mention (any annotator). */
  annotatedDocumentCount(): number {
    return (this.st('SELECT count(DISTINCT doc_id) AS n FROM mentions').get() as { n: number }).n;
  }
}
