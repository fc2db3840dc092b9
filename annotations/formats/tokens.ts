/**
 * Token-level views of a document for the sequence-labelling exports (CoNLL, Hugging Face) and
 * the event-extraction export, and decoding of BIO / IOB1 / BIOES tags.
 *
 * Granularities:
 * - `token`: the core tokenizer's tokens (`tokenize`: words, numbers, one token per punctuation
 *   character; white space and bidi controls are never tokens). An entity that starts or ends
 *   inside a token (a Hebrew/Arabic word without its prefix) is extended to the whole token and
 *   counted in `extended`.
 * - `morph`: the same tokens, split at every boundary of an exported entity, so `בקזחסטן` with
 *   an entity on `קזחסטן` becomes `ב` + `קזחסטן` (as the NEMO corpus does). Tags then decode back to
 *   exactly the exported entities (entities that start or end with white space are trimmed to
 *   their tokens).
 *
 * Nesting: the outermost entity wins (longest first at the same start); an entity that is nested
 * in or crosses a kept one is dropped and counted in `dropped`.
 *
 * Sentences: a sentence ends at a line break (any LF between two tokens) and after a token that is
 * one of `. ! ? … ؟ ۔ ׃` — but never inside an entity.
 */
import { tokenize } from '../tokenize';
import { OffsetMap } from '../text';

export type TagScheme = 'bio' | 'bioes';
export type Granularity = 'token' | 'morph';

export interface SpanLike {
  start: number;
  end: number;
  type: string;
}

export interface SeqToken {
  start: number;
  end: number;
  text: string;
  /** 'O', 'B-PER', 'I-PER', (bioes) 'E-PER', 'S-PER'. */
  tag: string;
}

export interface SequenceResult {
  sentences: SeqToken[][];
  /** Entities widened to whole tokens (token granularity only). */
  extended: number;
  /** Entities dropped because nested in, or crossing, a kept (outer) entity, or sharing its tokens. */
  dropped: number;
  /** Entities with no token at all (white space only). */
  empty: number;
}

const SENTENCE_END = new Set(['.', '!', '?', '…', '؟', '۔', '׃']);

/** The outermost, non-overlapping entities (start asc, longer first, then type), and how many were left out. */
export function outermost<T extends SpanLike>(entities: readonly T[]): { kept: T[]; dropped: number } {
  const sorted = [...entities].sort((a, b) => a.start - b.start || b.end - a.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const kept: T[] = [];
  let end = -1;
  for (const e of sorted) {
    if (e.start >= end) {
      kept.push(e);
      end = e.end;
    }
  }
  return { kept, dropped: sorted.length - kept.length };
}

/** Code point offsets of every LF in `text`. */
function newlineOffsets(text: string): number[] {
  const out: number[] = [];
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push(cp);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const l = text.charCodeAt(i + 1);
      if (l >= 0xdc00 && l <= 0xdfff) i++;
    }
    cp++;
  }
  return out;
}

