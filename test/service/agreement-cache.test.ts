/**
 * review.agreement is computed in a worker thread and kept until the project changes: asked again
 * with nothing changed it answers the very same report; after every kind of edit it answers a new
 * one, equal to what computing now in this thread gives (computeAgreement).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openProject } from '../../electron/store';
import { computeAgreement, exportPerDocument, importExchange, initProject, type QalamService } from '../../electron/service';
import type { AgreementReport } from '../../electron/contract';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

// "In Kazakhstan Tokayev met Putin" in Hebrew
const TEXT = 'בקזחסטן טוקאייב פגש את פוטין';
//            0      7 8      15 16  19 20 23 24   28
const PAIR = { annotators: ['dana', 'noa'] };

interface Fixture {
  service: QalamService;
  dir: string;
  docId: string;
  ids: Record<string, string>;
}

let open: QalamService[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

function fixture(): Fixture {
  const dir = tempDir('qalam-agreement-cache-');
  writeFiles(dir, { 'texts/kz.txt': TEXT });
  const service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  open.push(service);
  service.call('session.setAnnotator', { name: 'dana' });
  const docId = service.call('documents.importPaths', { paths: [join(dir, 'texts')] }).imported[0]!.id;
  const ids: Record<string, string> = {};
  const mk = (who: string, key: string, type: string, start: number, end: number): void => {
    service.call('session.setAnnotator', { name: who });
    ids[key] = service.call('mentions.create', { docId, type, start, end }).mention.id;
  };
  mk('dana', 'dGpe', 'GPE', 1, 7);
  mk('dana', 'dTok', 'PER', 8, 15);
  mk('dana', 'dPut', 'PER', 24, 28);
  mk('noa', 'nGpe', 'GPE', 0, 7);
  mk('noa', 'nTok', 'PER', 8, 15);
  mk('noa', 'nPut', 'ORG', 24, 28);
  service.call('session.setAnnotator', { name: 'dana' });
  ids.dEv = service.call('events.create', { docId, type: 'Contact:Meet', start: 16, end: 19, arguments: [{ role: 'Entity', mentionId: ids.dTok! }] }).event.id;
  ids.dRel = service.call('relations.create', { docId, type: 'PER-SOC', arg1: ids.dTok!, arg2: ids.dPut! }).relation.id;
  return { service, dir, docId, ids };
}

const agreement = (s: QalamService): Promise<AgreementReport> => s.call('review.agreement', PAIR);

/** The report before and after `edit`: the one before is kept (asked twice, the same object), the one after is new and current. */
async function acrossEdit(f: Fixture, edit: (f: Fixture) => void): Promise<{ before: AgreementReport; after: AgreementReport }> {
  const before = await agreement(f.service);
  expect(await agreement(f.service), 'asked again without an edit: the kept report').toBe(before);
  edit(f);
  const after = await agreement(f.service);
  expect(after, 'after the edit: computed again').not.toBe(before);
  expect(after).toEqual(computeAgreement(f.service.store, PAIR.annotators));
  expect(await agreement(f.service), 'and kept again').toBe(after);
  return { before, after };
}

const exact = (r: AgreementReport) => r.spans[0]!.result.corpus.exactMatch.matched;
const triggers = (r: AgreementReport) => r.events[0]!.result.corpus.triggerIdentification.candidate;

