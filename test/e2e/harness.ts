/**
 * End-to-end harness: the built renderer (out/renderer, `npm run build:renderer`) served by a
 * tiny static server, in Debian's Chromium, with ONLY the transport swapped: window.qalam.invoke
 * goes through a Playwright binding to the real QalamService over a real SQLite project file in
 * this test process (instead of the preload and IPC). The browser, the server and the bridge are
 * in browser.ts, shared with the benchmark (test/bench/run.ts).
 *
 * Each test gets a fresh project made from seeds/ by the service's own bootstrap
 * (openOrCreateDefaultProject), a fresh browser context (a fresh profile) and `app.restart()`,
 * which closes the store, reopens the same file with a new service and reloads the page.
 */
import { test as base, chromium, expect, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityMention } from '../../annotations/model';
import type { Args, DocumentSummary, DocumentView, Method, ProgressEvent } from '../../electron/contract';
import { openOrCreateDefaultProject, openService, type QalamService } from '../../electron/service';
import type { Answer } from '../../electron/service/context';

export { CHROMIUM, CHROMIUM_ARGS, REPO, RENDERER_DIR, SEEDS, serveRenderer } from './browser';
import { CHROMIUM, CHROMIUM_ARGS, SEEDS, installBridge, serveRenderer } from './browser';

/** The shared seeds (document names). */
export const HEBREW_SEED = '000_02cc41fc914e2978';
export const ARABIC_SEED = '004_34706c9f770e00bd';

// ---- the app under test -----------------------------------------------------------------------

export interface QalamApp {
  page: Page;
  /** The current service (a new one after restart()). */
  readonly service: QalamService;
  readonly projectPath: string;
  /** A typed service call in the test process (throws on an error value). */
  call<M extends Method>(method: M, args: Args<M>): Answer<M>;
  /** (Re)load the page and wait until the app has started. */
  load(): Promise<void>;
  /** Close the store, reopen the same file with a new service, reload the page. */
  restart(): Promise<void>;
  summary(name: string): DocumentSummary;
  view(name: string): DocumentView;
  /** Imports `text` as a document named `name` (through a temporary `name`.txt, removed after); its view. */
  importText(name: string, text: string): DocumentView;
  /** Open a document by name from the sidebar and wait for its text. */
  open(name: string): Promise<DocumentView>;
  /**
   * The review screen of document `name` as a user reaches it: `annotator` made current, the page
   * loaded, the document opened, the header's review toggle clicked. The screen and its
   * disagreement items, not waited for (the test says what it expects of them).
   */
  openReview(name: string, annotator?: string): Promise<{ page: Page; view: DocumentView; screen: Locator; items: Locator }>;
  mentions(docId: string): EntityMention[];
  /** What the desktop's export save dialog answers next (null: cancelled). */
  answerExportPath(path: string | null): void;
  /** What the desktop's import dialog answers next. */
  answerImportPaths(paths: string[]): void;
  /** What the page asked the dialogs for (options of pickExportPath / pickImportPaths), in order. */
  readonly dialogRequests: { dialog: 'export' | 'import'; options: unknown }[];
  /** Progress events sent to the page. */
  readonly progressEvents: ProgressEvent[];
  /** The methods the page has invoked on the bridge, in order (a test may empty it). */
  readonly calls: string[];
  /**
   * Hold back the calls of these methods (they wait, unanswered) until the answered function is
   * called; calls made before stay as they are.
   */
  hold(methods: string[]): () => void;
}

interface Fixtures {
  /** The annotator set before the page loads; null for a first start. */
  annotator: string | null;
  app: QalamApp;
}

interface WorkerFixtures {
  rendererUrl: string;
}

