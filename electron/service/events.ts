/** Events: list, create with first arguments, change type, set and remove arguments, delete. */
import { cardinalityBounds } from '../../annotations/schema';
import { checkSpan } from '../../annotations/spans';
import type { EventArgument, EventMention } from '../../annotations/model';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { changed } from './documents';
import { requireArgumentTarget, requireEventType, requireOwn, requireRole } from './guards';
import { createLogged, deleteLogged, updateLogged } from './history';

/** An event change's answer, with where its document is now. */
function eventChanged(ctx: ServiceContext, r: { value: EventMention; history: ReturnType<ServiceContext['store']['historyState']> }) {
  return changed(ctx, r.value.docId, { event: r.value, history: r.history });
}

function setArgument(ctx: ServiceContext, id: string, role: string, mentionId: string, replace: boolean | undefined) {
  const { value: event, annotator } = requireOwn(ctx, 'event', id);
  const type = requireEventType(ctx, event.type);
  const r = requireRole(type, role);
  requireArgumentTarget(ctx.store, mentionId, event.docId, annotator, event.id);
  if (event.arguments.some((x) => x.role === role && x.mentionId === mentionId)) {
    return { value: event, history: ctx.store.historyState(event.docId, annotator) };
  }
  const single = (cardinalityBounds(r.cardinality)?.max ?? Infinity) === 1;
  const kept = (replace ?? single) ? event.arguments.filter((x) => x.role !== role) : event.arguments;
  return updateLogged(ctx, 'event', event, annotator, { arguments: [...kept, { role, mentionId }] });
}

export const events = domain((ctx) => ({
  'events.list': (a) => ctx.store.listEvents(a.docId, ctx.setOf(a.docId, a.annotator)),
  'events.create': (a) => {
    const annotator = ctx.requireAnnotator();
    const doc = ctx.requireDocument(a.docId);
    const type = requireEventType(ctx, a.type);
    const span = checkSpan(doc.text, { start: a.start, end: a.end });
    const args: EventArgument[] = a.arguments ?? [];
    for (const arg of args) {
      requireRole(type, arg.role);
      requireArgumentTarget(ctx.store, arg.mentionId, doc.id, annotator);
    }
    const dup = ctx.store.listEvents(doc.id, annotator).find((e) => e.type === a.type && e.triggerStart === span.start && e.triggerEnd === span.end);
    if (dup !== undefined) throw new ServiceError('conflict', `there is already a ${a.type} event at ${span.start}–${span.end} (event ${dup.id})`);
    const unique = args.filter((x, i) => args.findIndex((y) => y.role === x.role && y.mentionId === x.mentionId) === i);
    const r = createLogged(ctx, 'event', annotator, { docId: doc.id, type: a.type, triggerStart: span.start, triggerEnd: span.end, arguments: unique });
    return eventChanged(ctx, r);
  },
  'events.update': (a) => {
    const { value: event, annotator } = requireOwn(ctx, 'event', a.id);
    requireEventType(ctx, a.type);
    return eventChanged(ctx, updateLogged(ctx, 'event', event, annotator, { type: a.type }));
  },
  'events.setArgument': (a) => eventChanged(ctx, setArgument(ctx, a.id, a.role, a.mentionId, a.replace)),
  'events.removeArgument': (a) => {
    const { value: event, annotator } = requireOwn(ctx, 'event', a.id);
    const kept = event.arguments.filter((x) => !(x.role === a.role && x.mentionId === a.mentionId));
    if (kept.length === event.arguments.length) throw new ServiceError('not-found', `mention ${a.mentionId} is not the ${a.role} of event ${a.id}`);
    return eventChanged(ctx, updateLogged(ctx, 'event', event, annotator, { arguments: kept }));
  },
  'events.delete': (a) => {
    const { value: before, annotator } = requireOwn(ctx, 'event', a.id);
    return changed(ctx, before.docId, deleteLogged(ctx, 'event', before, annotator));
  },
}));
