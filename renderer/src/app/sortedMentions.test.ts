import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EntityMention } from '../../../annotations/model';
import { compareMentions, patchSorted } from './sortedMentions';

const mention = (id: number, start: number, len: number, type: string): EntityMention => ({
  id: String(id),
  docId: 'd',
  type,
  start,
  end: start + len,
  annotator: 'a',
  origin: 'manual',
  createdAt: '',
  updatedAt: '',
});

describe('patchSorted', () => {
  it('gives what sorting the edited mentions again gives', () => {
    const arb = fc.array(fc.record({ start: fc.nat(30), len: fc.integer({ min: 1, max: 4 }), type: fc.constantFrom('PER', 'ORG', 'GPE') }), { maxLength: 40 });
    fc.assert(
      fc.property(arb, fc.array(fc.nat(60), { maxLength: 6 }), arb, (initial, removeAt, add) => {
        const all = initial.map((x, i) => mention(i + 1, x.start, x.len, x.type));
        const sorted = [...all].sort(compareMentions);
        const removed = [...new Set(removeAt)].flatMap((k) => all[k] ?? []);
        const added = add.map((x, i) => mention(1000 + i, x.start, x.len, x.type));
        const next = patchSorted(sorted, removed, added);
        const want = [...all.filter((m) => !removed.includes(m)), ...added].sort(compareMentions);
        expect(next.map((m) => [m.start, m.end, m.type])).toEqual(want.map((m) => [m.start, m.end, m.type]));
        expect(new Set(next)).toEqual(new Set(want));
        expect(sorted).toEqual([...all].sort(compareMentions));
      }),
      { numRuns: 300 },
    );
  });
});
