import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  AttributeValues,
  Direction,
  DocumentInfo,
  DocumentMeta,
  DocumentRecord,
  DocumentStatus,
  EntityMention,
  EventArgument,
  EventMention,
  Lang,
  Normalization,
  Origin,
  Provenance,
  Relation,
  Schema,
  Span,
} from '../../annotations/model';
import { withSchemaDefaults } from '../../annotations/schema';
import { isEventRef } from '../../annotations/model';
import { StoreError } from './errors';
import { LATEST_SCHEMA_VERSION, QALAM_APPLICATION_ID, migrate, userVersion } from './migrations';

/**
 * Keys of the `settings` table (reference_set: the annotation set of the reference annotations a default project came with;
 * suggest_min_f1: the held-out F1 under which the tagger's suggestions are not shown).
 */
export type SettingKey = 'project_name' | 'current_annotator' | 'created_at' | 'reference_set' | 'suggest_min_f1';

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
  attributes?: AttributeValues;
  note?: string;
  /** Gold annotations: where it came from. */
  provenance?: Provenance | null;
  /** A discontinuous mention's pieces (two or more); start/end are then the covering span. */
  fragments?: Span[];
  normalizations?: Normalization[];
}

export interface NewEvent {
  /** Re-use this id ("E<n>"; undo of a delete); omitted → a fresh id. */
  id?: string;
  docId: string;
  type: string;
  triggerStart: number;
  triggerEnd: number;
  annotator: string;
  origin: Origin;
  arguments?: EventArgument[];
  attributes?: AttributeValues;
  note?: string;
  createdAt: string;
  updatedAt: string;
  provenance?: Provenance | null;
  /** A discontinuous trigger's pieces (two or more). */
  triggerFragments?: Span[];
}

export interface NewRelation {
  /** Re-use this id ("R<n>"); omitted → a fresh id. */
  id?: string;
  docId: string;
  type: string;
  arg1: string;
  arg2: string;
  annotator: string;
  origin: Origin;
  attributes?: AttributeValues;
  note?: string;
  createdAt: string;
  updatedAt: string;
  provenance?: Provenance | null;
}

/** A disagreement a reviewer rejected (review.reject). */
export interface Rejection {
  /** The row id, as a decimal string. */
  id: string;
  docId: string;
  /** The disagreement's key (annotations/review). */
  key: string;
  /** Who rejected it (the gold set). */
  annotator: string;
  createdAt: string;
}

/** A suggestion an annotator rejected (suggestions.reject): not suggested to them again. */
export interface SuggestionRejection {
  docId: string;
  annotator: string;
  start: number;
  end: number;
  type: string;
  /** The recommender that suggested it ('occurrence', 'tagger'). */
  source: string;
  score: number;
  createdAt: string;
}

/** How often one annotator's set on a document changed (every logged change, undo and redo), and when last. */
export interface SetRevision {
  revision: number;
  changedAt: string;
}

export type ChangeKind = 'create' | 'update' | 'delete';

/** What a change-log entry is about. */
export type ChangeTarget = 'mention' | 'event' | 'relation' | 'document' | 'rejection';

/** The state of a change's object: a mention, event, relation or document meta snapshot. */
export type ChangeState = EntityMention | EventMention | Relation | DocumentMeta | Rejection;

export interface ChangeEntry {
  seq: number;
  docId: string;
  annotator: string;
  kind: ChangeKind;
  target: ChangeTarget;
  /** The API id of the object: "12" (mention), "E3", "R4", or the document id. */
  targetId: string;
  /** Same as targetId (the name from before events existed). */
  mentionId: string;
  /** Entries with the same group are undone and redone together. */
  group: number;
  /** The object before the change (null for a create). */
  before: ChangeState | null;
  /** The object after the change (null for a delete). */
  after: ChangeState | null;
  undone: boolean;
  at: string;
}

export interface OpenOptions {
  /** Create the file (and initialise it) when it does not exist. Default false. */
  create?: boolean;
  /** Milliseconds to wait for a lock held by another connection. Default 5000. */
  busyTimeoutMs?: number;
  /** Told once when a write has to wait for another process's write lock (the CLI prints it). */
  onLockWait?: (message: string) => void;
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
  attributes_json: string;
  note: string;
  provenance_json: string | null;
  fragments_json: string | null;
  normalizations_json: string | null;
}

interface EventRow {
  id: number;
  doc_id: string;
  type: string;
  trigger_start: number;
  trigger_end: number;
  annotator: string;
  origin: Origin;
  attributes_json: string;
  note: string;
  created_at: string;
  updated_at: string;
  provenance_json: string | null;
  trigger_fragments_json: string | null;
}

interface RelationRow {
  id: number;
  doc_id: string;
  type: string;
  arg1: number | null;
  arg2: number | null;
  arg1_event: number | null;
  arg2_event: number | null;
  annotator: string;
  origin: Origin;
  attributes_json: string;
  note: string;
  created_at: string;
  updated_at: string;
  provenance_json: string | null;
}

interface ChangeRow {
  seq: number;
  doc_id: string;
  annotator: string;
  kind: ChangeKind;
  target_id: number;
  before_json: string | null;
  after_json: string | null;
  undone: number;
  at: string;
  target: ChangeTarget;
  grp: number | null;
}

