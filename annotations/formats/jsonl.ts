/**
 * Qalam's native JSONL: one record per document and annotator, one JSON object per line.
 *
 *   {"id","name","text","lang","annotator","entities":[{"id","type","start","end","text"}],"events":[],"relations":[]}
 *
 * Offsets are code points into `text`; each entity's `text` is exactly that slice. Entities are
 * sorted by start, end, type, id. A document nobody annotated has annotator null and empty lists.
 */
import type { DocumentRecord, EntityMention, Lang } from '../model';
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
}

export interface NativeRecord {
  id: string;
  name: string;
  text: string;
  lang: Lang;
  annotator: string | null;
  entities: NativeEntity[];
  events: unknown[];
  relations: unknown[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of entities in a record: start, end, type, id. */
export function compareEntities(a: NativeEntity, b: NativeEntity): number {
  return a.start - b.start || a.end - b.end || cmp(a.type, b.type) || cmp(a.id, b.id);
}

/**
 * The native record of `doc` for `annotator`: the mentions of that annotator on that document
 * (others in `mentions` are ignored). `annotator` null gives a record with no annotations.
 * Throws CoreError('invalid-argument') when a mention's span is not valid for the text.
 */
export function toNativeRecord(doc: DocumentRecord, annotator: string | null, mentions: readonly EntityMention[]): NativeRecord {
  const entities: NativeEntity[] = [];
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
      entities.push({ id: m.id, type: m.type, start: m.start, end: m.end, text: map.slice(m.start, m.end) });
    }
    entities.sort(compareEntities);
  }
  return { id: doc.id, name: doc.name, text: doc.text, lang: doc.lang, annotator, entities, events: [], relations: [] };
}

/** One JSON line (no trailing newline), keys in the canonical order, non-ASCII kept as is. */
export function stringifyNativeRecord(rec: NativeRecord): string {
  return JSON.stringify({
    id: rec.id,
    name: rec.name,
    text: rec.text,
    lang: rec.lang,
    annotator: rec.annotator,
    entities: rec.entities.map((e) => ({ id: e.id, type: e.type, start: e.start, end: e.end, text: e.text })),
    events: rec.events,
    relations: rec.relations,
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const LANGS: readonly string[] = ['he', 'ar', 'other'];

/**
 * Parse native JSONL. Blank lines are skipped; CRLF line ends and a BOM are accepted. Every
 * other line must be a record: "id", "name", "text" strings; "lang" one of he/ar/other
 * (detected from the text when absent); "annotator" a string or null (null when absent);
 * "entities", "events", "relations" lists ([] when absent). Each entity needs string "id" and
 * "type", integer code point offsets in range and on grapheme boundaries, and "text" equal to
 * that slice of the document text. Throws CoreError('import-failed') naming file and line.
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
      return { id: e.id, type: e.type as string, start: span.start, end: span.end, text: actual };
    });
    out.push({
      id,
      name: v.name as string,
      text: docText,
      lang,
      annotator: annotator as string | null,
      entities,
      events: (v.events ?? []) as unknown[],
      relations: (v.relations ?? []) as unknown[],
    });
  });
  return out;
}
