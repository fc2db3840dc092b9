/**
 * Git-friendly exchange: one native JSONL file per document and annotator,
 * `DIR/<annotator>/<document>.jsonl`, so a team shares a corpus through a git repository or a
 * shared folder and two annotators never touch the same file.
 *
 * Each file is one native record (annotations/formats/jsonl.ts) on one line, deterministic:
 * local ids (entities T1…, events E1…, relations R1… in record order, so the file does not depend
 * on the project's row ids), entities/events/relations sorted, object keys sorted (code-unit
 * order, recursively), LF and a trailing newline. Re-running the export on an unchanged project
 * rewrites nothing and gives byte-identical files.
 *
 * Import reads such files (or any native JSONL) back into the annotator's set. Documents are
 * matched by the SHA-256 of their text, not by name or file name: a record whose text is in the
 * project attaches to that document; a record whose name or id matches a project document with a
 * different text is refused; a record of a new text imports the document too. A record replaces
 * the annotator's annotations on that document, unless they are already the same (then nothing
 * changes: importing the same files twice changes nothing). All or nothing.
 *
 * Each file carries its set's revision (`"revision": {"n", "at"}`: the change counter and time of
 * store.setRevision). A record replaces a set the project has changed only when it is newer: a
 * higher revision, not older in time, or the very revision the project still has (the file was
 * edited since). Otherwise the project's set is kept and the report says so (`kept`), unless
 * `force`. A replacement is one undo step of that set; the file's revision becomes the set's.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { documentDirection, refuseLinkInFolder, sha256Hex } from './importer';
import { compareIds, parseNativeJsonl, stringifyNativeRecord, type NativeRecord } from '../../annotations/formats/jsonl';
import { nativeRecordOf } from './export/native';
import { isCoreError } from '../../annotations/errors';
import { decodeTextRaw } from '../../annotations/decode';
import { schemaGaps } from '../../annotations/names';
import { cpLength } from '../../annotations/text';
import type { DocumentInfo, DocumentRecord, Provenance } from '../../annotations/model';
import type { ExchangeImportReport, PerDocumentExportReport } from '../contract';
import type { Store } from '../store';
import { domain } from './context';
import { ServiceError } from './errors';
import { assertInside, checkExportTarget, cleanStaleTemps, fsMessage, markPerDocumentFolder, safeFileName, writeFileAtomic } from './safeWrite';
import { storeRecordAnnotations } from './records';
import { normaliseAnnotatorName } from './session';
import { logGroup, type LogItem } from './history';

// ---- export ------------------------------------------------------------------------------------

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** The record with local ids: entities T1…, events E1…, relations R1…, in record order. */
export function localiseIds(rec: NativeRecord): NativeRecord {
  return localise(rec).record;
}

/** localiseIds, and each local relation id's original id. */
function localise(rec: NativeRecord): { record: NativeRecord; relationIds: Map<string, string> } {
  const ent = new Map<string, string>();
  const entities = rec.entities.map((e, i) => {
    const id = `T${i + 1}`;
    ent.set(e.id, id);
    return { ...e, id };
  });
  const local = (id: string): string => ent.get(id) ?? id;
  const ev = new Map(rec.events.map((e, i) => [e.id, `E${i + 1}`] as const));
  const localEvent = (id: string): string => ev.get(id) ?? id;
  const events = rec.events.map((e, i) => ({
    ...e,
    id: `E${i + 1}`,
    arguments: e.arguments.map((a) => (a.event_id !== undefined ? { role: a.role, event_id: localEvent(a.event_id) } : { role: a.role, entity_id: local(a.entity_id) })),
  }));
  const relationIds = new Map<string, string>();
  const relations = rec.relations
    .map((r) => ({ ...r, arg1: r.arg1_kind === 'event' ? localEvent(r.arg1) : local(r.arg1), arg2: r.arg2_kind === 'event' ? localEvent(r.arg2) : local(r.arg2), old: r.id }))
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || compareIds(a.arg1, b.arg1) || compareIds(a.arg2, b.arg2) || compareIds(a.old, b.old))
    .map(({ old, ...r }, i) => {
      relationIds.set(`R${i + 1}`, old);
      return { ...r, id: `R${i + 1}` };
    });
  return { record: { ...rec, entities, events, relations }, relationIds };
}

