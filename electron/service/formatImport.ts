/**
 * Import of annotated corpora (native JSONL, brat, CoNLL, doccano, Label Studio, Prodigy, spaCy)
 * and of plain text in legacy encodings. Everything is read, decoded and checked first; then one transaction
 * extends the schema, stores new documents and the annotations. A failure stores nothing.
 * The annotations one record adds to (document, annotator) are one undo step of that set.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { AttributeValues, Schema } from '../../annotations/model';
import { normalizeNewlines } from '../../annotations/decode';
import { detectLang } from '../../annotations/direction';
import { cpLength } from '../../annotations/text';
import { annotatorNameProblem } from '../../annotations/names';
import { parseNativeJsonl, type NativeRecord } from '../../annotations/formats/jsonl';
import { parseBratAnn } from '../../annotations/formats/bratRead';
import { bratConfNames, bratNames, parseBratConf, toBratName } from '../../annotations/formats/bratconf';
import { readConll } from '../../annotations/formats/conll';
import { layoutFits, type ConllLayout } from '../../annotations/formats/conllLayout';
import { parseDoccano } from '../../annotations/formats/doccano';
import { parseLabelStudio } from '../../annotations/formats/labelstudio';
import { parseSpanJsonl } from '../../annotations/formats/prodigy';
import { decodeWithEncoding, encodingName, type TextEncoding } from '../../annotations/formats/encoding';
import { importFormat } from '../../annotations/formats/catalogue';
import { ImportLedger, strictRefusal, type ImportKind } from '../../annotations/formats/report';
import type { ImportFormat, ImportRunArgs, ImportRunReport } from '../contract';
import type { Store } from '../store';
import { domain } from './context';
import { ServiceError } from './errors';
import { documentDirection, refuseLinkInFolder, sha256Hex } from './importer';
import { storeRecordAnnotations } from './records';
import { extendSchema, whereOf } from './importSchema';
import { logGroup, type LogItem } from './history';


interface ParsedDoc {
  file: string;
  sourcePath: string | null;
  record: NativeRecord;
  /** The record's line in `file`, where a line means one (jsonl). */
  line?: number;
  /** CoNLL: how the document was written, stored with it for export. */
  layout?: ConllLayout;
  /** CoNLL: the document id written in Qalam's own export (`-DOCSTART- qalam:<id>`). */
  claimedId?: string | null;
}


/** A file to import, and the folder (or the file's own folder) the user chose it by. */
interface FoundFile {
  display: string;
  absolute: string;
  root: string;
}

function filesOf(format: ImportFormat, paths: readonly string[]): FoundFile[] {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  const ok = (p: string): boolean => importFormat(format).reads.includes(extname(p).toLowerCase());
  const walk = (display: string, abs: string, root: string): void => {
    for (const entry of readdirSync(abs).sort()) {
      const d = join(display, entry);
      const a = join(abs, entry);
      refuseLinkInFolder(d, a);
      const st = statSync(a);
      if (st.isDirectory()) walk(d, a, root);
      else if (st.isFile() && ok(entry) && !seen.has(a)) {
        seen.add(a);
        out.push({ display: d, absolute: a, root });
      }
    }
  };
  for (const given of paths) {
    const abs = resolve(given);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new ServiceError('import-failed', `${given}: no such file or folder`, { file: given });
    }
    if (st.isDirectory()) walk(given, abs, abs);
    else if (!seen.has(abs)) {
      if (format === 'brat' && extname(abs).toLowerCase() !== '.ann') {
        throw new ServiceError('import-failed', `${given}: not a .ann file (give the .ann files or their folder)`, { file: given });
      }
      seen.add(abs);
      out.push({ display: given, absolute: abs, root: dirname(abs) });
    }
  }
  if (out.length === 0) throw new ServiceError('import-failed', `nothing to import: no ${importFormat(format).reads.join('/')} files in ${paths.join(', ')}`, { file: paths[0] });
  return out;
}

function readBytes(display: string, absolute: string): Uint8Array {
  try {
    return readFileSync(absolute);
  } catch (e) {
    throw new ServiceError('import-failed', `${display}: cannot read: ${(e as Error).message}`, { file: display });
  }
}

