/**
 * doccano, Label Studio, Prodigy and spaCy files in the shapes those tools write (fixtures in
 * test/fixtures/exchange): offsets in the right unit, the import report (read, kept, lost per
 * kind), --strict, and Label Studio export → import.
 */
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initProject, type QalamService } from '../../electron/service';
import type { ImportRunReport } from '../../electron/contract';
import { IMPORT_KINDS } from '../../annotations/formats/report';
import { fakeClock, REPO_ROOT, writeFiles } from '../store/helpers';
import { closeProjects, freshProject } from './project';

const FIX = join(REPO_ROOT, 'test', 'fixtures', 'exchange');

let dir: string;
let service: QalamService;

beforeEach(() => ({ dir, service } = freshProject({ annotator: 'dana' })));
afterEach(closeProjects);

/** Every mention of the project as `TYPE text` (sorted), with the set's name. */
function mentions(s: QalamService = service, annotator = 'dana'): string[] {
  const out: string[] = [];
  for (const d of s.call('documents.list', {})) {
    const text = s.call('documents.get', { id: d.id }).text;
    const cps = [...text];
    for (const m of s.call('mentions.list', { docId: d.id, annotator })) out.push(`${m.annotator} ${m.type} ${cps.slice(m.start, m.end).join('')}`);
  }
  return out.sort();
}

/** read = kept + lost, for every kind. */
function balanced(r: ImportRunReport): void {
  for (const k of IMPORT_KINDS) {
    expect(r.counts[k].read - r.counts[k].kept, k).toBe(r.losses.filter((l) => l.kind === k).reduce((a, l) => a + l.count, 0));
  }
}

