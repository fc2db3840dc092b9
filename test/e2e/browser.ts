/**
 * What the end-to-end tests and the benchmark (test/bench/run.ts) share: Debian's Chromium and
 * its flags, the static server for the built renderer, and the bridge that stands in for the
 * preload (window.qalam.invoke → a Playwright binding → the real QalamService in this process).
 * Only playwright-core is used here, so the benchmark runs without the test runner.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { ProgressEvent, Result } from '../../electron/contract';
import type { QalamService } from '../../electron/service';

export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const SEEDS = join(REPO, 'seeds');
export const RENDERER_DIR = resolve(REPO, process.env['QALAM_RENDERER_DIR'] ?? 'out/renderer');
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// ---- static server ----------------------------------------------------------------------------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/**
 * Serve the built renderer. With `rpc`, POST /__rpc {method, args} answers `rpc(method, args)` as
 * JSON: the benchmark's bridge (installHttpBridge), whose cost is close to Electron's IPC (one
 * serialisation each way), unlike a Playwright binding, which is slow for megabytes.
 */
export async function serveRenderer(
  root = RENDERER_DIR,
  rpc?: (method: string, args: unknown) => unknown | Promise<unknown>,
): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: run \`npm run build:renderer\` before the end-to-end tests`);
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (rpc && req.method === 'POST' && path === '/__rpc') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { method, args } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method: string; args: unknown };
        void Promise.resolve(rpc(method, args)).then((answer) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer)));
      });
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

// ---- the bridge --------------------------------------------------------------------------------

declare global {
  interface Window {
    __qalamInvoke?: (method: string, args: unknown) => Promise<{ result: unknown; progress: ProgressEvent[] }>;
    __qalamPickExportPath?: (options: unknown) => Promise<string | null>;
    __qalamPickImportPaths?: (options: unknown) => Promise<string[]>;
    __qalamPickProjectPath?: (dialog: string) => Promise<string | null>;
    __qalamDroppedPaths?: (names: string[]) => Promise<string[]>;
  }
}

export interface BridgeHooks {
  /** The service to call (may change between calls: a restart opens a new one), or a project host (electron/service/projectHost.ts). */
  service(): { dispatch(method: string, args: unknown): Result<unknown> | Promise<Result<unknown>>; progress: QalamService['progress'] };
  /** The desktop's project dialogs (New, Open, Save As): what they answer (null: cancelled). */
  pickProjectPath?(dialog: string): string | null;
  /** The paths of files dropped on the window, by file name (the desktop's preload reads them from the File objects). */
  droppedPaths?(names: string[]): string[];
  /** The desktop's export dialog: what it answers (null: cancelled). */
  pickExportPath?(options: unknown): string | null;
  /** The desktop's import dialog. */
  pickImportPaths?(options: unknown): string[];
  /** Progress events sent to the page. */
  onProgress?(events: ProgressEvent[]): void;
  /** Every call the page makes (method name and arguments), before it runs. */
  onCall?(method: string, args: unknown): void;
  /** A call waits for the promise answered here before it runs (a test holding some calls back); null: it runs at once. */
  hold?(method: string): Promise<void> | null;
}

/** The page side of the bridge (see installBridge). */
const BRIDGE_SCRIPT = `(() => {
  const listeners = new Set();
  window.qalam = {
    invoke: async (method, args) => {
      const { result, progress } = await window.__qalamInvoke(method, args);
      for (const p of progress) for (const l of listeners) l(p);
      return result;
    },
    pickExportPath: (options) => window.__qalamPickExportPath(options),
    pickImportPaths: (options) => window.__qalamPickImportPaths(options),
    pickProjectPath: (dialog) => window.__qalamPickProjectPath(dialog),
    droppedPaths: (files) => window.__qalamDroppedPaths(files.map((f) => f.name)),
    onProgress: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
})();`;

/**
 * Give the page a window.qalam that reaches the real service in this process. Progress of
 * export.run and import.run (sent by main as it happens) comes back with the call's answer,
 * before it. Call before the page loads.
 */
export async function installBridge(page: Page, hooks: BridgeHooks): Promise<void> {
  await page.exposeBinding('__qalamInvoke', async (_source, method: string, args: unknown) => {
    hooks.onCall?.(method, args);
    const held = hooks.hold?.(method);
    if (held) await held;
    const service = hooks.service();
    const progress: ProgressEvent[] = [];
    service.progress = (what, done, total) => progress.push({ what, done, total });
    let answer;
    try {
      answer = service.dispatch(method, args);
    } finally {
      service.progress = null;
      hooks.onProgress?.(progress);
    }
    // review.agreement answers later (computed in a worker)
    return { result: await answer, progress };
  });
  await page.exposeBinding('__qalamPickExportPath', (_source, options: unknown) => hooks.pickExportPath?.(options) ?? null);
  await page.exposeBinding('__qalamPickImportPaths', (_source, options: unknown) => hooks.pickImportPaths?.(options) ?? []);
  await page.exposeBinding('__qalamPickProjectPath', (_source, dialog: string) => hooks.pickProjectPath?.(dialog) ?? null);
  await page.exposeBinding('__qalamDroppedPaths', (_source, names: string[]) => hooks.droppedPaths?.(names) ?? []);
  // A string, not a function: tsx (the benchmark) would compile a function with helpers such as
  // __name that do not exist in the page.
  await page.addInitScript({ content: BRIDGE_SCRIPT });
}

/** The benchmark's bridge: window.qalam.invoke posts to the server's /__rpc (see serveRenderer). */
export async function installHttpBridge(page: Page): Promise<void> {
  await page.addInitScript({
    // __qalamInFlight: calls not answered yet (the benchmark waits for 0 between labels);
    // __qalamCalls: every call as it goes out (method, performance.now(): ms since navigation start).
    content: `window.__qalamInFlight = 0; window.__qalamCalls = []; window.qalam = { invoke: async (method, args) => { window.__qalamCalls.push({ method, t: performance.now() }); window.__qalamInFlight++; try { return await (await fetch('/__rpc', { method: 'POST', body: JSON.stringify({ method, args }) })).json(); } finally { window.__qalamInFlight--; } } };`,
  });
}
