/**
 * A document's suggestions as columns, for the bridge (suggestions.list): a 1 MB document's
 * 40,000 suggestions as objects are some 8.7 MB of JSON, parsed on the window's main thread; as
 * columns of small numbers (every string once, in a table) about an eighth of that. The key is
 * not sent (it is `start:end:type`), the document id once; types, sources, forms and texts are
 * indexes into `strings` (a form is usually also some suggestion's text). `unpackSuggestions`
 * gives back exactly the items packed, or refuses a malformed pack.
 *
 * Scores travel as integers in ten-thousandths: the service rounds them to 4 decimals, so they
 * come back exactly (see `SCORE_SCALE`).
 */
import { CoreError } from './errors';

/** Scores are sent as round(score × SCORE_SCALE): 4 decimals, as the service keeps them. */
export const SCORE_SCALE = 10_000;

/** One suggestion as the service lists it (the contract's SuggestionItem). */
export interface PackableSuggestion<S extends string = string> {
  key: string;
  docId: string;
  start: number;
  end: number;
  type: string;
  text: string;
  source: S;
  score: number;
  form?: string;
}

export interface PackedSuggestions {
  docId: string;
  /** The strings `types`, `sources`, `forms` and `texts` point into. */
  strings: string[];
  /** Each start as the difference from the one before (the first from 0): the items are in text order. */
  starts: number[];
  /** end − start. */
  lengths: number[];
  types: number[];
  sources: number[];
  /** −1: no form. */
  forms: number[];
  texts: number[];
  /** round(score × SCORE_SCALE). */
  scores: number[];
}

/** The key of a suggestion: unique in its document. */
export const suggestionKey = (s: { start: number; end: number; type: string }): string => `${s.start}:${s.end}:${s.type}`;

/**
 * An empty pack for `docId` and the function that gives a string's index in its table (adding it
 * the first time): what every writer of packs starts from.
 */
export function emptyPack(docId: string): { p: PackedSuggestions; string: (s: string) => number } {
  const p: PackedSuggestions = { docId, strings: [], starts: [], lengths: [], types: [], sources: [], forms: [], texts: [], scores: [] };
  const index = new Map<string, number>();
  const string = (s: string): number => {
    let k = index.get(s);
    if (k === undefined) {
      k = p.strings.length;
      p.strings.push(s);
      index.set(s, k);
    }
    return k;
  };
  return { p, string };
}

/** The items of one document, in the order given, as columns. */
export function packSuggestions(docId: string, items: readonly PackableSuggestion[]): PackedSuggestions {
  const { p, string } = emptyPack(docId);
  let last = 0;
  for (const x of items) {
    if (x.docId !== docId) throw new CoreError('internal', `suggestion ${x.key} is of document ${x.docId}, not ${docId}`);
    if (x.key !== suggestionKey(x)) throw new CoreError('internal', `suggestion key ${x.key} is not ${suggestionKey(x)}`);
    const score = Math.round(x.score * SCORE_SCALE);
    if (score / SCORE_SCALE !== x.score) throw new CoreError('internal', `suggestion ${x.key}: score ${x.score} has more than 4 decimals`);
    p.starts.push(x.start - last);
    last = x.start;
    p.lengths.push(x.end - x.start);
    p.types.push(string(x.type));
    p.sources.push(string(x.source));
    p.forms.push(x.form === undefined ? -1 : string(x.form));
    p.texts.push(string(x.text));
    p.scores.push(score);
  }
  return p;
}

/** The items of a pack (exactly those packed); `invalid-argument` when the pack is malformed. */
export function unpackSuggestions<S extends string = string>(p: PackedSuggestions): PackableSuggestion<S>[] {
  const n = p.starts.length;
  for (const column of [p.lengths, p.types, p.sources, p.forms, p.texts, p.scores]) {
    if (column.length !== n) throw new CoreError('invalid-argument', `suggestions of ${p.docId}: columns of different lengths`);
  }
  const at = (k: number): string => {
    const s = p.strings[k];
    if (s === undefined) throw new CoreError('invalid-argument', `suggestions of ${p.docId}: no string ${k}`);
    return s;
  };
  const out: PackableSuggestion<S>[] = new Array<PackableSuggestion<S>>(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    start += p.starts[i] as number;
    const end = start + (p.lengths[i] as number);
    const type = at(p.types[i] as number);
    // The window keeps every item (a 5 MB document has ~200,000): the key is joined into one flat
    // string (a template literal leaves a tree of three cons strings over two number strings,
    // ~100 bytes more an item), and `form` is in the literal (added afterwards, it takes a
    // property array of its own, ~20 bytes an item). Issue 12: the renderer heap at 5 MB.
    const key = [start, end, type].join(':');
    const text = at(p.texts[i] as number);
    const source = at(p.sources[i] as number) as S;
    const score = (p.scores[i] as number) / SCORE_SCALE;
    const form = p.forms[i] as number;
    out[i] = form >= 0 ? { key, docId: p.docId, start, end, type, text, source, score, form: at(form) } : { key, docId: p.docId, start, end, type, text, source, score };
  }
  return out;
}
