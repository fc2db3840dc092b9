/**
 * The tagger's features: of a piece alone, of its neighbours (slots) and of pairs, and the
 * annotator's lexicon and the project's gazetteer as features (see tagger.ts).
 */
import { tokenize } from '../tokenize';
import { foldString } from './clitics';
import type { GazetteerEntry, SpanTyped } from './occurrences';
import type { SubToken, Sentence } from './analysis';

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
export const SLOTS = 7;
const SELF = 0;

export function slotFeatures(slot: number, t: SubToken | undefined, gaz: ReadonlyMap<string, readonly string[]>): string[] {
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
export function slotKey(t: SubToken | undefined): number {
  return t === undefined ? -1 : t.id;
}

/** For each piece, the index of the piece in each slot (n × SLOTS; -1 past the sentence's edges). */
export function slotPieces(s: Sentence): Int32Array {
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
export function pairFeature(which: number, t: SubToken, other: SubToken | undefined): string {
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
export function stemsOf(s: Sentence): string[] {
  const out: string[] = [];
  for (const t of s) out[t.w] = t.stem;
  return out;
}

/** The lexicon key of the words a mention covers (null when it is not in the sentence). */
export function mentionKey(s: Sentence, stems: readonly string[], m: SpanTyped): string | null {
  let w0 = -1;
  let w1 = -1;
  for (const t of s) {
    if (t.end <= m.start || t.start >= m.end) continue;
    if (w0 < 0) w0 = t.w;
    w1 = t.w;
  }
  return w0 < 0 ? null : stems.slice(w0, w1 + 1).join(' ');
}

export const MAX_LEXICON_WORDS = 6;

/** Longest entries first, left to right: [first word, last word, key]. */
export function lexiconMatches(stems: readonly string[], has: (key: string) => boolean, maxWords: number, starts?: ReadonlySet<string>): [number, number, string][] {
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
export function lexiconFeatures(
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
export function bestType(types: Record<string, number>): [string, number] {
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

export function gazetteerMap(entries: readonly GazetteerEntry[]): Map<string, string[]> {
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
