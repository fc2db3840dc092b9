/**
 * The silent zero, from the command line: 300 Prodigy lines with 129 spans given as
 * doccano. The import says what it did not keep (exit 0); --strict refuses (exit 1) and keeps
 * nothing. And --format prodigy imports them all.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeTempDirs, tempDir } from '../store/helpers';

afterAll(removeTempDirs);

const CLI = join(REPO_ROOT, 'electron', 'cli', 'main.ts');

function qalam(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let file: string;

beforeAll(() => {
  dir = tempDir('qalam-cli-x-');
  file = join(dir, 'news.jsonl');
  const lines: string[] = [];
  let spans = 0;
  for (let n = 0; n < 300; n++) {
    const text = `😀 ידיעה ${n}: נשיא קזחסטן ביקר בירושלים`;
    const cps = [...text];
    const at = (w: string): number => [...text.slice(0, text.indexOf(w))].length;
    const s: { start: number; end: number; label: string }[] = [];
    if (n % 7 < 2) s.push({ start: at('קזחסטן'), end: at('קזחסטן') + 6, label: 'GPE' });
    if (n % 7 === 0) s.push({ start: at('בירושלים'), end: cps.length, label: 'GPE' });
    spans += s.length;
    lines.push(JSON.stringify({ text, _input_hash: n, _task_hash: n + 1, spans: s, answer: 'accept', _view_id: 'ner_manual' }));
  }
  expect(spans).toBe(129);
  writeFileSync(file, `${lines.join('\n')}\n`);
  expect(qalam('init', join(dir, 'a.qalam')).status).toBe(0);
  expect(qalam('init', join(dir, 'b.qalam')).status).toBe(0);
}, 240_000);

describe('qalam import: what was read and what was kept', () => {
  it('a Prodigy file as --format doccano: exit 0, but every line with spans says so; --strict exits 1 and keeps nothing', () => {
    const strict = qalam('import', join(dir, 'a.qalam'), file, '--format', 'doccano', '--annotator', 'dana', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/^qalam: error: --strict: nothing imported, because the import would not keep everything: .*news\.jsonl:1: 129 entities not kept: "spans" is not read by the doccano importer/);
    expect(qalam('list', join(dir, 'a.qalam')).stdout.trim().split('\n')).toHaveLength(1); // the header only

    const r = qalam('import', join(dir, 'a.qalam'), file, '--format', 'doccano', '--annotator', 'dana');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.match(/^loss .*news\.jsonl:1: 129 entities not kept: "spans" is not read by the doccano importer.*\(first at this line\)$/gm)).toHaveLength(1);
    expect(r.stdout).toMatch(/^read\s+129$/m);
    expect(r.stdout).toMatch(/^kept\s+0$/m);
    expect(r.stdout).toMatch(/^not kept\s+129$/m);
  }, 240_000);

  it('as --format prodigy: all 129 kept', () => {
    const r = qalam('import', join(dir, 'b.qalam'), file, '--format', 'prodigy', '--annotator', 'dana', '--strict');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('129 mentions, 0 events, 0 relations');
    expect(r.stdout).not.toContain('loss ');
  }, 120_000);

  it('--offsets is checked', () => {
    expect(qalam('import', join(dir, 'b.qalam'), file, '--format', 'doccano', '--offsets', 'bytes').status).toBe(2);
    expect(qalam('import', join(dir, 'b.qalam'), file, '--format', 'prodigy', '--offsets', 'utf16').status).toBe(2);
  }, 120_000);
});