describe('review.agreement: the kept report and what invalidates it', () => {
  it('is computed in the worker with the figures of computeAgreement', async () => {
    const f = fixture();
    const r = await agreement(f.service);
    expect(r).toEqual(computeAgreement(f.service.store, PAIR.annotators));
    expect(exact(r)).toBe(1);
    expect(r.tokens.corpus.items).toBe(5);
  });

  it('mentions: create, update (type), delete', async () => {
    const f = fixture();
    f.service.call('session.setAnnotator', { name: 'noa' });
    let step = await acrossEdit(f, ({ service, docId }) => service.call('mentions.create', { docId, type: 'TIME', start: 20, end: 23 }));
    expect(step.after.spans[0]!.result.corpus.candidate).toBe(step.before.spans[0]!.result.corpus.candidate + 1);
    step = await acrossEdit(f, ({ service, ids }) => service.call('mentions.update', { id: ids.nPut!, type: 'PER' }));
    expect(exact(step.after)).toBe(exact(step.before) + 1);
    step = await acrossEdit(f, ({ service, ids }) => service.call('mentions.delete', { id: ids.nTok! }));
    expect(exact(step.after)).toBe(exact(step.before) - 1);
  });

  it('a resize (the old span deleted, the new one created) and a second document: only what changed counted again', async () => {
    const f = fixture();
    writeFiles(f.dir, { 'two/b.txt': 'טוקאייב פגש את פוטין בירושלים' });
    const other = f.service.call('documents.importPaths', { paths: [join(f.dir, 'two')] }).imported[0]!.id;
    f.service.call('session.setAnnotator', { name: 'noa' });
    const onOther = await acrossEdit(f, ({ service }) => service.call('mentions.create', { docId: other, type: 'PER', start: 0, end: 7 }));
    expect(onOther.after.documents.map((d) => d.annotators)).toEqual([['dana', 'noa'], ['noa']]);
    // noa's GPE 0–7 resized to dana's 1–7: a boundary disagreement becomes an exact match
    const step = await acrossEdit(f, ({ service, docId, ids }) => {
      service.call('mentions.delete', { id: ids.nGpe! });
      service.call('mentions.create', { docId, type: 'GPE', start: 1, end: 7 });
    });
    expect(exact(step.after)).toBe(exact(step.before) + 1);
  });

  it('a status, flags or note on a document an annotator has not annotated: that set counts (empty), and no longer once cleared by undo', async () => {
    const f = fixture();
    writeFiles(f.dir, { 'two/b.txt': 'טוקאייב פגש את פוטין בירושלים' });
    const other = f.service.call('documents.importPaths', { paths: [join(f.dir, 'two')] }).imported[0]!.id;
    f.service.call('session.setAnnotator', { name: 'dana' });
    f.service.call('mentions.create', { docId: other, type: 'PER', start: 0, end: 7 });
    f.service.call('session.setAnnotator', { name: 'noa' });
    const step = await acrossEdit(f, ({ service }) => service.call('documents.setStatus', { docId: other, status: 'done' }));
    expect(step.before.documents.find((d) => d.docId === other)?.annotators).toEqual(['dana']);
    expect(step.after.documents.find((d) => d.docId === other)?.annotators).toEqual(['dana', 'noa']);
    expect(step.after.spans[0]!.result.corpus.reference).toBe(step.before.spans[0]!.result.corpus.reference + 1);
    const undone = await acrossEdit(f, ({ service }) => service.call('history.undo', { docId: other }));
    expect(undone.after.spans[0]!.result.corpus).toEqual(step.before.spans[0]!.result.corpus);
  });

  it('events: create, update (type), an argument, delete', async () => {
    const f = fixture();
    f.service.call('session.setAnnotator', { name: 'noa' });
    let evId = '';
    let step = await acrossEdit(f, ({ service, docId, ids }) => {
      evId = service.call('events.create', { docId, type: 'Contact:Meet', start: 16, end: 19, arguments: [{ role: 'Entity', mentionId: ids.nTok! }] }).event.id;
    });
    expect(triggers(step.after)).toBe(triggers(step.before) + 1);
    step = await acrossEdit(f, ({ service }) => service.call('events.update', { id: evId, type: 'Conflict:Attack' }));
    expect(step.after.events[0]!.result.corpus.triggerClassification.matched).toBe(0);
    step = await acrossEdit(f, ({ service, ids }) => service.call('events.setArgument', { id: evId, role: 'Attacker', mentionId: ids.nPut! }));
    expect(step.after.events[0]!.result.corpus.argumentIdentification.candidate).toBe(step.before.events[0]!.result.corpus.argumentIdentification.candidate + 1);
    step = await acrossEdit(f, ({ service }) => service.call('events.delete', { id: evId }));
    expect(triggers(step.after)).toBe(0);
  });

  it('relations: create, update, delete (no figure of theirs, but the report is computed again)', async () => {
    const f = fixture();
    f.service.call('session.setAnnotator', { name: 'noa' });
    f.service.call('mentions.update', { id: f.ids.nPut!, type: 'PER' });
    let relId = '';
    await acrossEdit(f, ({ service, docId, ids }) => {
      relId = service.call('relations.create', { docId, type: 'PER-SOC', arg1: ids.nTok!, arg2: ids.nPut! }).relation.id;
    });
    await acrossEdit(f, ({ service }) => service.call('relations.update', { id: relId, type: 'ORG-AFF' }));
    await acrossEdit(f, ({ service }) => service.call('relations.delete', { id: relId }));
  });

  it('undo and redo', async () => {
    const f = fixture();
    f.service.call('session.setAnnotator', { name: 'noa' });
    f.service.call('mentions.update', { id: f.ids.nPut!, type: 'PER' });
    let step = await acrossEdit(f, ({ service, docId }) => service.call('history.undo', { docId }));
    expect(exact(step.after)).toBe(exact(step.before) - 1);
    step = await acrossEdit(f, ({ service, docId }) => service.call('history.redo', { docId }));
    expect(exact(step.after)).toBe(exact(step.before) + 1);
  });

  it('imports: a set imported for an annotator (import.run) and a document imported (documents.importPaths)', async () => {
    const f = fixture();
    const jsonl = join(f.dir, 'noa.jsonl');
    writeFileSync(jsonl, `${JSON.stringify({ text: TEXT, label: [[24, 28, 'PER']] })}\n`);
    // the same text is the same document: noa's set there changes
    let step = await acrossEdit(f, ({ service }) => service.call('import.run', { format: 'doccano', paths: [jsonl], annotator: 'noa' }));
    expect(step.after).not.toEqual(step.before);
    writeFiles(f.dir, { 'more/other.txt': 'עוד מסמך אחד' });
    step = await acrossEdit(f, ({ service, dir }) => service.call('documents.importPaths', { paths: [join(dir, 'more')] }));
  });

  it('a schema rename renames the types in the figures', async () => {
    const f = fixture();
    // GPE renamed everywhere the schema names it (entity types, event roles, relation arguments)
    const renamed = JSON.stringify(f.service.call('schema.get', {})).replaceAll('"GPE"', '"COUNTRY"');
    const step = await acrossEdit(f, ({ service }) =>
      service.call('schema.replace', { json: renamed, fileName: 'renamed.json', renames: { types: { GPE: 'COUNTRY' } } }),
    );
    expect(Object.keys(step.before.spans[0]!.result.corpus.perType)).toContain('GPE');
    expect(Object.keys(step.after.spans[0]!.result.corpus.perType)).toContain('COUNTRY');
    expect(Object.keys(step.after.spans[0]!.result.corpus.perType)).not.toContain('GPE');
  });

  it('an exchange import (an edited copy of a set)', async () => {
    const f = fixture();
    const share = join(f.dir, 'share');
    exportPerDocument(f.service.store, share, { annotator: 'noa' });
    const file = join(share, 'noa', readdirSync(join(share, 'noa')).find((n) => n.endsWith('.jsonl'))!);
    const edited = readFileSync(file, 'utf8').replace('"type":"ORG"', '"type":"PER"');
    expect(edited).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, edited);
    const step = await acrossEdit(f, ({ service }) => {
      importExchange(service.store, [share], {}, fakeClock(Date.UTC(2030, 0, 1)));
    });
    expect(exact(step.after)).toBe(exact(step.before) + 1);
  });

  it('adjudication: accept into gold, accept the agreed, reject, and undo of each', async () => {
    const f = fixture();
    const GOLD = { annotators: ['dana', 'gold'] };
    // the first acceptance makes the gold set
    f.service.call('review.accept', { docId: f.docId, from: 'dana', ids: [f.ids.dTok!] });
    const gold = (s: QalamService) => s.call('review.agreement', GOLD);
    const across = async (edit: () => unknown): Promise<{ before: AgreementReport; after: AgreementReport }> => {
      const before = await gold(f.service);
      expect(await gold(f.service), 'asked again without an edit: the kept report').toBe(before);
      edit();
      const after = await gold(f.service);
      expect(after, 'after the edit: computed again').not.toBe(before);
      expect(after).toEqual(computeAgreement(f.service.store, GOLD.annotators));
      return { before, after };
    };
    let step = await across(() => f.service.call('review.accept', { docId: f.docId, from: 'dana', ids: [f.ids.dPut!] }));
    expect(exact(step.after)).toBe(exact(step.before) + 1);
    step = await across(() => f.service.call('review.acceptAgreed', { docId: f.docId, annotators: ['dana', 'noa'] }));
    const comparison = f.service.call('review.compare', { docId: f.docId, annotators: ['dana', 'noa'] });
    const open = comparison.disagreements.find((d) => d.resolution === null) ?? comparison.disagreements[0]!;
    step = await across(() => f.service.call('review.reject', { docId: f.docId, disagreementKey: open.key }));
    f.service.call('session.setAnnotator', { name: 'gold' });
    // undo, step by step (the rejection, then the acceptances): each a new report, until gold loses a mention
    const candidates = (r: AgreementReport) => r.spans[0]!.result.corpus.candidate;
    const accepted = candidates(step.after);
    for (let i = 0; i < 4 && candidates(step.after) === accepted; i++) step = await across(() => f.service.call('history.undo', { docId: f.docId }));
    expect(candidates(step.after)).toBe(accepted - 1);
  });

  it('warmed as the app opens a project: review.compare has the worker prepare the token items; the figures are the same', async () => {
    const f = fixture();
    await f.service.warm();
    f.service.call('review.compare', { docId: f.docId, annotators: PAIR.annotators });
    const r = await agreement(f.service);
    expect(r).toEqual(computeAgreement(f.service.store, PAIR.annotators));
    // an edit after the preparation: computed again from the prepared items
    f.service.call('session.setAnnotator', { name: 'noa' });
    f.service.call('mentions.delete', { id: f.ids.nTok! });
    const after = await agreement(f.service);
    expect(exact(after)).toBe(exact(r) - 1);
    expect(after).toEqual(computeAgreement(f.service.store, PAIR.annotators));
  });

  it('a change by another process (another connection to the project file)', async () => {
    const f = fixture();
    const before = await agreement(f.service);
    const other = openProject(join(f.dir, 'p.qalam'));
    other.insertMention({ docId: f.docId, annotator: 'noa', type: 'TIME', start: 20, end: 23, origin: 'manual', createdAt: 't', updatedAt: 't' });
    other.close();
    const after = await agreement(f.service);
    expect(after).not.toBe(before);
    expect(after.spans[0]!.result.corpus.candidate).toBe(before.spans[0]!.result.corpus.candidate + 1);
  });

  it('perDocument: only those documents carry their own figures, the corpus figures are the same', async () => {
    const f = fixture();
    writeFiles(f.dir, { 'more/other.txt': 'פוטין פגש את טוקאייב' });
    const other = f.service.call('documents.importPaths', { paths: [join(f.dir, 'more')] }).imported[0]!.id;
    f.service.call('session.setAnnotator', { name: 'noa' });
    f.service.call('mentions.create', { docId: other, type: 'PER', start: 0, end: 5 });
    f.service.call('session.setAnnotator', { name: 'dana' });
    f.service.call('mentions.create', { docId: other, type: 'PER', start: 0, end: 5 });
    const all = await agreement(f.service);
    const one = await f.service.call('review.agreement', { ...PAIR, perDocument: [other] });
    expect(all.spans[0]!.result.documents.map((d) => d.docId)).toEqual([f.docId, other]);
    expect(one.spans[0]!.result.documents.map((d) => d.docId)).toEqual([other]);
    expect(one.tokens.documents.map((d) => d.docId)).toEqual([other]);
    expect(one.spans[0]!.result.corpus).toEqual(all.spans[0]!.result.corpus);
    expect(one.tokens.corpus).toEqual(all.tokens.corpus);
    expect(one.events[0]!.result.corpus).toEqual(all.events[0]!.result.corpus);
    expect(one.documents).toEqual(all.documents);
  });

  it('other annotators or documents asked: another report; a failure is an error answer, not kept', async () => {
    const f = fixture();
    const pair = await agreement(f.service);
    const one = await f.service.call('review.agreement', { ...PAIR, documents: [f.docId] });
    expect(one).not.toBe(pair);
    expect(one).toEqual(pair);
    const refused = await f.service.dispatch('review.agreement', { annotators: ['dana', 'nobody'] });
    expect(refused.ok).toBe(false);
    const missing = await f.service.dispatch('review.agreement', { ...PAIR, documents: ['ffffffffffffffff'] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
