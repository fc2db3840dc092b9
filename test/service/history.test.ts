/**
 * The undo history never gets stuck (issue 10, item 6): imports are undo steps, a forced schema
 * change leaves the history usable, and a step that can no longer apply is skipped with a
 * sentence and dropped, so the steps before it stay reachable.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSlice } from '../../annotations/text';
import { NEWS_SCHEMA } from '../../annotations/news';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

// "In Kazakhstan Tokayev met Putin"
const TEXT = 'בקזחסטן טוקאייב פגש את פוטין';
//            0      7 8      15 16  19 20 23 24   28

let service: QalamService;
let docId: string;
let dir: string;

beforeEach(() => {
  dir = tempDir('qalam-history-');
  writeFiles(dir, { 'in/kz.txt': TEXT });
  service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  service.call('session.setAnnotator', { name: 'dana' });
  docId = service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported[0]!.id;
});

function spans(): string[] {
  return service.call('mentions.list', { docId }).map((m) => `${m.type}:${m.start}-${m.end}`);
}

/** A native JSONL file of dana's annotations of the text (import.run). */
function jsonlFile(entities: [string, number, number][], relations: [string, number, number][] = []): string {
  const file = join(dir, `import-${Math.random().toString(36).slice(2)}.jsonl`);
  const rec = {
    id: 'kz',
    name: 'kz',
    text: TEXT,
    annotator: 'dana',
    entities: entities.map(([type, start, end], i) => ({ id: `T${i + 1}`, type, start, end, text: cpSlice(TEXT, start, end) })),
    relations: relations.map(([type, a, b], i) => ({ id: `R${i + 1}`, type, arg1: `T${a + 1}`, arg2: `T${b + 1}` })),
  };
  writeFileSync(file, `${JSON.stringify(rec)}\n`);
  return file;
}

/** Undo until there is nothing left; every step must apply (no error, nothing skipped). */
function undoAll(): number {
  let n = 0;
  while (service.call('history.state', { docId }).canUndo) {
    const r = service.call('history.undo', { docId });
    expect(r.skipped).toBeUndefined();
    n++;
    if (n > 100) throw new Error('undo does not end');
  }
  return n;
}

