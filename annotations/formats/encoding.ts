/**
 * Legacy Hebrew and Arabic encodings: Windows-1255, Windows-1256 and ISO-8859-8, given or
 * detected. Decoding uses the runtime's TextDecoder (WHATWG labels; Node with full ICU and every
 * browser support them).
 *
 * Detection (`detectEncoding`): valid UTF-8 (or a UTF-8 BOM) is UTF-8. Otherwise the bytes ≥ 0x80
 * are counted: Hebrew letters are 0xE0–0xFA in both Windows-1255 and ISO-8859-8; Arabic letters in
 * Windows-1256 are mostly 0xC1–0xDA (ء…غ) plus 0xDD–0xFE. When at least 25% of the high bytes are
 * in 0xC1–0xDA the file is Windows-1256; else when at least 50% are in 0xE0–0xFA it is
 * Windows-1255 — in both cases only when those bytes outnumber the Latin letters A–Z a–z (a superset of ISO-8859-8's letters, adding niqqud at 0xC0–0xD2); else unknown.
 */
import { CoreError } from '../errors';
import { decodeTextRaw, findInvalidUtf8, looksBinary } from '../decode';

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

/** Guess the encoding of `bytes` (see the module comment); null when it is neither UTF-8 nor recognisably Hebrew/Arabic. */
export function detectEncoding(bytes: Uint8Array): TextEncoding | null {
  if (findInvalidUtf8(bytes) < 0) return 'utf-8';
  let high = 0;
  let arabic = 0;
  let hebrew = 0;
  let latin = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) latin++;
      continue;
    }
    high++;
    if (b >= 0xc1 && b <= 0xda) arabic++;
    if (b >= 0xe0 && b <= 0xfa) hebrew++;
  }
  if (high === 0) return null;
  // The script's letters must also outnumber Latin letters (so a Latin-1 "café" is not Hebrew).
  if (arabic / high >= 0.25 && high >= latin) return 'windows-1256';
  if (hebrew / high >= 0.5 && hebrew >= latin) return 'windows-1255';
  return null;
}

interface Decoder {
  decode(input: Uint8Array): string;
}
type DecoderCtor = new (label: string, options?: { fatal?: boolean }) => Decoder;

function decodeLegacy(bytes: Uint8Array, encoding: TextEncoding): string {
  const Ctor = (globalThis as unknown as { TextDecoder?: DecoderCtor }).TextDecoder;
  if (!Ctor) throw new CoreError('internal', 'TextDecoder is not available in this runtime');
  return new Ctor(encoding).decode(bytes);
}

/**
 * Decode a text file: `encoding` when given, else detected. The result keeps the file's line
 * ends (normalise with `normalizeNewlines`). Throws CoreError('import-failed') naming the file:
 * empty, binary, not UTF-8 and not recognisably Windows-1255/1256.
 */
export function decodeWithEncoding(bytes: Uint8Array, fileName: string, encoding?: TextEncoding): { text: string; encoding: TextEncoding } {
  const enc = encoding ?? detectEncoding(bytes) ?? 'utf-8';
  if (enc === 'utf-8') return { text: decodeTextRaw(bytes, fileName), encoding: enc };
  if (bytes.length === 0) throw new CoreError('import-failed', `${fileName}: the file is empty`, { file: fileName });
  if (looksBinary(bytes)) throw new CoreError('import-failed', `${fileName}: looks like a binary file, not text`, { file: fileName });
  const text = decodeLegacy(bytes, enc);
  if (text.trim() === '') throw new CoreError('import-failed', `${fileName}: the file is empty`, { file: fileName });
  return { text, encoding: enc };
}
