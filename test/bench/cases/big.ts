/**
 * The 20 MB / 200k documents beside issue 15's target 2 (open, label p95, find, jump, renderer
 * heap, main-process memory); measured by documents.ts (in --quick only with --big).
 */
import { fmt, log, TARGETS } from '../common';

/** Issue 15, target 2: the 20 MB / 200k documents beside their targets. */
export function printBig(documents: Record<string, unknown>[]): void {
  const verdict = (x: unknown, target: number) => (typeof x === 'number' && Number.isFinite(x) ? (x <= target ? 'met' : 'NOT met') : '—');
  for (const d of documents.filter((d) => String(d['case']).startsWith('20 MB'))) {
    const mm = d['mainMemoryMB'] as { rss: number; heapUsed: number; maxRss: number };
    const find = (d['findColdMs'] as number) / 1000;
    const jump = (d['jumpLastMs'] as number) / 1000;
    log(`${String(d['case'])}:`);
    log(`  open ${fmt(d['openSeconds'])} s (target ≤ ${TARGETS.open20MB} s: ${verdict(d['openSeconds'], TARGETS.open20MB)}; the first screen painted with its highlights, usable), whole document loaded ${fmt(d['openLoadedSeconds'])} s`);
    log(`  label p95 ${fmt(d['labelP95Ms'], 1)} ms, median ${fmt(d['labelMedianMs'], 1)} ms (target p95 ≤ ${TARGETS.label20MBp95} ms: ${verdict(d['labelP95Ms'], TARGETS.label20MBp95)})`);
    log(`  find of a common word ${fmt(find)} s, again ${fmt((d['findWarmMs'] as number) / 1000)} s (target ≤ ${TARGETS.find20MB} s: ${verdict(find, TARGETS.find20MB)})`);
    log(`  jump to the last mention ${fmt(jump)} s (target ≤ ${TARGETS.jump20MB} s: ${verdict(jump, TARGETS.jump20MB)})`);
    log(`  renderer heap ${fmt(d['heapMB'], 0)} MB, ${fmt(d['heapSuggestions'], 0)} suggestions held (target ≤ ${TARGETS.heap20MB} MB: ${verdict(d['heapMB'], TARGETS.heap20MB)})`);
    log(`  main process (the service; here the benchmark's own process): RSS ${fmt(mm.rss, 0)} MB, JS heap ${fmt(mm.heapUsed, 0)} MB, peak RSS so far ${fmt(mm.maxRss, 0)} MB`);
  }
}
