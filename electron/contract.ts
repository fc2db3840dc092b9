/**
 * The one contract between the renderer and the main process (and the CLI, and the
 * end-to-end tests' stand-in for the preload). Types only: nothing here runs.
 *
 * Every call is `invoke(method, args)` and answers a `Result`: errors cross the
 * boundary as values, never as thrown exceptions.
 *
 * Over 500 lines on purpose: it is the one types-only list of every call, so that the renderer,
 * main, the CLI and the tests cannot disagree; the suggestions' types live in suggestionsContract.ts.
 */
import type {
  AnnotationKind,
  DocumentInfo,
  DocumentMeta,
  DocumentRecord,
  DocumentStatus,
  EntityMention,
  EventArgument,
  EventMention,
  Lang,
  Paragraph,
  Relation,
  Schema,
} from '../annotations/model';
import type { CoreErrorCode } from '../annotations/errors';
import type { MentionPage } from '../annotations/mentionPages';
import type { DocumentLayout, TextPage } from '../annotations/textPages';
import type { ImportCounts, ImportLoss } from '../annotations/formats/report';
import type { ExportFormat, ImportFormat } from '../annotations/formats/catalogue';
import type { ValidationProblem } from '../annotations/validate';
import type { AgreedAnnotation, Disagreement } from '../annotations/review';
import type { CorpusResult, EventAgreement, PairwiseSpanAgreement, TokenAgreement } from '../annotations/agreement';
import type { SuggestionMethods } from './suggestionsContract';
import type { GuidelinesMethods } from './guidelinesContract';
import type { ProjectDialog, ProjectInfo } from './projectContract';
export type * from './suggestionsContract';
export type * from './guidelinesContract';

export type { ValidationProblem } from '../annotations/validate';
export type { ImportCounts, ImportKind, ImportLoss } from '../annotations/formats/report';

/** Error codes: the core's, so a CoreError crosses the boundary as is. */
export type ErrorCode = CoreErrorCode;

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** File the error is about, when there is one. */
  file?: string;
  /** 1-based line in that file, when known. */
  line?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface SessionInfo {
  projectPath: string;
  projectName: string;
  /** The current annotator, or null until the user has said who they are. */
  annotator: string | null;
  annotators: string[];
  schema: Schema;
  schemaVersion: number;
  /**
   * The annotation set of the reference annotations that came with the project (the default
   * project's first start imports the seeds' reference into "qalam-reference"); absent when none.
   * Never the user's own set: the app shows it read-only (annotations.list with this annotator).
   */
  referenceSet?: string;
}

/**
 * What the window needs to start, in one call (session.boot): the session (project, annotator,
 * schema), the document list's first page (documents.page with its defaults and 100 rows) and, from the project host,
 * the open project with what the window remembers of it (the last document and its scroll
 * position, reading comfort), so the first document's request goes out right after this answer.
 */
export interface BootInfo {
  session: SessionInfo;
  documents: DocumentPage;
  /** Added by the project host (electron/service/projectHost.ts); absent from a bare service. */
  project?: ProjectInfo;
}

export interface DocumentSummary extends DocumentInfo {
  /** Mentions by the current annotator. */
  mentionCount: number;
  /** Share of the document's word tokens covered by the current annotator's mentions, 0..1. */
  progress: number;
  /** Events by the current annotator. */
  eventCount: number;
  /** The current annotator's status of the document ('not-started' without an annotator). */
  status: DocumentStatus;
}

/** What the document list can be sorted by: import order, name, status, size, progress, last change. */
export type DocumentSortKey = 'order' | 'name' | 'status' | 'size' | 'progress' | 'changed';

/**
 * The document list's filter (every part given must hold). Status, flags and problems are the
 * current annotator's, as the list shows them.
 */
export interface DocumentFilter {
  /** A part of the name (case-insensitive for Latin letters). */
  name?: string;
  status?: DocumentStatus[];
  lang?: Lang[];
  /** Only documents this annotator has annotated or given a status, flag or note. */
  annotator?: string;
  /** Only documents with every one of these flags. */
  flags?: string[];
  /** true: only documents whose annotations have validation problems; false: only those without. */
  problems?: boolean;
}

