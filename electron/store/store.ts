/**
 * `Store`: typed access to one open project, the only place with SQL. A facade over one
 * `Connection` (transactions, read snapshots) and one repository per table group, exposed as
 * fields: `documents`, `mentions`, `events`, `relations`, `log` (change log and set revisions),
 * `documentMeta` (status, flags, note, progress cache), `rejections`, `project` (settings, schema,
 * annotators), `schemaNames` (schema usage and renames) and `stats`. `openProject` (open.ts) makes one.
 */
import type Database from 'better-sqlite3';
import type { DocumentInfo, DocumentMeta, DocumentRecord, DocumentStatus, EntityMention, EventMention, Lang, RecordMention, Relation, Schema, Span } from '../../annotations/model';
import { AgreementReads } from './agreementReads';
import { ChangeLogRepository, type NewChange } from './changeLog';
import { Connection } from './connection';
import { DocumentMetaRepository } from './documentMeta';
import { DocumentRepository } from './documents';
import { EventRepository } from './events';
import { MentionRepository, type SetKnown } from './mentions';
import { OverviewRepository } from './overview';
import { ProjectRepository } from './project';
import { RejectionRepository } from './rejections';
import { SuggestModelRepository } from './suggestModels';
import { RelationRepository } from './relations';
import { SchemaNamesRepository } from './schemaNames';
import { SpanJournal } from './spanJournal';
import { StatisticsRepository } from './statistics';
import type { AnnotationChange, ChangeEntry, EventChange, MentionChange, NameRenames, NewDocument, NewEvent, NewMention, NewRelation, Rejection, SetRevision, SettingKey, StoredSchema, SuggestionRejection } from './types';

export { parseEventId, parseMentionId, parseRelationId } from './ids';
export type * from './types';
export type { NewChange } from './changeLog';
export type { DocumentListQuery, DocumentSortKey, SetCounts } from './overview';

type Usage = ReturnType<SchemaNamesRepository['usage']>;

export class Store {
  readonly path: string;
  private readonly conn: Connection;
  readonly documents: DocumentRepository;
  readonly mentions: MentionRepository;
  readonly events: EventRepository;
  readonly relations: RelationRepository;
  /** The change log (undo/redo) and the revisions of annotation sets. */
  readonly log: ChangeLogRepository;
  readonly documentMeta: DocumentMetaRepository;
  readonly rejections: RejectionRepository;
  /** The tagger's trained models kept with the project (migration 016). */
  readonly suggestModels: SuggestModelRepository;
  /** Settings, schema versions and annotators. */
  readonly project: ProjectRepository;
  /** Schema usage counts and renames. */
  readonly schemaNames: SchemaNamesRepository;
  readonly stats: StatisticsRepository;
  /** The bulk reads of corpus agreement and the change counter keying its cache. */
  readonly agreement: AgreementReads;
  /** The document list's filter and sort, set counts and the problem cache, the dashboard's figures (migration 010). */
  readonly overview: OverviewRepository;
  /** The mention spans this connection wrote in the sets it watches (the service's live word coverage). */
  readonly spanJournal: SpanJournal;

  constructor(db: Database.Database, path: string, busyTimeoutMs = 5000, onLockWait?: (message: string) => void) {
    this.path = path;
    this.conn = new Connection(db, path, busyTimeoutMs, onLockWait);
    this.documents = new DocumentRepository(this.conn);
    this.mentions = new MentionRepository(this.conn);
    this.events = new EventRepository(this.conn);
    this.relations = new RelationRepository(this.conn);
    this.log = new ChangeLogRepository(this.conn);
    this.documentMeta = new DocumentMetaRepository(this.conn);
    this.rejections = new RejectionRepository(this.conn);
    this.suggestModels = new SuggestModelRepository(this.conn);
    this.project = new ProjectRepository(this.conn);
    this.schemaNames = new SchemaNamesRepository(this.conn, this.mentions);
    this.stats = new StatisticsRepository(this.conn);
    this.agreement = new AgreementReads(this.conn);
    this.overview = new OverviewRepository(this.conn);
    this.spanJournal = new SpanJournal(this.conn);
  }

  // ---- connection ----------------------------------------------------------------------------

  get isOpen(): boolean {
    return this.conn.isOpen;
  }

  /**
   * Runs `fn` in one write transaction (nested calls become savepoints). Throws roll everything
   * back. When another process holds the write lock it waits (telling `onLockWait` once), up to
   * the busy timeout, then fails naming the project ('conflict').
   */
  transaction<T>(fn: () => T): T {
    return this.conn.transaction(fn);
  }

  /** Runs `fn` in every outermost write transaction before it commits (Connection.beforeCommit); null: none. */
  setBeforeCommit(fn: (() => void) | null): void {
    this.conn.beforeCommit = fn;
  }

