/**
 * The tagger's prediction: a trained model (tagger.ts) ready to tag, with its weights in sparse
 * typed arrays (each feature's non-zero tag scores) and each feature's row found once per distinct
 * piece, word pair or lexicon feature, not once per token:
 *
 * - a piece's slot features (itself, its neighbours: features.ts) are summed once per distinct
 *   piece and slot into a pool of dense rows; feature names are found in an open-addressing table;
 * - the two pair features (word with the word before, stem with the stem after) are found by the
 *   pair of the analyzer's word or stem ids, without building their names again; the lexicon's
 *   matches by stem id, their rows once per entry, place and role;
 * - the emission scores of a sentence are the sums of those rows, in the order training summed
 *   them, so the scores and the predictions are exactly those of the features' names looked up
 *   one by one (predict.test.ts checks them against that reference);
 * - suggest and predict score and decode one sentence at a time into one buffer, reused;
 * - Viterbi (tags.ts) runs over typed arrays and takes the O bias as it goes.
 */
import { CoreError } from '../errors';
import { OffsetMap } from '../text';
import type { SpanTyped, Suggestion, SuggestDocument } from './occurrences';
import { type Sentence, type SubToken, WordAnalyzer, eachSentence } from './analysis';
import { SLOTS, slotFeatures, slotKey, pairFeature, bestType } from './features';
import { type TagScheme, perType, viterbi, spansOf } from './tags';
import type { TaggerModel } from './tagger';

/** One sentence's pieces and their emission scores (pieces × tags). */
export interface Scored {
  pieces: readonly SubToken[];
  emit: Float64Array;
}

/** A lexicon entry as its features read it. */
interface LexiconHit {
  type: string;
  tagged: number;
  seen: number;
  /** Its features' rows by place in the entry and role (lexiconRowsOf), found when first needed. */
  rows: (Int32Array | undefined)[];
}

/** A word's place in a lexicon entry (lexiconFeatures' U B L I). */
const POS_U = 0;
const POS_B = 1;
const POS_L = 2;
const POS_I = 3;
const POS_NAMES = ['U', 'B', 'L', 'I'];

/** Word pairs remembered per pair feature by a Tagger (then forgotten, all at once). */
const PAIR_CACHE_MAX = 200_000;
/** Piece ids a Tagger's analyzer gives out before the Tagger forgets its pieces (at the next call). */
const PIECE_IDS_MAX = 1_000_000;

/** How much a Tagger remembers between calls (the defaults above; smaller in tests, to take the path that forgets). */
export interface TaggerLimits {
  /** Piece ids given out before every piece, its summed rows and the word pairs are forgotten (at the next call). */
  maxPieceIds?: number;
  /** Word pairs remembered per pair feature before they are forgotten. */
  maxPairs?: number;
}

/** Int pairs → int (-1 when absent): open addressing over typed arrays, no object per entry. */
class IntPairMap {
  private keysA = new Int32Array(1024);
  private keysB = new Int32Array(1024);
  private values = new Int32Array(1024);
  private used = new Uint8Array(1024);
  size = 0;

  private slot(a: number, b: number): number {
    const mask = this.used.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) & mask;
    while (this.used[h] === 1 && (this.keysA[h] !== a || this.keysB[h] !== b)) h = (h + 1) & mask;
    return h;
  }

  get(a: number, b: number): number | undefined {
    const h = this.slot(a, b);
    return this.used[h] === 1 ? (this.values[h] as number) : undefined;
  }

  set(a: number, b: number, v: number): void {
    if ((this.size + 1) * 2 > this.used.length) this.grow();
    const h = this.slot(a, b);
    if (this.used[h] !== 1) this.size++;
    this.used[h] = 1;
    this.keysA[h] = a;
    this.keysB[h] = b;
    this.values[h] = v;
  }

  clear(): void {
    this.used.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const { keysA, keysB, values, used } = this;
    const n = used.length * 2;
    this.keysA = new Int32Array(n);
    this.keysB = new Int32Array(n);
    this.values = new Int32Array(n);
    this.used = new Uint8Array(n);
    this.size = 0;
    for (let h = 0; h < used.length; h++) if (used[h] === 1) this.set(keysA[h] as number, keysB[h] as number, values[h] as number);
  }
}

