import { describe, expect, it } from 'vitest';
import type { NativeRecord } from './jsonl';
import { decodeTags, outermost, sequenceLabels } from './tokens';
import { bratFragments, writeBratAnn } from './brat';
import { parseBratAnn } from './bratRead';
import { writeSpacyLine } from './spacy';
import { writeDoccanoLine, parseDoccano } from './doccano';
import { writeEventsLine } from './events';
import { parseConll } from './conll';
import { writeConllDocument } from './conllWrite';
import { detectEncoding } from './encoding';
import { OffsetMap } from '../text';
import { graphemeIndex } from '../graphemes';
import { tokenize } from '../tokenize';
import { seededRandom as rng } from '../random';

const PIECES = ['ב', 'קזחסטן', 'בְּרֵאשִׁית', 'וكازاخستان', 'هاجمَ', 'שלום', 'Kazakhstan', '😀', '🇮🇱', '𝔸𝔹', '123', '.', ',', '״', ' ', ' ', ' ', '\n', 'צה"ל', '؟'];
const TYPES = ['PER', 'GPE', 'ORG', 'Conflict:Attack'];

function randomRecord(r: () => number, n: number): NativeRecord {
  let text = '';
  const len = 5 + Math.floor(r() * 40);
  for (let i = 0; i < len; i++) text += PIECES[Math.floor(r() * PIECES.length)];
  if (text.trim() === '') text += 'א';
  const map = new OffsetMap(text);
  const g = graphemeIndex(text);
  const b = g.boundaries();
  const entities: NativeRecord['entities'] = [];
  const count = Math.floor(r() * 8);
  for (let k = 0; k < count && b.length > 2; k++) {
    let i = Math.floor(r() * (b.length - 1));
    let j = i + 1 + Math.floor(r() * Math.min(6, b.length - 1 - i));
    // trim white space so that token tags can decode back exactly
    while (i < j && /\s/u.test(map.slice(b[i] as number, b[i + 1] as number))) i++;
    while (j > i && /\s/u.test(map.slice(b[j - 1] as number, b[j] as number))) j--;
    if (i >= j) continue;
    const start = b[i] as number;
    const end = b[j] as number;
    entities.push({ id: String(k + 1), type: TYPES[Math.floor(r() * TYPES.length)] as string, start, end, text: map.slice(start, end), ...(r() < 0.3 ? { attributes: { Level: 'NAM' } } : {}), ...(r() < 0.3 ? { note: r() < 0.5 ? 'a note' : 'multi\nline' } : {}) });
  }
  entities.sort((x, y) => x.start - y.start || x.end - y.end || (x.type < y.type ? -1 : 1));
  const events: NativeRecord['events'] = [];
  if (entities.length >= 2 && r() < 0.7) {
    const t = entities[0] as NativeRecord['entities'][number];
    events.push({ id: 'E1', type: 'Conflict:Attack', trigger: { start: t.start, end: t.end, text: t.text }, arguments: entities.slice(1, 4).map((e) => ({ role: r() < 0.5 ? 'Attacker' : 'Target', entity_id: e.id })), attributes: r() < 0.5 ? { Realis: 'Actual' } : {} });
  }
  const relations: NativeRecord['relations'] = entities.length >= 2 ? [{ id: 'R1', type: 'PHYS', arg1: (entities[0] as { id: string }).id, arg2: (entities[1] as { id: string }).id, attributes: {}, ...(r() < 0.5 ? { note: 'n' } : {}) }] : [];
  return { id: `d${n}`, name: `doc${n}`, text, lang: 'he', annotator: 'a', entities, events, relations, status: 'done' };
}

