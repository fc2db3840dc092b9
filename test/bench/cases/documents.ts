/**
 * One document's figures in the window: start and open (with the plain React view), labels, find
 * and jump, scrolling (1 MB he), the review screen (1 MB and 5 MB he), the main process's memory
 * and what opening it sends across the bridge; and their table (the 20 MB lines: big.ts).
 */
import type { Browser, Page } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import { fmt, log, mainMemoryMB, median, p95, phase, step } from '../common';
import { heapOn, LABELS_ONLY, NAV_RUNS, NO_SUGGEST, OPEN_RUNS, plainRuns, QUICK, SCROLL_ONLY, START_ONLY } from '../flags';
import { printBig } from './big';
import { measureLabels, printLabelCost, type LabelRun } from './labels';
import { measureNavigate, type NavigateSample } from './navigate';
import { primeSuggestions, type BenchDoc } from './page';
import { measureReview } from './review';
import { printScroll, scrollRows } from './scroll';
import { measureOpen, startLine, type OpenSample } from './start';

/** The figures of `doc` (its row of results.json), each part closed as a phase of the run. */
export async function measureDocument(browser: Browser, service: QalamService, url: string, doc: BenchDoc, hotkey: string, first = false): Promise<Record<string, unknown>> {
  const label = `${doc.size.name} ${doc.lang}`;
  step(`${label}: open`);
  const open: OpenSample[] = [];
  const plain: OpenSample[] = [];
  if (!NO_SUGGEST) await primeSuggestions(service, doc.id, first);
  phase('setup: suggestions');
  const openRuns = SCROLL_ONLY || LABELS_ONLY ? 0 : OPEN_RUNS;
  const withLabels = !START_ONLY && !SCROLL_ONLY;
  const navRuns = START_ONLY || SCROLL_ONLY || LABELS_ONLY ? 0 : NAV_RUNS;
  // The first find-and-jump run and the labels are measured on pages the opens made anyway,
  // once loaded and showing their suggestions (after the heap's GC), as a page of their own was
  // before: find and jump on the warm-up's page (started as theirs was: nothing remembered but
  // the document; its stored state is taken before), the labels (they change the document) on
  // the last measured open's. Any further runs (a full run's 3 finds) get pages of their own.
  const labelsOn = withLabels && openRuns > 0 ? openRuns - 1 : -1;
  const navigate: NavigateSample[] = [];
  let labelRun: LabelRun | null = null;
  let mainMemory: ReturnType<typeof mainMemoryMB> | null = null;
  const onLabels = async (page: Page) => {
    mainMemory = mainMemoryMB();
    phase(`${label}: open`);
    step(`${label}: labels`);
    labelRun = await measureLabels(browser, service, url, doc, hotkey, undefined, page);
    phase(`${label}: labels`);
  };
  const onNavigate = async (page: Page) => {
    phase(`${label}: open`);
    step(`${label}: find and jump`);
    navigate.push(await measureNavigate(browser, service, url, doc, page));
    phase(`${label}: find and jump`);
  };
  // One warm-up open (caches, JIT) not counted: its window's stored state (the document and
  // where its first screen goes) is what the measured starts begin with, as a window started
  // again on the document it showed last (each still a fresh page, nothing in its caches).
  const warm = await measureOpen(browser, service, url, doc, false, false, undefined, true, navRuns > 0 ? onNavigate : undefined);
  for (let r = 0; r < openRuns; r++) {
    open.push(await measureOpen(browser, service, url, doc, false, r === 0, warm.storage, false, r === labelsOn ? onLabels : undefined, { heap: heapOn(r, openRuns) || r === labelsOn }));
    // Not at 20 MB: every paragraph of it mounted as plain React spans takes minutes (it timed
    // out at 120 s under load) and says nothing about the targets there.
    if (r < plainRuns(doc)) plain.push(await measureOpen(browser, service, url, doc, true));
  }
  // At 1 MB (the start's target): starts that remember the document but not where its first screen
  // goes (a window opened at another size, whose place was never kept): the editor paints the text.
  // Warm, unlike the warm-up's first start, which also pays for a fresh browser and service.
  const noPlace: OpenSample[] = [];
  if (doc.size.bytes === 1_000_000) for (let r = 0; r < (QUICK ? 2 : 3); r++) noPlace.push(await measureOpen(browser, service, url, doc, false, false, warm.storage, false, undefined, { forget: ['qalam.firstScreen'], heap: !QUICK }));
  mainMemory ??= mainMemoryMB();
  phase(`${label}: open`);
  step(`${label}: labels`);
  // (assigned in onLabels: read through a cast, as the compiler does not follow the callback)
  const labelsDone = labelRun as LabelRun | null;
  const run = withLabels && labelsDone === null ? await measureLabels(browser, service, url, doc, hotkey) : labelsDone;
  const labels = run?.ms ?? [];
  // Suggestions' cost on a label (issues 12, 13): the same labels without them, one after the other.
  const labelsWithout = run && !NO_SUGGEST && doc.size.bytes === 1_000_000 && doc.lang === 'he' ? await measureLabels(browser, service, url, doc, hotkey, 'none') : null;
  phase(`${label}: labels`);
  step(`${label}: find and jump`);
  while (navigate.length < navRuns) navigate.push(await measureNavigate(browser, service, url, doc));
  step(`  ${JSON.stringify(navigate)}`);
  phase(`${label}: find and jump`);
  const row: Record<string, unknown> = {
    case: label,
    paragraphs: doc.view.paragraphs.length,
    startFirstCallSeconds: median(open.map((o) => o.firstCall)),
    startRequestSeconds: median(open.map((o) => o.request)),
    startPaintedSeconds: median(open.map((o) => o.painted)),
    startFirstScreens: open.filter((o) => o.firstScreen).length,
    startScreenSeconds: median(open.map((o) => o.screen)),
    startHighlightsSeconds: median(open.map((o) => o.highlights)),
    // The parts of request → painted with its highlights, medians of each start's (the first screen's starts).
    startParts: {
      answers: median(open.map((o) => o.answered - o.request)),
      text: median(open.map((o) => o.painted - o.answered)),
      highlights: median(open.map((o) => o.screen - o.painted)),
    },
    startFirstStartPaintedSeconds: warm.painted,
    startNoPlacePaintedSeconds: noPlace.length > 0 ? median(noPlace.map((o) => o.painted)) : undefined,
    startCallsBeforeRequest: open[0]?.before ?? [],
    plainStartPaintedSeconds: median(plain.map((o) => o.painted)),
    openSeconds: median(open.map((o) => o.total)),
    openRendererSeconds: median(open.map((o) => o.renderer)),
    openLoadedSeconds: median(open.map((o) => o.loaded)),
    plainOpenSeconds: median(plain.map((o) => o.total)),
    plainOpenRendererSeconds: median(plain.map((o) => o.renderer)),
    // (--quick: the last open's alone, flags.ts heapOn)
    heapMB: median(open.map((o) => o.heap).filter(Number.isFinite)),
    heapOpens: open.filter((o) => Number.isFinite(o.heap)).length,
    heapSuggestions: median(open.map((o) => o.heapSuggestions).filter(Number.isFinite)),
    plainHeapMB: median(plain.map((o) => o.heap)),
    domParagraphs: median(open.map((o) => o.domParagraphs)),
    labelMedianMs: median(labels),
    labelP95Ms: p95(labels),
    labels: labels.length,
    labelPhases: run?.phases,
    labelFloorCpuMs: run?.floorCpuMs,
    labelCpuMs: run ? median(run.cpuMs) : undefined,
    labelAllocatedKB: run ? median(run.allocatedKB) : undefined,
    labelSuggestionsShown: run?.suggestionsShown,
    labelGhosts: run?.ghosts,
    labelsWithoutSuggestions: labelsWithout ? { medianMs: median(labelsWithout.ms), p95Ms: p95(labelsWithout.ms), phases: labelsWithout.phases, floorCpuMs: labelsWithout.floorCpuMs } : null,
    openRuns: open.map((o) => o.total),
    findColdMs: median(navigate.map((n) => n.findColdMs)),
    findWarmMs: median(navigate.map((n) => n.findWarmMs)),
    findMatches: navigate[0]?.matches,
    jumpLastMs: median(navigate.map((n) => n.jumpMs)),
    mainMemoryMB: mainMemory,
    bridge: bridgeSizes(service, doc.id),
    startRuns: open.map((o) => ({ firstCall: o.firstCall, request: o.request, answered: o.answered, painted: o.painted, firstScreen: o.firstScreen, screen: o.screen, highlights: o.highlights })),
  };
  if (!START_ONLY && !LABELS_ONLY && doc.size.bytes === 1_000_000 && doc.lang === 'he') await scrollRows(browser, service, url, doc, label, row);
  phase(`${label}: scroll`);
  // (The documents with a second annotator's set: setupProject.)
  if (!START_ONLY && !SCROLL_ONLY && !LABELS_ONLY && doc.lang === 'he' && doc.size.bytes >= 1_000_000 && doc.size.bytes <= 5_000_000) {
    step(`${label}: review`);
    const review = await measureReview(browser, service, url, doc);
    phase(`${label}: review`);
    row['review'] = review;
    step(`  review: ${JSON.stringify(review)}`);
  }
  return row;
}

