import { describe, it, expect } from 'vitest';
import { decodeText, findInvalidUtf8 } from './decode';
import { CoreError } from './errors';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === 'string' ? enc(p) : p));
  return new Uint8Array(out);
};

function failure(b: Uint8Array, file = 'doc.txt'): CoreError {
  try {
    decodeText(b, file);
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    return e as CoreError;
  }
  throw new Error('expected decodeText to throw');
}

describe('decodeText', () => {
  it('decodes UTF-8 and drops a BOM', () => {
    expect(decodeText(enc('שלום'), 'a.txt')).toBe('שלום');
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'שלום'), 'a.txt')).toBe('שלום');
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'a\ufeffb'), 'a.txt')).toBe('a\ufeffb');
  });

  it('turns CRLF and lone CR into LF and changes nothing else', () => {
    expect(decodeText(enc('a\r\nb\r\n'), 'a.txt')).toBe('a\nb\n');
    expect(decodeText(enc('a\rb\r\rc'), 'a.txt')).toBe('a\nb\n\nc');
    expect(decodeText(enc('א\u00a0ב\n\n\n'), 'a.txt')).toBe('א\u00a0ב\n\n\n');
    expect(decodeText(enc('  x\t\u200f😀 '), 'a.txt')).toBe('  x\t\u200f😀 ');
  });

  it('refuses an empty or blank file', () => {
    for (const b of [new Uint8Array(0), enc('   \n\r\n\t'), bytes([0xef, 0xbb, 0xbf]), bytes([0xef, 0xbb, 0xbf], '\u00a0\n')]) {
      const e = failure(b, 'empty.txt');
      expect(e.code).toBe('import-failed');
      expect(e.message).toBe('empty.txt: the file is empty');
      expect(e.file).toBe('empty.txt');
    }
  });

  it('refuses binary files', () => {
    const e = failure(bytes('hello', [0], 'world'), 'img.png');
    expect(e.code).toBe('import-failed');
    expect(e.message).toBe('img.png: looks like a binary file, not text');
    expect(e.file).toBe('img.png');
    // many control characters
    expect(failure(bytes('ab', [1, 2, 3, 4, 5], 'cdefghijk')).message).toMatch(/binary/);
    // a few are tolerated (form feed, tab, and under 10% of others)
    expect(decodeText(bytes('abcdefghijklmnopqrstuvwxyz', [0x1b], '\f\t'), 'a.txt')).toBe('abcdefghijklmnopqrstuvwxyz\x1b\f\t');
  });

  it('reports invalid UTF-8 with line and byte offset', () => {
    // "é" in Latin-1 on line 3
    const b = bytes('שורה 1\nline 2\r\ncaf', [0xe9], '\nline 4\n');
    const at = b.indexOf(0xe9);
    const e = failure(b, 'latin1.txt');
    expect(e.code).toBe('import-failed');
    expect(e.line).toBe(3);
    expect(e.file).toBe('latin1.txt');
    expect(e.message).toBe(`latin1.txt:3: not valid UTF-8 (byte 0xE9 at byte offset ${at}); convert it to UTF-8`);
  });

  it('counts lone CR as a line end for the line number', () => {
    const e = failure(bytes('a\rb\rc', [0xff]));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^doc\.txt:3: not valid UTF-8 \(byte 0xFF at byte offset 5\)/);
  });

  it('decodes UTF-16 with a BOM (LE and BE), refuses it without one, never keeps NULs', () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0xd0, 0x05, 0x0d, 0x00, 0x0a, 0x00]), 'a.txt')).toBe('aא\n');
    expect(decodeText(new Uint8Array([0xfe, 0xff, 0x06, 0x45, 0xd8, 0x3d, 0xde, 0x00]), 'a.txt')).toBe('م😀');
    expect(failure(new Uint8Array([0x61, 0x00, 0xd0, 0x05, 0x20, 0x00, 0xd1, 0x05])).message).toBe(
      'doc.txt: looks like UTF-16LE without a byte-order mark; save it as UTF-8 (or as UTF-16 with a BOM)',
    );
    expect(failure(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x00, 0x00])).message).toBe('doc.txt:1: a NUL character: looks like a binary file, not text');
    expect(failure(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00, 0x00, 0xdc])).message).toMatch(/^doc\.txt:2: not valid UTF-16LE: an unpaired surrogate 0xDC00 at byte offset 6/);
    expect(failure(new Uint8Array([0xfe, 0xff, 0x00, 0x61, 0x05])).message).toMatch(/^doc\.txt: not valid UTF-16BE: an odd number of bytes/);
    expect(failure(new Uint8Array([0xfe, 0xff, 0x00, 0x20])).message).toBe('doc.txt: the file is empty');
  });
});

describe('findInvalidUtf8', () => {
  it('accepts well-formed UTF-8', () => {
    expect(findInvalidUtf8(enc('abc שלום مرحبا 😀 𝔸'))).toBe(-1);
    expect(findInvalidUtf8(new Uint8Array(0))).toBe(-1);
  });
  it('finds the first ill-formed sequence', () => {
    expect(findInvalidUtf8(new Uint8Array([0x61, 0x80]))).toBe(1); // stray continuation
    expect(findInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(findInvalidUtf8(new Uint8Array([0xe2, 0x82]))).toBe(0); // truncated
    expect(findInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
    expect(findInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // > U+10FFFF
    expect(findInvalidUtf8(new Uint8Array([0xf0, 0x9f, 0x98, 0x80, 0xf5]))).toBe(4);
  });
});
