import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
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

describe('qalam train and simulate', () => {
  let sim: string;
  beforeAll(() => {
    const d = tempDir('qalam-simulate-');
    sim = join(d, 's.qalam');
    const rec = (id: string, text: string, annotator: string, entities: [string, string, number?][]): string => record(id, text, entities).replace('"annotator":"dana"', `"annotator":${JSON.stringify(annotator)}`);
    writeFiles(d, {
      'gold.jsonl':
        [
          rec('s1', 'דוד ביקר בקזחסטן.', 'gold', [['דוד', 'PER'], ['קזחסטן', 'GPE']]),
          rec('s2', 'משה ודוד טסו ולקזחסטן.', 'gold', [['משה', 'PER'], ['דוד', 'PER'], ['קזחסטן', 'GPE']]),
          rec('s3', 'דוד המלך ומשה בקזחסטן.', 'gold', [['משה', 'PER'], ['קזחסטן', 'GPE']]),
          rec('w1', 'שרה ביקרה בצרפת.', 'other', [['שרה', 'PER'], ['צרפת', 'GPE']]),
          rec('w2', 'רחל טסה לצרפת.', 'other', [['רחל', 'PER'], ['צרפת', 'GPE']]),
        ].join('\n') + '\n',
    });
    expect(qalam('init', sim).status).toBe(0);
    const r = qalam('import', sim, join(d, 'gold.jsonl'), '--format', 'jsonl');
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);

  it('simulate replays the gold set with the stated costs and exact counts (occurrences only)', () => {
    const before = qalam('stats', sim, '--json').stdout;
    const r = qalam('simulate', sim, '--gold', 'gold', '--recommenders', 'occurrences', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { scenario: string; costs: object; acceptAllFrom: number | null; documents: { gold: number; accepted: number; acceptAll: number; rejected: number; hand: number; actions: number }[]; total: { gold: number; actions: number; actionsPerMention: number } };
    expect(j.scenario).toBe('cold');
    expect(j.costs).toEqual({ hand: 2, accept: 1, reject: 1, retype: 1, acceptAll: 1, fix: 2, propagate: 2 });
    expect(j.acceptAllFrom).toBe(0.8);
    // the second document: accept all (two right occurrences) + משה by hand
    expect(j.documents.map((x) => [x.gold, x.accepted, x.acceptAll, x.rejected, x.hand, x.actions])).toEqual([
      [2, 0, 0, 0, 2, 4],
      [3, 2, 1, 0, 1, 3],
      [2, 2, 0, 1, 0, 3],
    ]);
    expect(j.total).toMatchObject({ gold: 7, actions: 10 });
    const text = qalam('simulate', sim, '--gold', 'gold', '--recommenders', 'occurrences');
    expect(text.stdout).toContain(
      'costs: hand tag 2, accept 1, accept as another type 1, reject 1, accept all 1 (from score 0.8) and 2 per wrong one it took, o + Enter after a hand tag 2 and 2 per wrong occurrence it tagged (by hand: 2.0 per mention)',
    );
    expect(text.stdout).toContain(
      'overall: 10 actions for 7 mentions = 1.43 per mention (by hand 2.00); 4 accepted (57.1%; 2 of them by accept all, pressed in 1 documents), 0 accepted as another type, 1 rejected, 0 taken by accept all and fixed (wrong: 0 boundary, 0 type), 3 by hand, 0 by o + Enter (0 times, 0 wrong ones deleted)',
    );
    // one by one, as before accept all was counted
    const one = JSON.parse(qalam('simulate', sim, '--gold', 'gold', '--recommenders', 'occurrences', '--accept-all-from', 'none', '--json').stdout) as { total: { actions: number } };
    expect(one.total.actions).toBe(11);
    expect(qalam('stats', sim, '--json').stdout).toBe(before);
  }, 120_000);

  it('train prints the held-out figures and writes a model that simulate --warm starts from; --warm SET learns another set first', () => {
    const model = join(dirname(sim), 'model.json');
    const t = qalam('train', sim, '--annotator', 'gold', '--out', model);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^tagger for gold: averaged perceptron, BILOU tags over proclitics and stems, trained on 3 documents/);
    expect(t.stdout).toMatch(/held-out \(1 documents, \d+ mentions\): exact span and type P [\d.]+ R [\d.]+ F1 [\d.]+; tokens P/);
    const j = JSON.parse(qalam('train', sim, '--annotator', 'gold', '--json').stdout) as { documents: number; quality: { documents: number } };
    expect([j.documents, j.quality.documents]).toEqual([3, 1]);
    const warmFile = JSON.parse(qalam('simulate', sim, '--gold', 'gold', '--warm', model, '--recommenders', 'tagger', '--min-f1', '0', '--json').stdout) as { scenario: string; trainings: unknown[] };
    expect(warmFile.scenario).toBe('warm');
    const warmSet = JSON.parse(qalam('simulate', sim, '--gold', 'gold', '--warm', 'other', '--retrain-every', '1', '--json').stdout) as { scenario: string; trainings: { documents: number; trainedOn: number }[] };
    expect(warmSet.scenario).toBe('warm');
    expect(warmSet.trainings.map((x) => [x.documents, x.trainedOn])).toEqual([[0, 2], [1, 3], [2, 4]]);
  }, 180_000);

  it('a corpus imported as one document: train and suggest hold out parts of it, as the window does', () => {
    const dir = tempDir();
    const names = ['דני', 'רונית', 'משה', 'יעל', 'אבי'];
    const places = ['ירושלים', 'חיפה', 'אילת', 'עכו', 'צפת'];
    const lines: string[] = [];
    for (let k = 0; k < 240; k++) {
      const words: [string, string][] = [[names[k % 5] as string, 'B-PER'], ['נסע', 'O'], ['אל', 'O'], [places[(k * 3) % 5] as string, 'B-LOC'], ['ביום', 'O'], ['שני', 'O'], ['עם', 'O'], ['חברים', 'O'], ['.', 'O']];
      lines.push(...words.map(([w, t]) => `${w}\t${t}`), '');
    }
    writeFiles(dir, { 'one.conll': lines.join('\n') });
    const project = join(dir, 'one.qalam');
    expect(qalam('init', project).status).toBe(0);
    const imported = qalam('import', project, join(dir, 'one.conll'), '--format', 'conll', '--annotator', 'gold');
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('1 imported');
    const t = qalam('train', project, '--annotator', 'gold');
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/trained on 1 document \(cut into \d+ parts of whole paragraphs\)/);
    expect(t.stdout).toMatch(/held-out \(\d+ parts of 1 document, \d+ mentions\): exact span and type P [\d.]+ R [\d.]+ F1 [\d.]+/);
    const j = JSON.parse(qalam('train', project, '--annotator', 'gold', '--json').stdout) as { documents: number; parts: number; heldOut: string; quality: { documents: number } | null };
    expect(j.documents).toBe(1);
    expect(j.heldOut).toBe('parts');
    expect(j.parts).toBeGreaterThanOrEqual(4);
    expect(j.quality?.documents).toBeGreaterThanOrEqual(1);
    const s = qalam('suggest', project, '--annotator', 'gold', '--recommenders', 'tagger', '--min-f1', '0');
    expect(s.status, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/tagger: trained on 1 document cut into \d+ parts \(480 mentions\), held-out F1 [\d.]+ \(P [\d.]+, R [\d.]+, \d+ parts of 1 document\)/);
  }, 180_000);

  it('refuses what it cannot do', () => {
    expect(qalam('simulate', sim).status).toBe(2);
    expect(qalam('simulate', sim, '--gold', 'gold', '--retrain-every', '0').status).toBe(2);
    expect(qalam('simulate', sim, '--gold', 'gold', '--accept-all-from', '2').status).toBe(2);
    expect(qalam('simulate', sim, '--gold', 'gold', '--warm', 'gold').status).toBe(2);
    const none = qalam('simulate', sim, '--gold', 'nobody');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('the set "nobody" has no annotated document');
    expect(qalam('train', sim, '--annotator', 'nobody').status).toBe(1);
  }, 120_000);
});
