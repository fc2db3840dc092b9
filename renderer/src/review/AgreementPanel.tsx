/**
 * Agreement figures (review.agreement) for the chosen sets, for this document and the corpus,
 * each with the number of items it rests on; and the charts: label distribution per annotator,
 * F1 per type, and a confusion matrix between two annotators' types.
 */
import { useMemo, useState } from 'react';
import { matchSpans, spanConfusion, typeDistribution, type Coefficient, type CountScores, type SemEvalScores, type SpanAgreement } from '../../../annotations/agreement';
import type { AgreementReport, ReviewComparison } from '../contract';
import { GroupedBars } from './charts/GroupedBars';
import { ConfusionHeatmap } from './charts/ConfusionHeatmap';
import { useT, type Translate } from '../i18n';

interface Props {
  report: AgreementReport | null;
  comparison: ReviewComparison | null;
  docId: string;
  docName: string;
}

const PALETTE = ['#2f5d8a', '#d08c2f', '#5c9e6e', '#9b5fb5', '#c0504d', '#4f9fb0'];

export function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : v.toFixed(3);
}

function Figure({ value, n, name, scope, title }: { value: number | null; n: string | number; name: string; scope: string; title?: string }) {
  return (
    <td className="fig" data-figure={name} data-scope={scope} data-value={value === null ? '' : String(value)} title={title}>
      <span className="fig-v">{fmt(value)}</span>
      <span className="fig-n">n={n}</span>
    </td>
  );
}

function coefficientTitle(c: Coefficient, tr: Translate): string | undefined {
  return c.reason ? tr('agreement.undefined', { reason: c.reason }) : tr('agreement.observed', { observed: fmt(c.observed), expected: fmt(c.expected) });
}

function semevalTitle(s: SemEvalScores, tr: Translate): string {
  return tr('agreement.semevalTitle', { correct: s.correct, incorrect: s.incorrect, partial: s.partial, missing: s.missing, spurious: s.spurious, possible: s.possible, actual: s.actual });
}

function countN(c: CountScores): string {
  return `${c.matched}/${c.reference}/${c.candidate}`;
}

