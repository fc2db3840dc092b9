/**
 * The suggestions shown (state/suggestions.ts): the service's list of a revision (`base`, in text
 * order: by start, as suggestions.list sends them) less the items taken out since (a label's, an
 * accept's, a reject's), held as the base list (a ChunkedList: a delta from the service shares
 * its untouched chunks) and the sorted indexes of what is taken out. A label that covers
 * suggestions takes them out in time proportional to what it takes out (a binary search each, and
 * the few indexes taken out until the next list), never a copy of the list: a 20 MB document
 * lists 780,000, and copying them once per label was the largest script cost of an Arabic label
 * there (README, Performance). Immutable: `without` gives a new list.
 */
import { ChunkedList } from '../../../annotations/chunkedList';
import { partitionPoint } from '../../../annotations/text';

/** What the list needs of an item: its key (`<start>:<end>:<type>`, the start first) and start. */
export interface ListedItem {
  key: string;
  start: number;
}

const NONE = new Int32Array(0);

export class ShownSuggestions<T extends ListedItem> {
  readonly length: number;

  private constructor(
    /** The service's list, in text order (never changed). */
    private readonly all: ChunkedList<T>,
    /** Indexes in `all` taken out, ascending. */
    private readonly gone: Int32Array,
  ) {
    this.length = all.length - gone.length;
  }

  /** The list as it is (an array is copied into chunks). */
  static of<T extends ListedItem>(items: readonly T[] | ChunkedList<T>): ShownSuggestions<T> {
    return new ShownSuggestions(items instanceof ChunkedList ? items : ChunkedList.of(items), NONE);
  }

  static empty<T extends ListedItem>(): ShownSuggestions<T> {
    return new ShownSuggestions<T>(ChunkedList.empty(), NONE);
  }

  /** The base list's index of shown item i: i plus the items taken out up to there. */
  private baseIndex(i: number): number {
    const gone = this.gone;
    // gone[j] - j: the shown items before gone[j]; nondecreasing in j
    return i + partitionPoint(gone.length, (j) => (gone[j] as number) - j <= i);
  }

  /** Shown item i (0 ≤ i < length), else undefined. */
  at(i: number): T | undefined {
    if (!(i >= 0 && i < this.length)) return undefined;
    return this.all.at(this.baseIndex(Math.floor(i)));
  }

  /** The base index of `key`, or -1 (a binary search by the start its key begins with). */
  private find(key: string): number {
    const start = Number(key.slice(0, key.indexOf(':')));
    if (!Number.isFinite(start)) return -1;
    const all = this.all;
    for (let i = all.partitionPoint((x) => x.start < start); i < all.length; i++) {
      const x = all.at(i) as T;
      if (x.start !== start) break;
      if (x.key === key) return i;
    }
    return -1;
  }

  /** Whether base index b is taken out. */
  private isGone(b: number): boolean {
    const gone = this.gone;
    const j = partitionPoint(gone.length, (k) => (gone[k] as number) < b);
    return j < gone.length && gone[j] === b;
  }

  /** The shown index of the item of `key`, or -1. */
  indexOfKey(key: string): number {
    const b = this.find(key);
    if (b < 0 || this.isGone(b)) return -1;
    const gone = this.gone;
    return b - partitionPoint(gone.length, (k) => (gone[k] as number) < b);
  }

  /** The item of `key` shown, or null. */
  byKey(key: string): T | null {
    const b = this.find(key);
    return b < 0 || this.isGone(b) ? null : (this.all.at(b) as T);
  }

  /** Shown items from..to-1, as an array. */
  slice(from = 0, to = this.length): T[] {
    from = Math.max(0, from);
    to = Math.min(this.length, to);
    if (this.gone.length === 0) return this.all.slice(from, to);
    const out: T[] = [];
    if (from >= to) return out;
    const gone = this.gone;
    let b = this.baseIndex(from);
    let j = partitionPoint(gone.length, (k) => (gone[k] as number) < b);
    while (out.length < to - from) {
      if (j < gone.length && gone[j] === b) {
        j++;
      } else {
        out.push(this.all.at(b) as T);
      }
      b++;
    }
    return out;
  }

  toArray(): T[] {
    return this.slice(0, this.length);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }

  /**
   * Without the items of `keys` (those not shown are ignored): each found by a binary search, the
   * indexes taken out merged with those before; the base list is shared, never copied.
   */
  without(keys: Iterable<string>): ShownSuggestions<T> {
    const out: number[] = [];
    for (const key of keys) {
      const b = this.find(key);
      if (b >= 0 && !this.isGone(b)) out.push(b);
    }
    if (out.length === 0) return this;
    out.sort((x, y) => x - y);
    const old = this.gone;
    const gone = new Int32Array(old.length + out.length);
    let i = 0;
    let j = 0;
    let n = 0;
    let last = -1;
    while (i < old.length || j < out.length) {
      const next = j >= out.length || (i < old.length && (old[i] as number) <= (out[j] as number)) ? (old[i++] as number) : (out[j++] as number);
      if (next !== last) gone[n++] = next;
      last = next;
    }
    return new ShownSuggestions(this.all, n === gone.length ? gone : gone.slice(0, n));
  }

  /**
   * How many shown items pass `test`: the base list's count (each of its chunks counted once per
   * `cacheKey`, so after a delta only the chunks it rebuilt) less those taken out that pass.
   */
  count(test: (x: T) => boolean, cacheKey: string): number {
    let n = this.all.count(test, cacheKey);
    for (const b of this.gone) if (test(this.all.at(b) as T)) n--;
    return n;
  }
}
