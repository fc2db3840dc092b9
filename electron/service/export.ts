import { dirname, resolve } from 'node:path';
import { stringifyNativeRecord, toNativeRecord } from '../../annotations/formats/jsonl';
import type { Store } from '../store';
import { ServiceError } from './errors';
import { AtomicFile, checkExportTarget, cleanStaleTemps } from './safeWrite';

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

/** The whole export as one string (one snapshot): LF line ends and a trailing newline (empty for an empty project). */
export function exportNativeJsonl(store: Store, options: ExportOptions = {}): string {
  return store.readSnapshot(() => {
    let out = '';
    for (const line of nativeJsonlLines(store, options)) out += `${line}\n`;
    return out;
  });
}

/**
 * Writes the export to `outPath` atomically and as one snapshot (safeWrite's AtomicFile): on
 * failure `outPath` is untouched. An existing file is replaced only with `overwrite`; never the
 * project file. Returns the number of lines written.
 */
export function writeNativeJsonl(store: Store, outPath: string, options: ExportOptions & { overwrite?: boolean } = {}): number {
  return store.readSnapshot(() => {
    checkExportTarget(outPath, { folder: false, project: store.path, force: options.overwrite === true });
    cleanStaleTemps(dirname(resolve(outPath)));
    const file = new AtomicFile(outPath);
    let lines = 0;
    try {
      for (const line of nativeJsonlLines(store, options)) {
        file.write(`${line}\n`);
        lines++;
      }
    } catch (e) {
      file.abort();
      throw e;
    }
    file.commit();
    return lines;
  });
}
