// Reads the fixtures under test/fixtures (the core itself reads no files).
// eslint-disable-next-line no-restricted-imports
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeBratAnn } from './brat';
import { bratFacts } from './bratFacts';
import { parseBratAnn } from './bratRead';
import { parseBratConf } from './bratconf';
import { parseNativeJsonl, stringifyNativeRecord, type NativeRecord } from './jsonl';
import { OffsetMap } from '../text';

const FIXTURES = new URL('../../test/fixtures/', import.meta.url).pathname;
const join = (...parts: string[]): string => parts.join('/').replace(/\/+/g, '/');

function record(text: string, ann: string, file: string, schemaText?: string): { rec: NativeRecord; warnings: string[]; normalizations: number } {
  const schema = schemaText === undefined ? null : parseBratConf(schemaText, 'annotation.conf');
  const p = parseBratAnn(text, text, ann, file, { schema });
  return {
    rec: { id: 'd', name: file, text, lang: 'other', annotator: 'a', entities: p.entities, events: p.events, relations: p.relations, status: 'not-started' },
    warnings: p.warnings,
    normalizations: p.normalizations,
  };
}

/** brat → record → brat, and the same again through native JSONL. */
function roundTrip(dir: string, stem: string): { before: string[]; after: string[]; viaJsonl: string[]; warnings: string[]; rec: NativeRecord; out: string } {
  const text = readFileSync(join(dir, `${stem}.txt`), 'utf8');
  const ann = readFileSync(join(dir, `${stem}.ann`), 'utf8');
  const conf = readFileSync(join(dir, 'annotation.conf'), 'utf8');
  const { rec, warnings } = record(text, ann, `${stem}.ann`, conf);
  const schema = parseBratConf(conf, 'annotation.conf');
  const out = writeBratAnn(rec, schema, new OffsetMap(text));
  const [back] = parseNativeJsonl(stringifyNativeRecord(rec), 'x.jsonl');
  const viaJsonl = writeBratAnn(back as NativeRecord, schema, new OffsetMap(text));
  return { before: bratFacts(ann), after: bratFacts(out), viaJsonl: bratFacts(viaJsonl), warnings, rec, out };
}

