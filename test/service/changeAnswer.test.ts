import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

/**
 * A change's answer carries its document's list row (contract.ts DocumentChange). That row comes
 * from the document the change read, never from the documents table: there the columns after
 * `text` (lang, dir, length, imported at) lie past the text's overflow pages, which SQLite follows
 * one by one to reach them (8.6 ms of CPU per label at 20 MB; issue 15). The row must still be
 * exactly the one documents.list gives.
 */
let service: QalamService;

beforeEach(() => {
  const dir = tempDir('qalam-change-answer-');
  writeFiles(dir, { 'in/a.txt': 'אחת שתיים שלוש ארבע חמש שש', 'in/b.txt': 'واحد اثنان ثلاثة أربعة خمسة' });
  service = initProject(join(dir, 'p.qalam'), { name: 'Answers', now: fakeClock() });
  service.call('documents.importPaths', { paths: [join(dir, 'in')] });
  service.call('session.setAnnotator', { name: 'dana' });
  return () => {
    if (service.store.isOpen) service.close();
  };
});

describe("a change's answer", () => {
  it('gives the list row documents.list gives, without listing the documents table', () => {
    const docId = service.call('documents.list', {}).find((d) => d.lang === 'ar')!.id;
    const type = service.call('session.get', {}).schema.entityTypes[0]!.name;
    // the document read once, as the window's open does
    service.call('documents.get', { id: docId });
    const listed = vi.spyOn(service.store, 'listDocuments');
    const created = service.call('mentions.create', { docId, type, start: 0, end: 4 });
    const deleted = service.call('mentions.delete', { id: created.mention.id });
    const undone = service.call('history.undo', { docId });
    expect(listed).not.toHaveBeenCalled();
    listed.mockRestore();
    const [row] = service.call('documents.list', { ids: [docId] });
    expect(undone.document.summary).toEqual(row);
    expect(row).toMatchObject({ lang: 'ar', dir: 'rtl', mentionCount: 1 });
    expect(created.document.summary).toEqual({ ...row });
    expect(deleted.document.summary).toMatchObject({ ...row, mentionCount: 0, progress: 0, status: row!.status });
  });
});
