// Issue 10, items 8, 9 and 12: every way in applies the same rules (annotations/names.ts), names
// round-trip through the per-document exchange, and a failed import changes nothing — not even
// the current annotator.
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportPerDocument, importExchange, initProject, openService, type QalamService } from '../../electron/service';
import { runCli } from '../../electron/cli/cli';
import { parseBratAnn } from '../../annotations/formats/bratRead';
import { fakeClock, writeFiles } from '../store/helpers';
import { closeProjects, freshProject } from './project';

const TEXT = 'בקזחסטן טוקאייב פגש את פוטין';
let dir: string;
let service: QalamService;
beforeEach(() => ({ dir, service } = freshProject()));
afterEach(closeProjects);

const record = (over: Record<string, unknown>): string =>
  JSON.stringify({ id: 'd1', name: 'kz', text: TEXT, annotator: 'dana', entities: [{ id: 'T1', type: 'GPE', start: 1, end: 7, text: 'קזחסטן' }], ...over }) + '\n';
const docs = (s: QalamService = service): number => s.call('documents.list', {}).length;

function cli(args: string[]): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { status, out, err };
}

describe('item 12: a failed txt import with --annotator changes nothing', () => {
  it('does not add the annotator nor make it current', () => {
    service.close();
    const project = join(dir, 'p.qalam');
    writeFiles(dir, { 'in/good.txt': 'שלום עולם\n', 'in/bad.txt': Uint8Array.from([0x61, 0x62, 0x0a, 0xc3]) });
    const r = cli(['import', project, join(dir, 'in'), '--annotator', 'newbie']);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/bad\.txt:2: not valid UTF-8/);
    const again = cli(['list', project]);
    expect(again.out.split('\n').filter((l) => l.trim() !== '')).toHaveLength(1); // the header only
    const p = openService(project);
    try {
      const session = p.call('session.get', {});
      expect(session.annotators).not.toContain('newbie');
      expect(session.annotator).toBeNull();
    } finally {
      p.close();
    }
    // A good import with --annotator makes it current, with the import.
    writeFileSync(join(dir, 'in', 'bad.txt'), 'ab\n');
    expect(cli(['import', project, join(dir, 'in'), '--annotator', 'newbie']).status).toBe(0);
    const q = openService(project);
    try {
      expect(q.call('session.get', {}).annotator).toBe('newbie');
    } finally {
      q.close();
    }
  });
});

