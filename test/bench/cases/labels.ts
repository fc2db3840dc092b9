/**
 * Label latency: hotkey keydown → the new highlight drawn → that frame rendered, for isolated
 * labels on untagged words near the top, with its phases and the floor (a bare element drawn in a
 * frame); with the document's suggestions shown or refused; printed side by side (issues 12, 13).
 */
import type { Browser, Page } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import { fmt, median, p95, step, TARGETS, log } from '../common';
import { floorFor, LABELS, labelsFor, NO_SUGGEST, PROFILE, TRACE, VERBOSE } from '../flags';
import { summariseAllocations, summariseProfile, summariseTrace } from './diagnostics';
import { bridge, newPage, waitLoaded, waitSuggestions, type BenchDoc } from './page';

/** A label run's figures: each label's total (ms), the medians / p95 of its phases, and the floor's cost. */
export interface LabelRun {
  /** Hotkey → highlight rendered, each label after the first (ms). */
  ms: number[];
  /** Median and p95 of each phase (input, handlers, wait, draw, paint) and of the floor (ms). */
  phases: Record<string, { median: number; p95: number }>;
  /** CPU time of the renderer's main thread per floor frame (ThreadTime over the floor's frames / their count, ms): what load inflates least. */
  floorCpuMs: number;
  /** Suggestions shown (the panel's count) and ghost highlights in the DOM when the labels started. */
  suggestionsShown: number;
  ghosts: number;
  /**
   * JS heap allocated from one label's keydown to the next's (KB; Runtime.getHeapUsage, the cycles
   * without a garbage collection in them): what decides how often a label meets a scavenge.
   */
  allocatedKB: number[];
  /** Scavenges and mark-compacts during the label runs (Runtime.getHeapUsage going down). */
  collections: number;
  /** The renderer's main-thread CPU per label (ThreadTime), keydown → the stored mention drawn in place of the provisional one (ms). */
  cpuMs: number[];
}

/** How long a label's step may take before the run stops (a loaded machine is slow, not this slow). */
const LABEL_WAIT_MS = 10_000;
/**
 * The suggestions asked again after the last label: at 20 MB the service's answer is 2-3 s of CPU
 * (780,000 suggestions), 13 s of wall time at a load of 18, so it may take longer than a label's step.
 */
const SUGGEST_WAIT_MS = 60_000;

/**
 * Waits for one step of a label; past LABEL_WAIT_MS, fails naming the label (`at`), the step, and
 * the page's state: calls unanswered and the last ones sent, the label's phases reached (keydown,
 * frame, highlight drawn, rendered), provisional mentions left, the selection and the focus.
 */
async function labelWait(page: Page, at: string, step: string, done: () => boolean, timeout = LABEL_WAIT_MS): Promise<void> {
  try {
    await page.waitForFunction(done, undefined, { timeout });
  } catch (e) {
    const state = await page
      .evaluate(() => {
        const w = window as unknown as { __qalamInFlight: number; __qalamCalls: { method: string; t: number }[]; __lab: Record<string, number> };
        const now = performance.now();
        const lab = w.__lab;
        const reached = ['t0', 'tIn', 'tOut', 'tFrame', 'tDraw', 't1'].map((k) => `${k} ${lab[k] ? `${Math.round(lab[k]! - (lab['t0'] || lab[k]!))} ms` : 'not reached'}`).join(', ');
        const last = w.__qalamCalls.slice(-5).map((c) => `${c.method} ${Math.round(now - c.t)} ms ago`).join(', ');
        const pending = document.querySelectorAll('.ov-back .ov-hl[data-id^="pending-"]').length;
        const sel = window.getSelection()?.toString() ?? '';
        const focus = document.activeElement === null ? 'none' : `${document.activeElement.tagName.toLowerCase()}.${document.activeElement.className}`;
        return `${w.__qalamInFlight} calls unanswered (last sent: ${last || 'none'}); phases: ${reached}; ${pending} provisional mentions drawn; selection ${JSON.stringify(sel.slice(0, 40))}; focus ${focus}`;
      })
      .catch((err: unknown) => `the page could not be read: ${String(err)}`);
    throw new Error(`bench: ${at}: ${step} did not happen within ${timeout / 1000} s: ${state}`, { cause: e });
  }
}

