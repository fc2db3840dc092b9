/**
 * The corpus kept folded on the occurrences' thread (suggestWorker.ts) for the corpus-wide preview
 * (o, then Tab): folded in the background from the project's opening, in slices of a few
 * milliseconds with the thread free to answer between them (`foldSome`), and the preview
 * (`preview`) answered from what is folded, folding itself only what it lacks and may hold the form
 * (FormFinder.mayOccurIn); what it folds is kept, and the background does not fold it again.
 */
import { performance } from 'node:perf_hooks';
import { CorpusFolds, FormFinder } from '../../annotations/suggest/formOccurrences';
import type { FoldedText } from '../../annotations/suggest/foldedText';
import type { Practice, SpanTyped } from '../../annotations/suggest/occurrences';

/** What the keeper reads from the project (the thread's own connection: a Store). */
export interface CorpusSource {
  /** Every document (id, content stamp), in the project's order. */
  stamps(): [string, string][];
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
  /** Documents folded for this request, and those it read but left unfolded (they cannot hold the form); this thread's CPU time, ms. */
  folded: number;
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
  /** The bound was reached: the background stopped, and a preview folds what it needs for itself (not kept). */
  full: boolean;
}

/** Texts read from the project at a time by the background fold. */
const READ = 25;

export class CorpusKeeper {
  readonly folds: CorpusFolds;
  /** Documents (id, stamp) the background has still to fold; null: not listed yet. */
  private queue: [string, string][] | null = null;
  private slices = 0;
  private longest = 0;
  private longestCpu = 0;
  private full = false;

  constructor(
    private readonly source: CorpusSource,
    maxWeight?: number,
    /** This thread's CPU time, ms (0 where unknown): the slices' figures. */
    private readonly cpuMs: () => number = () => 0,
  ) {
    this.folds = new CorpusFolds(maxWeight);
  }

  /**
   * Folds the next documents for about `budgetMs` (at least one read of a few texts); false once
   * nothing is left to fold (or the bound is reached).
   */
  foldSome(budgetMs: number): boolean {
    const t0 = performance.now();
    const c0 = this.cpuMs();
    this.queue ??= this.changes().missing;
    while (this.queue.length > 0 && !this.full) {
      const part = this.queue.splice(0, READ).filter(([id, stamp]) => !this.folds.has(id, stamp));
      this.keep(part, this.source.texts(part.map(([id]) => id)));
      if (performance.now() - t0 >= budgetMs) break;
    }
    this.slices++;
    this.longest = Math.max(this.longest, performance.now() - t0);
    this.longestCpu = Math.max(this.longestCpu, this.cpuMs() - c0);
    return this.queue.length > 0 && !this.full;
  }

  status(): FoldStatus {
    return { kept: this.folds.size, left: this.full ? 0 : (this.queue?.filter(([id, stamp]) => !this.folds.has(id, stamp)).length ?? this.source.stamps().length), slices: this.slices, longestSliceMs: this.longest, longestSliceCpuMs: this.longestCpu, full: this.full };
  }

  /**
   * One form's occurrences in every document, the asked one first, then the project's order: from
   * the documents kept folded; of the others (not folded yet, new or changed), those that may hold
   * the form are folded (and kept while there is room), the rest skipped.
   */
  preview(req: { annotator: string; docId: string; form: string; type: string; practice: Practice }): FormOccurrencesFound {
    const cpu = this.cpuMs();
    const finder = new FormFinder(req.form, req.type, req.practice);
    const { order, missing } = this.changes();
    const fresh = new Map<string, FoldedText>();
    let skipped = 0;
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      const read = this.source.texts(part.map(([id]) => id));
      for (const [id, stamp] of part) {
        const text = read.get(id);
        if (text === undefined) continue;
        if (!finder.mayOccurIn(text)) {
          skipped++;
          continue;
        }
        fresh.set(id, this.folds.set(id, stamp, text));
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
    return { docIds, offsets: Int32Array.from(offsets), starts: Int32Array.from(starts), ends: Int32Array.from(ends), scores: Float64Array.from(scores), type, form, texts, folded: fresh.size, skipped, cpuMs: this.cpuMs() - cpu };
  }

  /** Folds and keeps these documents; a document beyond the bound stops the background. */
  private keep(docs: readonly [string, string][], read: Map<string, string>): void {
    for (const [id, stamp] of docs) {
      const text = read.get(id);
      if (text === undefined) continue;
      this.folds.set(id, stamp, text);
      if (!this.folds.has(id, stamp)) {
        this.full = true;
        return;
      }
    }
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
