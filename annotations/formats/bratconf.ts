/**
 * brat's annotation.conf (https://brat.nlplab.org/configuration.html) ⇄ Qalam's Schema.
 *
 *   [entities]    one type per line; indentation (tabs or spaces) makes a hierarchy; `!Type` is a
 *                 type that only groups others (abstract)
 *   [relations]   `Name  Arg1:T1|T2, Arg2:T3[, <REL-TYPE>:symmetric-transitive][, <OVERLAP>:…]`
 *   [events]      `Name  Role:T, Role?:T1|T2, Role*:<ENTITY>, Role+:T, Role{2}:T, Role{1-3}:T`
 *                 (no suffix: exactly one), hierarchy and `!` as for entities
 *   [attributes]  `Name  Arg:<ENTITY>|<EVENT>|Type[, Value:A|B|C]` (no Value: boolean)
 *   `<MACRO>=T1|T2` lines define shortcuts usable in any later type list; `#` starts a comment.
 *
 * brat type names cannot contain ':', so the writer turns ':' into '-' and records each such
 * name in a comment line `# qalam: Movement-Transport = Movement:Transport`, which the reader
 * maps back (brat itself ignores comments). Colours, hotkeys and descriptions, which brat keeps
 * in visual.conf/kb_shortcuts.conf, travel in `# qalam-style: <section> <name> {json}` comments,
 * and the schema version in `# qalam-version: N`, so Qalam → brat → Qalam restores the schema
 * exactly. brat's `<OVERLAP>` settings are read and ignored (Qalam allows any overlap).
 */
import type { AttributeDef, Cardinality, EntityType, EventType, RelationType, RoleDef, Schema } from '../model';
import { CoreError } from '../errors';
import { ANY_ENTITY, ANY_EVENT, ANY_RELATION, cardinalityBounds, validateSchema, withSchemaDefaults } from '../schema';

export interface BratConfOptions {
  /** Extra brat name → Qalam name mappings (besides the file's own `# qalam:` lines). */
  names?: Readonly<Record<string, string>>;
}

type Section = 'entities' | 'relations' | 'events' | 'attributes';
const SECTIONS: readonly Section[] = ['entities', 'relations', 'events', 'attributes'];

/** Colours for entity types of a plain brat file (Paul Tol's "light" scheme, then "pale"). */
const PALETTE = ['#77aadd', '#ee8866', '#eedd88', '#44bb99', '#ffaabb', '#99ddff', '#bbcc33', '#dddddd', '#aaaa00', '#bbccee', '#cceeff', '#ccddaa', '#eeeebb', '#ffcccc'];
const EVENT_COLOR = '#e0e0e0';
const RELATION_COLOR = '#888888';
const AUTO_HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** The brat spelling of a Qalam name: ':' becomes '-'. */
export function toBratName(name: string): string {
  return name.replace(/:/g, '-');
}

/**
 * The brat name of every type and attribute name of a schema (Qalam name → brat name), all
 * different: a name brat can hold is written as it is; another is written as `toBratName`, and
 * when that is taken (`Movement:Transport` beside `Movement-Transport`), `_2`, `_3`… is added, in
 * schema order (entity types, event types, relation types, attributes), so the result is the same
 * for the same schema. annotation.conf records every renamed one (`# qalam: brat = Qalam`).
 */
export function bratNames(input: Schema): Map<string, string> {
  const schema = withSchemaDefaults(input);
  const all = [
    ...schema.entityTypes.map((t) => t.name),
    ...schema.eventTypes.map((t) => t.name),
    ...schema.relationTypes.map((t) => t.name),
    ...schema.attributes.map((a) => a.name),
  ];
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of all) {
    if (toBratName(n) === n && !taken.has(n)) {
      out.set(n, n);
      taken.add(n);
    }
  }
  for (const n of all) {
    if (out.has(n)) continue;
    const base = toBratName(n);
    let b = base;
    for (let k = 2; taken.has(b); k++) b = `${base}_${k}`;
    out.set(n, b);
    taken.add(b);
  }
  return out;
}

/** The `# qalam: brat-name = Qalam:name` lines of an annotation.conf (brat name → Qalam name). */
export function bratConfNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const m = /^#\s*qalam:\s*(\S+)\s*=\s*(\S+)\s*$/.exec(raw.trim());
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

interface Style {
  color?: string;
  hotkey?: string | null;
  description?: string;
}

