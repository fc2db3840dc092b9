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

/**
 * How viterbi finds each tag's best predecessor, for one scheme and tag count: the tags allowed
 * before each tag (in order, `prevList[prevStart[y]..prevStart[y + 1]]`) and the "wide" groups,
 * tags sharing one list of at least three predecessors (BILOU: O, B-* and U-* after O, L-* or
 * U-*; BIO: O and B-* after any tag). A wide group's predecessors are ranked once per piece.
 */
interface Plan {
  scheme: TagScheme;
  nt: number;
  ok: Uint8Array;
  prevStart: Int32Array;
  prevList: Int32Array;
  /** The tags in no wide group. */
  narrow: Int32Array;
  /** Per wide group, its predecessors. */
  groupPrevs: Int32Array[];
  /** Per wide group, its tags. */
  groupTags: Int32Array[];
}

const planCache = new Map<string, Plan>();
let lastPlan: Plan | null = null;

function planOf(nt: number, scheme: TagScheme): Plan {
  if (lastPlan !== null && lastPlan.nt === nt && lastPlan.scheme === scheme) return lastPlan;
  const key = `${scheme}${nt}`;
  let plan = planCache.get(key);
  if (plan === undefined) {
    const ok = allowedTable(nt, scheme);
    const lists: number[][] = [];
    for (let y = 0; y < nt; y++) {
      const list: number[] = [];
      for (let p = 0; p < nt; p++) if (ok[(p + 1) * nt + y] === 1) list.push(p);
      lists.push(list);
    }
    const prevStart = new Int32Array(nt + 1);
    for (let y = 0; y < nt; y++) prevStart[y + 1] = (prevStart[y] as number) + (lists[y] as number[]).length;
    const prevList = Int32Array.from(lists.flat());
    const groupOf = new Int32Array(nt).fill(-1);
    const byList = new Map<string, number>();
    const groupPrevs: Int32Array[] = [];
    const groupTags: number[][] = [];
    for (let y = 0; y < nt; y++) {
      const list = lists[y] as number[];
      if (list.length < 3) continue;
      const k = list.join(',');
      let g = byList.get(k);
      if (g === undefined) {
        g = groupPrevs.length;
        byList.set(k, g);
        groupPrevs.push(Int32Array.from(list));
        groupTags.push([]);
      }
      groupOf[y] = g;
      (groupTags[g] as number[]).push(y);
    }
    plan = { scheme, nt, ok, prevStart, prevList, narrow: Int32Array.from(groupOf.keys()).filter((y) => groupOf[y] === -1), groupPrevs, groupTags: groupTags.map((t) => Int32Array.from(t)) };
    planCache.set(key, plan);
  }
  lastPlan = plan;
  return plan;
}

/** Working rows of viterbi, grown as needed and kept (one decode at a time per thread). */
let work = { score: new Float64Array(0), back: new Int32Array(0) };
/** Per tag of a wide group, its largest transition from the group's predecessors (this call's transitions). */
let maxIn = new Float64Array(0);

/** The plain loop of viterbi for tag y at a piece: every predecessor in order, the first strict maximum kept. */
function plainBest(plan: Plan, score: Float64Array, back: Int32Array, trans: Float64Array, row: number, at: number, y: number, e: number): void {
  const { nt, prevStart, prevList } = plan;
  let m = -Infinity;
  let arg = 0;
  const to = prevStart[y + 1] as number;
  for (let q = prevStart[y] as number; q < to; q++) {
    const p = prevList[q] as number;
    const v = (score[row + p] as number) + (trans[(p + 1) * nt + y] as number);
    if (v > m) {
      m = v;
      arg = p;
    }
  }
  score[at + y] = m + e;
  back[at + y] = arg;
}