export interface DocumentSort {
  key: DocumentSortKey;
  desc?: boolean;
}

/** A row of the paged document list: the summary, its problem count and its last change. */
export interface DocumentRow extends DocumentSummary {
  /** Validation problems of the current annotator's annotations (0 without annotations). */
  problems: number;
  /** The latest change to any annotation set of the document, else its import time (ISO). */
  changedAt: string;
  /**
   * Figures of the row that were out of date (sets another program wrote around the store, a
   * schema changed since) and were not computed for this answer: their values here (0) are not
   * figures. The window shows that they are coming and asks for them (documents.figures).
   * Absent when every figure of the row is current.
   */
  pending?: ('progress' | 'problems')[];
}

/** A document's figures for the current annotator, computed now where they were out of date (documents.figures). */
export interface DocumentFigures {
  id: string;
  progress: number;
  problems: number;
}

/** One page of the filtered, sorted document list (documents.page). */
export interface DocumentPage {
  offset: number;
  /** Documents matching the filter (the list's length). */
  total: number;
  /** Documents in the project. */
  all: number;
  /** Documents the current annotator has annotations on. */
  own: number;
  rows: DocumentRow[];
}

/** One annotator's progress over the corpus (corpus.dashboard). */
export interface AnnotatorProgress {
  annotator: string;
  /** Documents with at least one of their annotations. */
  annotated: number;
  /** Documents per status (not-started: every other document of the project). */
  statuses: Record<DocumentStatus, number>;
  mentions: number;
  events: number;
  relations: number;
  /** Mean share of words covered by their mentions over all documents of the project, 0..1. */
  progress: number;
}

/** The corpus at a glance (corpus.dashboard). */
export interface CorpusDashboard {
  documents: number;
  /** Every annotator with annotations or a status (the reference and gold sets included), by name. */
  annotators: AnnotatorProgress[];
  /** Documents per status summed over those annotators (a document counts once per annotator). */
  statuses: Record<DocumentStatus, number>;
  /** Mentions per type: the total and per annotator; most used first, then by name. */
  mentionTypes: { type: string; total: number; byAnnotator: Record<string, number> }[];
  /** Every annotation set with validation problems, in document order, then annotator. */
  problems: { docId: string; name: string; annotator: string; problems: number }[];
}

export type { MentionPage };
export type { DocumentLayout, TextPage };

/** documents.open's answer. */
export interface DocumentOpening {
  info: DocumentInfo;
  layout: DocumentLayout;
  /**
   * Text page 0: a screen's worth of whole paragraphs (the first starting 16,384 code points in or
   * more closes it: FIRST_TEXT_PAGE_CHARS), so the start's first screen and the editor's first
   * window are painted from a small answer; the other pages (documents.textPage) are larger.
   */
  first: TextPage;
}

export interface DocumentView extends DocumentRecord {
  paragraphs: Paragraph[];
}

/**
 * One object an undo or redo step changed, as it is now (`value` null: it no longer exists).
 * `kind` is what the step did to it: undoing a create deletes, undoing a delete creates.
 */
export type ChangeStep =
  | { target: 'mention'; id: string; kind: 'create' | 'update' | 'delete'; value: EntityMention | null }
  | { target: 'event'; id: string; kind: 'create' | 'update' | 'delete'; value: EventMention | null }
  | { target: 'relation'; id: string; kind: 'create' | 'update' | 'delete'; value: Relation | null }
  | { target: 'document'; id: string; kind: 'create' | 'update' | 'delete'; value: DocumentMeta }
  | { target: 'rejection'; id: string; kind: 'create' | 'update' | 'delete'; value: RejectionInfo | null };

/** A disagreement the reviewer rejected (review.reject): resolved, with nothing going into gold. */
export interface RejectionInfo {
  id: string;
  docId: string;
  key: string;
  annotator: string;
  createdAt: string;
}