async function waitForStart(page: Page): Promise<void> {
  await expect(page.locator('.app-header .legend-item').first()).toBeVisible();
  // The start's first screen (renderer/src/firstScreen.ts) is gone: laid out in the shell's frame,
  // it repeats the shell's classes (.doc-scroll, .doc-title, .status-line...) until the editor's text is in.
  await expect(page.locator('#first-screen')).toHaveCount(0);
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // Debian's Chromium, not a downloaded one: every context is a fresh profile.
  browser: [
    async ({}, use) => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run)`);
      const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  rendererUrl: [
    async ({}, use) => {
      const server = await serveRenderer();
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  annotator: ['dana', { option: true }],
  app: async ({ page, rendererUrl, annotator }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'qalam-e2e-'));
    const projectPath = join(dir, 'project.qalam');
    let service = openOrCreateDefaultProject(projectPath, SEEDS);
    if (annotator !== null) service.call('session.setAnnotator', { name: annotator });

    await page.setViewportSize({ width: 1440, height: 900 });
    // An exception in the page fails nothing by itself: print it, so a stuck test says why.
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.stack ?? e.message}\n`));
    // The desktop's dialogs: the test says what they answer. Progress of export.run and
    // import.run (sent by main as it happens) comes back with the call's answer, before it.
    let exportPath: string | null = null;
    let importPaths: string[] = [];
    const dialogRequests: QalamApp['dialogRequests'] = [];
    const progressEvents: ProgressEvent[] = [];
    const calls: string[] = [];
    const holds: { methods: Set<string>; released: Promise<void> }[] = [];
    await installBridge(page, {
      onCall: (method) => calls.push(method),
      hold: (method) => {
        const held = holds.filter((h) => h.methods.has(method));
        return held.length === 0 ? null : Promise.all(held.map((h) => h.released)).then(() => undefined);
      },
      service: () => service,
      pickExportPath: (options) => {
        dialogRequests.push({ dialog: 'export', options });
        return exportPath;
      },
      pickImportPaths: (options) => {
        dialogRequests.push({ dialog: 'import', options });
        return importPaths;
      },
      onProgress: (events) => progressEvents.push(...events),
    });

    const app: QalamApp = {
      page,
      get service() {
        return service;
      },
      projectPath,
      call: (method, args) => service.call(method, args),
      load: async () => {
        await page.goto(rendererUrl);
        await waitForStart(page);
      },
      restart: async () => {
        await service.close();
        service = openService(projectPath);
        await page.reload();
        await waitForStart(page);
      },
      summary: (name) => {
        const d = service.call('documents.list', {}).find((x) => x.name === name);
        if (!d) throw new Error(`no document named ${name}`);
        return d;
      },
      view: (name) => service.call('documents.get', { id: app.summary(name).id }),
      importText: (name, text) => {
        const dir = mkdtempSync(join(tmpdir(), 'qalam-text-'));
        try {
          writeFileSync(join(dir, `${name}.txt`), text);
          service.call('documents.importPaths', { paths: [join(dir, `${name}.txt`)] });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        return app.view(name);
      },
      open: async (name) => {
        const view = app.view(name);
        await page.locator(`.doc-item[data-doc-id="${view.id}"]`).click();
        await expect(page.locator(`.doc-text[data-doc-id="${view.id}"] [data-para]`).first()).toBeAttached();
        return view;
      },
      openReview: async (name, annotator = 'dana') => {
        service.call('session.setAnnotator', { name: annotator });
        await app.load();
        const view = await app.open(name);
        await page.getByTestId('review-toggle').click();
        const screen = page.getByTestId('review-screen');
        return { page, view, screen, items: screen.locator('.review-dis-item') };
      },
      mentions: (docId) => service.call('mentions.list', { docId }),
      answerExportPath: (path) => {
        exportPath = path;
      },
      answerImportPaths: (paths) => {
        importPaths = paths;
      },
      dialogRequests,
      progressEvents,
      calls,
      hold: (methods) => {
        let release = () => {};
        const entry = { methods: new Set(methods), released: new Promise<void>((resolve) => (release = resolve)) };
        holds.push(entry);
        return () => {
          const at = holds.indexOf(entry);
          if (at >= 0) holds.splice(at, 1);
          release();
        };
      },
    };
    await use(app);
    // resolved once the project's worker threads (the tagger's, the occurrences', the agreement's)
    // have ended and their connections are closed: nothing writes into the folder any more
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };

// ---- text positions ---------------------------------------------------------------------------

/** Code-point span of `part` inside the first (or `nth`) occurrence of `word` in the text. */
export function spanOf(text: string, word: string, part = word, nth = 0): { start: number; end: number } {
  let from = -1;
  for (let i = 0; i <= nth; i++) {
    from = text.indexOf(word, from + 1);
    if (from < 0) throw new Error(`"${word}" occurs fewer than ${nth + 1} times`);
  }
  const inner = word.indexOf(part);
  if (inner < 0) throw new Error(`"${part}" is not inside "${word}"`);
  const start = [...text.slice(0, from + inner)].length;
  return { start, end: start + [...part].length };
}

