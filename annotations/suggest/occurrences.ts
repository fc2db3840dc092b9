/**
 * Occurrences: every other place where a form the annotator tagged (or a gazetteer lists)
 * appears, also after Hebrew and Arabic proclitics (`קזחסטן` in `ולקזחסטן`, `الحكومة` in
 * `والحكومة`), ignoring niqqud, harakat, tatweel, alef forms and Latin case.
 *
 * The suggested span follows the annotator's own practice, read from their annotations
 * (`estimatePractice`): an annotator who tags `קזחסטן` inside `בקזחסטן` gets the stem; one who
 * tags whole words (`وفرنسا`) gets whole words; one who includes the article (`الحكومة`) gets it
 * included (`الحكومة` in `والحكومة`, even when the form was tagged once as `حكومة`).
 *
 * Whole words only: a form must end where a token ends and start where a token starts or after
 * proclitics. A suggestion never splits a grapheme and never overlaps an existing mention of the
 * same type.
 */
import { CoreError } from '../errors';
import { graphemeIndex } from '../graphemes';
import type { Span } from '../model';
import { OffsetMap } from '../text';
import { tokenize } from '../tokenize';
import { articleOf, cliticSplits, foldString, foldWord, type CliticSplit, type Script } from './clitics';

/** A mention as the suggestions need it. */
export interface SpanTyped {
  start: number;
  end: number;
  type: string;
}

/** A document with the mentions it already has (of the annotation set being suggested for). */
export interface SuggestDocument {
  id: string;
  text: string;
  mentions: readonly SpanTyped[];
}

export type SuggestionSource = 'occurrence' | 'tagger' | 'endpoint';

export interface Suggestion {
  docId: string;
  start: number;
  end: number;
  type: string;
  /** The text of the span. */
  text: string;
  source: SuggestionSource;
  /** 0..1: for an occurrence, the share of the form's annotations that have this type; for the tagger, its held-out F1; the endpoint's own. */
  score: number;
  /** Occurrences: the form (as annotated) that was found. */
  form?: string;
}

/** One line of a gazetteer file. */
export interface GazetteerEntry {
  form: string;
  type: string;
  /** 1-based line in its file. */
  line: number;
}

const TYPE_NAME = /^[\p{L}\p{N}_:.-]+$/u;

/**
 * A gazetteer: `form<TAB>type` per line (UTF-8, LF or CRLF). Blank lines and lines starting with
 * `#` are skipped. Anything else is refused with the file and line.
 */
export function parseGazetteer(text: string, file: string): GazetteerEntry[] {
  const out: GazetteerEntry[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const fail = (why: string): never => {
      throw new CoreError('invalid-argument', `${file}:${line}: ${why}`, { file, line });
    };
    const tab = raw.indexOf('\t');
    if (tab < 0) fail('expected "form<TAB>type" (no tab on this line)');
    const form = raw.slice(0, tab).trim();
    const type = raw.slice(tab + 1).trim();
    if (form === '') fail('the form is empty');
    if (type === '') fail('the type is empty');
    if (type.includes('\t')) fail('more than one tab: expected "form<TAB>type"');
    if (!TYPE_NAME.test(type)) fail(`invalid type name ${JSON.stringify(type)} (letters, digits, - _ : . only)`);
    if (foldString(form).replace(/\s+/gu, '') === '') fail('the form has no letters once marks are ignored');
    out.push({ form, type, line });
  });
  return out;
}

// The practice (read from the annotations) is in practice.ts; re-exported for the files that import it from here.
export { countEvidence, decide, emptyEvidence, practiceEvidence, type Evidence, type Practice, type ScriptPractice } from './practice';
import { countEvidence, decide, emptyEvidence, foldedTokens, wordIn, type Evidence, type Practice, type WordAt } from './practice';

/** The annotator's practice, read from their mentions (see OccurrenceIndex). */
export function estimatePractice(docs: readonly { text: string; mentions: readonly SpanTyped[] }[]): Practice {
  const index = new OccurrenceIndex();
  for (const d of docs) index.addDocument(d);
  return index.practice;
}


