/**
 * spaCy JSONL: `{"text", "ents": [[start, end, "TYPE"], …], "spans": {"sc": [[start, end, "TYPE"], …]}, "meta"}`.
 * Offsets are code points, which are Python string indices, so `doc.char_span(start, end, label)`
 * takes them as they are. `ents` holds the outermost non-overlapping entities (spaCy's `doc.ents`
 * cannot overlap); `spans["sc"]` holds all of them, nested ones included.
 *
 * Misalignment: `char_span` returns None when a span does not start and end on spaCy token
 * boundaries. spaCy's default tokenizer is approximated here by the core tokenizer (white space,
 * then punctuation split off); like spaCy it does not split Hebrew/Arabic prefixes, so an entity
 * on `קזחסטן` inside `בקזחסטן` is reported as misaligned (use `alignment_mode="expand"`). The
 * approximation may differ from spaCy for URLs, emoticons, abbreviations and infix hyphens.
 */
import type { NativeRecord } from './jsonl';
import { tokenize } from '../tokenize';
import { outermost } from './tokens';

export interface SpacyReport {
  /** Entities whose start or end is not on an (approximate) spaCy token boundary. */
  misaligned: number;
  /** Up to 20 examples: document name and the entity's text. */
  examples: string[];
  /** Nested/overlapping entities left out of "ents" (they are in "spans"). */
  notInEnts: number;
}

export function writeSpacyLine(rec: NativeRecord, report: SpacyReport): string {
  const all = rec.entities.map((e) => [e.start, e.end, e.type] as [number, number, string]);
  const { kept, dropped } = outermost(rec.entities);
  report.notInEnts += dropped;
  const starts = new Set<number>();
  const ends = new Set<number>();
  for (const t of tokenize(rec.text)) {
    starts.add(t.start);
    ends.add(t.end);
  }
  for (const e of rec.entities) {
    if (!starts.has(e.start) || !ends.has(e.end)) {
      report.misaligned++;
      if (report.examples.length < 20) report.examples.push(`${rec.name}: ${JSON.stringify(e.text)} (${e.type} ${e.start}-${e.end})`);
    }
  }
  return JSON.stringify({
    text: rec.text,
    ents: kept.map((e) => [e.start, e.end, e.type]),
    spans: { sc: all },
    meta: { id: rec.id, name: rec.name, annotator: rec.annotator },
  });
}
