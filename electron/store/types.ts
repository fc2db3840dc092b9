/** The store's public types: what goes in (New*), what comes out beside the core's model, and the change log's entries. */
import type { AttributeValues, Direction, DocumentMeta, EntityMention, EventArgument, EventMention, Lang, Normalization, Origin, Provenance, Relation, Schema, Span } from '../../annotations/model';

/**
 * Keys of the `settings` table (reference_set: the annotation set of the reference annotations a default project came with;
 * suggest_min_f1: the held-out F1 under which the tagger's suggestions are not shown).
 */
export type SettingKey = 'project_name' | 'current_annotator' | 'created_at' | 'reference_set' | 'suggest_min_f1' | 'suggest_endpoint' | 'guidelines';

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
  /**
   * The text, or its UTF-8 bytes (well-formed, no BOM), stored as they are: an import of many
   * files need not decode each into a string only for SQLite to encode it again.
   */
  text: string | Uint8Array;
  lang: Lang;
  dir: Direction;
  length: number;
  importedAt: string;
}

/** What every new mention, event and relation has (the columns their tables share). */
export interface NewAnnotation {
  /** Re-use this id ("12", "E<n>", "R<n>": undo of a delete, redo of a create); omitted → a fresh id. */
  id?: string;
  docId: string;
  type: string;
  annotator: string;
  origin: Origin;
  attributes?: AttributeValues;
  note?: string;
  createdAt: string;
  updatedAt: string;
  /** Gold annotations: where it came from. */
  provenance?: Provenance | null;
}

export interface NewMention extends NewAnnotation {
  start: number;
  end: number;
  /** A discontinuous mention's pieces (two or more); start/end are then the covering span. */
  fragments?: Span[];
  normalizations?: Normalization[];
}

export interface NewEvent extends NewAnnotation {
  triggerStart: number;
  triggerEnd: number;
  arguments?: EventArgument[];
  /** A discontinuous trigger's pieces (two or more). */
  triggerFragments?: Span[];
}

export interface NewRelation extends NewAnnotation {
  /** Mention ids, or event ids "E<n>". */
  arg1: string;
  arg2: string;
}

/** A change to the fields every annotation has: those given are set, with updated_at. */
export interface AnnotationChange {
  type?: string;
  attributes?: AttributeValues;
  note?: string;
  provenance?: Provenance | null;
  updatedAt: string;
}

export interface MentionChange extends AnnotationChange {
  normalizations?: Normalization[];
}

export interface EventChange extends AnnotationChange {
  /** All replaced. */
  arguments?: readonly EventArgument[];
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
  /** The recommender that suggested it ('occurrence', 'tagger', 'endpoint'). */
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

/** Old name → new name, per kind of name, for a schema replacement. */
export interface NameRenames {
  /** Entity and event types. */
  types?: Readonly<Record<string, string>>;
  relationTypes?: Readonly<Record<string, string>>;
  attributes?: Readonly<Record<string, string>>;
  /** Per event type (its new name): old role → new role. */
  roles?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
