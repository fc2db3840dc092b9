/**
 * The annotation model. All offsets are Unicode code points into the stored
 * (LF-normalised) document text, `start` inclusive and `end` exclusive.
 */

export type Lang = 'he' | 'ar' | 'other';
export type Direction = 'rtl' | 'ltr';

/** Where a mention came from. */
export type Origin = 'manual' | 'import' | 'undo' | 'gold';

/** The name of the gold set: the annotation set a reviewer adjudicates into (a reserved annotator name). */
export const GOLD_SET = 'gold';

/**
 * Where a gold annotation came from: accepted from one or more annotators' annotations (several
 * when they agreed), accepted and then edited by the adjudicator, or created by the adjudicator.
 */
export interface Provenance {
  action: 'accepted' | 'edited' | 'created';
  /** The annotations it was accepted from (annotator and that annotator's id), by annotator name. */
  sources: { annotator: string; id: string }[];
  /** When it was accepted or created (ISO 8601). */
  at: string;
  /**
   * A mention accepted from a suggestion (in any set): the recommender that suggested it, its
   * score, the type it suggested (the annotator may accept with another) and, for an occurrence,
   * the form found; for the external recommender, its URL.
   */
  recommender?: { source: 'occurrence' | 'tagger' | 'endpoint'; score: number; type: string; form?: string; endpoint?: string };
}

export interface EntityType {
  /** Short unique name, e.g. "PER". Letters, digits, `-`, `_`, `:` and `.`. */
  name: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** A single key ("1".."9", a letter) or null. Unique within the schema. */
  hotkey: string | null;
  /** Optional parent type name (for hierarchies). */
  parent?: string | null;
  /** Human-readable description. */
  description?: string;
  /** True for a type that only groups others and cannot be used (brat's `!Type`); absent otherwise. */
  abstract?: boolean;
}

/**
 * How many fillers a role takes, as in brat's annotation.conf: `1` exactly one, `?` zero or one,
 * `*` zero or more, `+` one or more, `{n}` exactly n, `{n-m}` n to m.
 */
export type Cardinality = '1' | '?' | '*' | '+' | `{${number}}` | `{${number}-${number}}`;

/** An argument role of an event type. */
export interface RoleDef {
  /** Role name, e.g. "Attacker". Letters, digits, `-`, `_` and `.`. */
  name: string;
  /**
   * Accepted types: entity type names (a subtype of an accepted type is accepted too), event
   * type names, or the shortcuts `<ENTITY>` (any entity type), `<EVENT>` (any event type).
   */
  types: string[];
  cardinality: Cardinality;
}

/**
 * An event type: the fields of an entity type (its name, e.g. "Conflict:Attack", and hotkey unique
 * among entity and event types alike; its parent an event type) and its argument roles.
 */
export interface EventType extends EntityType {
  roles: RoleDef[];
}

export interface RelationArgDef {
  /** Role name of the argument, "Arg1"/"Arg2" by default. */
  role: string;
  /** Accepted entity types (or `<ENTITY>`). */
  types: string[];
}

export interface RelationType {
  name: string;
  color: string;
  description?: string;
  arg1: RelationArgDef;
  arg2: RelationArgDef;
  /** A symmetric relation: (a, b) and (b, a) are the same. */
  symmetric: boolean;
  transitive: boolean;
}

/** What an attribute can be put on: `<ENTITY>`, `<EVENT>`, `<RELATION>` (all of that kind) or type names. */
export type AttributeTarget = string;

export interface AttributeDef {
  name: string;
  appliesTo: AttributeTarget[];
  /** The allowed values; empty for a boolean attribute (present or absent). */
  values: string[];
  description?: string;
}

export interface Schema {
  version: number;
  entityTypes: EntityType[];
  eventTypes: EventType[];
  relationTypes: RelationType[];
  attributes: AttributeDef[];
}

/** Attribute values of one annotation: `true` for a boolean attribute, else one of its values. */
export type AttributeValues = Record<string, string | true>;

/** A paragraph of a document: code-point range of its text (without the LF) and its direction. */
export interface Paragraph {
  start: number;
  end: number;
  dir: Direction;
}