/** What an undo or redo did, so the view can update and show it. */
export interface ChangeApplied {
  docId: string;
  /** What the step did to its main object (the mention, when the step touched one; else the first object). */
  kind: 'create' | 'update' | 'delete';
  /** The mention as it is now (after the change), or null when it no longer exists or the step touched no mention. */
  mention: EntityMention | null;
  /** The main object's id ("12", "E3", "R4" or the document id), also when it no longer exists. */
  mentionId: string;
  /**
   * Every object the step changed, in the order applied. One user action can be several objects:
   * deleting a mention that is an event argument or relation end also removed those, and undo
   * restores them all at once.
   */
  steps: ChangeStep[];
  /**
   * Steps that could no longer apply (e.g. what they would restore is there again), one sentence
   * each for the user: removed from the history and passed over, so the history never gets stuck.
   * When every remaining step was skipped, `steps` is empty.
   */
  skipped?: string[];
  /** Can the user undo/redo further in this document? */
  canUndo: boolean;
  canRedo: boolean;
}

/** Which annotation a call is about. Ids: mentions "12", events "E3", relations "R4". */
export interface AnnotationRef {
  kind: AnnotationKind;
  id: string;
}

/** An annotation as it is after a change. */
export type AnnotationValue =
  | { kind: 'mention'; mention: EntityMention }
  | { kind: 'event'; event: EventMention }
  | { kind: 'relation'; relation: Relation };

/** Everything one annotator has on a document. */
export interface DocumentAnnotations {
  mentions: EntityMention[];
  events: EventMention[];
  relations: Relation[];
  meta: DocumentMeta;
}

/**
 * Renames that go with a schema replacement: old name → new name. The stored annotations (and
 * the undo history) are renamed with the schema, so nothing is dropped.
 */
export interface SchemaRenames {
  /** Entity and event types. */
  types?: Record<string, string>;
  relationTypes?: Record<string, string>;
  attributes?: Record<string, string>;
  /** Per event type (by its new name): old role → new role. */
  roles?: Record<string, Record<string, string>>;
}

/** Something in use that a schema replacement would leave without a definition. */
export interface SchemaDrop {
  what: 'entity type' | 'event type' | 'relation type' | 'role' | 'attribute';
  name: string;
  /** For a role: its event type. */
  eventType?: string;
  /** Annotations affected (mentions, events, relations, arguments or annotations with the attribute). */
  count: number;
}

/** What a schema replacement would do (schema.preview). */
export interface SchemaChangePreview {
  schema: Schema;
  /** Empty when the replacement is safe; otherwise schema.replace needs force: true. */
  dropped: SchemaDrop[];
}

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Where a change left its document, for the current annotator: its row in the document list
 * (counts, progress, status) and its validation problems. Every call that changes a document's
 * annotations answers it, so the window needs no second call to show them.
 */
export interface DocumentChange {
  summary: DocumentSummary;
  problems: ValidationProblem[];
}

/** The answer of a call that changed a document's annotations: `T` and where the document is now. */
export type Changed<T> = T & { document: DocumentChange };

export interface ImportReport {
  imported: DocumentInfo[];
  /** Files whose text is already in the project (same sha256): skipped, not duplicated. */
  skipped: { file: string; reason: string; existingId: string }[];
}

/** Export and import formats (export.run, import.run): the core's catalogue, annotations/formats/catalogue.ts. */
export type { ExportFormat, ImportFormat } from '../annotations/formats/catalogue';

