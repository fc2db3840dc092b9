/**
 * The corpus kept folded on the occurrences' thread (suggestWorker.ts) for the corpus-wide preview
 * (o, then Tab): folded in the background from the project's opening, in slices of a few
 * milliseconds with the thread free to answer between them (`foldSome`: the budget is checked
 * after the listing, after each document and after each piece of a long one, which is folded a
 * piece at a time: TextFolding), and the preview (`preview`) answered from what is folded; of the
 * documents it lacks it folds only the parts that may hold the form (FormFinder.parts, foldParts:
 * not kept, the background folds those documents whole afterwards: a preview right after the
 * project opens folds ~6% of the text it would fold whole).
 */
import { performance } from 'node:perf_hooks';
import { CorpusFolds, FormFinder } from '../../annotations/suggest/formOccurrences';
import { foldParts, type FoldedText, type TextFolding } from '../../annotations/suggest/foldedText';
import type { Practice, SpanTyped } from '../../annotations/suggest/occurrences';

/** What the keeper reads from the project (the thread's own connection: a Store). */
export interface CorpusSource {
  /** Every document (id, content stamp), in the project's order. */
  stamps(): [string, string][];
  /** The next `limit` documents of that order after the one numbered `seq` (-1: from the first), with their numbers (the background's listing, a page a step). */
  stampsAfter(seq: number, limit: number): [string, string, number][];
  /** The texts of these documents (those that exist). */
  texts(ids: readonly string[]): Map<string, string>;
  /** The annotator's mentions by document. */
  spans(annotator: string): Map<string, readonly SpanTyped[]>;
  /** The annotator's rejected suggestions of `type` by document, as `start:end`. */
  rejected(annotator: string, type: string): Map<string, Set<string>>;
}

/** One form's occurrences across the corpus, not tagged (a mention of the type over them) nor rejected, as columns. */
export interface FormOccurrencesFound {
  /** The documents with occurrences, in the preview's order (the asked one first, then the project's). */
  docIds: string[];
  /** Document i's occurrences are [offsets[i], offsets[i + 1]) of starts, ends and scores. */
  offsets: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  scores: Float64Array;
  /** The suggested type and the form as found (one form: the same for all). */
  type: string;
  form: string;
  /** The texts of the asked document's occurrences. */
  texts: string[];
  /**
   * Documents folded whole for this request (and kept), those folded only in the parts that may
   * hold the form (not kept: the background folds them whole), and those it read but left
   * unfolded (they cannot hold the form); this thread's CPU time, ms.
   */
  folded: number;
  inParts: number;
  skipped: number;
  cpuMs: number;
}

/** How far the background fold is (for the benchmark and tests). */
export interface FoldStatus {
  /** Documents kept folded, and those the background has still to fold. */
  kept: number;
  left: number;
  /** Slices run, and the longest of them, ms, in wall and this thread's CPU time (the longest a request waited behind the fold). */
  slices: number;
  longestSliceMs: number;
  longestSliceCpuMs: number;
  /** The longest slice (by CPU time): its number (0: the first) and its steps (the listing, a document, a piece of a long one). */
  longestSliceAt: number;
  longestSliceSteps: number;
  /** The bound was reached: the background stopped, and a preview folds what it needs for itself (not kept). */
  full: boolean;
}

/** Texts read from the project at a time by the background fold, and documents listed at a time. */
const READ = 25;
const LIST = 250;

export interface KeeperOptions {
  /** What is kept folded at most (CorpusFolds' bound). */
  maxWeight?: number;
  /** This thread's CPU time, ms (0 where unknown): the slices' figures. */
  cpuMs?: () => number;
  /** The clock a slice's budget is measured by, ms (a test's fake clock; else performance.now). */
  now?: () => number;
  /** UTF-16 units of a long document folded at a time (TextFolding's pieces). */
  pieceUnits?: number;
  /** Documents listed at a time by the background. */
  listPage?: number;
}

