import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type QalamService } from '../../electron/service';
import { writeFiles } from '../store/helpers';
import { closeProjects, freshProject } from './project';

let dir: string;
let service: QalamService;

beforeEach(() => ({ dir, service } = freshProject()));
afterEach(closeProjects);

describe('import report', () => {
  it('counts, per kind, the annotations read and kept (native JSONL with events, relations, attributes, notes)', () => {
    const rec = {
      id: 'x',
      name: 'n',
      text: 'Dana met Omer in Haifa',
      lang: 'other',
      annotator: 'a',
      entities: [
        { id: 'T1', type: 'PER', start: 0, end: 4, text: 'Dana', attributes: { Negated: true }, note: 'n1' },
        { id: 'T2', type: 'PER', start: 9, end: 13, text: 'Omer' },
      ],
      events: [{ id: 'E1', type: 'Meet', trigger: { start: 5, end: 8, text: 'met' }, arguments: [{ role: 'Entity', entity_id: 'T1' }, { role: 'Entity', entity_id: 'T2' }], attributes: {} }],
      relations: [{ id: 'R1', type: 'Knows', arg1: 'T1', arg2: 'T2', attributes: {} }],
      status: 'done',
      note: 'doc note',
    };
    writeFiles(dir, { 'a.jsonl': `${JSON.stringify(rec)}\n` });
    const r = service.call('import.run', { format: 'jsonl', paths: [join(dir, 'a.jsonl')] });
    expect(r.counts.entities).toEqual({ read: 2, kept: 2 });
    expect(r.counts.events).toEqual({ read: 1, kept: 1 });
    expect(r.counts.arguments).toEqual({ read: 2, kept: 2 });
    expect(r.counts.relations).toEqual({ read: 1, kept: 1 });
    expect(r.counts.attributes).toEqual({ read: 1, kept: 1 });
    expect(r.counts.notes).toEqual({ read: 2, kept: 2 });
    expect(r.losses).toEqual([]);
  });
});
