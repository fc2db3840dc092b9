import { z } from 'zod';
import { MENTION_PAGE_SIZE } from '../../annotations/mentionPages';
import type { Args, Method } from '../contract';
import { loneSurrogateAt } from '../../annotations/names';
import { EXPORT_FORMAT_IDS, IMPORT_FORMAT_IDS } from '../../annotations/formats/catalogue';
import { suggestionArgSchemas } from './suggestionSchemas';

const noArgs = z.strictObject({});
/** The largest guidelines document kept (characters): a long manual. */
const GUIDELINES_MAX_CHARS = 1_000_000;
const docId = z.string().min(1).max(64);
const mentionId = z.string().min(1).max(32);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const eventId = z.string().regex(/^E[1-9][0-9]{0,15}$/, 'expected an event id like "E12"');
const relationId = z.string().regex(/^R[1-9][0-9]{0,15}$/, 'expected a relation id like "R3"');
// No lone UTF-16 surrogate in any text (the core's rule, annotations/names.ts): SQLite would store U+FFFD.
const text = (): z.ZodString => z.string().refine((s) => loneSurrogateAt(s) < 0, 'contains a lone surrogate (half of a character)');
const name = text().min(1).max(200);
const note = text().max(100_000);
const annotationRef = z.strictObject({ kind: z.enum(['mention', 'event', 'relation']), id: z.string().min(1).max(32) });
const nameMap = z.record(name, name);
const renames = z
  .strictObject({ types: nameMap.optional(), relationTypes: nameMap.optional(), attributes: nameMap.optional(), roles: z.record(name, nameMap).optional() })
  .optional();
const eventArgument = z.strictObject({ role: name, mentionId });