/**
 * annotation.conf in the folder of `ann` or one of its ancestors (as brat looks it up), but never
 * above `root`, the folder the user chose (or the .ann's own folder when they chose the file).
 */
function findConf(annAbs: string, root: string): string | null {
  let d = dirname(annAbs);
  for (;;) {
    const c = join(d, 'annotation.conf');
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // not here
    }
    const up = dirname(d);
    if (d === root || up === d || !d.startsWith(root)) return null;
    d = up;
  }
}

/** Reads and parses every file. Throws before anything is stored. */
function parseAll(args: ImportRunArgs, schema: Schema, warnings: string[], ledger: ImportLedger): { docs: ParsedDoc[]; conf: Schema | null } {
  let encoding: TextEncoding | undefined;
  if (args.encoding !== undefined) {
    const e = encodingName(args.encoding);
    if (e === null) throw new ServiceError('invalid-argument', `unknown encoding ${JSON.stringify(args.encoding)} (known: utf-8, windows-1255, windows-1256, iso-8859-8)`);
    encoding = e;
  }
  const decode = (display: string, absolute: string): string => decodeWithEncoding(readBytes(display, absolute), display, encoding).text;
  const docs: ParsedDoc[] = [];
  let conf: Schema | null = null;
  const files = filesOf(args.format, args.paths);
  for (const f of files) {
    const stem = basename(f.absolute, extname(f.absolute));
    switch (args.format) {
      case 'txt': {
        const text = normalizeNewlines(decode(f.display, f.absolute));
        docs.push({ file: f.display, sourcePath: f.absolute, record: { id: '', name: stem, text, lang: detectLang(text), annotator: null, entities: [], events: [], relations: [], status: 'not-started' } });
        break;
      }
      case 'jsonl': {
        const text = decode(f.display, f.absolute);
        // the parser reads every line that is not blank: record k is the k-th of those
        const lineNos: number[] = [];
        text.split('\n').forEach((l, i) => {
          if ((i === 0 ? l.replace(/^\uFEFF/, '') : l).trim() !== '') lineNos.push(i + 1);
        });
        parseNativeJsonl(text, f.display).forEach((r, k) => {
          const line = lineNos[k];
          docs.push({ file: f.display, sourcePath: null, record: r, ...(line === undefined ? {} : { line }) });
        });
        break;
      }
      case 'conll':
        for (const d of readConll(decode(f.display, f.absolute), f.display, stem, args.tagColumns === undefined ? {} : { tagColumns: args.tagColumns }, ledger)) {
          docs.push({ file: f.display, sourcePath: null, record: d.record, layout: d.layout, claimedId: d.claimedId });
        }
        break;
      case 'doccano':
        for (const r of parseDoccano(decode(f.display, f.absolute), f.display, stem, { ledger, offsets: args.offsets ?? 'utf16' })) docs.push({ file: f.display, sourcePath: null, record: r });
        break;
      case 'labelstudio':
        for (const r of parseLabelStudio(decode(f.display, f.absolute), f.display, stem, { ledger, warnings })) docs.push({ file: f.display, sourcePath: null, record: r });
        break;
      case 'prodigy':
      case 'spacy':
        for (const r of parseSpanJsonl(decode(f.display, f.absolute), f.display, stem, args.format, { ledger, warnings })) docs.push({ file: f.display, sourcePath: null, record: r });
        break;
      case 'brat': {
        // brat names are mapped onto the project's types first (`Movement-Transport` is the
        // project's `Movement:Transport`, as Qalam's brat export writes it), then the file's own
        // `# qalam:` lines, then the rest of annotation.conf's types.
        const confPath = findConf(f.absolute, f.root);
        const names = new Map<string, string>();
        for (const [q, b] of bratNames(schema)) names.set(b, q);
        let known: Schema = schema;
        if (confPath !== null) {
          const confText = decode(confPath, confPath);
          const parsed = parseBratConf(confText, confPath, { names: Object.fromEntries(names) });
          conf ??= parsed;
          known = parsed;
          for (const [b, q] of bratConfNames(confText)) names.set(b, q);
        }
        for (const t of [...known.entityTypes, ...known.eventTypes, ...known.relationTypes, ...known.attributes]) {
          if (!names.has(toBratName(t.name))) names.set(toBratName(t.name), t.name);
        }
        const txtPath = join(dirname(f.absolute), `${stem}.txt`);
        const txtDisplay = join(dirname(f.display), `${stem}.txt`);
        let raw: string;
        try {
          raw = decode(txtDisplay, txtPath);
        } catch (e) {
          if (e instanceof ServiceError && /cannot read/.test(e.message)) {
            throw new ServiceError('import-failed', `${f.display}: no ${stem}.txt beside it (brat keeps the text in a .txt of the same name)`, { file: f.display });
          }
          throw e;
        }
        const text = normalizeNewlines(raw);
        // An empty .ann is legal in brat (a document without annotations).
        const annBytes = readBytes(f.display, f.absolute);
        const ann = annBytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) ? '' : decodeWithEncoding(annBytes, f.display, encoding).text;
        const parsed = parseBratAnn(raw, text, ann, f.display, { names, schema: known });
        warnings.push(...parsed.warnings);
        ledger.read('normalizations', parsed.normalizationsRead);
        for (const l of parsed.losses) ledger.lose({ file: f.display, line: l.line, kind: l.kind, what: l.what });
        docs.push({
          file: f.display,
          sourcePath: txtPath,
          record: { id: '', name: stem, text, lang: detectLang(text), annotator: null, entities: parsed.entities, events: parsed.events, relations: parsed.relations, status: 'not-started' },
        });
        break;
      }
    }
  }
  return { docs, conf };
}

