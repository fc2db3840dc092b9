/**
 * The benchmark's browser: the built renderer served with the service behind an HTTP bridge
 * (test/e2e/browser.ts), Debian's Chromium, and a fresh page per measure with the marks the
 * cases read (text painted, highlights drawn, next frame rendered).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import type { DocumentView } from '../../../electron/contract';
import { CHROMIUM, CHROMIUM_ARGS, REPO, RENDERER_DIR, installHttpBridge, serveRenderer } from '../../e2e/browser';
import { log, step, type BenchSize } from '../common';
import { NO_SUGGEST, VERBOSE } from '../flags';
import type { CachedDoc } from '../project';

/** A measured document: its id, size, language, view and what the label and jump runs need. */
export interface BenchDoc {
  id: string;
  size: BenchSize;
  lang: 'he' | 'ar';
  view: DocumentView;
  /** The id of the mention the mention list shows last (the greatest start; of those the shortest, then type). */
  lastMentionId: string;
  /** Word tokens no mention touches, as (paragraph, start16, end16), in the first paragraphs. */
  free: CachedDoc['free'];
}

/** The bridge's state: every call the window made, in order (the scroll counts those made while it scrolled), and whether suggestions.* calls are refused. */
export const bridge = {
  calls: [] as string[],
  /** The window's suggestions.* calls are refused (--no-suggest, or a measure without them). */
  refuseSuggestions: NO_SUGGEST,
  service: null as QalamService | null,
  /**
   * The window's last suggestions.list answered (Date.now()) and whether the service had finished
   * then (not pending, tagger not training): after a label the occurrences are computed again and
   * the window asks until they are, so their delta (new ghosts) arrives a few seconds later.
   */
  lastList: { at: 0, settled: false },
};

/** Notes a suggestions.list answer in `bridge.lastList`. */
function noteList(answer: unknown): void {
  const r = answer as { ok?: boolean; value?: { pending?: boolean; tagger?: { state?: string } } } | null;
  bridge.lastList = { at: Date.now(), settled: r?.ok === true && r.value?.pending === false && r.value.tagger?.state !== 'training' };
}

function ensureRenderer(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  log('building the renderer (out/renderer)…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('renderer build failed');
}

/** The renderer served (built if missing) with `bridge.service` behind it, and Chromium launched. */
export async function startBrowser(): Promise<{ browser: Browser; server: Awaited<ReturnType<typeof serveRenderer>> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  ensureRenderer();
  const server = await serveRenderer(RENDERER_DIR, (method, args) => {
    const t = Date.now();
    const c0 = VERBOSE ? process.cpuUsage() : null;
    bridge.calls.push(method);
    // --no-suggest: the window's suggestions are refused too (an error value it reports): one
    // suggestions.list on a 1 MB document takes seconds and holds this process, which also drives
    // the browser, so the other figures would wait on it.
    if (bridge.refuseSuggestions && method.startsWith('suggestions.')) return { ok: false, error: { code: 'invalid-argument', message: 'suggestions are left out of this measure (--no-suggest, or a scroll measured without them)' } };
    try {
      const answer = bridge.service!.dispatch(method, args);
      if (method === 'suggestions.list') void Promise.resolve(answer).then(noteList);
      return answer;
    } finally {
      // The service's CPU time too (this process's, all threads): on a loaded machine the wall time is mostly waiting.
      const cpu = c0 ? process.cpuUsage(c0) : null;
      step(`    rpc ${method} ${Date.now() - t} ms${cpu ? ` (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)` : ''}`);
    }
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  return { browser, server };
}


/** A window's stored state (its localStorage) as an earlier page of it left it. */
export type Storage = Awaited<ReturnType<BrowserContext['storageState']>>;

/** How a measured page starts besides its stored state: keys its window forgets, another window size than 1440 × 900. */
export interface StartOptions {
  forget?: readonly string[];
  viewport?: { width: number; height: number };
  /** measureOpen: false, the heap is not taken (nor the window's suggestions waited for: NaN both). */
  heap?: boolean;
}

/**
 * A fresh page whose window remembers `docId` as its last document, with `storage` (an earlier
 * page's localStorage) if given, less the keys in `options.forget` (e.g. the first screen's place),
 * at `options.viewport` (1440 × 900 without).
 */
export async function newPage(browser: Browser, service: QalamService, docId: string, storage?: Storage, options: StartOptions = {}): Promise<Page> {
  const forget = options.forget ?? [];
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, ...(storage ? { storageState: storage } : {}) });
  const page = await context.newPage();
  void service;
  await installHttpBridge(page);
  // tsx compiles the functions passed to page.evaluate with esbuild's __name helper.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript({ content: `window.localStorage.setItem('qalam.lastDocument', ${JSON.stringify(docId)});` });
  if (forget.length > 0) await page.addInitScript({ content: `for (const k of ${JSON.stringify(forget)}) window.localStorage.removeItem(k);` });
  // The next frame rendered: a message posted in an animation frame runs once that frame is painted.
  await page.addInitScript({
    content: 'window.__rendered = () => new Promise((done) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => done(); c.port2.postMessage(0); }));',
  });
  // The first document's text painted (the frame of the first 'qalam:text-painted' mark: the
  // start's first screen, firstScreen.ts, else the editor's text), the first screen's highlights
  // painted (its 'qalam:first-highlights' frame) and the editor's highlights drawn (the frame of
  // its 'qalam:open-ready' mark, WindowingPlugin), each after that frame's paint (a message
  // posted in the frame runs once it is rendered).
  await page.addInitScript({
    // window.__qalamPaintedOnce: a promise of the highlights drawn, awaited by the bench (no
    // polling and no selector engine injected into the page while it starts: those ran on its main thread).
    content: `(() => { let done; window.__qalamPaintedOnce = new Promise((r) => (done = r)); const after = (f) => { const c = new MessageChannel(); c.port1.onmessage = f; c.port2.postMessage(0); }; const mark = performance.mark.bind(performance); performance.mark = (name, options) => { const m = mark(name, options); if (name === 'qalam:text-painted' && window.__qalamTextPainted === undefined) { const first = Boolean(options && options.detail && options.detail.firstScreen); window.__qalamTextPainted = null; after(() => { window.__qalamTextPainted = performance.now(); window.__qalamFirstScreen = first; }); } if (name === 'qalam:first-highlights' && window.__qalamScreenPainted === undefined) { window.__qalamScreenPainted = null; after(() => { window.__qalamScreenPainted = performance.now(); }); } if (name === 'qalam:open-ready' && window.__qalamPainted === undefined) { after(() => { if (window.__qalamPainted === undefined) { window.__qalamPainted = performance.now(); done(); } }); } return m; }; })();`,
  });
  return page;
}

/** The open document wholly loaded (its `qalam:open-loaded` mark: every text page and mention there). */
export async function waitLoaded(page: Page): Promise<void> {
  const t0 = Date.now();
  await page.waitForFunction(() => performance.getEntriesByName('qalam:open-loaded').length > 0, undefined, { timeout: 120_000, polling: 50 });
  step(`  loaded (${Date.now() - t0} ms of waiting)`);
}

export async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  step('  heap measured');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return used / 1e6;
}

