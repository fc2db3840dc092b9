/**
 * The export reads the documents a page at a time (store.documentPages) instead of listing the
 * corpus first, so that its memory does not grow with the corpus (issue 15). Its output must be
 * byte-identical to the records built over the whole list, in list order: checked across several
 * page boundaries (1,203 documents, pages of 500), for export.run's JSONL file, the native JSONL
 * writer and export.text, with a status-only set, documents without any set and two annotators.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringifyNativeRecord } from '../../annotations/formats/jsonl';
import { initProject, writeNativeJsonl, type QalamService } from '../../electron/service';
import { nativeRecord } from '../../electron/service/export';
import { fakeClock, removeTempDirs, tempDir } from '../store/helpers';

const N = 1_203;
let dir: string;
let service: QalamService;

beforeAll(() => {
  dir = tempDir('qalam-export-pages-');
  service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  service.call('session.setAnnotator', { name: 'dana' });
  const store = service.store;
  const now = new Date(0).toISOString();
  store.transaction(() => {
    store.ensureAnnotator('dana', now);
    store.ensureAnnotator('omar', now);
    const docs = Array.from({ length: N }, (_, i) => {
      const text = `${i % 2 === 0 ? 'שלום עולם' : 'مرحبا بالعالم'} ${i}\n`;
      // ids out of import order, so that list order (seq) and id order differ
      const id = `d${String((i * 7919) % 100_000).padStart(15, '0')}`;
      return { id, name: `doc-${i}`, sourcePath: null, sha256: `${id}${'0'.repeat(48)}`, text, lang: (i % 2 === 0 ? 'he' : 'ar') as 'he' | 'ar', dir: 'rtl' as const, length: [...text].length, importedAt: now };
    });
    store.insertDocuments(docs);
    docs.forEach((d, i) => {
      if (i % 3 === 0) store.insertMention({ docId: d.id, type: 'PER', start: 0, end: 4, annotator: 'dana', origin: 'import', createdAt: now, updatedAt: now });
      if (i % 5 === 0) store.insertMention({ docId: d.id, type: 'ORG', start: 5, end: 9, annotator: 'omar', origin: 'import', createdAt: now, updatedAt: now });
      if (i % 7 === 0) store.putDocumentMeta({ docId: d.id, annotator: 'dana', status: 'done', flags: ['review'], note: 'n', updatedAt: now });
    });
  });
});
afterAll(() => {
  service.close();
  removeTempDirs();
});

/** The export as it was built before the pages: over the whole list, in its order. */
function reference(only?: string): string {
  const store = service.store;
  let out = '';
  for (const info of store.listDocuments()) {
    const doc = store.getDocument(info.id)!;
    const annotators = store.annotatorsOfDocument(doc.id).filter((a) => only === undefined || a === only);
    for (const a of annotators.length === 0 ? [null] : annotators) out += `${stringifyNativeRecord(nativeRecord(store, doc, a))}\n`;
  }
  return out;
}

describe('export a page of documents at a time', () => {
  it('documentPages gives the list, in its order, page by page', () => {
    const pages = [...service.store.documentPages(500)];
    expect(pages.map((p) => p.length)).toEqual([500, 500, 203]);
    expect(pages.flat()).toEqual(service.store.listDocuments());
    expect([...service.store.documentPages(N)].map((p) => p.length)).toEqual([N]);
    expect(service.store.documentCount()).toBe(N);
  });

  it('export.run jsonl is byte-identical to the whole-list export, and reports its progress to the end', () => {
    const seen: number[] = [];
    service.progress = (what, done, total) => {
      expect(what).toBe('export');
      expect(total).toBe(N);
      seen.push(done);
    };
    const out = join(dir, 'all.jsonl');
    const report = service.call('export.run', { format: 'jsonl', out });
    service.progress = null;
    const expected = reference();
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(report.documents).toBe(N);
    expect(report.records).toBe(expected.split('\n').length - 1);
    expect(seen.at(-1)).toBe(N);
  });

  it('one annotator, the native writer and export.text give the same bytes', () => {
    const out = join(dir, 'dana.jsonl');
    service.call('export.run', { format: 'jsonl', out, annotator: 'dana' });
    const dana = readFileSync(out, 'utf8');
    const lines = dana.split('\n').length - 1;
    expect(lines).toBe(N);
    const written = join(dir, 'native.jsonl');
    writeNativeJsonl(service.store, written);
    expect(readFileSync(written, 'utf8')).toBe(reference());
    expect(service.call('export.text', { annotator: 'dana' }).text).toBe(reference('dana'));
  });

  it('only the documents done: the same documents as before, every one examined', () => {
    const out = join(dir, 'done');
    const report = service.call('export.run', { format: 'brat', out, annotator: 'dana', documents: 'done' });
    expect(report.documents).toBe(Math.ceil(N / 7));
  });
});
