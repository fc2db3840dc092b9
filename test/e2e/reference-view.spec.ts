/**
 * "Showing": the reference annotations that the first start imports into the set
 * "qalam-reference" (the harness's default project is made with them), shown read-only in the
 * document view: its mentions, events and arcs, and every editing key refused with a status-line
 * info; switching back to the own set restores tagging. Screenshots of both seeds showing the
 * reference set are saved to docs/ for a person to look at.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';
import { ARABIC_SEED, HEBREW_SEED, REPO, dragAcross, expect, snap, spanOf, test, waitForMention, type QalamApp } from './harness';

const REFERENCE = 'qalam-reference';
const READ_ONLY = `Read-only: showing ${REFERENCE}. Switch Showing to your own set to annotate.`;
const PER = '1';

test.use({ deviceScaleFactor: 1 });

/** The page shows the reference set of the open document: as many mentions, events and arcs as the service has. */
async function expectReferenceShown(app: QalamApp, docId: string): Promise<void> {
  const mentions = app.call('mentions.list', { docId, annotator: REFERENCE });
  const all = app.call('annotations.list', { docId, annotator: REFERENCE });
  expect(mentions.length).toBeGreaterThan(0);
  expect(all.events.length).toBeGreaterThan(0);
  const page = app.page;
  await expect(page.locator('.mention-row')).toHaveCount(mentions.length);
  await expect(page.locator('.doc-title-meta')).toContainText(`${mentions.length} mention`);
  await expect(page.locator('.ev-frame[data-event-id]')).toHaveCount(all.events.length);
  await expect(page.locator('.ev-trigger')).toHaveCount(all.events.length);
  const args = all.events.reduce((n, e) => n + e.arguments.length, 0) + all.relations.length;
  expect(args).toBeGreaterThan(0);
  // A dense document: no arcs until a frame is hovered or selected, or "All arcs" is on.
  await expect(page.locator('.ev-arc')).toHaveCount(0);
  const first = all.events.find((e) => e.arguments.length > 0)!;
  await page.locator(`.ev-frame[data-event-id="${first.id}"]`).click();
  await expect.poll(() => page.locator('.ev-arc').count()).toBeGreaterThan(0);
  const focused = await page.locator('.ev-arc').count();
  expect(focused).toBeLessThanOrEqual(first.arguments.length);
  await page.getByTestId('all-arcs').check();
  await expect.poll(() => page.locator('.ev-arc').count()).toBeGreaterThan(focused);
  await page.getByTestId('all-arcs').uncheck();
  await expect.poll(() => page.locator('.ev-arc').count()).toBe(focused);
  // Read-only: the panels' inputs are disabled.
  await expect(page.getByLabel('Document status')).toBeDisabled();
}

async function screenshot(app: QalamApp, testInfo: TestInfo, name: string): Promise<void> {
  await app.page.mouse.move(0, 0);
  const path = await snap(app.page, testInfo, name, 'page');
  // The README's pictures: refreshed on request only, so a test run leaves the work tree clean.
  if (process.env['QALAM_UPDATE_DOCS'] === '1') copyFileSync(path, join(REPO, 'docs', `${name}.png`));
}

test('Showing qalam-reference: the reference set read-only, with its events; back to the own set tags again', async ({ app }, testInfo) => {
  const page = app.page;
  await app.load();
  expect(app.call('session.get', {}).referenceSet).toBe(REFERENCE);
  let view = await app.open(HEBREW_SEED);

  // A newcomer (dana has annotated nothing) is pointed at the sample annotations.
  await expect(page.getByTestId('view-set-hint')).toHaveText(`See the sample annotations: Showing → ${REFERENCE}`);
  await expect(page.locator('.mention-row')).toHaveCount(0);

  await page.getByTestId('view-set').selectOption(REFERENCE);
  await expect(page.getByTestId('view-set-hint')).toHaveCount(0);
  await expectReferenceShown(app, view.id);

  // An entity key on a selection creates nothing: neither in dana's set nor in the reference.
  const before = app.call('mentions.list', { docId: view.id, annotator: REFERENCE }).length;
  const span = spanOf(view.text, 'בקזחסטן');
  await dragAcross(page, view, span);
  await page.keyboard.press(PER);
  await expect(page.locator('.status-line')).toContainText(READ_ONLY);
  // Undo is refused too (and nothing to undo is offered).
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await page.keyboard.press('Control+z');
  await expect(page.locator('.status-line')).toContainText(READ_ONLY);
  await page.waitForTimeout(200);
  expect(app.mentions(view.id)).toHaveLength(0);
  expect(app.call('mentions.list', { docId: view.id, annotator: REFERENCE })).toHaveLength(before);
  await expect(page.locator('.mention-row')).toHaveCount(before);

  await page.locator('.doc-scroll').evaluate((el) => (el.scrollTop = 0));
  await screenshot(app, testInfo, 'screenshot-reference-he');

  // Switching documents keeps the chosen view.
  const arabic = await app.open(ARABIC_SEED);
  await expect(page.getByTestId('view-set')).toHaveValue(REFERENCE);
  await expectReferenceShown(app, arabic.id);
  await page.locator('.doc-scroll').evaluate((el) => (el.scrollTop = 0));
  await screenshot(app, testInfo, 'screenshot-reference-ar');

  // Back to the own set: editing again.
  view = await app.open(HEBREW_SEED);
  await page.getByTestId('view-set').selectOption('');
  await expect(page.locator('.mention-row')).toHaveCount(0);
  await expect(page.getByLabel('Document status')).toBeEnabled();
  await dragAcross(page, view, span);
  await page.keyboard.press(PER);
  const m = await waitForMention(app, view.id, (x) => x.start === span.start && x.end === span.end);
  expect(m).toMatchObject({ type: 'PER', annotator: 'dana' });
  expect(app.call('mentions.list', { docId: view.id, annotator: REFERENCE })).toHaveLength(before);
  await expect(page.getByTestId('view-set-hint')).toHaveCount(0);
});
