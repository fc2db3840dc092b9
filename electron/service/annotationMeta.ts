/** Attributes and notes of any annotation the current annotator owns (mention, event or relation). */
import type { AnnotationKind, AttributeValues } from '../../annotations/model';
import { attributeApplies } from '../../annotations/validate';
import type { AnnotationRef, AnnotationValue, DocumentChange, HistoryState } from '../contract';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { changed } from './documents';
import { requireOwn } from './guards';
import { updateLogged, type AnnotationChange } from './history';

type Current = { kind: AnnotationKind; type: string; attributes: AttributeValues; note: string };

/** Applies an attribute or note change, computed from the annotation as it is, and logs it. */
function changeAnnotation(
  ctx: ServiceContext,
  target: AnnotationRef,
  change: (current: Current) => AnnotationChange,
): { annotation: AnnotationValue; history: HistoryState; document: DocumentChange } {
  let r: { annotation: AnnotationValue; history: HistoryState; docId: string };
  if (target.kind === 'mention') {
    const { value: mention, annotator } = requireOwn(ctx, 'mention', target.id);
    const u = updateLogged(ctx, 'mention', mention, annotator, change({ kind: 'mention', type: mention.type, attributes: mention.attributes ?? {}, note: mention.note ?? '' }));
    r = { annotation: { kind: 'mention', mention: u.value }, history: u.history, docId: u.value.docId };
  } else if (target.kind === 'event') {
    const { value: event, annotator } = requireOwn(ctx, 'event', target.id);
    const u = updateLogged(ctx, 'event', event, annotator, change({ kind: 'event', type: event.type, attributes: event.attributes, note: event.note }));
    r = { annotation: { kind: 'event', event: u.value }, history: u.history, docId: u.value.docId };
  } else {
    const { value: relation, annotator } = requireOwn(ctx, 'relation', target.id);
    const u = updateLogged(ctx, 'relation', relation, annotator, change({ kind: 'relation', type: relation.type, attributes: relation.attributes, note: relation.note }));
    r = { annotation: { kind: 'relation', relation: u.value }, history: u.history, docId: u.value.docId };
  }
  return changed(ctx, r.docId, { annotation: r.annotation, history: r.history });
}

/** value null clears the attribute. */
function setAttribute(ctx: ServiceContext, target: AnnotationRef, name: string, value: string | true | null) {
  const { schema } = ctx.schema();
  return changeAnnotation(ctx, target, (cur) => {
    const next = { ...cur.attributes };
    if (value === null) {
      delete next[name];
      return { attributes: next };
    }
    const def = schema.attributes.find((a) => a.name === name);
    if (def === undefined) {
      const known = schema.attributes.map((a) => a.name).join(', ');
      throw new ServiceError('invalid-argument', `unknown attribute ${JSON.stringify(name)} (the schema has: ${known || 'no attributes'})`);
    }
    if (!attributeApplies(schema, name, cur.kind, cur.type)) {
      throw new ServiceError('invalid-argument', `attribute ${name} does not apply to a ${cur.type} ${cur.kind} (it applies to ${def.appliesTo.join(', ')})`);
    }
    if (def.values.length === 0 && value !== true) {
      throw new ServiceError('invalid-argument', `attribute ${name} is a yes/no attribute: set it to true (or clear it)`);
    }
    if (def.values.length > 0 && (value === true || !def.values.includes(value))) {
      throw new ServiceError('invalid-argument', `attribute ${name} takes one of ${def.values.join(', ')}, not ${JSON.stringify(value)}`);
    }
    next[name] = value;
    return { attributes: next };
  });
}

export const annotationMeta = domain((ctx) => ({
  'attributes.set': (a) => setAttribute(ctx, a.target, a.name, a.value),
  'attributes.clear': (a) => setAttribute(ctx, a.target, a.name, null),
  'notes.set': (a) => changeAnnotation(ctx, a.target, () => ({ note: a.note })),
}));