describe('format properties (seeded random documents)', () => {
  const docs = Array.from({ length: 300 }, (_, n) => randomRecord(rng(1000 + n), n));

  it('every exported span text equals the document slice (brat, spacy, doccano, events)', () => {
    for (const rec of docs) {
      const map = new OffsetMap(rec.text);
      const ann = writeBratAnn(rec, null);
      for (const line of ann.split('\n').filter((l) => l.startsWith('T'))) {
        const [, head = '', text] = line.split('\t');
        const frags = head.split(' ').slice(1).join(' ').split(';').map((f) => f.split(' ').map(Number) as [number, number]);
        expect(text).toBe(frags.map(([a, b]) => map.slice(a, b)).join(' '));
        for (const [a, b] of frags) expect(map.slice(a, b)).not.toContain('\n');
      }
      const sp = JSON.parse(writeSpacyLine(rec, { misaligned: 0, examples: [], notInEnts: 0 })) as { text: string; ents: [number, number, string][]; spans: { sc: [number, number, string][] } };
      expect(sp.spans.sc.map(([a, b]) => map.slice(a, b))).toEqual(rec.entities.map((e) => e.text));
      const dc = JSON.parse(writeDoccanoLine(rec, 1, false, 'codepoints')) as { label: [number, number, string][] };
      expect(dc.label.map(([a, b]) => [...rec.text].slice(a, b).join(''))).toEqual(rec.entities.map((e) => e.text));
      const d16 = JSON.parse(writeDoccanoLine(rec, 1, false)) as { label: [number, number, string][] };
      expect(d16.label.map(([a, b]) => rec.text.slice(a, b))).toEqual(rec.entities.map((e) => e.text));
      const ev = JSON.parse(writeEventsLine(rec)) as { tokens: string[]; token_offsets: [number, number][]; entity_mentions: { start: number; end: number; text: string }[] };
      ev.token_offsets.forEach(([a, b], i) => expect(map.slice(a, b)).toBe(ev.tokens[i]));
      for (const m of ev.entity_mentions) {
        const [a] = ev.token_offsets[m.start] as [number, number];
        const [, b] = ev.token_offsets[m.end - 1] as [number, number];
        expect(map.slice(a, b)).toBe(m.text);
      }
    }
  });

  it('brat write → parse is the identity on entities, events, relations, attributes and notes', () => {
    for (const rec of docs) {
      const ann = writeBratAnn(rec, null);
      const back = parseBratAnn(rec.text, rec.text, ann, 'x.ann', { names: new Map([['Conflict-Attack', 'Conflict:Attack']]) });
      const key = (ents: NativeRecord['entities'], id: string): string => {
        const e = ents.find((x) => x.id === id) as NativeRecord['entities'][number];
        return `${e.type}@${e.start}-${e.end}`;
      };
      const strip = (r: { entities: NativeRecord['entities']; events: NativeRecord['events']; relations: NativeRecord['relations'] }): unknown => ({
        entities: r.entities.map(({ id: _id, ...e }) => e).sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : 1)),
        events: r.events.map(({ id: _id, ...e }) => ({ ...e, arguments: e.arguments.map((a) => ({ role: a.role, e: key(r.entities, a.entity_id as string) })) })),
        relations: r.relations.map(({ id: _id, ...x }) => ({ ...x, arg1: key(r.entities, x.arg1), arg2: key(r.entities, x.arg2) })),
      });
      expect(back.warnings).toEqual([]);
      expect(strip(back)).toEqual(strip(rec));
    }
  });

  it('morph-granularity BIO and BIOES tags decode back to the outermost entities', () => {
    for (const scheme of ['bio', 'bioes'] as const) {
      for (const rec of docs) {
        const r = sequenceLabels(rec.text, rec.entities, { scheme, granularity: 'morph' });
        const toks = r.sentences.flat();
        const decoded = decodeTags(toks.map((t) => t.tag)).map((e) => ({ type: e.type, start: (toks[e.start] as { start: number }).start, end: (toks[e.end - 1] as { end: number }).end }));
        const { kept } = outermost(rec.entities);
        expect(decoded).toEqual(kept.map((e) => ({ type: e.type, start: e.start, end: e.end })));
        expect(r.empty).toBe(0);
      }
    }
  });

  it('conll write → parse keeps the outermost entities’ texts and types', () => {
    for (const rec of docs.slice(0, 100)) {
      const report = { extended: 0, dropped: 0, empty: 0 };
      const text = writeConllDocument(rec, { scheme: 'bioes', granularity: 'morph' }, report);
      const back = parseConll(text, 'x.conll', 'x');
      const got = back.flatMap((d) => d.entities.map((e) => `${e.type}:${e.text.replace(/\s/g, '')}`));
      const want = outermost(rec.entities).kept.map((e) => `${e.type}:${e.text.replace(/\s/g, '')}`);
      expect(got).toEqual(want);
    }
  });
});

