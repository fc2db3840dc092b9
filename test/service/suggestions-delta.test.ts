/**
 * suggestions.list answers a window that has the list last sent with only what changed (a delta),
 * and the list the window makes of it is exactly the list a fresh fetch gives, after a label, a
 * deletion, undo, redo, an accept and a reject. The window here does what the renderer's
 * SuggestionSession does with an answer (renderer/src/state/suggestions.ts): keep the items on
 * `unchanged`, apply a delta to the items of its revision, or take the whole list.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkedList } from '../../annotations/chunkedList';
import { applySuggestionDelta } from '../../annotations/suggestionPack';
import type { SuggestionItem, SuggestionList } from '../../electron/contract';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';
import { cpSpan, itemsOf } from './project';

// Hebrew: six forms tagged in A, each many times in B, bare and after proclitics (ב, ו), so that a
// label changes a few of many suggestions (a form's own occurrences: its score moves with each tag)
const A = 'ההפגנות בקזחסטן נמשכות. רוסיה שלחה כוחות. סין, יפן, הודו ואוקראינה שתקו. דיברו.';
const FORMS: [string, string][] = [
  ['רוסיה', 'GPE'],
  ['קזחסטן', 'LOC'],
  ['סין', 'GPE'],
  ['יפן', 'GPE'],
  ['הודו', 'LOC'],
  ['אוקראינה', 'GPE'],
];
const B = Array.from({ length: 12 }, (_, i) => `קזחסטן ורוסיה נפגשו ${i}. גם בסין, ביפן ובהודו דיברו על אוקראינה.`).join(' ');

const services: QalamService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) if (s.store.isOpen) s.close();
  removeTempDirs();
});

/** A project with documents a and b imported, dana annotating. */
function twoDocuments(): { service: QalamService; a: string; b: string } {
  const dir = tempDir('qalam-sugg-delta-');
  writeFiles(dir, { 'in/a.txt': A, 'in/b.txt': B });
  const service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
  services.push(service);
  const report = service.call('documents.importPaths', { paths: [join(dir, 'in')] });
  const a = report.imported.find((d) => d.name === 'a')!.id;
  const b = report.imported.find((d) => d.name === 'b')!.id;
  service.call('session.setAnnotator', { name: 'dana' });
  return { service, a, b };
}

/** A window holding one document's list as the renderer does. */
class Window {
  revision: string | null = null;
  items: SuggestionItem[] = [];
  /** The same list held as the renderer holds it (chunks of 8 here, so deltas cross chunk borders). */
  list: ChunkedList<SuggestionItem> = ChunkedList.empty();
  deltas = 0;
  wholes = 0;
  /** Items sent in deltas (what the delta saved is the list's length less these). */
  sentInDeltas = 0;
  constructor(
    private readonly service: QalamService,
    private readonly docId: string,
  ) {}

