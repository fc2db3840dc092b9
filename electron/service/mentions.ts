/** Entity mentions: list, create, change type, delete (with what uses them: history.ts deleteLogged). */
import { checkSpan } from '../../annotations/spans';
import { domain } from './context';
import { changed } from './documents';
import { requireEntityType, requireOwn, refuseDuplicateMention } from './guards';
import { createLogged, deleteLogged, updateLogged } from './history';

export const mentions = domain((ctx) => ({
  'mentions.list': (a) => ctx.store.listMentions(a.docId, ctx.setOf(a.docId, a.annotator)),
  'mentions.create': (a) => {
    const annotator = ctx.requireAnnotator();
    const doc = ctx.requireDocument(a.docId);
    requireEntityType(ctx, a.type);
    const span = checkSpan(doc.text, { start: a.start, end: a.end });
    const key = { docId: doc.id, annotator, type: a.type, start: span.start, end: span.end };
    refuseDuplicateMention(ctx.store, key);
    const r = createLogged(ctx, 'mention', annotator, { docId: key.docId, type: key.type, start: key.start, end: key.end });
    return changed(ctx, doc.id, { mention: r.value, history: r.history });
  },
  'mentions.update': (a) => {
    const { value: before, annotator } = requireOwn(ctx, 'mention', a.id);
    requireEntityType(ctx, a.type);
    if (a.type !== before.type) refuseDuplicateMention(ctx.store, { ...before, type: a.type });
    const r = updateLogged(ctx, 'mention', before, annotator, { type: a.type });
    return changed(ctx, r.value.docId, { mention: r.value, history: r.history });
  },
  'mentions.delete': (a) => {
    const { value: before, annotator } = requireOwn(ctx, 'mention', a.id);
    return changed(ctx, before.docId, deleteLogged(ctx, 'mention', before, annotator));
  },
}));
