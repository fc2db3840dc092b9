/**
 * Checking a document's annotations against the schema: unknown types, missing or surplus
 * arguments, arguments and relation ends of the wrong type, attributes that do not apply or have
 * a value the schema does not allow. Pure; the service calls it for `documents.validate`.
 */
import type { AnnotationKind, AttributeValues, EntityMention, EventMention, Relation, Schema } from './model';
import { isEventRef } from './model';
import { ANY_ENTITY, ANY_EVENT, ANY_RELATION, cardinalityBounds, typeAncestry } from './schema';
import { OffsetMap } from './text';

/** What an argument or a relation end points at, as a problem names it. */
export interface ProblemTarget {
  kind: 'mention' | 'event';
  id: string;
  /** Its type (absent when it does not exist). */
  type?: string;
  /** Its words (an event's trigger), when the document text was given. */
  text?: string;
}

/**
 * Each kind's structured details, so that a window can say them in its own language (the
 * English `message` is for the CLI and logs). Type lists (`accepted`, `appliesTo`) keep the
 * schema's `<ENTITY>` / `<EVENT>` / `<RELATION>` tokens.
 */
export interface ProblemParamsByKind {
  'unknown-entity-type': Record<string, never>;
  'unknown-event-type': Record<string, never>;
  'unknown-relation-type': Record<string, never>;
  /** A type that only groups others. */
  'abstract-type': Record<string, never>;
  'unknown-role': { role: string };
  /** An argument (`role`) or a relation end (`end`, and `role` when the relation type is known) pointing at nothing. */
  'missing-mention': { role?: string; end?: 1 | 2; target: ProblemTarget };
  'missing-argument': { role: string; min: number; given: number };
  'too-many-arguments': { role: string; max: number; given: number };
  'wrong-argument-type': { role: string; accepted: string[]; target: ProblemTarget };
  'wrong-relation-argument': { role: string; end: 1 | 2; accepted: string[]; target: ProblemTarget };
  'unknown-attribute': { attribute: string };
  'attribute-not-applicable': { attribute: string; appliesTo: string[] };
  /** `allowed` empty: a yes/no attribute (only `true` is a value). */
  'attribute-value': { attribute: string; value: unknown; allowed: string[] };
}

/** Stable problem kinds (the UI may group or filter on them). */
export type ProblemKind = keyof ProblemParamsByKind;

/** The annotation a problem is on. */
export interface ProblemSubject {
  kind: AnnotationKind;
  id: string;
  type: string;
  /** Its words (an event's trigger; none for a relation), when the document text was given. */
  text?: string;
}

interface ProblemCommon {
  /** One English sentence, naming the annotation ("event E3 Conflict:Attack “attacked”: …"): the CLI's and the logs'. */
  message: string;
  /** The annotation the problem is on. */
  annotationKind: AnnotationKind;
  annotationId: string;
  /** The same annotation with its type and words, for a window's own sentence. */
  subject: ProblemSubject;
  /** The role concerned (argument problems). */
  role?: string;
  /** The attribute concerned (attribute problems). */
  attribute?: string;
  /** The mention concerned (argument and relation-end problems). */
  mentionId?: string;
}