describe('doccano', () => {
  it('offsets are UTF-16 code units by default (doccano #2290: [22, 32] is "firetrucks" after 👨🏻‍🚒)', () => {
    const r = service.call('import.run', { format: 'doccano', paths: [join(FIX, 'doccano-utf16.jsonl')] });
    balanced(r);
    expect(r.losses).toEqual([]);
    expect(r.counts.entities.read).toBe(8);
    expect(r.counts.notes.kept).toBe(1); // doccano's Comments → the document note
    expect(mentions()).toEqual(
      [
        'dana VEHICLE firetrucks',
        'dana PER firemen',
        'dana GPE קזחסטן',
        'dana TTL נשיא קזחסטן',
        'dana PER נורסולטן נזרבייב',
        'dana GPE ירושלים',
        'dana PER عبدالله الثاني',
        'dana GPE عمّان',
      ].sort(),
    );
    const doc = service.call('documents.list', {}).find((d) => d.name === 'doccano-utf16-2');
    expect(service.call('documents.meta', { docId: doc?.id ?? '' }).note).toBe('נזרבייב: לבדוק איות');
  });

  it('the relation variant too', () => {
    const r = service.call('import.run', { format: 'doccano', paths: [join(FIX, 'doccano-relations-utf16.jsonl')] });
    expect([r.mentions, r.relations, r.losses.length]).toEqual([3, 2, 0]);
    expect(mentions()).toEqual(['dana GPE ירושלים', 'dana GPE קזחסטן', 'dana PER נורסולטן נזרבייב']);
  });

  it('--offsets codepoints reads Python-made files; a unit that splits a surrogate pair or a grapheme is refused naming the line', () => {
    const text = '👨🏻‍🚒 firemen drive firetrucks at work';
    writeFiles(dir, { 'py.jsonl': `${JSON.stringify({ text: 'x' })}\n${JSON.stringify({ text, label: [[19, 29, 'VEHICLE']] })}\n` });
    service.call('import.run', { format: 'doccano', paths: [join(dir, 'py.jsonl')], offsets: 'codepoints' });
    expect(mentions()).toEqual(['dana VEHICLE firetrucks']);
    // UTF-16 offset 1 falls inside 👨 (a surrogate pair)
    writeFiles(dir, { 'a.jsonl': `${JSON.stringify({ text: 'y' })}\n${JSON.stringify({ text, label: [[1, 3, 'X']] })}\n` });
    expect(() => service.call('import.run', { format: 'doccano', paths: [join(dir, 'a.jsonl')] })).toThrow(/a\.jsonl:2: label #1: offset 1 in UTF-16 code units falls between the two halves of U\+1F468/);
    // code point 1 is inside the firefighter cluster (👨 + skin tone + ZWJ + 🚒)
    expect(() => service.call('import.run', { format: 'doccano', paths: [join(dir, 'a.jsonl')], offsets: 'codepoints' })).toThrow(
      /a\.jsonl:2: label #1: offset 1 in code points splits the character "👨🏻‍🚒"/,
    );
    // a combining mark: ع + shadda
    writeFiles(dir, { 'b.jsonl': `${JSON.stringify({ text: 'في عمّان', label: [[3, 5, 'X']] })}\n` });
    expect(() => service.call('import.run', { format: 'doccano', paths: [join(dir, 'b.jsonl')] })).toThrow(/b\.jsonl:1: label #1: offset 5 in UTF-16 code units splits the character "مّ"/);
    expect(service.call('documents.list', {})).toHaveLength(2);
  });

  it('a Prodigy file given as doccano: every span reported as not kept; --strict refuses and keeps nothing', () => {
    const r = service.call('import.run', { format: 'doccano', paths: [join(FIX, 'prodigy-ner-manual.jsonl')] });
    expect(r.counts.entities.kept).toBe(0);
    expect(r.counts.entities.read).toBe(5);
    balanced(r);
    // one entry per file, kind and cause: the first line, and the count of all
    expect(r.losses.map((l) => [l.line, l.kind, l.count])).toEqual([[1, 'entities', 5]]);
    expect(r.losses[0]?.what).toMatch(/"spans" is not read by the doccano importer/);
    const p2 = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      expect(() => p2.call('import.run', { format: 'doccano', paths: [join(FIX, 'prodigy-ner-manual.jsonl')], annotator: 'x', strict: true })).toThrow(
        /--strict: nothing imported, because the import would not keep everything: .*prodigy-ner-manual\.jsonl:1: 5 entities not kept: "spans" is not read/,
      );
      expect(p2.call('documents.list', {})).toEqual([]);
    } finally {
      p2.close();
    }
  });
});

describe('Label Studio', () => {
  it('a Label Studio 1.x export (code points: "test" at 21–25 after 🐱) imports exactly, with per-region choices and notes', () => {
    const r = service.call('import.run', { format: 'labelstudio', paths: [join(FIX, 'labelstudio-export.json')] });
    balanced(r);
    expect(r.losses).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(mentions()).toEqual(['dana GPE ירושלים', 'dana GPE קזחסטן', 'dana MISC test', 'dana ORG קזחסטן', 'dana PER נורסולטן נזרבייב']);
    const d = service.call('documents.list', {}).find((x) => x.name === 'labelstudio-export-2');
    const a = service.call('annotations.list', { docId: d?.id ?? '', mentions: true });
    expect(a.relations.map((x) => x.type)).toEqual(['PHYS']);
    const byType = new Map((a.mentions ?? []).map((m) => [`${m.type}:${m.start}`, m] as const));
    expect(byType.get('GPE:7')?.attributes).toEqual({ Specificity: 'Specific' });
    expect(byType.get('ORG:7')?.attributes).toEqual({ Specificity: 'Specific' });
    expect((a.mentions ?? []).find((m) => m.note)?.note).toBe('with the prefix ב');
  });

  it('spans that fit neither unit are refused, naming the task', () => {
    writeFiles(dir, { 'ls.json': JSON.stringify([{ data: { text: '🐱 a test' }, annotations: [{ result: [{ id: 'x', type: 'labels', value: { start: 2, end: 6, text: 'best', labels: ['X'] } }] }] }]) });
    expect(() => service.call('import.run', { format: 'labelstudio', paths: [join(dir, 'ls.json')] })).toThrow(/ls\.json:1: task #1: result x: start\/end 2, 6 with text "best" fit neither code points/);
  });

  it('later annotations and predictions are reported as not kept', () => {
    const res = (label: string) => [{ id: 'a', type: 'labels', value: { start: 0, end: 4, text: 'אבגד', labels: [label] } }];
    writeFiles(dir, { 'ls.json': JSON.stringify([{ id: 1, data: { text: 'אבגד הו' }, annotations: [{ result: res('A') }, { result: res('B') }], predictions: [{ result: res('C') }] }]) });
    const r = service.call('import.run', { format: 'labelstudio', paths: [join(dir, 'ls.json')] });
    balanced(r);
    expect(r.losses.map((l) => [l.kind, l.count, l.what])).toEqual([
      ['entities', 1, "not kept: a task's later annotations (only the first annotation of a task is imported)"],
      ['entities', 1, 'not kept: predictions (predictions are not imported)'],
    ]);
    expect(() => service.call('import.run', { format: 'labelstudio', paths: [join(dir, 'ls.json')], strict: true })).toThrow(/--strict/);
  });

  it("Qalam's Label Studio export re-imports exactly (entities, nested and overlapping, attributes, notes, relations)", () => {
    copyFileSync(join(FIX, 'labelstudio-export.json'), join(dir, 'in.json'));
    service.call('import.run', { format: 'labelstudio', paths: [join(dir, 'in.json')] });
    const before = mentions();
    const ex = service.call('export.run', { format: 'labelstudio', out: join(dir, 'out.json') });
    expect(ex.documents).toBe(2);
    const tasks = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { data: { text: string }; annotations: { result: { type: string; value?: { start: number; end: number; text: unknown } }[] }[] }[];
    const first = tasks.find((t) => t.data.text.startsWith('🐱'));
    expect(first?.annotations[0]?.result[0]?.value).toMatchObject({ start: 21, end: 25, text: 'test' });
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      const r = other.call('import.run', { format: 'labelstudio', paths: [join(dir, 'out.json')], strict: true });
      expect(r.losses).toEqual([]);
      expect(mentions(other)).toEqual(before);
      const key = (s: QalamService) =>
        s
          .call('documents.list', {})
          .flatMap((d) => {
            const a = s.call('annotations.list', { docId: d.id, annotator: 'dana', mentions: true });
            const m = new Map((a.mentions ?? []).map((x) => [x.id, `${x.type}@${x.start}`] as const));
            return [...(a.mentions ?? []).map((x) => `${d.name} ${x.type}@${x.start}-${x.end} ${JSON.stringify(x.attributes)} ${x.note}`), ...a.relations.map((x) => `${d.name} ${x.type} ${m.get(x.arg1)} ${m.get(x.arg2)}`)];
          })
          .sort();
      expect(key(other)).toEqual(key(service));
    } finally {
      other.close();
    }
  });
});

describe('Label Studio and doccano exports follow the safe-writing rules', () => {
  it('an existing file is replaced only with overwrite; a split writes one JSON list per split (an empty split is []) and the folder marker', () => {
    copyFileSync(join(FIX, 'labelstudio-export.json'), join(dir, 'in.json'));
    service.call('import.run', { format: 'labelstudio', paths: [join(dir, 'in.json')] });
    const out = join(dir, 'out.json');
    writeFiles(dir, { 'out.json': 'mine\n', 'd.jsonl': 'mine too\n' });
    expect(service.dispatch('export.run', { format: 'labelstudio', out })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    expect(service.dispatch('export.run', { format: 'doccano', out: join(dir, 'd.jsonl'), offsets: 'codepoints' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(readFileSync(join(dir, 'd.jsonl'), 'utf8')).toBe('mine too\n');
    service.call('export.run', { format: 'labelstudio', out, overwrite: true });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(2);
    const folder = join(dir, 'split');
    const r = service.call('export.run', { format: 'labelstudio', out: folder, split: 'train=1,test=0', seed: 1 });
    expect(r.splits).toEqual({ train: 2 });
    expect(readdirSync(folder).sort()).toEqual(['.qalam-export', 'test.json', 'train.json']);
    expect(JSON.parse(readFileSync(join(folder, 'train.json'), 'utf8'))).toHaveLength(2);
    expect(readFileSync(join(folder, 'test.json'), 'utf8')).toBe('[]\n');
    // its own folder: re-exported without overwrite
    service.call('export.run', { format: 'labelstudio', out: folder, split: 'train=1,test=0', seed: 1 });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('Prodigy and spaCy', () => {
  it('Prodigy ner_manual output: spans, the answer as status and flag, _annotator_id as the set', () => {
    const r = service.call('import.run', { format: 'prodigy', paths: [join(FIX, 'prodigy-ner-manual.jsonl')] });
    balanced(r);
    expect(r.losses).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(mentions(service, 'news_ner-dana')).toEqual(['news_ner-dana GPE בירושלים', 'news_ner-dana GPE צרפת', 'news_ner-dana GPE عمّان', 'news_ner-dana PER נורסולטן נזרבייב', 'news_ner-dana PER عبدالله الثاني'].sort());
    const meta = service.call('documents.list', {}).map((d) => service.call('documents.meta', { docId: d.id, annotator: 'news_ner-dana' }));
    expect(meta.map((m) => `${m.status} ${m.flags.join(',')}`).sort()).toEqual(['done ', 'done ', 'in-progress prodigy:ignore', 'in-progress prodigy:reject']);
  });

  it("spaCy JSONL (Qalam's own export) imports back", () => {
    service.call('import.run', { format: 'prodigy', paths: [join(FIX, 'prodigy-ner-manual.jsonl')], annotator: 'dana' });
    const before = mentions();
    service.call('export.run', { format: 'spacy', out: join(dir, 's.jsonl'), annotator: 'dana' });
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      const r = other.call('import.run', { format: 'spacy', paths: [join(dir, 's.jsonl')], strict: true });
      expect(r.losses).toEqual([]);
      expect(mentions(other)).toEqual(before);
      expect(other.call('documents.list', {}).map((d) => d.name).sort()).toEqual(service.call('documents.list', {}).map((d) => d.name).sort());
    } finally {
      other.close();
    }
  });

  it('a doccano file given as Prodigy reports its labels as not kept', () => {
    const r = service.call('import.run', { format: 'prodigy', paths: [join(FIX, 'doccano-utf16.jsonl')] });
    expect(r.counts.entities.kept).toBe(0);
    expect(r.counts.entities.read).toBe(8);
    expect(r.losses[0]?.what).toMatch(/"label" is not read by the Prodigy importer/);
  });
});