export class CorpusKeeper {
  readonly folds: CorpusFolds;
  /** Documents (id, stamp) listed by the background: those from `at` on are still to fold. */
  private queue: [string, string][] = [];
  private at = 0;
  /** The number (import order) of the last document listed; whether all are. */
  private listedTo = -1;
  private listed = false;
  /** Texts read ahead for the next documents of the queue. */
  private readAhead = new Map<string, string>();
  /** The document the background is folding a piece at a time. */
  private current: { id: string; stamp: string; folding: TextFolding } | null = null;
  private slices = 0;
  private longest = 0;
  private longestCpu = 0;
  private longestAt = 0;
  private longestSteps = 0;
  private full = false;
  private readonly cpuMs: () => number;
  private readonly now: () => number;
  private readonly pieceUnits: number | undefined;
  private readonly listPage: number;

  constructor(
    private readonly source: CorpusSource,
    options: KeeperOptions = {},
  ) {
    this.folds = new CorpusFolds(options.maxWeight);
    this.cpuMs = options.cpuMs ?? (() => 0);
    this.now = options.now ?? (() => performance.now());
    this.pieceUnits = options.pieceUnits;
    this.listPage = options.listPage ?? LIST;
  }

  /**
   * Folds for about `budgetMs`: at least one step (the listing of the documents, or a document, or
   * a piece of a long one), then steps while the budget lasts; false once nothing is left to fold
   * (or the bound is reached).
   */
  foldSome(budgetMs: number): boolean {
    const t0 = this.now();
    const w0 = performance.now();
    const c0 = this.cpuMs();
    this.step();
    let steps = 1;
    for (; this.more() && this.now() - t0 < budgetMs; steps++) this.step();
    const cpu = this.cpuMs() - c0;
    if (cpu > this.longestCpu) {
      this.longestCpu = cpu;
      this.longestAt = this.slices;
      this.longestSteps = steps;
    }
    this.slices++;
    this.longest = Math.max(this.longest, performance.now() - w0);
    return this.more();
  }

  private more(): boolean {
    return !this.full && (this.current !== null || this.at < this.queue.length || !this.listed);
  }

  /** Folds one piece of the document under way, else starts the next in the queue (its first piece), else lists the next documents. */
  private step(): void {
    if (this.full) return;
    let c = this.current;
    if (c === null) {
      const queue = this.queue;
      while (this.at < queue.length && this.folds.has(...(queue[this.at] as [string, string]))) this.at++;
      if (this.at === queue.length) {
        if (!this.listed) this.list();
        return;
      }
      const [id, stamp] = queue[this.at++] as [string, string];
      if (!this.readAhead.has(id)) {
        const ids = [id, ...queue.slice(this.at, this.at + READ - 1).filter(([i, st]) => !this.folds.has(i, st)).map(([i]) => i)];
        this.readAhead = this.source.texts(ids);
        // deleted since listed
        if (!this.readAhead.has(id)) return;
      }
      const text = this.readAhead.get(id) as string;
      this.readAhead.delete(id);
      this.current = c = { id, stamp, folding: this.folds.folding(stamp, text, this.pieceUnits) };
    }
    if (!c.folding.step()) return;
    this.current = null;
    this.folds.keep(c.id, c.stamp, c.folding.result());
    // beyond the bound: the background stops
    if (!this.folds.has(c.id, c.stamp)) this.full = true;
  }

  /** Lists the next page of documents (a step of its own: the whole listing reads every document's row). */
  private list(): void {
    const page = this.source.stampsAfter(this.listedTo, this.listPage);
    if (page.length < this.listPage) this.listed = true;
    this.queue = page.map(([id, stamp]) => [id, stamp]);
    this.at = 0;
    if (page.length > 0) this.listedTo = (page[page.length - 1] as [string, string, number])[2];
  }