interface FormEntry {
  /** Folded tokens after the first. */
  rest: string[];
  /** How often each type was given to it. */
  counts: Map<string, number>;
  /** The form as first annotated (or listed). */
  form: string;
  /** The first token carries an article (ال…, ה…) of its own. */
  hasArticle: boolean;
  /** Its occurrences in the documents added since it was first tagged, and how many of them were tagged. */
  seen: number;
  tagged: number;
}

/** The folded tokens of a form. @internal (projectOccurrences.ts) */
export function foldedFormTokens(form: string): string[] {
  return tokenize(form).map((t) => foldString([...form].slice(t.start, t.end).join('')));
}

/**
 * The annotated (and listed) forms, ready to be found; documents are added one at a time (an
 * annotator's new mentions, a gazetteer), and the practice follows what they show unless it is
 * given.
 */
export class OccurrenceIndex {
  /** First folded token → forms. */
  private readonly forms = new Map<string, FormEntry[]>();
  /** A stem → forms whose first token is proclitics + that stem (`وفرنسا` under `فرنسا`). */
  private readonly derived = new Map<string, FormEntry[]>();
  /** Folded words of the documents added. */
  private readonly words = new Set<string>();
  private readonly evidence: Record<'he' | 'ar', Evidence> = { he: emptyEvidence(), ar: emptyEvidence() };
  private readonly fixed: Practice | null;
  private cached: Practice | null = null;
  /** Number of distinct forms. */
  size = 0;

  /**
   * Forms tagged at fewer of their occurrences (in the documents added) than this are not
   * suggested (0..1; default 0: every occurrence, as when the annotator asks for them).
   */
  minReliability: number;

  constructor(options: { practice?: Practice; minReliability?: number } = {}) {
    this.fixed = options.practice ?? null;
    this.minReliability = options.minReliability ?? 0;
  }

  /** The practice the suggestions follow. */
  get practice(): Practice {
    if (this.fixed) return this.fixed;
    return (this.cached ??= decide(this.evidence));
  }

  /** A document's mentions become forms (and evidence of the practice). */
  addDocument(doc: { text: string; mentions: readonly SpanTyped[] }): void {
    const tokens = foldedTokens(doc.text);
    for (const t of tokens) if (t.token.kind === 'word') this.words.add(t.word.folded);
    countEvidence(wordIn(tokens), doc.mentions, this.words, this.evidence);
    this.cached = null;
    const map = new OffsetMap(doc.text);
    for (const m of doc.mentions) {
      if (!(m.start < m.end) || m.end > map.length) continue;
      this.addForm(map.slice(m.start, m.end), m.type);
    }
    // how often the annotator tagged the forms where they occur here
    const tagged = new TypedSpans(doc.mentions.map((m) => ({ start: m.start, end: m.end, type: '' })));
    for (const m of scan(this, doc.text, null)) {
      m.entry.seen++;
      if (tagged.overlaps('', m.start, m.end)) m.entry.tagged++;
    }
  }

  addGazetteer(entries: readonly GazetteerEntry[]): void {
    for (const g of entries) this.addForm(g.form, g.type);
  }

  /** One more annotation (or listing) of `form` as `type`. */
  addForm(form: string, type: string): void {
    const toks = foldedFormTokens(form);
    const first = toks[0];
    if (first === undefined || first === '') return;
    const rest = toks.slice(1);
    const key = rest.join('\u0001');
    let list = this.forms.get(first);
    if (list === undefined) {
      list = [];
      this.forms.set(first, list);
    }
    let entry = list.find((e) => e.rest.join('\u0001') === key);
    if (entry === undefined) {
      const script = foldWord(first, 0, [...first].length, 0).script;
      const art = articleOf(script);
      entry = { rest, counts: new Map(), form, hasArticle: art !== '' && first.startsWith(art) && first.length > art.length + 1, seen: 0, tagged: 0 };
      list.push(entry);
      this.size++;
      for (const s of cliticSplits(first, script)) {
        const stem = first.slice(s.length);
        if (s.length === 0 || [...stem].length < 3) continue;
        let d = this.derived.get(stem);
        if (d === undefined) this.derived.set(stem, (d = []));
        d.push(entry);
      }
    }
    entry.counts.set(type, (entry.counts.get(type) ?? 0) + 1);
  }

