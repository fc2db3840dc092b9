/**
 * The occurrences of a project's annotated forms, kept up to date as mentions change: the one
 * occurrences engine (the suggestions' occurrences thread, electron/service/suggestWorker.ts; the
 * CLI's `suggest` and `simulate`; formOccurrences.ts's FormFinder for one form). Prefix- and
 * diacritic-aware, the annotator's practice, whole words, never splitting a grapheme (occurrences.ts
 * says how), without re-reading the project after every change:
 *
 * - each document text is folded once (`FoldedText`: its tokens as typed arrays, each distinct
 *   folded word with its proclitic readings, and every stem it can be looked up by), and kept in a
 *   cache keyed by document id and text hash, bounded by the text it holds (`FoldedTexts`);
 * - a change of one document's mentions updates the forms (their types, their first annotation)
 *   and the practice's evidence by the mentions added and removed; only the documents holding a
 *   stem whose forms changed are scanned again (with the folded words' readings worked out once per
 *   distinct word, not per token); the others keep their matches.
 *
 * What it finds depends on the annotated documents as a set, never on the order they came in:
 * the practice is read from every annotated document against the words of all of them, and a
 * form's reliability counts its occurrences in all of them (the old OccurrenceIndex, fed documents
 * one at a time, counted only those fed since the form was first tagged: deleted in session 8, its
 * tests moved here and to occurrences.test.ts). Where two forms tie, the one annotated first (by
 * document id, then offset) wins: simulate.ts gives each finished document its place in the replay
 * as its id. The tests check that an index updated through any sequence of edits, the documents
 * given in any order, finds what one built afresh does.
 *
 * Folding the texts is in foldedText.ts, packing the answer for another thread in
 * packedOccurrences.ts. What is left here (about 700 lines) is one class and the records only it
 * uses: the forms, each annotated document's state and matches, and the practice's evidence are
 * updated together by setDocument/removeDocument and read by the scans; splitting its methods
 * across files would only expose that shared state.
 */
import { articleOf, cliticSplits, scriptOf } from './clitics';
import type { FoldedText} from './foldedText';
import { FoldedTexts, textHash, type Word } from './foldedText';
import { countEvidence, decide, emptyEvidence, foldedFormTokens, majority, TypedSpans, type Evidence, type Practice, type SpanTyped, type Suggestion, type SuggestDocument } from './occurrences';
import { interner, type PackedOccurrences } from './packedOccurrences';

/**
 * The annotator's practice, read from their mentions in these documents (as a ProjectOccurrences
 * holding them reads it: every document's evidence against the words of all of them).
 */
export function estimatePractice(docs: readonly { text: string; mentions: readonly SpanTyped[] }[]): Practice {
  const index = new ProjectOccurrences();
  docs.forEach((d, i) => index.setDocument(String(i), d.text, d.mentions));
  return index.practice;
}

// Moved to their own files (session 6); re-exported for the files that import them from here.
export { FoldedText, FoldedTexts, textHash } from './foldedText';
export { packOccurrences, unpackOccurrences, type PackedOccurrences } from './packedOccurrences';

type EvidenceBoth = Record<'he' | 'ar', Evidence>;

/** A form: its first token's folded text, the folded tokens after it, and what its annotations say. */
interface Entry {
  id: string;
  first: string;
  rest: string[];
  hasArticle: boolean;
  /** The stems it can be found under when proclitics are written with it (`فرنسا` for `وفرنسا`). */
  stems: string[];
  counts: Map<string, number>;
  /** majority(counts), worked out when first asked after they changed. */
  major: { type: string; score: number } | null;
  /** Per document: its mentions of this form by type, and the first of them (offsets, text). */
  sources: Map<string, { counts: Map<string, number>; n: number; start: number; end: number; form: string }>;
  /** The first annotation of it (smallest document id, then offsets): its text, and its rank for ties. */
  form: string;
  rankDoc: string;
  rankStart: number;
  rankEnd: number;
  /** Its occurrences in the annotated documents, and how many of them are tagged. */
  seen: number;
  tagged: number;
  /** Times it was listed (addForm: a gazetteer's line, the form a preview asks for), its text as first listed and the order it was first listed in. */
  listed: number;
  listedForm: string;
  listedRank: number;
}

/** The rank of a form only listed (after every annotated document's). */
const LISTED = '\uffff';

