/**
 * A ReadonlyMap made from another by a few edits without copying it: the edits sit over the map
 * they were made from (shared, never changed), so a label on a document with 200,000 mentions
 * costs the label, not a copy of 200,000 entries (tens of milliseconds, twice per label). Once
 * the edits grow past FLATTEN they are folded into a map of their own (one copy every few
 * thousand edits). Iteration gives the entries of the map made from, changed in place, then the
 * added ones.
 */
const GONE: unique symbol = Symbol('gone');

/** Edits kept over a shared map before it is copied with them. */
const FLATTEN = 4096;

export interface MapEdits<K, V> {
  set(key: K, value: V): void;
  delete(key: K): void;
}

export class EditedMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private base: ReadonlyMap<K, V>,
    private edits: Map<K, V | typeof GONE>,
    private count: number,
  ) {}

  /** `from` with `edit` applied; `from` is left as it was. */
  static edit<K, V>(from: ReadonlyMap<K, V>, edit: (map: MapEdits<K, V>) => void): EditedMap<K, V> {
    const next = from instanceof EditedMap ? new EditedMap<K, V>(from.base, new Map(from.edits), from.count) : new EditedMap<K, V>(from, new Map(), from.size);
    edit({ set: (k, v) => next.put(k, v), delete: (k) => next.remove(k) });
    if (next.edits.size > FLATTEN) next.flatten();
    return next;
  }

  private put(k: K, v: V): void {
    if (!this.has(k)) this.count++;
    this.edits.set(k, v);
  }

  private remove(k: K): void {
    if (!this.has(k)) return;
    this.count--;
    if (this.base.has(k)) this.edits.set(k, GONE);
    else this.edits.delete(k);
  }

  private flatten(): void {
    this.base = new Map(this.entries());
    this.edits = new Map();
  }

  get size(): number {
    return this.count;
  }

  get(k: K): V | undefined {
    const e = this.edits.get(k);
    if (e !== undefined || this.edits.has(k)) return e === GONE ? undefined : e;
    return this.base.get(k);
  }

  has(k: K): boolean {
    const e = this.edits.get(k);
    if (e !== undefined || this.edits.has(k)) return e !== GONE;
    return this.base.has(k);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [k, v] of this.base) {
      if (!this.edits.has(k)) yield [k, v];
      else {
        const e = this.edits.get(k) as V | typeof GONE;
        if (e !== GONE) yield [k, e];
      }
    }
    for (const [k, e] of this.edits) if (e !== GONE && !this.base.has(k)) yield [k, e];
  }

  *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(f: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) f.call(thisArg, v, k, this);
  }

  get [Symbol.toStringTag](): string {
    return 'EditedMap';
  }
}