export interface ExportRunArgs {
  format: ExportFormat;
  /** A file (jsonl, conll, spacy, events, doccano) or a folder (brat, hf, and any format with `split`). */
  out: string;
  /** The annotation set (an annotator's name, or "gold"). jsonl without it: every set. */
  annotator?: string;
  /** 'all' (default), 'done' (status done in that set) or a list of document ids. */
  documents?: 'all' | 'done' | string[];
  /** By document, e.g. "train=0.8,dev=0.1,test=0.1"; reproducible with `seed` (default 0). */
  split?: string;
  seed?: number;
  scheme?: 'bio' | 'bioes';
  granularity?: 'token' | 'morph';
  /**
   * Replace an existing file, or write into a folder an earlier export did not write (README:
   * "What an export may overwrite"). The app sets it only after the user confirmed; never the
   * project file or a folder holding it.
   */
  overwrite?: boolean;
  /** doccano: the unit of the offsets written, UTF-16 code units (what doccano reads, the default) or code points. */
  offsets?: 'utf16' | 'codepoints';
}

export interface ExportRunReport {
  format: ExportFormat;
  out: string;
  /** The files or folders written. */
  files: string[];
  documents: number;
  /** Lines/documents written (jsonl: one per document and annotation set). */
  records: number;
  /** The set exported; null for jsonl with every set. */
  annotator: string | null;
  /** Documents per split ("all" without a split). */
  splits: Record<string, number>;
  /** conll/hf: sub-word entities extended to their token, nested/overlapping ones dropped. */
  extended?: number;
  dropped?: number;
  /** spacy: entities that would not align with spaCy's default tokenizer (approximation). */
  misaligned?: number;
  /** Human-readable notes on what was extended, dropped or approximated. */
  messages: string[];
}

export interface ImportRunArgs {
  format: ImportFormat;
  paths: string[];
  /** The annotation set the annotations go into (default: the file's annotator, else the current one). */
  annotator?: string;
  /** Also make `annotator` the current annotator, in the same transaction (the CLI's `--format txt --annotator`). */
  makeCurrent?: boolean;
  /** 'utf-8', 'windows-1255', 'windows-1256', 'iso-8859-8'; detected when absent. */
  encoding?: string;
  /**
   * Types, roles or attributes the schema lacks: added (true, the default, and the CLI's way, with
   * a report), or the import is refused with a 'conflict' that lists them (false: the app asks first).
   */
  addTypes?: boolean;
  /** Refuse the whole import (nothing stored) when anything would be dropped, widened or approximated. */
  strict?: boolean;
  /** conll: the columns holding entity tags, 1-based with the token as column 1 ("2-5", "4", "2,4", "2-"); detected when absent. */
  tagColumns?: string;
  /** doccano: the unit of the offsets, UTF-16 code units (doccano's span editor, the default) or code points. */
  offsets?: 'utf16' | 'codepoints';
}

export interface ImportRunReport extends ImportReport {
  format: ImportFormat;
  /** Documents whose text was already in the project (same SHA-256): their annotations were attached to it. */
  matched: { file: string; docId: string; name: string }[];
  mentions: number;
  events: number;
  relations: number;
  /** Annotations identical to one already there (same set, type and span), not duplicated. */
  duplicates: number;
  /** Types, roles, attributes and values added to the schema ("entity type Person", …). */
  schemaAdded: string[];
  /** Notes on the import (file:line: …); what was lost is in `losses`. */
  warnings: string[];
  /** Per kind of annotation: how many the files held and how many the project received. */
  counts: ImportCounts;
  /** What could not be kept as it was (dropped, widened, approximated), folded per file, kind and cause. */
  losses: ImportLoss[];
}

/** exchange.export: the per-document exchange folder written (export --per-document). */
export interface PerDocumentExportReport {
  /** Files of the export, relative to the folder, in order written. */
  files: string[];
  /** How many of them were (re)written; the others already had exactly this content. */
  written: number;
}

/** exchange.import: what reading exchange files changed. */
export interface ExchangeImportReport {
  /** Documents created because their text was not in the project yet. */
  documents: DocumentInfo[];
  /** (document, annotator) sets replaced by the file's annotations. */
  updated: { file: string; docId: string; annotator: string; mentions: number; events: number; relations: number }[];
  /** Records whose annotations the project already has exactly: nothing changed. */
  unchanged: { file: string; docId: string; annotator: string }[];
  /**
   * Records not imported because the project's set is newer than the file's (or changed since
   * the file was written): the project's set is kept as it is. `reason` is a sentence saying so.
   */
  kept: { file: string; docId: string; annotator: string; reason: string }[];
}