/**
 * What opening a document sends across the bridge (JSON, as the benchmark's bridge sends it), in
 * MB, asked as the window asks: before the first paint (documents.open with text page 0,
 * annotations.list without mentions, the mentions starting in text page 0), then the rest (the
 * other text pages, the other pages' mentions in groups of about 50,000).
 */
export function bridgeSizes(service: QalamService, docId: string): { firstPaintMB: number; textMB: number; mentionsMB: number; totalMB: number } {
  const size = (method: string, args: unknown) => Buffer.byteLength(JSON.stringify(service.dispatch(method, args))) / 1e6;
  const opening = service.call('documents.open', { id: docId });
  const pages = opening.layout.pageStarts.length - 1;
  const first = service.call('mentions.page', { docId, textPage: 0 });
  const firstPaintMB = size('documents.open', { id: docId }) + size('annotations.list', { docId, mentions: false }) + size('mentions.page', { docId, textPage: 0 });
  let textMB = 0;
  for (let k = 1; k < pages; k++) textMB += size('documents.textPage', { id: docId, page: k });
  // As DocumentSession.restMentions groups them.
  const group = Math.max(1, Math.floor(50_000 / Math.max(1, first.total / pages)));
  let mentionsMB = 0;
  for (let k = 1; k < pages; k += group) mentionsMB += size('mentions.page', { docId, textPage: k, textPages: Math.min(group, pages - k) });
  return { firstPaintMB, textMB, mentionsMB, totalMB: firstPaintMB + textMB + mentionsMB };
}

