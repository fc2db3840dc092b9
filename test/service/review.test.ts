import Database from 'better-sqlite3';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openProject, userVersion } from '../../electron/store';
import { exportPerDocument, importExchange, initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

// "In Kazakhstan Tokayev met Putin" in Hebrew: בקזחסטן has the prefix ב
const TEXT = 'בקזחסטן טוקאייב פגש את פוטין';
//            0      7 8      15 16  19 20 23 24   28

function project(): { service: QalamService; docId: string; dir: string } {
  const dir = tempDir('qalam-review-');
  writeFiles(dir, { 'texts/kz.txt': TEXT });
  const service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  service.call('session.setAnnotator', { name: 'dana' });
  const docId = service.call('documents.importPaths', { paths: [join(dir, 'texts')] }).imported[0]!.id;
  return { service, docId, dir };
}

/** dana and noa annotate the sentence, disagreeing on the prefix, a type and a missing mention. */
function annotated(): { service: QalamService; docId: string; dir: string; ids: Record<string, string> } {
  const p = project();
  const s = p.service;
  const ids: Record<string, string> = {};
  const mk = (who: string, key: string, type: string, start: number, end: number): void => {
    s.call('session.setAnnotator', { name: who });
    ids[key] = s.call('mentions.create', { docId: p.docId, type, start, end }).mention.id;
  };
  mk('dana', 'dGpe', 'GPE', 1, 7); // קזחסטן without ב
  mk('dana', 'dTok', 'PER', 8, 15);
  mk('dana', 'dPut', 'PER', 24, 28);
  mk('noa', 'nGpe', 'GPE', 0, 7); // with the prefix
  mk('noa', 'nTok', 'PER', 8, 15);
  mk('noa', 'nPut', 'ORG', 24, 28);
  s.call('session.setAnnotator', { name: 'dana' });
  ids.dEv = s.call('events.create', { docId: p.docId, type: 'Contact:Meet', start: 16, end: 19, arguments: [{ role: 'Entity', mentionId: ids.dTok! }] }).event.id;
  s.call('session.setAnnotator', { name: 'noa' });
  ids.nEv = s.call('events.create', {
    docId: p.docId,
    type: 'Contact:Meet',
    start: 16,
    end: 19,
    arguments: [
      { role: 'Entity', mentionId: ids.nTok! },
      { role: 'Entity', mentionId: ids.nPut! },
    ],
  }).event.id;
  return { ...p, ids };
}

describe('004 review migration', () => {
  it('adds provenance columns and the rejections table, rebuilds change_log with its rows, sequence and index', () => {
    const db = new Database(join(tempDir('qalam-mig4-'), 'm.qalam'));
    db.pragma('foreign_keys = ON');
    migrate(db, 3);
    db.exec(`
      INSERT INTO documents VALUES ('0123456789abcdef', 1, 'doc', NULL, '${'a'.repeat(64)}', 'שלום עולם', 'he', 'rtl', 9, '2024-01-01T00:00:00.000Z');
      INSERT INTO annotators VALUES ('dana', '2024-01-01T00:00:00.000Z');
      INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at)
        VALUES ('0123456789abcdef', 'PER', 0, 4, 'dana', 'manual', 't', 't');
      INSERT INTO change_log (doc_id, annotator, kind, target_id, before_json, after_json, undone, at, target, grp)
        VALUES ('0123456789abcdef', 'dana', 'create', 1, NULL, '{"id":"1"}', 0, 't', 'mention', 1),
               ('0123456789abcdef', 'dana', 'create', 1, NULL, '{"id":"1"}', 1, 't', 'mention', 2),
               ('0123456789abcdef', 'dana', 'create', 1, NULL, '{"id":"1"}', 1, 't', 'mention', 3);
      DELETE FROM change_log WHERE seq = 3;
    `);
    const before = db.prepare('SELECT * FROM change_log ORDER BY seq').all();
    expect(migrate(db)).toEqual(MIGRATIONS.slice(3).map((m) => m.version));
    expect(userVersion(db)).toBeGreaterThanOrEqual(4);
    for (const t of ['mentions', 'events', 'relations']) {
      expect((db.prepare('SELECT name FROM pragma_table_info(?)').all(t) as { name: string }[]).map((r) => r.name)).toContain('provenance_json');
    }
    expect(db.prepare('SELECT provenance_json FROM mentions').get()).toEqual({ provenance_json: null });
    expect(db.prepare('SELECT * FROM change_log ORDER BY seq').all()).toEqual(before);
    // the sequence continues after the deleted entry 3, and the new target is accepted
    db.prepare("INSERT INTO change_log (doc_id, annotator, kind, target_id, at, target) VALUES ('0123456789abcdef', 'dana', 'create', 1, 't', 'rejection')").run();
    expect((db.prepare('SELECT max(seq) AS m FROM change_log').get() as { m: number }).m).toBe(4);
    expect(() => db.prepare("INSERT INTO change_log (doc_id, annotator, kind, target_id, at, target) VALUES ('0123456789abcdef', 'dana', 'create', 1, 't', 'bogus')").run()).toThrow(/CHECK/);
    expect((db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'change_log_stack'").get() as { name: string }).name).toBe('change_log_stack');
    db.prepare("INSERT INTO review_rejections (doc_id, key, annotator, created_at) VALUES ('0123456789abcdef', 'k', 'dana', 't')").run();
    expect(() => db.prepare("INSERT INTO review_rejections (doc_id, key, annotator, created_at) VALUES ('0123456789abcdef', 'k', 'dana', 't')").run()).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM documents").run();
    expect(db.prepare('SELECT count(*) AS n FROM review_rejections').get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('a version-3 project with history opens, and its undo still works', () => {
    const p = project();
    p.service.call('mentions.create', { docId: p.docId, type: 'GPE', start: 1, end: 7 });
    p.service.close();
    const store = openProject(join(p.dir, 'p.qalam'));
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    expect(store.changeLog(p.docId, 'dana')).toHaveLength(1);
    store.close();
  });
});

describe('review service', () => {
  it('compare lists classified disagreements in position order and the agreed annotations', () => {
    const { service, docId, ids } = annotated();
    const c = service.call('review.compare', { docId, annotators: ['dana', 'noa'] });
    expect(c.sets.map((s) => s.annotator)).toEqual(['dana', 'noa']);
    expect(c.gold.mentions).toEqual([]);
    expect(c.disagreements.map((d) => [d.target, d.kind, d.start, d.end])).toEqual([
      ['mention', 'boundary', 0, 7],
      ['event', 'arguments', 16, 19],
      ['mention', 'type', 24, 28],
    ]);
    const prefix = c.disagreements[0]!;
    expect(prefix.prefix).toBe(true);
    expect(prefix.members.map((m) => [m.set, m.id])).toEqual([
      ['dana', ids.dGpe],
      ['noa', ids.nGpe],
    ]);
    expect(c.disagreements[1]!.arguments).toEqual([{ role: 'Entity', start: 24, end: 28, in: ['noa'], problem: 'filler' }]);
    expect(c.disagreements.every((d) => d.resolution === null)).toBe(true);
    expect(c.agreed).toEqual([{ target: 'mention', type: 'PER', start: 8, end: 15, ids: { dana: ids.dTok, noa: ids.nTok } }]);
  });

  it('accept copies into gold with provenance, resolves the disagreement, and is one undo step', () => {
    const { service, docId, ids } = annotated();
    const r = service.call('review.accept', { docId, from: 'dana', ids: [ids.dGpe!] });
    expect(r.gold).toHaveLength(1);
    const g = r.gold[0]!;
    expect(g.kind).toBe('mention');
    if (g.kind !== 'mention') throw new Error('mention expected');
    expect(g.mention).toMatchObject({ annotator: 'gold', origin: 'gold', type: 'GPE', start: 1, end: 7 });
    expect(g.mention.provenance).toMatchObject({ action: 'accepted', sources: [{ annotator: 'dana', id: ids.dGpe }] });
    expect(r.history.canUndo).toBe(true);
    const c = service.call('review.compare', { docId, annotators: ['dana', 'noa'] });
    expect(c.disagreements[0]!.resolution).toBe('accepted');
    expect(c.gold.mentions).toHaveLength(1);
    // accepting the identical annotation again adds nothing
    expect(service.call('review.accept', { docId, from: 'dana', ids: [ids.dGpe!] }).gold).toEqual([]);
    // undo as the gold set
    service.call('session.setAnnotator', { name: 'gold' });
    const u = service.call('history.undo', { docId });
    expect(u.kind).toBe('delete');
    expect(service.call('mentions.list', { docId })).toEqual([]);
    service.call('history.redo', { docId });
    const redone = service.call('mentions.list', { docId });
    expect(redone).toHaveLength(1);
    expect(redone[0]!.provenance?.sources).toEqual([{ annotator: 'dana', id: ids.dGpe }]);
  });

  it('accepting an event brings its argument fillers; editing gold marks provenance edited; creating marks created', () => {
    const { service, docId, ids } = annotated();
    const r = service.call('review.accept', { docId, from: 'noa', ids: [ids.nEv!] });
    expect(r.gold.map((x) => x.kind)).toEqual(['mention', 'mention', 'event']);
    service.call('session.setAnnotator', { name: 'gold' });
    const gold = service.call('annotations.list', { docId });
    expect(gold.mentions.map((m) => [m.type, m.start, m.end])).toEqual([
      ['PER', 8, 15],
      ['ORG', 24, 28],
    ]);
    expect(gold.events).toHaveLength(1);
    expect(gold.events[0]!.arguments.map((a) => a.mentionId).sort()).toEqual(gold.mentions.map((m) => m.id).sort());
    expect(gold.events[0]!.provenance).toMatchObject({ action: 'accepted', sources: [{ annotator: 'noa', id: ids.nEv }] });
    // the adjudicator fixes Putin's type in gold
    const putin = gold.mentions.find((m) => m.start === 24)!;
    const edited = service.call('mentions.update', { id: putin.id, type: 'PER' }).mention;
    expect(edited.provenance).toMatchObject({ action: 'edited', sources: [{ annotator: 'noa', id: ids.nPut }] });
    const created = service.call('mentions.create', { docId, type: 'GPE', start: 1, end: 7 }).mention;
    expect(created.provenance).toMatchObject({ action: 'created', sources: [] });
    // undo of the edit restores the accepted provenance
    service.call('history.undo', { docId });
    service.call('history.undo', { docId });
    const back = service.call('mentions.list', { docId }).find((m) => m.start === 24)!;
    expect(back.type).toBe('ORG');
    expect(back.provenance?.action).toBe('accepted');
    // annotators' own mentions never carry provenance
    expect(service.call('mentions.list', { docId, annotator: 'dana' }).every((m) => m.provenance === undefined)).toBe(true);
  });

  it('acceptAgreed merges every agreed annotation in one action with all annotators as sources', () => {
    const { service, docId, ids } = annotated();
    const r = service.call('review.acceptAgreed', { docId, annotators: ['dana', 'noa'] });
    expect(r.gold).toHaveLength(1);
    const g = r.gold[0]!;
    if (g.kind !== 'mention') throw new Error('mention expected');
    expect(g.mention.provenance?.sources).toEqual([
      { annotator: 'dana', id: ids.dTok },
      { annotator: 'noa', id: ids.nTok },
    ]);
    service.call('session.setAnnotator', { name: 'gold' });
    service.call('history.undo', { docId });
    expect(service.call('mentions.list', { docId })).toEqual([]);
    expect(() => service.call('history.undo', { docId })).toThrow(/nothing to undo/);
  });

  it('reject marks a disagreement resolved; undo reopens it; rejecting twice is a conflict', () => {
    const { service, docId } = annotated();
    const key = service.call('review.compare', { docId, annotators: ['dana', 'noa'] }).disagreements[2]!.key;
    const r = service.call('review.reject', { docId, disagreementKey: key });
    expect(r.rejection).toMatchObject({ docId, key, annotator: 'gold' });
    expect(service.call('review.compare', { docId, annotators: ['dana', 'noa'] }).disagreements[2]!.resolution).toBe('rejected');
    expect(service.dispatch('review.reject', { docId, disagreementKey: key })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    service.call('session.setAnnotator', { name: 'gold' });
    const u = service.call('history.undo', { docId });
    expect(u.steps[0]).toMatchObject({ target: 'rejection', kind: 'delete', value: null });
    expect(service.call('review.compare', { docId, annotators: ['dana', 'noa'] }).disagreements[2]!.resolution).toBeNull();
    service.call('history.redo', { docId });
    expect(service.call('review.compare', { docId, annotators: ['dana', 'noa'] }).disagreements[2]!.resolution).toBe('rejected');
  });

  it('the latest decision counts: rejected, then accepted, is accepted (gold holds it)', () => {
    const { service, docId, ids } = annotated();
    const at = () => service.call('review.compare', { docId, annotators: ['dana', 'noa'] }).disagreements.find((d) => d.members.some((m) => m.id === ids.nPut))!;
    service.call('review.reject', { docId, disagreementKey: at().key });
    expect(at().resolution).toBe('rejected');
    service.call('review.accept', { docId, from: 'noa', ids: [ids.nPut!] });
    expect(service.call('mentions.list', { docId, annotator: 'gold' }).map((m) => m.type)).toContain('ORG');
    expect(at().resolution).toBe('accepted');
  });

  it('refuses bad review calls with clear errors', () => {
    const { service, docId, ids } = annotated();
    expect(service.dispatch('review.compare', { docId, annotators: ['dana'] })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(service.dispatch('review.compare', { docId, annotators: ['dana', 'zoe'] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(service.dispatch('review.accept', { docId, from: 'noa', ids: [ids.dGpe] })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('belongs to dana') } });
    expect(service.dispatch('review.accept', { docId, from: 'dana', ids: ['999'] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // a failed accept leaves nothing behind
    expect(service.dispatch('review.accept', { docId, from: 'dana', ids: [ids.dGpe, '999'] }).ok).toBe(false);
    expect(service.call('mentions.list', { docId, annotator: 'gold' })).toEqual([]);
  });

  it('review.agreement gives the span, token and event figures', async () => {
    const { service } = annotated();
    const r = await service.call('review.agreement', { annotators: ['dana', 'noa'] });
    expect(r.documents).toHaveLength(1);
    expect(r.spans[0]!.result.corpus.exactMatch).toMatchObject({ matched: 1, reference: 3, candidate: 3 });
    expect(r.spans[0]!.result.corpus.exactMatch.f1).toBeCloseTo(1 / 3, 12);
    expect(r.events[0]!.result.corpus.triggerClassification.f1).toBe(1);
    expect(r.events[0]!.result.corpus.argumentClassification).toMatchObject({ matched: 1, reference: 1, candidate: 2 });
    expect(r.tokens.corpus.items).toBe(5);
  });
});

describe('per-document exchange', () => {
  it('writes DIR/<annotator>/<document>.jsonl deterministically; a re-run is byte-identical and writes nothing', () => {
    const { service, dir } = annotated();
    service.call('review.accept', { docId: service.call('documents.list', {})[0]!.id, from: 'dana', ids: ['1'] });
    const out = join(dir, 'share');
    const r1 = exportPerDocument(service.store, out);
    expect(r1.files).toEqual(['dana/kz.jsonl', 'gold/kz.jsonl', 'noa/kz.jsonl']);
    expect(r1.written).toBe(3);
    const read = (): Record<string, string> => Object.fromEntries(r1.files.map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    const first = read();
    for (const content of Object.values(first)) {
      expect(content.endsWith('}\n')).toBe(true);
      expect(content.split('\n')).toHaveLength(2);
      expect(content).not.toContain('\r');
    }
    const rec = JSON.parse(first['noa/kz.jsonl']!) as Record<string, unknown> & { entities: { id: string }[]; events: { arguments: { entity_id: string }[] }[] };
    expect(Object.keys(rec)).toEqual([...Object.keys(rec)].sort());
    expect(rec.entities.map((e) => e.id)).toEqual(['T1', 'T2', 'T3']);
    expect(rec.events[0]!.arguments.map((a) => a.entity_id)).toEqual(['T2', 'T3']);
    expect(first['gold/kz.jsonl']).toContain('"provenance":{"action":"accepted","annotators":["dana"]}');
    const r2 = exportPerDocument(service.store, out);
    expect(r2.written).toBe(0);
    expect(read()).toEqual(first);
  });

  it('round-trips into another project, attaches by content hash, and importing twice changes nothing', () => {
    const a = annotated();
    const out = join(a.dir, 'share');
    exportPerDocument(a.service.store, out);
    const files = readdirSync(join(out, 'dana'));
    expect(files).toEqual(['kz.jsonl']);
    // the reviewer's project has the same text under another file name
    const dir = tempDir('qalam-reviewer-');
    writeFiles(dir, { 'renamed.txt': TEXT });
    const b = initProject(join(dir, 'r.qalam'), { now: fakeClock() });
    b.call('session.setAnnotator', { name: 'rev' });
    const docId = b.call('documents.importPaths', { paths: [join(dir, 'renamed.txt')] }).imported[0]!.id;
    const r1 = importExchange(b.store, [out], {}, fakeClock());
    expect(r1.documents).toEqual([]);
    expect(r1.updated.map((u) => [u.annotator, u.docId, u.mentions, u.events])).toEqual([
      ['dana', docId, 3, 1],
      ['noa', docId, 3, 1],
    ]);
    const before = JSON.stringify([b.call('annotations.list', { docId, annotator: 'dana' }), b.call('annotations.list', { docId, annotator: 'noa' })]);
    const r2 = importExchange(b.store, [out], {}, fakeClock());
    expect(r2.updated).toEqual([]);
    expect(r2.unchanged).toHaveLength(2);
    expect(JSON.stringify([b.call('annotations.list', { docId, annotator: 'dana' }), b.call('annotations.list', { docId, annotator: 'noa' })])).toBe(before);
    // the imported sets compare exactly like the originals
    expect(b.call('review.compare', { docId, annotators: ['dana', 'noa'] }).disagreements.map((d) => d.kind)).toEqual(['boundary', 'arguments', 'type']);
    // and export back to the same bytes (ids are local, not row ids)
    const out2 = join(dir, 'share');
    exportPerDocument(b.store, out2);
    expect(readFileSync(join(out2, 'dana', 'renamed.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'dana', 'kz.jsonl'), 'utf8').replace('"name":"kz"', '"name":"renamed"'));
    // a changed file replaces that annotator's set
    const changed = readFileSync(join(out, 'noa', 'kz.jsonl'), 'utf8').replace('"type":"ORG"', '"type":"PER"');
    writeFileSync(join(out, 'noa', 'kz.jsonl'), changed);
    const r3 = importExchange(b.store, [out], {}, fakeClock());
    expect(r3.updated.map((u) => u.annotator)).toEqual(['noa']);
    expect(b.call('mentions.list', { docId, annotator: 'noa' }).map((m) => m.type)).toEqual(['GPE', 'PER', 'PER']);
  });

  it('--annotator puts records into that set; an unknown text is imported as a new document', () => {
    const a = annotated();
    const out = join(a.dir, 'share');
    exportPerDocument(a.service.store, out, { annotator: 'dana' });
    const b = initProject(join(tempDir('qalam-empty-'), 'e.qalam'), { now: fakeClock() });
    const r = importExchange(b.store, [join(out, 'dana')], { annotator: 'ruth' }, fakeClock());
    expect(r.documents.map((d) => d.name)).toEqual(['kz']);
    expect(r.updated.map((u) => u.annotator)).toEqual(['ruth']);
    expect(b.call('mentions.list', { docId: r.documents[0]!.id, annotator: 'ruth' })).toHaveLength(3);
  });

  it('refuses a record whose document name matches a different text, and changes nothing', () => {
    const a = annotated();
    const out = join(a.dir, 'share');
    exportPerDocument(a.service.store, out);
    const dir = tempDir('qalam-mismatch-');
    writeFiles(dir, { 'kz.txt': `${TEXT}!` });
    const b = initProject(join(dir, 'r.qalam'), { now: fakeClock() });
    b.call('documents.importPaths', { paths: [join(dir, 'kz.txt')] });
    expect(() => importExchange(b.store, [out], {}, fakeClock())).toThrow(/text of document "kz" is not the text of the project's document .*refusing/);
    expect(b.store.listAnnotators()).toEqual([]);
    expect(b.store.listDocuments()).toHaveLength(1);
  });
});

describe('exchange import never replaces a newer set with an older copy (issue 10, item 5)', () => {
  /** gold (set by the reviewer) has one mention; the share folder gets its export. */
  function withGoldExport(): { a: ReturnType<typeof annotated>; out: string } {
    const a = annotated();
    a.service.call('review.accept', { docId: a.docId, from: 'dana', ids: [a.ids.dTok!] });
    const out = join(a.dir, 'share');
    exportPerDocument(a.service.store, out);
    return { a, out };
  }
  const goldSpans = (s: QalamService, docId: string): string[] =>
    s.call('mentions.list', { docId, annotator: 'gold' }).map((m) => `${m.type}:${m.start}-${m.end}`);

  it('re-importing a shared folder with an older gold export keeps gold (2 mentions) and its undo history; --force replaces it as one undo step', () => {
    const { a, out } = withGoldExport();
    const s = a.service;
    expect(readFileSync(join(out, 'gold', 'kz.jsonl'), 'utf8')).toMatch(/"revision":\{"at":"[^"]+","n":1\}/);
    s.call('session.setAnnotator', { name: 'gold' });
    s.call('mentions.create', { docId: a.docId, type: 'PER', start: 24, end: 28 });
    expect(goldSpans(s, a.docId)).toEqual(['PER:8-15', 'PER:24-28']);
    const logBefore = s.store.changeLog(a.docId, 'gold').length;

    const r = importExchange(s.store, [out], {}, fakeClock(Date.UTC(2030, 0, 1)));
    expect(r.updated).toEqual([]);
    expect(r.unchanged.map((u) => u.annotator)).toEqual(['dana', 'noa']);
    expect(r.kept.map((k) => [k.file, k.annotator])).toEqual([[join(out, 'gold', 'kz.jsonl'), 'gold']]);
    expect(r.kept[0]!.reason).toMatch(/kept gold's annotations of document .* \(kz\): the project's set is newer .*revision 2 of .*the file has revision 1 of .*--force/);
    expect(goldSpans(s, a.docId)).toEqual(['PER:8-15', 'PER:24-28']);
    expect(s.store.changeLog(a.docId, 'gold')).toHaveLength(logBefore);

    // forced: gold becomes the file's copy, and one undo brings the newer gold back
    const forced = importExchange(s.store, [out], { force: true }, fakeClock(Date.UTC(2030, 0, 2)));
    expect(forced.updated.map((u) => [u.annotator, u.mentions])).toEqual([['gold', 1]]);
    expect(goldSpans(s, a.docId)).toEqual(['PER:8-15']);
    s.call('history.undo', { docId: a.docId });
    expect(goldSpans(s, a.docId)).toEqual(['PER:8-15', 'PER:24-28']);
    // the undo before the import (the hand-made mention) is still there
    s.call('history.undo', { docId: a.docId });
    expect(goldSpans(s, a.docId)).toEqual(['PER:8-15']);
  });

  it("the same for one's own set, and for a file without a revision (written before revisions) over a set with history", () => {
    const { a, out } = withGoldExport();
    const s = a.service;
    s.call('session.setAnnotator', { name: 'dana' });
    s.call('mentions.delete', { id: a.ids.dPut! });
    const r = importExchange(s.store, [out], {}, fakeClock(Date.UTC(2030, 0, 1)));
    expect(r.kept.map((k) => k.annotator)).toEqual(['dana']);
    expect(s.call('mentions.list', { docId: a.docId, annotator: 'dana' })).toHaveLength(2);
    // an old-style file: no revision at all
    const file = join(out, 'dana', 'kz.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/,"revision":\{[^}]*\}/, ''));
    expect(readFileSync(file, 'utf8')).not.toContain('revision');
    const r2 = importExchange(s.store, [join(out, 'dana')], {}, fakeClock(Date.UTC(2030, 0, 1)));
    expect(r2.kept[0]!.reason).toContain('the file has no revision');
    expect(s.call('mentions.list', { docId: a.docId, annotator: 'dana' })).toHaveLength(2);
  });

  it('a newer copy replaces the set and brings its revision, so exporting again gives the same file; the replacement is one undo step', () => {
    const { a, out } = withGoldExport();
    // the reviewer's project took the folder once
    const dir = tempDir('qalam-rev2-');
    writeFiles(dir, { 'kz.txt': TEXT });
    const b = initProject(join(dir, 'r.qalam'), { now: fakeClock() });
    const docId = b.call('documents.importPaths', { paths: [join(dir, 'kz.txt')] }).imported[0]!.id;
    expect(importExchange(b.store, [out], {}, fakeClock()).updated).toHaveLength(3);
    // the annotator goes on and shares again: a higher revision
    a.service.call('session.setAnnotator', { name: 'noa' });
    a.service.call('mentions.update', { id: a.ids.nPut!, type: 'PER' });
    exportPerDocument(a.service.store, out);
    const r = importExchange(b.store, [out], {}, fakeClock(Date.UTC(2030, 0, 1)));
    expect(r.updated.map((u) => u.annotator)).toEqual(['noa']);
    expect(r.kept).toEqual([]);
    expect(b.store.setRevision(docId, 'noa')).toEqual(a.service.store.setRevision(a.docId, 'noa'));
    const out2 = join(dir, 'share');
    exportPerDocument(b.store, out2, { annotator: 'noa' });
    expect(readFileSync(join(out2, 'noa', 'kz.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'noa', 'kz.jsonl'), 'utf8'));
    // undo (as noa, in the reviewer's project) takes the replacement back
    b.call('session.setAnnotator', { name: 'noa' });
    b.call('history.undo', { docId });
    expect(b.call('mentions.list', { docId }).map((m) => m.type)).toEqual(['GPE', 'PER', 'ORG']);
    // now the project's noa changed after that file: importing it again is refused
    expect(importExchange(b.store, [out], {}, fakeClock(Date.UTC(2030, 0, 2))).kept.map((k) => k.annotator)).toEqual(['noa']);
  });
});
