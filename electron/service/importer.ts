import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { BINARY_CONTROLS, decodeTextRaw, normalizeNewlines, utf16Bom } from '../../annotations/decode';
import { decodeWithEncoding } from '../../annotations/formats/encoding';
import { detectLang, detectLangUtf8, paragraphDirection } from '../../annotations/direction';
import type { Direction, Lang } from '../../annotations/model';
import { cpLength } from '../../annotations/text';
import { ServiceError } from './errors';

/** A file found for import: the path as the user will recognise it, and its absolute path. */
export interface ImportFile {
  display: string;
  absolute: string;
  /** Its real path when the walk already knows it (a file inside a walked folder, where links are refused). */
  real?: string;
}

/** A decoded, validated text ready to be stored. */
export interface PreparedText {
  file: ImportFile;
  name: string;
  /** The text, or the file's bytes when they are exactly its UTF-8 (stored without being decoded). */
  text: string | Uint8Array;
  sha256: string;
  id: string;
  lang: Lang;
  dir: Direction;
  length: number;
}

function isTxt(p: string): boolean {
  return extname(p).toLowerCase() === '.txt';
}

function statOrFail(display: string, absolute: string): Stats {
  try {
    return statSync(absolute);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ServiceError('import-failed', `${display}: ${why}`, { file: display });
  }
}

/**
 * Refuses a symbolic link met inside a chosen folder: following it could read files outside the
 * folder the user picked (the app grants only that folder). A link given by name is followed.
 */
export function refuseLinkInFolder(display: string, absolute: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(absolute).isSymbolicLink();
  } catch {
    return; // gone: the caller's stat says so
  }
  if (!isLink) return;
  let target = '';
  try {
    target = ` (to ${readlinkSync(absolute)})`;
  } catch {
    // unreadable link: no target to name
  }
  throw new ServiceError(
    'import-failed',
    `${display}: a symbolic link${target} inside the chosen folder; links are not followed (import what it points to by naming it, or remove the link)`,
    { file: display },
  );
}

function byPath(a: ImportFile, b: ImportFile): number {
  return a.absolute < b.absolute ? -1 : a.absolute > b.absolute ? 1 : 0;
}

/**
 * The files an import of `paths` covers: each file given (which must be a .txt file), and every
 * .txt file under each folder given (recursively, sorted by path; other files ignored).
 * A file reached twice is listed once. Fails, naming the path, when one does not exist.
 */
export function collectImportFiles(paths: readonly string[]): ImportFile[] {
  const out: ImportFile[] = [];
  const seen = new Set<string>();
  const add = (f: ImportFile): void => {
    const key = f.real ?? realpathSync(f.absolute);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };

  for (const given of paths) {
    const absolute = resolve(given);
    const st = statOrFail(given, absolute);
    if (st.isDirectory()) {
      const found: ImportFile[] = [];
      const visited = new Set<string>();
      // One readdir with the entries' types per folder: no lstat, stat and realpath per file
      // (100,000 files). Links are refused inside, so a file's real path is its folder's plus its name.
      const walk = (dirDisplay: string, dirAbs: string): void => {
        const real = realpathSync(dirAbs);
        if (visited.has(real)) return; // the same folder twice
        visited.add(real);
        let entries;
        try {
          entries = readdirSync(dirAbs, { withFileTypes: true });
        } catch (e) {
          statOrFail(dirDisplay, dirAbs);
          throw new ServiceError('import-failed', `${dirDisplay}: cannot read the folder: ${(e as Error).message}`, { file: dirDisplay });
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
          const display = join(dirDisplay, entry.name);
          const abs = join(dirAbs, entry.name);
          if (entry.isSymbolicLink()) refuseLinkInFolder(display, abs);
          if (entry.isDirectory()) walk(display, abs);
          else if (entry.isFile()) {
            if (isTxt(entry.name)) found.push({ display, absolute: abs, real: join(real, entry.name) });
          } else if (!entry.isSymbolicLink()) {
            // a type readdir did not give (some file systems): ask the file itself
            const est = statOrFail(display, abs);
            if (est.isDirectory()) walk(display, abs);
            else if (est.isFile() && isTxt(entry.name)) found.push({ display, absolute: abs, real: join(real, entry.name) });
          }
        }
      };
      walk(given, absolute);
      found.sort(byPath).forEach(add);
    } else if (st.isFile()) {
      if (!isTxt(absolute)) {
        throw new ServiceError('import-failed', `${given}: not a .txt file (Qalam imports UTF-8 plain text .txt files)`, {
          file: given,
        });
      }
      add({ display: given, absolute });
    } else {
      throw new ServiceError('import-failed', `${given}: not a file or folder`, { file: given });
    }
  }
  if (out.length === 0) {
    throw new ServiceError('import-failed', `nothing to import: no .txt files in ${paths.join(', ')}`, { file: paths[0] });
  }
  return out;
}

