/**
 * Every numbered migration with its own test (issue 12's habit, as Signal Desktop's): a project at
 * the version before it, the migration run, the rows and indexes checked. Over 500 lines on purpose:
 * one file lists the migrations' tests in their order, as electron/store/migrations lists them.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  QALAM_APPLICATION_ID,
  migrate,
  openProject,
  userVersion,
  type Migration,
} from '../../electron/store';
import { removeTempDirs, tempDir } from './helpers';
import { MENTION_HOLDS_MORE } from '../../electron/store/migrations/017_mentions_with_more';

afterAll(removeTempDirs);

function freshDb(): Database.Database {
  const db = new Database(join(tempDir('qalam-mig-'), 'm.qalam'));
  db.pragma('foreign_keys = ON');
  return db;
}

function tables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[]).map((r) => r.name);
}

function indexes(db: Database.Database): Map<string, { table: string; unique: boolean; columns: string[] }> {
  const rows = db
    .prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")
    .all() as { name: string; tbl_name: string }[];
  return new Map(
    rows.map((r) => {
      const cols = (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(r.name) as { name: string }[]).map(
        (c) => c.name,
      );
      const list = db.prepare(`SELECT "unique" AS u FROM pragma_index_list(?) WHERE name = ?`).get(r.tbl_name, r.name) as { u: number };
      return [r.name, { table: r.tbl_name, unique: list.u === 1, columns: cols }];
    }),
  );
}

/** A little of everything, as version 1 stores it. */
function seedV1(db: Database.Database): void {
  db.exec(`
    INSERT INTO settings VALUES ('project_name', 'Corpus'), ('current_annotator', 'dana');
    INSERT INTO schema (version, json, created_at) VALUES (1, '{"version":1,"entityTypes":[]}', '2024-01-01T00:00:00.000Z');
    INSERT INTO documents VALUES ('0123456789abcdef', 1, 'doc', '/x/doc.txt', '${'a'.repeat(64)}', 'שלום עולם', 'he', 'rtl', 9, '2024-01-01T00:00:00.000Z');
    INSERT INTO annotators VALUES ('dana', '2024-01-01T00:00:00.000Z');
    INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at)
      VALUES ('0123456789abcdef', 'PER', 0, 4, 'dana', 'manual', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
    INSERT INTO change_log (doc_id, annotator, kind, mention_id, before_json, after_json, undone, at)
      VALUES ('0123456789abcdef', 'dana', 'create', 1, NULL, '{"id":"1"}', 0, '2024-01-01T00:00:00.000Z');
  `);
}

function dump(db: Database.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['settings', 'schema', 'documents', 'annotators', 'mentions', 'change_log']) {
    out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  }
  return out;
}

/** The version-1/2 columns of a database at version 3 or later (003 renamed change_log.mention_id to target_id). */
function dumpV2Columns(db: Database.Database): Record<string, unknown[]> {
  const out = dump(db);
  out.mentions = db
    .prepare('SELECT id, doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at FROM mentions ORDER BY rowid')
    .all();
  out.change_log = db
    .prepare('SELECT seq, doc_id, annotator, kind, target_id AS mention_id, before_json, after_json, undone, at FROM change_log ORDER BY rowid')
    .all();
  return out;
}

describe('migration list', () => {
  it('is numbered 1..N without gaps, with unique names, and LATEST is N', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });
});

