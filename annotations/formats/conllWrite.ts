/**
 * CoNLL writers: `writeConllDocument` (a document Qalam tokenised itself: one tag column) and
 * `writeConllWithLayout` (a document imported from CoNLL, written back with its layout: byte for
 * byte when its entities did not change). The layout and its tag grid are in conllLayout.ts.
 */
import type { NativeRecord } from './jsonl';
import { parseTag, sequenceLabels, type Granularity, type SpanLike, type TagScheme } from './tokens';
import { decodeGrid, prefixOffset, structure, type ConllLayout, type ConllReport, type Placed, type Tok } from './conllLayout';

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