const DOC_COLUMNS = 'id, seq, name, source_path, sha256, lang, dir, length_cp, imported_at';
/** A condition limiting a query to some documents (none: all of them), and its parameter. */
function onlyDocuments(column: 'id' | 'doc_id', ids: readonly string[] | undefined): { sql: string; params: string[] } {
  return ids === undefined ? { sql: '', params: [] } : { sql: ` AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] };
}

const MENTION_COLUMNS = 'id, doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note, provenance_json, fragments_json, normalizations_json';
const EVENT_COLUMNS = 'id, doc_id, type, trigger_start, trigger_end, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json, trigger_fragments_json';
const RELATION_COLUMNS = 'id, doc_id, type, arg1, arg2, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json, arg1_event, arg2_event';

/** Fragments as stored: NULL unless there are two or more. */
function fragmentsJson(f: readonly Span[] | undefined): string | null {
  return f === undefined || f.length < 2 ? null : JSON.stringify(f.map((x) => ({ start: x.start, end: x.end })));
}

/** Normalisations as stored: NULL when there are none. */
function normalizationsJson(n: readonly Normalization[] | undefined): string | null {
  return n === undefined || n.length === 0 ? null : JSON.stringify(n.map((x) => (x.text ? { resource: x.resource, id: x.id, text: x.text } : { resource: x.resource, id: x.id })));
}

/** An argument's or relation end's API id → [mention rowid, event rowid] (one of them null). */
function linkTarget(id: string): [number | null, number | null] {
  if (isEventRef(id)) return [null, parseEventId(id)];
  const m = parseMentionId(id);
  if (m === null) throw new StoreError('invalid-argument', `invalid mention or event id ${JSON.stringify(id)}`);
  return [m, null];
}

function provenanceJson(p: Provenance | null | undefined): string | null {
  if (p === null || p === undefined) return null;
  const r = p.recommender;
  return JSON.stringify({
    action: p.action,
    sources: p.sources.map((x) => ({ annotator: x.annotator, id: x.id })),
    at: p.at,
    ...(r ? { recommender: { source: r.source, score: r.score, type: r.type, ...(r.form !== undefined ? { form: r.form } : {}) } } : {}),
  });
}

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

function parseAttributes(json: string): AttributeValues {
  const v = JSON.parse(json) as unknown;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as AttributeValues) : {};
}

function attributesJson(a: AttributeValues | undefined): string {
  const out: AttributeValues = {};
  for (const k of Object.keys(a ?? {}).sort()) out[k] = (a as AttributeValues)[k] as string | true;
  return JSON.stringify(out);
}

function toMention(r: MentionRow): EntityMention {
  const m: EntityMention = {
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
  // attributes and note only when there is something (older callers compare whole objects)
  const attributes = parseAttributes(r.attributes_json);
  if (Object.keys(attributes).length > 0) m.attributes = attributes;
  if (r.note !== '') m.note = r.note;
  if (r.provenance_json !== null) m.provenance = JSON.parse(r.provenance_json) as Provenance;
  if (r.fragments_json !== null) m.fragments = JSON.parse(r.fragments_json) as Span[];
  if (r.normalizations_json !== null) m.normalizations = JSON.parse(r.normalizations_json) as Normalization[];
  return m;
}

function toEvent(r: EventRow, args: EventArgument[]): EventMention {
  const e: EventMention = {
    id: `E${r.id}`,
    docId: r.doc_id,
    type: r.type,
    triggerStart: r.trigger_start,
    triggerEnd: r.trigger_end,
    annotator: r.annotator,
    origin: r.origin,
    arguments: args,
    attributes: parseAttributes(r.attributes_json),
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.provenance_json !== null) e.provenance = JSON.parse(r.provenance_json) as Provenance;
  if (r.trigger_fragments_json !== null) e.triggerFragments = JSON.parse(r.trigger_fragments_json) as Span[];
  return e;
}

function toRelation(r: RelationRow): Relation {
  const rel: Relation = {
    id: `R${r.id}`,
    docId: r.doc_id,
    type: r.type,
    arg1: r.arg1_event !== null ? `E${r.arg1_event}` : String(r.arg1),
    arg2: r.arg2_event !== null ? `E${r.arg2_event}` : String(r.arg2),
    annotator: r.annotator,
    origin: r.origin,
    attributes: parseAttributes(r.attributes_json),
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.provenance_json !== null) rel.provenance = JSON.parse(r.provenance_json) as Provenance;
  return rel;
}

function apiTargetId(target: ChangeTarget, n: number, docId: string): string {
  return target === 'event' ? `E${n}` : target === 'relation' ? `R${n}` : target === 'document' ? docId : String(n);
}

function toChange(r: ChangeRow): ChangeEntry {
  const target = r.target ?? 'mention';
  const id = apiTargetId(target, r.target_id, r.doc_id);
  return {
    seq: r.seq,
    docId: r.doc_id,
    annotator: r.annotator,
    kind: r.kind,
    target,
    targetId: id,
    mentionId: id,
    group: r.grp ?? r.seq,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as ChangeState),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as ChangeState),
    undone: r.undone === 1,
    at: r.at,
  };
}

/** "E12" → 12; anything else → null. */
export function parseEventId(id: string): number | null {
  return id.startsWith('E') ? parseMentionId(id.slice(1)) : null;
}

/** "R12" → 12; anything else → null. */
export function parseRelationId(id: string): number | null {
  return id.startsWith('R') ? parseMentionId(id.slice(1)) : null;
}

/** Old name → new name, per kind of name, for a schema replacement. */
export interface NameRenames {
  /** Entity and event types. */
  types?: Readonly<Record<string, string>>;
  relationTypes?: Readonly<Record<string, string>>;
  attributes?: Readonly<Record<string, string>>;
  /** Per event type (its new name): old role → new role. */
  roles?: Readonly<Record<string, Readonly<Record<string, string>>>>;
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
      if ((e as { code?: unknown } | null)?.code === 'SQLITE_CORRUPT') {
        throw new StoreError('internal', `${file} is damaged (SQLite: ${describe(e)}); open a backup copy, or ask for help recovering it`, { file });
      }
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
    return new Store(db, file, options.busyTimeoutMs ?? 5000, options.onLockWait);
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

  constructor(
    db: Database.Database,
    path: string,
    private readonly busyTimeoutMs = 5000,
    private readonly onLockWait?: (message: string) => void,
  ) {
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

  /**
   * Runs `fn` in one write transaction (nested calls become savepoints). Throws roll everything
   * back. When another process holds the write lock it waits (telling `onLockWait` once), up to
   * the busy timeout, then fails naming the project ('conflict').
   */
  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(fn)();
    this.beginImmediate();
    try {
      const out = this.db.transaction(fn)();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  /** BEGIN IMMEDIATE: a short try, then (saying so) the rest of the busy timeout. */
  private beginImmediate(): void {
    const total = this.busyTimeoutMs;
    const first = Math.min(200, total);
    const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((e as { code?: unknown } | null)?.code ?? ''));
    try {
      this.db.pragma(`busy_timeout = ${first}`);
      try {
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if (!isBusy(e)) throw e;
      }
      this.onLockWait?.(`waiting for ${this.path}: it is held by another Qalam (the app, or another command) writing to it…`);
      this.db.pragma(`busy_timeout = ${Math.max(0, total - first)}`);
      try {
        this.db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        if (!isBusy(e)) throw e;
        throw new StoreError(
          'conflict',
          `${this.path} is held by another Qalam (the app, or another command) that is writing to it; gave up after ${Math.round(total / 100) / 10} s: try again when it is done`,
          { file: this.path },
        );
      }
    } finally {
      this.db.pragma(`busy_timeout = ${total}`);
    }
  }

  /**
   * Runs `fn` on one snapshot of the project: a deferred (read) transaction that reads at once, so
   * SQLite (WAL) keeps every read of `fn` at that moment however other processes write meanwhile.
   * Takes no write lock. Inside a transaction already: just runs `fn`.
   */
  readSnapshot<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.exec('BEGIN DEFERRED');
    try {
      this.st('SELECT count(*) AS n FROM sqlite_master').get();
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
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
    // schemas stored before events existed have only entityTypes
    return { version: row.version, schema: withSchemaDefaults(JSON.parse(row.json) as Schema), createdAt: row.created_at };
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

  /** All documents (without text), in import order; with `ids`, only those. */
  listDocuments(ids?: readonly string[]): DocumentInfo[] {
    const only = onlyDocuments('id', ids);
    const rows = this.st(`SELECT ${DOC_COLUMNS} FROM documents WHERE 1${only.sql} ORDER BY seq, id`).all(...only.params) as DocumentRow[];
    return rows.map(toDocumentInfo);
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

  /** The layout a document was imported with (see migration 006), or null. */
  getDocumentLayout(docId: string): { format: string; layout: string } | null {
    const row = this.st('SELECT format, layout FROM document_layouts WHERE doc_id = ?').get(docId) as { format: string; layout: string } | undefined;
    return row ?? null;
  }

  /** Stores a document's layout unless it has one already (the first import's stays). Returns whether it was stored. */
  putDocumentLayout(docId: string, format: string, layout: string): boolean {
    return this.st('INSERT OR IGNORE INTO document_layouts (doc_id, format, layout) VALUES (?, ?, ?)').run(docId, format, layout).changes > 0;
  }

  documentExists(id: string): boolean {
    return this.st('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
  }

  // ---- mentions ------------------------------------------------------------------------------

  /**
   * The mentions of one annotator's document that validation must see, in listMentions order:
   * those with attributes, those whose type is not in `plainTypes` (the schema's usable entity
   * types), and those an event or relation of that annotator points at. The rest cannot have a
   * problem, and a long document has tens of thousands of them.
   */
  mentionsToValidate(docId: string, annotator: string, plainTypes: readonly string[]): EntityMention[] {
    const rows = this.st(
      `SELECT ${MENTION_COLUMNS} FROM mentions
        WHERE doc_id = @doc AND annotator = @who AND (
          (attributes_json IS NOT NULL AND attributes_json <> '{}')
          OR type NOT IN (SELECT value FROM json_each(@plain))
          OR id IN (SELECT a.mention_id FROM event_arguments a JOIN events e ON e.id = a.event_id WHERE e.doc_id = @doc AND e.annotator = @who)
          OR id IN (SELECT arg1 FROM relations WHERE doc_id = @doc AND annotator = @who AND arg1 IS NOT NULL)
          OR id IN (SELECT arg2 FROM relations WHERE doc_id = @doc AND annotator = @who AND arg2 IS NOT NULL))
        ORDER BY start_cp, end_cp, type, id`,
    ).all({ doc: docId, who: annotator, plain: JSON.stringify(plainTypes) }) as MentionRow[];
    return rows.map(toMention);
  }

  /** Just the spans of one annotator's mentions of a document, in text order (progress needs no more). */
  mentionSpans(docId: string, annotator: string): Span[] {
    const rows = this.st('SELECT start_cp, end_cp FROM mentions WHERE doc_id = ? AND annotator = ? ORDER BY start_cp, end_cp')
      .raw(true)
      .all(docId, annotator) as [number, number][];
    return rows.map(([start, end]) => ({ start, end }));
  }

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

  /** The stored progress of one annotator's documents (a cache: see migration 005). */
  storedProgress(annotator: string): Map<string, { digest: string; progress: number }> {
    const rows = this.st('SELECT doc_id AS d, digest, progress FROM document_progress WHERE annotator = ?').all(annotator) as {
      d: string;
      digest: string;
      progress: number;
    }[];
    return new Map(rows.map((r) => [r.d, { digest: r.digest, progress: r.progress }]));
  }

  /** Keep progress figures (one transaction). */
  storeProgress(annotator: string, rows: readonly { docId: string; digest: string; progress: number }[]): void {
    if (rows.length === 0) return;
    const put = this.st(
      `INSERT INTO document_progress (doc_id, annotator, digest, progress) VALUES (?, ?, ?, ?)
         ON CONFLICT (doc_id, annotator) DO UPDATE SET digest = excluded.digest, progress = excluded.progress`,
    );
    this.transaction(() => {
      for (const r of rows) put.run(r.docId, annotator, r.digest, Math.min(1, Math.max(0, r.progress)));
    });
  }

  /**
   * Per document, a digest of one annotator's mention spans (count and sums over start/end),
   * computed in SQLite without materialising the mentions: documents.list recomputes a
   * document's progress only when its digest changed.
   */
  mentionSpanDigests(annotator: string, ids?: readonly string[]): Map<string, string> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.st(
      `SELECT doc_id AS d, count(*) AS n, sum(start_cp) AS s, sum(end_cp) AS e, sum((start_cp * 1000003 + end_cp * 7919) % 1000000007) AS h
         FROM mentions WHERE annotator = ?${only.sql} GROUP BY doc_id`,
    ).all(annotator, ...only.params) as { d: string; n: number; s: number; e: number; h: number }[];
    return new Map(rows.map((r) => [r.d, `${r.n}:${r.s}:${r.e}:${r.h}`]));
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

  /** The id of an identical mention (same document, annotator, type, span and fragments), if there is one. */
  findDuplicateMention(m: { docId: string; annotator: string; type: string; start: number; end: number; fragments?: Span[] }): string | null {
    const row = this.st(
      'SELECT id FROM mentions WHERE doc_id = ? AND annotator = ? AND type = ? AND start_cp = ? AND end_cp = ? AND fragments_json IS ?',
    ).get(m.docId, m.annotator, m.type, m.start, m.end, fragmentsJson(m.fragments)) as { id: number } | undefined;
    return row === undefined ? null : String(row.id);
  }

  insertMention(m: NewMention): EntityMention {
    return this.transaction(() => {
      const id = m.id === undefined ? null : parseMentionId(m.id);
      if (m.id !== undefined && id === null) throw new StoreError('invalid-argument', `invalid mention id ${JSON.stringify(m.id)}`);
      const info = this.st(
        `INSERT INTO mentions (id, doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note, provenance_json, fragments_json, normalizations_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        m.docId,
        m.type,
        m.start,
        m.end,
        m.annotator,
        m.origin,
        m.createdAt,
        m.updatedAt,
        attributesJson(m.attributes),
        m.note ?? '',
        provenanceJson(m.provenance),
        fragmentsJson(m.fragments),
        normalizationsJson(m.normalizations),
      );
      const created = this.getMention(String(info.lastInsertRowid));
      if (created === null) throw new StoreError('internal', 'inserted mention vanished');
      return created;
    });
  }

  /** Sets type, attributes, note and/or normalisations (those given) and updated_at; returns the mention after the change. */
  updateMention(
    id: string,
    change: { type?: string; attributes?: AttributeValues; note?: string; normalizations?: Normalization[]; provenance?: Provenance | null; updatedAt: string },
  ): EntityMention {
    return this.transaction(() => {
      const n = parseMentionId(id);
      const info = this.st(
        `UPDATE mentions SET type = coalesce(?, type), attributes_json = coalesce(?, attributes_json), note = coalesce(?, note), updated_at = ?
         WHERE id = ?`,
      ).run(change.type ?? null, change.attributes === undefined ? null : attributesJson(change.attributes), change.note ?? null, change.updatedAt, n);
      if (info.changes !== 1) throw new StoreError('not-found', `no mention ${id}`);
      if (change.provenance !== undefined) this.st('UPDATE mentions SET provenance_json = ? WHERE id = ?').run(provenanceJson(change.provenance), n);
      if (change.normalizations !== undefined) this.st('UPDATE mentions SET normalizations_json = ? WHERE id = ?').run(normalizationsJson(change.normalizations), n);
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

  /** Annotators with at least one mention, event or relation in the document (or a status, flags or note on it), by name. */
  annotatorsOfDocument(docId: string): string[] {
    return (
      this.st(
        `SELECT annotator FROM mentions WHERE doc_id = ? UNION SELECT annotator FROM events WHERE doc_id = ?
         UNION SELECT annotator FROM relations WHERE doc_id = ? UNION SELECT annotator FROM document_meta WHERE doc_id = ?
         ORDER BY annotator`,
      ).all(docId, docId, docId, docId) as { annotator: string }[]
    ).map((r) => r.annotator);
  }

  // ---- change log (persistent undo/redo) -----------------------------------------------------

  /**
   * Logs a change and returns its seq. `target` defaults to 'mention' and `targetId` to
   * `mentionId`; `group` ties it to earlier entries undone with it (default: a group of its own).
   */
  appendChange(c: {
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
  }): number {
    return this.transaction(() => {
      const target = c.target ?? 'mention';
      const id = c.targetId ?? c.mentionId ?? '';
      const n =
        target === 'event' ? parseEventId(id) : target === 'relation' ? parseRelationId(id) : target === 'document' ? 0 : parseMentionId(id); // mention, rejection
      if (n === null) throw new StoreError('invalid-argument', `invalid ${target} id ${JSON.stringify(id)}`);
      const info = this.st(
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
      if (c.group === undefined) this.st('UPDATE change_log SET grp = ? WHERE seq = ?').run(seq, seq);
      this.bumpRevision(c.docId, c.annotator, c.at);
      return seq;
    });
  }

  /** The entries of one undo group of (document, annotator) in a given undone state, oldest first. */
  changeGroup(docId: string, annotator: string, group: number, undone: boolean): ChangeEntry[] {
    return (
      this.st(
        'SELECT * FROM change_log WHERE doc_id = ? AND annotator = ? AND coalesce(grp, seq) = ? AND undone = ? ORDER BY seq',
      ).all(docId, annotator, group, undone ? 1 : 0) as ChangeRow[]
    ).map(toChange);
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

  /** Marks a change undone or redone (`at`: when; it raises the revision of the change's set). */
  setUndone(seq: number, undone: boolean, at: string = new Date().toISOString()): void {
    this.transaction(() => {
      const row = this.st('SELECT doc_id, annotator FROM change_log WHERE seq = ?').get(seq) as { doc_id: string; annotator: string } | undefined;
      if (row === undefined) throw new StoreError('not-found', `no change ${seq}`);
      this.st('UPDATE change_log SET undone = ? WHERE seq = ?').run(undone ? 1 : 0, seq);
      this.bumpRevision(row.doc_id, row.annotator, at);
    });
  }

  /** Removes changes from the history (an undo or redo step that can no longer apply). */
  dropChanges(seqs: readonly number[]): void {
    this.transaction(() => {
      for (const seq of seqs) this.st('DELETE FROM change_log WHERE seq = ?').run(seq);
    });
  }

  // ---- revisions of annotation sets (migration 008) ------------------------------------------

  /** The revision of one annotator's set on a document, or null for a set that never changed. */
  setRevision(docId: string, annotator: string): SetRevision | null {
    const row = this.st('SELECT revision, changed_at FROM set_revisions WHERE doc_id = ? AND annotator = ?').get(docId, annotator) as
      | { revision: number; changed_at: string }
      | undefined;
    return row === undefined ? null : { revision: row.revision, changedAt: row.changed_at };
  }

  /** Sets a set's revision (an exchange import adopting the revision of the file it took). */
  putSetRevision(docId: string, annotator: string, revision: SetRevision): void {
    this.transaction(() => {
      this.st(
        `INSERT INTO set_revisions (doc_id, annotator, revision, changed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (doc_id, annotator) DO UPDATE SET revision = excluded.revision, changed_at = excluded.changed_at`,
      ).run(docId, annotator, revision.revision, revision.changedAt);
    });
  }

  /** One more change of the set, at `at`. */
  private bumpRevision(docId: string, annotator: string, at: string): void {
    this.st(
      `INSERT INTO set_revisions (doc_id, annotator, revision, changed_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (doc_id, annotator) DO UPDATE SET revision = revision + 1, changed_at = excluded.changed_at`,
    ).run(docId, annotator, at);
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

  // ---- events --------------------------------------------------------------------------------

  private eventArguments(eventId: number): EventArgument[] {
    return (
      this.st('SELECT role, mention_id, arg_event_id FROM event_arguments WHERE event_id = ? ORDER BY position').all(eventId) as {
        role: string;
        mention_id: number | null;
        arg_event_id: number | null;
      }[]
    ).map((r) => ({ role: r.role, mentionId: r.arg_event_id !== null ? `E${r.arg_event_id}` : String(r.mention_id) }));
  }

  private eventsOf(rows: EventRow[]): EventMention[] {
    return rows.map((r) => toEvent(r, this.eventArguments(r.id)));
  }

  /** Events of a document, of one annotator or all, ordered by trigger, type, id. */
  listEvents(docId: string, annotator?: string): EventMention[] {
    const rows =
      annotator === undefined
        ? this.st(`SELECT ${EVENT_COLUMNS} FROM events WHERE doc_id = ? ORDER BY trigger_start, trigger_end, type, annotator, id`).all(docId)
        : this.st(`SELECT ${EVENT_COLUMNS} FROM events WHERE doc_id = ? AND annotator = ? ORDER BY trigger_start, trigger_end, type, id`).all(
            docId,
            annotator,
          );
    return this.eventsOf(rows as EventRow[]);
  }

  getEvent(id: string): EventMention | null {
    const n = parseEventId(id);
    if (n === null) return null;
    const row = this.st(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`).get(n) as EventRow | undefined;
    return row === undefined ? null : toEvent(row, this.eventArguments(n));
  }

  /** Events with an argument pointing at the mention. */
  eventsUsingMention(mentionId: string): EventMention[] {
    const n = parseMentionId(mentionId);
    if (n === null) return [];
    return this.eventsOf(
      this.st(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT event_id FROM event_arguments WHERE mention_id = ?) ORDER BY id`,
      ).all(n) as EventRow[],
    );
  }

  /** Events with an argument pointing at the event ("E<n>"). */
  eventsUsingEvent(eventId: string): EventMention[] {
    const n = parseEventId(eventId);
    if (n === null) return [];
    return this.eventsOf(
      this.st(`SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT event_id FROM event_arguments WHERE arg_event_id = ?) ORDER BY id`).all(n) as EventRow[],
    );
  }

  /** Relations with the event as one of their ends. */
  relationsUsingEvent(eventId: string): Relation[] {
    const n = parseEventId(eventId);
    if (n === null) return [];
    return (this.st(`SELECT ${RELATION_COLUMNS} FROM relations WHERE arg1_event = ? OR arg2_event = ? ORDER BY id`).all(n, n) as RelationRow[]).map(toRelation);
  }

  insertEvent(e: NewEvent): EventMention {
    return this.transaction(() => {
      const id = e.id === undefined ? null : parseEventId(e.id);
      if (e.id !== undefined && id === null) throw new StoreError('invalid-argument', `invalid event id ${JSON.stringify(e.id)}`);
      const info = this.st(
        `INSERT INTO events (id, doc_id, type, trigger_start, trigger_end, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json, trigger_fragments_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        e.docId,
        e.type,
        e.triggerStart,
        e.triggerEnd,
        e.annotator,
        e.origin,
        attributesJson(e.attributes),
        e.note ?? '',
        e.createdAt,
        e.updatedAt,
        provenanceJson(e.provenance),
        fragmentsJson(e.triggerFragments),
      );
      const n = Number(info.lastInsertRowid);
      this.writeArguments(n, e.arguments ?? []);
      return this.getEvent(`E${n}`) as EventMention;
    });
  }

  private writeArguments(eventId: number, args: readonly EventArgument[]): void {
    this.st('DELETE FROM event_arguments WHERE event_id = ?').run(eventId);
    args.forEach((a, i) => {
      const [m, ev] = linkTarget(a.mentionId);
      if (m === null && ev === null) throw new StoreError('invalid-argument', `invalid mention or event id ${JSON.stringify(a.mentionId)}`);
      this.st('INSERT INTO event_arguments (event_id, position, role, mention_id, arg_event_id) VALUES (?, ?, ?, ?, ?)').run(eventId, i, a.role, m, ev);
    });
  }

  /** Sets the given fields (type, trigger, arguments — all replaced —, attributes, note) and updated_at. */
  updateEvent(
    id: string,
    change: { type?: string; arguments?: readonly EventArgument[]; attributes?: AttributeValues; note?: string; provenance?: Provenance | null; updatedAt: string },
  ): EventMention {
    return this.transaction(() => {
      const n = parseEventId(id);
      const info = this.st(
        `UPDATE events SET type = coalesce(?, type), attributes_json = coalesce(?, attributes_json), note = coalesce(?, note), updated_at = ?
         WHERE id = ?`,
      ).run(change.type ?? null, change.attributes === undefined ? null : attributesJson(change.attributes), change.note ?? null, change.updatedAt, n);
      if (info.changes !== 1 || n === null) throw new StoreError('not-found', `no event ${id}`);
      if (change.provenance !== undefined) this.st('UPDATE events SET provenance_json = ? WHERE id = ?').run(provenanceJson(change.provenance), n);
      if (change.arguments !== undefined) this.writeArguments(n, change.arguments);
      return this.getEvent(id) as EventMention;
    });
  }

  deleteEvent(id: string): void {
    this.transaction(() => {
      const info = this.st('DELETE FROM events WHERE id = ?').run(parseEventId(id));
      if (info.changes !== 1) throw new StoreError('not-found', `no event ${id}`);
    });
  }

  /** Number of events per document of one annotator. */
  eventCountsByDocument(annotator: string, ids?: readonly string[]): Map<string, number> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.st(`SELECT doc_id, count(*) AS n FROM events WHERE annotator = ?${only.sql} GROUP BY doc_id`).all(annotator, ...only.params) as {
      doc_id: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.doc_id, r.n]));
  }

  // ---- relations -----------------------------------------------------------------------------

  /** Relations of a document, of one annotator or all, by id. */
  listRelations(docId: string, annotator?: string): Relation[] {
    const rows =
      annotator === undefined
        ? this.st(`SELECT ${RELATION_COLUMNS} FROM relations WHERE doc_id = ? ORDER BY id`).all(docId)
        : this.st(`SELECT ${RELATION_COLUMNS} FROM relations WHERE doc_id = ? AND annotator = ? ORDER BY id`).all(docId, annotator);
    return (rows as RelationRow[]).map(toRelation);
  }

  getRelation(id: string): Relation | null {
    const n = parseRelationId(id);
    if (n === null) return null;
    const row = this.st(`SELECT ${RELATION_COLUMNS} FROM relations WHERE id = ?`).get(n) as RelationRow | undefined;
    return row === undefined ? null : toRelation(row);
  }

  /** Relations with the mention as one of their ends. */
  relationsUsingMention(mentionId: string): Relation[] {
    const n = parseMentionId(mentionId);
    if (n === null) return [];
    return (this.st(`SELECT ${RELATION_COLUMNS} FROM relations WHERE arg1 = ? OR arg2 = ? ORDER BY id`).all(n, n) as RelationRow[]).map(toRelation);
  }

  insertRelation(r: NewRelation): Relation {
    return this.transaction(() => {
      const id = r.id === undefined ? null : parseRelationId(r.id);
      if (r.id !== undefined && id === null) throw new StoreError('invalid-argument', `invalid relation id ${JSON.stringify(r.id)}`);
      const a1 = linkTarget(r.arg1);
      const a2 = linkTarget(r.arg2);
      const info = this.st(
        `INSERT INTO relations (id, doc_id, type, arg1, arg2, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json, arg1_event, arg2_event)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        r.docId,
        r.type,
        a1[0],
        a2[0],
        r.annotator,
        r.origin,
        attributesJson(r.attributes),
        r.note ?? '',
        r.createdAt,
        r.updatedAt,
        provenanceJson(r.provenance),
        a1[1],
        a2[1],
      );
      return this.getRelation(`R${Number(info.lastInsertRowid)}`) as Relation;
    });
  }

  updateRelation(id: string, change: { type?: string; attributes?: AttributeValues; note?: string; provenance?: Provenance | null; updatedAt: string }): Relation {
    return this.transaction(() => {
      const info = this.st(
        `UPDATE relations SET type = coalesce(?, type), attributes_json = coalesce(?, attributes_json), note = coalesce(?, note), updated_at = ?
         WHERE id = ?`,
      ).run(
        change.type ?? null,
        change.attributes === undefined ? null : attributesJson(change.attributes),
        change.note ?? null,
        change.updatedAt,
        parseRelationId(id),
      );
      if (info.changes !== 1) throw new StoreError('not-found', `no relation ${id}`);
      if (change.provenance !== undefined) this.st('UPDATE relations SET provenance_json = ? WHERE id = ?').run(provenanceJson(change.provenance), parseRelationId(id));
      return this.getRelation(id) as Relation;
    });
  }

  deleteRelation(id: string): void {
    this.transaction(() => {
      const info = this.st('DELETE FROM relations WHERE id = ?').run(parseRelationId(id));
      if (info.changes !== 1) throw new StoreError('not-found', `no relation ${id}`);
    });
  }

  // ---- document status, flags and note --------------------------------------------------------

  /** One annotator's status, flags and note on a document (the defaults when never set). */
  getDocumentMeta(docId: string, annotator: string): DocumentMeta {
    const row = this.st('SELECT status, flags_json, note, updated_at FROM document_meta WHERE doc_id = ? AND annotator = ?').get(docId, annotator) as
      | { status: DocumentStatus; flags_json: string; note: string; updated_at: string }
      | undefined;
    if (row === undefined) return { docId, annotator, status: 'not-started', flags: [], note: '', updatedAt: null };
    return { docId, annotator, status: row.status, flags: JSON.parse(row.flags_json) as string[], note: row.note, updatedAt: row.updated_at };
  }

  /** Stores the meta; the defaults (not-started, no flags, no note, updatedAt null) delete the row. */
  putDocumentMeta(meta: DocumentMeta): DocumentMeta {
    return this.transaction(() => {
      if (meta.updatedAt === null) {
        this.st('DELETE FROM document_meta WHERE doc_id = ? AND annotator = ?').run(meta.docId, meta.annotator);
      } else {
        this.st(
          `INSERT INTO document_meta (doc_id, annotator, status, flags_json, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(doc_id, annotator) DO UPDATE SET status = excluded.status, flags_json = excluded.flags_json,
             note = excluded.note, updated_at = excluded.updated_at`,
        ).run(meta.docId, meta.annotator, meta.status, JSON.stringify(meta.flags), meta.note, meta.updatedAt);
      }
      return this.getDocumentMeta(meta.docId, meta.annotator);
    });
  }

  /** Status per document of one annotator (documents without a row are absent: not-started). */
  documentStatuses(annotator: string, ids?: readonly string[]): Map<string, DocumentStatus> {
    const only = onlyDocuments('doc_id', ids);
    const rows = this.st(`SELECT doc_id, status FROM document_meta WHERE annotator = ?${only.sql}`).all(annotator, ...only.params) as {
      doc_id: string;
      status: DocumentStatus;
    }[];
    return new Map(rows.map((r) => [r.doc_id, r.status]));
  }

  // ---- schema usage and renames ---------------------------------------------------------------

  /** How many annotations (all annotators) use each entity type, event type, relation type, role and attribute. */
  schemaUsage(): {
    entityTypes: Map<string, number>;
    eventTypes: Map<string, number>;
    relationTypes: Map<string, number>;
    roles: Map<string, number>;
    attributes: Map<string, number>;
  } {
    const counts = (sql: string): Map<string, number> =>
      new Map((this.st(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    return {
      entityTypes: this.mentionCountsByType(),
      eventTypes: counts('SELECT type AS k, count(*) AS n FROM events GROUP BY type'),
      relationTypes: counts('SELECT type AS k, count(*) AS n FROM relations GROUP BY type'),
      // key "<event type>\u0000<role>"
      roles: counts(`SELECT e.type || char(0) || a.role AS k, count(*) AS n FROM event_arguments a JOIN events e ON e.id = a.event_id GROUP BY 1`),
      attributes: counts(
        `SELECT j.key AS k, count(*) AS n FROM (
           SELECT attributes_json AS a FROM mentions UNION ALL SELECT attributes_json FROM events UNION ALL SELECT attributes_json FROM relations
         ) AS t, json_each(t.a) AS j GROUP BY j.key`,
      ),
    };
  }

  /**
   * Renames types, roles and attribute names in every annotation and in the change log (so undo
   * keeps working after the rename). One transaction; returns the number of annotations changed.
   */
  renameInAnnotations(renames: NameRenames): number {
    return this.transaction(() => {
      let changed = 0;
      const types = Object.entries(renames.types ?? {}).filter(([a, b]) => a !== b);
      const rels = Object.entries(renames.relationTypes ?? {}).filter(([a, b]) => a !== b);
      const attrs = Object.entries(renames.attributes ?? {}).filter(([a, b]) => a !== b);
      const roles = renames.roles ?? {};
      // via a temporary name so that swaps (A→B, B→A) work
      const twoStep = (table: string, pairs: [string, string][]): void => {
        pairs.forEach(([from], i) => {
          changed += this.db.prepare(`UPDATE ${table} SET type = ? WHERE type = ?`).run(`\u0000${i}`, from).changes;
        });
        pairs.forEach(([, to], i) => this.db.prepare(`UPDATE ${table} SET type = ? WHERE type = ?`).run(to, `\u0000${i}`));
      };
      twoStep('mentions', types);
      twoStep('events', types);
      twoStep('relations', rels);
      for (const [eventType, map] of Object.entries(roles)) {
        const pairs = Object.entries(map).filter(([a, b]) => a !== b);
        const rows = this.db
          .prepare('SELECT a.event_id, a.position, a.role FROM event_arguments a JOIN events e ON e.id = a.event_id WHERE e.type = ?')
          .all(eventType) as { event_id: number; position: number; role: string }[];
        for (const r of rows) {
          const to = pairs.find(([from]) => from === r.role)?.[1];
          if (to !== undefined) {
            this.db.prepare('UPDATE event_arguments SET role = ? WHERE event_id = ? AND position = ?').run(to, r.event_id, r.position);
            changed++;
          }
        }
      }
      const renameAttrs = (a: AttributeValues | undefined): AttributeValues | undefined => {
        if (a === undefined || attrs.length === 0) return a;
        const out: AttributeValues = {};
        for (const [k, v] of Object.entries(a)) out[attrs.find(([from]) => from === k)?.[1] ?? k] = v;
        return out;
      };
      if (attrs.length > 0) {
        for (const table of ['mentions', 'events', 'relations']) {
          const rows = this.db.prepare(`SELECT id, attributes_json FROM ${table} WHERE attributes_json <> '{}'`).all() as { id: number; attributes_json: string }[];
          for (const r of rows) {
            const before = r.attributes_json;
            const after = attributesJson(renameAttrs(parseAttributes(before)));
            if (after !== before) {
              this.db.prepare(`UPDATE ${table} SET attributes_json = ? WHERE id = ?`).run(after, r.id);
              changed++;
            }
          }
        }
      }
      // the change log's snapshots
      const typeMap = new Map(types);
      const relMap = new Map(rels);
      const fix = (target: ChangeTarget, json: string | null): string | null => {
        if (json === null || target === 'document') return json;
        const o = JSON.parse(json) as Record<string, unknown> & { type?: string; attributes?: AttributeValues; arguments?: EventArgument[] };
        const map = target === 'relation' ? relMap : typeMap;
        if (typeof o.type === 'string' && map.has(o.type)) o.type = map.get(o.type);
        if (o.attributes !== undefined) o.attributes = renameAttrs(o.attributes);
        if (target === 'event' && Array.isArray(o.arguments) && typeof o.type === 'string') {
          const rm = roles[o.type];
          if (rm !== undefined) o.arguments = o.arguments.map((a) => ({ ...a, role: rm[a.role] ?? a.role }));
        }
        return JSON.stringify(o);
      };
      if (types.length + rels.length + attrs.length + Object.keys(roles).length > 0) {
        const rows = this.db.prepare('SELECT seq, target, before_json, after_json FROM change_log').all() as {
          seq: number;
          target: ChangeTarget;
          before_json: string | null;
          after_json: string | null;
        }[];
        for (const r of rows) {
          const b = fix(r.target, r.before_json);
          const a = fix(r.target, r.after_json);
          if (b !== r.before_json || a !== r.after_json) this.db.prepare('UPDATE change_log SET before_json = ?, after_json = ? WHERE seq = ?').run(b, a, r.seq);
        }
      }
      return changed;
    });
  }

  // ---- review: rejected disagreements ---------------------------------------------------------

  /** The disagreements rejected in a document, by key. */
  listRejections(docId: string): Rejection[] {
    return (
      this.st('SELECT id, doc_id, key, annotator, created_at FROM review_rejections WHERE doc_id = ? ORDER BY key').all(docId) as {
        id: number;
        doc_id: string;
        key: string;
        annotator: string;
        created_at: string;
      }[]
    ).map((r) => ({ id: String(r.id), docId: r.doc_id, key: r.key, annotator: r.annotator, createdAt: r.created_at }));
  }

  getRejection(id: string): Rejection | null {
    const n = parseMentionId(id);
    if (n === null) return null;
    const r = this.st('SELECT id, doc_id, key, annotator, created_at FROM review_rejections WHERE id = ?').get(n) as
      | { id: number; doc_id: string; key: string; annotator: string; created_at: string }
      | undefined;
    return r === undefined ? null : { id: String(r.id), docId: r.doc_id, key: r.key, annotator: r.annotator, createdAt: r.created_at };
  }

  /** Records a rejection (re-using `id` when given: undo of a removal). */
  insertRejection(r: { id?: string; docId: string; key: string; annotator: string; createdAt: string }): Rejection {
    return this.transaction(() => {
      const info = this.st('INSERT INTO review_rejections (id, doc_id, key, annotator, created_at) VALUES (?, ?, ?, ?, ?)').run(
        r.id === undefined ? null : parseMentionId(r.id),
        r.docId,
        r.key,
        r.annotator,
        r.createdAt,
      );
      return this.getRejection(String(info.lastInsertRowid)) as Rejection;
    });
  }

  deleteRejection(id: string): void {
    this.transaction(() => {
      this.st('DELETE FROM review_rejections WHERE id = ?').run(parseMentionId(id));
    });
  }

  // ---- suggestions: rejected suggestions (migration 009) ---------------------------------------

  /** The suggestions `annotator` rejected in a document, in span order. */
  listSuggestionRejections(docId: string, annotator: string): SuggestionRejection[] {
    return (
      this.st('SELECT doc_id, annotator, start_cp, end_cp, type, source, score, created_at FROM suggestion_rejections WHERE doc_id = ? AND annotator = ? ORDER BY start_cp, end_cp, type').all(docId, annotator) as {
        doc_id: string;
        annotator: string;
        start_cp: number;
        end_cp: number;
        type: string;
        source: string;
        score: number;
        created_at: string;
      }[]
    ).map((r) => ({ docId: r.doc_id, annotator: r.annotator, start: r.start_cp, end: r.end_cp, type: r.type, source: r.source, score: r.score, createdAt: r.created_at }));
  }

  /** Remembers a rejected suggestion (rejecting it again keeps the first record). Answers whether it was new. */
  insertSuggestionRejection(r: SuggestionRejection): boolean {
    return this.transaction(
      () =>
        this.st(
          'INSERT INTO suggestion_rejections (doc_id, annotator, start_cp, end_cp, type, source, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        ).run(r.docId, r.annotator, r.start, r.end, r.type, r.source, r.score, r.createdAt).changes > 0,
    );
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
