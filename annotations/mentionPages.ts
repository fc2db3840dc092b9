/**
 * One set's mentions of a document in pages of columns, for the bridge (issue 15): 200,000
 * mentions as objects are some 40 MB of JSON; as columns of numbers (strings once, in a table) a
 * sixth of that, in pages of at most `MENTION_PAGE_SIZE` so no one call holds the main process for
 * long. `unpackMentionPages` reassembles exactly the mentions the store holds (every field, the
 * optional ones only where present) or refuses pages that do not belong together.
 *
 * A page lists its mentions in id order (ascending), which the store reads from its index without
 * sorting; `next` asks for the page after it. The set's `revision` (its change count, last change
 * and size) is on every page: pages read across a change do not join (`conflict`), and the reader
 * starts again.
 */
import { CoreError } from './errors';
import type { EntityMention } from './model';

/** Mentions per page: 50,000 (about 1.7 MB of JSON). */
export const MENTION_PAGE_SIZE = 50_000;

export interface MentionPage {
  docId: string;
  /** The set as it was read; every page of one reading has the same. */
  revision: string;
  /** How many mentions the set has (all pages together). */
  total: number;
  /** The id to pass as `after` for the next page, or null: this is the last. */
  next: string | null;
  /** The strings the columns `types`, `annotators` and `origins` point into. */
  strings: string[];
  /** Ids, each as the difference from the one before (the page's first from 0): ids ascend, across pages too. */
  ids: number[];
  starts: number[];
  /** end − start. */
  lengths: number[];
  types: number[];
  annotators: number[];
  origins: number[];
  /** createdAt as milliseconds since 1970 (for times written as `Date.toISOString` writes them, else 0 and in `rawTimes`). */
  created: number[];
  /** updatedAt − createdAt, in milliseconds (0 for a mention in `rawTimes`). */
  updated: number[];
  /** Mentions whose times are not in `toISOString`'s form: [row, createdAt, updatedAt], exactly as stored. */
  rawTimes: [number, string, string][];
  /** What else a mention holds (attributes, note, provenance, fragments, normalisations): [row, fields]. */
  extras: [number, Partial<EntityMention>][];
}

const BASE_KEYS = new Set(['id', 'docId', 'type', 'start', 'end', 'annotator', 'origin', 'createdAt', 'updatedAt']);

/** What a mention holds beyond the page's columns (attributes, note, provenance, fragments, normalisations), or null. */
export function mentionExtras(m: EntityMention): Partial<EntityMention> | null {
  let extra: Partial<EntityMention> | null = null;
  for (const key of Object.keys(m) as (keyof EntityMention)[]) {
    if (BASE_KEYS.has(key)) continue;
    (extra ??= {} as Partial<EntityMention>)[key] = m[key] as never;
  }
  return extra;
}

/** Milliseconds for a time `toISOString` gives back exactly, else null. */
function isoMillis(s: string): number | null {
  if (s.length !== 24) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) && new Date(ms).toISOString() === s ? ms : null;
}

/** Builds one page, a mention at a time (in ascending id order). */
export class MentionPacker {
  private readonly page: MentionPage;
  private readonly index = new Map<string, number>();
  /** isoMillis of the times met so far (a set's times repeat: an import writes one for all). */
  private readonly times = new Map<string, number | null>();
  private lastId = 0;

  constructor(info: { docId: string; revision: string; total: number }) {
    this.page = {
      docId: info.docId,
      revision: info.revision,
      total: info.total,
      next: null,
      strings: [],
      ids: [],
      starts: [],
      lengths: [],
      types: [],
      annotators: [],
      origins: [],
      created: [],
      updated: [],
      rawTimes: [],
      extras: [],
    };
  }

  get count(): number {
    return this.page.ids.length;
  }

