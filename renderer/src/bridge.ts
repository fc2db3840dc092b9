/**
 * The renderer's only way out: window.qalam.invoke (electron/contract.ts). Every answer is a
 * Result; a bridge that throws or answers garbage becomes an 'internal' error value too, so the
 * caller always has something to show.
 */
import type { ApiError, Args, Method, Result, Ret } from './contract';

/** The method is not named: a message is read by an annotator, not a programmer (the code says what failed). */
function failure(_method: string, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: 'internal', message } };
}

/**
 * An error's message as the window shows it: never the name of an internal call (the service
 * may write `documents.get: …` or `(session.setAnnotator)` for its command-line users).
 */
export function userMessage(error: ApiError): string {
  const message = error.message
    .replace(/\s*\((?:[a-z]+\.[a-zA-Z]+)(?:,\s*[a-z]+\.[a-zA-Z]+)*\)/g, '')
    .replace(/^[a-z]+\.[a-zA-Z]+:\s*/, '');
  const where = error.file ? ` (${error.file}${error.line ? `:${error.line}` : ''})` : '';
  return `${message}${where}`;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false) return false;
  const e = v.error as { code?: unknown; message?: unknown } | undefined;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}

export async function call<M extends Method>(method: M, args: Args<M>): Promise<Result<Ret<M>>> {
  const bridge = (window as Partial<Window>).qalam;
  if (!bridge || typeof bridge.invoke !== 'function') {
    return failure(method, 'the Qalam bridge (window.qalam) is missing; open Qalam in its desktop window');
  }
  try {
    const answer: unknown = await bridge.invoke(method, args);
    if (!isResult(answer)) return failure(method, 'the bridge answered something that is not a Result');
    return answer as Result<Ret<M>>;
  } catch (e) {
    return failure(method, e instanceof Error ? e.message : String(e));
  }
}

/** Where `request` sends an error value, with what the window was doing ("Cannot tag PER"). */
export type ErrorSink = (error: ApiError, context: string) => void;

/**
 * The state's one way to call the service: the value, or null once the error went to `report`.
 * (`call` answers the Result itself, for the callers that handle particular errors.)
 */
export async function request<M extends Method>(method: M, args: Args<M>, context: string, report: ErrorSink): Promise<Ret<M> | null> {
  const r = await call(method, args);
  if (r.ok) return r.value;
  report(r.error, context);
  return null;
}

/** The desktop-only helpers, when present. */
export function bridgeExtras(): Pick<Window['qalam'], 'pickImportPaths' | 'pickSchemaFile' | 'onMenuCommand'> {
  const bridge = (window as Partial<Window>).qalam;
  return {
    pickImportPaths: bridge?.pickImportPaths,
    pickSchemaFile: bridge?.pickSchemaFile,
    onMenuCommand: bridge?.onMenuCommand,
  };
}
