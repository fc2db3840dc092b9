/**
 * CoNLL's layout and its tag grid, shared by the reader (conll.ts) and the writers (conllWrite.ts):
 * the `ConllLayout` stored with an imported document (every line as written, which columns hold
 * tags, separators, line ends), the grid of tags it holds (column × morpheme, `structure`), the
 * entities that grid places in the text (`decodeGrid`), Hebrew proclitics locating a morpheme in
 * its token's letters (`prefixOffset`), and `layoutFits`.
 */
import { decodeTags, parseTag } from './tokens';
import { OffsetMap, cpLength } from '../text';

export interface ConllReport {
  extended: number;
  dropped: number;
  empty: number;
}

/** A token line: [token length in code points, then the line's other columns as in the file]. */
export type ConllTokenLine = [number, ...string[]];

/** How a CoNLL document was written in its file. Stored with the document (JSON). */
export interface ConllLayout {
  format: 'conll';
  v: 1;
  eol: '\n' | '\r\n';
  /** The last line of the document had no line end (the end of a file without a final LF). */
  noFinalEol?: true;
  /** The separator between columns, where `seps` does not say otherwise. */
  sep: string;
  /** Tag columns, as 0-based indexes into a token line's columns after the token; or every column from `from` on. */
  tags: { at: number[] } | { from: number };
  /** How new entities are written. */
  scheme: 'bio' | 'iob1' | 'bioes' | 'bilou';
  /** The lines: a string is a line kept as it is (blank, comment, -DOCSTART-), an array a token line. */
  lines: (string | ConllTokenLine)[];
  /** Lines with other white space: line index → [before the token, before each column…, after the last]. */
  seps?: Record<string, string[]>;
}

/** The tags of one tag value (`O`, `B-PER`, or `O^S-GPE`: one per morpheme), or null when it is not one. */
export function tagPieces(value: string): string[] | null {
  const pieces = value.includes('^') ? value.split('^') : [value];
  for (const p of pieces) if (parseTag(p) === null) return null;
  return pieces;
}

// ---------------------------------------------------------------- Hebrew proclitics

const PROCLITICS = /^ו?(?:(?:מ|כ|ל|לכ)?ש)?[בכלמ]?ה?$/;
const MARK = /^\p{M}$/u;
const LETTER = /^\p{L}$/u;

/**
 * The token's units as a morpheme may take them, with their code point starts: a letter and its
 * marks, a punctuation character (NEMO makes an opening quote a morpheme: `"יזכור` = `"` + יזכור),
 * and כש as one unit (SPMRL's single morpheme "when": `כשרוי` = כש + רוי).
 */
function letterUnits(token: string): { letter: string; start: number }[] {
  const out: { letter: string; start: number }[] = [];
  let cp = 0;
  for (const ch of token) {
    const last = out[out.length - 1];
    if (MARK.test(ch) && last !== undefined) {
      cp++;
      continue;
    }
    if (ch === 'ש' && last !== undefined && last.letter === 'כ' && (out.length === 1 || (out.length === 2 && out[0]?.letter === 'ו'))) last.letter = 'כש';
    else out.push({ letter: ch, start: cp });
    cp++;
  }
  return out;
}

/**
 * Where, in code points from the token's start, morpheme `b` (1 ≤ b) begins when the first `b`
 * morphemes are Hebrew proclitics (or punctuation): each one letter of ו ה ב כ ל מ ש (or כש) in a
 * valid order, except an article ה after ב כ ל, which is not written (`בשטחים` = ב + ה + שטחים:
 * morpheme 2 starts at 1). When both readings fit, the unwritten article wins if the written
 * reading would end in ה (`להסתדרות` = ל + ה + הסתדרות). Null when neither fits or nothing is left
 * for the word.
 */
export function prefixOffset(token: string, b: number): number | null {
  const units = letterUnits(token);
  const letters = units.map((u) => u.letter);
  const words = (k: number): string => letters.slice(0, k).filter((l) => LETTER.test(l[0] as string)).join('');
  const at = (k: number): number | null => (k < units.length && k > 0 ? (units[k] as { start: number }).start : null);
  const written = b < units.length && PROCLITICS.test(words(b)) ? at(b) : null;
  const elided = b >= 2 && b - 1 < units.length && 'בכל'.includes(letters[b - 2] as string) && PROCLITICS.test(`${words(b - 1)}ה`) ? at(b - 1) : null;
  if (written !== null && elided !== null) return letters[b - 1] === 'ה' ? elided : written;
  return written ?? elided;
}


