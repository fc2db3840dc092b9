import { basename, extname } from 'node:path';
import type { DocumentInfo, EntityMention, Schema } from '../../annotations/model';
import { parseSchemaJson } from '../../annotations/schema';
import { checkSpan } from '../../annotations/spans';
import { splitParagraphs } from '../../annotations/direction';
import { wordCoverage } from '../../annotations/tokenize';
import type {
  Args,
  ChangeApplied,
  DocumentSummary,
  DocumentView,
  HistoryState,
  ImportReport,
  Method,
  Result,
  Ret,
  SessionInfo,
} from '../contract';
import type { ChangeEntry, Store } from '../store';
import { ServiceError, toApiError } from './errors';
import { collectImportFiles, prepareText, type PreparedText } from './importer';
import { argSchemas, describeIssues } from './schemas';
import { computeStats, type ProjectStats } from './stats';

export interface ServiceOptions {
  /** The clock for timestamps (ISO 8601). Default: the system clock. */
  now?: () => string;
}

type Handlers = { [M in Method]: (args: Args<M>) => Ret<M> };

const MAX_ANNOTATOR_LENGTH = 64;
// Control characters and line/paragraph separators have no place in a name.
const BAD_NAME_CHAR = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/** A trimmed, valid annotator name, or a ServiceError('invalid-argument') saying what is wrong. */
export function normaliseAnnotatorName(raw: string): string {
  const name = raw.trim();
  const length = [...name].length;
  if (length === 0) throw new ServiceError('invalid-argument', 'the annotator name is empty');
  if (length > MAX_ANNOTATOR_LENGTH) {
    throw new ServiceError('invalid-argument', `the annotator name is ${length} characters long; at most ${MAX_ANNOTATOR_LENGTH} are allowed`);
  }
  if (BAD_NAME_CHAR.test(name)) throw new ServiceError('invalid-argument', 'the annotator name contains a control character');
  return name;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The API's handlers over one open project, transport-free: the Electron main process, the CLI
 * and the tests all use it. `dispatch` never throws; `call` throws a ServiceError.
 */
export class QalamService {
  readonly store: Store;
  private readonly now: () => string;
  private readonly handlers: Handlers;

  constructor(store: Store, options: ServiceOptions = {}) {
    this.store = store;
    this.now = options.now ?? (() => new Date().toISOString());
    this.handlers = {
      'session.get': () => this.session(),
      'session.setAnnotator': (a) => this.setAnnotator(a.name),
      'documents.list': () => this.listDocuments(),
      'documents.get': (a) => this.getDocument(a.id),
      'documents.importPaths': (a) => this.importPaths(a.paths),
      'mentions.list': (a) => this.listMentions(a.docId, a.annotator),
      'mentions.create': (a) => this.createMention(a),
      'mentions.update': (a) => this.updateMention(a.id, a.type),
      'mentions.delete': (a) => this.deleteMention(a.id),
      'history.state': (a) => this.historyState(a.docId),
      'history.undo': (a) => this.undoRedo(a.docId, 'undo'),
      'history.redo': (a) => this.undoRedo(a.docId, 'redo'),
      'schema.get': () => this.schema().schema,
      'schema.replace': (a) => this.replaceSchema(a.json, a.fileName),
    };
  }

  // ---- entry points --------------------------------------------------------------------------

  /** Validates `args` for `method`, runs it and answers a Result. Never throws. */
  dispatch(method: string, args: unknown): Result<unknown> {
    try {
      return { ok: true, value: this.run(method, args) };
    } catch (e) {
      return { ok: false, error: toApiError(e) };
    }
  }

  /** Typed in-process call: the value, or a thrown ServiceError carrying the API error. */
  call<M extends Method>(method: M, args: Args<M>): Ret<M> {
    try {
      return this.run(method, args) as Ret<M>;
    } catch (e) {
      if (e instanceof ServiceError) throw e;
      throw ServiceError.fromApiError(toApiError(e), e);
    }
  }

  /** Project statistics (not part of the window's API; the CLI's `stats`). */
  stats(): ProjectStats {
    this.ensureOpen();
    return computeStats(this.store);
  }

  /** Every document with its number of mentions by all annotators, in import order (the CLI's `list`). */
  documentTotals(): (DocumentInfo & { mentions: number })[] {
    this.ensureOpen();
    const counts = this.store.mentionCountsByDocument();
    return this.store.listDocuments().map((d) => ({ ...d, mentions: counts.get(d.id) ?? 0 }));
  }

  close(): void {
    this.store.close();
  }

  private run(method: string, args: unknown): unknown {
    if (!Object.hasOwn(this.handlers, method)) {
      throw new ServiceError('invalid-argument', `unknown method ${JSON.stringify(method)}`);
    }
    const m = method as Method;
    const parsed = argSchemas[m].safeParse(args === undefined ? {} : args);
    if (!parsed.success) {
      throw new ServiceError('invalid-argument', `${m}: invalid arguments: ${describeIssues(parsed.error)}`);
    }
    this.ensureOpen();
    return (this.handlers[m] as (a: unknown) => unknown)(parsed.data);
  }

  private ensureOpen(): void {
    if (!this.store.isOpen) throw new ServiceError('internal', 'the project is closed');
  }

  // ---- session -------------------------------------------------------------------------------

  /** The current annotator, or null. */
  currentAnnotator(): string | null {
    return this.store.getSetting('current_annotator');
  }

  private requireAnnotator(): string {
    const a = this.currentAnnotator();
    if (a === null) throw new ServiceError('no-annotator', 'no annotator is set: say who you are first (session.setAnnotator)');
    return a;
  }

  private schema(): { version: number; schema: Schema } {
    const s = this.store.currentSchema();
    if (s === null) throw new ServiceError('internal', `${this.store.path} has no entity schema`);
    return s;
  }

  private session(): SessionInfo {
    const { version, schema } = this.schema();
    return {
      projectPath: this.store.path,
      projectName: this.store.getSetting('project_name') ?? basename(this.store.path, extname(this.store.path)),
      annotator: this.currentAnnotator(),
      annotators: this.store.listAnnotators(),
      schema,
      schemaVersion: version,
    };
  }

  private setAnnotator(raw: string): SessionInfo {
    const name = normaliseAnnotatorName(raw);
    this.store.transaction(() => {
      this.store.ensureAnnotator(name, this.now());
      this.store.setSetting('current_annotator', name);
    });
    return this.session();
  }

  // ---- documents -----------------------------------------------------------------------------

  private listDocuments(): DocumentSummary[] {
    const annotator = this.currentAnnotator();
    const spansByDoc = new Map<string, { start: number; end: number }[]>();
    if (annotator !== null) {
      for (const m of this.store.listMentionsOfAnnotator(annotator)) {
        let list = spansByDoc.get(m.docId);
        if (list === undefined) spansByDoc.set(m.docId, (list = []));
        list.push({ start: m.start, end: m.end });
      }
    }
    return this.store.listDocuments().map((info) => {
      const spans = spansByDoc.get(info.id) ?? [];
      let progress = 0;
      if (spans.length > 0) {
        const doc = this.store.getDocument(info.id);
        progress = doc === null ? 0 : wordCoverage(doc.text, spans);
      }
      return { ...info, mentionCount: spans.length, progress };
    });
  }

  private requireDocument(id: string): NonNullable<ReturnType<Store['getDocument']>> {
    const doc = this.store.getDocument(id);
    if (doc === null) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
    return doc;
  }

  private getDocument(id: string): DocumentView {
    const doc = this.requireDocument(id);
    return { ...doc, paragraphs: splitParagraphs(doc.text, doc.dir) };
  }

  private importPaths(paths: string[]): ImportReport {
    // 1. Find, read, decode and check everything; any failure throws before anything is stored.
    const files = collectImportFiles(paths);
    const prepared: PreparedText[] = files.map(prepareText);

    // 2. Decide what is new; a text already in the project, or twice in this import, is skipped.
    const report: ImportReport = { imported: [], skipped: [] };
    const fresh: PreparedText[] = [];
    const inBatch = new Map<string, PreparedText>();
    for (const p of prepared) {
      const existing = this.store.findDocumentBySha256(p.sha256);
      if (existing !== null) {
        report.skipped.push({
          file: p.file.display,
          reason: `same text as document ${existing.id} (${existing.name}), already in the project`,
          existingId: existing.id,
        });
        continue;
      }
      const twin = inBatch.get(p.sha256);
      if (twin !== undefined) {
        report.skipped.push({ file: p.file.display, reason: `same text as ${twin.file.display} in this import`, existingId: twin.id });
        continue;
      }
      if (this.store.documentExists(p.id)) {
        throw new ServiceError('import-failed', `${p.file.display}: document id ${p.id} is taken by a different text (SHA-256 prefix collision)`, {
          file: p.file.display,
        });
      }
      inBatch.set(p.sha256, p);
      fresh.push(p);
    }

    // 3. Store all new documents in one transaction.
    const importedAt = this.now();
    const docs = fresh.map((p) => ({
      id: p.id,
      name: p.name,
      sourcePath: p.file.absolute,
      sha256: p.sha256,
      text: p.text,
      lang: p.lang,
      dir: p.dir,
      length: p.length,
      importedAt,
    }));
    this.store.insertDocuments(docs);
    report.imported = docs.map(({ text: _text, ...info }) => info);
    return report;
  }

  // ---- mentions ------------------------------------------------------------------------------

  private listMentions(docId: string, annotator?: string): EntityMention[] {
    this.requireDocument(docId);
    const who = annotator ?? this.requireAnnotator();
    return this.store.listMentions(docId, who);
  }

  private requireType(type: string): void {
    const { schema } = this.schema();
    if (!schema.entityTypes.some((t) => t.name === type)) {
      const known = schema.entityTypes.map((t) => t.name).join(', ');
      throw new ServiceError('invalid-argument', `unknown entity type ${JSON.stringify(type)} (the schema has: ${known || 'no types'})`);
    }
  }

  private requireOwnMention(id: string): { mention: EntityMention; annotator: string } {
    const annotator = this.requireAnnotator();
    const mention = this.store.getMention(id);
    if (mention === null) throw new ServiceError('not-found', `no mention ${JSON.stringify(id)}`);
    if (mention.annotator !== annotator) {
      throw new ServiceError('conflict', `mention ${id} belongs to ${mention.annotator}; only they can change it`);
    }
    return { mention, annotator };
  }

  private refuseDuplicate(m: { docId: string; annotator: string; type: string; start: number; end: number }): void {
    const dup = this.store.findDuplicateMention(m);
    if (dup !== null) {
      throw new ServiceError('conflict', `there is already a ${m.type} mention at ${m.start}–${m.end} (mention ${dup})`);
    }
  }

  /** Logs a new change; a new change empties the redo stack of (document, annotator). */
  private logChange(c: Omit<Parameters<Store['appendChange']>[0], 'at'>): void {
    this.store.clearRedo(c.docId, c.annotator);
    this.store.appendChange({ ...c, at: this.now() });
  }

  private createMention(a: Args<'mentions.create'>): Ret<'mentions.create'> {
    const annotator = this.requireAnnotator();
    const doc = this.requireDocument(a.docId);
    this.requireType(a.type);
    const span = checkSpan(doc.text, { start: a.start, end: a.end });
    const key = { docId: doc.id, annotator, type: a.type, start: span.start, end: span.end };
    this.refuseDuplicate(key);
    const at = this.now();
    const mention = this.store.transaction(() => {
      const m = this.store.insertMention({ ...key, origin: 'manual', createdAt: at, updatedAt: at });
      this.logChange({ docId: doc.id, annotator, kind: 'create', mentionId: m.id, before: null, after: m });
      return m;
    });
    return { mention, history: this.store.historyState(doc.id, annotator) };
  }

  private updateMention(id: string, type: string): Ret<'mentions.update'> {
    const { mention: before, annotator } = this.requireOwnMention(id);
    this.requireType(type);
    if (type === before.type) return { mention: before, history: this.store.historyState(before.docId, annotator) };
    this.refuseDuplicate({ ...before, type });
    const mention = this.store.transaction(() => {
      const after = this.store.updateMention(id, { type, updatedAt: this.now() });
      this.logChange({ docId: before.docId, annotator, kind: 'update', mentionId: id, before, after });
      return after;
    });
    return { mention, history: this.store.historyState(before.docId, annotator) };
  }

  private deleteMention(id: string): Ret<'mentions.delete'> {
    const { mention: before, annotator } = this.requireOwnMention(id);
    this.store.transaction(() => {
      this.store.deleteMention(id);
      this.logChange({ docId: before.docId, annotator, kind: 'delete', mentionId: id, before, after: null });
    });
    return { id, history: this.store.historyState(before.docId, annotator) };
  }

  // ---- history -------------------------------------------------------------------------------

  private historyState(docId: string): HistoryState {
    this.requireDocument(docId);
    const annotator = this.currentAnnotator();
    return annotator === null ? { canUndo: false, canRedo: false } : this.store.historyState(docId, annotator);
  }

  /** Puts the mention into `state` (null: absent), whatever it is now. */
  private restore(id: string, state: EntityMention | null): EntityMention | null {
    const now = this.store.getMention(id);
    if (state === null) {
      if (now !== null) this.store.deleteMention(id);
      return null;
    }
    this.requireType(state.type);
    if (now === null) {
      this.refuseDuplicate(state);
      return this.store.insertMention({ ...state });
    }
    if (now.type !== state.type) this.refuseDuplicate(state);
    return this.store.updateMention(id, { type: state.type, updatedAt: state.updatedAt });
  }

  private undoRedo(docId: string, direction: 'undo' | 'redo'): ChangeApplied {
    this.requireDocument(docId);
    const annotator = this.requireAnnotator();
    const entry: ChangeEntry | null =
      direction === 'undo' ? this.store.lastUndoable(docId, annotator) : this.store.firstRedoable(docId, annotator);
    if (entry === null) {
      throw direction === 'undo'
        ? new ServiceError('nothing-to-undo', 'nothing to undo in this document')
        : new ServiceError('nothing-to-redo', 'nothing to redo in this document');
    }
    const target = direction === 'undo' ? entry.before : entry.after;
    const mention = this.store.transaction(() => {
      const m = this.restore(entry.mentionId, target);
      this.store.setUndone(entry.seq, direction === 'undo');
      return m;
    });
    // What the step did to the mention: undoing a create deletes it, undoing a delete creates it.
    const kind = entry.kind === 'update' ? 'update' : (entry.kind === 'create') === (direction === 'redo') ? 'create' : 'delete';
    return { docId, kind, mention, mentionId: entry.mentionId, ...this.store.historyState(docId, annotator) };
  }

  // ---- schema --------------------------------------------------------------------------------

  private replaceSchema(json: string, fileName = 'schema.json'): Schema {
    const next = parseSchemaJson(json, fileName);
    const keep = new Set(next.entityTypes.map((t) => t.name));
    const dropped = [...this.store.mentionCountsByType()].filter(([type]) => !keep.has(type));
    if (dropped.length > 0) {
      const list = dropped.map(([type, n]) => `${type} (${plural(n, 'mention')})`).join(', ');
      throw new ServiceError('conflict', `${fileName}: the new schema drops entity types still in use: ${list}`, { file: fileName });
    }
    const at = this.now();
    this.store.addSchema(next, at);
    return this.schema().schema;
  }
}
