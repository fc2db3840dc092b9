import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

const CLI = join(REPO_ROOT, 'electron', 'cli', 'main.ts');

function qalam(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A native JSONL record with entities on the given (n-th) occurrences of needles. */
function record(id: string, text: string, entities: [string, string, number?][]): string {
  const cps = [...text];
  const ents = entities.map(([needle, type, n = 0], k) => {
    let u = -1;
    for (let i = 0; i <= n; i++) u = text.indexOf(needle, u + 1);
    const start = [...text.slice(0, u)].length;
    const end = start + [...needle].length;
    return { id: String(k + 1), type, start, end, text: cps.slice(start, end).join('') };
  });
  return JSON.stringify({ id, name: id, text, lang: 'he', annotator: 'dana', entities: ents, events: [], relations: [], status: 'in-progress' });
}

let dir: string;
let project: string;

beforeAll(() => {
  dir = tempDir('qalam-suggest-');
  project = join(dir, 'p.qalam');
  writeFiles(dir, {
    'a.jsonl': [
      record('kz1', 'הנשיא ביקר בקזחסטן אתמול.\nבקזחסטן יש שלג.', [['קזחסטן', 'GPE']]),
      record('kz2', 'השר חזר ולקזחסטן, וגם לאלמאטי. قالت الحكومة إن والحكومة', [['الحكومة', 'ORG']]),
    ].join('\n') + '\n',
    'places.tsv': '# places\nאלמאטי\tGPE\n',
    'bad.tsv': 'אלמאטי\tGPE\nשגוי\n',
  });
  expect(qalam('init', project).status).toBe(0);
  const r = qalam('import', project, join(dir, 'a.jsonl'), '--format', 'jsonl');
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

describe('qalam suggest', () => {
  it('prints occurrences after proclitics and from a gazetteer as JSONL, and writes nothing', () => {
    const before = qalam('stats', project, '--json').stdout;
    const r = qalam('suggest', project, '--annotator', 'dana', '--gazetteer', join(dir, 'places.tsv'));
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; type: string; source: string; start: number; end: number });
    expect(lines.map((l) => `${l.text}/${l.type}/${l.source}`)).toEqual(['קזחסטן/GPE/occurrence', 'קזחסטן/GPE/occurrence', 'אלמאטי/GPE/occurrence', 'الحكومة/ORG/occurrence']);
    expect(lines[1]).toMatchObject({ start: 10, end: 16 });
    expect(r.stderr).toContain('4 suggestions for dana in 2 documents (occurrences 4, tagger 0); nothing written');
    expect(r.stderr).toContain('below --min-f1 0.5, silent');
    expect(qalam('stats', project, '--json').stdout).toBe(before);
  }, 120_000);
  it('only the documents asked for, only the recommenders asked for', () => {
    const list = qalam('list', project).stdout.split('\n')[2]?.split(/\s+/)[0] as string;
    const r = qalam('suggest', project, '--annotator', 'dana', '--documents', list, '--recommenders', 'occurrences');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toContain('tagger: not used');
  }, 120_000);
  it('refuses a bad gazetteer line with its file and line, and bad options', () => {
    const bad = qalam('suggest', project, '--annotator', 'dana', '--gazetteer', join(dir, 'bad.tsv'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^qalam: error: .*bad\.tsv:2: expected "form<TAB>type"/);
    expect(bad.stdout).toBe('');
    expect(qalam('suggest', project, '--min-f1', '2').status).toBe(2);
    expect(qalam('suggest', project, '--recommenders', 'crf').status).toBe(2);
    expect(qalam('suggest', project, '--annotator', 'dana', '--documents', 'nope').status).toBe(1);
  }, 180_000);
});