  /**
   * Forms whose first token is `key`; for a whole-word annotator also forms tagged with a
   * proclitic whose stem is `key`, when `key` is a word of its own (`whole`: it is the whole
   * word being looked up; else it must be a word of the documents added).
   */
  lookup(key: string, keep: boolean, whole: boolean): readonly FormEntry[] {
    const own = this.forms.get(key);
    if (!keep || own !== undefined || !(whole || this.words.has(key))) return own ?? [];
    return this.derived.get(key) ?? [];
  }

  /** Every occurrence of an indexed form in `doc`, in text order, not overlapping each other. */
  find(doc: SuggestDocument): Suggestion[] {
    return findOccurrences(this, doc);
  }
}

/**
 * The index of forms: every mention of `sources` (by its text) and every gazetteer entry.
 * `practice` defaults to the one the sources show.
 */
export function buildOccurrenceIndex(
  sources: readonly { text: string; mentions: readonly SpanTyped[] }[],
  options: { gazetteer?: readonly GazetteerEntry[]; practice?: Practice; minReliability?: number } = {},
): OccurrenceIndex {
  const index = new OccurrenceIndex({ ...(options.practice ? { practice: options.practice } : {}), ...(options.minReliability !== undefined ? { minReliability: options.minReliability } : {}) });
  for (const d of sources) index.addDocument(d);
  index.addGazetteer(options.gazetteer ?? []);
  return index;
}

/** A form's most frequent type and its share. @internal (projectOccurrences.ts) */
export function majority(counts: Map<string, number>): { type: string; score: number } {
  let best = '';
  let n = -1;
  let total = 0;
  for (const [t, c] of counts) {
    total += c;
    if (c > n || (c === n && t < best)) {
      best = t;
      n = c;
    }
  }
  return { type: best, score: total === 0 ? 0 : n / total };
}

/**
 * Per type, mentions sorted by start with the running maximum of their ends: overlap queries in
 * O(log n). `anyType`: every span under one key (ask with overlapsAny).
 */
export class TypedSpans {
  private readonly byType = new Map<string, { starts: number[]; maxEnd: number[] }>();
  constructor(mentions: readonly SpanTyped[], anyType = false) {
    const groups = new Map<string, Span[]>();
    for (const m of mentions) {
      const k = anyType ? '' : m.type;
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = []));
      g.push(m);
    }
    for (const [t, g] of groups) {
      g.sort((a, b) => a.start - b.start);
      const starts = g.map((s) => s.start);
      const maxEnd: number[] = [];
      let mx = -Infinity;
      for (const s of g) maxEnd.push((mx = Math.max(mx, s.end)));
      this.byType.set(t, { starts, maxEnd });
    }
  }
  /** Does [start, end) overlap a mention of `type`? */
  overlaps(type: string, start: number, end: number): boolean {
    const g = this.byType.get(type);
    if (g === undefined) return false;
    let lo = 0;
    let hi = g.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((g.starts[mid] as number) < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && (g.maxEnd[lo - 1] as number) > start;
  }
  /** Does [start, end) overlap any span (built with `anyType`)? */
  overlapsAny(start: number, end: number): boolean {
    return this.overlaps('', start, end);
  }
}

/** Every occurrence of an indexed form in `doc`, in text order, not overlapping each other. */
interface Match {
  entry: FormEntry;
  start: number;
  end: number;
}

const NO_SPLIT: readonly CliticSplit[] = [{ length: 0, clitics: [], articleAt: -1 }];
/** cliticSplits by script and word, remembered (a corpus has far fewer distinct words than tokens); forgotten all at once when full. */
const SPLITS = new Map<string, readonly CliticSplit[]>();

function splitsOf(folded: string, script: Script): readonly CliticSplit[] {
  const key = `${script}\u0001${folded}`;
  let out = SPLITS.get(key);
  if (out === undefined) {
    if (SPLITS.size >= 100_000) SPLITS.clear();
    SPLITS.set(key, (out = cliticSplits(folded, script)));
  }
  return out;
}

/**
 * Occurrences of indexed forms in a text, in text order, not overlapping each other. With
 * `accept`, a candidate it refuses gives way to the next reading of the same word.
 */
