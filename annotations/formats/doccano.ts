/**
 * doccano JSONL, as doccano 1.x exports a sequence-labelling project: `{"id", "text",
 * "label": [[start, end, "TYPE"], …], "Comments": […]}`; with relations:
 * `{"id", "text", "entities": [{"id", "label", "start_offset", "end_offset"}],
 * "relations": [{"id", "from_id", "to_id", "type"}], "Comments": […]}`. The reader takes either
 * variant (and `labels` for `label`, and `entities` given as [start, end, "TYPE"] triples as in
 * doccano's intent-detection export).
 *
 * Offsets: doccano's span editor counts **UTF-16 code units** (JavaScript string indices; doccano
 * issue #2290: `[22, 32]` for a span Python indexes as `[19, 29]` after `👨🏻‍🚒`), and that is what
 * its export holds for spans annotated in doccano. Files made in Python (and doccano's own
 * example files) count code points. The unit is an option (`utf16` by default); the two agree on
 * text without characters outside the BMP. A span that in the chosen unit is out of range, falls
 * inside a surrogate pair or splits a grapheme cluster is refused, naming the line.
 *
 * doccano's "Comments" come back as the document note. Events, attributes, entity and relation
 * notes cannot be written; the export reports them.
 */
import type { NativeRecord } from './jsonl';
import { detectLang } from '../direction';
import { OffsetMap } from '../text';
import { forEachJsonLine } from '../json';
import { graphemeIndex } from '../graphemes';
import { countRecord, readRecord, reportUnreadKeys, type ImportLedger } from './report';
import { otherUnit, spanFromUnit, spanToUnit, UNIT_NAMES, type OffsetUnit } from './units';

/** One doccano line (no LF). `relations`: the relation variant. Offsets in `unit` (default UTF-16, as doccano). */
export function writeDoccanoLine(rec: NativeRecord, n: number, relations: boolean, unit: OffsetUnit = 'utf16', map: OffsetMap = new OffsetMap(rec.text)): string {
  const at = (s: number, e: number): [number, number] => spanToUnit(map, s, e, unit);
  const comments = rec.note ? { Comments: [rec.note] } : {};
  if (!relations) {
    return JSON.stringify({ id: n, text: rec.text, label: rec.entities.map((e) => [...at(e.start, e.end), e.type]), ...comments });
  }
  const ids = new Map(rec.entities.map((e, i) => [e.id, i + 1] as const));
  return JSON.stringify({
    id: n,
    text: rec.text,
    entities: rec.entities.map((e, i) => {
      const [s, en] = at(e.start, e.end);
      return { id: i + 1, label: e.type, start_offset: s, end_offset: en };
    }),
    relations: rec.relations.map((r, i) => ({ id: i + 1, from_id: ids.get(r.arg1), to_id: ids.get(r.arg2), type: r.type })),
    ...comments,
  });
}