  private string(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.page.strings.length;
      this.page.strings.push(s);
      this.index.set(s, k);
    }
    return k;
  }

  private millis(s: string): number | null {
    let ms = this.times.get(s);
    if (ms === undefined) {
      ms = isoMillis(s);
      this.times.set(s, ms);
    }
    return ms;
  }

  /** One more mention; its id must be a positive integer greater than the one before. */
  add(m: EntityMention): void {
    if (m.docId !== this.page.docId) throw new CoreError('internal', `mention ${m.id} is of document ${m.docId}, not ${this.page.docId}`);
    const id = Number(m.id);
    if (String(id) !== m.id) throw new CoreError('internal', `mention id ${JSON.stringify(m.id)} is not an integer`);
    this.addRow(id, m.type, m.start, m.end, m.annotator, m.origin, m.createdAt, m.updatedAt, mentionExtras(m));
  }

  /**
   * One more mention as the store's columns (the service packs rows without making an object of
   * each); `extra`: its other fields (attributes, note, provenance, fragments, normalisations),
   * null when it has none.
   */
  addRow(id: number, type: string, start: number, end: number, annotator: string, origin: string, createdAt: string, updatedAt: string, extra: Partial<EntityMention> | null): void {
    const p = this.page;
    if (!Number.isSafeInteger(id) || id <= this.lastId) throw new CoreError('internal', `mention id ${id} is not an integer after ${this.lastId}`);
    const row = p.ids.length;
    p.ids.push(id - this.lastId);
    this.lastId = id;
    p.starts.push(start);
    p.lengths.push(end - start);
    p.types.push(this.string(type));
    p.annotators.push(this.string(annotator));
    p.origins.push(this.string(origin));
    const created = this.millis(createdAt);
    const updated = this.millis(updatedAt);
    if (created === null || updated === null) {
      p.created.push(0);
      p.updated.push(0);
      p.rawTimes.push([row, createdAt, updatedAt]);
    } else {
      p.created.push(created);
      p.updated.push(updated - created);
    }
    if (extra) p.extras.push([row, extra]);
  }

  /** The page; `more`: mentions follow it (its last id is then `next`). */
  finish(more: boolean): MentionPage {
    this.page.next = more && this.lastId > 0 ? String(this.lastId) : null;
    return this.page;
  }
}

/** A whole set as pages (the store reads them page by page; tests and tools use this). */
export function packMentionPages(docId: string, revision: string, mentions: readonly EntityMention[], pageSize = MENTION_PAGE_SIZE): MentionPage[] {
  const sorted = [...mentions].sort((a, b) => Number(a.id) - Number(b.id));
  const pages: MentionPage[] = [];
  for (let i = 0; i === 0 || i < sorted.length; i += pageSize) {
    const packer = new MentionPacker({ docId, revision, total: sorted.length });
    for (const m of sorted.slice(i, i + pageSize)) packer.add(m);
    pages.push(packer.finish(i + pageSize < sorted.length));
  }
  return pages;
}

/**
 * The mentions of pages read one after another (each asked with the `next` of the one before),
 * in id order. Throws `conflict` when they are not one reading of one set (another document,
 * another revision, a page missing, the count wrong) and `invalid-argument` when a page is
 * malformed.
 */
export function unpackMentionPages(pages: readonly MentionPage[]): EntityMention[] {
  const first = sameReading(pages);
  const out: EntityMention[] = [];
  const iso = isoFormatter();
  let lastId = 0;
  for (const [k, p] of pages.entries()) {
    if ((p.next === null) !== (k === pages.length - 1)) throw new CoreError('conflict', `mention page ${k + 1} of ${pages.length} says ${p.next === null ? 'it is the last' : 'more follow'}`);
    lastId = unpackPage(p, k, out, lastId, iso);
    if (p.next !== null && p.next !== String(lastId)) throw new CoreError('conflict', `mention page ${k + 1} ends at ${lastId}, not ${p.next}`);
  }
  if (out.length !== first.total) throw new CoreError('conflict', `${out.length} mentions in the pages, ${first.total} in the set`);
  return out;
}

/**
 * The mentions of pages read by position (`mentions.page` with `textPage`: those starting in a
 * range of text pages, each page in id order), in any order: together, in id order, exactly the
 * set. Throws `conflict` when they are not one reading of one set (another revision, a mention
 * twice, the count wrong). `part`: some of the pages only (the first screen's), not the whole set.
 */
