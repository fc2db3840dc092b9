/**
 * The document list's filter and sort (done by the store, asked a page at a time) and the corpus
 * overview (corpus.dashboard), in English and in Hebrew (mirrored, nothing left in English).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { NEWS_SCHEMA } from '../../annotations/news';
import { expect, test, type QalamApp } from './harness';

/** 24 documents: 00-delta … 05-delta, 06-alpha …, 12-gamma …, 18-beta … 23-beta (he for even numbers, ar for odd); dana annotates some. */
function corpus(app: QalamApp): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'qalam-overview-'));
  try {
    ['delta', 'alpha', 'gamma', 'beta'].forEach((word, w) => {
      for (let i = 0; i < 6; i++) {
        const text = i % 2 === 0 ? `מסמך ${word} ${w}${i}: הממשלה בקזחסטן הודיעה היום` : `وثيقة ${word} ${w}${i}: أعلنت الحكومة في كازاخستان اليوم`;
        writeFileSync(join(dir, `${String(w * 6 + i).padStart(2, '0')}-${word}.txt`), text);
      }
    });
    app.call('documents.importPaths', { paths: [dir] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ids: Record<string, string> = {};
  for (const d of app.call('documents.list', {})) ids[d.name] = d.id;
  app.call('session.setAnnotator', { name: 'dana' });
  // Done: 07-alpha, 13-gamma; a GPE in 00-delta (a problem once GPE leaves the schema); PER in 02-delta.
  app.call('documents.setStatus', { docId: ids['07-alpha']!, status: 'done' });
  app.call('documents.setStatus', { docId: ids['13-gamma']!, status: 'done' });
  app.call('mentions.create', { docId: ids['00-delta']!, type: 'GPE', start: 22, end: 29 });
  app.call('mentions.create', { docId: ids['02-delta']!, type: 'PER', start: 0, end: 4 });
  app.call('mentions.create', { docId: ids['02-delta']!, type: 'ORG', start: 15, end: 21 });
  const schema = { ...JSON.parse(JSON.stringify(NEWS_SCHEMA)), entityTypes: NEWS_SCHEMA.entityTypes.filter((t) => t.name !== 'GPE'), eventTypes: [], relationTypes: [], attributes: [] };
  app.call('schema.replace', { json: JSON.stringify(schema), force: true });
  return ids;
}

const rowNames = (page: Page) => page.locator('.doc-list .doc-item .doc-name').allTextContents();

async function openFilters(page: Page) {
  const details = page.locator('.doc-filters');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await page.getByTestId('doc-filters').click();
}

/** Visible text, titles and labels inside `scope` with a Latin word, outside names (documents, annotators, types). */
async function latinLeft(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((scope) => {
    const skip = '.doc-name, .dash-name, .dash-chart-label, .doc-filter-names, kbd';
    const out: string[] = [];
    const root = document.querySelector(scope);
    if (!root) return [`no ${scope}`];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text || el.closest(skip) || !(el as HTMLElement).checkVisibility()) continue;
      const option = el.closest('option');
      if (option && !(option as HTMLOptionElement).selected) continue;
      out.push(text);
    }
    for (const el of root.querySelectorAll('[title], [placeholder], [aria-label]'))
      for (const a of ['title', 'placeholder', 'aria-label']) {
        const v = el.closest(skip) ? null : el.getAttribute(a);
        if (v) out.push(v);
      }
    // Document names (this corpus's "07-alpha"), file kinds and encodings stay as they are.
    const allowed = new Set(['txt', 'UTF']);
    return out.filter((s) => (s.replace(/\d\d-[a-z]+/g, '').match(/(?<![\p{L}\p{N}_])[A-Za-z]{2,}(?![\p{L}\p{N}_])/gu) ?? []).some((w) => !allowed.has(w)));
  }, scope);
}

