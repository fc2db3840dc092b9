/**
 * suggestions.list keeps what it put together (and the annotator's signature) until the project
 * changes: after every kind of edit the list of a service that has been answering all along is
 * the list a freshly opened service computes, and the edit shows in it.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SuggestionItem } from '../../electron/contract';
import { exportPerDocument, importExchange, initProject, openService, type QalamService } from '../../electron/service';
import { openProject } from '../../electron/store';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';
import { cpSpan, itemsOf } from './project';

const A = 'ההפגנות בקזחסטן נמשכות. רוסיה שלחה כוחות לקזחסטן. בקזחסטן שקט.';
const B = 'קזחסטן ורוסיה נפגשו. גם ברוסיה דיברו על קזחסטן ועל רוסיה.';

const services: QalamService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) if (s.store.isOpen) s.close();
  removeTempDirs();
});

interface Fixture {
  dir: string;
  file: string;
  service: QalamService;
  a: string;
  b: string;
}

function fixture(): Fixture {
  const dir = tempDir('qalam-sugg-cache-');
  const file = join(dir, 'p.qalam');
  writeFiles(dir, { 'in/a.txt': A, 'in/b.txt': B });
  const service = initProject(file, { now: fakeClock() });
  services.push(service);
  const report = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
  const id = (name: string) => report.imported.find((d) => d.name === name)!.id;
  service.call('session.setAnnotator', { name: 'dana' });
  // the tagger stays silent (no F1 reaches 2): a fresh service has not trained one
  service.store.setSetting('suggest_min_f1', '2');
  return { dir, file, service, a: id('a'), b: id('b') };
}

async function listed(service: QalamService, docId: string): Promise<SuggestionItem[]> {
  for (let i = 0; i < 600; i++) {
    const l = service.call('suggestions.list', { docId });
    if (!l.pending) return itemsOf(l);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('gave up waiting for the suggestions');
}

/** What a service opened now lists (nothing kept from before). */
async function fresh(f: Fixture, docId: string): Promise<SuggestionItem[]> {
  const cold = openService(f.file);
  services.push(cold);
  try {
    return await listed(cold, docId);
  } finally {
    cold.close();
  }
}

const brief = (items: SuggestionItem[]): string[] => items.map((s) => `${s.type}:${s.start}-${s.end}:${s.source}`);

/** The warm lists of both documents before and after `edit`, each checked against a fresh service's. */
async function acrossEdit(f: Fixture, edit: () => void): Promise<{ before: string[]; after: string[] }> {
  const before = brief(await listed(f.service, f.b)).concat(brief(await listed(f.service, f.a)));
  edit();
  const after = brief(await listed(f.service, f.b)).concat(brief(await listed(f.service, f.a)));
  expect(after).toEqual(brief(await fresh(f, f.b)).concat(brief(await fresh(f, f.a))));
  return { before, after };
}

