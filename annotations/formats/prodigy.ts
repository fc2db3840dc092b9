/**
 * Prodigy and spaCy JSONL, one record per line; offsets are code points (Python string indices).
 *
 * Prodigy (`ner_manual`, `spans_manual`, `rel_manual` output, `prodigy db-out`):
 *   {"text", "tokens": [{"text", "start", "end", "id", "ws"}],
 *    "spans": [{"start", "end", "label", "token_start", "token_end"}],
 *    "relations": [{"head", "child", "head_span": {…}, "child_span": {…}, "label"}],
 *    "answer": "accept" | "reject" | "ignore", "_input_hash", "_task_hash", "_annotator_id",
 *    "_session_id", "_view_id", "_timestamp", "meta": {…}}
 * `token_end` is inclusive. The answer becomes the annotation set's document status: accept →
 * done; reject and ignore → in progress with the flag `prodigy:reject` / `prodigy:ignore` (their
 * spans are kept, so nothing is lost; export `--documents done` to leave them out).
 * `_annotator_id` (Prodigy's `dataset-session`) names the annotation set unless --annotator
 * does. Tokens are checked against the spans but not kept; `meta` is not kept.
 *
 * spaCy (what Qalam's spaCy export writes, and displaCy's manual format):
 *   {"text", "ents": [[start, end, "TYPE"]] or [{"start", "end", "label"}],
 *    "spans": {"sc": [[start, end, "TYPE"], …], …}, "meta": {"id", "name", "annotator"}}
 * The entities are the union of `ents` and every span group (the same span and label once).
 */
import type { DocumentStatus } from '../model';
import type { NativeEntity, NativeRecord } from './jsonl';
import { detectLang } from '../direction';
import { OffsetMap } from '../text';
import { forEachJsonLine } from '../json';
import { graphemeIndex } from '../graphemes';
import { dropped, readRecord, reportUnreadKeys, type ImportLedger } from './report';
import { spanFromUnit } from './units';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const READ_KEYS: ReadonlySet<string> = new Set([
  'text',
  'tokens',
  'spans',
  'ents',
  'relations',
  'answer',
  'meta',
  '_input_hash',
  '_task_hash',
  '_annotator_id',
  '_session_id',
  '_view_id',
  '_timestamp',
  '_is_binary',
]);

export interface SpanJsonlOptions {
  ledger?: ImportLedger;
  /** Notes on the import (what was checked and approximated). */
  warnings?: string[];
}

