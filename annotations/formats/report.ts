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

import type { NativeRecord } from './jsonl';

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

/** What one native record holds, per kind (the document note counts as a note). */
export function countRecord(rec: NativeRecord): Record<ImportKind, number> {
  const c: Record<ImportKind, number> = { entities: rec.entities.length, events: rec.events.length, arguments: 0, relations: rec.relations.length, attributes: 0, notes: 0, normalizations: 0 };
  const extras = (a: { attributes?: object; note?: string }): void => {
    c.attributes += Object.keys(a.attributes ?? {}).length;
    if (a.note) c.notes++;
  };
  rec.entities.forEach(extras);
  rec.events.forEach(extras);
  rec.relations.forEach(extras);
  for (const e of rec.events) c.arguments += e.arguments.length;
  if (rec.note) c.notes++;
  const n = (rec as { normalizations?: unknown[] }).normalizations;
  if (Array.isArray(n)) c.normalizations = n.length;
  return c;
}

/** Counts everything `rec` holds as read (every kind, so the parser is taken to count them all). */
export function readRecord(ledger: ImportLedger, rec: NativeRecord): void {
  const c = countRecord(rec);
  for (const k of IMPORT_KINDS) ledger.read(k, c[k]);
}

/** Something read and dropped: counted as read, and recorded as a loss. */
export function dropped(ledger: ImportLedger, loss: Omit<ImportLoss, 'count'> & { count?: number }): void {
  const n = loss.count ?? 1;
  if (n <= 0) return;
  ledger.read(loss.kind, n);
  ledger.lose(loss);
}

/**
 * Keys that hold annotations in one of the formats NLP teams exchange (doccano, Label Studio,
 * Prodigy, spaCy, Hugging Face datasets, brat-to-JSON converters), with the kind they hold.
 */
const ANNOTATION_KEYS: Record<string, ImportKind> = {
  label: 'entities',
  labels: 'entities',
  entities: 'entities',
  entity_mentions: 'entities',
  spans: 'entities',
  ents: 'entities',
  tags: 'entities',
  ner_tags: 'entities',
  ner: 'entities',
  annotations: 'entities',
  result: 'entities',
  completions: 'entities',
  predictions: 'entities',
  mentions: 'entities',
  events: 'events',
  event_mentions: 'events',
  arguments: 'arguments',
  relations: 'relations',
  relation_mentions: 'relations',
  cats: 'attributes',
  accept: 'attributes',
  attributes: 'attributes',
  Comments: 'notes',
  comments: 'notes',
  notes: 'notes',
  note: 'notes',
  normalizations: 'normalizations',
  normalisations: 'normalizations',
};

function itemCount(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'object' && v !== null) {
    // spaCy's {"sc": [...], ...}; spaCy's cats {"POS": 1.0}
    const vals = Object.values(v);
    if (vals.length > 0 && vals.every(Array.isArray)) return vals.reduce((a, x) => a + (x as unknown[]).length, 0);
    return vals.length;
  }
  if (typeof v === 'string') return v === '' ? 0 : 1;
  return v === null || v === undefined || v === false ? 0 : 1;
}

/**
 * Records as read and lost the keys of `record` that look like annotations, are not empty and are
 * not in `read` (the keys the importer reads): a file in another format than the one given never
 * imports "0 entities" quietly. Returns the number of items.
 */
export function reportUnreadKeys(record: Record<string, unknown>, read: ReadonlySet<string>, format: string, file: string, line: number | undefined, ledger: ImportLedger): number {
  let total = 0;
  for (const [key, value] of Object.entries(record)) {
    if (read.has(key)) continue;
    const kind = ANNOTATION_KEYS[key];
    if (kind === undefined) continue;
    const n = itemCount(value);
    if (n === 0) continue;
    total += n;
    dropped(ledger, { file, ...(line !== undefined ? { line } : {}), kind, count: n, what: `not kept: "${key}" is not read by the ${format} importer (is the file in another format?)` });
  }
  return total;
}