describe('001 initial', () => {
  it('creates every table, column and index from an empty database, and stamps the file', () => {
    const db = freshDb();
    expect(userVersion(db)).toBe(0);
    expect(migrate(db, 1)).toEqual([1]);
    expect(userVersion(db)).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(QALAM_APPLICATION_ID);
    expect(tables(db)).toEqual(['annotators', 'change_log', 'documents', 'mentions', 'schema', 'settings']);
    expect(columns(db, 'settings')).toEqual(['key', 'value']);
    expect(columns(db, 'schema')).toEqual(['id', 'version', 'json', 'created_at']);
    expect(columns(db, 'documents')).toEqual([
      'id', 'seq', 'name', 'source_path', 'sha256', 'text', 'lang', 'dir', 'length_cp', 'imported_at',
    ]);
    expect(columns(db, 'annotators')).toEqual(['name', 'created_at']);
    expect(columns(db, 'mentions')).toEqual([
      'id', 'doc_id', 'type', 'start_cp', 'end_cp', 'annotator', 'origin', 'created_at', 'updated_at',
    ]);
    expect(columns(db, 'change_log')).toEqual([
      'seq', 'doc_id', 'annotator', 'kind', 'mention_id', 'before_json', 'after_json', 'undone', 'at',
    ]);
    const idx = indexes(db);
    expect(idx.get('mentions_doc_annotator')).toEqual({ table: 'mentions', unique: false, columns: ['doc_id', 'annotator'] });
    expect(idx.get('mentions_unique_span')).toEqual({
      table: 'mentions',
      unique: true,
      columns: ['doc_id', 'annotator', 'type', 'start_cp', 'end_cp'],
    });
    const fks = db.prepare("SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list('mentions') ORDER BY \"from\"").all();
    expect(fks).toEqual([
      { table: 'annotators', from: 'annotator', on_delete: 'NO ACTION' },
      { table: 'documents', from: 'doc_id', on_delete: 'CASCADE' },
    ]);
    // AUTOINCREMENT: ids of deleted mentions are never handed out again.
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_sequence'").get()).toEqual({ n: 1 });
    db.close();
  });

  it('enforces the CHECK constraints', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    const insert = db.prepare(
      `INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at)
       VALUES ('0123456789abcdef', 'PER', ?, ?, 'dana', ?, 'x', 'x')`,
    );
    expect(() => insert.run(4, 4, 'manual')).toThrow(/CHECK constraint/);
    expect(() => insert.run(5, 2, 'manual')).toThrow(/CHECK constraint/);
    expect(() => insert.run(0, 2, 'robot')).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE change_log SET undone = 2").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});

describe('002 history indexes', () => {
  it('adds the undo-stack and type indexes to a version-1 database and keeps its data', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    const before = dump(db);
    expect(indexes(db).has('change_log_stack')).toBe(false);

    expect(migrate(db, 2)).toEqual([2]);
    expect(userVersion(db)).toBe(2);
    const idx = indexes(db);
    expect(idx.get('change_log_stack')).toEqual({
      table: 'change_log',
      unique: false,
      columns: ['doc_id', 'annotator', 'undone', 'seq'],
    });
    expect(idx.get('mentions_type')).toEqual({ table: 'mentions', unique: false, columns: ['type'] });
    expect(dump(db)).toEqual(before);
    db.close();
  });
});

describe('003 events, relations, attributes, notes, document status', () => {
  it('adds the tables and columns to a version-2 database, keeps its data and its undo history', () => {
    const db = freshDb();
    migrate(db, 2);
    seedV1(db);
    const before = dump(db);
    expect(migrate(db, 3)).toEqual([3]);
    expect(userVersion(db)).toBe(3);
    expect(tables(db)).toEqual([
      'annotators', 'change_log', 'document_meta', 'documents', 'event_arguments', 'events', 'mentions', 'relations', 'schema', 'settings',
    ]);
    expect(columns(db, 'mentions')).toEqual([
      'id', 'doc_id', 'type', 'start_cp', 'end_cp', 'annotator', 'origin', 'created_at', 'updated_at', 'attributes_json', 'note',
    ]);
    expect(columns(db, 'events')).toEqual([
      'id', 'doc_id', 'type', 'trigger_start', 'trigger_end', 'annotator', 'origin', 'attributes_json', 'note', 'created_at', 'updated_at',
    ]);
    expect(columns(db, 'event_arguments')).toEqual(['event_id', 'position', 'role', 'mention_id']);
    expect(columns(db, 'relations')).toEqual([
      'id', 'doc_id', 'type', 'arg1', 'arg2', 'annotator', 'origin', 'attributes_json', 'note', 'created_at', 'updated_at',
    ]);
    expect(columns(db, 'document_meta')).toEqual(['doc_id', 'annotator', 'status', 'flags_json', 'note', 'updated_at']);
    expect(columns(db, 'change_log')).toEqual([
      'seq', 'doc_id', 'annotator', 'kind', 'target_id', 'before_json', 'after_json', 'undone', 'at', 'target', 'grp',
    ]);
    const idx = indexes(db);
    expect(idx.get('change_log_stack')?.columns).toEqual(['doc_id', 'annotator', 'undone', 'seq']);
    expect(idx.get('event_arguments_mention')).toEqual({ table: 'event_arguments', unique: false, columns: ['mention_id'] });
    expect(idx.get('events_doc_annotator')).toEqual({ table: 'events', unique: false, columns: ['doc_id', 'annotator'] });
    // old rows get the defaults: no attributes, no note; old log entries are about mentions, each its own group
    expect(db.prepare('SELECT attributes_json, note FROM mentions').all()).toEqual([{ attributes_json: '{}', note: '' }]);
    expect(db.prepare('SELECT target, grp FROM change_log').all()).toEqual([{ target: 'mention', grp: null }]);
    expect(dumpV2Columns(db)).toEqual(before);
    // the constraints
    db.exec(`INSERT INTO events (doc_id, type, trigger_start, trigger_end, annotator, origin, created_at, updated_at)
             VALUES ('0123456789abcdef', 'Conflict:Attack', 0, 4, 'dana', 'manual', 'x', 'x')`);
    const ev = db.prepare('SELECT id FROM events').get() as { id: number };
    db.prepare("INSERT INTO event_arguments VALUES (?, 0, 'Attacker', 1)").run(ev.id);
    expect(() => db.prepare("INSERT INTO event_arguments VALUES (?, 1, 'Attacker', 1)").run(ev.id)).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO event_arguments VALUES (?, 1, 'Target', 99)").run(ev.id)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('DELETE FROM mentions').run()).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.exec(`INSERT INTO events (doc_id, type, trigger_start, trigger_end, annotator, origin, created_at, updated_at)
               VALUES ('0123456789abcdef', 'X', 4, 4, 'dana', 'manual', 'x', 'x')`),
    ).toThrow(/CHECK/);
    expect(() =>
      db.exec(`INSERT INTO relations (doc_id, type, arg1, arg2, annotator, origin, created_at, updated_at)
               VALUES ('0123456789abcdef', 'PER-SOC', 1, 1, 'dana', 'manual', 'x', 'x')`),
    ).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO document_meta VALUES ('0123456789abcdef', 'dana', 'finished', '[]', '', 'x')")).toThrow(/CHECK/);
    expect(() => db.exec("UPDATE change_log SET target = 'schema'")).toThrow(/CHECK/);
    // deleting an event deletes its arguments
    db.prepare('DELETE FROM events').run();
    expect(db.prepare('SELECT count(*) AS n FROM event_arguments').get()).toEqual({ n: 0 });
    db.close();
  });

  it('a version-2 project opens with its stored schema given empty event, relation and attribute lists', () => {
    const file = join(tempDir('qalam-mig-'), 'v2.qalam');
    const db = new Database(file);
    migrate(db, 2);
    seedV1(db);
    db.close();
    const store = openProject(file);
    expect(store.currentSchema()?.schema).toEqual({ version: 1, entityTypes: [], eventTypes: [], relationTypes: [], attributes: [] });
    expect(store.changeLog('0123456789abcdef', 'dana').map((c) => [c.target, c.targetId, c.group])).toEqual([['mention', '1', 1]]);
    store.close();
  });
});

describe('005 document progress', () => {
  it('adds the progress cache to a version-4 database and keeps its data', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 4);
    const before = dumpV2Columns(db);
    expect(tables(db)).not.toContain('document_progress');

    expect(migrate(db, 5)).toEqual([5]);
    expect(userVersion(db)).toBe(5);
    expect(columns(db, 'document_progress')).toEqual(['doc_id', 'annotator', 'digest', 'progress']);
    expect(dumpV2Columns(db)).toEqual(before);
    const put = db.prepare('INSERT INTO document_progress VALUES (?, ?, ?, ?)');
    put.run('0123456789abcdef', 'dana', 'words-1|1:0:4:1', 0.5);
    // One row per (document, annotator); a figure outside 0..1 and an unknown document are refused.
    expect(() => put.run('0123456789abcdef', 'dana', 'x', 0.25)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => put.run('0123456789abcdef', 'omar', 'x', 1.5)).toThrow(/CHECK/);
    expect(() => put.run('ffffffffffffffff', 'omar', 'x', 0.5)).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('006 document layouts', () => {
  it('adds the layout table to a version-5 database and keeps its data', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 5);
    const before = dumpV2Columns(db);
    expect(tables(db)).not.toContain('document_layouts');

    expect(migrate(db, 6)).toEqual([6]);
    expect(userVersion(db)).toBe(6);
    expect(columns(db, 'document_layouts')).toEqual(['doc_id', 'format', 'layout']);
    expect(dumpV2Columns(db)).toEqual(before);
    const put = db.prepare('INSERT INTO document_layouts VALUES (?, ?, ?)');
    put.run('0123456789abcdef', 'conll', '{}');
    // One layout per document; an empty format and an unknown document are refused; deleting the document deletes it.
    expect(() => put.run('0123456789abcdef', 'conll', '{}')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => put.run('0123456789abcdef', '', '{}')).toThrow(/CHECK|UNIQUE|PRIMARY/);
    expect(() => put.run('ffffffffffffffff', 'conll', '{}')).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('007 event links, fragments, normalisations', () => {
  it('lets arguments and relation ends be events, adds fragment and normalisation columns, keeping every row, id sequence and undo entry', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 6);
    const at = '2024-01-01T00:00:00.000Z';
    db.exec(`
      INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at)
        VALUES ('0123456789abcdef', 'LOC', 5, 9, 'dana', 'manual', '${at}', '${at}');
      INSERT INTO events (doc_id, type, trigger_start, trigger_end, annotator, origin, created_at, updated_at)
        VALUES ('0123456789abcdef', 'Meet', 0, 4, 'dana', 'manual', '${at}', '${at}');
      INSERT INTO event_arguments VALUES (1, 0, 'Who', 1), (1, 1, 'Where', 2);
      INSERT INTO relations (doc_id, type, arg1, arg2, annotator, origin, created_at, updated_at)
        VALUES ('0123456789abcdef', 'LOCATED', 1, 2, 'dana', 'manual', '${at}', '${at}'),
               ('0123456789abcdef', 'LOCATED', 2, 1, 'dana', 'manual', '${at}', '${at}');
      DELETE FROM relations WHERE id = 2;
    `);
    const before = dumpV2Columns(db);
    const args = db.prepare('SELECT * FROM event_arguments ORDER BY event_id, position').all();
    const rels = db.prepare('SELECT * FROM relations ORDER BY id').all();
    expect(() => db.prepare('INSERT INTO event_arguments (event_id, position, role, mention_id) VALUES (1, 2, ?, NULL)').run('X')).toThrow(/NOT NULL/);

    expect(migrate(db, 7)).toEqual([7]);
    expect(userVersion(db)).toBe(7);
    expect(dumpV2Columns(db)).toEqual(before);
    expect(db.prepare('SELECT event_id, position, role, mention_id FROM event_arguments ORDER BY event_id, position').all()).toEqual(args);
    expect(db.prepare(`SELECT ${columns(db, 'relations').filter((c) => !c.endsWith('_event')).join(', ')} FROM relations ORDER BY id`).all()).toEqual(rels);
    expect(columns(db, 'mentions')).toEqual(expect.arrayContaining(['fragments_json', 'normalizations_json']));
    expect(columns(db, 'events')).toContain('trigger_fragments_json');
    const idx = indexes(db);
    for (const name of ['event_arguments_mention', 'event_arguments_event', 'relations_doc_annotator', 'relations_type', 'relations_arg1', 'relations_arg2', 'relations_arg1_event', 'relations_arg2_event']) {
      expect(idx.has(name), name).toBe(true);
    }
    // a deleted relation's id is not given again
    db.prepare(`INSERT INTO relations (doc_id, type, arg1, arg2, annotator, origin, created_at, updated_at) VALUES ('0123456789abcdef', 'X', 1, 2, 'dana', 'manual', ?, ?)`).run(at, at);
    expect(db.prepare("SELECT max(id) AS m FROM relations").get()).toEqual({ m: 3 });
    // an event as an argument and as a relation end; exactly one of mention and event
    db.exec(`INSERT INTO events (doc_id, type, trigger_start, trigger_end, annotator, origin, created_at, updated_at)
      VALUES ('0123456789abcdef', 'Report', 5, 9, 'dana', 'manual', '${at}', '${at}')`);
    db.prepare('INSERT INTO event_arguments (event_id, position, role, arg_event_id) VALUES (2, 0, ?, 1)').run('Event');
    db.prepare(`INSERT INTO relations (doc_id, type, arg1_event, arg2, annotator, origin, created_at, updated_at) VALUES ('0123456789abcdef', 'X', 2, 1, 'dana', 'manual', ?, ?)`).run(at, at);
    expect(() => db.prepare('INSERT INTO event_arguments (event_id, position, role, mention_id, arg_event_id) VALUES (2, 1, ?, 1, 1)').run('Y')).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO event_arguments (event_id, position, role) VALUES (2, 1, ?)').run('Y')).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO event_arguments (event_id, position, role, arg_event_id) VALUES (2, 1, ?, 2)').run('Y')).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO event_arguments (event_id, position, role, arg_event_id) VALUES (2, 1, ?, 99)').run('Y')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO relations (doc_id, type, arg1, arg1_event, arg2, annotator, origin, created_at, updated_at) VALUES ('0123456789abcdef', 'X', 1, 2, 2, 'dana', 'manual', ?, ?)`).run(at, at)).toThrow(/CHECK/);
    expect(() => db.prepare('DELETE FROM events WHERE id = 1').run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('008 set revisions', () => {
  it('adds a revision per annotation set to a version-7 database, counting the history of the sets there, and keeps its data', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 7);
    db.exec(`
      INSERT INTO annotators VALUES ('noa', '2024-01-02T00:00:00.000Z');
      INSERT INTO document_meta (doc_id, annotator, status, flags_json, note, updated_at)
        VALUES ('0123456789abcdef', 'noa', 'done', '[]', '', '2024-01-03T00:00:00.000Z');
    `);
    const before = dumpV2Columns(db);
    expect(tables(db)).not.toContain('set_revisions');

    expect(migrate(db, 8)).toEqual([8]);
    expect(userVersion(db)).toBe(8);
    expect(columns(db, 'set_revisions')).toEqual(['doc_id', 'annotator', 'revision', 'changed_at']);
    expect(dumpV2Columns(db)).toEqual(before);
    // dana: one mention and one history entry → 2; noa: a status only → 1
    expect(db.prepare('SELECT * FROM set_revisions ORDER BY annotator').all()).toEqual([
      { doc_id: '0123456789abcdef', annotator: 'dana', revision: 2, changed_at: '2024-01-01T00:00:00.000Z' },
      { doc_id: '0123456789abcdef', annotator: 'noa', revision: 1, changed_at: '2024-01-03T00:00:00.000Z' },
    ]);
    const put = db.prepare('INSERT INTO set_revisions VALUES (?, ?, ?, ?)');
    expect(() => put.run('0123456789abcdef', 'dana', 5, 'x')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => put.run('0123456789abcdef', 'omar', 0, 'x')).toThrow(/CHECK/);
    expect(() => put.run('ffffffffffffffff', 'omar', 1, 'x')).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('009 suggestion rejections', () => {
  it('adds the rejected suggestions to a version-8 database and keeps its data', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 8);
    const before = dumpV2Columns(db);
    const revisions = db.prepare('SELECT * FROM set_revisions ORDER BY annotator').all();
    expect(tables(db)).not.toContain('suggestion_rejections');

    expect(migrate(db, 9)).toEqual([9]);
    expect(userVersion(db)).toBe(9);
    expect(columns(db, 'suggestion_rejections')).toEqual(['doc_id', 'annotator', 'start_cp', 'end_cp', 'type', 'source', 'score', 'created_at']);
    expect(dumpV2Columns(db)).toEqual(before);
    expect(db.prepare('SELECT * FROM set_revisions ORDER BY annotator').all()).toEqual(revisions);
    const put = db.prepare('INSERT INTO suggestion_rejections VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    put.run('0123456789abcdef', 'dana', 0, 4, 'GPE', 'occurrence', 0.5, 'x');
    // the same span with another type is another rejection; the same span and type is one
    put.run('0123456789abcdef', 'dana', 0, 4, 'PER', 'tagger', 0.7, 'x');
    expect(() => put.run('0123456789abcdef', 'dana', 0, 4, 'GPE', 'tagger', 0.9, 'y')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => put.run('0123456789abcdef', 'dana', 4, 4, 'GPE', 'tagger', 0.9, 'y')).toThrow(/CHECK/);
    expect(() => put.run('ffffffffffffffff', 'dana', 0, 4, 'GPE', 'tagger', 0.9, 'y')).toThrow(/FOREIGN KEY/);
    // deleting the document removes its rejections
    db.exec("DELETE FROM change_log; DELETE FROM mentions; DELETE FROM set_revisions; DELETE FROM documents");
    expect(db.prepare('SELECT count(*) AS n FROM suggestion_rejections').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('010 document overview', () => {
  it('counts each set of a version-9 database, keeps the counts and stamps by triggers, and adds the list indexes', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 9);
    const at = '2024-01-02T00:00:00.000Z';
    db.exec(`
      INSERT INTO annotators VALUES ('noa', '${at}');
      INSERT INTO events (doc_id, type, trigger_start, trigger_end, annotator, origin, attributes_json, note, created_at, updated_at)
        VALUES ('0123456789abcdef', 'Attack', 5, 9, 'noa', 'manual', '{}', '', '${at}', '${at}');
    `);
    const before = dumpV2Columns(db);
    expect(tables(db)).not.toContain('set_counts');

    expect(migrate(db, 10)).toEqual([10]);
    expect(userVersion(db)).toBe(10);
    expect(dumpV2Columns(db)).toEqual(before);
    expect(columns(db, 'set_counts')).toEqual(['doc_id', 'annotator', 'mentions', 'events', 'relations', 'stamp']);
    expect(columns(db, 'document_checks')).toEqual(['doc_id', 'annotator', 'stamp', 'schema_version', 'problems']);
    const counts = () => db.prepare('SELECT annotator, mentions, events, relations, stamp FROM set_counts ORDER BY annotator').all();
    expect(counts()).toEqual([
      { annotator: 'dana', mentions: 1, events: 0, relations: 0, stamp: 1 },
      { annotator: 'noa', mentions: 0, events: 1, relations: 0, stamp: 1 },
    ]);
    const idx = indexes(db);
    expect(idx.get('documents_list_name')?.columns.slice(0, 2)).toEqual(['name', 'seq']);
    expect(idx.get('documents_list_size')?.columns.slice(0, 2)).toEqual(['length_cp', 'seq']);

    // Every write raises the set's stamp; inserts and deletes keep the counts.
    const mention = db.prepare(
      "INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at) VALUES ('0123456789abcdef', ?, ?, ?, ?, 'manual', '', '')",
    );
    const id = Number(mention.run('GPE', 5, 9, 'noa').lastInsertRowid);
    expect(counts()[1]).toEqual({ annotator: 'noa', mentions: 1, events: 1, relations: 0, stamp: 2 });
    db.prepare('UPDATE mentions SET type = ? WHERE id = ?').run('LOC', id);
    expect(counts()[1]).toMatchObject({ mentions: 1, stamp: 4 });
    db.prepare('INSERT INTO event_arguments (event_id, position, role, mention_id) VALUES (1, 0, ?, ?)').run('Place', id);
    expect(counts()[1]).toMatchObject({ stamp: 5 });
    db.prepare('DELETE FROM event_arguments').run();
    expect(counts()[1]).toMatchObject({ stamp: 6 });
    const second = Number(mention.run('GPE', 5, 9, 'dana').lastInsertRowid);
    db.prepare("INSERT INTO relations (doc_id, type, arg1, arg2, annotator, origin, attributes_json, note, created_at, updated_at) VALUES ('0123456789abcdef', 'PHYS', 1, ?, 'dana', 'manual', '{}', '', '', '')").run(second);
    db.prepare('DELETE FROM mentions WHERE id = ?').run(id);
    db.prepare('DELETE FROM events').run();
    expect(counts()).toEqual([
      { annotator: 'dana', mentions: 2, events: 0, relations: 1, stamp: 3 },
      { annotator: 'noa', mentions: 0, events: 0, relations: 0, stamp: 8 },
    ]);
    // A new set gets its row at its first annotation.
    mention.run('PER', 0, 4, 'noa');
    db.exec("INSERT INTO annotators VALUES ('omar', '')");
    mention.run('PER', 0, 4, 'omar');
    expect(counts()[2]).toEqual({ annotator: 'omar', mentions: 1, events: 0, relations: 0, stamp: 1 });
    db.close();
  });
});

describe('011 annotated sets', () => {
  it('counts the documents an annotator annotated from a partial index of the sets that are not empty', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 10);
    db.exec("INSERT INTO annotators VALUES ('noa', ''); INSERT INTO set_counts (doc_id, annotator, stamp) VALUES ('0123456789abcdef', 'noa', 3)");
    const before = db.prepare('SELECT * FROM set_counts ORDER BY annotator').all();
    expect(migrate(db, 11)).toEqual([11]);
    expect(db.prepare('SELECT * FROM set_counts ORDER BY annotator').all()).toEqual(before);
    const count = 'SELECT count(*) AS n FROM set_counts WHERE annotator = ? AND mentions + events + relations > 0';
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${count}`).all('dana') as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('set_counts_annotated');
    // dana's set has a mention; noa's is empty
    expect([db.prepare(count).get('dana'), db.prepare(count).get('noa')]).toEqual([{ n: 1 }, { n: 0 }]);
    db.close();
  });
});

describe('012 mentions with attributes', () => {
  it('finds the mentions of a set that carry attributes from a partial index', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 11);
    const before = db.prepare('SELECT * FROM mentions ORDER BY id').all();
    expect(migrate(db, 12)).toEqual([12]);
    expect(db.prepare('SELECT * FROM mentions ORDER BY id').all()).toEqual(before);
    const insert = db.prepare("INSERT INTO mentions (doc_id, annotator, type, start_cp, end_cp, attributes_json, origin, created_at, updated_at) VALUES ('0123456789abcdef', 'dana', 'PER', ?, ?, ?, 'manual', '', '')");
    insert.run(20, 22, '{"Level":"NAM"}');
    insert.run(23, 25, '{}');
    const query = "SELECT start_cp FROM mentions WHERE doc_id = ? AND annotator = ? AND attributes_json IS NOT NULL AND attributes_json <> '{}'";
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all('0123456789abcdef', 'dana') as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan).toContain('mentions_with_attributes');
    expect(db.prepare(query).all('0123456789abcdef', 'dana')).toEqual([{ start_cp: 20 }]);
    db.close();
  });
});

describe('013 list indexes', () => {
  it('fills and keeps (by triggers) the flags, last changes, names and annotated totals of a version-12 database, keeping its data', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 12);
    const doc = '0123456789abcdef';
    db.exec(`
      INSERT INTO documents VALUES ('fedcba9876543210', 2, 'second doc', NULL, '${'b'.repeat(64)}', 'مرحبا', 'ar', 'rtl', 5, '2024-01-03T00:00:00.000Z');
      INSERT INTO annotators VALUES ('noa', '');
      INSERT INTO document_meta VALUES ('${doc}', 'dana', 'done', '["review","hard"]', '', 'x'), ('fedcba9876543210', 'noa', 'in-progress', '["review"]', '', 'x');
      INSERT OR REPLACE INTO set_revisions VALUES ('${doc}', 'dana', 3, '2024-02-01T00:00:00.000Z'), ('${doc}', 'noa', 1, '2024-03-01T00:00:00.000Z');
    `);
    const before = dumpV2Columns(db);
    expect(migrate(db, 13)).toEqual([13]);
    expect(dumpV2Columns(db)).toEqual(before);
    const flags = () => db.prepare('SELECT annotator, flag, doc_id AS d FROM document_flags ORDER BY annotator, flag, doc_id').all();
    const changes = () => db.prepare('SELECT doc_id AS d, seq, changed_at AS at FROM document_changes ORDER BY seq').all();
    const totals = () => db.prepare('SELECT annotator, documents FROM annotated_totals ORDER BY annotator').all();
    const named = (part: string) => (db.prepare("SELECT rowid AS seq FROM document_names WHERE name LIKE '%' || ? || '%' ORDER BY rowid").all(part) as { seq: number }[]).map((r) => r.seq);
    expect(flags()).toEqual([
      { annotator: 'dana', flag: 'hard', d: doc },
      { annotator: 'dana', flag: 'review', d: doc },
      { annotator: 'noa', flag: 'review', d: 'fedcba9876543210' },
    ]);
    expect(changes()).toEqual([
      { d: doc, seq: 1, at: '2024-03-01T00:00:00.000Z' },
      { d: 'fedcba9876543210', seq: 2, at: '2024-01-03T00:00:00.000Z' },
    ]);
    expect(totals()).toEqual([{ annotator: 'dana', documents: 1 }]);
    expect([named('doc'), named('SECOND'), named('cond d'), named('zz')]).toEqual([[1, 2], [2], [2], []]);

    // The triggers: flags changed and removed, a set's revision, a new document, sets emptied and filled.
    db.exec(`UPDATE document_meta SET flags_json = '["easy"]' WHERE doc_id = '${doc}' AND annotator = 'dana'`);
    db.exec("DELETE FROM document_meta WHERE annotator = 'noa'");
    expect(flags()).toEqual([{ annotator: 'dana', flag: 'easy', d: doc }]);
    db.exec("UPDATE set_revisions SET changed_at = '2024-04-01T00:00:00.000Z' WHERE doc_id = 'fedcba9876543210'");
    db.exec("INSERT INTO set_revisions VALUES ('fedcba9876543210', 'dana', 1, '2024-05-01T00:00:00.000Z')");
    db.exec(`INSERT INTO documents VALUES ('aaaaaaaaaaaaaaaa', 3, 'third', NULL, '${'c'.repeat(64)}', 'abc', 'other', 'ltr', 3, '2024-06-01T00:00:00.000Z')`);
    expect(changes()).toEqual([
      { d: doc, seq: 1, at: '2024-03-01T00:00:00.000Z' },
      { d: 'fedcba9876543210', seq: 2, at: '2024-05-01T00:00:00.000Z' },
      { d: 'aaaaaaaaaaaaaaaa', seq: 3, at: '2024-06-01T00:00:00.000Z' },
    ]);
    expect(named('thi')).toEqual([3]);
    db.exec("DELETE FROM set_revisions WHERE doc_id = 'fedcba9876543210'");
    expect((changes() as { at: string }[])[1]!.at).toBe('2024-01-03T00:00:00.000Z');
    const mention = db.prepare("INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at) VALUES (?, 'PER', 0, ?, ?, 'manual', '', '')");
    mention.run('fedcba9876543210', 2, 'noa');
    mention.run('fedcba9876543210', 3, 'noa');
    expect(totals()).toEqual([{ annotator: 'dana', documents: 1 }, { annotator: 'noa', documents: 1 }]);
    db.exec("DELETE FROM mentions WHERE annotator = 'dana'");
    db.exec("DELETE FROM mentions WHERE annotator = 'noa' AND end_cp = 2");
    expect(totals()).toEqual([{ annotator: 'dana', documents: 0 }, { annotator: 'noa', documents: 1 }]);
    db.exec("DELETE FROM documents WHERE id = 'fedcba9876543210'");
    expect([totals(), named('second')]).toEqual([[{ annotator: 'dana', documents: 0 }, { annotator: 'noa', documents: 0 }], []]);
    db.close();
  });
});

describe('014 set progress', () => {
  it('carries the current progress figures of a version-13 database into set_counts, drops the old cache and indexes the stale sets', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 13);
    const doc = '0123456789abcdef';
    db.exec(`
      INSERT INTO documents VALUES ('fedcba9876543210', 2, 'second', NULL, '${'b'.repeat(64)}', 'שלום עולם שוב', 'he', 'rtl', 13, '2024-01-02T00:00:00.000Z');
      INSERT INTO annotators VALUES ('noa', '2024-01-01T00:00:00.000Z');
      INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at) VALUES ('fedcba9876543210', 'PER', 0, 4, 'noa', 'manual', '', '');
    `);
    const stamp = (d: string, a: string) => (db.prepare('SELECT stamp FROM set_counts WHERE doc_id = ? AND annotator = ?').get(d, a) as { stamp: number }).stamp;
    const put = db.prepare('INSERT INTO document_progress VALUES (?, ?, ?, ?)');
    // dana's figure is of the set's current stamp; noa's of an older one (stale); a figure of another way is not taken.
    put.run(doc, 'dana', `words-1|s${stamp(doc, 'dana')}`, 0.5);
    put.run('fedcba9876543210', 'noa', `words-1|s${stamp('fedcba9876543210', 'noa') - 1}`, 0.25);
    const before = dumpV2Columns(db);

    expect(migrate(db, 14)).toEqual([14]);
    expect(userVersion(db)).toBe(14);
    expect(tables(db)).not.toContain('document_progress');
    expect(columns(db, 'set_counts')).toEqual(['doc_id', 'annotator', 'mentions', 'events', 'relations', 'stamp', 'progress', 'progress_stamp']);
    expect(dumpV2Columns(db)).toEqual(before);
    const progress = () => db.prepare('SELECT doc_id AS d, annotator AS a, progress, progress_stamp = stamp AS current FROM set_counts ORDER BY doc_id, annotator').all();
    expect(progress()).toEqual([
      { d: doc, a: 'dana', progress: 0.5, current: 1 },
      { d: 'fedcba9876543210', a: 'noa', progress: null, current: null },
    ]);
    const stale = () => db.prepare('SELECT doc_id AS d, annotator AS a FROM set_counts INDEXED BY set_counts_progress_stale WHERE mentions > 0 AND progress_stamp IS NOT stamp').all();
    expect(stale()).toEqual([{ d: 'fedcba9876543210', a: 'noa' }]);
    // Any write to a set makes its figure stale (010's triggers raise the stamp), whoever wrote.
    db.exec(`INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at) VALUES ('${doc}', 'LOC', 5, 9, 'dana', 'manual', '', '')`);
    expect(stale()).toEqual([{ d: doc, a: 'dana' }, { d: 'fedcba9876543210', a: 'noa' }]);
    db.exec(`UPDATE set_counts SET progress = 1, progress_stamp = stamp WHERE doc_id = '${doc}'`);
    expect(stale()).toEqual([{ d: 'fedcba9876543210', a: 'noa' }]);
    expect(() => db.exec(`UPDATE set_counts SET progress = 1.5 WHERE doc_id = '${doc}'`)).toThrow(/CHECK/);
    db.close();
  });
});

describe('015 progress order', () => {
  it('indexes exactly the sets whose progress is current and above 0, by annotator and figure, and follows every write', () => {
    const db = freshDb();
    migrate(db, 14);
    const doc = (id: string, seq: number) =>
      db.prepare(`INSERT INTO documents VALUES (?, ?, ?, NULL, ?, 'שלום עולם', 'he', 'rtl', 9, '2024-01-01T00:00:00.000Z')`).run(id, seq, `d${seq}`, String(seq).repeat(64));
    db.exec("INSERT INTO annotators VALUES ('dana', '2024-01-01T00:00:00.000Z')");
    const ids = ['a000000000000001', 'a000000000000002', 'a000000000000003', 'a000000000000004'];
    ids.forEach((id, i) => doc(id, i + 1));
    const mention = db.prepare("INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at) VALUES (?, 'PER', 0, 4, 'dana', 'manual', '', '')");
    for (const id of ids) mention.run(id);
    const figure = db.prepare('UPDATE set_counts SET progress = ?, progress_stamp = stamp + ? WHERE doc_id = ?');
    figure.run(0.5, 0, ids[0]); // current, above 0
    figure.run(0, 0, ids[1]); // current, 0
    figure.run(0.9, -1, ids[2]); // out of date
    figure.run(0.25, 0, ids[3]); // current, above 0

    expect(migrate(db, 15)).toEqual([15]);
    expect(indexes(db).get('set_counts_progress_order')).toEqual({ table: 'set_counts', unique: false, columns: ['annotator', 'progress', 'mentions', 'stamp', 'progress_stamp'] });
    const ordered = () =>
      db
        .prepare('SELECT doc_id AS d, progress FROM set_counts INDEXED BY set_counts_progress_order WHERE annotator = ? AND mentions > 0 AND progress_stamp = stamp AND progress > 0 ORDER BY annotator, progress')
        .all('dana');
    expect(ordered()).toEqual([
      { d: ids[3], progress: 0.25 },
      { d: ids[0], progress: 0.5 },
    ]);
    // a write to a set raises its stamp: its figure is out of date, so it leaves the index
    db.prepare("INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at) VALUES (?, 'LOC', 5, 9, 'dana', 'manual', '', '')").run(ids[0]);
    expect(ordered()).toEqual([{ d: ids[3], progress: 0.25 }]);
    figure.run(0.75, 0, ids[2]);
    expect(ordered()).toEqual([
      { d: ids[3], progress: 0.25 },
      { d: ids[2], progress: 0.75 },
    ]);
    db.exec(`DELETE FROM documents WHERE id = '${ids[3]}'`);
    expect(ordered()).toEqual([{ d: ids[2], progress: 0.75 }]);
    db.close();
  });
});

describe('016 suggest models', () => {
  it("adds the tagger's kept models, one per annotator, and leaves every table before it as it was", () => {
    const db = freshDb();
    migrate(db, 15);
    db.exec("INSERT INTO annotators VALUES ('dana', '2024-01-01T00:00:00.000Z')");
    const tables = () => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const before = tables();
    expect(before).not.toContain('suggest_models');
    expect(migrate(db, 16)).toEqual([16]);
    expect(tables()).toEqual([...before, 'suggest_models'].sort());
    expect(columns(db, 'suggest_models')).toEqual(['annotator', 'format', 'signature', 'seed', 'max_words', 'info', 'model', 'trained_at']);
    const put = db.prepare(
      'INSERT INTO suggest_models VALUES (?, 1, ?, 1, 100, ?, ?, ?) ON CONFLICT(annotator) DO UPDATE SET signature = excluded.signature, model = excluded.model',
    );
    put.run('dana', 'a=1:2:3@1s1', '{}', Buffer.from([1, 2, 3]), '2024-01-01T00:00:00.000Z');
    put.run('dana', 'a=2:2:3@1s1', '{}', Buffer.from([4, 5]), '2024-01-01T00:00:00.000Z');
    expect(db.prepare('SELECT annotator, signature, model FROM suggest_models').all()).toEqual([{ annotator: 'dana', signature: 'a=2:2:3@1s1', model: Buffer.from([4, 5]) }]);
    expect(() => db.prepare("INSERT INTO suggest_models (annotator) VALUES ('noa')").run()).toThrow(/NOT NULL/);
    db.close();
  });
});

describe('017 mentions with more', () => {
  it('indexes by set exactly the mentions holding more than a type and span, and leaves the rows as they were', () => {
    const db = freshDb();
    migrate(db, 1);
    seedV1(db);
    migrate(db, 16);
    const before = db.prepare('SELECT * FROM mentions ORDER BY id').all();
    expect(migrate(db, 17)).toEqual([17]);
    expect(db.prepare('SELECT * FROM mentions ORDER BY id').all()).toEqual(before);
    const insert = db.prepare(
      "INSERT INTO mentions (doc_id, annotator, type, start_cp, end_cp, attributes_json, note, provenance_json, fragments_json, normalizations_json, origin, created_at, updated_at) VALUES ('0123456789abcdef', 'dana', 'PER', ?, ?, ?, ?, ?, ?, ?, 'manual', '', '')",
    );
    db.exec("INSERT OR IGNORE INTO annotators VALUES ('dana', '')");
    insert.run(20, 21, '{}', '', null, null, null); // nothing more
    insert.run(21, 22, '{"Level":"NAM"}', '', null, null, null);
    insert.run(22, 23, '{}', 'a note', null, null, null);
    insert.run(23, 24, '{}', '', '{"action":"created","sources":[],"at":""}', null, null);
    insert.run(24, 26, '{}', '', null, '[{"start":24,"end":25},{"start":25,"end":26}]', null);
    insert.run(26, 27, '{}', '', null, null, '[{"resource":"wd","id":"Q1"}]');
    const query = `SELECT start_cp FROM mentions INDEXED BY mentions_with_more WHERE doc_id = ? AND annotator = ? AND ${MENTION_HOLDS_MORE} AND start_cp >= 20 ORDER BY start_cp`;
    expect((db.prepare(query).all('0123456789abcdef', 'dana') as { start_cp: number }[]).map((r) => r.start_cp)).toEqual([21, 22, 23, 24, 26]);
    expect(db.prepare("SELECT count(*) AS n FROM pragma_index_list('mentions') WHERE name = 'mentions_with_more' AND partial = 1").get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('migrate()', () => {
  it('is idempotent: a migrated database gets nothing applied again', () => {
    const db = freshDb();
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('applies each migration in its own transaction: a failing one leaves no trace and the earlier ones stay', () => {
    const db = freshDb();
    const failing: Migration = {
      version: 2,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, 2, [MIGRATIONS[0] as Migration, failing])).toThrow('boom');
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
    expect(tables(db)).toContain('mentions');
    db.close();
  });

  it('openProject upgrades an older project file in place, keeping its data', () => {
    const file = join(tempDir('qalam-mig-'), 'old.qalam');
    const db = new Database(file);
    migrate(db, 1);
    seedV1(db);
    const before = dump(db);
    db.close();

    const store = openProject(file);
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(store.getSetting('project_name')).toBe('Corpus');
    expect(store.listMentions('0123456789abcdef').map((m) => [m.type, m.start, m.end])).toEqual([['PER', 0, 4]]);
    store.close();
    const again = new Database(file);
    expect(dumpV2Columns(again)).toEqual(before);
    expect(indexes(again).has('change_log_stack')).toBe(true);
    again.close();
  });
});