/**
 * Hotkey → highlight painted, for `LABELS` untagged words near the top. 'suggest': once the
 * document's suggestions are shown (ghosts on screen); 'none': the window's suggestions.* calls
 * refused (as --no-suggest does), so the same labels are measured without ghosts.
 */
export async function measureLabels(browser: Browser, service: QalamService, url: string, doc: BenchDoc, hotkey: string, variant: 'suggest' | 'none' = NO_SUGGEST ? 'none' : 'suggest', on?: Page): Promise<LabelRun> {
  // `on`: a measured open's page, loaded and (with them on) showing its suggestions, as a fresh
  // page here would be (documents.ts), so one page fewer per document; it stays open for its owner.
  if (on === undefined) bridge.refuseSuggestions = NO_SUGGEST || variant === 'none';
  else if (bridge.refuseSuggestions !== (NO_SUGGEST || variant === 'none')) throw new Error(`bench: labels ${variant} asked on a page ${bridge.refuseSuggestions ? 'without' : 'with'} suggestions`);
  const page = on ?? (await newPage(browser, service, doc.id));
  try {
    if (on === undefined) {
      await page.goto(url);
      await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 120_000 });
      await waitLoaded(page);
    }
    // the ghosts on screen before the first label (their arrival is not a label's)
    if (variant === 'suggest') await waitSuggestions(page, 'labels');
    const suggestionsShown = await page.evaluate(() => Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0));
    const ghosts = await page.evaluate(() => document.querySelectorAll('.ov-hl.is-ghost').length);
    await page.evaluate(() => {
      // Phases of one label, in page time (ms): t0 the keydown's timeStamp, tIn its first
      // listener, tOut after the last (window, bubbling), tFrame the next animation frame's
      // start, tDraw the new highlight in the DOM, t1 after that frame was rendered.
      const w = window as unknown as { __lab: Lab };
      type Lab = { t0: number; tIn: number; tOut: number; tFrame: number; tDraw: number; t1: number; seen: Set<string> };
      w.__lab = { t0: 0, tIn: 0, tOut: 0, tFrame: 0, tDraw: 0, t1: 0, seen: new Set([...document.querySelectorAll<HTMLElement>('.ov-back .ov-hl:not(.is-ghost)')].map((e) => e.dataset['id'] ?? '')) };
      window.addEventListener(
        'keydown',
        (e) => {
          w.__lab.t0 = e.timeStamp;
          w.__lab.tIn = performance.now();
          requestAnimationFrame(() => (w.__lab.tFrame = performance.now()));
        },
        true,
      );
      window.addEventListener('keydown', () => (w.__lab.tOut = performance.now()));
      // After the frame that drew it: a message posted from the frame's work runs once that
      // frame's style, layout and paint are done (the usual "next paint" probe).
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (w.__lab.t1 === 0) w.__lab.t1 = performance.now();
      };
      const back = document.querySelector('.ov-back')!;
      new MutationObserver(() => {
        if (w.__lab.t0 === 0 || w.__lab.t1 !== 0 || w.__lab.tDraw !== 0) return;
        // a mention's highlight: a suggestion's ghost appearing (or sitting where the label goes) is not the label
        for (const el of back.querySelectorAll<HTMLElement>('.ov-hl:not(.is-ghost)')) {
          const id = el.dataset['id'] ?? '';
          if (w.__lab.seen.has(id)) continue;
          w.__lab.seen.add(id);
          w.__lab.tDraw = performance.now();
          channel.port2.postMessage(0);
          return;
        }
      }).observe(back, { childList: true, subtree: true });
    });
    const out: number[] = [];
    const labelPhases: Record<string, number[]> = {};
    const words = doc.free.slice(0, labelsFor(doc));
    if (TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'cc', 'disabled-by-default-devtools.timeline'] });
    const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
    const heapCdp = await page.context().newCDPSession(page);
    const heapUsed = async () => (await heapCdp.send('Runtime.getHeapUsage')).usedSize;
    await heapCdp.send('Performance.enable');
    const labelThreadTime = async () => (await heapCdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    const cpuMs: number[] = [];
    const allocatedKB: number[] = [];
    let collections = 0;
    let heapBefore: number | null = null;
    for (const [k, w] of words.entries()) {
      await page.evaluate(({ paragraph, start16, end16 }) => {
        const lab = (window as unknown as { __lab: { t0: number; tIn: number; tOut: number; tFrame: number; tDraw: number; t1: number; seen: Set<string> } }).__lab;
        lab.t0 = lab.tIn = lab.tOut = lab.tFrame = lab.tDraw = lab.t1 = 0;
        for (const el of document.querySelectorAll<HTMLElement>('.ov-back .ov-hl:not(.is-ghost)')) lab.seen.add(el.dataset['id'] ?? '');
        const root = document.querySelector<HTMLElement>('.doc-text')!;
        root.focus({ preventScroll: true });
        const node = document.querySelector(`.doc-text [data-para="${paragraph}"] [data-lexical-text]`)?.firstChild;
        if (!(node instanceof Text)) throw new Error(`paragraph ${paragraph} is not mounted`);
        const range = document.createRange();
        range.setStart(node, start16);
        range.setEnd(node, end16);
        const s = window.getSelection()!;
        s.removeAllRanges();
        s.addRange(range);
      }, w);
      // An isolated label, as a person tags: the previous label's calls answered and drawn.
      const at = `label ${k + 1} of ${words.length} on ${doc.size.name} ${doc.lang} (paragraph ${w.paragraph}, UTF-16 ${w.start16}–${w.end16})`;
      await labelWait(page, at, 'the previous label’s calls answered', () => (window as unknown as { __qalamInFlight: number }).__qalamInFlight === 0);
      await page.waitForTimeout(100);
      const heapNow = await heapUsed();
      if (heapBefore !== null) {
        if (heapNow >= heapBefore) allocatedKB.push((heapNow - heapBefore) / 1024);
        else collections++;
      }
      heapBefore = heapNow;
      step(`  label ${k}`);
      const cpu0 = await labelThreadTime();
      await page.keyboard.press(hotkey);
      await labelWait(page, at, 'its new highlight drawn and that frame rendered', () => (window as unknown as { __lab: { t1: number } }).__lab.t1 !== 0);
      const phases = await page.evaluate(() => {
        const lab = (window as unknown as { __lab: { t0: number; tIn: number; tOut: number; tFrame: number; tDraw: number; t1: number } }).__lab;
        return { total: lab.t1 - lab.t0, input: lab.tIn - lab.t0, handlers: lab.tOut - lab.tIn, wait: lab.tFrame - lab.tOut, draw: lab.tDraw - lab.tFrame, paint: lab.t1 - lab.tDraw };
      });
      const ms = phases.total;
      if (k > 0) for (const [name, v] of Object.entries(phases)) (labelPhases[name] ??= []).push(v);
      // Let the stored answer replace the provisional mention before the next label.
      await labelWait(page, at, 'the stored mention replacing the provisional one', () => !document.querySelector('.ov-back .ov-hl[data-id^="pending-"]'));
      if (k > 0) cpuMs.push(((await labelThreadTime()) - cpu0) * 1000);
      if (k > 0 || words.length === 1) out.push(ms);
    }
    // The profiles hold the labels alone: not the suggestions asked again after the last one (at
    // 20 MB their delta allocated 10 of the 27 MB sampled) nor the floor below.
    const profiled = cdp ? { cpu: (await cdp.send('Profiler.stop')).profile, heap: (await cdp.send('HeapProfiler.stopSampling')).profile } : null;
    // The floor where a printed figure reads it (flags.ts floorFor: --quick, the 1 MB he and 20 MB
    // documents only); elsewhere NaN.
    const withFloor = floorFor(doc);
    // The window asks for the suggestions again a moment after the last label (CHANGED_MS in
    // state/suggestions.ts): that answer and the panel drawn for it were counted in the floor's
    // CPU. Wait for it (the suggestions.* call after the last label, answered: refused without
    // suggestions), then for its frames.
    const labelsEnd = Date.now();
    if (withFloor) await labelWait(page, 'after the last label', 'the suggestions asked again and answered', () => {
      const w = window as unknown as { __qalamInFlight: number; __qalamCalls: { method: string; t: number }[]; __lab: { t0: number } };
      return w.__qalamInFlight === 0 && w.__qalamCalls.some((c) => c.method.startsWith('suggestions.') && c.t > w.__lab.t0);
    }, SUGGEST_WAIT_MS);
    // With suggestions, that answer is usually `pending`: the service computes the labelled
    // forms' occurrences again and the window asks until it has (300 ms, then twice as long each
    // time). Their delta (the new ghosts, drawn over a few frames) landed in the floor's frames
    // now and then (its CPU 1.3-1.7x without in session 10, from run to run): the floor is an
    // idle page's, so it waits for the list answered complete (not pending, not training) after
    // the labels, then for the window to apply it (when idle) and draw.
    if (withFloor && variant === 'suggest') {
      const t0 = Date.now();
      while (!(bridge.lastList.settled && bridge.lastList.at > labelsEnd)) {
        if (Date.now() - t0 > 60_000) throw new Error(`bench: after the last label on ${doc.size.name} ${doc.lang}: the suggestions were still pending after 60 s`);
        await new Promise((done) => setTimeout(done, 50));
      }
      step(`  suggestions complete again ${Date.now() - labelsEnd} ms after the last label`);
      await labelWait(page, 'after the last label', 'the complete suggestions answered', () => (window as unknown as { __qalamInFlight: number }).__qalamInFlight === 0);
      await page.waitForTimeout(300);
      await page.evaluate(() => new Promise<void>((done) => (window as unknown as { requestIdleCallback: (f: () => void, o: { timeout: number }) => void }).requestIdleCallback(() => done(), { timeout: 2000 })));
      await page.evaluate(() => (window as unknown as { __rendered: () => Promise<void> }).__rendered());
    }
    if (withFloor) await page.waitForTimeout(300);
    // The floor: one small element added to the overlay in an animation frame → that frame
    // rendered. No label can be painted faster on this machine.
    const perf = await page.context().newCDPSession(page);
    await perf.send('Performance.enable');
    const threadTime = async () => (await perf.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    const floorCpu0 = await threadTime();
    const floor = !withFloor ? [] : await page.evaluate(async (n) => {
      const back = document.querySelector('.ov-back')!;
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, 50));
        out.push(
          await new Promise<number>((done) => {
            requestAnimationFrame(() => {
              const t = performance.now();
              const el = document.createElement('div');
              el.className = 'ov-hl';
              // positioned, as the overlay's boxes were before they became grid items: the same element on every build
              el.style.cssText = `position:absolute;left:${i}px;top:${i}px;width:40px;height:20px`;
              back.append(el);
              const channel = new MessageChannel();
              channel.port1.onmessage = () => {
                el.remove();
                done(performance.now() - t);
              };
              channel.port2.postMessage(0);
            });
          }),
        );
      }
      return out;
    }, Math.min(30, LABELS));
    const floorCpuMs = withFloor ? ((await threadTime()) - floorCpu0) * 1000 / Math.max(1, floor.length) : NaN;
    if (withFloor) (labelPhases['floor'] ??= []).push(...floor);
    if (VERBOSE) for (const [name, v] of Object.entries(labelPhases)) step(`    ${name}: ${[...v].sort((a, b) => a - b).map((x) => x.toFixed(1)).join(' ')}`);
    await heapCdp.detach();
    step(`  main-thread CPU per label (ms, keydown → the stored mention drawn, ThreadTime): median ${median(cpuMs).toFixed(1)}, ${[...cpuMs].sort((a, b) => a - b).map((x) => x.toFixed(1)).join(' ')}`);
    step(`  heap allocated per label (KB, label to label, ${allocatedKB.length} without a collection; ${collections} with one): median ${median(allocatedKB).toFixed(0)}, ${[...allocatedKB].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(' ')}`);
    step(`  label phases, ${variant === 'suggest' ? `with suggestions (${suggestionsShown}, ${ghosts} ghosts drawn)` : 'without suggestions'} (median / p95 ms): ${Object.entries(labelPhases).map(([name, v]) => `${name} ${median(v).toFixed(1)}/${p95(v).toFixed(1)}`).join(', ')}; floor main-thread CPU ${floorCpuMs.toFixed(1)} ms a frame`);
    if (TRACE) summariseTrace(await browser.stopTracing(), `${doc.size.name} ${doc.lang} ${variant}`);
    if (profiled) {
      summariseProfile(profiled.cpu, `${doc.size.name} ${doc.lang} ${variant}`);
      summariseAllocations(profiled.heap, `${doc.size.name} ${doc.lang} ${variant}`);
    }
    const phases = Object.fromEntries(Object.entries(labelPhases).map(([name, v]) => [name, { median: median(v), p95: p95(v) }]));
    return { ms: out, phases, floorCpuMs, suggestionsShown, ghosts, allocatedKB, collections, cpuMs };
  } finally {
    bridge.refuseSuggestions = NO_SUGGEST;
    if (on === undefined) await page.context().close();
  }
}

