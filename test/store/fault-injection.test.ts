/**
 * Issue 10, "Done when": kill -9 of the CLI at random points of an import and of an export over
 * a few hundred documents. After each kill the project passes `PRAGMA integrity_check`, an import
 * is wholly there or not at all, an export's target is the old one or the whole new one, and the
 * next run leaves no temporary file behind. Seeded, so a failure can be replayed.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { seededRandom } from '../../electron/service/formats';
import { initProject } from '../../electron/service';
import { openProject } from '../../electron/store';
import { REPO_ROOT, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const CLI = join(REPO_ROOT, 'electron', 'cli', 'main.ts');
const DOCS = 300;
const ROUNDS = 10; // of each: 20 kills in all
const random = seededRandom(Number(process.env.QALAM_FAULT_SEED ?? 10));

let dir: string;
let empty: string;
let full: string;
let input: string;
let reference: string;

function records(): string {
  const lines: string[] = [];
  for (let i = 0; i < DOCS; i++) {
    const text = `מסמך ${i}: ראש הממשלה נפגש בירושלים עם נציגי האיגוד ${'ודיבר על השכר והדלק '.repeat(8)}`;
    const at = text.indexOf('ירושלים');
    lines.push(
      JSON.stringify({
        id: `d${i}`,
        name: `doc-${String(i).padStart(3, '0')}`,
        text,
        annotator: 'dana',
        entities: [{ id: 'T1', type: 'GPE', start: at, end: at + 7, text: 'ירושלים' }],
        relations: [],
        events: [],
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = tempDir('qalam-fault-');
  empty = join(dir, 'empty.qalam');
  initProject(empty).close();
  input = join(dir, 'in.jsonl');
  writeFileSync(input, records());
  full = join(dir, 'full.qalam');
  copyFileSync(empty, full);
  expect(runCli(['import', full, input, '--format', 'jsonl'], { stdout: () => {}, stderr: () => {} })).toBe(0);
  const out = join(dir, 'reference.jsonl');
  expect(runCli(['export', full, '--out', out], { stdout: () => {}, stderr: () => {} })).toBe(0);
  reference = readFileSync(out, 'utf8');
});

/**
 * Starts the CLI and SIGKILLs it once `ready()` holds, after a further random 0–`spreadMs`
 * (or lets it finish). Resolves with whether it was killed.
 */
function runAndKill(args: string[], ready: () => boolean, spreadMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: 'ignore' });
    let killed = false;
    let exited = false;
    const delay = random() * spreadMs;
    const poll = setInterval(() => {
      if (exited || !ready()) return;
      clearInterval(poll);
      setTimeout(() => {
        if (exited) return;
        killed = child.kill('SIGKILL');
      }, delay);
    }, 2);
    child.on('error', reject);
    child.on('exit', () => {
      exited = true;
      clearInterval(poll);
      resolve(killed);
    });
  });
}

function temps(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.includes('.tmp') || f.endsWith('-journal'));
}

function stamp(file: string): number {
  try {
    return readFileSync(`${file}-wal`).length;
  } catch {
    return 0;
  }
}

describe('kill -9 at random points', () => {
  it(`of an import: the project is intact and the import all or nothing (${ROUNDS} rounds)`, async () => {
    let kills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const project = join(dir, `import-${round}.qalam`);
      copyFileSync(empty, project);
      // ready once the process has opened the project (its WAL appears), then anywhere in the import
      const before = stamp(project);
      if (await runAndKill(['import', project, input, '--format', 'jsonl'], () => existsSync(`${project}-wal`) && stamp(project) >= before, 400)) kills++;
      const store = openProject(project);
      try {
        expect(store.integrityCheck()).toEqual(['ok']);
        const docs = store.listDocuments().length;
        expect([0, DOCS], `round ${round}: ${docs} documents`).toContain(docs);
        const mentions = [...store.mentionCountsByDocument().values()].reduce((a, b) => a + b, 0);
        expect(mentions).toBe(docs);
      } finally {
        store.close();
      }
      // the next run completes it, once
      expect(runCli(['import', project, input, '--format', 'jsonl'], { stdout: () => {}, stderr: () => {} })).toBe(0);
      const again = openProject(project);
      try {
        expect(again.listDocuments()).toHaveLength(DOCS);
      } finally {
        again.close();
      }
      expect(temps(dir)).toEqual([]);
    }
    expect(kills).toBeGreaterThan(0);
  }, 180_000);

  it(`of an export: the target is the old file or the whole new one, and the next run leaves no temporary file (${ROUNDS} rounds)`, async () => {
    let kills = 0;
    const folder = tempDir('qalam-fault-out-');
    const out = join(folder, 'corpus.jsonl');
    for (let round = 0; round < ROUNDS; round++) {
      const before = existsSync(out) ? readFileSync(out, 'utf8') : null;
      const tmpAppeared = () => readdirSync(folder).some((f) => f.startsWith('.corpus.jsonl.') && f.endsWith('.tmp'));
      if (await runAndKill(['export', full, '--out', out, '--force'], tmpAppeared, 60)) kills++;
      const store = openProject(full);
      try {
        expect(store.integrityCheck()).toEqual(['ok']);
      } finally {
        store.close();
      }
      if (existsSync(out)) {
        const now = readFileSync(out, 'utf8');
        expect(now === reference || now === before, `round ${round}: a half-written export`).toBe(true);
      }
      // the next export there removes what the killed one left
      expect(runCli(['export', full, '--out', out, '--force'], { stdout: () => {}, stderr: () => {} })).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(reference);
      expect(temps(folder)).toEqual([]);
      // a brat folder export killed too, every other round
      if (round % 2 === 0) {
        const brat = join(folder, 'brat');
        const staged = () => readdirSync(folder).some((f) => f.startsWith('.brat.') && f.endsWith('.tmp'));
        if (await runAndKill(['export', full, '--format', 'brat', '--out', brat], staged, 150)) kills++;
        if (existsSync(brat)) expect(readdirSync(brat).filter((f) => f.endsWith('.ann'))).toHaveLength(DOCS);
        expect(runCli(['export', full, '--format', 'brat', '--out', brat], { stdout: () => {}, stderr: () => {} })).toBe(0);
        expect(readdirSync(brat).filter((f) => f.endsWith('.ann'))).toHaveLength(DOCS);
        expect(temps(folder)).toEqual([]);
      }
    }
    expect(kills).toBeGreaterThan(0);
  }, 180_000);
});