/** An occurrence of a form as FormFinder gives it. */
export interface FormMatch {
  start: number;
  end: number;
  type: string;
  score: number;
  form: string;
}

const NONE = new Int32Array(0);
const NONE_U8 = new Uint8Array(0);

/** Matches in text order, as parallel columns (a document may hold hundreds of thousands), appended to. */
class Matches {
  n = 0;
  entries: Entry[] = [];
  // empty until the first match (most texts scanned for one form have none or few)
  starts: Int32Array = NONE;
  ends: Int32Array = NONE;
  /** The token each starts at, and its last token. */
  first: Int32Array = NONE;
  last: Int32Array = NONE;
  /** 1 where a mention of the document overlaps it (annotated documents' matches), else 0. */
  tagged: Uint8Array = NONE_U8;

  private room(more: number): void {
    const need = this.n + more;
    if (need <= this.starts.length) return;
    let size = Math.max(16, this.starts.length * 2);
    while (size < need) size *= 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a.subarray(0, this.n));
      return b;
    };
    const i32 = (k: number): Int32Array => new Int32Array(k);
    this.starts = grow(this.starts, i32);
    this.ends = grow(this.ends, i32);
    this.first = grow(this.first, i32);
    this.last = grow(this.last, i32);
    this.tagged = grow(this.tagged, (k) => new Uint8Array(k));
  }

  push(entry: Entry, start: number, end: number, first: number, last: number): void {
    this.room(1);
    const k = this.n++;
    this.entries.push(entry);
    this.starts[k] = start;
    this.ends[k] = end;
    this.first[k] = first;
    this.last[k] = last;
    this.tagged[k] = 0;
  }

  /** Appends the matches [from, to) of `old`, with their `tagged`. */
  append(old: Matches, from: number, to: number): void {
    if (to <= from) return;
    this.room(to - from);
    const k = this.n;
    for (let j = from; j < to; j++) this.entries.push(old.entries[j] as Entry);
    this.starts.set(old.starts.subarray(from, to), k);
    this.ends.set(old.ends.subarray(from, to), k);
    this.first.set(old.first.subarray(from, to), k);
    this.last.set(old.last.subarray(from, to), k);
    this.tagged.set(old.tagged.subarray(from, to), k);
    this.n += to - from;
  }
}

const noMatches = (): Matches => new Matches();

type Accept = ((entry: Entry, start: number, end: number) => boolean) | null;

interface Candidate {
  entry: Entry;
  startUnit: number;
}

/** One proclitic reading's candidates: those of several tokens by their second token, then those of one. */
interface Reading {
  byNext: Map<string, Candidate[]>;
  single: Candidate[];
}

/** An annotated document: its text, mentions (by span and type), their forms, evidence and matches. */
interface DocState {
  id: string;
  text: string;
  hash: string;
  /** Its folded text's lookup keys (kept here: the folded text itself may leave the cache). */
  keys: ReadonlySet<string>;
  mentions: Map<string, SpanTyped>;
  /** Entry id of each mention (by mention key). */
  entryOf: Map<string, string>;
  evidence: EvidenceBoth;
  /** The forms' occurrences here (without regard to mentions), each with whether a mention overlaps it. */
  matches: Matches;
}

const mentionKey = (m: SpanTyped): string => `${m.start}:${m.end}:${m.type}`;

function addEvidence(to: EvidenceBoth, from: EvidenceBoth, sign: 1 | -1): void {
  for (const s of ['he', 'ar'] as const) {
    to[s].stripped += sign * from[s].stripped;
    to[s].kept += sign * from[s].kept;
    to[s].articleIncluded += sign * from[s].articleIncluded;
    to[s].articleExcluded += sign * from[s].articleExcluded;
  }
}

function samePractice(a: Practice, b: Practice): boolean {
  return a.he.keepProclitics === b.he.keepProclitics && a.he.includeArticle === b.he.includeArticle && a.ar.keepProclitics === b.ar.keepProclitics && a.ar.includeArticle === b.ar.includeArticle;
}

function majorityOf(e: Entry): { type: string; score: number } {
  return (e.major ??= majority(e.counts));
}

function reliability(e: Entry): number {
  return e.seen === 0 ? 1 : e.tagged / e.seen;
}

