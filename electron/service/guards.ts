/**
 * What a change must satisfy before it is made, shared by the domains that change annotations
 * (mentions, events, relations, attributes and notes, undo): types the schema has, annotations the
 * current annotator owns, arguments and relation ends in the same set, no duplicates.
 */
import type { EntityMention, EventMention, Relation, Schema } from '../../annotations/model';
import { isEventRef } from '../../annotations/model';
import type { Store } from '../store';
import type { ServiceContext } from './context';
import { ServiceError } from './errors';

type EventType = Schema['eventTypes'][number];

export function requireEntityType(ctx: ServiceContext, type: string): void {
  const { schema } = ctx.schema();
  if (!schema.entityTypes.some((t) => t.name === type)) {
    const known = schema.entityTypes.map((t) => t.name).join(', ');
    throw new ServiceError('invalid-argument', `unknown entity type ${JSON.stringify(type)} (the schema has: ${known || 'no types'})`);
  }
}

export function requireEventType(ctx: ServiceContext, type: string): EventType {
  const { schema } = ctx.schema();
  const t = schema.eventTypes.find((x) => x.name === type);
  if (t === undefined) {
    const known = schema.eventTypes.map((x) => x.name).join(', ');
    throw new ServiceError('invalid-argument', `unknown event type ${JSON.stringify(type)} (the schema has: ${known || 'no event types'})`);
  }
  if (t.abstract) throw new ServiceError('invalid-argument', `event type ${type} only groups other types and cannot be used`);
  return t;
}

export function requireRelationType(ctx: ServiceContext, type: string): Schema['relationTypes'][number] {
  const { schema } = ctx.schema();
  const t = schema.relationTypes.find((x) => x.name === type);
  if (t === undefined) {
    const known = schema.relationTypes.map((x) => x.name).join(', ');
    throw new ServiceError('invalid-argument', `unknown relation type ${JSON.stringify(type)} (the schema has: ${known || 'no relation types'})`);
  }
  return t;
}

export function requireRole(type: EventType, role: string): EventType['roles'][number] {
  const r = type.roles.find((x) => x.name === role);
  if (r === undefined) {
    const known = type.roles.map((x) => x.name).join(', ');
    throw new ServiceError('invalid-argument', `event type ${type.name} has no role ${JSON.stringify(role)} (its roles: ${known || 'none'})`);
  }
  return r;
}

/** The annotation kinds a user edits, their values, and how each is read from the store. */
export interface AnnotationOf {
  mention: EntityMention;
  event: EventMention;
  relation: Relation;
}
export type EditableKind = keyof AnnotationOf;

const READ: { [K in EditableKind]: (store: Store, id: string) => AnnotationOf[K] | null } = {
  mention: (s, id) => s.getMention(id),
  event: (s, id) => s.getEvent(id),
  relation: (s, id) => s.getRelation(id),
};

/** The current annotator's own annotation `id` of `kind` (another's: conflict; none: not-found). */
export function requireOwn<K extends EditableKind>(ctx: ServiceContext, kind: K, id: string): { value: AnnotationOf[K]; annotator: string } {
  const annotator = ctx.requireAnnotator();
  const value = READ[kind](ctx.store, id);
  if (value === null) throw new ServiceError('not-found', `no ${kind} ${JSON.stringify(id)}`);
  if (value.annotator !== annotator) throw new ServiceError('conflict', `${kind} ${id} belongs to ${value.annotator}; only they can change it`);
  return { value, annotator };
}

/**
 * What may be an argument or relation end: a mention or an event ("E<n>"), the annotator's own,
 * in the same document (an event never its own argument: `self`).
 */
export function requireArgumentTarget(store: Store, id: string, docId: string, annotator: string, self?: string): void {
  if (isEventRef(id) && id === self) throw new ServiceError('invalid-argument', `event ${id} cannot be its own argument`);
  const kind = isEventRef(id) ? 'event' : 'mention';
  const target = READ[kind](store, id);
  if (target === null) throw new ServiceError('not-found', `no ${kind} ${JSON.stringify(id)}`);
  if (target.docId !== docId) throw new ServiceError('invalid-argument', `${kind} ${id} is in another document`);
  if (target.annotator !== annotator) throw new ServiceError('conflict', `${kind} ${id} belongs to ${target.annotator}, not to ${annotator}`);
}

/** Refuses a second mention of the same type and span in one set (undo checks it too). */
export function refuseDuplicateMention(store: Store, m: { docId: string; annotator: string; type: string; start: number; end: number }): void {
  const dup = store.findDuplicateMention(m);
  if (dup !== null) {
    throw new ServiceError('conflict', `there is already a ${m.type} mention at ${m.start}–${m.end} (mention ${dup})`);
  }
}