/**
 * Waits until the window shows the document's suggestions (the panel's count above 0) and answers
 * that count. `--verbose` names the wait (from the call, ms) and the window's suggestions.* calls
 * (sent at, ms from navigation): where a page's wall time goes before its measure.
 */
export async function waitSuggestions(page: Page, what: string, options: { timeout?: number; polling?: number | 'raf' } = {}): Promise<number> {
  const t0 = Date.now();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0) > 0, undefined, { timeout: options.timeout ?? 120_000, polling: options.polling ?? 'raf' });
  const seen = await page.evaluate(() => {
    const calls = (window as unknown as { __qalamCalls?: { method: string; t: number }[] }).__qalamCalls ?? [];
    return {
      count: Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0),
      now: performance.now(),
      calls: calls.filter((c) => c.method.startsWith('suggestions.')).map((c) => `${c.method.slice('suggestions.'.length)} ${c.t.toFixed(0)}`),
    };
  });
  step(`  ${what}: ${seen.count} suggestions shown after ${Date.now() - t0} ms of waiting (at ${seen.now.toFixed(0)} ms; asked: ${seen.calls.join(', ')})`);
  return seen.count;
}

/**
 * The service's suggestions for `docId` computed before the document's first page (not measured:
 * the warm-up page waited for the same work). `train`: the tagger trained first, on the project
 * as it is (as the window's first list would start it, IDLE_MS later). Without this the first page
 * of each document waited on the window's polling, which backs off up to 5 s while the service
 * works (renderer/src/state/suggestions.ts); here the service is asked every 25 ms.
 */
export async function primeSuggestions(service: QalamService, docId: string, train: boolean): Promise<void> {
  const t0 = Date.now();
  const c0 = process.cpuUsage();
  if (train) service.call('suggestions.train', {});
  let asks = 0;
  for (;;) {
    asks++;
    const r = service.call('suggestions.list', { docId });
    if (!r.pending && r.tagger.state !== 'training') break;
    if (Date.now() - t0 > 600_000) throw new Error(`bench: the suggestions of ${docId} were still pending after 600 s (tagger ${r.tagger.state})`);
    await new Promise((done) => setTimeout(done, 25));
  }
  const cpu = process.cpuUsage(c0);
  step(`  suggestions computed before the first page: ${Date.now() - t0} ms (this process's CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ${asks} asks)`);
}
