/**
 * The CLI's review commands: per-document exchange (`export --per-document`, `import DIR
 * --format jsonl`) and `agreement`. Kept apart from cli.ts, which only dispatches to them.
 */
import { statSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import type { Coefficient, CountScores, PRF, SpanScores } from '../../annotations/agreement';
import type { AgreementReport } from '../contract';
import { computeAgreement, exportPerDocument, importExchange, type QalamService } from '../service';
import { UsageError, formatTable } from './cli';

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

export const AGREEMENT_USAGE = `  agreement <project.qalam> --annotators A,B[,C...] [--documents ID,ID...] [--json]
      Inter-annotator agreement: span F1 (exact, SemEval strict/exact/partial/type) per pair and
      type, token-level Cohen's kappa, Krippendorff's alpha and Fleiss' kappa, event trigger and
      argument F1; per document and for the corpus, with the number of items behind each figure.
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
  const report = exportPerDocument(service.store, out, { ...(annotator === undefined ? {} : { annotator }), ...(force ? { overwrite: true } : {}) });
  io.stdout(`exported ${report.files.length} files to ${out} (${report.written} written, ${report.files.length - report.written} unchanged)\n`);
}

export function importExchangeCommand(
  service: QalamService,
  paths: string[],
  annotator: string | undefined,
  force: boolean,
  io: { stdout: (s: string) => void },
): void {
  const report = importExchange(service.store, paths, { ...(annotator === undefined ? {} : { annotator }), force }, () => new Date().toISOString());
  for (const d of report.documents) io.stdout(`imported ${d.id}  ${d.name}  (${d.lang}, ${d.dir}, ${d.length} characters)\n`);
  for (const u of report.updated) io.stdout(`updated  ${u.file}: ${u.annotator} on ${u.docId}: ${u.mentions} mentions, ${u.events} events, ${u.relations} relations\n`);
  for (const u of report.unchanged) io.stdout(`same     ${u.file}: ${u.annotator} on ${u.docId}\n`);
  for (const k of report.kept) io.stdout(`kept     ${k.reason}\n`);
  io.stdout(
    `${report.documents.length} documents imported, ${report.updated.length} sets updated, ${report.unchanged.length} unchanged` +
      `${report.kept.length > 0 ? `, ${report.kept.length} kept (the project's are newer; --force replaces them)` : ''}\n`,
  );
}

function num(x: number | null): string {
  return x === null ? '-' : x.toFixed(4);
}

function coef(c: Coefficient): string {
  return c.value === null ? `- (${c.reason ?? ''})` : c.value.toFixed(4);
}

function f1(p: PRF): string {
  return num(p.f1);
}

function spanRows(scope: string, type: string, s: SpanScores): string[] {
  return [
    scope,
    type,
    String(s.reference),
    String(s.candidate),
    String(s.exactMatch.matched),
    f1(s.exactMatch),
    f1(s.strict),
    f1(s.exact),
    f1(s.partial),
    f1(s.type),
    `${s.scenarios.typeMismatch}/${s.scenarios.overlap + s.scenarios.overlapTypeMismatch}/${s.scenarios.missing}/${s.scenarios.spurious}`,
  ];
}

function eventCell(c: CountScores): string {
  return `${num(c.f1)} (${c.matched}/${c.reference}/${c.candidate})`;
}

/** The report as readable tables. */
export function formatAgreement(r: AgreementReport): string {
  const names = new Map(r.documents.map((d) => [d.docId, d.name] as const));
  const scope = (docId: string): string => `${docId} ${names.get(docId) ?? ''}`.trim();
  let out = `annotators: ${r.annotators.join(', ')}\ndocuments:  ${r.documents.length}\n`;
  for (const p of r.spans) {
    out += `\nEntity spans: ${p.a} (reference) vs ${p.b}, ${p.result.documents.length} documents both annotated\n`;
    const rows: string[][] = [spanRows('corpus', 'all', p.result.corpus)];
    for (const [t, s] of Object.entries(p.result.corpus.perType)) rows.push(spanRows('corpus', t, s));
    for (const d of p.result.documents) rows.push(spanRows(scope(d.docId), 'all', d.result));
    out += formatTable(['scope', 'type', 'ref', 'cand', 'same', 'exact-F1', 'strict', 'boundary', 'partial', 'type', 'type/overlap/miss/spur'], rows);
  }
  const t = r.tokens;
  out += `\nTokens (outermost entity type or O per word/number token)\n`;
  const tokRow = (s: string, x: typeof t.corpus): string[] => [s, String(x.items), coef(x.cohen), String(x.cohen.items), coef(x.alpha), String(x.alpha.items), coef(x.fleiss), String(x.fleiss.items), num(x.observed.value)];
  out += formatTable(
    ['scope', 'tokens', 'cohen-kappa', 'n', 'kripp-alpha', 'n', 'fleiss-kappa', 'n', 'observed'],
    [tokRow('corpus', t.corpus), ...t.documents.map((d) => tokRow(scope(d.docId), d.result))],
  );
  for (const p of r.events) {
    out += `\nEvents: ${p.a} (reference) vs ${p.b}; F1 (matched/reference/candidate)\n`;
    const row = (s: string, e: typeof p.result.corpus): string[] => [
      s,
      eventCell(e.triggerIdentification),
      eventCell(e.triggerClassification),
      eventCell(e.argumentIdentification),
      eventCell(e.argumentClassification),
    ];
    out += formatTable(['scope', 'trigger-id', 'trigger-class', 'argument-id', 'argument-class'], [row('corpus', p.result.corpus), ...p.result.documents.map((d) => row(scope(d.docId), d.result))]);
  }
  return out;
}

type Parse = (args: string[], options: NonNullable<ParseArgsConfig['options']>) => { values: Record<string, string | boolean | undefined>; positionals: string[] };
type WithProject = <T>(path: string, fn: (service: QalamService) => T) => T;

export function agreementCommand(args: string[], io: { stdout: (s: string) => void }, parse: Parse, withProject: WithProject): void {
  const { values, positionals } = parse(args, { annotators: { type: 'string' }, documents: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length < 1) throw new UsageError('agreement: missing the project file (qalam agreement <project.qalam> --annotators a,b)');
  if (positionals.length > 1) throw new UsageError(`agreement: unexpected argument ${JSON.stringify(positionals[1])}`);
  const list = (v: string | boolean | undefined): string[] =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '')
      : [];
  const annotators = list(values['annotators']);
  if (annotators.length < 2) throw new UsageError('agreement: --annotators needs at least two names, separated by commas');
  const documents = list(values['documents']);
  withProject(positionals[0] as string, (service) => {
    const report = computeAgreement(service.store, annotators, documents.length > 0 ? documents : undefined);
    io.stdout(values['json'] === true ? `${JSON.stringify(report, null, 2)}\n` : formatAgreement(report));
  });
}
