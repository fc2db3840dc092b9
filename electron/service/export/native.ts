/**
 * The native JSONL, written once for everyone: `nativeRecord` is the record of (document, set) —
 * the export pipeline's `jsonl` writer, the CLI's `--out -` (`export.text`) and the exchange's
 * per-document files (exchange.ts, which localises its ids) all build their lines from it — and
 * the schema sidecar.
 */
import { dirname, join, resolve } from 'node:path';
import type { DocumentRecord, EntityMention, EventMention, Relation, Schema } from '../../../annotations/model';
import { stringifyNativeRecord, toNativeRecord, type NativeRecord } from '../../../annotations/formats/jsonl';
import type { Store } from '../../store';
import { ServiceError } from '../errors';
import { AtomicFile, checkExportTarget, cleanStaleTemps, writeFileAtomic } from '../safeWrite';
import type { WriterFactory } from './writer';

/**
 * Which annotators have events, relations at all (asked once per annotator, within one snapshot):
 * a pass over the corpus skips those two reads for every document of a set that has none (most
 * corpora: a tenth of the export's CPU was reading empty event and relation lists).
 */
export type LinkKinds = (annotator: string) => { events: boolean; relations: boolean };

/** A LinkKinds for one pass (one snapshot): one answer per annotator, kept for the pass. */
export function linkKinds(store: Store): LinkKinds {
  const known = new Map<string, { events: boolean; relations: boolean }>();
  return (annotator) => {
    let k = known.get(annotator);
    if (k === undefined) known.set(annotator, (k = store.annotatorHasLinks(annotator)));
    return k;
  };
}

/**
 * The native record of (document, annotator), with the annotations it was built from (mentions in
 * span order); annotator null: the text alone.
 */
export function nativeRecordOf(
  store: Store,
  doc: DocumentRecord,
  annotator: string | null,
): { record: NativeRecord; mentions: EntityMention[]; events: EventMention[]; relations: Relation[] } {
  if (annotator === null) return { record: toNativeRecord(doc, null, []), mentions: [], events: [], relations: [] };
  const mentions = store.listMentions(doc.id, annotator, 'span');
  const events = store.listEvents(doc.id, annotator);
  const relations = store.listRelations(doc.id, annotator);
  return { record: toNativeRecord(doc, annotator, mentions, { events, relations, meta: store.getDocumentMeta(doc.id, annotator) }), mentions, events, relations };
}

/**
 * The native record of (document, annotator). With `kinds` (an export pass, one snapshot) the
 * event and relation reads of annotators without any are skipped (linkKinds), and the mentions
 * are read as the record shows them (`recordMentions`: in id order, as their index holds them,
 * not sorted by SQLite; the record sorts its entities itself, compareEntities being a total order).
 */
export function nativeRecord(store: Store, doc: DocumentRecord, annotator: string | null, kinds?: LinkKinds): NativeRecord {
  if (kinds === undefined || annotator === null) return nativeRecordOf(store, doc, annotator).record;
  const has = kinds(annotator);
  const mentions = store.recordMentions(doc.id, annotator);
  const events = has.events ? store.listEvents(doc.id, annotator) : [];
  const relations = has.relations ? store.listRelations(doc.id, annotator) : [];
  return toNativeRecord(doc, annotator, mentions, { events, relations, meta: store.getDocumentMeta(doc.id, annotator) });
}

/** The sidecar of a native export: offsets convention and the schema. */
export function nativeSchemaSidecar(schema: Schema): string {
  return `${JSON.stringify({ qalam: 1, format: 'qalam-jsonl', offsets: 'unicode-codepoints', newlines: 'LF', schema }, null, 2)}\n`;
}

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
  // a page of document rows and one text at a time: the lines' memory does not grow with the corpus
  const kinds = linkKinds(store);
  for (const page of store.documentPages()) {
    for (const info of page) {
      const doc = store.getDocument(info.id);
      if (doc === null) continue;
      const annotators = store.annotatorsOfDocument(doc.id).filter((a) => only === undefined || a === only);
      for (const annotator of annotators.length === 0 ? [null] : annotators) yield stringifyNativeRecord(nativeRecord(store, doc, annotator, kinds));
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

/** export.run's native JSONL: one line per record; the schema as a sidecar beside a file, or schema.json in a folder. */
export const jsonl: WriterFactory = (ctx) => ({
  sidecar: nativeSchemaSidecar(ctx.schema),
  write: (rec, at, target) => target.sink(at.split).write(`${stringifyNativeRecord(rec)}\n`),
  close: (target) => {
    if (ctx.folder) writeFileAtomic(join(target.tmp, 'schema.json'), nativeSchemaSidecar(ctx.schema), true);
  },
});
