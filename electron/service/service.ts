import { basename, extname } from 'node:path';
import type {
  AnnotationKind,
  AttributeValues,
  DocumentMeta,
  DocumentRecord,
  DocumentStatus,
  DocumentInfo,
  EntityMention,
  EventArgument,
  EventMention,
  Provenance,
  Relation,
  Schema,
} from '../../annotations/model';
import { GOLD_SET, isEventRef } from '../../annotations/model';
import { annotatorNameProblem, BAD_NAME_CHAR } from '../../annotations/names';
import { cardinalityBounds, parseSchemaJson } from '../../annotations/schema';
import { parseBratConf, writeBratConf } from '../../annotations/formats/bratconf';
import { attributeApplies, validateDocument, type ValidationProblem } from '../../annotations/validate';
import { checkSpan } from '../../annotations/spans';
import { splitParagraphs } from '../../annotations/direction';
import { wordCoverage } from '../../annotations/tokenize';
import type {
  AnnotationRef,
  AnnotationValue,
  Args,
  ChangeApplied,
  ChangeStep,
  SchemaChangePreview,
  SchemaDrop,
  SchemaRenames,
  DocumentChange,
  DocumentSummary,
  DocumentView,
  HistoryState,
  ImportReport,
  Method,
  Result,
  Ret,
  SessionInfo,
} from '../contract';
import type { ChangeEntry, Rejection, Store } from '../store';
import { ServiceError, describeFailure, toApiError } from './errors';
import { StoreError } from '../store';
import { collectImportFiles, prepareText, type PreparedText } from './importer';
import { argSchemas, describeIssues } from './schemas';
import { computeStats, type ProjectStats } from './stats';
import { Review } from './review';
import { computeAgreement } from './agreement';
import { runExport } from './formats';
import { runImport } from './formatImport';
import { logGroup, type LogItem } from './history';
import { Suggestions } from './suggestions';

export interface ServiceOptions {
  /** The clock for timestamps (ISO 8601). Default: the system clock. */
  now?: () => string;
}

type Handlers = { [M in Method]: (args: Args<M>) => Ret<M> };
/** A change's answer before `document` is added to it (QalamService.changed). */
type Unchanged<M extends Method> = Omit<Ret<M>, 'document'>;

function annotationDocId(a: AnnotationValue): string {
  return a.kind === 'mention' ? a.mention.docId : a.kind === 'event' ? a.event.docId : a.relation.docId;
}

/** A trimmed, valid annotator name (the core's rules, annotations/names.ts), or a ServiceError('invalid-argument') saying what is wrong. */
export function normaliseAnnotatorName(raw: string): string {
  const problem = annotatorNameProblem(raw);
  if (problem !== null) throw new ServiceError('invalid-argument', problem);
  return raw.trim();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const MAX_FLAG_LENGTH = 64;

/** Flags trimmed, without empties and duplicates, in order; refuses control characters and very long flags. */
function normaliseFlags(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of raw.map((x) => x.trim())) {
    if (f === '' || out.includes(f)) continue;
    if (BAD_NAME_CHAR.test(f)) throw new ServiceError('invalid-argument', `flag ${JSON.stringify(f)} contains a control character`);
    if ([...f].length > MAX_FLAG_LENGTH) throw new ServiceError('invalid-argument', `flag ${JSON.stringify(f)} is longer than ${MAX_FLAG_LENGTH} characters`);
    out.push(f);
  }
  return out;
}

function sameAttributes(a: AttributeValues | undefined, b: AttributeValues | undefined): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => (a as AttributeValues)[k] === (b ?? {})[k]);
}

/**
 * The provenance a gold annotation gets when the adjudicator changes it by hand: `created` for a
 * new one, `edited` (keeping its sources) for one accepted from an annotator. undefined for
 * annotations of other sets (no provenance).
 */
function goldProvenance(annotator: string, current: Provenance | undefined, at: string): Provenance | undefined {
  if (annotator !== GOLD_SET) return undefined;
  if (current === undefined) return { action: 'created', sources: [], at };
  return current.action === 'accepted' ? { ...current, action: 'edited' } : current;
}

export type { LogItem } from './history';

/**
 * Did an undo/redo step fail because it no longer fits the project (a duplicate, a missing or
 * still-referenced annotation), rather than because the file failed (busy, full, read-only)?
 */
