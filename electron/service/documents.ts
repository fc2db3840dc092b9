/**
 * Documents: the list (with each annotator's progress, cached by the stamp of their set), one
 * document with its paragraphs, its annotations, plain-text import, and where a document stands
 * after a change (`changed`: its list row and its problems, added to every change's answer).
 */
import { textPage } from '../../annotations/textPages';
import type { DocumentInfo, DocumentStatus, Span } from '../../annotations/model';
import { wordCoverage } from '../../annotations/tokenize';
import { validateDocument, type ValidationProblem } from '../../annotations/validate';
import type { DocumentChange, DocumentSummary, ImportReport } from '../contract';
import type { SetCounts } from '../store';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { collectImportFiles, prepareText, type PreparedText } from './importer';

/**
 * Progress is the word coverage of a set (annotations/tokenize wordCoverage), kept in the set's
 * `set_counts` row with the stamp it was computed at (migration 014): current while the set's
 * stamp is that one. When the way it is computed changes, a migration sets every `progress_stamp`
 * to NULL.
 *
 * When figures are computed: every set a write transaction wrote, inside that transaction before
 * it commits (`keepProgressInTransaction`, the store's beforeCommit: an import, undo, a set
 * deleted, the CLI's writes as the app's), so that another connection never finds a set written
 * through this code without its figure; except a set kept by the live coverage (a document being
 * labelled), whose figure the change's answer computes at once from the spans written (`changed`,
 * liveCoverage.ts), or at the end of the call (`keepWrittenProgress`). Sets written around this
 * code (another program writing SQL) are computed in the background while the app is open
 * (`refreshSomeProgress`), and whatever is left when a sort or the dashboard needs it
 * (`refreshProgress`). `progressComputed` counts the figures computed from a whole set, and their time.
 */

/**
 * The word coverage of one annotator's mentions on a document, computed now; `live`: a document
 * being changed, whose coverage is kept up to date from the spans written (liveCoverage.ts);
 * `spans`: the set's spans, when the caller read them already (in any order).
 */
export function computeProgress(ctx: ServiceContext, docId: string, annotator: string, live = false, spans?: readonly Span[]): number {
  if (live) return ctx.liveCoverage.coverage(docId, annotator, ctx.requireDocument(docId).text);
  const t = performance.now();
  try {
    // Not through recentDocument: a corpus-wide pass must not push out the documents in use.
    const doc = ctx.cachedDocument(docId) ?? ctx.store.getDocument(docId);
    return doc === null ? 0 : wordCoverage(doc.text, spans ?? ctx.store.mentionSpans(docId, annotator));
  } finally {
    ctx.progressComputed.sets++;
    ctx.progressComputed.ms += performance.now() - t;
  }
}

/** Keep figures (only a cache: a busy or read-only file leaves them to be computed again). */
export function keepProgress(ctx: ServiceContext, annotator: string, rows: { docId: string; stamp: number; progress: number }[]): void {
  if (rows.length === 0) return;
  try {
    ctx.store.storeProgress(annotator, rows);
  } catch {
    // The answers are right without it.
  }
}

/** Figures of sets (any annotators'), kept per annotator. */
function computeAndKeep(ctx: ServiceContext, sets: readonly { docId: string; annotator: string; stamp: number }[]): void {
  const byAnnotator = new Map<string, { docId: string; stamp: number; progress: number }[]>();
  for (const s of sets) {
    let rows = byAnnotator.get(s.annotator);
    if (rows === undefined) byAnnotator.set(s.annotator, (rows = []));
    rows.push({ docId: s.docId, stamp: s.stamp, progress: computeProgress(ctx, s.docId, s.annotator) });
  }
  for (const [annotator, rows] of byAnnotator) keepProgress(ctx, annotator, rows);
}

/**
 * The list's rows (`live`: of documents being changed, see computeProgress; their rows in the
 * order of `ids`, from the documents read for the change, see documentInfos). `fresh`: figures
 * the caller has just computed (documents.figures, overview.ts), taken as they are. `later`:
 * documents whose out-of-date progress is left out (0, not computed: the page marks it pending).
 */