/** Provenance as exchanged: the action and the source annotators (their row ids mean nothing elsewhere). */
interface ExchangedProvenance {
  action: Provenance['action'];
  annotators: string[];
}

/** A set's revision as exchanged: the change counter and the time of the last change (store.setRevision). */
interface ExchangedRevision {
  n: number;
  at: string;
}

function exchangedProvenance(p: Provenance | undefined): ExchangedProvenance | undefined {
  if (p === undefined) return undefined;
  return { action: p.action, annotators: [...new Set(p.sources.map((s) => s.annotator))].sort() };
}

/** The exchange record of (document, annotator) and its line (without the LF). */
export function exchangeRecord(store: Store, doc: DocumentRecord, annotator: string): { record: NativeRecord; line: string } {
  const { record: native, mentions, events, relations } = nativeRecordOf(store, doc, annotator);
  const { record, relationIds } = localise(native);
  const obj = JSON.parse(stringifyNativeRecord(record)) as {
    entities: Record<string, unknown>[];
    events: Record<string, unknown>[];
    relations: Record<string, unknown>[];
  };
  // gold provenance, as an extra key the native parser ignores
  const prov = <T extends { id: string; provenance?: Provenance }>(list: readonly T[], nativeIds: readonly string[], into: Record<string, unknown>[]): void => {
    const byId = new Map(list.map((x) => [x.id, x.provenance] as const));
    nativeIds.forEach((id, i) => {
      const p = exchangedProvenance(byId.get(id));
      if (p !== undefined && into[i] !== undefined) (into[i] as Record<string, unknown>).provenance = p;
    });
  };
  prov(mentions, native.entities.map((e) => e.id), obj.entities);
  prov(events, native.events.map((e) => e.id), obj.events);
  prov(relations, record.relations.map((r) => relationIds.get(r.id) ?? ''), obj.relations);
  // the set's revision, so an import can tell an older copy from a newer one
  const revision = store.setRevision(doc.id, annotator);
  if (revision !== null) (obj as Record<string, unknown>).revision = { n: revision.revision, at: revision.changedAt } satisfies ExchangedRevision;
  return { record, line: JSON.stringify(sortKeys(obj)) };
}

/** Version-control folders, never read by an exchange import (everything else is, hidden or not). */
const VCS_DIRS = new Set(['.git', '.hg', '.svn']);

/** Document id → file name (without .jsonl): the document's name, made unique (case-insensitively) with its id. */
export function documentFileNames(docs: readonly DocumentInfo[]): Map<string, string> {
  const base = docs.map((d) => safeFileName(d.name, d.id));
  const count = new Map<string, number>();
  for (const b of base) count.set(b.toLowerCase(), (count.get(b.toLowerCase()) ?? 0) + 1);
  return new Map(docs.map((d, i) => {
    const b = base[i] as string;
    return [d.id, (count.get(b.toLowerCase()) ?? 0) > 1 ? `${b}_${d.id}` : b] as const;
  }));
}

export interface PerDocumentExportOptions {
  /** Only this annotator's files (e.g. the gold set). */
  annotator?: string;
  /** Write into a folder no per-document export wrote (see safeWrite). */
  overwrite?: boolean;
}


/**
 * Writes `outDir/<annotator>/<document>.jsonl` for every document and annotator with annotations
 * (or a status, flags or note) there, as one snapshot of the project. A file whose content is
 * already right is left alone; the others are written atomically (safeWrite). `outDir` must be
 * new, empty, or a folder a per-document export wrote (its `.qalam-export` marker), or
 * `overwrite`; never the project's folder.
 */
