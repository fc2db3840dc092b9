/**
 * Label Studio JSON export (a list of tasks): `data.text` (or the task's first string field),
 * `annotations[0].result` items of type `labels` with `value.start`, `value.end`, `value.labels`
 * (and `value.text`), and items of type `relation` (`from_id`, `to_id`, `labels`). Label Studio's
 * offsets are JavaScript string indices, i.e. **UTF-16 code units**: they are converted to code
 * points (they differ after any character outside the BMP, such as an emoji). Only the first
 * non-cancelled annotation of a task is read (later ones are reported); predictions are ignored.
 */
import type { NativeRecord } from './jsonl';
import { CoreError } from '../errors';
import { detectLang } from '../direction';
import { OffsetMap } from '../text';
import { parseJsonLocated, lineColumn } from '../json';
import { graphemeIndex } from '../graphemes';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseLabelStudio(json: string, fileName: string, baseName: string, warnings: string[] = []): NativeRecord[] {
  const p = parseJsonLocated(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  if (!p.ok) {
    throw new CoreError('import-failed', `${fileName}:${p.error.line}: invalid JSON: ${p.error.message} (column ${p.error.column})`, { file: fileName, line: p.error.line });
  }
  const tasks = Array.isArray(p.value) ? p.value : [p.value];
  // Line of the n-th task, for messages: found by searching for `"data"` occurrences.
  const lineOfTask = (n: number): number => {
    let at = -1;
    for (let k = 0; k <= n; k++) {
      at = json.indexOf('"data"', at + 1);
      if (at < 0) return 1;
    }
    return lineColumn(json, at).line;
  };
  return tasks.map((task, n) => {
    const fail = (m: string): never => {
      const line = lineOfTask(n);
      throw new CoreError('import-failed', `${fileName}:${line}: task #${n + 1}: ${m}`, { file: fileName, line });
    };
    if (!isObj(task) || !isObj(task.data)) return fail('expected {"data": {"text": …}, "annotations": […]}');
    const data = task.data;
    const text = typeof data.text === 'string' ? data.text : (Object.values(data).find((x) => typeof x === 'string') as string | undefined);
    if (text === undefined) return fail('no text in "data"');
    const map = new OffsetMap(text);
    const g = graphemeIndex(text);
    const rec: NativeRecord = {
      id: '',
      name: `${baseName}-${typeof task.id === 'number' || typeof task.id === 'string' ? task.id : n + 1}`,
      text,
      lang: detectLang(text),
      annotator: null,
      entities: [],
      events: [],
      relations: [],
      status: 'not-started',
    };
    const anns = (Array.isArray(task.annotations) ? task.annotations : []).filter((a) => isObj(a) && a.was_cancelled !== true) as Record<string, unknown>[];
    if (anns.length > 1) warnings.push(`${fileName}: task #${n + 1}: ${anns.length - 1} later annotation(s) ignored (only the first is imported)`);
    const result = anns[0]?.result;
    if (result === undefined) return rec;
    if (!Array.isArray(result)) return fail('"result" must be a list');
    let k = 0;
    for (const r of result) {
      if (!isObj(r)) return fail('a result item must be an object');
      if (r.type === 'relation') continue;
      const v = r.value;
      if (!isObj(v)) continue;
      const labels = (v.labels ?? v.hypertextlabels) as unknown;
      if (!Array.isArray(labels)) continue;
      const s16 = v.start;
      const e16 = v.end;
      if (!Number.isInteger(s16) || !Number.isInteger(e16) || (s16 as number) < 0 || (s16 as number) >= (e16 as number) || (e16 as number) > text.length) {
        return fail(`result ${String(r.id)}: start/end ${String(s16)}, ${String(e16)} are not a span of the text (${text.length} UTF-16 code units)`);
      }
      const start = g.floor(map.toCp(s16 as number));
      const end = g.ceil(map.toCp(e16 as number));
      if (typeof v.text === 'string' && v.text !== map.slice(start, end)) {
        warnings.push(`${fileName}: task #${n + 1}: result ${String(r.id)}: "text" ${JSON.stringify(v.text)} differs from the document text ${JSON.stringify(map.slice(start, end))}`);
      }
      for (const label of labels) {
        if (typeof label !== 'string') return fail(`result ${String(r.id)}: labels must be strings`);
        const id = labels.length === 1 && typeof r.id === 'string' ? r.id : `${String(r.id ?? 'T')}#${++k}`;
        rec.entities.push({ id, type: label, start, end, text: map.slice(start, end) });
      }
    }
    const ids = new Set(rec.entities.map((e) => e.id));
    let rn = 0;
    for (const r of result as Record<string, unknown>[]) {
      if (r.type !== 'relation') continue;
      const a1 = String(r.from_id);
      const a2 = String(r.to_id);
      if (!ids.has(a1) || !ids.has(a2)) return fail(`relation ${a1} → ${a2}: not labelled spans of the task`);
      const labels = Array.isArray(r.labels) && r.labels.length > 0 ? (r.labels as unknown[]) : ['related'];
      for (const l of labels) rec.relations.push({ id: `R${++rn}`, type: String(l), arg1: a1, arg2: a2, attributes: {} });
    }
    return rec;
  });
}
