/**
 * An immutable list held in chunks (at most `max` items each), for a long list that changes a few
 * items at a time: the window's suggestions of a document (renderer/src/state/suggestions.ts), a
 * 20 MB document's 780,000. `applyDelta` gives the list a suggestions.list delta makes of it
 * (`SuggestionDelta`, suggestionPack.ts) sharing every chunk the delta does not touch: it copies
 * the chunk table (n / max references) and rebuilds only the chunks where items go or come, where
 * `applySuggestionDelta` copies every item. `count` counts per chunk and keeps each chunk's count,
 * so a count after a delta looks only at the rebuilt chunks.
 */
import { CoreError } from './errors';
import { partitionPoint } from './text';

/** Chunks hold at most this many items; a rebuilt one shorter than a quarter of it is joined to the one before. */
export const LIST_CHUNK = 1024;

/** Counts per chunk (the very array) and the caller's key. */
const chunkCounts = new WeakMap<readonly unknown[], Map<string, number>>();

export class ChunkedList<T> {
  readonly length: number;
  /** offsets[k] = how many items lie in the chunks before chunk k. */
  private readonly offsets: Int32Array;

  private constructor(
    /** Never empty, never changed once made. */
    private readonly chunks: readonly (readonly T[])[],
    /** The most a chunk holds (small in tests, so chunk borders are crossed). */
    private readonly max: number,
  ) {
    this.offsets = new Int32Array(chunks.length);
    let n = 0;
    for (let k = 0; k < chunks.length; k++) {
      this.offsets[k] = n;
      n += (chunks[k] as readonly T[]).length;
    }
    this.length = n;
  }

  /** The items, in their order (copied into chunks). */
  static of<T>(items: readonly T[], max = LIST_CHUNK): ChunkedList<T> {
    if (!(max >= 4)) throw new CoreError('internal', `chunkedList.ts: a chunk must hold at least 4 items, not ${max}`);
    const chunks: T[][] = [];
    for (let i = 0; i < items.length; i += max) chunks.push(items.slice(i, i + max));
    return new ChunkedList(chunks, max);
  }

  static empty<T>(): ChunkedList<T> {
    return new ChunkedList<T>([], LIST_CHUNK);
  }

  /** The chunk holding index i (0 ≤ i < length). */
  private chunkOf(i: number): number {
    return partitionPoint(this.chunks.length, (k) => (this.offsets[k] as number) <= i) - 1;
  }

