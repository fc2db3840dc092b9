/**
 * A small JSON syntax scanner used for error reporting: where (line, column) the first syntax
 * error is, and where each value of a successfully parsed document starts, so that
 * validation errors can name the line of the offending value. Parsing itself is JSON.parse.
 */

import { CoreError } from './errors';
import { loneSurrogatePath } from './names';

export type JsonPath = (string | number)[];

export interface JsonSyntaxError {
  /** UTF-16 offset of the error. */
  pos: number;
  line: number;
  column: number;
  message: string;
}

class ScanError extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based line and column of UTF-16 offset `pos` (LF, CRLF and lone CR end lines). */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'unexpected end of input';
  const ch = String.fromCodePoint(text.codePointAt(i) as number);
  return `unexpected character ${JSON.stringify(ch)}`;
}

/**
 * Scan `text` as JSON. Calls `onValue(path, pos)` at the start of every value. Throws a
 * ScanError at the first syntax error.
 */
function scan(text: string, onValue?: (path: JsonPath, pos: number) => void): void {
  const n = text.length;
  let i = 0;
  const path: JsonPath = [];

  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const fail = (message: string, at = i): never => {
    throw new ScanError(at, message);
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= n) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c < 0x20) fail('control character (such as a line break) inside a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape in a string');
      } else i++;
    }
  };
  const digits = (): void => {
    if (!(i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39)) fail('bad number');
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  };
  const num = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    ws();
    onValue?.(path, i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i >= n ? 'unexpected end of input' : 'expected a double-quoted property name');
        const key = str();
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name ${JSON.stringify(key)}`);
        i++;
        path.push(key);
        value();
        path.pop();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(i >= n ? 'unexpected end of input' : "expected ',' or '}' after a property value");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        path.push(k);
        value();
        path.pop();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(i >= n ? 'unexpected end of input' : "expected ',' or ']' after a list element");
      }
    }
    if (c === '"') {
      str();
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      num();
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    fail(describe(text, i));
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1;
  value();
  ws();
  if (i < n) fail('unexpected content after the JSON value');
}

/** The first syntax error of `text`, or null if it is valid JSON (as far as the scanner sees). */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  try {
    scan(text);
    return null;
  } catch (e) {
    if (e instanceof ScanError) return { pos: e.pos, ...lineColumn(text, e.pos), message: e.message };
    return null; // e.g. too deeply nested for the scanner
  }
}

/** Start offsets of every value of a valid JSON text, by path ("a/0/b"); the last one wins. */
export function valuePositions(text: string): Map<string, number> {
  const out = new Map<string, number>();
  try {
    scan(text, (path, pos) => out.set(path.join('/'), pos));
  } catch {
    // positions are a nicety: give what we have
  }
  return out;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

/** JSON.parse (a leading BOM allowed), with a located error instead of an exception. */
export function parseJsonLocated(text: string): ParsedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (e) {
    const found = findJsonSyntaxError(text);
    if (found) return { ok: false, error: found };
    const raw = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(raw);
    const pos = m ? Number(m[1]) + (body === text ? 0 : 1) : text.length;
    return { ok: false, error: { pos, ...lineColumn(text, pos), message: raw.replace(/ in JSON at position.*$/, '') } };
  }
  if (loneSurrogatePath(value) !== null) {
    const found = loneSurrogateEscape(text);
    return { ok: false, error: { pos: found.pos, ...lineColumn(text, found.pos), message: `${found.escape} is a lone surrogate, not a character` } };
  }
  return { ok: true, value };
}

/** Where the first `\uD8xx`-`\uDFxx` escape that is not half of a pair is in a JSON text. */
function loneSurrogateEscape(text: string): { pos: number; escape: string } {
  const re = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;
  let m: RegExpExecArray | null;
  let pairedUpTo = -1;
  while ((m = re.exec(text)) !== null) {
    if (m.index < pairedUpTo) continue;
    const high = /^\\u[dD][89abAB]/.test(m[0]);
    const next = text.slice(m.index + 6, m.index + 12);
    if (high && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(next)) {
      pairedUpTo = m.index + 12;
      continue;
    }
    return { pos: m.index, escape: m[0] };
  }
  return { pos: 0, escape: 'a string' };
}

/**
 * Visit each non-blank line of a JSON Lines text (CRLF and a leading BOM accepted) as its parsed
 * value, with its line number and a `fail` that throws CoreError('import-failed') naming
 * `fileName:line`; a line that is not JSON fails with its column.
 */
export function forEachJsonLine(text: string, fileName: string, visit: (value: unknown, lineNo: number, fail: (message: string) => never) => void): void {
  forEachLine(text, fileName, (line, lineNo, fail) => {
    const p = parseJsonLocated(line);
    if (!p.ok) return fail(`invalid JSON: ${p.error.message} (column ${p.error.column})`);
    visit(p.value, lineNo, fail);
  });
}

/**
 * Visit each non-blank line of a text file (a CR before the LF and a leading BOM dropped), with its
 * 1-based line number and a `fail` that throws CoreError('import-failed') naming `fileName:line`.
 */
export function forEachLine(text: string, fileName: string, visit: (line: string, lineNo: number, fail: (message: string) => never) => void): void {
  text.split('\n').forEach((raw, idx) => {
    const lineNo = idx + 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (idx === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') return;
    const fail = (m: string): never => {
      throw new CoreError('import-failed', `${fileName}:${lineNo}: ${m}`, { file: fileName, line: lineNo });
    };
    visit(line, lineNo, fail);
  });
}
