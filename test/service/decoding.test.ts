// Issue 10 item 4: honest decoding. A UTF-8 file with one bad byte, or cut inside a letter, is
// refused naming the byte and line (it was imported as Windows-1256 mojibake); real legacy files
// (NEMO in Windows-1255, ANERcorp in Windows-1256: test/fixtures/legacy) still import; UTF-16 with
// a BOM is decoded, without one refused, never stored with NULs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initProject, type QalamService } from '../../electron/service';
import { fakeClock, REPO_ROOT, writeFiles } from '../store/helpers';
import { closeProjects, freshProject } from './project';

const LEGACY = join(REPO_ROOT, 'test', 'fixtures', 'legacy');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
function utf16(s: string, le: boolean, bom: boolean): Uint8Array {
  const out: number[] = bom ? (le ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    out.push(...(le ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff]));
  }
  return Uint8Array.from(out);
}

let dir: string;
let service: QalamService;
beforeEach(() => ({ dir, service } = freshProject({ annotator: 'dana' })));
afterEach(closeProjects);

const texts = (): string[] => service.call('documents.list', {}).map((d) => service.call('documents.get', { id: d.id }).text);
const mentions = (): string[] =>
  service.call('documents.list', {}).flatMap((d) => service.call('mentions.list', { docId: d.id }).map((m) => `${m.type}:${m.start}-${m.end}`));