/**
 * `rec` moved onto `text`: its tokens (white-space separated runs of the rebuilt text) found in
 * order in `text` with only white space and invisible controls between them; entity offsets moved
 * with their tokens. Null when the tokens are not `text`'s.
 */
function realign(rec: NativeRecord, text: string): NativeRecord | null {
  const src = [...rec.text];
  const dst = [...text];
  const skippable = (c: string): boolean => /^[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]$/u.test(c);
  // Map every code point of the rebuilt text that is not a separator to its place in `text`.
  const to = new Int32Array(src.length + 1).fill(-1);
  let j = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === ' ' || c === '\n') continue;
    while (j < dst.length && dst[j] !== c && skippable(dst[j] as string)) j++;
    if (j >= dst.length || dst[j] !== c) return null;
    to[i] = j++;
  }
  while (j < dst.length && skippable(dst[j] as string)) j++;
  if (j !== dst.length) return null;
  const startOf = (s: number): number | null => {
    for (let i = s; i < src.length; i++) if ((to[i] as number) >= 0) return to[i] as number;
    return null;
  };
  const endOf = (e: number): number | null => {
    for (let i = e - 1; i >= 0; i--) if ((to[i] as number) >= 0) return (to[i] as number) + 1;
    return null;
  };
  const entities = [];
  for (const e of rec.entities) {
    const s = startOf(e.start);
    const en = endOf(e.end);
    if (s === null || en === null || en <= s) return null;
    entities.push({ ...e, start: s, end: en, text: dst.slice(s, en).join('') });
  }
  return { ...rec, text, entities };
}

/** Attributes and a note of one annotation, as counted by the ledger. */
function extrasOf(a: { attributes?: AttributeValues; note?: string }): { attributes: number; notes: number } {
  return { attributes: Object.keys(a.attributes ?? {}).length, notes: a.note ? 1 : 0 };
}

function keptExtras(ledger: ImportLedger, a: { attributes?: AttributeValues; note?: string }): void {
  const x = extrasOf(a);
  ledger.kept('attributes', x.attributes);
  ledger.kept('notes', x.notes);
}

/** For each kind the parsers did not count themselves: what the parsed records hold. */
function countRead(ledger: ImportLedger, docs: readonly ParsedDoc[]): void {
  const n: Record<ImportKind, number> = { entities: 0, events: 0, arguments: 0, relations: 0, attributes: 0, notes: 0, normalizations: 0 };
  for (const { record: r } of docs) {
    n.entities += r.entities.length;
    n.events += r.events.length;
    n.relations += r.relations.length;
    if (r.note) n.notes++;
    for (const a of [...r.entities, ...r.events, ...r.relations]) {
      const x = extrasOf(a);
      n.attributes += x.attributes;
      n.notes += x.notes;
    }
    for (const ev of r.events) n.arguments += ev.arguments.length;
    for (const e of r.entities) n.normalizations += e.normalizations?.length ?? 0;
  }
  for (const k of Object.keys(n) as ImportKind[]) if (!ledger.counted.has(k)) ledger.read(k, n[k]);
}

