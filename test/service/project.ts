/**
 * A fresh project for each service test: `beforeEach(() => ({ dir, service } = freshProject()))`
 * and `afterEach(closeProjects)`. The project is a real SQLite file in a temporary folder, with a
 * fixed clock; `annotator` says who is annotating.
 */
import { join } from 'node:path';
import { unpackSuggestions } from '../../annotations/suggestionPack';
import type { ApiError, Result, SuggestionItem, SuggestionList } from '../../electron/contract';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir } from '../store/helpers';

const opened: QalamService[] = [];

export function freshProject(options: { annotator?: string } = {}): { dir: string; file: string; service: QalamService } {
  const dir = tempDir();
  const file = join(dir, 'p.qalam');
  const service = initProject(file, { now: fakeClock() });
  opened.push(service);
  if (options.annotator !== undefined) service.call('session.setAnnotator', { name: options.annotator });
  return { dir, file, service };
}

/** Closes what freshProject opened (a test that reopens its project closes the copy it opened), waits for their workers to end, and removes the folders. */
export async function closeProjects(): Promise<void> {
  await Promise.all(opened.splice(0).map((service) => service.close()));
  removeTempDirs();
}

/** The error of a call expected to fail (the test fails if it did not). */
export function fail(r: Result<unknown>): ApiError {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

/** Polls `what` every `everyMs` until it gives something (a worker's or a server's answer), at most 600 times. */
export async function until<T>(what: () => T | null | undefined | false, label: string, everyMs = 100): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = what();
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting: ${label}`);
}

/** The code-point span (end exclusive) of the `nth` occurrence of `part` in `text`. */
export function cpSpan(text: string, part: string, nth = 0): { start: number; end: number } {
  let u = -1;
  for (let i = 0; i <= nth; i++) u = text.indexOf(part, u + 1);
  if (u < 0) throw new Error(`no ${part}`);
  const start = [...text.slice(0, u)].length;
  return { start, end: start + [...part].length };
}

/** The items of a suggestions.list answer (sent as columns). */
export function itemsOf(l: SuggestionList): SuggestionItem[] {
  return unpackSuggestions<SuggestionItem['source']>(l.packed);
}
