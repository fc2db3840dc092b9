/**
 * Checking a document's annotations against the schema: unknown types, missing or surplus
 * arguments, arguments and relation ends of the wrong type, attributes that do not apply or have
 * a value the schema does not allow. Pure; the service calls it for `documents.validate`.
 */
import type { AnnotationKind, AttributeValues, EntityMention, EventMention, Relation, Schema } from './model';
import { isEventRef } from './model';
import { ANY_ENTITY, ANY_EVENT, ANY_RELATION, cardinalityBounds, typeAncestry } from './schema';
import { OffsetMap } from './text';

/** Stable problem kinds (the UI may group or filter on them). */
export type ProblemKind =
  | 'unknown-entity-type'
  | 'unknown-event-type'
  | 'unknown-relation-type'
  | 'abstract-type'
  | 'unknown-role'
  | 'missing-argument'
  | 'too-many-arguments'
  | 'wrong-argument-type'
  | 'missing-mention'
  | 'wrong-relation-argument'
  | 'unknown-attribute'
  | 'attribute-not-applicable'
  | 'attribute-value';

export interface ValidationProblem {
  kind: ProblemKind;
  /** One sentence for people, naming the annotation ("event E3 Conflict:Attack “attacked”: …"). */
  message: string;
  /** The annotation the problem is on. */
  annotationKind: AnnotationKind;
  annotationId: string;
  /** The role concerned (argument problems). */
  role?: string;
  /** The attribute concerned (attribute problems). */
  attribute?: string;
  /** The mention concerned (argument and relation-end problems). */
  mentionId?: string;
}

/** Does a list of accepted types (names and `<ENTITY>`/`<EVENT>`) accept a `kind` annotation of `type`? */
export function acceptsType(schema: Schema, accepted: readonly string[], type: string, kind: 'entity' | 'event' = 'entity'): boolean {
  if (accepted.includes(kind === 'entity' ? ANY_ENTITY : ANY_EVENT)) {
    const list = kind === 'entity' ? schema.entityTypes : schema.eventTypes;
    if (list.some((t) => t.name === type)) return true;
  }
  return typeAncestry(schema, type).some((t) => accepted.includes(t));
}

/** Is attribute `name` allowed on a `kind` annotation of `type`? (false for an unknown attribute) */
export function attributeApplies(schema: Schema, name: string, kind: AnnotationKind, type: string): boolean {
  const def = schema.attributes.find((a) => a.name === name);
  if (def === undefined) return false;
  const token = kind === 'mention' ? ANY_ENTITY : kind === 'event' ? ANY_EVENT : ANY_RELATION;
  if (def.appliesTo.includes(token)) return true;
  const names = kind === 'relation' ? [type] : typeAncestry(schema, type);
  return names.some((t) => def.appliesTo.includes(t));
}

function describeTypes(types: readonly string[]): string {
  return types.map((t) => (t === ANY_ENTITY ? 'any entity' : t === ANY_EVENT ? 'any event' : t)).join(', ');
}

/**
 * Every problem of one annotator's annotations of a document, in order: mentions, events,
 * relations (each in the order given). `text` (the document text) only makes messages quote the
 * annotated words.
 */
