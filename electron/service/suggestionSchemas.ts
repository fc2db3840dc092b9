/** The argument schemas of the suggestions' methods (electron/suggestionsContract.ts); part of argSchemas. */
import { z } from 'zod';

const docId = z.string().min(1).max(64);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const type = z.string().min(1).max(200);
const source = z.enum(['occurrence', 'tagger', 'endpoint']);
const score = z.number().min(0).max(1);
const query = z.strictObject({
  docId,
  mentionId: z.string().min(1).max(32).optional(),
  form: z.string().min(1).max(1000).optional(),
  type: type.optional(),
  scope: z.enum(['document', 'corpus']),
});

export const suggestionArgSchemas = {
  'suggestions.occurrences': query,
  'suggestions.acceptOccurrences': query,
  'suggestions.list': z.strictObject({ docId, known: z.string().max(200).optional() }),
  'suggestions.accept': z.strictObject({ docId, start: offset, end: offset, type, suggestedType: type.optional(), source, score, form: z.string().max(1000).optional() }),
  'suggestions.acceptAll': z.strictObject({ docId, minScore: score }),
  'suggestions.reject': z.strictObject({ docId, start: offset, end: offset, type, source, score }),
  'suggestions.status': z.strictObject({}),
  'suggestions.setThreshold': z.strictObject({ minF1: score }),
  'suggestions.train': z.strictObject({}),
  'suggestions.endpoint': z.strictObject({}),
  'suggestions.setEndpoint': z.strictObject({ url: z.string().max(2000), enabled: z.boolean(), timeoutMs: z.number().int().min(100).max(600_000) }),
};
