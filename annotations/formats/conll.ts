/**
 * CoNLL-style columns: one token per line, its columns separated by spaces or tabs, a blank line
 * between sentences, `-DOCSTART-` lines between documents.
 *
 * Reading (`readConll`):
 * - Tag columns. Every column whose values all look like entity tags (O, B-X, I-X, E-X, S-X, also
 *   BILOU's U-/L-) holds one layer of entities, outermost first; a column whose types are all
 *   chunk labels (NP, VP, PP, …: CoNLL-2003's chunk column) is not an entity layer. So
 *   `token TAG` (ANERcorp), `token POS chunk NER` (CoNLL-2003), NEMO's nested files
 *   (`token outer … inner`, four layers) and Wojood's variable number of tags per line
 *   (`token outer [inner …]`: every column after the token is a tag) all read. `tagColumns`
 *   (`--tag-columns`) names them instead: 1-based columns, the token being column 1 — `2-5`,
 *   `4`, `2,4`, or `2-` for "column 2 to the end of each line, however many". A file where this is
 *   not clear (a column of tags but for a few lines, chunk-only tag columns, lines with fewer
 *   columns than the others) is refused, naming the line.
 * - A token may hold spaces (NEMO's `ו ה 60 O`): a line with more columns than the file's others
 *   has the extra leading ones in its token.
 * - Morphemes: a tag of the form `O^S-GPE` (NEMO token-multi) holds one tag per morpheme. An entity
 *   boundary between morphemes is placed in the token's letters by its Hebrew proclitics
 *   (`prefixOffset`: ו ה ב כ ל מ ש and their sequences, with the article ה unwritten after ב כ ל);
 *   where that fails (a suffix, a token that is not proclitics + word) the entity is widened to
 *   the whole token and the ledger says how many.
 * - Entities are decoded per sentence and per layer with one lenient decoder for BIO, IOB1, BIOES
 *   and BILOU (`decodeTags`).
 * - The document text is the tokens joined by a space, sentences by a line break. Everything else
 *   on the lines — the other columns (POS, chunk, lemma), the tags as written, blank lines,
 *   comments, `-DOCSTART-` lines, separators, CRLF — is kept in a `ConllLayout` stored with the
 *   document, so that `writeConllWithLayout` writes the document back byte for byte when its
 *   entities did not change, and with the same tokens, sentences and columns when they did.
 *
 * Over 500 lines on purpose: the reader (every CoNLL shape: tag columns, layers, prefixes) and the
 * writers that must give back the same columns (writeConllWithLayout) share the token and tag helpers;
 * the round trip is tested on NEMO and ANERcorp.
 */
import type { NativeEntity, NativeRecord } from './jsonl';
import { CoreError } from '../errors';
import { detectLang } from '../direction';
import { decodeTags, parseTag, sequenceLabels, type Granularity, type SpanLike, type TagScheme } from './tokens';
import { OffsetMap, cpLength } from '../text';
import type { ImportLedger } from './report';

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

export interface ConllDocument {
  record: NativeRecord;
  layout: ConllLayout;
  /** The document id Qalam wrote in the -DOCSTART- line of its own export (`qalam:<id>`), if any. */
  claimedId: string | null;
  /** The 1-based line of each token in the file (for messages). */
  firstLine: number;
}

const CHUNK_TYPES = new Set(['NP', 'VP', 'PP', 'ADJP', 'ADVP', 'SBAR', 'PRT', 'INTJ', 'CONJP', 'LST', 'UCP']);

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

// ---------------------------------------------------------------- reading

interface Line {
  no: number;
  raw: string;
  kind: 'blank' | 'docstart' | 'token' | 'comment';
  /** Fields and the white space around them: ws[0] fields[0] ws[1] … fields[n-1] ws[n]. */
  fields: string[];
  ws: string[];
}

function splitFields(raw: string): { fields: string[]; ws: string[] } {
  const fields: string[] = [];
  const ws: string[] = [];
  const re = /[ \t]+/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let pendingWs = '';
  while ((m = re.exec(raw)) !== null) {
    if (m.index > last) {
      ws.push(pendingWs);
      fields.push(raw.slice(last, m.index));
      pendingWs = m[0];
    } else {
      pendingWs += m[0];
    }
    last = m.index + m[0].length;
  }
  if (last < raw.length) {
    ws.push(pendingWs);
    fields.push(raw.slice(last));
    pendingWs = '';
  }
  ws.push(pendingWs);
  return { fields, ws };
}