/** One annotation set of a document in a comparison (an annotator's, or the gold set). */
export interface ReviewSetView {
  annotator: string;
  mentions: EntityMention[];
  events: EventMention[];
  relations: Relation[];
}

/** A disagreement (annotations/review) and whether the reviewer has resolved it. */
export interface ReviewDisagreement extends Disagreement {
  /**
   * 'accepted': the gold set has an annotation with the span of one of its members (for events:
   * the trigger span); 'rejected': review.reject recorded it; null: still open.
   */
  resolution: 'accepted' | 'rejected' | null;
}

/** review.compare: the chosen sets of a document side by side, the gold set, and what differs. */
export interface ReviewComparison {
  docId: string;
  annotators: string[];
  sets: ReviewSetView[];
  gold: ReviewSetView;
  /** By position (start, end), mentions before events: the order of "next disagreement". */
  disagreements: ReviewDisagreement[];
  /** Identical in every chosen set (review.acceptAgreed copies these into gold). */
  agreed: AgreedAnnotation[];
}

/** What an adjudication put into the gold set (one undo step). */
export interface AdjudicationResult {
  /** The gold annotations created or given another source, in order. */
  gold: AnnotationValue[];
  history: HistoryState;
}

/** review.agreement / `qalam agreement`: every figure of annotations/agreement for a project. */
export interface AgreementReport {
  annotators: string[];
  /** The documents the figures are based on, with the annotators (of those asked) who annotated each. */
  documents: { docId: string; name: string; annotators: string[] }[];
  /** Span level, pairwise (first annotator of the pair = reference), per document, corpus and per type. */
  spans: PairwiseSpanAgreement[];
  /** Token level: Cohen's kappa (two annotators), Krippendorff's alpha, Fleiss' kappa, per document and corpus. */
  tokens: CorpusResult<TokenAgreement>;
  /** Events, pairwise: trigger and argument identification/classification. */
  events: { a: string; b: string; result: CorpusResult<EventAgreement> }[];
}

/** Every method: its argument object and its result value. */
export interface ApiMethods extends SuggestionMethods, GuidelinesMethods {
  'session.get': { args: Record<string, never>; result: SessionInfo };
  /** The window's start: session, the document list's first page and (hosted) the project's remembered view, in one answer. */
  'session.boot': { args: Record<string, never>; result: BootInfo };
  'session.setAnnotator': { args: { name: string }; result: SessionInfo };

  /** The documents in import order; with `ids`, only those (unknown ids are left out). */
  'documents.list': { args: { ids?: string[] }; result: DocumentSummary[] };
  /**
   * One page of the document list, filtered and sorted by the store (default: import order, from
   * 0, 200 rows); the window asks for the pages it shows.
   */
  'documents.page': { args: { filter?: DocumentFilter; sort?: DocumentSort; offset?: number; limit?: number }; result: DocumentPage };
  /**
   * The figures of these documents (the rows a page answered with figures pending): out-of-date
   * ones computed and kept, current ones read; unknown ids are left out.
   */
  'documents.figures': { args: { ids: string[] }; result: DocumentFigures[] };
  /** The flags the current annotator uses, with how many documents carry each (the list's filter offers them). */
  'documents.flags': { args: Record<string, never>; result: { flag: string; documents: number }[] };
  /** Progress per annotator and status, mentions per type, the sets with validation problems. */
  'corpus.dashboard': { args: Record<string, never>; result: CorpusDashboard };
  'documents.get': { args: { id: string }; result: DocumentView };
  /**
   * How the window opens a document (issue 15): the document without its text, its layout (the
   * paragraphs as columns, the astral characters' offsets, the text pages: annotations/textPages.ts)
   * and text page 0; the other pages by `documents.textPage`, in any order (PagedText joins them).
   */
  'documents.open': { args: { id: string }; result: DocumentOpening };
  'documents.textPage': { args: { id: string; page: number }; result: TextPage };
  /** Import .txt files or folders of them, by path. All or nothing. */
  'documents.importPaths': { args: { paths: string[] }; result: ImportReport };

