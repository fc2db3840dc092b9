/**
 * The corpus overview: the document list's pages (filtered and sorted by the store, migration
 * 010), the flags in use, and the dashboard (progress per annotator and status, mentions per
 * type, the sets with validation problems). Progress and problem counts are caches keyed by each
 * set's stamp (and the schema version): what a sort, filter or the dashboard needs is brought up
 * to date first, computing only the sets that changed since.
 */
import type { DocumentStatus, Span } from '../../annotations/model';
import { validateDocument } from '../../annotations/validate';
import type { AnnotatorProgress, Args, CorpusDashboard, DocumentFigures, DocumentPage, DocumentRow } from '../contract';
import { domain, type ServiceContext } from './context';
import { computeProgress, keepChecks, keepProgress, listDocuments, refreshProgress } from './documents';

/** Rows per page when the window does not say. */
export const PAGE_SIZE = 200;
/** Rows of the first page session.boot answers (the window's page size, renderer/src/state/documentPages.ts). */
export const BOOT_PAGE = 100;

/**
 * The number of validation problems of one annotator's set on a document. Only the number is
 * kept, so the document's text is not read (validateDocument's text only quotes the annotated
 * words in its messages; the problems are the same without it). `set`: what the caller knows of
 * the set — its events and relations counted (none: not read), its mentions' types when read.
 */
function countProblems(
  ctx: ServiceContext,
  docId: string,
  annotator: string,
  schema: ReturnType<ServiceContext['schema']>['schema'],
  set?: { events: number; relations: number; types?: readonly string[] },
): number {
  const plain = schema.entityTypes.filter((t) => !t.abstract).map((t) => t.name);
  const store = ctx.store;
  const events = set?.events === 0 ? [] : store.listEvents(docId, annotator);
  const relations = set?.relations === 0 ? [] : store.listRelations(docId, annotator);
  return validateDocument(schema, store.mentionsToValidate(docId, annotator, plain, set), events, relations).length;
}

/** Brings one annotator's stored problem counts up to date (all their sets, or the sets of `ids`). */
function refreshChecks(ctx: ServiceContext, annotator: string, ids?: readonly string[]): void {
  const { version, schema } = ctx.schema();
  const stale = ctx.store.overview.staleChecks(annotator, version, ids);
  for (let i = 0; i < stale.length; i += 500) {
    keepChecks(
      ctx,
      annotator,
      version,
      stale.slice(i, i + 500).map((s) => ({ docId: s.docId, stamp: s.stamp, problems: countProblems(ctx, s.docId, annotator, schema) })),
    );
  }
}

/**
 * Which figures of these rows are out of date (sets another program wrote around the store, a
 * schema changed since): read from the sets' stamps, no text read.
 */
function staleFigures(ctx: ServiceContext, annotator: string, ids: readonly string[]): { progress: Set<string>; problems: Set<string> } {
  const store = ctx.store;
  const problems = new Set(ids.length === 0 ? [] : store.overview.staleChecks(annotator, ctx.schema().version, ids).map((s) => s.docId));
  const progress = new Set<string>();
  if (ids.length === 0) return { progress, problems };
  const counts = store.overview.counts(annotator, ids);
  const stored = store.storedProgress(annotator, ids);
  for (const docId of ids) {
    const c = counts.get(docId);
    if (c !== undefined && c.mentions > 0 && stored.get(docId)?.stamp !== c.stamp) progress.add(docId);
  }
  return { progress, problems };
}

/**
 * The out-of-date figures of these rows (documents.figures), computed together and kept, so that
 * each set is read once: its mentions' types and spans in one walk of a covering index, its text
 * once and only for progress (a problem count needs none), its events and relations only when it
 * has some. Current figures are not read again. Answers what it computed (the row shows them even
 * where they could not be kept: a read-only file).
 */
function refreshPageFigures(ctx: ServiceContext, annotator: string, ids: readonly string[]): { progress: Map<string, { stamp: number; progress: number }>; problems: Map<string, number> } {
  const progress = new Map<string, { stamp: number; progress: number }>();
  const problems = new Map<string, number>();
  if (ids.length === 0) return { progress, problems };
  const store = ctx.store;
  const { version, schema } = ctx.schema();
  const checksStale = new Set(store.overview.staleChecks(annotator, version, ids).map((s) => s.docId));
  const counts = store.overview.counts(annotator, ids);
  const stored = store.storedProgress(annotator, ids);
  const keptChecks: { docId: string; stamp: number; problems: number }[] = [];
  for (const docId of ids) {
    const c = counts.get(docId);
    if (c === undefined) continue;
    const progressStale = c.mentions > 0 && stored.get(docId)?.stamp !== c.stamp;
    if (!progressStale && !checksStale.has(docId)) continue;
    let types: string[] | undefined;
    if (progressStale) {
      const rows = store.mentionTypedSpansByType(docId, annotator);
      const spans: Span[] = new Array<Span>(rows.length);
      types = [];
      for (let i = 0; i < rows.length; i++) {
        const [type, start, end] = rows[i]!;
        if (type !== types[types.length - 1]) types.push(type);
        spans[i] = { start, end };
      }
      progress.set(docId, { stamp: c.stamp, progress: computeProgress(ctx, docId, annotator, false, spans) });
    }
    if (checksStale.has(docId)) {
      const n = countProblems(ctx, docId, annotator, schema, { events: c.events, relations: c.relations, ...(types !== undefined ? { types } : {}) });
      problems.set(docId, n);
      keptChecks.push({ docId, stamp: c.stamp, problems: n });
    }
  }
  keepProgress(ctx, annotator, [...progress].map(([docId, p]) => ({ docId, ...p })));
  keepChecks(ctx, annotator, version, keptChecks);
  return { progress, problems };
}

