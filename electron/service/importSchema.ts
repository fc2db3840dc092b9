/**
 * What an import adds to the schema: the types, roles, attributes and values its records use and
 * the project lacks (those an annotation.conf defines come with their definitions), with colours
 * from a palette; refused when the result is not a valid schema.
 */
import type { AttributeValues, Schema } from '../../annotations/model';
import type { NativeRecord } from '../../annotations/formats/jsonl';
import { validateSchema } from '../../annotations/schema';
import { ServiceError } from './errors';

/** A record and where it was read: `file` and, where a line means one, `line`. */
export interface Located {
  record: NativeRecord;
  file: string;
  line?: number;
}

/** `file:line` (or `file`) and the matching error location. */
export function whereOf(d: { file: string; line?: number }): { at: string; where: { file: string; line?: number } } {
  return d.line === undefined ? { at: d.file, where: { file: d.file } } : { at: `${d.file}:${d.line}`, where: { file: d.file, line: d.line } };
}

const PALETTE = ['#77aadd', '#ee8866', '#eedd88', '#44bb99', '#ffaabb', '#99ddff', '#bbcc33', '#dddddd', '#aaaa00', '#bbccee', '#cceeff', '#ccddaa', '#eeeebb', '#ffcccc'];

/** Adds to `schema` (a copy) whatever the records use and it lacks; returns what was added. */
export function extendSchema(schema: Schema, conf: Schema | null, docs: readonly Located[]): { schema: Schema; added: string[] } {
  const s: Schema = structuredClone(schema);
  const added: string[] = [];
  const hotkeys = new Set([...s.entityTypes, ...s.eventTypes].map((t) => t.hotkey?.toLowerCase()).filter((h) => h));
  const typeNames = (): Set<string> => new Set([...s.entityTypes, ...s.eventTypes].map((t) => t.name));
  // Types defined in an annotation.conf come with their definitions.
  if (conf !== null) {
    for (const t of conf.entityTypes) {
      if (typeNames().has(t.name)) continue;
      const hk = t.hotkey && !hotkeys.has(t.hotkey.toLowerCase()) ? t.hotkey : null;
      if (hk) hotkeys.add(hk.toLowerCase());
      s.entityTypes.push({ ...t, hotkey: hk, parent: t.parent && typeNames().has(t.parent) ? t.parent : t.parent && conf.entityTypes.some((x) => x.name === t.parent) ? t.parent : null });
      added.push(`entity type ${t.name}`);
    }
    for (const t of conf.eventTypes) {
      if (typeNames().has(t.name)) continue;
      s.eventTypes.push({ ...t, hotkey: null });
      added.push(`event type ${t.name}`);
    }
    for (const t of conf.relationTypes) {
      if (s.relationTypes.some((r) => r.name === t.name)) continue;
      s.relationTypes.push(t);
      added.push(`relation type ${t.name}`);
    }
    for (const a of conf.attributes) {
      if (s.attributes.some((x) => x.name === a.name)) continue;
      s.attributes.push(a);
      added.push(`attribute ${a.name}`);
    }
  }
  let colour = s.entityTypes.length + s.eventTypes.length;
  const attr = (name: string, kind: '<ENTITY>' | '<EVENT>' | '<RELATION>', type: string, value: string | true): void => {
    let def = s.attributes.find((a) => a.name === name);
    if (def === undefined) {
      def = { name, appliesTo: [kind], values: [], description: '' };
      s.attributes.push(def);
      added.push(`attribute ${name}`);
    }
    if (!def.appliesTo.includes(kind) && !def.appliesTo.includes(type)) {
      def.appliesTo.push(kind);
      added.push(`attribute ${name} on ${kind}`);
    }
    if (value !== true && !def.values.includes(value)) {
      if (def.values.length === 0 && added.includes(`attribute ${name}`)) {
        def.values.push(value);
      } else if (def.values.length > 0) {
        def.values.push(value);
        added.push(`value ${value} of attribute ${name}`);
      } else {
        def.values.push(value);
        added.push(`value ${value} of attribute ${name}`);
      }
    }
  };
  const attrs = (a: AttributeValues | undefined, kind: '<ENTITY>' | '<EVENT>' | '<RELATION>', type: string): void => {
    for (const [k, v] of Object.entries(a ?? {})) attr(k, kind, type, v);
  };
  for (const { record } of docs) {
    for (const e of record.entities) {
      if (!typeNames().has(e.type)) {
        s.entityTypes.push({ name: e.type, color: PALETTE[colour++ % PALETTE.length] as string, hotkey: null, parent: null, description: '' });
        added.push(`entity type ${e.type}`);
      }
      attrs(e.attributes, '<ENTITY>', e.type);
    }
    for (const ev of record.events) {
      let t = s.eventTypes.find((x) => x.name === ev.type);
      if (t === undefined) {
        if (typeNames().has(ev.type)) throw new ServiceError('import-failed', `${ev.type} is an entity type in this project but is used as an event type`);
        t = { name: ev.type, color: PALETTE[colour++ % PALETTE.length] as string, hotkey: null, parent: null, description: '', roles: [] };
        s.eventTypes.push(t);
        added.push(`event type ${ev.type}`);
      }
      for (const a of ev.arguments) {
        const kind = a.event_id !== undefined ? '<EVENT>' : '<ENTITY>';
        const role = t.roles.find((r) => r.name === a.role);
        if (role === undefined) {
          t.roles.push({ name: a.role, types: [kind], cardinality: '*' });
          added.push(`role ${a.role} of ${ev.type}`);
        } else if (kind === '<EVENT>' && role.types.length === 1 && role.types[0] === '<ENTITY>' && added.includes(`role ${a.role} of ${ev.type}`)) {
          // a role this import added: it takes events too
          role.types.push('<EVENT>');
        }
      }
      attrs(ev.attributes, '<EVENT>', ev.type);
    }
    for (const r of record.relations) {
      if (!s.relationTypes.some((x) => x.name === r.type)) {
        const chain = r.id.startsWith('*');
        s.relationTypes.push({
          name: r.type,
          color: PALETTE[colour++ % PALETTE.length] as string,
          description: '',
          arg1: { role: 'Arg1', types: [r.arg1_kind === 'event' ? '<EVENT>' : '<ENTITY>'] },
          arg2: { role: 'Arg2', types: [r.arg2_kind === 'event' ? '<EVENT>' : '<ENTITY>'] },
          symmetric: chain,
          transitive: chain,
        });
        added.push(`relation type ${r.type}`);
      } else if (added.includes(`relation type ${r.type}`)) {
        const t = s.relationTypes.find((x) => x.name === r.type) as Schema['relationTypes'][number];
        for (const [end, kind] of [
          [t.arg1, r.arg1_kind === 'event' ? '<EVENT>' : '<ENTITY>'],
          [t.arg2, r.arg2_kind === 'event' ? '<EVENT>' : '<ENTITY>'],
        ] as const) {
          if (!end.types.includes(kind)) end.types.push(kind);
        }
      }
      attrs(r.attributes, '<RELATION>', r.type);
    }
  }
  if (added.length > 0) {
    const problems = validateSchema(s);
    if (problems.length > 0) {
      // name the file (and line) of the first record using a name the schema refuses
      const user = docs.find(({ record: r }) =>
        problems.some((p) =>
          [...r.entities.map((e) => e.type), ...r.events.flatMap((e) => [e.type, ...e.arguments.map((a) => a.role)]), ...r.relations.map((x) => x.type)].some((n) => p.includes(`"${n}"`)),
        ),
      );
      const w = user === undefined ? null : whereOf(user);
      throw new ServiceError('import-failed', `${w === null ? '' : `${w.at}: `}the imported types do not fit the schema: ${problems.join('; ')}`, w?.where ?? {});
    }
  }
  return { schema: s, added };
}

