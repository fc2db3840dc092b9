/**
 * Start and open: a fresh page on a document, from navigation to its first request, its text
 * painted, its first screen's highlights painted and the editor's drawn, and from the open
 * request to interactive and to the whole document loaded, with the renderer's heap (the
 * measures run.ts's header describes).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import { REPO } from '../../e2e/browser';
import { fmt, log, step, TARGETS } from '../common';
import { HEAP_SNAPSHOT, NO_SUGGEST, PROFILE, TRACE, VERBOSE } from '../flags';
import { heapSummaryLines, saveHeapSnapshot, summariseHeapSnapshot } from '../heapSnapshot';
import { summariseProfile, summariseStartTrace } from './diagnostics';
import { bridge, heapMB, newPage, waitLoaded, waitSuggestions, type BenchDoc, type StartOptions, type Storage } from './page';

export interface OpenSample {
  /** Navigation start → the page's first bridge call goes out (s): the bundle loaded and run. */
  firstCall: number;
  /** Navigation start → the first documents.open goes out (s). */
  request: number;
  /** Navigation start → the first document's text painted (s): its first screen, else the editor's text. */
  painted: number;
  /**
   * Navigation start → the first screen's answers all in (s): the response end of the first
   * session.boot, documents.open and mentions.page on the bridge, the latest of them (NaN without them).
   */
  answered: number;
  /** Whether that was the start's first screen (firstScreen.ts), painted before the editor. */
  firstScreen: boolean;
  /** Navigation start → the first document painted with its highlights (s): the first screen's, else the editor's. */
  screen: number;
  /** Navigation start → the editor's highlights drawn (s): its qalam:open-ready frame, what data-ready means. */
  highlights: number;
  /** The window's stored state after this open (its first screen's place remembered). */
  storage?: Storage;
  /** The calls made before that request, in order. */
  before: string[];
  total: number;
  renderer: number;
  /** Open start → the whole document loaded (s): every text page and mention there (not before it is painted). */
  loaded: number;
  heap: number;
  /** The suggestions the window held when its heap was measured (0 without them: --no-suggest, the plain view, none came in 120 s). */
  heapSuggestions: number;
  domParagraphs: number;
}

/**
 * One start of a fresh page on `doc` (`plain`: the plain React view). With `storage`, the window
 * starts as an earlier one on the same document left it (its first screen's place remembered);
 * with `keep`, the answer carries the state this one leaves; `options`: keys the window forgets
 * before it starts, another window size (newPage).
 */