function earlier(a: Entry, b: Entry): number {
  return a.rankDoc < b.rankDoc ? -1 : a.rankDoc > b.rankDoc ? 1 : a.rankStart - b.rankStart || a.rankEnd - b.rankEnd;
}

/**
 * The annotated documents of one annotator and the occurrences of their forms, updated document
 * by document (`setDocument`, `removeDocument`); `find` gives a document's suggestions.
 */
export class ProjectOccurrences {
  private readonly docs = new Map<string, DocState>();
  /** First folded token → its forms (by the rest's key). */
  private readonly forms = new Map<string, Map<string, Entry>>();
  private readonly entries = new Map<string, Entry>();
  /** A stem → the forms written with proclitics before it. */
  private readonly derived = new Map<string, Set<Entry>>();
  /** The annotated documents' words, with how many documents have each. */
  private readonly words = new Map<string, number>();
  private readonly evidence: EvidenceBoth = { he: emptyEvidence(), ar: emptyEvidence() };
  private current: Practice;
  /** What changed since the matches were last brought up to date. */
  private readonly changedKeys = new Set<string>();
  private readonly changedTagged = new Set<string>();
  /** Words that came into or left the annotated documents (they decide whether a stem finds the forms written with proclitics). */
  private readonly changedWords = new Set<string>();
  private wordsChanged = false;
  private readonly unscanned = new Set<string>();
  /** The folded tokens of the forms met (a form is tokenized once). */
  private readonly formTokens = new Map<string, string[]>();
  /** Documents scanned again by the last update (for the benchmark and tests). */
  rescanned = 0;
  private listedSeq = 0;

  constructor(
    readonly texts: FoldedTexts = new FoldedTexts(),
    /** Forms tagged at fewer of their occurrences (in the annotated documents) than this are not suggested (0..1). */
    public minReliability = 0,
    /** The practice the suggestions follow, when given (else the one the annotated documents show). */
    private readonly fixedPractice: Practice | null = null,
  ) {
    this.current = fixedPractice ?? decide({ he: emptyEvidence(), ar: emptyEvidence() });
  }

  /**
   * One more listing of `form` as `type` (a gazetteer's line, or the one form a preview asks
   * for): found like an annotated form, with no document of its own. A form only listed ranks
   * after the annotated ones, in the order first listed.
   */
  addForm(form: string, type: string): void {
    const e = this.entryFor(form);
    if (e === null) return;
    if (e.listed === 0) {
      e.listedForm = form;
      e.listedRank = this.listedSeq++;
      if (e.sources.size === 0) {
        e.form = form;
        e.rankDoc = LISTED;
        e.rankStart = e.listedRank;
        e.rankEnd = 0;
      }
    }
    e.listed++;
    e.counts.set(type, (e.counts.get(type) ?? 0) + 1);
    e.major = null;
  }

  /** Number of distinct forms. */
  get size(): number {
    return this.entries.size;
  }

  get practice(): Practice {
    this.update();
    return this.current;
  }