describe('item 9: one validation for every way in', () => {
  const badNames: [string, string, RegExp][] = [
    ['empty', '', /the annotator name is empty/],
    ['blank', '   ', /the annotator name is empty/],
    ['10,000 characters', 'a'.repeat(10_000), /10000 characters long; at most 64/],
    ['a control character', 'da\u0007na', /control character/],
    ['a line break', 'da\nna', /control character/],
  ];
  for (const [what, name, message] of badNames) {
    it(`jsonl: an annotator name that is ${what} is refused with file and line, nothing stored`, () => {
      writeFiles(dir, { 'a.jsonl': '\n' + record({ annotator: name }) });
      expect(() => service.call('import.run', { format: 'jsonl', paths: [join(dir, 'a.jsonl')] })).toThrow(new RegExp(`a\\.jsonl:2: "annotator": .*${message.source}`));
      expect(docs()).toBe(0);
      expect(service.call('session.get', {}).annotators).toEqual([]);
    });
    it(`--annotator that is ${what} is refused like session.setAnnotator refuses it`, () => {
      writeFiles(dir, { 'a.jsonl': record({}) });
      expect(() => service.call('session.setAnnotator', { name: name === '' ? ' ' : name })).toThrow(message);
      if (name !== '') expect(() => service.call('import.run', { format: 'jsonl', paths: [join(dir, 'a.jsonl')], annotator: name })).toThrow(message);
      expect(docs()).toBe(0);
    });
  }

  it('exchange import: an annotator name that is too long is refused with file and line', () => {
    mkdirSync(join(dir, 'share', 'x'), { recursive: true });
    writeFileSync(join(dir, 'share', 'x', 'kz.jsonl'), record({ annotator: 'a'.repeat(10_000) }));
    expect(() => importExchange(service.store, [join(dir, 'share')], {}, fakeClock())).toThrow(/kz\.jsonl:1: "annotator": the annotator name is 10000 characters long/);
    expect(docs()).toBe(0);
  });

  it('exchange import: types, roles, relation types and attributes missing from the schema (HTML too) are refused', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ entities: [{ id: 'T1', type: '<img src=x onerror=alert(1)>', start: 1, end: 7, text: 'קזחסטן' }] }, /entity type "<img src=x onerror=alert\(1\)>"/],
      [{ entities: [{ id: 'T1', type: 'GPE', start: 1, end: 7, text: 'קזחסטן', attributes: { '<b>x</b>': true } }] }, /attribute "<b>x<\/b>"/],
      [
        {
          entities: [
            { id: 'T1', type: 'GPE', start: 1, end: 7, text: 'קזחסטן' },
            { id: 'T2', type: 'PER', start: 8, end: 15, text: 'טוקאייב' },
          ],
          relations: [{ id: 'R1', type: 'Hates<script>', arg1: 'T2', arg2: 'T1', attributes: {} }],
        },
        /relation type "Hates<script>"/,
      ],
      [
        {
          entities: [{ id: 'T2', type: 'PER', start: 8, end: 15, text: 'טוקאייב' }],
          events: [{ id: 'E1', type: 'Contact:Meet', trigger: { start: 16, end: 19, text: 'פגש' }, arguments: [{ role: 'Nonsense', entity_id: 'T2' }], attributes: {} }],
        },
        /role "Nonsense" of Contact:Meet/,
      ],
      [{ entities: [], events: [{ id: 'E1', type: 'Made:Up', trigger: { start: 16, end: 19, text: 'פגש' }, arguments: [], attributes: {} }] }, /event type "Made:Up"/],
    ];
    for (const [over, message] of cases) {
      mkdirSync(join(dir, 'share', 'dana'), { recursive: true });
      writeFileSync(join(dir, 'share', 'dana', 'kz.jsonl'), record(over));
      expect(() => importExchange(service.store, [join(dir, 'share')], {}, fakeClock())).toThrow(message);
      expect(() => importExchange(service.store, [join(dir, 'share')], {}, fakeClock())).toThrow(/kz\.jsonl:1: not in the project's schema/);
      expect(docs()).toBe(0);
    }
  });

  it('a lone surrogate is refused with file and line in every JSON format (never stored as U+FFFD)', () => {
    const lone = '{"id":"d1","name":"kz","text":"ab\\ud800c","annotator":"dana"}\n';
    writeFiles(dir, { 'n.jsonl': '\n\n' + lone, 'd.jsonl': '{"text":"ok"}\n{"text":"x\\udc00","label":[]}\n', 'l.json': '[\n{"data":{"text":"\\ud83d"}}\n]' });
    expect(() => service.call('import.run', { format: 'jsonl', paths: [join(dir, 'n.jsonl')] })).toThrow(/n\.jsonl:3: invalid JSON: \\ud800 is a lone surrogate, not a character/);
    expect(() => service.call('import.run', { format: 'doccano', paths: [join(dir, 'd.jsonl')], annotator: 'x' })).toThrow(/d\.jsonl:2: .*\\udc00 is a lone surrogate/);
    expect(() => service.call('import.run', { format: 'labelstudio', paths: [join(dir, 'l.json')], annotator: 'x' })).toThrow(/l\.json:2.*\\ud83d is a lone surrogate/);
    mkdirSync(join(dir, 'share', 'dana'), { recursive: true });
    writeFileSync(join(dir, 'share', 'dana', 'kz.jsonl'), lone);
    expect(() => importExchange(service.store, [join(dir, 'share')], {}, fakeClock())).toThrow(/kz\.jsonl:1: invalid JSON: \\ud800 is a lone surrogate/);
    expect(docs()).toBe(0);
    // A proper pair is a character.
    writeFiles(dir, { 'ok.jsonl': '{"id":"d1","name":"kz","text":"ab\\ud83d\\ude00c","annotator":"dana"}\n' });
    service.call('import.run', { format: 'jsonl', paths: [join(dir, 'ok.jsonl')] });
    expect(service.call('documents.get', { id: service.call('documents.list', {})[0]!.id }).text).toBe('ab😀c');
  });

  it('the service handlers refuse lone surrogates in names and notes', () => {
    service.call('session.setAnnotator', { name: 'dana' });
    expect(() => service.call('session.setAnnotator', { name: 'x\ud800' })).toThrow(/lone surrogate/);
    writeFiles(dir, { 't.txt': TEXT });
    const docId = service.call('documents.importPaths', { paths: [join(dir, 't.txt')] }).imported[0]!.id;
    expect(() => service.call('documents.setNote', { docId, note: 'a\udc00' })).toThrow(/lone surrogate/);
    expect(() => service.call('documents.setFlags', { docId, flags: ['\ud800'] })).toThrow(/lone surrogate/);
    const m = service.call('mentions.create', { docId, type: 'GPE', start: 1, end: 7 }).mention;
    expect(() => service.call('notes.set', { target: { kind: 'mention', id: m.id }, note: '\ud800' })).toThrow(/lone surrogate/);
  });

  it('brat: two events (or relations) with one id are refused, naming both lines', () => {
    const text = 'Kazakhstan met Putin';
    const ann = ['T1\tGPE 0 10\tKazakhstan', 'T2\tMeet 11 14\tmet', 'E1\tMeet:T2 Entity:T1', 'E1\tMeet:T2'].join('\n');
    expect(() => parseBratAnn(text, text, ann, 'x.ann')).toThrow(/x\.ann:4: duplicate id E1 \(first on line 3\)/);
    const rel = ['T1\tGPE 0 10\tKazakhstan', 'T3\tPER 15 20\tPutin', 'R1\tMet Arg1:T1 Arg2:T3', 'R1\tMet Arg1:T3 Arg2:T1'].join('\n');
    expect(() => parseBratAnn(text, text, rel, 'y.ann')).toThrow(/y\.ann:4: duplicate id R1/);
    writeFiles(dir, { 'b/x.txt': text, 'b/x.ann': ann });
    expect(() => service.call('import.run', { format: 'brat', paths: [join(dir, 'b')], annotator: 'x' })).toThrow(/x\.ann:4: duplicate id E1/);
    expect(docs()).toBe(0);
  });
});

