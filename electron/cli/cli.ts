/**
 * The command line: the same service as the window, without one. `runCli` is the whole program
 * (testable in process); main.ts only wires it to the real process.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DocumentInfo } from '../../annotations/model';
import type { ApiError } from '../contract';
import { initProject, openService, exportNativeJsonl, writeNativeJsonl, toApiError, type QalamService, type ProjectStats } from '../service';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: qalam <command> [options]

Commands:
  init <project.qalam> [--name NAME]
      Create a new, empty project with the default (news, ACE 2005 style) schema.
  import <project.qalam> <file-or-folder>... [--format txt] [--annotator NAME]
      Import UTF-8 .txt files, or folders of them (recursively). All or nothing; texts already
      in the project are skipped. --annotator also makes NAME the project's current annotator.
  list <project.qalam>
      The documents: id, name, language, direction, length (code points), mentions.
  stats <project.qalam> [--json]
      Documents, languages, characters, mentions per type and per annotator.
  export <project.qalam> --format jsonl --out FILE [--annotator NAME]
      Native JSONL, one line per document and annotator. --out - writes to standard output.
  help
      This text.

Exit status: 0 on success, 1 when the command fails, 2 for a usage error.
`;

/** A mistake in the command line itself (exit status 2). */
class UsageError extends Error {}

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

function withProject<T>(path: string, fn: (service: QalamService) => T): T {
  const service = openService(path);
  try {
    return fn(service);
  } finally {
    service.close();
  }
}

/** Left-aligned columns separated by two spaces; widths in code points. */
export function formatTable(header: string[], rows: string[][]): string {
  const width = (s: string): number => [...s].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `${l}\n`).join('');
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
    service.close();
  }
}

function commandImport(args: string[], io: CliIo): void {
  const { values, positionals } = parse(args, { format: { type: 'string' }, annotator: { type: 'string' } });
  expectPositionals('import', positionals, 2, Infinity, 'the files or folders to import (qalam import <project.qalam> <file-or-folder>...)');
  const format = (values['format'] as string | undefined) ?? 'txt';
  if (format !== 'txt') throw new UsageError(`import: unknown format ${JSON.stringify(format)} (known: txt)`);
  const [project, ...paths] = positionals as [string, ...string[]];
  withProject(project, (service) => {
    const annotator = values['annotator'] as string | undefined;
    if (annotator !== undefined) service.call('session.setAnnotator', { name: annotator });
    const report = service.call('documents.importPaths', { paths });
    for (const d of report.imported) io.stdout(`imported ${describeDoc(d)}\n`);
    for (const s of report.skipped) io.stdout(`skipped  ${s.file}: ${s.reason}\n`);
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
  const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' }, annotator: { type: 'string' } });
  expectPositionals('export', positionals, 1, 1, 'the project file (qalam export <project.qalam> --format jsonl --out FILE)');
  const format = (values['format'] as string | undefined) ?? 'jsonl';
  if (format !== 'jsonl') throw new UsageError(`export: unknown format ${JSON.stringify(format)} (known: jsonl)`);
  const out = values['out'] as string | undefined;
  if (out === undefined || out === '') throw new UsageError('export: missing --out FILE (or --out - for standard output)');
  const annotator = values['annotator'] as string | undefined;
  const options = annotator === undefined ? {} : { annotator };
  withProject(positionals[0] as string, (service) => {
    if (out === '-') {
      io.stdout(exportNativeJsonl(service.store, options));
    } else {
      const lines = writeNativeJsonl(service.store, out, options);
      io.stdout(`exported ${lines} lines to ${out}\n`);
    }
  });
}

const COMMANDS: Record<string, (args: string[], io: CliIo) => void> = {
  init: commandInit,
  import: commandImport,
  list: commandList,
  stats: commandStats,
  export: commandExport,
};

/** Runs one command line (without the node and script arguments). Returns the exit status. */
export function runCli(argv: string[], io: CliIo): number {
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
  try {
    run(rest, io);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`qalam: error: ${oneLine(e.message)} (try: qalam help)\n`);
      return EXIT_USAGE;
    }
    const err: ApiError = toApiError(e);
    io.stderr(`qalam: error: ${oneLine(err.message)}\n`);
    return EXIT_FAILURE;
  }
}
