/**
 * Label Studio JSON export: a list of tasks, each `{"id", "data": {"text"}, "annotations":
 * [{"result": […], "was_cancelled"}], "predictions": […], "meta"}`. Result items of type
 * `labels` are spans (`value.start`, `value.end`, `value.text`, `value.labels`), items of type
 * `relation` link two of them (`from_id`, `to_id`, `labels`, `direction`); per-region `choices`
 * (same `id` as a span) are attributes of that entity (`from_name` the attribute, the choice
 * its value) and per-region `textarea` its note.
 *
 * Offsets: Label Studio stores **code points** (since 1.4, PR #1559 "store code points instead
 * of js length"; its tests: `start 21, end 25, text "test"` after `🐱 `); older versions stored
 * UTF-16 code units. The unit of a file is chosen from the spans' own `value.text`: the one in
 * which every span's text is the document's text at its offsets. A file where neither unit
 * fits is refused, naming the span; without any `value.text`, code points.
 *
 * Only the first non-cancelled annotation of a task is read; later annotations and predictions
 * are reported as not kept.
 */
import type { NativeEntity, NativeRecord } from './jsonl';
import { CoreError } from '../errors';
import { detectLang } from '../direction';
import { OffsetMap } from '../text';
import { parseJsonLocated, lineColumn } from '../json';
import { graphemeIndex, type GraphemeIndex } from '../graphemes';
import { dropped, readRecord, reportUnreadKeys, type ImportKind, type ImportLedger } from './report';
import { spanFromUnit, spanToUnit, UNIT_NAMES, type OffsetUnit } from './units';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The result items of one region kind that Qalam reads. */
const SPAN_TYPES = new Set(['labels']);
const TASK_KEYS: ReadonlySet<string> = new Set(['id', 'data', 'annotations', 'meta']);

/** Counts what a list of result items holds (for annotations and predictions that are not read). */
function resultCounts(result: unknown): Partial<Record<ImportKind, number>> {
  const c: Partial<Record<ImportKind, number>> = {};
  if (!Array.isArray(result)) return c;
  for (const r of result) {
    if (!isObj(r)) continue;
    const kind: ImportKind = r.type === 'relation' ? 'relations' : r.type === 'textarea' ? 'notes' : SPAN_TYPES.has(String(r.type)) ? 'entities' : 'attributes';
    c[kind] = (c[kind] ?? 0) + 1;
  }
  return c;
}

export interface LabelStudioOptions {
  ledger?: ImportLedger;
  /** Notes on the import (the unit found). */
  warnings?: string[];
}

interface PendingSpan {
  task: number;
  rec: NativeRecord;
  map: OffsetMap;
  g: GraphemeIndex;
  id: string;
  start: unknown;
  end: unknown;
  text: string | undefined;
  labels: string[];
}

