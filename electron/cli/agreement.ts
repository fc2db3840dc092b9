/** The CLI's `agreement`: the service's review.agreement (computed on this thread) as readable tables (or JSON). */
import type { ParseArgsConfig } from 'node:util';
import type { Coefficient, CountScores, PRF, SpanScores } from '../../annotations/agreement';
import type { AgreementReport } from '../contract';
import type { QalamService } from '../service';
import { UsageError, formatTable } from './output';

export const AGREEMENT_USAGE = `  agreement <project.qalam> --annotators A,B[,C...] [--documents ID,ID...] [--json]
      Inter-annotator agreement: span F1 (exact, SemEval strict/exact/partial/type) per pair and
      type, token-level Cohen's kappa, Krippendorff's alpha and Fleiss' kappa, event trigger and
      argument F1; per document and for the corpus, with the number of items behind each figure.
`;

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
    const report = service.agreementHere({ annotators, ...(documents.length > 0 ? { documents } : {}) });
    io.stdout(values['json'] === true ? `${JSON.stringify(report, null, 2)}\n` : formatAgreement(report));
  });
}