export function listDocuments(
  ctx: ServiceContext,
  ids?: readonly string[],
  live = false,
  fresh?: ReadonlyMap<string, { stamp: number; progress: number }>,
  later?: ReadonlySet<string>,
): DocumentSummary[] {
  const store = ctx.store;
  const annotator = ctx.currentAnnotator();
  const statuses = annotator === null ? new Map<string, DocumentStatus>() : store.documentStatuses(annotator, ids);
  const counts = annotator === null ? new Map<string, SetCounts>() : store.overview.counts(annotator, ids);
  // Progress needs a document's text and spans, which are costly to read for a big corpus, so it
  // is recomputed only for documents whose set changed since it was stored.
  const stored = annotator === null ? new Map<string, { stamp: number; progress: number }>() : store.storedProgress(annotator, ids);
  const computed: { docId: string; stamp: number; progress: number }[] = [];
  const list = (live && ids !== undefined ? documentInfos(ctx, ids) : store.listDocuments(ids)).map((info) => {
    const c = counts.get(info.id);
    let progress = 0;
    if (annotator !== null && c !== undefined && c.mentions > 0) {
      const kept = fresh?.get(info.id) ?? stored.get(info.id);
      if (kept !== undefined && kept.stamp === c.stamp) {
        progress = kept.progress;
      } else if (!later?.has(info.id)) {
        progress = computeProgress(ctx, info.id, annotator, live);
        computed.push({ docId: info.id, stamp: c.stamp, progress });
      }
    }
    return { ...info, mentionCount: c?.mentions ?? 0, progress, eventCount: c?.events ?? 0, status: statuses.get(info.id) ?? 'not-started' };
  });
  if (annotator !== null) keepProgress(ctx, annotator, computed);
  return list;
}

/**
 * The rows of documents being changed, from the documents the change read (ctx.requireDocument,
 * kept among the recent ones; a document's row never changes once imported), not from the
 * documents table: there the columns after `text` (lang, dir, length_cp, imported_at) lie past
 * the text's overflow pages, which SQLite follows one by one to reach them — 8.6 ms of the
 * service's CPU per label at 20 MB (4,900 pages of 4 KB), against 0.01 ms at 1 MB.
 */
function documentInfos(ctx: ServiceContext, ids: readonly string[]): DocumentInfo[] {
  return ids.map((id) => {
    const d = ctx.requireDocument(id);
    return { id: d.id, name: d.name, sourcePath: d.sourcePath, sha256: d.sha256, lang: d.lang, dir: d.dir, length: d.length, importedAt: d.importedAt };
  });
}

/** Brings one annotator's stored progress up to date for every document they annotated (sorting by progress reads it in SQL). */
export function refreshProgress(ctx: ServiceContext, annotator: string): void {
  const stale = ctx.store.overview.staleProgress(annotator);
  for (let i = 0; i < stale.length; i += 500) {
    keepProgress(
      ctx,
      annotator,
      stale.slice(i, i + 500).map((s) => ({ docId: s.docId, stamp: s.stamp, progress: computeProgress(ctx, s.docId, annotator) })),
    );
  }
}

/**
 * After a call: the figures of the sets this process wrote during it (an import's, undo's, a
 * deleted set's) computed and kept, so a sort by progress finds them current. A change's own set
 * was kept by `changed` already.
 */
export function keepWrittenProgress(ctx: ServiceContext): void {
  const overview = ctx.store.overview;
  try {
    if (!overview.wroteSets()) return;
    const stale = overview.writtenStaleSets();
    for (let i = 0; i < stale.length; i += 500) computeAndKeep(ctx, stale.slice(i, i + 500));
    overview.clearWrittenSets();
  } catch {
    // Only a cache (a read-only file, a busy one): a sort computes what is left.
  }
}

/**
 * Inside a write transaction, before it commits (the store's beforeCommit): the figures of the
 * sets it wrote, except those the live coverage keeps (`changed` computes them from the spans
 * written, after the commit). A throw leaves them to the end of the call, or to a sort.
 */
export function keepProgressInTransaction(ctx: ServiceContext): void {
  const overview = ctx.store.overview;
  if (!overview.wroteSets()) return;
  const stale = overview.writtenStaleSets().filter((s) => !ctx.liveCoverage.keeps(s.docId, s.annotator));
  for (let i = 0; i < stale.length; i += 500) computeAndKeep(ctx, stale.slice(i, i + 500));
}

/** Computes up to `limit` out-of-date figures of any annotator (another process's writes); how many were out of date. */
export function refreshSomeProgress(ctx: ServiceContext, limit: number): number {
  const stale = ctx.store.overview.staleProgressSets(limit);
  computeAndKeep(ctx, stale);
  return stale.length;
}

/** The problems of one annotator's annotations on a document against the schema (documents.validate). */
export function problems(ctx: ServiceContext, docId: string, annotator?: string): ValidationProblem[] {
  const doc = ctx.requireDocument(docId);
  const who = annotator ?? ctx.requireAnnotator();
  const schema = ctx.schema().schema;
  const plain = schema.entityTypes.filter((t) => !t.abstract).map((t) => t.name);
  return validateDocument(schema, ctx.store.mentionsToValidate(docId, who, plain), ctx.store.listEvents(docId, who), ctx.store.listRelations(docId, who), doc.text);
}

