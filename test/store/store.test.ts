import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { EntityMention, Schema } from '../../annotations/model';
import { openProject, parseMentionId, type NewDocument, type Store } from '../../electron/store';
import { Connection } from '../../electron/store/connection';
import { INSERT_ROWS } from '../../electron/store/documents';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const T = '2024-01-01T00:00:00.000Z';
const SCHEMA: Schema = { version: 1, entityTypes: [{ name: 'PER', color: '#ff0000', hotkey: '1' }], eventTypes: [], relationTypes: [], attributes: [] };

function doc(n: number, text = `text number ${n}`): NewDocument {
  const hex = n.toString(16).padStart(16, '0');
  return {
    id: hex,
    name: `doc${n}`,
    sourcePath: `/corpus/doc${n}.txt`,
    sha256: hex.repeat(4),
    text,
    lang: 'other',
    dir: 'ltr',
    length: [...text].length,
    importedAt: T,
  };
}

function mention(docId: string, start: number, end: number, type = 'PER', annotator = 'dana') {
  return { docId, type, start, end, annotator, origin: 'manual' as const, createdAt: T, updatedAt: T };
}

let file: string;
let store: Store;

beforeEach(() => {
  file = join(tempDir(), 'p.qalam');
  store = openProject(file, { create: true });
  return () => store.close();
});

