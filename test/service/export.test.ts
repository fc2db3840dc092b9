import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSlice } from '../../annotations/text';
import { NEWS_SCHEMA } from '../../annotations/news';
import {
  exportNativeJsonl,
  initProject,
  openOrCreateDefaultProject,
  writeNativeJsonl,
  type QalamService,
} from '../../electron/service';
import { REPO_ROOT, fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

const SEEDS = join(REPO_ROOT, 'seeds');
const KEYS = ['id', 'name', 'text', 'lang', 'annotator', 'entities', 'events', 'relations', 'status'];

interface Line {
  id: string;
  name: string;
  text: string;
  lang: string;
  annotator: string | null;
  entities: { id: string; type: string; start: number; end: number; text: string }[];
}

let dir: string;
let service: QalamService;
let he: string;
let ar: string;

function parse(out: string): Line[] {
  expect(out.endsWith('\n')).toBe(true);
  expect(out).not.toContain('\r');
  return out
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

function annotate(): void {
  service.call('session.setAnnotator', { name: 'zoe' });
  service.call('mentions.create', { docId: he, type: 'GPE', start: 30, end: 37 });
  service.call('session.setAnnotator', { name: 'dana' });
  service.call('mentions.create', { docId: he, type: 'PER', start: 13, end: 20 });
  service.call('mentions.create', { docId: he, type: 'GPE', start: 0, end: 4 });
}

beforeEach(() => {
  dir = tempDir('qalam-export-');
  service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  const r = service.call('documents.importPaths', { paths: [SEEDS] });
  he = r.imported.find((d) => d.lang === 'he')?.id as string;
  ar = r.imported.find((d) => d.lang === 'ar')?.id as string;
  return () => service.close();
});

describe('native JSONL export', () => {
  it('writes one line per document and annotator, unannotated documents once with annotator null', () => {
    annotate();
    const lines = parse(exportNativeJsonl(service.store));
    expect(lines.map((l) => [l.id, l.annotator, l.entities.length])).toEqual([
      [he, 'dana', 2],
      [he, 'zoe', 1],
      [ar, null, 0],
    ]);
    for (const l of lines) expect(Object.keys(l)).toEqual(KEYS);
    const dana = lines[0] as Line;
    expect(dana.entities.map((e) => [e.type, e.start, e.end])).toEqual([
      ['GPE', 0, 4],
      ['PER', 13, 20],
    ]);
    for (const l of lines) {
      for (const e of l.entities) {
        expect(Object.keys(e)).toEqual(['id', 'type', 'start', 'end', 'text']);
        expect(e.text).toBe(cpSlice(l.text, e.start, e.end));
      }
    }
  });

  it('can export one annotator', () => {
    annotate();
    const lines = parse(exportNativeJsonl(service.store, { annotator: 'zoe' }));
    expect(lines.map((l) => [l.id, l.annotator])).toEqual([
      [he, 'zoe'],
      [ar, null],
    ]);
    expect(() => exportNativeJsonl(service.store, { annotator: 'nobody' })).toThrow(/no annotator "nobody"/);
  });

  it('is what export.text answers (the CLI\'s --out -), through the dispatch and its validation', () => {
    annotate();
    expect(service.call('export.text', {})).toEqual({ text: exportNativeJsonl(service.store), lines: 3 });
    expect(service.call('export.text', { annotator: 'zoe' }).text).toBe(exportNativeJsonl(service.store, { annotator: 'zoe' }));
    expect(service.dispatch('export.text', { annotator: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(service.dispatch('export.text', { annotator: '' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('is byte-identical after re-importing the same files, and across projects', () => {
    annotate();
    const first = exportNativeJsonl(service.store);
    service.call('documents.importPaths', { paths: [SEEDS] });
    expect(exportNativeJsonl(service.store)).toBe(first);

    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock(Date.UTC(2030, 5, 5)) });
    try {
      other.call('documents.importPaths', { paths: [SEEDS] });
      service.close();
      service = other;
      annotate();
      // Mention ids are per project; in a project built the same way they are the same.
      expect(exportNativeJsonl(other.store)).toBe(first);
    } finally {
      other.close();
    }
  });

  it('writes a file atomically, replacing an older export, leaving no temporary file', () => {
    const out = join(dir, 'out', 'corpus.jsonl');
    writeFiles(dir, { 'out/corpus.jsonl': 'old content\n' });
    expect(() => writeNativeJsonl(service.store, out)).toThrow(/already exists; use --force/);
    expect(readFileSync(out, 'utf8')).toBe('old content\n');
    expect(writeNativeJsonl(service.store, out, { overwrite: true })).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(exportNativeJsonl(service.store));
    expect(readdirSync(join(dir, 'out'))).toEqual(['corpus.jsonl']);
  });

  it('on a write failure leaves the target untouched', () => {
    const missingFolder = join(dir, 'no', 'such', 'corpus.jsonl');
    expect(() => writeNativeJsonl(service.store, missingFolder)).toThrow(/cannot write/);
    expect(existsSync(missingFolder)).toBe(false);
  });

  it('export.run reads one document text at a time, in order, each just before its records (streamed: memory does not grow with the corpus)', () => {
    annotate();
    const store = service.store;
    const calls: string[] = [];
    const getDocument = store.getDocument.bind(store);
    const listMentions = store.listMentions.bind(store);
    store.getDocument = (id) => {
      calls.push(`text ${id}`);
      return getDocument(id);
    };
    const recordMentions = store.recordMentions.bind(store);
    store.listMentions = (docId, annotator) => {
      calls.push(`mentions ${docId}`);
      return listMentions(docId, annotator);
    };
    store.recordMentions = (docId, annotator) => {
      calls.push(`mentions ${docId}`);
      return recordMentions(docId, annotator);
    };
    try {
      for (const format of ['jsonl', 'conll'] as const) {
        calls.length = 0;
        service.call('export.run', { format, out: join(dir, `all-${format}`), annotator: 'dana' });
        const ids = store.listDocuments().map((d) => d.id);
        // Before: every text was read first (select), then the records; now text i comes after record i-1.
        expect(calls).toEqual(ids.flatMap((id) => [`text ${id}`, `mentions ${id}`]));
      }
    } finally {
      store.getDocument = getDocument;
      store.listMentions = listMentions;
      store.recordMentions = recordMentions;
    }
  });
});

describe('stats', () => {
  it('counts documents, languages, characters and mentions per type and annotator', () => {
    annotate();
    const s = service.stats();
    const texts = [he, ar].map((id) => service.call('documents.get', { id }).text);
    expect(s).toMatchObject({
      documents: 2,
      languages: { he: 1, ar: 1, other: 0 },
      characters: texts.reduce((n, t) => n + [...t].length, 0),
      mentions: 3,
      mentionsByAnnotator: { dana: 2, zoe: 1 },
      documentsWithAnnotations: 1,
      documentsWithoutAnnotations: 1,
      schemaVersion: 1,
    });
    expect(s.mentionsByType).toEqual({ PER: 1, ORG: 0, GPE: 2, LOC: 0, FAC: 0, WEA: 0, VEH: 0, TIME: 0, MONEY: 0, CRIME: 0, 'JOB-TITLE': 0, SENTENCE: 0 });
  });
});

describe('project bootstrap', () => {
  it('initProject refuses to overwrite an existing file, or to create in a missing folder', () => {
    const existing = join(dir, 'precious.txt');
    writeFileSync(existing, 'keep me');
    expect(() => initProject(existing)).toThrow(/already exists/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(() => initProject(join(dir, 'missing', 'p.qalam'))).toThrow(/does not exist/);
  });

  it('openOrCreateDefaultProject imports the seeds on first start only, and leaves no temporary files', () => {
    const file = join(dir, 'user', 'default.qalam');
    const first = openOrCreateDefaultProject(file, SEEDS);
    const docs = first.call('documents.list', {});
    expect(docs.map((d) => d.lang)).toEqual(['he', 'ar']);
    expect(first.call('session.get', {})).toMatchObject({ projectName: 'default', projectPath: file, schemaVersion: 1 });
    first.call('session.setAnnotator', { name: 'dana' });
    first.call('mentions.create', { docId: docs[0]?.id as string, type: 'PER', start: 0, end: 4 });
    first.close();
    expect(readdirSync(join(dir, 'user'))).toEqual(['default.qalam']);

    const second = openOrCreateDefaultProject(file, SEEDS);
    expect(second.call('documents.list', {}).map((d) => [d.lang, d.mentionCount])).toEqual([
      ['he', 1],
      ['ar', 0],
    ]);
    second.close();
  });

  it('a missing seed folder gives an empty project', () => {
    const s = openOrCreateDefaultProject(join(dir, 'empty.qalam'), join(dir, 'no-seeds'));
    expect(s.call('documents.list', {})).toEqual([]);
    expect(s.call('schema.get', {})).toEqual(JSON.parse(JSON.stringify(NEWS_SCHEMA)));
    s.close();
  });
});
