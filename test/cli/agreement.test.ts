import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject, openService } from '../../electron/service';
import { REPO_ROOT, fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

const CLI = join(REPO_ROOT, 'electron', 'cli', 'main.ts');

function qalam(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// "Dana met Noa in Paris today": six word tokens.
//  a: PER Dana, PER Noa, GPE Paris, event Contact:Meet "met" with Entity Dana and Entity Noa
//  b: PER Dana, ORG Noa (same span, other type), GPE "aris" (boundary), the event with Entity Dana only
// By hand:
//  spans: exact matches 1 of 3 and 3 → P = R = F1 = 1/3; SemEval strict 1/3; exact (boundaries):
//    correct = I + IV = 2 → 2/3; partial: (2 + ½) / 3 = 5/6; type: correct = I + V = 2 → 2/3.
//  tokens (Dana Noa Paris met in today): a = PER PER GPE O O O, b = PER ORG GPE O O O, Ao = 5/6.
//    Cohen: Ae = (2·1 + 1·1 + 3·3) / 36 = 1/3 → κ = (5/6 − 1/3) / (2/3) = 3/4.
//    Scott/Fleiss: pooled PER 3, ORG 1, GPE 2, O 6 of 12 → Ae = 50/144 → π = (5/6 − 50/144)/(94/144) = 70/94.
//    Krippendorff (nominal): Do = 2/12, De = (144 − 50)/(12·11) = 94/132 → α = 1 − (2/12)/(94/132) = 1 − 22/94 = 72/94.
//  events: triggers 1/1/1 → F1 1; arguments a {Dana, Noa}, b {Dana} → matched 1, F1 = 2/3.
let project: string;
let docId: string;

beforeAll(() => {
  const dir = tempDir('qalam-agree-');
  writeFiles(dir, { 'paris.txt': 'Dana met Noa in Paris today' });
  project = join(dir, 'p.qalam');
  const s = initProject(project, { now: fakeClock() });
  docId = s.call('documents.importPaths', { paths: [join(dir, 'paris.txt')] }).imported[0]!.id;
  const add = (who: string, spans: [string, number, number][], args: number): void => {
    s.call('session.setAnnotator', { name: who });
    const ids = spans.map(([type, start, end]) => s.call('mentions.create', { docId, type, start, end }).mention.id);
    s.call('events.create', { docId, type: 'Contact:Meet', start: 5, end: 8, arguments: ids.slice(0, args).map((mentionId) => ({ role: 'Entity', mentionId })) });
  };
  add('a', [['PER', 0, 4], ['PER', 9, 12], ['GPE', 16, 21]], 2);
  add('b', [['PER', 0, 4], ['ORG', 9, 12], ['GPE', 17, 21]], 1);
  s.close();
});

describe('qalam agreement', () => {
  it('--json gives the hand-computed figures', () => {
    const r = qalam('agreement', project, '--annotators', 'a,b', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.annotators).toEqual(['a', 'b']);
    expect(j.documents).toEqual([{ docId, name: 'paris', annotators: ['a', 'b'] }]);
    const c = j.spans[0].result.corpus;
    expect(j.spans[0]).toMatchObject({ a: 'a', b: 'b' });
    expect(c.exactMatch).toMatchObject({ matched: 1, reference: 3, candidate: 3 });
    expect(c.exactMatch.f1).toBeCloseTo(1 / 3, 12);
    expect(c.strict.f1).toBeCloseTo(1 / 3, 12);
    expect(c.exact.f1).toBeCloseTo(2 / 3, 12);
    expect(c.partial.f1).toBeCloseTo(5 / 6, 12);
    expect(c.type.f1).toBeCloseTo(2 / 3, 12);
    expect(c.scenarios).toEqual({ exact: 1, typeMismatch: 1, overlap: 1, overlapTypeMismatch: 0, missing: 0, spurious: 0 });
    expect(c.perType.PER.exactMatch).toMatchObject({ matched: 1, reference: 2, candidate: 1 });
    expect(c.perType.ORG.exactMatch).toMatchObject({ matched: 0, reference: 0, candidate: 1 });
    expect(c.perType.GPE.exactMatch.f1).toBe(0);
    const t = j.tokens.corpus;
    expect(t.items).toBe(6);
    expect(t.cohen.value).toBeCloseTo(0.75, 12);
    expect(t.cohen.items).toBe(6);
    expect(t.fleiss.value).toBeCloseTo(70 / 94, 12);
    expect(t.alpha.value).toBeCloseTo(72 / 94, 12);
    expect(t.observed.value).toBeCloseTo(5 / 6, 12);
    const e = j.events[0].result.corpus;
    expect(e.triggerIdentification.f1).toBe(1);
    expect(e.triggerClassification.f1).toBe(1);
    expect(e.argumentIdentification).toMatchObject({ matched: 1, reference: 2, candidate: 1 });
    expect(e.argumentClassification.f1).toBeCloseTo(2 / 3, 12);
    expect(j.spans[0].result.documents).toHaveLength(1);
    expect(j.tokens.documents[0].docId).toBe(docId);
  });

  it('prints readable tables by default', () => {
    const r = qalam('agreement', project, '--annotators', 'a,b');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Entity spans: a (reference) vs b, 1 documents both annotated');
    expect(r.stdout).toMatch(/corpus\s+all\s+3\s+3\s+1\s+0\.3333\s+0\.3333\s+0\.6667\s+0\.8333\s+0\.6667\s+1\/1\/0\/0/);
    expect(r.stdout).toMatch(/corpus\s+6\s+0\.7500\s+6\s+0\.7660\s+6\s+0\.7447\s+6\s+0\.8333/);
    expect(r.stdout).toContain('1.0000 (1/1/1)');
    expect(r.stdout).toContain('0.6667 (1/2/1)');
  });

  it('--documents limits the documents; usage and unknown names are errors', () => {
    expect(JSON.parse(qalam('agreement', project, '--annotators', 'a,b', '--documents', docId, '--json').stdout).documents).toHaveLength(1);
    const one = qalam('agreement', project, '--annotators', 'a');
    expect(one.status).toBe(2);
    expect(one.stderr).toContain('at least two names');
    const unknown = qalam('agreement', project, '--annotators', 'a,zoe');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no annotator "zoe"');
    expect(qalam('agreement', project, '--annotators', 'a,b', '--documents', 'nope').stderr).toContain('no document "nope"');
  });

  it('export --per-document and import DIR --format jsonl round-trip through the CLI', () => {
    const out = join(tempDir('qalam-share-'), 'share');
    const e1 = qalam('export', project, '--format', 'jsonl', '--per-document', '--out', out);
    expect(e1.status, e1.stderr).toBe(0);
    expect(e1.stdout).toContain('exported 2 files');
    const bytes = readFileSync(join(out, 'a', 'paris.jsonl'), 'utf8');
    const e2 = qalam('export', project, '--format', 'jsonl', '--per-document', '--out', out);
    expect(e2.stdout).toContain('(0 written, 2 unchanged)');
    expect(readFileSync(join(out, 'a', 'paris.jsonl'), 'utf8')).toBe(bytes);
    const i1 = qalam('import', project, out, '--format', 'jsonl');
    expect(i1.status, i1.stderr).toBe(0);
    expect(i1.stdout).toContain('0 documents imported, 0 sets updated, 2 unchanged');
    const other = join(tempDir('qalam-other-'), 'o.qalam');
    expect(qalam('init', other).status).toBe(0);
    const i2 = qalam('import', other, out, '--format', 'jsonl');
    expect(i2.status, i2.stderr).toBe(0);
    expect(i2.stdout).toContain('1 documents imported, 2 sets updated, 0 unchanged');
    expect(qalam('agreement', other, '--annotators', 'a,b', '--json').stdout).toBe(qalam('agreement', project, '--annotators', 'a,b', '--json').stdout);
  });

  it('import keeps a set the project changed after the folder was written, says so, and replaces it only with --force', () => {
    const dir = tempDir('qalam-older-');
    const mine = join(dir, 'mine.qalam');
    copyFileSync(project, mine);
    const out = join(dir, 'share');
    expect(qalam('export', mine, '--format', 'jsonl', '--per-document', '--out', out).status).toBe(0);
    const s = openService(mine, { now: () => '2031-01-01T00:00:00.000Z' });
    s.call('session.setAnnotator', { name: 'a' });
    s.call('mentions.create', { docId, type: 'ORG', start: 9, end: 12 });
    s.close();
    const spans = (): string[] => {
      const x = openService(mine);
      try {
        return x.call('mentions.list', { docId, annotator: 'a' }).map((m) => `${m.type}:${m.start}-${m.end}`);
      } finally {
        x.close();
      }
    };
    expect(spans()).toHaveLength(4);
    const i1 = qalam('import', mine, out, '--format', 'jsonl');
    expect(i1.status, i1.stderr).toBe(0);
    expect(i1.stdout).toMatch(/^kept {5}.*a\/paris\.jsonl: kept a's annotations of document .* \(paris\): the project's set is newer or changed since the file was written .*give --force to replace them with the file's$/m);
    expect(i1.stdout).toContain('0 documents imported, 0 sets updated, 1 unchanged, 1 kept (the project\'s are newer; --force replaces them)');
    expect(spans()).toHaveLength(4);
    const i2 = qalam('import', mine, out, '--format', 'jsonl', '--force');
    expect(i2.status, i2.stderr).toBe(0);
    expect(i2.stdout).toContain('0 documents imported, 1 sets updated, 1 unchanged');
    expect(spans()).toHaveLength(3);
    expect(qalam('import', mine, join(dir, 'x.txt'), '--force').stderr).toContain('--force only applies to an exchange folder');
  });
});
