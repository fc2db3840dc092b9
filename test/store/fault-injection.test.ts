/**
 * Issue 10, "Done when": kill -9 of the CLI at random points of an import and of an export over
 * a few hundred documents. After each kill the project passes `PRAGMA integrity_check`, an import
 * is wholly there or not at all, an export's target is the old one or the whole new one, and the
 * next run leaves no temporary file behind.
 *
 * Speed: the CLI (fixtures/fault-cli.ts: the real runCli and service) is bundled once with esbuild
 * and each round starts it with plain Node, so no round pays tsx's start-up. Kill points: after a
 * random delay counted from the child's `ready` (scaled by how long the last whole run took, so
 * that a loaded machine still spreads them over the run), or exactly before the N-th call of a
 * file system function of the export (the child stops there and waits for its kill), so the
 * writer's critical moments are hit on any machine. Seeded: QALAM_FAULT_SEED replays a failure.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { seededRandom } from '../../annotations/random';
import { initProject } from '../../electron/service';
import { openProject } from '../../electron/store';
import { REPO_ROOT, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs, 60_000);

const DOCS = 300;
const ROUNDS = 10; // of each: 20 kills in all
const SEED = Number(process.env.QALAM_FAULT_SEED ?? 10);
const random = seededRandom(SEED);
const quiet = { stdout: () => {}, stderr: () => {} };

let dir: string;
let child: string;
let empty: string;
let full: string;
let input: string;
let reference: string;
let splitNew: Map<string, string>;
let splitOld: Map<string, string>;
/** A folder export: the documents in three files by a seeded split. */
const SPLIT = ['--split', 'train=0.6,dev=0.2,test=0.2', '--seed', '7'];

function records(entities: boolean): string {
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
        entities: entities ? [{ id: 'T1', type: 'GPE', start: at, end: at + 7, text: 'ירושלים' }] : [],
        relations: [],
        events: [],
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Every file under `root` (relative path → content). */
function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** What an export killed before it finished may leave: `.NAME.PID.TIME.tmp` files and folders, journals. */
function temps(folder: string): string[] {
  return readdirSync(folder).filter((f) => /^\..*\.tmp(\.schema)?$/.test(f) || f.endsWith('-journal'));
}

beforeAll(async () => {
  dir = tempDir('qalam-fault-');
  // the CLI bundled once; better-sqlite3 (native) stays outside, loaded from the repository
  child = join(dir, 'fault-cli.mjs');
  const sqlite = createRequire(join(REPO_ROOT, 'package.json')).resolve('better-sqlite3');
  await build({
    entryPoints: [join(REPO_ROOT, 'test/store/fixtures/fault-cli.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __qalamRequire } from 'node:module'; const require = __qalamRequire(import.meta.url);" },
    plugins: [{ name: 'sqlite-outside', setup: (b) => b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true })) }],
  });

  empty = join(dir, 'empty.qalam');
  initProject(empty).close();
  input = join(dir, 'in.jsonl');
  writeFileSync(input, records(true));
  full = join(dir, 'full.qalam');
  copyFileSync(empty, full);
  expect(runCli(['import', full, input, '--format', 'jsonl'], quiet)).toBe(0);
  const out = join(dir, 'reference.jsonl');
  expect(runCli(['export', full, '--out', out], quiet)).toBe(0);
  reference = readFileSync(out, 'utf8');
  expect(reference.split('\n').filter(Boolean)).toHaveLength(DOCS);
  // a folder: the same documents, and an older export of them without their mentions
  expect(runCli(['export', full, '--out', join(dir, 'split-new'), ...SPLIT], quiet)).toBe(0);
  splitNew = tree(join(dir, 'split-new'));
  const old = join(dir, 'old.qalam');
  copyFileSync(empty, old);
  writeFileSync(join(dir, 'old.jsonl'), records(false));
  expect(runCli(['import', old, join(dir, 'old.jsonl'), '--format', 'jsonl'], quiet)).toBe(0);
  expect(runCli(['export', old, '--out', join(dir, 'split-old'), ...SPLIT], quiet)).toBe(0);
  splitOld = tree(join(dir, 'split-old'));
  splitNew.delete('.qalam-export');
  splitOld.delete('.qalam-export');
  expect(splitNew.size).toBeGreaterThanOrEqual(3);
  expect([...splitNew.values()].join('').split('\n').filter((l) => l.startsWith('{"id"'))).toHaveLength(DOCS);
  expect([...splitNew.keys()].sort()).toEqual([...splitOld.keys()].sort());
  for (const [f, text] of splitNew) if (f.endsWith('.jsonl')) expect(splitOld.get(f), f).not.toBe(text);
}, 120_000);

