/**
 * The command line: the same service as the window, without one. `runCli` is the whole program
 * (testable in process); main.ts only wires it to the real process.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DocumentInfo } from '../../annotations/model';
import type { ApiError, ExportRunArgs } from '../contract';
import { initProject, openService, toApiError, type QalamService, type ProjectStats } from '../service';
import { describeFailure } from '../service/errors';
import { EXPORT_FORMAT_IDS, IMPORT_FORMAT_IDS, exportFormat, importFormat, isExportFormat, isImportFormat } from '../../annotations/formats/catalogue';
import { describeLoss, IMPORT_KINDS } from '../../annotations/formats/report';
import { exportPerDocumentCommand, importExchangeCommand, isExchangeImport, EXCHANGE_USAGE } from './exchange';
import { agreementCommand, AGREEMENT_USAGE } from './agreement';
import { UsageError, formatTable } from './output';

export { UsageError, formatTable } from './output';
import { suggestCommand, SUGGEST_USAGE } from './suggest';
import { simulateCommand, trainCommand, SIMULATE_USAGE } from './simulate';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard error is a terminal: progress is printed there (never in pipes). */
  isTty?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: qalam <command> [options]

Commands:
  init <project.qalam> [--name NAME]
      Create a new, empty project with the default (news, ACE 2005 style) schema.
  import <project.qalam> <file-or-folder>... [--format ${IMPORT_FORMAT_IDS.join('|')}]
         [--annotator NAME] [--encoding utf-8|windows-1255|windows-1256|iso-8859-8] [--strict]
         [--tag-columns 2-5|4|2-] [--offsets utf16|codepoints]
      Import .txt files (UTF-8, or Windows-1255/1256, ISO-8859-8: detected or given), or annotated
      corpora, or folders of them (recursively). All or nothing. A text already in the project
      (same SHA-256) is not duplicated: annotations from the file are attached to it. Types the
      schema lacks are added (and listed). --annotator: the set the annotations go into (txt: also
      the project's current annotator). Reports, per kind, the annotations read and kept, and lists
      what could not be kept as it was; --strict refuses such an import instead (nothing imported).
      conll: every column of tags is a layer of (nested) entities, outermost first, found by their
      values; --tag-columns names them (1-based, the token is column 1; 2- = column 2 to the end).
      --offsets: the unit of doccano's offsets (default utf16, as doccano's span editor writes).
  list <project.qalam>
      The documents: id, name, language, direction, length (code points), mentions.
  stats <project.qalam> [--json]
      Documents, languages, characters, mentions per type and per annotator.
  export <project.qalam> --format ${EXPORT_FORMAT_IDS.join('|')} --out PATH
         [--annotator NAME] [--documents all|done|ID,ID...] [--split train=0.8,dev=0.1,test=0.1 --seed N]
         [--scheme bio|bioes] [--granularity token|morph] [--offsets utf16|codepoints] [--force]
      jsonl: native, one line per document and annotator, plus PATH's .schema.json sidecar
      (--out - writes the lines to standard output). brat and hf write a folder; with --split every
      format writes a folder with one file (or brat folder) per split. Written atomically, as one
      snapshot. A file export writes a new file; a folder export a new or empty folder or one an
      earlier export wrote (it leaves .qalam-export there). --force: replace an existing file, or
      write into any other folder. Never the project file or a folder holding it.
${EXCHANGE_USAGE}${AGREEMENT_USAGE}${SUGGEST_USAGE}${SIMULATE_USAGE}  help
      This text.

Exit status: 0 on success, 1 when the command fails, 2 for a usage error.
`;

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(args: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown option ${unknown[1]}` : (message.split('\n')[0] ?? 'invalid arguments'));
  }
}

function oneLine(s: string): string {
  return s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join('; ');
}