/** The answer of a change with where its document is now (the list row and the problems), for the current annotator. */
export function changed<T extends object>(ctx: ServiceContext, docId: string, value: T): T & { document: DocumentChange } {
  const summary = listDocuments(ctx, [docId], true)[0];
  if (summary === undefined) throw new ServiceError('not-found', `no document ${docId}`);
  const found = problems(ctx, docId);
  const annotator = ctx.currentAnnotator();
  if (annotator !== null) {
    // The list's "has problems" reads this count (a cache keyed by the set's stamp and the schema).
    const stamp = ctx.store.overview.counts(annotator, [docId]).get(docId)?.stamp;
    if (stamp !== undefined) keepChecks(ctx, annotator, ctx.schema().version, [{ docId, stamp, problems: found.length }]);
    // A set the live coverage no longer kept had its figure computed whole before the commit: kept
    // again after this answer, the next change costs only its spans.
    ctx.liveCoverage.warmSoon(docId, annotator, () => ctx.requireDocument(docId).text);
  }
  return { ...value, document: { summary, problems: found } };
}

/** Keep problem counts (only a cache, like progress). */
export function keepChecks(ctx: ServiceContext, annotator: string, schemaVersion: number, rows: { docId: string; stamp: number; problems: number }[]): void {
  try {
    ctx.store.overview.putChecks(annotator, schemaVersion, rows);
  } catch {
    // Computed again when asked.
  }
}

/** Every document with its number of mentions by all annotators, in import order (the CLI's `list`). */
export function documentTotals(ctx: ServiceContext): (DocumentInfo & { mentions: number })[] {
  const counts = ctx.store.mentionCountsByDocument();
  return ctx.store.listDocuments().map((d) => ({ ...d, mentions: counts.get(d.id) ?? 0 }));
}

function importPaths(ctx: ServiceContext, paths: string[]): ImportReport {
  const store = ctx.store;
  // 1. Find, read, decode and check everything; any failure throws before anything is stored.
  const files = collectImportFiles(paths);
  const prepared: PreparedText[] = files.map(prepareText);

  // 2. Decide what is new; a text already in the project, or twice in this import, is skipped.
  const report: ImportReport = { imported: [], skipped: [] };
  const fresh: PreparedText[] = [];
  const inBatch = new Map<string, PreparedText>();
  // Into an empty project (the first import of a corpus: 100,000 files) nothing can be there already.
  const empty = store.documents.count() === 0;
  for (const p of prepared) {
    const existing = empty ? null : store.findDocumentBySha256(p.sha256);
    if (existing !== null) {
      report.skipped.push({
        file: p.file.display,
        reason: `same text as document ${existing.id} (${existing.name}), already in the project`,
        existingId: existing.id,
      });
      continue;
    }
    const twin = inBatch.get(p.sha256);
    if (twin !== undefined) {
      report.skipped.push({ file: p.file.display, reason: `same text as ${twin.file.display} in this import`, existingId: twin.id });
      continue;
    }
    if (!empty && store.documentExists(p.id)) {
      throw new ServiceError('import-failed', `${p.file.display}: document id ${p.id} is taken by a different text (SHA-256 prefix collision)`, {
        file: p.file.display,
      });
    }
    inBatch.set(p.sha256, p);
    fresh.push(p);
  }

  // 3. Store all new documents in one transaction.
  const importedAt = ctx.now();
  const docs = fresh.map((p) => ({
    id: p.id,
    name: p.name,
    sourcePath: p.file.absolute,
    sha256: p.sha256,
    text: p.text,
    lang: p.lang,
    dir: p.dir,
    length: p.length,
    importedAt,
  }));
  store.insertDocuments(docs);
  report.imported = docs.map(({ text: _text, ...info }) => info);
  return report;
}

export const documents = domain((ctx) => ({
  'documents.list': (a) => listDocuments(ctx, a.ids),
  'documents.get': (a) => {
    const doc = ctx.requireDocument(a.id);
    return { ...doc, paragraphs: ctx.documentLayout(doc).paragraphs };
  },
  // The window's open (issue 15): the document without its text, its layout in text pages and
  // the first page; then documents.textPage for each other page.
  'documents.open': (a) => {
    const doc = ctx.requireDocument(a.id);
    const { text, ...info } = doc;
    const { layout, offsets } = ctx.documentLayout(doc);
    return { info, layout, first: textPage(layout, offsets, text, 0) };
  },
  'documents.textPage': (a) => {
    const doc = ctx.requireDocument(a.id);
    const { layout, offsets } = ctx.documentLayout(doc);
    return textPage(layout, offsets, doc.text, a.page);
  },
  'documents.importPaths': (a) => importPaths(ctx, a.paths),
  'annotations.list': (a) => {
    const who = ctx.setOf(a.docId, a.annotator);
    return {
      mentions: a.mentions !== false ? ctx.store.listMentions(a.docId, who) : [],
      events: ctx.store.listEvents(a.docId, who),
      relations: ctx.store.listRelations(a.docId, who),
      meta: ctx.store.getDocumentMeta(a.docId, who),
    };
  },
}));
