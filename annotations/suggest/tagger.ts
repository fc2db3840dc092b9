/**
 * A tagger that learns from the annotator: an averaged structured perceptron (Collins 2002)
 * with first-order Viterbi decoding, over "sub-tokens" — each Hebrew or Arabic word split into
 * its proclitics and its stem (`ו|ב|קזחסטן`, `و|ال|حكومة`, `ل|ل|حكومة`), other tokens whole — with
 * BIO tags. An annotator who tags stems gets B on the stem; one who tags whole words gets B on the
 * first proclitic: both practices are spans the tags can express, so the tagger predicts exact
 * sub-word spans in code points.
 *
 * Features: the sub-token, its word, the word's stem, its place in the word, character prefixes
 * and suffixes of the stem, word shape and script, neighbouring sub-tokens and words (two each
 * side) and the project's gazetteer. Training is deterministic for a seed (the order of the
 * sentences in each epoch is a seeded shuffle); the model is plain JSON.
 *
 * Quality is measured the way INCEpTION does: on held-out documents (exact span and type),
 * and the tagger is silent below a threshold.
 */
import { CoreError } from '../errors';
import { graphemeIndex } from '../graphemes';
import { OffsetMap } from '../text';
import { tokenize } from '../tokenize';
import { cliticSplits, foldString, foldWord, type Script } from './clitics';
import type { GazetteerEntry, SpanTyped, Suggestion, SuggestDocument } from './occurrences';

/** A document the tagger learns from or tags. */
export interface TaggerDocument {
  text: string;
  mentions: readonly SpanTyped[];
}

export interface Evaluation {
  precision: number;
  recall: number;
  f1: number;
  /** Exact matches (span and type), predicted, gold. */
  matched: number;
  predicted: number;
  gold: number;
  documents: number;
}

export interface TaggerModel {
  kind: 'qalam-tagger';
  version: 1;
  seed: number;
  epochs: number;
  /** Entity types, in tag order: tag 0 is O, tag 1 + 2k is B-type k, 2 + 2k is I-type k. */
  types: string[];
  /** Feature → [tag, weight, tag, weight…] (averaged weights, zeros left out, 4 decimals). */
  weights: Record<string, number[]>;
  /** (previous tag + 1) × tags + tag → weight; previous -1 is the sentence start. */
  transitions: number[];
  /** Folded single-word (or first-word) gazetteer forms → types. */
  gazetteer: Record<string, string[]>;
  /** What it was trained on. */
  trained: { documents: number; sentences: number; subTokens: number; mentions: number; snapped: number; skipped: number };
  /** Held-out figures (null when there were too few documents to hold any out). */
  quality: Evaluation | null;
}

export interface TrainOptions {
  seed?: number;
  epochs?: number;
  gazetteer?: readonly GazetteerEntry[];
}

interface SubToken {
  start: number;
  end: number;
  text: string;
  /** 0 whole word, 1 proclitic, 2 stem after proclitics. */
  role: number;
  word: string;
  stem: string;
  /** Index of the word in the sentence. */
  w: number;
  /** Index of this piece in its word, and the number of pieces. */
  piece: number;
  pieces: number;
  script: Script;
  shape: string;
}

type Sentence = SubToken[];

const SENTENCE_END = new Set(['.', '!', '?', '؟', '…', '׃', '۔']);

function shapeOf(raw: string, script: Script): string {
  if (script === 'latin') {
    if (/^\p{Lu}+$/u.test(raw)) return 'LL';
    if (/^\p{Lu}/u.test(raw)) return 'Ll';
    return 'll';
  }
  if (script === 'digit') return /^\p{Nd}+$/u.test(raw) ? 'dd' : 'd.';
  if (script === 'other') return raw.length === 1 ? `p${raw}` : 'pp';
  return script;
}

