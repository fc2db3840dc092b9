/**
 * A document's suggestions as the window is sent them (suggestions.list), put together straight
 * into columns (annotations/suggestionPack.ts): the occurrences as the occurrences' thread packed
 * them (tens of thousands in a 1 MB document: no object is made for any of them), the external
 * recommender's and the tagger's, less the spans tagged or rejected, in text order.
 *
 * What is kept: an occurrence unless it is rejected, a mention has exactly its span, or a mention
 * of its type overlaps it (the occurrences may be older than a mention made since); the
 * endpoint's unless rejected, at a mention's span, or overlapping any mention or a kept
 * occurrence; the tagger's likewise, nor overlapping a kept suggestion of the endpoint. Items are
 * ordered by start, end and type, occurrences before the endpoint's before the tagger's on a tie
 * (as a stable sort of the three lists, one after the other, would order them). Scores are
 * rounded to 4 decimals.
 */
import { SCORE_SCALE, emptyPack, type PackedSuggestions } from '../suggestionPack';
import { TypedSpans, type SpanTyped, type Suggestion } from './occurrences';
import type { PackedOccurrences } from './projectOccurrences';

export interface AssembleInput {
  docId: string;
  /** The annotator's mentions of the document. */
  mentions: readonly SpanTyped[];
  /** `start:end:type` of the suggestions the annotator rejected in it. */
  rejected: ReadonlySet<string>;
  /** The occurrences' thread's answer (ProjectOccurrences.findPacked), in text order. */
  occurrences: PackedOccurrences | null;
  endpoint: readonly Suggestion[];
  /** The tagger's spans, scored `f1` (its held-out F1). */
  predicted: readonly SpanTyped[];
  f1: number;
  /** The text of [start, end) in code points (asked only for the tagger's spans kept). */
  slice: (start: number, end: number) => string;
}

/** Is there a span [start, end) exactly? Over spans sorted by start, then end. */
function exactChecker(mentions: readonly SpanTyped[]): (start: number, end: number) => boolean {
  const n = mentions.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const order = mentions.map((m, k) => k).sort((a, b) => (mentions[a] as SpanTyped).start - (mentions[b] as SpanTyped).start || (mentions[a] as SpanTyped).end - (mentions[b] as SpanTyped).end);
  order.forEach((k, i) => {
    starts[i] = (mentions[k] as SpanTyped).start;
    ends[i] = (mentions[k] as SpanTyped).end;
  });
  return (start, end) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) < start || ((starts[mid] as number) === start && (ends[mid] as number) < end)) lo = mid + 1;
      else hi = mid;
    }
    return lo < n && starts[lo] === start && ends[lo] === end;
  };
}

/** Does [start, end) overlap one of `n` spans sorted by start that do not overlap each other (so their ends rise too)? */
function overlapsSorted(starts: Int32Array | number[], ends: Int32Array | number[], n: number, start: number, end: number): boolean {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) < end) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && (ends[lo - 1] as number) > start;
}

const order = (a: { start: number; end: number; type: string }, b: { start: number; end: number; type: string }): number => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

export function assembleSuggestions(x: AssembleInput): PackedSuggestions {
  const { p, string } = emptyPack(x.docId);
  const exact = exactChecker(x.mentions);
  const rejected = x.rejected;
  const kept = (start: number, end: number, type: string): boolean => !exact(start, end) && (rejected.size === 0 || !rejected.has(`${start}:${end}:${type}`));

  // the occurrences kept: indexes into the packed answer
  const o = x.occurrences;
  const occ: number[] = [];
  if (o !== null && o.starts.length > 0) {
    const typed = new TypedSpans(x.mentions);
    for (let k = 0; k < o.starts.length; k++) {
      const start = o.starts[k] as number;
      const end = o.ends[k] as number;
      const type = o.strings[o.types[k] as number] as string;
      if (kept(start, end, type) && !typed.overlaps(type, start, end)) occ.push(k);
    }
  }
  const occStarts = new Int32Array(occ.length);
  const occEnds = new Int32Array(occ.length);
  if (o !== null) {
    occ.forEach((k, i) => {
      occStarts[i] = o.starts[k] as number;
      occEnds[i] = o.ends[k] as number;
    });
  }
  const byOccurrence = (start: number, end: number): boolean => overlapsSorted(occStarts, occEnds, occ.length, start, end);
  let tagged: TypedSpans | null = null;
  const overlapsMention = (start: number, end: number): boolean => (tagged ??= new TypedSpans(x.mentions, true)).overlapsAny(start, end);
  const fromEndpoint = x.endpoint.filter((s) => kept(s.start, s.end, s.type) && !overlapsMention(s.start, s.end) && !byOccurrence(s.start, s.end)).sort(order);
  const byEndpoint = fromEndpoint.length > 0 ? new TypedSpans(fromEndpoint, true) : null;
  const fromTagger = x.predicted.filter((s) => kept(s.start, s.end, s.type) && !overlapsMention(s.start, s.end) && !byOccurrence(s.start, s.end) && !(byEndpoint?.overlapsAny(s.start, s.end) ?? false)).sort(order);

  // the three lists merged in text order
  const source = { occurrence: string('occurrence'), endpoint: -1, tagger: -1 };
  const typeOf: number[] = [];
  const textOf: number[] = [];
  const formOf: number[] = [];
  const local = (table: number[], k: number): number => {
    let v = table[k];
    if (v === undefined) table[k] = v = string((o as PackedOccurrences).strings[k] as string);
    return v;
  };
  let last = 0;
  const push = (start: number, end: number, type: number, src: number, form: number, text: number, score: number): void => {
    p.starts.push(start - last);
    last = start;
    p.lengths.push(end - start);
    p.types.push(type);
    p.sources.push(src);
    p.forms.push(form);
    p.texts.push(text);
    p.scores.push(Math.round(score * SCORE_SCALE));
  };
  const other = (s: Suggestion | SpanTyped, src: 'endpoint' | 'tagger'): void => {
    const type = string(s.type);
    if (source[src] < 0) source[src] = string(src);
    const form = 'form' in s && s.form !== undefined ? string(s.form) : -1;
    const text = string('text' in s ? s.text : x.slice(s.start, s.end));
    push(s.start, s.end, type, source[src], form, text, 'score' in s ? s.score : x.f1);
  };
  let i = 0;
  let e = 0;
  let t = 0;
  while (i < occ.length || e < fromEndpoint.length || t < fromTagger.length) {
    const oi = occ[i];
    const ex = fromEndpoint[e];
    const tx = fromTagger[t];
    const head = oi === undefined || o === null ? null : { start: o.starts[oi] as number, end: o.ends[oi] as number, type: o.strings[o.types[oi] as number] as string };
    // a tie keeps the lists' order: occurrences, then the endpoint's, then the tagger's
    if (head !== null && (ex === undefined || order(head, ex) <= 0) && (tx === undefined || order(head, tx) <= 0)) {
      const k = oi as number;
      const p0 = o as PackedOccurrences;
      const type = local(typeOf, p0.types[k] as number);
      const form = local(formOf, p0.forms[k] as number);
      const text = local(textOf, p0.texts[k] as number);
      push(head.start, head.end, type, source.occurrence, form, text, p0.scores[k] as number);
      i++;
    } else if (ex !== undefined && (tx === undefined || order(ex, tx) <= 0)) {
      other(ex, 'endpoint');
      e++;
    } else {
      other(tx as SpanTyped, 'tagger');
      t++;
    }
  }
  return p;
}
