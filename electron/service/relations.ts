/** Relations between mentions (or events): list, create, change type, delete. */
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { changed } from './documents';
import { requireArgumentTarget, requireOwn, requireRelationType } from './guards';
import { createLogged, deleteLogged, updateLogged } from './history';

function refuseDuplicateRelation(ctx: ServiceContext, docId: string, annotator: string, type: string, arg1: string, arg2: string, except?: string): void {
  const symmetric = ctx.schema().schema.relationTypes.find((t) => t.name === type)?.symmetric ?? false;
  const dup = ctx.store
    .listRelations(docId, annotator)
    .find((r) => r.id !== except && r.type === type && ((r.arg1 === arg1 && r.arg2 === arg2) || (symmetric && r.arg1 === arg2 && r.arg2 === arg1)));
  if (dup !== undefined) throw new ServiceError('conflict', `there is already a ${type} relation between mentions ${arg1} and ${arg2} (relation ${dup.id})`);
}

export const relations = domain((ctx) => ({
  'relations.list': (a) => ctx.store.listRelations(a.docId, ctx.setOf(a.docId, a.annotator)),
  'relations.create': (a) => {
    const annotator = ctx.requireAnnotator();
    const doc = ctx.requireDocument(a.docId);
    requireRelationType(ctx, a.type);
    requireArgumentTarget(ctx.store, a.arg1, doc.id, annotator);
    requireArgumentTarget(ctx.store, a.arg2, doc.id, annotator);
    if (a.arg1 === a.arg2) throw new ServiceError('invalid-argument', 'a relation needs two different mentions or events');
    refuseDuplicateRelation(ctx, doc.id, annotator, a.type, a.arg1, a.arg2);
    const r = createLogged(ctx, 'relation', annotator, { docId: doc.id, type: a.type, arg1: a.arg1, arg2: a.arg2 });
    return changed(ctx, doc.id, { relation: r.value, history: r.history });
  },
  'relations.update': (a) => {
    const { value: relation, annotator } = requireOwn(ctx, 'relation', a.id);
    requireRelationType(ctx, a.type);
    if (a.type !== relation.type) refuseDuplicateRelation(ctx, relation.docId, annotator, a.type, relation.arg1, relation.arg2, a.id);
    const r = updateLogged(ctx, 'relation', relation, annotator, { type: a.type });
    return changed(ctx, r.value.docId, { relation: r.value, history: r.history });
  },
  'relations.delete': (a) => {
    const { value: before, annotator } = requireOwn(ctx, 'relation', a.id);
    const { id, history } = deleteLogged(ctx, 'relation', before, annotator);
    return changed(ctx, before.docId, { id, history });
  },
}));
