/**
 * The annotation model. All offsets are Unicode code points into the stored
 * (LF-normalised) document text, `start` inclusive and `end` exclusive.
 */

export type Lang = 'he' | 'ar' | 'other';
export type Direction = 'rtl' | 'ltr';

/** Where a mention came from. */
export type Origin = 'manual' | 'import' | 'undo' | 'gold';

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
}

export interface Schema {
  version: number;
  entityTypes: EntityType[];
}

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
}

/** A closed code-point span. */
export interface Span {
  start: number;
  end: number;
}
