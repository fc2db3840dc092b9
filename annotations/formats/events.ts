/**
 * Event-extraction training data in the TextEE / OneIE style, one JSON object per document:
 *   {"doc_id", "wnd_id", "text", "lang", "tokens": [...], "token_offsets": [[start, end], …],
 *    "entity_mentions": [{"id", "entity_type", "start", "end", "text"}],
 *    "relation_mentions": [{"id", "relation_type", "arguments": [{"entity_id", "role", "text"}]}],
 *    "event_mentions": [{"id", "event_type", "trigger": {"start", "end", "text"},
 *                        "arguments": [{"entity_id", "role", "text"}]}]}
 * `start`/`end` are token indices (end exclusive). Tokens are the core tokens split at every
 * entity and trigger boundary, so every mention is a whole token span (a prefix becomes its own
 * token); `token_offsets` gives each token's code point span in `text`. Attributes, notes and
 * normalisations are lost; a discontinuous entity or trigger is written as its covering span; an
 * argument that is an event and a relation with an event end have no place in this format and are
 * left out, counted in `report`.
 */
import type { NativeRecord } from './jsonl';
import { OffsetMap } from '../text';
import { splitTokens } from './tokens';

export interface EventsReport {
  /** Arguments that are events, and relations with an event end, left out. */
  eventLinksLeftOut: number;
  /** Discontinuous entities and triggers written as their covering span. */
  covered: number;
}

export function writeEventsLine(rec: NativeRecord, map: OffsetMap = new OffsetMap(rec.text), report?: EventsReport): string {
  if (report) {
    report.covered += rec.entities.filter((e) => e.fragments !== undefined).length + rec.events.filter((e) => e.trigger.fragments !== undefined).length;
    report.eventLinksLeftOut +=
      rec.relations.filter((r) => r.arg1_kind === 'event' || r.arg2_kind === 'event').length +
      rec.events.reduce((n, e) => n + e.arguments.filter((a) => a.event_id !== undefined).length, 0);
  }
  const cuts: number[] = [];
  for (const e of rec.entities) cuts.push(e.start, e.end);
  for (const e of rec.events) cuts.push(e.trigger.start, e.trigger.end);
  cuts.sort((a, b) => a - b);
  const toks = splitTokens(rec.text, cuts);
  const startIdx = new Map<number, number>();
  const endIdx = new Map<number, number>();
  toks.forEach((t, i) => {
    startIdx.set(t.start, i);
    endIdx.set(t.end, i + 1);
  });
  // A span starting or ending in white space: the nearest token inside it.
  const tokStart = (s: number): number => startIdx.get(s) ?? toks.findIndex((t) => t.start >= s);
  const tokEnd = (e: number): number => {
    const x = endIdx.get(e);
    if (x !== undefined) return x;
    let k = toks.length;
    while (k > 0 && (toks[k - 1] as { end: number }).end > e) k--;
    return k;
  };
  const text = new Map(rec.entities.map((e) => [e.id, e.text] as const));
  return JSON.stringify({
    doc_id: rec.id,
    wnd_id: rec.id,
    text: rec.text,
    lang: rec.lang,
    tokens: toks.map((t) => map.slice(t.start, t.end)),
    token_offsets: toks.map((t) => [t.start, t.end]),
    entity_mentions: rec.entities.map((e) => ({ id: e.id, entity_type: e.type, start: tokStart(e.start), end: tokEnd(e.end), text: e.text })),
    relation_mentions: rec.relations.filter((r) => r.arg1_kind !== 'event' && r.arg2_kind !== 'event').map((r) => ({
      id: r.id,
      relation_type: r.type,
      arguments: [
        { entity_id: r.arg1, role: 'Arg-1', text: text.get(r.arg1) ?? '' },
        { entity_id: r.arg2, role: 'Arg-2', text: text.get(r.arg2) ?? '' },
      ],
    })),
    event_mentions: rec.events.map((e) => ({
      id: e.id,
      event_type: e.type,
      trigger: { start: tokStart(e.trigger.start), end: tokEnd(e.trigger.end), text: e.trigger.text },
      arguments: e.arguments.flatMap((a) => (a.entity_id === undefined ? [] : [{ entity_id: a.entity_id, role: a.role, text: text.get(a.entity_id) ?? '' }])),
    })),
  });
}