  /** The current annotator's mentions in a document (or another annotator's, read-only). */
  'mentions.list': { args: { docId: string; annotator?: string }; result: EntityMention[] };
  /**
   * The same set in pages of columns (annotations/mentionPages.ts: a sixth of the JSON, at most
   * 50,000 mentions a page, in id order): the first page, then each `next` as `after` — or, once
   * the first page told the `total`, every other page at once by its number (`page` k: the one
   * after k × limit mentions) — joined by `unpackMentionPages`, which refuses pages of different
   * revisions of the set.
   * By position instead: `textPage` k (and `textPages` n, default 1) answers the mentions starting
   * in text pages k … k + n − 1 (documents.open's layout), in id order, with `next` null; pages by
   * position covering every text page once are joined by `unpackPositionPages`.
   */
  'mentions.page': { args: { docId: string; annotator?: string; after?: string; page?: number; limit?: number; textPage?: number; textPages?: number }; result: MentionPage };
  'mentions.create': {
    args: { docId: string; type: string; start: number; end: number };
    result: Changed<{ mention: EntityMention; history: HistoryState }>;
  };
  'mentions.update': {
    args: { id: string; type: string };
    result: Changed<{ mention: EntityMention; history: HistoryState }>;
  };
  /**
   * Deleting a mention also removes it from every event it is an argument of and deletes the
   * relations it is an end of (all of that user's, in the same document); one undo restores all.
   */
  'mentions.delete': {
    args: { id: string };
    result: Changed<{ id: string; history: HistoryState; eventsUpdated: EventMention[]; relationsDeleted: string[] }>;
  };

  /**
   * Mentions, events, relations and document status of one annotator (default: the current one).
   * `mentions: false` leaves the mentions out (an empty list): the window has them from
   * mentions.list and keeps them current, and a long document has tens of thousands.
   */
  'annotations.list': { args: { docId: string; annotator?: string; mentions?: boolean }; result: DocumentAnnotations };

  'events.list': { args: { docId: string; annotator?: string }; result: EventMention[] };
  /** A new event: trigger span [start, end) (code points) and type; optional first arguments. */
  'events.create': {
    args: { docId: string; type: string; start: number; end: number; arguments?: EventArgument[] };
    result: Changed<{ event: EventMention; history: HistoryState }>;
  };
  /** Change an event's type (its arguments stay; documents.validate reports roles the new type lacks). */
  'events.update': { args: { id: string; type: string }; result: Changed<{ event: EventMention; history: HistoryState }> };
  /**
   * Put a mention in a role. For a role that takes at most one filler (cardinality 1 or ?) the
   * mention replaces the current filler, unless replace is false; for other roles it is added.
   * Unknown roles are refused; a mention of a type the role does not accept is stored and
   * reported by documents.validate. `mentionId` may be another event's id ("E3": an event as an
   * argument, as brat's `Theme:E3`).
   */
  'events.setArgument': {
    args: { id: string; role: string; mentionId: string; replace?: boolean };
    result: Changed<{ event: EventMention; history: HistoryState }>;
  };
  'events.removeArgument': {
    args: { id: string; role: string; mentionId: string };
    result: Changed<{ event: EventMention; history: HistoryState }>;
  };
  /** Also removes the event from the events it is an argument of and deletes the relations it ends (one undo step). */
  'events.delete': {
    args: { id: string };
    result: Changed<{ id: string; history: HistoryState; eventsUpdated: EventMention[]; relationsDeleted: string[] }>;
  };