describe('imports are undo steps', () => {
  it('an import that re-creates a span the user deleted: undo takes the import back, then the delete (was: "there is already a GPE mention", for good)', () => {
    const id = service.call('mentions.create', { docId, type: 'GPE', start: 1, end: 7 }).mention.id;
    service.call('mentions.delete', { id });
    const r = service.call('import.run', { format: 'jsonl', paths: [jsonlFile([['GPE', 1, 7]])] });
    expect(r.mentions).toBe(1);
    expect(spans()).toEqual(['GPE:1-7']);
    service.call('history.undo', { docId }); // the import
    expect(spans()).toEqual([]);
    service.call('history.undo', { docId }); // the delete
    expect(service.call('mentions.list', { docId }).map((m) => m.id)).toEqual([id]);
    service.call('history.undo', { docId }); // the create
    expect(spans()).toEqual([]);
    expect(service.call('history.state', { docId })).toEqual({ canUndo: false, canRedo: true });
    // and forward again, to the imported mention
    for (let i = 0; i < 3; i++) service.call('history.redo', { docId });
    expect(spans()).toEqual(['GPE:1-7']);
    expect(service.call('history.state', { docId })).toEqual({ canUndo: true, canRedo: false });
  });

  it('an imported relation between mentions the user created: undo removes the relation first (was: FOREIGN KEY constraint failed, for good)', () => {
    service.call('mentions.create', { docId, type: 'PER', start: 8, end: 15 });
    service.call('mentions.create', { docId, type: 'PER', start: 24, end: 28 });
    const r = service.call('import.run', { format: 'jsonl', paths: [jsonlFile([['PER', 8, 15], ['PER', 24, 28]], [['PER-SOC', 0, 1]])] });
    expect([r.mentions, r.duplicates, r.relations]).toEqual([0, 2, 1]);
    expect(service.call('relations.list', { docId })).toHaveLength(1);
    expect(undoAll()).toBe(3);
    expect(spans()).toEqual([]);
    expect(service.call('relations.list', { docId })).toEqual([]);
  });

  it('an import is one step per document and set, also for a new document, and it keeps the redo stack rule', () => {
    const other = 'מסמך אחר לגמרי';
    const file = join(dir, 'new.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'n', name: 'n', text: other, annotator: 'noa', entities: [{ id: 'T1', type: 'PER', start: 0, end: 4, text: 'מסמך' }], status: 'done' })}\n`);
    const r = service.call('import.run', { format: 'jsonl', paths: [file] });
    const newId = r.imported[0]!.id;
    service.call('session.setAnnotator', { name: 'noa' });
    expect(service.call('history.state', { docId: newId })).toEqual({ canUndo: true, canRedo: false });
    const undone = service.call('history.undo', { docId: newId });
    expect(undone.steps.map((s) => `${s.target}:${s.kind}`)).toEqual(['document:update', 'mention:delete']);
    expect(service.call('annotations.list', { docId: newId }).mentions).toEqual([]);
    expect(service.call('documents.meta', { docId: newId }).status).toBe('not-started');
    expect(service.call('history.state', { docId: newId })).toEqual({ canUndo: false, canRedo: true });
  });
});

describe('schema changes never jam the history', () => {
  it('after a forced schema change removed a type in use, undo restores a deleted mention of that type (was: unknown entity type, for good)', () => {
    const id = service.call('mentions.create', { docId, type: 'GPE', start: 1, end: 7 }).mention.id;
    const noGpe = { entityTypes: NEWS_SCHEMA.entityTypes.filter((t) => t.name === 'PER' || t.name === 'ORG') };
    service.call('schema.replace', { json: JSON.stringify(noGpe), force: true });
    service.call('mentions.delete', { id });
    expect(spans()).toEqual([]);
    service.call('history.undo', { docId });
    expect(spans()).toEqual(['GPE:1-7']);
    // kept like the forced change kept it; validation reports it
    expect(service.call('documents.validate', { docId }).map((p) => p.kind)).toEqual(['unknown-entity-type']);
    service.call('history.undo', { docId });
    expect(spans()).toEqual([]);
    expect(service.call('history.state', { docId })).toEqual({ canUndo: false, canRedo: true });
  });
});

describe('a step that can no longer apply is skipped with a message, never blocks the rest', () => {
  it('undo skips a restore that another mention took the place of, drops it, and undoes the step before it', () => {
    const id = service.call('mentions.create', { docId, type: 'GPE', start: 1, end: 7 }).mention.id;
    service.call('mentions.delete', { id });
    // What an import did before imports were logged: a mention outside the history.
    service.store.insertMention({ docId, type: 'GPE', start: 1, end: 7, annotator: 'dana', origin: 'import', createdAt: 'x', updatedAt: 'x' });
    const r = service.call('history.undo', { docId });
    expect(r.skipped).toEqual([
      'Skipped a step that can no longer be undone (restoring the GPE mention at 1–7): there is already a GPE mention at 1–7 (mention 2). It was removed from the history.',
    ]);
    // the create before it was undone in the same call (its mention is gone already: nothing to do)
    expect(r.steps.map((s) => `${s.target}:${s.id}:${s.kind}`)).toEqual([`mention:${id}:delete`]);
    expect([r.canUndo, r.canRedo]).toEqual([false, true]);
    expect(spans()).toEqual(['GPE:1-7']);
    expect(service.store.changeLog(docId, 'dana').map((e) => e.kind)).toEqual(['create']);
  });

  it('undo skips a delete that another annotation still refers to, in plain words (not the SQLite message)', () => {
    service.call('mentions.create', { docId, type: 'PER', start: 8, end: 15 });
    const b = service.call('mentions.create', { docId, type: 'PER', start: 24, end: 28 }).mention.id;
    const a = service.call('mentions.list', { docId })[0]!.id;
    service.store.insertRelation({ docId, type: 'PER-SOC', arg1: a, arg2: b, annotator: 'dana', origin: 'import', createdAt: 'x', updatedAt: 'x' });
    const r = service.call('history.undo', { docId });
    // the first create is next, and is stuck the same way: both skipped; nothing is left to undo
    expect(r.skipped).toEqual([
      'Skipped a step that can no longer be undone (removing the PER mention at 24–28): another annotation refers to it, or one it refers to is gone. It was removed from the history.',
      'Skipped a step that can no longer be undone (removing the PER mention at 8–15): another annotation refers to it, or one it refers to is gone. It was removed from the history.',
    ]);
    expect(r.skipped!.join(' ')).not.toMatch(/FOREIGN KEY|SQLITE|constraint/i);
    expect(r.steps).toEqual([]);
    expect(service.call('history.state', { docId })).toEqual({ canUndo: false, canRedo: false });
    expect(() => service.call('history.undo', { docId })).toThrow(/nothing to undo/);
    expect(spans()).toEqual(['PER:8-15', 'PER:24-28']);
  });

  it('redo skips a step that can no longer apply the same way', () => {
    service.call('mentions.create', { docId, type: 'GPE', start: 1, end: 7 });
    service.call('mentions.create', { docId, type: 'PER', start: 8, end: 15 });
    service.call('history.undo', { docId });
    service.call('history.undo', { docId });
    service.store.insertMention({ docId, type: 'GPE', start: 1, end: 7, annotator: 'dana', origin: 'import', createdAt: 'x', updatedAt: 'x' });
    const r = service.call('history.redo', { docId });
    expect(r.skipped).toEqual([
      'Skipped a step that can no longer be redone (restoring the GPE mention at 1–7): there is already a GPE mention at 1–7 (mention 3). It was removed from the history.',
    ]);
    expect(r.steps.map((s) => `${s.target}:${s.kind}`)).toEqual(['mention:create']);
    expect(spans()).toEqual(['GPE:1-7', 'PER:8-15']);
    expect([r.canUndo, r.canRedo]).toEqual([true, false]);
  });
});
