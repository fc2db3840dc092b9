/**
 * Qalam's native JSONL: one record per document and annotator, one JSON object per line.
 *
 *   {"id","name","text","lang","annotator",
 *    "entities":[{"id","type","start","end","text"[,"fragments"][,"attributes"][,"note"][,"normalizations"]}],
 *    "events":[{"id","type","trigger":{"start","end","text"[,"fragments"]},
 *               "arguments":[{"role","entity_id"} or {"role","event_id"}],"attributes"[,"note"]}],
 *    "relations":[{"id","type","arg1","arg2"[,"arg1_kind":"event"][,"arg2_kind":"event"],"attributes"[,"note"]}],
 *    "status"[,"flags"][,"note"]}
 *
 * Offsets are code points into `text`; each entity's and trigger's `text` is exactly that slice.
 * Entities are sorted by start, end, type, id; events by trigger start, end, type, id; relations
 * by id. The key rule: events and relations always have "attributes" (maybe {}); entities have
 * "attributes" only when there is at least one (so entity-only exports keep their old shape);
 * "note" appears (on entities, events, relations and the record) only when not empty, "flags"
 * only when not empty; "status" is always there. A discontinuous entity or trigger keeps "start",
 * "end" and "text" of its covering span and lists its pieces in "fragments" ([{"start","end"}], at
 * least two, in text order, with gaps). "normalizations" ([{"resource","id"[,"text"]}], brat's N
 * lines) appears only when not empty. An argument that is an event has "event_id" (an event of the
 * record) instead of "entity_id"; a relation end that is an event is marked "argN_kind": "event". A document nobody annotated has annotator null,
 * empty lists and status "not-started".
 */
import type { AttributeValues, DocumentMeta, DocumentRecord, DocumentStatus, EventMention, Lang, Normalization, RecordMention, Relation, Span } from '../model';
import { isEventRef } from '../model';
import { CoreError } from '../errors';
import { OffsetMap } from '../text';
import { graphemeIndex } from '../graphemes';
import { checkFragments, checkSpan } from '../spans';
import { parseJsonLocated } from '../json';
import { annotatorNameProblem } from '../names';
import { detectLang } from '../direction';

export interface NativeEntity {
  id: string;
  type: string;
  start: number;
  end: number;
  text: string;
  /** Present only when not empty. */
  attributes?: AttributeValues;
  /** Present only when not empty. */
  note?: string;
  /** A discontinuous entity: its pieces (at least two); `start`/`end`/`text` are the covering span. */
  fragments?: Span[];
  /** Present only when not empty. */
  normalizations?: Normalization[];
}

/** An event argument: an entity (`entity_id`) or another event of the record (`event_id`). */
export type NativeArgument = { role: string; entity_id: string; event_id?: undefined } | { role: string; event_id: string; entity_id?: undefined };

/** The id an argument points at, and whether it is an event. */
export function argumentTarget(a: NativeArgument): { id: string; event: boolean } {
  return a.event_id !== undefined ? { id: a.event_id, event: true } : { id: a.entity_id, event: false };
}

export interface NativeEvent {
  id: string;
  type: string;
  trigger: { start: number; end: number; text: string; fragments?: Span[] };
  arguments: NativeArgument[];
  attributes: AttributeValues;
  /** Present only when not empty. */
  note?: string;
}

export interface NativeRelation {
  id: string;
  type: string;
  arg1: string;
  arg2: string;
  /** Present (as 'event') only when that end is an event of the record. */
  arg1_kind?: 'event';
  arg2_kind?: 'event';
  attributes: AttributeValues;
  /** Present only when not empty. */
  note?: string;
}

export interface NativeRecord {
  id: string;
  name: string;
  text: string;
  lang: Lang;
  annotator: string | null;
  entities: NativeEntity[];
  events: NativeEvent[];
  relations: NativeRelation[];
  status: DocumentStatus;
  /** Present only when not empty. */
  flags?: string[];
  /** The document note; present only when not empty. */
  note?: string;
}