// ---------------------------------------------------------------- the tag grid

/** The tag column spec: 0-based indexes of columns after the token, or every column from `from` on. */
export type TagSpec = { at: number[] } | { from: number };

/** The tags of each tag column of a token line (variable specs: as many as the line has). */
export function tagColumnsOf(cols: readonly string[], spec: TagSpec): string[] {
  return 'from' in spec ? cols.slice(spec.from) : spec.at.map((k) => cols[k] as string);
}

export interface Tok {
  start: number;
  end: number;
  sentence: number;
  /** Index of its first morpheme in the document. */
  m0: number;
  /** Number of morphemes. */
  m: number;
  line: number;
  text: string;
}

/** Tokens, morphemes and the tag grid (column × morpheme) of a document from its layout and text. */
export function structure(layout: ConllLayout, text: string, lineNos?: readonly number[]): { toks: Tok[]; grid: string[][]; sentences: [number, number][] } {
  const toks: Tok[] = [];
  const grid: string[][] = [];
  const sentences: [number, number][] = [];
  const map = new OffsetMap(text);
  let cp = 0;
  let sentence = 0;
  let broke = false;
  let morphs = 0;
  let sStart = 0;
  layout.lines.forEach((l, i) => {
    if (typeof l === 'string') {
      if (l.trim() === '' && toks.length > 0) broke = true;
      return;
    }
    const [len, ...cols] = l;
    if (toks.length > 0) {
      cp++;
      if (broke) {
        sentences.push([sStart, morphs]);
        sStart = morphs;
        sentence++;
      }
    }
    broke = false;
    const tags = tagColumnsOf(cols, layout.tags).map((v) => tagPieces(v) ?? ['O']);
    const m = Math.max(1, ...tags.map((t) => t.length));
    tags.forEach((pieces, k) => {
      const col = (grid[k] ??= []);
      while (col.length < morphs) col.push('O');
      for (let x = 0; x < m; x++) col.push(pieces[x] ?? 'O');
    });
    toks.push({ start: cp, end: cp + len, sentence, m0: morphs, m, line: lineNos?.[i] ?? i + 1, text: map.slice(cp, cp + len) });
    cp += len;
    morphs += m;
  });
  if (toks.length > 0) sentences.push([sStart, morphs]);
  for (const col of grid) while (col.length < morphs) col.push('O');
  return { toks, grid, sentences };
}

export interface Placed {
  col: number;
  type: string;
  /** Morpheme range, end exclusive. */
  ms: number;
  me: number;
  start: number;
  end: number;
  widened: boolean;
  line: number;
}

/** Entities of a tag grid, per column and sentence, placed in the text. */
export function decodeGrid(grid: readonly (readonly string[])[], toks: readonly Tok[], sentences: readonly [number, number][]): Placed[] {
  const tokOf = new Int32Array(toks.length === 0 ? 0 : (toks[toks.length - 1] as Tok).m0 + (toks[toks.length - 1] as Tok).m);
  toks.forEach((t, i) => tokOf.fill(i, t.m0, t.m0 + t.m));
  const out: Placed[] = [];
  grid.forEach((col, k) => {
    for (const [a, b] of sentences) {
      for (const e of decodeTags(col.slice(a, b))) {
        const ms = a + e.start;
        const me = a + e.end;
        const t0 = toks[tokOf[ms] as number] as Tok;
        const t1 = toks[tokOf[me - 1] as number] as Tok;
        let widened = false;
        let start = t0.start;
        if (ms > t0.m0) {
          const off = prefixOffset(t0.text, ms - t0.m0);
          if (off === null) widened = true;
          else start = t0.start + off;
        }
        const end = t1.end;
        if (me < t1.m0 + t1.m) widened = true;
        out.push({ col: k, type: e.type, ms, me, start, end, widened, line: t0.line });
      }
    }
  });
  return out;
}


/** Checks that a stored layout fits `text` (its tokens cover it as imported). */
export function layoutFits(layout: ConllLayout, text: string): boolean {
  let cp = 0;
  let first = true;
  for (const l of layout.lines) {
    if (typeof l === 'string') continue;
    if (!first) cp++;
    first = false;
    cp += l[0];
  }
  return cp === cpLength(text);
}
