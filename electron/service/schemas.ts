import { z } from 'zod';
import type { Args, Method } from '../contract';

const noArgs = z.strictObject({});
const docId = z.string().min(1).max(64);
const mentionId = z.string().min(1).max(32);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The argument schema of every API method. Unknown keys are refused. */
export const argSchemas = {
  'session.get': noArgs,
  'session.setAnnotator': z.strictObject({ name: z.string() }),

  'documents.list': noArgs,
  'documents.get': z.strictObject({ id: docId }),
  'documents.importPaths': z.strictObject({ paths: z.array(z.string().min(1)).min(1) }),

  'mentions.list': z.strictObject({ docId, annotator: z.string().min(1).optional() }),
  'mentions.create': z.strictObject({ docId, type: z.string().min(1), start: offset, end: offset }),
  'mentions.update': z.strictObject({ id: mentionId, type: z.string().min(1) }),
  'mentions.delete': z.strictObject({ id: mentionId }),

  'history.state': z.strictObject({ docId }),
  'history.undo': z.strictObject({ docId }),
  'history.redo': z.strictObject({ docId }),

  'schema.get': noArgs,
  'schema.replace': z.strictObject({ json: z.string(), fileName: z.string().min(1).optional() }),
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