/** The tag column spec: 0-based indexes of columns after the token, or every column from `from` on. */
type TagSpec = { at: number[] } | { from: number };

/** `--tag-columns`: "2-5", "4", "2,4", "2-" (1-based; the token is column 1). */
export function parseTagColumns(spec: string): TagSpec {
  const parts = spec.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const at = new Set<number>();
  let from: number | null = null;
  const bad = (): never => {
    throw new CoreError('invalid-argument', `--tag-columns: expected 1-based columns after the token (column 1) like 2-5, 4, 2,4 or 2- ("2 to the end of each line"), not ${JSON.stringify(spec)}`);
  };
  if (parts.length === 0) bad();
  for (const p of parts) {
    const m = /^(\d+)(?:-(\d*))?$/.exec(p);
    if (m === null) bad();
    const a = Number((m as RegExpExecArray)[1]);
    if (a < 2) bad();
    const hasDash = p.includes('-');
    const bStr = (m as RegExpExecArray)[2];
    if (hasDash && bStr === '') {
      if (parts.length > 1) bad();
      from = a - 2;
    } else {
      const b = hasDash ? Number(bStr) : a;
      if (b < a) bad();
      for (let c = a; c <= b; c++) at.add(c - 2);
    }
  }
  return from !== null ? { from } : { at: [...at].sort((x, y) => x - y) };
}

function fail(fileName: string, line: number, message: string): never {
  throw new CoreError('import-failed', `${fileName}:${line}: ${message}`, { file: fileName, line });
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] as number;
  let n = -1;
  for (const [v, c] of counts) if (c > n || (c === n && v < best)) [best, n] = [v, c];
  return best;
}

/** The columns after the token of a line, given the file's column count `n` (0 = variable: the token is one field). */
function columnsOf(l: Line, n: number): string[] {
  return n === 0 ? l.fields.slice(1) : l.fields.slice(l.fields.length - (n - 1));
}

/** Decides which columns hold tags (and the file's column count; 0 when it varies). Throws naming a line. */
function detectSpec(lines: readonly Line[], fileName: string, given: TagSpec | null): { spec: TagSpec; n: number } {
  const data = lines.filter((l) => l.kind === 'token' && !(l.fields[0] as string).startsWith('#'));
  const sample = data.length > 0 ? data : lines.filter((l) => l.kind === 'token');
  if (sample.length === 0) return { spec: given ?? { at: [0] }, n: 2 };
  const counts = sample.map((l) => l.fields.length);
  const n = mostCommon(counts);
  const isTag = (v: string): boolean => tagPieces(v) !== null;
  const oneField = sample.find((l) => l.fields.length < 2);
  if (oneField !== undefined) fail(fileName, oneField.no, `expected "token tag", found ${JSON.stringify(oneField.raw.trim())}`);
  if (given !== null) {
    if ('from' in given) return { spec: given, n: 0 };
    const need = Math.max(...given.at) + 2;
    const short = sample.find((l) => l.fields.length < Math.max(need, n));
    if (short !== undefined) fail(fileName, short.no, `has ${short.fields.length} columns; --tag-columns needs ${Math.max(need, n)}`);
    for (const l of sample) {
      const cols = columnsOf(l, n);
      for (const k of given.at) {
        const v = cols[k] as string;
        if (!isTag(v)) fail(fileName, l.no, `column ${k + 2}: ${JSON.stringify(v)} is not a BIO/IOB1/BIOES tag (O, B-X, I-X, E-X, S-X)`);
      }
    }
    return { spec: given, n };
  }
  const varies = counts.some((c) => c !== n);
  if (varies && sample.every((l) => l.fields.slice(1).every(isTag))) return { spec: { from: 0 }, n: 0 };
  const short = sample.find((l) => l.fields.length < n);
  if (short !== undefined) {
    fail(fileName, short.no, `has ${short.fields.length} columns where the file's lines have ${n}; say which hold tags with --tag-columns`);
  }
  const width = n - 1;
  const tagLike: boolean[] = [];
  for (let k = 0; k < width; k++) {
    let ok = 0;
    let entity = 0;
    let firstBad: Line | null = null;
    let chunkOnly = true;
    for (const l of sample) {
      const v = columnsOf(l, n)[k] as string;
      const p = tagPieces(v);
      if (p === null) {
        firstBad ??= l;
        continue;
      }
      ok++;
      for (const piece of p) {
        const t = parseTag(piece);
        if (t !== null && t.prefix !== 'O') {
          entity++;
          if (!CHUNK_TYPES.has(t.type)) chunkOnly = false;
        }
      }
    }
    const all = firstBad === null;
    if (!all && entity > 0 && ok >= sample.length * 0.9) {
      const bad = firstBad as Line;
      fail(fileName, bad.no, `column ${k + 2} holds entity tags except ${JSON.stringify(columnsOf(bad, n)[k])} here; correct the line or say which columns hold tags with --tag-columns`);
    }
    tagLike.push(all && !(entity > 0 && chunkOnly));
    if (all && entity > 0 && chunkOnly && k === width - 1 && !tagLike.slice(0, k).some((x) => x)) {
      fail(fileName, (sample[0] as Line).no, `the only tag column (${k + 2}) holds chunk labels (${[...CHUNK_TYPES].slice(0, 4).join(', ')}…); if they are entities, say so with --tag-columns ${k + 2}`);
    }
  }
  const at = tagLike.flatMap((x, k) => (x ? [k] : []));
  if (at.length === 0) {
    const l = sample.find((x) => !isTag(x.fields[x.fields.length - 1] as string)) ?? (sample[0] as Line);
    fail(fileName, l.no, `${JSON.stringify(l.fields[l.fields.length - 1])} is not a BIO/IOB1/BIOES tag (O, B-X, I-X, E-X, S-X), and no other column holds tags`);
  }
  return { spec: { at }, n };
}