export interface ImportContext {
  store: Store;
  schema: Schema;
  now: () => string;
  currentAnnotator: string | null;
  onProgress?: (done: number, total: number) => void;
}

export function runImport(ctx: ImportContext, args: ImportRunArgs): ImportRunReport {
  const { store } = ctx;
  if (args.annotator !== undefined) {
    const problem = annotatorNameProblem(args.annotator);
    if (problem !== null) throw new ServiceError('invalid-argument', `--annotator: ${problem}`);
    args = { ...args, annotator: args.annotator.trim() };
  }
  const warnings: string[] = [];
  const ledger = new ImportLedger();
  const { docs, conf } = parseAll(args, ctx.schema, warnings, ledger);
  countRead(ledger, docs);
  const refusal = args.strict === true ? strictRefusal(ledger.losses) : null;
  if (refusal !== null) throw new ServiceError('import-failed', refusal, { file: ledger.losses[0]?.file });
  const { schema: next, added } = extendSchema(ctx.schema, conf, docs);
  if (added.length > 0 && args.addTypes === false) {
    throw new ServiceError('conflict', `the import would add to the schema: ${added.join(', ')}; confirm to add them`);
  }
  const report: ImportRunReport = {
    format: args.format,
    imported: [],
    skipped: [],
    matched: [],
    mentions: 0,
    events: 0,
    relations: 0,
    duplicates: 0,
    schemaAdded: added,
    warnings,
    counts: ledger.counts,
    losses: ledger.losses,
  };
  const at = ctx.now();
  store.transaction(() => {
    if (added.length > 0) store.addSchema(next, at);
    // The annotator becomes the current one with the import, not before it (all or nothing).
    if (args.makeCurrent === true && args.annotator !== undefined) {
      store.ensureAnnotator(args.annotator, at);
      store.setSetting('current_annotator', args.annotator);
    }
    const inBatch = new Map<string, string>();
    docs.forEach((d, i) => {
      let rec = d.record;
      const sha = sha256Hex(rec.text);
      let docId: string;
      let existing = store.findDocumentBySha256(sha);
      // Qalam's own CoNLL export names its document: attach to it when the tokens are its text's.
      if (existing === null && d.claimedId) {
        const claimed = store.getDocument(d.claimedId);
        const moved = claimed === null ? null : realign(rec, claimed.text);
        if (claimed !== null && moved !== null) {
          rec = moved;
          existing = claimed;
        } else if (claimed !== null) {
          warnings.push(`${d.file}: names document ${d.claimedId} (${claimed.name}) but its tokens are not that document's text; imported as a new document`);
        }
      }
      const hasAnnotations = rec.entities.length + rec.events.length + rec.relations.length > 0 || rec.status !== 'not-started' || (rec.flags?.length ?? 0) > 0 || !!rec.note;
      if (existing !== null) {
        docId = existing.id;
        if (hasAnnotations) report.matched.push({ file: d.file, docId, name: existing.name });
        else report.skipped.push({ file: d.file, reason: `same text as document ${existing.id} (${existing.name}), already in the project`, existingId: existing.id });
      } else if (inBatch.has(sha)) {
        docId = inBatch.get(sha) as string;
        if (!hasAnnotations) report.skipped.push({ file: d.file, reason: `same text as an earlier file in this import`, existingId: docId });
      } else {
        docId = sha.slice(0, 16);
        if (rec.text === '') {
          const w = whereOf(d);
          throw new ServiceError('import-failed', `${w.at}: document "${rec.name}" has an empty text; a document needs at least one character`, w.where);
        }
        if (store.documentExists(docId)) throw new ServiceError('import-failed', `${d.file}: document id ${docId} is taken by a different text (SHA-256 prefix collision)`, { file: d.file });
        const lang = detectLang(rec.text);
        const info = { id: docId, name: rec.name, sourcePath: d.sourcePath, sha256: sha, lang, dir: documentDirection(rec.text, lang), length: cpLength(rec.text), importedAt: at };
        store.insertDocuments([{ ...info, text: rec.text }]);
        report.imported.push(info);
        inBatch.set(sha, docId);
      }
      if (d.layout !== undefined && rec === d.record && layoutFits(d.layout, rec.text)) store.putDocumentLayout(docId, 'conll', JSON.stringify(d.layout));
      if (hasAnnotations) {
        const annotator = args.annotator ?? rec.annotator ?? ctx.currentAnnotator;
        if (annotator === null) {
          throw new ServiceError('no-annotator', `${d.file}: the annotations have no annotator: give one with --annotator NAME`, { file: d.file });
        }
        store.ensureAnnotator(annotator, at);
        // Entities already in the set, or repeated in the record: storeRecordAnnotations reuses the
        // mention there, which keeps its own attributes and note (reported below).
        const duplicates = new Set<string>();
        const seen = new Set<string>();
        for (const e of rec.entities) {
          const key = JSON.stringify([e.type, e.start, e.end, e.fragments ?? null]);
          if (seen.has(key) || store.findDuplicateMention({ docId, annotator, type: e.type, start: e.start, end: e.end, ...(e.fragments ? { fragments: e.fragments } : {}) }) !== null) duplicates.add(e.id);
          seen.add(key);
        }
        // what this record adds is one undo step of (document, annotator)
        const items: LogItem[] = [];
        const c = storeRecordAnnotations(store, rec, {
          docId,
          annotator,
          at,
          items,
          reuseDuplicates: true,
          onSameEnds: (r) => {
            const w = whereOf(d);
            const why = r.arg1 === r.arg2 ? `from ${r.arg1} to itself` : `between ${r.arg1} and ${r.arg2}, which are the same mention (same type and span)`;
            throw new ServiceError('import-failed', `${w.at}: relation ${r.id} (${r.type}) goes ${why}; a relation needs two different mentions`, w.where);
          },
        });
        report.mentions += c.mentions;
        report.duplicates += c.duplicates;
        report.events += c.events;
        report.relations += c.relations;
        for (const e of rec.entities) {
          ledger.kept('entities');
          ledger.kept('normalizations', e.normalizations?.length ?? 0);
          if (duplicates.has(e.id)) {
            // The mention already there keeps its own attributes and note.
            const x = extrasOf(e);
            const what = `not kept: the same entity is already in ${annotator}'s set, which keeps its own`;
            if (x.attributes > 0) ledger.lose({ file: d.file, kind: 'attributes', count: x.attributes, what });
            if (x.notes > 0) ledger.lose({ file: d.file, kind: 'notes', count: x.notes, what });
            continue;
          }
          keptExtras(ledger, e);
        }
        for (const ev of rec.events) {
          ledger.kept('events');
          ledger.kept('arguments', ev.arguments.length);
          keptExtras(ledger, ev);
        }
        for (const r of rec.relations) {
          ledger.kept('relations');
          keptExtras(ledger, r);
        }
        if (rec.status !== 'not-started' || (rec.flags?.length ?? 0) > 0 || rec.note) {
          const before = store.getDocumentMeta(docId, annotator);
          const after = store.putDocumentMeta({ docId, annotator, status: rec.status, flags: rec.flags ?? [], note: rec.note ?? '', updatedAt: at });
          items.push({ target: 'document', targetId: docId, kind: 'update', before, after });
          if (rec.note) ledger.kept('notes');
        }
        logGroup(store, docId, annotator, items, at);
      }
      if (ctx.onProgress && ((i + 1) % 200 === 0 || i + 1 === docs.length)) ctx.onProgress(i + 1, docs.length);
    });
    // A loss found while storing (a duplicate's attributes) refuses a strict import too: thrown
    // inside the transaction, nothing is kept.
    const late = args.strict === true ? strictRefusal(ledger.losses) : null;
    if (late !== null) throw new ServiceError('import-failed', late, { file: ledger.losses[0]?.file });
  });
  return report;
}

export const importDomain = domain((ctx) => ({
  'import.run': (a) => runImport({ store: ctx.store, schema: ctx.schema().schema, now: ctx.now, currentAnnotator: ctx.currentAnnotator(), onProgress: ctx.progressFor('import') }, a),
}));