  /** The annotated document `id` has these mentions now (it becomes annotated if it was not). */
  setDocument(id: string, text: string, mentions: readonly SpanTyped[]): void {
    let d = this.docs.get(id);
    if (d !== undefined && d.text !== text && textHash(text) !== d.hash) {
      this.removeDocument(id);
      d = undefined;
    }
    const folds = this.texts.get(id, text, d?.hash);
    if (d === undefined) {
      d = { id, text, hash: folds.hash, keys: folds.keys, mentions: new Map(), entryOf: new Map(), evidence: { he: emptyEvidence(), ar: emptyEvidence() }, matches: noMatches() };
      this.docs.set(id, d);
      for (const w of folds.vocabulary) {
        const n = this.words.get(w) ?? 0;
        this.words.set(w, n + 1);
        if (n === 0) this.changedWords.add(w);
      }
      this.wordsChanged = true;
      this.unscanned.add(id);
    }
    const now = new Map<string, SpanTyped>();
    for (const m of mentions) if (m.start < m.end && m.end <= folds.map.length) now.set(mentionKey(m), m);
    const removed: SpanTyped[] = [];
    const added: SpanTyped[] = [];
    for (const [k, m] of d.mentions) if (!now.has(k)) removed.push(m);
    for (const [k, m] of now) if (!d.mentions.has(k)) added.push(m);
    if (removed.length === 0 && added.length === 0) return;
    const touched = new Set<Entry>();
    /** Entries whose first mention here was removed. */
    const rebest = new Set<string>();
    for (const m of removed) {
      const k = mentionKey(m);
      const e = this.entries.get(d.entryOf.get(k) ?? '');
      d.mentions.delete(k);
      d.entryOf.delete(k);
      if (e !== undefined) {
        const src = e.sources.get(id);
        if (src !== undefined) {
          if (src.start === m.start && src.end === m.end) rebest.add(e.id);
          src.n--;
          src.counts.set(m.type, (src.counts.get(m.type) ?? 0) - 1);
          if ((src.counts.get(m.type) ?? 0) <= 0) src.counts.delete(m.type);
        }
        e.counts.set(m.type, (e.counts.get(m.type) ?? 0) - 1);
        e.major = null;
        if ((e.counts.get(m.type) ?? 0) <= 0) e.counts.delete(m.type);
        touched.add(e);
      }
    }
    for (const m of added) {
      const k = mentionKey(m);
      d.mentions.set(k, m);
      const form = folds.map.slice(m.start, m.end);
      const e = this.entryFor(form);
      if (e === null) continue;
      d.entryOf.set(k, e.id);
      let src = e.sources.get(id);
      if (src === undefined) e.sources.set(id, (src = { counts: new Map(), n: 0, start: m.start, end: m.end, form }));
      else if ((m.start - src.start || m.end - src.end) < 0) {
        src.start = m.start;
        src.end = m.end;
        src.form = form;
      }
      src.n++;
      src.counts.set(m.type, (src.counts.get(m.type) ?? 0) + 1);
      e.counts.set(m.type, (e.counts.get(m.type) ?? 0) + 1);
      e.major = null;
      touched.add(e);
    }
    if (rebest.size > 0) {
      const best = new Map<string, SpanTyped>();
      for (const [k, m] of d.mentions) {
        const eid = d.entryOf.get(k);
        if (eid === undefined || !rebest.has(eid)) continue;
        const b = best.get(eid);
        if (b === undefined || (m.start - b.start || m.end - b.end) < 0) best.set(eid, m);
      }
      for (const [eid, m] of best) {
        const src = this.entries.get(eid)?.sources.get(id);
        if (src === undefined) continue;
        src.start = m.start;
        src.end = m.end;
        src.form = folds.map.slice(m.start, m.end);
      }
    }
    for (const e of touched) this.settle(e, d.id);
    // the evidence of the practice: by the mentions added and removed (against the same words);
    // all of it again once the words changed (update)
    if (!this.wordsChanged) {
      const delta: EvidenceBoth = { he: emptyEvidence(), ar: emptyEvidence() };
      countEvidence(folds.wordAt, added, this.words, delta);
      const gone: EvidenceBoth = { he: emptyEvidence(), ar: emptyEvidence() };
      countEvidence(folds.wordAt, removed, this.words, gone);
      addEvidence(delta, gone, -1);
      addEvidence(d.evidence, delta, 1);
      addEvidence(this.evidence, delta, 1);
    }
    this.changedTagged.add(id);
  }

  /** Document `id` is no longer annotated. */
  removeDocument(id: string): void {
    const d = this.docs.get(id);
    if (d === undefined) return;
    this.setDocument(id, d.text, []);
    const folds = this.texts.get(id, d.text, d.hash);
    for (const w of folds.vocabulary) {
      const n = (this.words.get(w) ?? 0) - 1;
      if (n <= 0) {
        this.words.delete(w);
        this.changedWords.add(w);
      } else this.words.set(w, n);
    }
    this.wordsChanged = true;
    this.forget(d);
    addEvidence(this.evidence, d.evidence, -1);
    this.docs.delete(id);
    this.unscanned.delete(id);
    this.changedTagged.delete(id);
  }