describe('brat: what does not fit entity-only arguments (BioNLP shape)', () => {
  const dir = join(FIXTURES, 'brat-bionlp');

  it('keeps events as arguments, relations to events, normalisations, fragments and shared triggers, and writes the same annotations back', () => {
    const { before, after, viaJsonl, warnings, rec, out } = roundTrip(dir, 'PMID-9778388');
    expect(warnings).toEqual([]);
    // events as arguments
    const e3 = rec.events.find((e) => e.id === 'E3');
    expect(e3?.arguments).toEqual([
      { role: 'Theme', event_id: 'E1' },
      { role: 'Cause', event_id: 'E4' },
    ]);
    expect(rec.events.find((e) => e.id === 'E10')?.arguments.map((a) => [a.role, a.event_id ?? a.entity_id])).toEqual([
      ['Theme', 'E8'],
      ['Theme', 'E9'],
      ['Cause', 'T12'],
    ]);
    // relations with event ends
    expect(rec.relations.find((r) => r.id === 'R2')).toMatchObject({ arg1: 'E4', arg1_kind: 'event', arg2: 'E3', arg2_kind: 'event' });
    expect(rec.relations.find((r) => r.id === 'R3')).toMatchObject({ arg1: 'E2', arg1_kind: 'event', arg2: 'T3' });
    expect(rec.relations.find((r) => r.id === 'R3')?.arg2_kind).toBeUndefined();
    // normalisations
    expect(rec.entities.find((e) => e.id === 'T1')?.normalizations).toEqual([
      { resource: 'HGNC', id: '6001', text: 'IL2' },
      { resource: 'UniProt', id: 'P60568', text: 'Interleukin-2' },
    ]);
    expect(rec.entities.find((e) => e.id === 'T8')?.normalizations).toEqual([{ resource: 'UniProt', id: 'Q12933' }]);
    // a discontinuous entity: its pieces, not the words between them
    const t10 = rec.entities.find((e) => e.id === 'T10');
    expect(t10?.fragments).toEqual([
      { start: 296, end: 302 },
      { start: 315, end: 321 },
    ]);
    expect(out).toMatch(/\tCancer 296 302;315 321\tBreast cancer\n/);
    // shared triggers: written once
    const tLines = (s: string): number => s.split('\n').filter((l) => l.startsWith('T')).length;
    expect(tLines(out)).toBe(tLines(readFileSync(join(dir, 'PMID-9778388.ann'), 'utf8')));
    expect(after).toEqual(before);
    expect(viaJsonl).toEqual(before);
  });

  it("brat's own tutorial collection (events as arguments, a normalisation) comes back with the same annotations", () => {
    const news = join(FIXTURES, 'brat-news');
    let events = 0;
    for (const f of readdirSync(news).filter((x) => x.endsWith('.ann'))) {
      const { before, after, viaJsonl, warnings, rec } = roundTrip(news, f.slice(0, -4));
      expect(warnings, f).toEqual([]);
      expect(after, f).toEqual(before);
      expect(viaJsonl, f).toEqual(before);
      events += rec.events.reduce((n, e) => n + e.arguments.filter((a) => a.event_id !== undefined).length, 0);
    }
    expect(events).toBeGreaterThan(0);
  });

  it('a normalisation of an event or a trigger is reported, never dropped silently; one of nothing is refused', () => {
    const text = 'IL-2 expression rose.\n';
    const ann = 'T1\tProtein 0 4\tIL-2\nT2\tGene_expression 5 15\texpression\nE1\tGene_expression:T2 Theme:T1\nN1\tReference E1 GO:0010467\tgene expression\nN2\tReference T2 GO:0010467\n';
    const { warnings, normalizations } = record(text, ann, 'x.ann');
    expect(normalizations).toBe(0);
    expect(warnings).toEqual([
      expect.stringMatching(/^x\.ann:4: normalisation N1 of E1 dropped .*an event/),
      expect.stringMatching(/^x\.ann:5: normalisation N2 of T2 dropped .*an event trigger/),
    ]);
    expect(() => record(text, `${ann}N3\tReference T9 GO:1\tx\n`, 'x.ann')).toThrow(/x\.ann:6: normalisation N3: T9 is not an annotation/);
    expect(() => record(text, 'T1\tProtein 0 4\tIL-2\nN1\tReference T1\tx\n', 'x.ann')).toThrow(/x\.ann:2: normalisation N1: expected/);
  });

  it('fragments separated only by a line break are one span; touching fragments are joined with a warning', () => {
    const text = 'New\nYork and Paris\n';
    const a = record(text, 'T1\tGPE 0 3;4 8\tNew York\n', 'a.ann');
    expect(a.rec.entities[0]).toMatchObject({ start: 0, end: 8 });
    expect(a.rec.entities[0]?.fragments).toBeUndefined();
    expect(writeBratAnn(a.rec, null)).toBe('T1\tGPE 0 3;4 8\tNew York\n');
    const b = record(text, 'T1\tGPE 4 6;6 8\tYo rk\n', 'b.ann');
    expect(b.rec.entities[0]).toMatchObject({ start: 4, end: 8 });
    expect(b.warnings).toEqual([expect.stringMatching(/b\.ann:1: T1: fragments 4–6 and 6–8 touch or overlap; joined/)]);
  });

  it('an argument pointing at the event itself, or at nothing, is refused naming the line', () => {
    const text = 'IL-2 expression rose.\n';
    expect(() => record(text, 'T1\tProtein 0 4\tIL-2\nT2\tGene_expression 5 15\texpression\nE1\tGene_expression:T2 Theme:E1\n', 'x.ann')).toThrow(/x\.ann:3: event E1: argument Theme points at the event itself/);
    expect(() => record(text, 'T1\tProtein 0 4\tIL-2\nT2\tGene_expression 5 15\texpression\nE1\tGene_expression:T2 Theme:E7\n', 'x.ann')).toThrow(/x\.ann:3: .*E7, which is not in this file/);
    expect(() => record(text, 'T1\tProtein 0 4\tIL-2\nR1\tX Arg1:T1 Arg2:E4\n', 'x.ann')).toThrow(/x\.ann:2: relation R1: E4 is not an entity or event/);
  });

  it('property: random events over events, relations to events, fragments and normalisations survive write → parse → write', () => {
    const text = 'אבג 👨🏻‍🚒 de\u200ff ghi‏ jkl مرحبا بِكُم mno pqr\nstu vwx yz\n';
    const map = new OffsetMap(text);
    // word spans of the text (never splitting a grapheme)
    const words: { start: number; end: number }[] = [];
    let cp = 0;
    let ws = -1;
    for (const ch of text) {
      const space = /\s|\u200f/.test(ch);
      if (!space && ws < 0) ws = cp;
      if (space && ws >= 0) {
        words.push({ start: ws, end: cp });
        ws = -1;
      }
      cp++;
    }
    const wordArb = fc.integer({ min: 0, max: words.length - 1 });
    const entityArb = fc.record({
      w: wordArb,
      w2: fc.option(wordArb, { nil: undefined }),
      type: fc.constantFrom('PER', 'ORG', 'Food'),
      norm: fc.option(fc.constantFrom('MESH:D1', 'HGNC:6001', 'Wikipedia:64488'), { nil: undefined }),
    });
    const arb = fc.record({
      ents: fc.array(entityArb, { minLength: 1, maxLength: 8 }),
      evs: fc.array(fc.record({ w: wordArb, type: fc.constantFrom('Attack', 'Report'), args: fc.array(fc.record({ role: fc.constantFrom('Theme', 'Cause'), target: fc.nat(), event: fc.boolean() }), { maxLength: 3 }) }), { maxLength: 6 }),
      rels: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), ae: fc.boolean(), be: fc.boolean() }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(arb, ({ ents, evs, rels }) => {
        const entities = ents.map((e, i) => {
          const a = words[e.w] as { start: number; end: number };
          const b = e.w2 === undefined ? a : (words[e.w2] as { start: number; end: number });
          const [x, y] = a.start <= b.start ? [a, b] : [b, a];
          const gapText = map.slice(x.end, y.start);
          const frag = x.end < y.start && !/^\n+$/.test(gapText) ? [{ ...x }, { ...y }] : undefined;
          const start = x.start;
          const end = y.end;
          return {
            id: `T${i + 1}`,
            type: e.type,
            start,
            end,
            text: map.slice(start, end),
            ...(frag ? { fragments: frag } : {}),
            ...(e.norm ? { normalizations: [{ resource: e.norm.split(':')[0] as string, id: e.norm.split(':')[1] as string, text: 'n' }] } : {}),
          };
        });
        const events = evs.map((e, i) => {
          const w = words[e.w] as { start: number; end: number };
          return {
            id: `E${i + 1}`,
            type: e.type,
            trigger: { start: w.start, end: w.end, text: map.slice(w.start, w.end) },
            arguments: e.args
              .filter((a) => !a.event || evs.length > 1)
              .map((a) => (a.event ? { role: a.role, event_id: `E${((i + 1 + (a.target % (evs.length - 1))) % evs.length) + 1}` } : { role: a.role, entity_id: `T${(a.target % entities.length) + 1}` })),
            attributes: {},
          };
        });
        const relations = rels
          .map((r, i) => {
            const ae = r.ae && events.length > 0;
            const be = r.be && events.length > 0;
            const arg1 = ae ? `E${(r.a % events.length) + 1}` : `T${(r.a % entities.length) + 1}`;
            const arg2 = be ? `E${(r.b % events.length) + 1}` : `T${(r.b % entities.length) + 1}`;
            return { id: `R${i + 1}`, type: 'Rel', arg1, arg2, ...(ae ? { arg1_kind: 'event' as const } : {}), ...(be ? { arg2_kind: 'event' as const } : {}), attributes: {} };
          })
          .filter((r) => r.arg1 !== r.arg2);
        const rec: NativeRecord = { id: 'd', name: 'd', text, lang: 'other', annotator: 'a', entities, events, relations, status: 'not-started' };
        const ann = writeBratAnn(rec, null, map);
        const parsed = parseBratAnn(text, text, ann, 'p.ann');
        expect(parsed.warnings).toEqual([]);
        const back: NativeRecord = { ...rec, entities: parsed.entities, events: parsed.events, relations: parsed.relations };
        expect(bratFacts(writeBratAnn(back, null, map))).toEqual(bratFacts(ann));
        // every entity keeps its pieces and normalisations
        for (const e of entities) {
          expect(parsed.entities.some((p) => p.type === e.type && p.start === e.start && p.end === e.end && JSON.stringify(p.fragments) === JSON.stringify(e.fragments) && JSON.stringify(p.normalizations) === JSON.stringify(e.normalizations))).toBe(true);
        }
        expect(parsed.events.length).toBe(events.length);
        expect(parsed.relations.length).toBe(relations.length);
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });
});
