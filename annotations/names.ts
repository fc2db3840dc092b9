/**
 * The rules for names and texts that come from outside, in one place: the service's handlers and
 * every importer (txt, jsonl, brat, CoNLL, doccano, Label Studio, the per-document exchange) call
 * these, so nothing gets in by one door that another refuses.
 *
 * - An annotator name is trimmed, 1–64 code points, without control characters or line/paragraph
 *   separators.
 * - No string holds a lone UTF-16 surrogate (a JSON `"\ud800"` escape): SQLite would store it as
 *   U+FFFD, silently changing the text and every offset after it.
 * - Annotations restored into an existing project (the exchange import) use only the project's
 *   types, roles, relation types and attributes.
 */
import { CoreError } from './errors';
import type { NativeRecord } from './formats/jsonl';
import type { Schema } from './model';

export const MAX_ANNOTATOR_LENGTH = 64;
/** Control characters and line/paragraph separators have no place in a name. */
export const BAD_NAME_CHAR = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/** What is wrong with an annotator name (trimmed first), or null when it is fine. */
export function annotatorNameProblem(raw: string): string | null {
  const name = raw.trim();
  const length = [...name].length;
  if (length === 0) return 'the annotator name is empty';
  if (length > MAX_ANNOTATOR_LENGTH) return `the annotator name is ${length} characters long; at most ${MAX_ANNOTATOR_LENGTH} are allowed`;
  if (BAD_NAME_CHAR.test(name)) return 'the annotator name contains a control character';
  if (loneSurrogateAt(name) >= 0) return 'the annotator name contains a lone surrogate (not a character)';
  return null;
}

/** The trimmed annotator name, or CoreError('invalid-argument') saying what is wrong. */
export function checkAnnotatorName(raw: string): string {
  const problem = annotatorNameProblem(raw);
  if (problem !== null) throw new CoreError('invalid-argument', problem);
  return raw.trim();
}

/** UTF-16 index of the first lone surrogate in `s`, or -1. */
export function loneSurrogateAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** The path ("text", "entities[2].note", …) of the first string in `v` holding a lone surrogate, or null. */
export function loneSurrogatePath(v: unknown, path = ''): string | null {
  if (typeof v === 'string') return loneSurrogateAt(v) >= 0 ? path || '(the value)' : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = loneSurrogatePath(v[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (loneSurrogateAt(k) >= 0) return `${path ? `${path}.` : ''}${k}`;
      const p = loneSurrogatePath(x, path ? `${path}.${k}` : k);
      if (p !== null) return p;
    }
  }
  return null;
}

/**
 * What in `rec` the project's `schema` lacks: entity, event and relation types, roles and
 * attributes (with their values). Empty when the record fits.
 */
export function schemaGaps(rec: NativeRecord, schema: Schema): string[] {
  const gaps = new Set<string>();
  const entityTypes = new Set(schema.entityTypes.map((t) => t.name));
  const relationTypes = new Set(schema.relationTypes.map((t) => t.name));
  const attr = (attrs: Record<string, string | true> | undefined): void => {
    for (const [k, v] of Object.entries(attrs ?? {})) {
      const def = schema.attributes.find((a) => a.name === k);
      if (def === undefined) gaps.add(`attribute ${JSON.stringify(k)}`);
      else if (v !== true && def.values.length > 0 && !def.values.includes(v)) gaps.add(`value ${JSON.stringify(v)} of attribute ${k}`);
    }
  };
  for (const e of rec.entities) {
    if (!entityTypes.has(e.type)) gaps.add(`entity type ${JSON.stringify(e.type)}`);
    attr(e.attributes);
  }
  for (const ev of rec.events) {
    const t = schema.eventTypes.find((x) => x.name === ev.type);
    if (t === undefined) gaps.add(`event type ${JSON.stringify(ev.type)}`);
    else for (const a of ev.arguments) if (!t.roles.some((r) => r.name === a.role)) gaps.add(`role ${JSON.stringify(a.role)} of ${ev.type}`);
    attr(ev.attributes);
  }
  for (const r of rec.relations) {
    if (!relationTypes.has(r.type)) gaps.add(`relation type ${JSON.stringify(r.type)}`);
    attr(r.attributes);
  }
  return [...gaps];
}
