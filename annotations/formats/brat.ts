/**
 * brat standoff (.ann beside .txt), after https://brat.nlplab.org/standoff.html.
 *
 * Writer: one `.ann` per document and annotator set, fields separated by tabs:
 *   T1<TAB>Type start end<TAB>text            entity (and, for events, the trigger)
 *   T2<TAB>Type 0 5;6 10<TAB>text text        a span across a line break: brat spans cannot hold
 *                                             a newline, so it is written as fragments around it
 *   E1<TAB>Type:T2 Role:T1 Role2:T3           event; a repeated role is numbered (Role, Role2, …)
 *   R1<TAB>Type Arg1:T1 Arg2:T3               relation (role names from the schema)
 *   *<TAB>Type T1 T3 T4                       symmetric-transitive relations forming a chain
 *   A1<TAB>Name T1[ Value]                    attribute (no value for yes/no attributes)
 *   #1<TAB>AnnotatorNotes T1<TAB>note         note (a note with a line break or tab is written
 *                                             as `QalamNote` with a JSON string, still a brat note)
 * Offsets are code points into the .txt (which Qalam writes with LF line ends). Type names are
 * written as `toBratName` (`:` → `-`); annotation.conf records the mapping.
 *
 * Reader: T (fragments of one span merged; truly discontinuous spans are widened, with a warning),
 * E (numbered roles un-numbered; arguments that point at events are dropped, with a warning), R,
 * `*` (a chain of relations), A/M, # notes; N (normalisation) lines are dropped with a warning.
 * The .txt may have CRLF line ends: offsets are mapped to the LF-normalised text.
 */
import type { AttributeValues, Schema } from '../model';
import { CoreError } from '../errors';
import { OffsetMap } from '../text';
import { graphemeIndex } from '../graphemes';
import { toBratName } from './bratconf';
import type { NativeEntity, NativeEvent, NativeRecord, NativeRelation } from './jsonl';

interface Frag {
  start: number;
  end: number;
}

/** The fragments of [start, end) between line breaks (the whole span when it has none). */
export function bratFragments(map: OffsetMap, start: number, end: number): Frag[] {
  const s = map.slice(start, end);
  if (s.indexOf('\n') < 0) return [{ start, end }];
  const out: Frag[] = [];
  let fs = start;
  let cp = start;
  for (const ch of s) {
    if (ch === '\n') {
      if (cp > fs) out.push({ start: fs, end: cp });
      fs = cp + 1;
    }
    cp++;
  }
  if (end > fs) out.push({ start: fs, end });
  return out.length > 0 ? out : [{ start, end }];
}

function relationRoles(schema: Schema | null, type: string): [string, string] {
  const t = schema?.relationTypes.find((r) => r.name === type);
  return [t?.arg1.role || 'Arg1', t?.arg2.role || 'Arg2'];
}

function isChainType(schema: Schema | null, type: string): boolean {
  const t = schema?.relationTypes.find((r) => r.name === type);
  return t !== undefined && t.symmetric && t.transitive;
}

function noteLine(n: number, target: string, note: string): string {
  if (/[\n\r\t]/.test(note)) return `#${n}\tQalamNote ${target}\t${JSON.stringify(note)}`;
  return `#${n}\tAnnotatorNotes ${target}\t${note}`;
}

