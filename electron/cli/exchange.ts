/**
 * The CLI's per-document exchange: `export --per-document` and `import DIR... --format jsonl`,
 * through the service (exchange.export, exchange.import).
 */
import { statSync } from 'node:fs';
import type { QalamService } from '../service';

export const EXCHANGE_USAGE = `  export <project.qalam> --format jsonl --per-document --out DIR [--annotator NAME] [--force]
      One file per document and annotator, DIR/<annotator>/<document>.jsonl, deterministic (a
      re-run on an unchanged project gives byte-identical files): for sharing through git. DIR:
      new, empty or written by an earlier per-document export (.qalam-export), or --force.
  import <project.qalam> DIR... --format jsonl [--annotator NAME] [--force]
      Read such a folder back. Documents are matched by the SHA-256 of their text (a text that is
      not in the project is imported too); a record whose document name matches a different text
      is refused. Each file replaces that annotator's annotations of the document (one undo step);
      importing the same files again changes nothing. A file older than the project's set (a
      lower revision, or the set changed since the file was written) is not imported: the set is
      kept and listed; --force replaces it anyway. --annotator: put every record into NAME's set.
`;

/** `import … --format jsonl` with folders only: the per-document exchange layout. */
export function isExchangeImport(format: string, paths: readonly string[]): boolean {
  if (format !== 'jsonl' || paths.length === 0) return false;
  return paths.every((p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  });
}

export function exportPerDocumentCommand(service: QalamService, out: string, annotator: string | undefined, force: boolean, io: { stdout: (s: string) => void }): void {
  const report = service.call('exchange.export', { out, ...(annotator === undefined ? {} : { annotator }), ...(force ? { overwrite: true } : {}) });
  io.stdout(`exported ${report.files.length} files to ${out} (${report.written} written, ${report.files.length - report.written} unchanged)\n`);
}

export function importExchangeCommand(
  service: QalamService,
  paths: string[],
  annotator: string | undefined,
  force: boolean,
  io: { stdout: (s: string) => void },
): void {
  const report = service.call('exchange.import', { paths, ...(annotator === undefined ? {} : { annotator }), force });
  for (const d of report.documents) io.stdout(`imported ${d.id}  ${d.name}  (${d.lang}, ${d.dir}, ${d.length} characters)\n`);
  for (const u of report.updated) io.stdout(`updated  ${u.file}: ${u.annotator} on ${u.docId}: ${u.mentions} mentions, ${u.events} events, ${u.relations} relations\n`);
  for (const u of report.unchanged) io.stdout(`same     ${u.file}: ${u.annotator} on ${u.docId}\n`);
  for (const k of report.kept) io.stdout(`kept     ${k.reason}\n`);
  io.stdout(
    `${report.documents.length} documents imported, ${report.updated.length} sets updated, ${report.unchanged.length} unchanged` +
      `${report.kept.length > 0 ? `, ${report.kept.length} kept (the project's are newer; --force replaces them)` : ''}\n`,
  );
}