describe('typed queries', () => {
  it('lists documents in import order across imports, not by id', () => {
    store.insertDocuments([doc(9), doc(2)]);
    store.insertDocuments([doc(5)]);
    expect(store.listDocuments().map((d) => d.name)).toEqual(['doc9', 'doc2', 'doc5']);
    expect(store.getDocument(doc(2).id)?.text).toBe('text number 2');
    expect(store.getDocument('0000000000000077')).toBeNull();
    expect(store.findDocumentBySha256(doc(5).sha256)?.id).toBe(doc(5).id);
  });

  it('pages the documents\' content stamps in import order (stampsAfter), as stamps() lists them all', () => {
    store.insertDocuments([doc(9), doc(2), doc(7)]);
    store.insertDocuments([doc(5), doc(1)]);
    const all = store.documents.stamps();
    expect(all.map(([id]) => id)).toEqual([doc(9), doc(2), doc(7), doc(5), doc(1)].map((d) => d.id));
    const paged: [string, string][] = [];
    for (let seq = -1, page = store.documents.stampsAfter(seq, 2); page.length > 0; page = store.documents.stampsAfter(seq, 2)) {
      expect(page.length).toBeLessThanOrEqual(2);
      for (const [id, stamp, s] of page) {
        expect(s).toBeGreaterThan(seq);
        paged.push([id, stamp]);
        seq = s;
      }
    }
    expect(paged).toEqual(all);
  });

  it('insertDocuments is all or nothing', () => {
    store.insertDocuments([doc(1)]);
    expect(() => store.insertDocuments([doc(2), { ...doc(3), sha256: doc(1).sha256 }])).toThrow(/UNIQUE/);
    expect(store.listDocuments().map((d) => d.name)).toEqual(['doc1']);
  });

  it('inserts many documents in statements of INSERT_ROWS rows: import order, texts given as bytes, all or nothing across statements', () => {
    store.insertDocuments([doc(1)]);
    const many = Array.from({ length: 2 * INSERT_ROWS + 37 }, (_, i) => {
      const d = doc(i + 2, `טקסט ${i + 2}`);
      return i % 3 === 0 ? { ...d, text: new TextEncoder().encode(d.text as string) } : d;
    });
    store.insertDocuments(many);
    expect(store.listDocuments().map((d) => d.name)).toEqual(['doc1', ...many.map((d) => d.name)]);
    expect(store.getDocument(many[0]!.id)?.text).toBe('טקסט 2');
    expect(store.getDocument(many[many.length - 1]!.id)?.text).toBe(`טקסט ${many.length + 1}`);
    const db = new Database(file, { readonly: true });
    const seqs = db.prepare('SELECT seq FROM documents ORDER BY seq').pluck().all() as number[];
    db.close();
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    // A row of the last statement fails: nothing of the statements before it stays.
    const more = Array.from({ length: INSERT_ROWS + 5 }, (_, i) => doc(1000 + i));
    expect(() => store.insertDocuments([...more, { ...doc(2000), sha256: doc(1).sha256 }])).toThrow(/UNIQUE/);
    expect(store.documents.count()).toBe(1 + many.length);
  });

  it('fills the name index once a statement, not once a document (FTS5 writes a segment at the end of each statement)', () => {
    const n = 2 * INSERT_ROWS + 50;
    store.insertDocuments(Array.from({ length: n }, (_, i) => doc(i + 1)));
    const db = new Database(file, { readonly: true });
    // The segments FTS5 holds: one row per leaf page of a segment in its %_idx table, by segment.
    const segments = (db.prepare('SELECT count(DISTINCT segid) FROM document_names_idx').pluck().get() as number);
    expect(segments).toBeLessThanOrEqual(Math.ceil(n / INSERT_ROWS));
    // And still finds every name ("name contains", migration 013).
    expect(db.prepare("SELECT count(*) FROM document_names WHERE name LIKE '%doc1%'").pluck().get()).toBe(
      Array.from({ length: n }, (_, i) => `doc${i + 1}`).filter((name) => name.includes('doc1')).length,
    );
    db.close();
  });

  it('recordMentions: every mention of the set with what a native record reads, the ones holding more whole, no table row read for the others', () => {
    store.insertDocuments([doc(1, 'שלום עולם ושלום לכולם')]);
    store.insertDocuments([doc(2)]);
    store.ensureAnnotator('dana', T);
    store.ensureAnnotator('noa', T);
    const id = doc(1).id;
    store.insertMention(mention(id, 6, 10, 'LOC'));
    store.insertMention(mention(id, 0, 4));
    store.insertMention({ ...mention(id, 11, 15), attributes: { Level: 'NAM' } });
    store.insertMention({ ...mention(id, 16, 21), note: 'a note' });
    store.insertMention({ ...mention(id, 0, 10, 'ORG'), fragments: [{ start: 0, end: 4 }, { start: 6, end: 10 }] });
    store.insertMention({ ...mention(id, 6, 10, 'PER'), normalizations: [{ resource: 'wd', id: 'Q1' }] });
    store.insertMention({ ...mention(id, 11, 15, 'LOC'), provenance: { action: 'created', sources: [], at: T } });
    store.insertMention(mention(id, 0, 4, 'PER', 'noa'));
    store.insertMention(mention(doc(2).id, 0, 4));
    const pick = (m: EntityMention) => {
      const { origin: _o, createdAt: _c, updatedAt: _u, provenance: _p, ...rest } = m;
      return rest;
    };
    const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);
    const got = store.recordMentions(id, 'dana').sort(byId);
    const whole = store.listMentions(id, 'dana').sort(byId);
    expect(got.map((m) => ('createdAt' in m ? pick(m as EntityMention) : m))).toEqual(whole.map(pick));
    // the ones holding more come whole (as `get` reads them), the others with nothing but the record's fields
    expect(got.filter((m) => 'createdAt' in m).map((m) => m.id)).toEqual(whole.slice(2).map((m) => m.id));
    expect(store.recordMentions(id, 'noa').map((m) => [m.type, m.start, m.end])).toEqual([['PER', 0, 4]]);
    expect(store.recordMentions(id, 'zoe')).toEqual([]);
    // the set is read from a covering index, not from the table's rows
    const db = new Database(file, { readonly: true });
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT id, type, start_cp, end_cp FROM mentions INDEXED BY mentions_unique_span WHERE doc_id = ? AND annotator = ?').all(id, 'dana') as { detail: string }[]).map((r) => r.detail);
    db.close();
    expect(plan.join(' ')).toContain('COVERING INDEX mentions_unique_span');
  });

  it('exposes mention ids as decimal strings and can restore a deleted mention under its old id', () => {
    store.insertDocuments([doc(1)]);
    store.ensureAnnotator('dana', T);
    const a = store.insertMention(mention(doc(1).id, 0, 4));
    const b = store.insertMention(mention(doc(1).id, 5, 11));
    expect(a.id).toMatch(/^[1-9][0-9]*$/);
    expect(Number(b.id)).toBe(Number(a.id) + 1);
    store.deleteMention(b.id);
    expect(store.getMention(b.id)).toBeNull();
    // AUTOINCREMENT: a fresh mention never takes the deleted id…
    const c = store.insertMention(mention(doc(1).id, 0, 11));
    expect(Number(c.id)).toBeGreaterThan(Number(b.id));
    // …so undo can put it back exactly.
    const back = store.insertMention({ ...mention(doc(1).id, 5, 11), id: b.id });
    expect(back).toEqual(b);
    expect(store.listMentions(doc(1).id).map((m) => m.id)).toEqual([a.id, c.id, b.id]);
  });

  it('refuses exact duplicates and dangling references at the database level', () => {
    store.insertDocuments([doc(1)]);
    store.ensureAnnotator('dana', T);
    store.insertMention(mention(doc(1).id, 0, 4));
    expect(store.findDuplicateMention(mention(doc(1).id, 0, 4))).not.toBeNull();
    expect(store.findDuplicateMention(mention(doc(1).id, 0, 5))).toBeNull();
    expect(() => store.insertMention(mention(doc(1).id, 0, 4))).toThrow(/UNIQUE/);
    expect(() => store.insertMention(mention(doc(1).id, 0, 4, 'PER', 'ghost'))).toThrow(/FOREIGN KEY/);
    expect(() => store.insertMention(mention('ffffffffffffffff', 0, 4))).toThrow(/FOREIGN KEY/);
  });

  it('deleting a document cascades to its mentions (foreign keys are on)', () => {
    store.insertDocuments([doc(1), doc(2)]);
    store.ensureAnnotator('dana', T);
    store.insertMention(mention(doc(1).id, 0, 4));
    store.insertMention(mention(doc(2).id, 0, 4));
    store.close();
    const raw = new Database(file);
    raw.pragma('foreign_keys = ON');
    raw.prepare('DELETE FROM documents WHERE id = ?').run(doc(1).id);
    expect(raw.prepare('SELECT doc_id FROM mentions').all()).toEqual([{ doc_id: doc(2).id }]);
    raw.close();
    store = openProject(file);
  });

  it('parses only canonical mention ids', () => {
    expect(parseMentionId('12')).toBe(12);
    for (const bad of ['0', '012', '-1', '1.5', '', ' 1', '1e3', '99999999999999999']) expect(parseMentionId(bad)).toBeNull();
    expect(store.getMention('abc')).toBeNull();
  });

  it('keeps a per (document, annotator) undo stack', () => {
    store.insertDocuments([doc(1)]);
    store.ensureAnnotator('dana', T);
    store.ensureAnnotator('omar', T);
    const d = doc(1).id;
    expect(store.historyState(d, 'dana')).toEqual({ canUndo: false, canRedo: false });
    const m = store.insertMention(mention(d, 0, 4));
    const s1 = store.appendChange({ docId: d, annotator: 'dana', kind: 'create', mentionId: m.id, before: null, after: m, at: T });
    const s2 = store.appendChange({ docId: d, annotator: 'dana', kind: 'delete', mentionId: m.id, before: m, after: null, at: T });
    expect(store.historyState(d, 'dana')).toEqual({ canUndo: true, canRedo: false });
    expect(store.historyState(d, 'omar')).toEqual({ canUndo: false, canRedo: false });
    expect(store.lastUndoable(d, 'dana')?.seq).toBe(s2);
    store.setUndone(s2, true);
    expect(store.lastUndoable(d, 'dana')?.seq).toBe(s1);
    expect(store.firstRedoable(d, 'dana')).toMatchObject({ seq: s2, kind: 'delete', before: m, after: null, undone: true });
    expect(store.historyState(d, 'dana')).toEqual({ canUndo: true, canRedo: true });
    expect(store.clearRedo(d, 'dana')).toBe(1);
    expect(store.firstRedoable(d, 'dana')).toBeNull();
    expect(store.changeLog(d, 'dana').map((c) => c.seq)).toEqual([s1]);
  });

  it('stores schema versions and answers the highest as current', () => {
    expect(store.currentSchema()).toBeNull();
    expect(store.addSchema(SCHEMA, T)).toBe(1);
    const v2: Schema = { ...SCHEMA, version: 2, entityTypes: [...SCHEMA.entityTypes, { name: 'LOC', color: '#00ff00', hotkey: '2' }] };
    expect(store.addSchema(v2, T)).toBe(2);
    expect(store.currentSchema()).toEqual({ version: 2, schema: v2, createdAt: T });
  });

  it('rolls back a failing transaction as a whole', () => {
    store.insertDocuments([doc(1)]);
    store.ensureAnnotator('dana', T);
    expect(() =>
      store.transaction(() => {
        store.insertMention(mention(doc(1).id, 0, 4));
        store.setSetting('project_name', 'half');
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.listMentions(doc(1).id)).toEqual([]);
    expect(store.getSetting('project_name')).toBeNull();
  });
});

describe('Connection.transaction', () => {
  const open = (): { db: Database.Database; conn: Connection } => {
    const file = join(tempDir('qalam-conn-'), 'c.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)');
    return { db, conn: new Connection(db, file) };
  };
  const rows = (db: Database.Database): string[] => (db.prepare('SELECT a FROM t ORDER BY id').all() as { a: string }[]).map((r) => r.a);

  it('runs its body in the BEGIN itself, under no savepoint of its own (nested ones under an open savepoint made a big import quadratic)', () => {
    const { db, conn } = open();
    conn.transaction(() => {
      db.prepare("INSERT INTO t (a) VALUES ('x')").run();
      // better-sqlite3 names its savepoints "\t_bs3.\t"; under the body's own savepoint this RELEASE would succeed
      expect(() => db.exec('RELEASE "\t_bs3.\t"')).toThrow(/no such savepoint/);
    });
    expect(rows(db)).toEqual(['x']);
    db.close();
  });

  it('a nested transaction that throws undoes only its own writes; a throw of the body undoes all', () => {
    const { db, conn } = open();
    conn.transaction(() => {
      db.prepare("INSERT INTO t (a) VALUES ('kept')").run();
      expect(() =>
        conn.transaction(() => {
          db.prepare("INSERT INTO t (a) VALUES ('undone')").run();
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(rows(db)).toEqual(['kept']);
    expect(() =>
      conn.transaction(() => {
        db.prepare("INSERT INTO t (a) VALUES ('lost')").run();
        throw new Error('outer');
      }),
    ).toThrow('outer');
    expect(rows(db)).toEqual(['kept']);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('refuses an asynchronous body and commits nothing of it', () => {
    const { db, conn } = open();
    expect(() =>
      conn.transaction(() => {
        db.prepare("INSERT INTO t (a) VALUES ('async')").run();
        return Promise.resolve();
      }),
    ).toThrow(/cannot be asynchronous/);
    expect(rows(db)).toEqual([]);
    expect(db.inTransaction).toBe(false);
    db.close();
  });
});

describe('a reopened project keeps everything', () => {
  it('documents, mentions, schema, settings, annotators and undo history survive close and reopen', () => {
    store.setSetting('project_name', 'Corpus');
    store.setSetting('current_annotator', 'dana');
    store.addSchema(SCHEMA, T);
    store.insertDocuments([doc(1, 'שלום 😀 עולם'), doc(2)]);
    store.ensureAnnotator('dana', T);
    const m = store.insertMention(mention(doc(1).id, 7, 11));
    store.appendChange({ docId: doc(1).id, annotator: 'dana', kind: 'create', mentionId: m.id, before: null, after: m, at: T });
    const s = store.appendChange({ docId: doc(1).id, annotator: 'dana', kind: 'create', mentionId: '99', before: null, after: { ...m, id: '99' }, at: T });
    store.setUndone(s, true);
    const before = {
      docs: store.listDocuments(),
      text: store.getDocument(doc(1).id),
      mentions: store.listMentions(doc(1).id),
      schema: store.currentSchema(),
      log: store.changeLog(doc(1).id, 'dana'),
    };
    store.close();
    expect(store.isOpen).toBe(false);

    store = openProject(file);
    expect(store.getSetting('project_name')).toBe('Corpus');
    expect(store.getSetting('current_annotator')).toBe('dana');
    expect(store.listAnnotators()).toEqual(['dana']);
    expect(store.listDocuments()).toEqual(before.docs);
    expect(store.getDocument(doc(1).id)).toEqual(before.text);
    expect(store.getDocument(doc(1).id)?.text).toBe('שלום 😀 עולם');
    expect(store.listMentions(doc(1).id)).toEqual(before.mentions);
    expect(store.currentSchema()).toEqual(before.schema);
    expect(store.changeLog(doc(1).id, 'dana')).toEqual(before.log);
    expect(store.historyState(doc(1).id, 'dana')).toEqual({ canUndo: true, canRedo: true });
    expect(store.integrityCheck()).toEqual(['ok']);
  });
});