  /**
   * Runs `fn` on one snapshot of the project: a deferred (read) transaction, so every read of `fn`
   * sees one moment however other processes write meanwhile. Takes no write lock.
   */
  readSnapshot<T>(fn: () => T): T {
    return this.conn.readSnapshot(fn);
  }

  close(): void {
    this.conn.close();
  }

  /** The connection's safety settings, as SQLite reports them (diagnostics and tests). */
  connectionSettings(): ReturnType<Connection['settings']> {
    return this.conn.settings();
  }

  /** `PRAGMA integrity_check`: `['ok']` for a sound file, else SQLite's list of problems. */
  integrityCheck(): string[] {
    return this.conn.integrityCheck();
  }

  /** `PRAGMA user_version`: the schema version of the file. */
  schemaVersion(): number {
    return this.conn.schemaVersion();
  }

  // ---- delegates ------------------------------------------------------------------------------
  // The method names the service calls, each one line into its repository (documented there).
  // Kept while the service moves to the repositories (issue 12); remove each when no caller is left.

  getSetting(key: SettingKey): string | null { return this.project.getSetting(key); }
  setSetting(key: SettingKey, value: string): void { this.project.setSetting(key, value); }
  deleteSetting(key: SettingKey): void { this.project.deleteSetting(key); }
  currentSchema(): StoredSchema | null { return this.project.currentSchema(); }
  addSchema(schema: Schema, createdAt: string): number { return this.project.addSchema(schema, createdAt); }
  ensureAnnotator(name: string, createdAt: string): void { this.project.ensureAnnotator(name, createdAt); }
  listAnnotators(): string[] { return this.project.annotators(); }
  annotatorsOfDocument(docId: string): string[] { return this.project.annotatorsOfDocument(docId); }

  insertDocuments(docs: readonly NewDocument[]): void { this.documents.insert(docs); }
  listDocuments(ids?: readonly string[]): DocumentInfo[] { return this.documents.list(ids); }
  /** Every document in list order, a page at a time (a pass over the corpus holds one page). */
  documentPages(size?: number): Generator<DocumentInfo[]> { return this.documents.pages(size); }
  documentCount(): number { return this.documents.count(); }
  getDocument(id: string): DocumentRecord | null { return this.documents.get(id); }
  findDocumentBySha256(sha256: string): DocumentInfo | null { return this.documents.findBySha256(sha256); }
  getDocumentLayout(docId: string): { format: string; layout: string } | null { return this.documents.layout(docId); }
  putDocumentLayout(docId: string, format: string, layout: string): boolean { return this.documents.putLayout(docId, format, layout); }
  documentExists(id: string): boolean { return this.documents.exists(id); }

  mentionsToValidate(docId: string, annotator: string, plainTypes: readonly string[], known?: SetKnown): EntityMention[] { return this.mentions.toValidate(docId, annotator, plainTypes, known); }
  /** A set's mentions as [type, start, end], by type then span, from a covering index (`MentionRepository.typedSpansByType`). */
  mentionTypedSpansByType(docId: string, annotator: string): [string, number, number][] { return this.mentions.typedSpansByType(docId, annotator); }
  mentionSpans(docId: string, annotator: string): Span[] { return this.mentions.spans(docId, annotator); }
  listMentions(docId: string, annotator?: string, order?: 'span' | 'id'): EntityMention[] { return this.mentions.list(docId, annotator, order); }
  /** A set's mentions in id order as a native record reads them (an export pass: `MentionRepository.recordMentions`). */
  recordMentions(docId: string, annotator: string): RecordMention[] { return this.mentions.recordMentions(docId, annotator); }
  mentionSpanDigests(annotator: string, ids?: readonly string[]): Map<string, string> { return this.mentions.spanDigests(annotator, ids); }
  listMentionsOfAnnotator(annotator: string): EntityMention[] { return this.mentions.listOfAnnotator(annotator); }
  getMention(id: string): EntityMention | null { return this.mentions.get(id); }
  findDuplicateMention(m: { docId: string; annotator: string; type: string; start: number; end: number; fragments?: Span[] }): string | null { return this.mentions.findDuplicate(m); }
  insertMention(m: NewMention): EntityMention { return this.mentions.insert(m); }
  updateMention(id: string, change: MentionChange): EntityMention { return this.mentions.update(id, change); }
  deleteMention(id: string): void { this.mentions.delete(id); }
  mentionCountsByType(): Map<string, number> { return this.mentions.countsByType(); }
  mentionCountsByAnnotator(): Map<string, number> { return this.mentions.countsByAnnotator(); }
  mentionCountsByDocument(annotator?: string): Map<string, number> { return this.mentions.countsByDocument(annotator); }

