import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initProject, type QalamService } from '../../electron/service';
import { bratFacts } from '../../annotations/formats/bratFacts';
import { parseNativeJsonl } from '../../annotations/formats/jsonl';
import { fakeClock, REPO_ROOT, writeFiles } from '../store/helpers';
import { closeProjects, freshProject } from './project';

const BIONLP = join(REPO_ROOT, 'test', 'fixtures', 'brat-bionlp');
const BRAT_NEWS = join(REPO_ROOT, 'test', 'fixtures', 'brat-news');

let dir: string;
let service: QalamService;

beforeEach(() => ({ dir, service } = freshProject({ annotator: 'dana' })));
afterEach(closeProjects);

function sameFacts(from: string, to: string): void {
  for (const f of readdirSync(from).filter((x) => x.endsWith('.ann'))) {
    expect(bratFacts(readFileSync(join(to, f), 'utf8')), f).toEqual(bratFacts(readFileSync(join(from, f), 'utf8')));
    expect(readFileSync(join(to, `${f.slice(0, -4)}.txt`), 'utf8')).toBe(readFileSync(join(from, `${f.slice(0, -4)}.txt`), 'utf8'));
  }
}

describe('brat corpora in and out: nothing lost (issue 11)', () => {
  it('a BioNLP-shaped corpus (events as arguments, relations to events, normalisations, fragments, shared triggers) comes back with the same annotations', () => {
    const report = service.call('import.run', { format: 'brat', paths: [BIONLP], annotator: 'gene' });
    expect(report.warnings).toEqual([]);
    expect(report).toMatchObject({ mentions: 13, events: 10, relations: 3, duplicates: 0 });
    expect(report.counts.normalizations).toEqual({ read: 5, kept: 5 });
    expect(report.counts.arguments).toEqual({ read: 16, kept: 16 });
    expect(report.losses).toEqual([]);
    const doc = report.imported[0]?.id as string;
    const { mentions, events, relations } = service.call('annotations.list', { docId: doc, annotator: 'gene' });
    const cancer = mentions.find((m) => m.type === 'Cancer' && m.fragments !== undefined);
    expect(cancer).toMatchObject({ start: 296, end: 321, fragments: [{ start: 296, end: 302 }, { start: 315, end: 321 }], normalizations: [{ resource: 'MESH', id: 'D001943', text: 'Breast Neoplasms' }] });
    const regulation = events.find((e) => e.type === 'Regulation');
    expect(regulation?.arguments.filter((a) => /^E\d+$/.test(a.mentionId)).map((a) => events.find((e) => e.id === a.mentionId)?.type)).toEqual(['Phosphorylation', 'Phosphorylation']);
    expect(relations.filter((r) => /^E/.test(r.arg1))).toHaveLength(2);
    // the project's validation knows events may fill roles (annotation.conf says <EVENT>)
    expect(service.call('documents.validate', { docId: doc, annotator: 'gene' })).toEqual([]);

    const out = join(dir, 'out');
    service.call('export.run', { format: 'brat', out, annotator: 'gene' });
    sameFacts(BIONLP, out);
    // shared triggers: as many T lines as the source had
    const tLines = (p: string): number => readFileSync(p, 'utf8').split('\n').filter((l) => l.startsWith('T')).length;
    expect(tLines(join(out, 'PMID-9778388.ann'))).toBe(tLines(join(BIONLP, 'PMID-9778388.ann')));

    // native JSONL keeps it all too, and imports back into a fresh project to the same brat
    const jsonl = join(dir, 'all.jsonl');
    service.call('export.run', { format: 'jsonl', out: jsonl, annotator: 'gene' });
    const [rec] = parseNativeJsonl(readFileSync(jsonl, 'utf8'), 'all.jsonl');
    expect(rec?.entities.find((e) => e.fragments)?.normalizations).toHaveLength(1);
    expect(rec?.events.some((e) => e.arguments.some((a) => a.event_id !== undefined))).toBe(true);
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      other.call('import.run', { format: 'jsonl', paths: [jsonl], annotator: 'gene' });
      other.call('schema.replace', { json: JSON.stringify(service.call('schema.get', {})), fileName: 'schema.json', force: true });
      const out2 = join(dir, 'out2');
      other.call('export.run', { format: 'brat', out: out2, annotator: 'gene' });
      sameFacts(BIONLP, out2);
    } finally {
      other.close();
    }
  });

  it("brat's tutorial collection comes back with the same annotations, event arguments and its normalisation included, and no warning", () => {
    const report = service.call('import.run', { format: 'brat', paths: [BRAT_NEWS], annotator: 'brat' });
    expect(report.warnings).toEqual([]);
    expect(report.counts.normalizations).toEqual({ read: 1, kept: 1 });
    expect(report.losses).toEqual([]);
    const out = join(dir, 'out');
    service.call('export.run', { format: 'brat', out, annotator: 'brat' });
    sameFacts(BRAT_NEWS, out);
  });

  it('brat names map onto the project’s types (Movement-Transport is Movement:Transport), and an export never fails on a name clash', () => {
    writeFiles(dir, {
      'in/annotation.conf': '[entities]\nPER\nVEH\n[relations]\n[events]\nMovement-Transport\tArtifact*:PER, Vehicle*:VEH\n[attributes]\n',
      'in/a.txt': 'Dana drove the truck.\n',
      'in/a.ann': 'T1\tPER 0 4\tDana\nT2\tVEH 15 20\ttruck\nT3\tMovement-Transport 5 10\tdrove\nE1\tMovement-Transport:T3 Artifact:T1 Vehicle:T2\n',
    });
    const report = service.call('import.run', { format: 'brat', paths: [join(dir, 'in')], annotator: 'dana' });
    expect(report.schemaAdded).not.toContain('event type Movement-Transport');
    const schema = service.call('schema.get', {});
    expect(schema.eventTypes.filter((t) => t.name.startsWith('Movement')).map((t) => t.name)).toEqual(['Movement:Transport']);
    const docId = report.imported[0]?.id as string;
    expect(service.call('events.list', { docId, annotator: 'dana' }).map((e) => e.type)).toEqual(['Movement:Transport']);
    const out = join(dir, 'out');
    service.call('export.run', { format: 'brat', out, annotator: 'dana' });
    expect(readFileSync(join(out, 'a.ann'), 'utf8')).toContain('\tMovement-Transport:T');

    // A project that has both names: the export tells them apart and says so; a re-import maps them back.
    const both = { ...schema, eventTypes: [...schema.eventTypes, { ...(schema.eventTypes.find((t) => t.name === 'Movement:Transport') as (typeof schema.eventTypes)[number]), name: 'Movement-Transport', hotkey: null }] };
    service.call('schema.replace', { json: JSON.stringify(both), fileName: 'both.json' });
    service.call('events.create', { docId, type: 'Movement-Transport', start: 5, end: 10 });
    const out2 = join(dir, 'out2');
    const ex = service.call('export.run', { format: 'brat', out: out2, annotator: 'dana' });
    expect(ex.messages).toContain('Movement:Transport written as Movement-Transport_2 in brat (another name is Movement-Transport); annotation.conf records it');
    expect(readFileSync(join(out2, 'annotation.conf'), 'utf8')).toContain('# qalam: Movement-Transport_2 = Movement:Transport');
    const ann = readFileSync(join(out2, 'a.ann'), 'utf8');
    expect(ann).toContain('\tMovement-Transport_2:T');
    expect(ann).toMatch(/\tMovement-Transport:T/);
    const other = initProject(join(dir, 'q.qalam'), { now: fakeClock() });
    try {
      other.call('schema.replace', { json: JSON.stringify(both), fileName: 'both.json' });
      const r2 = other.call('import.run', { format: 'brat', paths: [out2], annotator: 'dana' });
      expect(r2.schemaAdded).toEqual([]);
      expect(other.call('events.list', { docId: r2.imported[0]?.id as string, annotator: 'dana' }).map((e) => e.type).sort()).toEqual(['Movement-Transport', 'Movement:Transport']);
    } finally {
      other.close();
    }
  });

  it('events as arguments and relation ends: set, validated, deleted with their links and restored by one undo', () => {
    const r = service.call('import.run', { format: 'brat', paths: [BIONLP], annotator: 'dana' });
    const docId = r.imported[0]?.id as string;
    const list = (): ReturnType<typeof service.call<'annotations.list'>> => service.call('annotations.list', { docId, annotator: 'dana' });
    const before = list();
    const e4 = before.events.find((e) => e.type === 'Positive_regulation' && e.triggerStart === 85) as (typeof before.events)[number];
    const users = before.events.filter((e) => e.arguments.some((a) => a.mentionId === e4.id));
    expect(users).toHaveLength(2);
    expect(before.relations.filter((x) => x.arg1 === e4.id || x.arg2 === e4.id)).toHaveLength(1);
    // an event cannot be its own argument; another event can fill a role
    expect(() => service.call('events.setArgument', { id: e4.id, role: 'Theme', mentionId: e4.id })).toThrow(/its own argument/);
    const e1 = before.events.find((e) => e.type === 'Gene_expression' && e.triggerStart === 10) as (typeof before.events)[number];
    service.call('events.setArgument', { id: e4.id, role: 'Cause', mentionId: e1.id });
    // Cause takes one filler: the event replaces the protein
    expect(service.call('events.list', { docId, annotator: 'dana' }).find((e) => e.id === e4.id)?.arguments).toEqual([e4.arguments[0], { role: 'Cause', mentionId: e1.id }]);
    // a relation with an event end, checked against the schema
    const created = service.call('relations.create', { docId, type: 'Causal', arg1: e1.id, arg2: e4.id }).relation;
    expect(service.call('documents.validate', { docId, annotator: 'dana' })).toEqual([]);
    service.call('relations.create', { docId, type: 'Equiv', arg1: e1.id, arg2: before.mentions[0]?.id as string });
    expect(service.call('documents.validate', { docId, annotator: 'dana' }).map((p) => p.kind)).toEqual(['wrong-relation-argument']);
    service.call('history.undo', { docId });
    service.call('history.undo', { docId });
    service.call('history.undo', { docId });
    expect(list()).toEqual(before);
    expect(created.arg1).toBe(e1.id);

    const del = service.call('events.delete', { id: e4.id });
    expect(del.eventsUpdated.map((e) => e.id).sort()).toEqual(users.map((e) => e.id).sort());
    expect(del.relationsDeleted).toHaveLength(1);
    const after = list();
    expect(after.events.some((e) => e.arguments.some((a) => a.mentionId === e4.id))).toBe(false);
    service.call('history.undo', { docId });
    expect(list()).toEqual(before);
    service.call('history.redo', { docId });
    expect(list()).toEqual(after);
    service.call('history.undo', { docId });
    expect(list()).toEqual(before);
  });

  it('formats without fragments, normalisations or event links say what they wrote instead', () => {
    service.call('import.run', { format: 'brat', paths: [BIONLP], annotator: 'dana' });
    const conll = service.call('export.run', { format: 'conll', out: join(dir, 'x.conll'), annotator: 'dana' });
    expect(conll.messages).toContain('1 discontinuous mentions written as their covering span (the text between their pieces included; brat and JSONL keep the pieces)');
    expect(conll.messages).toContain('5 normalisations not written (conll has no place for them; brat and JSONL keep them)');
    const ev = service.call('export.run', { format: 'events', out: join(dir, 'x.jsonl'), annotator: 'dana' });
    expect(ev.messages).toContain('8 event arguments or relation ends that are events left out (events links entities only; brat and JSONL keep them)');
    const dr = service.call('export.run', { format: 'doccano-relations', out: join(dir, 'd.jsonl'), annotator: 'dana' });
    expect(dr.messages).toContain('2 event arguments or relation ends that are events left out (doccano-relations links entities only; brat and JSONL keep them)');
  });
});

describe('brat losses are counted and refused with --strict', () => {
  it('a normalisation on an event is a loss in the report, and --strict imports nothing', () => {
    writeFiles(dir, {
      'in/a.txt': 'IL-2 expression rose.\n',
      'in/a.ann': 'T1\tProtein 0 4\tIL-2\nT2\tGene_expression 5 15\texpression\nE1\tGene_expression:T2 Theme:T1\nN1\tReference E1 GO:0010467\tgene expression\nN2\tReference T1 HGNC:6001\tIL2\n',
    });
    expect(() => service.call('import.run', { format: 'brat', paths: [join(dir, 'in')], annotator: 'dana', strict: true })).toThrow(/--strict: nothing imported.*a\.ann:4: 1 normalization dropped: on an event/);
    expect(service.call('documents.list', {})).toEqual([]);
    const r = service.call('import.run', { format: 'brat', paths: [join(dir, 'in')], annotator: 'dana' });
    expect(r.counts.normalizations).toEqual({ read: 2, kept: 1 });
    expect(r.losses).toEqual([{ file: join(dir, 'in', 'a.ann'), line: 4, kind: 'normalizations', what: 'dropped: on an event (Qalam keeps normalisations on entity mentions only)', count: 1 }]);
  });
});
