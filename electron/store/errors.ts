import type { ErrorCode } from '../contract';

/** An error raised by the store (opening, migrating, constraint checks). Carries an API error code. */
export class StoreError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, where: { file?: string; line?: number } = {}) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    if (where.file !== undefined) this.file = where.file;
    if (where.line !== undefined) this.line = where.line;
  }
}
