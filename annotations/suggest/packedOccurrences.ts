/**
 * Occurrences packed for another thread (the occurrences' worker → the service's thread,
 * annotations/suggest/assemble.ts): columns and a string table instead of objects. Split from
 * projectOccurrences.ts (session 6): packing knows nothing of how occurrences are found.
 */
import type { Suggestion } from './occurrences';

/** A string table's interning function (each distinct string once, its index). */
export function interner(strings: string[]): (s: string) => number {
  const at = new Map<string, number>();
  return (s: string): number => {
    let k = at.get(s);
    if (k === undefined) {
      k = strings.length;
      strings.push(s);
      at.set(s, k);
    }
    return k;
  };
}

/**
 * Occurrences packed for another thread: parallel typed arrays and a table of the distinct
 * strings (types, texts, forms), which cross a worker's message far faster than as many objects.
 */
export interface PackedOccurrences {
  docId: string;
  starts: Int32Array;
  ends: Int32Array;
  scores: Float64Array;
  /** Indexes into `strings`. */
  types: Uint32Array;
  texts: Uint32Array;
  forms: Uint32Array;
  strings: string[];
}

/** Packs one document's occurrences (ProjectOccurrences.find's answer). */
export function packOccurrences(docId: string, list: readonly Suggestion[]): PackedOccurrences {
  const n = list.length;
  const strings: string[] = [];
  const intern = interner(strings);
  const p: PackedOccurrences = { docId, starts: new Int32Array(n), ends: new Int32Array(n), scores: new Float64Array(n), types: new Uint32Array(n), texts: new Uint32Array(n), forms: new Uint32Array(n), strings };
  for (let k = 0; k < n; k++) {
    const s = list[k] as Suggestion;
    p.starts[k] = s.start;
    p.ends[k] = s.end;
    p.scores[k] = s.score;
    p.types[k] = intern(s.type);
    p.texts[k] = intern(s.text);
    p.forms[k] = intern(s.form ?? '');
  }
  return p;
}

/** The occurrences packed by packOccurrences. */
export function unpackOccurrences(p: PackedOccurrences): Suggestion[] {
  const out: Suggestion[] = new Array<Suggestion>(p.starts.length);
  for (let k = 0; k < out.length; k++) {
    out[k] = {
      docId: p.docId,
      start: p.starts[k] as number,
      end: p.ends[k] as number,
      type: p.strings[p.types[k] as number] as string,
      text: p.strings[p.texts[k] as number] as string,
      source: 'occurrence',
      score: p.scores[k] as number,
      form: p.strings[p.forms[k] as number] as string,
    };
  }
  return out;
}