export function exportPerDocument(store: Store, outDir: string, options: PerDocumentExportOptions = {}): PerDocumentExportReport {
  return store.readSnapshot(() => exportPerDocumentSnapshot(store, outDir, options));
}

function exportPerDocumentSnapshot(store: Store, outDir: string, options: PerDocumentExportOptions): PerDocumentExportReport {
  const only = options.annotator;
  if (only !== undefined && !store.listAnnotators().includes(only)) {
    throw new ServiceError('not-found', `no annotator ${JSON.stringify(only)} in this project`);
  }
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new ServiceError('invalid-argument', `${outDir} is a file; --per-document needs a folder`, { file: outDir });
  }
  checkExportTarget(outDir, { folder: true, project: store.path, force: options.overwrite === true });
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new ServiceError('internal', `cannot write ${fsMessage(outDir, e)}`, { file: outDir, cause: e });
  }
  markPerDocumentFolder(outDir);
  const infos = store.listDocuments();
  const names = documentFileNames(infos);
  const annotatorDirs = new Map<string, string>();
  const ready = new Set<string>();
  const report: PerDocumentExportReport = { files: [], written: 0 };
  for (const info of infos) {
    const doc = store.getDocument(info.id);
    if (doc === null) continue;
    for (const annotator of store.annotatorsOfDocument(doc.id)) {
      if (only !== undefined && annotator !== only) continue;
      let dirName = annotatorDirs.get(annotator);
      if (dirName === undefined) {
        dirName = safeFileName(annotator, 'annotator');
        const clash = [...annotatorDirs.entries()].find(([, d]) => d.toLowerCase() === (dirName as string).toLowerCase());
        if (clash !== undefined) {
          throw new ServiceError('conflict', `annotators ${JSON.stringify(clash[0])} and ${JSON.stringify(annotator)} would share the folder ${dirName}`);
        }
        annotatorDirs.set(annotator, dirName);
      }
      const rel = `${dirName}/${names.get(doc.id) as string}.jsonl`;
      const folder = join(outDir, dirName);
      const file = join(folder, `${names.get(doc.id) as string}.jsonl`);
      const content = `${exchangeRecord(store, doc, annotator).line}\n`;
      report.files.push(rel);
      if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
      if (!ready.has(folder)) {
        try {
          mkdirSync(folder, { recursive: true });
        } catch (e) {
          throw new ServiceError('internal', `cannot write ${fsMessage(folder, e)}`, { file: folder, cause: e });
        }
        assertInside(folder, outDir);
        cleanStaleTemps(folder);
        ready.add(folder);
      }
      writeFileAtomic(file, content);
      report.written++;
    }
  }
  return report;
}

// ---- import ------------------------------------------------------------------------------------

export interface ExchangeImportOptions {
  /** Import every record into this annotator's set (default: each record's own annotator). */
  annotator?: string;
  /** Replace sets even with a file that is not newer than the project's set (see `kept`). */
  force?: boolean;
}


function collectJsonl(paths: readonly string[]): { display: string; absolute: string }[] {
  const out: { display: string; absolute: string }[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new ServiceError('import-failed', `${p}: no such file or folder`, { file: p });
    if (statSync(abs).isDirectory()) {
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir).sort()) {
          const f = join(dir, name);
          refuseLinkInFolder(join(p, relative(abs, f)), f);
          if (statSync(f).isDirectory()) {
            if (!VCS_DIRS.has(name)) walk(f);
          } else if (name.toLowerCase().endsWith('.jsonl')) out.push({ display: join(p, relative(abs, f)), absolute: f });
        }
      };
      walk(abs);
    } else {
      out.push({ display: p, absolute: abs });
    }
  }
  return out;
}