  /** Ask as the window does (with the revision it has) until the service has worked on the current annotations. */
  async settle(): Promise<void> {
    for (let i = 0; i < 600; i++) {
      const l: SuggestionList = this.service.call('suggestions.list', { docId: this.docId, ...(this.revision !== null ? { known: this.revision } : {}) });
      if (l.unchanged) expect(l.revision).toBe(this.revision);
      else if (l.delta) {
        expect(l.delta.from).toBe(this.revision);
        this.items = applySuggestionDelta(this.items, l.delta, itemsOf(l));
        this.list = this.list.applyDelta(l.delta, itemsOf(l));
        this.deltas++;
        this.sentInDeltas += l.packed.starts.length;
      } else {
        this.items = itemsOf(l);
        this.list = ChunkedList.of(itemsOf(l), 8);
        this.wholes++;
      }
      this.revision = l.revision;
      expect(this.list.toArray()).toEqual(this.items);
      if (!l.pending) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('gave up waiting for the suggestions');
  }

  /** What a window asking for the whole list now gets. */
  fresh(): SuggestionItem[] {
    const l = this.service.call('suggestions.list', { docId: this.docId });
    expect(l.pending).toBe(false);
    return itemsOf(l);
  }
}

describe('suggestions.list as a delta from the list the window has', () => {
  it('after a label, a deletion, undo, redo, an accept and a reject: the window\'s list is the fresh list', async () => {
    const { service, a, b } = twoDocuments();
    service.store.setSetting('suggest_min_f1', '2'); // the tagger silent: only occurrences, found in their thread
    for (const [form, type] of FORMS) service.call('mentions.create', { docId: a, type, ...cpSpan(A, form) });
    // B annotated already (the first mention of a document moves every form's reliability, so every score)
    service.call('mentions.create', { docId: b, type: 'PER', ...cpSpan(B, 'נפגשו') });

    const w = new Window(service, b);
    await w.settle();
    // the first answers: none yet (pending), then the whole list (more than half of it new)
    expect(w.wholes).toBeGreaterThan(0);
    w.wholes = 0;
    const first = w.items.length;
    expect(first).toBeGreaterThan(60);
    const steps: [string, () => void][] = [
      ['label', () => void service.call('mentions.create', { docId: b, type: 'GPE', ...cpSpan(B, 'רוסיה', 3) })],
      ['label of another type over a suggestion', () => void service.call('mentions.create', { docId: b, type: 'ORG', ...cpSpan(B, 'קזחסטן', 5) })],
      ['deletion', () => void service.call('mentions.delete', { id: service.call('mentions.list', { docId: b }).find((m) => m.type === 'ORG')!.id })],
      ['undo', () => void service.call('history.undo', { docId: b })],
      ['redo', () => void service.call('history.redo', { docId: b })],
      [
        'accept',
        () => {
          const s = w.items[7]!;
          service.call('suggestions.accept', { docId: b, start: s.start, end: s.end, type: s.type, source: s.source, score: s.score, ...(s.form !== undefined ? { form: s.form } : {}) });
        },
      ],
      [
        'reject',
        () => {
          const s = w.items[11]!;
          service.call('suggestions.reject', { docId: b, start: s.start, end: s.end, type: s.type, source: s.source, score: s.score });
        },
      ],
      ['a label in the other document (a new form: its occurrences come)', () => void service.call('mentions.create', { docId: a, type: 'PER', ...cpSpan(A, 'דיברו') })],
      ['undo there', () => void service.call('history.undo', { docId: a })],
    ];
    for (const [name, edit] of steps) {
      const before = w.items.map((x) => x.key);
      const deltas = w.deltas;
      edit();
      await w.settle();
      expect(w.items, name).toEqual(w.fresh());
      expect(w.items.map((x) => x.key), `${name} changes the list`).not.toEqual(before);
      // sent as a delta, not the whole list again
      expect(w.deltas, name).toBeGreaterThan(deltas);
      expect(w.wholes, name).toBe(0);
    }
    expect(w.wholes).toBe(0);
    // a few items a step, not the list again each time
    expect(w.sentInDeltas).toBeLessThan(first);
  });

  it('a window with another revision than the one last sent gets the whole list', async () => {
    const { service, a, b } = twoDocuments();
    service.store.setSetting('suggest_min_f1', '2');
    service.call('mentions.create', { docId: a, type: 'GPE', ...cpSpan(A, 'רוסיה') });
    const w = new Window(service, b);
    await w.settle();
    const old = w.revision!;
    service.call('mentions.create', { docId: b, type: 'GPE', ...cpSpan(B, 'רוסיה', 2) });
    await w.settle();
    service.call('mentions.create', { docId: b, type: 'GPE', ...cpSpan(B, 'רוסיה', 4) });
    await w.settle();
    // the service no longer has `old`: the whole list, which is the fresh one
    const l = service.call('suggestions.list', { docId: b, known: old });
    expect(l.delta).toBeUndefined();
    expect(l.unchanged).toBeUndefined();
    expect(itemsOf(l)).toEqual(w.fresh());
  });
});