/** Core tokens split at each of `cuts` (sorted code point offsets) that falls strictly inside one. */
export function splitTokens(text: string, cuts: readonly number[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let c = 0;
  for (const t of tokenize(text)) {
    let s = t.start;
    while (c < cuts.length && (cuts[c] as number) <= s) c++;
    let k = c;
    while (k < cuts.length && (cuts[k] as number) < t.end) {
      const cut = cuts[k] as number;
      if (cut > s) {
        out.push({ start: s, end: cut });
        s = cut;
      }
      k++;
    }
    out.push({ start: s, end: t.end });
  }
  return out;
}

function tagsFor(n: number, type: string, scheme: TagScheme): string[] {
  if (scheme === 'bioes') {
    if (n === 1) return [`S-${type}`];
    return Array.from({ length: n }, (_, i) => `${i === 0 ? 'B' : i === n - 1 ? 'E' : 'I'}-${type}`);
  }
  return Array.from({ length: n }, (_, i) => `${i === 0 ? 'B' : 'I'}-${type}`);
}

/**
 * Tokens, tags and sentences of one document for `entities` (any order, may nest). Linear in
 * the text plus n log n in the entities.
 */
export function sequenceLabels(
  text: string,
  entities: readonly SpanLike[],
  options: { scheme: TagScheme; granularity: Granularity; map?: OffsetMap },
): SequenceResult {
  const { kept, dropped } = outermost(entities);
  const cuts: number[] = [];
  if (options.granularity === 'morph') for (const e of kept) cuts.push(e.start, e.end);
  cuts.sort((a, b) => a - b);
  const spans = splitTokens(text, cuts);
  const owner = new Int32Array(spans.length).fill(-1);
  const tags: string[] = new Array<string>(spans.length).fill('O');
  let extended = 0;
  let collided = 0;
  let empty = 0;
  let j = 0;
  kept.forEach((e, idx) => {
    while (j < spans.length && (spans[j] as { end: number }).end <= e.start) j++;
    let k = j;
    while (k < spans.length && (spans[k] as { start: number }).start < e.end) k++;
    if (k === j) {
      empty++;
      return;
    }
    for (let x = j; x < k; x++) {
      if (owner[x] !== -1) {
        collided++;
        return;
      }
    }
    const first = spans[j] as { start: number };
    const last = spans[k - 1] as { end: number };
    if (options.granularity === 'token' && (first.start < e.start || last.end > e.end)) extended++;
    const t = tagsFor(k - j, e.type, options.scheme);
    for (let x = j; x < k; x++) {
      owner[x] = idx;
      tags[x] = t[x - j] as string;
    }
  });
  const map = options.map ?? new OffsetMap(text);
  const nl = newlineOffsets(text);
  const sentences: SeqToken[][] = [];
  let current: SeqToken[] = [];
  let n = 0;
  for (let x = 0; x < spans.length; x++) {
    const s = spans[x] as { start: number; end: number };
    const tok: SeqToken = { start: s.start, end: s.end, text: map.slice(s.start, s.end), tag: tags[x] as string };
    current.push(tok);
    const next = spans[x + 1];
    if (next === undefined) break;
    const inside = owner[x] !== -1 && owner[x] === owner[x + 1];
    while (n < nl.length && (nl[n] as number) < s.end) n++;
    const lineBreak = n < nl.length && (nl[n] as number) < next.start;
    if (!inside && (lineBreak || SENTENCE_END.has(tok.text))) {
      sentences.push(current);
      current = [];
    }
  }
  if (current.length > 0) sentences.push(current);
  return { sentences, extended, dropped: dropped + collided, empty };
}

/** A parsed tag: prefix (B I E S U L, or O) and type. Null when it is not a tag. */
export function parseTag(tag: string): { prefix: 'O' | 'B' | 'I' | 'E' | 'S'; type: string } | null {
  if (tag === 'O') return { prefix: 'O', type: '' };
  const m = /^([BIESUL])[-_](.+)$/.exec(tag);
  if (m === null) return null;
  const p = m[1] as string;
  const prefix = p === 'U' ? 'S' : p === 'L' ? 'E' : (p as 'B' | 'I' | 'E' | 'S');
  return { prefix, type: m[2] as string };
}

/**
 * Entities (token index ranges, end exclusive) from a sequence of tags. Lenient, so that one
 * decoder reads BIO, IOB1 (I- starts an entity after O or another type; B- only between two
 * entities of a type), BIOES and BILOU: B/S start an entity, I/E continue one of the same type
 * (or start it), E/S end it, O ends any. Invalid tags must have been refused by the caller.
 */
export function decodeTags(tags: readonly string[]): { start: number; end: number; type: string }[] {
  const out: { start: number; end: number; type: string }[] = [];
  let open: { start: number; end: number; type: string } | null = null;
  tags.forEach((tag, i) => {
    const t = parseTag(tag);
    if (t === null || t.prefix === 'O') {
      open = null;
      return;
    }
    const continues = open !== null && (t.prefix === 'I' || t.prefix === 'E') && open.type === t.type;
    if (continues && open !== null) {
      open.end = i + 1;
    } else {
      open = { start: i, end: i + 1, type: t.type };
      out.push(open);
    }
    if (t.prefix === 'E' || t.prefix === 'S') open = null;
  });
  return out;
}