/** Suggestions' cost on a label (1 MB he): with them shown and without, one after the other, beside the targets. */
export function printLabelCost(d: Record<string, unknown>): void {
  const off = d['labelsWithoutSuggestions'] as { medianMs: number; p95Ms: number; phases: Record<string, { median: number; p95: number }>; floorCpuMs: number } | null | undefined;
  if (!off) return;
  const on = (d['labelPhases'] ?? {}) as Record<string, { median: number; p95: number }>;
  const onFloorCpu = Number(d['labelFloorCpuMs']);
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : NaN);
  const phase = (name: string) => `${name} ${fmt(on[name]?.median, 1)} / ${fmt(off.phases[name]?.median, 1)} ms (${fmt(ratio(on[name]?.median, off.phases[name]?.median), 2)}×)`;
  const median = Number(d['labelMedianMs']);
  const worst = Math.max(ratio(on['paint']?.median, off.phases['paint']?.median), ratio(on['floor']?.median, off.phases['floor']?.median), ratio(onFloorCpu, off.floorCpuMs));
  log(
    `labels ${String(d['case'])} with suggestions (${fmt(d['labelSuggestionsShown'], 0)}, ${fmt(d['labelGhosts'], 0)} ghosts drawn) / without: median ${fmt(median, 1)} / ${fmt(off.medianMs, 1)} ms, p95 ${fmt(d['labelP95Ms'], 1)} / ${fmt(off.p95Ms, 1)} ms; ${phase('paint')}, ${phase('floor')}, floor main-thread CPU ${fmt(onFloorCpu, 1)} / ${fmt(off.floorCpuMs, 1)} ms a frame (${fmt(ratio(onFloorCpu, off.floorCpuMs), 2)}×)`,
  );
  log(
    `  target: median with suggestions ≤ ${TARGETS.label1MBMedianSuggest} ms: ${median <= TARGETS.label1MBMedianSuggest ? 'met' : 'NOT met'}; with / without ≤ ${TARGETS.labelSuggestRatio}× (paint, floor, floor CPU; worst ${fmt(worst, 2)}×): ${worst <= TARGETS.labelSuggestRatio ? 'met' : 'NOT met'}`,
  );
}

/** --labels-only: a 20 MB document's label median / p95 beside issue 15's target (its phases and floor are printed as it runs with --verbose). */
export function printBigLabels(d: Record<string, unknown>): void {
  if (!String(d['case']).startsWith('20 MB')) return;
  const p95v = Number(d['labelP95Ms']);
  const phases = (d['labelPhases'] ?? {}) as Record<string, { median: number; p95: number }>;
  log(
    `labels ${String(d['case'])} (${fmt(d['labelSuggestionsShown'], 0)} suggestions shown): median ${fmt(d['labelMedianMs'], 1)} ms, p95 ${fmt(p95v, 1)} ms (target p95 ≤ ${TARGETS.label20MBp95} ms: ${p95v <= TARGETS.label20MBp95 ? 'met' : 'NOT met'}); phases (median / p95 ms) ${Object.entries(phases)
      .map(([name, v]) => `${name} ${fmt(v.median, 1)}/${fmt(v.p95, 1)}`)
      .join(', ')}; floor main-thread CPU ${fmt(d['labelFloorCpuMs'], 1)} ms a frame`,
  );
}
