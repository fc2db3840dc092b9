/**
 * Export of a project to the training formats (and the native JSONL with its schema sidecar):
 * which annotation set, which documents, a reproducible split by document, atomic writes.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { DocumentRecord, Schema } from '../../annotations/model';
import { stringifyNativeRecord, toNativeRecord, type NativeRecord } from '../../annotations/formats/jsonl';
import { writeBratAnn } from '../../annotations/formats/brat';
import { bratNames, writeBratConf } from '../../annotations/formats/bratconf';
import { writeConllDocument, writeConllWithLayout, type ConllLayout, type ConllReport } from '../../annotations/formats/conll';
import { hfDatasetInfo, hfLabelNames, hfReadme, writeHfLines, type HfReport } from '../../annotations/formats/hf';
import { writeSpacyLine, type SpacyReport } from '../../annotations/formats/spacy';
import { writeEventsLine, type EventsReport } from '../../annotations/formats/events';
import { doccanoDrops, writeDoccanoLine } from '../../annotations/formats/doccano';
import { writeLabelStudioTask, type LabelStudioReport } from '../../annotations/formats/labelstudio';
import type { Granularity, TagScheme } from '../../annotations/formats/tokens';
import { OffsetMap } from '../../annotations/text';
import type { ExportFormat, ExportRunArgs, ExportRunReport } from '../contract';
import type { Store } from '../store';
import { domain } from './context';
import { ServiceError } from './errors';
import { AtomicFile, StagedFolder, checkExportTarget, cleanStaleTemps, writeFileAtomic } from './safeWrite';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'brat', 'conll', 'hf', 'spacy', 'events', 'doccano', 'doccano-relations', 'labelstudio'];

const EXT: Record<ExportFormat, string> = {
  jsonl: '.jsonl',
  brat: '',
  conll: '.conll',
  hf: '.jsonl',
  spacy: '.jsonl',
  events: '.jsonl',
  doccano: '.jsonl',
  'doccano-relations': '.jsonl',
  labelstudio: '.json',
};

/** The sidecar of a native export: offsets convention and the schema. */
export function nativeSchemaSidecar(schema: Schema): string {
  return `${JSON.stringify({ qalam: 1, format: 'qalam-jsonl', offsets: 'unicode-codepoints', newlines: 'LF', schema }, null, 2)}\n`;
}

/** `train=0.8,dev=0.1,test=0.1` → ordered [name, share] pairs (shares normalised to sum 1). */
export function parseSplit(spec: string): [string, number][] {
  const parts = spec.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const out: [string, number][] = [];
  for (const p of parts) {
    const m = /^([A-Za-z][\w-]*)=(\d+(?:\.\d+)?)$/.exec(p);
    if (m === null) throw new ServiceError('invalid-argument', `--split: expected name=share pairs like train=0.8,dev=0.1,test=0.1, not ${JSON.stringify(p)}`);
    if (out.some(([n]) => n === m[1])) throw new ServiceError('invalid-argument', `--split: ${m[1]} appears twice`);
    out.push([m[1] as string, Number(m[2])]);
  }
  const sum = out.reduce((a, [, x]) => a + x, 0);
  if (out.length === 0 || !(sum > 0)) throw new ServiceError('invalid-argument', '--split: the shares must add up to more than 0');
  return out.map(([n, x]) => [n, x / sum]);
}

/** mulberry32: a small seeded PRNG (same sequence on every platform). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Split name per document id: a seeded shuffle of `ids` cut by the shares (rounded cumulatively). */
export function assignSplits(ids: readonly string[], split: [string, number][], seed: number): Map<string, string> {
  const order = [...ids];
  const rnd = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const out = new Map<string, string>();
  let cum = 0;
  let from = 0;
  split.forEach(([name, share], k) => {
    cum += share;
    const to = k === split.length - 1 ? order.length : Math.round(cum * order.length);
    for (let i = from; i < to; i++) out.set(order[i] as string, name);
    from = Math.max(from, to);
  });
  return out;
}

function safeFileName(name: string): string {
  const s = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_');
  return s === '' ? '_' : s;
}

interface Selected {
  doc: DocumentRecord;
  annotators: (string | null)[];
}

