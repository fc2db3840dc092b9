/**
 * brat standoff reader: one .ann against its document (the format and its writer: brat.ts).
 *
 * Lines read: T (fragments separated only by line breaks are one span; other fragments make a
 * discontinuous mention; touching or overlapping fragments are joined, with a warning), E
 * (numbered roles un-numbered; arguments may be events), R (ends may be events), `*` (a chain of
 * relations), A/M, # notes, N (normalisations of entity mentions; one of an event or trigger is
 * dropped with a warning). The same annotations come back from writeBratAnn, with new ids.
 * The .txt may have CRLF line ends: offsets are mapped to the LF-normalised text.
 */
import type { AttributeValues, Normalization, Schema } from '../model';
import { CoreError } from '../errors';
import { OffsetMap, lowerBound } from '../text';
import { graphemeIndex } from '../graphemes';
import { forEachLine } from '../json';
import type { NativeEntity, NativeEvent, NativeRelation } from './jsonl';
import type { Frag } from './brat';

export interface BratParseResult {
  entities: NativeEntity[];
  events: NativeEvent[];
  relations: NativeRelation[];
  /** How many N lines were kept (on entities). */
  normalizations: number;
  /** How many N lines the file has. */
  normalizationsRead: number;
  warnings: string[];
  /** What was not kept as it was, for the import report (each also in `warnings`). */
  losses: { line: number; kind: 'entities' | 'normalizations'; what: string }[];
}

export interface BratParseOptions {
  /** brat type name → Qalam type name (from annotation.conf's `# qalam:` lines); identity when absent. */
  names?: ReadonlyMap<string, string>;
  /** Known roles per event type (to tell `Arg12` from a numbered `Arg1`). */
  schema?: Schema | null;
}

/** Offsets in the raw text (which may have CRLF) → offsets in the LF-normalised text. */
function crlfMapper(raw: string): (cp: number) => number {
  if (raw.indexOf('\r\n') < 0) return (cp) => cp;
  const crs: number[] = [];
  let cp = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 13 && raw.charCodeAt(i + 1) === 10) crs.push(cp);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < raw.length) {
      const l = raw.charCodeAt(i + 1);
      if (l >= 0xdc00 && l <= 0xdfff) i++;
    }
    cp++;
  }
  return (x) => x - lowerBound(crs, x);
}

/**
 * Parse one .ann against its document. `rawText` is the decoded .txt before line-end
 * normalisation (offsets refer to it); the result's offsets refer to `text`, the stored
 * (LF-normalised) text. Throws CoreError('import-failed') naming file and line.
 */