/**
 * Viterbi over emission scores (n × nt) and transitions ((nt + 1) × nt), valid sequences only;
 * `oBias` is taken from the score of O (tag 0) at every piece. Returns the tags in `out` (a new
 * array when not given).
 *
 * Each tag's best predecessor is the first (lowest) one of the largest score + transition. For
 * the tags of a wide group (planOf) the group's predecessors are ranked once per piece, the best
 * p1 and the second best score s2; when s2 + the tag's largest transition from the group is still
 * below p1's sum, p1 is the only maximum (a sum of floats grows with each term) and no other
 * predecessor is read; otherwise (close scores, ties, infinities) all are, in order, as before.
 * The tags are those of the plain loop over every allowed pair, ties included (tags.test.ts).
 */
export function viterbi(emit: Float64Array, n: number, nt: number, trans: Float64Array, scheme: TagScheme, oBias = 0, out?: Int32Array): Int32Array {
  const plan = planOf(nt, scheme);
  const { ok, narrow, groupPrevs, groupTags, prevStart, prevList } = plan;
  const groups = groupPrevs.length;
  if (work.score.length < n * nt) work = { score: new Float64Array(n * nt * 2), back: new Int32Array(n * nt * 2) };
  if (maxIn.length < nt) maxIn = new Float64Array(nt);
  const { score, back } = work;
  if (n > 1) {
    for (let g = 0; g < groups; g++) {
      const prevs = groupPrevs[g] as Int32Array;
      const tags = groupTags[g] as Int32Array;
      for (let t = 0; t < tags.length; t++) {
        const y = tags[t] as number;
        let m = -Infinity;
        for (let q = 0; q < prevs.length; q++) {
          const v = trans[((prevs[q] as number) + 1) * nt + y] as number;
          if (v > m) m = v;
        }
        maxIn[y] = m;
      }
    }
  }
  score[0] = ok[0] === 1 ? (emit[0] as number) - oBias + (trans[0] as number) : -Infinity;
  for (let y = 1; y < nt; y++) score[y] = ok[y] === 1 ? (emit[y] as number) + (trans[y] as number) : -Infinity;
  for (let i = 1; i < n; i++) {
    const row = (i - 1) * nt;
    const at = i * nt;
    const o = (emit[at] as number) - oBias;
    for (let g = 0; g < groups; g++) {
      // the group's best predecessor p1 (the first of the largest score) and the second best score
      const prevs = groupPrevs[g] as Int32Array;
      let s1 = -Infinity;
      let s2 = -Infinity;
      let p1 = -1;
      for (let q = 0; q < prevs.length; q++) {
        const p = prevs[q] as number;
        const s = score[row + p] as number;
        if (s > s1) {
          s2 = s1;
          s1 = s;
          p1 = p;
        } else if (s > s2) s2 = s;
      }
      const tags = groupTags[g] as Int32Array;
      const from = (p1 + 1) * nt;
      for (let t = 0; t < tags.length; t++) {
        const y = tags[t] as number;
        const v = s1 + (trans[from + y] as number);
        if (p1 >= 0 && s2 + (maxIn[y] as number) < v) {
          score[at + y] = v + (y === 0 ? o : (emit[at + y] as number));
          back[at + y] = p1;
        } else plainBest(plan, score, back, trans, row, at, y, y === 0 ? o : (emit[at + y] as number));
      }
    }
    for (let t = 0; t < narrow.length; t++) {
      const y = narrow[t] as number;
      const e = y === 0 ? o : (emit[at + y] as number);
      if ((prevStart[y + 1] as number) - (prevStart[y] as number) !== 2) {
        plainBest(plan, score, back, trans, row, at, y, e);
        continue;
      }
      // two predecessors (BIO's I-*, BILOU's I-* and L-*: after B-* or I-* of the type)
      const a = prevList[prevStart[y] as number] as number;
      const b = prevList[(prevStart[y] as number) + 1] as number;
      const va = (score[row + a] as number) + (trans[(a + 1) * nt + y] as number);
      const vb = (score[row + b] as number) + (trans[(b + 1) * nt + y] as number);
      let m = -Infinity;
      let arg = 0;
      if (va > m) {
        m = va;
        arg = a;
      }
      if (vb > m) {
        m = vb;
        arg = b;
      }
      score[at + y] = m + e;
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
