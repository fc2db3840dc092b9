/**
 * The annotator's practice with proclitics, read from their annotations: whether they tag the stem
 * inside `בקזחסטן` or the whole word, and whether Arabic forms include ال (occurrences.ts's `estimatePractice`,
 * and the evidence ProjectOccurrences keeps up to date: `countEvidence`, `decide`). Split from
 * occurrences.ts (session 6): the practice is read from mentions, the occurrences only use it.
 */
import { OffsetMap, cpLength } from '../text';
import { tokenize, type Token } from '../tokenize';
import { cliticSplits, foldWord, type FoldedWord } from './clitics';
import type { SpanTyped } from './occurrences';

/** How one annotator treats the proclitics of one script. */
export interface ScriptPractice {
  /** Whole words are tagged, proclitics included (ANERcorp, NEMO token-single). */
  keepProclitics: boolean;
  /** When a proclitic is stripped, the definite article stays in the span (`الحكومة` in `والحكومة`). */
  includeArticle: boolean;
  /** The counts behind the decision. */
  evidence: { stripped: number; kept: number; articleIncluded: number; articleExcluded: number };
}

export interface Practice {
  he: ScriptPractice;
  ar: ScriptPractice;
}

export interface WordAt {
  token: Token;
  word: FoldedWord;
}

/** Tokens of a text with their folded forms (word and number tokens only are folded as words). */
export function foldedTokens(text: string): WordAt[] {
  const map = new OffsetMap(text);
  return tokenize(text).map((token) => ({ token, word: foldWord(text, token.start, token.end, map.toUtf16(token.start)) }));
}

/** Index of the token containing code point `cp` (-1 if none). */
function tokenAt(tokens: readonly WordAt[], cp: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as WordAt).token.end <= cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < tokens.length && (tokens[lo] as WordAt).token.start <= cp ? lo : -1;
}

/** The first folded unit of `w` that comes from code point `cp` or later. */
function unitAt(w: FoldedWord, cp: number): number {
  let k = 0;
  while (k < w.source.length && (w.source[k] as number) < cp) k++;
  return k;
}

export type Evidence = ScriptPractice['evidence'];

/** @internal (projectOccurrences.ts) */
export function emptyEvidence(): Evidence {
  return { stripped: 0, kept: 0, articleIncluded: 0, articleExcluded: 0 };
}

/** The folded word of the token containing code point `cp` (null if none). */
export function wordIn(tokens: readonly WordAt[]): (cp: number) => FoldedWord | null {
  return (cp) => {
    const ti = tokenAt(tokens, cp);
    return ti < 0 ? null : (tokens[ti] as WordAt).word;
  };
}

/**
 * Count what one document's mentions show of the annotator's practice: a mention that starts
 * after a proclitic inside a word is evidence for stripping; one that starts at a word's start
 * where the word begins with a proclitic and the rest is a known word (`words`) is evidence for
 * keeping. Same for the article. `wordAt`: the folded word of the token containing a code point.
 * @internal (projectOccurrences.ts)
 */
export function countEvidence(wordAt: (cp: number) => FoldedWord | null, mentions: readonly SpanTyped[], words: { has(word: string): boolean }, evidence: Record<'he' | 'ar', Evidence>): void {
  for (const m of mentions) {
    const word = wordAt(m.start);
    if (word === null) continue;
    if (word.script !== 'he' && word.script !== 'ar') continue;
    const e = evidence[word.script];
    const k = unitAt(word, m.start);
    const splits = cliticSplits(word.folded, word.script);
    if (k > 0) {
      const split = splits.find((s) => s.length === k);
      if (split) {
        e.stripped++;
        if (split.articleAt >= 0) e.articleExcluded++;
      } else if (splits.some((s) => s.articleAt === k)) {
        e.stripped++;
        e.articleIncluded++;
      }
      continue;
    }
    // at the word's start: proclitics kept when what follows them is a word of its own
    for (const s of splits) {
      if (s.length === 0) continue;
      if (s.articleAt === 0) {
        if (word.script === 'ar') e.articleIncluded++;
        continue;
      }
      const rest = word.folded.slice(s.length);
      const restWithArticle = s.articleAt >= 0 ? word.folded.slice(s.articleAt) : rest;
      if (words.has(rest) || words.has(restWithArticle)) {
        e.kept++;
        break;
      }
    }
  }
}

/**
 * @internal (projectOccurrences.ts)
 * Without evidence: proclitics stripped; the Arabic article included, the Hebrew one not (the
 * conventions of ACE and NEMO).
 */
