/**
 * The occurrences' worker client (for suggestions.ts): keeps suggestWorker.ts's occurrence index in
 * step with the annotator's annotated documents and remembers what it last found per document.
 */
import { estimatePractice, type Practice, type SpanTyped, type Suggestion } from '../../annotations/suggest/occurrences';
import type { OccurrencesFound, WorkerRequest } from './suggestWorker';
import { WorkerThread } from './workerThread';

type TaggerRequest = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A thread of suggestWorker.ts (through workerThread.ts): answers in the order asked. */
export class TaggerThread extends WorkerThread<TaggerRequest> {
  constructor() {
    super('suggestWorker', "the tagger's worker");
  }
}

interface OccurrenceState {
  annotator: string;
  /** What the occurrences' thread has: each annotated document's digest, and the texts it holds. */
  sent: Map<string, string>;
  texts: Set<string>;
  signature: string | null;
  /** Per document: the occurrences found, for the annotations of `signature`. */
  results: Map<string, { signature: string; items: Suggestion[] }>;
  inflight: Map<string, string>;
  practice: Practice | null;
}

/** What the occurrences' thread is sent from: the annotator's annotations and the documents' texts. */
export interface OccurrenceSource {
  /** A signature of everything the annotator has tagged, and each document's. */
  signature(annotator: string): { signature: string; digests: Map<string, string> };
  spans(docId: string, annotator: string): SpanTyped[];
  text(docId: string): string;
}

/** The occurrences' thread (its own, so that a long training never holds it back) and its bookkeeping. */
export class OccurrenceFinder {
  private readonly thread = new TaggerThread();
  private occ: OccurrenceState | null = null;

  constructor(private readonly source: OccurrenceSource) {
    this.thread.onReset = () => {
      this.occ = null;
    };
  }

  close(): void {
    this.thread.close();
  }

  /**
   * The occurrences' thread holds the annotator's annotated documents: send it those that changed
   * since (a text only the first time). Answers the signature it now has.
   */
  private sync(annotator: string, known?: { docId: string; mentions: SpanTyped[] }): string {
    if (this.occ === null || this.occ.annotator !== annotator) {
      this.occ = { annotator, sent: new Map(), texts: new Set(), signature: null, results: new Map(), inflight: new Map(), practice: null };
    }
    const occ = this.occ;
    const { signature, digests } = this.source.signature(annotator);
    if (occ.signature === signature) return signature;
    const upserts: { id: string; text?: string; mentions: SpanTyped[] }[] = [];
    for (const [id, digest] of digests) {
      if (occ.sent.get(id) === digest) continue;
      const mentions = known?.docId === id ? known.mentions : this.source.spans(id, annotator);
      upserts.push({ id, ...(occ.texts.has(id) ? {} : { text: this.source.text(id) }), mentions });
      occ.sent.set(id, digest);
      occ.texts.add(id);
    }
    const removes = [...occ.sent.keys()].filter((id) => !digests.has(id));
    for (const id of removes) occ.sent.delete(id);
    occ.signature = signature;
    this.thread.request({ kind: 'sync', upserts, removes }).catch(() => {
      if (this.occ === occ) this.occ = null;
    });
    return signature;
  }

  /**
   * The occurrences in a document of every form the annotator tagged: found by the occurrences'
   * thread; until its answer for the current annotations comes, the last one (`pending`).
   */
  occurrencesIn(annotator: string, docId: string, text: string, mentions: SpanTyped[]): { items: Suggestion[]; pending: boolean } {
    const signature = this.sync(annotator, { docId, mentions });
    const occ = this.occ as OccurrenceState;
    const cached = occ.results.get(docId);
    if (cached && cached.signature === signature) return { items: cached.items, pending: false };
    if (occ.inflight.get(docId) !== signature) {
      occ.inflight.set(docId, signature);
      const first = !occ.texts.has(docId);
      occ.texts.add(docId);
      this.thread
        .request({ kind: 'occurrences', docId, ...(first ? { text } : {}), mentions })
        .then((value) => {
          if (this.occ !== occ) return;
          const found = value as OccurrencesFound;
          occ.results.set(docId, { signature, items: found.suggestions });
          occ.practice = found.practice;
        })
        .catch(() => {
          if (this.occ === occ) this.occ = null;
        })
        .finally(() => {
          if (occ.inflight.get(docId) === signature) occ.inflight.delete(docId);
        });
    }
    return { items: cached?.items ?? [], pending: true };
  }

  /** How the annotator treats proclitics: as their whole project shows (the occurrences' thread's last answer), else this document. */
  practice(annotator: string, doc: { text: string; mentions: readonly SpanTyped[] }): Practice {
    if (this.occ?.annotator === annotator && this.occ.practice !== null) return this.occ.practice;
    return estimatePractice([doc]);
  }
}
