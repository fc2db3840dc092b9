/**
 * The export dialog's "chosen documents" and the review screen's document menu offer every
 * document of the project, not only the rows the document list has loaded (it asks for pages of
 * 100): a corpus of 132 documents, a name search and pages of 50 (DocumentPicker, documents.page).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEBREW_SEED, annotate, expect, spanOf, test, type QalamApp } from './harness';

/** 130 documents doc-000 … doc-129 after the two seeds: 132 in all. */
function corpus(app: QalamApp): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'qalam-picker-'));
  try {
    for (let i = 0; i < 130; i++) writeFileSync(join(dir, `doc-${String(i).padStart(3, '0')}.txt`), `מסמך ${i}: הממשלה בקזחסטן הודיעה היום על התפטרות`);
    app.call('documents.importPaths', { paths: [dir] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ids: Record<string, string> = {};
  for (const d of app.call('documents.list', {})) ids[d.name] = d.id;
  expect(Object.keys(ids)).toHaveLength(132);
  return ids;
}

test('the export dialog chooses among every document of the project: search and pages beyond the loaded list', async ({ app }) => {
  corpus(app);
  await app.load();
  const page = app.page;
  await app.open(HEBREW_SEED);
  // The document list has loaded its first page only: doc-125 is not among its rows.
  await expect(page.locator('.doc-list .doc-item')).not.toHaveCount(0);
  await expect(page.locator('.doc-list .doc-item', { hasText: 'doc-125' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Export…', exact: true }).first().click();
  const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radiogroup')).toContainText('All (132)');
  await dialog.getByLabel(/^Chosen/).check();
  const picker = dialog.getByTestId('doc-picker');
  // One page of 50 rows, the open document chosen already.
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('1–50 of 132');
  await expect(picker.locator('.doc-picker-row')).toHaveCount(50);
  await expect(picker.locator(`.doc-picker-row[data-doc-id="${app.summary(HEBREW_SEED).id}"] input`)).toBeChecked();
  await expect(dialog.getByLabel(/^Chosen/)).toHaveAccessibleName('Chosen (1)');

  // The last page: rows 101–132, beyond what the document list has loaded.
  await picker.getByTestId('doc-picker-next').click();
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('51–100 of 132');
  await picker.getByTestId('doc-picker-next').click();
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('101–132 of 132');
  await expect(picker.getByTestId('doc-picker-next')).toBeDisabled();
  await picker.locator('.doc-picker-row', { hasText: 'doc-129' }).locator('input').check();

  // A search: only the names containing it, from the first page again.
  await picker.getByTestId('doc-picker-search').fill('doc-12');
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('1–10 of 10');
  await expect(picker.locator('.doc-picker-row')).toHaveCount(10);
  await picker.locator('.doc-picker-row', { hasText: 'doc-125' }).locator('input').check();
  await expect(picker.locator('.doc-picker-row', { hasText: 'doc-129' }).locator('input')).toBeChecked();
  await picker.getByTestId('doc-picker-search').fill('nothing-like-this');
  await expect(picker).toContainText('No document has that in its name.');
  await expect(dialog.getByLabel(/^Chosen/)).toHaveAccessibleName('Chosen (3)');

  const dir = mkdtempSync(join(tmpdir(), 'qalam-picker-out-'));
  const out = join(dir, 'chosen.jsonl');
  app.answerExportPath(out);
  await dialog.locator('.dialog-actions .btn-primary').click();
  await expect(dialog.getByTestId('export-summary')).toBeVisible();
  const names = readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { name: string }).name);
  expect([...new Set(names)].sort()).toEqual([HEBREW_SEED, 'doc-125', 'doc-129'].sort());
  rmSync(dir, { recursive: true, force: true });
});

test('the review screen opens any document of the project from its menu: search and pages', async ({ app }) => {
  const ids = corpus(app);
  const far = app.view('doc-127');
  for (const [who, type] of [['avi', 'GPE'], ['bat', 'ORG']] as const) annotate(app, who, far.id, [{ type, span: spanOf(far.text, 'בקזחסטן') }]);
  const { page, screen } = await app.openReview(HEBREW_SEED);
  await expect(screen).toBeVisible();
  const menu = screen.getByTestId('review-doc-menu');
  await expect(menu).toContainText(HEBREW_SEED);

  await menu.click();
  const picker = screen.getByTestId('doc-picker');
  await expect(picker.getByTestId('doc-picker-search')).toBeFocused();
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('1–50 of 132');
  await expect(picker.locator(`.doc-picker-row[data-doc-id="${ids[HEBREW_SEED]}"]`)).toHaveAttribute('aria-current', 'true');
  // Typing n, p or a digit in the search is a search, not a review key.
  await page.keyboard.type('doc-127');
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('1–1 of 1');
  await picker.locator('.doc-picker-row', { hasText: 'doc-127' }).click();
  await expect(picker).toHaveCount(0);
  await expect(menu).toContainText('doc-127');
  await expect(screen.locator('.review-dis-item').first()).toBeVisible();

  // The pages, then Escape closes the menu and leaves the document open.
  await menu.click();
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('1–50 of 132');
  await picker.getByTestId('doc-picker-next').click();
  await picker.getByTestId('doc-picker-next').click();
  await expect(picker.getByTestId('doc-picker-range')).toHaveText('101–132 of 132');
  await expect(picker.locator('.doc-picker-row[aria-current="true"]')).toContainText('doc-127');
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(menu).toContainText('doc-127');
});
