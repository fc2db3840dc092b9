/**
 * Qalam's native JSONL: one record per document and annotator, one JSON object per line.
 *
 *   {"id","name","text","lang","annotator",
 *    "entities":[{"id","type","start","end","text"[,"attributes"][,"note"]}],
 *    "events":[{"id","type","trigger":{"start","end","text"},"arguments":[{"role","entity_id"}],"attributes"[,"note"]}],
 *    "relations":[{"id","type","arg1","arg2","attributes"[,"note"]}],
 *    "status"[,"flags"][,"note"]}
 *
 * Offsets are code points into `text`; each entity's and trigger's `text` is exactly that slice.
 * Entities are sorted by start, end, type, id; events by trigger start, end, type, id; relations
 * by id. The key rule: events and relations always have "attributes" (maybe {}); entities have
 * "attributes" only when there is at least one (so entity-only exports keep their old shape);
 * "note" appears (on entities, events, relations and the record) only when not empty, "flags"
 * only when not empty; "status" is always there. A document nobody annotated has annotator null,
 * empty lists and status "not-started".
 */
import type { AttributeValues, DocumentMeta, DocumentRecord, DocumentStatus, EntityMention, EventMention, Lang, Relation } from '../model';
import { CoreError } from '../errors';
import { OffsetMap } from '../text';
import { graphemeIndex } from '../graphemes';
import { checkSpan } from '../spans';
import { parseJsonLocated } from '../json';
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
}

export interface NativeEvent {
  id: string;
  type: string;
  trigger: { start: number; end: number; text: string };
  arguments: { role: string; entity_id: string }[];
  attributes: AttributeValues;
  /** Present only when not empty. */
  note?: string;
}

export interface NativeRelation {
  id: string;
  type: string;
  arg1: string;
  arg2: string;
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
  mentions: readonly EntityMention[],
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
      if (hasKeys(m.attributes)) e.attributes = sortedAttributes(m.attributes);
      if (m.note) e.note = m.note;
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
        arguments: ev.arguments.map((a) => ({ role: a.role, entity_id: a.mentionId })),
        attributes: sortedAttributes(ev.attributes),
      };
      if (ev.note) out.note = ev.note;
      events.push(out);
    }
    events.sort(compareEvents);
    for (const r of extras.relations ?? []) {
      if (r.annotator !== annotator || r.docId !== doc.id) continue;
      const out: NativeRelation = { id: r.id, type: r.type, arg1: r.arg1, arg2: r.arg2, attributes: sortedAttributes(r.attributes) };
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
      ...(hasKeys(e.attributes) ? { attributes: e.attributes } : {}),
      ...(e.note ? { note: e.note } : {}),
    })),
    events: rec.events.map((e) => ({
      id: e.id,
      type: e.type,
      trigger: { start: e.trigger.start, end: e.trigger.end, text: e.trigger.text },
      arguments: e.arguments.map((a) => ({ role: a.role, entity_id: a.entity_id })),
      attributes: e.attributes,
      ...(e.note ? { note: e.note } : {}),
    })),
    relations: rec.relations.map((r) => ({
      id: r.id,
      type: r.type,
      arg1: r.arg1,
      arg2: r.arg2,
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
    const annotator = v.annotator === undefined ? null : v.annotator;
    if (annotator !== null && typeof annotator !== 'string') fail('"annotator" must be a string or null');
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
      const attrs = attributesOf(e.attributes, what, fail);
      if (hasKeys(attrs)) ent.attributes = attrs;
      const note = noteOf(e.note, what, fail);
      if (note) ent.note = note;
      return ent;
    });
    const ids = new Set<string>();
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
      const args = ((e.arguments ?? []) as unknown[]).map((a, j) => {
        if (!isRecord(a) || typeof a.role !== 'string' || a.role === '' || typeof a.entity_id !== 'string') {
          return fail(`${what}: argument #${j + 1} must be {"role", "entity_id"}`);
        }
        if (!seen.has(a.entity_id)) fail(`${what}: argument ${a.role} points at entity ${JSON.stringify(a.entity_id)}, which is not in the record`);
        return { role: a.role, entity_id: a.entity_id };
      });
      const ev: NativeEvent = {
        id: e.id,
        type: e.type as string,
        trigger: { start: span.start, end: span.end, text: actual },
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
        if (typeof r[key] !== 'string') fail(`${what}: "${key}" must be an entity id`);
        if (!seen.has(r[key] as string)) fail(`${what}: "${key}" points at entity ${JSON.stringify(r[key])}, which is not in the record`);
      }
      const rel: NativeRelation = { id: r.id, type: r.type as string, arg1: r.arg1 as string, arg2: r.arg2 as string, attributes: attributesOf(r.attributes, what, fail) };
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