/**
 * The model's feature names → their index (-1: not a feature of the model): open addressing over
 * one typed array of [hash, index] slots (the names' FNV-1a hashes), a name compared only when its
 * hash matches (about twice as fast as a Map for the freshly built names the tagger looks up).
 */
class NameTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly names: readonly string[]) {
    let size = 1024;
    while (size < names.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2).fill(-1);
    for (let i = 0; i < names.length; i++) {
      const h = hashName(names[i] as string);
      let k = h & this.mask;
      while (this.slots[k * 2 + 1] !== -1) k = (k + 1) & this.mask;
      this.slots[k * 2] = h;
      this.slots[k * 2 + 1] = i;
    }
  }

  get(name: string): number {
    const h = hashName(name);
    const { slots, names, mask } = this;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const i = slots[k * 2 + 1] as number;
      if (i === -1 || (slots[k * 2] === h && names[i] === name)) return i;
    }
  }
}

/** FNV-1a over UTF-16 units. */
function hashName(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

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
  /** Feature name → its index (its row in rowStart). */
  private readonly rows: NameTable;
  /**
   * The model's weights, sparse (a model's row has about 3 of its 37 tags): feature f's non-zero
   * weights are tags[rowStart[f] .. rowStart[f + 1]) with values[…]. Adding a row's non-zero
   * weights only is exact: an emission score starts at +0 and is never -0, so adding a zero leaves
   * it as it is.
   */
  private readonly rowStart: Int32Array;
  private readonly tags: Uint16Array;
  private readonly values: Float64Array;
  private readonly gaz: Map<string, string[]>;
  /**
   * Piece id × SLOTS + slot → 2 + offset of the piece's summed slot features in `pool`; 1: none
   * known; 0: not summed yet. `edgeRows` holds the same for past a sentence's edges.
   */
  private slotRows = new Int32Array(0);
  private readonly edgeRows = new Int32Array(SLOTS);
  /** Summed slot rows (nt each; the first all zeros); `poolUsed` numbers in use. */
  private pool: Float64Array;
  private poolUsed: number;
  /** Buffers kept between sentences: one sentence's scores, tags, slots, its words' first and last pieces. */
  private emitBuffer = new Float64Array(0);
  private tagsBuffer = new Int32Array(256);
  private slotBuffer = new Int32Array(0);
  private firstOf = new Int32Array(0);
  private lastOf = new Int32Array(0);
  /** By word of the sentence being scored: its stem, the lexicon entry it is in and its place there (lexiconOf). */
  private readonly wordStem: string[] = [];
  private readonly wordHit: (LexiconHit | undefined)[] = [];
  private wordPos = new Uint8Array(0);
  private wordStemId = new Int32Array(0);
  /** By the analyzer's stem id: 0 not known yet, else 1 + the most words of a lexicon entry starting with it (entryWords). */
  private startIds = new Uint8Array(0);
  /** By the analyzer's stem id: the lexicon entry of the stem alone (null: none; stemEntry). */
  private stemHits: (LexiconHit | null | undefined)[] = [];
  /** Per pair feature (0: word | word before, 1: stem | stem after): the two ids → feature index (-1: unknown). */
  private readonly pairCache = [new IntPairMap(), new IntPairMap()];
  private analyzer: WordAnalyzer;
  private readonly transitions: Float64Array;
  /** The first stem of each lexicon entry → the most words of an entry starting with it. */
  private readonly lexiconStarts: Map<string, number>;
  /** The first two stems of each entry of two words or more → the most words of an entry starting with them. */
  private readonly lexiconPairs = new Map<string, number>();
  /** Stem ids of two words in a row → lexiconPairs' number for them (0: none). */
  private readonly lexiconPairCache = new IntPairMap();
  /** The annotator's lexicon, each entry with its best type. */
  private readonly lexicon: Map<string, LexiconHit>;

  private readonly maxPieceIds: number;
  private readonly maxPairs: number;
  /** Times the pieces were forgotten (the cache's bound reached). */
  resets = 0;

  constructor(model: TaggerModel, limits: TaggerLimits = {}) {
    this.maxPieceIds = limits.maxPieceIds ?? PIECE_IDS_MAX;
    this.maxPairs = limits.maxPairs ?? PAIR_CACHE_MAX;
    if (model === null || typeof model !== 'object' || model.kind !== 'qalam-tagger' || (model.version !== 1 && model.version !== 2)) {
      throw new CoreError('invalid-argument', 'not a Qalam tagger model (kind "qalam-tagger", version 1 or 2)');
    }
    this.model = model;
    // version 1: BIO over pieces
    this.scheme = model.version === 1 ? 'bio' : model.scheme;
    this.split = model.version === 1 ? true : model.split;
    const nt = (this.nt = 1 + perType(this.scheme) * model.types.length);
    this.oBias = model.oBias ?? 0;
    this.suggestBias = model.suggestBias ?? this.oBias;
    this.analyzer = new WordAnalyzer(this.split);
    this.transitions = Float64Array.from(model.transitions);
    this.lexiconStarts = new Map();
    for (const key of Object.keys(model.lexicon ?? {})) {
      const words = key.split(' ');
      const first = words[0] as string;
      this.lexiconStarts.set(first, Math.max(this.lexiconStarts.get(first) ?? 0, words.length));
      if (words.length >= 2) {
        const two = `${first} ${words[1] as string}`;
        this.lexiconPairs.set(two, Math.max(this.lexiconPairs.get(two) ?? 0, words.length));
      }
    }
    this.lexicon = new Map();
    for (const [key, e] of Object.entries(model.lexicon ?? {})) {
      const [type] = bestType(e.types);
      this.lexicon.set(key, { type, tagged: e.types[type] as number, seen: e.seen, rows: [] });
    }
    const names = Object.keys(model.weights);
    const rows = new NameTable(names);
    let total = 0;
    for (const name of names) total += (model.weights[name] as number[]).length >> 1;
    const rowStart = new Int32Array(names.length + 1);
    const tags = new Uint16Array(total);
    const values = new Float64Array(total);
    // each row as the dense row it stands for (a tag given twice: the last value), its non-zero tags in order
    const dense = new Float64Array(nt);
    let e = 0;
    for (let f = 0; f < names.length; f++) {
      const row = model.weights[names[f] as string] as number[];
      for (let k = 0; k + 1 < row.length; k += 2) dense[row[k] as number] = row[k + 1] as number;
      rowStart[f] = e;
      for (let k = 0; k + 1 < row.length; k += 2) {
        const y = row[k] as number;
        const v = dense[y] as number;
        if (v === 0) continue;
        // (once per tag: cleared as taken)
        tags[e] = y;
        values[e++] = v;
        dense[y] = 0;
      }
    }
    rowStart[names.length] = e;
    this.rows = rows;
    this.rowStart = rowStart;
    this.tags = tags;
    this.values = values;
    this.pool = new Float64Array(1024 * nt);
    this.poolUsed = nt;
    this.gaz = new Map(Object.entries(model.gazetteer));
  }

  /** The spans the model finds in `text` (outermost, not overlapping), in text order. */
  predict(text: string): SpanTyped[] {
    return this.tagText(text, this.oBias);
  }

  /** The emission scores of each sentence of `text` (before the O bias), each in its own array. */
  scores(text: string): Scored[] {
    const out: Scored[] = [];
    if (this.model.types.length === 0) return out;
    this.eachSentence(text, (s) => {
      const emit = new Float64Array(s.length * this.nt);
      this.scoreSentence(s, emit);
      out.push({ pieces: s, emit });
    });
    return out;
  }

  /**
   * The spans of `text` with `oBias` taken from the score of O: each sentence scored into one
   * buffer, reused, and decoded at once (the same spans as decode(scores(text)), without keeping
   * every sentence's scores until the end).
   */
  private tagText(text: string, oBias: number): SpanTyped[] {
    const out: SpanTyped[] = [];
    if (this.model.types.length === 0) return out;
    const { nt } = this;
    // the pieces reused from sentence to sentence: only their offsets are kept (in the spans)
    this.eachSentence(
      text,
      (s) => {
        const n = s.length;
        if (this.emitBuffer.length < n * nt) this.emitBuffer = new Float64Array(n * nt * 2);
        this.scoreSentence(s, this.emitBuffer);
        this.decodeSentence(s, this.emitBuffer, oBias, out);
      },
      true,
    );
    return out;
  }

  /** The sentences of `text` one at a time (eachSentence), the caches grown for their pieces (or forgotten first, at the bound). */
  private eachSentence(text: string, take: (s: Sentence) => void, reuse = false): void {
    if (this.analyzer.ids >= this.maxPieceIds) this.forgetPieces();
    eachSentence(text, this.analyzer, (s) => {
      if (this.slotRows.length < this.analyzer.ids * SLOTS) {
        const grown = new Int32Array(Math.max(this.analyzer.ids * SLOTS, this.slotRows.length * 2));
        grown.set(this.slotRows);
        this.slotRows = grown;
      }
      take(s);
    }, reuse);
  }

  /**
   * A sentence's emission scores into `emit` (its first pieces × nt, overwritten): for each piece
   * and tag, 0 + its 7 slot rows + its 2 pair rows (a missing one: a row of zeros, which adds
   * nothing) + its lexicon rows, added in that order, as training summed them: the same doubles
   * as adding the rows one by one into a zeroed row.
   */
  private scoreSentence(s: Sentence, emit: Float64Array): void {
    const { nt, rowStart, tags, values } = this;
    const n = s.length;
    const slots = this.slotsOf(s);
    const lexicon = this.lexiconOf(s);
    const { slotRows, edgeRows } = this;
    for (let i = 0; i < n; i++) {
      const t = s[i] as SubToken;
      const o = i * SLOTS;
      // the slot rows' offsets in the pool (found first: a fresh one may grow the pool)
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0;
      for (let slot = 0; slot < SLOTS; slot++) {
        const j = slots[o + slot] as number;
        const u = j < 0 ? undefined : (s[j] as SubToken);
        const known = u === undefined ? (edgeRows[slot] as number) : (slotRows[u.id * SLOTS + slot] as number);
        const off = known !== 0 ? known - 2 : this.slotRow(slot, u);
        if (slot === 0) a0 = off;
        else if (slot === 1) a1 = off;
        else if (slot === 2) a2 = off;
        else if (slot === 3) a3 = off;
        else if (slot === 4) a4 = off;
        else if (slot === 5) a5 = off;
        else a6 = off;
      }
      const j3 = slots[o + 3] as number;
      const j5 = slots[o + 5] as number;
      const b0 = this.pairRow(0, t, j3 < 0 ? undefined : s[j3]);
      const b1 = this.pairRow(1, t, j5 < 0 ? undefined : s[j5]);
      const pool = this.pool;
      const at = i * nt;
      for (let y = 0; y < nt; y++) {
        emit[at + y] =
          0 +
          (pool[a0 + y] as number) +
          (pool[a1 + y] as number) +
          (pool[a2 + y] as number) +
          (pool[a3 + y] as number) +
          (pool[a4 + y] as number) +
          (pool[a5 + y] as number) +
          (pool[a6 + y] as number);
      }
      // then the two pair rows and the lexicon rows, each one's non-zero weights
      if (b0 >= 0) for (let e = rowStart[b0] as number, end = rowStart[b0 + 1] as number; e < end; e++) {
        const i = at + (tags[e] as number);
        emit[i] = (emit[i] as number) + (values[e] as number);
      }
      if (b1 >= 0) for (let e = rowStart[b1] as number, end = rowStart[b1 + 1] as number; e < end; e++) {
        const i = at + (tags[e] as number);
        emit[i] = (emit[i] as number) + (values[e] as number);
      }
      const rows = lexicon ? this.lexiconRowsOf(t) : undefined;
      if (rows === undefined) continue;
      for (let r = 0; r < rows.length; r++) {
        const f = rows[r] as number;
        for (let e = rowStart[f] as number, end = rowStart[f + 1] as number; e < end; e++) {
        const i = at + (tags[e] as number);
        emit[i] = (emit[i] as number) + (values[e] as number);
      }
      }
    }
  }

  /** For each piece of `s`, the index of the piece in each slot (slotPieces, into a buffer kept). */
  private slotsOf(s: Sentence): Int32Array {
    const n = s.length;
    const words = (s[n - 1] as SubToken).w + 1;
    if (this.firstOf.length < words) {
      this.firstOf = new Int32Array(words * 2);
      this.lastOf = new Int32Array(words * 2);
    }
    if (this.slotBuffer.length < n * SLOTS) this.slotBuffer = new Int32Array(n * SLOTS * 2);
    const { firstOf: first, lastOf: last, slotBuffer: out } = this;
    first.fill(-1, 0, words);
    for (let i = 0; i < n; i++) {
      const w = (s[i] as SubToken).w;
      if (first[w] === -1) first[w] = i;
      last[w] = i;
    }
    for (let i = 0; i < n; i++) {
      const w = (s[i] as SubToken).w;
      const o = i * SLOTS;
      out[o] = i;
      out[o + 1] = i - 1;
      out[o + 2] = i + 1 < n ? i + 1 : -1;
      out[o + 3] = w >= 1 ? (last[w - 1] as number) : -1;
      out[o + 4] = w >= 2 ? (last[w - 2] as number) : -1;
      out[o + 5] = w + 1 < words ? (first[w + 1] as number) : -1;
      out[o + 6] = w + 2 < words ? (first[w + 2] as number) : -1;
    }
    return out;
  }

  /**
   * The lexicon entries the words of `s` match (lexiconMatches: longest first, left to right),
   * into wordHit / wordPos by word; false when none. A word is tried only when an entry starts
   * with its stem, known once per stem id.
   */
  private lexiconOf(s: Sentence): boolean {
    if (this.lexicon.size === 0) return false;
    const words = (s[s.length - 1] as SubToken).w + 1;
    const { wordStem, wordHit, wordPos } = this;
    let tried = false;
    if (this.wordStemId.length < words) this.wordStemId = new Int32Array(words * 2);
    const { wordStemId } = this;
    for (const t of s) {
      wordStem[t.w] = t.stem;
      wordStemId[t.w] = t.stemId;
      wordHit[t.w] = undefined;
      if (!tried && this.entryWords(t) > 0) tried = true;
    }
    if (!tried) return false;
    if (wordPos.length < words) this.wordPos = new Uint8Array(words * 2);
    const maxWords = this.model.lexiconWords ?? 1;
    let found = false;
    let w = 0;
    for (const t of s) {
      if (t.w < w) continue;
      // no entry starting here has more words than `longest`
      const longest = this.entryWords(t);
      if (longest === 0) continue;
      w = t.w;
      let most = Math.min(maxWords, longest, words - w);
      // entries of two words or more: only those starting with this word and the next
      if (most >= 2) most = Math.min(most, Math.max(1, this.entryPairWords(wordStemId[w] as number, wordStemId[w + 1] as number, wordStem[w] as string, wordStem[w + 1] as string)));
      for (let k = most; k >= 1; k--) {
        const e = k === 1 ? this.stemEntry(t) : this.lexicon.get(wordStem.slice(w, w + k).join(' '));
        if (e === undefined) continue;
        for (let x = w; x < w + k; x++) {
          wordHit[x] = e;
          this.wordPos[x] = k === 1 ? POS_U : x === w ? POS_B : x === w + k - 1 ? POS_L : POS_I;
        }
        found = true;
        w += k - 1;
        break;
      }
      w++;
    }
    return found;
  }

  /** The most words of a lexicon entry starting with these two stems (0: none), once per pair of stem ids. */
  private entryPairWords(a: number, b: number, first: string, second: string): number {
    let words = this.lexiconPairCache.get(a, b);
    if (words === undefined) {
      words = this.lexiconPairs.get(`${first} ${second}`) ?? 0;
      if (this.lexiconPairCache.size >= this.maxPairs) this.lexiconPairCache.clear();
      this.lexiconPairCache.set(a, b, words);
    }
    return words;
  }

  /** The lexicon entry of the piece's stem alone (once per stem id; after entryWords(t) > 0). */
  private stemEntry(t: SubToken): LexiconHit | undefined {
    let e = this.stemHits[t.stemId];
    if (e === undefined) this.stemHits[t.stemId] = e = this.lexicon.get(t.stem) ?? null;
    return e ?? undefined;
  }

  /** The most words of a lexicon entry starting with the piece's stem (0: none does), known once per stem id. */
  private entryWords(t: SubToken): number {
    const id = t.stemId;
    if (id >= this.startIds.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.startIds.length * 2));
      grown.set(this.startIds);
      this.startIds = grown;
      // (stemHits as long, packed)
      while (this.stemHits.length < grown.length) this.stemHits.push(undefined);
    }
    const known = this.startIds[id] as number;
    if (known !== 0) return known - 1;
    const words = Math.min(this.lexiconStarts.get(t.stem) ?? 0, 254);
    this.startIds[id] = words + 1;
    return words;
  }

  /**
   * The rows (offsets in `weights`, in lexiconFeatures' order, the unknown names left out) of a
   * piece's lexicon features (lexiconOf found them by word), once per entry, place in it and role.
   */
  private lexiconRowsOf(t: SubToken): Int32Array | undefined {
    const e = this.wordHit[t.w];
    if (e === undefined) return undefined;
    const pos = this.wordPos[t.w] as number;
    const k = pos * 4 + (t.pieces > 1 ? 1 + t.role : 0);
    const cached = e.rows[k];
    if (cached !== undefined) return cached;
    const r = e.seen === 0 ? 0 : e.tagged / e.seen;
    const bucket = r >= 0.75 ? 3 : r >= 0.5 ? 2 : r >= 0.25 ? 1 : 0;
    const p = POS_NAMES[pos] as string;
    const f = [`L=${p}${e.type}`, `Lr=${p}${e.type}${bucket}`, `Lb=${bucket}`];
    const names = t.pieces > 1 ? [...f, ...f.map((x) => `${x}r${t.role}`)] : f;
    const offsets: number[] = [];
    for (const name of names) {
      const f = this.rows.get(name);
      if (f >= 0) offsets.push(f);
    }
    return (e.rows[k] = Int32Array.from(offsets));
  }

  /** The offset in `pool` of the summed weights of a slot's features for a piece (0, a row of zeros: none known), once per distinct piece. */
  private slotRow(slot: number, t: SubToken | undefined): number {
    const at = t === undefined ? -1 : slotKey(t) * SLOTS + slot;
    const known = at < 0 ? (this.edgeRows[slot] as number) : (this.slotRows[at] as number);
    if (known !== 0) return known - 2;
    let off = -1;
    const { rowStart, tags, values } = this;
    for (const name of slotFeatures(slot, t, this.gaz)) {
      const f = this.rows.get(name);
      if (f < 0) continue;
      if (off < 0) off = this.poolRow();
      const pool = this.pool;
      for (let e = rowStart[f] as number, end = rowStart[f + 1] as number; e < end; e++) {
        const i = off + (tags[e] as number);
        pool[i] = (pool[i] as number) + (values[e] as number);
      }
    }
    // none known: the pool's row of zeros
    if (off < 0) off = 0;
    if (at < 0) this.edgeRows[slot] = off + 2;
    else this.slotRows[at] = off + 2;
    return off;
  }

  /** A zeroed row of the pool. */
  private poolRow(): number {
    const { nt } = this;
    if (this.poolUsed + nt > this.pool.length) {
      const grown = new Float64Array(this.pool.length * 2);
      grown.set(this.pool);
      this.pool = grown;
    }
    const off = this.poolUsed;
    this.poolUsed += nt;
    return off;
  }

  /** Forget every piece (a new analyzer, its ids from 0), their slot rows and the word pairs. */
  private forgetPieces(): void {
    this.analyzer = new WordAnalyzer(this.split);
    this.slotRows = new Int32Array(0);
    this.edgeRows.fill(0);
    this.pool = new Float64Array(1024 * this.nt);
    // row 0: zeros (a slot with no known feature)
    this.poolUsed = this.nt;
    this.startIds = new Uint8Array(0);
    this.stemHits = [];
    for (const c of this.pairCache) c.clear();
    this.lexiconPairCache.clear();
    this.resets++;
  }

  /** The index of a pair feature (-1: unknown), found once per pair of word (or stem) ids. */
  private pairRow(which: number, t: SubToken, other: SubToken | undefined): number {
    const cache = this.pairCache[which] as IntPairMap;
    const a = which === 0 ? t.wordId : t.stemId;
    const b = other === undefined ? -1 : which === 0 ? other.wordId : other.stemId;
    let off = cache.get(a, b);
    if (off === undefined) {
      const f = this.rows.get(pairFeature(which, t, other));
      off = f;
      if (cache.size >= this.maxPairs) cache.clear();
      cache.set(a, b, off);
    }
    return off;
  }

  /** The best valid tagging of scored sentences, with `oBias` taken from the score of O. */
  decode(scored: readonly Scored[], oBias: number): SpanTyped[] {
    const out: SpanTyped[] = [];
    for (const { pieces: s, emit } of scored) this.decodeSentence(s, emit, oBias, out);
    return out;
  }

  /** The spans of one sentence's best valid tagging (its scores the first pieces × nt of `emit`), onto `out`. */
  private decodeSentence(s: readonly SubToken[], emit: Float64Array, oBias: number, out: SpanTyped[]): void {
    const n = s.length;
    if (this.tagsBuffer.length < n) this.tagsBuffer = new Int32Array(n * 2);
    const tags = this.tagsBuffer;
    viterbi(emit, n, this.nt, this.transitions, this.scheme, oBias, tags);
    for (const [i, j, k] of spansOf(tags, this.scheme, n)) {
      out.push({ start: (s[i] as SubToken).start, end: (s[j] as SubToken).end, type: this.model.types[k] as string });
    }
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
    const taken = coveredByType(doc.mentions);
    return this.tagText(doc.text, this.suggestBias)
      .filter((p) => !overlapsCover(taken.get(p.type), p))
      .map((p) => ({ docId: doc.id, start: p.start, end: p.end, type: p.type, text: map.slice(p.start, p.end), source: 'tagger' as const, score: f1 }));
  }
}