interface Located<T> {
  value: T;
  line: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses an annotation.conf. Throws CoreError('schema-invalid') naming the file and line
 * ("annotation.conf:12: …") for a syntax error, and for a schema that is not valid (an unknown
 * type in a role, two types with one name…) with the line of the type at fault.
 */
export function parseBratConf(text: string, fileName: string, options: BratConfOptions = {}): Schema {
  const lines = text.replace(/^\ufeff/, '').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const fail = (line: number, message: string): never => {
    throw new CoreError('schema-invalid', `${fileName}:${line}: ${message}`, { file: fileName, line });
  };

  // 1. Qalam's own comment lines.
  const names = new Map<string, string>(Object.entries(options.names ?? {}));
  const styles = new Map<string, Style>();
  let version = 1;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    let m = /^#\s*qalam:\s*(\S+)\s*=\s*(\S+)\s*$/.exec(line);
    if (m) {
      names.set(m[1] as string, m[2] as string);
      return;
    }
    if (/^#\s*qalam:/.test(line)) fail(i + 1, `a "# qalam:" line must read "# qalam: brat-name = Qalam:name"`);
    m = /^#\s*qalam-version:\s*(\S*)\s*$/.exec(line);
    if (m) {
      const n = Number(m[1]);
      if (!Number.isInteger(n) || n < 1) fail(i + 1, `"# qalam-version:" must be a positive integer, not ${JSON.stringify(m[1])}`);
      version = n;
      return;
    }
    m = /^#\s*qalam-style:\s*(\S+)\s+(\S+)\s+(\{.*\})\s*$/.exec(line);
    if (m) {
      let v: unknown;
      try {
        v = JSON.parse(m[3] as string);
      } catch {
        return fail(i + 1, `"# qalam-style:" must end with a JSON object`);
      }
      if (!isRecord(v)) return fail(i + 1, `"# qalam-style:" must end with a JSON object`);
      const style: Style = {};
      if (typeof v.color === 'string') style.color = v.color;
      if (typeof v.hotkey === 'string' || v.hotkey === null) style.hotkey = v.hotkey;
      if (typeof v.description === 'string') style.description = v.description;
      styles.set(`${m[1] as string} ${m[2] as string}`, style);
      return;
    }
    if (/^#\s*qalam-style:/.test(line)) fail(i + 1, `a "# qalam-style:" line must read "# qalam-style: <section> <name> {json}"`);
  });
  const q = (bratName: string): string => names.get(bratName) ?? bratName;
  /** "<section> <Qalam name>" → the brat name it was written as (styles are keyed by it). */
  const bratOf = new Map<string, string>();
  const styleOf = (section: Section, name: string): Style | undefined => styles.get(`${section} ${bratOf.get(`${section} ${name}`) ?? toBratName(name)}`);

  // 2. Sections, macros and definitions.
  const macros = new Map<string, string[]>();
  const entities: Located<EntityType>[] = [];
  const events: Located<EventType>[] = [];
  const relations: Located<RelationType>[] = [];
  const attributes: Located<AttributeDef>[] = [];
  const seenSections = new Set<Section>();
  let section: Section | null = null;
  // hierarchy: a stack of (indentation, name) per section
  let stack: { indent: string; name: string }[] = [];

  const typeList = (spec: string, lineNo: number, what: string): string[] => {
    const out: string[] = [];
    const add = (t: string): void => {
      if (!out.includes(t)) out.push(t);
    };
    for (const part of spec.split('|').map((p) => p.trim())) {
      if (part === '') fail(lineNo, `${what}: empty type in ${JSON.stringify(spec)}`);
      const macro = /^<([^<>]+)>$/.exec(part);
      if (macro) {
        const key = macro[1] as string;
        if (key === 'ENTITY') add(ANY_ENTITY);
        else if (key === 'EVENT') add(ANY_EVENT);
        else if (key === 'RELATION') add(ANY_RELATION);
        else if (key === 'ANY') {
          add(ANY_ENTITY);
          add(ANY_EVENT);
        } else {
          const expanded = macros.get(key);
          if (expanded === undefined) fail(lineNo, `${what}: unknown macro <${key}> (define it first: <${key}>=Type1|Type2)`);
          for (const t of expanded as string[]) add(t);
        }
      } else add(q(part));
    }
    return out;
  };

  const parent = (indent: string, name: string): string | null => {
    while (stack.length > 0 && (stack[stack.length - 1] as { indent: string }).indent.length >= indent.length) stack.pop();
    const p = stack.length > 0 ? (stack[stack.length - 1] as { name: string }).name : null;
    stack.push({ indent, name });
    return p;
  };

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const head = /^\[([^\]]*)\]$/.exec(trimmed);
    if (head) {
      const name = (head[1] as string).trim();
      if (!SECTIONS.includes(name as Section)) fail(lineNo, `unknown section [${name}] (known: [entities], [relations], [events], [attributes])`);
      section = name as Section;
      if (seenSections.has(section)) fail(lineNo, `section [${section}] appears twice`);
      seenSections.add(section);
      stack = [];
      return;
    }
    const macro = /^<([^<>=\s]+)>\s*=\s*(.*)$/.exec(trimmed);
    if (macro) {
      const key = macro[1] as string;
      if (['ENTITY', 'EVENT', 'RELATION', 'ANY'].includes(key)) fail(lineNo, `<${key}> is built in and cannot be redefined`);
      macros.set(key, typeList(macro[2] as string, lineNo, `macro <${key}>`));
      return;
    }
    if (section === null) return fail(lineNo, `${JSON.stringify(trimmed)} is outside any section (start with [entities])`);
    const indent = (/^\s*/.exec(raw) as RegExpExecArray)[0];
    const m = /^(!?)(\S+)(?:\s+(.*))?$/.exec(trimmed) as RegExpExecArray;
    const abstract = m[1] === '!';
    const bratName = m[2] as string;
    const rest = (m[3] ?? '').trim();
    const name = q(bratName);
    if (section !== null) bratOf.set(`${section} ${name}`, bratName);
    const args = rest === '' ? [] : rest.split(',').map((a) => a.trim()).filter((a) => a !== '');

