/**
 * brat standoff (.ann beside .txt), after https://brat.nlplab.org/standoff.html.
 *
 * Writer: one `.ann` per document and annotator set, fields separated by tabs:
 *   T1<TAB>Type start end<TAB>text            entity (and, for events, the trigger)
 *   T2<TAB>Type 0 5;6 10<TAB>text text        a span across a line break: brat spans cannot hold
 *                                             a newline, so it is written as fragments around it;
 *                                             a discontinuous mention lists its fragments the same way
 *   E1<TAB>Type:T2 Role:T1 Role2:E2           event; a repeated role is numbered (Role, Role2, …);
 *                                             an argument may be an event; events with the same
 *                                             type and trigger share one T line
 *   R1<TAB>Type Arg1:T1 Arg2:E1               relation (role names from the schema); ends may be events
 *   *<TAB>Type T1 T3 T4                       symmetric-transitive relations forming a chain
 *   A1<TAB>Name T1[ Value]                    attribute (no value for yes/no attributes)
 *   N1<TAB>Reference T1 MESH:D015014<TAB>name normalisation of an entity mention
 *   #1<TAB>AnnotatorNotes T1<TAB>note         note (a note with a line break or tab is written
 *                                             as `QalamNote` with a JSON string, still a brat note)
 * Offsets are code points into the .txt (which Qalam writes with LF line ends). Type names are
 * written as `toBratName` (`:` → `-`); annotation.conf records the mapping.
 *
 * Reader: T (fragments separated only by line breaks are one span; other fragments make a
 * discontinuous mention; touching or overlapping fragments are joined, with a warning), E
 * (numbered roles un-numbered; arguments may be events), R (ends may be events), `*` (a chain of
 * relations), A/M, # notes, N (normalisations of entity mentions; one of an event or trigger is
 * dropped with a warning). The same annotations come back from writeBratAnn, with new ids.
 * The .txt may have CRLF line ends: offsets are mapped to the LF-normalised text.
 *
 * Over 500 lines on purpose: brat's reader and writer stay together, so that what one writes the
 * other reads back (fragments around line breaks, event and relation ids, notes) is kept in one place;
 * the round trip is tested on brat's own examples.
 */
import type { AttributeValues, Normalization, Schema } from '../model';
import { CoreError } from '../errors';
import { OffsetMap } from '../text';
import { graphemeIndex } from '../graphemes';
import { toBratName } from './bratconf';
import { argumentTarget, type NativeEntity, type NativeEvent, type NativeRecord, type NativeRelation } from './jsonl';

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

/** The brat offsets and text of a span's pieces (each split again at line breaks). */
function bratSpan(map: OffsetMap, pieces: readonly Frag[]): { offsets: string; text: string } {
  const frags = pieces.flatMap((p) => bratFragments(map, p.start, p.end));
  return { offsets: frags.map((f) => `${f.start} ${f.end}`).join(';'), text: frags.map((f) => map.slice(f.start, f.end)).join(' ') };
}

function piecesOf(x: { start: number; end: number; fragments?: readonly Frag[] }): Frag[] {
  return x.fragments !== undefined && x.fragments.length > 1 ? [...x.fragments] : [{ start: x.start, end: x.end }];
}

/**
 * The .ann text (LF line ends, trailing newline when not empty) of one native record. Ids are
 * numbered afresh (T1…, E1…, R1…, A1…, N1…, #1…). Events with the same type and trigger share one
 * T line. `names` (from `bratNames(schema)`) gives each type its brat name; without it `toBratName`.
 */
