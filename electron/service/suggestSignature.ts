/**
 * What the suggestions of one annotator rest on, as a signature (suggestions.ts keys its caches
 * on it, and suggestWorker.ts computes the same from its own connection): per annotated document,
 * a digest of the annotator's mention spans (count and sums, computed in SQLite) and the set's
 * revision (raised by every logged change: a type change, undo, redo, an exchange import), and
 * the schema's version (a type renamed in every annotation changes no span and logs nothing).
 */
import type { Store } from '../store';

export interface AnnotationSignature {
  /** Changes with any change of the annotator's mentions. */
  signature: string;
  /** The annotated documents, sorted, and each one's digest (its spans, its revision, the schema's version). */
  ids: string[];
  digests: Map<string, string>;
  /** The annotator's mentions in the project. */
  mentions: number;
}

export function annotationSignature(store: Store, annotator: string): AnnotationSignature {
  const spans = store.mentionSpanDigests(annotator);
  const revisions = store.log.revisions(annotator);
  const schema = store.currentSchema()?.version ?? 0;
  const ids = [...spans.keys()].sort();
  let mentions = 0;
  const digests = new Map<string, string>();
  for (const id of ids) {
    const d = spans.get(id) ?? '';
    mentions += Number(d.slice(0, d.indexOf(':')));
    digests.set(id, `${d}@${revisions.get(id) ?? 0}s${schema}`);
  }
  const signature = ids.map((id) => `${id}=${digests.get(id) ?? ''}`).join(';');
  return { signature, ids, digests, mentions };
}