    if (section === 'entities') {
      if (args.length > 0) fail(lineNo, `entity type ${JSON.stringify(bratName)}: an [entities] line holds one type name, not ${JSON.stringify(rest)}`);
      const t: EntityType = { name, color: '', hotkey: null, parent: parent(indent, name), description: '' };
      if (abstract) t.abstract = true;
      entities.push({ value: t, line: lineNo });
    } else if (section === 'events') {
      const roles: RoleDef[] = [];
      for (const a of args) {
        const r = /^([^:?*+{}\s]+)(\?|\*|\+|\{\d+\}|\{\d+-\d+\})?:(.+)$/.exec(a);
        if (!r) return fail(lineNo, `event type ${JSON.stringify(bratName)}: argument ${JSON.stringify(a)} must read Role:Type, Role?:Type, Role*:T1|T2 …`);
        const role = r[1] as string;
        const cardinality = (r[2] ?? '1') as Cardinality;
        if (cardinalityBounds(cardinality) === null) fail(lineNo, `event type ${JSON.stringify(bratName)}: role ${role}: bad cardinality ${cardinality}`);
        if (roles.some((x) => x.name === role)) fail(lineNo, `event type ${JSON.stringify(bratName)}: role ${role} appears twice`);
        roles.push({ name: role, types: typeList(r[3] as string, lineNo, `event type ${JSON.stringify(bratName)}, role ${role}`), cardinality });
      }
      const t: EventType = { name, color: '', hotkey: null, parent: parent(indent, name), description: '', roles };
      if (abstract) t.abstract = true;
      events.push({ value: t, line: lineNo });
    } else if (section === 'relations') {
      if (abstract) fail(lineNo, `relation type ${JSON.stringify(bratName)}: Qalam has no abstract ("!") relation types`);
      const argDefs: { role: string; types: string[] }[] = [];
      let symmetric = false;
      let transitive = false;
      for (const a of args) {
        const kv = /^(<[^<>]+>|[^:\s]+):(.+)$/.exec(a);
        if (!kv) return fail(lineNo, `relation type ${JSON.stringify(bratName)}: argument ${JSON.stringify(a)} must read Arg1:Type`);
        const key = kv[1] as string;
        const value = (kv[2] as string).trim();
        if (key === '<REL-TYPE>') {
          for (const flag of value.split('-')) {
            if (flag === 'symmetric') symmetric = true;
            else if (flag === 'transitive') transitive = true;
            else fail(lineNo, `relation type ${JSON.stringify(bratName)}: unknown <REL-TYPE> ${JSON.stringify(flag)} (known: symmetric, transitive)`);
          }
        } else if (key === '<OVERLAP>') {
          // Qalam allows any overlap between arguments; nothing to keep
        } else if (key.startsWith('<')) {
          fail(lineNo, `relation type ${JSON.stringify(bratName)}: unknown setting ${key}`);
        } else {
          argDefs.push({ role: key, types: typeList(value, lineNo, `relation type ${JSON.stringify(bratName)}, ${key}`) });
        }
      }
      if (argDefs.length !== 2) fail(lineNo, `relation type ${JSON.stringify(bratName)}: a relation has exactly two arguments (Arg1:…, Arg2:…), not ${argDefs.length}`);
      const [arg1, arg2] = argDefs as [{ role: string; types: string[] }, { role: string; types: string[] }];
      const twin = relations.find((r) => r.value.name === name);
      if (twin !== undefined) {
        // brat allows a relation type on several lines: the argument types add up
        if (twin.value.arg1.role !== arg1.role || twin.value.arg2.role !== arg2.role) {
          fail(lineNo, `relation type ${JSON.stringify(bratName)} is defined again with other argument roles`);
        }
        for (const t of arg1.types) if (!twin.value.arg1.types.includes(t)) twin.value.arg1.types.push(t);
        for (const t of arg2.types) if (!twin.value.arg2.types.includes(t)) twin.value.arg2.types.push(t);
        twin.value.symmetric ||= symmetric;
        twin.value.transitive ||= transitive;
        return;
      }
      relations.push({ value: { name, color: '', description: '', arg1, arg2, symmetric, transitive }, line: lineNo });
    } else {
      if (abstract) fail(lineNo, `attribute ${JSON.stringify(bratName)}: an attribute cannot be abstract ("!")`);
      let appliesTo: string[] | null = null;
      let values: string[] = [];
      for (const a of args) {
        const kv = /^([^:\s]+):(.+)$/.exec(a);
        if (!kv) return fail(lineNo, `attribute ${JSON.stringify(bratName)}: ${JSON.stringify(a)} must read Arg:<ENTITY> or Value:A|B`);
        if (kv[1] === 'Arg') appliesTo = typeList(kv[2] as string, lineNo, `attribute ${JSON.stringify(bratName)}`);
        else if (kv[1] === 'Value') values = (kv[2] as string).split('|').map((v) => v.trim());
        else fail(lineNo, `attribute ${JSON.stringify(bratName)}: unknown key ${kv[1] as string} (known: Arg, Value)`);
      }
      if (appliesTo === null) return fail(lineNo, `attribute ${JSON.stringify(bratName)}: missing Arg: (what it applies to, e.g. Arg:<EVENT>)`);
      attributes.push({ value: { name, appliesTo, values, description: '' }, line: lineNo });
    }
  });

  // 3. Colours, hotkeys and descriptions.
  const auto = styles.size === 0;
  let nextHotkey = 0;
  entities.forEach(({ value: t }, i) => {
    const s = styleOf('entities', t.name) ?? {};
    t.color = (s.color ?? PALETTE[i % PALETTE.length]) as string;
    t.hotkey = s.hotkey !== undefined ? s.hotkey : auto && !t.abstract && nextHotkey < AUTO_HOTKEYS.length ? (AUTO_HOTKEYS[nextHotkey++] as string) : null;
    t.description = s.description ?? '';
  });
  for (const { value: t } of events) {
    const s = styleOf('events', t.name) ?? {};
    t.color = s.color ?? EVENT_COLOR;
    t.hotkey = s.hotkey ?? null;
    t.description = s.description ?? '';
  }
  for (const { value: t } of relations) {
    const s = styleOf('relations', t.name) ?? {};
    t.color = s.color ?? RELATION_COLOR;
    t.description = s.description ?? '';
  }
  for (const { value: a } of attributes) a.description = styleOf('attributes', a.name)?.description ?? '';

  const schema: Schema = {
    version,
    entityTypes: entities.map((x) => x.value),
    eventTypes: events.map((x) => x.value),
    relationTypes: relations.map((x) => x.value),
    attributes: attributes.map((x) => x.value),
  };

  // 4. The schema must be valid; each problem is reported at the line of the type it names.
  const problems = validateSchema(schema);
  if (problems.length > 0) {
    const lineOfName = new Map<string, number>();
    for (const x of [...entities, ...events, ...relations, ...attributes]) if (!lineOfName.has(x.value.name)) lineOfName.set(x.value.name, x.line);
    const located = problems.map((p) => {
      const named = /"([^"]+)"/.exec(p);
      return { line: named ? lineOfName.get(named[1] as string) : undefined, message: p };
    });
    const textOut = located.map((p) => (p.line === undefined ? `${fileName}: ${p.message}` : `${fileName}:${p.line}: ${p.message}`)).join('\n');
    const first = located[0]?.line;
    throw new CoreError('schema-invalid', textOut, first === undefined ? { file: fileName } : { file: fileName, line: first });
  }
  return schema;
}

