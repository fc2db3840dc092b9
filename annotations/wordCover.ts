/**
 * A document's word coverage kept up to date (issue 15): `wordCoverage` (tokenize.ts) reads every
 * span of a set, so at 200,000 mentions each label paid for all of them again. A `WordCover`
 * counts, per word token, the spans touching it; adding or removing one span touches only its own
 * words, and `coverage` is then the same number `wordCoverage` gives for the spans held
 * (tested against it after random edits).
 */
import type { Span } from './model';
import { CoreError } from './errors';
import { firstTokenEndingAfter, tokenArrays } from './tokenize';

const K_WORD = 2;

export class WordCover {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly count: number;
  /** Spans touching each token (words only; others stay 0). */
  private readonly touching: Uint32Array;
  private words = 0;
  private touchedWords = 0;

  constructor(text: string, spans: Iterable<Span> = []) {
    const t = tokenArrays(text);
    this.starts = t.starts;
    this.ends = t.ends;
    this.kinds = t.kinds;
    this.count = t.count;
    this.touching = new Uint32Array(t.count);
    for (let k = 0; k < t.count; k++) if (t.kinds[k] === K_WORD) this.words++;
    for (const s of spans) this.add(s.start, s.end);
  }

  /** Share (0..1) of the word tokens touched by at least one span held; 0 without words. */
  get coverage(): number {
    return this.words === 0 ? 0 : this.touchedWords / this.words;
  }

  /** One more span (as wordCoverage, an empty or malformed one counts for nothing). */
  add(start: number, end: number): void {
    this.move(start, end, 1);
  }

  /** A span held before, gone (the same start and end it was added with). */
  remove(start: number, end: number): void {
    this.move(start, end, -1);
  }

  private move(start: number, end: number, sign: 1 | -1): void {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start >= end) return;
    // The first token ending after start; then every token starting before end.
    const lo = firstTokenEndingAfter(this.ends, this.count, start);
    for (let k = lo; k < this.count && (this.starts[k] as number) < end; k++) {
      if (this.kinds[k] !== K_WORD) continue;
      const before = this.touching[k] as number;
      if (sign < 0 && before === 0) throw new CoreError('internal', `word cover: no span held at ${start}–${end} to remove`);
      this.touching[k] = before + sign;
      if (before === 0) this.touchedWords++;
      else if (before === 1 && sign < 0) this.touchedWords--;
    }
  }
}
