/**
 * An external recommender's answer, read strictly (issue 13, item 3). A team's own model (spaCy,
 * a transformer) answers `POST {text, lang, schema}` with `[{start, end, type, score}]`, offsets
 * in code points; the service (electron/service/recommenderEndpoint.ts) calls it, this file
 * decides what of the answer may be shown.
 *
 * The whole answer is refused when it is not JSON or not an array. Each item is kept only when
 * its offsets are integers with 0 ≤ start < end ≤ the text's length in code points and both on
 * grapheme boundaries (the core's `checkSpan`: never a letter cut from its niqqud or harakat),
 * its type is an entity type of the schema, its score a number from 0 to 1, its optional `text`
 * the span's text, and it does not repeat an item before it. Every other item is refused with
 * its index and the reason: nothing is dropped silently.
 *
 * UTF-16 offsets are the usual mistake (Python's `len` counts code points, JavaScript's and
 * Java's count UTF-16 units): on a text with characters outside the BMP (emoji, some CJK) they
 * drift by one per such character. An item whose `text` is the span's text read as UTF-16 units
 * is refused as such; without a `text`, an item whose span cuts words when read as code points
 * but falls exactly on words (or after a proclitic) when read as UTF-16 units is refused too.
 */
import { CoreError } from '../errors';
import { graphemeIndex } from '../graphemes';
import { checkSpan } from '../spans';
import { OffsetMap } from '../text';
import { firstTokenEndingAfter, tokenArrays } from '../tokenize';
import { procliticSplits } from '../clitics';

/** One suggestion the endpoint made that may be shown. */
export interface EndpointItem {
  start: number;
  end: number;
  type: string;
  score: number;
  /** Its place in the answer (0-based). */
  index: number;
}

/** One item of the answer that is not shown, and why. */
export interface EndpointRefusal {
  /** Its place in the answer (0-based). */
  index: number;
  reason: string;
}

export interface EndpointAnswer {
  items: EndpointItem[];
  refused: EndpointRefusal[];
}

/** What a recommender is sent (the request's body, as JSON). */
export interface EndpointRequest {
  text: string;
  lang: string;
  /** The entity types it may suggest; offsets are code points both ways. */
  schema: { entityTypes: string[] };
  offsets: 'codepoints';
}

const show = (v: unknown): string => {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** Index of the token holding code point `cp` (its start ≤ cp < its end), or -1. */
function tokenAt(t: ReturnType<typeof tokenArrays>, cp: number): number {
  const lo = firstTokenEndingAfter(t.ends, t.count, cp);
  return lo < t.count && (t.starts[lo] as number) <= cp ? lo : -1;
}

/** Does [start, end) start at a word's start or after one of its proclitics, and end at a word's end? */
function onWords(text: string, map: OffsetMap, start: number, end: number): boolean {
  const t = tokenArrays(text);
  const first = tokenAt(t, start);
  const last = tokenAt(t, end - 1);
  if (first < 0 || last < 0 || (t.ends[last] as number) !== end) return false;
  const s = t.starts[first] as number;
  if (s === start) return true;
  return procliticSplits(map.slice(s, t.ends[first] as number)).includes(start - s);
}

/**
 * Reads an endpoint's answer (`body`, the response's text) for `text`, whose entity types are
 * `types`. Throws CoreError('invalid-argument') when the answer as a whole cannot be read.
 */
export function readEndpointAnswer(body: string, text: string, types: readonly string[]): EndpointAnswer {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new CoreError('invalid-argument', `the answer is not JSON (${(e as Error).message}); expected [{"start", "end", "type", "score"}, …]`);
  }
  if (!Array.isArray(value)) {
    throw new CoreError('invalid-argument', `the answer is ${value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}, not an array of {"start", "end", "type", "score"}`);
  }
  const known = new Set(types);
  const map = new OffsetMap(text);
  const index = graphemeIndex(text);
  const items: EndpointItem[] = [];
  const refused: EndpointRefusal[] = [];
  const seen = new Set<string>();
  const refuse = (i: number, reason: string) => refused.push({ index: i, reason });
  value.forEach((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return refuse(i, `not an object: ${show(raw)}`);
    const { start, end, type, score, text: said } = raw as Record<string, unknown>;
    if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end)) {
      return refuse(i, `start and end must be integers (code points), not ${show(start)} and ${show(end)}`);
    }
    if (start < 0 || end > map.length || start >= end) {
      const utf16 = end > map.length && end <= map.utf16Length ? `; ${end} is within the text's ${map.utf16Length} UTF-16 units: are these UTF-16 offsets?` : '';
      return refuse(i, `span [${start}, ${end}) is ${start >= end && start >= 0 && end <= map.length ? 'empty' : 'out of range'}: the text has ${map.length} code points${utf16}`);
    }
    try {
      checkSpan(text, { start, end }, index);
    } catch (e) {
      return refuse(i, (e as Error).message);
    }
    if (typeof type !== 'string' || !known.has(type)) return refuse(i, `unknown type ${show(type)}: not an entity type of this project's schema`);
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) return refuse(i, `score must be a number from 0 to 1, not ${show(score)}`);
    const asUtf16 = (): string | null => (end <= map.utf16Length && !map.isIdentity ? text.slice(start, end) : null);
    if (said !== undefined) {
      if (typeof said !== 'string') return refuse(i, `text must be a string, not ${show(said)}`);
      if (said !== map.slice(start, end)) {
        const looks = asUtf16() === said ? ' (it is the text at these offsets counted in UTF-16 units: send code points)' : '';
        return refuse(i, `text ${show(said)} is not the text at [${start}, ${end}), ${show(map.slice(start, end))}${looks}`);
      }
    } else if (!map.isIdentity && end <= map.utf16Length && !onWords(text, map, start, end)) {
      const s16 = map.toCp(start);
      const e16 = map.toCp(end);
      if (map.toUtf16(s16) === start && map.toUtf16(e16) === end && s16 < e16 && onWords(text, map, s16, e16)) {
        return refuse(i, `span [${start}, ${end}) cuts words, but read as UTF-16 units it is exactly ${show(map.slice(s16, e16))}: send code points`);
      }
    }
    const k = `${start}:${end}:${type}`;
    if (seen.has(k)) return refuse(i, `the same span and type as an item before it`);
    seen.add(k);
    items.push({ start, end, type, score, index: i });
  });
  return { items, refused };
}
