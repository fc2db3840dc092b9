/**
 * A tagger that learns from the annotator: an averaged structured perceptron (Collins 2002)
 * with first-order Viterbi decoding restricted to valid tag sequences, BILOU tags (BIO for
 * version 1 models).
 *
 * Pieces: when the annotator's spans start or end inside words (stems without their proclitics,
 * as NEMO's morphemes), each Hebrew or Arabic word is split into its proclitics and its stem
 * (`ו|ב|קזחסטן`, `و|ال|حكومة`, `ل|ل|حكومة`) and the tags are on the pieces, so predictions are
 * exact sub-word spans in code points; when they tag whole words (ANERcorp, NEMO's tokens), each
 * word is one piece (fewer, longer-reaching transitions).
 *
 * Features: the piece, its word and the word's prefix-stripped stem, its place in the word,
 * the stem's character prefixes and suffixes (1-4) and 3- and 4-grams, word shape and script,
 * geresh/gershayim, neighbouring pieces and words and their stems (two words each side), the
 * project's gazetteer, and the annotator's own lexicon (see Lexicon): in training each document's
 * lexicon features come from the other folds, half of them dropped, so the model also learns to
 * find names it has never seen.
 *
 * Training is deterministic for a seed (the order of the sentences in each epoch is a seeded
 * shuffle); the model is plain JSON. Quality is measured the way INCEpTION does, on held-out
 * documents (exact span and type, and token-level), which also choose the bias against O; the
 * tagger is silent below a threshold.
 *
 * Here: the model and its training; the pieces are in analysis.ts, the features in features.ts,
 * tag schemes and decoding in tags.ts, prediction (the Tagger) in predict.ts, the measures in
 * evaluate.ts.
 */
import type { GazetteerEntry, SpanTyped } from './occurrences';
import { seededRandom as rng } from '../random';
import { WordAnalyzer, subTokenize, needsPieces } from './analysis';
import { SLOTS, slotFeatures, slotKey, slotPieces, pairFeature, type Lexicon, stemsOf, mentionKey, MAX_LEXICON_WORDS, lexiconMatches, lexiconFeatures, bestType, gazetteerMap } from './features';
import { type TagScheme, perType, goldTags, outermostFirst, viterbi } from './tags';
import { Tagger } from './predict';
import { evaluatePredictions } from './evaluate';

/** A document the tagger learns from or tags. */
export interface TaggerDocument {
  text: string;
  mentions: readonly SpanTyped[];
}

export interface Evaluation {
  precision: number;
  recall: number;
  f1: number;
  /** Token-level figures (see evaluateTagger). */
  token?: { precision: number; recall: number; f1: number };
  /** Exact matches (span and type), predicted, gold. */
  matched: number;
  predicted: number;
  gold: number;
  documents: number;
}

export interface TaggerModel {
  kind: 'qalam-tagger';
  /** 2: BILOU or BIO (`scheme`), pieces or words (`split`); 1: BIO over pieces. */
  version: 1 | 2;
  seed: number;
  epochs: number;
  /** The tag scheme (see TagScheme): tag 0 is O, then the tags of each type, in `types` order. */
  scheme: TagScheme;
  /**
   * Hebrew and Arabic words are split into proclitics and stem (the annotator's spans are
   * sub-word); otherwise each token is one piece (the stem is still a feature).
   */
  split: boolean;
  /** Entity types, in tag order. */
  types: string[];
  /** Feature → [tag, weight, tag, weight…] (averaged weights, zeros left out, 4 decimals). */
  weights: Record<string, number[]>;
  /** (previous tag + 1) × tags + tag → weight; previous -1 is the sentence start. */
  transitions: number[];
  /** Folded single-word (or first-word) gazetteer forms → types. */
  gazetteer: Record<string, string[]>;
  /** The annotator's lexicon (see Lexicon; version 2) and its longest entry in words. */
  lexicon?: Lexicon;
  lexiconWords?: number;
  /** Subtracted from the score of O at every piece (chosen on held-out documents; 0 without them). */
  oBias?: number;
  /**
   * The O bias of suggestions: the one with the most right suggestions less wrong ones on the
   * held-out documents (what the annotator saves); oBias when absent.
   */
  suggestBias?: number;
  /** What it was trained on. */
  trained: { documents: number; sentences: number; subTokens: number; mentions: number; snapped: number; skipped: number };
  /** Held-out figures (null when there were too few documents to hold any out). */
  quality: Evaluation | null;
}

