import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, REPO_ROOT, writeFiles } from '../store/helpers';
import { closeProjects, freshProject } from './project';

const FIX = join(REPO_ROOT, 'test', 'fixtures', 'conll');

let dir: string;
let service: QalamService;

beforeEach(() => ({ dir, service } = freshProject()));
afterEach(closeProjects);

function roundTrip(file: string, extra: { tagColumns?: string } = {}): { imported: number; entities: number; out: string } {
  const r = service.call('import.run', { format: 'conll', paths: [file], annotator: 'gold', ...extra });
  const out = join(dir, `out-${r.imported.length}-${Math.random().toString(36).slice(2)}.conll`);
  service.call('export.run', { format: 'conll', out, annotator: 'gold', documents: r.imported.map((d) => d.id) });
  return { imported: r.imported.length, entities: r.counts.entities.kept, out: readFileSync(out, 'utf8') };
}

describe('conll: real corpora in, the same files out', () => {
  for (const name of ['nemo-token-single.bmes', 'nemo-nested_token-single.bmes', 'nemo-token-multi.bmes', 'nemo-morph.bmes', 'anercorp-train-slice.txt', 'conll2003-style.txt', 'wojood-style.txt', 'hostile.conll']) {
    it(`${name}: import and export give back the identical file`, () => {
      const file = join(FIX, name);
      const r = roundTrip(file);
      expect(r.entities).toBeGreaterThan(0);
      expect(r.out).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('NEMO nested: every layer is imported (more entities than the single-layer file)', () => {
    const single = service.call('import.run', { format: 'conll', paths: [join(FIX, 'nemo-token-single.bmes')], annotator: 'a' });
    const nested = service.call('import.run', { format: 'conll', paths: [join(FIX, 'nemo-nested_token-single.bmes')], annotator: 'b' });
    expect(nested.counts.entities.kept).toBeGreaterThan(single.counts.entities.kept);
    expect(nested.losses).toEqual([]);
    // Same tokens and sentences: the same text, one document.
    expect(nested.matched).toHaveLength(1);
  });

  it('ANERcorp: U+200F inside tokens and as tokens is kept in the text', () => {
    const raw = readFileSync(join(FIX, 'anercorp-train-slice.txt'), 'utf8');
    const r = service.call('import.run', { format: 'conll', paths: [join(FIX, 'anercorp-train-slice.txt')], annotator: 'gold' });
    const doc = service.call('documents.get', { id: r.imported[0]!.id });
    const marks = (s: string): number => [...s].filter((c) => c === '\u200f').length;
    expect(marks(doc.text)).toBe(marks(raw));
    expect(marks(doc.text)).toBeGreaterThan(10);
  });

  it('token-multi: sub-word entities sit on their morphemes; what cannot be placed is widened and reported; --strict refuses', () => {
    const file = join(FIX, 'nemo-token-multi.bmes');
    const r = service.call('import.run', { format: 'conll', paths: [file], annotator: 'gold' });
    const doc = service.call('documents.get', { id: r.imported[0]!.id });
    const mentions = service.call('mentions.list', { docId: doc.id, annotator: 'gold' });
    const texts = mentions.map((m) => [...doc.text].slice(m.start, m.end).join(''));
    // בשפרעם O^S-GPE, למשטרה O^B-ORG^E-ORG (ל + unwritten ה + משטרה: the article is in the entity, as NEMO tags it).
    expect(texts).toContain('שפרעם');
    expect(texts).not.toContain('בשפרעם');
    expect(texts).toContain('משטרה');
    expect(texts).not.toContain('למשטרה');
    expect(r.counts.entities.read).toBe(r.counts.entities.kept);
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      const text = 'ראש O\nאמרתי S-PER^O\n\n';
      writeFiles(dir, { 'w.bmes': text });
      const lossy = other.call('import.run', { format: 'conll', paths: [join(dir, 'w.bmes')], annotator: 'gold' });
      expect(lossy.losses).toEqual([expect.objectContaining({ file: join(dir, 'w.bmes'), line: 2, kind: 'entities', count: 1 })]);
      expect(() => other.call('import.run', { format: 'conll', paths: [join(dir, 'w.bmes')], annotator: 'x', strict: true })).toThrow(/--strict: nothing imported.*w\.bmes:2/);
      expect(other.call('mentions.list', { docId: lossy.imported[0]!.id, annotator: 'x' })).toEqual([]);
    } finally {
      other.close();
    }
  });

  it('--tag-columns reaches the importer', () => {
    writeFiles(dir, { 'c.txt': 'EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n' });
    const r = service.call('import.run', { format: 'conll', paths: [join(dir, 'c.txt')], annotator: 'gold', tagColumns: '3' });
    expect(r.counts.entities.read).toBe(2);
    expect(r.schemaAdded).toEqual(expect.arrayContaining(['entity type NP', 'entity type VP']));
  });
});

describe('conll: re-import matches the document', () => {
  it("Qalam's own export of a CoNLL document is matched by its text; the annotations are not duplicated", () => {
    const file = join(FIX, 'conll2003-style.txt');
    service.call('import.run', { format: 'conll', paths: [file], annotator: 'gold' });
    const out = join(dir, 'o.conll');
    service.call('export.run', { format: 'conll', out, annotator: 'gold' });
    const again = service.call('import.run', { format: 'conll', paths: [out], annotator: 'gold' });
    expect(again.imported).toEqual([]);
    expect(again.matched).toHaveLength(2);
    expect(again.duplicates).toBe(again.counts.entities.read);
  });

  it('a document Qalam tokenised itself comes back to the same document by the id in its -DOCSTART- line', () => {
    writeFiles(dir, { 'a.txt': 'דנה  נסעה לחיפה.\nשם פגשה את עומר' });
    const [doc] = service.call('documents.importPaths', { paths: [join(dir, 'a.txt')] }).imported;
    service.call('session.setAnnotator', { name: 'dana' });
    service.call('mentions.create', { docId: doc!.id, type: 'PER', start: 0, end: 3 });
    service.call('mentions.create', { docId: doc!.id, type: 'GPE', start: 11, end: 15 });
    const out = join(dir, 'o.conll');
    service.call('export.run', { format: 'conll', out, annotator: 'dana', granularity: 'morph' });
    expect(readFileSync(out, 'utf8').startsWith(`-DOCSTART-\tqalam:${doc!.id}\tO\n\n`)).toBe(true);
    const again = service.call('import.run', { format: 'conll', paths: [out], annotator: 'other' });
    expect(again.imported).toEqual([]);
    expect(again.matched.map((m) => m.docId)).toEqual([doc!.id]);
    const got = service.call('mentions.list', { docId: doc!.id, annotator: 'other' }).map((m) => [m.type, m.start, m.end]);
    expect(got.sort()).toEqual([
      ['GPE', 11, 15],
      ['PER', 0, 3],
    ]);
  });
});