/** The sentences of a text as sub-tokens: proclitics split off Hebrew and Arabic words. */
export function subTokenize(text: string): Sentence[] {
  const map = new OffsetMap(text);
  const g = graphemeIndex(text);
  const sentences: Sentence[] = [];
  let current: Sentence = [];
  let w = 0;
  let prevEnd = 0;
  const flush = (): void => {
    if (current.length > 0) sentences.push(current);
    current = [];
    w = 0;
  };
  for (const tok of tokenize(text)) {
    if (current.length > 0 && map.slice(prevEnd, tok.start).includes('\n')) flush();
    prevEnd = tok.end;
    const u = map.toUtf16(tok.start);
    const fw = foldWord(text, tok.start, tok.end, u);
    const raw = map.slice(tok.start, tok.end);
    const shape = shapeOf(raw, fw.script);
    const cuts: { at: number; text: string }[] = [];
    if (tok.kind === 'word' && (fw.script === 'he' || fw.script === 'ar')) {
      const splits = cliticSplits(fw.folded, fw.script);
      const split = splits[splits.length - 1];
      if (split !== undefined && split.length > 0) {
        let unit = 0;
        for (const c of split.clitics) {
          const cp = fw.source[unit] as number;
          cuts.push({ at: cp, text: c });
          unit += c.length;
        }
        cuts.push({ at: fw.source[unit] as number, text: fw.folded.slice(unit) });
        // never cut inside a grapheme: drop such cuts (the piece joins the one before)
        for (let k = cuts.length - 1; k > 0; k--) {
          if (!g.isBoundary((cuts[k] as { at: number }).at)) {
            (cuts[k - 1] as { text: string }).text += (cuts[k] as { text: string }).text;
            cuts.splice(k, 1);
          }
        }
      }
    }
    if (cuts.length <= 1) {
      current.push({ start: tok.start, end: tok.end, text: fw.folded, role: 0, word: fw.folded, stem: fw.folded, w, piece: 0, pieces: 1, script: fw.script, shape });
    } else {
      const stem = (cuts[cuts.length - 1] as { text: string }).text;
      cuts.forEach((c, k) => {
        const end = k + 1 < cuts.length ? (cuts[k + 1] as { at: number }).at : tok.end;
        current.push({ start: c.at, end, text: c.text, role: k + 1 < cuts.length ? 1 : 2, word: fw.folded, stem, w, piece: k, pieces: cuts.length, script: fw.script, shape });
      });
    }
    w++;
    if (tok.kind === 'punct' && SENTENCE_END.has(raw)) flush();
  }
  flush();
  return sentences;
}

function features(s: Sentence, i: number, gaz: ReadonlyMap<string, readonly string[]>): string[] {
  const t = s[i] as SubToken;
  const f: string[] = ['b', `w=${t.text}`, `W=${t.word}`, `S=${t.stem}`, `r=${t.role}${t.role === 1 ? t.text : ''}`, `pc=${t.piece}/${t.pieces}`, `sh=${t.shape}`];
  const x = t.role === 1 ? '' : t.text;
  const n = x.length;
  if (n > 0) {
    for (let k = 1; k <= 4 && k <= n; k++) f.push(`p${k}=${x.slice(0, k)}`, `s${k}=${x.slice(n - k)}`);
    f.push(`len=${Math.min(n, 10)}`);
  }
  // neighbouring pieces and words
  const prev = s[i - 1];
  const next = s[i + 1];
  f.push(`w-1=${prev ? prev.text : '<s>'}`, `w+1=${next ? next.text : '</s>'}`);
  const wordAt = (d: number): SubToken | undefined => {
    const target = t.w + d;
    let k = i;
    if (d < 0) {
      while (k >= 0 && (s[k] as SubToken).w > target) k--;
    } else {
      while (k < s.length && (s[k] as SubToken).w < target) k++;
    }
    const x = s[k];
    return x !== undefined && x.w === target ? x : undefined;
  };
  const w1 = wordAt(-1);
  const w2 = wordAt(-2);
  const n1 = wordAt(1);
  const n2 = wordAt(2);
  f.push(`W-1=${w1 ? w1.word : '<s>'}`, `W-2=${w2 ? w2.word : '<s>'}`, `W+1=${n1 ? n1.word : '</s>'}`, `W+2=${n2 ? n2.word : '</s>'}`);
  f.push(`S-1=${w1 ? w1.stem : '<s>'}`, `S+1=${n1 ? n1.stem : '</s>'}`, `sh-1=${w1 ? w1.shape : '<s>'}`, `sh+1=${n1 ? n1.shape : '</s>'}`);
  f.push(`W|W-1=${t.word}|${w1 ? w1.word : '<s>'}`, `S|S+1=${t.stem}|${n1 ? n1.stem : '</s>'}`);
  if (gaz.size > 0) {
    for (const type of gaz.get(t.stem) ?? []) f.push(`g=${type}`);
    for (const type of gaz.get(t.word) ?? []) f.push(`gW=${type}`);
  }
  return f;
}

/** Seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const x = items[i] as T;
    items[i] = items[j] as T;
    items[j] = x;
  }
  return items;
}

function gazetteerMap(entries: readonly GazetteerEntry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of entries) {
    const first = tokenize(e.form)[0];
    if (first === undefined) continue;
    const key = foldString([...e.form].slice(first.start, first.end).join(''));
    const list = out.get(key) ?? [];
    if (!list.includes(e.type)) list.push(e.type);
    out.set(key, list.sort());
  }
  return out;
}

/** Gold tags of a sentence from the document's outermost mentions (snapped to piece boundaries). */
function goldTags(
  s: Sentence,
  mentions: readonly SpanTyped[],
  typeIndex: ReadonlyMap<string, number>,
  counts: { mentions: number; snapped: number },
): number[] {
  const tags = new Array<number>(s.length).fill(0);
  if (s.length === 0) return tags;
  const from = (s[0] as SubToken).start;
  const to = (s[s.length - 1] as SubToken).end;
  for (const m of mentions) {
    if (m.end <= from || m.start >= to) continue;
    const k = typeIndex.get(m.type);
    if (k === undefined) continue;
    let i = 0;
    while (i < s.length && (s[i] as SubToken).end <= m.start) i++;
    let j = i;
    while (j + 1 < s.length && (s[j + 1] as SubToken).start < m.end) j++;
    if (i >= s.length) continue;
    let free = true;
    for (let x = i; x <= j; x++) if (tags[x] !== 0) free = false;
    if (!free) continue;
    counts.mentions++;
    if ((s[i] as SubToken).start !== m.start || (s[j] as SubToken).end !== m.end) counts.snapped++;
    tags[i] = 1 + 2 * k;
    for (let x = i + 1; x <= j; x++) tags[x] = 2 + 2 * k;
  }
  return tags;
}

