import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../e2e/browser';
import { cacheKey, cacheSources } from './cache';

describe('bench setup cache keys', () => {
  it('keys generated text files by the generator alone: no migration, importer or store source', () => {
    const names = cacheSources('files').map((s) => s.name);
    expect(names).toEqual(['test/bench/generate.ts', 'annotations/random.ts']);
  });

  it("keys a project by the store's write methods, not by the readers beside them in the same file", () => {
    const sources = cacheSources('project');
    const names = sources.map((s) => s.name);
    expect(names).toContain('electron/service/importer.ts');
    expect(names.some((n) => n.startsWith('electron/store/migrations/'))).toBe(true);
    const insert = sources.find((s) => s.name === 'DocumentRepository.insert');
    expect(insert?.text).toContain('INSERT INTO documents');
    // documents.ts also holds readers (list, stamps, stampsAfter, layout): a change to one of them leaves every key as it is
    const documentsTs = readFileSync(join(REPO, 'electron/store/documents.ts'), 'utf8');
    expect(documentsTs).toContain('stampsAfter(');
    for (const s of sources) expect(s.text).not.toContain('stampsAfter(');
    expect(sources.find((s) => s.name === 'MentionRepository.insert')?.text).toContain('this.rows.insert');
  });

  it('gives a files entry and a project entry of the same builder and parameters different keys', () => {
    const build = (): void => {};
    expect(cacheKey('x', build, { n: 1 }, 'files')).not.toBe(cacheKey('x', build, { n: 1 }, 'project'));
    expect(cacheKey('x', build, { n: 1 })).toBe(cacheKey('x', build, { n: 1 }, 'project'));
    expect(cacheKey('x', build, { n: 1 })).not.toBe(cacheKey('x', build, { n: 2 }));
  });
});
