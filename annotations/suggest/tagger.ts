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
 */
import { CoreError } from '../errors';
import { graphemeIndex } from '../graphemes';
import { OffsetMap } from '../text';
import { tokenize } from '../tokenize';
import { cliticSplits, foldString, foldWord, type Script } from './clitics';
import type { GazetteerEntry, SpanTyped, Suggestion, SuggestDocument } from './occurrences';
import { seededRandom as rng } from '../random';

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

export interface SubToken {
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
  /** The piece's id in its WordAnalyzer (the same for the same piece of the same token). */
  id: number;
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

/** The pieces of one token, the same wherever it occurs (offsets relative to its start). */
interface PieceTemplate {
  rel0: number;
  rel1: number;
  text: string;
  role: number;
  word: string;
  stem: string;
  piece: number;
  pieces: number;
  script: Script;
  shape: string;
  id: number;
}

/**
 * Tokens analysed once: folded, split after their proclitics, shaped; each distinct piece gets an
 * id (never reused) under which the tagger caches its features' scores.
 */
export class WordAnalyzer {
  private readonly cache = new Map<string, PieceTemplate[]>();
  private next = 0;

  constructor(private readonly split: boolean) {}

  analyze(raw: string, kind: string): PieceTemplate[] {
    const key = kind === 'word' ? raw : `${kind}\u0001${raw}`;
    let out = this.cache.get(key);
    if (out === undefined) {
      out = this.make(raw, kind);
      if (this.cache.size >= ANALYZER_MAX) this.cache.clear();
      this.cache.set(key, out);
    }
    return out;
  }

