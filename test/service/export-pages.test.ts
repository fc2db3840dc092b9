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

  /**
   * What the export's bound relies on (the bench's capped child process shows the bound itself):
   * it reads the documents' rows a page at a time as it writes, and each text once, when its
   * document is written, never the corpus's rows or texts ahead. A spy on the store counts the
   * pages a pass over the documents has read when each text is read: the page holding that
   * document, never one further (a split makes two passes: the ids, then the records).
   */
  function pagesAhead(call: () => void): { texts: string[]; pagesRead: number; worst: number } {
    const store = service.store;
    const order = new Map(store.listDocuments().map((d, i) => [d.id, i] as const));
    let pagesRead = 0;
    let pass = 0;
    let worst = 0;
    const texts: string[] = [];
    const pages = store.documentPages.bind(store);
    const get = store.getDocument.bind(store);
    store.documentPages = function* (size?: number) {
      expect(size ?? 500).toBeLessThanOrEqual(500);
      pass = 0;
      for (const page of pages(size)) {
        pagesRead++;
        pass++;
        yield page;
      }
    };
    store.getDocument = (id: string) => {
      texts.push(id);
      // the pages read beyond the one that holds this document
      worst = Math.max(worst, pass - (Math.floor((order.get(id) as number) / 500) + 1));
      return get(id);
    };
    try {
      call();
    } finally {
      delete (store as { documentPages?: unknown }).documentPages;
      delete (store as { getDocument?: unknown }).getDocument;
    }
    return { texts, pagesRead, worst };
  }

  it('holds one page of rows and one text at a time: JSONL, brat, CoNLL, with a split', () => {
    const ids = service.store.listDocuments().map((d) => d.id);
    for (const [name, args] of [
      ['jsonl', { format: 'jsonl', out: join(dir, 'held.jsonl') }],
      ['brat', { format: 'brat', out: join(dir, 'held-brat'), annotator: 'dana' }],
      ['conll', { format: 'conll', out: join(dir, 'held.conll'), annotator: 'dana' }],
      ['split', { format: 'jsonl', out: join(dir, 'held-split'), annotator: 'dana', split: 'train=0.8,test=0.2', seed: 3 }],
    ] as const) {
      const seen = pagesAhead(() => service.call('export.run', args as never));
      expect(seen.worst, name).toBe(0);
      // every text read once, in list order (one at a time, as its document is written)
      expect(seen.texts, name).toEqual(ids);
      expect(seen.pagesRead, name).toBeLessThanOrEqual(name === 'split' ? 6 : 3);
    }
    const text = pagesAhead(() => writeNativeJsonl(service.store, join(dir, 'held-native.jsonl'), { overwrite: true }));
    expect(text.worst).toBe(0);
    expect(text.texts).toEqual(ids);
  });

  it("an annotator's events and relations are written, another's missing ones not read per document", () => {
    const store = service.store;
    const now = new Date(0).toISOString();
    // omar alone has an event and a relation, in one document of the last page; dana has neither
    const doc = store.listDocuments()[1_200]!;
    const added = store.transaction(() => {
      // ids out of span order (the export reads a set in id order and sorts it by span)
      const b = store.insertMention({ docId: doc.id, type: 'LOC', start: 5, end: 9, annotator: 'omar', origin: 'import', createdAt: now, updatedAt: now });
      const a = store.insertMention({ docId: doc.id, type: 'PER', start: 0, end: 4, annotator: 'omar', origin: 'import', createdAt: now, updatedAt: now });
      const e = store.insertEvent({ docId: doc.id, type: 'Meet', triggerStart: 0, triggerEnd: 4, arguments: [{ role: 'Agent', mentionId: b.id }], annotator: 'omar', origin: 'import', createdAt: now, updatedAt: now });
      const r = store.insertRelation({ docId: doc.id, type: 'Rel', arg1: a.id, arg2: b.id, annotator: 'omar', origin: 'import', createdAt: now, updatedAt: now });
      return { e, r, a, b };
    });
    const reads = { events: 0, relations: 0 };
    const events = store.listEvents.bind(store);
    const relations = store.listRelations.bind(store);
    store.listEvents = (docId, annotator) => {
      reads.events++;
      return events(docId, annotator);
    };
    store.listRelations = (docId, annotator) => {
      reads.relations++;
      return relations(docId, annotator);
    };
    try {
      // every annotator: the same bytes as the records read whole (omar's event and relation in them)
      const out = join(dir, 'links.jsonl');
      service.call('export.run', { format: 'jsonl', out });
      // read for omar's sets only
      const omarSets = store.listDocuments().filter((d) => store.annotatorsOfDocument(d.id).includes('omar')).length;
      expect(omarSets).toBeGreaterThan(200);
      expect(reads).toEqual({ events: omarSets, relations: omarSets });
      Object.assign(reads, { events: 0, relations: 0 });
      const expected = reference();
      expect(readFileSync(out, 'utf8')).toBe(expected);
      expect(expected).toContain(`"events":[{"id":"${added.e.id}"`);
      expect(expected).toContain(`"relations":[{"id":"${added.r.id}"`);
      // dana's export reads no event or relation list
      Object.assign(reads, { events: 0, relations: 0 });
      service.call('export.run', { format: 'jsonl', out: join(dir, 'links-dana.jsonl'), annotator: 'dana' });
      expect(reads).toEqual({ events: 0, relations: 0 });
    } finally {
      delete (store as { listEvents?: unknown }).listEvents;
      delete (store as { listRelations?: unknown }).listRelations;
      store.transaction(() => {
        store.deleteEvent(added.e.id);
        store.deleteRelation(added.r.id);
        store.deleteMention(added.a.id);
        store.deleteMention(added.b.id);
      });
    }
  });

  it('only the documents done: the same documents as before, every one examined', () => {
    const out = join(dir, 'done');
    const report = service.call('export.run', { format: 'brat', out, annotator: 'dana', documents: 'done' });
    expect(report.documents).toBe(Math.ceil(N / 7));
  });
});
