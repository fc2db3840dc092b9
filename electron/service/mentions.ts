/** Entity mentions: list, create, change type, delete (with what uses them: history.ts deleteLogged). */
import { MENTION_PAGE_SIZE, MentionPacker, mentionExtras } from '../../annotations/mentionPages';
import { checkSpan } from '../../annotations/spans';
import { textPageSpan } from '../../annotations/textPages';
import { domain } from './context';
import { ServiceError } from './errors';
import { changed } from './documents';
import { requireEntityType, requireOwn, refuseDuplicateMention } from './guards';
import { createLogged, deleteLogged, updateLogged } from './history';

export const mentions = domain((ctx) => ({
  'mentions.list': (a) => ctx.store.listMentions(a.docId, ctx.setOf(a.docId, a.annotator)),
  'mentions.page': (a) => {
    const annotator = ctx.setOf(a.docId, a.annotator);
    const store = ctx.store;
    return store.readSnapshot(() => {
      const total = store.mentions.count(a.docId, annotator);
      const rev = store.log.revision(a.docId, annotator);
      const packer = new MentionPacker({ docId: a.docId, revision: `${rev?.revision ?? 0}:${rev?.changedAt ?? ''}:${total}`, total });
      if (a.textPage !== undefined) {
        // By position: the mentions starting in text pages [textPage, textPage + textPages).
        const { layout } = ctx.documentLayout(ctx.requireDocument(a.docId));
        const pages = layout.pageStarts.length - 1;
        if (a.textPage >= pages) throw new ServiceError('not-found', `document ${a.docId} has no text page ${a.textPage} (it has ${pages})`);
        const from = textPageSpan(layout, a.textPage).start;
        const to = textPageSpan(layout, Math.min(pages, a.textPage + (a.textPages ?? 1)) - 1).end;
        for (const [id, type, start, end, origin, createdAt, updatedAt, more] of store.mentions.positionRows(a.docId, annotator, from, to)) {
          const full = more === 0 ? undefined : store.mentions.get(String(id));
          packer.addRow(id, type, start, end, annotator, origin, createdAt, updatedAt, full ? mentionExtras(full) : null);
        }
        return packer.finish(false);
      }
      const limit = a.limit ?? MENTION_PAGE_SIZE;
      // `page` k: the one after k × limit mentions, so a reader who knows the total asks for every page at once.
      const after = a.page !== undefined ? store.mentions.idBefore(a.docId, annotator, a.page * limit) : a.after === undefined ? 0 : Number(a.after);
      if (after === null) return packer.finish(false);
      // One more than asked: whether a page follows.
      const rows = store.mentions.pageRows(a.docId, annotator, after, limit + 1);
      for (let i = 0; i < rows.length && i < limit; i++) {
        const [id, type, start, end, origin, createdAt, updatedAt, more] = rows[i]!;
        const full = more === 0 ? undefined : store.mentions.get(String(id));
        packer.addRow(id, type, start, end, annotator, origin, createdAt, updatedAt, full ? mentionExtras(full) : null);
      }
      return packer.finish(rows.length > limit);
    });
  },
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
