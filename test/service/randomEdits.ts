/**
 * Random edits of every kind on a real SQLite project (creates, retypes, notes, attributes,
 * deletes, events, relations, statuses, imports through import.run and the per-document exchange,
 * forced schema changes, undo, redo), for the property tests: history.property.test.ts and
 * liveFigures.property.test.ts.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cpSlice } from '../../annotations/text';
import { tokenize } from '../../annotations/tokenize';
import type { Schema } from '../../annotations/model';
import { ServiceError, exportNativeJsonl, importExchange, initProject, type QalamService } from '../../electron/service';
import { fakeClock, tempDir, writeFiles } from '../store/helpers';

export const TEXTS = ['בקזחסטן טוקאייב פגש את פוטין באלמטי', 'في كازاخستان التقى توكاييف بوتين في ألماتي'];
const WORDS = TEXTS.map((t) => tokenize(t).filter((k) => k.kind === 'word'));
export const ANNOTATORS = ['dana', 'noa'];
const ENTITY_TYPES = ['PER', 'ORG', 'GPE', 'LOC'];

/** A small schema; `drop` leaves entity types out (a forced change: annotations of them stay), `extra` adds types and takes the attribute away. */
export function schema(drop: readonly string[] = [], extra: readonly string[] = []): Schema {
  return {
    version: 1,
    entityTypes: [...ENTITY_TYPES.filter((t) => !drop.includes(t)), ...extra].map((name, i) => ({ name, color: '#77aadd', hotkey: String(i + 1), parent: null, description: '' })),
    eventTypes: [{ name: 'Meet', color: '#ee8866', hotkey: 'm', parent: null, description: '', roles: [{ name: 'Entity', types: ['<ENTITY>'], cardinality: '*' }] }],
    relationTypes: [{ name: 'KNOWS', color: '#44bb99', description: '', arg1: { role: 'A', types: ['<ENTITY>'] }, arg2: { role: 'B', types: ['<ENTITY>'] }, symmetric: false, transitive: false }],
    // With the extra type the attribute goes (a forced change: the values stay, each a problem).
    attributes: extra.length > 0 ? [] : [{ name: 'Level', appliesTo: ['<ENTITY>'], values: ['NAM', 'NOM'] }],
  };
}

export type Op =
  | { k: 'as'; who: number; doc: number }
  | { k: 'create'; word: number; type: number }
  | { k: 'retype'; pick: number; type: number }
  | { k: 'note'; pick: number; note: string }
  | { k: 'attribute'; pick: number; value: number }
  | { k: 'delete'; pick: number }
  | { k: 'event'; word: number; arg: number }
  | { k: 'relation'; a: number; b: number }
  | { k: 'status'; status: number }
  | { k: 'import'; entities: [number, number][]; relate: boolean }
  | { k: 'exchange'; entities: [number, number][]; newer: boolean }
  | { k: 'schema'; drop: number[]; extra: boolean }
  | { k: 'undo' }
  | { k: 'redo' };

const idx = fc.nat({ max: 20 });
export const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('as' as const), who: fc.nat({ max: 1 }), doc: fc.nat({ max: 1 }) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('create' as const), word: idx, type: idx }), weight: 5 },
  { arbitrary: fc.record({ k: fc.constant('retype' as const), pick: idx, type: idx }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('note' as const), pick: idx, note: fc.constantFrom('', 'בדוק', 'check') }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('attribute' as const), pick: idx, value: fc.nat({ max: 2 }) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('delete' as const), pick: idx }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('event' as const), word: idx, arg: idx }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('relation' as const), a: idx, b: idx }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('status' as const), status: fc.nat({ max: 2 }) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('import' as const), entities: fc.array(fc.tuple(idx, idx), { maxLength: 3 }), relate: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('exchange' as const), entities: fc.array(fc.tuple(idx, idx), { maxLength: 3 }), newer: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('schema' as const), drop: fc.subarray([0, 1, 2, 3], { maxLength: 2 }), extra: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('undo' as const) }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('redo' as const) }), weight: 2 },
);