export interface TrainOptions {
  seed?: number;
  epochs?: number;
  /** 'bilou' (the default) or 'bio'. */
  scheme?: TagScheme;
  /** Split words into proclitics and stem: 'auto' (the default) when the annotator's spans start or end inside words. */
  split?: boolean | 'auto';
  gazetteer?: readonly GazetteerEntry[];
  /** Lexicon features (see Lexicon): on unless false. */
  lexicon?: boolean;
}

/** Documents are dealt into this many folds; a document's lexicon features come from the others. */
const LEXICON_FOLDS = 5;
/**
 * The share of lexicon matches left out in training (seeded): the model must still learn to
 * find names it has never seen from their context and letters, not only from the lexicon.
 */
const LEXICON_DROPOUT = 0.5;

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const x = items[i] as T;
    items[i] = items[j] as T;
    items[j] = x;
  }
  return items;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Train on `docs` (every mention a positive example, everything else O). Returns the model with
 * `quality: null`; see trainWithHeldOut for a model that knows its held-out figures.
 */
export function trainTagger(docs: readonly TaggerDocument[], options: TrainOptions = {}): TaggerModel {
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? 6;
  const scheme: TagScheme = options.scheme ?? 'bilou';
  const split = options.split === undefined || options.split === 'auto' ? needsPieces(docs) : options.split;
  const gaz = gazetteerMap(options.gazetteer ?? []);
  const types = [...new Set(docs.flatMap((d) => d.mentions.map((m) => m.type)))].sort();
  const typeIndex = new Map(types.map((t, k) => [t, k] as const));
  const nt = 1 + perType(scheme) * types.length;
  const counts = { mentions: 0, snapped: 0 };
  let totalMentions = 0;
  // the sentences of each document, its fold (for the lexicon features, seen as on a new document)
  const folds = Math.min(LEXICON_FOLDS, docs.length);
  const analyzer = new WordAnalyzer(split);
  const prepared = docs.map((d, k) => {
    totalMentions += d.mentions.length;
    const mentions = outermostFirst(d.mentions);
    return subTokenize(d.text, split, analyzer).map((s) => ({ s, stems: stemsOf(s), gold: goldTags(s, mentions, typeIndex, scheme, counts), mentions, fold: k % folds }));
  });
  const useLexicon = options.lexicon !== false;
  const tagged = new Map<string, Map<string, number[]>>();
  const seen = new Map<string, number[]>();
  let maxWords = 1;
  if (useLexicon) {
    for (const doc of prepared) {
      for (const x of doc) {
        for (const m of x.mentions) {
          const key = mentionKey(x.s, x.stems, m);
          if (key === null || !typeIndex.has(m.type)) continue;
          maxWords = Math.min(MAX_LEXICON_WORDS, Math.max(maxWords, key.split(' ').length));
          let byType = tagged.get(key);
          if (byType === undefined) tagged.set(key, (byType = new Map()));
          let perFold = byType.get(m.type);
          if (perFold === undefined) byType.set(m.type, (perFold = new Array<number>(folds).fill(0)));
          perFold[x.fold] = (perFold[x.fold] as number) + 1;
        }
      }
    }
    for (const doc of prepared) {
      for (const x of doc) {
        for (const [, , key] of lexiconMatches(x.stems, (k) => tagged.has(k), maxWords)) {
          let perFold = seen.get(key);
          if (perFold === undefined) seen.set(key, (perFold = new Array<number>(folds).fill(0)));
          perFold[x.fold] = (perFold[x.fold] as number) + 1;
        }
      }
    }
  }
  /** The lexicon without one fold (-1: with every fold). */
  const lookupWithout = (fold: number) => (key: string): { type: string; tagged: number; seen: number } | null => {
    const byType = tagged.get(key);
    if (byType === undefined) return null;
    const types: Record<string, number> = {};
    for (const [t, perFold] of byType) {
      const n = perFold.reduce((a, b, f) => (f === fold ? a : a + b), 0);
      if (n > 0) types[t] = n;
    }
    const [type, total] = bestType(types);
    if (total === 0) return null;
    const n = (seen.get(key) ?? []).reduce((a, b, f) => (f === fold ? a : a + b), 0);
    return { type, tagged: types[type] as number, seen: Math.max(n, total) };
  };
  const featureIndex = new Map<string, number>();
  const examples: { feats: Int32Array[]; gold: number[] }[] = [];
  let subTokens = 0;
  const dropout = rng(seed ^ 0x1e41c0);
  const idOf = (name: string): number => {
    let id = featureIndex.get(name);
    if (id === undefined) featureIndex.set(name, (id = featureIndex.size));
    return id;
  };
  const slotCache = Array.from({ length: SLOTS }, () => new Map<number, number[]>());
  for (const doc of prepared) {
    for (const { s, stems, gold, fold } of doc) {
      const extra = useLexicon && folds > 1 ? lexiconFeatures(s, stems, lookupWithout(fold), maxWords, () => dropout() >= LEXICON_DROPOUT) : [];
      const slots = slotPieces(s);
      const feats = s.map((t, i) => {
        const ids: number[] = [];
        for (let slot = 0; slot < SLOTS; slot++) {
          const p = s[slots[i * SLOTS + slot] as number];
          const key = slotKey(p);
          let cached = (slotCache[slot] as Map<number, number[]>).get(key);
          if (cached === undefined) (slotCache[slot] as Map<number, number[]>).set(key, (cached = slotFeatures(slot, p, gaz).map(idOf)));
          for (const id of cached) ids.push(id);
        }
        ids.push(idOf(pairFeature(0, t, s[slots[i * SLOTS + 3] as number])), idOf(pairFeature(1, t, s[slots[i * SLOTS + 5] as number])));
        for (const name of extra[i] ?? []) ids.push(idOf(name));
        return Int32Array.from(ids);
      });
      subTokens += s.length;
      examples.push({ feats, gold });
    }
  }
  const lexicon: Lexicon = {};
  for (const key of [...tagged.keys()].sort()) {
    const all = lookupWithout(-1)(key);
    if (all === null) continue;
    const types: Record<string, number> = {};
    for (const [t, perFold] of tagged.get(key) as Map<string, number[]>) types[t] = perFold.reduce((a, b) => a + b, 0);
    lexicon[key] = { types, seen: all.seen };
  }
  const nf = featureIndex.size;
  const w = new Float32Array(nf * nt); // whole numbers: exact, and half the memory to read
  const u = new Float64Array(nf * nt); // Σ c·Δ, for averaging: avg = w − u / c
  const tw = new Float64Array((nt + 1) * nt);
  const tu = new Float64Array((nt + 1) * nt);
  let c = 1;
  const random = rng(seed);
  const order = examples.map((_, k) => k);
  for (let epoch = 0; epoch < epochs && types.length > 0; epoch++) {
    shuffle(order, random);
    for (const k of order) {
      const { feats, gold } = examples[k] as (typeof examples)[number];
      const n = gold.length;
      const emit = new Float64Array(n * nt);
      for (let i = 0; i < n; i++) {
        for (const f of feats[i] as Int32Array) {
          const base = f * nt;
          for (let y = 0; y < nt; y++) emit[i * nt + y] = (emit[i * nt + y] as number) + (w[base + y] as number);
        }
      }
      const pred = viterbi(emit, n, nt, tw, scheme);
      for (let i = 0; i < n; i++) {
        const g = gold[i] as number;
        const p = pred[i] as number;
        if (g !== p) {
          for (const f of feats[i] as Int32Array) {
            w[f * nt + g] = (w[f * nt + g] as number) + 1;
            u[f * nt + g] = (u[f * nt + g] as number) + c;
            w[f * nt + p] = (w[f * nt + p] as number) - 1;
            u[f * nt + p] = (u[f * nt + p] as number) - c;
          }
        }
        const gp = i === 0 ? -1 : (gold[i - 1] as number);
        const pp = i === 0 ? -1 : (pred[i - 1] as number);
        if (g !== p || gp !== pp) {
          const gi = (gp + 1) * nt + g;
          const pi = (pp + 1) * nt + p;
          tw[gi] = (tw[gi] as number) + 1;
          tu[gi] = (tu[gi] as number) + c;
          tw[pi] = (tw[pi] as number) - 1;
          tu[pi] = (tu[pi] as number) - c;
        }
      }
      c++;
    }
  }
  const weights: Record<string, number[]> = {};
  for (const [name, f] of featureIndex) {
    const row: number[] = [];
    for (let y = 0; y < nt; y++) {
      const v = round4((w[f * nt + y] as number) - (u[f * nt + y] as number) / c);
      if (v !== 0) row.push(y, v);
    }
    if (row.length > 0) weights[name] = row;
  }
  const transitions = Array.from(tw, (v, k) => round4(v - (tu[k] as number) / c));
  return {
    kind: 'qalam-tagger',
    version: 2,
    seed,
    epochs,
    scheme,
    split,
    types,
    weights,
    transitions,
    gazetteer: Object.fromEntries(gaz),
    lexicon,
    lexiconWords: maxWords,
    trained: { documents: docs.length, sentences: examples.length, subTokens, mentions: counts.mentions, snapped: counts.snapped, skipped: totalMentions - counts.mentions },
    quality: null,
  };
}