interface Run {
  killed: boolean;
  code: number | null;
  /** From `ready` to exit, when it was not killed. */
  ms: number;
  counts: Record<string, number>;
  stderr: string;
}

/**
 * Runs the bundled CLI. `kill`: after `delayMs` from its `ready`, or when it stops before the
 * N-th call of an fs function (`stop`); without it, the run completes.
 */
function run(args: string[], kill?: { delayMs: number } | { stop: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.QALAM_FAULT_STOP;
    if (kill && 'stop' in kill) env.QALAM_FAULT_STOP = kill.stop;
    const p = spawn(process.execPath, [child, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let killed = false;
    let readyAt = 0;
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const watchdog = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`the CLI (${args.join(' ')}) did not finish in 120 s; stderr: ${stderr}`));
    }, 120_000);
    const killNow = (): void => {
      if (p.exitCode === null && p.signalCode === null) killed = p.kill('SIGKILL');
    };
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      const before = out;
      out += d.toString();
      if (!before.includes('ready\n') && out.includes('ready\n')) {
        readyAt = performance.now();
        if (kill && 'delayMs' in kill) timer = setTimeout(killNow, kill.delayMs);
      }
      if (kill && 'stop' in kill && !before.includes('stop ') && out.includes('stop ')) killNow();
    });
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(watchdog);
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('counts '));
      resolve({
        killed,
        code,
        ms: performance.now() - readyAt,
        counts: line === undefined ? {} : (JSON.parse(line.slice('counts '.length)) as Record<string, number>),
        stderr,
      });
    });
  });
}

