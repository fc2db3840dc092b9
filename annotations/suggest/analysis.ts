/**
 * The tagger's pieces: words split into proclitics and stem (SubToken, WordAnalyzer), text split
 * into sentences, and whether a project's spans need pieces at all (see tagger.ts).
 */
import { graphemeIndex } from '../graphemes';
import { tokenArrays, tokenize } from '../tokenize';
import { cliticSplits, foldWord, type Script } from './clitics';
import type { TaggerDocument } from './tagger';

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
  /** Ids of `word` and `stem` in its WordAnalyzer (the same string, the same id; never reused). */
  wordId: number;
  stemId: number;
}

export type Sentence = SubToken[];

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
  wordId: number;
  stemId: number;
}

/**
 * Tokens analysed once: folded, split after their proclitics, shaped; each distinct piece gets an
 * id (never reused) under which the tagger caches its features' scores.
 */
export class WordAnalyzer {
  /**
   * The tokens analysed (kind and raw text → pieces): open addressing over typed arrays with the
   * tokens' FNV-1a hashes, found from the text's range without slicing it (analyzeAt).
   */
  private keys: string[] = [];
  private kinds: number[] = [];
  private hashes: number[] = [];
  private values: PieceTemplate[][] = [];
  private table = new Int32Array(1024).fill(-1);
  private next = 0;
  /** Folded words and stems → their ids (forgotten with the cache; ids are never reused). */
  private readonly strings = new Map<string, number>();
  private nextString = 0;

  /** `maxTokens`: distinct tokens remembered before all are forgotten at once (smaller in tests). */
  constructor(
    private readonly split: boolean,
    private readonly maxTokens = ANALYZER_MAX,
  ) {}

  /** How many piece ids were given out (ids are 0 to this, never reused). */
  get ids(): number {
    return this.next;
  }

  /** The pieces of a token: `raw` of kind `kind` (0 punct, 1 number, 2 word: tokenArrays' kinds). */
  analyze(raw: string, kind: number): PieceTemplate[] {
    return this.analyzeAt(raw, 0, raw.length, kind);
  }

  /** The pieces of the token text[from, to) of kind `kind` (as analyze), made once per distinct token. */
  analyzeAt(text: string, from: number, to: number, kind: number): PieceTemplate[] {
    let h = 0x811c9dc5 ^ kind;
    for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const { table, keys, kinds, hashes } = this;
    const mask = table.length - 1;
    let k = h & mask;
    for (;;) {
      const i = table[k] as number;
      if (i === -1) break;
      if (hashes[i] === h && kinds[i] === kind) {
        const key = keys[i] as string;
        if (key.length === to - from && text.startsWith(key, from)) return this.values[i] as PieceTemplate[];
      }
      k = (k + 1) & mask;
    }
    const raw = text.slice(from, to);
    const out = this.make(raw, KIND_NAMES[kind] as string);
    if (keys.length >= this.maxTokens) {
      this.forgetTokens();
      this.table[h & (this.table.length - 1)] = 0;
    } else {
      if ((keys.length + 1) * 2 > table.length) {
        this.grow();
        k = h & (this.table.length - 1);
        while (this.table[k] !== -1) k = (k + 1) & (this.table.length - 1);
      }
      this.table[k] = keys.length;
    }
    this.keys.push(raw);
    this.kinds.push(kind);
    this.hashes.push(h);
    this.values.push(out);
    return out;
  }

  /** Forget every token analysed and the strings' ids (ids are not given out again). */
  private forgetTokens(): void {
    this.keys = [];
    this.kinds = [];
    this.hashes = [];
    this.values = [];
    this.table = new Int32Array(1024).fill(-1);
    this.strings.clear();
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let i = 0; i < this.hashes.length; i++) {
      let k = (this.hashes[i] as number) & mask;
      while (table[k] !== -1) k = (k + 1) & mask;
      table[k] = i;
    }
    this.table = table;
  }

  private stringId(s: string): number {
    let id = this.strings.get(s);
    if (id === undefined) this.strings.set(s, (id = this.nextString++));
    return id;
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
    const wordId = this.stringId(fw.folded);
    const whole = { rel0: 0, rel1: n, text: fw.folded, role: 0, word: fw.folded, piece: 0, pieces: 1, script: fw.script, shape, wordId };
    if (cuts.length <= 1) return [{ ...whole, stem: fw.folded, id: this.next++, stemId: wordId }];
    const stem = (cuts[cuts.length - 1] as { text: string }).text;
    const stemId = this.stringId(stem);
    if (!this.split) return [{ ...whole, stem, id: this.next++, stemId }];
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
      wordId,
      stemId,
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
  const sentences: Sentence[] = [];
  eachSentence(text, analyzer, (s) => sentences.push(s));
  return sentences;
}

/**
 * subTokenize's sentences handed to `take` one at a time, as they are made (a caller that is done
 * with each before the next keeps no more than one sentence's pieces alive). `reuse`: the same
 * array and SubToken objects for every sentence, overwritten by the next one (no object per
 * piece: `take` must keep nothing of them).
 */
export function eachSentence(text: string, analyzer: WordAnalyzer, take: (s: Sentence) => void, reuse = false): void {
  const { count, starts, ends, kinds } = tokenArrays(text);
  let current: Sentence = [];
  const kept: SubToken[] = [];
  let w = 0;
  // walked once beside the tokens: UTF-16 index `u` of code point `cp`
  let u = 0;
  let cp = 0;
  const n = text.length;
  const step = (): void => {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < n && isLow(text.charCodeAt(u + 1)) ? 2 : 1;
    cp++;
  };
  const flush = (): void => {
    if (current.length > 0) take(current);
    if (reuse) current.length = 0;
    else current = [];
    w = 0;
  };
  for (let k = 0; k < count; k++) {
    const start = starts[k] as number;
    const end = ends[k] as number;
    // a line break between the previous token and this one ends the sentence
    let newline = false;
    while (cp < start) {
      if (text.charCodeAt(u) === 10) newline = true;
      step();
    }
    if (newline && current.length > 0) flush();
    const u0 = u;
    while (cp < end) step();
    const kind = kinds[k] as number;
    for (const p of analyzer.analyzeAt(text, u0, u, kind)) {
      const i = current.length;
      const t = reuse ? kept[i] : undefined;
      if (t !== undefined) {
        t.start = start + p.rel0;
        t.end = start + p.rel1;
        t.text = p.text;
        t.role = p.role;
        t.word = p.word;
        t.stem = p.stem;
        t.w = w;
        t.piece = p.piece;
        t.pieces = p.pieces;
        t.script = p.script;
        t.shape = p.shape;
        t.id = p.id;
        t.wordId = p.wordId;
        t.stemId = p.stemId;
        current.push(t);
        continue;
      }
      current.push({ start: start + p.rel0, end: start + p.rel1, text: p.text, role: p.role, word: p.word, stem: p.stem, w, piece: p.piece, pieces: p.pieces, script: p.script, shape: p.shape, id: p.id, wordId: p.wordId, stemId: p.stemId });
      if (reuse) kept.push(current[i] as SubToken);
    }
    w++;
    if (kind === 0 && SENTENCE_END.has(text.slice(u0, u))) flush();
  }
  flush();
}

/** tokenArrays' kinds. */
const KIND_NAMES = ['punct', 'number', 'word'] as const;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

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
