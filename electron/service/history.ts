/**
 * The undo history's one way in: the entries of one user action (an edit, an import of a
 * document's annotations, an exchange import replacing a set) are logged as one group of
 * (document, annotator), undone and redone together. A new group empties the redo stack there.
 */
import type { ChangeState, ChangeTarget, Store } from '../store';

/** One change to log; the entries of one user action are logged (and undone) together. */
export interface LogItem {
  target: ChangeTarget;
  targetId: string;
  kind: 'create' | 'update' | 'delete';
  before: ChangeState | null;
  after: ChangeState | null;
}

/** Logs `items` as one undo step of (document, annotator), in order (undo reverts them newest first). */
export function logGroup(store: Store, docId: string, annotator: string, items: readonly LogItem[], at: string): void {
  if (items.length === 0) return;
  store.transaction(() => {
    store.clearRedo(docId, annotator);
    let group: number | undefined;
    for (const item of items) {
      const seq = store.appendChange({ docId, annotator, ...item, at, group });
      group ??= seq;
    }
  });
}
