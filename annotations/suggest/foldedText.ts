/**
 * Document texts folded once for the occurrences (projectOccurrences.ts): a text's tokens as typed
 * arrays, each distinct folded word with its proclitic readings and every stem it can be looked up
 * by (`FoldedText`), and a cache of them by document id and text hash, bounded by the text it
 * holds (`FoldedTexts`). Split from projectOccurrences.ts (session 6): folding a text knows
 * nothing of forms, mentions or practice.
 */
import { foldCodePoint } from '../find';
import { GraphemeIndex, graphemeIndex } from '../graphemes';
import { OffsetMap } from '../text';
import { firstTokenEndingAfter, tokenArrays } from '../tokenize';
import { articleOf, cliticSplits, foldWord, scriptOf, type FoldedWord, type Script } from './clitics';

/** One way to look a distinct word up: the stem after one proclitic reading (or ل + ال's merged key). */
export interface Lookup {
  key: string;
  merged: boolean;
  /** The reading's proclitics (folded units) and where its article starts (-1: none). */
  length: number;
  articleAt: number;
}

/** A distinct folded word of a text (per token kind: only words are read with proclitics). */
export interface Word {
  folded: string;
  script: Script;
  /** A word token's (else a number, punctuation, space…: read without proclitics). */
  isWord: boolean;
  /** Per proclitic reading, shortest first: its lookups (the stem, then the merged key). */
  readings: Lookup[][];
}

export const WORD_KIND = 2;

