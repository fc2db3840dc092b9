/**
 * The corpus overview: the document list's pages (filtered and sorted by the store, migration
 * 010), the flags in use, and the dashboard (progress per annotator and status, mentions per
 * type, the sets with validation problems). Progress and problem counts are caches keyed by each
 * set's stamp (and the schema version): what a sort, filter or the dashboard needs is brought up
 * to date first, computing only the sets that changed since.
 */
import type { DocumentStatus } from '../../annotations/model';
import { validateDocument } from '../../annotations/validate';
import type { AnnotatorProgress, Args, CorpusDashboard, DocumentPage, DocumentRow } from '../contract';
import { domain, type ServiceContext } from './context';
import { keepChecks, listDocuments, refreshProgress } from './documents';

/** Rows per page when the window does not say. */
export const PAGE_SIZE = 200;
/** Rows of the first page session.boot answers (the window's page size, renderer/src/state/documentPages.ts). */
export const BOOT_PAGE = 100;

/** The validation problems of one annotator's set on a document, without touching the recent-documents cache. */
function countProblems(ctx: ServiceContext, docId: string, annotator: string, schema: ReturnType<ServiceContext['schema']>['schema']): number {
  const doc = ctx.cachedDocument(docId) ?? ctx.store.getDocument(docId);
  if (doc === null) return 0;
  const plain = schema.entityTypes.filter((t) => !t.abstract).map((t) => t.name);
  const store = ctx.store;
  return validateDocument(schema, store.mentionsToValidate(docId, annotator, plain), store.listEvents(docId, annotator), store.listRelations(docId, annotator), doc.text).length;
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
  // The page's rows: each row's problem count is made current (only this page's stale ones are checked).
  if (annotator !== null) refreshChecks(ctx, annotator, found.ids);
  const problems = annotator === null ? new Map<string, number>() : store.overview.checks(annotator, schemaVersion, found.ids);
  const changes = store.overview.lastChanges(found.ids);
  const byId = new Map(listDocuments(ctx, found.ids).map((d) => [d.id, d]));
  const rows: DocumentRow[] = [];
  for (const id of found.ids) {
    const d = byId.get(id);
    if (d !== undefined) rows.push({ ...d, problems: problems.get(id) ?? 0, changedAt: changes.get(id) ?? d.importedAt });
  }
  return { offset, total: found.total, all: found.all, own: annotator === null ? 0 : store.overview.annotated(annotator), rows };
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
  'documents.flags': () => {
    const annotator = ctx.currentAnnotator();
    return annotator === null ? [] : ctx.store.overview.flags(annotator);
  },
  'corpus.dashboard': () => dashboard(ctx),
}));
