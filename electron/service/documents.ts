/**
 * Documents: the list (with each annotator's progress, cached by the digest of their spans), one
 * document with its paragraphs, its annotations, plain-text import, and where a document stands
 * after a change (`changed`: its list row and its problems, added to every change's answer).
 */
import type { DocumentInfo, DocumentStatus } from '../../annotations/model';
import { splitParagraphs } from '../../annotations/direction';
import { wordCoverage } from '../../annotations/tokenize';
import { validateDocument, type ValidationProblem } from '../../annotations/validate';
import type { DocumentChange, DocumentSummary, ImportReport } from '../contract';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { collectImportFiles, prepareText, type PreparedText } from './importer';

/** How document progress is computed (annotations/tokenize wordCoverage); bump when that changes. */
const PROGRESS_STAMP = 'words-1';

export function listDocuments(ctx: ServiceContext, ids?: readonly string[]): DocumentSummary[] {
  const store = ctx.store;
  const annotator = ctx.currentAnnotator();
  const statuses = annotator === null ? new Map<string, DocumentStatus>() : store.documentStatuses(annotator, ids);
  const eventCounts = annotator === null ? new Map<string, number>() : store.eventCountsByDocument(annotator, ids);
  // Progress needs a document's text and spans, which are costly to read for a big corpus, so
  // it is recomputed only for documents whose mentions changed since the last call.
  const digests = annotator === null ? new Map<string, string>() : store.mentionSpanDigests(annotator, ids);
  if (annotator !== null && !ctx.progressLoaded.has(annotator)) {
    ctx.progressLoaded.add(annotator);
    for (const [docId, p] of store.storedProgress(annotator)) ctx.progressCache.set(`${annotator}\u0000${docId}`, p);
  }
  const computed: { docId: string; digest: string; progress: number }[] = [];
  const list = store.listDocuments(ids).map((info) => {
    const digest = digests.get(info.id);
    let progress = 0;
    let mentionCount = 0;
    if (annotator !== null && digest !== undefined) {
      mentionCount = Number(digest.slice(0, digest.indexOf(':')));
      const key = `${annotator}\u0000${info.id}`;
      const cached = ctx.progressCache.get(key);
      // The digest of the spans, stamped with how progress is computed (a stored figure from an
      // older computation is redone).
      const stamp = `${PROGRESS_STAMP}|${digest}`;
      if (cached && cached.digest === stamp) {
        progress = cached.progress;
      } else {
        // Not through recentDocument: a corpus-wide pass must not push out the documents in use.
        const doc = ctx.cachedDocument(info.id) ?? store.getDocument(info.id);
        progress = doc === null ? 0 : wordCoverage(doc.text, store.mentionSpans(info.id, annotator));
        ctx.progressCache.set(key, { digest: stamp, progress });
        computed.push({ docId: info.id, digest: stamp, progress });
      }
    }
    return { ...info, mentionCount, progress, eventCount: eventCounts.get(info.id) ?? 0, status: statuses.get(info.id) ?? 'not-started' };
  });
  if (annotator !== null && computed.length > 0) {
    try {
      store.storeProgress(annotator, computed);
    } catch {
      // Only a cache (a busy or read-only file): the list is right without it.
    }
  }
  return list;
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
  const summary = listDocuments(ctx, [docId])[0];
  if (summary === undefined) throw new ServiceError('not-found', `no document ${docId}`);
  return { ...value, document: { summary, problems: problems(ctx, docId) } };
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
  for (const p of prepared) {
    const existing = store.findDocumentBySha256(p.sha256);
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
    if (store.documentExists(p.id)) {
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
    return { ...doc, paragraphs: splitParagraphs(doc.text, doc.dir) };
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