  /** The entry of a form (made if new), or null for a form with no token. */
  private entryFor(form: string): Entry | null {
    let toks = this.formTokens.get(form);
    if (toks === undefined) {
      if (this.formTokens.size >= 100_000) this.formTokens.clear();
      this.formTokens.set(form, (toks = foldedFormTokens(form)));
    }
    const first = toks[0];
    if (first === undefined || first === '') return null;
    const rest = toks.slice(1);
    const restKey = rest.join('\u0001');
    const id = `${first}\u0002${restKey}`;
    const had = this.entries.get(id);
    if (had !== undefined) return had;
    const script = scriptOf(first);
    const art = articleOf(script);
    const stems: string[] = [];
    for (const s of cliticSplits(first, script)) {
      const stem = first.slice(s.length);
      if (s.length === 0 || [...stem].length < 3) continue;
      stems.push(stem);
    }
    const e: Entry = {
      id,
      first,
      rest,
      hasArticle: art !== '' && first.startsWith(art) && first.length > art.length + 1,
      stems,
      counts: new Map(),
      major: null,
      sources: new Map(),
      form,
      rankDoc: '',
      rankStart: 0,
      rankEnd: 0,
      seen: 0,
      tagged: 0,
      listed: 0,
      listedForm: form,
      listedRank: 0,
    };
    this.entries.set(id, e);
    let byRest = this.forms.get(first);
    if (byRest === undefined) this.forms.set(first, (byRest = new Map()));
    byRest.set(restKey, e);
    for (const stem of stems) {
      let set = this.derived.get(stem);
      if (set === undefined) this.derived.set(stem, (set = new Set()));
      set.add(e);
    }
    this.changedKeys.add(first);
    for (const stem of stems) this.changedKeys.add(stem);
    return e;
  }

  /** After a document's mentions of `e` changed: its first annotation, its rank, or its removal. */
  private settle(e: Entry, docId: string): void {
    const src = e.sources.get(docId);
    if (src !== undefined && src.n <= 0) e.sources.delete(docId);
    if (e.sources.size === 0 && e.listed > 0) {
      if (e.rankDoc !== LISTED) for (const stem of e.stems) this.changedKeys.add(stem);
      e.rankDoc = LISTED;
      e.rankStart = e.listedRank;
      e.rankEnd = 0;
      e.form = e.listedForm;
      return;
    }
    if (e.sources.size === 0) {
      this.entries.delete(e.id);
      const byRest = this.forms.get(e.first);
      byRest?.delete(e.rest.join('\u0001'));
      if (byRest?.size === 0) this.forms.delete(e.first);
      for (const stem of e.stems) {
        const set = this.derived.get(stem);
        set?.delete(e);
        if (set?.size === 0) this.derived.delete(stem);
      }
      this.changedKeys.add(e.first);
      for (const stem of e.stems) this.changedKeys.add(stem);
      return;
    }
    let rankDoc: string | null = null;
    for (const id of e.sources.keys()) if (rankDoc === null || id < rankDoc) rankDoc = id;
    const first = e.sources.get(rankDoc as string);
    if (first === undefined) return;
    if (e.rankDoc !== rankDoc || e.rankStart !== first.start || e.rankEnd !== first.end) {
      // a tie between forms found under the same stem goes to the first annotated
      for (const stem of e.stems) this.changedKeys.add(stem);
    }
    e.rankDoc = rankDoc as string;
    e.rankStart = first.start;
    e.rankEnd = first.end;
    e.form = first.form;
  }

