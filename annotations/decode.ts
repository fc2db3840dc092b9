/**
 * Decoding an imported file: strict UTF-8, BOM dropped, CRLF and lone CR turned into LF.
 * Nothing else changes. Refuses empty, binary and non-UTF-8 files with
 * CoreError('import-failed') naming the file (and the line, for bad UTF-8).
 */
import { CoreError } from './errors';

interface TextDecoderLike {
  decode(input: Uint8Array): string;
}
type TextDecoderCtor = new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => TextDecoderLike;

function utf8Decoder(): TextDecoderLike {
  const Ctor = (globalThis as unknown as { TextDecoder?: TextDecoderCtor }).TextDecoder;
  if (!Ctor) throw new CoreError('internal', 'TextDecoder is not available in this runtime');
  return new Ctor('utf-8', { fatal: true, ignoreBOM: false });
}

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence (per the WHATWG / Unicode
 * "maximal subpart" rules), or -1 when `bytes` is well-formed.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i; // truncated at the end
    const c1 = bytes[i + 1] as number;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k] as number;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line of byte offset `at` (LF, CRLF and lone CR end lines). */
function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    else if (b === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}

export function looksBinary(bytes: Uint8Array): boolean {
  // UTF-16 with a BOM has NULs but is reported as "not UTF-8" instead.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return false;
  }
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x20) continue;
    if (b === 0) return true;
    if (b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return controls > bytes.length * 0.1;
}

/** Only white space (JS `\s`, which includes NBSP and U+FEFF) or nothing. */
const BLANK = /^\s*$/u;

/**
 * Decode an imported text file. See the module comment for the rules; the error messages are
 *   "<file>: the file is empty"
 *   "<file>: looks like a binary file, not text"
 *   "<file>:<line>: not valid UTF-8 (byte 0xE9 at byte offset 123); convert it to UTF-8"
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  return normalizeNewlines(decodeTextRaw(bytes, fileName));
}

/** As `decodeText`, but with the line ends as they are in the file (CRLF kept). */
export function decodeTextRaw(bytes: Uint8Array, fileName: string): string {
  if (bytes.length === 0) {
    throw new CoreError('import-failed', `${fileName}: the file is empty`, { file: fileName });
  }
  if (looksBinary(bytes)) {
    throw new CoreError('import-failed', `${fileName}: looks like a binary file, not text`, { file: fileName });
  }
  let text: string;
  try {
    text = utf8Decoder().decode(bytes);
  } catch (e) {
    if (e instanceof CoreError) throw e;
    const at = Math.max(0, findInvalidUtf8(bytes));
    const line = lineOfByte(bytes, at);
    const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new CoreError(
      'import-failed',
      `${fileName}:${line}: not valid UTF-8 (byte 0x${hex} at byte offset ${at}); convert it to UTF-8`,
      { file: fileName, line },
    );
  }
  if (BLANK.test(text)) {
    throw new CoreError('import-failed', `${fileName}: the file is empty`, { file: fileName });
  }
  return text;
}

/** CRLF and lone CR to LF (what decodeText does to line ends). */
export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}
