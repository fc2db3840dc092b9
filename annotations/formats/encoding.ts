/**
 * Legacy Hebrew and Arabic encodings: Windows-1255, Windows-1256 and ISO-8859-8, given or
 * detected. Decoding uses the runtime's TextDecoder (WHATWG labels; Node with full ICU and every
 * browser support them).
 *
 * Detection (`detectEncoding`) is honest rather than hopeful:
 * - a UTF-16 byte-order mark means UTF-16 (decode.ts decodes it, or refuses it), and so do the
 *   NULs (or 0x05/0x06) of every other byte of UTF-16 without one (refused: save it as UTF-8);
 * - valid UTF-8 is UTF-8;
 * - bytes that are not valid UTF-8 are taken as a legacy code page only when the file is NOT
 *   mostly UTF-8 (its well-formed multi-byte UTF-8 sequences are fewer than a quarter of its
 *   ill-formed bytes: a UTF-8 file with a bad byte, or cut inside a letter, stays UTF-8 and is
 *   refused naming the byte and line) AND the code page turns it into plausible Hebrew or Arabic:
 *   every byte defined, at least half of the non-ASCII characters letters of that script, and
 *   more of them than ASCII Latin letters (so a Latin-1 "café" is refused, not read as Hebrew).
 *   Of Windows-1255 and Windows-1256 the one with more letters wins (ISO-8859-8's letters are
 *   Windows-1255's).
 */
import { CoreError } from '../errors';
import { decodeTextRaw, findInvalidUtf8, lineOfByteOffset, looksBinary, looksUtf16, notBlank, refuseNul, utf16Bom } from '../decode';

export type TextEncoding = 'utf-8' | 'windows-1255' | 'windows-1256' | 'iso-8859-8';
export const ENCODINGS: readonly TextEncoding[] = ['utf-8', 'windows-1255', 'windows-1256', 'iso-8859-8'];

const ALIASES: Record<string, TextEncoding> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  cp1255: 'windows-1255',
  'windows-1255': 'windows-1255',
  cp1256: 'windows-1256',
  'windows-1256': 'windows-1256',
  'iso-8859-8': 'iso-8859-8',
  'iso8859-8': 'iso-8859-8',
  'iso-8859-8-i': 'iso-8859-8',
  hebrew: 'iso-8859-8',
};

/** The canonical name of an encoding label, or null when not supported. */
export function encodingName(label: string): TextEncoding | null {
  return ALIASES[label.trim().toLowerCase()] ?? null;
}

/** Well-formed multi-byte UTF-8 sequences and ill-formed bytes (each counted once, then skipped). */
export function utf8Census(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const rest = bytes.subarray(i);
    const bad = findInvalidUtf8(rest);
    const upto = bad < 0 ? rest.length : bad;
    for (let k = 0; k < upto; k++) {
      const b = rest[k] as number;
      if (b >= 0xc2 && b <= 0xf4) valid++;
    }
    if (bad < 0) break;
    invalid++;
    i += bad + 1;
  }
  return { valid, invalid };
}

interface Decoder {
  decode(input: Uint8Array): string;
}
type DecoderCtor = new (label: string, options?: { fatal?: boolean }) => Decoder;

function legacyDecoder(encoding: TextEncoding, fatal: boolean): Decoder {
  const Ctor = (globalThis as unknown as { TextDecoder?: DecoderCtor }).TextDecoder;
  if (!Ctor) throw new CoreError('internal', 'TextDecoder is not available in this runtime');
  return new Ctor(encoding, { fatal });
}

const HEBREW_LETTER = /[\u05D0-\u05EA\u05F0-\u05F2]/u;
const ARABIC_LETTER = /[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]/u;

