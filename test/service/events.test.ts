/**
 * Events, relations, attributes, notes, document status and the extended schema operations,
 * through the service on real project files: each change, its undo and redo, and persistence.
 */
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseNativeJsonl } from '../../annotations/formats/jsonl';
import { NEWS_SCHEMA } from '../../annotations/news';
import { parseBratConf } from '../../annotations/formats/bratconf';
import { schemaToJson } from '../../annotations/schema';
import { validateDocument } from '../../annotations/validate';
import type { Schema } from '../../annotations/model';
import type { ApiError, Result } from '../../electron/contract';
import { exportNativeJsonl, initProject, openService, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

// code points: المتظاهرون 0-10, هاجموا 11-17, مطار 18-22, كابول 23-28, يوم 29-32, الاثنين 33-40
const AR = 'المتظاهرون هاجموا مطار كابول يوم الاثنين.';
const HE = 'המפגינים תקפו את שדה התעופה בקאבול.';

let dir: string;
let file: string;
let service: QalamService;
let docId: string;
let heId: string;

function reopen(): void {
  service.close();
  service = openService(file, { now: fakeClock(Date.UTC(2025, 0, 1)) });
}

function fail(r: Result<unknown>): ApiError {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

const span = (word: string, text = AR): [number, number] => {
  const u = text.indexOf(word);
  const start = [...text.slice(0, u)].length;
  return [start, start + [...word].length];
};

function mention(type: string, word: string, id = docId, text = AR) {
  const [start, end] = span(word, text);
  return service.call('mentions.create', { docId: id, type, start, end }).mention;
}

function attack(args: { role: string; mentionId: string }[] = []) {
  const [start, end] = span('هاجموا');
  return service.call('events.create', { docId, type: 'Conflict:Attack', start, end, arguments: args }).event;
}

beforeEach(() => {
  dir = tempDir('qalam-ev-');
  file = join(dir, 'p.qalam');
  writeFiles(dir, { 'in/ar.txt': AR, 'in/he.txt': HE });
  service = initProject(file, { name: 'Events', now: fakeClock() });
  const report = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
  docId = report.imported.find((d) => d.name === 'ar')?.id as string;
  heId = report.imported.find((d) => d.name === 'he')?.id as string;
  service.call('session.setAnnotator', { name: 'dana' });
  return () => service.close();
});

describe('events', () => {
  it('creates an event with a trigger and arguments, fills and empties roles, and persists', () => {
    const who = mention('PER', 'المتظاهرون');
    const where = mention('FAC', 'مطار');
    const city = mention('GPE', 'كابول');
    const ev = attack([{ role: 'Attacker', mentionId: who.id }]);
    expect(ev).toMatchObject({
      id: expect.stringMatching(/^E[0-9]+$/),
      type: 'Conflict:Attack',
      triggerStart: 11,
      triggerEnd: 17,
      annotator: 'dana',
      arguments: [{ role: 'Attacker', mentionId: who.id }],
      attributes: {},
      note: '',
    });
    let r = service.call('events.setArgument', { id: ev.id, role: 'Target', mentionId: where.id });
    expect(r.event.arguments).toEqual([{ role: 'Attacker', mentionId: who.id }, { role: 'Target', mentionId: where.id }]);
    // Place takes one filler (?): a second mention replaces the first
    service.call('events.setArgument', { id: ev.id, role: 'Place', mentionId: where.id });
    r = service.call('events.setArgument', { id: ev.id, role: 'Place', mentionId: city.id });
    expect(r.event.arguments.filter((a) => a.role === 'Place')).toEqual([{ role: 'Place', mentionId: city.id }]);
    // unless asked to add: then validation reports the surplus
    r = service.call('events.setArgument', { id: ev.id, role: 'Place', mentionId: where.id, replace: false });
    expect(r.event.arguments.filter((a) => a.role === 'Place')).toHaveLength(2);
    expect(service.call('documents.validate', { docId }).map((p) => [p.kind, p.role])).toEqual([['too-many-arguments', 'Place']]);
    r = service.call('events.removeArgument', { id: ev.id, role: 'Place', mentionId: where.id });
    expect(service.call('documents.validate', { docId })).toEqual([]);
    // the same argument twice is a no-op
    const same = service.call('events.setArgument', { id: ev.id, role: 'Target', mentionId: where.id });
    expect(same.event).toEqual(r.event);
    reopen();
    expect(service.call('events.list', { docId })).toEqual([r.event]);
    expect(service.call('annotations.list', { docId })).toMatchObject({ mentions: [who, where, city], events: [r.event], relations: [] });
    expect(service.call('documents.list', {}).find((d) => d.id === docId)).toMatchObject({ eventCount: 1, status: 'not-started' });
  });

  it('refuses unknown types and roles, abstract types, other documents and duplicates', () => {
    const who = mention('PER', 'المتظاهرون');
    const heWho = mention('PER', 'המפגינים', heId, HE);
    const [start, end] = span('هاجموا');
    expect(fail(service.dispatch('events.create', { docId, type: 'Conflict:Explode', start, end })).message).toMatch(/unknown event type "Conflict:Explode"/);
    expect(fail(service.dispatch('events.create', { docId, type: 'Conflict:Attack', start, end: 99 })).code).toBe('invalid-argument');
    expect(fail(service.dispatch('events.create', { docId, type: 'Conflict:Attack', start, end, arguments: [{ role: 'Victim', mentionId: who.id }] })).message).toBe(
      'event type Conflict:Attack has no role "Victim" (its roles: Attacker, Target, Instrument, Time, Place)',
    );
    const ev = attack();
    expect(fail(service.dispatch('events.create', { docId, type: 'Conflict:Attack', start, end })).code).toBe('conflict');
    expect(fail(service.dispatch('events.setArgument', { id: ev.id, role: 'Attacker', mentionId: heWho.id })).message).toMatch(/in another document/);
    expect(fail(service.dispatch('events.setArgument', { id: ev.id, role: 'Attacker', mentionId: '999' })).code).toBe('not-found');
    expect(fail(service.dispatch('events.removeArgument', { id: ev.id, role: 'Attacker', mentionId: who.id })).code).toBe('not-found');
    expect(fail(service.dispatch('events.delete', { id: '12' })).message).toMatch(/expected an event id like "E12"/);
    expect(fail(service.dispatch('events.update', { id: ev.id, type: 'Conflict:Attack', extra: 1 })).code).toBe('invalid-argument');
    service.call('session.setAnnotator', { name: 'omar' });
    expect(fail(service.dispatch('events.delete', { id: ev.id })).code).toBe('conflict');
    expect(service.call('events.list', { docId })).toEqual([]);
    expect(service.call('events.list', { docId, annotator: 'dana' })).toHaveLength(1);
  });

  it('undoes and redoes create, argument changes, retyping and delete, also after reopening', () => {
    const who = mention('PER', 'المتظاهرون');
    const ev = attack();
    const withArg = service.call('events.setArgument', { id: ev.id, role: 'Attacker', mentionId: who.id }).event;
    const retyped = service.call('events.update', { id: ev.id, type: 'Conflict:Demonstrate' }).event;
    expect(retyped.type).toBe('Conflict:Demonstrate');
    // Attacker is not a role of Demonstrate: kept, and reported
    expect(service.call('documents.validate', { docId }).map((p) => p.kind)).toEqual(['unknown-role']);
    service.call('events.delete', { id: ev.id });
    expect(service.call('events.list', { docId })).toEqual([]);
    reopen();
    let u = service.call('history.undo', { docId });
    expect(u).toMatchObject({ kind: 'create', mention: null, mentionId: ev.id, steps: [{ target: 'event', id: ev.id, kind: 'create', value: retyped }] });
    expect(service.call('events.list', { docId })).toEqual([retyped]);
    u = service.call('history.undo', { docId });
    expect(u.steps).toEqual([{ target: 'event', id: ev.id, kind: 'update', value: withArg }]);
    u = service.call('history.undo', { docId });
    expect(u.steps[0]?.value).toEqual(ev);
    u = service.call('history.undo', { docId });
    expect(u.steps).toEqual([{ target: 'event', id: ev.id, kind: 'delete', value: null }]);
    expect(service.call('events.list', { docId })).toEqual([]);
    service.call('history.redo', { docId });
    service.call('history.redo', { docId });
    expect(service.call('events.list', { docId })).toEqual([withArg]);
  });
});

describe('deleting a mention that is used', () => {
  it('removes it from events and deletes its relations, and one undo restores all of it', () => {
    const who = mention('PER', 'المتظاهرون');
    const where = mention('FAC', 'مطار');
    const city = mention('GPE', 'كابول');
    const ev = attack([{ role: 'Attacker', mentionId: who.id }, { role: 'Target', mentionId: where.id }]);
    const rel = service.call('relations.create', { docId, type: 'PART-WHOLE', arg1: where.id, arg2: city.id }).relation;
    const del = service.call('mentions.delete', { id: where.id });
    expect(del.relationsDeleted).toEqual([rel.id]);
    expect(del.eventsUpdated.map((e) => e.arguments)).toEqual([[{ role: 'Attacker', mentionId: who.id }]]);
    expect(service.call('relations.list', { docId })).toEqual([]);
    reopen();
    const u = service.call('history.undo', { docId });
    expect(u.kind).toBe('create');
    expect(u.mention).toEqual(where);
    expect(u.mentionId).toBe(where.id);
    expect(u.steps.map((s) => [s.target, s.id, s.kind])).toEqual([
      ['mention', where.id, 'create'],
      ['relation', rel.id, 'create'],
      ['event', ev.id, 'update'],
    ]);
    expect(service.call('annotations.list', { docId })).toMatchObject({ mentions: [who, where, city], events: [ev], relations: [rel] });
    // Without the mentions (the window has them): the rest is the same.
    expect(service.call('annotations.list', { docId, mentions: false })).toMatchObject({ mentions: [], events: [ev], relations: [rel] });
    // Progress reads only the spans, and they are the mentions' spans in text order.
    expect(service.store.mentionSpans(docId, 'dana')).toEqual([who, where, city].map((m) => ({ start: m.start, end: m.end })).sort((a, b) => a.start - b.start || a.end - b.end));
    const r = service.call('history.redo', { docId });
    expect(r.steps.map((s) => [s.target, s.kind])).toEqual([['event', 'update'], ['relation', 'delete'], ['mention', 'delete']]);
    expect(service.call('mentions.list', { docId }).map((m) => m.id)).toEqual([who.id, city.id]);
    expect(service.call('history.undo', { docId }).steps).toHaveLength(3);
    expect(service.call('events.list', { docId })).toEqual([ev]);
  });
});

describe('every change answers where its document is now', () => {
  it('the list row and the problems in each answer are what documents.list and documents.validate say after it', () => {
    const here = () => ({ summary: service.call('documents.list', { ids: [docId] })[0], problems: service.call('documents.validate', { docId }) });
    const check = (answer: { document: unknown }) => expect(answer.document).toEqual(here());
    const who = service.call('mentions.create', { docId, type: 'PER', start: 0, end: 10 });
    check(who);
    expect(who.document.summary).toMatchObject({ id: docId, mentionCount: 1 });
    expect(who.document.summary.progress).toBeGreaterThan(0);
    const city = service.call('mentions.create', { docId, type: 'GPE', start: 23, end: 28 });
    check(city);
    check(service.call('mentions.update', { id: city.mention.id, type: 'LOC' }));
    const ev = service.call('events.create', { docId, type: 'Conflict:Attack', start: 11, end: 17 });
    check(ev);
    expect(ev.document.summary.eventCount).toBe(1);
    // A LOC in the Attacker role is a problem: the answer of the call that made it says so.
    const wrong = service.call('events.setArgument', { id: ev.event.id, role: 'Attacker', mentionId: city.mention.id });
    check(wrong);
    expect(wrong.document.problems.map((p) => p.kind)).toContain('wrong-argument-type');
    const right = service.call('events.removeArgument', { id: ev.event.id, role: 'Attacker', mentionId: city.mention.id });
    check(right);
    expect(right.document.problems).toEqual([]);
    check(service.call('events.update', { id: ev.event.id, type: 'Conflict:Demonstrate' }));
    const rel = service.call('relations.create', { docId, type: 'PHYS', arg1: who.mention.id, arg2: city.mention.id });
    check(rel);
    check(service.call('relations.update', { id: rel.relation.id, type: 'GEN-AFF' }));
    check(service.call('attributes.set', { target: { kind: 'mention', id: who.mention.id }, name: 'Level', value: 'NOM' }));
    check(service.call('attributes.clear', { target: { kind: 'mention', id: who.mention.id }, name: 'Level' }));
    check(service.call('notes.set', { target: { kind: 'event', id: ev.event.id }, note: 'check' }));
    const status = service.call('documents.setStatus', { docId, status: 'done' });
    check(status);
    expect(status.document.summary.status).toBe('done');
    check(service.call('documents.setFlags', { docId, flags: ['x'] }));
    check(service.call('documents.setNote', { docId, note: 'n' }));
    check(service.call('relations.delete', { id: rel.relation.id }));
    check(service.call('events.delete', { id: ev.event.id }));
    const deleted = service.call('mentions.delete', { id: city.mention.id });
    check(deleted);
    expect(deleted.document.summary.mentionCount).toBe(1);
    const undone = service.call('history.undo', { docId });
    check(undone);
    expect(undone.document.summary.mentionCount).toBe(2);
    check(service.call('history.redo', { docId }));
  });
});

describe('validation of a document with many mentions', () => {
  it('finds the same problems as validating every mention, reading only those that can have one', () => {
    // Plain mentions (no problem possible), one with a bad attribute value, one of a type the
    // schema lacks, one an event argument of the wrong type, one a relation end.
    const plain = ['المتظاهرون', 'هاجموا', 'مطار', 'كابول', 'يوم', 'الاثنين'].map((w) => mention('GPE', w));
    const at = (word: string) => {
      const [start, end] = span(word);
      return { docId, start, end, annotator: 'dana', origin: 'import' as const, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' };
    };
    const badAttribute = service.store.insertMention({ ...at('المتظاهرون'), type: 'PER', attributes: { Uncertain: 'maybe' } });
    const unknownType = service.store.insertMention({ ...at('يوم'), type: 'NOPE' });
    const wrongArgument = mention('FAC', 'كابول');
    attack([{ role: 'Attacker', mentionId: wrongArgument.id }]);
    const relEnd = mention('PER', 'مطار');
    service.call('relations.create', { docId, type: 'PER-SOC', arg1: badAttribute.id, arg2: relEnd.id });
    const problems = service.call('documents.validate', { docId });
    const all = validateDocument(
      service.call('schema.get', {}),
      service.store.listMentions(docId, 'dana'),
      service.store.listEvents(docId, 'dana'),
      service.store.listRelations(docId, 'dana'),
      AR,
    );
    expect(problems).toEqual(all);
    expect(problems.map((p) => p.kind).sort()).toEqual(['attribute-value', 'unknown-entity-type', 'wrong-argument-type']);
    const plainTypes = service.call('schema.get', {}).entityTypes.filter((t) => !t.abstract).map((t) => t.name);
    const read = service.store.mentionsToValidate(docId, 'dana', plainTypes).map((m) => m.id);
    expect([...read].sort()).toEqual([badAttribute.id, unknownType.id, wrongArgument.id, relEnd.id].sort());
    for (const p of plain) expect(read).not.toContain(p.id);
  });
});

describe('relations', () => {
  it('creates, retypes and deletes relations, refusing duplicates (both ways when symmetric), with undo', () => {
    const a = mention('PER', 'المتظاهرون');
    const b = mention('PER', 'كابول');
    const r = service.call('relations.create', { docId, type: 'PER-SOC', arg1: a.id, arg2: b.id }).relation;
    expect(r).toMatchObject({ id: expect.stringMatching(/^R[0-9]+$/), type: 'PER-SOC', arg1: a.id, arg2: b.id, attributes: {}, note: '' });
    expect(fail(service.dispatch('relations.create', { docId, type: 'PER-SOC', arg1: b.id, arg2: a.id })).code).toBe('conflict');
    const g = service.call('relations.create', { docId, type: 'GEN-AFF', arg1: b.id, arg2: a.id }).relation;
    expect(fail(service.dispatch('relations.create', { docId, type: 'GEN-AFF', arg1: a.id, arg2: a.id })).message).toMatch(/two different mentions/);
    expect(fail(service.dispatch('relations.create', { docId, type: 'LIKES', arg1: a.id, arg2: b.id })).message).toMatch(/unknown relation type "LIKES"/);
    const retyped = service.call('relations.update', { id: r.id, type: 'ORG-AFF' }).relation;
    expect(retyped.type).toBe('ORG-AFF');
    expect(service.call('documents.validate', { docId }).map((p) => [p.kind, p.annotationId, p.role])).toEqual([['wrong-relation-argument', r.id, 'Arg2']]);
    service.call('relations.delete', { id: g.id });
    expect(service.call('relations.list', { docId })).toEqual([retyped]);
    service.call('history.undo', { docId });
    expect(service.call('relations.list', { docId })).toEqual([retyped, g]);
    service.call('history.undo', { docId });
    expect(service.call('relations.list', { docId })).toEqual([r, g]);
  });
});

describe('attributes and notes', () => {
  it('sets and clears attributes on mentions, events and relations, checking the schema, with undo', () => {
    const who = mention('PER', 'المتظاهرون');
    const city = mention('GPE', 'كابول');
    const ev = attack();
    const rel = service.call('relations.create', { docId, type: 'PHYS', arg1: who.id, arg2: city.id }).relation;
    const m1 = service.call('attributes.set', { target: { kind: 'mention', id: who.id }, name: 'Level', value: 'NOM' });
    expect(m1.annotation).toEqual({ kind: 'mention', mention: { ...who, attributes: { Level: 'NOM' }, updatedAt: expect.any(String) } });
    const e1 = service.call('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Realis', value: 'Actual' });
    expect(e1.annotation.kind === 'event' && e1.annotation.event.attributes).toEqual({ Realis: 'Actual' });
    service.call('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Uncertain', value: true });
    service.call('attributes.set', { target: { kind: 'relation', id: rel.id }, name: 'Uncertain', value: true });
    expect(fail(service.dispatch('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Level', value: 'NAM' })).message).toMatch(
      /attribute Level does not apply to a Conflict:Attack event/,
    );
    expect(fail(service.dispatch('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Realis', value: 'Maybe' })).message).toBe(
      'attribute Realis takes one of Actual, Generic, Other, not "Maybe"',
    );
    expect(fail(service.dispatch('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Uncertain', value: 'yes' })).message).toMatch(/yes\/no/);
    expect(fail(service.dispatch('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Mood', value: true })).message).toMatch(/unknown attribute "Mood"/);
    expect(fail(service.dispatch('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Uncertain', value: false })).code).toBe('invalid-argument');
    const cleared = service.call('attributes.clear', { target: { kind: 'event', id: ev.id }, name: 'Realis' });
    expect(cleared.annotation.kind === 'event' && cleared.annotation.event.attributes).toEqual({ Uncertain: true });
    reopen();
    expect(service.call('mentions.list', { docId })[0]?.attributes).toEqual({ Level: 'NOM' });
    expect(service.call('relations.list', { docId })[0]?.attributes).toEqual({ Uncertain: true });
    service.call('history.undo', { docId }); // clear Realis
    expect(service.call('events.list', { docId })[0]?.attributes).toEqual({ Realis: 'Actual', Uncertain: true });
    service.call('history.undo', { docId }); // relation Uncertain
    service.call('history.undo', { docId }); // event Uncertain
    service.call('history.undo', { docId }); // event Realis
    service.call('history.undo', { docId }); // mention Level
    expect(service.call('mentions.list', { docId })[0]).toEqual(who);
    expect(service.call('events.list', { docId })[0]?.attributes).toEqual({});
  });

  it('sets notes on any annotation and on the document, with status and flags, undoable', () => {
    const who = mention('PER', 'المتظاهرون');
    const ev = attack();
    const n = service.call('notes.set', { target: { kind: 'mention', id: who.id }, note: 'crowd, not a person?' });
    expect(n.annotation.kind === 'mention' && n.annotation.mention.note).toBe('crowd, not a person?');
    service.call('notes.set', { target: { kind: 'event', id: ev.id }, note: 'هجوم' });
    expect(service.call('documents.meta', { docId })).toEqual({ docId, annotator: 'dana', status: 'not-started', flags: [], note: '', updatedAt: null });
    service.call('documents.setStatus', { docId, status: 'in-progress' });
    const f = service.call('documents.setFlags', { docId, flags: [' review ', 'ocr', 'review', ''] });
    expect(f.meta.flags).toEqual(['review', 'ocr']);
    const d = service.call('documents.setNote', { docId, note: 'second paragraph unclear' });
    expect(d.meta).toMatchObject({ status: 'in-progress', flags: ['review', 'ocr'], note: 'second paragraph unclear' });
    service.call('documents.setStatus', { docId, status: 'done' });
    expect(service.call('documents.list', {}).find((x) => x.id === docId)?.status).toBe('done');
    expect(fail(service.dispatch('documents.setStatus', { docId, status: 'finished' })).code).toBe('invalid-argument');
    reopen();
    expect(service.call('documents.meta', { docId })).toMatchObject({ status: 'done', flags: ['review', 'ocr'], note: 'second paragraph unclear' });
    const u = service.call('history.undo', { docId });
    expect(u.steps[0]).toMatchObject({ target: 'document', id: docId, kind: 'update', value: { status: 'in-progress' } });
    service.call('history.undo', { docId });
    service.call('history.undo', { docId });
    service.call('history.undo', { docId });
    expect(service.call('documents.meta', { docId })).toEqual({ docId, annotator: 'dana', status: 'not-started', flags: [], note: '', updatedAt: null });
    service.call('history.undo', { docId });
    service.call('history.undo', { docId });
    expect(service.call('mentions.list', { docId })[0]).toEqual(who);
    expect(service.call('events.list', { docId })[0]?.note).toBe('');
  });
});

