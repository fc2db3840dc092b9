import type { ApiError, ErrorCode } from '../contract';

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid-argument',
  'not-found',
  'import-failed',
  'schema-invalid',
  'conflict',
  'no-annotator',
  'nothing-to-undo',
  'nothing-to-redo',
  'newer-version',
  'internal',
]);

/** An error the service raises on purpose: it crosses the API as `{code, message, file?, line?}`. */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, where: { file?: string; line?: number; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = 'ServiceError';
    this.code = code;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
  }

  static fromApiError(e: ApiError, cause?: unknown): ServiceError {
    return new ServiceError(e.code, e.message, { file: e.file, line: e.line, cause });
  }
}

/**
 * Any thrown value as an API error. CoreError, StoreError and ServiceError carry a code (and
 * maybe file and line); anything else is a bug and becomes 'internal' with its message.
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof Error) {
    const { code, file, line } = e as Error & { code?: unknown; file?: unknown; line?: unknown };
    if (typeof code === 'string' && CODES.has(code)) {
      const out: ApiError = { code: code as ErrorCode, message: e.message };
      if (typeof file === 'string') out.file = file;
      if (typeof line === 'number' && Number.isInteger(line) && line > 0) out.line = line;
      return out;
    }
    return { code: 'internal', message: e.message || e.name };
  }
  return { code: 'internal', message: String(e) };
}

/**
 * A raw SQLite error (or a file system error) met while working on `project` as a sentence naming
 * the file; anything else unchanged.
 */
export function describeFailure(e: unknown, project: string): unknown {
  if (!(e instanceof Error)) return e;
  const { code, path } = e as Error & { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || CODES.has(code)) return e;
  if (code.startsWith('SQLITE_')) {
    const where = { file: project, cause: e };
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
      return new ServiceError('internal', `${project} is damaged (SQLite: ${e.message}); open a backup copy, or ask for help recovering it`, where);
    }
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
      return new ServiceError('conflict', `${project} is held by another Qalam (the app, or another command) that is writing to it; try again when it is done`, where);
    }
    if (code === 'SQLITE_FULL') return new ServiceError('internal', `cannot write ${project}: the disk is full (nothing was changed)`, where);
    if (/^SQLITE_(READONLY|CANTOPEN|PERM)/.test(code)) return new ServiceError('internal', `cannot write ${project}: it is read-only here (nothing was changed)`, where);
    if (/^SQLITE_IOERR/.test(code)) return new ServiceError('internal', `cannot read or write ${project}: a disk error (${e.message}); nothing was changed`, where);
    if (/^SQLITE_CONSTRAINT/.test(code)) {
      return new ServiceError('invalid-argument', `${project} refused the change, which would break a rule of the project (${e.message}); nothing was changed`, where);
    }
    return new ServiceError('internal', `${project}: ${e.message}`, where);
  }
  if (/^E[A-Z]+$/.test(code) && typeof path === 'string') {
    const what: Record<string, string> = {
      ELOOP: 'a loop of symbolic links (a link that leads back to itself)',
      ENOENT: 'no such file or folder',
      ENOTDIR: 'a part of the path is a file, not a folder',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the disk is read-only',
      ENOSPC: 'the disk is full',
      EISDIR: 'a folder, not a file',
    };
    return new ServiceError('internal', `${path}: ${what[code] ?? e.message}`, { file: path, cause: e });
  }
  return e;
}
