/**
 * The real corpora in ../shared/fixtures (or $QALAM_FIXTURES) as Qalam documents: NEMO (Hebrew)
 * as whole tokens (token-single) and as morphemes (token-multi + morph: prefix-free stems inside
 * the tokens), and ANERcorp (Arabic, whole tokens). Shared by the suggestions bench and its tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tokenize } from '../../annotations/tokenize';
import type { SpanTyped } from '../../annotations/suggest/occurrences';
import type { TaggerDocument } from '../../annotations/suggest/tagger';

export const FIXTURES = process.env['QALAM_FIXTURES'] ?? findSharedFixtures(join(import.meta.dirname, '../..'));

/**
 * `shared/fixtures` beside the checkout (`<repo>/../shared/fixtures`), else beside one of its
 * parents (a worktree one level deeper): the first that exists, or the first candidate, so that
 * the error names where it was looked for.
 */
function findSharedFixtures(repo: string): string {
  const first = join(repo, '..', 'shared', 'fixtures');
  for (let dir = dirname(repo); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'fixtures');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return first;
  }
}
export const SENTENCES_PER_DOC = 20;

/** One sentence: tokens and token-level entity spans (offsets inside the token given in code points). */
export interface Sentence {
  tokens: string[];
  /** [first token, char offset in it, last token, end char offset in it (exclusive), type] */
  entities: { t0: number; c0: number; t1: number; c1: number; type: string }[];
}

function readLines(file: string): string[] {
  return readFileSync(join(FIXTURES, file), 'utf8').split(/\r?\n/);
}

/** Blocks of non-blank lines. */
function blocks(lines: string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === '' || l.startsWith('-DOCSTART-')) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Entities from per-unit tags (BIOES/BMES/IOB2), as [first unit, last unit, type]. */
function decode(tags: string[]): [number, number, string][] {
  const out: [number, number, string][] = [];
  let open: { start: number; type: string } | null = null;
  const close = (end: number): void => {
    if (open) out.push([open.start, end, open.type]);
    open = null;
  };
  tags.forEach((tag, i) => {
    const m = /^([BIEMS])-(.+)$/.exec(tag);
    if (!m) {
      close(i - 1);
      return;
    }
    const [, p, type] = m as unknown as [string, string, string];
    if (p === 'S') {
      close(i - 1);
      out.push([i, i, type]);
    } else if (p === 'B' || open === null || open.type !== type) {
      close(i - 1);
      open = { start: i, type };
      if (p === 'E') close(i);
    } else if (p === 'E') close(i);
  });
  close(tags.length - 1);
  return out;
}

export const cpLen = (s: string): number => [...s].length;

/** token TAG per line (token-single, ANERcorp): entities over whole tokens. */
export function loadTokens(file: string): Sentence[] {
  return blocks(readLines(file)).map((b) => {
    const tokens = b.map((l) => l.slice(0, l.lastIndexOf(' ')));
    const tags = b.map((l) => l.slice(l.lastIndexOf(' ') + 1));
    const entities = decode(tags).map(([a, z, type]) => ({ t0: a, c0: 0, t1: z, c1: cpLen(tokens[z] as string), type }));
    return { tokens, entities };
  });
}

/**
 * NEMO's morpheme entities inside the tokens: token-multi gives each token's morpheme tags
 * (`O^S-GPE`), the morph file the morphemes (`ב`, `קזחסטן`); a morpheme's place in its token is
 * found from the start, then from the end (a morpheme the surface does not show, as the ה of
 * `בבית` = ב+ה+בית, gets an empty place).
 */
