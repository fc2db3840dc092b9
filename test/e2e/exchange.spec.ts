/**
 * The import dialog's offsets unit (doccano) and strict switch, the new formats, and the export
 * dialog's Label Studio format, with the desktop's file dialogs answered by the test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEBREW_SEED, expect, spanOf, test } from './harness';

let tmp: string;
test.beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qalam-exch-'));
});
test.afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

test('import dialog: doccano offsets in UTF-16 or code points; strict refuses what it cannot keep; Prodigy', async ({ app }) => {
  await app.load();
  const page = app.page;
  const text = '👨🏻‍🚒 כבאים נסעו לירושלים';
  const u = text.indexOf('ירושלים');
  const file = join(tmp, 'doccano.jsonl');
  writeFileSync(file, `${JSON.stringify({ id: 1, text, label: [[u, u + 7, 'GPE']], Comments: [] })}\n`);

  await page.getByRole('button', { name: 'Import annotations…' }).click();
  const dialog = page.locator('dialog.xfer[aria-labelledby="import-title"]');
  await dialog.getByLabel('Format').selectOption('doccano');
  await expect(dialog.getByLabel('Offsets')).toHaveValue('utf16');
  // Read as code points the span runs past the end of the text: refused, naming the line and the unit that fits.
  await dialog.getByLabel('Offsets').selectOption('codepoints');
  app.answerImportPaths([file]);
  await dialog.getByRole('button', { name: /Choose files/ }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-error')).toContainText('line 1');
  await expect(dialog.getByTestId('import-error')).toContainText('--offsets utf16');
  await dialog.getByLabel('Offsets').selectOption('utf16');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-summary')).toContainText('1 mention');
  await expect(dialog.getByTestId('import-counts')).toContainText('Read 1 entity; kept 1 entity');
  const doc = app.call('documents.list', {}).find((d) => d.name === 'doccano-1')!;
  const m = app.call('mentions.list', { docId: doc.id });
  expect(m.map((x) => [...text].slice(x.start, x.end).join(''))).toEqual(['ירושלים']);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A Prodigy file given as doccano: strict refuses; Prodigy imports it.
  const t2 = 'נשיא צרפת ביקר בחיפה';
  const prodigy = join(tmp, 'prodigy.jsonl');
  writeFileSync(prodigy, `${JSON.stringify({ text: t2, spans: [{ start: 5, end: 9, label: 'GPE', token_start: 1, token_end: 1 }], answer: 'accept', _input_hash: 1, _task_hash: 2 })}\n`);
  await page.getByRole('button', { name: 'Import annotations…' }).click();
  await dialog.getByLabel('Format').selectOption('doccano');
  await dialog.getByLabel('Strict').check();
  app.answerImportPaths([prodigy]);
  await dialog.getByRole('button', { name: /Choose files/ }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-error')).toContainText('"spans" is not read by the doccano importer');
  expect(app.call('documents.list', {}).some((d) => d.name === 'prodigy-1')).toBe(false);
  await dialog.getByLabel('Format').selectOption('prodigy');
  await expect(dialog.getByLabel('Offsets')).toHaveCount(0);
  app.answerImportPaths([prodigy]);
  await dialog.getByRole('button', { name: /Choose files/ }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-summary')).toContainText('1 mention');
  expect(app.dialogRequests.at(-1)).toMatchObject({ dialog: 'import', options: { extensions: ['jsonl'] } });
});

test('export dialog: Label Studio JSON', async ({ app }) => {
  const view = app.view(HEBREW_SEED);
  app.call('mentions.create', { docId: view.id, type: 'GPE', ...spanOf(view.text, 'רוסיה') });
  await app.load();
  const page = app.page;
  const out = join(tmp, 'ls.json');
  app.answerExportPath(out);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
  await dialog.getByLabel('Format').selectOption('labelstudio');
  await expect(dialog.getByLabel('Offsets')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Export…' }).click();
  await expect(dialog.getByTestId('export-summary')).toContainText('Exported 2 documents');
  expect(app.dialogRequests.at(-1)).toMatchObject({ dialog: 'export', options: { format: 'labelstudio', folder: false, defaultName: 'labelstudio-export.json' } });
  const tasks = JSON.parse(readFileSync(out, 'utf8')) as { data: { text: string }; annotations: { result: { type: string; value: { text: string; labels: string[] } }[] }[] }[];
  const mine = tasks.find((t) => t.data.text === view.text)!;
  expect(mine.annotations[0]!.result.filter((r) => r.type === 'labels').map((r) => [r.value.labels[0], r.value.text])).toContainEqual(['GPE', 'רוסיה']);
});