export interface DocumentInfo {
  id: string;
  name: string;
  sourcePath: string | null;
  sha256: string;
  lang: Lang;
  dir: Direction;
  /** Length of the text in code points. */
  length: number;
  importedAt: string;
}

export interface DocumentRecord extends DocumentInfo {
  text: string;
}

/**
 * A link from a mention to an entry of an external resource (brat's `N` lines: `N1	Reference T1
 * MESH:D015014	text`): the resource (`MESH`), the entry's id there (`D015014`) and, optionally,
 * the entry's name.
 */
export interface Normalization {
  resource: string;
  id: string;
  /** '' or absent when there is none. */
  text?: string;
}

export interface EntityMention {
  id: string;
  docId: string;
  type: string;
  start: number;
  end: number;
  annotator: string;
  origin: Origin;
  createdAt: string;
  updatedAt: string;
  /** Attribute values; present only when there is at least one. */
  attributes?: AttributeValues;
  /** Free-text note; present only when not empty. */
  note?: string;
  /** Gold annotations only: where it came from. */
  provenance?: Provenance;
  /**
   * A discontinuous mention: its pieces, in text order, not overlapping (at least two; present
   * only then). `start`/`end` are then the covering span (first piece's start, last piece's end),
   * which is what formats without fragments write.
   */
  fragments?: Span[];
  /** Links to external resources; present only when there is at least one. */
  normalizations?: Normalization[];
}

/**
 * What a native record (formats/jsonl.ts `toNativeRecord`) reads of a mention: an export pass
 * reads only this for the mentions that hold nothing more (store `recordMentions`).
 */
export type RecordMention = Pick<EntityMention, 'id' | 'docId' | 'type' | 'start' | 'end' | 'annotator' | 'attributes' | 'note' | 'fragments' | 'normalizations'>;

export interface EventArgument {
  role: string;
  /**
   * What fills the role: an entity mention id ("12") or an event id ("E3", see `isEventRef`), of
   * the same document and annotator.
   */
  mentionId: string;
}

/** Does an argument or relation end point at an event ("E<n>") rather than at an entity mention? */
export function isEventRef(id: string): boolean {
  return /^E[1-9][0-9]*$/.test(id);
}

/**
 * An event: a trigger span, a type and arguments that point at entity mentions or at other
 * events. Ids are "E<n>". Several events may share one trigger span (brat's shared triggers).
 */
export interface EventMention {
  id: string;
  docId: string;
  type: string;
  triggerStart: number;
  triggerEnd: number;
  annotator: string;
  origin: Origin;
  /** In the order they were added. */
  arguments: EventArgument[];
  attributes: AttributeValues;
  /** '' when there is none. */
  note: string;
  createdAt: string;
  updatedAt: string;
  /** Gold annotations only: where it came from. */
  provenance?: Provenance;
  /** A discontinuous trigger: its pieces (as `EntityMention.fragments`); present only then. */
  triggerFragments?: Span[];
}

/**
 * A binary relation between two annotations of the same document and annotator: entity mentions
 * or events (an end "E<n>" is an event, see `isEventRef`). Ids are "R<n>".
 */
export interface Relation {
  id: string;
  docId: string;
  type: string;
  arg1: string;
  arg2: string;
  annotator: string;
  origin: Origin;
  attributes: AttributeValues;
  note: string;
  createdAt: string;
  updatedAt: string;
  /** Gold annotations only: where it came from. */
  provenance?: Provenance;
}

export type DocumentStatus = 'not-started' | 'in-progress' | 'done';

/** One annotator's status, flags and note on a document. */
export interface DocumentMeta {
  docId: string;
  annotator: string;
  status: DocumentStatus;
  /** Free labels ("needs-review", "ocr-errors"…), unique, in the order set. */
  flags: string[];
  note: string;
  /** When last changed; null when never set (the defaults). */
  updatedAt: string | null;
}

/** Which kind of annotation something points at. */
export type AnnotationKind = 'mention' | 'event' | 'relation';

/** A closed code-point span. */
export interface Span {
  start: number;
  end: number;
}