export function unpackPositionPages(pages: readonly MentionPage[], options: { part?: boolean } = {}): EntityMention[] {
  const first = sameReading(pages);
  const out: EntityMention[] = [];
  const iso = isoFormatter();
  for (const [k, p] of pages.entries()) {
    if (p.next !== null) throw new CoreError('conflict', `mention page ${k + 1} is a page by id, not by position`);
    unpackPage(p, k, out, 0, iso);
  }
  if (!options.part && out.length !== first.total) throw new CoreError('conflict', `${out.length} mentions in the pages, ${first.total} in the set`);
  out.sort((a, b) => Number(a.id) - Number(b.id));
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.id === out[i - 1]!.id) throw new CoreError('conflict', `mention ${out[i]!.id} is on two pages`);
  }
  return out;
}

/** The first page, once every page is checked to be of the same reading of the same set. */
function sameReading(pages: readonly MentionPage[]): MentionPage {
  const first = pages[0];
  if (!first) throw new CoreError('invalid-argument', 'no mention pages');
  for (const [k, p] of pages.entries()) {
    if (p.docId !== first.docId || p.revision !== first.revision || p.total !== first.total) {
      throw new CoreError('conflict', `mention page ${k + 1} is of another reading (${p.docId} revision ${p.revision}, not ${first.docId} revision ${first.revision})`);
    }
  }
  return first;
}

/** Imported mentions share their times: each distinct time is formatted once in a row. */
function isoFormatter(): (ms: number) => string {
  let lastMs = NaN;
  let lastIso = '';
  return (ms: number): string => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
}

/** Page k's mentions appended to `out`; its ids must ascend from `lastId`. Answers its last id. */
function unpackPage(p: MentionPage, k: number, out: EntityMention[], lastId: number, iso: (ms: number) => string): number {
  const n = p.ids.length;
  for (const column of [p.starts, p.lengths, p.types, p.annotators, p.origins, p.created, p.updated]) {
    if (column.length !== n) throw new CoreError('invalid-argument', `mention page ${k + 1}: columns of different lengths`);
  }
  const base = out.length;
  // Each page's ids count from 0; they go on ascending from the page before.
  let id = 0;
  for (let i = 0; i < n; i++) {
    id += p.ids[i] as number;
    if (!(id > lastId) || !Number.isSafeInteger(id)) throw new CoreError('conflict', `mention page ${k + 1}: id ${id} after ${lastId}`);
    lastId = id;
    const start = p.starts[i] as number;
    const created = p.created[i] as number;
    const m: EntityMention = {
      id: String(lastId),
      docId: p.docId,
      type: stringAt(p, p.types[i] as number),
      start,
      end: start + (p.lengths[i] as number),
      annotator: stringAt(p, p.annotators[i] as number),
      origin: stringAt(p, p.origins[i] as number) as EntityMention['origin'],
      createdAt: '',
      updatedAt: '',
    };
    m.createdAt = iso(created);
    const updated = p.updated[i] as number;
    m.updatedAt = updated === 0 ? m.createdAt : iso(created + updated);
    out.push(m);
  }
  for (const [row, createdAt, updatedAt] of p.rawTimes) {
    const m = rowOf(out, base, n, row, k);
    m.createdAt = createdAt;
    m.updatedAt = updatedAt;
  }
  for (const [row, extra] of p.extras) Object.assign(rowOf(out, base, n, row, k), extra);
  return lastId;
}

function stringAt(p: MentionPage, k: number): string {
  const s = p.strings[k];
  if (s === undefined) throw new CoreError('invalid-argument', `mention page: no string ${k}`);
  return s;
}

function rowOf(out: EntityMention[], base: number, n: number, row: number, page: number): EntityMention {
  if (!Number.isInteger(row) || row < 0 || row >= n) throw new CoreError('invalid-argument', `mention page ${page + 1}: no row ${row}`);
  return out[base + row] as EntityMention;
}