/** What a doccano export cannot hold of `rec`, per kind (beyond entities, relations and the document note). */
export function doccanoDrops(rec: NativeRecord, relations: boolean): Partial<Record<'events' | 'relations' | 'attributes' | 'notes', number>> {
  const c = countRecord(rec);
  return { events: c.events, relations: relations ? 0 : c.relations, attributes: c.attributes, notes: c.notes - (rec.note ? 1 : 0) };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const READ_KEYS: ReadonlySet<string> = new Set(['id', 'text', 'label', 'labels', 'entities', 'relations', 'Comments', 'name']);

export interface DoccanoOptions {
  /** The unit of the offsets (default 'utf16', doccano's span editor). */
  offsets?: OffsetUnit;
  ledger?: ImportLedger;
}

/** Parse doccano JSONL (either variant). Throws CoreError('import-failed') with file and line. */
export function parseDoccano(text: string, fileName: string, baseName: string, opts: DoccanoOptions = {}): NativeRecord[] {
  const unit = opts.offsets ?? 'utf16';
  const out: NativeRecord[] = [];
  forEachJsonLine(text, fileName, (v, lineNo, fail) => {
    if (!isObj(v) || typeof v.text !== 'string') return fail('expected an object with "text"');
    const docText = v.text;
    const map = new OffsetMap(docText);
    const g = graphemeIndex(docText);
    const span = (s: unknown, e: unknown, what: string): [number, number] => {
      const r = spanFromUnit(map, g, s, e, unit);
      if (typeof r !== 'string') return [r.start, r.end];
      const alt = spanFromUnit(map, g, s, e, otherUnit(unit));
      const hint =
        typeof alt === 'string'
          ? ''
          : ` (in ${UNIT_NAMES[otherUnit(unit)]} it would be ${JSON.stringify(map.slice(alt.start, alt.end))}: is the file's unit --offsets ${otherUnit(unit)}?)`;
      return fail(`${what}: ${r}${hint}`);
    };
    const rec: NativeRecord = {
      id: '',
      name: `${baseName}-${out.length + 1}`,
      text: docText,
      lang: detectLang(docText),
      annotator: null,
      entities: [],
      events: [],
      relations: [],
      status: 'not-started',
    };
    const labels = v.label ?? v.labels;
    if (Array.isArray(v.entities)) {
      v.entities.forEach((e, k) => {
        if (Array.isArray(e) && e.length === 3 && typeof e[2] === 'string') {
          const [s, en] = span(e[0], e[1], `entity #${k + 1}`);
          rec.entities.push({ id: `T${k + 1}`, type: e[2], start: s, end: en, text: map.slice(s, en) });
          return;
        }
        if (!isObj(e) || typeof e.label !== 'string') return fail(`entity #${k + 1}: expected {"id", "label", "start_offset", "end_offset"}`);
        const [s, en] = span(e.start_offset, e.end_offset, `entity #${k + 1}`);
        rec.entities.push({ id: String(e.id ?? k + 1), type: e.label, start: s, end: en, text: map.slice(s, en) });
      });
      const known = new Set(rec.entities.map((e) => e.id));
      if (v.relations !== undefined && !Array.isArray(v.relations)) fail('"relations" must be a list');
      ((v.relations ?? []) as unknown[]).forEach((r, k) => {
        if (!isObj(r) || typeof r.type !== 'string') return fail(`relation #${k + 1}: expected {"id", "from_id", "to_id", "type"}`);
        const a1 = String(r.from_id);
        const a2 = String(r.to_id);
        if (!known.has(a1) || !known.has(a2)) fail(`relation #${k + 1}: from_id/to_id must be entity ids of the line`);
        rec.relations.push({ id: `R${k + 1}`, type: r.type, arg1: a1, arg2: a2, attributes: {} });
      });
    } else if (labels !== undefined) {
      if (!Array.isArray(labels)) return fail('"label" must be a list of [start, end, type]');
      labels.forEach((l, k) => {
        if (!Array.isArray(l) || l.length !== 3 || typeof l[2] !== 'string') return fail(`label #${k + 1}: expected [start, end, "TYPE"]`);
        const [s, e] = span(l[0], l[1], `label #${k + 1}`);
        rec.entities.push({ id: `T${k + 1}`, type: l[2], start: s, end: e, text: map.slice(s, e) });
      });
    }
    if (v.Comments !== undefined) {
      if (!Array.isArray(v.Comments)) return fail('"Comments" must be a list');
      const notes: string[] = [];
      for (const c of v.Comments) {
        const t = typeof c === 'string' ? c : isObj(c) ? (typeof c.text === 'string' ? c.text : typeof c.comment === 'string' ? c.comment : null) : null;
        if (t === null) return fail('a comment must be a string or {"text": …}');
        if (t !== '') notes.push(t);
      }
      if (notes.length > 0) rec.note = notes.join('\n\n');
    }
    if (typeof v.name === 'string' && v.name !== '') rec.name = v.name;
    if (opts.ledger) {
      const read = new Set(READ_KEYS);
      if (Array.isArray(v.entities)) {
        read.delete('label');
        read.delete('labels');
      } else {
        read.delete('entities');
        read.delete('relations');
        read.delete(v.label !== undefined ? 'labels' : 'label');
      }
      reportUnreadKeys(v, read, 'doccano', fileName, lineNo, opts.ledger);
      readRecord(opts.ledger, rec);
    }
    out.push(rec);
  });
  return out;
}
