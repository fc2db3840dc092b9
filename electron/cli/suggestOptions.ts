/** The options `suggest`, `train` and `simulate` share: lists, whole numbers, --min-f1, --gazetteer. */
import { readFileSync } from 'node:fs';
import { CoreError } from '../../annotations/errors';
import { parseGazetteer, type GazetteerEntry } from '../../annotations/suggest/occurrences';
import { UsageError } from './output';

/** `a,b, c` → ['a', 'b', 'c']; absent → []. */
export function list(v: string | boolean | undefined): string[] {
  return typeof v === 'string'
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '')
    : [];
}

export function wholeNumber(command: string, option: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`${command}: --${option} must be a whole number${min > 0 ? ` from ${min}` : ''}, not ${JSON.stringify(text)}`);
  return Number(text);
}

/** The tagger's quality threshold (held-out F1), 0.5 unless given. */
export function minF1Of(command: string, text: string | undefined): number {
  const t = text ?? '0.5';
  const x = Number(t);
  if (!/^\d*\.?\d+$/.test(t) || !(x >= 0 && x <= 1)) throw new UsageError(`${command}: --min-f1 must be a number from 0 to 1, not ${JSON.stringify(t)}`);
  return x;
}

/** A gazetteer file (`form<TAB>type` per line); none when not given. Errors name the file and line. */
export function readGazetteer(file: string | undefined): GazetteerEntry[] {
  if (file === undefined) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CoreError('not-found', `${file}: cannot read the gazetteer (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  return parseGazetteer(text, file);
}
