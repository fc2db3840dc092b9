/**
 * The kept model's row as the tagger's thread reads it (electron/service/suggestModels.ts
 * readKeptModel): every hostile row is answered as damaged or stale, never as a model, and never
 * thrown; a good row gives a model the Tagger tags with.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Tagger } from '../../annotations/suggest/tagger';
import { MAX_TRAINING_WORDS, TAGGER_SEED } from '../../electron/service/suggestions';
import { annotationSignature } from '../../electron/service/suggestSignature';
import { readKeptModel, trainAndKeep, type KeptModelQuery } from '../../electron/service/suggestModels';
import type { QalamService } from '../../electron/service';
import { writeFiles } from '../store/helpers';
import { closeProjects, cpSpan, freshProject } from './project';

let service: QalamService;
let file: string;
let query: KeptModelQuery;

beforeEach(() => {
  let dir: string;
  ({ service, dir, file } = freshProject({ annotator: 'dana' }));
  const names = ['אבנר', 'ברק', 'גדעון', 'דורון', 'הלל', 'זאב', 'חנן', 'טל'];
  const files: Record<string, string> = {};
  for (let d = 0; d < 4; d++) files[`in/d${d}.txt`] = `השר ${names[2 * d] as string} אמר היום כי המצב קשה.\nאחר כך השר ${names[2 * d + 1] as string} אמר שהוא מסכים.`;
  writeFiles(dir, files);
  for (const doc of service.call('documents.importPaths', { paths: [join(dir, 'in')] }).imported) {
    const text = service.call('documents.get', { id: doc.id }).text;
    for (const n of names.filter((x) => text.includes(x))) service.call('mentions.create', { docId: doc.id, type: 'PER', ...cpSpan(text, n) });
  }
  const trained = trainAndKeep(service.store, 'dana', TAGGER_SEED, MAX_TRAINING_WORDS);
  if ('waiting' in trained) throw new Error('not trained');
  const types = (service.store.currentSchema()?.schema.entityTypes ?? []).filter((t) => !t.abstract).map((t) => t.name);
  query = { annotator: 'dana', signature: annotationSignature(service.store, 'dana').signature, seed: TAGGER_SEED, maxWords: MAX_TRAINING_WORDS, types };
});
afterEach(closeProjects);

/** Runs `f` on a connection of its own (as a hostile hand would). */
function withDb(f: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    f(db);
  } finally {
    db.close();
  }
}
const sql = (q: string) => () => withDb((db) => db.prepare(q).run());
function edit(f: (m: Record<string, unknown>) => void) {
  return () =>
    withDb((db) => {
      const r = db.prepare('SELECT model FROM suggest_models').get() as { model: Buffer };
      const m = JSON.parse(inflateSync(r.model).toString('utf8')) as Record<string, unknown>;
      f(m);
      db.prepare('UPDATE suggest_models SET model = ?').run(deflateSync(JSON.stringify(m)));
    });
}
const weights = (m: Record<string, unknown>) => m['weights'] as Record<string, unknown>;

describe('readKeptModel', () => {
  it('gives the kept model, which tags', () => {
    const kept = readKeptModel(service.store, query);
    if (kept.found !== 'model') throw new Error(kept.found);
    expect(kept.info.trained).toEqual({ documents: 4, mentions: 8 });
    expect(() => new Tagger(kept.model).predict('השר זבולון אמר אתמול.')).not.toThrow();
  });

  const hostile: [string, 'damaged' | 'stale', () => void][] = [
    ['a truncated blob', 'damaged', sql('UPDATE suggest_models SET model = substr(model, 1, 100)')],
    ['an empty blob', 'damaged', sql("UPDATE suggest_models SET model = X''")],
    ['a text, not a blob', 'damaged', sql("UPDATE suggest_models SET model = 'x'")],
    ['deflated JSON that is not an object', 'damaged', () => withDb((db) => db.prepare('UPDATE suggest_models SET model = ?').run(deflateSync('[1,2]')))],
    ['every weight a string, transitions null', 'damaged', edit((m) => {
      for (const k of Object.keys(weights(m))) weights(m)[k] = 'x';
      m['transitions'] = null;
    })],
    ['one weight row a string', 'damaged', edit((m) => {
      weights(m)[Object.keys(weights(m))[0] as string] = 'x';
    })],
    ['a weight not a number', 'damaged', edit((m) => {
      weights(m)[Object.keys(weights(m))[0] as string] = [1, 'x'];
    })],
    ['a tag out of range', 'damaged', edit((m) => {
      weights(m)[Object.keys(weights(m))[0] as string] = [999, 1];
    })],
    ['a row of odd length', 'damaged', edit((m) => {
      weights(m)[Object.keys(weights(m))[0] as string] = [1];
    })],
    ['transitions too short', 'damaged', edit((m) => {
      m['transitions'] = (m['transitions'] as number[]).slice(1);
    })],
    ['a transition null', 'damaged', edit((m) => {
      (m['transitions'] as unknown[])[0] = null;
    })],
    ['types not strings', 'damaged', edit((m) => {
      m['types'] = [1];
    })],
    ['another scheme', 'damaged', edit((m) => {
      m['scheme'] = 'iob3';
    })],
    ['a gazetteer entry not a list', 'damaged', edit((m) => {
      m['gazetteer'] = { x: 'PER' };
    })],
    ['a lexicon entry without types', 'damaged', edit((m) => {
      m['lexicon'] = { x: { seen: 1 } };
    })],
    ['a bias not a number', 'damaged', edit((m) => {
      m['oBias'] = 'x';
    })],
    ['another kind', 'damaged', edit((m) => {
      m['kind'] = 'other';
    })],
    ['info not JSON', 'damaged', sql("UPDATE suggest_models SET info = '{'")],
    ['info null', 'damaged', sql("UPDATE suggest_models SET info = 'null'")],
    ['info without its counts', 'damaged', sql("UPDATE suggest_models SET info = json_remove(info, '$.trained')")],
    ['info with figures not numbers', 'damaged', sql("UPDATE suggest_models SET info = json_set(info, '$.quality', json('{\"f1\":\"x\"}'))")],
    ['format 999', 'stale', sql('UPDATE suggest_models SET format = 999')],
    ['another signature', 'stale', sql("UPDATE suggest_models SET signature = 'x'")],
    ["types not the schema's", 'stale', edit((m) => {
      m['types'] = (m['types'] as string[]).map((t) => `${t}X`);
    })],
  ];
  for (const [name, expected, spoil] of hostile) {
    it(`answers ${expected} for ${name}, without throwing`, () => {
      spoil();
      const kept = readKeptModel(service.store, query);
      expect(kept).toMatchObject({ found: expected, error: expect.any(String) });
    });
  }
});