function cannotApply(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (e instanceof ServiceError || e instanceof StoreError) return code === 'conflict' || code === 'not-found' || code === 'invalid-argument';
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** One sentence for the user: which step was skipped, why, and that it left the history. */
function skipSentence(group: readonly ChangeEntry[], direction: 'undo' | 'redo', e: unknown): string {
  const main = group.find((x) => x.target === 'mention') ?? (group[0] as ChangeEntry);
  const state = (main.before ?? main.after) as (Partial<EntityMention> & Partial<EventMention>) | null;
  const type = state?.type ?? '';
  const what =
    main.target === 'mention'
      ? `the ${type} mention at ${state?.start ?? '?'}–${state?.end ?? '?'}`
      : main.target === 'event'
        ? `the ${type} event at ${state?.triggerStart ?? '?'}–${state?.triggerEnd ?? '?'}`
        : main.target === 'relation'
          ? `the ${type} relation`
          : main.target === 'document'
            ? "the document's status, flags or note"
            : 'a rejected disagreement';
  const create = main.kind === 'create';
  const action =
    main.kind === 'update'
      ? direction === 'undo'
        ? `changing ${what} back`
        : `changing ${what} again`
      : create === (direction === 'undo')
        ? `removing ${what}`
        : `restoring ${what}`;
  const code = (e as { code?: unknown } | null)?.code;
  const why =
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
      ? 'another annotation refers to it, or one it refers to is gone'
      : typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')
        ? 'the same annotation is already there'
        : e instanceof Error
          ? e.message
          : String(e);
  const extra = group.length > 1 ? ` and ${plural(group.length - 1, 'other change')} of the same step` : '';
  return `Skipped a step that can no longer be ${direction === 'undo' ? 'undone' : 'redone'} (${action}${extra}): ${why}. It was removed from the history.`;
}

/** How document progress is computed (annotations/tokenize wordCoverage); bump when that changes. */
const PROGRESS_STAMP = 'words-1';

/**
 * The API's handlers over one open project, transport-free: the Electron main process, the CLI
 * and the tests all use it. `dispatch` never throws; `call` throws a ServiceError.
 */
export class QalamService {
  readonly store: Store;
  private readonly now: () => string;
  private readonly handlers: Handlers;
  private readonly suggestions: Suggestions;

  constructor(store: Store, options: ServiceOptions = {}) {
    this.store = store;
    this.now = options.now ?? (() => new Date().toISOString());
    const review = new Review({ store, now: () => this.now(), logItems: (d, a, items) => this.logItems(d, a, items) });
    this.suggestions = new Suggestions({ store, now: () => this.now(), logItems: (d, a, items) => this.logItems(d, a, items), changed: (d, v) => this.changed(d, v) });
    this.handlers = {
      ...this.suggestions.handlers(),
      'review.compare': (a) => review.compare(a),
      'review.accept': (a) => review.accept(a),
      'review.acceptAgreed': (a) => review.acceptAgreed(a),
      'review.reject': (a) => review.reject(a),
      'review.agreement': (a) => computeAgreement(this.store, a.annotators, a.documents),
      'session.get': () => this.session(),
      'session.setAnnotator': (a) => this.setAnnotator(a.name),
      'documents.list': (a) => this.listDocuments(a.ids),
      'documents.get': (a) => this.getDocument(a.id),
      'documents.importPaths': (a) => this.importPaths(a.paths),
      'mentions.list': (a) => this.listMentions(a.docId, a.annotator),
      'mentions.create': (a) => this.changed(a.docId, this.createMention(a)),
      'mentions.update': (a) => this.changedAnnotation(this.updateMention(a.id, a.type), (r) => r.mention.docId),
      'mentions.delete': (a) => this.deleteMention(a.id),
      'history.state': (a) => this.historyState(a.docId),
      'history.undo': (a) => this.changed(a.docId, this.undoRedo(a.docId, 'undo')),
      'history.redo': (a) => this.changed(a.docId, this.undoRedo(a.docId, 'redo')),
      'schema.get': () => this.schema().schema,
      'schema.replace': (a) => this.replaceSchema(a.json, a.fileName, a.renames, a.force),
      'schema.preview': (a) => this.previewSchema(parseSchemaJson(a.json, a.fileName ?? 'schema.json'), a.renames),
      'schema.importBratConf': (a) => this.applySchema(parseBratConf(a.text, a.fileName ?? 'annotation.conf'), a.fileName ?? 'annotation.conf', a.renames, a.force),
      'schema.exportBratConf': () => ({ text: writeBratConf(this.schema().schema), fileName: 'annotation.conf' }),
      'annotations.list': (a) => this.listAnnotations(a.docId, a.annotator, a.mentions),
      'events.list': (a) => this.listEvents(a.docId, a.annotator),
      'events.create': (a) => this.changed(a.docId, this.createEvent(a)),
      'events.update': (a) => this.changedAnnotation(this.updateEvent(a.id, a.type), (r) => r.event.docId),
      'events.setArgument': (a) => this.changedAnnotation(this.setArgument(a), (r) => r.event.docId),
      'events.removeArgument': (a) => this.changedAnnotation(this.removeArgument(a), (r) => r.event.docId),
      'events.delete': (a) => this.deleteEvent(a.id),
      'relations.list': (a) => this.listRelations(a.docId, a.annotator),
      'relations.create': (a) => this.changed(a.docId, this.createRelation(a)),
      'relations.update': (a) => this.changedAnnotation(this.updateRelation(a.id, a.type), (r) => r.relation.docId),
      'relations.delete': (a) => this.deleteRelation(a.id),
      'attributes.set': (a) => this.changedAnnotation(this.setAttribute(a.target, a.name, a.value), (r) => annotationDocId(r.annotation)),
      'attributes.clear': (a) => this.changedAnnotation(this.setAttribute(a.target, a.name, null), (r) => annotationDocId(r.annotation)),
      'notes.set': (a) => this.changedAnnotation(this.setNote(a.target, a.note), (r) => annotationDocId(r.annotation)),
      'documents.meta': (a) => this.documentMeta(a.docId, a.annotator),
      'documents.setStatus': (a) => this.changed(a.docId, this.changeMeta(a.docId, { status: a.status })),
      'documents.setFlags': (a) => this.changed(a.docId, this.changeMeta(a.docId, { flags: normaliseFlags(a.flags) })),
      'documents.setNote': (a) => this.changed(a.docId, this.changeMeta(a.docId, { note: a.note })),
      'documents.validate': (a) => this.validate(a.docId, a.annotator),
      'export.run': (a) => runExport(this.store, this.schema().schema, a, this.currentAnnotator(), this.progressFor('export')),
      'import.run': (a) =>
        runImport({ store: this.store, schema: this.schema().schema, now: this.now, currentAnnotator: this.currentAnnotator(), onProgress: this.progressFor('import') }, a),
    };
  }

  // ---- entry points --------------------------------------------------------------------------

  /** Validates `args` for `method`, runs it and answers a Result. Never throws. */
  dispatch(method: string, args: unknown): Result<unknown> {
    try {
      return { ok: true, value: this.run(method, args) };
    } catch (e) {
      return { ok: false, error: toApiError(describeFailure(e, this.store.path)) };
    }
  }

  /** Typed in-process call: the value, or a thrown ServiceError carrying the API error. */
  call<M extends Method>(method: M, args: Args<M>): Ret<M> {
    try {
      return this.run(method, args) as Ret<M>;
    } catch (e) {
      if (e instanceof ServiceError) throw e;
      throw ServiceError.fromApiError(toApiError(describeFailure(e, this.store.path)), e);
    }
  }

  /** Progress of long exports and imports (export.run, import.run): set by the CLI or the main process. */
  progress: ((what: 'export' | 'import', done: number, total: number) => void) | null = null;

  private progressFor(what: 'export' | 'import'): ((done: number, total: number) => void) | undefined {
    const p = this.progress;
    return p === null ? undefined : (done, total) => p(what, done, total);
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
    this.suggestions.close();
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
    if (a === null) throw new ServiceError('no-annotator', 'no annotator is set: say who you are first');
    return a;
  }

  private schema(): { version: number; schema: Schema } {
    const s = this.store.currentSchema();
    if (s === null) throw new ServiceError('internal', `${this.store.path} has no entity schema`);
    return s;
  }

  private session(): SessionInfo {
    const { version, schema } = this.schema();
    const referenceSet = this.store.getSetting('reference_set');
    return {
      projectPath: this.store.path,
      projectName: this.store.getSetting('project_name') ?? basename(this.store.path, extname(this.store.path)),
      annotator: this.currentAnnotator(),
      annotators: this.store.listAnnotators(),
      schema,
      schemaVersion: version,
      ...(referenceSet !== null ? { referenceSet } : {}),
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

  /**
   * Progress per (annotator, document), valid while the document's span digest is unchanged;
   * loaded from the store (migration 005) on an annotator's first list, kept there as it changes.
   */
  private readonly progressCache = new Map<string, { digest: string; progress: number }>();
  private readonly progressLoaded = new Set<string>();

  private listDocuments(ids?: readonly string[]): DocumentSummary[] {
    const annotator = this.currentAnnotator();
    const statuses = annotator === null ? new Map<string, DocumentStatus>() : this.store.documentStatuses(annotator, ids);
    const eventCounts = annotator === null ? new Map<string, number>() : this.store.eventCountsByDocument(annotator, ids);
    // Progress needs a document's text and spans, which are costly to read for a big corpus, so
    // it is recomputed only for documents whose mentions changed since the last call.
    const digests = annotator === null ? new Map<string, string>() : this.store.mentionSpanDigests(annotator, ids);
    if (annotator !== null && !this.progressLoaded.has(annotator)) {
      this.progressLoaded.add(annotator);
      for (const [docId, p] of this.store.storedProgress(annotator)) this.progressCache.set(`${annotator}\u0000${docId}`, p);
    }
    const computed: { docId: string; digest: string; progress: number }[] = [];
    const list = this.store.listDocuments(ids).map((info) => {
      const digest = digests.get(info.id);
      let progress = 0;
      let mentionCount = 0;
      if (annotator !== null && digest !== undefined) {
        mentionCount = Number(digest.slice(0, digest.indexOf(':')));
        const key = `${annotator}\u0000${info.id}`;
        const cached = this.progressCache.get(key);
        // The digest of the spans, stamped with how progress is computed (a stored figure from an
        // older computation is redone).
        const stamp = `${PROGRESS_STAMP}|${digest}`;
        if (cached && cached.digest === stamp) {
          progress = cached.progress;
        } else {
          // Not through recentDocument: a corpus-wide pass must not push out the documents in use.
          const doc = this.recentDocs.get(info.id) ?? this.store.getDocument(info.id);
          progress = doc === null ? 0 : wordCoverage(doc.text, this.store.mentionSpans(info.id, annotator));
          this.progressCache.set(key, { digest: stamp, progress });
          computed.push({ docId: info.id, digest: stamp, progress });
        }
      }
      return { ...info, mentionCount, progress, eventCount: eventCounts.get(info.id) ?? 0, status: statuses.get(info.id) ?? 'not-started' };
    });
    if (annotator !== null && computed.length > 0) {
      try {
        this.store.storeProgress(annotator, computed);
      } catch {
        // Only a cache (a busy or read-only file): the list is right without it.
      }
    }
    return list;
  }

  /**
   * The last few documents read (text included). Documents never change once imported, so this is
   * never stale; it spares reading a long text from SQLite on every call about that document
   * (each label asks for the list's progress, the events and a validation).
   */
  private readonly recentDocs = new Map<string, DocumentRecord>();

  private recentDocument(id: string): DocumentRecord | null {
    const hit = this.recentDocs.get(id);
    if (hit) {
      this.recentDocs.delete(id);
      this.recentDocs.set(id, hit);
      return hit;
    }
    const doc = this.store.getDocument(id);
    if (doc === null) return null;
    this.recentDocs.set(id, doc);
    for (const key of this.recentDocs.keys()) {
      if (this.recentDocs.size <= 3) break;
      this.recentDocs.delete(key);
    }
    return doc;
  }

  private requireDocument(id: string): DocumentRecord {
    const doc = this.recentDocument(id);
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

  private createMention(a: Args<'mentions.create'>): Unchanged<'mentions.create'> {
    const annotator = this.requireAnnotator();
    const doc = this.requireDocument(a.docId);
    this.requireType(a.type);
    const span = checkSpan(doc.text, { start: a.start, end: a.end });
    const key = { docId: doc.id, annotator, type: a.type, start: span.start, end: span.end };
    this.refuseDuplicate(key);
    const at = this.now();
    const mention = this.store.transaction(() => {
      const m = this.store.insertMention({ ...key, origin: 'manual', createdAt: at, updatedAt: at, provenance: goldProvenance(annotator, undefined, at) ?? null });
      this.logChange({ docId: doc.id, annotator, kind: 'create', mentionId: m.id, before: null, after: m });
      return m;
    });
    return { mention, history: this.store.historyState(doc.id, annotator) };
  }

  private updateMention(id: string, type: string): Unchanged<'mentions.update'> {
    const { mention: before, annotator } = this.requireOwnMention(id);
    this.requireType(type);
    if (type === before.type) return { mention: before, history: this.store.historyState(before.docId, annotator) };
    this.refuseDuplicate({ ...before, type });
    const mention = this.store.transaction(() => {
      const at = this.now();
      const after = this.store.updateMention(id, { type, updatedAt: at, provenance: goldProvenance(annotator, before.provenance, at) });
      this.logChange({ docId: before.docId, annotator, kind: 'update', mentionId: id, before, after });
      return after;
    });
    return { mention, history: this.store.historyState(before.docId, annotator) };
  }

  /**
   * Deletes the mention, first removing it from the events it is an argument of and deleting the
   * relations it is an end of; all logged as one undo step (undo restores the mention first).
   */
  private deleteMention(id: string): Ret<'mentions.delete'> {
    const { mention: before, annotator } = this.requireOwnMention(id);
    const at = this.now();
    const result = this.store.transaction(() => {
      const items: LogItem[] = [];
      const eventsUpdated: EventMention[] = [];
      for (const ev of this.store.eventsUsingMention(id)) {
        const after = this.store.updateEvent(ev.id, { arguments: ev.arguments.filter((a) => a.mentionId !== id), updatedAt: at });
        items.push({ target: 'event', targetId: ev.id, kind: 'update', before: ev, after });
        eventsUpdated.push(after);
      }
      const relationsDeleted: string[] = [];
      for (const r of this.store.relationsUsingMention(id)) {
        this.store.deleteRelation(r.id);
        items.push({ target: 'relation', targetId: r.id, kind: 'delete', before: r, after: null });
        relationsDeleted.push(r.id);
      }
      this.store.deleteMention(id);
      items.push({ target: 'mention', targetId: id, kind: 'delete', before, after: null });
      this.logItems(before.docId, annotator, items);
      return { eventsUpdated, relationsDeleted };
    });
    return this.changed(before.docId, { id, history: this.store.historyState(before.docId, annotator), ...result });
  }

  // ---- history -------------------------------------------------------------------------------

  private historyState(docId: string): HistoryState {
    this.requireDocument(docId);
    const annotator = this.currentAnnotator();
    return annotator === null ? { canUndo: false, canRedo: false } : this.store.historyState(docId, annotator);
  }

  /** The answer of a change with where its document is now (the list row and the problems), for the current annotator. */
  private changed<T extends object>(docId: string, value: T): T & { document: DocumentChange } {
    const summary = this.listDocuments([docId])[0];
    if (summary === undefined) throw new ServiceError('not-found', `no document ${docId}`);
    return { ...value, document: { summary, problems: this.validate(docId) } };
  }

  private changedAnnotation<T extends object>(value: T, docIdOf: (value: T) => string): T & { document: DocumentChange } {
    return this.changed(docIdOf(value), value);
  }

  /** Logs the items of one user action as one undo step (a new change empties the redo stack). Internal (review.ts). */
  logItems(docId: string, annotator: string, items: readonly LogItem[]): void {
    logGroup(this.store, docId, annotator, items, this.now());
  }

  /** Puts the mention into `state` (null: absent), whatever it is now. */
  private restore(id: string, state: EntityMention | null): EntityMention | null {
    const now = this.store.getMention(id);
    if (state === null) {
      if (now !== null) this.store.deleteMention(id);
      return null;
    }
    // Not checked against the schema: a forced schema change keeps annotations of the types it
    // dropped (documents.validate lists them), and undo restores what was there the same way.
    if (now === null) {
      this.refuseDuplicate(state);
      return this.store.insertMention({ ...state });
    }
    if (now.type !== state.type) this.refuseDuplicate(state);
    return this.store.updateMention(id, {
      type: state.type,
      attributes: state.attributes ?? {},
      note: state.note ?? '',
      normalizations: state.normalizations ?? [],
      provenance: state.provenance ?? null,
      updatedAt: state.updatedAt,
    });
  }

  private restoreEvent(id: string, state: EventMention | null): EventMention | null {
    const now = this.store.getEvent(id);
    if (state === null) {
      if (now !== null) this.store.deleteEvent(id);
      return null;
    }
    if (now === null) return this.store.insertEvent({ ...state });
    return this.store.updateEvent(id, {
      type: state.type,
      arguments: state.arguments,
      attributes: state.attributes,
      note: state.note,
      provenance: state.provenance ?? null,
      updatedAt: state.updatedAt,
    });
  }

  private restoreRelation(id: string, state: Relation | null): Relation | null {
    const now = this.store.getRelation(id);
    if (state === null) {
      if (now !== null) this.store.deleteRelation(id);
      return null;
    }
    if (now === null) return this.store.insertRelation({ ...state });
    return this.store.updateRelation(id, { type: state.type, attributes: state.attributes, note: state.note, provenance: state.provenance ?? null, updatedAt: state.updatedAt });
  }

  private restoreRejection(id: string, state: Rejection | null): Rejection | null {
    const now = this.store.getRejection(id);
    if (state === null) {
      if (now !== null) this.store.deleteRejection(id);
      return null;
    }
    return now ?? this.store.insertRejection(state);
  }

  private restoreStep(entry: ChangeEntry, direction: 'undo' | 'redo'): ChangeStep {
    const state = direction === 'undo' ? entry.before : entry.after;
    // What the step did: undoing a create deletes, undoing a delete creates.
    const kind = entry.kind === 'update' ? 'update' : (entry.kind === 'create') === (direction === 'redo') ? 'create' : 'delete';
    const id = entry.targetId;
    switch (entry.target) {
      case 'mention':
        return { target: 'mention', id, kind, value: this.restore(id, state as EntityMention | null) };
      case 'event':
        return { target: 'event', id, kind, value: this.restoreEvent(id, state as EventMention | null) };
      case 'relation':
        return { target: 'relation', id, kind, value: this.restoreRelation(id, state as Relation | null) };
      case 'document':
        return { target: 'document', id, kind, value: this.store.putDocumentMeta(state as DocumentMeta) };
      case 'rejection':
        return { target: 'rejection', id, kind, value: this.restoreRejection(id, state as Rejection | null) };
    }
  }

  /**
   * Undoes (or redoes) the newest (oldest) step of (document, annotator). A step that can no
   * longer apply (something else took its place, or what it refers to is gone: e.g. history from
   * before imports were logged) is removed from the history with a sentence in `skipped`, and the
   * step before it is tried, so the history never gets stuck.
   */
  private undoRedo(docId: string, direction: 'undo' | 'redo'): ChangeApplied {
    this.requireDocument(docId);
    const annotator = this.requireAnnotator();
    const skipped: string[] = [];
    for (;;) {
      const entry: ChangeEntry | null =
        direction === 'undo' ? this.store.lastUndoable(docId, annotator) : this.store.firstRedoable(docId, annotator);
      if (entry === null) {
        if (skipped.length > 0) return { docId, kind: 'update', mention: null, mentionId: '', steps: [], skipped, ...this.store.historyState(docId, annotator) };
        throw direction === 'undo'
          ? new ServiceError('nothing-to-undo', 'nothing to undo in this document')
          : new ServiceError('nothing-to-redo', 'nothing to redo in this document');
      }
      const group = this.store.changeGroup(docId, annotator, entry.group, direction === 'redo');
      // undo from the newest entry back, redo from the oldest forward
      const ordered = direction === 'undo' ? [...group].reverse() : group;
      let steps: ChangeStep[];
      try {
        const at = this.now();
        steps = this.store.transaction(() =>
          ordered.map((e) => {
            const step = this.restoreStep(e, direction);
            this.store.setUndone(e.seq, direction === 'undo', at);
            return step;
          }),
        );
      } catch (e) {
        if (!cannotApply(e)) throw e;
        this.store.dropChanges(group.map((x) => x.seq));
        skipped.push(skipSentence(group, direction, e));
        continue;
      }
      const main = steps.find((st) => st.target === 'mention') ?? (steps[0] as ChangeStep);
      return {
        docId,
        kind: main.kind,
        mention: main.target === 'mention' ? main.value : null,
        mentionId: main.id,
        steps,
        ...(skipped.length > 0 ? { skipped } : {}),
        ...this.store.historyState(docId, annotator),
      };
    }
  }

  // ---- events --------------------------------------------------------------------------------

  private listAnnotations(docId: string, annotator?: string, withMentions = true): Ret<'annotations.list'> {
    this.requireDocument(docId);
    const who = annotator ?? this.requireAnnotator();
    return {
      mentions: withMentions ? this.store.listMentions(docId, who) : [],
      events: this.store.listEvents(docId, who),
      relations: this.store.listRelations(docId, who),
      meta: this.store.getDocumentMeta(docId, who),
    };
  }

  private listEvents(docId: string, annotator?: string): EventMention[] {
    this.requireDocument(docId);
    return this.store.listEvents(docId, annotator ?? this.requireAnnotator());
  }

  private requireEventType(type: string): Schema['eventTypes'][number] {
    const { schema } = this.schema();
    const t = schema.eventTypes.find((x) => x.name === type);
    if (t === undefined) {
      const known = schema.eventTypes.map((x) => x.name).join(', ');
      throw new ServiceError('invalid-argument', `unknown event type ${JSON.stringify(type)} (the schema has: ${known || 'no event types'})`);
    }
    if (t.abstract) throw new ServiceError('invalid-argument', `event type ${type} only groups other types and cannot be used`);
    return t;
  }

  private requireOwnEvent(id: string): { event: EventMention; annotator: string } {
    const annotator = this.requireAnnotator();
    const event = this.store.getEvent(id);
    if (event === null) throw new ServiceError('not-found', `no event ${JSON.stringify(id)}`);
    if (event.annotator !== annotator) throw new ServiceError('conflict', `event ${id} belongs to ${event.annotator}; only they can change it`);
    return { event, annotator };
  }

  /**
   * What may be an argument or relation end: a mention or an event ("E<n>"), the annotator's own,
   * in the same document (an event never its own argument: `self`).
   */
  private requireArgumentTarget(id: string, docId: string, annotator: string, self?: string): void {
    if (!isEventRef(id)) {
      this.requireArgumentMention(id, docId, annotator);
      return;
    }
    if (id === self) throw new ServiceError('invalid-argument', `event ${id} cannot be its own argument`);
    const e = this.store.getEvent(id);
    if (e === null) throw new ServiceError('not-found', `no event ${JSON.stringify(id)}`);
    if (e.docId !== docId) throw new ServiceError('invalid-argument', `event ${id} is in another document`);
    if (e.annotator !== annotator) throw new ServiceError('conflict', `event ${id} belongs to ${e.annotator}, not to ${annotator}`);
  }

  /** A mention that may be an argument or relation end: the annotator's own, in the same document. */
  private requireArgumentMention(mentionId: string, docId: string, annotator: string): EntityMention {
    const m = this.store.getMention(mentionId);
    if (m === null) throw new ServiceError('not-found', `no mention ${JSON.stringify(mentionId)}`);
    if (m.docId !== docId) throw new ServiceError('invalid-argument', `mention ${mentionId} is in another document`);
    if (m.annotator !== annotator) throw new ServiceError('conflict', `mention ${mentionId} belongs to ${m.annotator}, not to ${annotator}`);
    return m;
  }

  private requireRole(type: Schema['eventTypes'][number], role: string): Schema['eventTypes'][number]['roles'][number] {
    const r = type.roles.find((x) => x.name === role);
    if (r === undefined) {
      const known = type.roles.map((x) => x.name).join(', ');
      throw new ServiceError('invalid-argument', `event type ${type.name} has no role ${JSON.stringify(role)} (its roles: ${known || 'none'})`);
    }
    return r;
  }

  private createEvent(a: Args<'events.create'>): Unchanged<'events.create'> {
    const annotator = this.requireAnnotator();
    const doc = this.requireDocument(a.docId);
    const type = this.requireEventType(a.type);
    const span = checkSpan(doc.text, { start: a.start, end: a.end });
    const args = a.arguments ?? [];
    for (const arg of args) {
      this.requireRole(type, arg.role);
      this.requireArgumentTarget(arg.mentionId, doc.id, annotator);
    }
    const dup = this.store
      .listEvents(doc.id, annotator)
      .find((e) => e.type === a.type && e.triggerStart === span.start && e.triggerEnd === span.end);
    if (dup !== undefined) throw new ServiceError('conflict', `there is already a ${a.type} event at ${span.start}–${span.end} (event ${dup.id})`);
    const unique = args.filter((x, i) => args.findIndex((y) => y.role === x.role && y.mentionId === x.mentionId) === i);
    const at = this.now();
    const event = this.store.transaction(() => {
      const e = this.store.insertEvent({
        docId: doc.id,
        type: a.type,
        triggerStart: span.start,
        triggerEnd: span.end,
        annotator,
        origin: 'manual',
        arguments: unique,
        createdAt: at,
        updatedAt: at,
        provenance: goldProvenance(annotator, undefined, at) ?? null,
      });
      this.logItems(doc.id, annotator, [{ target: 'event', targetId: e.id, kind: 'create', before: null, after: e }]);
      return e;
    });
    return { event, history: this.store.historyState(doc.id, annotator) };
  }

  /** Applies a change to an event and logs it (nothing when it changes nothing). */
  private changeEvent(
    before: EventMention,
    annotator: string,
    change: { type?: string; arguments?: EventArgument[]; attributes?: AttributeValues; note?: string },
  ): { event: EventMention; history: ReturnType<Store['historyState']> } {
    const same =
      (change.type === undefined || change.type === before.type) &&
      (change.arguments === undefined || JSON.stringify(change.arguments) === JSON.stringify(before.arguments)) &&
      (change.attributes === undefined || sameAttributes(change.attributes, before.attributes)) &&
      (change.note === undefined || change.note === before.note);
    if (same) return { event: before, history: this.store.historyState(before.docId, annotator) };
    const event = this.store.transaction(() => {
      const at = this.now();
      const after = this.store.updateEvent(before.id, { ...change, updatedAt: at, provenance: goldProvenance(annotator, before.provenance, at) });
      this.logItems(before.docId, annotator, [{ target: 'event', targetId: before.id, kind: 'update', before, after }]);
      return after;
    });
    return { event, history: this.store.historyState(before.docId, annotator) };
  }

  private updateEvent(id: string, type: string): Unchanged<'events.update'> {
    const { event, annotator } = this.requireOwnEvent(id);
    this.requireEventType(type);
    return this.changeEvent(event, annotator, { type });
  }

  private setArgument(a: Args<'events.setArgument'>): Unchanged<'events.setArgument'> {
    const { event, annotator } = this.requireOwnEvent(a.id);
    const type = this.requireEventType(event.type);
    const role = this.requireRole(type, a.role);
    this.requireArgumentTarget(a.mentionId, event.docId, annotator, event.id);
    if (event.arguments.some((x) => x.role === a.role && x.mentionId === a.mentionId)) {
      return { event, history: this.store.historyState(event.docId, annotator) };
    }
    const single = (cardinalityBounds(role.cardinality)?.max ?? Infinity) === 1;
    const replace = a.replace ?? single;
    const kept = replace ? event.arguments.filter((x) => x.role !== a.role) : event.arguments;
    return this.changeEvent(event, annotator, { arguments: [...kept, { role: a.role, mentionId: a.mentionId }] });
  }

  private removeArgument(a: Args<'events.removeArgument'>): Unchanged<'events.removeArgument'> {
    const { event, annotator } = this.requireOwnEvent(a.id);
    const kept = event.arguments.filter((x) => !(x.role === a.role && x.mentionId === a.mentionId));
    if (kept.length === event.arguments.length) {
      throw new ServiceError('not-found', `mention ${a.mentionId} is not the ${a.role} of event ${a.id}`);
    }
    return this.changeEvent(event, annotator, { arguments: kept });
  }

  /**
   * Deletes the event, first removing it from the events it is an argument of and deleting the
   * relations it is an end of (as deleting a mention does); one undo step restores all of it.
   */
  private deleteEvent(id: string): Ret<'events.delete'> {
    const { event: before, annotator } = this.requireOwnEvent(id);
    const at = this.now();
    const result = this.store.transaction(() => {
      const items: LogItem[] = [];
      const eventsUpdated: EventMention[] = [];
      for (const ev of this.store.eventsUsingEvent(id)) {
        if (ev.id === id) continue;
        const after = this.store.updateEvent(ev.id, { arguments: ev.arguments.filter((a) => a.mentionId !== id), updatedAt: at });
        items.push({ target: 'event', targetId: ev.id, kind: 'update', before: ev, after });
        eventsUpdated.push(after);
      }
      const relationsDeleted: string[] = [];
      for (const r of this.store.relationsUsingEvent(id)) {
        this.store.deleteRelation(r.id);
        items.push({ target: 'relation', targetId: r.id, kind: 'delete', before: r, after: null });
        relationsDeleted.push(r.id);
      }
      this.store.deleteEvent(id);
      items.push({ target: 'event', targetId: id, kind: 'delete', before, after: null });
      this.logItems(before.docId, annotator, items);
      return { eventsUpdated, relationsDeleted };
    });
    return this.changed(before.docId, { id, history: this.store.historyState(before.docId, annotator), ...result });
  }

  // ---- relations -----------------------------------------------------------------------------

  private listRelations(docId: string, annotator?: string): Relation[] {
    this.requireDocument(docId);
    return this.store.listRelations(docId, annotator ?? this.requireAnnotator());
  }

  private requireRelationType(type: string): Schema['relationTypes'][number] {
    const { schema } = this.schema();
    const t = schema.relationTypes.find((x) => x.name === type);
    if (t === undefined) {
      const known = schema.relationTypes.map((x) => x.name).join(', ');
      throw new ServiceError('invalid-argument', `unknown relation type ${JSON.stringify(type)} (the schema has: ${known || 'no relation types'})`);
    }
    return t;
  }

  private requireOwnRelation(id: string): { relation: Relation; annotator: string } {
    const annotator = this.requireAnnotator();
    const relation = this.store.getRelation(id);
    if (relation === null) throw new ServiceError('not-found', `no relation ${JSON.stringify(id)}`);
    if (relation.annotator !== annotator) throw new ServiceError('conflict', `relation ${id} belongs to ${relation.annotator}; only they can change it`);
    return { relation, annotator };
  }

  private refuseDuplicateRelation(docId: string, annotator: string, type: string, arg1: string, arg2: string, except?: string): void {
    const symmetric = this.schema().schema.relationTypes.find((t) => t.name === type)?.symmetric ?? false;
    const dup = this.store
      .listRelations(docId, annotator)
      .find((r) => r.id !== except && r.type === type && ((r.arg1 === arg1 && r.arg2 === arg2) || (symmetric && r.arg1 === arg2 && r.arg2 === arg1)));
    if (dup !== undefined) throw new ServiceError('conflict', `there is already a ${type} relation between mentions ${arg1} and ${arg2} (relation ${dup.id})`);
  }

  private createRelation(a: Args<'relations.create'>): Unchanged<'relations.create'> {
    const annotator = this.requireAnnotator();
    const doc = this.requireDocument(a.docId);
    this.requireRelationType(a.type);
    this.requireArgumentTarget(a.arg1, doc.id, annotator);
    this.requireArgumentTarget(a.arg2, doc.id, annotator);
    if (a.arg1 === a.arg2) throw new ServiceError('invalid-argument', 'a relation needs two different mentions or events');
    this.refuseDuplicateRelation(doc.id, annotator, a.type, a.arg1, a.arg2);
    const at = this.now();
    const relation = this.store.transaction(() => {
      const r = this.store.insertRelation({
        docId: doc.id,
        type: a.type,
        arg1: a.arg1,
        arg2: a.arg2,
        annotator,
        origin: 'manual',
        createdAt: at,
        updatedAt: at,
        provenance: goldProvenance(annotator, undefined, at) ?? null,
      });
      this.logItems(doc.id, annotator, [{ target: 'relation', targetId: r.id, kind: 'create', before: null, after: r }]);
      return r;
    });
    return { relation, history: this.store.historyState(doc.id, annotator) };
  }

  private changeRelation(
    before: Relation,
    annotator: string,
    change: { type?: string; attributes?: AttributeValues; note?: string },
  ): { relation: Relation; history: ReturnType<Store['historyState']> } {
    const same =
      (change.type === undefined || change.type === before.type) &&
      (change.attributes === undefined || sameAttributes(change.attributes, before.attributes)) &&
      (change.note === undefined || change.note === before.note);
    if (same) return { relation: before, history: this.store.historyState(before.docId, annotator) };
    const relation = this.store.transaction(() => {
      const at = this.now();
      const after = this.store.updateRelation(before.id, { ...change, updatedAt: at, provenance: goldProvenance(annotator, before.provenance, at) });
      this.logItems(before.docId, annotator, [{ target: 'relation', targetId: before.id, kind: 'update', before, after }]);
      return after;
    });
    return { relation, history: this.store.historyState(before.docId, annotator) };
  }

  private updateRelation(id: string, type: string): Unchanged<'relations.update'> {
    const { relation, annotator } = this.requireOwnRelation(id);
    this.requireRelationType(type);
    if (type !== relation.type) this.refuseDuplicateRelation(relation.docId, annotator, type, relation.arg1, relation.arg2, id);
    return this.changeRelation(relation, annotator, { type });
  }

  private deleteRelation(id: string): Ret<'relations.delete'> {
    const { relation: before, annotator } = this.requireOwnRelation(id);
    this.store.transaction(() => {
      this.store.deleteRelation(id);
      this.logItems(before.docId, annotator, [{ target: 'relation', targetId: id, kind: 'delete', before, after: null }]);
    });
    return this.changed(before.docId, { id, history: this.store.historyState(before.docId, annotator) });
  }

  // ---- attributes and notes ------------------------------------------------------------------

  private changeMention(
    before: EntityMention,
    annotator: string,
    change: { attributes?: AttributeValues; note?: string },
  ): { mention: EntityMention; history: ReturnType<Store['historyState']> } {
    const same =
      (change.attributes === undefined || sameAttributes(change.attributes, before.attributes)) &&
      (change.note === undefined || change.note === (before.note ?? ''));
    if (same) return { mention: before, history: this.store.historyState(before.docId, annotator) };
    const mention = this.store.transaction(() => {
      const at = this.now();
      const after = this.store.updateMention(before.id, { ...change, updatedAt: at, provenance: goldProvenance(annotator, before.provenance, at) });
      this.logItems(before.docId, annotator, [{ target: 'mention', targetId: before.id, kind: 'update', before, after }]);
      return after;
    });
    return { mention, history: this.store.historyState(before.docId, annotator) };
  }

  /** Applies an attribute or note change to any annotation the current annotator owns. */
  private changeAnnotation(
    target: AnnotationRef,
    change: (current: { kind: AnnotationKind; type: string; attributes: AttributeValues; note: string }) => { attributes?: AttributeValues; note?: string },
  ): { annotation: AnnotationValue; history: ReturnType<Store['historyState']> } {
    if (target.kind === 'mention') {
      const { mention, annotator } = this.requireOwnMention(target.id);
      const c = change({ kind: 'mention', type: mention.type, attributes: mention.attributes ?? {}, note: mention.note ?? '' });
      const r = this.changeMention(mention, annotator, c);
      return { annotation: { kind: 'mention', mention: r.mention }, history: r.history };
    }
    if (target.kind === 'event') {
      const { event, annotator } = this.requireOwnEvent(target.id);
      const r = this.changeEvent(event, annotator, change({ kind: 'event', type: event.type, attributes: event.attributes, note: event.note }));
      return { annotation: { kind: 'event', event: r.event }, history: r.history };
    }
    const { relation, annotator } = this.requireOwnRelation(target.id);
    const r = this.changeRelation(relation, annotator, change({ kind: 'relation', type: relation.type, attributes: relation.attributes, note: relation.note }));
    return { annotation: { kind: 'relation', relation: r.relation }, history: r.history };
  }

  /** value null clears the attribute. */
  private setAttribute(target: AnnotationRef, name: string, value: string | true | null): Unchanged<'attributes.set'> {
    const { schema } = this.schema();
    return this.changeAnnotation(target, (cur) => {
      const next = { ...cur.attributes };
      if (value === null) {
        delete next[name];
        return { attributes: next };
      }
      const def = schema.attributes.find((a) => a.name === name);
      if (def === undefined) {
        const known = schema.attributes.map((a) => a.name).join(', ');
        throw new ServiceError('invalid-argument', `unknown attribute ${JSON.stringify(name)} (the schema has: ${known || 'no attributes'})`);
      }
      if (!attributeApplies(schema, name, cur.kind, cur.type)) {
        throw new ServiceError('invalid-argument', `attribute ${name} does not apply to a ${cur.type} ${cur.kind} (it applies to ${def.appliesTo.join(', ')})`);
      }
      if (def.values.length === 0 && value !== true) {
        throw new ServiceError('invalid-argument', `attribute ${name} is a yes/no attribute: set it to true (or clear it)`);
      }
      if (def.values.length > 0 && (value === true || !def.values.includes(value))) {
        throw new ServiceError('invalid-argument', `attribute ${name} takes one of ${def.values.join(', ')}, not ${JSON.stringify(value)}`);
      }
      next[name] = value;
      return { attributes: next };
    });
  }

  private setNote(target: AnnotationRef, note: string): Unchanged<'notes.set'> {
    return this.changeAnnotation(target, () => ({ note }));
  }

  // ---- document status, flags, note; validation ----------------------------------------------

  private documentMeta(docId: string, annotator?: string): DocumentMeta {
    this.requireDocument(docId);
    return this.store.getDocumentMeta(docId, annotator ?? this.requireAnnotator());
  }

  private changeMeta(docId: string, change: Partial<Pick<DocumentMeta, 'status' | 'flags' | 'note'>>): { meta: DocumentMeta; history: ReturnType<Store['historyState']> } {
    this.requireDocument(docId);
    const annotator = this.requireAnnotator();
    const before = this.store.getDocumentMeta(docId, annotator);
    const next = { ...before, ...change };
    if (next.status === before.status && next.note === before.note && JSON.stringify(next.flags) === JSON.stringify(before.flags)) {
      return { meta: before, history: this.store.historyState(docId, annotator) };
    }
    const meta = this.store.transaction(() => {
      const after = this.store.putDocumentMeta({ ...next, updatedAt: this.now() });
      this.logItems(docId, annotator, [{ target: 'document', targetId: docId, kind: 'update', before, after }]);
      return after;
    });
    return { meta, history: this.store.historyState(docId, annotator) };
  }

  private validate(docId: string, annotator?: string): ValidationProblem[] {
    const doc = this.requireDocument(docId);
    const who = annotator ?? this.requireAnnotator();
    const schema = this.schema().schema;
    const plain = schema.entityTypes.filter((t) => !t.abstract).map((t) => t.name);
    return validateDocument(
      schema,
      this.store.mentionsToValidate(docId, who, plain),
      this.store.listEvents(docId, who),
      this.store.listRelations(docId, who),
      doc.text,
    );
  }

  // ---- schema --------------------------------------------------------------------------------

  private replaceSchema(json: string, fileName = 'schema.json', renames?: SchemaRenames, force?: boolean): Schema {
    return this.applySchema(parseSchemaJson(json, fileName), fileName, renames, force);
  }

  /** Checks that every rename goes from a name the current schema has to one the next schema has. */
  private checkRenames(current: Schema, next: Schema, renames: SchemaRenames): void {
    const names = (s: Schema): Set<string> => new Set([...s.entityTypes, ...s.eventTypes].map((t) => t.name));
    const check = (what: string, map: Record<string, string> | undefined, from: Set<string>, to: Set<string>): void => {
      for (const [a, b] of Object.entries(map ?? {})) {
        if (!from.has(a)) throw new ServiceError('invalid-argument', `cannot rename ${what} ${JSON.stringify(a)}: the current schema has no such ${what}`);
        if (!to.has(b)) throw new ServiceError('invalid-argument', `cannot rename ${what} ${JSON.stringify(a)} to ${JSON.stringify(b)}: the new schema has no such ${what}`);
      }
    };
    check('type', renames.types, names(current), names(next));
    check('relation type', renames.relationTypes, new Set(current.relationTypes.map((t) => t.name)), new Set(next.relationTypes.map((t) => t.name)));
    check('attribute', renames.attributes, new Set(current.attributes.map((a) => a.name)), new Set(next.attributes.map((a) => a.name)));
    for (const [eventType, map] of Object.entries(renames.roles ?? {})) {
      const t = next.eventTypes.find((x) => x.name === eventType);
      if (t === undefined) throw new ServiceError('invalid-argument', `cannot rename roles of ${JSON.stringify(eventType)}: the new schema has no such event type`);
      for (const b of Object.values(map)) {
        if (!t.roles.some((r) => r.name === b)) throw new ServiceError('invalid-argument', `cannot rename a role of ${eventType} to ${JSON.stringify(b)}: the new schema has no such role`);
      }
    }
  }

  /** What replacing the schema by `next` (with `renames`) would leave undefined. */
  private previewSchema(next: Schema, renames: SchemaRenames = {}): SchemaChangePreview {
    const current = this.schema().schema;
    this.checkRenames(current, next, renames);
    const usage = this.store.schemaUsage();
    const type = (t: string): string => renames.types?.[t] ?? t;
    const dropped: SchemaDrop[] = [];
    const entityNames = new Set(next.entityTypes.map((t) => t.name));
    const eventTypes = new Map(next.eventTypes.map((t) => [t.name, t] as const));
    for (const [name, count] of usage.entityTypes) if (!entityNames.has(type(name))) dropped.push({ what: 'entity type', name, count });
    for (const [name, count] of usage.eventTypes) if (!eventTypes.has(type(name))) dropped.push({ what: 'event type', name, count });
    const relNames = new Set(next.relationTypes.map((t) => t.name));
    for (const [name, count] of usage.relationTypes) if (!relNames.has(renames.relationTypes?.[name] ?? name)) dropped.push({ what: 'relation type', name, count });
    for (const [key, count] of usage.roles) {
      const [ev = '', role = ''] = key.split('\u0000');
      const t = eventTypes.get(type(ev));
      if (t === undefined) continue; // the whole event type is reported
      const newRole = renames.roles?.[t.name]?.[role] ?? role;
      if (!t.roles.some((r) => r.name === newRole)) dropped.push({ what: 'role', name: role, eventType: ev, count });
    }
    const attrNames = new Set(next.attributes.map((a) => a.name));
    for (const [name, count] of usage.attributes) if (!attrNames.has(renames.attributes?.[name] ?? name)) dropped.push({ what: 'attribute', name, count });
    return { schema: next, dropped };
  }

  /** Stores `next` as the new schema version, renaming in the annotations; see 'schema.replace'. */
  private applySchema(next: Schema, fileName: string, renames: SchemaRenames = {}, force = false): Schema {
    const { dropped } = this.previewSchema(next, renames);
    if (dropped.length > 0 && !force) {
      const unit: Record<SchemaDrop['what'], string> = {
        'entity type': 'mention',
        'event type': 'event',
        'relation type': 'relation',
        role: 'argument',
        attribute: 'annotation',
      };
      const groups = (['entity type', 'event type', 'relation type', 'role', 'attribute'] as const)
        .map((what) => {
          const list = dropped.filter((d) => d.what === what);
          if (list.length === 0) return '';
          const items = list.map((d) => `${d.eventType ? `${d.eventType} ` : ''}${d.name} (${plural(d.count, unit[what])})`).join(', ');
          return `${what}s still in use: ${items}`;
        })
        .filter((x) => x !== '');
      throw new ServiceError('conflict', `${fileName}: the new schema drops ${groups.join('; ')}`, { file: fileName });
    }
    this.store.transaction(() => {
      this.store.renameInAnnotations(renames);
      this.store.addSchema(next, this.now());
    });
    return this.schema().schema;
  }
}
