/**
 * Projects like a desktop app, and reading comfort (issue 14), in the built renderer with the
 * real project host (electron/service/projectHost.ts) behind the bridge: the test is the desktop
 * here, answering the project dialogs and the paths of dropped files.
 */
import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOrCreateDefaultProject } from '../../electron/service';
import { ProjectHost } from '../../electron/service/projectHost';
import { CHROMIUM, CHROMIUM_ARGS, installBridge, serveRenderer } from './browser';
import { HEBREW_SEED, cpText, dragAcross, expect, expectHighlightOn, spanOf, waitForMention, type QalamApp } from './harness';

interface Desk {
  page: Page;
  host: ProjectHost;
  dir: string;
  alpha: string;
  beta: string;
  /** What the project dialogs answer next. */
  answerProjectPath(path: string | null): void;
  /** Dropped files: name → path. */
  dropped: Map<string, string>;
  /** Every call the page made: method and arguments. */
  calls: { method: string; args: unknown }[];
  /** The harness's helpers need only these of an app. */
  app: QalamApp;
  load(): Promise<void>;
}

const test = base.extend<{ desk: Desk }, { browserForDesk: Browser; url: string }>({
  browserForDesk: [
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  url: [
    async ({}, use) => {
      const server = await serveRenderer();
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  desk: async ({ browserForDesk, url }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'qalam-projects-'));
    const userData = join(dir, 'user-data');
    mkdirSync(userData);
    const alpha = join(dir, 'alpha.qalam');
    const beta = join(dir, 'beta.qalam');
    for (const p of [alpha, beta]) {
      const s = openOrCreateDefaultProject(p, join(process.cwd(), 'seeds'), { reference: false });
      s.call('session.setAnnotator', { name: 'dana' });
      await s.close();
    }
    const host = new ProjectHost({ stateDir: userData });
    await host.open(beta);
    await host.open(alpha);
    const context = await browserForDesk.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.stack ?? e.message}\n`));
    let projectPath: string | null = null;
    const dropped = new Map<string, string>();
    const calls: { method: string; args: unknown }[] = [];
    await installBridge(page, {
      service: () => host,
      onCall: (method, args) => calls.push({ method, args }),
      pickProjectPath: () => projectPath,
      droppedPaths: (names) => names.map((n) => dropped.get(n) ?? '').filter((p) => p !== ''),
    });
    const app = { page, mentions: (docId: string) => host.service.call('mentions.list', { docId }) } as unknown as QalamApp;
    await use({
      page,
      host,
      dir,
      alpha,
      beta,
      dropped,
      calls,
      app,
      answerProjectPath: (p) => {
        projectPath = p;
      },
      load: async () => {
        await page.goto(url);
        await expect(page.locator('.app-header .legend-item').first()).toBeVisible();
      },
    });
    await context.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

/** The longest document of the open project (enough text to scroll). */
function longest(host: ProjectHost): { id: string; name: string } {
  const docs = host.service.call('documents.list', {});
  return [...docs].sort((a, b) => b.length - a.length)[0]!;
}

async function openDoc(page: Page, id: string): Promise<void> {
  await page.locator(`.doc-item[data-doc-id="${id}"]`).click();
  await expect(page.locator(`.doc-text[data-doc-id="${id}"] [data-para]`).first()).toBeAttached();
}

const scroller = (page: Page) => page.locator('.center .doc-scroll');

async function scrollTo(page: Page, y: number): Promise<number> {
  return scroller(page).evaluate((el, y) => {
    el.scrollTop = y;
    el.dispatchEvent(new Event('scroll'));
    return el.scrollTop;
  }, y);
}

async function openRecent(page: Page, path: string): Promise<void> {
  await page.getByTestId('project-menu').click();
  await page.locator(`.recent-open[data-path="${path}"]`).click();
}

test('open a second project from Recent: the title changes; back again, the last document and scroll position return', async ({ desk }) => {
  const { page, host } = desk;
  await desk.load();
  await expect(page).toHaveTitle('alpha — Qalam');
  const a = longest(host);
  await openDoc(page, a.id);
  const scrolledA = await scrollTo(page, 700);
  expect(scrolledA).toBeGreaterThan(300);
  await expect.poll(() => host.info().view).toMatchObject({ docId: a.id, scroll: scrolledA });

  await openRecent(page, desk.beta);
  await expect(page).toHaveTitle('beta — Qalam');
  expect(host.info().path).toBe(desk.beta);
  await expect(page.locator('.project-name')).toHaveText('beta');
  const b = host.service.call('documents.list', {}).find((d) => d.id !== a.id)!;
  await openDoc(page, b.id);
  await expect.poll(() => host.info().view.docId).toBe(b.id);

  await openRecent(page, desk.alpha);
  await expect(page).toHaveTitle('alpha — Qalam');
  await expect(page.locator(`.doc-text[data-doc-id="${a.id}"] [data-para]`).first()).toBeAttached();
  await expect.poll(() => scroller(page).evaluate((el) => el.scrollTop)).toBe(scrolledA);

  // And beta remembers its own document.
  await openRecent(page, desk.beta);
  await expect(page).toHaveTitle('beta — Qalam');
  await expect(page.locator(`.doc-text[data-doc-id="${b.id}"] [data-para]`).first()).toBeAttached();
});

test('after a switch of project, the early start reads no document of the project left', async ({ desk }) => {
  const { page, host } = desk;
  await desk.load();
  // A document of alpha that beta's start will not open (beta opens its first row).
  const docs = host.service.call('documents.list', {});
  const other = docs[docs.length - 1]!;
  await openDoc(page, other.id);
  const first = desk.calls.length;
  await openRecent(page, desk.beta);
  await expect(page).toHaveTitle('beta — Qalam');
  const betaFirst = host.service.call('documents.list', {})[0]!;
  expect(betaFirst.id).not.toBe(other.id);
  await expect(page.locator(`.doc-scroll[data-ready="true"] .doc-text[data-doc-id="${betaFirst.id}"]`)).toBeVisible();
  const read = desk.calls.slice(first).filter((c) => c.method === 'documents.open').map((c) => (c.args as { id: string }).id);
  expect(read).toEqual([betaFirst.id]);
  // Back on alpha (its own remembered document), then a reload on the same project: the early start reads it again.
  await openRecent(page, desk.alpha);
  await expect(page.locator(`.doc-scroll[data-ready="true"] .doc-text[data-doc-id="${other.id}"]`)).toBeVisible();
  const before = desk.calls.length;
  await page.reload();
  await expect(page.locator(`.doc-scroll[data-ready="true"] .doc-text[data-doc-id="${other.id}"]`)).toBeVisible();
  // (From the new page's boot: the old page may have polled suggestions just before the reload.)
  const again = desk.calls.slice(before).slice(desk.calls.slice(before).findIndex((c) => c.method === 'session.boot'));
  expect(again.slice(0, 2).map((c) => c.method)).toEqual(['session.boot', 'documents.open']);
  expect(again.filter((c) => c.method === 'documents.open').map((c) => (c.args as { id: string }).id)).toEqual([other.id]);
});

test('a recent project that is gone is marked missing and reported when chosen; the open project stays', async ({ desk }) => {
  const { page, host } = desk;
  rmSync(desk.beta);
  await desk.load();
  await page.getByTestId('project-menu').click();
  const item = page.locator('.recent-item', { has: page.locator(`.recent-open[data-path="${desk.beta}"]`) });
  await expect(item).toHaveClass(/is-missing/);
  await item.locator('.recent-open').click();
  await expect(page.locator('.status-line')).toContainText('Cannot open the project');
  await expect(page).toHaveTitle('alpha — Qalam');
  expect(host.info().path).toBe(desk.alpha);
});

test('Save As writes a copy (an existing file only after confirming) and opens it; New Project starts empty', async ({ desk }) => {
  const { page, host } = desk;
  await desk.load();
  const existing = join(desk.dir, 'taken.qalam');
  writeFileSync(existing, 'not a project');
  desk.answerProjectPath(existing);
  page.once('dialog', (d) => void d.dismiss());
  await page.getByTestId('project-menu').click();
  await page.getByRole('button', { name: 'Save as…' }).click();
  await expect.poll(() => page.getByTestId('project-menu-panel').isVisible()).toBe(false);
  expect(host.info().path).toBe(desk.alpha);

  const copy = join(desk.dir, 'gamma.qalam');
  desk.answerProjectPath(copy);
  await page.getByTestId('project-menu').click();
  await page.getByRole('button', { name: 'Save as…' }).click();
  await expect(page).toHaveTitle('gamma — Qalam');
  expect(host.service.call('documents.list', {}).length).toBeGreaterThan(0);

  desk.answerProjectPath(join(desk.dir, 'delta.qalam'));
  await page.getByTestId('project-menu').click();
  await page.getByRole('button', { name: 'New project…' }).click();
  await expect(page).toHaveTitle('delta — Qalam');
  await expect(page.locator('.doc-item')).toHaveCount(0);
  // No document to paint: the panels beside it are drawn all the same (they wait only for a first document's paint).
  await expect(page.locator('.side-right .mention-list')).toBeVisible();
  expect(host.recent().map((r) => r.name).slice(0, 3)).toEqual(['delta', 'gamma', 'alpha']);
});

test('files dropped on the window are imported, with the import report', async ({ desk }) => {
  const { page } = desk;
  await desk.load();
  const file = join(desk.dir, 'dropped-news.txt');
  writeFileSync(file, 'נשיא קזחסטן ביקר היום בירושלים.\n');
  desk.dropped.set('dropped-news.txt', file);
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['x'], 'dropped-news.txt', { type: 'text/plain' }));
    const target = document.querySelector('.center') ?? document.body;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(page.locator('.status-line')).toContainText('Imported 1 document');
  await expect(page.locator('.doc-item', { hasText: 'dropped-news' })).toBeVisible();
  await expect(page.locator('.doc-title h1')).toHaveText('dropped-news');
});

test('zoomed in (Ctrl +), a sub-word tag is highlighted on exactly its letters, also after another zoom and font', async ({ desk }) => {
  const { page, host, app } = desk;
  await desk.load();
  const view = host.service.call('documents.get', { id: host.service.call('documents.list', {}).find((d) => d.name === HEBREW_SEED)!.id });
  await openDoc(page, view.id);
  const sizeBefore = await page.locator('.doc-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await page.locator('.doc-text').click();
  await page.keyboard.press('Control+=');
  await page.keyboard.press('Control+=');
  await expect.poll(() => page.locator('.doc-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeCloseTo(sizeBefore * 1.25, 1);
  await expect.poll(() => host.info().view.zoom).toBe(1.25);

  const expected = spanOf(view.text, 'בקזחסטן', 'קזחסטן');
  await dragAcross(page, view, expected, { alt: true });
  await page.keyboard.press('3');
  const m = await waitForMention(app, view.id, () => true);
  expect(cpText(view.text, m)).toBe('קזחסטן');
  await expectHighlightOn(app, view, m.id, expected);

  await page.keyboard.press('Control+=');
  await expectHighlightOn(app, view, m.id, expected);
  await page.getByTestId('reading-menu').click();
  await page.getByTestId('reading-hebrew-font').selectOption('frank-ruehl');
  await page.getByTestId('reading-line-spacing').selectOption('3.5');
  await page.keyboard.press('Escape');
  await expect
    .poll(() => page.locator('.doc-text [lang="he"]').first().evaluate((el) => getComputedStyle(el).fontFamily))
    .toContain('Frank Ruehl CLM');
  await expectHighlightOn(app, view, m.id, expected);
  await page.keyboard.press('Control+0');
  await expect.poll(() => host.info().view).toMatchObject({ zoom: 1, hebrewFont: 'frank-ruehl', lineSpacing: 3.5 });
  await expectHighlightOn(app, view, m.id, expected);
});

test('dark theme: following the system, or chosen; screenshots in Hebrew and Arabic', async ({ desk }, testInfo) => {
  const { page, host } = desk;
  const sheetColour = () => page.locator('.doc-sheet').evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await desk.load();
  await openDoc(page, host.service.call('documents.list', {}).find((d) => d.name === HEBREW_SEED)!.id);
  await expect.poll(sheetColour).toBe('rgb(30, 34, 40)');
  // "as the system" follows the system while the window is open
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(sheetColour).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(sheetColour).toBe('rgb(30, 34, 40)');
  await page.getByTestId('reading-menu').click();
  await page.getByTestId('reading-theme').selectOption('light');
  await expect.poll(sheetColour).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByTestId('reading-theme').selectOption('dark');
  await expect.poll(sheetColour).toBe('rgb(30, 34, 40)');
  await expect.poll(() => host.info().view.theme).toBe('dark');
  for (const locale of ['he', 'ar'] as const) {
    await page.getByTestId('ui-language').selectOption(locale);
    await page.getByTestId('reading-menu').click();
    const path = testInfo.outputPath(`dark-${locale}.png`);
    await page.screenshot({ path });
    await testInfo.attach(`dark-${locale}`, { path, contentType: 'image/png' });
    await page.keyboard.press('Escape');
    await page.getByTestId('project-menu').click();
    const menuPath = testInfo.outputPath(`projects-${locale}.png`);
    await page.screenshot({ path: menuPath });
    await testInfo.attach(`projects-${locale}`, { path: menuPath, contentType: 'image/png' });
    await page.keyboard.press('Escape');
  }
});
