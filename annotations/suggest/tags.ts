/**
 * Tag schemes (BIO, BILOU): gold tags from mentions, allowed transitions, Viterbi decoding and
 * the spans a tag sequence spells (see tagger.ts).
 */
import type { SpanTyped } from './occurrences';
import type { SubToken, Sentence } from './analysis';

/**
 * Tag schemes: tag 0 is O; with BIO, type k has B = 1 + 2k and I = 2 + 2k; with BILOU, B = 1 + 4k,
 * I = 2 + 4k, L (last) = 3 + 4k, U (unit: a one-piece mention) = 4 + 4k.
 */
export type TagScheme = 'bio' | 'bilou';

export const perType = (scheme: TagScheme): number => (scheme === 'bio' ? 2 : 4);
export const B = 0;
export const I = 1;
export const L = 2;
export const U = 3;

/** Gold tags of a sentence from the document's outermost mentions (snapped to piece boundaries). */
export function goldTags(
  s: Sentence,
  mentions: readonly SpanTyped[],
  typeIndex: ReadonlyMap<string, number>,
  scheme: TagScheme,
  counts: { mentions: number; snapped: number },
): number[] {
  const tags = new Array<number>(s.length).fill(0);
  if (s.length === 0) return tags;
  const per = perType(scheme);
  const from = (s[0] as SubToken).start;
  const to = (s[s.length - 1] as SubToken).end;
  for (const m of mentions) {
    if (m.end <= from || m.start >= to) continue;
    const k = typeIndex.get(m.type);
    if (k === undefined) continue;
    let i = 0;
    while (i < s.length && (s[i] as SubToken).end <= m.start) i++;
    let j = i;
    while (j + 1 < s.length && (s[j + 1] as SubToken).start < m.end) j++;
    if (i >= s.length) continue;
    let free = true;
    for (let x = i; x <= j; x++) if (tags[x] !== 0) free = false;
    if (!free) continue;
    counts.mentions++;
    if ((s[i] as SubToken).start !== m.start || (s[j] as SubToken).end !== m.end) counts.snapped++;
    const base = 1 + per * k;
    if (scheme === 'bio') {
      tags[i] = base + B;
      for (let x = i + 1; x <= j; x++) tags[x] = base + I;
    } else if (i === j) {
      tags[i] = base + U;
    } else {
      tags[i] = base + B;
      for (let x = i + 1; x < j; x++) tags[x] = base + I;
      tags[j] = base + L;
    }
  }
  return tags;
}