export function printDocuments(r: { documents: Record<string, unknown>[]; machine: Record<string, unknown> }): void {
  log('');
  log(`machine: ${String(r.machine['cpus'])} cores, Chromium ${String(r.machine['chromium'])}, Node ${String(r.machine['node'])}`);
  const heapOpens = r.documents[0]?.['heapOpens'];
  log(`| case | open (s) | renderer part (s) | plain React open (s) | label median / p95 (ms) | heap (MB${heapOpens === 1 ? ', one open' : ''}) | plain heap (MB) | paragraphs in DOM / total |`);
  log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const d of r.documents) {
    log(
      `| ${String(d['case'])} | ${fmt(d['openSeconds'])} | ${fmt(d['openRendererSeconds'])} | ${fmt(d['plainOpenSeconds'])} | ${fmt(d['labelMedianMs'], 1)} / ${fmt(d['labelP95Ms'], 1)} | ${fmt(d['heapMB'], 0)} | ${fmt(d['plainHeapMB'], 0)} | ${fmt(d['domParagraphs'], 0)} / ${String(d['paragraphs'])} |`,
    );
  }
  for (const d of r.documents) log(startLine(d));
  for (const d of r.documents) printLabelCost(d);
  for (const d of r.documents) printScroll(d);
  for (const d of r.documents) {
    const rv = d['review'] as { openSeconds: number; nextMs: number; disagreements: number } | undefined;
    if (rv) log(`review screen ${String(d['case'])} (2 sets, ${rv.disagreements} disagreements listed): open ${fmt(rv.openSeconds)} s, next disagreement ${fmt(rv.nextMs, 0)} ms`);
  }
  log('| case | find a common word, first / again (ms) | jump to the last mention (ms) | main process RSS / heap after open (MB) | crossing the bridge to open: before the first paint / whole (MB) | open → whole document loaded (s) |');
  log('| --- | --- | --- | --- | --- | --- |');
  for (const d of r.documents) {
    const mm = d['mainMemoryMB'] as { rss: number; heapUsed: number } | undefined;
    const b = d['bridge'] as { firstPaintMB: number; totalMB: number } | undefined;
    log(`| ${String(d['case'])} | ${fmt(d['findColdMs'], 0)} / ${fmt(d['findWarmMs'], 0)} (${String(d['findMatches'])}) | ${fmt(d['jumpLastMs'], 0)} | ${fmt(mm?.rss, 0)} / ${fmt(mm?.heapUsed, 0)} | ${fmt(b?.firstPaintMB, 2)} / ${fmt(b?.totalMB, 1)} | ${fmt(d['openLoadedSeconds'])} |`);
  }
  printBig(r.documents);
}
