import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError, ImportReport, Result } from '../../electron/contract';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

const HE = 'שלום עולם. זהו מסמך בעברית.\n';
const AR = 'مرحبا بالعالم. هذه وثيقة عربية.\n';
const EN = 'Hello world. This is English.\n';
// "ok" on line 1, Hebrew on line 2, then a lone continuation byte on line 3.
const BAD_UTF8 = Buffer.concat([Buffer.from('ok\nשלום\nbad '), Buffer.from([0x80]), Buffer.from(' here\n')]);
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0]);

let dir: string;
let service: QalamService;

beforeEach(() => {
  dir = tempDir('qalam-import-');
  service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  return () => service.close();
});

function importPaths(...paths: string[]): Result<ImportReport> {
  return service.dispatch('documents.importPaths', { paths }) as Result<ImportReport>;
}

function failed(r: Result<unknown>): ApiError {
  if (r.ok) throw new Error('expected the import to fail');
  return r.error;
}

function names(): string[] {
  return service.call('documents.list', {}).map((d) => d.name);
}

describe('documents.importPaths', () => {
  it('imports nothing when one file of a folder is not UTF-8, naming that file and line', () => {
    writeFiles(dir, { 'in/a_good.txt': HE, 'in/b_bad.txt': BAD_UTF8, 'in/c_good.txt': AR });
    const e = failed(importPaths(join(dir, 'in')));
    expect(e.code).toBe('import-failed');
    expect(e.file).toBe(join(dir, 'in', 'b_bad.txt'));
    expect(e.line).toBe(3);
    expect(e.message).toContain(`${join(dir, 'in', 'b_bad.txt')}:3:`);
    expect(e.message).toContain('UTF-8');
    expect(names()).toEqual([]);
  });

  it('refuses empty and binary files, importing nothing', () => {
    writeFiles(dir, { 'e/good.txt': HE, 'e/empty.txt': '', 'b/good.txt': AR, 'b/image.txt': BINARY });
    const empty = failed(importPaths(join(dir, 'e')));
    expect(empty.message).toBe(`${join(dir, 'e', 'empty.txt')}: the file is empty`);
    const binary = failed(importPaths(join(dir, 'b')));
    expect(binary.file).toBe(join(dir, 'b', 'image.txt'));
    expect(binary.message).toContain('binary');
    expect(names()).toEqual([]);
  });

  it('is all or nothing across arguments too: a missing path after a good one imports nothing', () => {
    writeFiles(dir, { 'good.txt': HE });
    const missing = join(dir, 'nope.txt');
    const e = failed(importPaths(join(dir, 'good.txt'), missing));
    expect(e).toMatchObject({ code: 'import-failed', file: missing });
    expect(e.message).toBe(`${missing}: no such file or folder`);
    expect(names()).toEqual([]);
  });

  it('refuses an explicit non-.txt file but ignores non-.txt files inside folders', () => {
    writeFiles(dir, { 'notes.md': HE, 'in/readme.md': '# readme', 'in/data.json': '{}', 'in/doc.txt': HE, 'in/UPPER.TXT': AR });
    expect(failed(importPaths(join(dir, 'notes.md'))).message).toContain('not a .txt file');
    const r = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
    expect(r.imported.map((d) => d.name).sort()).toEqual(['UPPER', 'doc']);
  });

  it('refuses a folder without any .txt file', () => {
    writeFiles(dir, { 'in/readme.md': '# readme' });
    expect(failed(importPaths(join(dir, 'in'))).message).toContain('no .txt files');
  });

  it('walks folders recursively in path order and names documents after their files', () => {
    writeFiles(dir, { 'in/b.txt': 'b text', 'in/a/z.txt': 'az text', 'in/a/b/c.txt': 'abc text', 'in/c.txt': 'c text' });
    const r = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
    expect(r.imported.map((d) => relative(dir, d.sourcePath ?? ''))).toEqual([
      join('in', 'a', 'b', 'c.txt'),
      join('in', 'a', 'z.txt'),
      join('in', 'b.txt'),
      join('in', 'c.txt'),
    ]);
    expect(names()).toEqual(['c', 'z', 'b', 'c']);
  });

  it('normalises CRLF and lone CR to LF, drops a BOM, and hashes the stored text', () => {
    writeFiles(dir, { 'crlf.txt': '\uFEFFשורה אחת\r\nשורה שתיים\rשלוש\r\n' });
    const [doc] = service.call('documents.importPaths', { paths: [join(dir, 'crlf.txt')] }).imported;
    const stored = 'שורה אחת\nשורה שתיים\nשלוש\n';
    const sha = createHash('sha256').update(Buffer.from(stored, 'utf8')).digest('hex');
    expect(doc).toMatchObject({ name: 'crlf', sha256: sha, id: sha.slice(0, 16), length: [...stored].length, lang: 'he', dir: 'rtl' });
    expect(service.call('documents.get', { id: doc?.id as string }).text).toBe(stored);
  });

  it('hashes the stored text also when it hashes the bytes of the file (UTF-8 with or without a BOM, LF only, an astral character)', () => {
    writeFiles(dir, { 'bom.txt': '\uFEFFعربي 𝔸\nسطر\n', 'plain.txt': 'עברית 😀\nשורה\n' });
    const { imported } = service.call('documents.importPaths', { paths: [join(dir, 'bom.txt'), join(dir, 'plain.txt')] });
    for (const [doc, stored] of [[imported[0], 'عربي 𝔸\nسطر\n'], [imported[1], 'עברית 😀\nשורה\n']] as const) {
      const sha = createHash('sha256').update(Buffer.from(stored, 'utf8')).digest('hex');
      expect(doc).toMatchObject({ sha256: sha, id: sha.slice(0, 16), length: [...stored].length });
      expect(service.call('documents.get', { id: doc?.id as string }).text).toBe(stored);
    }
  });

  it('skips a text already in the project (same SHA-256), also when only its line ends differ', () => {
    writeFiles(dir, { 'a/he.txt': HE, 'b/he-copy.txt': HE.replace(/\n/g, '\r\n'), 'b/ar.txt': AR });
    const first = service.call('documents.importPaths', { paths: [join(dir, 'a')] });
    expect(first.skipped).toEqual([]);
    const second = service.call('documents.importPaths', { paths: [join(dir, 'b')] });
    expect(second.imported.map((d) => d.name)).toEqual(['ar']);
    expect(second.skipped).toEqual([
      { file: join(dir, 'b', 'he-copy.txt'), reason: expect.stringContaining('already in the project'), existingId: first.imported[0]?.id },
    ]);
    expect(names()).toEqual(['he', 'ar']);
    const again = service.call('documents.importPaths', { paths: [join(dir, 'a'), join(dir, 'b')] });
    expect(again.imported).toEqual([]);
    expect(again.skipped).toHaveLength(3);
  });

  it('skips a second copy inside one import', () => {
    writeFiles(dir, { 'in/one.txt': EN, 'in/two.txt': EN });
    const r = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
    expect(r.imported.map((d) => d.name)).toEqual(['one']);
    expect(r.skipped).toEqual([{ file: join(dir, 'in', 'two.txt'), reason: expect.stringContaining('one.txt'), existingId: r.imported[0]?.id }]);
  });

  it('detects language and direction from the script', () => {
    writeFiles(dir, { 'in/1he.txt': HE, 'in/2ar.txt': AR, 'in/3en.txt': EN });
    const r = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
    expect(r.imported.map((d) => [d.name, d.lang, d.dir])).toEqual([
      ['1he', 'he', 'rtl'],
      ['2ar', 'ar', 'rtl'],
      ['3en', 'other', 'ltr'],
    ]);
  });
});
