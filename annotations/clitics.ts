/**
 * Hebrew and Arabic proclitics: the one-letter (or article) prefixes written joined to the next
 * word — Hebrew ו ה ב כ ל מ ש and their sequences (וה, וב, ול, ומ, וש, שב, כש, וכש, מה…), Arabic
 * و ف ب ك ل and the article ال with theirs (وال, بال, فال, كال, لل, وب, ول, وبال…). An entity's
 * span usually leaves them out (`קזחסטן` in `בקזחסטן`, `الجنود` in `والجنود`).
 *
 * `procliticSplits(word)` gives every place where a known proclitic sequence could end inside a
 * word (code points from the word's start), keeping niqqud and harakat with their letter and
 * leaving a stem of at least two letters. Which of them is right is not decided here: a prefix
 * letter may as well be the word's own first letter (`מלך`); callers decide with what the
 * annotator did (a selection that starts exactly at a split, the annotator's earlier spans).
 */
import { Cls, charClass } from './chars';

/** Hebrew: [ו] [ש | כש | מש] [ב | כ | ל | מ] [ה] — each part optional, in this order. */
const HEBREW_PARTS: readonly (readonly string[])[] = [['ו'], ['ש', 'כש', 'מש'], ['ב', 'כ', 'ל', 'מ'], ['ה']];
/** Arabic: [و | ف] [ب | ك | ل | س] [ال] — and ل + ال written لل (the article's alef dropped). */
const ARABIC_PARTS: readonly (readonly string[])[] = [['و', 'ف'], ['ب', 'ك', 'ل'], ['ال']];
const ARABIC_LIL = 'لل';

const MIN_STEM_LETTERS = 2;

interface Letters {
  /** The base letters (marks dropped), as a string. */
  bare: string;
  /** starts[i]: the code point offset in the word of bare letter i; starts[bare.length] = word length. */
  starts: number[];
}

function lettersOf(word: string): Letters {
  const cps = Array.from(word);
  const starts: number[] = [];
  let bare = '';
  cps.forEach((ch, i) => {
    const cls = charClass(ch.codePointAt(0) as number);
    if (cls === Cls.Mark || cls === Cls.Joiner || ch === '\u0640' /* tatweel */) return;
    starts.push(i);
    bare += ch;
  });
  starts.push(cps.length);
  return { bare, starts };
}

function scriptOf(bare: string): 'he' | 'ar' | null {
  const cp = bare.codePointAt(0);
  if (cp === undefined) return null;
  if (cp >= 0x05d0 && cp <= 0x05ea) return 'he';
  if (cp >= 0x0620 && cp <= 0x064a) return 'ar';
  return null;
}

/** Every bare-letter length of a proclitic sequence that `bare` starts with (ascending, > 0). */
function prefixLengths(bare: string, parts: readonly (readonly string[])[], extra: readonly string[]): number[] {
  const ends = new Set<number>();
  const walk = (part: number, at: number) => {
    if (at > 0) ends.add(at);
    for (let p = part; p < parts.length; p++) {
      for (const option of parts[p] as readonly string[]) {
        if (bare.startsWith(option, at)) walk(p + 1, at + option.length);
      }
    }
  };
  walk(0, 0);
  for (const seq of extra) {
    // Sequences outside the part grammar (Arabic لل after an optional و/ف).
    for (const lead of ['', 'و', 'ف']) if (bare.startsWith(lead + seq)) ends.add(lead.length + seq.length);
  }
  return [...ends].sort((a, b) => a - b);
}

/**
 * Code point offsets inside `word` where a known Hebrew or Arabic proclitic sequence ends and a
 * stem of at least two letters begins (ascending; empty for other scripts or no prefix). A mark
 * after a prefix letter belongs to that letter (`וּבַ` splits after the patah).
 */
export function procliticSplits(word: string): number[] {
  const { bare, starts } = lettersOf(word);
  const script = scriptOf(bare);
  if (!script) return [];
  const lengths = script === 'he' ? prefixLengths(bare, HEBREW_PARTS, []) : prefixLengths(bare, ARABIC_PARTS, [ARABIC_LIL]);
  return lengths.filter((n) => bare.length - n >= MIN_STEM_LETTERS).map((n) => starts[n] as number);
}
