/**
 * A change's answer carries its document's list row and problems (documents.ts `changed`). At
 * 200,000 mentions they are no longer computed from every mention: the progress (word coverage)
 * is kept up to date from the spans the store's journal saw written (liveCoverage.ts,
 * store/spanJournal.ts), and validation reads only the mentions that can have a problem from
 * indexes (store/mentions.ts `toValidate`). Property: after any sequence of edits of every kind
 * (randomEdits.ts), both equal a full recomputation from all the set's mentions; and neither is
 * fooled by another process's commit or a rolled-back write.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wordCoverage } from '../../annotations/tokenize';
import { validateDocument } from '../../annotations/validate';
import { openProject } from '../../electron/store';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';
import { Run, op } from './randomEdits';

afterAll(removeTempDirs);

/** A change's answer now (a status set), beside the same figures computed from every mention. */
function answerAndFull(service: QalamService, docId: string, who: string) {
  const answer = service.call('documents.setStatus', { docId, status: 'in-progress' }).document;
  const store = service.store;
  const text = store.getDocument(docId)!.text;
  const schema = service.call('session.get', {}).schema;
  const full = {
    progress: wordCoverage(text, store.mentionSpans(docId, who)),
    problems: validateDocument(schema, store.listMentions(docId, who), store.listEvents(docId, who), store.listRelations(docId, who), text),
  };
  return { answer: { progress: answer.summary.progress, problems: answer.problems }, full };
}

describe('a change answer\'s list row and problems, kept up to date', () => {
  it('equal a full recomputation after random edits of every kind', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const run = new Run();
        try {
          for (const o of ops) {
            run.apply(o);
            const { answer, full } = answerAndFull(run.service, run.docId, run.annotator);
            expect(answer).toEqual(full);
          }
        } finally {
          run.service.close();
        }
      }),
      {
        numRuns: 40,
        // One run that surely meets each kind of mention validation must read, each alone: one
        // with an attribute the schema then drops (its type kept), one of a type it drops, two a
        // relation and an event point at (known types); then edits, undone and redone.
        examples: [
          [
            [
              { k: 'create', word: 0, type: 2 },
              { k: 'attribute', pick: 0, value: 0 },
              { k: 'create', word: 1, type: 0 },
              { k: 'create', word: 2, type: 1 },
              { k: 'create', word: 3, type: 1 },
              { k: 'relation', a: 2, b: 3 },
              { k: 'event', word: 4, arg: 2 },
              { k: 'schema', drop: [0], extra: true },
              { k: 'retype', pick: 3, type: 0 },
              { k: 'delete', pick: 1 },
              { k: 'undo' },
              { k: 'undo' },
              { k: 'redo' },
              { k: 'schema', drop: [], extra: false },
              { k: 'attribute', pick: 0, value: 2 },
            ],
          ],
        ],
      },
    );
  });

  it('reads the set again after another process wrote to it, and is not fooled by a rolled-back write', () => {
    const dir = tempDir('qalam-live-');
    writeFiles(dir, { 'in/kz.txt': 'בקזחסטן טוקאייב פגש את פוטין באלמטי' });
    const file = join(dir, 'p.qalam');
    const service = initProject(file, { now: fakeClock() });
    try {
      service.call('session.setAnnotator', { name: 'dana' });
      const docId = service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported[0]!.id;
      const first = service.call('mentions.create', { docId, type: 'PER', start: 8, end: 15 }).document.summary.progress;
      expect(first).toBeCloseTo(1 / 6);
      // Another process (the CLI) adds a mention: this connection's journal cannot see it.
      const other = openProject(file);
      other.insertMention({ docId, type: 'GPE', start: 0, end: 7, annotator: 'dana', origin: 'import', createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' });
      other.close();
      let r = answerAndFull(service, docId, 'dana');
      expect(r.answer).toEqual(r.full);
      expect(r.answer.progress).toBeCloseTo(2 / 6);
      // A write rolled back leaves no trace in the figures.
      expect(() =>
        service.store.transaction(() => {
          service.store.insertMention({ docId, type: 'LOC', start: 31, end: 36, annotator: 'dana', origin: 'import', createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' });
          throw new Error('abandoned');
        }),
      ).toThrow('abandoned');
      r = answerAndFull(service, docId, 'dana');
      expect(r.answer).toEqual(r.full);
      expect(r.answer.progress).toBeCloseTo(2 / 6);
    } finally {
      service.close();
    }
  });
});
