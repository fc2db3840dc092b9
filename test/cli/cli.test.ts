import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSlice } from '../../annotations/text';
import { openService } from '../../electron/service';
import { REPO_ROOT, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

const SEEDS = join(REPO_ROOT, 'seeds');
const CLI = join(REPO_ROOT, 'electron', 'cli', 'main.ts');
const KEYS = ['id', 'name', 'text', 'lang', 'annotator', 'entities', 'events', 'relations', 'status'];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI under the Node running the tests (22: better-sqlite3 13 needs it) with tsx. */
function qalam(...args: string[]): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A failed run: the given status and exactly one line on stderr, `qalam: error: …`. */
function expectError(r: Run, status: number, ...fragments: string[]): string {
  expect(r.status, r.stderr).toBe(status);
  const lines = r.stderr.split('\n');
  expect(lines, r.stderr).toHaveLength(2);
  expect(lines[1]).toBe('');
  const line = lines[0] as string;
  expect(line.startsWith('qalam: error: ')).toBe(true);
  for (const f of fragments) expect(line).toContain(f);
  return line;
}

let dir: string;
let project: string;

beforeAll(() => {
  dir = tempDir('qalam-cli-');
  project = join(dir, 'corpus.qalam');
});

describe('qalam CLI', () => {
  it('help prints the usage and exits 0; no command is a usage error', () => {
    const help = qalam('help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: qalam <command>');
    for (const c of ['init', 'import', 'list', 'stats', 'export']) expect(help.stdout).toContain(`  ${c} <project.qalam>`);
    expect(qalam('--help').stdout).toBe(help.stdout);
    expect(qalam().status).toBe(2);
  });

  it('init creates the project, and refuses to overwrite it', () => {
    const r = qalam('init', project, '--name', 'Kazakhstan 2022');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('"Kazakhstan 2022", 12 entity types, 33 event types, 6 relation types, 4 attributes');
    expect(existsSync(project)).toBe(true);
    expectError(qalam('init', project), 1, project, 'already exists');
  });

  it('import takes the seed folder and sets the annotator; a second import skips everything', () => {
    const r = qalam('import', project, SEEDS, '--format', 'txt', '--annotator', 'dana');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 imported, 0 skipped');
    expect(r.stderr).toBe('');
    const again = qalam('import', project, SEEDS);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('0 imported, 2 skipped');
    const s = openService(project);
    expect(s.call('session.get', {}).annotator).toBe('dana');
    s.close();
  });

  it('list prints a table of the documents', () => {
    const r = qalam('list', project);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s{2,}/));
    expect(rows[0]).toEqual(['id', 'name', 'lang', 'dir', 'length', 'mentions']);
    expect(rows.slice(1).map((c) => [c[2], c[3], c[5]])).toEqual([
      ['he', 'rtl', '0'],
      ['ar', 'rtl', '0'],
    ]);
    for (const c of rows.slice(1)) expect(c[0]).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stats --json reports the corpus', () => {
    const r = qalam('stats', project, '--json');
    expect(r.status, r.stderr).toBe(0);
    const stats = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({
      projectName: 'Kazakhstan 2022',
      documents: 2,
      languages: { he: 1, ar: 1, other: 0 },
      mentions: 0,
      documentsWithAnnotations: 0,
      documentsWithoutAnnotations: 2,
    });
    expect(stats['characters']).toBeGreaterThan(4000);
    const human = qalam('stats', project);
    expect(human.stdout).toContain('documents:   2 (he 1, ar 1, other 0)');
  });

  it('export writes native JSONL whose entity texts are the code-point slices', () => {
    // A document with non-BMP characters (emoji: two UTF-16 units, one code point each).
    writeFiles(dir, { 'emoji.txt': '🇮🇱 😀 ביקור בירושלים\r\n' });
    expect(qalam('import', project, join(dir, 'emoji.txt')).stdout).toContain('1 imported');
    // Annotate through the service (the window's path).
    const s = openService(project);
    const docs = s.call('documents.list', {});
    const [he, ar, emoji] = docs.map((d) => d.id) as [string, string, string];
    s.call('mentions.create', { docId: he, type: 'GPE', start: 30, end: 37 });
    s.call('mentions.create', { docId: he, type: 'PER', start: 0, end: 4 });
    s.call('mentions.create', { docId: emoji, type: 'GPE', start: 11, end: 19 }); // after 🇮🇱 (2 cp) and 😀
    s.call('session.setAnnotator', { name: 'omar' });
    s.call('mentions.create', { docId: ar, type: 'GPE', start: 7, end: 15 });
    s.close();

    const out = join(dir, 'corpus.jsonl');
    const r = qalam('export', project, '--format', 'jsonl', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
    const lines = text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['name'], l['annotator']])).toEqual([
      ['000_02cc41fc914e2978', 'dana'],
      ['004_34706c9f770e00bd', 'omar'],
      ['emoji', 'dana'],
    ]);
    const emojiLine = lines[2] as { text: string; entities: { text: string; start: number }[] };
    expect(emojiLine.text).toBe('🇮🇱 😀 ביקור בירושלים\n');
    expect(emojiLine.entities[0]?.text).toBe('בירושלים');
    let entities = 0;
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(KEYS);
      for (const e of l['entities'] as { start: number; end: number; text: string }[]) {
        expect(e.text).toBe(cpSlice(l['text'] as string, e.start, e.end));
        entities++;
      }
    }
    expect(entities).toBe(4);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);

    const list = qalam('list', project).stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s{2,}/)[5]);
    expect(list).toEqual(['2', '1', '1']);
  });

  it('export --out - writes the same bytes to standard output', () => {
    const r = qalam('export', project, '--format', 'jsonl', '--out', '-');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(dir, 'corpus.jsonl'), 'utf8'));
  });

  it('init + import seeds + export is byte-identical: twice, after re-importing, and in another project', () => {
    const a = join(dir, 'a.qalam');
    const b = join(dir, 'b.qalam');
    const exportOf = (p: string, out: string): string => {
      const r = qalam('export', p, '--format', 'jsonl', '--out', out);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out, 'utf8');
    };
    for (const p of [a, b]) {
      expect(qalam('init', p).status).toBe(0);
      expect(qalam('import', p, SEEDS).status).toBe(0);
    }
    const first = exportOf(a, join(dir, 'a1.jsonl'));
    expect(first.split('\n')).toHaveLength(3);
    expect(exportOf(a, join(dir, 'a2.jsonl'))).toBe(first);
    expect(qalam('import', a, SEEDS).stdout).toContain('0 imported, 2 skipped');
    expect(exportOf(a, join(dir, 'a3.jsonl'))).toBe(first);
    expect(exportOf(b, join(dir, 'b1.jsonl'))).toBe(first);
    for (const l of first.trimEnd().split('\n')) expect(JSON.parse(l)).toMatchObject({ annotator: null, entities: [] });
  });

  describe('bad input: non-zero exit and one line on stderr', () => {
    it('a missing file to import names the file (1)', () => {
      const missing = join(dir, 'missing.txt');
      expectError(qalam('import', project, missing), 1, missing, 'no such file');
    });

    it('an invalid UTF-8 file names the file and line, and nothing is imported (1)', () => {
      writeFiles(dir, { 'batch/a.txt': 'שלום\n', 'batch/b.txt': Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0xc3, 0x28, 0x0a]) });
      const bad = join(dir, 'batch', 'b.txt');
      expectError(qalam('import', project, join(dir, 'batch')), 1, `${bad}:3:`, 'UTF-8');
      expect(JSON.parse(qalam('stats', project, '--json').stdout)).toMatchObject({ documents: 3 });
    });

    it('an unknown --format is a usage error (2)', () => {
      expectError(qalam('import', project, SEEDS, '--format', 'docx'), 2, 'unknown format "docx"');
      expectError(qalam('export', project, '--format', 'csv', '--out', join(dir, 'x.csv')), 2, 'unknown format "csv"');
      expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    });

    it('usage mistakes exit 2', () => {
      expectError(qalam('frobnicate'), 2, 'unknown command "frobnicate"');
      expectError(qalam('list', project, '--verbose'), 2, 'unknown option --verbose');
      expectError(qalam('export', project, '--format', 'jsonl'), 2, 'missing --out');
      expectError(qalam('import', project), 2, 'missing');
      expectError(qalam('list'), 2, 'missing the project file');
    });

    it('a missing project, a non-project file and an unwritable --out fail with 1', () => {
      const nope = join(dir, 'nope.qalam');
      expectError(qalam('list', nope), 1, nope, 'no such project file');
      expect(existsSync(nope)).toBe(false);
      writeFiles(dir, { 'notes.qalam': 'just some text\n'.repeat(100) });
      expectError(qalam('stats', join(dir, 'notes.qalam')), 1, 'not a Qalam project');
      const out = join(dir, 'no', 'such', 'folder', 'x.jsonl');
      expectError(qalam('export', project, '--format', 'jsonl', '--out', out), 1, out);
    });
  });

  it('runs as `npm run qalam`', () => {
    const r = spawnSync('npm', ['run', '-s', 'qalam', '--', 'list', project], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^id\s+name\s+lang\s+dir\s+length\s+mentions$/);
  });
});