/** Outermost first: longer mentions before the ones they contain. */
function outermostFirst(mentions: readonly SpanTyped[]): SpanTyped[] {
  return [...mentions].sort((a, b) => a.start - b.start || b.end - a.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** Is tag `cur` allowed after `prev` (-1: the start)? I-x only after B-x or I-x. */
function allowed(prev: number, cur: number): boolean {
  if (cur === 0 || cur % 2 === 1) return true;
  if (prev <= 0) return false;
  return Math.floor((prev - 1) / 2) === Math.floor((cur - 1) / 2);
}

const allowedCache = new Map<number, Uint8Array>();

/** allowed(prev, cur) for every pair, as a (nt + 1) × nt table (row 0: the start). */
function allowedTable(nt: number): Uint8Array {
  let t = allowedCache.get(nt);
  if (t === undefined) {
    t = new Uint8Array((nt + 1) * nt);
    for (let p = -1; p < nt; p++) for (let y = 0; y < nt; y++) t[(p + 1) * nt + y] = allowed(p, y) ? 1 : 0;
    allowedCache.set(nt, t);
  }
  return t;
}

/** Viterbi over emission scores (n × nt) and transitions ((nt + 1) × nt). */
function viterbi(emit: Float64Array, n: number, nt: number, trans: ArrayLike<number>): number[] {
  const ok = allowedTable(nt);
  const score = new Float64Array(n * nt);
  const back = new Int32Array(n * nt);
  for (let y = 0; y < nt; y++) score[y] = ok[y] === 1 ? (emit[y] as number) + (trans[y] as number) : -Infinity;
  for (let i = 1; i < n; i++) {
    const row = (i - 1) * nt;
    for (let y = 0; y < nt; y++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < nt; p++) {
        const k = (p + 1) * nt + y;
        if (ok[k] === 0) continue;
        const v = (score[row + p] as number) + (trans[k] as number);
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      score[i * nt + y] = best + (emit[i * nt + y] as number);
      back[i * nt + y] = arg;
    }
  }
  const tags = new Array<number>(n).fill(0);
  let best = -Infinity;
  for (let y = 0; y < nt; y++) {
    const v = score[(n - 1) * nt + y] as number;
    if (v > best) {
      best = v;
      tags[n - 1] = y;
    }
  }
  for (let i = n - 1; i > 0; i--) tags[i - 1] = back[i * nt + (tags[i] as number)] as number;
  return tags;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Train on `docs` (every mention a positive example, everything else O). Returns the model with
 * `quality: null`; see trainWithHeldOut for a model that knows its held-out figures.
 */
export function trainTagger(docs: readonly TaggerDocument[], options: TrainOptions = {}): TaggerModel {
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? 8;
  const gaz = gazetteerMap(options.gazetteer ?? []);
  const types = [...new Set(docs.flatMap((d) => d.mentions.map((m) => m.type)))].sort();
  const typeIndex = new Map(types.map((t, k) => [t, k] as const));
  const nt = 1 + 2 * types.length;
  const counts = { mentions: 0, snapped: 0 };
  let totalMentions = 0;
  const featureIndex = new Map<string, number>();
  const examples: { feats: Int32Array[]; gold: number[] }[] = [];
  let subTokens = 0;
  for (const d of docs) {
    totalMentions += d.mentions.length;
    const mentions = outermostFirst(d.mentions);
    for (const s of subTokenize(d.text)) {
      const gold = goldTags(s, mentions, typeIndex, counts);
      const feats = s.map((_, i) =>
        Int32Array.from(
          features(s, i, gaz).map((name) => {
            let id = featureIndex.get(name);
            if (id === undefined) featureIndex.set(name, (id = featureIndex.size));
            return id;
          }),
        ),
      );
      subTokens += s.length;
      examples.push({ feats, gold });
    }
  }
  const nf = featureIndex.size;
  const w = new Float64Array(nf * nt);
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
      const pred = viterbi(emit, n, nt, tw);
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
    version: 1,
    seed,
    epochs,
    types,
    weights,
    transitions,
    gazetteer: Object.fromEntries(gaz),
    trained: { documents: docs.length, sentences: examples.length, subTokens, mentions: counts.mentions, snapped: counts.snapped, skipped: totalMentions - counts.mentions },
    quality: null,
  };
}

/** A model ready to tag (weights in typed arrays); build once per model. */
export class Tagger {
  readonly model: TaggerModel;
  private readonly nt: number;
  private readonly weights: Map<string, Float64Array>;
  private readonly gaz: Map<string, string[]>;

  constructor(model: TaggerModel) {
    if (model === null || typeof model !== 'object' || model.kind !== 'qalam-tagger' || model.version !== 1) {
      throw new CoreError('invalid-argument', 'not a Qalam tagger model (kind "qalam-tagger", version 1)');
    }
    this.model = model;
    this.nt = 1 + 2 * model.types.length;
    this.weights = new Map();
    for (const [name, row] of Object.entries(model.weights)) {
      const v = new Float64Array(this.nt);
      for (let k = 0; k + 1 < row.length; k += 2) v[row[k] as number] = row[k + 1] as number;
      this.weights.set(name, v);
    }
    this.gaz = new Map(Object.entries(model.gazetteer));
  }

  /** The spans the model finds in `text` (outermost, not overlapping), in text order. */
  predict(text: string): SpanTyped[] {
    const out: SpanTyped[] = [];
    const { nt } = this;
    if (this.model.types.length === 0) return out;
    for (const s of subTokenize(text)) {
      const n = s.length;
      const emit = new Float64Array(n * nt);
      for (let i = 0; i < n; i++) {
        for (const name of features(s, i, this.gaz)) {
          const v = this.weights.get(name);
          if (v === undefined) continue;
          for (let y = 0; y < nt; y++) emit[i * nt + y] = (emit[i * nt + y] as number) + (v[y] as number);
        }
      }
      const tags = viterbi(emit, n, nt, this.model.transitions);
      for (let i = 0; i < n; i++) {
        const t = tags[i] as number;
        if (t === 0 || t % 2 === 0) continue;
        let j = i;
        while (j + 1 < n && tags[j + 1] === t + 1) j++;
        out.push({ start: (s[i] as SubToken).start, end: (s[j] as SubToken).end, type: this.model.types[(t - 1) / 2] as string });
        i = j;
      }
    }
    return out;
  }

  /**
   * Suggestions for a document: silent (none) when the model's held-out F1 is below `minF1`
   * (a model without held-out figures counts as 0). Never a span overlapping an existing
   * mention of the same type.
   */
  suggest(doc: SuggestDocument, minF1 = 0): Suggestion[] {
    const f1 = this.model.quality?.f1 ?? 0;
    if (f1 < minF1) return [];
    const map = new OffsetMap(doc.text);
    const same = (p: SpanTyped): boolean => doc.mentions.some((m) => m.type === p.type && m.start < p.end && p.start < m.end);
    return this.predict(doc.text)
      .filter((p) => !same(p))
      .map((p) => ({ docId: doc.id, start: p.start, end: p.end, type: p.type, text: map.slice(p.start, p.end), source: 'tagger' as const, score: f1 }));
  }
}

/** Exact span-and-type precision, recall and F1 of `tagger` on `docs`. */
export function evaluateTagger(tagger: Tagger, docs: readonly TaggerDocument[]): Evaluation {
  let matched = 0;
  let predicted = 0;
  let gold = 0;
  for (const d of docs) {
    const want = new Set(d.mentions.map((m) => `${m.start}:${m.end}:${m.type}`));
    gold += want.size;
    const got = new Set(tagger.predict(d.text).map((m) => `${m.start}:${m.end}:${m.type}`));
    predicted += got.size;
    for (const k of got) if (want.has(k)) matched++;
  }
  return prf(matched, predicted, gold, docs.length);
}

export function prf(matched: number, predicted: number, gold: number, documents: number): Evaluation {
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, matched, predicted, gold, documents };
}

/**
 * Train the way INCEpTION evaluates a recommender: hold out a share of the documents (a seeded
 * choice; at least one document, and only when there are two or more), train on the rest and
 * measure there, then train on every document. The returned model carries the held-out figures.
 */
export function trainWithHeldOut(docs: readonly TaggerDocument[], options: TrainOptions & { heldOut?: number } = {}): TaggerModel {
  const share = options.heldOut ?? 0.2;
  let quality: Evaluation | null = null;
  if (docs.length >= 2 && share > 0) {
    const order = shuffle(docs.map((_, k) => k), rng((options.seed ?? 1) ^ 0x5eed));
    const k = Math.min(docs.length - 1, Math.max(1, Math.round(docs.length * share)));
    const test = new Set(order.slice(0, k));
    const train = docs.filter((_, i) => !test.has(i));
    const held = docs.filter((_, i) => test.has(i));
    quality = evaluateTagger(new Tagger(trainTagger(train, options)), held);
  }
  return { ...trainTagger(docs, options), quality };
}
