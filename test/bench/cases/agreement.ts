/**
 * Corpus agreement between two sets (review.agreement, in its worker; agreement-bench.ts): the
 * 5 MB / 50k document and 10,000 short documents, first computation, again, after an edit.
 */
import type { AgreementCaseResult } from '../agreement-bench';
import { fmt, log, median, TARGETS } from '../common';

export function printAgreement(cases: AgreementCaseResult[]): void {
  for (const c of cases) {
    const first = median(c.firstMs) / 1000;
    const cpu = median(c.firstCpuMs) / 1000;
    // the agreement's own CPU: its thread's (the process's also holds the occurrences' background fold begun at open)
    const own = median(c.firstThreadCpuMs) / 1000;
    const ownEdit = median(c.afterEditThreadCpuMs) / 1000;
    const met = (x: number) => (x <= TARGETS.agreementFirst ? 'met' : 'NOT met');
    log(
      `agreement, ${c.case} (${fmt(c.megabytes, 1)} MB, ${c.mentions[0]} / ${c.mentions[1]} mentions): worker started at open ${fmt(median(c.workerStartMs) / 1000)} s (CPU ${fmt(median(c.workerStartCpuMs) / 1000)} s), review screen → token items prepared ${fmt(median(c.prepareMs) / 1000)} s (CPU ${fmt(median(c.prepareCpuMs) / 1000)} s), then first ${fmt(first)} s, the agreement thread's CPU ${fmt(own)} s (the process's ${fmt(cpu)} s, with the occurrences' fold begun at open) (target ≤ ${TARGETS.agreementFirst} s: wall ${met(first)}, CPU ${met(own)}), window's thread held ${fmt(median(c.blockedMs), 1)} ms, again ${fmt(median(c.againMs), 1)} ms, after an edit ${fmt(median(c.afterEditMs) / 1000)} s (the agreement thread's CPU ${fmt(ownEdit)} s, the process's ${fmt(median(c.afterEditCpuMs) / 1000)} s; target ≤ ${TARGETS.agreementFirst} s: ${met(Math.max(median(c.afterEditMs) / 1000, ownEdit))})`,
    );
  }
}