  /** Takes a document's matches out of its forms' counts. */
  private forget(d: DocState): void {
    const { entries, tagged } = d.matches;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k] as Entry;
      e.seen--;
      if (tagged[k] === 1) e.tagged--;
    }
    d.matches = noMatches();
  }

  /** Brings the practice and the annotated documents' matches up to date with what changed. */
  private update(): void {
    if (this.wordsChanged) {
      // every document's evidence again, against the words of all of them
      const total: EvidenceBoth = { he: emptyEvidence(), ar: emptyEvidence() };
      for (const d of this.docs.values()) {
        const folds = this.texts.get(d.id, d.text, d.hash);
        d.evidence = { he: emptyEvidence(), ar: emptyEvidence() };
        countEvidence(folds.wordAt, [...d.mentions.values()], this.words, d.evidence);
        addEvidence(total, d.evidence, 1);
      }
      for (const s of ['he', 'ar'] as const) Object.assign(this.evidence[s], total[s]);
      this.wordsChanged = false;
    }
    for (const w of this.changedWords) if (this.derived.has(w)) this.changedKeys.add(w);
    this.changedWords.clear();
    const practice = this.fixedPractice ?? decide(this.evidence);
    const all = !samePractice(practice, this.current);
    this.current = practice;
    if (!all && this.changedKeys.size === 0 && this.changedTagged.size === 0 && this.unscanned.size === 0) return;
    this.rescanned = 0;
    for (const d of this.docs.values()) {
      const full = all || this.unscanned.has(d.id);
      const retag = full || this.changedTagged.has(d.id);
      let affected: Int32Array | null = null;
      if (!full && this.changedKeys.size > 0) {
        for (const k of this.changedKeys) {
          if (d.keys.has(k)) {
            affected = this.texts.get(d.id, d.text, d.hash).positionsOf(this.changedKeys);
            break;
          }
        }
      }
      if (!full && !retag && affected === null) continue;
      let spans: TypedSpans | null = null;
      const overlapped = (m: Matches, k: number): boolean => (spans ??= new TypedSpans([...d.mentions.values()], true)).overlapsAny(m.starts[k] as number, m.ends[k] as number);
      if (full) {
        this.forget(d);
        d.matches = this.scan(this.texts.get(d.id, d.text, d.hash), null);
        for (let k = 0; k < d.matches.n; k++) (d.matches.entries[k] as Entry).seen++;
        this.rescanned++;
      } else if (retag) {
        // the mentions changed: which matches they overlap is worked out again below
        const { entries, tagged, n } = d.matches;
        for (let k = 0; k < n; k++) {
          if (tagged[k] === 1) (entries[k] as Entry).tagged--;
          tagged[k] = 0;
        }
      }
      if (affected !== null) {
        // only where a changed form can start: scanned again from there until the scan meets the old one
        const old = d.matches;
        const { matches, fresh } = this.repair(this.texts.get(d.id, d.text, d.hash), old, affected, null, (k) => {
          const e = old.entries[k] as Entry;
          e.seen--;
          if (old.tagged[k] === 1) e.tagged--;
        });
        d.matches = matches;
        for (const k of fresh) {
          const e = matches.entries[k] as Entry;
          e.seen++;
          if (!retag && overlapped(matches, k)) {
            matches.tagged[k] = 1;
            e.tagged++;
          }
        }
        this.rescanned++;
      }
      if (retag) {
        const m = d.matches;
        const { entries, tagged } = m;
        for (let k = 0; k < m.n; k++) {
          if (overlapped(m, k)) {
            tagged[k] = 1;
            (entries[k] as Entry).tagged++;
          }
        }
      }
    }
    this.changedKeys.clear();
    this.changedTagged.clear();
    this.unscanned.clear();
  }

  /** The forms looked up by `key` (for a whole-word annotator, also those written with proclitics before it, when `key` is a word of its own), first annotated first among those found by their stem. */
  private lookup(key: string, keep: boolean, whole: boolean): Entry[] {
    const own = this.forms.get(key);
    if (!keep || own !== undefined || !(whole || this.words.has(key))) return own === undefined ? [] : [...own.values()];
    const d = this.derived.get(key);
    return d === undefined ? [] : [...d].sort(earlier);
  }

  /**
   * A word's candidate forms, in order of preference (the shortest proclitic, then the longest
   * form), per proclitic reading: those of more than one token by their second token (only those
   * whose second token follows can match), then those of one token.
   */
  private candidates(w: Word): Reading[] {
    const practice = w.script === 'he' || w.script === 'ar' ? this.current[w.script] : null;
    const keep = practice?.keepProclitics === true;
    const out: Reading[] = [];
    for (const reading of w.readings) {
      const here: Candidate[] = [];
      for (const l of reading) {
        for (const entry of this.lookup(l.key, keep, l.length === 0)) {
          let startUnit = l.length;
          if (keep) startUnit = 0;
          else if (l.merged) startUnit = l.articleAt;
          else if (l.articleAt >= 0 && practice?.includeArticle && !entry.hasArticle) startUnit = l.articleAt;
          here.push({ entry, startUnit });
        }
      }
      if (here.length === 0) continue;
      here.sort((a, b) => b.entry.rest.length - a.entry.rest.length);
      const byNext = new Map<string, Candidate[]>();
      const single: Candidate[] = [];
      for (const c of here) {
        const next = c.entry.rest[0];
        if (next === undefined) single.push(c);
        else {
          let list = byNext.get(next);
          if (list === undefined) byNext.set(next, (list = []));
          list.push(c);
        }
      }
      out.push({ byNext, single });
    }
    return out;
  }

  /**
   * The matcher of a folded text (occurrences.ts's scan, one token at a time; each distinct word's
   * candidates worked out once): the match starting at token `i`, appended to `out`, and its last
   * token (-1: none starts there).
   */
  private matcher(folds: FoldedText, accept: Accept, out: Matches, memo: (Reading[] | undefined)[] = new Array<Reading[] | undefined>(folds.words.length)): (i: number) => number {
    const { ids, words, ends, count } = folds;
    const g = folds.grapheme;
    const tryOne = (i: number, c: Candidate): number => {
      const rest = c.entry.rest;
      const last = i + rest.length;
      if (last >= count) return -1;
      for (let k = 1; k < rest.length; k++) if ((words[ids[i + 1 + k] as number] as Word).folded !== rest[k]) return -1;
      const start = folds.sourceAt(i, c.startUnit);
      const end = ends[last] as number;
      if (!(start < end) || !g.isBoundary(start) || !g.isBoundary(end)) return -1;
      if (accept !== null && !accept(c.entry, start, end)) return -1;
      out.push(c.entry, start, end, i, last);
      return last;
    };
    return (i: number): number => {
      const wid = ids[i] as number;
      let readings = memo[wid];
      if (readings === undefined) memo[wid] = readings = this.candidates(words[wid] as Word);
      if (readings.length === 0) return -1;
      const next = i + 1 < count ? (words[ids[i + 1] as number] as Word).folded : null;
      for (const r of readings) {
        const long = next === null || r.byNext.size === 0 ? undefined : r.byNext.get(next);
        if (long !== undefined) {
          for (const c of long) {
            const last = tryOne(i, c);
            if (last >= 0) return last;
          }
        }
        for (const c of r.single) {
          const last = tryOne(i, c);
          if (last >= 0) return last;
        }
      }
      return -1;
    };
  }

  /** The matches of a whole folded text, left to right (a match's tokens start no other). */
  private scan(folds: FoldedText, accept: Accept, memo?: (Reading[] | undefined)[]): Matches {
    const out = noMatches();
    if (this.entries.size === 0) return out;
    const at = this.matcher(folds, accept, out, memo);
    for (let i = 0; i < folds.count; i++) {
      const last = at(i);
      if (last >= 0) i = last;
    }
    return out;
  }

  /**
   * The scan of a text whose matches were `old`, where only a match starting at one of the tokens
   * `affected` (ascending) can differ: from each of them the text is scanned again until the new
   * scan comes to a token the old one also started at (none of its matches covers it), and from
   * there on the old matches are kept (the scan goes on from the same token with the same
   * candidates, so it finds them again), up to the next affected token. `gone` is told of each old
   * match left out; `fresh` lists the new ones (their `tagged` is 0; the kept ones keep theirs).
   * The result is the whole scan's, in a time that grows with the affected tokens, not the text.
   */
  private repair(folds: FoldedText, old: Matches, affected: Int32Array, accept: Accept, gone: (k: number) => void): { matches: Matches; fresh: number[] } {
    const out = noMatches();
    const fresh: number[] = [];
    const n = old.n;
    if (this.entries.size === 0) {
      for (let k = 0; k < n; k++) gone(k);
      return { matches: out, fresh };
    }
    const at = this.matcher(folds, accept, out);
    let k = 0;
    /** Tokens before `pos` are decided. */
    let pos = 0;
    /** The last token of the last old match left out. */
    let oldLast = -1;
    for (let x = 0; x < affected.length; x++) {
      const a = affected[x] as number;
      if (a < pos) continue;
      const from = k;
      while (k < n && (old.last[k] as number) < a) k++;
      out.append(old, from, k);
      // an old match over `a` that starts before it starts where nothing changed: it stays, and no match starts at `a`
      if (k < n && (old.first[k] as number) < a) continue;
      let i = a;
      for (;;) {
        const before = out.n;
        const last = i < folds.count ? at(i) : -1;
        if (last >= 0) fresh.push(before);
        i = last >= 0 ? last + 1 : i + 1;
        // the old matches starting before `i` are replaced by the new scan's; one of them over `i` means the old scan did not start at `i`
        while (k < n && (old.first[k] as number) < i) {
          oldLast = old.last[k] as number;
          gone(k++);
        }
        if (oldLast < i || i >= folds.count) break;
      }
      pos = i;
    }
    out.append(old, k, n);
    return { matches: out, fresh };
  }

  /**
   * find for texts folded apart (FoldedText, often with a shared Vocabulary: a corpus's), each
   * distinct word's candidates worked out once per vocabulary for all of them. Valid while the
   * forms, their counts and the practice stay as they are (FormFinder's: one form, listed).
   */
  finder(): (folds: FoldedText, mentions: readonly SpanTyped[]) => FormMatch[] {
    this.update();
    const memos = new WeakMap<readonly Word[], (Reading[] | undefined)[]>();
    const min = this.minReliability;
    return (folds, mentions) => {
      if (this.entries.size === 0) return [];
      let memo = memos.get(folds.words);
      if (memo === undefined) memos.set(folds.words, (memo = []));
      const existing = new TypedSpans(mentions);
      const m = this.scan(folds, (entry, start, end) => reliability(entry) >= min && !existing.overlaps(majorityOf(entry).type, start, end), memo);
      const out: FormMatch[] = new Array<FormMatch>(m.n);
      for (let k = 0; k < m.n; k++) {
        const e = m.entries[k] as Entry;
        const { type, score } = majorityOf(e);
        out[k] = { start: m.starts[k] as number, end: m.ends[k] as number, type, score: score * reliability(e), form: e.form };
      }
      return out;
    };
  }

  /**
   * Every occurrence of an annotated form in `doc` (annotated or not), in text order, not
   * overlapping each other nor a mention of its type: as occurrences.ts's findOccurrences.
   */
  find(doc: SuggestDocument): Suggestion[] {
    const found = this.findMatches(doc);
    if (found === null) return [];
    const { folds, matches } = found;
    const out: Suggestion[] = new Array<Suggestion>(matches.n);
    for (let k = 0; k < out.length; k++) {
      const e = matches.entries[k] as Entry;
      const start = matches.starts[k] as number;
      const end = matches.ends[k] as number;
      const { type, score } = majorityOf(e);
      out[k] = { docId: doc.id, start, end, type, text: folds.map.slice(start, end), source: 'occurrence', score: score * reliability(e), form: e.form };
    }
    return out;
  }

  /** find's answer packed for another thread (packOccurrences(doc.id, find(doc)), without an object per occurrence). */
  findPacked(doc: SuggestDocument): PackedOccurrences {
    const found = this.findMatches(doc);
    const n = found?.matches.n ?? 0;
    const p: PackedOccurrences = { docId: doc.id, starts: new Int32Array(n), ends: new Int32Array(n), scores: new Float64Array(n), types: new Uint32Array(n), texts: new Uint32Array(n), forms: new Uint32Array(n), strings: [] };
    if (found === null) return p;
    const { folds, matches } = found;
    const intern = interner(p.strings);
    for (let k = 0; k < n; k++) {
      const e = matches.entries[k] as Entry;
      const start = matches.starts[k] as number;
      const end = matches.ends[k] as number;
      const { type, score } = majorityOf(e);
      p.starts[k] = start;
      p.ends[k] = end;
      p.scores[k] = score * reliability(e);
      p.types[k] = intern(type);
      p.texts[k] = intern(folds.map.slice(start, end));
      p.forms[k] = intern(e.form);
    }
    return p;
  }

  /**
   * The matches find gives: those of an annotated document are its matches kept up to date, with
   * the scan done again only from the ones now refused (a mention of the form's type over it, or a
   * form under the reliability asked), where another candidate may take their place; any other
   * document is scanned whole.
   */
  private findMatches(doc: SuggestDocument): { folds: FoldedText; matches: Matches } | null {
    this.update();
    if (this.entries.size === 0) return null;
    const d = this.docs.get(doc.id);
    const folds = this.texts.get(doc.id, doc.text, d?.hash);
    const existing = new TypedSpans(doc.mentions);
    const min = this.minReliability;
    const accept = (entry: Entry, start: number, end: number): boolean => reliability(entry) >= min && !existing.overlaps(majorityOf(entry).type, start, end);
    if (d === undefined || folds.hash !== d.hash) return { folds, matches: this.scan(folds, accept) };
    const old = d.matches;
    const refused: number[] = [];
    for (let k = 0; k < old.n; k++) if (!accept(old.entries[k] as Entry, old.starts[k] as number, old.ends[k] as number)) refused.push(old.first[k] as number);
    if (refused.length === 0) return { folds, matches: old };
    return { folds, matches: this.repair(folds, old, Int32Array.from(refused), accept, () => {}).matches };
  }
}