/** Types in hierarchy order: each parent followed by its children (indented), roots in schema order. */
function preorder<T extends { name: string; parent?: string | null }>(types: readonly T[]): { type: T; depth: number }[] {
  const names = new Set(types.map((t) => t.name));
  const children = new Map<string | null, T[]>();
  for (const t of types) {
    const p = t.parent && names.has(t.parent) ? t.parent : null;
    let list = children.get(p);
    if (list === undefined) children.set(p, (list = []));
    list.push(t);
  }
  const out: { type: T; depth: number }[] = [];
  const visit = (p: string | null, depth: number): void => {
    for (const t of children.get(p) ?? []) {
      if (out.some((o) => o.type === t)) continue;
      out.push({ type: t, depth });
      visit(t.name, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/**
 * The schema as annotation.conf text (LF line ends, trailing newline). Names with ':' are written
 * with '-' and recorded in `# qalam:` lines; colours, hotkeys and descriptions in
 * `# qalam-style:` lines. Types are written parent first, children indented by tabs (a schema
 * whose lists are in that order comes back from parseBratConf deep-equal). Names are written as
 * `bratNames` says: two names that would be the same in brat are told apart (`_2`), never refused.
 */
export function writeBratConf(input: Schema): string {
  const schema = withSchemaDefaults(input);
  const names = bratNames(schema);
  const mapped = new Map<string, string>();
  for (const [n, bn] of names) if (bn !== n) mapped.set(bn, n);
  const b = (n: string): string => names.get(n) ?? toBratName(n);
  const types = (list: readonly string[]): string =>
    list.map((t) => (t === ANY_ENTITY || t === ANY_EVENT || t === ANY_RELATION ? t : b(t))).join('|');
  const style = (section: Section, name: string, s: Record<string, unknown>): string => `# qalam-style: ${section} ${b(name)} ${JSON.stringify(s)}`;

  const out: string[] = [
    `# annotation.conf written by Qalam from schema version ${schema.version}.`,
    '# brat ignores the "# qalam" comments; Qalam reads them back: "qalam:" maps brat names to',
    '# Qalam names (brat names cannot contain ":"), "qalam-style:" keeps colours, hotkeys and descriptions.',
    `# qalam-version: ${schema.version}`,
    ...[...mapped].map(([bratName, name]) => `# qalam: ${bratName} = ${name}`),
    '',
    '[entities]',
    '',
  ];
  for (const { type: t, depth } of preorder(schema.entityTypes)) {
    out.push(style('entities', t.name, { color: t.color, hotkey: t.hotkey, ...(t.description ? { description: t.description } : {}) }));
    out.push(`${'\t'.repeat(depth)}${t.abstract ? '!' : ''}${b(t.name)}`);
  }
  out.push('', '[relations]', '');
  for (const t of schema.relationTypes) {
    out.push(style('relations', t.name, { color: t.color, ...(t.description ? { description: t.description } : {}) }));
    const flags = [t.symmetric ? 'symmetric' : '', t.transitive ? 'transitive' : ''].filter((f) => f !== '').join('-');
    const args = [`${t.arg1.role}:${types(t.arg1.types)}`, `${t.arg2.role}:${types(t.arg2.types)}`, ...(flags ? [`<REL-TYPE>:${flags}`] : [])];
    out.push(`${b(t.name)}\t${args.join(', ')}`);
  }
  out.push('', '[events]', '');
  for (const { type: t, depth } of preorder(schema.eventTypes)) {
    out.push(style('events', t.name, { color: t.color, hotkey: t.hotkey, ...(t.description ? { description: t.description } : {}) }));
    const roles = t.roles.map((r) => `${r.name}${r.cardinality === '1' ? '' : r.cardinality}:${types(r.types)}`).join(', ');
    out.push(`${'\t'.repeat(depth)}${t.abstract ? '!' : ''}${b(t.name)}${roles ? `\t${roles}` : ''}`);
  }
  out.push('', '[attributes]', '');
  for (const a of schema.attributes) {
    if (a.description) out.push(style('attributes', a.name, { description: a.description }));
    out.push(`${b(a.name)}\tArg:${types(a.appliesTo)}${a.values.length > 0 ? `, Value:${a.values.join('|')}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}
