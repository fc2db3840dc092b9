/**
 * What the occurrences share (the one engine is projectOccurrences.ts's ProjectOccurrences; the
 * window's preview of one form, formOccurrences.ts's FormFinder, is built on it): the suggestion
 * records, gazetteer files, a form's folded tokens, a form's majority type, and overlap queries.
 *
 * Occurrences are every other place where a form the annotator tagged (or a gazetteer lists)
 * appears, also after Hebrew and Arabic proclitics (`קזחסטן` in `ולקזחסטן`, `الحكومة` in
 * `والحكومة`), ignoring niqqud, harakat, tatweel, alef forms and Latin case. The suggested span
 * follows the annotator's own practice, read from their annotations (`estimatePractice`): an
 * annotator who tags `קזחסטן` inside `בקזחסטן` gets the stem; one who tags whole words (`وفرنسا`)
 * gets whole words; one who includes the article (`الحكومة`) gets it included (`الحكومة` in
 * `والحكومة`, even when the form was tagged once as `حكومة`). Whole words only: a form must end
 * where a token ends and start where a token starts or after proclitics. A suggestion never
 * splits a grapheme and never overlaps an existing mention of the same type.
 */
import { CoreError } from '../errors';
import type { Span } from '../model';
import { tokenize } from '../tokenize';
import { foldString } from './clitics';

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
export { countEvidence, decide, emptyEvidence, practiceEvidence, practiceEvidenceSteps, type Evidence, type Practice, type ScriptPractice } from './practice';

/** The folded tokens of a form. @internal (projectOccurrences.ts) */
export function foldedFormTokens(form: string): string[] {
  return tokenize(form).map((t) => foldString([...form].slice(t.start, t.end).join('')));
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