/** The content of a record that import compares: everything but ids, name and lang. */
function contentKey(rec: NativeRecord): string {
  const l = localiseIds(rec);
  return JSON.stringify(sortKeys({ entities: l.entities, events: l.events, relations: l.relations, status: l.status, flags: l.flags ?? [], note: l.note ?? '' }));
}

interface Planned {
  file: string;
  record: NativeRecord;
  /** The file's revision of the set (null: a file without one, written before revisions or by hand). */
  revision: ExchangedRevision | null;
  provenance: { entities: (ExchangedProvenance | undefined)[]; events: (ExchangedProvenance | undefined)[]; relations: (ExchangedProvenance | undefined)[] };
  annotator: string;
  docId: string;
  newDoc: DocumentRecord | null;
}

function readRevision(line: string): ExchangedRevision | null {
  try {
    const v = (JSON.parse(line) as Record<string, unknown>).revision as Record<string, unknown> | undefined;
    if (v === undefined || v === null || typeof v !== 'object') return null;
    return Number.isSafeInteger(v.n) && (v.n as number) >= 1 && typeof v.at === 'string' ? { n: v.n as number, at: v.at } : null;
  } catch {
    return null;
  }
}

/**
 * Why the project's set must not be replaced by the file's, or null when the file is newer: the
 * project never changed the set, or the file's revision is higher and not older in time, or the
 * file has the project's very revision (the project has not changed since; the file was edited).
 */
function olderThanProject(project: { revision: number; changedAt: string } | null, file: ExchangedRevision | null): string | null {
  if (project === null) return null;
  if (file !== null) {
    if (file.n > project.revision && file.at >= project.changedAt) return null;
    if (file.n === project.revision && file.at === project.changedAt) return null;
  }
  const theirs = file === null ? 'the file has no revision (written before revisions or by hand)' : `the file has revision ${file.n} of ${file.at}`;
  return `the project's set is newer or changed since the file was written (the project has revision ${project.revision} of ${project.changedAt}; ${theirs})`;
}

function readProvenance(line: string): Planned['provenance'] {
  const empty = { entities: [], events: [], relations: [] };
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    const pick = (k: string): (ExchangedProvenance | undefined)[] =>
      Array.isArray(v[k])
        ? (v[k] as Record<string, unknown>[]).map((x) => {
            const p = x?.provenance as ExchangedProvenance | undefined;
            return p && typeof p.action === 'string' && Array.isArray(p.annotators) ? p : undefined;
          })
        : [];
    return { entities: pick('entities'), events: pick('events'), relations: pick('relations') };
  } catch {
    return empty;
  }
}

