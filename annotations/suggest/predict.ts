/**
 * The tagger's prediction: a trained model (tagger.ts) ready to tag, with its weights in one
 * typed array (a row of `tags` scores per feature) and each feature's row found once per distinct
 * piece, word pair or lexicon feature, not once per token:
 *
 * - a piece's slot features (itself, its neighbours: features.ts) are summed once per distinct
 *   piece and slot into a pool of rows;
 * - the two pair features (word with the word before, stem with the stem after) are found by the
 *   pair of the analyzer's word or stem ids, without building their names again;
 * - the emission scores of a sentence are the sums of those rows, in the order training summed
 *   them, so the scores and the predictions are exactly those of the features' names looked up
 *   one by one (tagger.test.ts checks them against that reference);
 * - Viterbi (tags.ts) runs over typed arrays and takes the O bias as it goes.
 */
import { CoreError } from '../errors';
import { OffsetMap } from '../text';
import type { SpanTyped, Suggestion, SuggestDocument } from './occurrences';
import { type SubToken, WordAnalyzer, subTokenize } from './analysis';
import { SLOTS, slotFeatures, slotKey, slotPieces, pairFeature, stemsOf, lexiconFeatures, bestType } from './features';
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
}

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
  /** Feature name → its row's offset in `weights` (row × nt). */
  private readonly rows: Map<string, number>;
  /** The model's weights, one row of nt per feature (zeros where the model has none). */
  private readonly weights: Float64Array;
  private readonly gaz: Map<string, string[]>;
  /**
   * Piece id × SLOTS + slot → 2 + offset of the piece's summed slot features in `pool`; 1: none
   * known; 0: not summed yet. `edgeRows` holds the same for past a sentence's edges.
   */
  private slotRows = new Int32Array(0);
  private readonly edgeRows = new Int32Array(SLOTS);
  /** Summed slot rows (nt each); `poolUsed` numbers in use. */
  private pool: Float64Array;
  private poolUsed = 0;
  /** Per pair feature (0: word | word before, 1: stem | stem after): the two ids → row offset in `weights` (-1: unknown). */
  private readonly pairCache = [new IntPairMap(), new IntPairMap()];
  private analyzer: WordAnalyzer;
  private readonly transitions: Float64Array;
  private readonly lexiconStarts: Set<string>;
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
    this.lexiconStarts = new Set(Object.keys(model.lexicon ?? {}).map((k) => k.split(' ')[0] as string));
    this.lexicon = new Map();
    for (const [key, e] of Object.entries(model.lexicon ?? {})) {
      const [type] = bestType(e.types);
      this.lexicon.set(key, { type, tagged: e.types[type] as number, seen: e.seen });
    }
    const names = Object.keys(model.weights);
    const rows = new Map<string, number>();
    const weights = new Float64Array(names.length * nt);
    for (let f = 0; f < names.length; f++) {
      const name = names[f] as string;
      const row = model.weights[name] as number[];
      const base = f * nt;
      rows.set(name, base);
      for (let k = 0; k + 1 < row.length; k += 2) weights[base + (row[k] as number)] = row[k + 1] as number;
    }
    this.rows = rows;
    this.weights = weights;
    this.pool = new Float64Array(1024 * nt);
    this.gaz = new Map(Object.entries(model.gazetteer));
  }

  /** The spans the model finds in `text` (outermost, not overlapping), in text order. */
  predict(text: string): SpanTyped[] {
    return this.decode(this.scores(text), this.oBias);
  }

  /** The emission scores of each sentence of `text` (before the O bias). */
  scores(text: string): Scored[] {
    const out: Scored[] = [];
    const { nt, weights } = this;
    if (this.model.types.length === 0) return out;
    const lexicon = this.lexicon;
    const lookup = (key: string): LexiconHit | null => lexicon.get(key) ?? null;
    const maxWords = this.model.lexiconWords ?? 1;
    if (this.analyzer.ids >= this.maxPieceIds) this.forgetPieces();
    const sentences = subTokenize(text, this.split, this.analyzer);
    if (this.slotRows.length < this.analyzer.ids * SLOTS) {
      const grown = new Int32Array(this.analyzer.ids * SLOTS * 2);
      grown.set(this.slotRows);
      this.slotRows = grown;
    }
    // one buffer for the whole text's scores, a view of it per sentence
    let total = 0;
    for (const s of sentences) total += s.length;
    const all = new Float64Array(total * nt);
    let begin = 0;
    for (const s of sentences) {
      const n = s.length;
      const emit = all.subarray(begin * nt, (begin + n) * nt);
      begin += n;
      const extra = lexiconFeatures(s, stemsOf(s), lookup, maxWords, undefined, this.lexiconStarts);
      const slots = slotPieces(s);
      for (let i = 0; i < n; i++) {
        const t = s[i] as SubToken;
        const at = i * nt;
        for (let slot = 0; slot < SLOTS; slot++) {
          const j = slots[i * SLOTS + slot] as number;
          const off = this.slotRow(slot, j < 0 ? undefined : s[j]);
          if (off < 0) continue;
          // a fresh row may have grown the pool: read it afterwards
          const pool = this.pool;
          for (let y = 0; y < nt; y++) emit[at + y] = (emit[at + y] as number) + (pool[off + y] as number);
        }
        for (let which = 0; which < 2; which++) {
          const j = slots[i * SLOTS + (which === 0 ? 3 : 5)] as number;
          const off = this.pairRow(which, t, j < 0 ? undefined : s[j]);
          if (off < 0) continue;
          for (let y = 0; y < nt; y++) emit[at + y] = (emit[at + y] as number) + (weights[off + y] as number);
        }
        const names = extra[i];
        if (names === undefined) continue;
        for (const name of names) {
          const off = this.rows.get(name);
          if (off === undefined) continue;
          for (let y = 0; y < nt; y++) emit[at + y] = (emit[at + y] as number) + (weights[off + y] as number);
        }
      }
      out.push({ pieces: s, emit });
    }
    return out;
  }

  /** The offset in `pool` of the summed weights of a slot's features for a piece (-1: none known), once per distinct piece. */
  private slotRow(slot: number, t: SubToken | undefined): number {
    const at = t === undefined ? -1 : slotKey(t) * SLOTS + slot;
    const known = at < 0 ? (this.edgeRows[slot] as number) : (this.slotRows[at] as number);
    if (known !== 0) return known - 2;
    let off = -1;
    const { nt, weights } = this;
    for (const name of slotFeatures(slot, t, this.gaz)) {
      const x = this.rows.get(name);
      if (x === undefined) continue;
      if (off < 0) off = this.poolRow();
      const pool = this.pool;
      for (let y = 0; y < nt; y++) pool[off + y] = (pool[off + y] as number) + (weights[x + y] as number);
    }
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
    this.poolUsed = 0;
    for (const c of this.pairCache) c.clear();
    this.resets++;
  }

  /** The row offset in `weights` of a pair feature (-1: unknown), found once per pair of word (or stem) ids. */
  private pairRow(which: number, t: SubToken, other: SubToken | undefined): number {
    const cache = this.pairCache[which] as IntPairMap;
    const a = which === 0 ? t.wordId : t.stemId;
    const b = other === undefined ? -1 : which === 0 ? other.wordId : other.stemId;
    let off = cache.get(a, b);
    if (off === undefined) {
      off = this.rows.get(pairFeature(which, t, other)) ?? -1;
      if (cache.size >= this.maxPairs) cache.clear();
      cache.set(a, b, off);
    }
    return off;
  }

  /** The best valid tagging of scored sentences, with `oBias` taken from the score of O. */
  decode(scored: readonly Scored[], oBias: number): SpanTyped[] {
    const out: SpanTyped[] = [];
    const { nt } = this;
    let tags = new Int32Array(256);
    for (const { pieces: s, emit } of scored) {
      const n = s.length;
      if (tags.length < n) tags = new Int32Array(n * 2);
      viterbi(emit, n, nt, this.transitions, this.scheme, oBias, tags);
      for (const [i, j, k] of spansOf(tags, this.scheme, n)) {
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
    const taken = coveredByType(doc.mentions);
    return this.decode(this.scores(doc.text), this.suggestBias)
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
