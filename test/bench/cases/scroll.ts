/**
 * Frames dropped while scrolling the 1 MB document, at reading speed and top to bottom, with the
 * document's suggestions shown, without them, and as plain React spans; with the CPU time of the
 * renderer's main thread, its process and this one (issue 15 item 5; issue 12).
 */
import type { Browser, Page } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import { fmt, log, median, step, TARGETS } from '../common';
import { NO_SUGGEST, PROFILE, QUICK, SCROLL_MODES, SCROLL_RUNS, TRACE } from '../flags';
import { summariseProfile, summariseTrace } from './diagnostics';
import { bridge, newPage, waitLoaded, waitSuggestions, type BenchDoc } from './page';

export type ScrollMode = 'read' | 'through';
/** The document with its suggestions shown, without them (the window's suggestions.* calls refused), or plain React spans. */
export type ScrollVariant = 'suggest' | 'none' | 'plain';
export interface ScrollSample {
  dropped: number;
  frames: number;
  maxFrameMs: number;
  /** Paragraphs in the DOM at the end (windowing keeps it bounded). */
  domParagraphs: number;
  /** Plain (static, windowing.ts fast scroll) paragraphs shown in the last frame. */
  plainParagraphs: number;
  /** The renderer's main thread busy during the scroll (Chromium's TaskDuration, wall time), ms; of it script, layout and style. */
  mainThreadMs: number;
  /** CPU time of the renderer's main thread (ThreadTime) and of its whole process (ProcessTime) during the scroll, ms: what load inflates least. */
  mainThreadCpuMs: number;
  rendererCpuMs: number;
  /** Layouts and style recalculations during the scroll. */
  layouts: number;
  styles: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  /** CPU time of this process (the service and its workers, as Electron's main process) during the scroll, ms. */
  serviceCpuMs: number;
  /** Bridge calls the window made during the scroll, by method. */
  calls: Record<string, number>;
  /** Suggestions shown when the scroll started (the panel's count) and ghosts the overlay had built at the end. */
  suggestionsShown: number;
  ghostsBuilt: number;
}

/**
 * Waits for the window's after-load work to be done: without suggestions (`refused`), first for
 * its suggestions.list to be asked (and refused here; with them, waitSuggestions saw them shown);
 * then, in every variant, for three idle periods in a row of nearly a whole frame each, by which
 * the work queued after the first paint (the lazy screens' chunks preloaded when idle,
 * app/lazyChunks.ts; the refusal rendered) has run. Without this
 * the scroll started during that work and its first frames were the window's start, not the
 * scroll's: a 50 ms frame in most runs without suggestions (session 12, found with --trace).
 */
async function settleWindow(page: Page, what: string, refused: boolean): Promise<void> {
  const t0 = Date.now();
  // (with suggestions their wait saw them shown; the plain React view has none: only the idle periods)
  if (refused) await page.waitForFunction(() => ((window as unknown as { __qalamCalls?: { method: string }[] }).__qalamCalls ?? []).some((c) => c.method === 'suggestions.list'), undefined, { timeout: 30_000, polling: 50 });
  const idle = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        const t = performance.now();
        let quiet = 0;
        const tick = (d: IdleDeadline) => {
          quiet = d.timeRemaining() >= 40 ? quiet + 1 : 0;
          // at the latest after 5 s: a busy machine may never give three whole idle periods
          if (quiet >= 3 || performance.now() - t > 5000) done(performance.now() - t);
          else requestIdleCallback(tick);
        };
        requestIdleCallback(tick);
      }),
  );
  step(`  ${what}: window settled after ${Date.now() - t0} ms of waiting (${idle.toFixed(0)} ms until idle)`);
}

/**
 * Frames dropped while scrolling, counted from animation-frame intervals (a gap of k frame
 * periods drops k - 1). 'read': 40 px a frame for 240 frames (reading); 'through': from the top
 * to the bottom of the whole document in 300 frames (dragging the scroll bar: every frame shows
 * paragraphs never mounted before).
 */