describe('item 8: names starting with "." round-trip through the per-document exchange', () => {
  it('documents and annotators named ".x" are exported to visible files and imported back', () => {
    writeFiles(dir, { '.hidden-doc.txt': TEXT, 'plain.txt': 'שלום עולם' });
    service.call('documents.importPaths', { paths: [join(dir, '.hidden-doc.txt'), join(dir, 'plain.txt')] });
    const ids = service.call('documents.list', {}).map((d) => [d.name, d.id] as const);
    expect(ids.map(([n]) => n).sort()).toEqual(['.hidden-doc', 'plain']);
    for (const who of ['.dot', 'dana']) {
      service.call('session.setAnnotator', { name: who });
      for (const [, id] of ids) service.call('mentions.create', { docId: id, type: 'GPE', start: 1, end: 4 });
    }
    const out = join(dir, 'share');
    const r = exportPerDocument(service.store, out);
    expect(r.files).toHaveLength(4);
    for (const f of r.files) expect(f.split('/').some((part) => part.startsWith('.'))).toBe(false);
    const b = initProject(join(dir, 'b.qalam'), { now: fakeClock() });
    try {
      const rep = importExchange(b.store, [out], {}, fakeClock());
      expect(rep.documents.map((d) => d.name).sort()).toEqual(['.hidden-doc', 'plain']);
      expect(rep.updated.map((u) => u.annotator).sort()).toEqual(['.dot', '.dot', 'dana', 'dana']);
      expect(b.call('session.get', {}).annotators.sort()).toEqual(['.dot', 'dana']);
    } finally {
      b.close();
    }
  });

  it('hidden .jsonl files and folders written by hand are imported too (only .git and the like are not)', () => {
    mkdirSync(join(dir, 'share', '.git'), { recursive: true });
    mkdirSync(join(dir, 'share', '.dot'), { recursive: true });
    writeFileSync(join(dir, 'share', '.dot', '.kz.jsonl'), record({ annotator: '.dot' }));
    writeFileSync(join(dir, 'share', '.git', 'x.jsonl'), 'not json\n');
    const rep = importExchange(service.store, [join(dir, 'share')], {}, fakeClock());
    expect(rep.updated.map((u) => u.annotator)).toEqual(['.dot']);
    expect(readdirSync(join(dir, 'share'))).toContain('.git');
  });
});

