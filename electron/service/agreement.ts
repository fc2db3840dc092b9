/**
 * `review.agreement` in the app: the worker protocol and the kept answers. It never computes on
 * the thread answering the window: a worker_threads Worker (agreementWorker.ts, through
 * workerThread.ts) opens the project with a connection of its own, reads the sets in bulk
 * (store.agreement) and computes with an `AgreementComputer` (agreementComputer.ts). Answers are
 * kept per request, keyed by the store's change counter (`store.agreement.changeCounter()`: it
 * moves with every row written, whatever the edit — a mention, event or relation created, changed
 * or deleted, undo and redo, imports, schema renames, exchange imports — and with every commit of
 * another process), so asking again without an edit in between answers at once.
 */
import type { AgreementReport } from '../contract';
import { checkAnnotators } from './agreementComputer';
import { domain } from './context';
import { WorkerThread } from './workerThread';

/** What the window's `review.agreement` asks the worker. */
export interface AgreementRequest {
  /** The project file (the worker opens it with a connection of its own). */
  path: string;
  annotators: string[];
  documents?: string[];
  perDocument?: string[];
  /** Only open the project (started with it, idle): answers null. */
  warm?: boolean;
  /** Only prepare the token items of the documents `annotators` annotated: answers null. */
  prepare?: boolean;
}

/** Answers kept (per annotators and documents asked), all of the same change counter. */
const KEPT_ANSWERS = 8;

/**
 * `review.agreement` (registered in service.ts's DOMAINS): computed in the agreement worker and
 * kept until the project changes; the worker stops when the project closes.
 */
export const agreement = domain((ctx) => {
  const thread = new WorkerThread<AgreementRequest>('agreementWorker', "agreement's worker");
  ctx.onClose(() => thread.close());
  ctx.agreementCpuMs = () => thread.cpuMs;
  ctx.onWarm(() => thread.request({ path: ctx.store.path, annotators: [], warm: true }));
  let prepared = '';
  ctx.onAgreementLikely((annotators) => {
    const key = JSON.stringify(annotators);
    if (key === prepared) return;
    prepared = key;
    // failures are left to review.agreement, which says what went wrong
    thread.request({ path: ctx.store.path, annotators: [...annotators], prepare: true }).catch(() => (prepared = ''));
  });
  let kept: { revision: string; key: string; report: Promise<AgreementReport> }[] = [];
  return {
    'review.agreement': (a): Promise<AgreementReport> => {
      checkAnnotators(ctx.store, a.annotators);
      const revision = ctx.store.agreement.changeCounter();
      const key = JSON.stringify([a.annotators, a.documents ?? [], a.perDocument ?? null]);
      kept = kept.filter((k) => k.revision === revision);
      const hit = kept.find((k) => k.key === key);
      if (hit) return hit.report;
      const request: AgreementRequest = {
        path: ctx.store.path,
        annotators: a.annotators,
        ...(a.documents !== undefined ? { documents: a.documents } : {}),
        ...(a.perDocument !== undefined ? { perDocument: a.perDocument } : {}),
      };
      const report = thread.request(request) as Promise<AgreementReport>;
      const entry = { revision, key, report };
      kept = [...kept.slice(-(KEPT_ANSWERS - 1)), entry];
      // a failure is not kept: the next call asks again
      report.catch(() => (kept = kept.filter((k) => k !== entry)));
      return report;
    },
  };
});
