/**
 * The one contract between the renderer and the main process (and the CLI, and the
 * end-to-end tests' stand-in for the preload). Types only: nothing here runs.
 *
 * Every call is `invoke(method, args)` and answers a `Result`: errors cross the
 * boundary as values, never as thrown exceptions.
 */
import type {
  DocumentInfo,
  DocumentRecord,
  EntityMention,
  Paragraph,
  Schema,
} from '../annotations/model';

export type ErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'import-failed'
  | 'schema-invalid'
  | 'conflict'
  | 'no-annotator'
  | 'nothing-to-undo'
  | 'nothing-to-redo'
  | 'newer-version'
  | 'internal';

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
}

export interface DocumentSummary extends DocumentInfo {
  /** Mentions by the current annotator. */
  mentionCount: number;
  /** Share of the document's word tokens covered by the current annotator's mentions, 0..1. */
  progress: number;
}

export interface DocumentView extends DocumentRecord {
  paragraphs: Paragraph[];
}

/** What an undo or redo did, so the view can update and show it. */
export interface ChangeApplied {
  docId: string;
  kind: 'create' | 'update' | 'delete';
  /** The mention as it is now (after the change), or null when it no longer exists. */
  mention: EntityMention | null;
  /** The mention's id, also when it no longer exists. */
  mentionId: string;
  /** Can the user undo/redo further in this document? */
  canUndo: boolean;
  canRedo: boolean;
}

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
}

export interface ImportReport {
  imported: DocumentInfo[];
  /** Files whose text is already in the project (same sha256): skipped, not duplicated. */
  skipped: { file: string; reason: string; existingId: string }[];
}

/** Every method: its argument object and its result value. */
export interface ApiMethods {
  'session.get': { args: Record<string, never>; result: SessionInfo };
  'session.setAnnotator': { args: { name: string }; result: SessionInfo };

  'documents.list': { args: Record<string, never>; result: DocumentSummary[] };
  'documents.get': { args: { id: string }; result: DocumentView };
  /** Import .txt files or folders of them, by path. All or nothing. */
  'documents.importPaths': { args: { paths: string[] }; result: ImportReport };

  /** The current annotator's mentions in a document (or another annotator's, read-only). */
  'mentions.list': { args: { docId: string; annotator?: string }; result: EntityMention[] };
  'mentions.create': {
    args: { docId: string; type: string; start: number; end: number };
    result: { mention: EntityMention; history: HistoryState };
  };
  'mentions.update': {
    args: { id: string; type: string };
    result: { mention: EntityMention; history: HistoryState };
  };
  'mentions.delete': { args: { id: string }; result: { id: string; history: HistoryState } };

  'history.state': { args: { docId: string }; result: HistoryState };
  'history.undo': { args: { docId: string }; result: ChangeApplied };
  'history.redo': { args: { docId: string }; result: ChangeApplied };

  'schema.get': { args: Record<string, never>; result: Schema };
  /** Replace the schema from JSON text (as read from a schema file); refuses to drop types in use. */
  'schema.replace': { args: { json: string; fileName?: string }; result: Schema };
}

export type Method = keyof ApiMethods;
export type Args<M extends Method> = ApiMethods[M]['args'];
export type Ret<M extends Method> = ApiMethods[M]['result'];

/** Commands the desktop menu sends to the window (File → Import…, Edit → Undo, …). */
export type MenuCommand = 'import' | 'replace-schema' | 'undo' | 'redo' | 'change-annotator';

/** What the preload exposes as `window.qalam` (and what the e2e tests stand in for). */
export interface QalamBridge {
  invoke<M extends Method>(method: M, args: Args<M>): Promise<Result<Ret<M>>>;
  /** Desktop-only helpers; absent outside Electron. */
  pickImportPaths?: () => Promise<string[]>;
  pickSchemaFile?: () => Promise<{ fileName: string; json: string } | null>;
  /** Subscribe to menu commands; returns the unsubscribe function. */
  onMenuCommand?: (listener: (command: MenuCommand) => void) => () => void;
}

declare global {
  interface Window {
    qalam: QalamBridge;
  }
}