/** Outermost first: longer mentions before the ones they contain. */
export function outermostFirst(mentions: readonly SpanTyped[]): SpanTyped[] {
  return [...mentions].sort((a, b) => a.start - b.start || b.end - a.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/**
 * Is tag `cur` allowed after `prev` (-1: the start; `cur` -1: the end)? BIO: I-x only after B-x
 * or I-x. BILOU: after B-x or I-x only I-x or L-x (and never the end); elsewhere O, B or U.
 */
function allowed(prev: number, cur: number, scheme: TagScheme): boolean {
  const per = perType(scheme);
  const kind = (t: number): number => (t <= 0 ? -1 : (t - 1) % per);
  const type = (t: number): number => Math.floor((t - 1) / per);
  if (scheme === 'bio') {
    if (cur <= 0 || kind(cur) === B) return true;
    return prev > 0 && type(prev) === type(cur);
  }
  const open = prev > 0 && (kind(prev) === B || kind(prev) === I);
  if (open) return cur > 0 && type(cur) === type(prev) && (kind(cur) === I || kind(cur) === L);
  return cur === 0 || kind(cur) === B || kind(cur) === U;
}

const allowedCache = new Map<string, Uint8Array>();

/**
 * allowed(prev, cur) for every pair, as an (nt + 2) × nt table: row 0 the start, row p + 1 after
 * tag p; the last row says which tags may end a sentence.
 */
function allowedTable(nt: number, scheme: TagScheme): Uint8Array {
  const key = `${scheme}${nt}`;
  let t = allowedCache.get(key);
  if (t === undefined) {
    t = new Uint8Array((nt + 2) * nt);
    for (let p = -1; p < nt; p++) for (let y = 0; y < nt; y++) t[(p + 1) * nt + y] = allowed(p, y, scheme) ? 1 : 0;
    for (let y = 0; y < nt; y++) t[(nt + 1) * nt + y] = allowed(y, 0, scheme) ? 1 : 0;
    allowedCache.set(key, t);
  }
  return t;
}

const previousCache = new Map<string, Int32Array[]>();

/** For each tag, the tags allowed before it (in order). */
function allowedPrevious(nt: number, scheme: TagScheme): Int32Array[] {
  const key = `${scheme}${nt}`;
  let out = previousCache.get(key);
  if (out === undefined) {
    const ok = allowedTable(nt, scheme);
    out = [];
    for (let y = 0; y < nt; y++) {
      const list: number[] = [];
      for (let p = 0; p < nt; p++) if (ok[(p + 1) * nt + y] === 1) list.push(p);
      out.push(Int32Array.from(list));
    }
    previousCache.set(key, out);
  }
  return out;
}

/** Working rows of viterbi, grown as needed and kept (one decode at a time per thread). */
let work = { score: new Float64Array(0), back: new Int32Array(0) };

/**
 * Viterbi over emission scores (n × nt) and transitions ((nt + 1) × nt), valid sequences only;
 * `oBias` is taken from the score of O (tag 0) at every piece. Returns the tags in `out` (a new
 * array when not given).
 */
export function viterbi(emit: Float64Array, n: number, nt: number, trans: Float64Array, scheme: TagScheme, oBias = 0, out?: Int32Array): Int32Array {
  const ok = allowedTable(nt, scheme);
  const prevs = allowedPrevious(nt, scheme);
  if (work.score.length < n * nt) work = { score: new Float64Array(n * nt * 2), back: new Int32Array(n * nt * 2) };
  const { score, back } = work;
  const e = (at: number, y: number): number => (y === 0 ? (emit[at] as number) - oBias : (emit[at + y] as number));
  for (let y = 0; y < nt; y++) score[y] = ok[y] === 1 ? e(0, y) + (trans[y] as number) : -Infinity;
  for (let i = 1; i < n; i++) {
    const row = (i - 1) * nt;
    const at = i * nt;
    for (let y = 0; y < nt; y++) {
      let best = -Infinity;
      let arg = 0;
      const list = prevs[y] as Int32Array;
      for (let q = 0; q < list.length; q++) {
        const p = list[q] as number;
        const v = (score[row + p] as number) + (trans[(p + 1) * nt + y] as number);
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      score[at + y] = best + e(at, y);
      back[at + y] = arg;
    }
  }
  const tags = out ?? new Int32Array(n);
  tags.fill(0, 0, n);
  let best = -Infinity;
  const end = (nt + 1) * nt;
  for (let y = 0; y < nt; y++) {
    const v = score[(n - 1) * nt + y] as number;
    if (ok[end + y] === 1 && v > best) {
      best = v;
      tags[n - 1] = y;
    }
  }
  for (let i = n - 1; i > 0; i--) tags[i - 1] = back[i * nt + (tags[i] as number)] as number;
  return tags;
}

/** The mentions a valid tag sequence spells, as [first piece, last piece, type index]. */
export function spansOf(tags: ArrayLike<number>, scheme: TagScheme, n = tags.length): [number, number, number][] {
  const per = perType(scheme);
  const out: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const t = tags[i] as number;
    if (t === 0) continue;
    const kind = (t - 1) % per;
    const k = Math.floor((t - 1) / per);
    if (kind === U) out.push([i, i, k]);
    if (kind !== B) continue;
    let j = i;
    const inside = 1 + per * k + I;
    while (j + 1 < n && tags[j + 1] === inside) j++;
    if (scheme === 'bilou') {
      if (j + 1 >= n || tags[j + 1] !== 1 + per * k + L) continue;
      j++;
    }
    out.push([i, j, k]);
    i = j;
  }
  return out;
}
