/**
 * The agreement thread (a worker_threads Worker started by agreement.ts through workerThread.ts):
 * opens the project with its own connection (WAL: it reads while the main thread writes) and
 * computes `review.agreement`'s reports (agreementComputer.ts), keeping each document's token items between them.
 *
 * Messages in: {id, path, annotators, documents?, perDocument?, warm?} (warm: only open the project; prepare: only compute the token items of the documents annotators annotated; both answer null). Messages out: {id, ok: true, value: AgreementReport} | {id, ok: false, error, code?}.
 */
import { loadStoreBinding, openProject, type Store } from '../store';
import type { AgreementRequest } from './agreement';
import { AgreementComputer } from './agreementComputer';
import { answerRequests } from './workerThread';

let open: { path: string; store: Store; computer: AgreementComputer } | null = null;

// the store's native binding before the thread says it is ready (workerThread.ts: not terminated while it loads)
loadStoreBinding();
answerRequests<AgreementRequest>((req) => {
  if (open === null || open.path !== req.path || !open.store.isOpen) {
    open?.store.close();
    open = null;
    open = { path: req.path, store: openProject(req.path), computer: new AgreementComputer() };
  }
  if (req.warm === true) return null;
  if (req.prepare === true) {
    open.computer.prepare(open.store, req.annotators);
    return null;
  }
  return open.computer.compute(open.store, req.annotators, req.documents, req.perDocument);
});