export async function measureScroll(browser: Browser, service: QalamService, url: string, doc: BenchDoc, variant: ScrollVariant, mode: ScrollMode): Promise<ScrollSample> {
  const plain = variant === 'plain';
  bridge.refuseSuggestions = NO_SUGGEST || variant !== 'suggest';
  const page = await newPage(browser, service, doc.id);
  try {
    await page.goto(plain ? `${url}#bench-plain=${encodeURIComponent(doc.id)}` : url);
    await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 120_000 });
    await waitLoaded(page);
    // the suggestions shown before the scroll starts (their arrival is not the scroll's)
    if (variant === 'suggest') await waitSuggestions(page, `scroll ${mode}`);
    // every variant: the window's after-load work done before the scroll starts
    await settleWindow(page, `scroll ${mode} ${variant}`, variant === 'none');
    if (TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'blink.user_timing', 'cc', 'disabled-by-default-devtools.timeline'] });
    const cdp = PROFILE && !plain ? await page.context().newCDPSession(page) : null;
    const perf = await page.context().newCDPSession(page);
    await perf.send('Performance.enable');
    const metrics = async () => new Map((await perf.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
    const suggestionsShown = await page.evaluate(() => Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0));
    const m0 = await metrics();
    const cpu0 = process.cpuUsage();
    const calls0 = bridge.calls.length;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const sample = (await page.evaluate(
      (mode) =>
        new Promise<Pick<ScrollSample, 'dropped' | 'frames' | 'maxFrameMs' | 'domParagraphs' | 'plainParagraphs'>>((done) => {
          const scroller = document.querySelector<HTMLElement>('.doc-scroll')!;
          const FRAME = 1000 / 60;
          const frames = mode === 'read' ? 240 : 300;
          let last = 0;
          let n = 0;
          let dropped = 0;
          let max = 0;
          const step = (t: number) => {
            // (marks for --trace: the frames of the scroll, diagnostics.ts)
            if (n === 0) performance.mark('qalam:scroll-start');
            if (last !== 0) {
              const dt = t - last;
              max = Math.max(max, dt);
              dropped += Math.max(0, Math.round(dt / FRAME) - 1);
            }
            last = t;
            if (mode === 'read') scroller.scrollTop += 40;
            // The height may change as estimates become measurements: aim at the current one.
            else scroller.scrollTop = ((n + 1) / frames) * (scroller.scrollHeight - scroller.clientHeight);
            if (++n < frames) requestAnimationFrame(step);
            else {
              performance.mark('qalam:scroll-end');
              done({ dropped, frames: n, maxFrameMs: Math.round(max * 10) / 10, domParagraphs: document.querySelectorAll('.doc-text [data-para]').length, plainParagraphs: document.querySelectorAll('.doc-plain [data-plain]').length });
            }
          };
          requestAnimationFrame(step);
        }),
      mode,
    )) as ScrollSample;
    const cpu = process.cpuUsage(cpu0);
    const m1 = await metrics();
    const calls: Record<string, number> = {};
    for (const c of bridge.calls.slice(calls0)) calls[c] = (calls[c] ?? 0) + 1;
    const delta = (name: string) => ((m1.get(name) ?? NaN) - (m0.get(name) ?? NaN)) * 1000;
    const ghostsBuilt = await page.evaluate(() => document.querySelectorAll('.ov-hl.is-ghost').length);
    Object.assign(sample, {
      mainThreadMs: delta('TaskDuration'),
      mainThreadCpuMs: delta('ThreadTime'),
      rendererCpuMs: delta('ProcessTime'),
      layouts: delta('LayoutCount') / 1000,
      styles: delta('RecalcStyleCount') / 1000,
      scriptMs: delta('ScriptDuration'),
      layoutMs: delta('LayoutDuration'),
      styleMs: delta('RecalcStyleDuration'),
      serviceCpuMs: (cpu.user + cpu.system) / 1000,
      calls,
      suggestionsShown,
      ghostsBuilt,
    });
    step(`    scroll ${mode} ${variant}: ${JSON.stringify(sample)}`);
    await perf.detach();
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      summariseProfile(profile, `scroll ${mode} ${variant} ${doc.size.name} ${doc.lang}`, 'scroll');
    }
    if (TRACE) summariseTrace(await browser.stopTracing(), `scroll ${mode} ${variant} ${doc.size.name} ${doc.lang}`, 'scroll');
    return sample;
  } finally {
    await page.context().close();
    bridge.refuseSuggestions = NO_SUGGEST;
  }
}

/**
 * The scroll figures of one document into `row` (`scroll_read`, `scroll_through`): with
 * suggestions (shown before the scroll starts), without them (the window's suggestions.* calls
 * refused, as --no-suggest does), and plain React spans, one run of each in turn.
 */
