/**
 * The schema: read it, preview and apply a replacement (from Qalam's JSON or a brat
 * annotation.conf) with renames carried into the stored annotations, and refuse to leave types,
 * roles or attributes in use undefined unless forced.
 */
import type { Schema } from '../../annotations/model';
import { parseSchemaJson } from '../../annotations/schema';
import { parseBratConf, writeBratConf } from '../../annotations/formats/bratconf';
import type { SchemaChangePreview, SchemaDrop, SchemaRenames } from '../contract';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Checks that every rename goes from a name the current schema has to one the next schema has. */
function checkRenames(current: Schema, next: Schema, renames: SchemaRenames): void {
  const names = (s: Schema): Set<string> => new Set([...s.entityTypes, ...s.eventTypes].map((t) => t.name));
  const check = (what: string, map: Record<string, string> | undefined, from: Set<string>, to: Set<string>): void => {
    for (const [a, b] of Object.entries(map ?? {})) {
      if (!from.has(a)) throw new ServiceError('invalid-argument', `cannot rename ${what} ${JSON.stringify(a)}: the current schema has no such ${what}`);
      if (!to.has(b)) throw new ServiceError('invalid-argument', `cannot rename ${what} ${JSON.stringify(a)} to ${JSON.stringify(b)}: the new schema has no such ${what}`);
    }
  };
  check('type', renames.types, names(current), names(next));
  check('relation type', renames.relationTypes, new Set(current.relationTypes.map((t) => t.name)), new Set(next.relationTypes.map((t) => t.name)));
  check('attribute', renames.attributes, new Set(current.attributes.map((a) => a.name)), new Set(next.attributes.map((a) => a.name)));
  for (const [eventType, map] of Object.entries(renames.roles ?? {})) {
    const t = next.eventTypes.find((x) => x.name === eventType);
    if (t === undefined) throw new ServiceError('invalid-argument', `cannot rename roles of ${JSON.stringify(eventType)}: the new schema has no such event type`);
    for (const b of Object.values(map)) {
      if (!t.roles.some((r) => r.name === b)) throw new ServiceError('invalid-argument', `cannot rename a role of ${eventType} to ${JSON.stringify(b)}: the new schema has no such role`);
    }
  }
}

/** What replacing the schema by `next` (with `renames`) would leave undefined. */
function previewSchema(ctx: ServiceContext, next: Schema, renames: SchemaRenames = {}): SchemaChangePreview {
  const current = ctx.schema().schema;
  checkRenames(current, next, renames);
  const usage = ctx.store.schemaUsage();
  const type = (t: string): string => renames.types?.[t] ?? t;
  const dropped: SchemaDrop[] = [];
  const entityNames = new Set(next.entityTypes.map((t) => t.name));
  const eventTypes = new Map(next.eventTypes.map((t) => [t.name, t] as const));
  for (const [name, count] of usage.entityTypes) if (!entityNames.has(type(name))) dropped.push({ what: 'entity type', name, count });
  for (const [name, count] of usage.eventTypes) if (!eventTypes.has(type(name))) dropped.push({ what: 'event type', name, count });
  const relNames = new Set(next.relationTypes.map((t) => t.name));
  for (const [name, count] of usage.relationTypes) if (!relNames.has(renames.relationTypes?.[name] ?? name)) dropped.push({ what: 'relation type', name, count });
  for (const [key, count] of usage.roles) {
    const [ev = '', role = ''] = key.split('\u0000');
    const t = eventTypes.get(type(ev));
    if (t === undefined) continue; // the whole event type is reported
    const newRole = renames.roles?.[t.name]?.[role] ?? role;
    if (!t.roles.some((r) => r.name === newRole)) dropped.push({ what: 'role', name: role, eventType: ev, count });
  }
  const attrNames = new Set(next.attributes.map((a) => a.name));
  for (const [name, count] of usage.attributes) if (!attrNames.has(renames.attributes?.[name] ?? name)) dropped.push({ what: 'attribute', name, count });
  return { schema: next, dropped };
}

/** Stores `next` as the new schema version, renaming in the annotations; see 'schema.replace'. */
function applySchema(ctx: ServiceContext, next: Schema, fileName: string, renames: SchemaRenames = {}, force = false): Schema {
  const { dropped } = previewSchema(ctx, next, renames);
  if (dropped.length > 0 && !force) {
    const unit: Record<SchemaDrop['what'], string> = {
      'entity type': 'mention',
      'event type': 'event',
      'relation type': 'relation',
      role: 'argument',
      attribute: 'annotation',
    };
    const groups = (['entity type', 'event type', 'relation type', 'role', 'attribute'] as const)
      .map((what) => {
        const list = dropped.filter((d) => d.what === what);
        if (list.length === 0) return '';
        const items = list.map((d) => `${d.eventType ? `${d.eventType} ` : ''}${d.name} (${plural(d.count, unit[what])})`).join(', ');
        return `${what}s still in use: ${items}`;
      })
      .filter((x) => x !== '');
    throw new ServiceError('conflict', `${fileName}: the new schema drops ${groups.join('; ')}`, { file: fileName });
  }
  ctx.store.transaction(() => {
    ctx.store.renameInAnnotations(renames);
    ctx.store.addSchema(next, ctx.now());
  });
  return ctx.schema().schema;
}

export const schemaChange = domain((ctx) => ({
  'schema.get': () => ctx.schema().schema,
  'schema.replace': (a) => {
    const fileName = a.fileName ?? 'schema.json';
    return applySchema(ctx, parseSchemaJson(a.json, fileName), fileName, a.renames, a.force);
  },
  'schema.preview': (a) => previewSchema(ctx, parseSchemaJson(a.json, a.fileName ?? 'schema.json'), a.renames),
  'schema.importBratConf': (a) => applySchema(ctx, parseBratConf(a.text, a.fileName ?? 'annotation.conf'), a.fileName ?? 'annotation.conf', a.renames, a.force),
  'schema.exportBratConf': () => ({ text: writeBratConf(ctx.schema().schema), fileName: 'annotation.conf' }),
}));