describe('suggestions.list across edits', () => {
  it('answers the same list again while nothing changes', async () => {
    const f = fixture();
    f.service.call('mentions.create', { docId: f.a, type: 'GPE', ...cpSpan(A, 'רוסיה') });
    const first = await listed(f.service, f.b);
    expect(first.length).toBe(3);
    const again = f.service.call('suggestions.list', { docId: f.b });
    expect(again.pending).toBe(false);
    expect(itemsOf(again)).toEqual(first);
    // kept as sent: not packed again
    expect(f.service.call('suggestions.list', { docId: f.b }).packed).toBe(again.packed);
    // a window that has them is not sent them again
    expect(f.service.call('suggestions.list', { docId: f.b, known: again.revision })).toMatchObject({ packed: { starts: [] }, unchanged: true, revision: again.revision });
    f.service.call('mentions.create', { docId: f.b, type: 'GPE', ...cpSpan(B, 'רוסיה', 1) });
    const changed = await listed(f.service, f.b);
    expect(changed.length).toBe(2);
    const now = f.service.call('suggestions.list', { docId: f.b, known: again.revision });
    expect(now.unchanged).toBeUndefined();
    expect(now.revision).not.toBe(again.revision);
    expect(itemsOf(now)).toEqual(changed);
  });

  it('create, type change, delete', async () => {
    const f = fixture();
    let id = '';
    let step = await acrossEdit(f, () => {
      id = f.service.call('mentions.create', { docId: f.a, type: 'GPE', ...cpSpan(A, 'רוסיה') }).mention.id;
    });
    expect(step.before).toEqual([]);
    expect(step.after.filter((s) => s.startsWith('GPE:')).length).toBe(3);
    step = await acrossEdit(f, () => f.service.call('mentions.update', { id, type: 'ORG' }));
    expect(step.after.filter((s) => s.startsWith('ORG:')).length).toBe(3);
    expect(step.after.some((s) => s.startsWith('GPE:'))).toBe(false);
    step = await acrossEdit(f, () => f.service.call('mentions.delete', { id }));
    expect(step.after).toEqual([]);
  });

  it('a mention in the listed document itself, and a rejection', async () => {
    const f = fixture();
    f.service.call('mentions.create', { docId: f.a, type: 'GPE', ...cpSpan(A, 'רוסיה') });
    let step = await acrossEdit(f, () => f.service.call('mentions.create', { docId: f.b, type: 'GPE', ...cpSpan(B, 'רוסיה', 1) }));
    expect(step.after.length).toBe(step.before.length - 1);
    const [first] = await listed(f.service, f.b);
    step = await acrossEdit(f, () => f.service.call('suggestions.reject', { docId: f.b, start: first!.start, end: first!.end, type: first!.type, source: first!.source, score: first!.score }));
    expect(step.after.length).toBe(step.before.length - 1);
  });

  it('undo and redo', async () => {
    const f = fixture();
    f.service.call('mentions.create', { docId: f.a, type: 'GPE', ...cpSpan(A, 'רוסיה') });
    let step = await acrossEdit(f, () => f.service.call('history.undo', { docId: f.a }));
    expect(step.after).toEqual([]);
    step = await acrossEdit(f, () => f.service.call('history.redo', { docId: f.a }));
    expect(step.after.length).toBe(3);
  });

  it('imports: an annotation set (import.run), an exchange import, a change by another connection', async () => {
    const f = fixture();
    const jsonl = join(f.dir, 'dana.jsonl');
    const r = cpSpan(A, 'רוסיה');
    writeFileSync(jsonl, `${JSON.stringify({ text: A, label: [[r.start, r.end, 'PER']] })}\n`);
    let step = await acrossEdit(f, () => f.service.call('import.run', { format: 'doccano', paths: [jsonl], annotator: 'dana' }));
    expect(step.after.some((s) => s.startsWith('PER:'))).toBe(true);

    const share = join(f.dir, 'share');
    exportPerDocument(f.service.store, share, { annotator: 'dana' });
    const file = join(share, 'dana', readdirSync(join(share, 'dana')).find((n) => n.endsWith('.jsonl'))!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"type":"PER"', '"type":"ORG"'));
    step = await acrossEdit(f, () => importExchange(f.service.store, [share], {}, fakeClock(Date.UTC(2030, 0, 1))));
    expect(step.after.some((s) => s.startsWith('ORG:'))).toBe(true);

    step = await acrossEdit(f, () => {
      const other = openProject(f.file);
      const k = cpSpan(A, 'בקזחסטן');
      other.insertMention({ docId: f.a, annotator: 'dana', type: 'GPE', start: k.start + 1, end: k.end, origin: 'manual', createdAt: 't', updatedAt: 't' });
      other.close();
    });
    expect(step.after.some((s) => s.startsWith('GPE:'))).toBe(true);
  });

  it('a type renamed by the schema', async () => {
    const f = fixture();
    f.service.call('mentions.create', { docId: f.a, type: 'GPE', ...cpSpan(A, 'רוסיה') });
    const renamed = JSON.stringify(f.service.call('schema.get', {})).replaceAll('"GPE"', '"COUNTRY"');
    const step = await acrossEdit(f, () => f.service.call('schema.replace', { json: renamed, fileName: 'renamed.json', renames: { types: { GPE: 'COUNTRY' } } }));
    expect(step.after.filter((s) => s.startsWith('COUNTRY:')).length).toBe(3);
  });
});
