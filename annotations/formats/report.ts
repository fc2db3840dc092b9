/**
 * What an import read and what it kept, shared by every importer (CoNLL, brat, doccano, Label
 * Studio, Prodigy, native JSONL).
 *
 * A parser counts what its files hold with `read` and records everything it cannot keep as it was
 * with `lose` (dropped, widened, approximated: file, line, kind, what happened, how many). The
 * service counts what it stored with `kept`. A kind the parser never counted is taken as read from
 * the parsed records (so a parser that drops nothing need not count). `--strict` (ImportRunArgs
 * `strict`) refuses an import with any loss before anything is stored (`strictRefusal`).
 */

export const IMPORT_KINDS = ['entities', 'events', 'arguments', 'relations', 'attributes', 'notes', 'normalizations'] as const;

/** The kinds of annotation an import counts. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** How many annotations of a kind the files held (`read`) and how many the project received (`kept`). */
export interface ImportKindCount {
  read: number;
  kept: number;
}

export type ImportCounts = Record<ImportKind, ImportKindCount>;

/** Something an import could not keep as it was: dropped, widened or approximated. */
export interface ImportLoss {
  /** The file as the user gave it. */
  file: string;
  /** 1-based line of the first occurrence, when the format has lines. */
  line?: number;
  kind: ImportKind;
  /** What happened, in words ("widened to the whole token: the morpheme could not be matched to letters"). */
  what: string;
  /** How many annotations this loss covers (occurrences folded into one entry). */
  count: number;
}

export function emptyImportCounts(): ImportCounts {
  const out = {} as ImportCounts;
  for (const k of IMPORT_KINDS) out[k] = { read: 0, kept: 0 };
  return out;
}

/** Accumulates counts and losses during one import. */
export class ImportLedger {
  readonly counts: ImportCounts = emptyImportCounts();
  readonly losses: ImportLoss[] = [];
  /** Kinds a parser counted itself (the others are taken from the parsed records). */
  readonly counted = new Set<ImportKind>();
  private readonly byKey = new Map<string, ImportLoss>();

  /** The files held `n` more annotations of `kind`. Call with 0 to say "counted, none". */
  read(kind: ImportKind, n = 1): void {
    this.counted.add(kind);
    this.counts[kind].read += n;
  }

  /** The project received `n` more annotations of `kind`. */
  kept(kind: ImportKind, n = 1): void {
    this.counts[kind].kept += n;
  }

  /**
   * Records a loss. Losses with the same file, kind and `what` are folded into one entry (the line
   * of the first one is kept, the counts add up), so a corpus with thousands of them stays readable.
   */
  lose(loss: Omit<ImportLoss, 'count'> & { count?: number }): void {
    const key = `${loss.file}\u0000${loss.kind}\u0000${loss.what}`;
    const n = loss.count ?? 1;
    const old = this.byKey.get(key);
    if (old !== undefined) {
      old.count += n;
      return;
    }
    const entry: ImportLoss = { file: loss.file, kind: loss.kind, what: loss.what, count: n, ...(loss.line !== undefined ? { line: loss.line } : {}) };
    this.byKey.set(key, entry);
    this.losses.push(entry);
  }
}

/** One loss as a line of text: `file:line: 3 entities widened …`. */
export function describeLoss(l: ImportLoss): string {
  const where = l.line !== undefined ? `${l.file}:${l.line}` : l.file;
  const noun = l.count === 1 ? singular(l.kind) : l.kind;
  return `${where}: ${l.count} ${noun} ${l.what}${l.count > 1 && l.line !== undefined ? ' (first at this line)' : ''}`;
}

function singular(kind: ImportKind): string {
  return kind === 'entities' ? 'entity' : kind.endsWith('s') ? kind.slice(0, -1) : kind;
}

/** The message of a `--strict` refusal, or null when nothing was lost. */
export function strictRefusal(losses: readonly ImportLoss[]): string | null {
  if (losses.length === 0) return null;
  const shown = losses.slice(0, 10).map(describeLoss);
  const more = losses.length > 10 ? `; and ${losses.length - 10} more` : '';
  return `--strict: nothing imported, because the import would not keep everything: ${shown.join('; ')}${more}`;
}