/** What a record holds besides entity mentions (all optional). */
export interface NativeExtras {
  events?: readonly EventMention[];
  relations?: readonly Relation[];
  meta?: DocumentMeta | null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of entities in a record: start, end, type, id. */
export function compareEntities(a: NativeEntity, b: NativeEntity): number {
  return a.start - b.start || a.end - b.end || cmp(a.type, b.type) || cmp(a.id, b.id);
}

/** Order of events in a record: trigger start, end, type, id. */
export function compareEvents(a: NativeEvent, b: NativeEvent): number {
  return a.trigger.start - b.trigger.start || a.trigger.end - b.trigger.end || cmp(a.type, b.type) || compareIds(a.id, b.id);
}

/** Ids like "E12"/"R3"/"12": shorter first, then by code unit (so E9 < E10). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || cmp(a, b);
}

function copyNormalization(n: Normalization): Normalization {
  return n.text ? { resource: n.resource, id: n.id, text: n.text } : { resource: n.resource, id: n.id };
}

function hasKeys(o: object | undefined): boolean {
  return o !== undefined && Object.keys(o).length > 0;
}

/** Attribute values sorted by name (a stable export). */
function sortedAttributes(a: AttributeValues | undefined): AttributeValues {
  const out: AttributeValues = {};
  for (const k of Object.keys(a ?? {}).sort(cmp)) out[k] = (a as AttributeValues)[k] as string | true;
  return out;
}

/**
 * The native record of `doc` for `annotator`: the mentions (and events and relations) of that
 * annotator on that document (others are ignored) and the annotator's document status, flags
 * and note. `annotator` null gives a record with no annotations. Throws
 * CoreError('invalid-argument') when a mention's or trigger's span is not valid for the text.
 */
export function toNativeRecord(
  doc: DocumentRecord,
  annotator: string | null,
  mentions: readonly RecordMention[],
  extras: NativeExtras = {},
): NativeRecord {
  const entities: NativeEntity[] = [];
  const events: NativeEvent[] = [];
  const relations: NativeRelation[] = [];
  let meta: Pick<NativeRecord, 'status' | 'flags' | 'note'> = { status: 'not-started' };
  if (annotator !== null) {
    const map = new OffsetMap(doc.text);
    const g = graphemeIndex(doc.text);
    for (const m of mentions) {
      if (m.annotator !== annotator || m.docId !== doc.id) continue;
      try {
        checkSpan(doc.text, m, g);
      } catch (e) {
        if (e instanceof CoreError) throw new CoreError('invalid-argument', `mention ${m.id} in document ${doc.id}: ${e.message}`);
        throw e;
      }
      const e: NativeEntity = { id: m.id, type: m.type, start: m.start, end: m.end, text: map.slice(m.start, m.end) };
      if (m.fragments !== undefined && m.fragments.length > 1) e.fragments = m.fragments.map((f) => ({ start: f.start, end: f.end }));
      if (hasKeys(m.attributes)) e.attributes = sortedAttributes(m.attributes);
      if (m.note) e.note = m.note;
      if (m.normalizations !== undefined && m.normalizations.length > 0) e.normalizations = m.normalizations.map(copyNormalization);
      entities.push(e);
    }
    entities.sort(compareEntities);
    for (const ev of extras.events ?? []) {
      if (ev.annotator !== annotator || ev.docId !== doc.id) continue;
      try {
        checkSpan(doc.text, { start: ev.triggerStart, end: ev.triggerEnd }, g);
      } catch (e) {
        if (e instanceof CoreError) throw new CoreError('invalid-argument', `event ${ev.id} in document ${doc.id}: ${e.message}`);
        throw e;
      }
      const out: NativeEvent = {
        id: ev.id,
        type: ev.type,
        trigger: { start: ev.triggerStart, end: ev.triggerEnd, text: map.slice(ev.triggerStart, ev.triggerEnd) },
        arguments: ev.arguments.map((a) => (isEventRef(a.mentionId) ? { role: a.role, event_id: a.mentionId } : { role: a.role, entity_id: a.mentionId })),
        attributes: sortedAttributes(ev.attributes),
      };
      if (ev.triggerFragments !== undefined && ev.triggerFragments.length > 1) out.trigger.fragments = ev.triggerFragments.map((f) => ({ start: f.start, end: f.end }));
      if (ev.note) out.note = ev.note;
      events.push(out);
    }
    events.sort(compareEvents);
    for (const r of extras.relations ?? []) {
      if (r.annotator !== annotator || r.docId !== doc.id) continue;
      const out: NativeRelation = { id: r.id, type: r.type, arg1: r.arg1, arg2: r.arg2, attributes: sortedAttributes(r.attributes) };
      if (isEventRef(r.arg1)) out.arg1_kind = 'event';
      if (isEventRef(r.arg2)) out.arg2_kind = 'event';
      if (r.note) out.note = r.note;
      relations.push(out);
    }
    relations.sort((a, b) => compareIds(a.id, b.id));
    const m = extras.meta;
    if (m && m.annotator === annotator && m.docId === doc.id) {
      meta = { status: m.status };
      if (m.flags.length > 0) meta.flags = [...m.flags];
      if (m.note) meta.note = m.note;
    }
  }
  return { id: doc.id, name: doc.name, text: doc.text, lang: doc.lang, annotator, entities, events, relations, ...meta };
}

/** One JSON line (no trailing newline), keys in the canonical order, non-ASCII kept as is. */
export function stringifyNativeRecord(rec: NativeRecord): string {
  return JSON.stringify({
    id: rec.id,
    name: rec.name,
    text: rec.text,
    lang: rec.lang,
    annotator: rec.annotator,
    entities: rec.entities.map((e) => ({
      id: e.id,
      type: e.type,
      start: e.start,
      end: e.end,
      text: e.text,
      ...(e.fragments && e.fragments.length > 1 ? { fragments: e.fragments.map((f) => ({ start: f.start, end: f.end })) } : {}),
      ...(hasKeys(e.attributes) ? { attributes: e.attributes } : {}),
      ...(e.note ? { note: e.note } : {}),
      ...(e.normalizations && e.normalizations.length > 0 ? { normalizations: e.normalizations.map(copyNormalization) } : {}),
    })),
    events: rec.events.map((e) => ({
      id: e.id,
      type: e.type,
      trigger: {
        start: e.trigger.start,
        end: e.trigger.end,
        text: e.trigger.text,
        ...(e.trigger.fragments && e.trigger.fragments.length > 1 ? { fragments: e.trigger.fragments.map((f) => ({ start: f.start, end: f.end })) } : {}),
      },
      arguments: e.arguments.map((a) => (a.event_id !== undefined ? { role: a.role, event_id: a.event_id } : { role: a.role, entity_id: a.entity_id })),
      attributes: e.attributes,
      ...(e.note ? { note: e.note } : {}),
    })),
    relations: rec.relations.map((r) => ({
      id: r.id,
      type: r.type,
      arg1: r.arg1,
      arg2: r.arg2,
      ...(r.arg1_kind === 'event' ? { arg1_kind: 'event' } : {}),
      ...(r.arg2_kind === 'event' ? { arg2_kind: 'event' } : {}),
      attributes: r.attributes,
      ...(r.note ? { note: r.note } : {}),
    })),
    status: rec.status,
    ...(rec.flags && rec.flags.length > 0 ? { flags: rec.flags } : {}),
    ...(rec.note ? { note: rec.note } : {}),
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const LANGS: readonly string[] = ['he', 'ar', 'other'];
const STATUSES: readonly string[] = ['not-started', 'in-progress', 'done'];

function attributesOf(v: unknown, what: string, fail: (m: string) => never): AttributeValues {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) return fail(`${what}: "attributes" must be an object`);
  const out: AttributeValues = {};
  for (const k of Object.keys(v).sort(cmp)) {
    const x = v[k];
    if (x !== true && (typeof x !== 'string' || x === '')) fail(`${what}: attribute ${JSON.stringify(k)} must be true or a value name`);
    out[k] = x as string | true;
  }
  return out;
}

/** "fragments" of an entity or trigger whose covering span is `span` (undefined when absent). */
function fragmentsOf(v: unknown, docText: string, span: Span, what: string, fail: (m: string) => never): Span[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((f) => !isRecord(f))) return fail(`${what}: "fragments" must be a list of {"start", "end"}`);
  let frags: Span[];
  try {
    frags = checkFragments(docText, (v as Record<string, unknown>[]).map((f) => ({ start: f.start as number, end: f.end as number })));
  } catch (err) {
    if (err instanceof CoreError) return fail(`${what}: "fragments": ${err.message}`);
    throw err;
  }
  const first = frags[0] as Span;
  const last = frags[frags.length - 1] as Span;
  if (first.start !== span.start || last.end !== span.end) {
    fail(`${what}: "fragments" must cover exactly [${span.start}, ${span.end}) (the first starts at "start", the last ends at "end")`);
  }
  return frags;
}

function normalizationsOf(v: unknown, what: string, fail: (m: string) => never): Normalization[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return fail(`${what}: "normalizations" must be a list`);
  return v.map((n, k) => {
    if (!isRecord(n) || typeof n.resource !== 'string' || n.resource === '' || typeof n.id !== 'string' || n.id === '') {
      return fail(`${what}: normalization #${k + 1} must be {"resource", "id"[, "text"]} with non-empty strings`);
    }
    if (n.text !== undefined && typeof n.text !== 'string') return fail(`${what}: normalization #${k + 1}: "text" must be a string`);
    return copyNormalization({ resource: n.resource, id: n.id, text: n.text as string | undefined });
  });
}

function noteOf(v: unknown, what: string, fail: (m: string) => never): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') return fail(`${what}: "note" must be a string`);
  return v;
}

/**
 * Parse native JSONL. Blank lines are skipped; CRLF line ends and a BOM are accepted. Every
 * other line must be a record: "id", "name", "text" strings; "lang" one of he/ar/other
 * (detected from the text when absent); "annotator" a string or null (null when absent);
 * "entities", "events", "relations" lists ([] when absent); "status" (not-started when absent),
 * "flags" (a list of strings) and "note" optional. Each entity needs string "id" and "type",
 * integer code point offsets in range and on grapheme boundaries, and "text" equal to that slice
 * of the document text; events likewise for "trigger", and their arguments' "entity_id" and
 * relations' "arg1"/"arg2" must be entities of the same record. "attributes" (an object of
 * strings or true) and "note" (a string) are optional everywhere. Throws
 * CoreError('import-failed') naming file and line.
 */
export function parseNativeJsonl(text: string, fileName: string): NativeRecord[] {
  const out: NativeRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (idx === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    const fail = (message: string): never => {
      throw new CoreError('import-failed', `${fileName}:${lineNo}: ${message}`, { file: fileName, line: lineNo });
    };
    const parsed = parseJsonLocated(line);
    if (!parsed.ok) return fail(`invalid JSON: ${parsed.error.message} (column ${parsed.error.column})`);
    const v = parsed.value;
    if (!isRecord(v)) return fail('a record must be a JSON object');
    for (const key of ['id', 'name', 'text'] as const) {
      if (typeof v[key] !== 'string') fail(`"${key}" must be a string`);
    }
    const id = v.id as string;
    if (id === '') fail('"id" must not be empty');
    const docText = v.text as string;
    let lang: Lang;
    if (v.lang === undefined) lang = detectLang(docText);
    else if (typeof v.lang === 'string' && LANGS.includes(v.lang)) lang = v.lang as Lang;
    else return fail(`"lang" must be "he", "ar" or "other", not ${JSON.stringify(v.lang)}`);
    let annotator = v.annotator === undefined ? null : v.annotator;
    if (annotator !== null && typeof annotator !== 'string') fail('"annotator" must be a string or null');
    if (typeof annotator === 'string') {
      const problem = annotatorNameProblem(annotator);
      if (problem !== null) fail(`"annotator": ${problem}`);
      annotator = annotator.trim();
    }
    for (const key of ['entities', 'events', 'relations'] as const) {
      if (v[key] !== undefined && !Array.isArray(v[key])) fail(`"${key}" must be a list`);
    }
    const map = new OffsetMap(docText);
    const g = graphemeIndex(docText);
    const seen = new Set<string>();
    const entities: NativeEntity[] = ((v.entities ?? []) as unknown[]).map((e, k) => {
      if (!isRecord(e)) return fail(`entity #${k + 1} must be an object`);
      if (typeof e.id !== 'string' || e.id === '') return fail(`entity #${k + 1}: "id" must be a non-empty string`);
      const what = `entity ${JSON.stringify(e.id)}`;
      if (seen.has(e.id)) fail(`${what} appears more than once in the record`);
      seen.add(e.id);
      if (typeof e.type !== 'string' || e.type === '') fail(`${what}: "type" must be a non-empty string`);
      if (typeof e.text !== 'string') fail(`${what}: "text" must be a string`);
      let span;
      try {
        span = checkSpan(docText, { start: e.start as number, end: e.end as number }, g);
      } catch (err) {
        if (err instanceof CoreError) return fail(`${what}: ${err.message}`);
        throw err;
      }
      const actual = map.slice(span.start, span.end);
      if (actual !== e.text) {
        fail(`${what}: "text" is ${JSON.stringify(e.text)} but the document text at [${span.start}, ${span.end}) is ${JSON.stringify(actual)}`);
      }
      const ent: NativeEntity = { id: e.id, type: e.type as string, start: span.start, end: span.end, text: actual };
      const frags = fragmentsOf(e.fragments, docText, span, what, fail);
      if (frags !== undefined) ent.fragments = frags;
      const attrs = attributesOf(e.attributes, what, fail);
      if (hasKeys(attrs)) ent.attributes = attrs;
      const note = noteOf(e.note, what, fail);
      if (note) ent.note = note;
      const norms = normalizationsOf(e.normalizations, what, fail);
      if (norms.length > 0) ent.normalizations = norms;
      return ent;
    });
    const ids = new Set<string>();
    const eventIds = new Set<string>();
    for (const e of (v.events ?? []) as unknown[]) if (isRecord(e) && typeof e.id === 'string') eventIds.add(e.id);
    const events: NativeEvent[] = ((v.events ?? []) as unknown[]).map((e, k) => {
      if (!isRecord(e)) return fail(`event #${k + 1} must be an object`);
      if (typeof e.id !== 'string' || e.id === '') return fail(`event #${k + 1}: "id" must be a non-empty string`);
      const what = `event ${JSON.stringify(e.id)}`;
      if (ids.has(e.id)) fail(`${what} appears more than once in the record`);
      ids.add(e.id);
      if (typeof e.type !== 'string' || e.type === '') fail(`${what}: "type" must be a non-empty string`);
      const tr = e.trigger;
      if (!isRecord(tr) || typeof tr.text !== 'string') return fail(`${what}: "trigger" must be {"start", "end", "text"}`);
      let span;
      try {
        span = checkSpan(docText, { start: tr.start as number, end: tr.end as number }, g);
      } catch (err) {
        if (err instanceof CoreError) return fail(`${what}: trigger: ${err.message}`);
        throw err;
      }
      const actual = map.slice(span.start, span.end);
      if (actual !== tr.text) {
        fail(`${what}: trigger "text" is ${JSON.stringify(tr.text)} but the document text at [${span.start}, ${span.end}) is ${JSON.stringify(actual)}`);
      }
      if (e.arguments !== undefined && !Array.isArray(e.arguments)) fail(`${what}: "arguments" must be a list`);
      const args = ((e.arguments ?? []) as unknown[]).map((a, j): NativeArgument => {
        if (!isRecord(a) || typeof a.role !== 'string' || a.role === '' || (typeof a.entity_id === 'string') === (typeof a.event_id === 'string')) {
          return fail(`${what}: argument #${j + 1} must be {"role", "entity_id"} or {"role", "event_id"}`);
        }
        if (typeof a.event_id === 'string') {
          if (!eventIds.has(a.event_id)) fail(`${what}: argument ${a.role} points at event ${JSON.stringify(a.event_id)}, which is not in the record`);
          if (a.event_id === e.id) fail(`${what}: argument ${a.role} points at the event itself`);
          return { role: a.role, event_id: a.event_id };
        }
        if (!seen.has(a.entity_id as string)) fail(`${what}: argument ${a.role} points at entity ${JSON.stringify(a.entity_id)}, which is not in the record`);
        return { role: a.role, entity_id: a.entity_id as string };
      });
      const trigFrags = fragmentsOf(tr.fragments, docText, span, `${what}: trigger`, fail);
      const ev: NativeEvent = {
        id: e.id,
        type: e.type as string,
        trigger: { start: span.start, end: span.end, text: actual, ...(trigFrags !== undefined ? { fragments: trigFrags } : {}) },
        arguments: args,
        attributes: attributesOf(e.attributes, what, fail),
      };
      const note = noteOf(e.note, what, fail);
      if (note) ev.note = note;
      return ev;
    });
    const relations: NativeRelation[] = ((v.relations ?? []) as unknown[]).map((r, k) => {
      if (!isRecord(r)) return fail(`relation #${k + 1} must be an object`);
      if (typeof r.id !== 'string' || r.id === '') return fail(`relation #${k + 1}: "id" must be a non-empty string`);
      const what = `relation ${JSON.stringify(r.id)}`;
      if (ids.has(r.id)) fail(`${what} appears more than once in the record`);
      ids.add(r.id);
      if (typeof r.type !== 'string' || r.type === '') fail(`${what}: "type" must be a non-empty string`);
      for (const key of ['arg1', 'arg2'] as const) {
        const kind = r[`${key}_kind`];
        if (kind !== undefined && kind !== 'event' && kind !== 'entity') fail(`${what}: "${key}_kind" must be "event" or "entity"`);
        if (typeof r[key] !== 'string') fail(`${what}: "${key}" must be an ${kind === 'event' ? 'event' : 'entity'} id`);
        if (kind === 'event') {
          if (!eventIds.has(r[key] as string)) fail(`${what}: "${key}" points at event ${JSON.stringify(r[key])}, which is not in the record`);
        } else if (!seen.has(r[key] as string)) fail(`${what}: "${key}" points at entity ${JSON.stringify(r[key])}, which is not in the record`);
      }
      const rel: NativeRelation = { id: r.id, type: r.type as string, arg1: r.arg1 as string, arg2: r.arg2 as string, attributes: attributesOf(r.attributes, what, fail) };
      if (r.arg1_kind === 'event') rel.arg1_kind = 'event';
      if (r.arg2_kind === 'event') rel.arg2_kind = 'event';
      const note = noteOf(r.note, what, fail);
      if (note) rel.note = note;
      return rel;
    });
    let status: DocumentStatus = 'not-started';
    if (v.status !== undefined) {
      if (typeof v.status !== 'string' || !STATUSES.includes(v.status)) fail(`"status" must be "not-started", "in-progress" or "done", not ${JSON.stringify(v.status)}`);
      status = v.status as DocumentStatus;
    }
    const rec: NativeRecord = { id, name: v.name as string, text: docText, lang, annotator: annotator as string | null, entities, events, relations, status };
    if (v.flags !== undefined) {
      if (!Array.isArray(v.flags) || v.flags.some((f) => typeof f !== 'string' || f === '')) fail('"flags" must be a list of non-empty strings');
      if ((v.flags as string[]).length > 0) rec.flags = [...(v.flags as string[])];
    }
    const note = noteOf(v.note, 'the record', fail);
    if (note) rec.note = note;
    out.push(rec);
  });
  return out;
}
