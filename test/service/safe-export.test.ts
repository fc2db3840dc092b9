/**
 * Issue 10, items 1, 2, 3, 7 and 13: what an export may overwrite (never the project, never a
 * folder it did not write unless forced), one snapshot per export, stale temporaries cleaned.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { exportPerDocument, initProject, openService, type QalamService } from '../../electron/service';
import { AtomicFile, EXPORT_MARKER } from '../../electron/service/safeWrite';
import { removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

let dir: string;
let project: string;

function qalam(...args: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { status, stdout, stderr };
}

function withService<T>(fn: (s: QalamService) => T): T {
  const s = openService(project);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

beforeEach(() => {
  dir = tempDir('qalam-safe-export-');
  project = join(dir, 'p.qalam');
  writeFiles(dir, { 'in/a.txt': 'שלום עולם\n', 'in/b.txt': 'مرحبا بالعالم\n' });
  const s = initProject(project);
  try {
    s.call('documents.importPaths', { paths: [join(dir, 'in')] });
    s.call('session.setAnnotator', { name: 'dana' });
    for (const d of s.call('documents.list', {})) s.call('mentions.create', { docId: d.id, type: 'GPE', start: 0, end: 4 });
  } finally {
    s.close();
  }
});

/** The project still opens and holds its two documents. */
function expectProjectIntact(): void {
  const r = qalam('list', project);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(3);
}

describe('item 1: an export never deletes an existing folder', () => {
  it('a file export onto a folder is refused and the folder keeps its files, with --force too', () => {
    writeFiles(dir, { 'd/sub/keep': 'mine' });
    for (const force of [[], ['--force']]) {
      const r = qalam('export', project, '--format', 'jsonl', '--out', join(dir, 'd'), ...force);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('is a folder; this format writes one file');
      expect(readFileSync(join(dir, 'd/sub/keep'), 'utf8')).toBe('mine');
    }
  });
});

describe('item 2: an export never replaces the project', () => {
  it('refuses the project file, a link to it, and its sidecar name, even with --force', () => {
    writeFileSync(join(dir, 'p.schema.json.qalam'), '');
    symlinkSync(project, join(dir, 'link.jsonl'));
    for (const out of [project, join(dir, 'link.jsonl'), join(dir, 'p.qalam-wal')]) {
      const r = qalam('export', project, '--out', out, '--force');
      expect(r.status, out).toBe(1);
      expect(r.stderr).toContain('is the project file itself');
    }
    expectProjectIntact();
  });

  it('the schema sidecar of a jsonl export is checked too: a project named like it is refused', () => {
    const other = join(dir, 'x.schema.json');
    const s = initProject(other);
    s.close();
    const r = qalam('export', other, '--out', join(dir, 'x.jsonl'), '--force');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is the project file itself');
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
    expect(qalam('list', other).status).toBe(0);
  });

  it('refuses a folder holding the project (directly, through a link, or higher up), even with --force', () => {
    symlinkSync(dir, join(tempDir(), 'link'));
    const outs = [dir, join(dir, '..')];
    for (const out of outs) {
      const r = qalam('export', project, '--format', 'brat', '--out', out, '--force');
      expect(r.status, out).toBe(1);
      expect(r.stderr).toContain('is the folder holding the project file');
    }
    const link = join(tempDir(), 'to-project');
    symlinkSync(dir, link);
    const r = qalam('export', project, '--format', 'jsonl', '--per-document', '--out', link, '--force');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is the folder holding the project file');
    expectProjectIntact();
  });
});

