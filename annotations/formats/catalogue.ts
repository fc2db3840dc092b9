/**
 * The one list of Qalam's export and import formats: id, label, file extension, file or folder,
 * options and a one-line hint. The contract's ExportFormat / ImportFormat, the service's argument
 * schemas, the desktop's dialog filters, the export and import dialogs and the CLI's `--format`
 * help all read it; a new format is a line here and a writer (electron/service/export/) or a reader.
 */

/** Options an export format takes besides the common ones (annotator, documents, split, seed). */
export type ExportOption = 'scheme' | 'granularity' | 'offsets';
/** Options an import format takes besides the common ones (annotator, encoding, strict). */
export type ImportOption = 'offsets' | 'tagColumns';

export interface ExportFormatInfo {
  id: string;
  label: string;
  /** Extension of the file written (of each split's file in a folder); '' for a folder of per-document files. */
  extension: string;
  /** Always a folder (every format writes one with a split). */
  folder: boolean;
  /** Keeps everything (fragments, normalisations, event links): no loss to report. */
  lossless: boolean;
  options: readonly ExportOption[];
  hint: string;
}

export const EXPORT_FORMATS = [
  { id: 'jsonl', label: 'Qalam JSONL', extension: '.jsonl', folder: false, lossless: true, options: [], hint: 'Lossless: entities, events, relations, attributes, notes. One line per document and set.' },
  { id: 'brat', label: 'brat standoff', extension: '', folder: true, lossless: true, options: [], hint: 'A folder of .txt + .ann per document and annotation.conf.' },
  { id: 'conll', label: 'CoNLL', extension: '.conll', folder: false, lossless: false, options: ['scheme', 'granularity'], hint: 'One token per line with BIO/BIOES tags; nested entities: the outermost wins.' },
  { id: 'hf', label: 'Hugging Face', extension: '.jsonl', folder: true, lossless: false, options: ['scheme', 'granularity'], hint: 'Token classification JSONL with dataset_info.json and a README card.' },
  { id: 'spacy', label: 'spaCy', extension: '.jsonl', folder: false, lossless: false, options: [], hint: 'JSONL with text and code-point character spans.' },
  { id: 'events', label: 'Events (OneIE)', extension: '.jsonl', folder: false, lossless: false, options: [], hint: 'Event extraction: tokens, entity, relation and event mentions.' },
  { id: 'doccano', label: 'doccano', extension: '.jsonl', folder: false, lossless: false, options: ['offsets'], hint: 'JSONL with text and [start, end, label].' },
  { id: 'doccano-relations', label: 'doccano (relations)', extension: '.jsonl', folder: false, lossless: false, options: ['offsets'], hint: 'JSONL with entities and relations.' },
  {
    id: 'labelstudio',
    label: 'Label Studio',
    extension: '.json',
    folder: false,
    lossless: false,
    options: [],
    hint: 'JSON tasks with labels and relation regions (code points, with each span’s text); re-imports exactly.',
  },
] as const satisfies readonly ExportFormatInfo[];

export type ExportFormat = (typeof EXPORT_FORMATS)[number]['id'];

export interface ImportFormatInfo {
  id: string;
  label: string;
  /** Extensions of the files an import reads (inside folders too), lower case with the dot. */
  reads: readonly string[];
  /** Extensions the desktop's open dialog offers, without the dot. */
  pick: readonly string[];
  /** The open dialog also picks folders. */
  folders: boolean;
  options: readonly ImportOption[];
  hint: string;
}

export const IMPORT_FORMATS = [
  { id: 'txt', label: 'Plain text', reads: ['.txt'], pick: ['txt'], folders: true, options: [], hint: 'Text files (or folders of them), one document each.' },
  { id: 'jsonl', label: 'Qalam JSONL', reads: ['.jsonl'], pick: ['jsonl', 'json'], folders: false, options: [], hint: 'Qalam’s own export: everything comes back.' },
  { id: 'brat', label: 'brat standoff', reads: ['.ann'], pick: ['ann', 'txt', 'conf'], folders: true, options: [], hint: 'A folder of .txt + .ann (with or without annotation.conf).' },
  {
    id: 'conll',
    label: 'CoNLL',
    reads: ['.conll', '.conll03', '.iob', '.iob2', '.bio', '.bioes', '.tsv', '.txt'],
    pick: ['conll', 'txt', 'tsv', 'bio', 'iob'],
    folders: false,
    options: ['tagColumns'],
    hint: 'Token per line with BIO, IOB1 or BIOES tags.',
  },
  { id: 'doccano', label: 'doccano', reads: ['.jsonl', '.json'], pick: ['jsonl', 'json'], folders: false, options: ['offsets'], hint: '{"text", "label": [[start, end, type]]} per line, or entities and relations.' },
  {
    id: 'labelstudio',
    label: 'Label Studio',
    reads: ['.json'],
    pick: ['json'],
    folders: false,
    options: [],
    hint: 'Label Studio JSON export (labels and relation regions); the offsets’ unit is told by each span’s text.',
  },
  { id: 'prodigy', label: 'Prodigy', reads: ['.jsonl'], pick: ['jsonl'], folders: false, options: [], hint: 'ner_manual / spans_manual / rel_manual JSONL (db-out); accept → done, reject and ignore flagged.' },
  { id: 'spacy', label: 'spaCy', reads: ['.jsonl'], pick: ['jsonl'], folders: false, options: [], hint: '{"text", "ents", "spans": {"sc": …}} per line, as Qalam’s spaCy export writes.' },
] as const satisfies readonly ImportFormatInfo[];

export type ImportFormat = (typeof IMPORT_FORMATS)[number]['id'];

/** The ids, in catalogue order (a non-empty tuple, as schema enums want). */
export const EXPORT_FORMAT_IDS = EXPORT_FORMATS.map((f) => f.id) as [ExportFormat, ...ExportFormat[]];
export const IMPORT_FORMAT_IDS = IMPORT_FORMATS.map((f) => f.id) as [ImportFormat, ...ImportFormat[]];

export function exportFormat(id: ExportFormat): ExportFormatInfo {
  return EXPORT_FORMATS.find((f) => f.id === id) as ExportFormatInfo;
}

export function importFormat(id: ImportFormat): ImportFormatInfo {
  return IMPORT_FORMATS.find((f) => f.id === id) as ImportFormatInfo;
}

/** Is `id` an export (import) format? */
export function isExportFormat(id: string): id is ExportFormat {
  return EXPORT_FORMATS.some((f) => f.id === id);
}

export function isImportFormat(id: string): id is ImportFormat {
  return IMPORT_FORMATS.some((f) => f.id === id);
}

/** Writes a folder: always for some formats, and for every format with a split. */
export function writesFolder(id: ExportFormat, split: boolean): boolean {
  return split || exportFormat(id).folder;
}