  /** Item i, or undefined outside 0..length-1. */
  at(i: number): T | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    const k = this.chunkOf(Math.floor(i));
    return (this.chunks[k] as readonly T[])[Math.floor(i) - (this.offsets[k] as number)];
  }

  /**
   * The first index whose item is not `before` (items `before` holds for come first, as in
   * text.ts `partitionPoint`): a binary search of the chunks by their last item, then of one chunk.
   */
  partitionPoint(before: (x: T) => boolean): number {
    const chunks = this.chunks;
    const k = partitionPoint(chunks.length, (c) => {
      const chunk = chunks[c] as readonly T[];
      return before(chunk[chunk.length - 1] as T);
    });
    if (k >= chunks.length) return this.length;
    const chunk = chunks[k] as readonly T[];
    return (this.offsets[k] as number) + partitionPoint(chunk.length, (j) => before(chunk[j] as T));
  }

  /** Items from..to-1, as an array. */
  slice(from = 0, to = this.length): T[] {
    const out: T[] = [];
    from = Math.max(0, Math.floor(from));
    to = Math.min(this.length, Math.floor(to));
    if (from >= to) return out;
    for (let k = this.chunkOf(from); k < this.chunks.length && (this.offsets[k] as number) < to; k++) {
      const c = this.chunks[k] as readonly T[];
      const base = this.offsets[k] as number;
      for (let j = Math.max(0, from - base); j < c.length && base + j < to; j++) out.push(c[j] as T);
    }
    return out;
  }

  toArray(): T[] {
    return this.slice(0, this.length);
  }

  /** How many items pass `test`: each chunk counted once per `cacheKey` (the test must be the same for one key). */
  count(test: (x: T) => boolean, cacheKey: string): number {
    let n = 0;
    for (const c of this.chunks) {
      let byKey = chunkCounts.get(c);
      if (!byKey) chunkCounts.set(c, (byKey = new Map()));
      let m = byKey.get(cacheKey);
      if (m === undefined) {
        m = 0;
        for (const x of c) if (test(x)) m++;
        byKey.set(cacheKey, m);
      }
      n += m;
    }
    return n;
  }

  /** How many chunks this list shares (the very arrays) with `other`: what a delta left as it was. */
  sharedChunks(other: ChunkedList<T>): number {
    const theirs = new Set(other.chunks);
    return this.chunks.reduce((n, c) => n + (theirs.has(c) ? 1 : 0), 0);
  }

  /**
   * The list `delta` makes of this one: without the items at `delta.removed` (indexes here,
   * ascending) and with `added` put in at `delta.added` (indexes in the new list, ascending), as
   * `applySuggestionDelta` does with an array. A chunk no index falls in is kept as it is; one
   * that changes is rebuilt (halved when it outgrows `max`, joined to the one before when it
   * shrinks below a quarter of it). `invalid-argument` when the delta does not fit (an index out
   * of range or out of order): the window then asks for the whole list.
   */
  applyDelta(delta: { readonly from?: string; readonly removed: readonly number[]; readonly added: readonly number[] }, added: readonly T[]): ChunkedList<T> {
    const { removed, added: at } = delta;
    const what = `suggestion delta${delta.from !== undefined ? ` from ${delta.from}` : ''}`;
    if (at.length !== added.length) throw new CoreError('invalid-argument', `${what}: ${at.length} places for ${added.length} items`);
    if (removed.length === 0 && at.length === 0) return this;
    const max = this.max;
    const out: (readonly T[])[] = [];
    /** The chunks rebuilt here (theirs to change until the list is made). */
    const fresh = new Set<readonly T[]>();
    const put = (items: T[]) => {
      for (let i = 0; i < items.length; i += max) {
        if (items.length === 0) return;
        const piece = items.length <= max ? items : items.slice(i, i + max);
        const last = out[out.length - 1];
        if (last !== undefined && (piece.length < max >>> 2 || last.length < max >>> 2) && last.length + piece.length <= max) {
          // a short chunk joins the one before (a copy of at most `max` items)
          const joined = fresh.has(last) ? (last as T[]) : last.slice();
          for (const x of piece) joined.push(x);
          fresh.add(joined);
          out[out.length - 1] = joined;
        } else {
          fresh.add(piece);
          out.push(piece);
        }
        if (items.length <= max) break;
      }
    };
    let r = 0; // next removal
    let a = 0; // next addition
    let i = 0; // index in this list
    let j = 0; // index in the new list
    for (const c of this.chunks) {
      const n = c.length;
      const nextRemoved = r < removed.length ? (removed[r] as number) : Infinity;
      const nextAdded = a < at.length ? (at[a] as number) : Infinity;
      if (nextRemoved >= i + n && nextAdded >= j + n) {
        // nothing goes or comes inside this chunk: kept (an addition right after it goes into the next)
        out.push(c);
        i += n;
        j += n;
        continue;
      }
      const items: T[] = [];
      let k = 0;
      while (k < n) {
        if (a < at.length && at[a] === j) {
          items.push(added[a++] as T);
          j++;
        } else if (r < removed.length && removed[r] === i) {
          r++;
          i++;
          k++;
        } else {
          items.push(c[k++] as T);
          i++;
          j++;
        }
      }
      put(items);
    }
    // additions after the last item
    const tail: T[] = [];
    while (a < at.length && at[a] === j) {
      tail.push(added[a++] as T);
      j++;
    }
    put(tail);
    if (a !== at.length || r !== removed.length || i !== this.length) throw new CoreError('invalid-argument', `${what}: does not fit the ${this.length} items held`);
    return new ChunkedList(out, max);
  }
}
