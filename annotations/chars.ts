/**
 * Character classification shared by the tokenizer, direction detection and snapping.
 * Internal to the core (not part of the documented API, but exported for tests and tools).
 * BMP classes are memoised in a table filled on first use of each code point.
 */

export const Cls = {
  Unknown: 0,
  Space: 1,
  Letter: 2,
  Mark: 3,
  /** Decimal digit (\p{Nd}). */
  Digit: 4,
  /** Other numbers (\p{Nl}, \p{No}): word material, like digits but never joined by `.`/`,`. */
  OtherNumber: 5,
  /** ZWNJ, ZWJ, soft hyphen: kept inside a word. */
  Joiner: 6,
  /** Invisible bidi controls (LRM, RLM, ALM, embeddings, isolates): separators, never tokens. */
  Invisible: 7,
  /** Apostrophe / geresh: ' ’ ׳ */
  Apostrophe: 8,
  /** Double quote / gershayim: " ״ */
  Quote: 9,
  /** Decimal and thousands separators inside numbers: . , ٫ ٬ */
  NumSep: 10,
  Other: 11,
} as const;
export type Cls = (typeof Cls)[keyof typeof Cls];

const RE_LETTER = /^\p{L}$/u;
const RE_MARK = /^\p{M}$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_NUMBER = /^\p{N}$/u;
const RE_SPACE = /^\s$/u;

function computeClass(cp: number): Cls {
  switch (cp) {
    case 0x0027: case 0x2019: case 0x05f3: return Cls.Apostrophe;
    case 0x0022: case 0x05f4: return Cls.Quote;
    case 0x002e: case 0x002c: case 0x066b: case 0x066c: return Cls.NumSep;
    case 0x200c: case 0x200d: case 0x00ad: return Cls.Joiner;
    case 0x0085: return Cls.Space;
    case 0x061c: case 0x200e: case 0x200f:
    case 0x202a: case 0x202b: case 0x202c: case 0x202d: case 0x202e:
    case 0x2066: case 0x2067: case 0x2068: case 0x2069:
      return Cls.Invisible;
  }
  const ch = String.fromCodePoint(cp);
  if (RE_SPACE.test(ch)) return Cls.Space;
  if (RE_LETTER.test(ch)) return Cls.Letter;
  if (RE_MARK.test(ch)) return Cls.Mark;
  if (RE_DIGIT.test(ch)) return Cls.Digit;
  if (RE_NUMBER.test(ch)) return Cls.OtherNumber;
  return Cls.Other;
}

const bmp = new Uint8Array(0x10000);
const astral = new Map<number, Cls>();

/**
 * The memo table of BMP classes (0 = not computed yet: call charClass). For hot loops:
 * `let c = table[u]; if (c === 0) c = charClass(u);`
 */
export function bmpClassTable(): Uint8Array {
  return bmp;
}

/** The class of one code point. */
export function charClass(cp: number): Cls {
  if (cp < 0x10000) {
    let c = bmp[cp] as Cls;
    if (c === Cls.Unknown) {
      c = computeClass(cp);
      bmp[cp] = c;
    }
    return c;
  }
  let c = astral.get(cp);
  if (c === undefined) {
    c = computeClass(cp);
    if (astral.size < 10_000) astral.set(cp, c);
  }
  return c;
}

/** White space (JS `\s`, which includes NBSP and all Zs) or U+0085. */
export function isWhiteSpaceCp(cp: number): boolean {
  return charClass(cp) === Cls.Space;
}

/** White space or an invisible bidi control: what selection trimming drops. */
export function isTrimmableCp(cp: number): boolean {
  const c = charClass(cp);
  return c === Cls.Space || c === Cls.Invisible;
}

export function isLetterCp(cp: number): boolean {
  return charClass(cp) === Cls.Letter;
}

/** Hebrew letters: U+0590–U+05FF, U+FB1D–U+FB4F (letters only, not points). */
export function isHebrewRange(cp: number): boolean {
  return (cp >= 0x0590 && cp <= 0x05ff) || (cp >= 0xfb1d && cp <= 0xfb4f);
}

/** Arabic script blocks (letters counted by detectLang). */
export function isArabicRange(cp: number): boolean {
  return (
    (cp >= 0x0600 && cp <= 0x06ff) ||
    (cp >= 0x0750 && cp <= 0x077f) ||
    (cp >= 0x08a0 && cp <= 0x08ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfeff)
  );
}

/** Code points whose letters have bidi class R or AL (approximation by block). */
function isRtlBlock(cp: number): boolean {
  return (
    (cp >= 0x0590 && cp <= 0x08ff) ||
    (cp >= 0xfb1d && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfefe) ||
    (cp >= 0x10800 && cp <= 0x10fff) ||
    (cp >= 0x1e800 && cp <= 0x1efff)
  );
}

const RE_SPACING_MARK = /^\p{Mc}$/u;

/**
 * Strong bidi type of a code point: 'L', 'R' (R or AL) or null (weak/neutral).
 * Letters (and spacing marks) outside the RTL blocks are L; letters inside are R/AL.
 * LRM is L, RLM and ALM are R.
 */
export function strongDirection(cp: number): 'L' | 'R' | null {
  if (cp === 0x200e) return 'L';
  if (cp === 0x200f || cp === 0x061c) return 'R';
  const c = charClass(cp);
  if (c === Cls.Letter) return isRtlBlock(cp) ? 'R' : 'L';
  if (c === Cls.Mark && !isRtlBlock(cp) && RE_SPACING_MARK.test(String.fromCodePoint(cp))) return 'L';
  return null;
}
