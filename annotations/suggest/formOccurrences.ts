/**
 * One form's occurrences (the window's preview: o, then Enter for the document or Tab, Enter for
 * the corpus), found by ProjectOccurrences' matcher with that form listed alone and the
 * annotator's practice given (`FormFinder`), and a corpus folded once and kept (`CorpusFolds`:
 * every document's tokens as typed arrays over one shared Vocabulary, so each distinct word of the
 * corpus is read with its proclitics once). The occurrences' thread (electron/service/suggestWorker.ts)
 * keeps a CorpusFolds up to date with the documents (added, deleted) and answers a corpus-wide
 * preview from it without reading or folding a text again.
 */
import { foldedFormTokens, type Practice, type SpanTyped } from './occurrences';
import { cliticSplits, foldString, scriptOf } from './clitics';
import { FoldedText, FoldedTexts, partAround, textHash, TextFolding, Vocabulary } from './foldedText';
import { ProjectOccurrences, type FormMatch } from './projectOccurrences';

export type { FormMatch } from './projectOccurrences';

/**
 * The occurrences of one form with one type, as the annotator's practice places them, in any
 * folded text: whole words, after proclitics, never splitting a grapheme nor overlapping a
 * mention of the type (the same as the annotated forms' occurrences, for a form listed alone).
 */
export class FormFinder {
  private readonly scan: (folds: FoldedText, mentions: readonly SpanTyped[]) => FormMatch[];
  /** What every text holding an occurrence holds (mayOccurIn). */
  private readonly needle: { folded: string; raw: RegExp | null } | null;
  /** The needle's raw expression, global (`parts`), and the form's tokens. */
  private readonly rawAll: RegExp | null;
  private readonly tokens: number;

  constructor(form: string, type: string, practice: Practice) {
    const index = new ProjectOccurrences(new FoldedTexts(0), 0, practice);
    index.addForm(form, type);
    this.scan = index.finder();
    this.needle = needleOf(form);
    this.rawAll = this.needle?.raw ? new RegExp(this.needle.raw.source, 'gu') : null;
    this.tokens = foldedFormTokens(form).length;
  }

  /**
   * The parts of `text` an occurrence can lie in, to fold only those (`foldParts`: `in` over them
   * finds what it finds over the whole text folded): around each place the raw text holds the
   * needle (mayOccurIn's expression, at every place it starts: an occurrence's first token holds
   * it), from the break before it over the form's other tokens and one more (`partAround`), parts
   * that meet merged. Empty: no
   * occurrence. Null when the needle is not read from the raw text (then fold it whole).
   */
  parts(text: string): [number, number][] | null {
    const re = this.rawAll;
    if (re === null) return this.needle === null ? null : this.mayOccurIn(text) ? null : [];
    const out: [number, number][] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      // every place it starts at, overlapping ones too (one of them may be an occurrence's)
      re.lastIndex = m.index + 1;
      const [from, to] = partAround(text, m.index, this.tokens);
      const last = out[out.length - 1];
      if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
      else out.push([from, to]);
    }
    return out;
  }

  /**
   * False only when `text` holds no occurrence (so it need not be folded to look): every
   * occurrence's word, folded, holds the form's first token without its longest proclitic reading
   * (the key it is looked up by is that token or one of its stems; a ل + ال reading holds the key
   * less its alef). Read from the raw text with one regular expression (marks and tatweel allowed
   * between the letters, any alef form for ا) when that part is Hebrew or Arabic letters, else by
   * folding the text (foldString: folding is by code point, so a word's folding is a part of the
   * text's).
   */
  mayOccurIn(text: string): boolean {
    const n = this.needle;
    if (n === null) return true;
    if (text.includes(n.folded)) return true;
    return n.raw !== null ? n.raw.test(text) : foldString(text).includes(n.folded);
  }

  /** The occurrences in `folds`, in text order, not overlapping each other nor a mention of the type among `mentions`. */
  in(folds: FoldedText, mentions: readonly SpanTyped[]): FormMatch[] {
    return this.scan(folds, mentions);
  }

  /** The occurrences in a text (folded for this call). */
  inText(text: string, mentions: readonly SpanTyped[]): FormMatch[] {
    return this.scan(new FoldedText(text, textHash(text)), mentions);
  }
}

const DROPPED = '[\\p{M}\\u0640]*';
const ALEF_ANY = '[\\u0627\\u0622\\u0623\\u0625\\u0671]';

/** FormFinder.mayOccurIn's needle: null when the form has no letters to look for (every text may hold it). */
function needleOf(form: string): { folded: string; raw: RegExp | null } | null {
  const first = foldedFormTokens(form)[0] ?? '';
  let folded = first;
  for (const s of cliticSplits(first, scriptOf(first))) if (first.length - s.length < folded.length) folded = first.slice(s.length);
  // ل + ال written لل: `للحكومة` holds the key `الحكومة` less its alef
  if (folded.startsWith('ا')) folded = folded.slice(1);
  if (folded.length === 0) return null;
  const units = [...folded];
  // Hebrew and Arabic letters fold to themselves (no case); marks and tatweel fold to nothing, the alef forms to ا
  const plain = units.every((c) => /^[\u0590-\u06ff]$/u.test(c) && !/^[\p{M}\u0640]$/u.test(c));
  const raw = plain ? new RegExp(units.map((c) => (c === 'ا' ? ALEF_ANY : c)).join(DROPPED), 'u') : null;
  return { folded, raw };
}

interface Kept {
  /** What the document was folded from (its id and content stamp: a changed stamp folds it again). */
  stamp: string;
  folds: FoldedText;
}

/**
 * Every document of a corpus folded once and kept (by id and a stamp of its content), over one
 * shared Vocabulary; `maxWeight` bounds what is kept (FoldedText.weight: about the text's UTF-16
 * units plus 24 per token); beyond it a document is not kept and is folded again when asked for.
 */
export class CorpusFolds {
  readonly vocabulary = new Vocabulary();
  private readonly docs = new Map<string, Kept>();
  private weight = 0;

  constructor(readonly maxWeight = 160_000_000) {}

  /** Is document `id` kept as folded from content `stamp`? */
  has(id: string, stamp: string): boolean {
    return this.docs.get(id)?.stamp === stamp;
  }

  /** Folds `text` (document `id`, content `stamp`) and keeps it while there is room; answers the folded text. */
  set(id: string, stamp: string, text: string): FoldedText {
    return this.keep(id, stamp, new FoldedText(text, stamp, this.vocabulary));
  }

  /** `text` (document `id`, content `stamp`) to be folded a piece at a time with this corpus's vocabulary, then kept (`keep`). */
  folding(stamp: string, text: string, units?: number): TextFolding {
    return new TextFolding(text, stamp, this.vocabulary, units);
  }

  /** Keeps document `id` folded from content `stamp` (with this corpus's vocabulary) while there is room; answers it. */
  keep(id: string, stamp: string, folds: FoldedText): FoldedText {
    this.remove(id);
    if (this.weight + folds.weight <= this.maxWeight) {
      this.docs.set(id, { stamp, folds });
      this.weight += folds.weight;
    }
    return folds;
  }

  /** The folded text of a document kept, else null. */
  get(id: string): FoldedText | null {
    return this.docs.get(id)?.folds ?? null;
  }

  remove(id: string): void {
    const had = this.docs.get(id);
    if (had === undefined) return;
    this.docs.delete(id);
    this.weight -= had.folds.weight;
  }

  /** The ids kept. */
  ids(): IterableIterator<string> {
    return this.docs.keys();
  }

  get size(): number {
    return this.docs.size;
  }
}
