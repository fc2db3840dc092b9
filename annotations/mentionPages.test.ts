import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EntityMention } from './model';
import { MentionPacker, packMentionPages, unpackMentionPages, type MentionPage } from './mentionPages';
import { isCoreError } from './errors';

const byId = (a: EntityMention, b: EntityMention) => Number(a.id) - Number(b.id);

function plain(i: number, id = i + 1): EntityMention {
  return {
    id: String(id),
    docId: 'd1',
    type: ['PER', 'ORG', 'GPE'][i % 3] as string,
    start: i * 7,
    end: i * 7 + 1 + (i % 5),
    annotator: 'dana',
    origin: 'manual',
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1_234).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 1_234 + (i % 4) * 60_000).toISOString(),
  };
}

const mentionArb = fc
  .record({
    id: fc.integer({ min: 1, max: 2 ** 40 }),
    type: fc.constantFrom('PER', 'ORG', 'GPE', 'Movement:Transport', 'שם'),
    start: fc.nat(5_000_000),
    length: fc.integer({ min: 1, max: 200 }),
    annotator: fc.constantFrom('dana', 'gold', 'بلال'),
    origin: fc.constantFrom('manual', 'import', 'suggested'),
    created: fc.integer({ min: -1e12, max: 4e12 }),
    updatedAfter: fc.integer({ min: 0, max: 1e10 }),
    rawTime: fc.option(fc.constantFrom('2026-01-01 10:00:00', '2026-01-01T10:00:00Z', '', '2026-01-01T10:00:00.000+00:00'), { nil: undefined }),
    attributes: fc.option(fc.dictionary(fc.constantFrom('Level', 'Uncertain'), fc.oneof(fc.constant(true as const), fc.constantFrom('NAM', 'NOM'))), { nil: undefined }),
    note: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
    fragments: fc.option(fc.constant([{ start: 0, end: 2 }, { start: 5, end: 9 }]), { nil: undefined }),
    normalizations: fc.option(fc.constant([{ resource: 'Wikidata', id: 'Q1218' }]), { nil: undefined }),
    provenance: fc.option(fc.constant({ action: 'accepted' as const, sources: [{ annotator: 'dana', id: '7' }], at: '2026-01-01T00:00:00.000Z' }), { nil: undefined }),
  })
  .map((r): EntityMention => {
    const m: EntityMention = {
      id: String(r.id),
      docId: 'doc-א',
      type: r.type,
      start: r.start,
      end: r.start + r.length,
      annotator: r.annotator,
      origin: r.origin as EntityMention['origin'],
      createdAt: r.rawTime ?? new Date(r.created).toISOString(),
      updatedAt: r.rawTime ?? new Date(r.created + r.updatedAfter).toISOString(),
    };
    if (r.attributes && Object.keys(r.attributes).length > 0) m.attributes = r.attributes;
    if (r.note !== undefined) m.note = r.note;
    if (r.provenance) m.provenance = { ...r.provenance, sources: r.provenance.sources.map((x) => ({ ...x })) };
    if (r.fragments) m.fragments = r.fragments.map((x) => ({ ...x }));
    if (r.normalizations) m.normalizations = r.normalizations.map((x) => ({ ...x }));
    return m;
  });

describe('mention pages', () => {
  it('reassemble exactly the mentions packed, in id order, across any page size', () => {
    fc.assert(
      fc.property(fc.uniqueArray(mentionArb, { selector: (m) => m.id, maxLength: 60 }), fc.integer({ min: 1, max: 25 }), (mentions, size) => {
        const pages = packMentionPages('doc-א', '3:2026-01-01T00:00:00.000Z:' + mentions.length, mentions, size);
        expect(pages).toHaveLength(Math.max(1, Math.ceil(mentions.length / size)));
        // What crosses the bridge is JSON: the pages are read back from it.
        const back = unpackMentionPages(JSON.parse(JSON.stringify(pages)) as MentionPage[]);
        expect(back).toEqual([...mentions].sort(byId));
        for (const [i, m] of back.entries()) expect(Object.keys(m)).toEqual(Object.keys([...mentions].sort(byId)[i]!));
      }),
      { numRuns: 200 },
    );
  });

  it('an empty set is one page', () => {
    const pages = packMentionPages('d1', '0::0', []);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.next).toBeNull();
    expect(unpackMentionPages(pages)).toEqual([]);
  });

  it('are a fraction of the objects as JSON', () => {
    const mentions = Array.from({ length: 5_000 }, (_, i) => plain(i));
    const pages = packMentionPages('d1', '1::5000', mentions);
    expect(JSON.stringify(pages).length).toBeLessThan(JSON.stringify(mentions).length / 3);
  });

  it('refuse pages that are not one reading of one set', () => {
    const mentions = Array.from({ length: 10 }, (_, i) => plain(i));
    const pages = packMentionPages('d1', '1::10', mentions, 4);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isCoreError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => unpackMentionPages(pages))).toBe('none');
    // a page missing
    expect(code(() => unpackMentionPages([pages[0]!, pages[2]!]))).toBe('conflict');
    expect(code(() => unpackMentionPages(pages.slice(0, 2)))).toBe('conflict');
    // another revision of the set
    const other = packMentionPages('d1', '2::10', mentions, 4);
    expect(code(() => unpackMentionPages([pages[0]!, other[1]!, pages[2]!]))).toBe('conflict');
    // another document
    expect(code(() => unpackMentionPages([pages[0]!, { ...pages[1]!, docId: 'd2' }, pages[2]!]))).toBe('conflict');
    // a count that does not add up
    expect(code(() => unpackMentionPages(packMentionPages('d1', '1::10', mentions.slice(1), 4).map((p) => ({ ...p, total: 10 }))))).toBe('conflict');
    // malformed
    expect(code(() => unpackMentionPages([{ ...pages[0]!, next: null, total: 4, starts: [1] }]))).toBe('invalid-argument');
    expect(code(() => unpackMentionPages([]))).toBe('invalid-argument');
  });

  it('refuse mentions out of id order or of another document', () => {
    const packer = new MentionPacker({ docId: 'd1', revision: 'r', total: 2 });
    packer.add(plain(1, 5));
    expect(() => packer.add(plain(2, 5))).toThrow(/not an integer after 5/);
    expect(() => packer.add({ ...plain(3, 9), docId: 'd2' })).toThrow(/document d2/);
  });
});