export function decide(evidence: Record<'he' | 'ar', Evidence>): Practice {
  const one = (script: 'he' | 'ar'): ScriptPractice => {
    const e = evidence[script];
    return {
      keepProclitics: e.kept > e.stripped,
      includeArticle: script === 'ar' ? e.articleIncluded >= e.articleExcluded : e.articleIncluded > e.articleExcluded,
      evidence: { ...e },
    };
  };
  return { he: one('he'), ar: one('ar') };
}

/**
 * What one document's mentions show of the practice (the counts `estimatePractice` decides on, for
 * that document alone), without indexing their forms or scanning the text for them. With
 * `prefixUnits`, a longer text is read only up to the first line break from that UTF-16 offset on
 * (its words and the mentions ending there): a long document's first few thousand mentions show
 * the practice as well as all of them, in milliseconds rather than seconds.
 */
export function practiceEvidence(doc: { text: string; mentions: Iterable<SpanTyped> }, options: { prefixUnits?: number } = {}): Record<'he' | 'ar', Evidence> {
  const steps = practiceEvidenceSteps(doc, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `practiceEvidence` in steps, for a window that reads it in idle time (a 200,000-unit prefix is
 * 60-250 ms of tokenising and folding, one long task): the text is read a block of whole lines at
 * a time (`blockUnits` UTF-16 units or a little more; all of it at once without), yielding after
 * each block, then its mentions are counted (`blockUnits` / 8 of them a step); the answer is the
 * same as at once (tokens never cross a line break, and each mention counts on its own).
 */
export function* practiceEvidenceSteps(
  doc: { text: string; mentions: Iterable<SpanTyped> },
  options: { prefixUnits?: number; blockUnits?: number } = {},
): Generator<void, Record<'he' | 'ar', Evidence>, void> {
  const { text, mentions } = practicePrefix(doc.text, doc.mentions, options.prefixUnits ?? Infinity);
  const blockUnits = options.blockUnits ?? Infinity;
  // each block's tokens (offsets in the block) and the code point where it starts
  const blocks: { base: number; tokens: WordAt[] }[] = [];
  const words = new Set<string>();
  let at = 0;
  let base = 0;
  while (at < text.length) {
    let end = text.length - at <= blockUnits ? text.length : text.indexOf('\n', at + blockUnits);
    end = end < 0 ? text.length : Math.min(text.length, end + 1);
    const part = text.slice(at, end);
    const tokens = foldedTokens(part);
    for (const t of tokens) if (t.token.kind === 'word') words.add(t.word.folded);
    blocks.push({ base, tokens });
    base += cpLength(part);
    at = end;
    if (at < text.length) yield;
  }
  const wordAt = (cp: number): FoldedWord | null => {
    // the last block starting at or before cp
    let lo = 0;
    let hi = blocks.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if ((blocks[mid] as { base: number }).base <= cp) lo = mid;
      else hi = mid;
    }
    const block = blocks[lo];
    if (block === undefined) return null;
    const word = wordIn(block.tokens)(cp - block.base);
    // its units' offsets in the document, not the block
    return word === null || block.base === 0 ? word : { ...word, source: word.source.map((s) => s + block.base) };
  };
  const evidence = { he: emptyEvidence(), ar: emptyEvidence() };
  // the mentions too, a block of them a step (in blocks, the same counts: each mention counts alone)
  const perStep = Number.isFinite(blockUnits) ? Math.max(1, Math.round(blockUnits / 8)) : mentions.length;
  for (let k = 0; k < mentions.length; k += perStep) {
    if (k > 0) yield;
    countEvidence(wordAt, mentions.slice(k, k + perStep), words, evidence);
  }
  return evidence;
}

/** The text up to the first line break at or after `units` (all of it if shorter), and the mentions inside it. */
function practicePrefix(text: string, mentions: Iterable<SpanTyped>, units: number): { text: string; mentions: SpanTyped[] } {
  if (text.length <= units) return { text, mentions: [...mentions] };
  let cut = text.indexOf('\n', units);
  if (cut < 0) cut = text.length;
  let cps = cut;
  for (let i = 0; i < cut; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < cut) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cps--;
        i++;
      }
    }
  }
  const inside: SpanTyped[] = [];
  for (const m of mentions) if (m.end <= cps) inside.push(m);
  return { text: text.slice(0, cut), mentions: inside };
}
