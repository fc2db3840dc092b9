/**
 * `qalam suggest --recommenders occurrences,http://127.0.0.1:PORT/…`: an external recommender
 * (a real HTTP server in this test process; the CLI runs in a child process, spawned without
 * blocking so that this server can answer it). Its suggestions are printed with the source
 * endpoint, each refused item is listed, a failure exits 1 with the rest printed, and a URL off
 * this machine is a usage error before anything is sent.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeTempDirs, tempDir, writeFiles } from '../store/helpers';
import { cpSpan } from '../service/project';

const CLI = join(REPO_ROOT, 'electron', 'cli', 'main.ts');

function qalamSync(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI in a child process, without blocking this one (its server must answer). */
function qalam(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const K1 = 'הנשיא ביקר בקזחסטן אתמול.\nבקזחסטן יש שלג.';
const K2 = 'השר חזר ולקזחסטן, וגם לאלמאטי.';

afterAll(removeTempDirs);

let server: Server;
let base: string;
let answer: (text: string, res: ServerResponse) => void = (_t, res) => res.end('[]');
let project: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string }).text, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = tempDir('qalam-suggest-endpoint-');
  project = join(dir, 'p.qalam');
  const rec = (id: string, text: string, ents: { start: number; end: number; type: string }[]) =>
    JSON.stringify({ id, name: id, text, lang: 'he', annotator: 'dana', entities: ents.map((e, k) => ({ id: String(k + 1), ...e, text: [...text].slice(e.start, e.end).join('') })), events: [], relations: [], status: 'in-progress' });
  writeFiles(dir, { 'a.jsonl': `${rec('k1', K1, [{ ...cpSpan(K1, 'קזחסטן'), type: 'GPE' }])}\n${rec('k2', K2, [])}\n` });
  expect(qalamSync('init', project).status).toBe(0);
  const r = qalamSync('import', project, join(dir, 'a.jsonl'), '--format', 'jsonl');
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('qalam suggest with an external recommender', () => {
  it('prints its suggestions with the source endpoint beside the occurrences, and lists every refused item', async () => {
    answer = (text, res) => {
      const items =
        text === K1
          ? [{ ...cpSpan(K1, 'הנשיא'), type: 'PER', score: 0.8 }, { start: 3, end: 99, type: 'PER', score: 0.5 }]
          : [{ ...cpSpan(K2, 'אלמאטי'), type: 'GPE', score: 0.6 }, { ...cpSpan(K2, 'השר'), type: 'MINISTER', score: 0.5 }];
      res.end(JSON.stringify(items));
    };
    const r = await qalam('suggest', project, '--annotator', 'dana', '--recommenders', `occurrences,${base}/ner`);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; type: string; source: string; score: number });
    expect(lines.map((l) => `${l.text}/${l.type}/${l.source}/${l.score}`)).toEqual([
      'הנשיא/PER/endpoint/0.8',
      'קזחסטן/GPE/occurrence/0.5',
      'קזחסטן/GPE/occurrence/0.5',
      'אלמאטי/GPE/endpoint/0.6',
    ]);
    expect(r.stderr).toContain('4 suggestions for dana in 2 documents (occurrences 2, endpoint 2, tagger 0); nothing written');
    expect(r.stderr).toMatch(/endpoint: document \S+, item 1 refused: span \[3, 99\) is out of range/);
    expect(r.stderr).toMatch(/endpoint: document \S+, item 1 refused: unknown type "MINISTER"/);
    expect(r.stderr).toContain(`endpoint: ${base}/ner answered for 2 of 2 documents; 2 items refused`);
  }, 120_000);

  it('exits 1 when it fails (not JSON, too slow), the other suggestions printed', async () => {
    answer = (_t, res) => res.end('<html>oops</html>');
    const bad = await qalam('suggest', project, '--annotator', 'dana', '--recommenders', `occurrences,${base}/ner`);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/endpoint: document \S+: the answer is not JSON/);
    expect(bad.stderr).toMatch(/qalam: error: suggest: the recommender at .* failed for 2 of 2 documents/);
    expect(bad.stdout.trim().split('\n')).toHaveLength(2);
    answer = (_t, res) => setTimeout(() => res.end('[]'), 5000).unref();
    const slow = await qalam('suggest', project, '--annotator', 'dana', '--recommenders', `${base}/ner`, '--endpoint-timeout', '300');
    expect(slow.status).toBe(1);
    expect(slow.stderr).toMatch(/within 300 ms \(the timeout\)/);
    expect(slow.stdout).toBe('');
  }, 120_000);

  it('refuses a URL off this machine before sending anything', async () => {
    let asked = 0;
    answer = (_t, res) => {
      asked++;
      res.end('[]');
    };
    const r = await qalam('suggest', project, '--recommenders', 'occurrences,http://192.0.2.5:8000/ner');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/host 192\.0\.2\.5 is not on this machine: only a recommender on this machine/);
    expect((await qalam('suggest', project, '--recommenders', `${base}/a,${base}/b`)).status).toBe(2);
    expect(asked).toBe(0);
  }, 120_000);
});