  status(): FoldStatus {
    const c = this.current;
    const notKept = ([id, stamp]: [string, string]): boolean => !this.folds.has(id, stamp);
    const left = this.listed ? this.queue.slice(this.at).filter(notKept).length + (c !== null && notKept([c.id, c.stamp]) ? 1 : 0) : this.source.stamps().filter(notKept).length;
    return { kept: this.folds.size, left: this.full ? 0 : left, slices: this.slices, longestSliceMs: this.longest, longestSliceCpuMs: this.longestCpu, longestSliceAt: this.longestAt, longestSliceSteps: this.longestSteps, full: this.full };
  }

  /**
   * One form's occurrences in every document, the asked one first, then the project's order: from
   * the documents kept folded; of the others (not folded yet, new or changed), those that may hold
   * the form are folded only in the parts that may (not kept; whole and kept when the form's stem
   * is not read from the raw text, and the document the background has begun), the rest skipped.
   */
  preview(req: { annotator: string; docId: string; form: string; type: string; practice: Practice }): FormOccurrencesFound {
    const cpu = this.cpuMs();
    const finder = new FormFinder(req.form, req.type, req.practice);
    const { order, missing } = this.changes();
    const fresh = new Map<string, FoldedText>();
    let skipped = 0;
    let inParts = 0;
    // texts read ahead by the background may be older than the project's now
    this.readAhead.clear();
    const c = this.current;
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      const read = this.source.texts(part.map(([id]) => id));
      for (const [id, stamp] of part) {
        const text = read.get(id);
        if (text === undefined) continue;
        // the document the background is folding in pieces: finished, not begun again
        if (c !== null && c.id === id && c.stamp === stamp && c.folding.text === text) {
          this.current = null;
          fresh.set(id, this.folds.keep(id, stamp, c.folding.result()));
          continue;
        }
        // only the parts that may hold the form, for this preview: the background folds it whole
        const parts = finder.parts(text);
        if (parts !== null && parts.length === 0) skipped++;
        else if (parts !== null) {
          fresh.set(id, foldParts(text, stamp, this.folds.vocabulary, parts));
          inParts++;
        } else fresh.set(id, this.folds.set(id, stamp, text));
      }
    }
    const spans = this.source.spans(req.annotator);
    const rejected = this.source.rejected(req.annotator, req.type);
    const ids = [req.docId, ...order.map(([id]) => id).filter((id) => id !== req.docId)];
    const docIds: string[] = [];
    const offsets: number[] = [0];
    const starts: number[] = [];
    const ends: number[] = [];
    const scores: number[] = [];
    let type = req.type;
    let form = req.form;
    let texts: string[] = [];
    for (const id of ids) {
      const text = fresh.get(id) ?? this.folds.get(id);
      if (text === undefined || text === null) continue;
      const found = finder.in(text, spans.get(id) ?? []);
      const no = rejected.get(id);
      const kept = no === undefined ? found : found.filter((m) => !no.has(`${m.start}:${m.end}`));
      if (kept.length === 0) continue;
      docIds.push(id);
      for (const m of kept) {
        starts.push(m.start);
        ends.push(m.end);
        scores.push(m.score);
        type = m.type;
        form = m.form;
      }
      offsets.push(starts.length);
      if (id === req.docId) {
        const map = text.map;
        texts = kept.map((m) => map.slice(m.start, m.end));
      }
    }
    return { docIds, offsets: Int32Array.from(offsets), starts: Int32Array.from(starts), ends: Int32Array.from(ends), scores: Float64Array.from(scores), type, form, texts, folded: fresh.size - inParts, inParts, skipped, cpuMs: this.cpuMs() - cpu };
  }

  /** The project's documents in its order and those not kept folded (new or changed); the deleted ones are forgotten. */
  private changes(): { order: [string, string][]; missing: [string, string][] } {
    const order = this.source.stamps();
    const now = new Set<string>();
    const missing: [string, string][] = [];
    for (const [id, stamp] of order) {
      now.add(id);
      if (!this.folds.has(id, stamp)) missing.push([id, stamp]);
    }
    for (const id of [...this.folds.ids()]) if (!now.has(id)) this.folds.remove(id);
    return { order, missing };
  }
}