export function parseLabelStudio(json: string, fileName: string, baseName: string, opts: LabelStudioOptions = {}): NativeRecord[] {
  const ledger = opts.ledger;
  const lose = (line: number | undefined, kind: ImportKind, count: number, why: string): void => {
    if (ledger) dropped(ledger, { file: fileName, ...(line !== undefined ? { line } : {}), kind, count, what: `not kept: ${why}` });
  };
  const p = parseJsonLocated(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  if (!p.ok) {
    throw new CoreError('import-failed', `${fileName}:${p.error.line}: invalid JSON: ${p.error.message} (column ${p.error.column})`, { file: fileName, line: p.error.line });
  }
  const tasks = Array.isArray(p.value) ? p.value : [p.value];
  // Line of the n-th task, for messages: found by searching for `"data"` occurrences.
  let dataLines: number[] | null = null;
  const lineOfTask = (n: number): number => {
    if (dataLines === null) {
      dataLines = [];
      let line = 1;
      let from = 0;
      for (let at = json.indexOf('"data"'); at >= 0; at = json.indexOf('"data"', at + 1)) {
        line += lineColumn(json.slice(from, at), at - from).line - 1;
        from = at;
        dataLines.push(line);
      }
    }
    return dataLines[n] ?? 1;
  };
  const failAt = (n: number, m: string): never => {
    const line = lineOfTask(n);
    throw new CoreError('import-failed', `${fileName}:${line}: task #${n + 1}: ${m}`, { file: fileName, line });
  };
  const spans: PendingSpan[] = [];
  const results: { n: number; rec: NativeRecord; result: Record<string, unknown>[] }[] = [];
  const records = tasks.map((task, n) => {
    const fail = (m: string): never => failAt(n, m);
    if (!isObj(task) || !isObj(task.data)) return fail('expected {"data": {"text": …}, "annotations": […]}');
    const data = task.data;
    const text = typeof data.text === 'string' ? data.text : (Object.values(data).find((x) => typeof x === 'string') as string | undefined);
    if (text === undefined) return fail('no text in "data"');
    const map = new OffsetMap(text);
    const g = graphemeIndex(text);
    const q = isObj(task.meta) && isObj(task.meta.qalam) ? task.meta.qalam : {};
    const rec: NativeRecord = {
      id: '',
      name: typeof q.name === 'string' && q.name !== '' ? q.name : `${baseName}-${typeof task.id === 'number' || typeof task.id === 'string' ? task.id : n + 1}`,
      text,
      lang: detectLang(text),
      annotator: typeof q.annotator === 'string' && q.annotator !== '' ? q.annotator : null,
      entities: [],
      events: [],
      relations: [],
      status: 'not-started',
    };
    const line = ledger ? lineOfTask(n) : undefined;
    if (task.annotations !== undefined && !Array.isArray(task.annotations)) return fail('"annotations" must be a list');
    const all = (task.annotations ?? []) as unknown[];
    const anns = all.filter((a) => isObj(a) && a.was_cancelled !== true) as Record<string, unknown>[];
    if (ledger) {
      const loseAll = (what: string, result: unknown): void => {
        for (const [k, c] of Object.entries(resultCounts(result))) lose(line, k as ImportKind, c, what);
      };
      anns.slice(1).forEach((a) => loseAll('a task\'s later annotations (only the first annotation of a task is imported)', a.result));
      for (const a of all) if (isObj(a) && a.was_cancelled === true) loseAll('a cancelled (skipped) annotation', a.result);
      if (Array.isArray(task.predictions)) for (const pr of task.predictions) if (isObj(pr)) loseAll('predictions (predictions are not imported)', pr.result);
      reportUnreadKeys(task, new Set([...TASK_KEYS, 'predictions']), 'Label Studio', fileName, line, ledger);
    }
    const result = anns[0]?.result;
    if (result === undefined) return rec;
    if (!Array.isArray(result)) return fail('"result" must be a list');
    for (const r of result) {
      if (!isObj(r)) return fail('a result item must be an object');
      if (r.type === 'relation' || r.type === 'choices' || r.type === 'textarea') continue;
      const v = r.value;
      if (!SPAN_TYPES.has(String(r.type)) || !isObj(v) || !Array.isArray(v.labels)) {
        lose(line, 'entities', 1, `a result that is not a text span with labels (type ${JSON.stringify(r.type)})`);
        continue;
      }
      if (v.labels.some((l) => typeof l !== 'string' || l === '')) return fail(`result ${String(r.id)}: labels must be non-empty strings`);
      if (v.labels.length === 0) return fail(`result ${String(r.id)}: no label`);
      spans.push({ task: n, rec, map, g, id: typeof r.id === 'string' && r.id !== '' ? r.id : `T${spans.length + 1}`, start: v.start, end: v.end, text: typeof v.text === 'string' ? v.text : undefined, labels: v.labels as string[] });
    }
    results.push({ n, rec, result: result as Record<string, unknown>[] });
    return rec;
  });

  // The file's unit: the one in which every span that carries its text matches it.
  const fits = (unit: OffsetUnit): PendingSpan | null => {
    for (const s of spans) {
      const r = spanFromUnit(s.map, s.g, s.start, s.end, unit);
      if (typeof r === 'string' || (s.text !== undefined && s.map.slice(r.start, r.end) !== s.text)) return s;
    }
    return null;
  };
  let unit: OffsetUnit = 'codepoints';
  const badCp = fits('codepoints');
  if (badCp !== null) {
    const bad16 = fits('utf16');
    if (bad16 !== null) {
      const why = (u: OffsetUnit): string => {
        const r = spanFromUnit(badCp.map, badCp.g, badCp.start, badCp.end, u);
        return typeof r === 'string' ? r : `the text there is ${JSON.stringify(badCp.map.slice(r.start, r.end))}`;
      };
      failAt(
        badCp.task,
        `result ${badCp.id}: start/end ${String(badCp.start)}, ${String(badCp.end)}${badCp.text !== undefined ? ` with text ${JSON.stringify(badCp.text)}` : ''} fit neither code points (${why('codepoints')}) nor UTF-16 code units (${why('utf16')})`,
      );
    }
    unit = 'utf16';
    opts.warnings?.push(`${fileName}: offsets are ${UNIT_NAMES.utf16} (an older Label Studio): converted to code points`);
  }
  const regions = new Map<NativeRecord, Map<string, NativeEntity[]>>();
  for (const s of spans) {
    const r = spanFromUnit(s.map, s.g, s.start, s.end, unit) as { start: number; end: number };
    const byId = regions.get(s.rec) ?? new Map<string, NativeEntity[]>();
    regions.set(s.rec, byId);
    const list = byId.get(s.id) ?? [];
    byId.set(s.id, list);
    s.labels.forEach((label, k) => {
      const e: NativeEntity = { id: s.labels.length === 1 ? s.id : `${s.id}#${k + 1}`, type: label, start: r.start, end: r.end, text: s.map.slice(r.start, r.end) };
      list.push(e);
      s.rec.entities.push(e);
    });
  }
  for (const { n, rec, result } of results) {
    const fail = (m: string): never => failAt(n, m);
    const byId = regions.get(rec) ?? new Map<string, NativeEntity[]>();
    let rn = 0;
    for (const r of result) {
      if (r.type === 'choices' || r.type === 'textarea') {
        const targets = typeof r.id === 'string' ? byId.get(r.id) : undefined;
        const v = isObj(r.value) ? r.value : {};
        if (targets === undefined) {
          lose(ledger ? lineOfTask(n) : undefined, r.type === 'textarea' ? 'notes' : 'attributes', 1, `a ${String(r.type)} that is not about a labelled span (per-task ${String(r.type)} is not imported)`);
          continue;
        }
        if (r.type === 'textarea') {
          const t = Array.isArray(v.text) ? v.text.filter((x): x is string => typeof x === 'string').join('\n') : '';
          if (t !== '') for (const e of targets) e.note = e.note ? `${e.note}\n${t}` : t;
          continue;
        }
        const name = typeof r.from_name === 'string' && r.from_name !== '' ? r.from_name : null;
        const choices = Array.isArray(v.choices) ? v.choices : [];
        if (name === null || choices.length !== 1 || typeof choices[0] !== 'string' || choices[0] === '') {
          lose(ledger ? lineOfTask(n) : undefined, 'attributes', 1, 'choices without a "from_name" or with other than exactly one choice (an attribute has one value)');
          continue;
        }
        for (const e of targets) e.attributes = { ...(e.attributes ?? {}), [name]: choices[0] === name ? true : choices[0] };
        continue;
      }
      if (r.type !== 'relation') continue;
      const a1s = byId.get(String(r.from_id));
      const a2s = byId.get(String(r.to_id));
      if (a1s === undefined || a2s === undefined) return fail(`relation ${String(r.from_id)} → ${String(r.to_id)}: not labelled spans of the task`);
      const [from, to] = r.direction === 'left' ? [a2s, a1s] : [a1s, a2s];
      const labels = Array.isArray(r.labels) && r.labels.length > 0 ? (r.labels as unknown[]) : ['related'];
      for (const l of labels) {
        for (const a of from) for (const b of to) rec.relations.push({ id: `R${++rn}`, type: String(l), arg1: a.id, arg2: b.id, attributes: {} });
      }
    }
  }
  if (ledger) for (const rec of records) readRecord(ledger, rec);
  return records;
}

export interface LabelStudioReport {
  /** What a Label Studio task cannot hold, per kind. */
  events: number;
  arguments: number;
  relationAttributes: number;
  relationNotes: number;
  /** Document status, flags and notes. */
  documentMeta: number;
}

/**
 * One Label Studio task (a JSON object, no trailing newline) for a native record: the text in
 * `data.text`, Qalam's document id, name and annotation set in `meta.qalam`, the record's
 * entities as `labels` regions (code points, with their text), their attributes as per-region
 * `choices` and their notes as per-region `textarea`, relations as `relation` items. The
 * labelling config to use: `<Labels name="label" toName="text">`, `<Text name="text"
 * value="$text"/>`, `<Relations>`.
 */
export function writeLabelStudioTask(rec: NativeRecord, n: number, report: LabelStudioReport, map: OffsetMap = new OffsetMap(rec.text)): string {
  const result: unknown[] = [];
  for (const e of rec.entities) {
    const [start, end] = spanToUnit(map, e.start, e.end, 'codepoints');
    const where = { start, end, text: e.text };
    result.push({ id: e.id, from_name: 'label', to_name: 'text', type: 'labels', origin: 'manual', value: { ...where, labels: [e.type] } });
    for (const [name, value] of Object.entries(e.attributes ?? {})) {
      result.push({ id: e.id, from_name: name, to_name: 'text', type: 'choices', origin: 'manual', value: { ...where, choices: [value === true ? name : value] } });
    }
    if (e.note) result.push({ id: e.id, from_name: 'note', to_name: 'text', type: 'textarea', origin: 'manual', value: { ...where, text: [e.note] } });
  }
  for (const r of rec.relations) {
    result.push({ from_id: r.arg1, to_id: r.arg2, type: 'relation', direction: 'right', labels: [r.type] });
    report.relationAttributes += Object.keys(r.attributes).length;
    if (r.note) report.relationNotes++;
  }
  report.events += rec.events.length;
  for (const e of rec.events) report.arguments += e.arguments.length;
  if (rec.status !== 'not-started' || rec.note || (rec.flags?.length ?? 0) > 0) report.documentMeta++;
  return JSON.stringify({
    id: n,
    data: { text: rec.text },
    meta: { qalam: { id: rec.id, name: rec.name, annotator: rec.annotator } },
    annotations: rec.annotator === null ? [] : [{ result, was_cancelled: false, ground_truth: false }],
    predictions: [],
  });
}
