/**
 * Export (export.run, export.text): which annotation set, which documents, a reproducible split
 * by document, then each record written by its format's writer (one small writer per format in
 * this folder, as the catalogue in annotations/formats/catalogue.ts lists them), atomically
 * through safeWrite.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { DocumentInfo, Schema } from '../../../annotations/model';
import { exportFormat, type ExportFormat } from '../../../annotations/formats/catalogue';
import { OffsetMap } from '../../../annotations/text';
import type { ExportRunArgs, ExportRunReport } from '../../contract';
import type { Store } from '../../store';
import { domain } from '../context';
import { ServiceError } from '../errors';
import { AtomicFile, StagedFolder, checkExportTarget, cleanStaleTemps } from '../safeWrite';
import { assignSplits, parseSplit } from './split';
import { exportNativeJsonl, jsonl, linkKinds, nativeRecord } from './native';
import { brat } from './brat';
import { conll } from './conll';
import { hf } from './hf';
import { spacy } from './spacy';
import { events } from './events';
import { doccano, doccanoRelations } from './doccano';
import { labelstudio } from './labelstudio';
import type { ExportTarget, Losses, WriterContext, WriterFactory } from './writer';

/** The writer of each format in the catalogue. */
const WRITERS: Record<ExportFormat, WriterFactory> = {
  jsonl,
  brat,
  conll,
  hf,
  spacy,
  events,
  doccano,
  'doccano-relations': doccanoRelations,
  labelstudio,
};

/** A document to export (its text is read when it is written, so the export holds one text at a time) and its sets. */
interface Selected {
  info: DocumentInfo;
  annotators: (string | null)[];
}

/**
 * Resolves the annotation set and the documents to export. The documents come a page at a time
 * (`items`, read as they are written: an export holds one page of document rows, not the corpus);
 * `total` is how many are examined (the progress's denominator).
 */
function select(store: Store, args: ExportRunArgs, current: string | null): { items: () => Iterable<Selected>; total: number; annotator: string | null; all: boolean } {
  const known = store.listAnnotators();
  if (args.annotator !== undefined && !known.includes(args.annotator)) {
    throw new ServiceError('not-found', `no annotator ${JSON.stringify(args.annotator)} in this project`);
  }
  const which = args.documents ?? 'all';
  let chosen: DocumentInfo[] | null = null;
  if (Array.isArray(which)) {
    const byId = new Map(store.listDocuments(which).map((d) => [d.id, d] as const));
    chosen = which.map((id) => {
      const d = byId.get(id);
      if (d === undefined) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
      return d;
    });
  }
  const all = args.format === 'jsonl' && args.annotator === undefined;
  let annotator: string | null = args.annotator ?? null;
  if (!all && annotator === null) {
    const counts = known.filter((a) => store.mentionCountsByDocument(a).size > 0 || store.eventCountsByDocument(a).size > 0);
    if (counts.length === 1) annotator = counts[0] as string;
    else if (counts.length > 1) {
      if (current !== null && counts.includes(current)) annotator = current;
      else throw new ServiceError('invalid-argument', `several annotators have annotations (${counts.join(', ')}): choose one with --annotator`);
    }
  }
  const of = (info: DocumentInfo): Selected => {
    let annotators: (string | null)[];
    if (all) {
      const a = store.annotatorsOfDocument(info.id);
      annotators = a.length === 0 ? [null] : a;
    } else {
      annotators = [annotator];
    }
    // not done by anyone: examined, nothing of it written
    if (which === 'done') annotators = annotators.filter((a) => a !== null && store.getDocumentMeta(info.id, a).status === 'done');
    return { info, annotators };
  };
  function* items(): Generator<Selected> {
    for (const page of chosen !== null ? [chosen] : store.documentPages()) for (const info of page) yield of(info);
  }
  return { items, total: chosen !== null ? chosen.length : store.documentCount(), annotator, all };
}

/**
 * Runs an export, as one snapshot of the project (one read transaction: a concurrent import or
 * edit in another process is either wholly in it or not at all). Writes through safeWrite: a file
 * into a temporary file beside `args.out`, a folder into a temporary folder beside it, then moved
 * into place; `args.out` may be overwritten only as safeWrite's rules say (`args.overwrite`). On
 * failure nothing is left behind and `out` is untouched.
 */
export function runExport(store: Store, schema: Schema, args: ExportRunArgs, current: string | null, onProgress?: (done: number, total: number) => void): ExportRunReport {
  return store.readSnapshot(() => exportSnapshot(store, schema, args, current, onProgress));
}

