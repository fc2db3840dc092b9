/**
 * The word coverage (the list's progress) of the last few sets a change's answer asked about,
 * kept up to date from the spans the store's journal saw written (store/spanJournal.ts) instead of
 * read again: at 20 MB / 200,000 mentions reading and merging every span took some 0.3 s of CPU
 * per label. A set is read whole once (its first change, or `warm`), then each answer applies only
 * the spans added and gone since; whatever the journal cannot vouch for (another process wrote,
 * an open transaction) is read whole again. test/service/liveCoverage.test.ts compares it with a
 * fresh computation after random edits of every kind.
 */
import { WordCover } from '../../annotations/wordCover';
import type { Store } from '../store';

/** Sets kept (each a count per word token of its text: 4 bytes a token). */
const KEPT = 4;

export class LiveCoverage {
  /** Most recently used last; key: doc id, NUL, annotator. */
  private readonly sets = new Map<string, { docId: string; annotator: string; cover: WordCover }>();

  constructor(private readonly store: Store) {}

  /** The set's word coverage of `text`, its document's (a document's text never changes), now. */
  coverage(docId: string, annotator: string, text: string): number {
    const key = `${docId}\u0000${annotator}`;
    const kept = this.sets.get(key);
    if (kept !== undefined) {
      const moves = this.store.spanJournal.take(docId, annotator);
      if (moves !== null) {
        try {
          for (const m of moves) {
            if (m.sign > 0) kept.cover.add(m.start, m.end);
            else kept.cover.remove(m.start, m.end);
          }
          this.sets.delete(key);
          this.sets.set(key, kept);
          return kept.cover.coverage;
        } catch {
          // A span removed that was never counted: read the set again below.
        }
      }
    }
    return this.read(key, docId, annotator, text);
  }

  /** Whether the set is kept here (its next change's coverage then costs only the spans moved). */
  keeps(docId: string, annotator: string): boolean {
    return this.sets.has(`${docId}\u0000${annotator}`);
  }

  /**
   * Read a set now if it is not kept yet, right after the current call is answered (the window
   * asks for a document's problems once it is shown: its first label then finds the set read).
   */
  warmSoon(docId: string, annotator: string, text: () => string): void {
    if (this.sets.has(`${docId}\u0000${annotator}`)) return;
    setImmediate(() => {
      try {
        if (!this.sets.has(`${docId}\u0000${annotator}`)) this.coverage(docId, annotator, text());
      } catch {
        // Only ahead of need (the project may have closed meanwhile): the first change reads it.
      }
    });
  }

  /** Read a set whole (and keep it, when the journal can follow it). */
  private read(key: string, docId: string, annotator: string, text: string): number {
    this.forget(key);
    const watched = this.store.spanJournal.watch(docId, annotator);
    const cover = new WordCover(text, this.store.mentions.spans(docId, annotator));
    if (watched) {
      this.sets.set(key, { docId, annotator, cover });
      for (const [old, s] of this.sets) {
        if (this.sets.size <= KEPT) break;
        this.forget(old, s);
      }
    }
    return cover.coverage;
  }

  private forget(key: string, s = this.sets.get(key)): void {
    if (s === undefined) return;
    this.sets.delete(key);
    this.store.spanJournal.unwatch(s.docId, s.annotator);
  }
}
