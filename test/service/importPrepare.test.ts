/**
 * The importer's short way for well-formed UTF-8 (prepareText: the file's bytes stored as they
 * are, its checks fused into fewer passes over them) gives what the long way gives: the text
 * decoded and checked as decodeTextRaw does, its language, direction, length and SHA-256, or the
 * same refusal. Files are built from pieces that sit on each check's edge: NUL, the bytes UTF-16
 * detection counts (0x00, 0x05, 0x06), other control bytes (binary when over a tenth), CR, BOM,
 * Hebrew, Arabic, Latin, digits, blanks.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTextRaw, normalizeNewlines } from '../../annotations/decode';
import { detectLang } from '../../annotations/direction';
import { cpLength } from '../../annotations/text';
import { documentDirection, prepareText } from '../../electron/service/importer';
import { removeTempDirs, tempDir } from '../store/helpers';

afterAll(removeTempDirs);

const PIECES = ['שלום ', 'עולם', 'مرحبا ', 'بالعالم', 'hello ', '123', ' ', '\n', '\t', '\r\n', '\f', '\u0000', '\u0005', '\u0006', '\u0001', '\u001b', '\u007f', '\ufeff', 'x\u0005\u0000'];

/** What the long way makes of the bytes (the UTF-8 branch of prepareText before the short way), or its error message. */
function longWay(bytes: Uint8Array): { text: string; sha256: string; lang: string; dir: string; length: number } | string {
  try {
    const text = normalizeNewlines(decodeTextRaw(bytes, 'f.txt'));
    const lang = detectLang(text);
    return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), lang, dir: documentDirection(text, lang), length: cpLength(text) };
  } catch (e) {
    return (e as Error).message;
  }
}

function prepared(bytes: Uint8Array): ReturnType<typeof longWay> {
  const dir = tempDir();
  const file = join(dir, 'f.txt');
  writeFileSync(file, bytes);
  try {
    const p = prepareText({ display: 'f.txt', absolute: file });
    const text = typeof p.text === 'string' ? p.text : new TextDecoder('utf-8', { fatal: true }).decode(p.text);
    return { text, sha256: p.sha256, lang: p.lang, dir: p.dir, length: p.length };
  } catch (e) {
    return (e as Error).message;
  }
}

describe('prepareText of UTF-8 files', () => {
  it('gives what the long way gives: text, language, direction, length and SHA-256, or the same refusal', () => {
    const file = fc.array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 40 }).map((parts) => new TextEncoder().encode(parts.join('')));
    fc.assert(
      fc.property(file, (bytes) => {
        expect(prepared(bytes)).toEqual(longWay(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a Hebrew text holding a NUL, or too many control bytes, as the long way does', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    for (const text of ['שלום\u0000עולם', `${'\u0001'.repeat(3)}שלום`, 'שלום\u0005\u0000\u0005\u0000\u0005\u0000']) {
      const got = prepared(enc(text));
      expect(typeof got).toBe('string');
      expect(got).toBe(longWay(enc(text)));
    }
    // A few control bytes (at most a tenth) are text.
    expect(prepared(enc(`שלום עולם שלום\u0001`))).toEqual(longWay(enc(`שלום עולם שלום\u0001`)));
  });
});
