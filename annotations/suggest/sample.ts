/**
 * What the tagger learns from when a project is large: a bounded, deterministic sample of the
 * annotated documents, so that a background training never grows with the project (the benchmark's
 * project holds 13 MB and 120,000 mentions of one annotator; NEMO's whole training file is about
 * 100,000 words). Under the bound the documents are taken whole, as they are; over it, they are
 * cut into parts of consecutive paragraphs (cut only at a line break no mention crosses) and
 * every k-th part is kept, spread evenly over the documents in their order.
 */
import type { SpanTyped } from './occurrences';

/** A document the tagger learns from (TaggerDocument in tagger.ts). */
export interface SampleDocument {
  text: string;
  mentions: readonly SpanTyped[];
}

/** The default bound: about half NEMO's training file. */
export const MAX_TRAINING_WORDS = 50_000;
/** Parts are cut to hold about this many words (whole paragraphs). */
const PART_WORDS = 500;

export interface TrainingSample {
  docs: SampleDocument[];
  /** Words of the whole corpus, and of the sample. */
  words: number;
  sampledWords: number;
  /** The documents were cut and sampled (false: taken whole). */
  sampled: boolean;
}

/** Whitespace-separated words (a cheap count: the tagger's own tokens are close to it). */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * The parts of one document: consecutive paragraphs of about PART_WORDS words, cut at line breaks
 * that no mention spans; offsets of each part's mentions are made relative to it (code points).
 */
export function documentParts(doc: SampleDocument, partWords = PART_WORDS): { text: string; mentions: SpanTyped[]; words: number }[] {
  const mentions = [...doc.mentions].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: { text: string; mentions: SpanTyped[]; words: number }[] = [];
  const text = doc.text;
  let m = 0;
  // the furthest end of the mentions started so far (a line break before it is inside a mention)
  let reach = 0;
  let cp = 0;
  let startCp = 0;
  let startU16 = 0;
  let words = 0;
  let inWord = false;
  const cut = (endCp: number, endU16: number) => {
    if (endU16 <= startU16) return;
    const own: SpanTyped[] = [];
    while (m < mentions.length && (mentions[m] as SpanTyped).start < endCp) {
      const x = mentions[m] as SpanTyped;
      own.push({ start: x.start - startCp, end: x.end - startCp, type: x.type });
      m++;
    }
    parts.push({ text: text.slice(startU16, endU16), mentions: own, words });
    startCp = endCp;
    startU16 = endU16;
    words = 0;
  };
  let scan = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i) as number;
    const width = c > 0xffff ? 2 : 1;
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
    if (!space && !inWord) words++;
    inWord = !space;
    i += width;
    cp++;
    if (c === 10 && words >= partWords) {
      while (scan < mentions.length && (mentions[scan] as SpanTyped).start < cp) reach = Math.max(reach, (mentions[scan++] as SpanTyped).end);
      if (reach <= cp) cut(cp, i);
    }
  }
  cut(cp, text.length);
  return parts;
}

/**
 * At most about `maxWords` words of `docs` to learn from: the documents themselves when they hold
 * no more; else every k-th part of them (see documentParts), in order.
 */
export function trainingSample(docs: readonly SampleDocument[], maxWords = MAX_TRAINING_WORDS): TrainingSample {
  let words = 0;
  for (const d of docs) words += countWords(d.text);
  if (words <= maxWords) return { docs: [...docs], words, sampledWords: words, sampled: false };
  const parts = docs.flatMap((d) => documentParts(d));
  const share = maxWords / words;
  const out: SampleDocument[] = [];
  let sampledWords = 0;
  parts.forEach((p, k) => {
    // part k is kept when the running share crosses a whole number: evenly spread, deterministic
    if (Math.floor((k + 1) * share) > Math.floor(k * share)) {
      out.push({ text: p.text, mentions: p.mentions });
      sampledWords += p.words;
    }
  });
  return { docs: out, words, sampledWords, sampled: true };
}
