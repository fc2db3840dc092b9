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

/**
 * How a list of one revision becomes the next (suggestions.list answering a window that has an
 * earlier revision): `removed` are the indexes, ascending, of the earlier list's items that are
 * gone; the new list is the earlier one's other items, in their order, with the pack's items put
 * in at `added` (their indexes in the new list, ascending). A label changes a handful of a 1 MB
 * document's 40,000 suggestions: the window is sent those, not the 40,000 again.
 */
export interface SuggestionDelta {
  /** The revision the delta applies to (the window's `known`). */
  from: string;
  removed: number[];
  added: number[];
}

/** Item `i` of a pack, read in place (its start is summed by the caller: starts are differences). */
function sameItem(x: PackedSuggestions, i: number, xStart: number, y: PackedSuggestions, j: number, yStart: number): boolean {
  if (xStart !== yStart || x.lengths[i] !== y.lengths[j] || x.scores[i] !== y.scores[j]) return false;
  const xs = x.strings;
  const ys = y.strings;
  if (xs[x.types[i] as number] !== ys[y.types[j] as number] || xs[x.sources[i] as number] !== ys[y.sources[j] as number] || xs[x.texts[i] as number] !== ys[y.texts[j] as number]) return false;
  const fx = x.forms[i] as number;
  const fy = y.forms[j] as number;
  return (fx < 0) === (fy < 0) && (fx < 0 || xs[fx] === ys[fy]);
}

/**
 * The delta from pack `before` (revision `from`) to pack `after`, with `after`'s new items as a
 * pack; null when more than `maxShare` of `after` would be sent (the whole list is then as cheap).
 * Both are walked once, in text order: an item equal in every field in both is kept, otherwise
 * the one that comes first by start and end (then type) is removed or added. Whatever the walk
 * decides, applying the answer gives exactly `after` (applySuggestionDelta).
 */
export function diffSuggestions(from: string, before: PackedSuggestions, after: PackedSuggestions, maxShare = 0.5): { delta: SuggestionDelta; packed: PackedSuggestions } | null {
  const n = before.starts.length;
  const m = after.starts.length;
  const removed: number[] = [];
  const addedAt: number[] = [];
  const budget = Math.floor(m * maxShare);
  let i = 0;
  let j = 0;
  let xs = n > 0 ? (before.starts[0] as number) : 0;
  let ys = m > 0 ? (after.starts[0] as number) : 0;
  while (i < n || j < m) {
    if (addedAt.length > budget) return null;
    if (i < n && j < m && sameItem(before, i, xs, after, j, ys)) {
      i++;
      j++;
      if (i < n) xs += before.starts[i] as number;
      if (j < m) ys += after.starts[j] as number;
      continue;
    }
    let dropOld: boolean;
    if (i >= n) dropOld = false;
    else if (j >= m) dropOld = true;
    else {
      const xe = xs + (before.lengths[i] as number);
      const ye = ys + (after.lengths[j] as number);
      if (xs !== ys) dropOld = xs < ys;
      else if (xe !== ye) dropOld = xe < ye;
      // the same span: the earlier list's item goes first (a changed score or type is one out, one in)
      else dropOld = (before.strings[before.types[i] as number] as string) <= (after.strings[after.types[j] as number] as string);
    }
    if (dropOld) {
      removed.push(i++);
      if (i < n) xs += before.starts[i] as number;
    } else {
      addedAt.push(j++);
      if (j < m) ys += after.starts[j] as number;
    }
  }
  if (addedAt.length > budget) return null;
  // the added items as a pack of their own
  const { p, string } = emptyPack(after.docId);
  let k = 0;
  let start = 0;
  let last = 0;
  for (let t = 0; t < m && k < addedAt.length; t++) {
    start += after.starts[t] as number;
    if (addedAt[k] !== t) continue;
    k++;
    p.starts.push(start - last);
    last = start;
    p.lengths.push(after.lengths[t] as number);
    p.types.push(string(after.strings[after.types[t] as number] as string));
    p.sources.push(string(after.strings[after.sources[t] as number] as string));
    const f = after.forms[t] as number;
    p.forms.push(f < 0 ? -1 : string(after.strings[f] as string));
    p.texts.push(string(after.strings[after.texts[t] as number] as string));
    p.scores.push(after.scores[t] as number);
  }
  return { delta: { from, removed, added: addedAt }, packed: p };
}

/**
 * The list `delta` and its `added` items make of `before` (the items of revision `delta.from`):
 * a new array, `before` left as it is. `invalid-argument` when the delta does not fit `before`
 * (an index out of range or out of order): the window then asks for the whole list.
 */
export function applySuggestionDelta<T>(before: readonly T[], delta: SuggestionDelta, added: readonly T[]): T[] {
  const { removed, added: at } = delta;
  if (at.length !== added.length) throw new CoreError('invalid-argument', `suggestion delta: ${at.length} places for ${added.length} items`);
  const size = before.length - removed.length + added.length;
  const out = new Array<T>(size);
  let r = 0;
  let a = 0;
  let i = 0;
  for (let j = 0; j < size; j++) {
    if (a < at.length && at[a] === j) {
      out[j] = added[a++] as T;
      continue;
    }
    while (r < removed.length && removed[r] === i) {
      r++;
      i++;
    }
    if (i >= before.length) throw new CoreError('invalid-argument', `suggestion delta: item ${j} is past the ${before.length} items of ${delta.from}`);
    out[j] = before[i++] as T;
  }
  while (r < removed.length && removed[r] === i) {
    r++;
    i++;
  }
  if (a !== at.length || r !== removed.length || i !== before.length) throw new CoreError('invalid-argument', `suggestion delta: does not fit the ${before.length} items of ${delta.from}`);
  return out;
}
