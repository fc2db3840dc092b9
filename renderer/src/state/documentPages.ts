/**
 * The document list as the window holds it: the query (filter and sort, done by the store), the
 * number of documents matching, and the pages of rows asked for so far (`documents.page`). Only
 * the pages the list shows are asked for; a row is at its index in the store's order, so pages
 * asked in any order reassemble the list exactly. A new query or a refresh drops the pages (an
 * answer to an older query is ignored); a change's answer replaces its row where it is loaded.
 * A row can come with figures pending (out of date in the store, not computed for the page's
 * answer): once the rows are painted the list asks for them (`documents.figures`) and merges the
 * answer into the rows still pending; an answer for an older query is dropped.
 */
import type { DocumentFigures, DocumentFilter, DocumentPage, DocumentRow, DocumentSort, DocumentSummary } from '../contract';
import { Observable } from './observable';

export interface DocumentQuery {
  filter: DocumentFilter;
  sort: DocumentSort;
}

export interface DocumentPagesState {
  query: DocumentQuery;
  /** Documents matching the query (null until the first answer). */
  total: number | null;
  /** Documents in the project. */
  all: number;
  /** Documents the current annotator has annotations on. */
  own: number;
  /** Raised whenever rows arrive or change (React re-reads `rowAt`). */
  version: number;
}

export type PageRequest = (args: { filter?: DocumentFilter; sort?: DocumentSort; offset: number; limit: number }) => Promise<DocumentPage | null>;

export type FiguresRequest = (ids: string[]) => Promise<DocumentFigures[] | null>;

/** Runs `fn` once the window has painted what was just set (a frame, then a task), or after 100 ms where no frame comes (a hidden window). */
export function afterPaint(fn: () => void): void {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(go, 0));
  setTimeout(go, 100);
}

export const DEFAULT_QUERY: DocumentQuery = { filter: {}, sort: { key: 'order' } };

/** The filter without its empty parts (what is sent). */
export function cleanFilter(filter: DocumentFilter): DocumentFilter {
  const out: DocumentFilter = {};
  if (filter.name !== undefined && filter.name.trim() !== '') out.name = filter.name.trim();
  if (filter.status !== undefined && filter.status.length > 0) out.status = filter.status;
  if (filter.lang !== undefined && filter.lang.length > 0) out.lang = filter.lang;
  if (filter.annotator !== undefined && filter.annotator !== '') out.annotator = filter.annotator;
  if (filter.flags !== undefined && filter.flags.length > 0) out.flags = filter.flags;
  if (filter.problems !== undefined) out.problems = filter.problems;
  return out;
}

export class DocumentPages extends Observable<DocumentPagesState> {
  private pages = new Map<number, DocumentRow[]>();
  private pending = new Set<number>();
  /** Raised by every new query or refresh: answers of an older generation are dropped. */
  private generation = 0;
  /** The rows last asked for (a refresh asks for them again). */
  private wanted: [number, number] = [0, 0];
  /** Nothing is asked for before the boot call's first page (seed) or a query: the start is one call. */
  private started = false;

  constructor(
    private readonly request: PageRequest,
    readonly pageSize = 100,
    /** Asks for rows' pending figures (none: they stay pending). */
    private readonly figures?: FiguresRequest,
    /** When the figures are asked for: once the rows are painted. */
    private readonly whenPainted: (fn: () => void) => void = afterPaint,
  ) {
    super({ query: DEFAULT_QUERY, total: null, all: 0, own: 0, version: 0 });
  }

  /** The row at `index` of the list, when its page has arrived. */
  rowAt(index: number): DocumentRow | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** The rows loaded so far, in list order (a page not loaded is a gap). */
  loadedRows(): DocumentRow[] {
    return [...this.pages.keys()].sort((a, b) => a - b).flatMap((p) => this.pages.get(p) ?? []);
  }

  /** Use an answer the window already has (the boot call's first page) for the default query. */
  seed(page: DocumentPage): void {
    this.started = true;
    this.generation++;
    this.pages = new Map();
    this.pending.clear();
    this.set({ query: DEFAULT_QUERY });
    // Only a whole page (or the whole list) is kept as a page; else the list asks for its own.
    if (page.offset === 0 && (page.rows.length === this.pageSize || page.rows.length === page.total)) this.take(page);
    else this.set({ total: null, version: this.state.version + 1 });
  }

  /** A new filter or sort: the pages are dropped and the rows asked for again. */
  setQuery(query: DocumentQuery): Promise<void> {
    this.set({ query: { filter: cleanFilter(query.filter), sort: query.sort } });
    return this.refresh();
  }

