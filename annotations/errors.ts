/**
 * The core's one error type. Codes are the same strings as `ErrorCode` in
 * electron/contract.ts, so the service can pass a CoreError across the API boundary as is.
 */

export type CoreErrorCode =
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

export interface CoreErrorDetails {
  /** File the error is about, when there is one. */
  file?: string;
  /** 1-based line in that file, when known. */
  line?: number;
}

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  declare readonly file?: string;
  declare readonly line?: number;

  constructor(code: CoreErrorCode, message: string, details: CoreErrorDetails = {}) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    // only present when known, so that spreading or serialising the error stays clean
    if (details.file !== undefined) (this as { file?: string }).file = details.file;
    if (details.line !== undefined) (this as { line?: number }).line = details.line;
  }
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof CoreError;
}