export function parseBratAnn(rawText: string, text: string, ann: string, fileName: string, options: BratParseOptions = {}): BratParseResult {
  const rawMap = new OffsetMap(rawText);
  const map = new OffsetMap(text);
  const g = graphemeIndex(text);
  const toNorm = crlfMapper(rawText);
  const name = (n: string): string => options.names?.get(n) ?? n;
  const warnings: string[] = [];
  const losses: BratParseResult['losses'] = [];
  interface TSpan {
    id: string;
    type: string;
    start: number;
    end: number;
    /** Two or more pieces: a discontinuous span. */
    fragments?: Frag[];
    line: number;
  }
  const ts = new Map<string, TSpan>();
  const evLines: { id: string; fields: string[]; line: number }[] = [];
  const relLines: { id: string; type: string; args: string[]; line: number }[] = [];
  const attrLines: { name: string; target: string; value: string | true; line: number }[] = [];
  const noteLines: { target: string; note: string; line: number }[] = [];
  const normLines: { id: string; target: string; norm: Normalization; line: number }[] = [];
  const chainLines: { type: string; ids: string[]; line: number }[] = [];
  const seenIds = new Map<string, number>(); // every id but "*": one annotation each
  forEachLine(ann, fileName, (line, lineNo, fail) => {
    const tab = line.indexOf('\t');
    if (tab < 0) fail('expected an id, a tab and the annotation');
    const id = line.slice(0, tab);
    const rest = line.slice(tab + 1);
    const kind = id[0];
    if (kind !== '*' && seenIds.has(id)) fail(`duplicate id ${id} (first on line ${seenIds.get(id)})`);
    seenIds.set(id, lineNo);
    if (kind === 'T') {
      const t2 = rest.indexOf('\t');
      const head = t2 < 0 ? rest : rest.slice(0, t2);
      const body = t2 < 0 ? '' : rest.slice(t2 + 1);
      const sp = head.indexOf(' ');
      if (sp <= 0) fail(`text-bound annotation ${id}: expected "Type start end"`);
      const type = head.slice(0, sp);
      const frags: Frag[] = head
        .slice(sp + 1)
        .split(';')
        .map((f) => {
          const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(f);
          if (m === null) return fail(`text-bound annotation ${id}: bad offsets ${JSON.stringify(f)}`);
          const s = Number(m[1]);
          const e = Number(m[2]);
          if (s > e || e > rawMap.length) fail(`text-bound annotation ${id}: offsets ${s} ${e} are outside the text (${rawMap.length} characters)`);
          return { start: s, end: e };
        });
      const expected = frags.map((f) => rawMap.slice(f.start, f.end)).join(' ');
      if (t2 >= 0 && body !== expected) fail(`text-bound annotation ${id}: text ${JSON.stringify(body)} differs from the document text ${JSON.stringify(expected)}`);
      // Pieces in the LF-normalised text, in order. Pieces separated only by line breaks are one
      // span (brat cannot select across a line break; Qalam writes such a span that way too).
      const sorted = frags.map((f) => ({ start: toNorm(f.start), end: toNorm(f.end) })).sort((a, b) => a.start - b.start || a.end - b.end);
      const pieces: Frag[] = [];
      for (const f of sorted) {
        const prev = pieces[pieces.length - 1];
        if (prev !== undefined && f.start <= prev.end) {
          warnings.push(`${fileName}:${lineNo}: ${id}: fragments ${prev.start}–${prev.end} and ${f.start}–${f.end} touch or overlap; joined into one`);
          losses.push({ line: lineNo, kind: 'entities', what: 'with fragments that touch or overlap: joined into one span' });
          prev.end = Math.max(prev.end, f.end);
        } else if (prev !== undefined && /^\n+$/.test(map.slice(prev.end, f.start))) {
          prev.end = f.end;
        } else {
          pieces.push({ ...f });
        }
      }
      let widened = false;
      for (const p of pieces) {
        if (p.start === p.end) fail(`text-bound annotation ${id}: empty span`);
        const s2 = g.floor(p.start);
        const e2 = g.ceil(p.end);
        if (s2 !== p.start || e2 !== p.end) widened = true;
        p.start = s2;
        p.end = e2;
      }
      if (widened) {
        warnings.push(`${fileName}:${lineNo}: ${id} split a letter from its marks; widened to whole characters`);
        losses.push({ line: lineNo, kind: 'entities', what: 'split a letter from its marks: widened to whole characters' });
      }
      for (let k = pieces.length - 1; k > 0; k--) {
        const a = pieces[k - 1] as Frag;
        const b = pieces[k] as Frag;
        if (b.start <= a.end) {
          a.end = Math.max(a.end, b.end);
          pieces.splice(k, 1);
        }
      }
      const start = (pieces[0] as Frag).start;
      const end = (pieces[pieces.length - 1] as Frag).end;
      if (ts.has(id)) fail(`duplicate id ${id}`);
      ts.set(id, { id, type: name(type), start, end, ...(pieces.length > 1 ? { fragments: pieces } : {}), line: lineNo });
    } else if (kind === 'E') {
      const fields = rest.trim().split(/\s+/);
      evLines.push({ id, fields, line: lineNo });
    } else if (kind === 'R') {
      const fields = rest.split('\t')[0]?.trim().split(/\s+/) ?? [];
      if (fields.length !== 3) fail(`relation ${id}: expected "Type Arg1:T1 Arg2:T2"`);
      relLines.push({ id, type: name(fields[0] as string), args: fields.slice(1), line: lineNo });
    } else if (kind === '*') {
      const fields = rest.split('\t')[0]?.trim().split(/\s+/) ?? [];
      if (fields.length < 3) fail('equivalence: expected "Type T1 T2 …"');
      chainLines.push({ type: name(fields[0] as string), ids: fields.slice(1), line: lineNo });
    } else if (kind === 'A' || kind === 'M') {
      const fields = rest.trim().split(/\s+/);
      if (fields.length < 2 || fields.length > 3) fail(`attribute ${id}: expected "Name Target [Value]"`);
      attrLines.push({ name: fields[0] as string, target: fields[1] as string, value: fields.length === 3 ? (fields[2] as string) : true, line: lineNo });
    } else if (kind === '#') {
      const t2 = rest.indexOf('\t');
      const head = (t2 < 0 ? rest : rest.slice(0, t2)).trim().split(/\s+/);
      let note = t2 < 0 ? '' : rest.slice(t2 + 1);
      if (head.length < 2) fail(`note ${id}: expected "AnnotatorNotes Target<TAB>text"`);
      if (head[0] === 'QalamNote') {
        try {
          note = JSON.parse(note) as string;
        } catch {
          fail(`note ${id}: QalamNote must hold a JSON string`);
        }
      }
      noteLines.push({ target: head[1] as string, note, line: lineNo });
    } else if (kind === 'N') {
      const t2 = rest.indexOf('\t');
      const head = (t2 < 0 ? rest : rest.slice(0, t2)).trim().split(/\s+/);
      const text = t2 < 0 ? '' : rest.slice(t2 + 1);
      const ref = /^([^:]+):(.+)$/.exec(head[2] ?? '');
      if (head.length !== 3 || ref === null) fail(`normalisation ${id}: expected "Reference Target Resource:Id<TAB>text"`);
      const [, resource, refId] = ref as RegExpExecArray;
      normLines.push({ id, target: head[1] as string, norm: text ? { resource: resource as string, id: refId as string, text } : { resource: resource as string, id: refId as string }, line: lineNo });
    } else {
      fail(`unknown annotation id ${JSON.stringify(id)} (expected T, E, R, A, M, N, # or *)`);
    }
  });

  const failAt = (line: number, m: string): never => {
    throw new CoreError('import-failed', `${fileName}:${line}: ${m}`, { file: fileName, line });
  };
  const triggers = new Set<string>();
  const events: NativeEvent[] = [];
  const eventOf = new Map<string, NativeEvent[]>(); // trigger T id → events
  const evIds = new Set(evLines.map((e) => e.id));
  for (const ev of evLines) {
    const [head, ...args] = ev.fields;
    const m = /^([^:]+):(\S+)$/.exec(head ?? '');
    if (m === null) return failAt(ev.line, `event ${ev.id}: expected "Type:Trigger Role:Arg …"`);
    const trig = ts.get(m[2] as string);
    if (trig === undefined) return failAt(ev.line, `event ${ev.id}: trigger ${m[2]} is not a text-bound annotation of this file`);
    triggers.add(trig.id);
    const type = name(m[1] as string);
    const roles = options.schema?.eventTypes.find((t) => t.name === type)?.roles.map((r) => r.name) ?? [];
    const parsed = args.map((a) => {
      const am = /^([^:]+):(\S+)$/.exec(a);
      if (am === null) return failAt(ev.line, `event ${ev.id}: bad argument ${JSON.stringify(a)}`);
      return { role: am[1] as string, target: am[2] as string };
    });
    const used = new Set(parsed.map((p) => p.role));
    const out: NativeEvent = {
      id: ev.id,
      type,
      trigger: { start: trig.start, end: trig.end, text: map.slice(trig.start, trig.end), ...(trig.fragments ? { fragments: trig.fragments.map((f) => ({ ...f })) } : {}) },
      arguments: [],
      attributes: {},
    };
    for (const p of parsed) {
      const dm = /^(.*?)(\d+)$/.exec(p.role);
      let role = p.role;
      if (dm !== null && dm[1] !== '' && !roles.includes(p.role) && (roles.includes(dm[1] as string) || used.has(dm[1] as string))) role = dm[1] as string;
      if (evIds.has(p.target)) {
        if (p.target === ev.id) return failAt(ev.line, `event ${ev.id}: argument ${p.role} points at the event itself`);
        out.arguments.push({ role, event_id: p.target });
        continue;
      }
      if (!ts.has(p.target)) return failAt(ev.line, `event ${ev.id}: argument ${p.role} points at ${p.target}, which is not in this file`);
      out.arguments.push({ role, entity_id: p.target });
    }
    events.push(out);
    eventOf.set(trig.id, [...(eventOf.get(trig.id) ?? []), out]);
  }
  const referenced = new Set<string>();
  for (const ev of events) for (const a of ev.arguments) if (a.entity_id !== undefined) referenced.add(a.entity_id);
  for (const r of relLines) for (const a of r.args) referenced.add(a.slice(a.indexOf(':') + 1));
  for (const c of chainLines) for (const x of c.ids) referenced.add(x);
  const entities: NativeEntity[] = [];
  const entityById = new Map<string, NativeEntity>();
  for (const t of ts.values()) {
    if (triggers.has(t.id) && !referenced.has(t.id)) continue;
    const e: NativeEntity = { id: t.id, type: t.type, start: t.start, end: t.end, text: map.slice(t.start, t.end) };
    if (t.fragments) e.fragments = t.fragments.map((f) => ({ ...f }));
    entities.push(e);
    entityById.set(t.id, e);
  }
  const relations: NativeRelation[] = [];
  for (const r of relLines) {
    const args = r.args.map((a) => {
      const am = /^([^:]+):(\S+)$/.exec(a);
      if (am === null) return failAt(r.line, `relation ${r.id}: bad argument ${JSON.stringify(a)}`);
      return { role: am[1] as string, target: am[2] as string };
    });
    if (args[0]?.role === 'Arg2' && args[1]?.role === 'Arg1') args.reverse();
    const a1 = args[0] as { target: string };
    const a2 = args[1] as { target: string };
    for (const a of [a1, a2]) if (!entityById.has(a.target) && !evIds.has(a.target)) failAt(r.line, `relation ${r.id}: ${a.target} is not an entity or event of this file`);
    if (a1.target === a2.target) failAt(r.line, `relation ${r.id}: both ends are ${a1.target}`);
    const rel: NativeRelation = { id: r.id, type: r.type, arg1: a1.target, arg2: a2.target, attributes: {} };
    if (evIds.has(a1.target)) rel.arg1_kind = 'event';
    if (evIds.has(a2.target)) rel.arg2_kind = 'event';
    relations.push(rel);
  }
  let star = 0;
  for (const c of chainLines) {
    for (const x of c.ids) if (!entityById.has(x)) failAt(c.line, `equivalence: ${x} is not an entity of this file`);
    for (let k = 1; k < c.ids.length; k++) {
      relations.push({ id: `*${++star}`, type: c.type, arg1: c.ids[k - 1] as string, arg2: c.ids[k] as string, attributes: {} });
    }
  }
  const relById = new Map(relations.map((r) => [r.id, r] as const));
  const evById = new Map(events.map((e) => [e.id, e] as const));
  const targetsOf = (target: string, line: number): { attributes?: AttributeValues; note?: string }[] => {
    const e = entityById.get(target);
    const list: { attributes?: AttributeValues; note?: string }[] = [];
    if (e) list.push(e);
    const ev = evById.get(target);
    if (ev) list.push(ev);
    const rel = relById.get(target);
    if (rel) list.push(rel);
    if (!e && triggers.has(target)) list.push(...(eventOf.get(target) ?? []));
    if (list.length === 0 && !evIds.has(target)) failAt(line, `${target} is not an annotation of this file`);
    return list;
  };
  for (const a of attrLines) {
    for (const t of targetsOf(a.target, a.line)) t.attributes = { ...(t.attributes ?? {}), [a.name]: a.value };
  }
  for (const n of noteLines) {
    for (const t of targetsOf(n.target, n.line)) t.note = t.note ? `${t.note}\n${n.note}` : n.note;
  }
  let normalizations = 0;
  for (const n of normLines) {
    const e = entityById.get(n.target);
    if (e !== undefined) {
      e.normalizations = [...(e.normalizations ?? []), n.norm];
      normalizations++;
    } else if (ts.has(n.target) || evIds.has(n.target) || relById.has(n.target)) {
      const what = evIds.has(n.target) ? 'an event' : relById.has(n.target) ? 'a relation' : 'an event trigger';
      warnings.push(`${fileName}:${n.line}: normalisation ${n.id} of ${n.target} dropped (Qalam keeps normalisations on entity mentions only, and ${n.target} is ${what})`);
      losses.push({ line: n.line, kind: 'normalizations', what: `dropped: on ${what} (Qalam keeps normalisations on entity mentions only)` });
    } else {
      failAt(n.line, `normalisation ${n.id}: ${n.target} is not an annotation of this file`);
    }
  }
  const sortAttrs = (x: { attributes?: AttributeValues }): void => {
    if (!x.attributes) return;
    const o: AttributeValues = {};
    for (const k of Object.keys(x.attributes).sort()) o[k] = x.attributes[k] as string | true;
    x.attributes = o;
  };
  entities.forEach(sortAttrs);
  events.forEach(sortAttrs);
  relations.forEach(sortAttrs);
  return { entities, events, relations, normalizations, normalizationsRead: normLines.length, warnings, losses };
}
