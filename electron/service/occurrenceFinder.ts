/**
 * The occurrences' worker client (for suggestions.ts): asks suggestWorker.ts's occurrences thread
 * for a document's occurrences with the digests of the annotator's annotated documents (the
 * thread reads what changed from its own connection: no text nor mention crosses from here) and
 * remembers what it last found per document, and for which annotations.
 */
import type { Practice, SpanTyped } from '../../annotations/suggest/occurrences';
import { estimatePractice, type PackedOccurrences } from '../../annotations/suggest/projectOccurrences';
import type { FoldStatus, FormOccurrencesFound, OccurrencesFound, WorkerRequest } from './suggestWorker';
import type { AnnotationSignature } from './suggestSignature';
import { WorkerThread } from './workerThread';

type TaggerRequest = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A thread of suggestWorker.ts (through workerThread.ts): answers in the order asked. */
export class TaggerThread extends WorkerThread<TaggerRequest> {
  constructor() {
    super('suggestWorker', "the tagger's worker");
  }
}

/** What the occurrences' thread last found in a document, for the annotations of `signature`. */
export interface OccurrencesResult {
  signature: string;
  /** As the thread packed them (text order; tens of thousands in a 1 MB document: never made into objects here). */
  packed: PackedOccurrences;
  /** The thread's CPU time for them, ms. */
  cpuMs: number;
}

interface OccurrenceState {
  annotator: string;
  results: Map<string, OccurrencesResult>;
  /** Per document, the signature asked for (one request out per document). */
  inflight: Map<string, string>;
  practice: Practice | null;
}

/** The occurrences' thread (its own, so that a long training never holds it back) and its bookkeeping. */
export class OccurrenceFinder {
  private readonly thread = new TaggerThread();
  private occ: OccurrenceState | null = null;

  constructor(private readonly path: string) {
    this.thread.onReset = () => {
      this.occ = null;
    };
  }

  /** Stops the thread; resolves when it has ended. */
  close(): Promise<void> {
    return this.thread.close();
  }

  /**
   * The occurrences in a document of every form the annotator tagged: found by the occurrences'
   * thread; until its answer for the current annotations (`seen`) comes, the last one (`pending`).
   * The result object stays the same until a new answer replaces it (callers key on it).
   */
  occurrencesIn(annotator: string, docId: string, seen: AnnotationSignature): { result: OccurrencesResult | null; pending: boolean } {
    if (this.occ === null || this.occ.annotator !== annotator) this.occ = { annotator, results: new Map(), inflight: new Map(), practice: null };
    const occ = this.occ;
    const signature = seen.signature;
    const cached = occ.results.get(docId) ?? null;
    if (cached && cached.signature === signature) return { result: cached, pending: false };
    if (occ.inflight.get(docId) !== signature) {
      occ.inflight.set(docId, signature);
      this.thread
        .request({ kind: 'occurrences', path: this.path, annotator, docId, digests: [...seen.digests] })
        .then((value) => {
          if (this.occ !== occ) return;
          const found = value as OccurrencesFound;
          occ.results.set(docId, { signature, packed: found.suggestions, cpuMs: found.cpuMs });
          occ.practice = found.practice;
        })
        .catch(() => {
          if (this.occ === occ) this.occ = null;
        })
        .finally(() => {
          if (occ.inflight.get(docId) === signature) occ.inflight.delete(docId);
        });
    }
    return { result: cached, pending: true };
  }

  /**
   * Starts the occurrences' thread and its background fold of the corpus (the project opened, the
   * app warms it), so that the corpus preview finds it folded; answers how far the fold is.
   */
  fold(): Promise<FoldStatus> {
    return this.thread.request({ kind: 'fold', path: this.path }) as Promise<FoldStatus>;
  }

  /** One form's occurrences across the corpus (the preview's Tab), found by the occurrences' thread from the corpus it keeps folded. */
  formOccurrences(annotator: string, docId: string, form: string, type: string, practice: Practice): Promise<FormOccurrencesFound> {
    return this.thread.request({ kind: 'formOccurrences', path: this.path, annotator, docId, form, type, practice }) as Promise<FormOccurrencesFound>;
  }

  /** How the annotator treats proclitics: as their whole project shows (the occurrences' thread's last answer), else this document. */
  practice(annotator: string, doc: { text: string; mentions: readonly SpanTyped[] }): Practice {
    if (this.occ?.annotator === annotator && this.occ.practice !== null) return this.occ.practice;
    return estimatePractice([doc]);
  }
}