export function AgreementPanel({ report, comparison, docId, docName }: Props) {
  const [pair, setPair] = useState(0);
  const tr = useT();
  const sets = useMemo(() => comparison?.sets ?? [], [comparison]);
  const distribution = useMemo(() => {
    const per = sets.map((s) => new Map(typeDistribution(s.mentions).map((c) => [c.label, c.count])));
    const categories = [...new Set(per.flatMap((m) => [...m.keys()]))].sort();
    return {
      categories,
      series: sets.map((s, i) => ({ name: s.annotator, isName: true, color: PALETTE[i % PALETTE.length] as string, values: categories.map((c) => per[i]?.get(c) ?? 0) })),
    };
  }, [sets]);

  if (!report) return <div className="review-agreement"><p className="empty-note">{tr('agreement.computing')}</p></div>;

  const spans = report.spans[Math.min(pair, report.spans.length - 1)];
  const docOf = <T,>(r: { documents: Array<{ docId: string; result: T }> }): T | null => r.documents.find((d) => d.docId === docId)?.result ?? null;
  const pairSets = spans ? [sets.find((s) => s.annotator === spans.a), sets.find((s) => s.annotator === spans.b)] : [];
  const confusion = pairSets[0] && pairSets[1] ? spanConfusion(matchSpans(pairSets[0].mentions, pairSets[1].mentions)) : null;
  const perType = (r: SpanAgreement | null) => Object.entries(r?.perType ?? {});
  const corpusTypes = spans ? perType(spans.result.corpus) : [];
  const docTypes = spans ? new Map(perType(docOf(spans.result))) : new Map<string, SpanAgreement['perType'][string]>();
  const docsUsed = report.documents.length;

  const scopes = (docResult: SpanAgreement | null, corpus: SpanAgreement) =>
    [
      ['doc', tr('agreement.thisDocument'), docResult],
      ['corpus', tr('agreement.corpusOf', { n: docsUsed }), corpus],
    ] as const;

  return (
    <div className="review-agreement" data-testid="agreement-panel">
      <div className="agreement-head">
        <h2>
          {tr('agreement.title')} · <span className="annotator-name">{report.annotators.join(', ')}</span>
        </h2>
        {report.spans.length > 1 ? (
          <label className="agreement-pair">
            {tr('agreement.pair')}{' '}
            <select value={pair} onChange={(e) => setPair(Number(e.target.value))}>
              {report.spans.map((p, i) => (
                <option key={`${p.a}|${p.b}`} value={i}>
                  {p.a} ↔ {p.b}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>

      <div className="agreement-tables">
        {report.spans.map((p) => (
          <table key={`${p.a}|${p.b}`} className="fig-table" data-pair={`${p.a}|${p.b}`}>
            <caption>
              {tr('agreement.mentions')} · <span className="annotator-name">{p.a} ↔ {p.b}</span>
            </caption>
            <thead>
              <tr>
                <th />
                <th title={tr('agreement.exactTitle')}>{tr('agreement.exact')}</th>
                <th title={tr('agreement.strictTitle')}>{tr('agreement.strict')}</th>
                <th title={tr('agreement.partialTitle')}>{tr('agreement.partial')}</th>
                <th title={tr('agreement.typeTitle')}>{tr('agreement.type')}</th>
              </tr>
            </thead>
            <tbody>
              {scopes(docOf(p.result), p.result.corpus).map(([scope, label, r]) => (
                <tr key={scope}>
                  <th scope="row" className={scope === 'doc' ? 'doc-name' : undefined} dir={scope === 'doc' ? 'auto' : undefined}>
                    {scope === 'doc' ? docName : label}
                  </th>
                  {r ? (
                    <>
                      <Figure name="exact-f1" scope={scope} value={r.exactMatch.f1} n={`${r.exactMatch.matched}/${r.exactMatch.reference}/${r.exactMatch.candidate}`} title={tr('agreement.countsTitle')} />
                      <Figure name="strict" scope={scope} value={r.strict.f1} n={r.strict.possible + r.strict.actual} title={semevalTitle(r.strict, tr)} />
                      <Figure name="partial" scope={scope} value={r.partial.f1} n={r.partial.possible + r.partial.actual} title={semevalTitle(r.partial, tr)} />
                      <Figure name="type" scope={scope} value={r.type.f1} n={r.type.possible + r.type.actual} title={semevalTitle(r.type, tr)} />
                    </>
                  ) : (
                    <td colSpan={4} className="fig-none">{tr('agreement.notBoth')}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ))}

        <table className="fig-table" data-pair="tokens">
          <caption>{tr('agreement.tokens')}</caption>
          <thead>
            <tr>
              <th />
              <th>{tr('agreement.cohen')}</th>
              <th>{tr('agreement.alpha')}</th>
              <th>{tr('agreement.fleiss')}</th>
            </tr>
          </thead>
          <tbody>
            {[['doc', docName, docOf(report.tokens)] as const, ['corpus', tr('agreement.corpus'), report.tokens.corpus] as const].map(([scope, label, t]) => (
              <tr key={scope}>
                <th scope="row" className={scope === 'doc' ? 'doc-name' : undefined} dir={scope === 'doc' ? 'auto' : undefined}>
                  {label}
                </th>
                {t ? (
                  <>
                    <Figure name="cohen-kappa" scope={scope} value={t.cohen.value} n={t.cohen.items} title={coefficientTitle(t.cohen, tr)} />
                    <Figure name="kripp-alpha" scope={scope} value={t.alpha.value} n={t.alpha.items} title={coefficientTitle(t.alpha, tr)} />
                    <Figure name="fleiss-kappa" scope={scope} value={t.fleiss.value} n={t.fleiss.items} title={coefficientTitle(t.fleiss, tr)} />
                  </>
                ) : (
                  <td colSpan={3} className="fig-none">—</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>

        {report.events.map((p) => (
          <table key={`${p.a}|${p.b}`} className="fig-table" data-pair={`events:${p.a}|${p.b}`}>
            <caption>
              {tr('agreement.events')} · <span className="annotator-name">{p.a} ↔ {p.b}</span>
            </caption>
            <thead>
              <tr>
                <th />
                <th title={tr('agreement.triggerIdTitle')}>{tr('agreement.triggerId')}</th>
                <th title={tr('agreement.triggerClassTitle')}>{tr('agreement.triggerClass')}</th>
                <th title={tr('agreement.argumentIdTitle')}>{tr('agreement.argumentId')}</th>
                <th title={tr('agreement.argumentClassTitle')}>{tr('agreement.argumentClass')}</th>
              </tr>
            </thead>
            <tbody>
              {[['doc', docName, docOf(p.result)] as const, ['corpus', tr('agreement.corpus'), p.result.corpus] as const].map(([scope, label, e]) => (
                <tr key={scope}>
                  <th scope="row" className={scope === 'doc' ? 'doc-name' : undefined} dir={scope === 'doc' ? 'auto' : undefined}>
                    {label}
                  </th>
                  {e ? (
                    <>
                      <Figure name="trigger-id" scope={scope} value={e.triggerIdentification.f1} n={countN(e.triggerIdentification)} />
                      <Figure name="trigger-class" scope={scope} value={e.triggerClassification.f1} n={countN(e.triggerClassification)} />
                      <Figure name="argument-id" scope={scope} value={e.argumentIdentification.f1} n={countN(e.argumentIdentification)} />
                      <Figure name="argument-class" scope={scope} value={e.argumentClassification.f1} n={countN(e.argumentClassification)} />
                    </>
                  ) : (
                    <td colSpan={4} className="fig-none">{tr('agreement.notBoth')}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        <p className="chart-note">{tr('agreement.note')}</p>
      </div>

      <div className="agreement-charts">
        <GroupedBars testId="chart-labels" title={tr('agreement.labelsChart', { name: docName })} categories={distribution.categories} series={distribution.series} />
        {spans ? (
          <GroupedBars
            testId="chart-f1"
            title={tr('agreement.f1Chart', { a: spans.a, b: spans.b })}
            categories={corpusTypes.map(([t]) => t)}
            max={1}
            format={(v) => (v === 0 || v === 1 ? String(v) : v.toFixed(2))}
            series={[
              { name: tr('agreement.seriesDocument'), color: '#2f5d8a', values: corpusTypes.map(([t]) => docTypes.get(t)?.exactMatch.f1 ?? 0) },
              { name: tr('agreement.seriesCorpus'), color: '#a9bfd6', values: corpusTypes.map(([, s]) => s.exactMatch.f1 ?? 0) },
            ]}
          />
        ) : null}
        {confusion && spans ? <ConfusionHeatmap title={tr('agreement.confusionChart', { a: spans.a, b: spans.b })} a={spans.a} b={spans.b} matrix={confusion} /> : null}
      </div>
    </div>
  );
}