describe('item 14: a chosen folder is the limit of what an import reads', () => {
  it('a symbolic link inside a chosen folder is refused (txt, every format, exchange), naming it; nothing stored', () => {
    const outside = join(dir, 'outside');
    writeFiles(outside, { 'secret.txt': 'סוד כמוס', 'secret.jsonl': record({}), 'deep/x.txt': 'עמוק' });
    writeFiles(dir, { 'picked/ok.txt': 'שלום עולם', 'share/dana/ok.jsonl': record({}) });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'picked', 'link.txt'));
    expect(() => service.call('documents.importPaths', { paths: [join(dir, 'picked')] })).toThrow(/picked\/link\.txt: a symbolic link \(to .*secret\.txt\) inside the chosen folder/);
    expect(() => service.call('import.run', { format: 'txt', paths: [join(dir, 'picked')] })).toThrow(/picked\/link\.txt: a symbolic link/);
    symlinkSync(join(outside, 'secret.jsonl'), join(dir, 'share', 'dana', 'z.jsonl'));
    expect(() => importExchange(service.store, [join(dir, 'share')], {}, fakeClock())).toThrow(/dana\/z\.jsonl: a symbolic link/);
    // A link to a folder, too.
    writeFiles(dir, { 'picked2/ok.txt': 'שלום' });
    symlinkSync(join(outside, 'deep'), join(dir, 'picked2', 'deep'));
    expect(() => service.call('import.run', { format: 'txt', paths: [join(dir, 'picked2')] })).toThrow(/picked2\/deep: a symbolic link/);
    expect(docs()).toBe(0);
    // A link the user names is what they chose: followed.
    service.call('import.run', { format: 'txt', paths: [join(dir, 'picked', 'link.txt')] });
    expect(docs()).toBe(1);
  });

  it("brat: annotation.conf is looked up no higher than the chosen folder", () => {
    const conf = '[entities]\nSecretType\n[relations]\n[events]\n[attributes]\n';
    writeFiles(dir, { 'annotation.conf': conf, 'corpus/a.txt': 'Kazakhstan', 'corpus/a.ann': 'T1\tGPE 0 10\tKazakhstan\n' });
    const r = service.call('import.run', { format: 'brat', paths: [join(dir, 'corpus')], annotator: 'x' });
    expect(r.schemaAdded.join(',')).not.toMatch(/SecretType/);
    expect(service.call('schema.get', {}).entityTypes.map((t) => t.name)).not.toContain('SecretType');
    // Inside the chosen folder, a parent's conf is found as brat finds it.
    writeFiles(dir, { 'corpus2/annotation.conf': conf, 'corpus2/sub/b.txt': 'Astana', 'corpus2/sub/b.ann': 'T1\tSecretType 0 6\tAstana\n' });
    const r2 = service.call('import.run', { format: 'brat', paths: [join(dir, 'corpus2')], annotator: 'x' });
    expect(r2.schemaAdded).toContain('entity type SecretType');
  });
});