/** Refusals a user can meet (a duplicate, nothing to undo); anything else fails the property. */
function tolerated(e: unknown): boolean {
  if (!(e instanceof ServiceError)) return false;
  // An exchange copy whose types a forced schema change dropped is refused whole (one validation
  // for every way in): nothing changes, which the property checks like any other step.
  if (e.code === 'import-failed' && /not in the project's schema/.test(e.message)) return true;
  return ['conflict', 'invalid-argument', 'nothing-to-undo', 'nothing-to-redo', 'not-found'].includes(e.code);
}

export class Run {
  readonly service: QalamService;
  readonly docs: string[];
  private readonly dir: string;
  private who = 0;
  private doc = 0;
  private n = 0;

  constructor() {
    this.dir = tempDir('qalam-prop-');
    writeFiles(this.dir, { 'in/kz.txt': TEXTS[0]!, 'in/ar.txt': TEXTS[1]! });
    this.service = initProject(join(this.dir, 'p.qalam'), { now: fakeClock() });
    this.service.call('schema.replace', { json: JSON.stringify(schema()), force: true });
    const imported = this.service.call('documents.importPaths', { paths: [join(this.dir, 'in')] }).imported;
    this.docs = TEXTS.map((t) => imported.find((d) => d.length === [...t].length)!.id);
    this.service.call('session.setAnnotator', { name: ANNOTATORS[0]! });
  }

  /** The annotator the edits are made as now. */
  get annotator(): string {
    return ANNOTATORS[this.who]!;
  }

  get docId(): string {
    return this.docs[this.doc]!;
  }

  /** A word's span (start and end only: the service's strict arguments refuse a token's `kind`). */
  private word(i: number): { start: number; end: number } {
    const w = WORDS[this.doc]!;
    const { start, end } = w[i % w.length]!;
    return { start, end };
  }

  private types(): string[] {
    return this.service.call('session.get', {}).schema.entityTypes.map((t) => t.name);
  }

  private mine(pick: number): string | null {
    const list = this.service.call('mentions.list', { docId: this.docId });
    return list.length === 0 ? null : list[pick % list.length]!.id;
  }

  private record(entities: [number, number][], relate: boolean): Record<string, unknown> {
    const text = TEXTS[this.doc]!;
    const seen = new Set<string>();
    const ents = entities
      .map(([w, t]) => ({ ...this.word(w), type: ENTITY_TYPES[t % ENTITY_TYPES.length]! }))
      .filter((e) => !seen.has(`${e.type}${e.start}`) && seen.add(`${e.type}${e.start}`))
      .map((e, i) => ({ id: `T${i + 1}`, type: e.type, start: e.start, end: e.end, text: cpSlice(text, e.start, e.end) }));
    const relations = relate && ents.length >= 2 ? [{ id: 'R1', type: 'KNOWS', arg1: 'T1', arg2: 'T2' }] : [];
    return { id: `d${this.doc}`, name: `d${this.doc}`, text, annotator: ANNOTATORS[this.who], entities: ents, relations };
  }

  private history(method: 'history.undo' | 'history.redo', docId = this.docId): void {
    const r = this.service.call(method, { docId });
    expect(r.skipped, `${method} skipped a step`).toBeUndefined();
  }

  apply(o: Op): void {
    const s = this.service;
    try {
      switch (o.k) {
        case 'as':
          this.who = o.who;
          this.doc = o.doc;
          s.call('session.setAnnotator', { name: ANNOTATORS[o.who]! });
          return;
        case 'create': {
          const types = this.types();
          s.call('mentions.create', { docId: this.docId, type: types[o.type % types.length]!, ...this.word(o.word) });
          return;
        }
        case 'retype': {
          const id = this.mine(o.pick);
          const types = this.types();
          if (id !== null) s.call('mentions.update', { id, type: types[o.type % types.length]! });
          return;
        }
        case 'note': {
          const id = this.mine(o.pick);
          if (id !== null) s.call('notes.set', { target: { kind: 'mention', id }, note: o.note });
          return;
        }
        case 'attribute': {
          const id = this.mine(o.pick);
          if (id === null) return;
          if (o.value === 2) s.call('attributes.clear', { target: { kind: 'mention', id }, name: 'Level' });
          else s.call('attributes.set', { target: { kind: 'mention', id }, name: 'Level', value: o.value === 0 ? 'NAM' : 'NOM' });
          return;
        }
        case 'delete': {
          const id = this.mine(o.pick);
          if (id !== null) s.call('mentions.delete', { id });
          return;
        }
        case 'event': {
          const id = this.mine(o.arg);
          s.call('events.create', { docId: this.docId, type: 'Meet', ...this.word(o.word), arguments: id === null ? [] : [{ role: 'Entity', mentionId: id }] });
          return;
        }
        case 'relation': {
          const a = this.mine(o.a);
          const b = this.mine(o.b);
          if (a !== null && b !== null && a !== b) s.call('relations.create', { docId: this.docId, type: 'KNOWS', arg1: a, arg2: b });
          return;
        }
        case 'status':
          s.call('documents.setStatus', { docId: this.docId, status: (['not-started', 'in-progress', 'done'] as const)[o.status]! });
          return;
        case 'import': {
          const file = join(this.dir, `import-${this.n++}.jsonl`);
          writeFileSync(file, `${JSON.stringify(this.record(o.entities, o.relate))}\n`);
          s.call('import.run', { format: 'jsonl', paths: [file] });
          return;
        }
        case 'exchange': {
          // a colleague's newer copy (a revision far ahead: a million per exchange, more than any
          // run's own edits can raise a set by), or an older one replaced with force
          const folder = join(this.dir, `share-${this.n++}`);
          const rec = { ...this.record(o.entities, true), ...(o.newer ? { revision: { n: 1_000_000 * this.n, at: '2099-01-01T00:00:00.000Z' } } : {}) };
          writeFiles(folder, { [`${ANNOTATORS[this.who]!}/d.jsonl`]: `${JSON.stringify(rec)}\n` });
          const r = importExchange(s.store, [folder], { force: !o.newer }, fakeClock(Date.UTC(2025, 0, 1)));
          expect(r.kept).toEqual([]);
          return;
        }
        case 'schema':
          s.call('schema.replace', { json: JSON.stringify(schema(o.drop.map((i) => ENTITY_TYPES[i]!), o.extra ? ['ANIMAL'] : [])), force: true });
          return;
        case 'undo':
          this.history('history.undo');
          return;
        case 'redo':
          this.history('history.redo');
          return;
      }
    } catch (e) {
      if (!tolerated(e)) throw e;
    }
  }

  /** Undo (or redo) every set of every document as far as it goes; no step may be skipped. */
  all(method: 'history.undo' | 'history.redo'): void {
    for (const who of ANNOTATORS) {
      this.service.call('session.setAnnotator', { name: who });
      for (const docId of this.docs) {
        for (let n = 0; ; n++) {
          const state = this.service.call('history.state', { docId });
          if (!(method === 'history.undo' ? state.canUndo : state.canRedo)) break;
          if (n > 500) throw new Error(`${method} does not end`);
          this.history(method, docId);
        }
      }
    }
  }

  snapshot(): string {
    return exportNativeJsonl(this.service.store);
  }
}

