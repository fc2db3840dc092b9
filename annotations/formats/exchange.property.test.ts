/**
 * Property tests: random documents (Hebrew, Arabic, Latin, characters outside the BMP, emoji
 * sequences, RLM/LRM, combining marks) with random nested and overlapping entities on grapheme
 * boundaries survive doccano (both units, both variants), Label Studio, Prodigy and spaCy
 * round trips exactly.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NativeEntity, NativeRecord } from './jsonl';
import { OffsetMap } from '../text';
import { graphemeIndex } from '../graphemes';
import { parseDoccano, writeDoccanoLine } from './doccano';
import { parseLabelStudio, writeLabelStudioTask } from './labelstudio';
import { parseSpanJsonl } from './prodigy';
import { writeSpacyLine } from './spacy';
import { ImportLedger } from './report';

const PIECES = ['ש', 'ל', 'ו', 'ם', 'בּ', 'שָׁ', 'ع', 'مّ', 'ر', 'ب', 'a', 'Z', ' ', ' ', '\n', '.', ',', '\u200f', '\u200e', '😀', '𝔸', '👨🏻‍🚒', '🇯🇴', 'e\u0301', '\u{20000}', '5'];
const TYPES = ['PER', 'GPE', 'ORG', 'LOC'];

const arbRecord: fc.Arbitrary<NativeRecord> = fc
  .tuple(
    fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...TYPES), fc.option(fc.constantFrom('Specific', 'Generic', true), { nil: undefined }), fc.option(fc.constantFrom('note', 'הערה\nשנייה'), { nil: undefined })), { maxLength: 12 }),
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('PHYS', 'PART-WHOLE')), { maxLength: 4 }),
  )
  .map(([pieces, spans, rels]) => {
    const text = pieces.join('');
    const map = new OffsetMap(text);
    const bounds = graphemeIndex(text).boundaries();
    const entities: NativeEntity[] = [];
    const seen = new Set<string>();
    for (const [a, b, type, attr, note] of spans) {
      let s = bounds[a % bounds.length] as number;
      let e = bounds[b % bounds.length] as number;
      if (s === e) continue;
      if (s > e) [s, e] = [e, s];
      const key = `${s}:${e}:${type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ent: NativeEntity = { id: `T${entities.length + 1}`, type, start: s, end: e, text: map.slice(s, e) };
      if (attr !== undefined) ent.attributes = attr === true ? { Negated: true } : { Specificity: String(attr) };
      if (note !== undefined) ent.note = note;
      entities.push(ent);
    }
    const relations: NativeRecord['relations'] =
      entities.length < 2
        ? []
        : rels.map(([a, b, type], k) => ({ id: `R${k + 1}`, type, arg1: (entities[a % entities.length] as NativeEntity).id, arg2: (entities[b % entities.length] as NativeEntity).id, attributes: {} }));
    return { id: 'd1', name: 'doc', text, lang: 'he', annotator: 'dana', entities, events: [], relations, status: 'not-started' } satisfies NativeRecord;
  });

/** Entities as type@start-end (with attributes and note when asked), sorted; relations by their ends. */
function key(rec: Pick<NativeRecord, 'entities' | 'relations'>, extras: boolean): { entities: string[]; relations: string[] } {
  const at = new Map(rec.entities.map((e) => [e.id, `${e.type}@${e.start}-${e.end}`] as const));
  return {
    entities: rec.entities.map((e) => `${e.type}@${e.start}-${e.end}:${e.text}${extras ? ` ${JSON.stringify(e.attributes ?? {})} ${e.note ?? ''}` : ''}`).sort(),
    relations: rec.relations.map((r) => `${r.type} ${at.get(r.arg1)} ${at.get(r.arg2)}`).sort(),
  };
}

const RUNS = { numRuns: 300 };

describe('exchange formats round trip (property)', () => {
  it('doccano, UTF-16 and code points, with and without relations', () => {
    fc.assert(
      fc.property(arbRecord, fc.constantFrom('utf16' as const, 'codepoints' as const), fc.boolean(), (rec, unit, rel) => {
        const ledger = new ImportLedger();
        const [back] = parseDoccano(`${writeDoccanoLine(rec, 1, rel, unit)}\n`, 'd.jsonl', 'd', { offsets: unit, ledger });
        const k = key(rec, false);
        expect(key(back as NativeRecord, false)).toEqual({ entities: k.entities, relations: rel ? k.relations : [] });
        expect(back?.text).toBe(rec.text);
        expect(ledger.losses).toEqual([]);
      }),
      RUNS,
    );
  });

  it('Label Studio (entities, attributes, notes, relations)', () => {
    fc.assert(
      fc.property(arbRecord, (rec) => {
        const ledger = new ImportLedger();
        const json = `[\n${writeLabelStudioTask(rec, 1, { events: 0, arguments: 0, relationAttributes: 0, relationNotes: 0, documentMeta: 0 })}\n]\n`;
        const warnings: string[] = [];
        const [back] = parseLabelStudio(json, 'ls.json', 'ls', { ledger, warnings });
        expect(key(back as NativeRecord, true)).toEqual(key(rec, true));
        expect(back?.annotator).toBe('dana');
        expect(ledger.losses).toEqual([]);
        expect(warnings).toEqual([]);
      }),
      RUNS,
    );
  });

  it('Prodigy spans and spaCy ents/spans', () => {
    fc.assert(
      fc.property(arbRecord, (rec) => {
        const prodigy = JSON.stringify({ text: rec.text, spans: rec.entities.map((e) => ({ start: e.start, end: e.end, label: e.type })), answer: 'accept', _input_hash: 1, _task_hash: 2 });
        const [p] = parseSpanJsonl(`${prodigy}\n`, 'p.jsonl', 'p', 'prodigy');
        expect(key(p as NativeRecord, false).entities).toEqual(key(rec, false).entities);
        const ledger = new ImportLedger();
        const [s] = parseSpanJsonl(`${writeSpacyLine(rec, { misaligned: 0, examples: [], notInEnts: 0 })}\n`, 's.jsonl', 's', 'spacy', { ledger });
        expect(key(s as NativeRecord, false).entities).toEqual(key(rec, false).entities);
        expect(s?.annotator).toBe('dana');
        expect(ledger.losses).toEqual([]);
      }),
      RUNS,
    );
  });
});