function expectPositionals(command: string, positionals: string[], min: number, max: number, what: string): void {
  if (positionals.length < min) throw new UsageError(`${command}: missing ${what}`);
  if (positionals.length > max) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(positionals[max])}`);
}

/** Where a command waiting for another process's write lock says so (standard error, set by runCli). */
let lockWait: ((message: string) => void) | undefined;

/**
 * The projects a command closed, until they have ended (QalamService.close: their worker threads
 * ended, their connections closed): runCliAsync waits for them before it answers the exit status.
 */
const closing: Promise<void>[] = [];

function withProject<T>(path: string, fn: (service: QalamService) => T): T {
  const service = openService(path, lockWait === undefined ? {} : { onLockWait: lockWait });
  try {
    return fn(service);
  } catch (e) {
    throw describeFailure(e, service.store.path);
  } finally {
    closing.push(service.close());
  }
}

function describeDoc(d: DocumentInfo): string {
  return `${d.id}  ${d.name}  (${d.lang}, ${d.dir}, ${d.length} characters)`;
}

function formatStats(s: ProjectStats): string {
  const lines = [
    `project:     ${s.projectName ?? '(unnamed)'}`,
    `documents:   ${s.documents} (he ${s.languages.he}, ar ${s.languages.ar}, other ${s.languages.other})`,
    `characters:  ${s.characters}`,
    `annotated:   ${s.documentsWithAnnotations} documents, ${s.documentsWithoutAnnotations} without annotations`,
    `mentions:    ${s.mentions}`,
  ];
  const types = Object.entries(s.mentionsByType);
  if (types.length > 0) lines.push('by type:', ...types.map(([t, n]) => `  ${t.padEnd(12)} ${n}`));
  const annotators = Object.entries(s.mentionsByAnnotator);
  if (annotators.length > 0) lines.push('by annotator:', ...annotators.map(([a, n]) => `  ${a.padEnd(12)} ${n}`));
  return lines.map((l) => `${l}\n`).join('');
}

function commandInit(args: string[], io: CliIo): void {
  const { values, positionals } = parse(args, { name: { type: 'string' } });
  expectPositionals('init', positionals, 1, 1, 'the project file (qalam init <project.qalam>)');
  const path = positionals[0] as string;
  const service = initProject(path, { name: values['name'] as string | undefined });
  try {
    const session = service.call('session.get', {});
    const s = session.schema;
    io.stdout(
      `created ${path}: project "${session.projectName}", ${s.entityTypes.length} entity types, ${s.eventTypes.length} event types, ` +
        `${s.relationTypes.length} relation types, ${s.attributes.length} attributes\n`,
    );
  } finally {
    closing.push(service.close());
  }
}

function progressPrinter(io: CliIo, isTty: boolean): ((what: string, done: number, total: number) => void) | null {
  if (!isTty) return null;
  return (what, done, total) => io.stderr(`\r${what}: ${done}/${total} documents${done === total ? '\n' : ''}`);
}

function commandImport(args: string[], io: CliIo): void {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    annotator: { type: 'string' },
    encoding: { type: 'string' },
    strict: { type: 'boolean' },
    'tag-columns': { type: 'string' },
    offsets: { type: 'string' },
    force: { type: 'boolean' },
  });
  expectPositionals('import', positionals, 2, Infinity, 'the files or folders to import (qalam import <project.qalam> <file-or-folder>...)');
  const format = (values['format'] as string | undefined) ?? 'txt';
  if (!isImportFormat(format)) throw new UsageError(`import: unknown format ${JSON.stringify(format)} (known: ${IMPORT_FORMAT_IDS.join(', ')})`);
  const offsets = values['offsets'] as string | undefined;
  if (offsets !== undefined && offsets !== 'utf16' && offsets !== 'codepoints') throw new UsageError(`import: --offsets is utf16 or codepoints, not ${JSON.stringify(offsets)}`);
  if (offsets !== undefined && !importFormat(format).options.includes('offsets')) throw new UsageError('import: --offsets is for --format doccano (Label Studio files carry the text of their spans, which tells the unit; Prodigy and spaCy count code points)');
  const [project, ...paths] = positionals as [string, ...string[]];
  if (isExchangeImport(format, paths)) {
    withProject(project, (service) => importExchangeCommand(service, paths, values['annotator'] as string | undefined, values['force'] === true, io));
    return;
  }
  if (values['force'] === true) throw new UsageError('import: --force only applies to an exchange folder (import DIR... --format jsonl)');
  withProject(project, (service) => {
    const annotator = values['annotator'] as string | undefined;
    const encoding = values['encoding'] as string | undefined;
    service.progress = progressPrinter(io, io.isTty === true);
    const report = service.call('import.run', {
      format,
      paths,
      ...(annotator !== undefined ? { annotator, ...(format === 'txt' ? { makeCurrent: true } : {}) } : {}),
      ...(encoding !== undefined ? { encoding } : {}),
      ...(values['strict'] === true ? { strict: true } : {}),
      ...(typeof values['tag-columns'] === 'string' ? { tagColumns: values['tag-columns'] } : {}),
      ...(offsets !== undefined ? { offsets: offsets as 'utf16' | 'codepoints' } : {}),
    });
    for (const a of report.schemaAdded) io.stdout(`added to the schema: ${a}\n`);
    for (const d of report.imported) io.stdout(`imported ${describeDoc(d)}\n`);
    for (const m of report.matched) io.stdout(`matched  ${m.file}: same text as document ${m.docId} (${m.name}); annotations attached\n`);
    for (const s of report.skipped) io.stdout(`skipped  ${s.file}: ${s.reason}\n`);
    for (const w of report.warnings) io.stdout(`warning  ${w}\n`);
    for (const l of report.losses) io.stdout(`loss     ${describeLoss(l)}\n`);
    if (format !== 'txt') {
      io.stdout(`${report.mentions} mentions, ${report.events} events, ${report.relations} relations${report.duplicates > 0 ? ` (${report.duplicates} already there)` : ''}\n`);
      const kinds = IMPORT_KINDS.filter((k) => report.counts[k].read > 0 || report.counts[k].kept > 0);
      if (kinds.length > 0) {
        const row = (name: string, f: (c: { read: number; kept: number }) => number): string[] => [name, ...kinds.map((k) => String(f(report.counts[k])))];
        io.stdout(formatTable(['', ...kinds], [row('read', (c) => c.read), row('kept', (c) => c.kept), row('not kept', (c) => c.read - c.kept)]));
      }
    }
    io.stdout(`${report.imported.length} imported, ${report.skipped.length} skipped\n`);
  });
}

function commandList(args: string[], io: CliIo): void {
  const { positionals } = parse(args, {});
  expectPositionals('list', positionals, 1, 1, 'the project file (qalam list <project.qalam>)');
  withProject(positionals[0] as string, (service) => {
    const rows = service.documentTotals().map((d) => [d.id, d.name, d.lang, d.dir, String(d.length), String(d.mentions)]);
    io.stdout(formatTable(['id', 'name', 'lang', 'dir', 'length', 'mentions'], rows));
  });
}

function commandStats(args: string[], io: CliIo): void {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  expectPositionals('stats', positionals, 1, 1, 'the project file (qalam stats <project.qalam>)');
  withProject(positionals[0] as string, (service) => {
    const stats = service.stats();
    io.stdout(values['json'] === true ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats));
  });
}

function commandExport(args: string[], io: CliIo): void {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    out: { type: 'string' },
    annotator: { type: 'string' },
    documents: { type: 'string' },
    split: { type: 'string' },
    seed: { type: 'string' },
    scheme: { type: 'string' },
    granularity: { type: 'string' },
    offsets: { type: 'string' },
    'per-document': { type: 'boolean' },
    force: { type: 'boolean' },
  });
  expectPositionals('export', positionals, 1, 1, 'the project file (qalam export <project.qalam> --format jsonl --out FILE)');
  const format = (values['format'] as string | undefined) ?? 'jsonl';
  if (!isExportFormat(format)) throw new UsageError(`export: unknown format ${JSON.stringify(format)} (known: ${EXPORT_FORMAT_IDS.join(', ')})`);
  const out = values['out'] as string | undefined;
  if (out === undefined || out === '') throw new UsageError('export: missing --out FILE (or --out - for standard output)');
  const annotator = values['annotator'] as string | undefined;
  const run: ExportRunArgs = { format, out };
  const force = values['force'] === true;
  if (force) run.overwrite = true;
  if (annotator !== undefined) run.annotator = annotator;
  const offsets = values['offsets'] as string | undefined;
  if (offsets !== undefined) {
    if (offsets !== 'utf16' && offsets !== 'codepoints') throw new UsageError(`export: --offsets is utf16 or codepoints, not ${JSON.stringify(offsets)}`);
    if (!exportFormat(format).options.includes('offsets')) throw new UsageError('export: --offsets is for --format doccano and doccano-relations (every other format writes code points)');
    run.offsets = offsets;
  }
  const docs = values['documents'] as string | undefined;
  if (docs !== undefined) run.documents = docs === 'all' || docs === 'done' ? docs : docs.split(',').map((d) => d.trim()).filter((d) => d !== '');
  const split = values['split'] as string | undefined;
  if (split !== undefined) run.split = split;
  const seed = values['seed'] as string | undefined;
  if (seed !== undefined) {
    if (!/^\d+$/.test(seed)) throw new UsageError(`export: --seed must be a whole number, not ${JSON.stringify(seed)}`);
    run.seed = Number(seed);
  }
  const scheme = values['scheme'] as string | undefined;
  if (scheme !== undefined) {
    if (scheme !== 'bio' && scheme !== 'bioes') throw new UsageError(`export: unknown --scheme ${JSON.stringify(scheme)} (known: bio, bioes)`);
    run.scheme = scheme;
  }
  const granularity = values['granularity'] as string | undefined;
  if (granularity !== undefined) {
    if (granularity !== 'token' && granularity !== 'morph') throw new UsageError(`export: unknown --granularity ${JSON.stringify(granularity)} (known: token, morph)`);
    run.granularity = granularity;
  }
  if (values['per-document'] === true) {
    if (format !== 'jsonl' || out === '-' || split !== undefined || docs !== undefined) {
      throw new UsageError('export: --per-document writes --format jsonl into a folder (--out DIR), without --split or --documents');
    }
    withProject(positionals[0] as string, (service) => exportPerDocumentCommand(service, out, annotator, force, io));
    return;
  }
  withProject(positionals[0] as string, (service) => {
    if (out === '-') {
      if (format !== 'jsonl' || split !== undefined || docs !== undefined || force) throw new UsageError('export: --out - is only for plain --format jsonl');
      io.stdout(service.call('export.text', annotator === undefined ? {} : { annotator }).text);
      return;
    }
    service.progress = progressPrinter(io, io.isTty === true);
    const report = service.call('export.run', run);
    for (const m of report.messages) io.stdout(`${m}\n`);
    if (format === 'jsonl' && split === undefined) {
      io.stdout(`exported ${report.records} lines to ${out}\n`);
    } else {
      const splits = Object.entries(report.splits).map(([k, n]) => `${k} ${n}`).join(', ');
      io.stdout(`exported ${report.documents} documents (${splits}) as ${format} to ${out}\n`);
    }
  });
}

/** A command runs synchronously, or answers a promise (`suggest` asking an external recommender). */
const COMMANDS: Record<string, (args: string[], io: CliIo) => void | Promise<void>> = {
  init: commandInit,
  import: commandImport,
  list: commandList,
  stats: commandStats,
  export: commandExport,
  agreement: (args, io) => agreementCommand(args, io, parse, withProject),
  suggest: (args, io) => suggestCommand(args, io, parse, withProject),
  train: (args, io) => trainCommand(args, io, parse, withProject),
  simulate: (args, io) => simulateCommand(args, io, parse, withProject),
};

function failed(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr(`qalam: error: ${oneLine(e.message)} (try: qalam help)\n`);
    return EXIT_USAGE;
  }
  const err: ApiError = toApiError(e);
  io.stderr(`qalam: error: ${oneLine(err.message)}\n`);
  return EXIT_FAILURE;
}

/**
 * Runs one command line (without the node and script arguments): the exit status, or a promise
 * of it when the command answers later (`suggest` asking an external recommender).
 */
function start(argv: string[], io: CliIo): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    io.stderr(`qalam: error: unknown command ${JSON.stringify(command)} (try: qalam help)\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  lockWait = (message) => io.stderr(`qalam: ${message}\n`);
  let answer: void | Promise<void>;
  try {
    answer = run(rest, io);
  } catch (e) {
    lockWait = undefined;
    return failed(e, io);
  }
  if (!(answer instanceof Promise)) {
    lockWait = undefined;
    return EXIT_OK;
  }
  return answer
    .then(
      () => EXIT_OK,
      (e: unknown) => failed(e, io),
    )
    .finally(() => {
      lockWait = undefined;
    });
}

/** Runs one command line and waits for it, and for the projects it opened to be closed (main.ts: the process exits then). */
export async function runCliAsync(argv: string[], io: CliIo): Promise<number> {
  try {
    return await start(argv, io);
  } finally {
    await Promise.all(closing.splice(0));
  }
}

/**
 * Runs one command line that answers at once (every command but `suggest` with a URL, which needs
 * runCliAsync). Returns the exit status. The tests' synchronous entry: it does not wait for the
 * projects it closed to end, which is the same here, since no command starts a worker thread
 * (they compute on this thread: agreementHere, train, simulate, suggest), so closing one closes
 * its only connection at once.
 */
export function runCli(argv: string[], io: CliIo): number {
  const code = start(argv, io);
  closing.splice(0);
  if (typeof code === 'number') return code;
  void code;
  io.stderr('qalam: error: this command asks an external recommender and answers later: run it through runCliAsync\n');
  return EXIT_FAILURE;
}