/** The text of a code-point span. */
export function cpText(text: string, span: { start: number; end: number }): string {
  return [...text].slice(span.start, span.end).join('');
}

export interface LocalPoint {
  paragraph: number;
  offset16: number;
}

/** Paragraph index and UTF-16 offset in it of a code point offset (what the DOM sees). */
export function locate(view: DocumentView, cp: number): LocalPoint {
  const cps = [...view.text];
  const paragraph = view.paragraphs.findIndex((p) => p.start <= cp && cp <= p.end);
  if (paragraph < 0) throw new Error(`offset ${cp} is in no paragraph`);
  const p = view.paragraphs[paragraph]!;
  return { paragraph, offset16: cps.slice(p.start, cp).join('').length };
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

/**
 * Viewport boxes of the characters [start16, end16) of a paragraph, via a DOM Range on its text
 * node (one per line fragment). Scrolls the range into view first.
 */
export async function rangeBoxes(page: Page, paragraph: number, start16: number, end16: number): Promise<Box[]> {
  return page.evaluate(
    ({ paragraph, start16, end16 }) => {
      const p = document.querySelector<HTMLElement>(`.doc-text [data-para="${paragraph}"]`);
      const node = p?.querySelector('[data-lexical-text]')?.firstChild;
      if (!p || !(node instanceof Text)) throw new Error(`paragraph ${paragraph} has no text node`);
      const range = document.createRange();
      range.setStart(node, start16);
      range.setEnd(node, end16);
      const scroller = document.querySelector('.doc-scroll') as HTMLElement;
      const r0 = range.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      if (r0.top < view.top + 60 || r0.bottom > view.bottom - 60) scroller.scrollTop += r0.top - view.top - view.height / 3;
      return [...range.getClientRects()]
        .filter((r) => r.width > 0.5)
        .map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }));
    },
    { paragraph, start16, end16 },
  );
}

/** The box of the character at a code-point offset. */
export async function charBox(page: Page, view: DocumentView, cp: number): Promise<Box> {
  const at = locate(view, cp);
  const next = locate(view, cp + 1);
  const boxes = await rangeBoxes(page, at.paragraph, at.offset16, next.paragraph === at.paragraph ? next.offset16 : at.offset16 + 1);
  const box = boxes[0];
  if (!box) throw new Error(`character ${cp} has no box`);
  return box;
}

/**
 * Drag the mouse across the characters [start, end) of the text, from the logical start of the
 * first to the logical end of the last (for right-to-left text: right edge to left edge).
 */
export async function dragAcross(
  page: Page,
  view: DocumentView,
  span: { start: number; end: number },
  options: { alt?: boolean; dir?: 'rtl' | 'ltr' } = {},
): Promise<void> {
  const dir = options.dir ?? view.dir;
  const first = await charBox(page, view, span.start);
  const last = await charBox(page, view, span.end - 1);
  const inset = (b: Box) => Math.min(2, b.width / 4);
  const from = { x: dir === 'rtl' ? first.right - inset(first) : first.left + inset(first), y: (first.top + first.bottom) / 2 };
  const to = { x: dir === 'rtl' ? last.left + inset(last) : last.right - inset(last), y: (last.top + last.bottom) / 2 };
  if (options.alt) await page.keyboard.down('Alt');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  if (options.alt) await page.keyboard.up('Alt');
}

/** Click just inside the logical start of the character at `cp`: the caret lands before it. */
export async function clickBefore(page: Page, view: DocumentView, cp: number, dir: 'rtl' | 'ltr' = view.dir): Promise<void> {
  const box = await charBox(page, view, cp);
  const inset = Math.min(1.5, box.width / 4);
  await page.mouse.click(dir === 'rtl' ? box.right - inset : box.left + inset, (box.top + box.bottom) / 2);
}

/** Click the middle of the character at `cp`. */
export async function clickOn(page: Page, view: DocumentView, cp: number): Promise<void> {
  const box = await charBox(page, view, cp);
  await page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
}

