/**
 * Property (issue 10, "Done when"): for any sequence of creates, edits, deletes, imports (import.run
 * and the per-document exchange), schema changes, undos and redos on a real SQLite project, undoing
 * every set back to the start restores the project exactly (the same native JSONL export of every
 * set), and redoing forward restores the end. No undo or redo step may be skipped on the way.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../store/helpers';
import { Run, op } from './randomEdits';

afterAll(removeTempDirs);

describe('undo/redo property', () => {
  it('undo back to the start restores the export of every set exactly; redo forward restores the end', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const run = new Run();
        try {
          const start = run.snapshot();
          for (const o of ops) run.apply(o);
          run.all('history.redo');
          const end = run.snapshot();
          run.all('history.undo');
          expect(run.snapshot()).toBe(start);
          run.all('history.redo');
          expect(run.snapshot()).toBe(end);
          expect(run.service.store.integrityCheck()).toEqual(['ok']);
        } finally {
          run.service.close();
        }
      }),
      { numRuns: 50 },
    );
  });
});