  'relations.list': { args: { docId: string; annotator?: string }; result: Relation[] };
  'relations.create': {
    args: { docId: string; type: string; arg1: string; arg2: string };
    result: Changed<{ relation: Relation; history: HistoryState }>;
  };
  'relations.update': { args: { id: string; type: string }; result: Changed<{ relation: Relation; history: HistoryState }> };
  'relations.delete': { args: { id: string }; result: Changed<{ id: string; history: HistoryState }> };

  /** Set an attribute: true for a yes/no attribute, else one of its values. */
  'attributes.set': {
    args: { target: AnnotationRef; name: string; value: string | true };
    result: Changed<{ annotation: AnnotationValue; history: HistoryState }>;
  };
  'attributes.clear': { args: { target: AnnotationRef; name: string }; result: Changed<{ annotation: AnnotationValue; history: HistoryState }> };
  /** Set the note of an annotation ('' removes it). */
  'notes.set': { args: { target: AnnotationRef; note: string }; result: Changed<{ annotation: AnnotationValue; history: HistoryState }> };

  /** One annotator's status, flags and note on a document (default: the current annotator). */
  'documents.meta': { args: { docId: string; annotator?: string }; result: DocumentMeta };
  'documents.setStatus': { args: { docId: string; status: DocumentStatus }; result: Changed<{ meta: DocumentMeta; history: HistoryState }> };
  /** Replace the flags (trimmed, duplicates dropped, order kept). */
  'documents.setFlags': { args: { docId: string; flags: string[] }; result: Changed<{ meta: DocumentMeta; history: HistoryState }> };
  'documents.setNote': { args: { docId: string; note: string }; result: Changed<{ meta: DocumentMeta; history: HistoryState }> };
  /** The problems of one annotator's annotations against the schema (empty: all good). */
  'documents.validate': { args: { docId: string; annotator?: string }; result: ValidationProblem[] };

  /** Export the project to a file or folder (see ExportRunArgs); atomic. */
  'export.run': { args: ExportRunArgs; result: ExportRunReport };
  /** Import files in a format, all or nothing, attaching annotations to texts already in the project. */
  'import.run': { args: ImportRunArgs; result: ImportRunReport };
  /**
   * The native JSONL as text, one snapshot (the CLI's `export --format jsonl --out -`): every set,
   * or only `annotator`'s (a document they did not annotate: one line with annotator null).
   */
  'export.text': { args: { annotator?: string }; result: { text: string; lines: number } };
  /** One native JSONL file per document and set, DIR/<annotator>/<document>.jsonl, for sharing through git (exchange.ts). */
  'exchange.export': { args: { out: string; annotator?: string; overwrite?: boolean }; result: PerDocumentExportReport };
  /** Reads exchange files back (folders of them); a record replaces its set unless the project's is newer (`force`: anyway). */
  'exchange.import': { args: { paths: string[]; annotator?: string; force?: boolean }; result: ExchangeImportReport };

  /**
   * Review. The gold set is the annotator "gold": the reviewer edits it with the ordinary
   * mention/event/relation methods after session.setAnnotator({name: 'gold'}), and undoes
   * adjudication with history.undo as gold (every adjudication is one undo step of the gold set).
   */
  'review.compare': { args: { docId: string; annotators: string[] }; result: ReviewComparison };
  /** Copy annotations of `from` (mention ids "12", events "E3", relations "R4") into gold, with provenance; an event's argument fillers and a relation's ends come along. */
  'review.accept': { args: { docId: string; from: string; ids: string[] }; result: AdjudicationResult };
  /** Copy every annotation identical in all `annotators`' sets into gold (one undo step). */
  'review.acceptAgreed': { args: { docId: string; annotators: string[] }; result: AdjudicationResult };
  /** Mark a disagreement (by key) resolved with nothing going into gold. */
  'review.reject': { args: { docId: string; disagreementKey: string }; result: { rejection: RejectionInfo; history: HistoryState } };
  /** Agreement figures between annotators (default: every document one of them annotated). */
  /**
   * Agreement over `documents` (default: every document one of them annotated). `perDocument`:
   * the documents whose own figures the answer carries (default: every one; the window asks for
   * the one it shows: a corpus of 10,000 documents would otherwise send 10,000 results).
   */
  'review.agreement': { args: { annotators: string[]; documents?: string[]; perDocument?: string[] }; result: AgreementReport };

