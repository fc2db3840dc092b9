/**
 * The 100,000-document corpus (issue 15, target 3; store-bench.ts's runCorpusBench): import,
 * the document list's first page, filters and sorts, sort by progress, export of 10M mentions
 * with this process's memory during it; --quick a tenth.
 */
import { fmt, log } from '../common';
import { CORPUS_SIZE } from '../flags';
import { CORPUS_TARGETS, runCorpusBench, type CorpusBenchResult } from '../store-bench';

/** The corpus case at its size (--quick: 10,000 documents). */
export function runCorpus(): CorpusBenchResult {
  return runCorpusBench({ ...CORPUS_SIZE, log: (s) => log(`  ${s}`) });
}

export function printCorpus(c: CorpusBenchResult): void {
  const t = CORPUS_TARGETS;
  const met = (x: number, target: number) => (x <= target ? 'met' : 'NOT met');
  const worstFilter = Math.max(...Object.values(c.filterMs));
  log(`corpus of ${c.documents} documents (${fmt(c.megabytes, 0)} MB)${c.documents < 100_000 ? ' (--quick: a tenth of the target size)' : ''}:`);
  log(`  import ${fmt(c.importSeconds, 1)} s, CPU ${fmt(c.importCpuSeconds, 1)} s (target ≤ ${t.importSeconds} s: wall ${met(c.importSeconds, t.importSeconds)}, CPU ${met(c.importCpuSeconds, t.importSeconds)}; RSS after ${fmt(c.importRssMB, 0)} MB)`);
  log(
    `  document list, first page (100 rows) of a fresh session ${fmt(c.firstPageMs.firstCallMs, 1)} ms, then ${fmt(c.firstPageMs.medianMs, 1)} ms; annotated ${fmt(c.firstPageMs.annotatedFirstCallMs, 1)} ms (CPU ${fmt(c.firstPageMs.annotatedFirstCallCpuMs, 1)} ms, ${c.firstPageMs.annotatedFiguresComputed} figures computed, ${c.firstPageMs.annotatedPending ?? 0} rows pending: documents.figures next ${fmt(c.firstPageMs.figuresCallMs ?? 0, 1)} ms, CPU ${fmt(c.firstPageMs.figuresCallCpuMs ?? 0, 1)} ms, ${c.firstPageMs.figuresCallComputed ?? 0} computed), then ${fmt(c.firstPageMs.annotatedMedianMs, 1)} ms (target ≤ ${t.firstPageSeconds * 1000} ms: ${met(Math.max(c.firstPageMs.firstCallMs, c.firstPageMs.annotatedFirstCallMs) / 1000, t.firstPageSeconds)})`,
  );
  log(`  filters and sorts (median of 5): ${Object.entries(c.filterMs).map(([k, v]) => `${k} ${fmt(v, 1)} ms`).join(', ')} (target ≤ ${t.filterSeconds * 1000} ms: ${met(worstFilter / 1000, t.filterSeconds)})`);
  const o = c.outsideImport;
  log(
    `  sort by progress right after another connection's bulk write through the store (the CLI's import of ${o.sets} sets, ${o.mentions} mentions, into the open project): first ${fmt(o.firstSortMs, 1)} ms, CPU ${fmt(o.firstSortCpuMs, 1)} ms, ${o.firstSortComputed} figures computed (target ≤ ${t.filterSeconds * 1000} ms: ${met(o.firstSortMs / 1000, t.filterSeconds)}); the import ${fmt(o.seconds, 1)} s, CPU ${fmt(o.cpuSeconds, 1)} s, of which its sets' progress (${o.progressSets}, in its transaction) ${fmt(o.progressMs / 1000, 1)} s`,
  );
  log(`  sort by progress: first ${fmt(c.progressSort.firstSeconds, 1)} s right after the setup's bulk write around the store (plain SQL: every document's figure computed once; the app computes them in the background before), then ${fmt(c.progressSort.thenMs, 1)} ms, after a label ${fmt(c.progressSort.afterLabelMs, 1)} ms (target ≤ ${t.filterSeconds * 1000} ms: ${met(Math.max(c.progressSort.thenMs, c.progressSort.afterLabelMs) / 1000, t.filterSeconds)})`);
  const m = c.exportMemoryMB;
  log(
    `  export ${c.mentions} mentions (${fmt(c.exportMegabytes, 0)} MB) ${fmt(c.exportSeconds, 1)} s, CPU ${fmt(c.exportCpuSeconds, 1)} s (target ≤ ${t.exportSeconds} s: wall ${met(c.exportSeconds, t.exportSeconds)}, CPU ${met(c.exportCpuSeconds, t.exportSeconds)}); RSS ${fmt(m.rssStart, 0)} → peak ${fmt(m.rssPeak, 0)} → ${fmt(m.rssEnd, 0)} MB (growth ${fmt(m.rssPeak - m.rssStart, 0)} MB), heap ${fmt(m.heapStart, 0)} → peak ${fmt(m.heapPeak, 0)} → ${fmt(m.heapEnd, 0)} MB, after a GC ${fmt(m.heapLive, 0)} MB${Number.isFinite(m.heapLive) ? '' : ' (run with node --expose-gc)'}, external peak ${fmt(m.externalPeak, 0)} MB (setup of the mentions ${c.setupSeconds === null ? 'copied from .bench/cache' : `${fmt(c.setupSeconds, 0)} s, not counted`})`,
  );
  const b = c.exportBound;
  log(
    b.completed
      ? `  export's memory bound (target: flat): the same export in a child process with --max-old-space-size=${b.capMB} (the same cap at every size) completed in ${fmt(b.seconds, 1)} s, CPU ${fmt(b.cpuSeconds, 1)} s; heap ${fmt(b.heapStart, 0)} → peak ${fmt(b.heapPeak, 0)} MB, live heap after a GC every 2,000 documents ${fmt(b.liveFirst, 1)} → max ${fmt(b.liveMax, 1)} MB over ${b.liveSamples} samples (growth ${fmt(b.liveMax - b.heapStart, 1)} MB: ${b.liveMax - b.heapStart <= 5 ? 'flat, met' : 'NOT flat'}); the peak above is garbage V8 lets pile up to a limit set by the process's live heap`
      : `  export's memory bound (target: flat): NOT met, the export in a child process capped at ${b.capMB} MB of old space failed: ${b.error}`,
  );
}
