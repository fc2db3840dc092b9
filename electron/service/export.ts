import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringifyNativeRecord, toNativeRecord } from '../../annotations/formats/jsonl';
import type { Store } from '../store';
import { ServiceError } from './errors';

export interface ExportOptions {
  /** Only this annotator's mentions; documents they did not annotate appear once with annotator null. */
  annotator?: string;
}

/**
 * The native JSONL lines of a project, in order: for each document (import order, then id), one
 * line per annotator with mentions, events or relations in it or a status/flags/note on it (by
 * name), or, when there is none, one line with annotator null. Each line without its LF.
 */
export function* nativeJsonlLines(store: Store, options: ExportOptions = {}): Generator<string> {
  const only = options.annotator;
  if (only !== undefined && !store.listAnnotators().includes(only)) {
    throw new ServiceError('not-found', `no annotator ${JSON.stringify(only)} in this project`);
  }
  for (const info of store.listDocuments()) {
    const doc = store.getDocument(info.id);
    if (doc === null) continue;
    const annotators = store.annotatorsOfDocument(doc.id).filter((a) => only === undefined || a === only);
    if (annotators.length === 0) {
      yield stringifyNativeRecord(toNativeRecord(doc, null, []));
      continue;
    }
    for (const annotator of annotators) {
      yield stringifyNativeRecord(
        toNativeRecord(doc, annotator, store.listMentions(doc.id, annotator), {
          events: store.listEvents(doc.id, annotator),
          relations: store.listRelations(doc.id, annotator),
          meta: store.getDocumentMeta(doc.id, annotator),
        }),
      );
    }
  }
}

/** The whole export as one string: LF line ends and a trailing newline (empty for an empty project). */
export function exportNativeJsonl(store: Store, options: ExportOptions = {}): string {
  let out = '';
  for (const line of nativeJsonlLines(store, options)) out += `${line}\n`;
  return out;
}

/**
 * Writes the export to `outPath` atomically: line by line into a temporary file beside it,
 * flushed to disk, then renamed over `outPath`. On failure `outPath` is untouched.
 * Returns the number of lines written.
 */
export function writeNativeJsonl(store: Store, outPath: string, options: ExportOptions = {}): number {
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | null = null;
  let lines = 0;
  try {
    fd = openSync(tmp, 'wx');
    for (const line of nativeJsonlLines(store, options)) {
      writeSync(fd, `${line}\n`);
      lines++;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, outPath);
    return lines;
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    if (e instanceof ServiceError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new ServiceError('internal', `cannot write ${outPath}: ${err.code === 'ENOENT' ? 'no such folder' : err.message}`, {
      file: outPath,
      cause: e,
    });
  }
}