export async function scrollRows(browser: Browser, service: QalamService, url: string, doc: BenchDoc, label: string, row: Record<string, unknown>): Promise<void> {
  // --quick: not the plain React view (a comparison without a target: two of the six pages, 540 of
  // the 1,620 frames); a full run scrolls it
  const variants: ScrollVariant[] = [...(NO_SUGGEST ? [] : (['suggest'] as const)), 'none', ...(QUICK ? [] : (['plain'] as const))];
  for (const mode of SCROLL_MODES) {
    const samples: Record<ScrollVariant, ScrollSample[]> = { suggest: [], none: [], plain: [] };
    for (let r = 0; r < SCROLL_RUNS; r++) {
      for (const variant of variants) {
        step(`${label}: scroll ${mode} ${variant} ${r}`);
        samples[variant].push(await measureScroll(browser, service, url, doc, variant, mode));
      }
    }
    const main = NO_SUGGEST ? samples.none : samples.suggest;
    const figures = (xs: ScrollSample[]) =>
      xs.length === 0
        ? null
        : {
            dropped: median(xs.map((s) => s.dropped)),
            runs: xs.map((s) => s.dropped),
            maxFrameMs: median(xs.map((s) => s.maxFrameMs)),
            mainThreadCpuMs: median(xs.map((s) => s.mainThreadCpuMs)),
            rendererCpuMs: median(xs.map((s) => s.rendererCpuMs)),
            serviceCpuMs: median(xs.map((s) => s.serviceCpuMs)),
          };
    row[`scroll_${mode}`] = {
      ...figures(main),
      frames: main[0]?.frames,
      domParagraphs: median(main.map((s) => s.domParagraphs)),
      plainParagraphs: median(main.map((s) => s.plainParagraphs)),
      suggestions: NO_SUGGEST ? 0 : median(main.map((s) => s.suggestionsShown)),
      ghostsBuilt: median(main.map((s) => s.ghostsBuilt)),
      noSuggest: NO_SUGGEST ? null : figures(samples.none),
      plainRuns: samples.plain.map((s) => s.dropped),
      plainDropped: median(samples.plain.map((s) => s.dropped)),
      plainMaxFrameMs: median(samples.plain.map((s) => s.maxFrameMs)),
      plainMainThreadCpuMs: median(samples.plain.map((s) => s.mainThreadCpuMs)),
      samples,
    };
  }
}

/** The scrolling lines of one document's row (the median of the runs, and each run when there were several). */
export interface ScrollFigures {
  dropped: number;
  runs: number[];
  maxFrameMs: number;
  mainThreadCpuMs: number;
  rendererCpuMs: number;
  serviceCpuMs: number;
}

/**
 * The scroll figures beside their targets (issue 15, item 5; issue 12): top to bottom ≤ 3 frames
 * dropped of 300, and with suggestions no worse than without them beyond noise (CPU times given:
 * on a loaded machine they move less than frames dropped).
 */
export function printScroll(d: Record<string, unknown>): void {
  for (const mode of ['read', 'through']) {
    const sc = d[`scroll_${mode}`] as
      | (ScrollFigures & { frames: number; domParagraphs: number; plainParagraphs?: number; suggestions: number; ghostsBuilt: number; noSuggest: ScrollFigures | null; plainDropped: number; plainMaxFrameMs: number; plainRuns?: number[]; plainMainThreadCpuMs?: number })
      | undefined;
    if (!sc) continue;
    const what = mode === 'read' ? 'reading (40 px a frame)' : 'top to bottom in 300 frames';
    const runs = (xs: number[] | undefined) => (xs && xs.length > 1 ? ` [runs: ${xs.join(', ')}]` : '');
    const cpu = (f: ScrollFigures) => `main thread CPU ${fmt(f.mainThreadCpuMs / 1000, 2)} s, renderer CPU ${fmt(f.rendererCpuMs / 1000, 2)} s, service CPU ${fmt(f.serviceCpuMs / 1000, 2)} s`;
    const on = sc.noSuggest ? `with suggestions (${fmt(sc.suggestions, 0)}, ${fmt(sc.ghostsBuilt, 0)} ghosts drawn at the end) ` : '';
    log(`scrolling ${String(d['case'])}, ${what}: ${on}${fmt(sc.dropped, 0)} frames dropped of ${sc.frames}${runs(sc.runs)} (longest ${fmt(sc.maxFrameMs, 1)} ms, ${cpu(sc)}, ${fmt(sc.domParagraphs, 0)} paragraphs in the DOM${sc.plainParagraphs ? ` and ${fmt(sc.plainParagraphs, 0)} plain ones in the last frame` : ''})`);
    const off = sc.noSuggest;
    if (off) {
      const ratio = off.mainThreadCpuMs > 0 ? sc.mainThreadCpuMs / off.mainThreadCpuMs : NaN;
      log(
        `  without suggestions: ${fmt(off.dropped, 0)} dropped${runs(off.runs)} (longest ${fmt(off.maxFrameMs, 1)} ms, ${cpu(off)}); with / without, main thread CPU ${fmt(ratio, 2)}× (target: no worse beyond noise)`,
      );
    }
    if (mode === 'through') log(`  target ≤ ${TARGETS.scrollThroughDropped} of 300 frames dropped: ${sc.dropped <= TARGETS.scrollThroughDropped ? 'met' : 'NOT met'}${off ? ` (without suggestions: ${off.dropped <= TARGETS.scrollThroughDropped ? 'met' : 'NOT met'})` : ''}`);
    const plainCpu = sc.plainMainThreadCpuMs === undefined ? '' : `, main thread CPU ${fmt(sc.plainMainThreadCpuMs / 1000, 2)} s`;
    log(sc.plainRuns !== undefined && sc.plainRuns.length === 0 ? '  plain React: not scrolled in --quick (a comparison, no target; the full run scrolls it)' : `  plain React: ${fmt(sc.plainDropped, 0)} dropped${runs(sc.plainRuns)} (longest ${fmt(sc.plainMaxFrameMs, 1)} ms${plainCpu})`);
  }
}
