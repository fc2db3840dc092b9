/**
 * What the tagger learns from when a project is large: a bounded, deterministic sample of the
 * annotated documents, so that a background training never grows with the project (the benchmark's
 * project holds 13 MB and 120,000 mentions of one annotator; NEMO's whole training file is about
 * 100,000 words). Under the bound the documents are taken whole, as they are; over it, they are
 * cut into parts of consecutive paragraphs (cut only at a line break no mention crosses) and
 * every k-th part is kept, spread evenly over the documents in their order.
 *
 * What is held out to measure the tagger (INCEpTION holds out documents): documents when the
 * sample is whole documents, parts when it was cut. A corpus imported as one document (a CoNLL
 * file without -DOCSTART-: NEMO's 6,282 mentions, ANERcorp's 7,539) is cut into parts too, so that
 * some can be held out; a single document is learnt from only when it has at least
 * MIN_SINGLE_DOCUMENT_MENTIONS mentions and cuts into at least MIN_PARTS parts (learningSample).
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
  /** What `docs` are: whole documents, or parts cut from them (the held-out ones are of the same kind). */
  unit: 'documents' | 'parts';
}

/**
 * The fewest mentions one annotated document needs to be learnt from alone (with two documents or
 * more, one mention each is enough: one document is held out). Why 50: a fifth of the parts is
 * held out, about 10 mentions, the fewest whose F1 moves by less than a tenth per mention found or
 * missed; fewer would train a model whose held-out figure is noise, and the tagger stays silent
 * under its threshold anyway. A handful of mentions tagged in one document still waits.
 */
export const MIN_SINGLE_DOCUMENT_MENTIONS = 50;
/** The fewest parts a single document must cut into (one of them held out, three to learn from). */
export const MIN_PARTS = 4;
/** A single document is cut into about this many parts (of at least MIN_PART_WORDS words, at most PART_WORDS). */
const SINGLE_DOCUMENT_PARTS = 10;
const MIN_PART_WORDS = 50;

/** Why nothing is learnt yet: too few mentions in the one annotated document, or it does not cut into parts (no line breaks between its mentions). */
export type Waiting = { waiting: 'mentions' | 'parts'; documents: number; mentions: number };

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
  if (words <= maxWords) return { docs: [...docs], words, sampledWords: words, sampled: false, unit: 'documents' };
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
  return { docs: out, words, sampledWords, sampled: true, unit: 'parts' };
}

/**
 * What the tagger learns from and holds out (trainingSample), or why it waits: with two annotated
 * documents or more, the sample as it is; with one, the sample when it is already parts, else the
 * document cut into about SINGLE_DOCUMENT_PARTS parts of whole paragraphs; a single document
 * with fewer than MIN_SINGLE_DOCUMENT_MENTIONS mentions, or that cuts into fewer than MIN_PARTS
 * parts, waits. No annotated document: waits.
 */
export function learningSample(docs: readonly SampleDocument[], maxWords = MAX_TRAINING_WORDS): TrainingSample | Waiting {
  let mentions = 0;
  for (const d of docs) mentions += d.mentions.length;
  if (docs.length === 0 || mentions === 0) return { waiting: 'mentions', documents: docs.length, mentions };
  if (docs.length === 1 && mentions < MIN_SINGLE_DOCUMENT_MENTIONS) return { waiting: 'mentions', documents: 1, mentions };
  const sample = trainingSample(docs, maxWords);
  if (docs.length >= 2) return sample;
  if (sample.unit === 'documents') {
    const doc = docs[0] as SampleDocument;
    const partWords = Math.min(PART_WORDS, Math.max(MIN_PART_WORDS, Math.ceil(sample.words / SINGLE_DOCUMENT_PARTS)));
    const parts = documentParts(doc, partWords).map((p) => ({ text: p.text, mentions: p.mentions }));
    if (parts.length < MIN_PARTS) return { waiting: 'parts', documents: 1, mentions };
    return { ...sample, docs: parts, unit: 'parts' };
  }
  return sample.docs.length < MIN_PARTS ? { waiting: 'parts', documents: 1, mentions } : sample;
}

/**
 * What a headless training (the CLI's `train` and `suggest`) learns from and holds out, with no
 * bound on its size: the documents as they are, or a single annotated document cut into parts by
 * learningSample's rule (a corpus imported as one document), so that it has held-out figures as
 * the window's tagger does. `waiting` says why nothing can be held out (the documents then as they are).
 */
export function heldOutUnits(docs: readonly SampleDocument[]): { docs: SampleDocument[]; unit: 'documents' | 'parts'; waiting?: Waiting['waiting'] } {
  const sample = learningSample(docs, Number.POSITIVE_INFINITY);
  if ('waiting' in sample) return { docs: [...docs], unit: 'documents', waiting: sample.waiting };
  return { docs: sample.docs, unit: sample.unit };
}