/** Resolves the annotation set and the documents to export. */
function select(store: Store, args: ExportRunArgs, current: string | null): { items: Selected[]; annotator: string | null; all: boolean } {
  const known = store.listAnnotators();
  if (args.annotator !== undefined && !known.includes(args.annotator)) {
    throw new ServiceError('not-found', `no annotator ${JSON.stringify(args.annotator)} in this project`);
  }
  const infos = store.listDocuments();
  let docs = infos;
  const which = args.documents ?? 'all';
  if (Array.isArray(which)) {
    const byId = new Map(infos.map((d) => [d.id, d] as const));
    docs = which.map((id) => {
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
  const items: Selected[] = [];
  for (const info of docs) {
    const doc = store.getDocument(info.id);
    if (doc === null) continue;
    let annotators: (string | null)[];
    if (all) {
      const a = store.annotatorsOfDocument(doc.id);
      annotators = a.length === 0 ? [null] : a;
    } else {
      annotators = [annotator];
    }
    if (which === 'done') {
      annotators = annotators.filter((a) => a !== null && store.getDocumentMeta(doc.id, a).status === 'done');
      if (annotators.length === 0) continue;
    }
    items.push({ doc, annotators });
  }
  return { items, annotator, all };
}

function recordOf(store: Store, doc: DocumentRecord, annotator: string | null): NativeRecord {
  if (annotator === null) return toNativeRecord(doc, null, []);
  return toNativeRecord(doc, annotator, store.listMentions(doc.id, annotator), {
    events: store.listEvents(doc.id, annotator),
    relations: store.listRelations(doc.id, annotator),
    meta: store.getDocumentMeta(doc.id, annotator),
  });
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
  const scheme: TagScheme = args.scheme ?? 'bio';
  const granularity: Granularity = args.granularity ?? 'token';
  const { items, annotator, all } = select(store, args, current);
  const split = args.split === undefined ? null : parseSplit(args.split);
  const splitOf = split === null ? null : assignSplits(items.map((i) => i.doc.id), split, args.seed ?? 0);
  const splitNames = split === null ? [format === 'hf' ? 'train' : ''] : split.map(([n]) => n);
  const folder = format === 'brat' || format === 'hf' || split !== null;
  const out = args.out;
  const force = args.overwrite === true;
  const parent = dirname(out);
  const sidecar = format === 'jsonl' && !folder ? join(parent, `${basename(out, extname(out))}.schema.json`) : null;
  const state = checkExportTarget(out, { folder, project: store.path, force });
  if (sidecar !== null) checkExportTarget(sidecar, { folder: false, project: store.path, force });
  cleanStaleTemps(parent);
  const report: ExportRunReport = {
    format,
    out,
    files: [],
    documents: 0,
    records: 0,
    annotator: all ? null : annotator,
    splits: {},
    messages: [],
  };
  const conll: ConllReport = { extended: 0, dropped: 0, empty: 0 };
  const hf: HfReport = { extended: 0, dropped: 0, empty: 0, sentences: 0 };
  const spacy: SpacyReport = { misaligned: 0, examples: [], notInEnts: 0 };
  const sinks = new Map<string, AtomicFile>();
  /** conll: per split file, whether something was written, and whether it ended with a line end. */
  const conllOpen = new Map<string, 'eol' | 'no-eol'>();
  const ls: LabelStudioReport = { events: 0, arguments: 0, relationAttributes: 0, relationNotes: 0, documentMeta: 0 };
  const doccano = { events: 0, relations: 0, attributes: 0, notes: 0 };
  /** Label Studio: tasks written per split file (the file is one JSON list). */
  const lsTasks = new Map<string, number>();
  const hfCounts: Record<string, { documents: number; sentences: number }> = {};
  const labelNames = hfLabelNames(schema.entityTypes.map((t) => t.name), scheme);
  const labels = new Map(labelNames.map((n, i) => [n, i] as const));
  const usedNames = new Map<string, Set<string>>();
  const annotators = new Set<string>();
  const staged = folder ? new StagedFolder(out, state, force, format) : null;
  const tmp = staged?.tmp ?? '';
  let sidecarFile: AtomicFile | null = null;
  const bratNameMap = bratNames(schema);
  // What formats without a place for it lose (brat and the native JSONL keep all of it).
  const lossy = { covered: 0, normalizations: 0, eventLinks: 0 };
  const events: EventsReport = { eventLinksLeftOut: 0, covered: 0 };
  try {
    const sinkFor = (splitName: string): AtomicFile => {
      let s = sinks.get(splitName);
      if (s === undefined) {
        s = folder ? new AtomicFile(join(tmp, `${splitName}${EXT[format]}`), true) : new AtomicFile(out);
        sinks.set(splitName, s);
      }
      return s;
    };
    if (format !== 'brat') for (const n of splitNames) sinkFor(n);
    const bratDir = (splitName: string): string => {
      const d = splitName === '' ? tmp : join(tmp, splitName);
      if (!existsSync(d)) mkdirSync(d);
      return d;
    };
    let docNo = 0;
    const total = items.length;
    for (const item of items) {
      const splitName = splitOf === null ? (splitNames[0] as string) : (splitOf.get(item.doc.id) as string);
      report.splits[splitName || 'all'] = (report.splits[splitName || 'all'] ?? 0) + 1;
      report.documents++;
      const map = new OffsetMap(item.doc.text);
      for (const a of item.annotators) {
        if (a !== null) annotators.add(a);
        const rec = recordOf(store, item.doc, a);
        report.records++;
        if (format !== 'jsonl' && format !== 'brat') {
          lossy.covered += rec.entities.filter((e) => e.fragments !== undefined).length;
          lossy.normalizations += rec.entities.reduce((n, e) => n + (e.normalizations?.length ?? 0), 0);
        }
        switch (format) {
          case 'jsonl':
            sinkFor(splitName).write(`${stringifyNativeRecord(rec)}\n`);
            break;
          case 'brat': {
            const d = bratDir(splitName);
            const used = usedNames.get(d) ?? new Set<string>();
            usedNames.set(d, used);
            let name = safeFileName(rec.name);
            if (used.has(name.toLowerCase())) name = `${name}-${rec.id}`;
            used.add(name.toLowerCase());
            writeFileAtomic(join(d, `${name}.txt`), rec.text, true);
            writeFileAtomic(join(d, `${name}.ann`), writeBratAnn(rec, schema, map, bratNameMap), true);
            break;
          }
          case 'conll': {
            const sink = sinkFor(splitName);
            const stored = store.getDocumentLayout(item.doc.id);
            const open = conllOpen.get(splitName);
            let text: string;
            if (stored !== null && stored.format === 'conll') {
              // Imported from CoNLL: its own tokens, sentences, columns and tags.
              const layout = JSON.parse(stored.layout) as ConllLayout;
              text = writeConllWithLayout(item.doc.text, layout, rec.entities, conll);
              const starts = layout.lines.some((l) => typeof l === 'string' && l.trimStart().startsWith('-DOCSTART-'));
              if (open !== undefined && !starts) text = `-DOCSTART-\tqalam:${item.doc.id}\tO\n\n${text}`;
            } else {
              text = writeConllDocument(rec, { scheme, granularity }, conll);
            }
            if (open === 'no-eol') text = `\n${text}`;
            sink.write(text);
            conllOpen.set(splitName, text.endsWith('\n') ? 'eol' : 'no-eol');
            break;
          }
          case 'hf': {
            const before = hf.sentences;
            for (const l of writeHfLines(rec, labels, { scheme, granularity }, hf)) sinkFor(splitName).write(`${l}\n`);
            const c = (hfCounts[splitName] ??= { documents: 0, sentences: 0 });
            c.documents++;
            c.sentences += hf.sentences - before;
            break;
          }
          case 'spacy':
            sinkFor(splitName).write(`${writeSpacyLine(rec, spacy)}\n`);
            break;
          case 'events':
            sinkFor(splitName).write(`${writeEventsLine(rec, map, events)}\n`);
            break;
          case 'doccano':
          case 'doccano-relations': {
            // doccano's relations join entities: one with an event end has no place there
            const rel = format === 'doccano-relations';
            const kept = rec.relations.filter((r) => r.arg1_kind !== 'event' && r.arg2_kind !== 'event');
            if (rel) lossy.eventLinks += rec.relations.length - kept.length;
            sinkFor(splitName).write(`${writeDoccanoLine({ ...rec, relations: kept }, ++docNo, rel, args.offsets ?? 'utf16', map)}\n`);
            const d = doccanoDrops(rel ? { ...rec, relations: kept } : rec, rel);
            doccano.events += d.events ?? 0;
            doccano.relations += d.relations ?? 0;
            doccano.attributes += d.attributes ?? 0;
            doccano.notes += d.notes ?? 0;
            break;
          }
          case 'labelstudio': {
            // Label Studio's relations join regions: one with an event end has no place there
            const kept = rec.relations.filter((r) => r.arg1_kind !== 'event' && r.arg2_kind !== 'event');
            lossy.eventLinks += rec.relations.length - kept.length;
            const k = lsTasks.get(splitName) ?? 0;
            lsTasks.set(splitName, k + 1);
            sinkFor(splitName).write(`${k === 0 ? '[\n' : ',\n'}${writeLabelStudioTask({ ...rec, relations: kept }, ++docNo, ls, map)}`);
            break;
          }
        }
      }
      if (onProgress && (report.documents % 200 === 0 || report.documents === total)) onProgress(report.documents, total);
    }
    // Label Studio: each file is one JSON list, closed before anything is committed
    if (format === 'labelstudio') for (const [n, s] of sinks) s.write((lsTasks.get(n) ?? 0) === 0 ? '[]\n' : '\n]\n');
    if (staged !== null) {
      for (const s of sinks.values()) s.commit();
      sinks.clear();
      if (format === 'brat') writeFileAtomic(join(tmp, 'annotation.conf'), writeBratConf(schema), true);
      if (format === 'jsonl') writeFileAtomic(join(tmp, 'schema.json'), nativeSchemaSidecar(schema), true);
      if (format === 'hf') {
        for (const n of splitNames) hfCounts[n] ??= { documents: 0, sentences: 0 };
        const card = { name: basename(out, extname(out)), labelNames, splits: hfCounts, annotators: [...annotators].sort(), scheme, granularity, report: hf };
        writeFileAtomic(join(tmp, 'dataset_info.json'), hfDatasetInfo(card), true);
        writeFileAtomic(join(tmp, 'README.md'), hfReadme(card), true);
      }
      staged.commit();
    } else {
      if (sidecar !== null) {
        sidecarFile = new AtomicFile(sidecar);
        sidecarFile.write(nativeSchemaSidecar(schema));
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
  if (format === 'brat') {
    for (const [name, b] of bratNameMap) if (b !== name && b !== name.replace(/:/g, '-')) report.messages.push(`${name} written as ${b} in brat (another name is ${name.replace(/:/g, '-')}); annotation.conf records it`);
  }
  if (format === 'events') {
    lossy.eventLinks += events.eventLinksLeftOut;
    lossy.covered = events.covered;
  }
  if (lossy.covered > 0) report.messages.push(`${lossy.covered} discontinuous mentions written as their covering span (the text between their pieces included; brat and JSONL keep the pieces)`);
  if (lossy.normalizations > 0) report.messages.push(`${lossy.normalizations} normalisations not written (${format} has no place for them; brat and JSONL keep them)`);
  if (lossy.eventLinks > 0) report.messages.push(`${lossy.eventLinks} event arguments or relation ends that are events left out (${format} links entities only; brat and JSONL keep them)`);
  if (format === 'conll' || format === 'hf') {
    const r = format === 'conll' ? conll : hf;
    report.extended = r.extended;
    report.dropped = r.dropped;
    if (granularity === 'token') report.messages.push(`${r.extended} sub-word entities extended to whole tokens`);
    report.messages.push(`${r.dropped} nested or overlapping entities dropped (the outermost wins)`);
    if (r.empty > 0) report.messages.push(`${r.empty} entities without any token (white space only) left out`);
  }
  if (format === 'doccano' || format === 'doccano-relations') {
    report.messages.push(`offsets in ${args.offsets === 'codepoints' ? 'code points (Python string indices)' : "UTF-16 code units (as doccano's span editor counts)"}`);
    const parts = [
      doccano.events > 0 ? `${doccano.events} events` : '',
      doccano.relations > 0 ? `${doccano.relations} relations (use doccano-relations)` : '',
      doccano.attributes > 0 ? `${doccano.attributes} attributes` : '',
      doccano.notes > 0 ? `${doccano.notes} annotation notes` : '',
    ].filter((p) => p !== '');
    if (parts.length > 0) report.messages.push(`not in doccano's format, left out: ${parts.join(', ')}`);
  }
  if (format === 'labelstudio') {
    const parts = [
      ls.events > 0 ? `${ls.events} events (${ls.arguments} arguments)` : '',
      ls.relationAttributes > 0 ? `${ls.relationAttributes} relation attributes` : '',
      ls.relationNotes > 0 ? `${ls.relationNotes} relation notes` : '',
      ls.documentMeta > 0 ? `the status, flags or note of ${ls.documentMeta} documents` : '',
    ].filter((p) => p !== '');
    if (parts.length > 0) report.messages.push(`not in Label Studio's format, left out: ${parts.join(', ')}`);
    report.messages.push('offsets in code points, with each span\'s text; labelling config: <Labels name="label" toName="text">, <Text name="text" value="$text"/>, <Relations>; attributes are per-region <Choices>, notes a per-region <TextArea name="note">');
  }
  if (format === 'spacy') {
    report.misaligned = spacy.misaligned;
    report.messages.push(`${spacy.misaligned} entities would not align with spaCy's default tokenizer (approximated; use char_span(..., alignment_mode="expand"))`);
    for (const ex of spacy.examples.slice(0, 5)) report.messages.push(`  misaligned: ${ex}`);
    if (spacy.notInEnts > 0) report.messages.push(`${spacy.notInEnts} nested or overlapping entities only in "spans" (not in "ents")`);
  }
  return report;
}

export const exportDomain = domain((ctx) => ({
  'export.run': (a) => runExport(ctx.store, ctx.schema().schema, a, ctx.currentAnnotator(), ctx.progressFor('export')),
}));