/** Reads exchange files (folders recursively, *.jsonl) into the project; see the module comment. */
export function importExchange(store: Store, paths: readonly string[], options: ExchangeImportOptions, now: () => string): ExchangeImportReport {
  const files = collectJsonl(paths);
  if (files.length === 0) throw new ServiceError('import-failed', `no .jsonl files in ${paths.join(', ')}`);
  const forced = options.annotator === undefined ? undefined : normaliseAnnotatorName(options.annotator);
  const schema = store.currentSchema()?.schema ?? null;
  // 1. parse and match everything before changing anything
  const planned: Planned[] = [];
  const newDocs = new Map<string, DocumentRecord>();
  const at = now();
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(f.absolute);
    } catch (e) {
      throw new ServiceError('import-failed', `${f.display}: ${(e as Error).message}`, { file: f.display });
    }
    let text: string;
    let records: NativeRecord[];
    try {
      text = decodeTextRaw(bytes, f.display); // strict: never a U+FFFD for a bad byte
      records = parseNativeJsonl(text, f.display);
    } catch (e) {
      if (isCoreError(e)) throw new ServiceError('import-failed', e.message, { file: f.display, ...(e.line === undefined ? {} : { line: e.line }) });
      throw e;
    }
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    records.forEach((rec, i) => {
      const where = `${f.display}:${i + 1}`;
      const gaps = schema === null ? [] : schemaGaps(rec, schema);
      if (gaps.length > 0) {
        throw new ServiceError('import-failed', `${where}: not in the project's schema: ${gaps.join(', ')}; add them to the schema first`, { file: f.display, line: i + 1 });
      }
      const who = forced ?? (rec.annotator === null ? null : normaliseAnnotatorName(rec.annotator));
      if (who === null) {
        throw new ServiceError('import-failed', `${where}: the record has no annotator; say whose annotations they are (--annotator NAME)`, { file: f.display, line: i + 1 });
      }
      const sha = sha256Hex(rec.text);
      let doc: DocumentInfo | null = store.findDocumentBySha256(sha);
      let newDoc: DocumentRecord | null = null;
      if (doc === null) {
        const sameName = store.listDocuments().find((d) => d.name === rec.name || d.id === rec.id);
        if (sameName !== undefined) {
          throw new ServiceError(
            'import-failed',
            `${where}: the text of document "${rec.name}" is not the text of the project's document ${sameName.id} (${sameName.name}): ` +
              `SHA-256 ${sha.slice(0, 16)}… ≠ ${sameName.sha256.slice(0, 16)}…; refusing to attach annotations to a different text`,
            { file: f.display, line: i + 1 },
          );
        }
        newDoc = newDocs.get(sha) ?? null;
        if (newDoc === null) {
          const id = sha.slice(0, 16);
          if (store.documentExists(id)) throw new ServiceError('import-failed', `${where}: document id ${id} is taken by a different text`, { file: f.display });
          newDoc = { id, name: rec.name, sourcePath: f.absolute, sha256: sha, text: rec.text, lang: rec.lang, dir: documentDirection(rec.text, rec.lang), length: cpLength(rec.text), importedAt: at };
          newDocs.set(sha, newDoc);
        }
        doc = newDoc;
      }
      const line = lines[i] ?? '';
      planned.push({ file: f.display, record: rec, revision: readRevision(line), provenance: readProvenance(line), annotator: who, docId: doc.id, newDoc });
    });
  }
  // the same (document, annotator) twice in one import is ambiguous
  const seen = new Map<string, string>();
  for (const p of planned) {
    const k = `${p.docId}\u0000${p.annotator}`;
    const other = seen.get(k);
    if (other !== undefined) {
      throw new ServiceError('import-failed', `${p.file}: ${p.annotator}'s annotations of document ${p.docId} are also in ${other}; import one of them`, { file: p.file });
    }
    seen.set(k, p.file);
  }
  // 2. apply, in one transaction
  const report: ExchangeImportReport = { documents: [], updated: [], unchanged: [], kept: [] };
  store.transaction(() => {
    const docs = [...newDocs.values()];
    if (docs.length > 0) {
      store.insertDocuments(docs.map((d) => ({ ...d })));
      report.documents = docs.map(({ text: _t, ...info }) => info);
    }
    for (const p of planned) {
      store.ensureAnnotator(p.annotator, at);
      const doc = store.getDocument(p.docId) as DocumentRecord;
      const current = exchangeRecord(store, doc, p.annotator).record;
      if (contentKey(current) === contentKey({ ...p.record, annotator: p.annotator })) {
        report.unchanged.push({ file: p.file, docId: p.docId, annotator: p.annotator });
        continue;
      }
      const projectRevision = store.setRevision(p.docId, p.annotator);
      const older = olderThanProject(projectRevision, p.revision);
      if (older !== null && options.force !== true) {
        report.kept.push({
          file: p.file,
          docId: p.docId,
          annotator: p.annotator,
          reason: `${p.file}: kept ${p.annotator}'s annotations of document ${p.docId} (${doc.name}): ${older}; give --force to replace them with the file's`,
        });
        continue;
      }
      replaceSet(store, p, at);
      // a newer file's revision becomes the set's, so exporting it again gives the same file
      if (older === null && p.revision !== null && p.revision.n > (projectRevision?.revision ?? 0)) {
        store.putSetRevision(p.docId, p.annotator, { revision: p.revision.n, changedAt: p.revision.at });
      }
      const rec = p.record;
      report.updated.push({ file: p.file, docId: p.docId, annotator: p.annotator, mentions: rec.entities.length, events: rec.events.length, relations: rec.relations.length });
    }
  });
  return report;
}