function exportSnapshot(store: Store, schema: Schema, args: ExportRunArgs, current: string | null, onProgress?: (done: number, total: number) => void): ExportRunReport {
  const format = args.format;
  const info = exportFormat(format);
  const { items, total, annotator, all } = select(store, args, current);
  const split = args.split === undefined ? null : parseSplit(args.split);
  // A split is drawn over the ids of every selected document: their ids alone are held, gathered a
  // page at a time (not the selected documents' rows all at once).
  let splitOf: Map<string, string> | null = null;
  if (split !== null) {
    const ids: string[] = [];
    for (const item of items()) if (item.annotators.length > 0) ids.push(item.info.id);
    splitOf = assignSplits(ids, split, args.seed ?? 0);
  }
  const splitNames = split === null ? [format === 'hf' ? 'train' : ''] : split.map(([n]) => n);
  const folder = info.folder || split !== null;
  const out = args.out;
  const force = args.overwrite === true;
  const losses: Losses = { covered: 0, normalizations: 0, eventLinks: 0 };
  const annotators = new Set<string>();
  const ctx: WriterContext = { store, schema, args, scheme: args.scheme ?? 'bio', granularity: args.granularity ?? 'token', splitNames, folder, losses, annotators };
  const writer = WRITERS[format](ctx);
  const parent = dirname(out);
  const sidecar = writer.sidecar !== undefined && !folder ? join(parent, `${basename(out, extname(out))}.schema.json`) : null;
  const state = checkExportTarget(out, { folder, project: store.path, force });
  if (sidecar !== null) checkExportTarget(sidecar, { folder: false, project: store.path, force });
  cleanStaleTemps(parent);
  const report: ExportRunReport = { format, out, files: [], documents: 0, records: 0, annotator: all ? null : annotator, splits: {}, messages: [] };
  const sinks = new Map<string, AtomicFile>();
  const staged = folder ? new StagedFolder(out, state, force, format) : null;
  let sidecarFile: AtomicFile | null = null;
  const target: ExportTarget = {
    tmp: staged?.tmp ?? '',
    sink: (splitName) => {
      let s = sinks.get(splitName);
      if (s === undefined) {
        s = staged !== null ? new AtomicFile(join(staged.tmp, `${splitName}${info.extension}`), true) : new AtomicFile(out);
        sinks.set(splitName, s);
      }
      return s;
    },
  };
  const kinds = linkKinds(store);
  /** One selected document's sets, its text read now (one text at a time: the export's memory does not grow with the corpus). */
  const writeItem = (item: Selected): void => {
    if (item.annotators.length === 0) return;
    const splitName = splitOf === null ? (splitNames[0] as string) : (splitOf.get(item.info.id) as string);
    const doc = store.getDocument(item.info.id);
    if (doc === null) return;
    report.splits[splitName || 'all'] = (report.splits[splitName || 'all'] ?? 0) + 1;
    report.documents++;
    let map: OffsetMap | null = null;
    // The offset map only for the formats that convert offsets (the native JSONL does not).
    const at = { doc, split: splitName, get map(): OffsetMap { return (map ??= new OffsetMap(doc.text)); } };
    for (const a of item.annotators) {
      if (a !== null) annotators.add(a);
      const rec = nativeRecord(store, doc, a, kinds);
      report.records++;
      if (!info.lossless) {
        losses.covered += rec.entities.filter((e) => e.fragments !== undefined).length;
        losses.normalizations += rec.entities.reduce((n, e) => n + (e.normalizations?.length ?? 0), 0);
      }
      writer.write(rec, at, target);
    }
  };
  try {
    if (writer.ownFiles !== true) for (const n of splitNames) target.sink(n);
    let examined = 0;
    for (const item of items()) {
      examined++;
      writeItem(item);
      if (onProgress && (examined % 200 === 0 || examined === total)) onProgress(examined, total);
    }
    writer.close?.(target);
    if (staged !== null) {
      for (const s of sinks.values()) s.commit();
      sinks.clear();
      staged.commit();
    } else {
      if (sidecar !== null) {
        sidecarFile = new AtomicFile(sidecar);
        sidecarFile.write(writer.sidecar as string);
      }
      // the data first, then its sidecar: a failure between leaves a new export with an older sidecar, never the reverse
      for (const s of sinks.values()) s.commit();
      sinks.clear();
      sidecarFile?.commit();
      sidecarFile = null;
    }
  } catch (e) {
    for (const s of sinks.values()) s.abort();
    sidecarFile?.abort();
    staged?.abort();
    if (e instanceof ServiceError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new ServiceError('internal', `cannot write ${out}: ${err.code === 'ENOENT' ? 'no such folder' : err.message}`, { file: out, cause: e });
  }
  report.files = folder ? [out] : sidecar !== null ? [out, sidecar] : [out];
  if (losses.covered > 0) report.messages.push(`${losses.covered} discontinuous mentions written as their covering span (the text between their pieces included; brat and JSONL keep the pieces)`);
  if (losses.normalizations > 0) report.messages.push(`${losses.normalizations} normalisations not written (${format} has no place for them; brat and JSONL keep them)`);
  if (losses.eventLinks > 0) report.messages.push(`${losses.eventLinks} event arguments or relation ends that are events left out (${format} links entities only; brat and JSONL keep them)`);
  writer.report?.(report);
  return report;
}

export const exportDomain = domain((ctx) => ({
  'export.run': (a) => runExport(ctx.store, ctx.schema().schema, a, ctx.currentAnnotator(), ctx.progressFor('export')),
  'export.text': (a) => {
    const text = exportNativeJsonl(ctx.store, a.annotator === undefined ? {} : { annotator: a.annotator });
    return { text, lines: text === '' ? 0 : text.split('\n').length - 1 };
  },
}));

export { exportNativeJsonl, linkKinds, nativeJsonlLines, nativeRecord, nativeRecordOf, nativeSchemaSidecar, writeNativeJsonl, type ExportOptions } from './native';
export { assignSplits, parseSplit } from './split';
