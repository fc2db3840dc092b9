/**
 * Language and direction: which script a document is in, and the base direction of each
 * paragraph (UAX #9 rules P2–P3: the first strong character, skipping isolates).
 */
import type { Direction, Lang, Paragraph } from './model';
import { bmpClassTable, charClass, Cls, isArabicRange, isHebrewRange, strongDirection } from './chars';

const LETTER: number = Cls.Letter;
const table = bmpClassTable();

/**
 * The document's language by script: 'he' or 'ar' when that script has more letters than the
 * other and at least 20% of all letters; otherwise 'other'.
 */
export function detectLang(text: string): Lang {
  let he = 0;
  let ar = 0;
  let letters = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x41) continue; // fast path: ASCII digits, punctuation, white space
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      c = text.codePointAt(i) as number;
      if (c > 0xffff) i++;
    }
    const cls = c < 0x10000 && table[c] !== 0 ? (table[c] as number) : charClass(c);
    if (cls !== LETTER) continue;
    letters++;
    if (isHebrewRange(c)) he++;
    else if (isArabicRange(c)) ar++;
  }
  if (letters === 0) return 'other';
  if (he > ar && he >= 0.2 * letters) return 'he';
  if (ar > he && ar >= 0.2 * letters) return 'ar';
  return 'other';
}

/**
 * detectLang over well-formed UTF-8 bytes (the caller has checked them), without decoding them
 * into a string, with the number of code points and of letters: the same language as
 * `detectLang` of the decoded text (a leading BOM counts as a code point, like U+FEFF in a text).
 * `controls`: the bytes below 0x20 other than tab, line feed, form feed and carriage return (NUL
 * included), counted in the same pass for the importer's binary check (decode.ts `looksBinary`).
 */
export function detectLangUtf8(bytes: Uint8Array): { lang: Lang; codePoints: number; letters: number; controls: number } {
  let he = 0;
  let ar = 0;
  let letters = 0;
  let codePoints = 0;
  let controls = 0;
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    codePoints++;
    let c: number;
    if (b < 0x80) {
      i++;
      if (b < 0x41) {
        // ASCII digits, punctuation, white space; control bytes counted
        if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) controls++;
        continue;
      }
      c = b;
    } else if (b < 0xe0) {
      c = ((b & 0x1f) << 6) | ((bytes[i + 1] as number) & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      c = ((b & 0x0f) << 12) | (((bytes[i + 1] as number) & 0x3f) << 6) | ((bytes[i + 2] as number) & 0x3f);
      i += 3;
    } else {
      c = ((b & 0x07) << 18) | (((bytes[i + 1] as number) & 0x3f) << 12) | (((bytes[i + 2] as number) & 0x3f) << 6) | ((bytes[i + 3] as number) & 0x3f);
      i += 4;
    }
    const cls = c < 0x10000 && table[c] !== 0 ? (table[c] as number) : charClass(c);
    if (cls !== LETTER) continue;
    letters++;
    if (isHebrewRange(c)) he++;
    else if (isArabicRange(c)) ar++;
  }
  let lang: Lang = 'other';
  if (letters > 0 && he > ar && he >= 0.2 * letters) lang = 'he';
  else if (letters > 0 && ar > he && ar >= 0.2 * letters) lang = 'ar';
  return { lang, codePoints, letters, controls };
}

/** Base direction of a document in a language. */
export function langDirection(lang: Lang): Direction {
  return lang === 'he' || lang === 'ar' ? 'rtl' : 'ltr';
}

const LRI = 0x2066;
const RLI = 0x2067;
const FSI = 0x2068;
const PDI = 0x2069;

/**
 * Direction of the first strong character (L → 'ltr'; R or AL → 'rtl'), ignoring characters
 * between an isolate initiator (LRI, RLI, FSI) and its matching PDI (UAX #9 P2). Embedding and
 * override controls are not strong and are skipped, their content is not (as in P2).
 * `fallback` when there is no strong character (P3 leaves it to the higher-level protocol).
 */
export function paragraphDirection(text: string, fallback: Direction): Direction {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x41) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      c = text.codePointAt(i) as number;
      if (c > 0xffff) i++;
    }
    if (c === LRI || c === RLI || c === FSI) {
      depth++;
      continue;
    }
    if (c === PDI) {
      if (depth > 0) depth--;
      continue;
    }
    if (depth > 0) continue;
    const d = strongDirection(c);
    if (d === 'L') return 'ltr';
    if (d === 'R') return 'rtl';
  }
  return fallback;
}

/**
 * One paragraph per LF-separated line (the LF not included), empty lines included, in code
 * point offsets: paragraphs[i].end + 1 === paragraphs[i + 1].start. Each paragraph's direction
 * is its first strong character's, else `docDir`. An empty text has one empty paragraph.
 */
export function splitParagraphs(text: string, docDir: Direction): Paragraph[] {
  const out: Paragraph[] = [];
  const n = text.length;
  let u = 0; // UTF-16 start of the line
  let cp = 0; // code point start of the line
  for (;;) {
    let nl = text.indexOf('\n', u);
    if (nl < 0) nl = n;
    const line = text.slice(u, nl);
    let len = line.length;
    for (let i = 0; i + 1 < line.length; i++) {
      const h = line.charCodeAt(i);
      if (h >= 0xd800 && h <= 0xdbff) {
        const l = line.charCodeAt(i + 1);
        if (l >= 0xdc00 && l <= 0xdfff) {
          len--;
          i++;
        }
      }
    }
    out.push({ start: cp, end: cp + len, dir: paragraphDirection(line, docDir) });
    if (nl >= n) break;
    u = nl + 1;
    cp += len + 1;
  }
  return out;
}