/** The argument schema of every API method. Unknown keys are refused. */
export const argSchemas = {
  'session.get': noArgs,
  'session.boot': noArgs,
  'session.setAnnotator': z.strictObject({ name: z.string() }),

  'documents.list': z.strictObject({ ids: z.array(docId).max(100_000).optional() }),
  'documents.page': z.strictObject({
    filter: z
      .strictObject({
        name: text().max(200).optional(),
        status: z.array(z.enum(['not-started', 'in-progress', 'done'])).max(3).optional(),
        lang: z.array(z.enum(['he', 'ar', 'other'])).max(3).optional(),
        annotator: name.optional(),
        flags: z.array(name).max(50).optional(),
        problems: z.boolean().optional(),
      })
      .optional(),
    sort: z.strictObject({ key: z.enum(['order', 'name', 'status', 'size', 'progress', 'changed']), desc: z.boolean().optional() }).optional(),
    offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  }),
  'documents.figures': z.strictObject({ ids: z.array(docId).max(1000) }),
  'documents.flags': noArgs,
  'corpus.dashboard': noArgs,
  'documents.get': z.strictObject({ id: docId }),
  'documents.open': z.strictObject({ id: docId }),
  'documents.textPage': z.strictObject({ id: docId, page: z.number().int().min(0).max(1_000_000) }),
  'documents.importPaths': z.strictObject({ paths: z.array(z.string().min(1)).min(1) }),

  'mentions.list': z.strictObject({ docId, annotator: z.string().min(1).optional() }),
  'mentions.page': z.strictObject({ docId, annotator: z.string().min(1).optional(), after: z.string().regex(/^[1-9][0-9]{0,15}$/, 'a mention id').optional(), page: z.number().int().min(0).max(1_000_000).optional(), limit: z.number().int().min(1).max(MENTION_PAGE_SIZE).optional(), textPage: z.number().int().min(0).max(1_000_000).optional(), textPages: z.number().int().min(1).max(1_000_000).optional() })
    .refine((a) => [a.after, a.page, a.textPage].filter((x) => x !== undefined).length <= 1, 'after, page or textPage, not two')
    .refine((a) => a.textPages === undefined || a.textPage !== undefined, 'textPages goes with textPage'),
  'mentions.create': z.strictObject({ docId, type: z.string().min(1), start: offset, end: offset }),
  'mentions.update': z.strictObject({ id: mentionId, type: z.string().min(1) }),
  'mentions.delete': z.strictObject({ id: mentionId }),

  'review.compare': z.strictObject({ docId, annotators: z.array(z.string().min(1)).min(2).max(20) }),
  'review.accept': z.strictObject({ docId, from: z.string().min(1), ids: z.array(z.string().min(1).max(32)).min(1).max(10_000) }),
  'review.acceptAgreed': z.strictObject({ docId, annotators: z.array(z.string().min(1)).min(2).max(20) }),
  'review.reject': z.strictObject({ docId, disagreementKey: z.string().min(1).max(100_000) }),
  'review.agreement': z.strictObject({ annotators: z.array(z.string().min(1)).min(2).max(20), documents: z.array(docId).optional(), perDocument: z.array(docId).optional() }),

  'history.state': z.strictObject({ docId }),
  'history.undo': z.strictObject({ docId }),
  'history.redo': z.strictObject({ docId }),

  'schema.get': noArgs,
  'schema.replace': z.strictObject({ json: z.string(), fileName: z.string().min(1).optional(), renames, force: z.boolean().optional() }),
  'schema.preview': z.strictObject({ json: z.string(), fileName: z.string().min(1).optional(), renames }),
  'schema.importBratConf': z.strictObject({ text: z.string(), fileName: z.string().min(1).optional(), renames, force: z.boolean().optional() }),
  'schema.exportBratConf': noArgs,

  'annotations.list': z.strictObject({ docId, annotator: z.string().min(1).optional(), mentions: z.boolean().optional() }),

  'events.list': z.strictObject({ docId, annotator: z.string().min(1).optional() }),
  'events.create': z.strictObject({ docId, type: name, start: offset, end: offset, arguments: z.array(eventArgument).max(1000).optional() }),
  'events.update': z.strictObject({ id: eventId, type: name }),
  'events.setArgument': z.strictObject({ id: eventId, role: name, mentionId, replace: z.boolean().optional() }),
  'events.removeArgument': z.strictObject({ id: eventId, role: name, mentionId }),
  'events.delete': z.strictObject({ id: eventId }),

  'relations.list': z.strictObject({ docId, annotator: z.string().min(1).optional() }),
  'relations.create': z.strictObject({ docId, type: name, arg1: mentionId, arg2: mentionId }),
  'relations.update': z.strictObject({ id: relationId, type: name }),
  'relations.delete': z.strictObject({ id: relationId }),

  'attributes.set': z.strictObject({ target: annotationRef, name, value: z.union([z.literal(true), name]) }),
  'attributes.clear': z.strictObject({ target: annotationRef, name }),
  'notes.set': z.strictObject({ target: annotationRef, note }),

  'documents.meta': z.strictObject({ docId, annotator: z.string().min(1).optional() }),
  'documents.setStatus': z.strictObject({ docId, status: z.enum(['not-started', 'in-progress', 'done']) }),
  'documents.setFlags': z.strictObject({ docId, flags: z.array(text().max(200)).max(100) }),
  'documents.setNote': z.strictObject({ docId, note }),
  'documents.validate': z.strictObject({ docId, annotator: z.string().min(1).optional() }),

  'export.run': z.strictObject({
    format: z.enum(EXPORT_FORMAT_IDS),
    out: z.string().min(1),
    annotator: z.string().min(1).optional(),
    documents: z.union([z.literal('all'), z.literal('done'), z.array(docId).min(1)]).optional(),
    split: z.string().min(1).optional(),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    scheme: z.enum(['bio', 'bioes']).optional(),
    granularity: z.enum(['token', 'morph']).optional(),
    overwrite: z.boolean().optional(),
    offsets: z.enum(['utf16', 'codepoints']).optional(),
  }),
  'import.run': z.strictObject({
    format: z.enum(IMPORT_FORMAT_IDS),
    paths: z.array(z.string().min(1)).min(1),
    annotator: z.string().min(1).optional(),
    encoding: z.string().min(1).optional(),
    addTypes: z.boolean().optional(),
    strict: z.boolean().optional(),
    tagColumns: z.string().min(1).max(100).optional(),
    offsets: z.enum(['utf16', 'codepoints']).optional(),
    makeCurrent: z.boolean().optional(),
  }),
  'export.text': z.strictObject({ annotator: z.string().min(1).optional() }),
  'exchange.export': z.strictObject({ out: z.string().min(1), annotator: z.string().min(1).optional(), overwrite: z.boolean().optional() }),
  'exchange.import': z.strictObject({ paths: z.array(z.string().min(1)).min(1), annotator: z.string().min(1).optional(), force: z.boolean().optional() }),
  ...suggestionArgSchemas,
  'guidelines.get': z.strictObject({}),
  'guidelines.set': z.strictObject({ markdown: z.string().max(GUIDELINES_MAX_CHARS), source: z.string().min(1).max(255).optional() }),
} satisfies { [M in Method]: z.ZodType<Args<M>> };

// Compile-time check that each schema's inferred type and the contract's Args<M> are mutually
// assignable and have the same keys (so neither can gain or lose a field without the other).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mismatched = {
  [M in Method]: Same<z.infer<(typeof argSchemas)[M]>, Args<M>> extends true
    ? Same<keyof z.infer<(typeof argSchemas)[M]>, keyof Args<M>> extends true
      ? never
      : M
    : M;
}[Method];
const _argSchemasMatchContract: [Mismatched] extends [never] ? true : Mismatched = true;

/** Zod issues as one readable line: `paths.0: expected string, received number; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