  /** Ask again for what is shown (after imports, another annotator, a schema change). */
  refresh(): Promise<void> {
    this.started = true;
    this.generation++;
    this.pages = new Map();
    this.pending.clear();
    this.set({ version: this.state.version + 1 });
    const [from, to] = this.wanted;
    return this.ensure(from, Math.max(to, from + 1));
  }

  /** Make sure the rows [from, to) are loaded or on their way. */
  async ensure(from: number, to: number): Promise<void> {
    this.wanted = [from, to];
    if (!this.started) return;
    const total = this.state.total;
    const last = total === null ? Math.floor(from / this.pageSize) : Math.floor((Math.min(to, total) - 1) / this.pageSize);
    const asks: Promise<void>[] = [];
    for (let p = Math.floor(from / this.pageSize); p <= last; p++) {
      if (this.pages.has(p) || this.pending.has(p)) continue;
      asks.push(this.load(p));
    }
    await Promise.all(asks);
  }

  private async load(pageIndex: number): Promise<void> {
    const generation = this.generation;
    this.pending.add(pageIndex);
    const { filter, sort } = this.state.query;
    const page = await this.request({
      ...(Object.keys(filter).length > 0 ? { filter } : {}),
      ...(sort.key !== 'order' || sort.desc ? { sort } : {}),
      offset: pageIndex * this.pageSize,
      limit: this.pageSize,
    });
    if (generation !== this.generation) return;
    this.pending.delete(pageIndex);
    if (page === null) return;
    const before = this.state.total;
    this.take(page);
    // The first answer says how long the list is: ask for the rest of what is shown.
    if (before === null) await this.ensure(...this.wanted);
  }

  private take(page: DocumentPage): void {
    const pageIndex = Math.floor(page.offset / this.pageSize);
    if (page.offset % this.pageSize === 0) this.pages.set(pageIndex, page.rows);
    else for (let i = 0; i < page.rows.length; i++) this.placeRow(page.offset + i, page.rows[i]!);
    this.set({ total: page.total, all: page.all, own: page.own, version: this.state.version + 1 });
    this.askFigures(page.rows.filter((r) => r.pending !== undefined).map((r) => r.id));
  }

  /** Once the rows are painted: their pending figures asked for, the answer merged unless the query changed meanwhile. */
  private askFigures(ids: string[]): void {
    const figures = this.figures;
    if (figures === undefined || ids.length === 0) return;
    const generation = this.generation;
    this.whenPainted(() => {
      if (generation !== this.generation) return;
      void figures(ids).then((answer) => {
        if (answer !== null && generation === this.generation) this.mergeFigures(answer);
      });
    });
  }

  /** Figures computed by the service, into the rows still pending (a change's answer may have replaced a row since). */
  private mergeFigures(figures: readonly DocumentFigures[]): void {
    const byId = new Map(figures.map((f) => [f.id, f]));
    let changed = false;
    for (const [p, rows] of this.pages) {
      let next: DocumentRow[] | null = null;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const f = row?.pending !== undefined ? byId.get(row.id) : undefined;
        if (row === undefined || f === undefined) continue;
        next ??= [...rows];
        const { pending: _pending, ...rest } = row;
        next[i] = { ...rest, progress: f.progress, problems: f.problems };
      }
      if (next !== null) {
        this.pages.set(p, next);
        changed = true;
      }
    }
    if (changed) this.set({ version: this.state.version + 1 });
  }

  private placeRow(index: number, row: DocumentRow): void {
    const p = Math.floor(index / this.pageSize);
    const rows = [...(this.pages.get(p) ?? [])];
    rows[index % this.pageSize] = row;
    this.pages.set(p, rows);
  }

  /**
   * A change's answer said where its document is now: its row is replaced where it is loaded
   * (its place in a sorted or filtered list is right again at the next query or refresh).
   */
  replace(summary: DocumentSummary, problems?: number): void {
    let changed = false;
    for (const [p, rows] of this.pages) {
      const i = rows.findIndex((r) => r.id === summary.id);
      if (i < 0) continue;
      const next = [...rows];
      // The answer's figures are current: its progress, and its problem count when given.
      const { pending, ...row } = rows[i]!;
      const still = problems === undefined ? pending?.filter((f) => f === 'problems') : undefined;
      next[i] = { ...row, ...summary, ...(problems !== undefined ? { problems } : {}), ...(still !== undefined && still.length > 0 ? { pending: still } : {}) };
      this.pages.set(p, next);
      changed = true;
    }
    if (changed) this.set({ version: this.state.version + 1 });
  }

  /** Whether a document is among the loaded rows. */
  find(id: string): DocumentRow | undefined {
    for (const rows of this.pages.values()) {
      const row = rows.find((r) => r.id === id);
      if (row) return row;
    }
    return undefined;
  }
}