/** Letters of the code page's script among the non-ASCII characters, or -1 when not plausible. */
function plausibility(text: string, encoding: 'windows-1255' | 'windows-1256'): number {
  const letter = encoding === 'windows-1256' ? ARABIC_LETTER : HEBREW_LETTER;
  let nonAscii = 0;
  let letters = 0;
  let latin = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
      continue;
    }
    nonAscii++;
    if (letter.test(ch)) letters++;
  }
  if (nonAscii === 0 || letters * 2 < nonAscii || letters <= latin) return -1;
  return letters / nonAscii;
}

/**
 * Guess the encoding of `bytes` (see the module comment): 'utf-8' when valid (or mostly valid)
 * UTF-8, 'utf-16le'/'utf-16be' with a BOM, a legacy code page when one is plausible, else null.
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding | 'utf-16le' | 'utf-16be' | null {
  const bom = utf16Bom(bytes);
  if (bom !== null) return bom;
  if (findInvalidUtf8(bytes) < 0) return 'utf-8';
  const bare = looksUtf16(bytes);
  if (bare !== null) return bare; // decodeTextRaw refuses it, saying why
  const { valid, invalid } = utf8Census(bytes);
  if (valid * 4 >= invalid) return 'utf-8';
  let best: TextEncoding | null = null;
  let bestScore = -1;
  for (const enc of ['windows-1255', 'windows-1256'] as const) {
    let text: string;
    try {
      text = legacyDecoder(enc, true).decode(bytes);
    } catch {
      continue; // a byte the code page does not define
    }
    const score = plausibility(text, enc);
    if (score > bestScore) {
      best = enc;
      bestScore = score;
    }
  }
  return bestScore < 0 ? null : best;
}

/** Decodes `bytes` in a legacy code page; a byte it does not define is refused with its line. */
function decodeLegacy(bytes: Uint8Array, fileName: string, encoding: TextEncoding): string {
  try {
    return legacyDecoder(encoding, true).decode(bytes);
  } catch {
    // Single-byte code pages: character i is byte i, so the first U+FFFD is the first bad byte.
    const at = legacyDecoder(encoding, false).decode(bytes).indexOf('\ufffd');
    const line = lineOfByteOffset(bytes, Math.max(0, at));
    const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new CoreError('import-failed', `${fileName}:${line}: byte 0x${hex} at byte offset ${at} is not a character in ${encoding}`, { file: fileName, line });
  }
}

/**
 * Decode a text file: `encoding` when given, else detected. The result keeps the file's line
 * ends (normalise with `normalizeNewlines`). Throws CoreError('import-failed') naming the file
 * (and line): empty, binary, a NUL, bad UTF-8 (also when mostly UTF-8 with a bad byte), UTF-16
 * without a BOM, not plausibly Windows-1255/1256; a legacy `encoding` given for a file that is
 * UTF-8 (it would only make mojibake).
 */
export function decodeWithEncoding(bytes: Uint8Array, fileName: string, encoding?: TextEncoding): { text: string; encoding: TextEncoding | 'utf-16le' | 'utf-16be' } {
  const detected = detectEncoding(bytes);
  const enc = encoding ?? detected ?? 'utf-8';
  if (enc === 'utf-8' || enc === 'utf-16le' || enc === 'utf-16be') return { text: decodeTextRaw(bytes, fileName), encoding: enc };
  if (bytes.length === 0) throw new CoreError('import-failed', `${fileName}: the file is empty`, { file: fileName });
  if (detected === 'utf-16le' || detected === 'utf-16be') {
    throw new CoreError('import-failed', `${fileName}: starts with a UTF-16 byte-order mark, it is not ${enc}`, { file: fileName });
  }
  if (looksBinary(bytes)) throw new CoreError('import-failed', `${fileName}: looks like a binary file, not text`, { file: fileName });
  if (findInvalidUtf8(bytes) < 0 && utf8Census(bytes).valid > 0) {
    throw new CoreError('import-failed', `${fileName}: is valid UTF-8, not ${enc}: import it without an encoding`, { file: fileName });
  }
  const text = refuseNul(decodeLegacy(bytes, fileName, enc), fileName);
  return { text: notBlank(text, fileName), encoding: enc };
}