describe('honest decoding (issue 10, item 4)', () => {
  const hebrew = 'שלום עולם, זהו טקסט בעברית\nשורה שנייה ';
  const arabic = 'مرحبا بالعالم، هذا نص عربي\nسطر ثان ';
  const hostile: [string, Uint8Array, RegExp][] = [
    ['one bad byte', cat(enc('שלום עולם '), [0xff], enc('\n')), /bad\.txt:1: not valid UTF-8 \(byte 0xFF at byte offset 18\)/],
    ['one bad byte (Arabic), line 2', cat(enc(arabic), [0xff]), /bad\.txt:2: not valid UTF-8 \(byte 0xFF/],
    ['cut in the middle of a letter', enc(hebrew + 'ש').slice(0, -1), /bad\.txt:2: not valid UTF-8 \(byte 0xD7/],
    ['Arabic cut in the middle of a letter', enc(arabic + 'س').slice(0, -1), /bad\.txt:2: not valid UTF-8 \(byte 0xD8/],
    ['UTF-8 with a Windows-1255 tail', cat(enc(hebrew.repeat(3)), [0xf9, 0xec, 0xe5, 0xed]), /bad\.txt:4: not valid UTF-8 \(byte 0xF9/],
    ['UTF-16LE without a BOM', utf16(hebrew, true, false), /bad\.txt: looks like UTF-16LE without a byte-order mark/],
    ['UTF-16BE without a BOM', utf16(arabic, false, false), /bad\.txt: looks like UTF-16BE without a byte-order mark/],
    ['UTF-16LE with a BOM, cut in half a unit', utf16(hebrew, true, true).slice(0, -1), /bad\.txt: not valid UTF-16LE: an odd number of bytes/],
    ['UTF-16BE with a BOM and a lone surrogate', cat(utf16('אב\nג', false, true), [0xd8, 0x00], utf16('ד', false, false)), /bad\.txt:2: not valid UTF-16BE: an unpaired surrogate 0xD800/],
    ['UTF-16LE with a BOM and a NUL', cat(utf16('אב\n', true, true), [0, 0], utf16('ג', true, false)), /bad\.txt:2: a NUL character/],
  ];
  for (const format of ['txt', 'conll'] as const) {
    for (const [what, bytes, message] of hostile) {
      it(`${format}: refuses ${what}, naming the byte and line, and stores nothing`, () => {
        writeFiles(dir, { 'bad.txt': bytes });
        expect(() => service.call('import.run', { format, paths: [join(dir, 'bad.txt')], annotator: 'dana' })).toThrow(message);
        expect(texts()).toEqual([]);
      });
    }
  }

  it('documents.importPaths (the app\'s Import texts…) refuses the same way', () => {
    writeFiles(dir, { 'bad.txt': cat(enc('שלום עולם '), [0xff], enc('\n')) });
    expect(() => service.call('documents.importPaths', { paths: [join(dir, 'bad.txt')] })).toThrow(/bad\.txt:1: not valid UTF-8 \(byte 0xFF/);
  });

  it('jsonl: a record with a bad byte is refused, not read as Windows-1256', () => {
    const line = cat(enc('{"text":"שלום עולם, זהו טקסט בעברית '), [0xd7], enc('","entities":[]}\n'));
    writeFiles(dir, { 'a.jsonl': line });
    expect(() => service.call('import.run', { format: 'jsonl', paths: [join(dir, 'a.jsonl')], annotator: 'dana' })).toThrow(/a\.jsonl:1: not valid UTF-8 \(byte 0xD7/);
  });

  it('UTF-16 with a BOM (LE and BE) is decoded, without NULs', () => {
    writeFiles(dir, { 'le.txt': utf16(hebrew + '😀', true, true), 'be.txt': utf16(arabic, false, true) });
    service.call('import.run', { format: 'txt', paths: [join(dir, 'le.txt'), join(dir, 'be.txt')] });
    expect(texts().sort()).toEqual([hebrew + '😀', arabic].sort());
    const langs = service.call('documents.list', {}).map((d) => d.lang).sort();
    expect(langs).toEqual(['ar', 'he']);
    service.call('documents.importPaths', { paths: [join(dir, 'le.txt')] }); // the same text: skipped
    expect(texts()).toHaveLength(2);
  });

  it('real legacy files (NEMO in Windows-1255, ANERcorp in Windows-1256) import as their UTF-8 originals do', () => {
    const pairs: [string, string, 'he' | 'ar'][] = [
      ['nemo-utf8.conll', 'nemo-windows-1255.conll', 'he'],
      ['anercorp-utf8.conll', 'anercorp-windows-1256.conll', 'ar'],
    ];
    for (const [utf8, legacy, lang] of pairs) {
      const a = initProject(join(dir, `${legacy}.qalam`), { now: fakeClock() });
      const b = initProject(join(dir, `${utf8}.qalam`), { now: fakeClock() });
      try {
        a.call('import.run', { format: 'conll', paths: [join(LEGACY, legacy)], annotator: 'x' });
        b.call('import.run', { format: 'conll', paths: [join(LEGACY, utf8)], annotator: 'x' });
        const [da] = a.call('documents.list', {});
        const [db] = b.call('documents.list', {});
        expect(da?.lang).toBe(lang);
        expect(a.call('documents.get', { id: da?.id ?? '' }).text).toBe(b.call('documents.get', { id: db?.id ?? '' }).text);
        const spans = (s: QalamService, id: string): string[] => s.call('mentions.list', { docId: id, annotator: 'x' }).map((m) => `${m.type}:${m.start}-${m.end}`);
        expect(spans(a, da?.id ?? '')).toEqual(spans(b, db?.id ?? ''));
        expect(spans(a, da?.id ?? '').length).toBeGreaterThan(3);
      } finally {
        a.close();
        b.close();
      }
    }
    // The legacy bytes really are not UTF-8 (the test would prove nothing otherwise).
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(LEGACY, 'nemo-windows-1255.conll')))).toThrow();
    expect(mentions()).toEqual([]);
  });

  it('a legacy encoding given for a UTF-8 file is refused (it would only make mojibake)', () => {
    writeFiles(dir, { 'u.txt': enc(hebrew) });
    expect(() => service.call('import.run', { format: 'txt', paths: [join(dir, 'u.txt')], encoding: 'windows-1256' })).toThrow(/u\.txt: is valid UTF-8, not windows-1256/);
    expect(texts()).toEqual([]);
  });

  it('a byte the given code page lacks is refused with its line', () => {
    writeFiles(dir, { 'x.txt': Uint8Array.from([0xf9, 0xec, 0x0a, 0xe5, 0xff]) });
    expect(() => service.call('import.run', { format: 'txt', paths: [join(dir, 'x.txt')], encoding: 'windows-1255' })).toThrow(/x\.txt:2: byte 0xFF at byte offset 4 is not a character in windows-1255/);
  });
});