/** Runs to the end; must succeed. */
async function complete(args: string[]): Promise<Run> {
  const r = await run(args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** A seeded kill point in an export whose file system calls `counts` counted. */
function stopPoint(counts: Record<string, number>): string {
  const names = ['writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'unlinkSync', 'mkdirSync'].filter((n) => (counts[n] ?? 0) > 0);
  expect(names.length, `the export made none of the calls it is stopped at: ${JSON.stringify(counts)}`).toBeGreaterThan(0);
  const name = names[Math.floor(random() * names.length)] ?? 'renameSync';
  return `${name}:${1 + Math.floor(random() * (counts[name] ?? 1))}`;
}

describe('kill -9 at random points', () => {
  it(`of an import: the project is intact and the import all or nothing (${ROUNDS} rounds)`, async () => {
    const args = (project: string): string[] => ['import', project, input, '--format', 'jsonl'];
    const first = join(dir, 'import-calibrate.qalam');
    copyFileSync(empty, first);
    let last = (await complete(args(first))).ms;
    let kills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const project = join(dir, `import-${round}.qalam`);
      copyFileSync(empty, project);
      const delayMs = random() * 1.2 * last;
      const killed = (await run(args(project), { delayMs })).killed;
      if (killed) kills++;
      const what = `round ${round} (seed ${SEED}, kill after ${delayMs.toFixed(0)} ms)`;
      const store = openProject(project);
      try {
        expect(store.integrityCheck(), what).toEqual(['ok']);
        const docs = store.listDocuments().length;
        expect([0, DOCS], `${what}: ${docs} documents`).toContain(docs);
        const mentions = [...store.mentionCountsByDocument().values()];
        expect(mentions.reduce((a, b) => a + b, 0), what).toBe(docs);
        expect(mentions.every((n) => n === 1), what).toBe(true);
      } finally {
        store.close();
      }
      // the next run completes it, once
      last = (await complete(args(project))).ms;
      const again = openProject(project);
      try {
        expect(again.integrityCheck()).toEqual(['ok']);
        expect(again.listDocuments()).toHaveLength(DOCS);
        expect([...again.mentionCountsByDocument().values()].reduce((a, b) => a + b, 0)).toBe(DOCS);
      } finally {
        again.close();
      }
      expect(temps(dir), what).toEqual([]);
    }
    // delays up to 1.2 times a whole run: most rounds are killed on any machine
    expect(kills).toBeGreaterThan(0);
  }, 300_000);

  it(`of an export: the target is the old file or the whole new one, and the next run leaves no temporary file (${ROUNDS} rounds)`, async () => {
    let kills = 0;
    const folder = tempDir('qalam-fault-out-');
    const file = join(folder, 'corpus.jsonl');
    const fileArgs = ['export', full, '--out', file, '--force'];
    const calibrate = await complete(fileArgs);
    const fileCounts = calibrate.counts;
    let lastFile = calibrate.ms;
    const splitArgs = (out: string): string[] => ['export', full, '--out', out, ...SPLIT];
    const splitCounts = (await complete(splitArgs(join(folder, 'split-calibrate')))).counts;
    const ownCounts = (await complete(splitArgs(join(folder, 'split-calibrate')))).counts;
    let lastSplit = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const exact = round % 2 === 0; // even rounds: an exact fs call; odd: a random delay
      if (round % 4 < 2) {
        // one file: absent before, or an older file replaced with --force
        if (round % 8 >= 4) writeFileSync(file, 'an older export\n');
        const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
        const kill = exact ? { stop: stopPoint(fileCounts) } : { delayMs: random() * 1.2 * lastFile };
        const r = await run(fileArgs, kill);
        if (r.killed) kills++;
        if (exact) expect(r.killed, `round ${round}: the CLI never reached ${JSON.stringify(kill)}`).toBe(true);
        const what = `round ${round} (seed ${SEED}, ${JSON.stringify(kill)})`;
        const now = existsSync(file) ? readFileSync(file, 'utf8') : null;
        expect(now === reference || now === before, `${what}: a half-written export (${now?.length ?? 'no'} characters)`).toBe(true);
        lastFile = (await complete(fileArgs)).ms;
        expect(readFileSync(file, 'utf8')).toBe(reference);
        expect(temps(folder), what).toEqual([]);
        if (round % 8 < 4) {
          // next time, the target is absent again
          rmSync(file);
        }
      } else {
        // a folder: new (appears whole or not at all), or one an older export wrote (each file old or new)
        const target = join(folder, `split-${round}`);
        const own = round % 8 >= 4;
        if (own) expect(runCli(['export', join(dir, 'old.qalam'), '--out', target, ...SPLIT], quiet)).toBe(0);
        const kill = exact ? { stop: stopPoint(own ? ownCounts : splitCounts) } : { delayMs: random() * 1.2 * (lastSplit || lastFile * 4) };
        const r = await run(splitArgs(target), kill);
        if (r.killed) kills++;
        if (exact) expect(r.killed, `round ${round}: the CLI never reached ${JSON.stringify(kill)}`).toBe(true);
        const what = `round ${round} (seed ${SEED}, ${own ? 'over its own older export' : 'new folder'}, ${JSON.stringify(kill)})`;
        if (!own) {
          if (existsSync(target)) expect(tree(target), `${what}: a half-written folder`).toEqual(tree(join(folder, 'split-calibrate')));
        } else {
          const now = tree(target);
          for (const [f, text] of now) {
            if (f === '.qalam-export') continue;
            expect(text === splitNew.get(f) || text === splitOld.get(f), `${what}: ${f} half-written`).toBe(true);
          }
          for (const f of splitOld.keys()) expect(now.has(f), `${what}: ${f} lost`).toBe(true);
        }
        lastSplit = (await complete(splitArgs(target))).ms;
        const done = tree(target);
        done.delete('.qalam-export');
        expect(done).toEqual(splitNew);
        expect(temps(folder), what).toEqual([]);
      }
      const store = openProject(full);
      try {
        expect(store.integrityCheck()).toEqual(['ok']);
      } finally {
        store.close();
      }
    }
    expect(kills).toBeGreaterThanOrEqual(ROUNDS / 2);
  }, 300_000);
});