/**
 * What the mentions of each type cover, as disjoint sorted runs [start, end, start, end…] (runs
 * of mentions that overlap are merged; runs that only touch are not, so a span touching one is
 * not taken for overlapping it).
 */
function coveredByType(mentions: readonly SpanTyped[]): Map<string, number[]> {
  const byType = new Map<string, SpanTyped[]>();
  for (const m of mentions) {
    const list = byType.get(m.type);
    if (list === undefined) byType.set(m.type, [m]);
    else list.push(m);
  }
  const out = new Map<string, number[]>();
  for (const [type, list] of byType) {
    list.sort((a, b) => a.start - b.start);
    const runs: number[] = [];
    for (const m of list) {
      const last = runs.length - 1;
      if (last > 0 && m.start < (runs[last] as number)) runs[last] = Math.max(runs[last] as number, m.end);
      else runs.push(m.start, m.end);
    }
    out.set(type, runs);
  }
  return out;
}

/** Does [p.start, p.end) overlap one of the runs (coveredByType)? */
function overlapsCover(runs: readonly number[] | undefined, p: SpanTyped): boolean {
  if (runs === undefined || p.end <= p.start) return false;
  // the first run ending after p.start
  let lo = 0;
  let hi = runs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((runs[mid * 2 + 1] as number) <= p.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < runs.length / 2 && (runs[lo * 2] as number) < p.end;
}
