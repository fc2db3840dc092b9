/**
 * The suggestions' occurrences (suggest-list.ts): after a label on the 1 MB document and across
 * 10,000 documents, CPU time beside issue 13's targets.
 */
import { fmt, log } from '../common';
import { OCCURRENCE_TARGETS, type OccurrencesBenchResult } from '../suggest-list';

/** The suggestions' occurrences beside issue 13's targets (CPU time: the machine may be shared). */
export function printOccurrences(o: OccurrencesBenchResult | null): void {
  if (o === null) return;
  const t = OCCURRENCE_TARGETS;
  const met = (ms: number, s: number) => (ms <= s * 1000 ? 'met' : 'NOT met');
  const a = o.afterLabel;
  log(
    `occurrences after a label, 1 MB he (${a.items} suggestions): ${fmt(a.totalMedianCpuMs / 1000)} s CPU, median of ${a.workerCpuMs.length} (occurrences' thread ${fmt(a.workerMedianCpuMs / 1000)} s + the list on the service's thread ${fmt(a.listMedianCpuMs / 1000)} s) (target ≤ ${t.afterLabelSeconds} s: ${met(a.totalMedianCpuMs, t.afterLabelSeconds)}); first ${fmt(a.firstCpuMs / 1000)} s CPU`,
  );
  const c = o.corpus;
  const worstList = Math.max(c.listFirstCpuMs, c.listAfterLabelCpuMs);
  const worstPreview = Math.max(c.previewFirstCpuMs, c.previewAfterLabelCpuMs);
  log(
    `occurrences across ${c.documents} documents (${fmt(c.megabytes, 1)} MB, ${c.annotatedDocuments} annotated), CPU: a document's occurrences first ${fmt(c.listFirstCpuMs / 1000)} s, after a label ${fmt(c.listAfterLabelCpuMs / 1000)} s (target ≤ ${t.corpus10kSeconds} s: ${met(worstList, t.corpus10kSeconds)}); the corpus-wide preview (o, Tab) on the occurrences' thread, the corpus folded: first ${fmt(c.previewFirstCpuMs / 1000)} s, after a label ${fmt(c.previewAfterLabelCpuMs / 1000)} s, ${c.previewCount} occurrences (target ≤ ${t.corpus10kSeconds} s: ${met(worstPreview, t.corpus10kSeconds)}); with nothing folded yet ${fmt(c.previewColdCpuMs / 1000)} s; the service's thread ${fmt(c.previewServiceCpuMs / 1000, 3)} s`,
  );
  log(
    `occurrences across ${c.documents} documents: preview right after open ${fmt(c.previewAfterOpenCpuMs / 1000)} s CPU (${fmt(c.previewAfterOpenWallMs / 1000)} s wall; ${c.previewAfterOpenFolded} documents folded whole for it, ${c.previewAfterOpenInParts} in parts, ${c.previewAfterOpenSkipped} skipped) (target ≤ ${t.corpus10kSeconds} s: ${met(c.previewAfterOpenCpuMs, t.corpus10kSeconds)}); a document's occurrences during the fold ${fmt(c.listDuringFoldWallMs / 1000)} s wall, the fold's longest slice ${fmt(c.foldLongestSliceCpuMs, 1)} ms CPU (${fmt(c.foldLongestSliceMs, 1)} ms wall; ${c.foldSlices} slices) (target ≤ ${t.foldSliceCpuMs} ms CPU: ${c.foldLongestSliceCpuMs <= t.foldSliceCpuMs ? 'met' : 'NOT met'})`,
  );
}