/** The O biases tried on held-out documents. */
const O_BIASES = [0, 2, 4, 6, 8, 10, 12, 14, 16, 20];
/** The O biases tried for suggestions (negative: fewer, surer suggestions). */
const SUGGEST_BIASES = [-8, -4, -2, ...O_BIASES];

/**
 * Train the way INCEpTION evaluates a recommender: hold out a share of the documents (a seeded
 * choice; at least one document, and only when there are two or more), train on the rest and
 * measure there, then train on every document. The held-out documents also choose the model's O
 * bias (the one of O_BIASES with the best token-level F1 there; the smallest on a tie): an averaged
 * perceptron trained on few names finds too few. The returned model carries the held-out figures
 * at that bias.
 */
export function trainWithHeldOut(docs: readonly TaggerDocument[], options: TrainOptions & { heldOut?: number } = {}): TaggerModel {
  const share = options.heldOut ?? 0.2;
  let quality: Evaluation | null = null;
  let oBias = 0;
  let suggestBias = 0;
  if (docs.length >= 2 && share > 0) {
    const order = shuffle(docs.map((_, k) => k), rng((options.seed ?? 1) ^ 0x5eed));
    const k = Math.min(docs.length - 1, Math.max(1, Math.round(docs.length * share)));
    const test = new Set(order.slice(0, k));
    const train = docs.filter((_, i) => !test.has(i));
    const held = docs.filter((_, i) => test.has(i));
    const tagger = new Tagger(trainTagger(train, options));
    const scored = held.map((d) => tagger.scores(d.text));
    let saved = -Infinity;
    for (const bias of SUGGEST_BIASES) {
      const e = evaluatePredictions(held, scored.map((x) => tagger.decode(x, bias)));
      if (O_BIASES.includes(bias) && (quality === null || (e.token?.f1 ?? 0) > (quality.token?.f1 ?? 0))) {
        quality = e;
        oBias = bias;
      }
      if (2 * e.matched - e.predicted > saved) {
        saved = 2 * e.matched - e.predicted;
        suggestBias = bias;
      }
    }
  }
  return { ...trainTagger(docs, options), quality, oBias, suggestBias };
}

// Moved to their own files; re-exported for the files that import them from here.
export { needsPieces, subTokenize, WordAnalyzer, type SubToken } from './analysis';
export type { Lexicon } from './features';
export type { TagScheme } from './tags';
export { evaluatePredictions, evaluateTagger, prf } from './evaluate';
export { Tagger, type Scored } from './predict';