/** Prodigy or spaCy JSONL (either shape, see above). Throws CoreError('import-failed') with file and line. */
export function parseSpanJsonl(text: string, fileName: string, baseName: string, format: 'prodigy' | 'spacy', opts: SpanJsonlOptions = {}): NativeRecord[] {
  const out: NativeRecord[] = [];
  const ledger = opts.ledger;
  let tokenMismatches = 0;
  forEachJsonLine(text, fileName, (v, lineNo, fail) => {
    if (!isObj(v) || typeof v.text !== 'string') return fail('expected an object with "text"');
    const docText = v.text;
    const map = new OffsetMap(docText);
    const g = graphemeIndex(docText);
    const meta = isObj(v.meta) ? v.meta : {};
    const rec: NativeRecord = {
      id: '',
      name: typeof meta.name === 'string' && meta.name !== '' ? meta.name : `${baseName}-${out.length + 1}`,
      text: docText,
      lang: detectLang(docText),
      annotator: typeof v._annotator_id === 'string' && v._annotator_id !== '' ? v._annotator_id : typeof meta.annotator === 'string' && meta.annotator !== '' ? meta.annotator : null,
      entities: [],
      events: [],
      relations: [],
      status: 'not-started',
    };
    const tokens = Array.isArray(v.tokens) ? v.tokens : null;
    const byKey = new Map<string, NativeEntity>();
    const add = (s: unknown, e: unknown, label: unknown, what: string, spanText?: unknown): NativeEntity => {
      if (typeof label !== 'string' || label === '') return fail(`${what}: "label" must be a non-empty string`);
      const r = spanFromUnit(map, g, s, e, 'codepoints');
      if (typeof r === 'string') return fail(`${what}: ${r}`);
      const t = map.slice(r.start, r.end);
      if (typeof spanText === 'string' && spanText !== t) fail(`${what}: "text" is ${JSON.stringify(spanText)} but the document text at [${r.start}, ${r.end}) is ${JSON.stringify(t)}`);
      const key = `${r.start}:${r.end}:${label}`;
      const had = byKey.get(key);
      if (had) return had;
      const ent: NativeEntity = { id: `T${rec.entities.length + 1}`, type: label, start: r.start, end: r.end, text: t };
      byKey.set(key, ent);
      rec.entities.push(ent);
      return ent;
    };
    const triple = (x: unknown, what: string): NativeEntity => {
      if (Array.isArray(x) && x.length === 3) return add(x[0], x[1], x[2], what);
      if (isObj(x)) return add(x.start, x.end, x.label, what, x.text);
      return fail(`${what}: expected [start, end, "LABEL"] or {"start", "end", "label"}`);
    };
    if (v.ents !== undefined) {
      if (!Array.isArray(v.ents)) return fail('"ents" must be a list');
      v.ents.forEach((x, k) => triple(x, `ents #${k + 1}`));
    }
    if (Array.isArray(v.spans)) {
      v.spans.forEach((x, k) => {
        const what = `span #${k + 1}`;
        if (!isObj(x)) return fail(`${what}: expected {"start", "end", "label"}`);
        const ent = triple(x, what);
        if (tokens !== null && x.token_start !== undefined && x.token_end !== undefined) {
          const ts = tokens[x.token_start as number];
          const te = tokens[x.token_end as number];
          if (!isObj(ts) || !isObj(te)) return fail(`${what}: token_start/token_end ${String(x.token_start)}, ${String(x.token_end)} are not tokens of the line (${tokens.length})`);
          if (ts.start !== x.start || te.end !== x.end) tokenMismatches++;
        }
        return ent;
      });
    } else if (isObj(v.spans)) {
      for (const [group, list] of Object.entries(v.spans)) {
        if (!Array.isArray(list)) return fail(`"spans"."${group}" must be a list`);
        list.forEach((x, k) => triple(x, `spans.${group} #${k + 1}`));
      }
    } else if (v.spans !== undefined && v.spans !== null) return fail('"spans" must be a list (Prodigy) or an object of span groups (spaCy)');
    if (v.relations !== undefined) {
      if (!Array.isArray(v.relations)) return fail('"relations" must be a list');
      v.relations.forEach((x, k) => {
        const what = `relation #${k + 1}`;
        if (!isObj(x) || typeof x.label !== 'string' || x.label === '' || !isObj(x.head_span) || !isObj(x.child_span)) {
          return fail(`${what}: expected {"head_span", "child_span", "label"}`);
        }
        const end = (sp: Record<string, unknown>, which: string): NativeEntity | null => {
          const r = spanFromUnit(map, g, sp.start, sp.end, 'codepoints');
          if (typeof r === 'string') return fail(`${what}: ${which}: ${r}`);
          const found = rec.entities.find((e) => e.start === r.start && e.end === r.end && (typeof sp.label !== 'string' || e.type === sp.label));
          if (found) return found;
          if (typeof sp.label === 'string' && sp.label !== '') return add(sp.start, sp.end, sp.label, `${what}: ${which}`);
          return null;
        };
        const a = end(x.head_span, 'head_span');
        const b = end(x.child_span, 'child_span');
        if (a === null || b === null) {
          if (ledger) dropped(ledger, { file: fileName, line: lineNo, kind: 'relations', what: `not kept: a relation links a token that is not a labelled span (${what}, ${x.label})` });
          return;
        }
        rec.relations.push({ id: `R${rec.relations.length + 1}`, type: x.label, arg1: a.id, arg2: b.id, attributes: {} });
      });
    }
    if (v.answer !== undefined) {
      const answers: Record<string, [DocumentStatus, string[]]> = { accept: ['done', []], reject: ['in-progress', ['prodigy:reject']], ignore: ['in-progress', ['prodigy:ignore']] };
      const a = typeof v.answer === 'string' ? answers[v.answer] : undefined;
      if (a === undefined) return fail(`"answer" must be "accept", "reject" or "ignore", not ${JSON.stringify(v.answer)}`);
      rec.status = a[0];
      if (a[1].length > 0) rec.flags = a[1];
    }
    if (ledger) {
      reportUnreadKeys(v, READ_KEYS, format === 'prodigy' ? 'Prodigy' : 'spaCy', fileName, lineNo, ledger);
      readRecord(ledger, rec);
    }
    out.push(rec);
  });
  if (tokenMismatches > 0) opts.warnings?.push(`${fileName}: ${tokenMismatches} spans do not start and end where their token_start/token_end tokens do (the character offsets were used)`);
  return out;
}
