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
 * The layout and its tag grid are in conllLayout.ts, the writers in conllWrite.ts.
 */
import type { NativeEntity, NativeRecord } from './jsonl';
import { CoreError } from '../errors';
import { detectLang } from '../direction';
import { parseTag } from './tokens';
import { OffsetMap, cpLength } from '../text';
import type { ImportLedger } from './report';
import { decodeGrid, structure, tagColumnsOf, tagPieces, type ConllLayout, type TagSpec } from './conllLayout';

export interface ConllDocument {
  record: NativeRecord;
  layout: ConllLayout;
  /** The document id Qalam wrote in the -DOCSTART- line of its own export (`qalam:<id>`), if any. */
  claimedId: string | null;
  /** The 1-based line of each token in the file (for messages). */
  firstLine: number;
}

const CHUNK_TYPES = new Set(['NP', 'VP', 'PP', 'ADJP', 'ADVP', 'SBAR', 'PRT', 'INTJ', 'CONJP', 'LST', 'UCP']);

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