/** The .ann text (LF line ends, trailing newline when not empty) of one native record. */
export function writeBratAnn(rec: NativeRecord, schema: Schema | null, map: OffsetMap = new OffsetMap(rec.text)): string {
  const lines: string[] = [];
  const tid = new Map<string, string>();
  const attrs: [string, AttributeValues][] = [];
  const notes: [string, string][] = [];
  let t = 0;
  const tLine = (type: string, start: number, end: number): string => {
    const frags = bratFragments(map, start, end);
    const id = `T${++t}`;
    lines.push(`${id}\t${toBratName(type)} ${frags.map((f) => `${f.start} ${f.end}`).join(';')}\t${frags.map((f) => map.slice(f.start, f.end)).join(' ')}`);
    return id;
  };
  for (const e of rec.entities) {
    const id = tLine(e.type, e.start, e.end);
    tid.set(e.id, id);
    if (e.attributes) attrs.push([id, e.attributes]);
    if (e.note) notes.push([id, e.note]);
  }
  rec.events.forEach((ev, k) => {
    const trig = tLine(ev.type, ev.trigger.start, ev.trigger.end);
    const eid = `E${k + 1}`;
    const seen = new Map<string, number>();
    const args = ev.arguments.map((a) => {
      const n = (seen.get(a.role) ?? 0) + 1;
      seen.set(a.role, n);
      return `${a.role}${n === 1 ? '' : n}:${tid.get(a.entity_id) ?? a.entity_id}`;
    });
    lines.push(`${eid}\t${[`${toBratName(ev.type)}:${trig}`, ...args].join(' ')}`);
    attrs.push([eid, ev.attributes]);
    if (ev.note) notes.push([eid, ev.note]);
  });
  // Symmetric-transitive relations that form exactly a chain over their entities become `*` lines.
  const chains: string[] = [];
  const chained = new Set<NativeRelation>();
  const byType = new Map<string, NativeRelation[]>();
  for (const r of rec.relations) {
    if (!isChainType(schema, r.type) || Object.keys(r.attributes).length > 0 || r.note) continue;
    const list = byType.get(r.type) ?? [];
    list.push(r);
    byType.set(r.type, list);
  }
  const num = (x: string): number => Number((tid.get(x) ?? 'T0').slice(1));
  for (const [type, rels] of byType) {
    // connected components
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let p = parent.get(x) ?? x;
      while (p !== (parent.get(p) ?? p)) p = parent.get(p) ?? p;
      parent.set(x, p);
      return p;
    };
    for (const r of rels) parent.set(find(r.arg1), find(r.arg2));
    const comps = new Map<string, NativeRelation[]>();
    for (const r of rels) {
      const root = find(r.arg1);
      comps.set(root, [...(comps.get(root) ?? []), r]);
    }
    for (const comp of comps.values()) {
      const members = [...new Set(comp.flatMap((r) => [r.arg1, r.arg2]))].sort((a, b) => num(a) - num(b));
      const key = (a: string, b: string): string => (num(a) < num(b) ? `${a}\u0000${b}` : `${b}\u0000${a}`);
      const want = new Set(members.slice(1).map((m, i) => key(members[i] as string, m)));
      const have = new Set(comp.map((r) => key(r.arg1, r.arg2)));
      if (comp.length !== want.size || have.size !== want.size || [...have].some((h) => !want.has(h))) continue;
      comp.forEach((r) => chained.add(r));
      chains.push(`*\t${toBratName(type)} ${members.map((m) => tid.get(m) ?? m).join(' ')}`);
    }
  }
  let r = 0;
  for (const rel of rec.relations) {
    if (chained.has(rel)) continue;
    const [a1, a2] = relationRoles(schema, rel.type);
    const id = `R${++r}`;
    lines.push(`${id}\t${toBratName(rel.type)} ${a1}:${tid.get(rel.arg1) ?? rel.arg1} ${a2}:${tid.get(rel.arg2) ?? rel.arg2}`);
    attrs.push([id, rel.attributes]);
    if (rel.note) notes.push([id, rel.note]);
  }
  lines.push(...chains);
  let a = 0;
  for (const [target, values] of attrs) {
    for (const name of Object.keys(values).sort()) {
      const v = values[name];
      lines.push(`A${++a}\t${name} ${target}${v === true ? '' : ` ${v}`}`);
    }
  }
  notes.forEach(([target, note], i) => lines.push(noteLine(i + 1, target, note)));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export interface BratParseResult {
  entities: NativeEntity[];
  events: NativeEvent[];
  relations: NativeRelation[];
  warnings: string[];
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
  return (x) => {
    let lo = 0;
    let hi = crs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((crs[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return x - lo;
  };
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
  interface TSpan {
    id: string;
    type: string;
    start: number;
    end: number;
    line: number;
  }
  const ts = new Map<string, TSpan>();
  const evLines: { id: string; fields: string[]; line: number }[] = [];
  const relLines: { id: string; type: string; args: string[]; line: number }[] = [];
  const attrLines: { name: string; target: string; value: string | true; line: number }[] = [];
  const noteLines: { target: string; note: string; line: number }[] = [];
  const chainLines: { type: string; ids: string[]; line: number }[] = [];
  const lines = ann.split('\n');
  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (idx === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    const fail = (m: string): never => {
      throw new CoreError('import-failed', `${fileName}:${lineNo}: ${m}`, { file: fileName, line: lineNo });
    };
    const tab = line.indexOf('\t');
    if (tab < 0) fail('expected an id, a tab and the annotation');
    const id = line.slice(0, tab);
    const rest = line.slice(tab + 1);
    const kind = id[0];
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
      frags.sort((a, b) => a.start - b.start);
      let start = toNorm((frags[0] as Frag).start);
      let end = toNorm((frags[frags.length - 1] as Frag).end);
      for (let k = 1; k < frags.length; k++) {
        const gap = map.slice(toNorm((frags[k - 1] as Frag).end), toNorm((frags[k] as Frag).start));
        if (gap.trim() !== '') {
          warnings.push(`${fileName}:${lineNo}: ${id} is discontinuous; widened to one span`);
          break;
        }
      }
      if (start === end) fail(`text-bound annotation ${id}: empty span`);
      const s2 = g.floor(start);
      const e2 = g.ceil(end);
      if (s2 !== start || e2 !== end) {
        warnings.push(`${fileName}:${lineNo}: ${id} split a letter from its marks; widened to whole characters`);
        start = s2;
        end = e2;
      }
      if (ts.has(id)) fail(`duplicate id ${id}`);
      ts.set(id, { id, type: name(type), start, end, line: lineNo });
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
      warnings.push(`${fileName}:${lineNo}: normalisation ${id} dropped (Qalam has no normalisations)`);
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
      trigger: { start: trig.start, end: trig.end, text: map.slice(trig.start, trig.end) },
      arguments: [],
      attributes: {},
    };
    for (const p of parsed) {
      const dm = /^(.*?)(\d+)$/.exec(p.role);
      let role = p.role;
      if (dm !== null && dm[1] !== '' && !roles.includes(p.role) && (roles.includes(dm[1] as string) || used.has(dm[1] as string))) role = dm[1] as string;
      if (evIds.has(p.target)) {
        warnings.push(`${fileName}:${ev.line}: event ${ev.id}: argument ${p.role}:${p.target} points at an event; dropped (arguments are entity mentions in Qalam)`);
        continue;
      }
      if (!ts.has(p.target)) return failAt(ev.line, `event ${ev.id}: argument ${p.role} points at ${p.target}, which is not in this file`);
      out.arguments.push({ role, entity_id: p.target });
    }
    events.push(out);
    eventOf.set(trig.id, [...(eventOf.get(trig.id) ?? []), out]);
  }
  const referenced = new Set<string>();
  for (const ev of events) for (const a of ev.arguments) referenced.add(a.entity_id);
  for (const r of relLines) for (const a of r.args) referenced.add(a.slice(a.indexOf(':') + 1));
  for (const c of chainLines) for (const x of c.ids) referenced.add(x);
  const entities: NativeEntity[] = [];
  const entityById = new Map<string, NativeEntity>();
  for (const t of ts.values()) {
    if (triggers.has(t.id) && !referenced.has(t.id)) continue;
    const e: NativeEntity = { id: t.id, type: t.type, start: t.start, end: t.end, text: map.slice(t.start, t.end) };
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
    if (evIds.has(a1.target) || evIds.has(a2.target)) {
      warnings.push(`${fileName}:${r.line}: relation ${r.id} points at an event; dropped (relations join entity mentions in Qalam)`);
      continue;
    }
    for (const a of [a1, a2]) if (!entityById.has(a.target)) failAt(r.line, `relation ${r.id}: ${a.target} is not an entity of this file`);
    relations.push({ id: r.id, type: r.type, arg1: a1.target, arg2: a2.target, attributes: {} });
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
  const sortAttrs = (x: { attributes?: AttributeValues }): void => {
    if (!x.attributes) return;
    const o: AttributeValues = {};
    for (const k of Object.keys(x.attributes).sort()) o[k] = x.attributes[k] as string | true;
    x.attributes = o;
  };
  entities.forEach(sortAttrs);
  events.forEach(sortAttrs);
  relations.forEach(sortAttrs);
  return { entities, events, relations, warnings };
}