describe('item 3: folder exports write only into new, empty, own or forced folders', () => {
  it('refuses a non-empty folder it did not write (brat, hf, --split, per-document); --force writes beside what is there', () => {
    writeFiles(dir, { 'docs/notes.txt': 'my notes', 'docs/train.jsonl': 'mine' });
    const runs = [
      ['--format', 'brat'],
      ['--format', 'hf', '--annotator', 'dana'],
      ['--format', 'jsonl', '--split', 'train=1'],
      ['--format', 'jsonl', '--per-document'],
    ];
    for (const args of runs) {
      const r = qalam('export', project, ...args, '--out', join(dir, 'docs'));
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toContain('is a folder Qalam did not write');
      expect(readdirSync(join(dir, 'docs')).sort()).toEqual(['notes.txt', 'train.jsonl']);
    }
    const forced = qalam('export', project, '--format', 'brat', '--out', join(dir, 'docs'), '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'docs/notes.txt'), 'utf8')).toBe('my notes');
    expect(readdirSync(join(dir, 'docs')).filter((f) => f.endsWith('.ann'))).toHaveLength(2);
    expect(existsSync(join(dir, 'docs', EXPORT_MARKER))).toBe(true);
  });

  it('re-exports into its own folder: replaces its files, removes those it no longer writes, keeps the user’s', () => {
    const out = join(dir, 'brat');
    expect(qalam('export', project, '--format', 'brat', '--out', out).status).toBe(0);
    writeFileSync(join(out, 'README-mine.md'), 'keep me');
    const docs = withService((s) => s.call('documents.list', {}));
    const r = qalam('export', project, '--format', 'brat', '--out', out, '--documents', (docs[0] as { id: string }).id);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.endsWith('.ann'))).toHaveLength(1);
    expect(files).toContain('README-mine.md');
    expect(files).toContain('annotation.conf');
  });

  it('in its own folder, a file it did not write is replaced only with --force', () => {
    const out = join(dir, 'split');
    expect(qalam('export', project, '--format', 'conll', '--annotator', 'dana', '--split', 'train=1', '--out', out).status).toBe(0);
    const again = qalam('export', project, '--format', 'conll', '--annotator', 'dana', '--split', 'train=0.5,dev=0.5', '--out', out);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([EXPORT_MARKER, 'dev.conll', 'train.conll']);
    writeFileSync(join(out, 'test.conll'), 'hand-made');
    const clash = qalam('export', project, '--format', 'conll', '--annotator', 'dana', '--split', 'train=0.5,test=0.5', '--out', out);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toContain('test.conll exists and an earlier export did not write it');
    expect(readFileSync(join(out, 'test.conll'), 'utf8')).toBe('hand-made');
    expect(readdirSync(out).sort()).toEqual([EXPORT_MARKER, 'dev.conll', 'test.conll', 'train.conll']);
  });

  it('into its own folder, the marker is staged (a kill leaves no temporary file there) and leftovers of a killed run are removed', () => {
    const out = join(dir, 'split');
    expect(qalam('export', project, '--format', 'conll', '--annotator', 'dana', '--split', 'train=1', '--out', out).status).toBe(0);
    // what a run killed while it wrote the marker left (its process is gone), and a file of the user's
    const stale = `.${EXPORT_MARKER}.999999999.1796121390744.tmp`;
    writeFileSync(join(out, stale), '{"qalam":1,"ki');
    writeFileSync(join(out, '.notes.tmp'), 'mine');
    const again = qalam('export', project, '--format', 'conll', '--annotator', 'dana', '--split', 'train=0.5,dev=0.5', '--out', out);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.notes.tmp', EXPORT_MARKER, 'dev.conll', 'train.conll']);
    expect(JSON.parse(readFileSync(join(out, EXPORT_MARKER), 'utf8')).files).toEqual(['dev.conll', 'train.conll']);
  });

  it('a file export replaces an existing file only with --force; a folder export an existing file likewise', () => {
    writeFiles(dir, { 'out.conll': 'mine', 'folder-here': 'mine too' });
    const r = qalam('export', project, '--format', 'conll', '--annotator', 'dana', '--out', join(dir, 'out.conll'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('already exists; use --force');
    expect(readFileSync(join(dir, 'out.conll'), 'utf8')).toBe('mine');
    expect(qalam('export', project, '--format', 'conll', '--annotator', 'dana', '--out', join(dir, 'out.conll'), '--force').status).toBe(0);
    expect(readFileSync(join(dir, 'out.conll'), 'utf8')).toContain('B-GPE');
    expect(qalam('export', project, '--format', 'brat', '--out', join(dir, 'folder-here')).status).toBe(1);
    expect(readFileSync(join(dir, 'folder-here'), 'utf8')).toBe('mine too');
  });

  it('the service (the app) needs an explicit overwrite flag, set after the user confirmed', () => {
    writeFiles(dir, { 'app/x.txt': 'x' });
    withService((s) => {
      expect(s.dispatch('export.run', { format: 'brat', out: join(dir, 'app') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(s.dispatch('export.run', { format: 'brat', out: join(dir, 'app'), overwrite: true })).toMatchObject({ ok: true });
      // never the project, even confirmed
      expect(s.dispatch('export.run', { format: 'jsonl', out: project, overwrite: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    });
    expectProjectIntact();
  });

  it('per-document: a re-run into its own folder is fine; a link out of it is refused', () => {
    const out = join(dir, 'share');
    expect(qalam('export', project, '--format', 'jsonl', '--per-document', '--out', out).status).toBe(0);
    expect(readFileSync(join(out, EXPORT_MARKER), 'utf8')).toBe('{"qalam":1,"kind":"per-document"}\n');
    expect(qalam('export', project, '--format', 'jsonl', '--per-document', '--out', out).status).toBe(0);
    const elsewhere = tempDir();
    writeFiles(out, {});
    withService((s) => {
      s.call('session.setAnnotator', { name: 'noa' });
      const d = s.call('documents.list', {})[0] as { id: string };
      s.call('mentions.create', { docId: d.id, type: 'PER', start: 0, end: 4 });
    });
    symlinkSync(elsewhere, join(out, 'noa'));
    expect(() => withService((s) => exportPerDocument(s.store, out))).toThrow(/leads outside/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('item 13: stale temporary files of killed exports', () => {
  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(r.stdout);
  }

  it('are removed the next time an export writes there (only those whose process is gone)', () => {
    const pid = deadPid();
    const stale = [`.out.jsonl.${pid}.1700000000000.tmp`, `.brat.${pid}.1700000000001.tmp`, `.out.jsonl.${pid}.1700000000002.tmp.schema`];
    writeFiles(dir, { [stale[0] as string]: 'half', [`${stale[1]}/x.ann`]: 'half', [stale[2] as string]: '{' });
    const live = `.out.jsonl.${process.pid}.1700000000003.tmp`;
    writeFiles(dir, { [live]: 'in progress', '.notes.12.tmp': 'not ours' });
    const r = qalam('export', project, '--out', join(dir, 'out.jsonl'));
    expect(r.status, r.stderr).toBe(0);
    const left = readdirSync(dir).filter((f) => f.startsWith('.'));
    expect(left.sort()).toEqual(['.notes.12.tmp', live].sort());
  });

  it('the schema sidecar never overwrites an existing file silently', () => {
    writeFiles(dir, { 'corpus.schema.json': '{"mine": true}' });
    const r = qalam('export', project, '--out', join(dir, 'corpus.jsonl'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('corpus.schema.json already exists');
    expect(readFileSync(join(dir, 'corpus.schema.json'), 'utf8')).toBe('{"mine": true}');
    expect(existsSync(join(dir, 'corpus.jsonl'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('item 7: an export is one snapshot', () => {
  it('a writer in another connection during the export changes nothing in it', () => {
    const big = join(dir, 'big.qalam');
    const s = initProject(big);
    const texts: Record<string, string> = {};
    for (let i = 0; i < 450; i++) texts[`many/${String(i).padStart(3, '0')}.txt`] = `מסמך ${i} שלום\n`;
    writeFiles(dir, texts);
    s.call('documents.importPaths', { paths: [join(dir, 'many')] });
    s.call('session.setAnnotator', { name: 'dana' });
    const ids = s.call('documents.list', {}).map((d) => d.id);
    for (const id of ids) s.call('mentions.create', { docId: id, type: 'PER', start: 0, end: 4 });
    const other = openService(big);
    try {
      other.call('session.setAnnotator', { name: 'dana' });
      let wrote = false;
      s.progress = (what, done) => {
        if (what !== 'export' || wrote || done < 200) return;
        wrote = true;
        // another process imports a new set meanwhile: every later document gains a mention
        other.store.transaction(() => {
          for (const id of ids) other.call('mentions.create', { docId: id, type: 'GPE', start: 5, end: 6 });
        });
      };
      mkdirSync(join(dir, 'snap'));
      s.call('export.run', { format: 'jsonl', out: join(dir, 'snap', 'all.jsonl') });
      expect(wrote).toBe(true);
      const lines = readFileSync(join(dir, 'snap', 'all.jsonl'), 'utf8').trim().split('\n');
      const counts = lines.map((l) => (JSON.parse(l) as { entities: unknown[] }).entities.length);
      expect(new Set(counts)).toEqual(new Set([1]));
    } finally {
      s.progress = null;
      other.close();
      s.close();
    }
  });
});

describe('AtomicFile gathers UTF-8 in chunks', () => {
  it('writes exactly the strings given, across chunk boundaries, with strings longer than a chunk, in Hebrew, Arabic and astral characters', () => {
    const dir = tempDir('qalam-atomic-');
    const out = join(dir, 'out.txt');
    const file = new AtomicFile(out);
    const parts: string[] = [];
    for (let i = 0; i < 40_000; i++) parts.push(i % 997 === 0 ? `${'שלום '.repeat(90_000)}\n` : `${i} עברית عربي 𝔸😀 ${'x'.repeat(i % 50)}\n`);
    for (const p of parts) file.write(p);
    expect(existsSync(out)).toBe(false);
    file.commit();
    expect(readFileSync(out, 'utf8')).toBe(parts.join(''));
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });
});
