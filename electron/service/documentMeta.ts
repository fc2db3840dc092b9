/** One annotator's status, flags and note on a document (logged for undo), and its validation. */
import type { DocumentMeta } from '../../annotations/model';
import { BAD_NAME_CHAR } from '../../annotations/names';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { changed, problems } from './documents';
import { logItems } from './history';

const MAX_FLAG_LENGTH = 64;

/** Flags trimmed, without empties and duplicates, in order; refuses control characters and very long flags. */
function normaliseFlags(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of raw.map((x) => x.trim())) {
    if (f === '' || out.includes(f)) continue;
    if (BAD_NAME_CHAR.test(f)) throw new ServiceError('invalid-argument', `flag ${JSON.stringify(f)} contains a control character`);
    if ([...f].length > MAX_FLAG_LENGTH) throw new ServiceError('invalid-argument', `flag ${JSON.stringify(f)} is longer than ${MAX_FLAG_LENGTH} characters`);
    out.push(f);
  }
  return out;
}

function changeMeta(ctx: ServiceContext, docId: string, change: Partial<Pick<DocumentMeta, 'status' | 'flags' | 'note'>>) {
  ctx.requireDocument(docId);
  const annotator = ctx.requireAnnotator();
  const before = ctx.store.getDocumentMeta(docId, annotator);
  const next = { ...before, ...change };
  let meta = before;
  if (next.status !== before.status || next.note !== before.note || JSON.stringify(next.flags) !== JSON.stringify(before.flags)) {
    meta = ctx.store.transaction(() => {
      const after = ctx.store.putDocumentMeta({ ...next, updatedAt: ctx.now() });
      logItems(ctx, docId, annotator, [{ target: 'document', targetId: docId, kind: 'update', before, after }]);
      return after;
    });
  }
  return changed(ctx, docId, { meta, history: ctx.store.historyState(docId, annotator) });
}

export const documentMeta = domain((ctx) => ({
  'documents.meta': (a) => ctx.store.getDocumentMeta(a.docId, ctx.setOf(a.docId, a.annotator)),
  'documents.setStatus': (a) => changeMeta(ctx, a.docId, { status: a.status }),
  'documents.setFlags': (a) => changeMeta(ctx, a.docId, { flags: normaliseFlags(a.flags) }),
  'documents.setNote': (a) => changeMeta(ctx, a.docId, { note: a.note }),
  'documents.validate': (a) => {
    const found = problems(ctx, a.docId, a.annotator);
    // The window asks this once a document is shown: the word coverage its first change answers
    // with is read ahead, not during that change.
    const who = ctx.currentAnnotator();
    if (a.annotator === undefined && who !== null) ctx.liveCoverage.warmSoon(a.docId, who, () => ctx.requireDocument(a.docId).text);
    return found;
  },
}));