  private make(raw: string, kind: string): PieceTemplate[] {
    let n = 0;
    for (const _ of raw) n++;
    const fw = foldWord(raw, 0, n, 0);
    const shape = shapeOf(raw, fw.script);
    const cuts: { at: number; text: string }[] = [];
    if (kind === 'word' && (fw.script === 'he' || fw.script === 'ar')) {
      const splits = cliticSplits(fw.folded, fw.script);
      const longest = splits[splits.length - 1];
      if (longest !== undefined && longest.length > 0) {
        const g = graphemeIndex(raw);
        let unit = 0;
        for (const c of longest.clitics) {
          cuts.push({ at: fw.source[unit] as number, text: c });
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
    const whole = { rel0: 0, rel1: n, text: fw.folded, role: 0, word: fw.folded, piece: 0, pieces: 1, script: fw.script, shape };
    if (cuts.length <= 1) return [{ ...whole, stem: fw.folded, id: this.next++ }];
    const stem = (cuts[cuts.length - 1] as { text: string }).text;
    if (!this.split) return [{ ...whole, stem, id: this.next++ }];
    return cuts.map((c, k) => ({
      rel0: c.at,
      rel1: k + 1 < cuts.length ? (cuts[k + 1] as { at: number }).at : n,
      text: c.text,
      role: k + 1 < cuts.length ? 1 : 2,
      word: fw.folded,
      stem,
      piece: k,
      pieces: cuts.length,
      script: fw.script,
      shape,
      id: this.next++,
    }));
  }
}

/** Distinct tokens a WordAnalyzer remembers (then it forgets them all at once). */
const ANALYZER_MAX = 200_000;

/**
 * The sentences of a text as sub-tokens: proclitics split off Hebrew and Arabic words (unless
 * `split` is false: then each token is one piece, its stem a feature).
 */
export function subTokenize(text: string, split = true, analyzer: WordAnalyzer = new WordAnalyzer(split)): Sentence[] {
  const map = new OffsetMap(text);
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
    const raw = map.slice(tok.start, tok.end);
    for (const p of analyzer.analyze(raw, tok.kind)) {
      current.push({ start: tok.start + p.rel0, end: tok.start + p.rel1, text: p.text, role: p.role, word: p.word, stem: p.stem, w, piece: p.piece, pieces: p.pieces, script: p.script, shape: p.shape, id: p.id });
    }
    w++;
    if (tok.kind === 'punct' && SENTENCE_END.has(raw)) flush();
  }
  flush();
  return sentences;
}

const QUOTES = /["'״׳’]/gu;

/** The features of a piece that depend on it alone (and the gazetteer). */
function selfFeatures(t: SubToken, gaz: ReadonlyMap<string, readonly string[]>): string[] {
  const f: string[] = ['b', `w=${t.text}`, `W=${t.word}`, `S=${t.stem}`, `r=${t.role}${t.role === 1 ? t.text : ''}`, `pc=${t.piece}/${t.pieces}`, `sh=${t.shape}`];
  // the stem's characters: prefixes and suffixes up to 4, 3- and 4-grams (a proclitic has none)
  const x = t.role === 1 ? '' : t.stem;
  const n = x.length;
  if (n > 0) {
    for (let k = 1; k <= 4 && k <= n; k++) f.push(`p${k}=${x.slice(0, k)}`, `s${k}=${x.slice(n - k)}`);
    f.push(`len=${Math.min(n, 10)}`);
    const y = `^${x}$`;
    for (let k = 0; k + 3 <= y.length; k++) f.push(`g3=${y.slice(k, k + 3)}`);
    for (let k = 0; k + 4 <= y.length; k++) f.push(`g4=${y.slice(k, k + 4)}`);
  }
  // geresh and gershayim: acronyms (צה"ל) and foreign names (ג'ורג')
  const quotes = t.word.length - t.word.replace(QUOTES, '').length;
  if (quotes > 0) f.push(`q=${quotes}${/["״]/u.test(t.word.slice(-2, -1)) ? 'acr' : ''}`);
  if (gaz.size > 0) {
    for (const type of gaz.get(t.stem) ?? []) f.push(`g=${type}`);
    for (const type of gaz.get(t.word) ?? []) f.push(`gW=${type}`);
  }
  return f;
}

/**
 * Feature slots: the piece itself, then what a neighbour contributes — the piece before and after,
 * the words one and two before and after (their word, stem and shape). Each slot's features
 * depend only on one piece, so they are computed once per distinct piece (slotKey) and cached.
 */
const SLOTS = 7;
const SELF = 0;

function slotFeatures(slot: number, t: SubToken | undefined, gaz: ReadonlyMap<string, readonly string[]>): string[] {
  switch (slot) {
    case SELF:
      return selfFeatures(t as SubToken, gaz);
    case 1:
      return [`w-1=${t ? t.text : '<s>'}`];
    case 2:
      return [`w+1=${t ? t.text : '</s>'}`];
    case 3:
      return t ? [`W-1=${t.word}`, `S-1=${t.stem}`, `sh-1=${t.shape}`] : ['W-1=<s>', 'S-1=<s>', 'sh-1=<s>'];
    case 4:
      return [`W-2=${t ? t.word : '<s>'}`];
    case 5:
      return t ? [`W+1=${t.word}`, `S+1=${t.stem}`, `sh+1=${t.shape}`] : ['W+1=</s>', 'S+1=</s>', 'sh+1=</s>'];
    default:
      return [`W+2=${t ? t.word : '</s>'}`];
  }
}

/** A slot's features depend on the piece's id alone (-1: past the sentence's edge). */
function slotKey(t: SubToken | undefined): number {
  return t === undefined ? -1 : t.id;
}

/** For each piece, the index of the piece in each slot (n × SLOTS; -1 past the sentence's edges). */
function slotPieces(s: Sentence): Int32Array {
  const words = s.length === 0 ? 0 : (s[s.length - 1] as SubToken).w + 1;
  const first = new Int32Array(words).fill(-1);
  const last = new Int32Array(words).fill(-1);
  s.forEach((t, i) => {
    if (first[t.w] === -1) first[t.w] = i;
    last[t.w] = i;
  });
  const out = new Int32Array(s.length * SLOTS);
  s.forEach((t, i) => {
    const o = i * SLOTS;
    out[o] = i;
    out[o + 1] = i - 1;
    out[o + 2] = i + 1 < s.length ? i + 1 : -1;
    out[o + 3] = t.w >= 1 ? (last[t.w - 1] as number) : -1;
    out[o + 4] = t.w >= 2 ? (last[t.w - 2] as number) : -1;
    out[o + 5] = t.w + 1 < words ? (first[t.w + 1] as number) : -1;
    out[o + 6] = t.w + 2 < words ? (first[t.w + 2] as number) : -1;
  });
  return out;
}

/** Features of two pieces together: the word with the word before (0), the stem with the stem after (1). */
function pairFeature(which: number, t: SubToken, other: SubToken | undefined): string {
  return which === 0 ? `W|W-1=${t.word}|${other ? other.word : '<s>'}` : `S|S+1=${t.stem}|${other ? other.stem : '</s>'}`;
}

/**
 * The annotator's own lexicon: every mention's words (as stems, `ב|קזחסטן` → `קזחסטן`), with the
 * type given most often, how often it was tagged and how often the words occur at all. A
 * sentence's words that match an entry (longest first) get features saying where they are in it
 * (B I L U), its type and how reliably it is tagged: names seen before are found again, also
 * after other proclitics, and a form tagged once in fifty ("so", a party's name) counts little.
 */
interface LexiconEntry {
  /** Type → times tagged. */
  types: Record<string, number>;
  seen: number;
}

export type Lexicon = Record<string, LexiconEntry>;

/** The stem of each word of a sentence (by word index). */
function stemsOf(s: Sentence): string[] {
  const out: string[] = [];
  for (const t of s) out[t.w] = t.stem;
  return out;
}

/** The lexicon key of the words a mention covers (null when it is not in the sentence). */
function mentionKey(s: Sentence, stems: readonly string[], m: SpanTyped): string | null {
  let w0 = -1;
  let w1 = -1;
  for (const t of s) {
    if (t.end <= m.start || t.start >= m.end) continue;
    if (w0 < 0) w0 = t.w;
    w1 = t.w;
  }
  return w0 < 0 ? null : stems.slice(w0, w1 + 1).join(' ');
}

const MAX_LEXICON_WORDS = 6;

/** Longest entries first, left to right: [first word, last word, key]. */
function lexiconMatches(stems: readonly string[], has: (key: string) => boolean, maxWords: number, starts?: ReadonlySet<string>): [number, number, string][] {
  const out: [number, number, string][] = [];
  for (let w = 0; w < stems.length; w++) {
    // `starts`: the first stems of the entries (no entry starts elsewhere)
    if (starts !== undefined && !starts.has(stems[w] as string)) continue;
    for (let n = Math.min(maxWords, stems.length - w); n >= 1; n--) {
      const key = n === 1 ? (stems[w] as string) : stems.slice(w, w + n).join(' ');
      if (has(key)) {
        out.push([w, w + n - 1, key]);
        w += n - 1;
        break;
      }
    }
  }
  return out;
}

/** The lexicon features of each piece of a sentence. */
function lexiconFeatures(
  s: Sentence,
  stems: readonly string[],
  lookup: (key: string) => { type: string; tagged: number; seen: number } | null,
  maxWords: number,
  keep: () => boolean = () => true,
  starts?: ReadonlySet<string>,
): (string[] | undefined)[] {
  const out: (string[] | undefined)[] = new Array(s.length);
  const byWord: string[][] = [];
  for (const [w0, w1, key] of lexiconMatches(stems, (k) => lookup(k) !== null, maxWords, starts)) {
    if (!keep()) continue;
    const e = lookup(key) as { type: string; tagged: number; seen: number };
    const r = e.seen === 0 ? 0 : e.tagged / e.seen;
    const bucket = r >= 0.75 ? 3 : r >= 0.5 ? 2 : r >= 0.25 ? 1 : 0;
    for (let w = w0; w <= w1; w++) {
      const pos = w0 === w1 ? 'U' : w === w0 ? 'B' : w === w1 ? 'L' : 'I';
      byWord[w] = [`L=${pos}${e.type}`, `Lr=${pos}${e.type}${bucket}`, `Lb=${bucket}`];
    }
  }
  s.forEach((t, i) => {
    const f = byWord[t.w];
    if (f !== undefined) out[i] = t.pieces > 1 ? [...f, ...f.map((x) => `${x}r${t.role}`)] : f;
  });
  return out;
}

/** The best type of a lexicon entry (most tagged; ties by name). */
function bestType(types: Record<string, number>): [string, number] {
  let best = '';
  let n = 0;
  let total = 0;
  for (const [t, k] of Object.entries(types)) {
    total += k;
    if (k > n || (k === n && t < best)) {
      best = t;
      n = k;
    }
  }
  return [best, total];
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

/**
 * Tag schemes: tag 0 is O; with BIO, type k has B = 1 + 2k and I = 2 + 2k; with BILOU, B = 1 + 4k,
 * I = 2 + 4k, L (last) = 3 + 4k, U (unit: a one-piece mention) = 4 + 4k.
 */
export type TagScheme = 'bio' | 'bilou';

const perType = (scheme: TagScheme): number => (scheme === 'bio' ? 2 : 4);
const B = 0;
const I = 1;
const L = 2;
const U = 3;

/** Gold tags of a sentence from the document's outermost mentions (snapped to piece boundaries). */
function goldTags(
  s: Sentence,
  mentions: readonly SpanTyped[],
  typeIndex: ReadonlyMap<string, number>,
  scheme: TagScheme,
  counts: { mentions: number; snapped: number },
): number[] {
  const tags = new Array<number>(s.length).fill(0);
  if (s.length === 0) return tags;
  const per = perType(scheme);
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
    const base = 1 + per * k;
    if (scheme === 'bio') {
      tags[i] = base + B;
      for (let x = i + 1; x <= j; x++) tags[x] = base + I;
    } else if (i === j) {
      tags[i] = base + U;
    } else {
      tags[i] = base + B;
      for (let x = i + 1; x < j; x++) tags[x] = base + I;
      tags[j] = base + L;
    }
  }
  return tags;
}

/** Outermost first: longer mentions before the ones they contain. */
function outermostFirst(mentions: readonly SpanTyped[]): SpanTyped[] {
  return [...mentions].sort((a, b) => a.start - b.start || b.end - a.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/**
 * Is tag `cur` allowed after `prev` (-1: the start; `cur` -1: the end)? BIO: I-x only after B-x
 * or I-x. BILOU: after B-x or I-x only I-x or L-x (and never the end); elsewhere O, B or U.
 */
function allowed(prev: number, cur: number, scheme: TagScheme): boolean {
  const per = perType(scheme);
  const kind = (t: number): number => (t <= 0 ? -1 : (t - 1) % per);
  const type = (t: number): number => Math.floor((t - 1) / per);
  if (scheme === 'bio') {
    if (cur <= 0 || kind(cur) === B) return true;
    return prev > 0 && type(prev) === type(cur);
  }
  const open = prev > 0 && (kind(prev) === B || kind(prev) === I);
  if (open) return cur > 0 && type(cur) === type(prev) && (kind(cur) === I || kind(cur) === L);
  return cur === 0 || kind(cur) === B || kind(cur) === U;
}

const allowedCache = new Map<string, Uint8Array>();

/**
 * allowed(prev, cur) for every pair, as an (nt + 2) × nt table: row 0 the start, row p + 1 after
 * tag p; the last row says which tags may end a sentence.
 */
function allowedTable(nt: number, scheme: TagScheme): Uint8Array {
  const key = `${scheme}${nt}`;
  let t = allowedCache.get(key);
  if (t === undefined) {
    t = new Uint8Array((nt + 2) * nt);
    for (let p = -1; p < nt; p++) for (let y = 0; y < nt; y++) t[(p + 1) * nt + y] = allowed(p, y, scheme) ? 1 : 0;
    for (let y = 0; y < nt; y++) t[(nt + 1) * nt + y] = allowed(y, 0, scheme) ? 1 : 0;
    allowedCache.set(key, t);
  }
  return t;
}

const previousCache = new Map<string, Int32Array[]>();

/** For each tag, the tags allowed before it (in order). */
function allowedPrevious(nt: number, scheme: TagScheme): Int32Array[] {
  const key = `${scheme}${nt}`;
  let out = previousCache.get(key);
  if (out === undefined) {
    const ok = allowedTable(nt, scheme);
    out = [];
    for (let y = 0; y < nt; y++) {
      const list: number[] = [];
      for (let p = 0; p < nt; p++) if (ok[(p + 1) * nt + y] === 1) list.push(p);
      out.push(Int32Array.from(list));
    }
    previousCache.set(key, out);
  }
  return out;
}

/** Viterbi over emission scores (n × nt) and transitions ((nt + 1) × nt), valid sequences only. */
function viterbi(emit: Float64Array, n: number, nt: number, trans: Float64Array, scheme: TagScheme): number[] {
  const ok = allowedTable(nt, scheme);
  const prevs = allowedPrevious(nt, scheme);
  const score = new Float64Array(n * nt);
  const back = new Int32Array(n * nt);
  for (let y = 0; y < nt; y++) score[y] = ok[y] === 1 ? (emit[y] as number) + (trans[y] as number) : -Infinity;
  for (let i = 1; i < n; i++) {
    const row = (i - 1) * nt;
    for (let y = 0; y < nt; y++) {
      let best = -Infinity;
      let arg = 0;
      const list = prevs[y] as Int32Array;
      for (let q = 0; q < list.length; q++) {
        const p = list[q] as number;
        const v = (score[row + p] as number) + (trans[(p + 1) * nt + y] as number);
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
  const end = (nt + 1) * nt;
  for (let y = 0; y < nt; y++) {
    const v = score[(n - 1) * nt + y] as number;
    if (ok[end + y] === 1 && v > best) {
      best = v;
      tags[n - 1] = y;
    }
  }
  for (let i = n - 1; i > 0; i--) tags[i - 1] = back[i * nt + (tags[i] as number)] as number;
  return tags;
}

/** The mentions a valid tag sequence spells, as [first piece, last piece, type index]. */
function spansOf(tags: readonly number[], scheme: TagScheme): [number, number, number][] {
  const per = perType(scheme);
  const out: [number, number, number][] = [];
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i] as number;
    if (t === 0) continue;
    const kind = (t - 1) % per;
    const k = Math.floor((t - 1) / per);
    if (kind === U) out.push([i, i, k]);
    if (kind !== B) continue;
    let j = i;
    const inside = 1 + per * k + I;
    while (j + 1 < tags.length && tags[j + 1] === inside) j++;
    if (scheme === 'bilou') {
      if (tags[j + 1] !== 1 + per * k + L) continue;
      j++;
    }
    out.push([i, j, k]);
    i = j;
  }
  return out;
}

/**
 * Do the annotator's spans start or end inside words (after a proclitic, as NEMO's morphemes)?
 * Yes when at least 5% of the mentions in Hebrew or Arabic words do.
 */
export function needsPieces(docs: readonly TaggerDocument[]): boolean {
  let inside = 0;
  let total = 0;
  for (const d of docs) {
    if (d.mentions.length === 0) continue;
    const starts = new Set<number>();
    const ends = new Set<number>();
    for (const t of tokenize(d.text)) {
      starts.add(t.start);
      ends.add(t.end);
    }
    for (const m of d.mentions) {
      total++;
      if (!starts.has(m.start) || !ends.has(m.end)) inside++;
    }
  }
  return total > 0 && inside >= 0.05 * total;
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

/** One sentence's pieces and their emission scores (pieces × tags). */
export interface Scored {
  pieces: readonly SubToken[];
  emit: Float64Array;
}

/** Distinct pieces remembered per slot by a Tagger (then forgotten, all at once). */
const SLOT_CACHE_MAX = 200_000;

/** A model ready to tag (weights in typed arrays); build once per model. */
export class Tagger {
  readonly model: TaggerModel;
  private readonly nt: number;
  private readonly scheme: TagScheme;
  /** Subtracted from the score of O at every piece: more mentions found, fewer of them right. */
  oBias: number;
  /** The O bias of suggest (each wrong suggestion costs the annotator a key). */
  suggestBias: number;
  private readonly split: boolean;
  private readonly weights: Map<string, Float64Array>;
  private readonly gaz: Map<string, string[]>;
  private readonly slotCache = Array.from({ length: SLOTS }, () => new Map<number, Float64Array | null>());
  private readonly analyzer: WordAnalyzer;
  private readonly transitions: Float64Array;
  private readonly lexiconStarts: Set<string>;

  constructor(model: TaggerModel) {
    if (model === null || typeof model !== 'object' || model.kind !== 'qalam-tagger' || (model.version !== 1 && model.version !== 2)) {
      throw new CoreError('invalid-argument', 'not a Qalam tagger model (kind "qalam-tagger", version 1 or 2)');
    }
    this.model = model;
    // version 1: BIO over pieces
    this.scheme = model.version === 1 ? 'bio' : model.scheme;
    this.split = model.version === 1 ? true : model.split;
    this.nt = 1 + perType(this.scheme) * model.types.length;
    this.oBias = model.oBias ?? 0;
    this.suggestBias = model.suggestBias ?? this.oBias;
    this.analyzer = new WordAnalyzer(this.split);
    this.transitions = Float64Array.from(model.transitions);
    this.lexiconStarts = new Set(Object.keys(model.lexicon ?? {}).map((k) => k.split(' ')[0] as string));
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
    return this.decode(this.scores(text), this.oBias);
  }

  /** The emission scores of each sentence of `text` (before the O bias). */
  scores(text: string): Scored[] {
    const out: Scored[] = [];
    const { nt } = this;
    if (this.model.types.length === 0) return out;
    const lexicon = this.model.lexicon ?? {};
    const lookup = (key: string): { type: string; tagged: number; seen: number } | null => {
      const e = Object.hasOwn(lexicon, key) ? lexicon[key] : undefined;
      if (e === undefined) return null;
      const [type] = bestType(e.types);
      return { type, tagged: e.types[type] as number, seen: e.seen };
    };
    const maxWords = this.model.lexiconWords ?? 1;
    const add = (emit: Float64Array, at: number, v: Float64Array): void => {
      for (let y = 0; y < nt; y++) emit[at + y] = (emit[at + y] as number) + (v[y] as number);
    };
    for (const s of subTokenize(text, this.split, this.analyzer)) {
      const n = s.length;
      const emit = new Float64Array(n * nt);
      const extra = lexiconFeatures(s, stemsOf(s), lookup, maxWords, undefined, this.lexiconStarts);
      const slots = slotPieces(s);
      for (let i = 0; i < n; i++) {
        const t = s[i] as SubToken;
        for (let slot = 0; slot < SLOTS; slot++) {
          const v = this.slotScores(slot, s[slots[i * SLOTS + slot] as number]);
          if (v !== null) add(emit, i * nt, v);
        }
        for (let which = 0; which < 2; which++) {
          const v = this.weights.get(pairFeature(which, t, s[slots[i * SLOTS + (which === 0 ? 3 : 5)] as number]));
          if (v !== undefined) add(emit, i * nt, v);
        }
        for (const name of extra[i] ?? []) {
          const v = this.weights.get(name);
          if (v !== undefined) add(emit, i * nt, v);
        }
      }
      out.push({ pieces: s, emit });
    }
    return out;
  }

  /** The summed weights of a slot's features for a piece (null: none known), cached per distinct piece. */
  private slotScores(slot: number, t: SubToken | undefined): Float64Array | null {
    const cache = this.slotCache[slot] as Map<number, Float64Array | null>;
    const key = slotKey(t);
    let v = cache.get(key);
    if (v === undefined) {
      v = null;
      for (const name of slotFeatures(slot, t, this.gaz)) {
        const x = this.weights.get(name);
        if (x === undefined) continue;
        if (v === null) v = new Float64Array(this.nt);
        for (let y = 0; y < this.nt; y++) v[y] = (v[y] as number) + (x[y] as number);
      }
      if (cache.size >= SLOT_CACHE_MAX) cache.clear();
      cache.set(key, v);
    }
    return v;
  }

  /** The best valid tagging of scored sentences, with `oBias` taken from the score of O. */
  decode(scored: readonly Scored[], oBias: number): SpanTyped[] {
    const out: SpanTyped[] = [];
    const { nt } = this;
    for (const { pieces: s, emit: raw } of scored) {
      const n = s.length;
      const emit = oBias === 0 ? raw : Float64Array.from(raw);
      if (oBias !== 0) for (let i = 0; i < n; i++) emit[i * nt] = (emit[i * nt] as number) - oBias;
      const tags = viterbi(emit, n, nt, this.transitions, this.scheme);
      for (const [i, j, k] of spansOf(tags, this.scheme)) {
        out.push({ start: (s[i] as SubToken).start, end: (s[j] as SubToken).end, type: this.model.types[k] as string });
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
    return this.decode(this.scores(doc.text), this.suggestBias)
      .filter((p) => !same(p))
      .map((p) => ({ docId: doc.id, start: p.start, end: p.end, type: p.type, text: map.slice(p.start, p.end), source: 'tagger' as const, score: f1 }));
  }
}

/**
 * Precision, recall and F1 of `tagger` on `docs`: exact span and type, and token-level (each
 * word or number token labelled with the type of the first mention over it, or O; a token is
 * right when both labels are the same type).
 */
export function evaluateTagger(tagger: Tagger, docs: readonly TaggerDocument[]): Evaluation {
  return evaluatePredictions(docs, docs.map((d) => tagger.predict(d.text)));
}

/** evaluateTagger for predictions already made (one list per document). */
export function evaluatePredictions(docs: readonly TaggerDocument[], predictions: readonly (readonly SpanTyped[])[]): Evaluation {
  let matched = 0;
  let predicted = 0;
  let gold = 0;
  const tok = { tp: 0, fp: 0, fn: 0 };
  docs.forEach((d, k) => {
    const got = predictions[k] ?? [];
    const want = new Set(d.mentions.map((m) => `${m.start}:${m.end}:${m.type}`));
    gold += want.size;
    const keys = new Set(got.map((m) => `${m.start}:${m.end}:${m.type}`));
    predicted += keys.size;
    for (const x of keys) if (want.has(x)) matched++;
    tokenCounts(d, got, tok);
  });
  const token = prf(tok.tp, tok.tp + tok.fp, tok.tp + tok.fn, docs.length);
  return { ...prf(matched, predicted, gold, docs.length), token: { precision: token.precision, recall: token.recall, f1: token.f1 } };
}

/** Labels of the word and number tokens of `text` from `mentions` (the first mention over each, by start). */
function tokenLabels(tokens: readonly { start: number; end: number }[], mentions: readonly SpanTyped[]): string[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: string[] = [];
  let k = 0;
  for (const t of tokens) {
    while (k < sorted.length && (sorted[k] as SpanTyped).end <= t.start) k++;
    let label = 'O';
    for (let j = k; j < sorted.length && (sorted[j] as SpanTyped).start < t.end; j++) {
      if ((sorted[j] as SpanTyped).end > t.start) {
        label = (sorted[j] as SpanTyped).type;
        break;
      }
    }
    out.push(label);
  }
  return out;
}

function tokenCounts(d: TaggerDocument, predicted: readonly SpanTyped[], c: { tp: number; fp: number; fn: number }): void {
  const tokens = tokenize(d.text).filter((t) => t.kind !== 'punct');
  const g = tokenLabels(tokens, d.mentions);
  const p = tokenLabels(tokens, predicted);
  g.forEach((gl, i) => {
    const pl = p[i] as string;
    if (pl !== 'O' && pl === gl) c.tp++;
    else {
      if (pl !== 'O') c.fp++;
      if (gl !== 'O') c.fn++;
    }
  });
}

export function prf(matched: number, predicted: number, gold: number, documents: number): Evaluation {
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, matched, predicted, gold, documents };
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