  listEvents(docId: string, annotator?: string): EventMention[] { return this.events.list(docId, annotator); }
  getEvent(id: string): EventMention | null { return this.events.get(id); }
  eventsUsingMention(mentionId: string): EventMention[] { return this.events.usingMention(mentionId); }
  eventsUsingEvent(eventId: string): EventMention[] { return this.events.usingEvent(eventId); }
  insertEvent(e: NewEvent): EventMention { return this.events.insert(e); }
  updateEvent(id: string, change: EventChange): EventMention { return this.events.update(id, change); }
  deleteEvent(id: string): void { this.events.delete(id); }
  eventCountsByDocument(annotator: string, ids?: readonly string[]): Map<string, number> { return this.events.countsByDocument(annotator, ids); }
  /** Whether an annotator has any event, any relation, in the project (an export asks once, then skips those reads for every document of a set without them). */
  annotatorHasLinks(annotator: string): { events: boolean; relations: boolean } {
    return {
      events: this.conn.st('SELECT 1 FROM events WHERE annotator = ? LIMIT 1').get(annotator) !== undefined,
      relations: this.conn.st('SELECT 1 FROM relations WHERE annotator = ? LIMIT 1').get(annotator) !== undefined,
    };
  }

  listRelations(docId: string, annotator?: string): Relation[] { return this.relations.list(docId, annotator); }
  getRelation(id: string): Relation | null { return this.relations.get(id); }
  relationsUsingMention(mentionId: string): Relation[] { return this.relations.usingMention(mentionId); }
  relationsUsingEvent(eventId: string): Relation[] { return this.relations.usingEvent(eventId); }
  insertRelation(r: NewRelation): Relation { return this.relations.insert(r); }
  updateRelation(id: string, change: AnnotationChange): Relation { return this.relations.update(id, change); }
  deleteRelation(id: string): void { this.relations.delete(id); }

  appendChange(c: NewChange): number { return this.log.append(c); }
  changeGroup(docId: string, annotator: string, group: number, undone: boolean): ChangeEntry[] { return this.log.group(docId, annotator, group, undone); }
  clearRedo(docId: string, annotator: string): number { return this.log.clearRedo(docId, annotator); }
  lastUndoable(docId: string, annotator: string): ChangeEntry | null { return this.log.lastUndoable(docId, annotator); }
  firstRedoable(docId: string, annotator: string): ChangeEntry | null { return this.log.firstRedoable(docId, annotator); }
  setUndone(seq: number, undone: boolean, at?: string): void { this.log.setUndone(seq, undone, at); }
  dropChanges(seqs: readonly number[]): void { this.log.drop(seqs); }
  historyState(docId: string, annotator: string): { canUndo: boolean; canRedo: boolean } { return this.log.state(docId, annotator); }
  changeLog(docId: string, annotator: string): ChangeEntry[] { return this.log.entries(docId, annotator); }
  setRevision(docId: string, annotator: string): SetRevision | null { return this.log.revision(docId, annotator); }
  putSetRevision(docId: string, annotator: string, revision: SetRevision): void { this.log.putRevision(docId, annotator, revision); }

  getDocumentMeta(docId: string, annotator: string): DocumentMeta { return this.documentMeta.get(docId, annotator); }
  putDocumentMeta(meta: DocumentMeta): DocumentMeta { return this.documentMeta.put(meta); }
  documentStatuses(annotator: string, ids?: readonly string[]): Map<string, DocumentStatus> { return this.documentMeta.statuses(annotator, ids); }
  storedProgress(annotator: string, ids?: readonly string[]): Map<string, { stamp: number; progress: number }> { return this.documentMeta.storedProgress(annotator, ids); }
  storeProgress(annotator: string, rows: readonly { docId: string; stamp: number; progress: number }[]): void { this.documentMeta.storeProgress(annotator, rows); }

  listRejections(docId: string): Rejection[] { return this.rejections.list(docId); }
  getRejection(id: string): Rejection | null { return this.rejections.get(id); }
  insertRejection(r: { id?: string; docId: string; key: string; annotator: string; createdAt: string }): Rejection { return this.rejections.insert(r); }
  deleteRejection(id: string): void { this.rejections.delete(id); }
  listSuggestionRejections(docId: string, annotator: string): SuggestionRejection[] { return this.rejections.listSuggestions(docId, annotator); }
  insertSuggestionRejection(r: SuggestionRejection): boolean { return this.rejections.insertSuggestion(r); }
  rejectedSuggestionSpans(annotator: string, type: string): Map<string, Set<string>> { return this.rejections.rejectedSpans(annotator, type); }

  schemaUsage(): Usage { return this.schemaNames.usage(); }
  renameInAnnotations(renames: NameRenames): number { return this.schemaNames.rename(renames); }

  documentStats(): { documents: number; characters: number; byLang: Map<Lang, number> } { return this.stats.documents(); }
  annotatedDocumentCount(): number { return this.stats.annotatedDocuments(); }
}