function scan(index: OccurrenceIndex, text: string, accept: ((entry: FormEntry, start: number, end: number) => boolean) | null): Match[] {
  const out: Match[] = [];
  const tokens = foldedTokens(text);
  const g = graphemeIndex(text);
  const practices = index.practice;
  for (let i = 0; i < tokens.length; i++) {
    const { token, word } = tokens[i] as WordAt;
    const splits = token.kind === 'word' ? splitsOf(word.folded, word.script) : NO_SPLIT;
    const practice = word.script === 'he' || word.script === 'ar' ? practices[word.script] : null;
    // candidates in order of preference: the shortest proclitic (the most specific reading),
    // then the longest form; the first that is grapheme-safe (and accepted) wins
    const candidates: { entry: FormEntry; startUnit: number; last: number }[] = [];
    for (const split of splits) {
      const stem = word.folded.slice(split.length);
      const lookups: { key: string; merged: boolean }[] = [{ key: stem, merged: false }];
      // ل + ال written لل: `للحكومة` holds the form `الحكومة`
      if (split.articleAt >= 0 && split.articleAt + 1 === split.length && word.script === 'ar') lookups.push({ key: articleOf('ar') + stem, merged: true });
      const here: { entry: FormEntry; startUnit: number; last: number }[] = [];
      for (const { key, merged } of lookups) {
        for (const entry of index.lookup(key, practice?.keepProclitics === true, split.length === 0)) {
          const last = i + entry.rest.length;
          if (last >= tokens.length) continue;
          let ok = true;
          for (let k = 0; k < entry.rest.length && ok; k++) ok = (tokens[i + 1 + k] as WordAt).word.folded === entry.rest[k];
          if (!ok) continue;
          let startUnit = split.length;
          if (practice?.keepProclitics) startUnit = 0;
          else if (merged) startUnit = split.articleAt;
          else if (split.articleAt >= 0 && practice?.includeArticle && !entry.hasArticle) startUnit = split.articleAt;
          here.push({ entry, startUnit, last });
        }
      }
      here.sort((a, b) => b.last - a.last);
      candidates.push(...here);
    }
    for (const c of candidates) {
      const start = c.startUnit < word.source.length ? (word.source[c.startUnit] as number) : token.start;
      const end = (tokens[c.last] as WordAt).token.end;
      if (!(start < end) || !g.isBoundary(start) || !g.isBoundary(end)) continue;
      if (accept !== null && !accept(c.entry, start, end)) continue;
      out.push({ entry: c.entry, start, end });
      i = c.last;
      break;
    }
  }
  return out;
}

/** How often a form's occurrences in the annotated documents were tagged (1 before any is seen). */
function reliability(e: FormEntry): number {
  return e.seen === 0 ? 1 : e.tagged / e.seen;
}

/**
 * Every occurrence of an indexed form in `doc`, in text order, not overlapping each other, nor
 * a mention of its type. A form is suggested with its most frequent type; its score is the
 * share of that type times the share of its occurrences (in the documents added) that the
 * annotator tagged; a form tagged at under `index.minReliability` of its occurrences is not
 * suggested (a common word tagged once as a name).
 */
export function findOccurrences(index: OccurrenceIndex, doc: SuggestDocument): Suggestion[] {
  if (index.size === 0) return [];
  const existing = new TypedSpans(doc.mentions);
  const map = new OffsetMap(doc.text);
  return scan(index, doc.text, (entry, start, end) => reliability(entry) >= index.minReliability && !existing.overlaps(majority(entry.counts).type, start, end)).map((m) => {
    const { type, score } = majority(m.entry.counts);
    return { docId: doc.id, start: m.start, end: m.end, type, text: map.slice(m.start, m.end), source: 'occurrence', score: score * reliability(m.entry), form: m.entry.form };
  });
}

/** Occurrences in every document of a corpus (each with its own existing mentions). */
export function findOccurrencesInCorpus(index: OccurrenceIndex, docs: Iterable<SuggestDocument>): Suggestion[] {
  const out: Suggestion[] = [];
  for (const d of docs) for (const s of findOccurrences(index, d)) out.push(s);
  return out;
}
