import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initProject, type QalamService } from '../../electron/service';
import { parseNativeJsonl, type NativeRecord } from '../../annotations/formats/jsonl';
import { bratFacts } from '../../annotations/formats/bratFacts';
import { fakeClock, REPO_ROOT, writeFiles } from '../store/helpers';
import { closeProjects, freshProject } from './project';

const BRAT_NEWS = join(REPO_ROOT, 'test', 'fixtures', 'brat-news');
const SEEDS = join(REPO_ROOT, 'seeds');

let dir: string;
let service: QalamService;

beforeEach(() => ({ dir, service } = freshProject({ annotator: 'dana' })));
afterEach(closeProjects);

describe('brat', () => {
  it("brat's tutorial collection imports and exports back equal (normalised .ann)", () => {
    const report = service.call('import.run', { format: 'brat', paths: [BRAT_NEWS], annotator: 'brat' });
    expect(report.imported).toHaveLength(13);
    expect(report.schemaAdded).toContain('entity type Person');
    // event arguments that are events and the normalisation are kept (issue 11): nothing to warn about
    expect(report.warnings).toEqual([]);
    const out = join(dir, 'brat-out');
    const ex = service.call('export.run', { format: 'brat', out, annotator: 'brat' });
    expect(ex.documents).toBe(13);
    expect(existsSync(join(out, 'annotation.conf'))).toBe(true);
    for (const f of readdirSync(BRAT_NEWS).filter((x) => x.endsWith('.ann'))) {
      const stem = f.slice(0, -4);
      expect(readFileSync(join(out, `${stem}.txt`), 'utf8')).toBe(readFileSync(join(BRAT_NEWS, `${stem}.txt`), 'utf8'));
      expect(bratFacts(readFileSync(join(out, f), 'utf8')), f).toEqual(bratFacts(readFileSync(join(BRAT_NEWS, f), 'utf8')));
    }
    // and into a fresh project: the same again
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      other.call('import.run', { format: 'brat', paths: [out], annotator: 'brat' });
      const out2 = join(dir, 'brat-out-2');
      other.call('export.run', { format: 'brat', out: out2, annotator: 'brat' });
      for (const f of readdirSync(out).filter((x) => x.endsWith('.ann'))) {
        expect(readFileSync(join(out2, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
      }
    } finally {
      other.close();
    }
  });

  it('a malformed .ann is refused naming file and line, and nothing is kept', () => {
    writeFiles(dir, { 'bad/a.txt': 'שלום עולם\n', 'bad/a.ann': 'T1\tPER 0 4\tשלום\nT2\tPER 5 99\tעולם\n' });
    expect(() => service.call('import.run', { format: 'brat', paths: [join(dir, 'bad')] })).toThrow(/a\.ann:2: .*outside the text/);
    expect(service.call('documents.list', {})).toEqual([]);
  });
});

/** A project with generated documents (non-BMP, CRLF source, niqqud, harakat) and every kind of annotation. */
function annotate(s: QalamService): void {
  writeFiles(dir, {
    'in/he.txt': 'בְּרֵאשִׁית נשיא 🇮🇱 תקף את בקזחסטן.\r\nשורה שנייה עם 𝔸 ומילה\r\n',
    'in/ar.txt': 'هاجمَ الرئيسُ وكازاخستان 😀 اليوم.\nسطر ثانٍ\n',
  });
  s.call('import.run', { format: 'txt', paths: [join(dir, 'in'), SEEDS] });
  for (const d of s.call('documents.list', {})) {
    const text = s.call('documents.get', { id: d.id }).text;
    const cps = [...text];
    // Mentions on whole words (by code points), one sub-word (prefix stripped), one across a line break.
    const words: [number, number][] = [];
    let st = -1;
    cps.forEach((c, i) => {
      const w = /[\p{L}\p{M}]/u.test(c);
      if (w && st < 0) st = i;
      if (!w && st >= 0) {
        words.push([st, i]);
        st = -1;
      }
    });
    const m = words.slice(0, 6).map(([a, b], i) => s.call('mentions.create', { docId: d.id, type: i % 2 === 0 ? 'PER' : 'GPE', start: a, end: b }).mention);
    const [w5s, w5e] = words[5] as [number, number];
    if (w5e - w5s > 2) s.call('mentions.create', { docId: d.id, type: 'LOC', start: w5s + 1, end: w5e });
    const nl = cps.indexOf('\n');
    if (nl > 2 && nl + 3 < cps.length) s.call('mentions.create', { docId: d.id, type: 'ORG', start: nl - 2, end: nl + 3 });
    const [m0, m1, m2] = m as unknown as [{ id: string }, { id: string }, { id: string }];
    s.call('attributes.set', { target: { kind: 'mention', id: m0.id }, name: 'Level', value: 'NAM' });
    s.call('attributes.set', { target: { kind: 'mention', id: m0.id }, name: 'Uncertain', value: true });
    s.call('notes.set', { target: { kind: 'mention', id: m1.id }, note: 'two\nlines\twith tab' });
    s.call('notes.set', { target: { kind: 'mention', id: m2.id }, note: 'plain note' });
    const [ts, te] = words[2] as [number, number];
    const ev = s.call('events.create', {
      docId: d.id,
      type: 'Conflict:Attack',
      start: ts,
      end: te,
      arguments: [
        { role: 'Attacker', mentionId: m0.id },
        { role: 'Attacker', mentionId: m2.id },
        { role: 'Target', mentionId: m1.id },
      ],
    }).event;
    s.call('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Realis', value: 'Actual' });
    s.call('notes.set', { target: { kind: 'event', id: ev.id }, note: 'event note' });
    const rel = s.call('relations.create', { docId: d.id, type: 'GEN-AFF', arg1: m0.id, arg2: m1.id }).relation;
    s.call('notes.set', { target: { kind: 'relation', id: rel.id }, note: 'rel note' });
    s.call('documents.setStatus', { docId: d.id, status: 'done' });
  }
}

/** Records without ids (entities referred to by span and type), for comparing across projects. */
function canonical(records: NativeRecord[], withMeta: boolean): unknown[] {
  return records
    .filter((r) => r.annotator !== null)
    .map((r) => {
      const key = new Map(r.entities.map((e) => [e.id, `${e.type}@${e.start}-${e.end}`] as const));
      return {
        name: r.name,
        text: r.text,
        entities: r.entities.map(({ id: _id, ...e }) => e),
        events: r.events.map(({ id: _id, ...e }) => ({ ...e, arguments: e.arguments.map((a) => ({ role: a.role, entity: key.get(a.entity_id as string) })) })),
        relations: r.relations.map(({ id: _id, ...x }) => ({ ...x, arg1: key.get(x.arg1), arg2: key.get(x.arg2) })),
        ...(withMeta ? { status: r.status, flags: r.flags, note: r.note } : {}),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function exportJsonl(s: QalamService, out: string): NativeRecord[] {
  s.call('export.run', { format: 'jsonl', out });
  return parseNativeJsonl(readFileSync(out, 'utf8'), out);
}

describe('round trips', () => {
  it('native → brat → native keeps every annotation, attribute and note', () => {
    annotate(service);
    const before = exportJsonl(service, join(dir, 'a.jsonl'));
    expect(before.flatMap((r) => r.entities).length).toBeGreaterThan(20);
    service.call('export.run', { format: 'brat', out: join(dir, 'brat'), annotator: 'dana' });
    const ann = readFileSync(join(dir, 'brat', `${before[0]?.name}.ann`), 'utf8');
    expect(ann).toMatch(/^E1\tConflict-Attack:T\d+ Attacker:T\d+ Attacker2:T\d+ Target:T\d+$/m);
    expect(ann).toMatch(/^#\d+\tQalamNote T\d+\t"two\\nlines\\twith tab"$/m);
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      const r = other.call('import.run', { format: 'brat', paths: [join(dir, 'brat')], annotator: 'dana' });
      expect(r.schemaAdded).toEqual([]);
      const after = exportJsonl(other, join(dir, 'b.jsonl'));
      expect(canonical(after, false)).toEqual(canonical(before, false));
    } finally {
      other.close();
    }
  });

  it('native → jsonl → native keeps everything, with the schema sidecar', () => {
    annotate(service);
    const out = join(dir, 'a.jsonl');
    const before = exportJsonl(service, out);
    const sidecar = JSON.parse(readFileSync(join(dir, 'a.schema.json'), 'utf8')) as { offsets: string; schema: { entityTypes: unknown[] } };
    expect(sidecar.offsets).toBe('unicode-codepoints');
    expect(sidecar.schema.entityTypes.length).toBeGreaterThan(8);
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      other.call('import.run', { format: 'jsonl', paths: [out] });
      const after = exportJsonl(other, join(dir, 'b.jsonl'));
      expect(canonical(after, true)).toEqual(canonical(before, true));
      // importing again attaches nothing new (same texts, identical mentions)
      const again = other.call('import.run', { format: 'jsonl', paths: [out] });
      expect(again.imported).toEqual([]);
      expect(again.matched.length).toBeGreaterThan(0);
    } finally {
      other.close();
    }
  });

  it('a failed import keeps nothing', () => {
    writeFiles(dir, { 'x/a.jsonl': `${JSON.stringify({ id: 'a', name: 'a', text: 'אבג דה', annotator: 'x', entities: [{ id: '1', type: 'NEW', start: 0, end: 3, text: 'אבג' }] })}\n{"id":\n` });
    expect(() => service.call('import.run', { format: 'jsonl', paths: [join(dir, 'x')] })).toThrow(/a\.jsonl:2: invalid JSON/);
    expect(service.call('documents.list', {})).toEqual([]);
    expect(service.call('schema.get', {}).entityTypes.some((t) => t.name === 'NEW')).toBe(false);
  });
});

describe('training formats', () => {
  it('conll (bio/bioes, token/morph) exports and imports back; split is reproducible', () => {
    annotate(service);
    const out = join(dir, 'c.conll');
    const rep = service.call('export.run', { format: 'conll', out, annotator: 'dana', granularity: 'morph', scheme: 'bioes' });
    expect(rep.dropped).toBeGreaterThan(0); // the nested LOC
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^-DOCSTART-\tqalam:[0-9a-f]{16}\tO\n\n/);
    expect(text).toMatch(/\tS-PER\n/);
    const tok = service.call('export.run', { format: 'conll', out: join(dir, 't.conll'), annotator: 'dana' });
    expect(tok.messages.join('\n')).toMatch(/sub-word entities extended/);
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      const r = other.call('import.run', { format: 'conll', paths: [out], annotator: 'x' });
      expect(r.imported.length).toBe(4);
      expect(r.mentions).toBeGreaterThan(10);
    } finally {
      other.close();
    }
    const s1 = service.call('export.run', { format: 'conll', out: join(dir, 's1'), annotator: 'dana', split: 'train=0.5,dev=0.25,test=0.25', seed: 7 });
    const s2 = service.call('export.run', { format: 'conll', out: join(dir, 's2'), annotator: 'dana', split: 'train=0.5,dev=0.25,test=0.25', seed: 7 });
    expect(s1.splits).toEqual({ train: 2, dev: 1, test: 1 });
    for (const f of ['train.conll', 'dev.conll', 'test.conll']) expect(readFileSync(join(dir, 's1', f), 'utf8')).toBe(readFileSync(join(dir, 's2', f), 'utf8'));
    expect(s2.splits).toEqual(s1.splits);
  });

  it('hf, spacy, events, doccano', () => {
    annotate(service);
    service.call('export.run', { format: 'hf', out: join(dir, 'hf'), annotator: 'dana', split: 'train=0.5,test=0.5', seed: 1 });
    expect(readdirSync(join(dir, 'hf')).sort()).toEqual(['.qalam-export', 'README.md', 'dataset_info.json', 'test.jsonl', 'train.jsonl']);
    const info = JSON.parse(readFileSync(join(dir, 'hf', 'dataset_info.json'), 'utf8')) as { features: { ner_tags: { feature: { names: string[] } } }; annotators: string[] };
    expect(info.features.ner_tags.feature.names.slice(0, 3)).toEqual(['O', 'B-PER', 'I-PER']);
    expect(info.annotators).toEqual(['dana']);
    const line = JSON.parse(readFileSync(join(dir, 'hf', 'train.jsonl'), 'utf8').split('\n')[0] as string) as { tokens: string[]; ner_tags: number[] };
    expect(line.tokens.length).toBe(line.ner_tags.length);

    const sp = service.call('export.run', { format: 'spacy', out: join(dir, 's.jsonl'), annotator: 'dana' });
    expect(sp.misaligned).toBeGreaterThan(0); // the sub-word LOC
    for (const l of readFileSync(join(dir, 's.jsonl'), 'utf8').trim().split('\n')) {
      const r = JSON.parse(l) as { text: string; spans: { sc: [number, number, string][] } };
      for (const [a, b] of r.spans.sc) expect([...r.text].slice(a, b).join('').length).toBeGreaterThan(0);
    }
    service.call('export.run', { format: 'events', out: join(dir, 'e.jsonl'), annotator: 'dana' });
    for (const l of readFileSync(join(dir, 'e.jsonl'), 'utf8').trim().split('\n')) {
      const r = JSON.parse(l) as { tokens: string[]; entity_mentions: { start: number; end: number; text: string }[]; event_mentions: { trigger: { start: number; end: number; text: string } }[] };
      for (const m of [...r.entity_mentions, ...r.event_mentions.map((e) => e.trigger)]) {
        expect(r.tokens.slice(m.start, m.end).join('')).toBe(m.text.replace(/\s/g, ''));
      }
    }
    service.call('export.run', { format: 'doccano-relations', out: join(dir, 'd.jsonl'), annotator: 'dana' });
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      const r = other.call('import.run', { format: 'doccano', paths: [join(dir, 'd.jsonl')], annotator: 'dana' });
      expect(r.matched).toEqual([]);
      expect(r.relations).toBe(4);
      const back = exportJsonl(other, join(dir, 'x.jsonl'));
      const orig = exportJsonl(service, join(dir, 'y.jsonl'));
      const spans = (rs: NativeRecord[]): string[] => rs.flatMap((x) => x.entities.map((e) => `${x.text.length}:${e.type}:${e.start}-${e.end}:${e.text}`)).sort();
      expect(spans(back)).toEqual(spans(orig));
    } finally {
      other.close();
    }
  });

  it('Label Studio offsets in UTF-16 (before 1.4) are recognised from value.text and converted to code points', () => {
    const text = '😀 נשיא קזחסטן';
    const s16 = text.indexOf('קזחסטן');
    writeFiles(dir, {
      'ls.json': JSON.stringify([
        { id: 5, data: { text }, annotations: [{ result: [{ id: 'a', type: 'labels', from_name: 'label', to_name: 'text', value: { start: s16, end: s16 + 6, text: 'קזחסטן', labels: ['GPE'] } }] }] },
      ]),
    });
    const r = service.call('import.run', { format: 'labelstudio', paths: [join(dir, 'ls.json')] });
    expect(r.warnings).toEqual([expect.stringMatching(/ls\.json: offsets are UTF-16 code units \(an older Label Studio\)/)]);
    expect(r.losses).toEqual([]);
    const doc = service.call('documents.list', {})[0];
    const m = service.call('mentions.list', { docId: doc?.id ?? '' });
    expect(m.map((x) => [x.type, x.start, x.end])).toEqual([['GPE', s16 - 1, s16 + 5]]);
  });

  it('Windows-1255 and Windows-1256 are detected; --encoding iso-8859-8 is honoured', () => {
    const he = Uint8Array.from([0xf9, 0xec, 0xe5, 0xed, 0x20, 0xf2, 0xe5, 0xec, 0xed, 0x0d, 0x0a]); // שלום עולם
    const ar = Uint8Array.from([0xe3, 0xd1, 0xcd, 0xc8, 0xc7]); // مرحبا
    writeFiles(dir, { 'enc/he.txt': he, 'enc/ar.txt': ar, 'iso/x.txt': Uint8Array.from([0xe0, 0xe1, 0x20, 0x41]) });
    service.call('import.run', { format: 'txt', paths: [join(dir, 'enc')] });
    const texts = service.call('documents.list', {}).map((d) => service.call('documents.get', { id: d.id }).text);
    expect(texts.sort()).toEqual(['مرحبا', 'שלום עולם\n'].sort());
    service.call('import.run', { format: 'txt', paths: [join(dir, 'iso')], encoding: 'iso-8859-8' });
    expect(service.call('documents.list', {}).map((d) => service.call('documents.get', { id: d.id }).text)).toContain('אב A');
    writeFileSync(join(dir, 'latin.txt'), Uint8Array.from([0x63, 0x61, 0x66, 0xe9]));
    expect(() => service.call('import.run', { format: 'txt', paths: [join(dir, 'latin.txt')] })).toThrow(/latin\.txt:1: not valid UTF-8/);
  });
});