/** FNV-1a of a text's UTF-16 units (the cache's key beside the document id). */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.length.toString(36)}.${(h >>> 0).toString(36)}`;
}

/**
 * Distinct folded words shared by many texts (a corpus: each distinct word is read with its
 * proclitics once, not once per document). Grows as texts are folded with it; an id never changes.
 */
export class Vocabulary {
  readonly words: Word[] = [];
  private readonly byWord = new Map<string, number>();
  private readonly byOther = new Map<string, number>();
  /** The ids by the hash of their folded units and kind (`unitsHash`), open addressing: id + 1, 0 empty; at most half full. */
  private slots = new Int32Array(1024);

  /** The id of a folded token (its readings worked out when first met). */
  id(folded: string, isWord: boolean): number {
    const byKey = isWord ? this.byWord : this.byOther;
    let id = byKey.get(folded);
    if (id === undefined) {
      id = this.words.length;
      byKey.set(folded, id);
      this.words.push(readWord(folded, isWord));
      if (2 * this.words.length > this.slots.length) this.rehash(2 * this.slots.length);
      else this.slot(id);
    }
    return id;
  }

  /**
   * The id of the token text[u, uEnd) folded (as `id(foldUnits(text, u, uEnd), isWord)`), without
   * making a string for it when folding leaves it as it is and it was met before (most tokens).
   */
  idOf(text: string, u: number, uEnd: number, isWord: boolean): number {
    const t = changes;
    let h = isWord ? 0x811c9dc5 : 0x050c5d1f;
    for (let i = u; i < uEnd; i++) {
      const c = text.charCodeAt(i);
      if (t[c] !== 0 && changed(c)) return this.id(foldUnits(text, u, uEnd), isWord);
      h = Math.imul(h ^ c, 0x01000193);
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    const n = uEnd - u;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const at = slots[s] as number;
      if (at === 0) break;
      const w = this.words[at - 1] as Word;
      if (w.isWord !== isWord || w.folded.length !== n) continue;
      let k = 0;
      while (k < n && w.folded.charCodeAt(k) === text.charCodeAt(u + k)) k++;
      if (k === n) return at - 1;
    }
    return this.id(text.slice(u, uEnd), isWord);
  }

  private slot(id: number): void {
    const w = this.words[id] as Word;
    const mask = this.slots.length - 1;
    let s = unitsHash(w.folded, w.isWord) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let id = 0; id < this.words.length; id++) this.slot(id);
  }

  get size(): number {
    return this.words.length;
  }
}

/**
 * A piece of a text folded (`foldPiece`), in the whole text's offsets: its tokens (code points), their
 * UTF-16 starts and distinct words, and what the text's OffsetMap and GraphemeIndex need of it.
 */
interface FoldedPiece {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  u16: Int32Array;
  ids: Int32Array;
  /** Code points of the piece, its positions inside clusters, the UTF-16 index of its astral characters. */
  cpLength: number;
  inner: Int32Array;
  astral: Int32Array;
}

/**
 * Folds text[from, to) (`cpFrom`: the code points before `from`), whose ends are places where
 * tokens and grapheme clusters always break (`pieceEnd`), so its tokens and clusters are the
 * whole text's there.
 */
function foldPiece(text: string, from: number, to: number, cpFrom: number, vocab: Vocabulary): FoldedPiece {
  const whole = from === 0 && to === text.length;
  const part = whole ? text : text.slice(from, to);
  const t = tokenArrays(part);
  const g = graphemeIndex(part);
  const map = new OffsetMap(part);
  const count = t.count;
  const u16 = new Int32Array(count);
  const ids = new Int32Array(count);
  const identity = map.isIdentity;
  for (let k = 0; k < count; k++) {
    const start = t.starts[k] as number;
    const end = t.ends[k] as number;
    const u = identity ? start : map.toUtf16(start);
    u16[k] = u + from;
    const uEnd = identity ? end : map.toUtf16(end);
    ids[k] = vocab.idOf(part, u, uEnd, t.kinds[k] === WORD_KIND);
  }
  if (whole) return { count, starts: t.starts, ends: t.ends, u16, ids, cpLength: g.length, inner: g.nonBoundaries(), astral: map.astralUnits() };
  const shift = (a: Int32Array, by: number): Int32Array => {
    const out = new Int32Array(a.length);
    for (let k = 0; k < a.length; k++) out[k] = (a[k] as number) + by;
    return out;
  };
  return { count, starts: shift(t.starts, cpFrom), ends: shift(t.ends, cpFrom), u16, ids, cpLength: g.length, inner: shift(g.nonBoundaries(), cpFrom), astral: shift(map.astralUnits(), from) };
}

/** UTF-16 units of a piece folded at a time (TextFolding), about. */
export const PIECE_UNITS = 32_768;

/** A letter or digit without marks (a token starts at it; a cluster boundary is before it after a space). */
function isPlainStart(u: number): boolean {
  return (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5a) || (u >= 0x61 && u <= 0x7a) || (u >= 0x05d0 && u <= 0x05ea) || (u >= 0x0621 && u <= 0x063a) || (u >= 0x0641 && u <= 0x064a);
}

/**
 * Is UTF-16 index `i` of `text` (0 < i < length) after a line break or between a space and a plain
 * letter or digit? Tokens and grapheme clusters always break there: no token, cluster nor
 * look-ahead crosses it, so a piece of the text between two such places folds as it does in the
 * whole text.
 */
function isBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i - 1);
  return c === 0x0a || (c === 0x20 && isPlainStart(text.charCodeAt(i)));
}

/** Where the piece of `text` from `from` ends: the first break (`isBreak`) at least `units` on, else the text's end. */
function pieceEnd(text: string, from: number, units: number): number {
  const n = text.length;
  for (let i = from + Math.max(1, units); i < n; i++) if (isBreak(text, i)) return i;
  return n;
}

/**
 * The part of `text` to fold around UTF-16 index `at` so that the token holding it and the
 * `after` tokens that follow it are those of the whole text: from the last break at or before
 * `at` (or the text's start) to the first break after it, then on over `after` more breaks
 * before a plain letter or digit (each starts a token: whatever else lies between is only more
 * text), or the text's end.
 */
export function partAround(text: string, at: number, after: number): [number, number] {
  const n = text.length;
  let from = Math.min(at, n);
  while (from > 0 && !isBreak(text, from)) from--;
  let to = pieceEnd(text, at, 1);
  for (let k = 0; k < after && to < n; ) {
    if (isPlainStart(text.charCodeAt(to))) k++;
    to = pieceEnd(text, to, 1);
  }
  return [from, to];
}

/**
 * `text` folded only in `parts` (UTF-16 [from, to), ascending, not overlapping, each starting and
 * ending at a break or the text's ends, as `partAround` cuts them), with `vocabulary`: its tokens
 * are those of the whole text inside the parts, none elsewhere; its offsets (code points, UTF-16)
 * and grapheme clusters are the whole text's. For a scan that needs only those tokens (a form's
 * occurrences where the text may hold it: FormFinder); never to be kept as the text folded.
 */
export function foldParts(text: string, hash: string, vocabulary: Vocabulary, parts: readonly (readonly [number, number])[]): FoldedText {
  const map = new OffsetMap(text);
  const identity = map.isIdentity;
  // a part has at most as many tokens, and positions inside clusters, as UTF-16 units
  let room = 0;
  for (const [from, to] of parts) room += to - from;
  const starts = new Int32Array(room);
  const ends = new Int32Array(room);
  const u16 = new Int32Array(room);
  const ids = new Int32Array(room);
  const inner = new Int32Array(room);
  let count = 0;
  let inners = 0;
  for (const [from, to] of parts) {
    const part = text.slice(from, to);
    const cpFrom = identity ? from : map.toCp(from);
    const t = tokenArrays(part);
    const g = graphemeIndex(part).nonBoundaries();
    const local = identity ? null : new OffsetMap(part);
    for (let k = 0; k < t.count; k++, count++) {
      const start = t.starts[k] as number;
      const end = t.ends[k] as number;
      const u = local === null ? start : local.toUtf16(start);
      starts[count] = start + cpFrom;
      ends[count] = end + cpFrom;
      u16[count] = u + from;
      ids[count] = vocabulary.idOf(part, u, local === null ? end : local.toUtf16(end), t.kinds[k] === WORD_KIND);
    }
    for (let k = 0; k < g.length; k++) inner[inners++] = (g[k] as number) + cpFrom;
  }
  const folded: FoldedPiece = {
    count,
    starts: starts.subarray(0, count),
    ends: ends.subarray(0, count),
    u16: u16.subarray(0, count),
    ids: ids.subarray(0, count),
    cpLength: map.length,
    inner: inner.subarray(0, inners),
    astral: map.astralUnits(),
  };
  return new FoldedText(text, hash, vocabulary, folded);
}

function concat(parts: readonly Int32Array[]): Int32Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Int32Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A text folded a piece at a time (the corpus's background fold: a long document never holds the
 * thread for more than a piece): `step()` folds the next piece of about `units` UTF-16 units,
 * `result()` the FoldedText, the same as one folded whole.
 */
export class TextFolding {
  private at = 0;
  private cpAt = 0;
  private readonly pieces: FoldedPiece[] = [];

  constructor(
    readonly text: string,
    readonly hash: string,
    private readonly vocabulary: Vocabulary,
    private readonly units = PIECE_UNITS,
  ) {}

  /** Is the whole text folded? */
  get done(): boolean {
    return this.at >= this.text.length && (this.pieces.length > 0 || this.text.length === 0);
  }

  /** Folds the next piece; true once the whole text is folded. */
  step(): boolean {
    if (this.done) return true;
    const to = pieceEnd(this.text, this.at, this.units);
    const piece = foldPiece(this.text, this.at, to, this.cpAt, this.vocabulary);
    this.pieces.push(piece);
    this.at = to;
    this.cpAt += piece.cpLength;
    return this.done;
  }

  /** The folded text (what is left folded now). */
  result(): FoldedText {
    while (!this.step()) {}
    const ps = this.pieces;
    const one = ps.length === 1 ? (ps[0] as FoldedPiece) : null;
    const folded: FoldedPiece = one ?? {
      count: ps.reduce((n, p) => n + p.count, 0),
      starts: concat(ps.map((p) => p.starts)),
      ends: concat(ps.map((p) => p.ends)),
      u16: concat(ps.map((p) => p.u16)),
      ids: concat(ps.map((p) => p.ids)),
      cpLength: this.cpAt,
      inner: concat(ps.map((p) => p.inner)),
      astral: concat(ps.map((p) => p.astral)),
    };
    return new FoldedText(this.text, this.hash, this.vocabulary, folded);
  }
}

/** A document text folded once: its tokens, their distinct folded words and every stem they can be looked up by. */
export class FoldedText {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** UTF-16 offset of each token's start. */
  readonly u16: Int32Array;
  /** Each token's distinct word (an index into `words`). */
  readonly ids: Int32Array;
  /**
   * The distinct words `ids` index: this text's own, or a shared Vocabulary's (then it holds other
   * texts' words too, and `positionsOf` is not for it).
   */
  readonly words: Word[];
  readonly map: OffsetMap;
  /** Whether the word tokens' ids are those of a shared vocabulary. */
  readonly shared: boolean;
  /** The text's grapheme clusters (worked out by its tokenization: kept, not worked out again by a scan). */
  readonly grapheme: GraphemeIndex;
  private lazyVocabulary: Set<string> | null = null;
  private lazyKeys: Set<string> | null = null;

  /** `folded`: the text already folded with `vocabulary` (TextFolding, in pieces), else it is folded here. */
  constructor(
    readonly text: string,
    readonly hash: string,
    vocabulary?: Vocabulary,
    folded?: FoldedPiece,
  ) {
    const vocab = vocabulary ?? new Vocabulary();
    const f = folded ?? foldPiece(text, 0, text.length, 0, vocab);
    this.count = f.count;
    this.starts = f.starts;
    this.ends = f.ends;
    this.u16 = f.u16;
    this.ids = f.ids;
    this.words = vocab.words;
    this.shared = vocabulary !== undefined;
    this.map = new OffsetMap(text, f.astral);
    this.grapheme = new GraphemeIndex(text, { length: f.cpLength, inner: f.inner });
  }

  /** The distinct ids of this text's tokens. */
  private distinct(): Set<number> {
    if (!this.shared) return new Set(this.words.keys());
    return new Set(this.ids);
  }

  /** Folded words of the word tokens. */
  get vocabulary(): Set<string> {
    if (this.lazyVocabulary === null) {
      const out = new Set<string>();
      for (const id of this.distinct()) {
        const w = this.words[id] as Word;
        if (w.isWord) out.add(w.folded);
      }
      this.lazyVocabulary = out;
    }
    return this.lazyVocabulary;
  }

  /** Every key a form can be found by here (the stems of every reading). */
  get keys(): Set<string> {
    if (this.lazyKeys === null) {
      const out = new Set<string>();
      for (const id of this.distinct()) for (const r of (this.words[id] as Word).readings) for (const l of r) out.add(l.key);
      this.lazyKeys = out;
    }
    return this.lazyKeys;
  }

  /** Where each folded unit of token `k` came from (code points). */
  source(k: number): Int32Array {
    return foldWord(this.text, this.starts[k] as number, this.ends[k] as number, this.u16[k] as number).source;
  }

  /** The code point the folded unit `unit` of token `k` came from (the token's start past its end). */
  sourceAt(k: number, unit: number): number {
    const start = this.starts[k] as number;
    const w = this.words[this.ids[k] as number] as Word;
    if (unit >= w.folded.length) return start;
    // a token folded to itself (no marks, no astral characters): unit k is code point start + k
    const end = this.ends[k] as number;
    const u = this.u16[k] as number;
    if (end - start === w.folded.length && this.text.startsWith(w.folded, u)) return start + unit;
    return this.source(k)[unit] as number;
  }

  /** Index of the token containing code point `cp` (-1 if none). */
  tokenAt(cp: number): number {
    const lo = firstTokenEndingAfter(this.ends, this.count, cp);
    return lo < this.count && (this.starts[lo] as number) <= cp ? lo : -1;
  }

  /** The folded word of the token containing `cp`, as occurrences.ts's countEvidence reads it. */
  readonly wordAt = (cp: number): FoldedWord | null => {
    const k = this.tokenAt(cp);
    if (k < 0) return null;
    const w = this.words[this.ids[k] as number] as Word;
    return { folded: w.folded, source: this.source(k), script: w.script };
  };

  /** Token positions grouped by distinct word (`tokens[offsets[w], offsets[w + 1])`), and the distinct words by lookup key: built when first asked. */
  private postings: { offsets: Int32Array; tokens: Int32Array; byKey: Map<string, number[]> } | null = null;

  /**
   * The tokens (in text order) of the words that can be looked up by one of `keys`: the only
   * places where a match can start that the forms of those keys could change.
   */
  positionsOf(keys: Iterable<string>): Int32Array {
    let p = this.postings;
    if (p === null) {
      const offsets = new Int32Array(this.words.length + 1);
      for (let k = 0; k < this.count; k++) {
        const w = (this.ids[k] as number) + 1;
        offsets[w] = (offsets[w] as number) + 1;
      }
      for (let w = 0; w < this.words.length; w++) offsets[w + 1] = (offsets[w + 1] as number) + (offsets[w] as number);
      const fill = offsets.slice(0, this.words.length);
      const tokens = new Int32Array(this.count);
      for (let k = 0; k < this.count; k++) {
        const w = this.ids[k] as number;
        tokens[fill[w] as number] = k;
        fill[w] = (fill[w] as number) + 1;
      }
      const byKey = new Map<string, number[]>();
      this.words.forEach((word, w) => {
        for (const r of word.readings) {
          for (const l of r) {
            let list = byKey.get(l.key);
            if (list === undefined) byKey.set(l.key, (list = []));
            if (list[list.length - 1] !== w) list.push(w);
          }
        }
      });
      this.postings = p = { offsets, tokens, byKey };
    }
    const words = new Set<number>();
    for (const key of keys) for (const w of p.byKey.get(key) ?? []) words.add(w);
    let n = 0;
    for (const w of words) n += (p.offsets[w + 1] as number) - (p.offsets[w] as number);
    const out = new Int32Array(n);
    let at = 0;
    for (const w of words) {
      out.set(p.tokens.subarray(p.offsets[w] as number, p.offsets[w + 1] as number), at);
      at += (p.offsets[w + 1] as number) - (p.offsets[w] as number);
    }
    return words.size > 1 ? out.sort() : out;
  }

  /** A rough size (UTF-16 units of text plus the arrays), for the cache's bound. */
  get weight(): number {
    return this.text.length + this.count * 24 + this.grapheme.nonBoundaries().length * 4;
  }
}

/** Vocabulary's hash of a folded token: FNV-1a of its UTF-16 units, seeded by its kind (as Vocabulary.idOf reads it from a text). */
function unitsHash(folded: string, isWord: boolean): number {
  let h = isWord ? 0x811c9dc5 : 0x050c5d1f;
  for (let i = 0; i < folded.length; i++) h = Math.imul(h ^ folded.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Per BMP code unit: 1 where folding changes it (a mark, tatweel, an alef form, upper case) or it
 * is a surrogate, 0 where it does not, UNKNOWN until its block of 256 units is first met (`changed`
 * works the block out: the whole table costs ~65,000 foldCodePoint calls, ~15 ms, which the
 * corpus's first fold slice paid at once; a text meets a few blocks).
 */
const UNKNOWN = 2;
const changes = new Uint8Array(0x10000).fill(UNKNOWN);

/** Whether folding changes code unit `c` (changes[c] once known), its block worked out if not yet. */
function changed(c: number): boolean {
  let v = changes[c] as number;
  if (v === UNKNOWN) {
    const from = c & ~0xff;
    for (let x = from; x < from + 0x100; x++) changes[x] = (x >= 0xd800 && x <= 0xdfff) || foldCodePoint(x) !== null ? 1 : 0;
    v = changes[c] as number;
  }
  return v !== 0;
}

/** The folded units of text[u, uEnd) (as clitics.ts's foldWord folds them: code point by code point). */
function foldUnits(text: string, u: number, uEnd: number): string {
  const t = changes;
  let i = u;
  while (i < uEnd && (t[text.charCodeAt(i)] === 0 || !changed(text.charCodeAt(i)))) i++;
  if (i === uEnd) return text.slice(u, uEnd);
  let out = text.slice(u, i);
  while (i < uEnd) {
    const c = text.codePointAt(i) as number;
    const w = c > 0xffff ? 2 : 1;
    if (w === 1 && !changed(c)) out += text[i];
    else {
      const f = foldCodePoint(c);
      out += f === null ? String.fromCodePoint(c) : f;
    }
    i += w;
  }
  return out;
}

function readWord(folded: string, isWord: boolean): Word {
  const script = scriptOf(folded);
  const splits = isWord ? cliticSplits(folded, script) : [{ length: 0, clitics: [], articleAt: -1 }];
  const readings = splits.map((split) => {
    const stem = folded.slice(split.length);
    const r: Lookup[] = [{ key: stem, merged: false, length: split.length, articleAt: split.articleAt }];
    // ل + ال written لل: `للحكومة` holds the form `الحكومة`
    if (split.articleAt >= 0 && split.articleAt + 1 === split.length && script === 'ar') r.push({ key: articleOf('ar') + stem, merged: true, length: split.length, articleAt: split.articleAt });
    return r;
  });
  return { folded, script, isWord, readings };
}

/** Folded texts by document id and text hash, the least recently used dropped beyond `maxWeight`. */
export class FoldedTexts {
  private readonly byId = new Map<string, FoldedText>();
  private weight = 0;

  constructor(readonly maxWeight = 64_000_000) {}

  /** The folded text of document `id` (`hash`: textHash(text), when known). */
  get(id: string, text: string, hash?: string): FoldedText {
    const had = this.byId.get(id);
    if (had !== undefined && (had.text === text || (hash ?? textHash(text)) === had.hash)) {
      this.byId.delete(id);
      this.byId.set(id, had);
      return had;
    }
    if (had !== undefined) {
      this.byId.delete(id);
      this.weight -= had.weight;
    }
    const made = new FoldedText(text, hash ?? textHash(text));
    this.byId.set(id, made);
    this.weight += made.weight;
    for (const [k, v] of this.byId) {
      if (this.weight <= this.maxWeight || v === made) break;
      this.byId.delete(k);
      this.weight -= v.weight;
    }
    return made;
  }

  get size(): number {
    return this.byId.size;
  }
}
