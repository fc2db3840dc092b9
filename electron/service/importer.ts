import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { normalizeNewlines } from '../../annotations/decode';
import { decodeWithEncoding } from '../../annotations/formats/encoding';
import { detectLang, paragraphDirection } from '../../annotations/direction';
import type { Direction, Lang } from '../../annotations/model';
import { cpLength } from '../../annotations/text';
import { ServiceError } from './errors';

/** A file found for import: the path as the user will recognise it, and its absolute path. */
export interface ImportFile {
  display: string;
  absolute: string;
}

/** A decoded, validated text ready to be stored. */
export interface PreparedText {
  file: ImportFile;
  name: string;
  text: string;
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
    const key = realpathSync(f.absolute);
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
      const walk = (dirDisplay: string, dirAbs: string): void => {
        const real = realpathSync(dirAbs);
        if (visited.has(real)) return; // the same folder twice
        visited.add(real);
        const entries = readdirSync(dirAbs).sort();
        for (const entry of entries) {
          const display = join(dirDisplay, entry);
          const abs = join(dirAbs, entry);
          refuseLinkInFolder(display, abs);
          const est = statOrFail(display, abs);
          if (est.isDirectory()) walk(display, abs);
          else if (est.isFile() && isTxt(entry)) found.push({ display, absolute: abs });
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
  const text = normalizeNewlines(decodeWithEncoding(bytes, file.display).text);
  const sha256 = sha256Hex(text);
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