/** SHA-256 (hex) of the UTF-8 bytes of a stored text. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Document direction: right-to-left for Hebrew and Arabic, else that of the first strong character. */
export function documentDirection(text: string, lang: Lang): Direction {
  return lang === 'he' || lang === 'ar' ? 'rtl' : paragraphDirection(text, 'ltr');
}

/** Reads, decodes and analyses one file. Throws CoreError('import-failed') naming the file (and line). */
export function prepareText(file: ImportFile): PreparedText {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file.absolute);
  } catch (e) {
    throw new ServiceError('import-failed', `${file.display}: cannot read: ${(e as Error).message}`, { file: file.display });
  }
  // The common case, a Hebrew or Arabic text in well-formed UTF-8 (checked natively) without a BOM
  // or CR: the text is those bytes. Checked as decodeTextRaw would (UTF-16 look, binary look: it
  // decodes nothing else), its language and length read from the bytes, its SHA-256 that of the
  // bytes, and it is stored as they are: no decoding into a string and encoding back (100,000 files).
  // The checks take one pass of ours: a NUL is binary (looksBinary; found natively), the other
  // control bytes looksBinary counts are counted in detectLangUtf8's pass; and what passes cannot
  // look like UTF-16 (looksUtf16 needs an eighth of the bytes to be 0x00, 0x05 or 0x06, control
  // bytes all: more than the tenth allowed), so that is not asked.
  const utf8 = utf16Bom(bytes) === null && isUtf8(bytes);
  if (utf8 && bytes.length > 0 && bytes[0] !== 0xef && bytes.indexOf(0x0d) < 0 && bytes.indexOf(0) < 0) {
    const { lang, codePoints, letters, controls } = detectLangUtf8(bytes);
    // 'other' needs the text for its direction; no letter may be a blank file; a binary look
    // (more than looksBinary's share of control bytes) is refused by the long way: all take it.
    if (letters > 0 && lang !== 'other' && controls <= bytes.length * BINARY_CONTROLS) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { file, name: basename(file.absolute, extname(file.absolute)), text: bytes, sha256, id: sha256.slice(0, 16), lang, dir: 'rtl', length: codePoints };
    }
  }
  // Well-formed UTF-8 is what decodeWithEncoding would detect, then decode the same way; its
  // SHA-256 is that of the file's bytes (after a UTF-8 BOM, which decoding drops) unless line ends
  // were changed: the text is not encoded again to be hashed.
  const decoded = utf8 ? decodeTextRaw(bytes, file.display) : decodeWithEncoding(bytes, file.display).text;
  const text = normalizeNewlines(decoded);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const sha256 = utf8 && text === decoded ? createHash('sha256').update(bytes.subarray(bom)).digest('hex') : sha256Hex(text);
  const lang = detectLang(text);
  return {
    file,
    name: basename(file.absolute, extname(file.absolute)),
    text,
    sha256,
    id: sha256.slice(0, 16),
    lang,
    dir: documentDirection(text, lang),
    length: cpLength(text),
  };
}
