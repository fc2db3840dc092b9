/**
 * What an export format's writer is: the pipeline (index.ts) selects the documents and sets,
 * splits them, builds each native record once and hands it to the writer of the format, which
 * writes it into the split's file (or files of its own) through safeWrite; then the writer closes
 * its files and says in the report what it had to leave out or approximate.
 */
import type { DocumentRecord, Schema } from '../../../annotations/model';
import type { NativeRecord } from '../../../annotations/formats/jsonl';
import type { Granularity, TagScheme } from '../../../annotations/formats/tokens';
import type { OffsetMap } from '../../../annotations/text';
import type { ExportRunArgs, ExportRunReport } from '../../contract';
import type { Store } from '../../store';
import type { AtomicFile } from '../safeWrite';

/** What formats without a place for it lose (brat and the native JSONL keep all of it). */
export interface Losses {
  /** Discontinuous mentions written as their covering span. */
  covered: number;
  normalizations: number;
  /** Event arguments or relation ends that are events, left out. */
  eventLinks: number;
}

export interface WriterContext {
  store: Store;
  schema: Schema;
  args: ExportRunArgs;
  scheme: TagScheme;
  granularity: Granularity;
  /** The split names in order ('' without a split; hf: 'train'). */
  splitNames: readonly string[];
  /** Writes a folder (then `tmp` is where its files go), else the one file `args.out`. */
  folder: boolean;
  losses: Losses;
  /** The annotators whose sets were written so far. */
  annotators: ReadonlySet<string>;
}

/** Where a writer writes. */
export interface ExportTarget {
  /** The file of a split: `<split><extension>` in the folder, or `out` itself. */
  sink(split: string): AtomicFile;
  /** The temporary folder of a folder export (moved into place when committed); '' for a file. */
  readonly tmp: string;
}

export interface FormatWriter {
  /** Writes its own files instead of one file per split (brat: a .txt and an .ann per document). */
  readonly ownFiles?: boolean;
  /** A file export's sidecar beside `out` (the native JSONL's `<name>.schema.json`). */
  readonly sidecar?: string;
  /** Writes one record (a document's set) into its split. */
  write(rec: NativeRecord, at: { doc: DocumentRecord; split: string; map: OffsetMap }, target: ExportTarget): void;
  /** After the last record, before anything is committed (closing lists, the folder's extra files). */
  close?(target: ExportTarget): void;
  /** What the report says after the common messages (what was extended, dropped, left out). */
  report?(report: ExportRunReport): void;
}

export type WriterFactory = (ctx: WriterContext) => FormatWriter;