export function loadMorph(): Sentence[] {
  const multi = blocks(readLines('nemo-train/token-multi_gold_train.bmes'));
  const morph = blocks(readLines('nemo-train/morph_gold_train.bmes'));
  if (multi.length !== morph.length) throw new Error(`NEMO: ${multi.length} token sentences but ${morph.length} morpheme sentences`);
  return multi.map((b, si) => {
    const ms = (morph[si] as string[]).map((l) => l.slice(0, l.lastIndexOf(' ')));
    const tokens: string[] = [];
    const units: { t: number; c0: number; c1: number }[] = [];
    const tags: string[] = [];
    let k = 0;
    for (const l of b) {
      const token = l.slice(0, l.lastIndexOf(' '));
      const ttags = l.slice(l.lastIndexOf(' ') + 1).split('^');
      const t = tokens.length;
      tokens.push(token);
      const parts = ms.slice(k, k + ttags.length);
      k += ttags.length;
      const chars = [...token];
      const place: { c0: number; c1: number }[] = parts.map(() => ({ c0: -1, c1: -1 }));
      let pos = 0;
      let j = 0;
      for (; j < parts.length; j++) {
        const p = [...(parts[j] as string)];
        if (chars.slice(pos, pos + p.length).join('') !== p.join('')) break;
        place[j] = { c0: pos, c1: pos + p.length };
        pos += p.length;
      }
      let end = chars.length;
      for (let x = parts.length - 1; x >= j; x--) {
        const p = [...(parts[x] as string)];
        if (end - p.length >= pos && chars.slice(end - p.length, end).join('') === p.join('')) {
          place[x] = { c0: end - p.length, c1: end };
          end -= p.length;
        } else place[x] = { c0: end, c1: end };
      }
      place.forEach((pl, x) => {
        units.push({ t, c0: pl.c0, c1: pl.c1 });
        tags.push(ttags[x] as string);
      });
    }
    const entities = decode(tags)
      .map(([a, z, type]) => {
        const ua = units[a] as (typeof units)[number];
        const uz = units[z] as (typeof units)[number];
        return { t0: ua.t, c0: ua.c0, t1: uz.t, c1: uz.c1, type };
      })
      .filter((e) => e.t0 < e.t1 || e.c0 < e.c1);
    return { tokens, entities };
  });
}

/** Documents of consecutive sentences: tokens joined by spaces, sentences by line breaks. */
export function toDocs(sentences: Sentence[]): TaggerDocument[] {
  const docs: TaggerDocument[] = [];
  for (let i = 0; i < sentences.length; i += SENTENCES_PER_DOC) {
    let text = '';
    let cp = 0;
    const mentions: SpanTyped[] = [];
    for (const s of sentences.slice(i, i + SENTENCES_PER_DOC)) {
      const starts: number[] = [];
      s.tokens.forEach((t, k) => {
        if (k > 0) {
          text += ' ';
          cp++;
        }
        starts.push(cp);
        text += t;
        cp += cpLen(t);
      });
      for (const e of s.entities) {
        let start = (starts[e.t0] as number) + e.c0;
        let end = (starts[e.t1] as number) + e.c1;
        // ANERcorp has U+200F inside some tokens: a span does not start or end on one (as Qalam trims a selection)
        const chars = [...text];
        while (start < end && chars[start] === '\u200f') start++;
        while (end > start && chars[end - 1] === '\u200f') end--;
        if (start < end) mentions.push({ start, end, type: e.type });
      }
      text += '\n';
      cp++;
    }
    docs.push({ text, mentions });
  }
  return docs;
}

export function sentencesOf(docs: TaggerDocument[], n: number): TaggerDocument[] {
  // documents hold SENTENCES_PER_DOC sentences; the first n sentences: whole documents, then a part of the next
  const out: TaggerDocument[] = [];
  let left = n;
  for (const d of docs) {
    if (left <= 0) break;
    if (left >= SENTENCES_PER_DOC) {
      out.push(d);
      left -= SENTENCES_PER_DOC;
      continue;
    }
    const lines = d.text.split('\n');
    const keep = lines.slice(0, left).join('\n') + '\n';
    const len = cpLen(keep);
    out.push({ text: keep, mentions: d.mentions.filter((m) => m.end <= len) });
    left = 0;
  }
  return out;
}

/** Token-level micro F1: each word or number token labelled with the type of the mention covering its start, or O. */
export function tokenF1(gold: TaggerDocument[], predicted: SpanTyped[][]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((d, i) => {
    const label = (ms: readonly SpanTyped[], s: number, e: number): string => ms.find((m) => m.start < e && s < m.end)?.type ?? 'O';
    for (const t of tokenize(d.text)) {
      if (t.kind === 'punct') continue;
      const g = label(d.mentions, t.start, t.end);
      const p = label(predicted[i] as SpanTyped[], t.start, t.end);
      if (p !== 'O' && p === g) tp++;
      else {
        if (p !== 'O') fp++;
        if (g !== 'O') fn++;
      }
    }
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

export function exact(gold: TaggerDocument[], predicted: SpanTyped[][]): { p: number; r: number; f1: number } {
  let m = 0;
  let np = 0;
  let ng = 0;
  gold.forEach((d, i) => {
    const want = new Set(d.mentions.map((x) => `${x.start}:${x.end}:${x.type}`));
    ng += want.size;
    const got = new Set((predicted[i] as SpanTyped[]).map((x) => `${x.start}:${x.end}:${x.type}`));
    np += got.size;
    for (const k of got) if (want.has(k)) m++;
  });
  const p = np === 0 ? 0 : m / np;
  const r = ng === 0 ? 0 : m / ng;
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

