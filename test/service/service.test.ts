import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { NEWS_SCHEMA } from '../../annotations/news';
import { cpSlice } from '../../annotations/text';
import type { ApiError, Result } from '../../electron/contract';
import { ServiceError, initProject, openService, toApiError, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

// Hebrew with an emoji (a non-BMP character: two UTF-16 units, one code point) before the words.
const EMOJI_TEXT = 'a😀 שלום עולם\nשורה שנייה';
// "שָׁלוֹם" with niqqud: ש + shin dot + qamats, ל, ו + holam, ם.
const NIQQUD_TEXT = 'שָׁלוֹם לכם';

let dir: string;
let file: string;
let service: QalamService;
let docId: string;
let niqqudId: string;

function reopen(): void {
  service.close();
  service = openService(file, { now: fakeClock(Date.UTC(2025, 0, 1)) });
}

function fail(r: Result<unknown>): ApiError {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function create(type: string, start: number, end: number, id = docId) {
  return service.call('mentions.create', { docId: id, type, start, end });
}

function spans(id = docId): string[] {
  return service.call('mentions.list', { docId: id }).map((m) => `${m.id}:${m.type}:${m.start}-${m.end}`);
}

beforeEach(() => {
  dir = tempDir('qalam-svc-');
  file = join(dir, 'p.qalam');
  writeFiles(dir, { 'in/emoji.txt': EMOJI_TEXT, 'in/niqqud.txt': NIQQUD_TEXT });
  service = initProject(file, { name: 'Test corpus', now: fakeClock() });
  const report = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
  docId = report.imported.find((d) => d.name === 'emoji')?.id as string;
  niqqudId = report.imported.find((d) => d.name === 'niqqud')?.id as string;
  return () => service.close();
});

describe('session', () => {
  it('starts with no annotator, the default schema at version 1 and the given name', () => {
    const s = service.call('session.get', {});
    expect(s).toEqual({
      projectPath: file,
      projectName: 'Test corpus',
      annotator: null,
      annotators: [],
      schema: JSON.parse(JSON.stringify(NEWS_SCHEMA)),
      schemaVersion: 1,
    });
  });

  it('trims the annotator name, records it, and keeps it across a reopen', () => {
    expect(service.call('session.setAnnotator', { name: '  Dana Levi \t' }).annotator).toBe('Dana Levi');
    service.call('session.setAnnotator', { name: 'عمر' });
    service.call('session.setAnnotator', { name: 'Dana Levi' });
    reopen();
    const s = service.call('session.get', {});
    expect(s.annotator).toBe('Dana Levi');
    expect(s.annotators).toEqual(['Dana Levi', 'عمر']);
  });

  it('refuses empty, too long and control-character names', () => {
    for (const name of ['', '   ', 'x'.repeat(65), 'a\u0007b', 'a\nb', 'tab\there', 'nul\u0000']) {
      const e = fail(service.dispatch('session.setAnnotator', { name }));
      expect(e.code, JSON.stringify(name)).toBe('invalid-argument');
    }
    // 64 code points is fine even when they are astral (128 UTF-16 units).
    expect(ok<{ annotator: string }>(service.dispatch('session.setAnnotator', { name: '😀'.repeat(64) })).annotator).toBe('😀'.repeat(64));
  });

  it("session.boot answers the session and the document list's first page in one call, as session.get and documents.page do", () => {
    // Before anyone annotates: no annotator, every document not started.
    const first = service.call('session.boot', {});
    expect(first).toEqual({ session: service.call('session.get', {}), documents: service.call('documents.page', { limit: 100 }) });
    expect(first.session.annotator).toBeNull();
    expect(first.documents.rows.map((d) => d.name)).toEqual(['emoji', 'niqqud']);
    expect([first.documents.total, first.documents.all, first.documents.own]).toEqual([2, 2, 0]);
    expect(first.documents.rows.every((d) => d.status === 'not-started' && d.mentionCount === 0)).toBe(true);
    expect('project' in first).toBe(false);
    // With an annotator and a mention: the rows carry that annotator's counts, progress and status.
    service.call('session.setAnnotator', { name: 'dana' });
    service.call('mentions.create', { docId, type: 'PER', start: 3, end: 7 });
    service.call('documents.setStatus', { docId, status: 'in-progress' });
    const boot = service.call('session.boot', {});
    expect(boot.session).toEqual(service.call('session.get', {}));
    expect(boot.session.annotator).toBe('dana');
    expect(boot.documents).toEqual(service.call('documents.page', { limit: 100 }));
    const row = boot.documents.rows.find((d) => d.id === docId);
    expect(row).toMatchObject({ mentionCount: 1, status: 'in-progress' });
    expect(row!.progress).toBeGreaterThan(0);
    expect(fail(service.dispatch('session.boot', { extra: 1 })).code).toBe('invalid-argument');
  });

  it('requires an annotator for mentions and history', () => {
    expect(fail(service.dispatch('mentions.create', { docId, type: 'PER', start: 3, end: 7 })).code).toBe('no-annotator');
    expect(fail(service.dispatch('mentions.list', { docId })).code).toBe('no-annotator');
    expect(fail(service.dispatch('history.undo', { docId })).code).toBe('no-annotator');
    expect(service.call('history.state', { docId })).toEqual({ canUndo: false, canRedo: false });
  });
});

describe('dispatch answers errors as values', () => {
  it('refuses invalid arguments with invalid-argument (zod), naming the field', () => {
    const cases: [string, unknown][] = [
      ['mentions.create', { docId, type: 'PER', start: '3', end: 7 }],
      ['mentions.create', { docId, type: 'PER', start: -1, end: 7 }],
      ['mentions.create', { docId, type: 'PER', start: 1.5, end: 7 }],
      ['mentions.create', { docId, type: 'PER', start: 3 }],
      ['mentions.create', { docId, type: 'PER', start: 3, end: 7, extra: true }],
      ['documents.get', {}],
      ['documents.get', null],
      ['documents.get', 'abc'],
      ['documents.importPaths', { paths: [] }],
      ['documents.importPaths', { paths: 'seeds' }],
      ['session.get', { unexpected: 1 }],
      ['schema.replace', { json: 42 }],
    ];
    for (const [method, args] of cases) {
      const answer = service.dispatch(method, args);
      if (answer instanceof Promise) throw new Error(`${method} answered later`);
      const e = fail(answer);
      expect(e.code, `${method} ${JSON.stringify(args)}`).toBe('invalid-argument');
      expect(e.message).toContain(method);
    }
    expect(fail(service.dispatch('mentions.create', { docId, type: 'PER', start: '3', end: 7 })).message).toContain('start');
  });

  it('refuses an unknown method, also one inherited from Object', () => {
    expect(fail(service.dispatch('mentions.explode', {})).code).toBe('invalid-argument');
    expect(fail(service.dispatch('toString', {})).code).toBe('invalid-argument');
  });

  it('accepts undefined as no arguments', () => {
    expect(ok<{ projectName: string }>(service.dispatch('session.get', undefined)).projectName).toBe('Test corpus');
  });

  it('turns missing things into not-found', () => {
    service.call('session.setAnnotator', { name: 'dana' });
    expect(fail(service.dispatch('documents.get', { id: 'ffffffffffffffff' })).code).toBe('not-found');
    expect(fail(service.dispatch('mentions.update', { id: '999', type: 'PER' })).code).toBe('not-found');
    expect(fail(service.dispatch('mentions.delete', { id: 'not-a-number' })).code).toBe('not-found');
  });

  it('turns unexpected failures into internal, never throwing', () => {
    service.close();
    const e = fail(service.dispatch('session.get', {}));
    expect(e).toEqual({ code: 'internal', message: 'the project is closed' });
    expect(toApiError(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toApiError('a string')).toEqual({ code: 'internal', message: 'a string' });
    service = openService(file);
  });

  it('call() throws a ServiceError with the same code', () => {
    try {
      service.call('documents.get', { id: 'ffffffffffffffff' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ServiceError);
      expect((e as ServiceError).code).toBe('not-found');
    }
  });
});

describe('documents', () => {
  it('get adds one paragraph per line, with code-point ranges', () => {
    const view = service.call('documents.get', { id: docId });
    expect(view.text).toBe(EMOJI_TEXT);
    expect(view.length).toBe([...EMOJI_TEXT].length);
    expect(view.paragraphs.map((p) => cpSlice(view.text, p.start, p.end))).toEqual(['a😀 שלום עולם', 'שורה שנייה']);
    expect(view.paragraphs.map((p) => p.dir)).toEqual(['ltr', 'rtl']);
  });

  it('list reports the current annotator’s mention count and word coverage', () => {
    service.call('session.setAnnotator', { name: 'dana' });
    create('PER', 3, 7); // שלום
    create('LOC', 3, 12); // שלום עולם
    const mine = service.call('documents.list', {}).find((d) => d.id === docId);
    expect(mine?.mentionCount).toBe(2);
    expect(mine?.progress).toBeGreaterThan(0);
    expect(mine?.progress).toBeLessThan(1);
    // One document's row alone (after a change to it), the same as in the whole list.
    expect(service.call('documents.list', { ids: [docId, 'ffffffffffffffff'] })).toEqual([mine]);
    expect(service.call('documents.list', { ids: [] })).toEqual([]);
    service.call('session.setAnnotator', { name: 'omar' });
    const theirs = service.call('documents.list', {});
    expect(theirs.map((d) => [d.name, d.mentionCount, d.progress])).toEqual([
      ['emoji', 0, 0],
      ['niqqud', 0, 0],
    ]);
  });
});

describe('document progress', () => {
  it('is kept in the project and read back by the next session while the spans are unchanged', () => {
    service.call('session.setAnnotator', { name: 'dana' });
    create('PER', 3, 7); // שלום
    const first = service.call('documents.list', {}).find((d) => d.id === docId)!.progress;
    expect(first).toBeGreaterThan(0);
    const stored = service.store.storedProgress('dana').get(docId);
    expect(stored?.progress).toBeCloseTo(first, 10);
    // A figure only the store has: the next session must read it rather than tokenise again.
    service.store.storeProgress('dana', [{ docId, stamp: stored!.stamp, progress: 0.125 }]);
    reopen();
    expect(service.call('documents.list', {}).find((d) => d.id === docId)!.progress).toBe(0.125);
    // The spans change: computed again, and kept.
    create('LOC', 8, 12); // עולם
    const after = service.call('documents.list', {}).find((d) => d.id === docId)!.progress;
    expect(after).toBeGreaterThan(first);
    expect(service.store.storedProgress('dana').get(docId)?.progress).toBeCloseTo(after, 10);
    // Another annotator has figures of their own.
    service.call('session.setAnnotator', { name: 'omar' });
    expect(service.call('documents.list', {}).find((d) => d.id === docId)!.progress).toBe(0);
  });

  it('ignores a stored figure of an older state of the set', () => {
    service.call('session.setAnnotator', { name: 'dana' });
    create('PER', 3, 7);
    const first = service.call('documents.list', {}).find((d) => d.id === docId)!.progress;
    const stored = service.store.storedProgress('dana').get(docId)!;
    // A figure kept at an older stamp (written before the set's last write) is not taken.
    service.store.storeProgress('dana', [{ docId, stamp: stored.stamp - 1, progress: 0.5 }]);
    expect(service.store.storedProgress('dana').get(docId)).toEqual(stored);
    service.close();
    const db = new Database(file);
    db.prepare('UPDATE set_counts SET progress = 0.5, progress_stamp = stamp - 1 WHERE doc_id = ?').run(docId);
    db.close();
    service = openService(file, { now: fakeClock(Date.UTC(2025, 0, 1)) });
    expect(service.call('documents.list', {}).find((d) => d.id === docId)!.progress).toBeCloseTo(first, 10);
  });
});

describe('mentions', () => {
  beforeEach(() => {
    service.call('session.setAnnotator', { name: 'dana' });
  });

  it('uses code-point offsets after a non-BMP character', () => {
    const { mention, history } = create('PER', 3, 7);
    expect(mention).toMatchObject({ docId, type: 'PER', start: 3, end: 7, annotator: 'dana', origin: 'manual' });
    expect(cpSlice(EMOJI_TEXT, mention.start, mention.end)).toBe('שלום');
    expect(history).toEqual({ canUndo: true, canRedo: false });
    // The same letters in UTF-16 units (4..8) are a different span: "שלום" shifted by one.
    const shifted = create('ORG', 4, 8).mention;
    expect(cpSlice(EMOJI_TEXT, shifted.start, shifted.end)).toBe('לום ');
    expect(spans()).toEqual([`${mention.id}:PER:3-7`, `${shifted.id}:ORG:4-8`]);
  });

  it('refuses a span that splits a grapheme cluster, or is empty or out of range', () => {
    for (const [start, end] of [
      [0, 1], // ש without its dot and qamats
      [0, 2],
      [1, 3],
      [2, 2],
      [0, 999],
    ] as const) {
      const e = fail(service.dispatch('mentions.create', { docId: niqqudId, type: 'PER', start, end }));
      expect(e.code, `${start}-${end}`).toBe('invalid-argument');
    }
    expect(create('PER', 0, 7, niqqudId).mention.end).toBe(7); // the whole word with its marks
  });

  it('refuses a type the schema does not have, listing the ones it has', () => {
    const e = fail(service.dispatch('mentions.create', { docId, type: 'ANIMAL', start: 3, end: 7 }));
    expect(e.code).toBe('invalid-argument');
    expect(e.message).toContain('ANIMAL');
    expect(e.message).toContain('PER, ORG, GPE');
  });

  it('refuses an exact duplicate as a conflict but allows the same span with another type', () => {
    create('PER', 3, 7);
    expect(fail(service.dispatch('mentions.create', { docId, type: 'PER', start: 3, end: 7 })).code).toBe('conflict');
    expect(create('GPE', 3, 7).mention.type).toBe('GPE');
    expect(spans()).toHaveLength(2);
  });

  it('updates and deletes only the annotator’s own mentions', () => {
    const m = create('PER', 3, 7).mention;
    const updated = service.call('mentions.update', { id: m.id, type: 'ORG' }).mention;
    expect(updated).toMatchObject({ id: m.id, type: 'ORG', createdAt: m.createdAt });
    expect(updated.updatedAt > m.updatedAt).toBe(true);
    expect(fail(service.dispatch('mentions.update', { id: m.id, type: 'ANIMAL' })).code).toBe('invalid-argument');

    service.call('session.setAnnotator', { name: 'omar' });
    expect(service.call('mentions.list', { docId })).toEqual([]);
    expect(service.call('mentions.list', { docId, annotator: 'dana' }).map((x) => x.id)).toEqual([m.id]);
    const e = fail(service.dispatch('mentions.update', { id: m.id, type: 'LOC' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('dana');
    expect(fail(service.dispatch('mentions.delete', { id: m.id })).code).toBe('conflict');

    service.call('session.setAnnotator', { name: 'dana' });
    expect(service.call('mentions.delete', { id: m.id })).toEqual({
      id: m.id,
      history: { canUndo: true, canRedo: false },
      eventsUpdated: [],
      relationsDeleted: [],
      document: { summary: service.call('documents.list', { ids: [m.docId] })[0], problems: [] },
    });
    expect(spans()).toEqual([]);
  });
});

describe('history', () => {
  beforeEach(() => {
    service.call('session.setAnnotator', { name: 'dana' });
  });

  it('undoes and redoes a sequence of changes step by step', () => {
    const a = create('PER', 3, 7).mention;
    const b = create('GPE', 8, 12).mention;
    service.call('mentions.update', { id: a.id, type: 'ORG' });
    service.call('mentions.delete', { id: b.id });
    expect(spans()).toEqual([`${a.id}:ORG:3-7`]);

    const u1 = service.call('history.undo', { docId }); // the delete of b
    expect(u1).toEqual({
      docId,
      kind: 'create',
      mention: b,
      mentionId: b.id,
      steps: [{ target: 'mention', id: b.id, kind: 'create', value: b }],
      canUndo: true,
      canRedo: true,
      document: { summary: expect.objectContaining({ id: docId, mentionCount: 2 }), problems: [] },
    });
    expect(spans()).toEqual([`${a.id}:ORG:3-7`, `${b.id}:GPE:8-12`]);

    const u2 = service.call('history.undo', { docId }); // the update of a
    expect(u2).toMatchObject({ kind: 'update', mentionId: a.id, mention: a });
    expect(spans()).toEqual([`${a.id}:PER:3-7`, `${b.id}:GPE:8-12`]);

    const u3 = service.call('history.undo', { docId }); // the create of b
    expect(u3).toMatchObject({ kind: 'delete', mention: null, mentionId: b.id, canUndo: true });
    const u4 = service.call('history.undo', { docId }); // the create of a
    expect(u4).toMatchObject({ kind: 'delete', mention: null, mentionId: a.id, canUndo: false, canRedo: true });
    expect(spans()).toEqual([]);
    expect(fail(service.dispatch('history.undo', { docId })).code).toBe('nothing-to-undo');

    expect(service.call('history.redo', { docId })).toMatchObject({ kind: 'create', mention: a, canUndo: true, canRedo: true });
    expect(service.call('history.redo', { docId })).toMatchObject({ kind: 'create', mention: b });
    expect(service.call('history.redo', { docId })).toMatchObject({ kind: 'update', mention: { id: a.id, type: 'ORG' } });
    expect(service.call('history.redo', { docId })).toMatchObject({ kind: 'delete', mention: null, mentionId: b.id, canRedo: false });
    expect(spans()).toEqual([`${a.id}:ORG:3-7`]);
    expect(fail(service.dispatch('history.redo', { docId })).code).toBe('nothing-to-redo');
  });

  it('survives closing and reopening the project, in both directions', () => {
    const a = create('PER', 3, 7).mention;
    const b = create('GPE', 8, 12).mention;
    service.call('mentions.delete', { id: a.id });
    service.call('history.undo', { docId }); // a is back
    reopen();
    expect(service.call('history.state', { docId })).toEqual({ canUndo: true, canRedo: true });
    expect(spans()).toEqual([`${a.id}:PER:3-7`, `${b.id}:GPE:8-12`]);
    expect(service.call('history.redo', { docId }).mention).toBeNull(); // a deleted again
    reopen();
    expect(service.call('history.undo', { docId })).toMatchObject({ kind: 'create', mention: a }); // same id back
    expect(service.call('history.undo', { docId })).toMatchObject({ kind: 'delete', mentionId: b.id });
    reopen();
    expect(spans()).toEqual([`${a.id}:PER:3-7`]);
    expect(service.call('history.state', { docId })).toEqual({ canUndo: true, canRedo: true });
  });

  it('a new change clears the redo stack', () => {
    const a = create('PER', 3, 7).mention;
    service.call('history.undo', { docId });
    expect(service.call('history.state', { docId }).canRedo).toBe(true);
    const c = create('LOC', 8, 12);
    expect(c.history).toEqual({ canUndo: true, canRedo: false });
    expect(fail(service.dispatch('history.redo', { docId })).code).toBe('nothing-to-redo');
    expect(spans()).toEqual([`${c.mention.id}:LOC:8-12`]);
    expect(service.call('history.undo', { docId }).mentionId).toBe(c.mention.id);
    expect(fail(service.dispatch('history.undo', { docId })).code).toBe('nothing-to-undo');
    expect(spans()).not.toContain(`${a.id}:PER:3-7`);
  });

  it('keeps one stack per document and per annotator', () => {
    const mine = create('PER', 3, 7).mention;
    create('PER', 0, 7, niqqudId);
    service.call('session.setAnnotator', { name: 'omar' });
    expect(service.call('history.state', { docId })).toEqual({ canUndo: false, canRedo: false });
    const theirs = create('PER', 3, 7).mention;
    expect(service.call('history.undo', { docId }).mentionId).toBe(theirs.id);
    expect(fail(service.dispatch('history.undo', { docId })).code).toBe('nothing-to-undo');
    service.call('session.setAnnotator', { name: 'dana' });
    expect(service.call('history.undo', { docId }).mentionId).toBe(mine.id);
    expect(service.call('history.state', { docId: niqqudId })).toEqual({ canUndo: true, canRedo: false });
  });
});

describe('schema', () => {
  const schemaJson = (...names: string[]): string =>
    JSON.stringify({ entityTypes: names.map((name, i) => ({ name, color: '#123456', hotkey: String(i + 1) })) }, null, 2);

  it('refuses to drop types in use, saying which and how many, and keeps the old schema', () => {
    service.call('session.setAnnotator', { name: 'dana' });
    create('PER', 3, 7);
    create('PER', 8, 12);
    create('GPE', 3, 12);
    const e = fail(service.dispatch('schema.replace', { json: schemaJson('ORG'), fileName: 'mine.json' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('GPE (1 mention)');
    expect(e.message).toContain('PER (2 mentions)');
    expect(e.file).toBe('mine.json');
    expect(service.call('session.get', {}).schemaVersion).toBe(1);
    expect(service.call('schema.get', {}).entityTypes).toHaveLength(12);
  });

  it('stores a replacement as a new version that persists', () => {
    const next = service.call('schema.replace', { json: schemaJson('PER', 'ANIMAL') });
    expect(next.entityTypes.map((t) => t.name)).toEqual(['PER', 'ANIMAL']);
    reopen();
    const s = service.call('session.get', {});
    expect(s.schemaVersion).toBe(2);
    expect(s.schema.entityTypes.map((t) => t.name)).toEqual(['PER', 'ANIMAL']);
    service.call('session.setAnnotator', { name: 'dana' });
    expect(create('ANIMAL', 3, 7).mention.type).toBe('ANIMAL');
  });

  it('reports invalid schema files with file and line', () => {
    const e = fail(service.dispatch('schema.replace', { json: '{\n  "entityTypes": [\n    {"name": "PER",, }\n  ]\n}', fileName: 'bad.json' }));
    expect(e.code).toBe('schema-invalid');
    expect(e.file).toBe('bad.json');
    expect(e.line).toBe(3);
    expect(e.message).toContain('bad.json:3');
  });

  it('redoes a mention whose type has since been dropped (the history never jams on the schema); validation reports it', () => {
    service.call('session.setAnnotator', { name: 'dana' });
    create('GPE', 3, 7);
    service.call('history.undo', { docId });
    service.call('schema.replace', { json: schemaJson('PER') });
    // Before: redo failed with "unknown entity type" for good while canRedo stayed true.
    const r = service.call('history.redo', { docId });
    expect(r.skipped).toBeUndefined();
    expect(spans()).toEqual(['1:GPE:3-7']);
    expect(service.call('history.state', { docId })).toEqual({ canUndo: true, canRedo: false });
    expect(service.call('documents.validate', { docId }).map((p) => p.kind)).toEqual(['unknown-entity-type']);
  });
});