export function writeBratAnn(rec: NativeRecord, schema: Schema | null, map: OffsetMap = new OffsetMap(rec.text), names?: ReadonlyMap<string, string>): string {
  const bn = (n: string): string => names?.get(n) ?? toBratName(n);
  const lines: string[] = [];
  const tid = new Map<string, string>();
  const eid = new Map<string, string>();
  const attrs: [string, AttributeValues][] = [];
  const notes: [string, string][] = [];
  const norms: [string, Normalization][] = [];
  let t = 0;
  const tLine = (type: string, pieces: readonly Frag[]): string => {
    const id = `T${++t}`;
    const sp = bratSpan(map, pieces);
    lines.push(`${id}\t${bn(type)} ${sp.offsets}\t${sp.text}`);
    return id;
  };
  for (const e of rec.entities) {
    const id = tLine(e.type, piecesOf(e));
    tid.set(e.id, id);
    if (e.attributes) attrs.push([id, e.attributes]);
    if (e.note) notes.push([id, e.note]);
    for (const n of e.normalizations ?? []) norms.push([id, n]);
  }
  // One T line per trigger (type and pieces), shared by every event on it.
  const triggerIds = new Map<string, string>();
  const evLines: string[] = [];
  rec.events.forEach((ev, k) => eid.set(ev.id, `E${k + 1}`));
  const ref = (target: { id: string; event: boolean }): string => (target.event ? eid.get(target.id) : tid.get(target.id)) ?? target.id;
  for (const ev of rec.events) {
    const pieces = piecesOf(ev.trigger);
    const key = `${ev.type}\u0000${pieces.map((p) => `${p.start} ${p.end}`).join(';')}`;
    let trig = triggerIds.get(key);
    if (trig === undefined) {
      trig = tLine(ev.type, pieces);
      triggerIds.set(key, trig);
    }
    const id = eid.get(ev.id) as string;
    const seen = new Map<string, number>();
    const args = ev.arguments.map((a) => {
      const n = (seen.get(a.role) ?? 0) + 1;
      seen.set(a.role, n);
      return `${a.role}${n === 1 ? '' : n}:${ref(argumentTarget(a))}`;
    });
    evLines.push(`${id}\t${[`${bn(ev.type)}:${trig}`, ...args].join(' ')}`);
    attrs.push([id, ev.attributes]);
    if (ev.note) notes.push([id, ev.note]);
  }
  lines.push(...evLines);
  // Symmetric-transitive relations between entities that form exactly a chain become `*` lines.
  const chains: string[] = [];
  const chained = new Set<NativeRelation>();
  const byType = new Map<string, NativeRelation[]>();
  for (const r of rec.relations) {
    if (!isChainType(schema, r.type) || Object.keys(r.attributes).length > 0 || r.note || r.arg1_kind === 'event' || r.arg2_kind === 'event') continue;
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
      chains.push(`*\t${bn(type)} ${members.map((m) => tid.get(m) ?? m).join(' ')}`);
    }
  }
  let r = 0;
  for (const rel of rec.relations) {
    if (chained.has(rel)) continue;
    const [a1, a2] = relationRoles(schema, rel.type);
    const id = `R${++r}`;
    const e1 = ref({ id: rel.arg1, event: rel.arg1_kind === 'event' });
    const e2 = ref({ id: rel.arg2, event: rel.arg2_kind === 'event' });
    lines.push(`${id}\t${bn(rel.type)} ${a1}:${e1} ${a2}:${e2}`);
    attrs.push([id, rel.attributes]);
    if (rel.note) notes.push([id, rel.note]);
  }
  lines.push(...chains);
  let a = 0;
  for (const [target, values] of attrs) {
    for (const name of Object.keys(values).sort()) {
      const v = values[name];
      lines.push(`A${++a}\t${bn(name)} ${target}${v === true ? '' : ` ${v}`}`);
    }
  }
  norms.forEach(([target, n], i) => lines.push(`N${i + 1}\tReference ${target} ${n.resource}:${n.id}\t${n.text ?? ''}`));
  notes.forEach(([target, note], i) => lines.push(noteLine(i + 1, target, note)));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

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

