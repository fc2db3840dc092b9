/**
 * doccano JSONL. Sequence labelling: `{"id", "text", "label": [[start, end, "TYPE"], …]}`; the
 * relation variant: `{"id", "text", "entities": [{"id", "label", "start_offset", "end_offset"}],
 * "relations": [{"id", "from_id", "to_id", "type"}]}`. Offsets are code points (doccano's
 * backend is Python, whose string indices are code points). Events, attributes and notes are lost.
 * The reader takes either variant (and `labels` for `label`).
 */
import type { NativeRecord } from './jsonl';
import { CoreError } from '../errors';
import { detectLang } from '../direction';
import { OffsetMap } from '../text';
import { parseJsonLocated } from '../json';
import { graphemeIndex } from '../graphemes';

/** One doccano line (no LF). `relations`: the relation variant. */
export function writeDoccanoLine(rec: NativeRecord, n: number, relations: boolean): string {
  if (!relations) {
    return JSON.stringify({ id: n, text: rec.text, label: rec.entities.map((e) => [e.start, e.end, e.type]) });
  }
  const ids = new Map(rec.entities.map((e, i) => [e.id, i + 1] as const));
  return JSON.stringify({
    id: n,
    text: rec.text,
    entities: rec.entities.map((e, i) => ({ id: i + 1, label: e.type, start_offset: e.start, end_offset: e.end })),
    relations: rec.relations.map((r, i) => ({ id: i + 1, from_id: ids.get(r.arg1), to_id: ids.get(r.arg2), type: r.type })),
  });
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse doccano JSONL (either variant). Throws CoreError('import-failed') with file and line. */
export function parseDoccano(text: string, fileName: string, baseName: string): NativeRecord[] {
  const out: NativeRecord[] = [];
  text.split('\n').forEach((raw, idx) => {
    const lineNo = idx + 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (idx === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    const fail = (m: string): never => {
      throw new CoreError('import-failed', `${fileName}:${lineNo}: ${m}`, { file: fileName, line: lineNo });
    };
    const p = parseJsonLocated(line);
    if (!p.ok) return fail(`invalid JSON: ${p.error.message} (column ${p.error.column})`);
    const v = p.value;
    if (!isObj(v) || typeof v.text !== 'string') return fail('expected an object with "text"');
    const docText = v.text;
    const map = new OffsetMap(docText);
    const g = graphemeIndex(docText);
    const check = (s: unknown, e: unknown, what: string): [number, number] => {
      if (!Number.isInteger(s) || !Number.isInteger(e) || (s as number) < 0 || (s as number) >= (e as number) || (e as number) > map.length) {
        return fail(`${what}: offsets ${String(s)}, ${String(e)} are not a span of the text (${map.length} characters)`);
      }
      return [g.floor(s as number), g.ceil(e as number)];
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
        if (!isObj(e) || typeof e.label !== 'string') return fail(`entity #${k + 1}: expected {"id", "label", "start_offset", "end_offset"}`);
        const [s, en] = check(e.start_offset, e.end_offset, `entity #${k + 1}`);
        rec.entities.push({ id: String(e.id ?? k + 1), type: e.label, start: s, end: en, text: map.slice(s, en) });
      });
      const known = new Set(rec.entities.map((e) => e.id));
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
        const [s, e] = check(l[0], l[1], `label #${k + 1}`);
        rec.entities.push({ id: `T${k + 1}`, type: l[2], start: s, end: e, text: map.slice(s, e) });
      });
    }
    if (typeof v.name === 'string' && v.name !== '') rec.name = v.name;
    out.push(rec);
  });
  return out;
}
