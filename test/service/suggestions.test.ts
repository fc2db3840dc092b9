import Database from 'better-sqlite3';
import { deflateSync, inflateSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SuggestionList, TaggerStatus } from '../../electron/contract';
import { initProject, openService, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';
import { MODEL_FORMAT } from '../../electron/service/suggestModels';
import { MIN_SINGLE_DOCUMENT_MENTIONS } from '../../annotations/suggest/sample';
import { fail, itemsOf, until } from './project';

afterAll(removeTempDirs);

// Hebrew: קזחסטן bare, after ב and after ל; רוסיה bare, after ו and after ב.
const A = 'ההפגנות בקזחסטן נמשכות. רוסיה שלחה כוחות לקזחסטן. בקזחסטן שקט.';
const B = 'קזחסטן ורוסיה נפגשו. גם ברוסיה דיברו על קזחסטן.';
// Arabic: an annotator who includes the article.
const C = 'قالت الحكومة إن والحكومة ستجتمع مع للحكومة غدا.';

let dir: string;
let file: string;
let service: QalamService;
let a: string;
let b: string;
let c: string;

/** Code-point span of `part` inside the `nth` occurrence of `word` in `text`. */
function span(text: string, word: string, part = word, nth = 0): { start: number; end: number } {
  let from = -1;
  for (let i = 0; i <= nth; i++) from = text.indexOf(word, from + 1);
  if (from < 0) throw new Error(`no ${word}`);
  const start = [...text.slice(0, from + word.indexOf(part))].length;
  return { start, end: start + [...part].length };
}

function tag(docId: string, type: string, s: { start: number; end: number }) {
  return service.call('mentions.create', { docId, type, ...s }).mention;
}

function spans(docId: string): string[] {
  return service
    .call('mentions.list', { docId })
    .map((m) => `${m.type}:${m.start}-${m.end}`)
    .sort();
}

/** The document's suggestions once the occurrences' thread has answered for the current annotations. */
function listed(docId: string): Promise<SuggestionList> {
  return until(() => {
    const l = service.call('suggestions.list', { docId });
    return l.pending ? null : l;
  }, 'the suggestions');
}

beforeEach(() => {
  dir = tempDir('qalam-sugg-');
  file = join(dir, 'p.qalam');
  writeFiles(dir, { 'in/a.txt': A, 'in/b.txt': B, 'in/c.txt': C });
  service = initProject(file, { name: 'Suggestions', now: fakeClock() });
  const report = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
  const id = (name: string) => report.imported.find((d) => d.name === name)?.id as string;
  a = id('a');
  b = id('b');
  c = id('c');
  service.call('session.setAnnotator', { name: 'dana' });
  return () => service.close();
});


/** The tagger's suggestions for a document, once its list is complete and the tagger ready. */
async function taggerSuggestions(service: QalamService, docId: string) {
  const list = await until(() => {
    const l = service.call('suggestions.list', { docId });
    return !l.pending && l.tagger.state === 'ready' ? l : null;
  }, "the tagger's suggestions");
  return itemsOf(list).filter((x) => x.source === 'tagger');
}
describe('suggestions.occurrences and acceptOccurrences', () => {
  it('finds a stem tagged inside a word after every proclitic, in the document and in the corpus', async () => {
    const m = tag(a, 'GPE', span(A, 'בקזחסטן', 'קזחסטן'));
    const doc = await service.call('suggestions.occurrences', { docId: a, mentionId: m.id, scope: 'document' });
    expect(doc).toMatchObject({ form: 'קזחסטן', type: 'GPE', scope: 'document', count: 2, documents: 1, practice: 'stems' });
    expect(doc.items.map((s) => [s.start, s.end, s.text, s.source])).toEqual([
      [span(A, 'לקזחסטן', 'קזחסטן').start, span(A, 'לקזחסטן', 'קזחסטן').end, 'קזחסטן', 'occurrence'],
      [span(A, 'בקזחסטן', 'קזחסטן', 1).start, span(A, 'בקזחסטן', 'קזחסטן', 1).end, 'קזחסטן', 'occurrence'],
    ]);
    const corpus = await service.call('suggestions.occurrences', { docId: a, mentionId: m.id, scope: 'corpus' });
    expect(corpus).toMatchObject({ count: 4, documents: 2 });
    // a form and a type, without a mention
    expect((await service.call('suggestions.occurrences', { docId: b, form: 'רוסיה', type: 'GPE', scope: 'document' })).items.map((s) => s.text)).toEqual(['רוסיה', 'רוסיה']);
  });

  it('tags them all as one undo step per document, with the recommender in the provenance', async () => {
    const m = tag(a, 'GPE', span(A, 'בקזחסטן', 'קזחסטן'));
    const r = await service.call('suggestions.acceptOccurrences', { docId: a, mentionId: m.id, scope: 'corpus' });
    expect(r.count).toBe(4);
    expect(r.documents).toBe(2);
    expect(r.created).toHaveLength(2);
    expect(r.document.summary.mentionCount).toBe(3);
    expect(r.created[0]?.provenance).toEqual({ action: 'accepted', sources: [], at: expect.any(String), recommender: { source: 'occurrence', score: 1, type: 'GPE', form: 'קזחסטן' } });
    expect(spans(b)).toEqual([`GPE:${span(B, 'קזחסטן').start}-${span(B, 'קזחסטן').end}`, `GPE:${span(B, 'קזחסטן', 'קזחסטן', 1).start}-${span(B, 'קזחסטן', 'קזחסטן', 1).end}`].sort());
    // nothing left to tag
    expect((await service.call('suggestions.occurrences', { docId: a, mentionId: m.id, scope: 'corpus' })).count).toBe(0);
    // one undo takes back the document's two, and leaves the hand-tagged one
    const undone = service.call('history.undo', { docId: a });
    expect(undone.steps.map((s) => s.kind)).toEqual(['delete', 'delete']);
    expect(spans(a)).toEqual([`GPE:${m.start}-${m.end}`]);
    service.call('history.undo', { docId: b });
    expect(spans(b)).toEqual([]);
  });

  it('follows an annotator who includes the Arabic article', async () => {
    const m = tag(c, 'ORG', span(C, 'الحكومة'));
    const r = await service.call('suggestions.occurrences', { docId: c, mentionId: m.id, scope: 'document' });
    expect(r.items.map((s) => s.text)).toEqual(['الحكومة', 'لحكومة']);
  });

  it('refuses a mention of another document or annotator, and an incomplete query', async () => {
    const m = tag(a, 'GPE', span(A, 'רוסיה'));
    expect(fail(await service.dispatch('suggestions.occurrences', { docId: b, mentionId: m.id, scope: 'document' })).code).toBe('not-found');
    expect(fail(await service.dispatch('suggestions.occurrences', { docId: a, scope: 'document' })).code).toBe('invalid-argument');
    expect(fail(await service.dispatch('suggestions.occurrences', { docId: a, mentionId: m.id })).code).toBe('invalid-argument');
    expect(fail(await service.dispatch('suggestions.occurrences', { docId: a, form: 'רוסיה', type: 'NOPE', scope: 'document' })).code).toBe('invalid-argument');
    service.call('session.setAnnotator', { name: 'noa' });
    expect(fail(await service.dispatch('suggestions.occurrences', { docId: a, mentionId: m.id, scope: 'document' })).code).toBe('conflict');
  });
});

describe("the corpus preview, on the occurrences' thread from the corpus it keeps folded", () => {
  const corpusCount = async (docId: string, mentionId: string) => {
    const r = await service.call('suggestions.occurrences', { docId, mentionId, scope: 'corpus' });
    return [r.count, r.documents];
  };

  it('folds from the opening (the app warms the project): the document\'s suggestions and the preview answer as without it', async () => {
    await service.warm();
    const m = tag(a, 'GPE', span(A, 'בקזחסטן', 'קזחסטן'));
    expect(itemsOf(await listed(b)).length).toBeGreaterThan(0);
    expect(await corpusCount(a, m.id)).toEqual([4, 2]);
  });

  it('follows labels, deletes, undo and rejections', async () => {
    const m = tag(a, 'GPE', span(A, 'בקזחסטן', 'קזחסטן'));
    expect(await corpusCount(a, m.id)).toEqual([4, 2]);
    // a label over one occurrence in the other document
    const other = tag(b, 'GPE', span(B, 'קזחסטן'));
    expect(await corpusCount(a, m.id)).toEqual([3, 2]);
    // a label of another type leaves it
    tag(b, 'ORG', span(B, 'קזחסטן', 'קזחסטן', 1));
    expect(await corpusCount(a, m.id)).toEqual([3, 2]);
    service.call('mentions.delete', { id: other.id });
    expect(await corpusCount(a, m.id)).toEqual([4, 2]);
    // undo brings the deleted label back
    service.call('history.undo', { docId: b });
    expect(await corpusCount(a, m.id)).toEqual([3, 2]);
    // the other occurrence there rejected: that document has none left
    const s = span(B, 'קזחסטן', 'קזחסטן', 1);
    service.call('suggestions.reject', { docId: b, ...s, type: 'GPE', source: 'occurrence', score: 1 });
    expect(await corpusCount(a, m.id)).toEqual([2, 1]);
  });

  it('follows imports and the annotator whose set it is', async () => {
    const m = tag(a, 'GPE', span(A, 'בקזחסטן', 'קזחסטן'));
    expect(await corpusCount(a, m.id)).toEqual([4, 2]);
    writeFiles(dir, { 'more/d.txt': 'ולקזחסטן ובקזחסטן וקזחסטנים' });
    service.call('documents.importPaths', { paths: [join(dir, 'more')] });
    expect(await corpusCount(a, m.id)).toEqual([6, 3]);
    // another annotator's set: their mentions, not dana's, are left out
    service.call('session.setAnnotator', { name: 'noa' });
    const n = tag(b, 'GPE', span(B, 'קזחסטן'));
    expect(await corpusCount(b, n.id)).toEqual([6, 3]);
    tag(a, 'GPE', span(A, 'לקזחסטן', 'קזחסטן'));
    expect(await corpusCount(b, n.id)).toEqual([5, 3]);
    service.call('session.setAnnotator', { name: 'dana' });
    expect(await corpusCount(a, m.id)).toEqual([6, 3]);
  });

  it('answers as the same form asked document by document', async () => {
    const m = tag(a, 'GPE', span(A, 'בקזחסטן', 'קזחסטן'));
    const corpus = await service.call('suggestions.occurrences', { docId: a, mentionId: m.id, scope: 'corpus' });
    const here = await service.call('suggestions.occurrences', { docId: a, mentionId: m.id, scope: 'document' });
    const there = await service.call('suggestions.occurrences', { docId: b, form: 'קזחסטן', type: 'GPE', scope: 'document' });
    expect(corpus.items).toEqual(here.items);
    expect(corpus.count).toBe(here.count + there.count);
  });
});

describe('suggestions.list, accept, reject', () => {
  it('lists the occurrences of every tagged form, accepts one (one undo step) and remembers a rejection after reopening', async () => {
    tag(a, 'GPE', span(A, 'רוסיה'));
    // found in a thread of their own: the first answer comes at once, without them
    expect(service.call('suggestions.list', { docId: b })).toMatchObject({ packed: { starts: [] }, pending: true });
    const list = await listed(b);
    expect(itemsOf(list).map((s) => [s.text, s.type, s.source])).toEqual([
      ['רוסיה', 'GPE', 'occurrence'],
      ['רוסיה', 'GPE', 'occurrence'],
    ]);
    // one document annotated: no tagger yet
    expect(list.tagger).toMatchObject({ state: 'none', active: false, minF1: 0.5 });
    const [first, second] = itemsOf(list);
    if (!first || !second) throw new Error('two suggestions expected');
    // accepted with another type (a type's hotkey)
    const r = service.call('suggestions.accept', { docId: b, start: first.start, end: first.end, type: 'LOC', suggestedType: 'GPE', source: 'occurrence', score: first.score, form: 'רוסיה' });
    expect(r.created[0]).toMatchObject({ type: 'LOC', start: first.start, end: first.end });
    expect(r.created[0]?.provenance?.recommender).toEqual({ source: 'occurrence', score: first.score, type: 'GPE', form: 'רוסיה' });
    expect(r.history.canUndo).toBe(true);
    expect(service.call('suggestions.reject', { docId: b, start: second.start, end: second.end, type: 'GPE', source: 'occurrence', score: second.score })).toEqual({ rejected: true });
    expect(service.call('suggestions.reject', { docId: b, start: second.start, end: second.end, type: 'GPE', source: 'occurrence', score: second.score })).toEqual({ rejected: false });
    expect(itemsOf(await listed(b))).toEqual([]);

    service.close();
    service = openService(file, { now: fakeClock(Date.UTC(2025, 0, 1)) });
    expect(itemsOf(await listed(b))).toEqual([]);
    // the same span with another type may still be suggested: the rejection is of GPE only
    expect((await service.call('suggestions.occurrences', { docId: b, form: 'ברוסיה', type: 'LOC', scope: 'document' })).count).toBe(1);
    // undo removes the accepted one: it is suggested again (it was not rejected)
    service.call('history.undo', { docId: b });
    expect(itemsOf(await listed(b)).map((s) => s.start)).toEqual([first.start]);
  });

  it('accepts every suggestion of a document above a score as one undo step', async () => {
    tag(a, 'GPE', span(A, 'רוסיה'));
    tag(a, 'GPE', span(A, 'בקזחסטן', 'קזחסטן'));
    const all = itemsOf(await listed(b));
    expect(all.length).toBe(4);
    const r = service.call('suggestions.acceptAll', { docId: b, minScore: 0.5 });
    // קזחסטן is tagged at one of its three occurrences in a (score 1/3), רוסיה at its only one (score 1)
    expect(r.created.map((m) => m.start).sort((x, y) => x - y)).toEqual(all.filter((s) => s.score >= 0.5).map((s) => s.start));
    expect(r.created.length).toBe(2);
    service.call('history.undo', { docId: b });
    expect(spans(b)).toEqual([]);
  });

  it('refuses without an annotator and for a span that splits a character', () => {
    expect(fail(service.dispatch('suggestions.accept', { docId: a, start: 3, end: 1, type: 'GPE', source: 'tagger', score: 0.7 })).code).toBe('invalid-argument');
    expect(fail(service.dispatch('suggestions.accept', { docId: a, start: 0, end: 2, type: 'GPE', source: 'robot', score: 0.7 })).code).toBe('invalid-argument');
    expect(fail(service.dispatch('suggestions.acceptAll', { docId: a, minScore: 2 })).code).toBe('invalid-argument');
  });
});

describe('the tagger', () => {
  // PER between השר and אמר, ten documents of new names: learnable from the context alone
  const names = ['אבנר', 'ברק', 'גדעון', 'דורון', 'הלל', 'זאב', 'חנן', 'טל', 'יואב', 'כרמי', 'לביא', 'מנשה', 'נחום', 'עוזי', 'פנחס', 'צבי', 'קדם', 'רפי', 'שאול', 'תמיר'];
  function trainingCorpus(): string[] {
    const files: Record<string, string> = {};
    for (let d = 0; d < 10; d++) {
      const n1 = names[(2 * d) % names.length] as string;
      const n2 = names[(2 * d + 1) % names.length] as string;
      files[`t/${String(d).padStart(2, '0')}.txt`] = `השר ${n1} אמר היום כי המצב קשה. אחר כך השר ${n2} אמר שהוא מסכים. העיתונאים כתבו על כך.`;
    }
    files['t/new.txt'] = 'השר זבולון אמר אתמול שהוא מתנגד.';
    writeFiles(dir, files);
    const report = service.call('documents.importPaths', { paths: [join(dir, 't')] });
    const ids: string[] = [];
    for (const d of report.imported) {
      if (d.name === 'new') continue;
      const text = service.call('documents.get', { id: d.id }).text;
      for (let nth = 0; nth < 2; nth++) {
        const at = text.indexOf('השר ', nth === 0 ? 0 : text.indexOf('השר ') + 1) + 4;
        const start = [...text.slice(0, at)].length;
        const name = text.slice(at, text.indexOf(' ', at));
        tag(d.id, 'PER', { start, end: start + [...name].length });
      }
      ids.push(d.id);
    }
    return [report.imported.find((d) => d.name === 'new')?.id as string, ...ids];
  }

  it('trains in a worker, measures itself on held-out documents, and suggests above the threshold the project keeps', async () => {
    const [fresh] = trainingCorpus();
    if (!fresh) throw new Error('no document');
    // the first list answers at once; the training starts once the annotations rest a moment
    const first = service.call('suggestions.list', { docId: fresh });
    expect(first.tagger).toMatchObject({ state: 'none', generation: 0, active: false });
    const ready = await until(() => {
      const s = service.call('suggestions.status', {});
      return s.state === 'ready' ? s : null;
    }, 'the trained tagger');
    expect(ready.trained).toEqual({ documents: 10, mentions: 20 });
    expect(ready.quality?.documents).toBe(2);
    expect(ready.generation).toBe(1);

    service.call('suggestions.setThreshold', { minF1: 0 });
    const list = await listed(fresh);
    const zevulun = span('השר זבולון אמר אתמול שהוא מתנגד.', 'זבולון');
    expect(itemsOf(list)).toContainEqual(expect.objectContaining({ source: 'tagger', type: 'PER', start: zevulun.start, end: zevulun.end, text: 'זבולון', score: ready.quality?.f1 }));
    // rejected: not suggested again
    service.call('suggestions.reject', { docId: fresh, ...zevulun, type: 'PER', source: 'tagger', score: 0.9 });
    expect(itemsOf(await listed(fresh)).some((s) => s.start === zevulun.start)).toBe(false);

    // silent above its figures; the threshold is the project's
    const silent: TaggerStatus = service.call('suggestions.setThreshold', { minF1: 1 });
    expect(silent.active).toBe((ready.quality?.f1 ?? 0) >= 1);
    service.close();
    service = openService(file);
    expect(service.call('suggestions.status', {}).minF1).toBe(1);
  });

  it('keeps the trained model with the project: a reopened project loads it instead of training, trains again when an annotation changed or the kept one is damaged', async () => {
    const [fresh, first] = trainingCorpus();
    if (!fresh || !first) throw new Error('no document');
    service.call('suggestions.setThreshold', { minF1: 0 });
    service.call('suggestions.list', { docId: fresh });
    const ready = await until(() => {
      const s = service.call('suggestions.status', {});
      return s.state === 'ready' ? s : null;
    }, 'the trained tagger');
    expect(ready.kept).toBeUndefined();
    const tagged = () => taggerSuggestions(service, fresh);
    // the project closed and opened again, its suggestions asked: the tagger once ready
    const reopenedUntilReady = (label: string) => {
      service.close();
      service = openService(file);
      service.call('suggestions.list', { docId: fresh });
      return until(() => {
        const s = service.call('suggestions.status', {});
        return s.state === 'ready' ? s : null;
      }, label);
    };
    const before = await tagged();
    expect(before.length).toBeGreaterThan(0);
    const row = () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT annotator, format, signature, trained_at AS at, length(model) AS bytes FROM suggest_models').all() as { annotator: string; format: number; signature: string; at: string; bytes: number }[];
      } finally {
        db.close();
      }
    };
    const kept = row();
    expect(kept).toEqual([expect.objectContaining({ annotator: 'dana', format: MODEL_FORMAT })]);

    // reopened: the kept model is loaded (no training), and suggests exactly what it did
    service.close();
    service = openService(file);
    const after = await tagged();
    const loaded = service.call('suggestions.status', {});
    expect(loaded).toMatchObject({ state: 'ready', kept: { state: 'loaded' }, generation: 1, trained: ready.trained, quality: ready.quality });
    expect(after).toEqual(before);
    expect(row()).toEqual(kept);

    // one annotation changed (removed): the next opening trains again, and keeps the new model
    const gone = service.call('mentions.list', { docId: first })[0];
    if (!gone) throw new Error('no mention');
    service.call('mentions.delete', { id: gone.id });
    const retrained = await reopenedUntilReady('the tagger trained again');
    expect(retrained.kept).toBeUndefined();
    expect(retrained.trained).toEqual({ documents: 10, mentions: 19 });
    const replaced = row();
    expect(replaced[0]?.signature).not.toBe(kept[0]?.signature);

    // a damaged kept model is ignored (said in the status) and replaced by a new training
    service.close();
    const db = new Database(file);
    db.prepare("UPDATE suggest_models SET model = X'0001020304'").run();
    db.close();
    service = openService(file);
    service.call('suggestions.list', { docId: fresh });
    const damaged = await until(() => {
      const s = service.call('suggestions.status', {});
      return s.kept?.state === 'damaged' ? s : null;
    }, 'the damaged model reported');
    expect(damaged.kept?.error).toBeTruthy();
    expect(damaged.generation).toBe(0);
    const healed = await until(() => {
      const s = service.call('suggestions.status', {});
      return s.state === 'ready' ? s : null;
    }, 'the tagger trained after the damaged model');
    expect(healed.trained).toEqual({ documents: 10, mentions: 19 });
    expect(row()[0]?.bytes).toBe(replaced[0]?.bytes);
    service.close();
    service = openService(file);
    await tagged();
    expect(service.call('suggestions.status', {}).kept).toEqual({ state: 'loaded' });

    // a schema change (PER renamed in every annotation: no span changes): the kept model's types are not used, it trains again
    const renamed = JSON.stringify(service.call('schema.get', {})).replaceAll('"PER"', '"PERSON"');
    service.call('schema.replace', { json: renamed, fileName: 'renamed.json', renames: { types: { PER: 'PERSON' } } });
    const schemaChanged = await reopenedUntilReady('the tagger trained after the schema change');
    expect(schemaChanged.kept).toBeUndefined();
    expect(row()[0]?.signature).not.toBe(replaced[0]?.signature);
    expect(itemsOf(await listed(fresh)).filter((x) => x.source === 'tagger').map((x) => x.type)).toContain('PERSON');
  });

  /** One document of `paragraphs` sentences (joined by `sep`), a name tagged PER in the first `tagged` of them; its id. */
  function oneDocument(paragraphs: number, tagged: number, sep = '\n'): string {
    const lines = Array.from({ length: paragraphs }, (_, k) => `השר ${names[k % names.length] as string} אמר היום כי המצב בעיר קשה מאוד.`);
    writeFiles(dir, { 'one/corpus.txt': lines.join(sep) });
    const id = service.call('documents.importPaths', { paths: [join(dir, 'one')] }).imported[0]?.id;
    if (id === undefined) throw new Error('not imported');
    tagNames(id, 0, tagged);
    return id;
  }
  /** Tags the names after השר in sentences [from, to) of the document. */
  function tagNames(id: string, from: number, to: number): void {
    const text = service.call('documents.get', { id }).text;
    let at = 0;
    for (let k = 0; k < to; k++) {
      at = text.indexOf('השר ', at) + 4;
      const end = text.indexOf(' ', at);
      if (k >= from) tag(id, 'PER', { start: [...text.slice(0, at)].length, end: [...text.slice(0, end)].length });
      at = end;
    }
  }
  const status = () => service.call('suggestions.status', {});

  it('learns from a single annotated document (a corpus imported as one) once it has enough mentions, holding out parts of it', async () => {
    const id = oneDocument(80, MIN_SINGLE_DOCUMENT_MENTIONS - 1);
    // a handful of mentions in one document: it waits, says for what, and is not trained even when asked
    service.call('suggestions.list', { docId: id });
    expect(service.call('suggestions.train', {})).toMatchObject({ state: 'none', generation: 0, waiting: { reason: 'mentions', documents: 1, mentions: MIN_SINGLE_DOCUMENT_MENTIONS - 1, minMentions: MIN_SINGLE_DOCUMENT_MENTIONS } });
    expect(status().state).toBe('none');
    // enough: it trains, and its held-out figures are of parts of the one document
    tagNames(id, MIN_SINGLE_DOCUMENT_MENTIONS - 1, 80);
    service.call('suggestions.list', { docId: id });
    const ready = await until(() => (status().state === 'ready' ? status() : null), 'the tagger trained on one document');
    expect(ready.trained).toEqual({ documents: 1, mentions: 80 });
    expect(ready.quality?.parts).toEqual({ of: 1 });
    expect(ready.quality?.documents).toBeGreaterThanOrEqual(1);
    expect(ready.quality?.f1).toBeGreaterThan(0.5);
    expect(ready.waiting).toBeUndefined();
  });

  it('waits, saying why, for a single document that has no paragraphs to hold out', async () => {
    const id = oneDocument(80, 80, ' ');
    service.call('suggestions.train', {});
    const waiting = await until(() => (status().waiting?.reason === 'parts' ? status() : null), 'the tagger says it cannot cut the document');
    expect(waiting).toMatchObject({ state: 'none', generation: 0, waiting: { reason: 'parts', documents: 1, mentions: 80 } });
    // asked again with nothing changed: not trained again
    service.call('suggestions.list', { docId: id });
    expect(service.call('suggestions.train', {}).state).toBe('none');
  });

  // every kind of hostile row is read in test/service/keptModel.test.ts; here a few, through the app's threads
  it('reports hostile kept rows as damaged or stale, never loads them, and trains again to the same model', async () => {
    const [fresh] = trainingCorpus();
    if (!fresh) throw new Error('no document');
    service.call('suggestions.setThreshold', { minF1: 0 });
    service.call('suggestions.list', { docId: fresh });
    await until(() => (status().state === 'ready' ? status() : null), 'the trained tagger');
    const tagged = () => taggerSuggestions(service, fresh);
    const before = await tagged();
    expect(before.length).toBeGreaterThan(0);
    const edit = (f: (m: Record<string, unknown>) => void) => (db: Database.Database) => {
      const r = db.prepare('SELECT model FROM suggest_models').get() as { model: Buffer };
      const m = JSON.parse(inflateSync(r.model).toString('utf8')) as Record<string, unknown>;
      f(m);
      db.prepare('UPDATE suggest_models SET model = ?').run(deflateSync(JSON.stringify(m)));
    };
    const hostile: [string, 'damaged' | 'stale', (db: Database.Database) => void][] = [
      ['truncated blob', 'damaged', (db) => db.prepare('UPDATE suggest_models SET model = substr(model, 1, 40)').run()],
      ['a few weight rows strings', 'damaged', edit((m) => {
        for (const k of Object.keys(m['weights'] as object).slice(0, 3)) (m['weights'] as Record<string, unknown>)[k] = 'x';
      })],
      ['info without figures', 'damaged', (db) => db.prepare("UPDATE suggest_models SET info = json_set(info, '$.trained', 'x')").run()],
      ['format 999', 'stale', (db) => db.prepare('UPDATE suggest_models SET format = 999').run()],
      ["types not the schema's", 'stale', edit((m) => {
        m['types'] = (m['types'] as string[]).map((t) => `${t}X`);
      })],
    ];
    for (const [name, expected, spoil] of hostile) {
      service.close();
      const db = new Database(file);
      spoil(db);
      db.close();
      service = openService(file);
      service.call('suggestions.list', { docId: fresh });
      const seen = new Set<string>();
      const healed = await until(() => {
        const s = status();
        if (s.kept !== undefined) seen.add(s.kept.state);
        if (s.state === 'failed') throw new Error(`${name}: the tagger failed: ${s.error ?? ''}`);
        return s.state === 'ready' && s.kept === undefined ? s : null;
      }, `trained again after ${name}`);
      expect([...seen], name).toEqual([expected]);
      expect(healed.generation, name).toBeGreaterThan(0);
      expect(await tagged(), name).toEqual(before);
    }
    // the last training kept a good model again: loaded at the next opening
    service.close();
    service = openService(file);
    expect(await tagged()).toEqual(before);
    expect(status().kept).toEqual({ state: 'loaded' });
  }, 300_000);
});