/** A problem: its kind with that kind's params (`ProblemParamsByKind`). */
export type ValidationProblem = ProblemCommon & { [K in ProblemKind]: { kind: K; params: ProblemParamsByKind[K] } }[ProblemKind];

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
  const words = (start: number, end: number): string | undefined => {
    if (text === undefined) return undefined;
    offsets ??= new OffsetMap(text);
    return offsets.slice(start, end);
  };
  const quote = (w: string | undefined): string => (w === undefined ? '' : ` “${w}”`);
  const mentionSubject = (m: EntityMention): ProblemSubject => withText<ProblemSubject>({ kind: 'mention', id: m.id, type: m.type }, words(m.start, m.end));
  const eventSubject = (e: EventMention): ProblemSubject => withText<ProblemSubject>({ kind: 'event', id: e.id, type: e.type }, words(e.triggerStart, e.triggerEnd));
  const nameOf = (s: ProblemSubject): string => `${s.kind} ${s.id} ${s.type}${quote(s.text)}`;
  /** What an argument or relation end points at: a mention or an event (no type when absent). */
  const target = (id: string): ProblemTarget => {
    if (isEventRef(id)) {
      const e = eventById.get(id);
      return e === undefined ? { kind: 'event', id } : { ...eventSubject(e), kind: 'event' };
    }
    const m = byId.get(id);
    return m === undefined ? { kind: 'mention', id } : { ...mentionSubject(m), kind: 'mention' };
  };
  const targetName = (t: ProblemTarget): string => (t.type === undefined ? `${t.kind} ${t.id}` : `${t.kind} ${t.id} ${t.type}${quote(t.text)}`);
  const entityTypes = new Map(schema.entityTypes.map((t) => [t.name, t] as const));
  const eventTypes = new Map(schema.eventTypes.map((t) => [t.name, t] as const));
  const relationTypes = new Map(schema.relationTypes.map((t) => [t.name, t] as const));

  const checkAttributes = (subject: ProblemSubject, attrs: AttributeValues | undefined): void => {
    const what = nameOf(subject);
    for (const [name, value] of Object.entries(attrs ?? {})) {
      const def = schema.attributes.find((a) => a.name === name);
      const base = { annotationKind: subject.kind, annotationId: subject.id, subject, attribute: name };
      if (def === undefined) {
        problems.push({ ...base, kind: 'unknown-attribute', params: { attribute: name }, message: `${what}: the schema has no attribute ${name}` });
        continue;
      }
      if (!attributeApplies(schema, name, subject.kind, subject.type)) {
        problems.push({
          ...base,
          kind: 'attribute-not-applicable',
          params: { attribute: name, appliesTo: [...def.appliesTo] },
          message: `${what}: attribute ${name} does not apply to ${subject.type} (only to ${describeTypes(def.appliesTo)})`,
        });
        continue;
      }
      const ok = def.values.length === 0 ? value === true : typeof value === 'string' && def.values.includes(value);
      if (!ok) {
        const allowed = def.values.length === 0 ? 'it is a yes/no attribute' : `allowed: ${def.values.join(', ')}`;
        problems.push({
          ...base,
          kind: 'attribute-value',
          params: { attribute: name, value, allowed: [...def.values] },
          message: `${what}: ${name} = ${JSON.stringify(value)} is not allowed (${allowed})`,
        });
      }
    }
  };

  for (const m of mentions) {
    const t = entityTypes.get(m.type);
    const noAttributes = m.attributes === undefined || Object.keys(m.attributes).length === 0;
    if (t !== undefined && !t.abstract && noAttributes) continue;
    const subject = mentionSubject(m);
    const what = nameOf(subject);
    const base = { annotationKind: 'mention' as const, annotationId: m.id, subject, params: {} };
    if (t === undefined) {
      problems.push({ ...base, kind: 'unknown-entity-type', message: `${what}: the schema has no entity type ${m.type}` });
    } else if (t.abstract) {
      problems.push({ ...base, kind: 'abstract-type', message: `${what}: ${m.type} only groups other types and cannot be used` });
    }
    checkAttributes(subject, m.attributes);
  }

  for (const e of events) {
    const subject = eventSubject(e);
    const what = nameOf(subject);
    const base = { annotationKind: 'event' as const, annotationId: e.id, subject };
    const t = eventTypes.get(e.type);
    if (t === undefined) {
      problems.push({ ...base, kind: 'unknown-event-type', params: {}, message: `${what}: the schema has no event type ${e.type}` });
    } else {
      if (t.abstract) problems.push({ ...base, kind: 'abstract-type', params: {}, message: `${what}: ${e.type} only groups other types and cannot be used` });
      const count = new Map<string, number>();
      for (const a of e.arguments) {
        count.set(a.role, (count.get(a.role) ?? 0) + 1);
        const role = t.roles.find((r) => r.name === a.role);
        const m = target(a.mentionId);
        const at = { ...base, role: a.role, mentionId: a.mentionId };
        if (role === undefined) {
          problems.push({ ...at, kind: 'unknown-role', params: { role: a.role }, message: `${what}: ${e.type} has no role ${a.role}` });
        }
        if (m.type === undefined) {
          problems.push({
            ...at,
            kind: 'missing-mention',
            params: { role: a.role, target: m },
            message: `${what}: the ${a.role} argument points at ${targetName(m)}, which does not exist`,
          });
        } else if (role !== undefined && !acceptsType(schema, role.types, m.type, m.kind === 'event' ? 'event' : 'entity')) {
          problems.push({
            ...at,
            kind: 'wrong-argument-type',
            params: { role: a.role, accepted: [...role.types], target: m },
            message: `${what}: ${a.role} takes ${describeTypes(role.types)}, not ${targetName(m)}`,
          });
        }
      }
      for (const role of t.roles) {
        const bounds = cardinalityBounds(role.cardinality) ?? { min: 0, max: Infinity };
        const n = count.get(role.name) ?? 0;
        if (n < bounds.min) {
          const need = bounds.min === 1 ? 'is required' : `needs at least ${bounds.min} arguments`;
          problems.push({ ...base, kind: 'missing-argument', role: role.name, params: { role: role.name, min: bounds.min, given: n }, message: `${what}: role ${role.name} ${need} (${n} given)` });
        } else if (n > bounds.max) {
          problems.push({ ...base, kind: 'too-many-arguments', role: role.name, params: { role: role.name, max: bounds.max, given: n }, message: `${what}: role ${role.name} takes at most ${bounds.max} (${n} given)` });
        }
      }
    }
    checkAttributes(subject, e.attributes);
  }

  for (const r of relations) {
    const subject: ProblemSubject = { kind: 'relation', id: r.id, type: r.type };
    const what = nameOf(subject);
    const base = { annotationKind: 'relation' as const, annotationId: r.id, subject };
    const t = relationTypes.get(r.type);
    if (t === undefined) problems.push({ ...base, kind: 'unknown-relation-type', params: {}, message: `${what}: the schema has no relation type ${r.type}` });
    for (const [key, end, id] of [['arg1', 1, r.arg1], ['arg2', 2, r.arg2]] as const) {
      const m = target(id);
      if (m.type === undefined) {
        problems.push({
          ...base,
          kind: 'missing-mention',
          mentionId: id,
          params: { end, ...(t !== undefined ? { role: t[key].role } : {}), target: m },
          message: `${what}: ${key} points at ${targetName(m)}, which does not exist`,
        });
      } else if (t !== undefined && !acceptsType(schema, t[key].types, m.type, m.kind === 'event' ? 'event' : 'entity')) {
        problems.push({
          ...base,
          kind: 'wrong-relation-argument',
          role: t[key].role,
          mentionId: id,
          params: { role: t[key].role, end, accepted: [...t[key].types], target: m },
          message: `${what}: ${t[key].role} takes ${describeTypes(t[key].types)}, not ${targetName(m)}`,
        });
      }
    }
    checkAttributes(subject, r.attributes);
  }
  return problems;
}

function withText<T extends { text?: string }>(x: T, text: string | undefined): T {
  return text === undefined ? x : { ...x, text };
}
