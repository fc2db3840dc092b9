import { describe, it, expect } from 'vitest';
import { parseNativeJsonl, stringifyNativeRecord, toNativeRecord, type NativeRecord } from './jsonl';
import { CoreError } from '../errors';
import type { DocumentMeta, DocumentRecord, EntityMention, EventMention, Relation } from '../model';

const text = '𝔸😀 נשיא קזחסטן קאסים-ז׳ומרט טוקאייב\nأعلنت الرئاسة في كازخستان';

const doc: DocumentRecord = {
  id: 'd1',
  name: 'kaz.txt',
  sourcePath: '/tmp/kaz.txt',
  sha256: 'x'.repeat(64),
  lang: 'he',
  dir: 'rtl',
  length: [...text].length,
  importedAt: '2024-01-01T00:00:00.000Z',
  text,
};

function mention(id: string, type: string, start: number, end: number, annotator = 'dana', docId = 'd1'): EntityMention {
  return { id, docId, type, start, end, annotator, origin: 'manual', createdAt: 't', updatedAt: 't' };
}

const cps = [...text];
const at = (s: string): number => {
  const u = text.indexOf(s);
  return [...text.slice(0, u)].length;
};

describe('toNativeRecord', () => {
  const gpe = mention('m2', 'GPE', at('קזחסטן'), at('קזחסטן') + 6);
  const per = mention('m1', 'PER', at('קאסים'), at('טוקאייב') + 7);
  const ar = mention('m3', 'GPE', at('كازخستان'), at('كازخستان') + 8);
  const other = mention('m4', 'PER', 0, 1, 'yossi');

  it('builds a record for one annotator, sorted, with code point offsets and slices', () => {
    const rec = toNativeRecord(doc, 'dana', [ar, per, other, gpe]);
    expect(rec.annotator).toBe('dana');
    expect(rec.entities.map((e) => e.id)).toEqual(['m2', 'm1', 'm3']);
    expect(rec.entities[0]).toEqual({ id: 'm2', type: 'GPE', start: 8, end: 14, text: 'קזחסטן' });
    expect(rec.entities[1]?.text).toBe('קאסים-ז׳ומרט טוקאייב');
    expect(rec.entities[2]?.text).toBe('كازخستان');
    expect(rec.events).toEqual([]);
    expect(rec.relations).toEqual([]);
  });

  it('sorts by start, then end, type and id', () => {
    const a = mention('b', 'PER', 8, 14);
    const b = mention('a', 'PER', 8, 14);
    const c = mention('c', 'GPE', 8, 14);
    const d = mention('d', 'GPE', 8, 9);
    expect(toNativeRecord(doc, 'dana', [a, b, c, d]).entities.map((e) => e.id)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('gives an unannotated record for annotator null', () => {
    const rec = toNativeRecord(doc, null, [gpe]);
    expect(rec).toEqual({ id: 'd1', name: 'kaz.txt', text, lang: 'he', annotator: null, entities: [], events: [], relations: [], status: 'not-started' });
  });

  it('refuses a mention whose span is invalid for the text', () => {
    expect(() => toNativeRecord(doc, 'dana', [mention('bad', 'PER', 5, cps.length + 1)])).toThrow(CoreError);
    expect(() => toNativeRecord(doc, 'dana', [mention('bad', 'PER', 5, cps.length + 1)])).toThrow(/mention bad in document d1/);
  });

  it('stringifies with the exact key order, on one line, non-ASCII as is', () => {
    const line = stringifyNativeRecord(toNativeRecord(doc, 'dana', [gpe]));
    expect(line).not.toContain('\n');
    expect(line).toContain('"text":"קזחסטן"');
    expect(line).toContain('𝔸😀');
    expect(line.startsWith('{"id":"d1","name":"kaz.txt","text":')).toBe(true);
    expect(line).toMatch(/"lang":"he","annotator":"dana","entities":\[\{"id":"m2","type":"GPE","start":8,"end":14,"text":"קזחסטן"\}\],"events":\[\],"relations":\[\],"status":"not-started"\}$/);
    expect(Object.keys(JSON.parse(line) as object)).toEqual(['id', 'name', 'text', 'lang', 'annotator', 'entities', 'events', 'relations', 'status']);
  });

  it('round-trips through JSONL with non-BMP characters', () => {
    const recs = [toNativeRecord(doc, 'dana', [ar, per, gpe]), toNativeRecord(doc, null, []), toNativeRecord(doc, 'yossi', [other])];
    expect(recs[2]?.entities[0]?.text).toBe('𝔸');
    const jsonl = recs.map(stringifyNativeRecord).join('\n') + '\n';
    const back = parseNativeJsonl(jsonl, 'out.jsonl');
    expect(back).toEqual(recs);
    expect(back.map(stringifyNativeRecord).join('\n') + '\n').toBe(jsonl);
    // CRLF line ends, blank lines and a BOM are accepted
    expect(parseNativeJsonl('\ufeff' + jsonl.replace(/\n/g, '\r\n\r\n'), 'crlf.jsonl')).toEqual(recs);
  });
});

describe('parseNativeJsonl', () => {
  const good = (): NativeRecord => toNativeRecord(doc, 'dana', [mention('m1', 'GPE', 8, 14)]);

  function failure(jsonl: string): CoreError {
    try {
      parseNativeJsonl(jsonl, 'in.jsonl');
    } catch (e) {
      expect(e).toBeInstanceOf(CoreError);
      expect((e as CoreError).code).toBe('import-failed');
      expect((e as CoreError).file).toBe('in.jsonl');
      return e as CoreError;
    }
    throw new Error('expected parseNativeJsonl to throw');
  }

  it('names the line of a JSON syntax error', () => {
    const e = failure(stringifyNativeRecord(good()) + '\n\n{"id": "d2",\n');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^in\.jsonl:3: invalid JSON: unexpected end of input/);
  });

  it('checks required fields', () => {
    const line = (o: unknown): string => `${stringifyNativeRecord(good())}\n${JSON.stringify(o)}`;
    expect(failure(line({ name: 'x', text: 'y' })).message).toBe('in.jsonl:2: "id" must be a string');
    expect(failure(line({ id: 'a', name: 'x', text: 5 })).message).toBe('in.jsonl:2: "text" must be a string');
    expect(failure(line({ id: 'a', name: 'x', text: 'y', lang: 'fr' })).message).toMatch(/"lang" must be "he", "ar" or "other"/);
    expect(failure(line({ id: 'a', name: 'x', text: 'y', entities: {} })).message).toBe('in.jsonl:2: "entities" must be a list');
    expect(failure(line([1])).message).toBe('in.jsonl:2: a record must be a JSON object');
  });

  it('fills defaults for optional fields', () => {
    const [r] = parseNativeJsonl('{"id":"a","name":"n","text":"مرحبا بكم"}', 'min.jsonl');
    expect(r).toEqual({ id: 'a', name: 'n', text: 'مرحبا بكم', lang: 'ar', annotator: null, entities: [], events: [], relations: [], status: 'not-started' });
  });

  it('checks every entity against the text, naming file, line and entity', () => {
    const withEntity = (e: object): string => {
      const r = good();
      return JSON.stringify({ ...r, entities: [{ id: 'e9', type: 'PER', ...e }] });
    };
    const out = failure(withEntity({ start: 8, end: 99, text: 'x' }));
    expect(out.line).toBe(1);
    expect(out.message).toMatch(/^in\.jsonl:1: entity "e9": span \[8, 99\) is out of range/);
    // UTF-16 offsets instead of code points: the text does not match
    const u16 = text.indexOf('קזחסטן');
    const mismatch = failure(withEntity({ start: u16, end: u16 + 6, text: 'קזחסטן' }));
    expect(mismatch.message).toMatch(/^in\.jsonl:1: entity "e9": "text" is "קזחסטן" but the document text at \[10, 16\) is /);
    expect(failure(withEntity({ start: 8, end: 14 })).message).toBe('in.jsonl:1: entity "e9": "text" must be a string');
    expect(failure(withEntity({ start: '8', end: 14, text: 'קזחסטן' })).message).toMatch(/integers/);
    // a span splitting an emoji is refused
    const emoji = JSON.stringify({ id: 'z', name: 'z', text: '👍🏽 ok', entities: [{ id: 'e1', type: 'X', start: 0, end: 1, text: '👍' }] });
    expect(failure(emoji).message).toMatch(/entity "e1": span \[0, 1\): end 1 splits/);
    // duplicate entity ids
    const dup = JSON.stringify({ ...good(), entities: [...good().entities, ...good().entities] });
    expect(failure(dup).message).toBe('in.jsonl:1: entity "m1" appears more than once in the record');
  });

  it('accepts an empty file', () => {
    expect(parseNativeJsonl('', 'e.jsonl')).toEqual([]);
    expect(parseNativeJsonl('\n\n', 'e.jsonl')).toEqual([]);
  });
});

describe('events, relations, attributes, notes and document metadata', () => {
  const kaz = mention('m2', 'GPE', at('קזחסטן'), at('קזחסטן') + 6);
  const tok = { ...mention('m1', 'PER', at('טוקאייב'), at('טוקאייב') + 7), attributes: { Level: 'NAM' as const }, note: 'the president' };
  const kazAr = mention('m3', 'GPE', at('كازخستان'), at('كازخستان') + 8);
  const ev = (id: string, start: number, end: number, args: EventMention['arguments'], extra: Partial<EventMention> = {}): EventMention => ({
    id, docId: 'd1', type: 'Contact:Meet', triggerStart: start, triggerEnd: end, annotator: 'dana', origin: 'manual',
    arguments: args, attributes: {}, note: '', createdAt: 't', updatedAt: 't', ...extra,
  });
  const e10 = ev('E10', at('أعلنت'), at('أعلنت') + 5, [{ role: 'Entity', mentionId: 'm3' }], { type: 'Contact:Phone-Write', attributes: { Uncertain: true, Realis: 'Actual' } });
  const e2 = ev('E2', at('נשיא'), at('נשיא') + 4, [{ role: 'Person', mentionId: 'm1' }, { role: 'Entity', mentionId: 'm2' }], { type: 'Personnel:Start-Position', note: 'הערה' });
  const rel: Relation = { id: 'R1', docId: 'd1', type: 'GEN-AFF', arg1: 'm1', arg2: 'm2', annotator: 'dana', origin: 'manual', attributes: {}, note: '', createdAt: 't', updatedAt: 't' };
  const meta: DocumentMeta = { docId: 'd1', annotator: 'dana', status: 'done', flags: ['review'], note: 'checked twice', updatedAt: 't' };

  it('exports events sorted by trigger, with trigger text, arguments and attributes; relations; status, flags and note', () => {
    const rec = toNativeRecord(doc, 'dana', [kaz, tok, kazAr], { events: [e10, e2], relations: [rel], meta });
    expect(rec.events.map((e) => e.id)).toEqual(['E2', 'E10']);
    expect(rec.events[0]).toEqual({
      id: 'E2', type: 'Personnel:Start-Position', trigger: { start: at('נשיא'), end: at('נשיא') + 4, text: 'נשיא' },
      arguments: [{ role: 'Person', entity_id: 'm1' }, { role: 'Entity', entity_id: 'm2' }], attributes: {}, note: 'הערה',
    });
    expect(Object.keys(rec.events[1]?.attributes ?? {})).toEqual(['Realis', 'Uncertain']);
    const line = stringifyNativeRecord(rec);
    const obj = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(obj)).toEqual(['id', 'name', 'text', 'lang', 'annotator', 'entities', 'events', 'relations', 'status', 'flags', 'note']);
    const entities = obj.entities as Record<string, unknown>[];
    expect(Object.keys(entities[0] as object)).toEqual(['id', 'type', 'start', 'end', 'text']);
    expect(Object.keys(entities[1] as object)).toEqual(['id', 'type', 'start', 'end', 'text', 'attributes', 'note']);
    const events = obj.events as Record<string, unknown>[];
    expect(Object.keys(events[0] as object)).toEqual(['id', 'type', 'trigger', 'arguments', 'attributes', 'note']);
    expect(Object.keys(events[1] as object)).toEqual(['id', 'type', 'trigger', 'arguments', 'attributes']);
    expect(line).toContain('"relations":[{"id":"R1","type":"GEN-AFF","arg1":"m1","arg2":"m2","attributes":{}}],"status":"done","flags":["review"],"note":"checked twice"}');
  });

  it('export → parse gives the same annotations, and parse → stringify the same line', () => {
    const recs = [toNativeRecord(doc, 'dana', [kaz, tok, kazAr], { events: [e10, e2], relations: [rel], meta }), toNativeRecord(doc, null, [])];
    const jsonl = recs.map(stringifyNativeRecord).join('\n') + '\n';
    const back = parseNativeJsonl(jsonl, 'x.jsonl');
    expect(back).toEqual(recs);
    expect(back.map(stringifyNativeRecord).join('\n') + '\n').toBe(jsonl);
  });

  it('ignores events, relations and metadata of other annotators and documents', () => {
    const rec = toNativeRecord(doc, 'yossi', [], { events: [e2], relations: [rel], meta });
    expect(rec.events).toEqual([]);
    expect(rec.relations).toEqual([]);
    expect(rec.status).toBe('not-started');
  });

  it('refuses a bad trigger, dangling arguments and relation ends, bad attributes and status', () => {
    const base = JSON.parse(stringifyNativeRecord(toNativeRecord(doc, 'dana', [kaz, tok], { events: [e2], relations: [rel] }))) as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>): string => {
      try {
        parseNativeJsonl(JSON.stringify({ ...base, ...patch }), 'b.jsonl');
      } catch (e) {
        expect((e as CoreError).code).toBe('import-failed');
        return (e as CoreError).message;
      }
      throw new Error('expected a failure');
    };
    const events = base.events as Record<string, unknown>[];
    const e0 = events[0] as Record<string, unknown>;
    expect(bad({ events: [{ ...e0, trigger: { start: 0, end: 2, text: 'x' } }] })).toMatch(/^b\.jsonl:1: event "E2": trigger "text" is "x"/);
    expect(bad({ events: [{ ...e0, arguments: [{ role: 'Person', entity_id: 'm9' }] }] })).toBe(
      'b.jsonl:1: event "E2": argument Person points at entity "m9", which is not in the record',
    );
    expect(bad({ events: [{ ...e0, attributes: { Realis: false } }] })).toMatch(/attribute "Realis" must be true or a value name/);
    expect(bad({ events: [e0, e0] })).toMatch(/event "E2" appears more than once/);
    expect(bad({ relations: [{ id: 'R1', type: 'X', arg1: 'm1', arg2: 'nope' }] })).toMatch(/relation "R1": "arg2" points at entity "nope"/);
    expect(bad({ status: 'finished' })).toMatch(/"status" must be "not-started", "in-progress" or "done"/);
    expect(bad({ flags: [1] })).toMatch(/"flags" must be a list of non-empty strings/);
    expect(bad({ note: 3 })).toMatch(/the record: "note" must be a string/);
  });
});