/** The scheme new entities are written in: as the file's tags suggest. */
function detectScheme(columns: readonly (readonly string[])[]): ConllLayout['scheme'] {
  let es = false;
  let ul = false;
  let iStarts = 0;
  let bStarts = 0;
  for (const col of columns) {
    let prev = 'O';
    for (const tag of col) {
      const t = parseTag(tag);
      if (t === null) continue;
      if (t.prefix === 'E' || t.prefix === 'S') {
        if (tag.startsWith('U') || tag.startsWith('L')) ul = true;
        else es = true;
      }
      const p = parseTag(prev);
      if (t.prefix === 'I' && (p === null || p.prefix === 'O' || p.type !== t.type)) iStarts++;
      if (t.prefix === 'B') bStarts++;
      prev = tag;
    }
  }
  if (ul) return 'bilou';
  if (es) return 'bioes';
  return iStarts > 0 && iStarts >= bStarts ? 'iob1' : 'bio';
}

/** The tags of each tag column of a token line (variable specs: as many as the line has). */
function tagColumnsOf(cols: readonly string[], spec: TagSpec): string[] {
  return 'from' in spec ? cols.slice(spec.from) : spec.at.map((k) => cols[k] as string);
}

interface Tok {
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
function structure(layout: ConllLayout, text: string, lineNos?: readonly number[]): { toks: Tok[]; grid: string[][]; sentences: [number, number][] } {
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

interface Placed {
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
function decodeGrid(grid: readonly (readonly string[])[], toks: readonly Tok[], sentences: readonly [number, number][]): Placed[] {
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

/**
 * Parses CoNLL text into documents (name `<base>`, or `<base>-<n>` when there are several) with
 * their layouts. Records every entity read, and every widening, in `ledger`. Throws
 * CoreError('import-failed') naming the file and line.
 */
export function readConll(text: string, fileName: string, baseName: string, options: { tagColumns?: string } = {}, ledger?: ImportLedger): ConllDocument[] {
  const given = options.tagColumns === undefined ? null : parseTagColumns(options.tagColumns);
  const rawLines = text.split('\n');
  const noFinalEol = rawLines[rawLines.length - 1] !== '';
  if (!noFinalEol) rawLines.pop();
  const crlf = rawLines.length > 0 && rawLines.every((l) => l.endsWith('\r'));
  const lines: Line[] = rawLines.map((r, idx) => {
    let raw = crlf ? r.slice(0, -1) : r;
    if (idx === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    const { fields, ws } = splitFields(raw);
    const kind: Line['kind'] = fields.length === 0 ? 'blank' : fields[0] === '-DOCSTART-' ? 'docstart' : 'token';
    return { no: idx + 1, raw, kind, fields, ws };
  });
  // Comments: lines starting with # that do not read as a token and its tags.
  const commentLike = (l: Line): boolean => l.kind === 'token' && (l.fields[0] as string).startsWith('#');
  const { spec, n } = detectSpec(lines, fileName, given);
  for (const l of lines) {
    if (!commentLike(l)) continue;
    const cols = n === 0 ? l.fields.slice(1) : l.fields.length >= n ? columnsOf(l, n) : null;
    const fits = cols !== null && cols.length > 0 && tagColumnsOf(cols, spec).every((v) => v !== undefined && tagPieces(v) !== null);
    if (!fits) l.kind = 'comment';
  }
  // Tag columns: every value must be a tag (the detection checked the sample; this names a bad line).
  const sep = mostCommon(lines.filter((l) => l.kind === 'token' && l.ws.length > 2).map((l) => (l.ws[l.ws.length - 2] === '\t' ? 1 : 0))) === 1 ? '\t' : ' ';
  const docs: { lines: Line[]; tokens: number }[] = [];
  let cur: { lines: Line[]; tokens: number } = { lines: [], tokens: 0 };
  docs.push(cur);
  for (const l of lines) {
    if (l.kind === 'docstart' && cur.tokens > 0) {
      cur = { lines: [], tokens: 0 };
      docs.push(cur);
    }
    cur.lines.push(l);
    if (l.kind === 'token') cur.tokens++;
  }
  const withTokens = docs.filter((d) => d.tokens > 0);
  const out: ConllDocument[] = [];
  withTokens.forEach((d, di) => {
    const layoutLines: ConllLayout['lines'] = [];
    const seps: Record<string, string[]> = {};
    let textOut = '';
    let broke = false;
    let first = true;
    let claimedId: string | null = null;
    const lineNos: number[] = [];
    for (const l of d.lines) {
      lineNos.push(l.no);
      if (l.kind !== 'token') {
        layoutLines.push(l.raw);
        if (l.kind === 'blank') broke = true;
        if (l.kind === 'docstart') {
          const id = l.fields.find((f) => f.startsWith('qalam:'));
          if (id !== undefined) claimedId = id.slice('qalam:'.length);
        }
        continue;
      }
      const tokFields = n === 0 ? 1 : l.fields.length - (n - 1);
      const cols = n === 0 ? l.fields.slice(1) : columnsOf(l, n);
      for (const v of tagColumnsOf(cols, spec)) {
        if (v === undefined || tagPieces(v) === null) fail(fileName, l.no, `${JSON.stringify(v ?? '')} is not a BIO/IOB1/BIOES tag (O, B-X, I-X, E-X, S-X)`);
      }
      const pieceCounts = new Set(tagColumnsOf(cols, spec).map((v) => (tagPieces(v) as string[]).length));
      if (pieceCounts.size > 1) fail(fileName, l.no, `the tag columns have different numbers of morphemes (${[...pieceCounts].join(', ')})`);
      // The token: its fields with the white space between them, as in the line.
      let token = '';
      for (let f = 0; f < tokFields; f++) token += (f > 0 ? l.ws[f] : '') + (l.fields[f] as string);
      if (!first) textOut += broke ? '\n' : ' ';
      first = false;
      broke = false;
      textOut += token;
      const ws = [l.ws[0] as string, ...l.ws.slice(tokFields)];
      if (ws[0] !== '' || ws[ws.length - 1] !== '' || ws.slice(1, -1).some((s) => s !== sep)) seps[String(layoutLines.length)] = ws;
      layoutLines.push([cpLength(token), ...cols]);
    }
    const tagCols: string[][] = [];
    for (const l of layoutLines) {
      if (typeof l === 'string') continue;
      tagColumnsOf(l.slice(1) as string[], spec).forEach((v, k) => (tagCols[k] ??= []).push(...(tagPieces(v) as string[])));
    }
    const layout: ConllLayout = {
      format: 'conll',
      v: 1,
      eol: crlf ? '\r\n' : '\n',
      sep,
      tags: spec,
      scheme: detectScheme(tagCols),
      lines: layoutLines,
      ...(Object.keys(seps).length > 0 ? { seps } : {}),
      ...(noFinalEol && di === withTokens.length - 1 ? { noFinalEol: true as const } : {}),
    };
    const { toks, grid, sentences } = structure(layout, textOut, lineNos);
    const placed = decodeGrid(grid, toks, sentences);
    const map = new OffsetMap(textOut);
    const entities: NativeEntity[] = placed.map((p, k) => ({ id: `T${k + 1}`, type: p.type, start: p.start, end: p.end, text: map.slice(p.start, p.end) }));
    if (ledger !== undefined) {
      ledger.read('entities', placed.length);
      for (const p of placed) {
        if (p.widened) ledger.lose({ file: fileName, line: p.line, kind: 'entities', what: 'widened to the whole token: its morphemes could not be matched to the letters (not Hebrew proclitics + word)' });
      }
    }
    out.push({
      record: {
        id: '',
        name: withTokens.length === 1 ? baseName : `${baseName}-${di + 1}`,
        text: textOut,
        lang: detectLang(textOut),
        annotator: null,
        entities,
        events: [],
        relations: [],
        status: 'not-started',
      },
      layout,
      claimedId,
      firstLine: (d.lines[0] as Line).no,
    });
  });
  return out;
}

/** Parse CoNLL text into documents (name `<base>-<n>`). Throws CoreError('import-failed') with file and line. */
export function parseConll(text: string, fileName: string, baseName: string, options: { tagColumns?: string } = {}): NativeRecord[] {
  return readConll(text, fileName, baseName, options).map((d) => d.record);
}

// ---------------------------------------------------------------- writing

/**
 * The CoNLL lines of a document Qalam tokenised itself (not imported from CoNLL): `-DOCSTART-`
 * with the document's id (`qalam:<id>`, so that importing the file again finds the document), a
 * blank line, then the tokens of `tokens.ts` with one tag column.
 */
export function writeConllDocument(rec: NativeRecord, options: { scheme: TagScheme; granularity: Granularity }, report: ConllReport): string {
  const r = sequenceLabels(rec.text, rec.entities, options);
  report.extended += r.extended;
  report.dropped += r.dropped;
  report.empty += r.empty;
  let out = `-DOCSTART-\t${rec.id ? `qalam:${rec.id}\t` : ''}O\n\n`;
  for (const s of r.sentences) {
    for (const t of s) out += `${t.text}\t${t.tag}\n`;
    out += '\n';
  }
  return out;
}

function tagsFor(n: number, type: string, scheme: ConllLayout['scheme'], afterSameType: boolean): string[] {
  const mid = (i: number): string => (i === 0 ? 'B' : 'I');
  switch (scheme) {
    case 'bioes':
    case 'bilou': {
      const [s, e] = scheme === 'bioes' ? ['S', 'E'] : ['U', 'L'];
      if (n === 1) return [`${s}-${type}`];
      return Array.from({ length: n }, (_, i) => `${i === n - 1 ? e : mid(i)}-${type}`);
    }
    case 'iob1':
      return Array.from({ length: n }, (_, i) => `${i === 0 && afterSameType ? 'B' : 'I'}-${type}`);
    default:
      return Array.from({ length: n }, (_, i) => `${mid(i)}-${type}`);
  }
}

const key = (type: string, start: number, end: number): string => `${type}\u0000${start}\u0000${end}`;

/**
 * A document imported from CoNLL, written back with its layout: the same tokens, sentences, other
 * columns, blank lines and separators; the tag columns from `entities`. Entities read from the
 * file and still there keep their tags and columns as written; others go into the first tag
 * column (outermost first) where their morphemes are free — widened to whole tokens where a
 * boundary falls inside a token that is not proclitic + word (`extended`), left out when every
 * column is taken there (`dropped`) or when they cross a sentence break (`dropped`). Unchanged
 * entities give back the file's bytes.
 */
export function writeConllWithLayout(text: string, layout: ConllLayout, entities: readonly SpanLike[], report: ConllReport): string {
  const { toks, grid: original, sentences } = structure(layout, text);
  const before = decodeGrid(original, toks, sentences);
  const pool = new Map<string, Placed[]>();
  for (const p of before) {
    const k = key(p.type, p.start, p.end);
    const list = pool.get(k);
    if (list === undefined) pool.set(k, [p]);
    else list.push(p);
  }
  const morphs = toks.length === 0 ? 0 : (toks[toks.length - 1] as Tok).m0 + (toks[toks.length - 1] as Tok).m;
  const grid: string[][] = original.map(() => new Array<string>(morphs).fill('O'));
  const want: Placed[] = [];
  const fresh: SpanLike[] = [];
  for (const e of entities) {
    const list = pool.get(key(e.type, e.start, e.end));
    const p = list?.pop();
    if (p === undefined) {
      fresh.push(e);
      continue;
    }
    for (let x = p.ms; x < p.me; x++) (grid[p.col] as string[])[x] = (original[p.col] as string[])[x] as string;
    want.push(p);
  }
  const sentenceOf = (m: number): number => {
    let lo = 0;
    let hi = sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((sentences[mid] as [number, number])[0] <= m) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const variable = 'from' in layout.tags;
  const sorted = [...fresh].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const e of sorted) {
    // Morphemes covered (whole tokens, or a proclitic split inside the first token).
    let i = 0;
    let lo = 0;
    let hi = toks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((toks[mid] as Tok).end <= e.start) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
    let j = i;
    while (j < toks.length && (toks[j] as Tok).start < e.end) j++;
    if (j === i) {
      report.empty++;
      continue;
    }
    const t0 = toks[i] as Tok;
    const t1 = toks[j - 1] as Tok;
    let ms = t0.m0;
    let start = t0.start;
    if (e.start > t0.start) {
      let found = false;
      for (let b = 1; b < t0.m; b++) {
        const off = prefixOffset(t0.text, b);
        if (off !== null && t0.start + off === e.start) {
          ms = t0.m0 + b;
          start = e.start;
          found = true;
          break;
        }
      }
      if (!found) report.extended++;
    }
    const me = t1.m0 + t1.m;
    if (e.end < t1.end && (start === e.start || e.start <= t0.start)) report.extended++;
    if (t0.sentence !== t1.sentence || sentenceOf(ms) !== sentenceOf(me - 1)) {
      report.dropped++;
      continue;
    }
    let col = grid.findIndex((c) => c.slice(ms, me).every((v) => v === 'O'));
    if (col === -1 && (variable || grid.length === 0)) {
      grid.push(new Array<string>(morphs).fill('O'));
      col = grid.length - 1;
    }
    if (col === -1) {
      report.dropped++;
      continue;
    }
    const c = grid[col] as string[];
    const prev = ms > (sentences[sentenceOf(ms)] as [number, number])[0] ? parseTag(c[ms - 1] as string) : null;
    const tags = tagsFor(me - ms, e.type, layout.scheme, prev !== null && prev.type === e.type);
    for (let x = ms; x < me; x++) c[x] = tags[x - ms] as string;
    want.push({ col, type: e.type, ms, me, start, end: t1.end, widened: false, line: 0 });
  }
  // Check that every column reads back as intended; a column that does not (IOB1 neighbours) is
  // rewritten with a B- at each entity's start, which every decoder reads the same way.
  const got = decodeGrid(grid, toks, sentences);
  const sig = (ps: readonly Placed[], col: number): string =>
    ps
      .filter((p) => p.col === col)
      .map((p) => `${p.type}:${p.ms}:${p.me}`)
      .sort()
      .join(',');
  grid.forEach((c, k) => {
    if (sig(got, k) === sig(want, k)) return;
    c.fill('O');
    for (const p of want) {
      if (p.col !== k) continue;
      for (let x = p.ms; x < p.me; x++) c[x] = `${x === p.ms ? 'B' : 'I'}-${p.type}`;
    }
  });
  // The lines.
  let out = '';
  let t = 0;
  const last = layout.lines.length - 1;
  layout.lines.forEach((l, idx) => {
    const eol = idx === last && layout.noFinalEol ? '' : layout.eol;
    if (typeof l === 'string') {
      out += l + eol;
      return;
    }
    const tok = toks[t++] as Tok;
    const cols = l.slice(1) as string[];
    const tagValue = (k: number): string => {
      const c = grid[k] as string[];
      return c.slice(tok.m0, tok.m0 + tok.m).join('^');
    };
    let values: string[];
    if ('from' in layout.tags) {
      const from = layout.tags.from;
      const had = cols.length - from;
      let deepest = -1;
      grid.forEach((c, k) => {
        for (let x = tok.m0; x < tok.m0 + tok.m; x++) if (c[x] !== 'O') deepest = Math.max(deepest, k);
      });
      const count = Math.max(had, deepest + 1, 1);
      values = [...cols.slice(0, from), ...Array.from({ length: count }, (_, k) => (k < grid.length ? tagValue(k) : 'O'))];
    } else {
      values = [...cols];
      layout.tags.at.forEach((c, k) => (values[c] = tagValue(k)));
    }
    const ws = layout.seps?.[String(idx)];
    let line = (ws?.[0] ?? '') + tok.text;
    values.forEach((v, k) => (line += (ws?.[k + 1] ?? layout.sep) + v));
    line += ws !== undefined && ws.length === values.length + 2 ? (ws[ws.length - 1] as string) : '';
    out += line + eol;
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