/**
 * One page of the list. Its rows come at once: a figure that is out of date (and that the sort or
 * filter did not need: sorting by progress, filtering by problems bring every set's up to date
 * first) is not computed but marked pending, its value 0 not a figure; the window asks for it
 * next (documents.figures). No text is read unless the sort or filter needs it.
 */
export function documentPage(ctx: ServiceContext, a: Args<'documents.page'>): DocumentPage {
  const store = ctx.store;
  const annotator = ctx.currentAnnotator();
  const filter = a.filter ?? {};
  const sort = a.sort ?? { key: 'order' };
  const offset = a.offset ?? 0;
  const limit = a.limit ?? PAGE_SIZE;
  const schemaVersion = ctx.schema().version;
  if (annotator !== null) {
    if (sort.key === 'progress') refreshProgress(ctx, annotator);
    if (filter.problems !== undefined) refreshChecks(ctx, annotator);
  }
  const found = store.overview.page({
    annotator,
    ...(filter.name !== undefined ? { name: filter.name } : {}),
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    ...(filter.lang !== undefined ? { lang: filter.lang } : {}),
    ...(filter.annotator !== undefined ? { by: filter.annotator } : {}),
    ...(filter.flags !== undefined ? { flags: filter.flags } : {}),
    ...(filter.problems !== undefined ? { problems: filter.problems } : {}),
    sort: sort.key,
    desc: sort.desc === true,
    schemaVersion,
    offset,
    limit,
  });
  const stale = annotator === null ? null : staleFigures(ctx, annotator, found.ids);
  const problems = annotator === null ? new Map<string, number>() : store.overview.checks(annotator, schemaVersion, found.ids);
  const changes = store.overview.lastChanges(found.ids);
  const byId = new Map(listDocuments(ctx, found.ids, false, undefined, stale?.progress).map((d) => [d.id, d]));
  const rows: DocumentRow[] = [];
  for (const id of found.ids) {
    const d = byId.get(id);
    if (d === undefined) continue;
    const pending: ('progress' | 'problems')[] = [];
    if (stale?.progress.has(id) === true) pending.push('progress');
    if (stale?.problems.has(id) === true) pending.push('problems');
    rows.push({ ...d, problems: problems.get(id) ?? 0, changedAt: changes.get(id) ?? d.importedAt, ...(pending.length > 0 ? { pending } : {}) });
  }
  return { offset, total: found.total, all: found.all, own: annotator === null ? 0 : store.overview.annotated(annotator), rows };
}

/** The figures of documents (documents.figures): out-of-date ones computed and kept (each set read once), current ones read. */
export function documentFigures(ctx: ServiceContext, ids: readonly string[]): DocumentFigures[] {
  const annotator = ctx.currentAnnotator();
  const fresh = annotator === null ? null : refreshPageFigures(ctx, annotator, ids);
  const problems = annotator === null ? new Map<string, number>() : ctx.store.overview.checks(annotator, ctx.schema().version, ids);
  return listDocuments(ctx, ids, false, fresh?.progress).map((d) => ({ id: d.id, progress: d.progress, problems: fresh?.problems.get(d.id) ?? problems.get(d.id) ?? 0 }));
}

export function dashboard(ctx: ServiceContext): CorpusDashboard {
  const store = ctx.store;
  const documents = store.documentStats().documents;
  const totals = new Map(store.overview.setTotals().map((t) => [t.annotator, t]));
  const statusRows = store.overview.statusCounts();
  const names = [...new Set([...[...totals.values()].filter((t) => t.documents > 0).map((t) => t.annotator), ...statusRows.map((r) => r.annotator)])].sort();
  const version = ctx.schema().version;
  const annotators: AnnotatorProgress[] = names.map((annotator) => {
    refreshProgress(ctx, annotator);
    refreshChecks(ctx, annotator);
    const t = totals.get(annotator);
    const statuses: Record<DocumentStatus, number> = { 'not-started': 0, 'in-progress': 0, done: 0 };
    for (const r of statusRows) if (r.annotator === annotator) statuses[r.status] += r.n;
    statuses['not-started'] = documents - statuses['in-progress'] - statuses.done;
    return {
      annotator,
      annotated: t?.documents ?? 0,
      statuses,
      mentions: t?.mentions ?? 0,
      events: t?.events ?? 0,
      relations: t?.relations ?? 0,
      progress: documents === 0 ? 0 : store.overview.progressSum(annotator) / documents,
    };
  });
  const statuses: Record<DocumentStatus, number> = { 'not-started': 0, 'in-progress': 0, done: 0 };
  for (const a of annotators) for (const s of ['not-started', 'in-progress', 'done'] as const) statuses[s] += a.statuses[s];
  const types = new Map<string, { type: string; total: number; byAnnotator: Record<string, number> }>();
  for (const r of store.overview.mentionTypes()) {
    let e = types.get(r.type);
    if (e === undefined) types.set(r.type, (e = { type: r.type, total: 0, byAnnotator: {} }));
    e.total += r.n;
    e.byAnnotator[r.annotator] = r.n;
  }
  const mentionTypes = [...types.values()].sort((x, y) => y.total - x.total || (x.type < y.type ? -1 : x.type > y.type ? 1 : 0));
  return { documents, annotators, statuses, mentionTypes, problems: store.overview.problemSets(version) };
}

export const overview = domain((ctx) => ({
  'documents.page': (a) => documentPage(ctx, a),
  'documents.figures': (a) => documentFigures(ctx, a.ids),
  'documents.flags': () => {
    const annotator = ctx.currentAnnotator();
    return annotator === null ? [] : ctx.store.overview.flags(annotator);
  },
  'corpus.dashboard': () => dashboard(ctx),
}));