/** The DOM selection as (paragraph, UTF-16 offset) points. */
export async function domSelection(page: Page): Promise<{ anchor: LocalPoint; focus: LocalPoint; text: string } | null> {
  return page.evaluate(() => {
    const s = window.getSelection();
    if (!s || s.rangeCount === 0 || !s.anchorNode || !s.focusNode) return null;
    const point = (node: Node, offset: number) => {
      const el = (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('[data-para]');
      if (!el) return { paragraph: -1, offset16: -1 };
      if (node instanceof Text) return { paragraph: Number(el.dataset['para']), offset16: offset };
      return { paragraph: Number(el.dataset['para']), offset16: offset === 0 ? 0 : (el.textContent ?? '').length };
    };
    return { anchor: point(s.anchorNode, s.anchorOffset), focus: point(s.focusNode, s.focusOffset), text: s.toString() };
  });
}

/** Wait until the service holds a mention matching `pred` and the page lists it; answer it. */
export async function waitForMention(
  app: QalamApp,
  docId: string,
  pred: (m: EntityMention) => boolean,
): Promise<EntityMention> {
  let found: EntityMention | undefined;
  await expect
    .poll(() => {
      found = app.mentions(docId).find(pred);
      return found !== undefined;
    })
    .toBe(true);
  // …and until the page has it too (the service answers before the page has the reply).
  await expect(app.page.locator(`.mention-row[data-mention-id="${found!.id}"]`)).toBeAttached();
  return found!;
}

/** The overlay's highlight boxes of a mention (viewport coordinates). */
export async function highlightBoxes(page: Page, id: string): Promise<Box[]> {
  return page.evaluate((id) => {
    return [...document.querySelectorAll<HTMLElement>(`.ov-back .ov-hl[data-id="${CSS.escape(id)}"]`)].map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    });
  }, id);
}

/** The mention's selected highlight is drawn and lies wholly inside the document's scroll view. */
export function selectedHighlightInView(page: Page, id: string): Promise<boolean> {
  return page.evaluate((id) => {
    const hl = document.querySelector<HTMLElement>(`.ov-back .ov-hl.is-selected[data-id="${id}"]`);
    const box = document.querySelector('.doc-scroll')!.getBoundingClientRect();
    const r = hl?.getBoundingClientRect();
    return !!r && r.top >= box.top && r.bottom <= box.bottom;
  }, id);
}

/** The overlay draws the mention on exactly its letters: per line, the extent of a DOM Range over them. */
/** `timeout`: how long the overlay may take to draw it (a long document under load needs more than the default). */
export async function expectHighlightOn(app: QalamApp, view: DocumentView, id: string, span: { start: number; end: number }, timeout?: number) {
  const a = locate(view, span.start);
  const b = locate(view, span.end);
  // Per line: the horizontal extent of the letters and of the highlight must coincide.
  const byLine = (boxes: Box[]) => {
    const lines: Box[] = [];
    for (const box of [...boxes].sort((x, y) => x.top - y.top || x.left - y.left)) {
      const line = lines.find((l) => Math.abs((l.top + l.bottom) / 2 - (box.top + box.bottom) / 2) < 4);
      if (line) {
        line.left = Math.min(line.left, box.left);
        line.right = Math.max(line.right, box.right);
      } else lines.push({ ...box });
    }
    return lines.map((l) => ({ left: Math.round(l.left), right: Math.round(l.right) }));
  };
  const letters = byLine(await rangeBoxes(app.page, a.paragraph, a.offset16, b.offset16));
  await expect.poll(async () => byLine(await highlightBoxes(app.page, id)).length, { timeout }).toBe(letters.length);
  const drawn = byLine(await highlightBoxes(app.page, id));
  drawn.forEach((line, i) => {
    expect(Math.abs(line.left - letters[i]!.left), `left edge, line ${i}`).toBeLessThanOrEqual(1.5);
    expect(Math.abs(line.right - letters[i]!.right), `right edge, line ${i}`).toBeLessThanOrEqual(1.5);
  });
}

/** Save a screenshot as a test artefact (in the test's output folder, and attached to the report). */
export async function snap(page: Page, testInfo: TestInfo, name: string, target?: 'sheet' | 'page'): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  if (target === 'page') await page.screenshot({ path });
  else await page.locator('.doc-scroll').screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}

/** One annotator's mentions, made through the service (as an import would leave them). */
export function annotate(app: QalamApp, annotator: string, docId: string, items: { type: string; span: { start: number; end: number } }[]): void {
  app.call('session.setAnnotator', { name: annotator });
  for (const m of items) app.call('mentions.create', { docId, type: m.type, ...m.span });
}
