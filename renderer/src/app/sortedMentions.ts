/**
 * The mention list's order (text order; at one start the longer first; then type), kept across
 * edits. The order is held in chunks of at most CHUNK mentions (`SortedMentions`): an edit copies
 * the chunk table (n / CHUNK entries) and only the chunks its mentions fall in, so a label at
 * 200,000 mentions copies a few hundred references instead of the whole array (the old
 * `sorted.slice()` cost ~14 ms CPU and 1.6 MB of garbage a change at 20 MB).
 */
import type { EntityMention } from '../../../annotations/model';
import { partitionPoint } from '../../../annotations/text';

export function compareMentions(a: EntityMention, b: EntityMention): number {
  return a.start - b.start || b.end - a.end || a.type.localeCompare(b.type);
}

/** Chunks grow to at most this many mentions before they are halved. */
export const CHUNK = 512;

/** An immutable sorted sequence of mentions; `patch` gives a new one and leaves this one as it was. */
export class SortedMentions {
  readonly length: number;
  /** offsets[k] = how many mentions lie in the chunks before chunk k. */
  private readonly offsets: Int32Array;

  private constructor(
    private readonly chunks: readonly (readonly EntityMention[])[],
    /** The most a chunk holds before it is halved (small in tests, so chunk borders are crossed). */
    private readonly max: number,
  ) {
    this.offsets = new Int32Array(chunks.length);
    let n = 0;
    for (let k = 0; k < chunks.length; k++) {
      this.offsets[k] = n;
      n += (chunks[k] as readonly EntityMention[]).length;
    }
    this.length = n;
  }

  /** Sorts `mentions` once. */
  static from(mentions: Iterable<EntityMention>, max = CHUNK): SortedMentions {
    if (max < 2) throw new Error(`sortedMentions.ts: a chunk must hold at least 2 mentions, not ${max}`);
    const all = [...mentions].sort(compareMentions);
    const half = max >>> 1;
    const chunks: EntityMention[][] = [];
    for (let i = 0; i < all.length; i += half) chunks.push(all.slice(i, i + half));
    return new SortedMentions(chunks, max);
  }

  /** The chunk holding index i (0 ≤ i < length). */
  private chunkOf(i: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.offsets[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(i: number): EntityMention | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const k = this.chunkOf(i);
    return (this.chunks[k] as readonly EntityMention[])[i - (this.offsets[k] as number)];
  }

  /** Mentions from..to-1, as an array (the rows in view). */
  slice(from: number, to: number): EntityMention[] {
    const out: EntityMention[] = [];
    from = Math.max(0, from);
    to = Math.min(this.length, to);
    if (from >= to) return out;
    for (let k = this.chunkOf(from); k < this.chunks.length && (this.offsets[k] as number) < to; k++) {
      const c = this.chunks[k] as readonly EntityMention[];
      const base = this.offsets[k] as number;
      for (let j = Math.max(0, from - base); j < c.length && base + j < to; j++) out.push(c[j] as EntityMention);
    }
    return out;
  }

  /** The largest chunk's size (never above the bound, so an edit's copy stays small). */
  largestChunk(): number {
    return this.chunks.reduce((a, c) => Math.max(a, c.length), 0);
  }

  toArray(): EntityMention[] {
    return this.slice(0, this.length);
  }

  /** Index of this very mention (found by its order, then by identity), or -1. */
  indexOf(m: EntityMention): number {
    for (let k = chunkFor(this.chunks, m); k < this.chunks.length; k++) {
      const c = this.chunks[k] as readonly EntityMention[];
      if (compareMentions(c[0] as EntityMention, m) > 0) break;
      for (let j = lowerBound(c, m); j < c.length && compareMentions(c[j] as EntityMention, m) === 0; j++) {
        if (c[j] === m) return (this.offsets[k] as number) + j;
      }
    }
    return -1;
  }

  /**
   * Without `removed` (the very objects) and with `added`, in order. Copies the chunk table and the
   * chunks touched, nothing else.
   */
  patch(removed: readonly EntityMention[], added: readonly EntityMention[]): SortedMentions {
    if (removed.length === 0 && added.length === 0) return this;
    const chunks = this.chunks.slice() as (readonly EntityMention[])[];
    const copied = new Set<readonly EntityMention[]>();
    const own = (k: number): EntityMention[] => {
      const c = chunks[k] as readonly EntityMention[];
      if (copied.has(c)) return c as EntityMention[];
      const mine = c.slice();
      copied.add(mine);
      chunks[k] = mine;
      return mine;
    };
    for (const m of removed) {
      // Equal mentions may run across chunk borders: look from the first chunk that may hold m on.
      let done = false;
      for (let k = chunkFor(chunks, m); k < chunks.length && !done; k++) {
        const c = chunks[k] as readonly EntityMention[];
        if (c.length > 0 && compareMentions(c[0] as EntityMention, m) > 0) break;
        for (let j = lowerBound(c, m); j < c.length && compareMentions(c[j] as EntityMention, m) === 0; j++) {
          if (c[j] === m) {
            const mine = own(k);
            mine.splice(j, 1);
            // No empty chunk stays: chunkFor's search needs every chunk to have a last mention.
            if (mine.length === 0) chunks.splice(k, 1);
            done = true;
            break;
          }
        }
      }
    }
    for (const m of added) {
      if (chunks.length === 0) {
        const c: EntityMention[] = [];
        copied.add(c);
        chunks.push(c);
      }
      const k = chunkFor(chunks, m);
      const c = own(k);
      c.splice(lowerBound(c, m), 0, m);
      if (c.length > this.max) {
        const tail = c.splice(this.max >>> 1);
        copied.add(tail);
        chunks.splice(k + 1, 0, tail);
      }
    }
    return new SortedMentions(chunks, this.max);
  }
}

/** The first chunk whose last mention is not before m (or the last chunk); chunks are never empty. */
function chunkFor(chunks: readonly (readonly EntityMention[])[], m: EntityMention): number {
  return partitionPoint(chunks.length - 1, (i) => {
    const c = chunks[i] as readonly EntityMention[];
    return compareMentions(c[c.length - 1] as EntityMention, m) < 0;
  });
}

function lowerBound(sorted: readonly EntityMention[], m: EntityMention): number {
  return partitionPoint(sorted.length, (i) => compareMentions(sorted[i] as EntityMention, m) < 0);
}
