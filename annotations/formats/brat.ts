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
 * The reader is bratRead.ts (what this writes, it reads back: brat.test.ts tests the round trip
 * on brat's own examples); bratFacts.ts compares two .ann files by their id-free facts.
 */
import type { AttributeValues, Normalization, Schema } from '../model';
import { OffsetMap } from '../text';
import { toBratName } from './bratconf';
import { argumentTarget, type NativeRecord, type NativeRelation } from './jsonl';

export interface Frag {
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
