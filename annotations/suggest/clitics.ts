/**
 * Words as the suggestions see them: folded the way find folds (niqqud, harakat, tatweel and
 * alef forms ignored, Latin case ignored), and split after their proclitics.
 *
 * Hebrew proclitics: ו (and), then one of ש / כש / מ / שמ (that, when, from), then one of ב כ ל
 * (in, like, to), then ה (the): ו, ה, ב, וה, וב, ול, ומ, וש, שב, כש, וכש, מה, שה, ומה, לכש…
 * Arabic proclitics: و or ف (and, so), then one of ب ك ل (in, like, to), then ال (the); ل + ال is
 * written لل: و, ف, ب, ال, وال, بال, فال, كال, لل, ولل, وب, ول, وبال…
 *
 * A split never leaves fewer than `MIN_STEM` letters: a clitic must be followed by a word.
 */
import { foldCodePoint } from '../find';
import { isArabicRange, isHebrewRange } from '../chars';

export type Script = 'he' | 'ar' | 'latin' | 'digit' | 'other';

/** A word folded for matching, with where each folded unit came from. */
export interface FoldedWord {
  /** The folded text (UTF-16; Hebrew and Arabic letters are one unit each). */
  folded: string;
  /** For each unit of `folded`, the code point offset (in the document) of the character it came from. */
  source: Int32Array;
  script: Script;
}

/** One way to read a word as proclitics + stem. */
export interface CliticSplit {
  /** Length of the proclitics in folded units (0: no proclitic). */
  length: number;
  /** The proclitics, in order (`כש` is one; `لل` is two: ل and the article's ل). */
  clitics: string[];
  /**
   * Where the definite article starts inside the proclitics (folded units), or -1 when there is
   * none: 1 in `وال`, 1 in `لل` (the article's ل), 1 in `וה`.
   */
  articleAt: number;
}

/** The fewest letters a stem may have after a proclitic is stripped. */
export const MIN_STEM = 2;

const HE_CONJ = 'ו';
const HE_SUB = ['כש', 'ש', 'מ', 'שמ', 'כשמ'];
const HE_PREP = ['ב', 'כ', 'ל'];
const HE_ART = 'ה';
const AR_CONJ = ['و', 'ف'];
const AR_PREP = ['ب', 'ك', 'ل'];
const AR_ART = 'ال';
const HE_PARTS: readonly (readonly string[])[] = [[HE_CONJ], HE_SUB, HE_PREP, [HE_ART]];
const AR_PARTS: readonly (readonly string[])[] = [AR_CONJ, AR_PREP, [AR_ART]];

/** The script of a word: the first letter (or digit) decides. */
export function scriptOf(text: string): Script {
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (isHebrewRange(cp) && cp >= 0x05d0) return 'he';
    if (isArabicRange(cp) && /\p{L}/u.test(ch)) return 'ar';
    if (/\p{Nd}/u.test(ch)) return 'digit';
    if (/\p{L}/u.test(ch)) return 'latin';
  }
  return 'other';
}

/**
 * Fold the code points [start, end) of `text` (a word), starting at UTF-16 index `u` (that of
 * `start`). Marks and tatweel are dropped, alef forms become ا, Latin is lower-cased.
 */
export function foldWord(text: string, start: number, end: number, u: number): FoldedWord {
  let folded = '';
  const source: number[] = [];
  let cp = start;
  let i = u;
  while (cp < end && i < text.length) {
    const c = text.codePointAt(i) as number;
    const w = c > 0xffff ? 2 : 1;
    const f = foldCodePoint(c);
    const s = f === null ? String.fromCodePoint(c) : f;
    for (let k = 0; k < s.length; k++) source.push(cp);
    folded += s;
    i += w;
    cp++;
  }
  return { folded, source: Int32Array.from(source), script: scriptOf(folded) };
}

/** Fold a string (a form from an annotation or a gazetteer). */
export function foldString(s: string): string {
  let out = '';
  for (const ch of s) {
    const f = foldCodePoint(ch.codePointAt(0) as number);
    out += f === null ? ch : f;
  }
  return out;
}

function letters(s: string): number {
  let n = 0;
  for (const ch of s) if (/\p{L}/u.test(ch)) n++;
  return n;
}

/**
 * Every way to read the folded word `w` as proclitics + a stem of at least MIN_STEM letters,
 * the empty split first, then by growing length.
 */
export function cliticSplits(w: string, script: Script): CliticSplit[] {
  const out: CliticSplit[] = [{ length: 0, clitics: [], articleAt: -1 }];
  if (script !== 'he' && script !== 'ar') return out;
  const parts = script === 'he' ? HE_PARTS : AR_PARTS;
  const artPart = parts.length - 1;
  const seen = new Set<number>([0]);
  const add = (length: number, clitics: string[], articleAt: number): void => {
    if (seen.has(length) || w.length - length < MIN_STEM || letters(w.slice(length)) < MIN_STEM) return;
    seen.add(length);
    out.push({ length, clitics, articleAt });
  };
  const walk = (part: number, at: number, clitics: string[], articleAt: number): void => {
    for (let p = part; p < parts.length; p++) {
      for (const option of parts[p] as readonly string[]) {
        if (!w.startsWith(option, at)) continue;
        const c = [...clitics, option];
        const art = p === artPart ? at : articleAt;
        add(at + option.length, c, art);
        walk(p + 1, at + option.length, c, art);
      }
    }
  };
  walk(0, 0, [], -1);
  if (script === 'ar') {
    // ل + ال is written لل: the article is the second ل
    for (const conj of ['', ...AR_CONJ]) {
      if (w.startsWith(conj + 'لل')) add(conj.length + 2, conj === '' ? ['ل', 'ل'] : [conj, 'ل', 'ل'], conj.length + 1);
    }
  }
  out.sort((x, y) => x.length - y.length);
  return out;
}

/** The definite article as written at the start of a form: ال, ה; '' for other scripts. */
export function articleOf(script: Script): string {
  return script === 'ar' ? AR_ART : script === 'he' ? HE_ART : '';
}