  'history.state': { args: { docId: string }; result: HistoryState };
  'history.undo': { args: { docId: string }; result: Changed<ChangeApplied> };
  'history.redo': { args: { docId: string }; result: Changed<ChangeApplied> };

  'schema.get': { args: Record<string, never>; result: Schema };
  /**
   * Replace the schema from JSON text (as read from a schema file). `renames` renames types,
   * roles and attributes in the stored annotations too. Refuses ('conflict', saying what and how
   * many) to leave types, roles or attributes in use undefined, unless `force`: then the
   * annotations are kept as they are and documents.validate reports them.
   */
  'schema.replace': { args: { json: string; fileName?: string; renames?: SchemaRenames; force?: boolean }; result: Schema };
  /** What schema.replace with these arguments would drop (ask the user before forcing). */
  'schema.preview': { args: { json: string; fileName?: string; renames?: SchemaRenames }; result: SchemaChangePreview };
  /** schema.replace from a brat annotation.conf. */
  'schema.importBratConf': { args: { text: string; fileName?: string; renames?: SchemaRenames; force?: boolean }; result: Schema };
  /** The current schema as a brat annotation.conf. */
  'schema.exportBratConf': { args: Record<string, never>; result: { text: string; fileName: string } };
}

export type Method = keyof ApiMethods;
export type Args<M extends Method> = ApiMethods[M]['args'];
export type Ret<M extends Method> = ApiMethods[M]['result'];

/** Commands the desktop menu sends to the window (File → Import…, Edit → Undo, …). */
export type MenuCommand =
  | 'import'
  | 'find'
  | 'replace-schema'
  | 'undo'
  | 'redo'
  | 'change-annotator'
  | 'edit-schema'
  | 'export'
  | 'import-annotations'
  | 'project-new'
  | 'project-open'
  | 'project-save-as'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset';

/** Progress of a long export.run or import.run, sent while it runs (documents done of total). */
export interface ProgressEvent {
  what: 'export' | 'import';
  done: number;
  total: number;
}

/** What the export path dialog asks for: a folder (brat, hf, any split export) or a file. */
export interface ExportPathOptions {
  format: ExportFormat;
  folder: boolean;
  /** Suggested file or folder name. */
  defaultName?: string;
}

/** What the import dialog picks: files of these extensions, or folders (brat). */
export interface ImportPathOptions {
  title?: string;
  extensions?: string[];
  folders?: boolean;
}

/** What the preload exposes as `window.qalam` (and what the e2e tests stand in for). */
export interface QalamBridge {
  invoke<M extends Method>(method: M, args: Args<M>): Promise<Result<Ret<M>>>;
  /** Desktop-only helpers; absent outside Electron. */
  /** Files or folders to import (documents.importPaths, import.run); without options: text files. */
  pickImportPaths?: (options?: ImportPathOptions) => Promise<string[]>;
  /** Where export.run writes (a save or folder dialog); null when cancelled. */
  pickExportPath?: (options: ExportPathOptions) => Promise<string | null>;
  pickSchemaFile?: () => Promise<{ fileName: string; json: string } | null>;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onMenuCommand?: (listener: (command: MenuCommand) => void) => () => void;
  /** Subscribe to progress of export.run and import.run; returns the unsubscribe function. */
  onProgress?: (listener: (event: ProgressEvent) => void) => () => void;
  /** A project file chosen in the desktop's dialog (New, Open, Save As); null when cancelled. */
  pickProjectPath?: (dialog: ProjectDialog) => Promise<string | null>;
  /** The paths of files or folders dropped on the window (granted for one import). */
  droppedPaths?: (files: File[]) => Promise<string[]>;
}

declare global {
  interface Window {
    qalam: QalamBridge;
  }
}