/**
 * An id-free view of an .ann: one fact per line (T with its type and sorted offsets; E with its
 * trigger and arguments, argument events spelled out; R, `*` pairs, A, N and # notes with their
 * targets spelled out), sorted, duplicates kept. Two files with the same facts hold the same
 * annotations whatever their ids and line order (`Role2` and `Role` are one role when both occur
 * in one event, as brat numbers repeated roles). For comparing a round trip.
 */
export function bratFacts(ann: string): string[] {
  const lines = ann
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '');
  const byId = new Map<string, string[]>();
  for (const l of lines) {
    const id = l.slice(0, l.indexOf('\t'));
    if (id !== '*') byId.set(id, l.split('\t'));
  }
  // A cycle of events (E1 Cause:E2, E2 Cause:E1) is spelled with a back-reference `^n` (n steps up);
  // what depends on one is not memoised (its spelling depends on where it is reached from).
  const memo = new Map<string, string>();
  const stack: string[] = [];
  let cyclic = false;
  const canon = (id: string): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const up = stack.lastIndexOf(id);
    if (up >= 0) {
      cyclic = true;
      return `^${stack.length - up}`;
    }
    const f = byId.get(id);
    if (f === undefined) return `?${id}`;
    const outerCyclic = cyclic;
    cyclic = false;
    stack.push(id);
    const head = (f[1] ?? '').trim().split(/\s+/);
    let out: string;
    if (id.startsWith('T')) {
      const sp = (f[1] ?? '').trim();
      const type = sp.slice(0, sp.indexOf(' '));
      const offs = sp
        .slice(sp.indexOf(' ') + 1)
        .split(';')
        .map((x) => x.trim().split(/\s+/).map(Number) as [number, number])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .map(([s, e]) => `${s} ${e}`)
        .join(';');
      out = `T ${type} ${offs}`;
    } else if (id.startsWith('E')) {
      const [trig = '', ...args] = head;
      const [type = '', tid = ''] = trig.split(':');
      const parsed = args.map((a) => [a.slice(0, a.indexOf(':')), a.slice(a.indexOf(':') + 1)] as const);
      const roles = new Set(parsed.map(([r]) => r));
      const argStr = parsed
        .map(([r, t]) => {
          const base = r.replace(/\d+$/, '');
          return `${base !== r && roles.has(base) ? base : r}=${canon(t)}`;
        })
        .sort();
      out = `E ${type} (${canon(tid)}) [${argStr.join(', ')}]`;
    } else if (id.startsWith('R')) {
      const [type, a1 = '', a2 = ''] = head;
      out = `R ${type} ${a1.slice(0, a1.indexOf(':'))}=(${canon(a1.slice(a1.indexOf(':') + 1))}) ${a2.slice(0, a2.indexOf(':'))}=(${canon(a2.slice(a2.indexOf(':') + 1))})`;
    } else out = id;
    stack.pop();
    if (!cyclic) memo.set(id, out);
    cyclic = cyclic || outerCyclic;
    return out;
  };
  const facts: string[] = [];
  for (const l of lines) {
    const f = l.split('\t');
    const id = f[0] ?? '';
    const head = (f[1] ?? '').trim().split(/\s+/);
    if (id.startsWith('T') || id.startsWith('E') || id.startsWith('R')) facts.push(canon(id));
    else if (id === '*') {
      for (let k = 2; k < head.length; k++) facts.push(`R ${head[0]} ${[canon(head[k - 1] ?? ''), canon(head[k] ?? '')].sort().join(' <-> ')}`);
    } else if (id.startsWith('A') || id.startsWith('M')) facts.push(`A ${head[0]} (${canon(head[1] ?? '')})${head[2] !== undefined ? ` ${head[2]}` : ''}`);
    else if (id.startsWith('N')) facts.push(`N ${head[0]} (${canon(head[1] ?? '')}) ${head[2]}\t${f[2] ?? ''}`);
    else if (id.startsWith('#')) facts.push(`# ${head[0]} (${canon(head[1] ?? '')})\t${f.slice(2).join('\t')}`);
    else facts.push(l);
  }
  return facts.sort();
}