test('filter and sort the document list, and the corpus overview, in English', async ({ app }) => {
  const ids = corpus(app);
  await app.load();
  const page = app.page;
  const all = app.call('documents.list', {}).length;
  expect(all).toBe(26);
  await expect(page.getByTestId('doc-count')).toHaveText(String(all));

  // Name: a part of it, asked of the store; the count says how many of all.
  await page.getByTestId('doc-filter-name').fill('gamma');
  await expect(page.getByTestId('doc-count')).toHaveText(`6 of ${all}`);
  expect(await rowNames(page)).toEqual(['12-gamma', '13-gamma', '14-gamma', '15-gamma', '16-gamma', '17-gamma']);
  // Sorted by name, descending.
  await page.getByTestId('doc-sort').selectOption('name');
  await page.getByTestId('doc-sort-dir').click();
  await expect(page.locator('.doc-list .doc-item .doc-name').first()).toHaveText('17-gamma');
  expect(await rowNames(page)).toEqual(['17-gamma', '16-gamma', '15-gamma', '14-gamma', '13-gamma', '12-gamma']);

  // Status and language, then problems (the GPE mention the schema no longer has).
  await page.getByTestId('doc-filter-name').fill('');
  await openFilters(page);
  await page.getByTestId('doc-filter-status').selectOption('done');
  await expect(page.getByTestId('doc-count')).toHaveText(`2 of ${all}`);
  expect(await rowNames(page)).toEqual(['13-gamma', '07-alpha']);
  await page.getByTestId('doc-filter-status').selectOption('');
  await page.getByTestId('doc-filter-lang').selectOption('ar');
  await expect(page.getByTestId('doc-count')).toHaveText(`13 of ${all}`);
  await page.getByTestId('doc-filter-lang').selectOption('');
  await page.getByTestId('doc-filter-problems').selectOption('yes');
  await expect(page.getByTestId('doc-count')).toHaveText(`1 of ${all}`);
  expect(await rowNames(page)).toEqual(['00-delta']);
  await expect(page.locator('.doc-item [data-testid="doc-problems"]')).toHaveText('1 problem');
  await page.getByTestId('doc-filter-annotator').selectOption('dana');
  await expect(page.getByTestId('doc-count')).toHaveText(`1 of ${all}`);
  await page.getByTestId('doc-filter-clear').click();
  await expect(page.getByTestId('doc-count')).toHaveText(String(all));

  // Sorted by size: the longest first when descending.
  await page.getByTestId('doc-sort').selectOption('size');
  const bySize = app.call('documents.page', { sort: { key: 'size', desc: true }, limit: 5 }).rows.map((r) => r.name);
  await expect(page.locator('.doc-list .doc-item .doc-name').first()).toHaveText(bySize[0]!);
  expect((await rowNames(page)).slice(0, 5)).toEqual(bySize);

  // The overview: one call, the figures of the service.
  const dash = app.call('corpus.dashboard', {});
  await page.getByTestId('open-dashboard').click();
  const dialog = page.getByTestId('dashboard');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-testid="dash-annotators"] tbody tr')).toHaveCount(dash.annotators.length);
  const dana = dialog.locator('tr[data-annotator="dana"]');
  await expect(dana.locator('td[data-status="done"]')).toHaveText('2');
  await expect(dana.locator('td[data-status="not-started"]')).toHaveText(String(all - 2));
  const bars = dialog.locator('[data-testid="dash-type-chart"] g');
  await expect(bars).toHaveCount(dash.mentionTypes.length);
  expect(await bars.evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-type'), Number(g.getAttribute('data-count'))]))).toEqual(
    dash.mentionTypes.map((m) => [m.type, m.total]),
  );
  // Bars are drawn in SVG, longest first, their widths in proportion.
  const widths = await bars.locator('rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));
  expect(widths[0]).toBeGreaterThan(0);
  expect(widths.every((w, i) => Math.abs(w / widths[0]! - dash.mentionTypes[i]!.total / dash.mentionTypes[0]!.total) < 1e-6)).toBe(true);
  // dana's problem opens its document.
  const problem = dialog.locator(`.dash-problem[data-doc-id="${ids['00-delta']}"]`);
  await expect(problem).toContainText('your set');
  await problem.click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.doc-title h1')).toHaveText('00-delta');
  await expect(page.getByTestId('problems').locator('.ev-problem')).toHaveCount(1);
});

test('filter, sort and the overview in Hebrew: translated and mirrored', async ({ app }) => {
  corpus(app);
  await app.load();
  const page = app.page;
  await page.getByTestId('ui-language').selectOption('he');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const all = app.call('documents.list', {}).length;
  await page.getByTestId('doc-filter-name').fill('beta');
  await expect(page.getByTestId('doc-count')).toHaveText(`6 מתוך ${all}`);
  await page.getByTestId('doc-sort').selectOption('name');
  await page.getByTestId('doc-sort-dir').click();
  await expect(page.locator('.doc-list .doc-item .doc-name').first()).toHaveText('23-beta');
  await openFilters(page);
  await page.getByTestId('doc-filter-lang').selectOption('he');
  await expect(page.getByTestId('doc-count')).toHaveText(`3 מתוך ${all}`);
  expect(await rowNames(page)).toEqual(['22-beta', '20-beta', '18-beta']);
  expect(await latinLeft(page, '.doc-list'), 'English left in the Hebrew document list').toEqual([]);

  await page.getByTestId('open-dashboard').click();
  const dialog = page.getByTestId('dashboard');
  await expect(dialog.locator('[data-testid="dash-type-chart"]')).toBeVisible();
  await expect(dialog.locator('h2')).toHaveText('סקירת הקורפוס');
  expect(await latinLeft(page, '[data-testid="dashboard"]'), 'English left in the Hebrew overview').toEqual([]);
  // Mirrored: each type's name at the right of its bar, bars growing from the right.
  const placement = await dialog.locator('[data-testid="dash-type-chart"] g').first().evaluate((g) => {
    const label = g.querySelector('.dash-chart-label')!.getBoundingClientRect();
    const bar = g.querySelector('rect')!.getBoundingClientRect();
    return { labelLeft: label.left, barRight: bar.right };
  });
  expect(placement.labelLeft).toBeGreaterThanOrEqual(placement.barRight - 1);
  const table = await dialog.locator('[data-testid="dash-annotators"] th').first().boundingBox();
  const last = await dialog.locator('[data-testid="dash-annotators"] thead th').last().boundingBox();
  expect(table!.x).toBeGreaterThan(last!.x);
});