describe('formats: details', () => {
  it('a span across a line break becomes brat fragments', () => {
    const map = new OffsetMap('אב\nגד');
    expect(bratFragments(map, 0, 5)).toEqual([{ start: 0, end: 2 }, { start: 3, end: 5 }]);
  });

  it('brat offsets on a CRLF text are mapped to the LF text', () => {
    const raw = 'אב\r\nגד הו';
    const r = parseBratAnn(raw, 'אב\nגד הו', 'T1\tPER 4 6\tגד\n', 'a.ann');
    expect(r.entities).toEqual([{ id: 'T1', type: 'PER', start: 3, end: 5, text: 'גד' }]);
  });

  it('decodeTags reads BIO, IOB1 and BIOES', () => {
    expect(decodeTags(['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC'])).toEqual([
      { start: 0, end: 2, type: 'PER' },
      { start: 2, end: 3, type: 'PER' },
      { start: 4, end: 5, type: 'LOC' },
    ]);
    expect(decodeTags(['S-PER', 'B-LOC', 'I-LOC', 'E-LOC', 'S-LOC'])).toEqual([
      { start: 0, end: 1, type: 'PER' },
      { start: 1, end: 4, type: 'LOC' },
      { start: 4, end: 5, type: 'LOC' },
    ]);
  });

  it('token granularity extends sub-word entities and counts them; nested ones are dropped', () => {
    const text = 'נשיא בקזחסטן';
    const r = sequenceLabels(text, [{ start: 6, end: 12, type: 'GPE' }, { start: 7, end: 9, type: 'X' }], { scheme: 'bio', granularity: 'token' });
    expect(r.sentences.flat().map((t) => t.tag)).toEqual(['O', 'B-GPE']);
    expect([r.extended, r.dropped]).toEqual([1, 1]);
    expect(tokenize(text)).toHaveLength(2);
  });

  it('a malformed conll or doccano line names file and line', () => {
    expect(() => parseConll('a\tO\nb\tX-PER\n', 'f.conll', 'f')).toThrow(/f\.conll:2: "X-PER" is not a BIO/);
    expect(() => parseDoccano('{"text":"ab","label":[[0,9,"X"]]}\n', 'd.jsonl', 'd')).toThrow(/d\.jsonl:1: label #1: offsets 0, 9/);
  });

  it('detects legacy encodings and leaves Latin-1 alone', () => {
    expect(detectEncoding(Uint8Array.from([0xf9, 0xec, 0xe5, 0xed]))).toBe('windows-1255');
    expect(detectEncoding(Uint8Array.from([0xe3, 0xd1, 0xcd, 0xc8, 0xc7]))).toBe('windows-1256');
    expect(detectEncoding(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toBeNull();
    expect(detectEncoding(new TextEncoder().encode('שלום'))).toBe('utf-8');
  });

  it('keeps mostly-UTF-8 text UTF-8 (one bad byte, or cut in a letter), never Windows-1256', () => {
    const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
    expect(detectEncoding(Uint8Array.from([...utf8('שלום עולם '), 0xff, 0x0a]))).toBe('utf-8');
    expect(detectEncoding(Uint8Array.from(utf8('مرحبا بالعالم').slice(0, -1)))).toBe('utf-8');
    expect(detectEncoding(Uint8Array.from(utf8('שלום עולם').slice(0, -1)))).toBe('utf-8');
    // Hebrew in Windows-1255 with Hebrew punctuation that happens to form valid UTF-8 pairs.
    expect(detectEncoding(Uint8Array.from([0xf9, 0xec, 0xe5, 0xed, 0x20, 0xf2, 0xe5, 0xec, 0xed, 0x20, 0xe4, 0x96, 0x20, 0xf2, 0xf8, 0xe1]))).toBe('windows-1255');
    // Arabic in Windows-1256 with an Arabic comma (0xA1) after a letter: one valid UTF-8 pair.
    expect(detectEncoding(Uint8Array.from([0xe3, 0xd1, 0xcd, 0xc8, 0xc7, 0x20, 0xc8, 0xc7, 0xe1, 0xda, 0xc7, 0xe1, 0xe3, 0xa1]))).toBe('windows-1256');
    expect(detectEncoding(Uint8Array.from([0xff, 0xfe, 0x61, 0x00]))).toBe('utf-16le');
    expect(detectEncoding(Uint8Array.from([0xfe, 0xff, 0x00, 0x61]))).toBe('utf-16be');
  });
});
