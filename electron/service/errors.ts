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