/**
 * Replaces (document, annotator)'s annotations, status, flags and note by the record's, as one
 * undo step: the deletes of what was there (relations, events, then mentions) and the creates.
 */
function replaceSet(store: Store, p: Planned, at: string): void {
  const items: LogItem[] = [];
  for (const r of store.listRelations(p.docId, p.annotator)) {
    store.deleteRelation(r.id);
    items.push({ target: 'relation', targetId: r.id, kind: 'delete', before: r, after: null });
  }
  const events = store.listEvents(p.docId, p.annotator);
  // arguments first (an argument may be another event of the set), then the events
  for (const e of events) {
    if (e.arguments.length === 0) continue;
    const after = store.updateEvent(e.id, { arguments: [], updatedAt: e.updatedAt });
    items.push({ target: 'event', targetId: e.id, kind: 'update', before: e, after });
  }
  for (const e of events) {
    const before = store.getEvent(e.id) ?? e;
    store.deleteEvent(e.id);
    items.push({ target: 'event', targetId: e.id, kind: 'delete', before, after: null });
  }
  // events of other annotators never point at these mentions (arguments are the event's annotator's)
  for (const m of store.listMentions(p.docId, p.annotator)) {
    store.deleteMention(m.id);
    items.push({ target: 'mention', targetId: m.id, kind: 'delete', before: m, after: null });
  }
  const rec = p.record;
  const prov = (x: ExchangedProvenance | undefined): Provenance | null =>
    x === undefined ? null : { action: x.action, sources: x.annotators.map((a) => ({ annotator: a, id: '' })), at };
  const evs = p.provenance.events;
  storeRecordAnnotations(store, rec, {
    docId: p.docId,
    annotator: p.annotator,
    at,
    items,
    provenance: (kind, i) => prov(kind === 'entities' ? p.provenance.entities[i] : kind === 'events' ? evs[i] : p.provenance.relations[i]),
    onEntityError: (id, err) => {
      const e = rec.entities.find((x) => x.id === id) as NativeRecord['entities'][number];
      throw new ServiceError('import-failed', `${p.file}: entity ${JSON.stringify(e.id)}: the same ${e.type} span [${e.start}, ${e.end}) appears twice`, {
        file: p.file,
        cause: err,
      });
    },
  });
  const isDefault = rec.status === 'not-started' && (rec.flags ?? []).length === 0 && (rec.note ?? '') === '';
  const before = store.getDocumentMeta(p.docId, p.annotator);
  const after = store.putDocumentMeta({ docId: p.docId, annotator: p.annotator, status: rec.status, flags: rec.flags ?? [], note: rec.note ?? '', updatedAt: isDefault ? null : at });
  if (JSON.stringify(before) !== JSON.stringify(after)) items.push({ target: 'document', targetId: p.docId, kind: 'update', before, after });
  logGroup(store, p.docId, p.annotator, items, at);
}

export const exchange = domain((ctx) => ({
  'exchange.export': (a) => exportPerDocument(ctx.store, a.out, { ...(a.annotator === undefined ? {} : { annotator: a.annotator }), ...(a.overwrite === true ? { overwrite: true } : {}) }),
  'exchange.import': (a) => importExchange(ctx.store, a.paths, { ...(a.annotator === undefined ? {} : { annotator: a.annotator }), ...(a.force === undefined ? {} : { force: a.force }) }, ctx.now),
}));
