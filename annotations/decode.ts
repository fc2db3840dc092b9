/**
 * Decoding an imported file: strict UTF-8 (BOM dropped), or UTF-16 LE/BE when the file starts
 * with its byte-order mark; CRLF and lone CR turned into LF. Nothing else changes. Refuses empty,
 * binary and non-UTF-8 files, UTF-16 without a BOM, and any text with a NUL, with
 * CoreError('import-failed') naming the file (and the line, for a bad byte). Legacy code pages
 * (Windows-1255/1256, ISO-8859-8) are formats/encoding.ts's.
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

/** 'utf-16le' / 'utf-16be' when `bytes` start with that byte-order mark, else null. */
export function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * 'utf-16le' / 'utf-16be' when `bytes` (without a BOM) look like UTF-16: at least a quarter of the
 * bytes of one parity are 0x00, 0x05 or 0x06 (the high byte of ASCII, Hebrew and Arabic), control
 * bytes no 8-bit text has that often.
 */
export function looksUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0 || b === 5 || b === 6) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const half = bytes.length / 2;
  if (odd >= half * 0.25 && odd > even * 4) return 'utf-16le';
  if (even >= half * 0.25 && even > odd * 4) return 'utf-16be';
  return null;
}

/** Well-formed UTF-16 without its BOM, or a CoreError naming the line of the first bad unit. */
function decodeUtf16(bytes: Uint8Array, fileName: string, which: 'utf-16le' | 'utf-16be'): string {
  const le = which === 'utf-16le';
  const name = le ? 'UTF-16LE' : 'UTF-16BE';
  if (bytes.length % 2 !== 0) {
    throw new CoreError('import-failed', `${fileName}: not valid ${name}: an odd number of bytes (the file is cut short); save it again as UTF-8`, { file: fileName });
  }
  let line = 1;
  const units: number[] = [];
  let out = '';
  for (let i = 2; i < bytes.length; i += 2) {
    const u = le ? (bytes[i] as number) | ((bytes[i + 1] as number) << 8) : ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    units.push(u);
    if (units.length >= 8192) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  out += String.fromCharCode(...units);
  for (let i = 0; i < out.length; i++) {
    const c = out.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && out.charCodeAt(i + 1) !== 0x0a)) line++;
    const high = c >= 0xd800 && c <= 0xdbff;
    const low = c >= 0xdc00 && c <= 0xdfff;
    if (high && i + 1 < out.length && out.charCodeAt(i + 1) >= 0xdc00 && out.charCodeAt(i + 1) <= 0xdfff) {
      i++;
      continue;
    }
    if (high || low) {
      throw new CoreError('import-failed', `${fileName}:${line}: not valid ${name}: an unpaired surrogate 0x${c.toString(16).toUpperCase()} at byte offset ${2 + 2 * i}; save it again as UTF-8`, {
        file: fileName,
        line,
      });
    }
  }
  return out;
}

/** The 1-based line of the first NUL in `text`, or 0 when there is none. */
function nulLine(text: string): number {
  const at = text.indexOf('\u0000');
  if (at < 0) return 0;
  let line = 1;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return line;
}

/** Refuses a decoded text holding a NUL (binary, or a wrong guess of the encoding). */
export function refuseNul(text: string, fileName: string): string {
  const line = nulLine(text);
  if (line > 0) throw new CoreError('import-failed', `${fileName}:${line}: a NUL character: looks like a binary file, not text`, { file: fileName, line });
  return text;
}

/** looksBinary's bound: more than this share of a file's bytes are control bytes. */
export const BINARY_CONTROLS = 0.1;

export function looksBinary(bytes: Uint8Array): boolean {
  if (utf16Bom(bytes) !== null) return false;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x20) continue;
    if (b === 0) return true;
    if (b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return controls > bytes.length * BINARY_CONTROLS;
}

/** Only white space (JS `\s`, which includes NBSP and U+FEFF) or nothing. */
const BLANK = /^\s*$/u;

/**
 * Decode an imported text file. See the module comment for the rules; the error messages are
 *   "<file>: the file is empty"
 *   "<file>: looks like a binary file, not text"
 *   "<file>: looks like UTF-16LE without a byte-order mark; save it as UTF-8"
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
  const bom = utf16Bom(bytes);
  if (bom !== null) return notBlank(refuseNul(decodeUtf16(bytes, fileName, bom), fileName), fileName);
  const bare = looksUtf16(bytes);
  if (bare !== null) {
    const name = bare === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
    throw new CoreError('import-failed', `${fileName}: looks like ${name} without a byte-order mark; save it as UTF-8 (or as UTF-16 with a BOM)`, { file: fileName });
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
  return notBlank(refuseNul(text, fileName), fileName);
}

/** `text`, unless it is blank (then "the file is empty"). */
export function notBlank(text: string, fileName: string): string {
  if (BLANK.test(text)) {
    throw new CoreError('import-failed', `${fileName}: the file is empty`, { file: fileName });
  }
  return text;
}

/** 1-based line of byte offset `at` (exported for the legacy decoders). */
export function lineOfByteOffset(bytes: Uint8Array, at: number): number {
  return lineOfByte(bytes, at);
}

/** CRLF and lone CR to LF (what decodeText does to line ends). */
export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}