describe('validation', () => {
  it('reports wrong argument types with the event, role and mention, and none for a good frame', () => {
    const who = mention('PER', 'المتظاهرون');
    const when = mention('TIME', 'الاثنين');
    const ev = attack([{ role: 'Attacker', mentionId: who.id }, { role: 'Time', mentionId: when.id }]);
    expect(service.call('documents.validate', { docId })).toEqual([]);
    service.call('mentions.update', { id: when.id, type: 'LOC' });
    expect(service.call('documents.validate', { docId })).toEqual([
      {
        kind: 'wrong-argument-type',
        message: `event ${ev.id} Conflict:Attack “هاجموا”: Time takes TIME, not mention ${when.id} LOC “الاثنين”`,
        annotationKind: 'event',
        annotationId: ev.id,
        role: 'Time',
        mentionId: when.id,
        subject: { kind: 'event', id: ev.id, type: 'Conflict:Attack', text: 'هاجموا' },
        params: { role: 'Time', accepted: ['TIME'], target: { kind: 'mention', id: when.id, type: 'LOC', text: 'الاثنين' } },
      },
    ]);
    expect(service.call('documents.validate', { docId, annotator: 'nobody' })).toEqual([]);
  });
});

describe('schema changes', () => {
  const renamed = (): Schema => ({
    ...NEWS_SCHEMA,
    entityTypes: NEWS_SCHEMA.entityTypes.map((t) => (t.name === 'PER' ? { ...t, name: 'PERSON' } : t)),
    eventTypes: NEWS_SCHEMA.eventTypes.map((t) =>
      t.name === 'Conflict:Attack'
        ? { ...t, name: 'Conflict:Assault', roles: t.roles.map((r) => (r.name === 'Attacker' ? { ...r, name: 'Assailant', types: ['PERSON'] } : { ...r, types: r.types.map((x) => (x === 'PER' ? 'PERSON' : x)) })) }
        : { ...t, roles: t.roles.map((r) => ({ ...r, types: r.types.map((x) => (x === 'PER' ? 'PERSON' : x)) })) },
    ),
    relationTypes: NEWS_SCHEMA.relationTypes.map((t) => ({ ...t, arg1: { ...t.arg1, types: t.arg1.types.map((x) => (x === 'PER' ? 'PERSON' : x)) }, arg2: { ...t.arg2, types: t.arg2.types.map((x) => (x === 'PER' ? 'PERSON' : x)) } })),
    attributes: NEWS_SCHEMA.attributes.map((a) => (a.name === 'Realis' ? { ...a, name: 'Modality' } : a)),
  });

  it('refuses to drop types, roles and attributes in use, saying how many; preview lists them; force keeps the annotations', () => {
    const who = mention('PER', 'المتظاهرون');
    const ev = attack([{ role: 'Attacker', mentionId: who.id }]);
    service.call('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Realis', value: 'Actual' });
    const json = schemaToJson(renamed());
    const e = fail(service.dispatch('schema.replace', { json, fileName: 'next.json' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe(
      'next.json: the new schema drops entity types still in use: PER (1 mention); event types still in use: Conflict:Attack (1 event); attributes still in use: Realis (1 annotation)',
    );
    const preview = service.call('schema.preview', { json, renames: { types: { 'Conflict:Attack': 'Conflict:Assault' } } });
    expect(preview.dropped).toEqual([
      { what: 'entity type', name: 'PER', count: 1 },
      { what: 'role', name: 'Attacker', eventType: 'Conflict:Attack', count: 1 },
      { what: 'attribute', name: 'Realis', count: 1 },
    ]);
    expect(fail(service.dispatch('schema.replace', { json, renames: { types: { NOPE: 'PERSON' } } })).message).toMatch(/cannot rename type "NOPE"/);
    service.call('schema.replace', { json, force: true });
    expect(service.call('session.get', {}).schemaVersion).toBe(2);
    // nothing was deleted; validation reports what no longer fits
    expect(service.call('mentions.list', { docId })).toEqual([who]);
    expect(service.call('documents.validate', { docId }).map((p) => p.kind)).toEqual(['unknown-entity-type', 'unknown-event-type', 'unknown-attribute']);
  });

  it('renames types, roles and attributes in the annotations and the undo history', () => {
    const who = mention('PER', 'المتظاهرون');
    const ev = attack([{ role: 'Attacker', mentionId: who.id }]);
    service.call('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Realis', value: 'Actual' });
    const renames = {
      types: { PER: 'PERSON', 'Conflict:Attack': 'Conflict:Assault' },
      roles: { 'Conflict:Assault': { Attacker: 'Assailant' } },
      attributes: { Realis: 'Modality' },
    };
    expect(service.call('schema.preview', { json: schemaToJson(renamed()), renames }).dropped).toEqual([]);
    service.call('schema.replace', { json: schemaToJson(renamed()), renames });
    reopen();
    expect(service.call('mentions.list', { docId }).map((m) => m.type)).toEqual(['PERSON']);
    const [e] = service.call('events.list', { docId });
    expect(e).toMatchObject({ type: 'Conflict:Assault', arguments: [{ role: 'Assailant', mentionId: who.id }], attributes: { Modality: 'Actual' } });
    expect(service.call('documents.validate', { docId })).toEqual([]);
    // undo still works: the logged states were renamed too
    service.call('history.undo', { docId });
    expect(service.call('events.list', { docId })[0]?.attributes).toEqual({});
    service.call('history.undo', { docId });
    expect(service.call('events.list', { docId })).toEqual([]);
    expect(service.call('mentions.list', { docId })).toEqual([{ ...who, type: 'PERSON' }]);
    service.call('history.redo', { docId });
    expect(service.call('events.list', { docId })[0]).toMatchObject({ type: 'Conflict:Assault', arguments: [{ role: 'Assailant', mentionId: who.id }] });
  });

  it('exports and imports brat annotation.conf', () => {
    const { text, fileName } = service.call('schema.exportBratConf', {});
    expect(fileName).toBe('annotation.conf');
    expect(text).toContain('Movement-Transport\t');
    expect(parseBratConf(text, 'x.conf')).toEqual(JSON.parse(JSON.stringify(NEWS_SCHEMA)));
    // a plain brat file: refused while our types are in use, accepted with renames
    mention('PER', 'المتظاهرون');
    const brat = '[entities]\nPerson\nPlace\n[relations]\n[events]\nAttack\tAttacker*:Person, Place?:Place\n[attributes]\n';
    const e = fail(service.dispatch('schema.importBratConf', { text: brat, fileName: 'annotation.conf' }));
    expect(e.message).toMatch(/^annotation\.conf: the new schema drops entity types still in use: PER \(1 mention\)/);
    const s = service.call('schema.importBratConf', { text: brat, renames: { types: { PER: 'Person' } } });
    expect(s.entityTypes.map((t) => [t.name, t.hotkey])).toEqual([['Person', '1'], ['Place', '2']]);
    expect(service.call('mentions.list', { docId })[0]?.type).toBe('Person');
    expect(fail(service.dispatch('schema.importBratConf', { text: '[entities]\nA B\n', fileName: 'bad.conf' }))).toMatchObject({
      code: 'schema-invalid',
      file: 'bad.conf',
      line: 2,
    });
  });
});

describe('native JSONL export with events', () => {
  it('exports events, relations, attributes, notes and status, and parses back to the same annotations', () => {
    const who = mention('PER', 'المتظاهرون');
    const where = mention('FAC', 'مطار');
    const city = mention('GPE', 'كابول');
    const ev = attack([{ role: 'Attacker', mentionId: who.id }, { role: 'Target', mentionId: where.id }, { role: 'Place', mentionId: city.id }]);
    service.call('attributes.set', { target: { kind: 'event', id: ev.id }, name: 'Realis', value: 'Actual' });
    service.call('attributes.set', { target: { kind: 'mention', id: who.id }, name: 'Level', value: 'NOM' });
    const rel = service.call('relations.create', { docId, type: 'PART-WHOLE', arg1: where.id, arg2: city.id }).relation;
    service.call('notes.set', { target: { kind: 'relation', id: rel.id }, note: 'the airport of Kabul' });
    service.call('documents.setStatus', { docId, status: 'done' });
    const heWho = mention('PER', 'המפגינים', heId, HE);
    const [hs, he] = span('תקפו', HE);
    service.call('events.create', { docId: heId, type: 'Conflict:Attack', start: hs, end: he, arguments: [{ role: 'Attacker', mentionId: heWho.id }] });

    const jsonl = exportNativeJsonl(service.store);
    const recs = parseNativeJsonl(jsonl, 'out.jsonl');
    const ar = recs.find((r) => r.id === docId);
    expect(ar?.status).toBe('done');
    expect(ar?.entities.find((e) => e.id === who.id)?.attributes).toEqual({ Level: 'NOM' });
    expect(ar?.events).toEqual([
      {
        id: ev.id,
        type: 'Conflict:Attack',
        trigger: { start: 11, end: 17, text: 'هاجموا' },
        arguments: [{ role: 'Attacker', entity_id: who.id }, { role: 'Target', entity_id: where.id }, { role: 'Place', entity_id: city.id }],
        attributes: { Realis: 'Actual' },
      },
    ]);
    expect(ar?.relations).toEqual([{ id: rel.id, type: 'PART-WHOLE', arg1: where.id, arg2: city.id, attributes: {}, note: 'the airport of Kabul' }]);
    const hebrew = recs.find((r) => r.id === heId);
    expect(hebrew?.events[0]).toMatchObject({ trigger: { text: 'תקפו' }, arguments: [{ role: 'Attacker', entity_id: heWho.id }] });
    // the same annotations as the store has
    const events = service.call('events.list', { docId });
    expect(ar?.events.map((e) => ({ id: e.id, type: e.type, args: e.arguments.map((a) => [a.role, a.entity_id]) }))).toEqual(
      events.map((e) => ({ id: e.id, type: e.type, args: e.arguments.map((a) => [a.role, a.mentionId]) })),
    );
    // an annotator with only a status on a document still gets a line
    service.call('session.setAnnotator', { name: 'omar' });
    service.call('documents.setStatus', { docId: heId, status: 'in-progress' });
    const lines = parseNativeJsonl(exportNativeJsonl(service.store), 'x.jsonl').map((r) => [r.id === docId ? 'ar' : 'he', r.annotator, r.status]);
    expect(lines).toEqual([
      ['ar', 'dana', 'done'],
      ['he', 'dana', 'not-started'],
      ['he', 'omar', 'in-progress'],
    ]);
  });
});