export async function measureOpen(browser: Browser, service: QalamService, url: string, doc: BenchDoc, plain: boolean, record = false, storage?: Storage, keep = false, then?: (page: Page) => Promise<void>, options: StartOptions = {}): Promise<OpenSample> {
  const page = await newPage(browser, service, doc.id, storage, options);
  try {
    step(`  goto${plain ? ' (plain)' : ''}`);
    // --trace / --profile: the start of one open, from navigation to the document painted.
    if (record && TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8', 'toplevel'] });
    const cdp = record && PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    await page.goto(plain ? `${url}#bench-plain=${encodeURIComponent(doc.id)}` : url);
    await Promise.race([
      page.evaluate(() => (window as unknown as { __qalamPaintedOnce: Promise<void> }).__qalamPaintedOnce),
      new Promise((_, fail) => setTimeout(() => fail(new Error(`bench: ${doc.size.name} ${doc.lang} not painted in 120 s`)), 120_000).unref()),
    ]);
    step('  painted');
    await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 60_000 });
    await waitLoaded(page);
    if (record && TRACE) summariseStartTrace(await browser.stopTracing(), `${doc.size.name} ${doc.lang}`);
    if (cdp) summariseProfile((await cdp.send('Profiler.stop')).profile, `${doc.size.name} ${doc.lang}`, 'start');
    const marks = await page.evaluate(() => {
      const w = window as unknown as { __qalamCalls?: { method: string; t: number }[]; __qalamPainted?: number; __qalamTextPainted?: number | null; __qalamFirstScreen?: boolean; __qalamScreenPainted?: number | null };
      const calls = w.__qalamCalls ?? [];
      const first = calls.findIndex((c) => c.method === 'documents.open');
      const last = (name: string) => {
        const all = performance.getEntriesByName(name);
        return all[all.length - 1]?.startTime ?? NaN;
      };
      return {
        start: last('qalam:open-start'),
        data: last('qalam:open-data'),
        ready: last('qalam:open-ready'),
        loaded: last('qalam:open-loaded'),
        paragraphs: document.querySelectorAll('.doc-text [data-para]').length,
        request: first < 0 ? NaN : (calls[first]?.t ?? NaN),
        // The bridge's fetches in the order the calls went out: the first screen's three answers.
        answered: (() => {
          const rpc = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/__rpc')) as PerformanceResourceTiming[];
          const ends = ['session.boot', 'documents.open', 'mentions.page'].map((m) => rpc[calls.findIndex((c) => c.method === m)]?.responseEnd ?? NaN);
          return Math.max(...ends);
        })(),
        firstCall: calls[0]?.t ?? NaN,
        before: calls.slice(0, Math.max(0, first)).map((c) => c.method),
        painted: w.__qalamPainted ?? NaN,
        // The plain view marks no text apart: its text and highlights come in one frame.
        text: w.__qalamTextPainted ?? w.__qalamPainted ?? NaN,
        firstScreen: w.__qalamFirstScreen === true,
        // The first screen's highlights, else the editor's (whichever frame came first).
        screen: Math.min(w.__qalamScreenPainted ?? Infinity, w.__qalamPainted ?? Infinity),
      };
    });
    // --verbose: the start's timeline (ms from navigation): the HTML, each file and call (sent → answered), the marks.
    if (VERBOSE && !plain) {
      const timeline = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const calls = (window as unknown as { __qalamCalls?: { method: string; t: number }[] }).__qalamCalls ?? [];
        let k = 0;
        const files = performance.getEntriesByType('resource').map((e) => {
          const r = e as PerformanceResourceTiming;
          const name = r.name.endsWith('/__rpc') ? (calls[k++]?.method ?? 'rpc') : (r.name.split('/').pop() ?? '');
          return `${name} ${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)}`;
        });
        const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('qalam:')).map((m) => `${m.name.slice(6)} ${m.startTime.toFixed(0)}`);
        return `html ${nav?.responseEnd.toFixed(0)}, interactive ${nav?.domInteractive.toFixed(0)}, DOMContentLoaded ${nav?.domContentLoadedEventStart.toFixed(0)}; ${files.join(', ')}; marks ${marks.join(', ')}`;
      });
      step(`  timeline: ${timeline}`);
    }
    // The heap as the annotator sits with the document: loaded and, with suggestions on, with them
    // listed (they come after the first paint; measured before them, the figure depended on
    // whether they had arrived: issue 12's 5 MB heap read 64 MB on one run, 48 on another).
    // (options.heap false: neither, for an open whose heap no figure reads: --quick, flags.ts heapOn)
    const withHeap = options.heap !== false;
    const heapSuggestions = !withHeap ? NaN : plain || bridge.refuseSuggestions ? 0 : await waitSuggestions(page, keep ? 'warm-up open' : 'open', { polling: 100 }).catch(() => 0);
    const heap = withHeap ? await heapMB(page) : NaN;
    if (record && HEAP_SNAPSHOT && !plain) {
      const file = join(REPO, '.bench', `heap-${doc.size.bytes}-${doc.lang}${NO_SUGGEST ? '-no-suggest' : ''}.heapsnapshot`);
      mkdirSync(join(REPO, '.bench'), { recursive: true });
      await saveHeapSnapshot(page, file);
      for (const line of heapSummaryLines(summariseHeapSnapshot(file))) log(`  ${line}`);
    }
    // The place of the first screen is kept once the window is idle after the paint.
    if (keep && !plain) await page.waitForFunction(() => window.localStorage.getItem('qalam.firstScreen') !== null, undefined, { timeout: 10_000 });
    const kept = keep ? await page.context().storageState() : undefined;
    if (keep) step('  first screen kept');
    // `then`: another measure on this page, as it is now (loaded, its suggestions shown, after a GC): documents.ts
    if (then) await then(page);
    return { firstCall: marks.firstCall / 1000, request: marks.request / 1000, painted: marks.text / 1000, answered: marks.answered / 1000, firstScreen: marks.firstScreen, screen: marks.screen / 1000, highlights: marks.painted / 1000, before: marks.before, total: (marks.ready - marks.start) / 1000, renderer: (marks.ready - marks.data) / 1000, loaded: (Math.max(marks.ready, marks.loaded) - marks.start) / 1000, heap, heapSuggestions, domParagraphs: marks.paragraphs, ...(kept ? { storage: kept } : {}) };
  } finally {
    await page.context().close();
  }
}

/** The start figures of one document beside their targets. */
export function startLine(d: Record<string, unknown>): string {
  const request = d['startRequestSeconds'] as number;
  const painted = d['startPaintedSeconds'] as number;
  // Painted with its highlights (the first screen's, else the editor's); older results have only the text's.
  const screen = (d['startScreenSeconds'] as number | undefined) ?? NaN;
  const met = (x: number, target: number) => (x <= target ? 'met' : 'NOT met');
  const screenTarget = String(d['case']).startsWith('1 MB') ? ` (target ≤ ${TARGETS.startPainted1MB} s at 1 MB: ${met(screen, TARGETS.startPainted1MB)})` : '';
  const screens = d['startFirstScreens'] === undefined ? '' : `, ${String(d['startFirstScreens'])} of ${(d['startRuns'] as unknown[]).length} from the first screen`;
  // The parts of request → painted with its highlights (medians of each start's): the answers, the text's frame, the highlights' frame.
  const parts = d['startParts'] as { answers: number; text: number; highlights: number } | undefined;
  const split = parts ? ` (request → the first screen's answers ${fmt(parts.answers)} s, → its text ${fmt(parts.text)} s, → its highlights ${fmt(parts.highlights)} s)` : '';
  return `start ${String(d['case'])}: navigation → first document's request ${fmt(request)} s (target ≤ ${TARGETS.startRequest} s: ${met(request, TARGETS.startRequest)}), → text painted ${fmt(painted)} s, → painted with its highlights ${fmt(screen)} s${screenTarget}${screens}${split}, → the editor's highlights drawn (data-ready) ${fmt(d['startHighlightsSeconds'])} s; a first start (nothing remembered) painted its text at ${fmt(d['startFirstStartPaintedSeconds'])} s${d['startNoPlacePaintedSeconds'] === undefined ? '' : `, a start remembering its document but not where its text goes (another window size) at ${fmt(d['startNoPlacePaintedSeconds'])} s`}; first call at ${fmt(d['startFirstCallSeconds'])} s, calls before the request: ${(d['startCallsBeforeRequest'] as string[]).join(', ') || 'none'}`;
}