export function validateDocument(
  schema: Schema,
  mentions: readonly EntityMention[],
  events: readonly EventMention[],
  relations: readonly Relation[],
  text?: string,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const byId = new Map(mentions.map((m) => [m.id, m] as const));
  const eventById = new Map(events.map((e) => [e.id, e] as const));
  // Built on the first problem only: a clean document costs no pass over its text.
  let offsets: OffsetMap | null = null;
  const quote = (start: number, end: number): string => {
    if (text === undefined) return '';
    offsets ??= new OffsetMap(text);
    return ` “${offsets.slice(start, end)}”`;
  };
  const mentionName = (m: EntityMention): string => `mention ${m.id} ${m.type}${quote(m.start, m.end)}`;
  const eventName = (e: EventMention): string => `event ${e.id} ${e.type}${quote(e.triggerStart, e.triggerEnd)}`;
  /** What an argument or relation end points at: a mention or an event (undefined when absent). */
  const target = (id: string): { kind: 'entity' | 'event'; type: string; name: string } | undefined => {
    if (isEventRef(id)) {
      const e = eventById.get(id);
      return e === undefined ? undefined : { kind: 'event', type: e.type, name: eventName(e) };
    }
    const m = byId.get(id);
    return m === undefined ? undefined : { kind: 'entity', type: m.type, name: mentionName(m) };
  };
  const missing = (id: string): string => (isEventRef(id) ? `event ${id}` : `mention ${id}`);
  const entityTypes = new Map(schema.entityTypes.map((t) => [t.name, t] as const));
  const eventTypes = new Map(schema.eventTypes.map((t) => [t.name, t] as const));
  const relationTypes = new Map(schema.relationTypes.map((t) => [t.name, t] as const));

  const checkAttributes = (kind: AnnotationKind, id: string, type: string, what: string, attrs: AttributeValues | undefined): void => {
    for (const [name, value] of Object.entries(attrs ?? {})) {
      const def = schema.attributes.find((a) => a.name === name);
      const base = { annotationKind: kind, annotationId: id, attribute: name };
      if (def === undefined) {
        problems.push({ ...base, kind: 'unknown-attribute', message: `${what}: the schema has no attribute ${name}` });
        continue;
      }
      if (!attributeApplies(schema, name, kind, type)) {
        problems.push({ ...base, kind: 'attribute-not-applicable', message: `${what}: attribute ${name} does not apply to ${type} (only to ${describeTypes(def.appliesTo)})` });
        continue;
      }
      const ok = def.values.length === 0 ? value === true : typeof value === 'string' && def.values.includes(value);
      if (!ok) {
        const allowed = def.values.length === 0 ? 'it is a yes/no attribute' : `allowed: ${def.values.join(', ')}`;
        problems.push({ ...base, kind: 'attribute-value', message: `${what}: ${name} = ${JSON.stringify(value)} is not allowed (${allowed})` });
      }
    }
  };

  for (const m of mentions) {
    const t = entityTypes.get(m.type);
    const noAttributes = m.attributes === undefined || Object.keys(m.attributes).length === 0;
    if (t !== undefined && !t.abstract && noAttributes) continue;
    const what = mentionName(m);
    if (t === undefined) {
      problems.push({ kind: 'unknown-entity-type', message: `${what}: the schema has no entity type ${m.type}`, annotationKind: 'mention', annotationId: m.id });
    } else if (t.abstract) {
      problems.push({ kind: 'abstract-type', message: `${what}: ${m.type} only groups other types and cannot be used`, annotationKind: 'mention', annotationId: m.id });
    }
    checkAttributes('mention', m.id, m.type, what, m.attributes);
  }

  for (const e of events) {
    const what = eventName(e);
    const base = { annotationKind: 'event' as const, annotationId: e.id };
    const t = eventTypes.get(e.type);
    if (t === undefined) {
      problems.push({ ...base, kind: 'unknown-event-type', message: `${what}: the schema has no event type ${e.type}` });
    } else {
      if (t.abstract) problems.push({ ...base, kind: 'abstract-type', message: `${what}: ${e.type} only groups other types and cannot be used` });
      const count = new Map<string, number>();
      for (const a of e.arguments) {
        count.set(a.role, (count.get(a.role) ?? 0) + 1);
        const role = t.roles.find((r) => r.name === a.role);
        const m = target(a.mentionId);
        if (role === undefined) {
          problems.push({ ...base, kind: 'unknown-role', role: a.role, mentionId: a.mentionId, message: `${what}: ${e.type} has no role ${a.role}` });
        }
        if (m === undefined) {
          problems.push({ ...base, kind: 'missing-mention', role: a.role, mentionId: a.mentionId, message: `${what}: the ${a.role} argument points at ${missing(a.mentionId)}, which does not exist` });
        } else if (role !== undefined && !acceptsType(schema, role.types, m.type, m.kind)) {
          problems.push({
            ...base,
            kind: 'wrong-argument-type',
            role: a.role,
            mentionId: a.mentionId,
            message: `${what}: ${a.role} takes ${describeTypes(role.types)}, not ${m.name}`,
          });
        }
      }
      for (const role of t.roles) {
        const bounds = cardinalityBounds(role.cardinality) ?? { min: 0, max: Infinity };
        const n = count.get(role.name) ?? 0;
        if (n < bounds.min) {
          const need = bounds.min === 1 ? 'is required' : `needs at least ${bounds.min} arguments`;
          problems.push({ ...base, kind: 'missing-argument', role: role.name, message: `${what}: role ${role.name} ${need} (${n} given)` });
        } else if (n > bounds.max) {
          problems.push({ ...base, kind: 'too-many-arguments', role: role.name, message: `${what}: role ${role.name} takes at most ${bounds.max} (${n} given)` });
        }
      }
    }
    checkAttributes('event', e.id, e.type, what, e.attributes);
  }

  for (const r of relations) {
    const a1 = target(r.arg1);
    const a2 = target(r.arg2);
    const what = `relation ${r.id} ${r.type}`;
    const base = { annotationKind: 'relation' as const, annotationId: r.id };
    const t = relationTypes.get(r.type);
    if (t === undefined) problems.push({ ...base, kind: 'unknown-relation-type', message: `${what}: the schema has no relation type ${r.type}` });
    for (const [key, id, m] of [['arg1', r.arg1, a1], ['arg2', r.arg2, a2]] as const) {
      if (m === undefined) {
        problems.push({ ...base, kind: 'missing-mention', mentionId: id, message: `${what}: ${key} points at ${missing(id)}, which does not exist` });
      } else if (t !== undefined && !acceptsType(schema, t[key].types, m.type, m.kind)) {
        problems.push({
          ...base,
          kind: 'wrong-relation-argument',
          role: t[key].role,
          mentionId: id,
          message: `${what}: ${t[key].role} takes ${describeTypes(t[key].types)}, not ${m.name}`,
        });
      }
    }
    checkAttributes('relation', r.id, r.type, what, r.attributes);
  }
  return problems;
}
