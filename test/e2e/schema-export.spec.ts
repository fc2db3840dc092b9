/**
 * The schema editor (renames follow into the annotations, removing a type in use asks first and
 * says how many annotations it affects), and the export and import dialogs with the desktop's
 * file dialogs answered by the test.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromDraft, toDraft, withoutRef } from '../../renderer/src/schema/draft';
import { HEBREW_SEED, expect, snap, spanOf, test } from './harness';

let tmp: string;
test.beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qalam-xfer-'));
});
test.afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

test('schema editor: a rename follows into the mentions; removing a type in use asks, with the count', async ({ app }, testInfo) => {
  const view = app.view(HEBREW_SEED);
  // The project starts with the seeds' reference annotations: FAC mentions in use before ours.
  const current = app.call('schema.get', {});
  const draft = toDraft(current);
  const withoutFac = JSON.stringify(fromDraft(withoutRef(draft, draft.entities.find((t) => t.name === 'FAC')!.key)));
  const facBefore = app.call('schema.preview', { json: withoutFac }).dropped.find((d) => d.name === 'FAC')?.count ?? 0;
  const facCount = facBefore + 3;
  const per = app.call('mentions.create', { docId: view.id, type: 'PER', ...spanOf(view.text, 'רוסיה') });
  for (const word of ['ההפגנות', 'קזחסטן', 'הדלק']) app.call('mentions.create', { docId: view.id, type: 'FAC', ...spanOf(view.text, word) });
  await app.load();
  await app.open(HEBREW_SEED);
  const page = app.page;
  const entityNames = app.call('schema.get', {}).entityTypes.map((t) => t.name);

  // Rename PER → PERSON.
  await page.getByRole('button', { name: 'Schema…' }).click();
  const editor = page.locator('dialog.schema-editor');
  await expect(editor).toBeVisible();
  const nameInputs = editor.getByLabel('Entity type name');
  await expect(nameInputs).toHaveCount(entityNames.length);
  await nameInputs.nth(entityNames.indexOf('PER')).fill('PERSON');
  await expect(editor.locator('.se-renamed')).toHaveText('was PER');
  await snap(page, testInfo, 'schema-editor-entities', 'page');
  await editor.getByRole('tab', { name: /Event types/ }).click();
  await expect(editor.locator('.se-card').first()).toBeVisible();
  await snap(page, testInfo, 'schema-editor-events', 'page');
  await editor.getByRole('tab', { name: /Entity types/ }).click();
  await editor.getByRole('button', { name: 'Save schema' }).click();
  await expect(editor).toBeHidden();
  await expect(page.locator('.legend-item[data-type="PERSON"]')).toBeVisible();
  expect(app.mentions(view.id).find((m) => m.id === per.mention.id)?.type).toBe('PERSON');
  await expect(page.locator('.status-info')).toContainText('1 rename');
  // Roles that accepted PER accept PERSON now.
  const schema = app.call('schema.get', {});
  expect(schema.entityTypes.map((t) => t.name)).toContain('PERSON');
  expect(JSON.stringify(schema)).not.toMatch(/"PER"/);

  // A hotkey conflict is flagged before anything is saved.
  await page.getByRole('button', { name: 'Schema…' }).click();
  const keys = editor.getByLabel('Hotkey');
  await keys.nth(1).fill('1');
  await expect(editor.locator('.se-key.is-conflict')).toHaveCount(2);
  await expect(editor.locator('.se-warn')).toContainText('hotkey conflicts');
  await editor.getByRole('button', { name: 'Save schema' }).click();
  await expect(editor.getByTestId('schema-problems')).toContainText('hotkey 1 is also');
  await expect(editor).toBeVisible();
  await keys.nth(1).fill('2');
  await expect(editor.locator('.se-key.is-conflict')).toHaveCount(0);

  // Remove FAC (3 mentions): the confirmation says so; "Keep editing" keeps it.
  await editor.getByRole('button', { name: 'Delete FAC' }).click();
  await expect(nameInputs).toHaveCount(entityNames.length - 1);
  await editor.getByRole('button', { name: 'Save schema' }).click();
  const confirm = page.locator('dialog.se-confirm');
  await expect(confirm).toBeVisible();
  await expect(confirm.locator('li[data-name="FAC"]')).toHaveText(`Removing FAC affects ${facCount} mentions; they are kept and reported as problems.`);
  await snap(page, testInfo, 'schema-editor-confirm', 'page');
  await confirm.getByRole('button', { name: 'Keep editing' }).click();
  await expect(confirm).toBeHidden();
  await expect(editor).toBeVisible();
  expect(app.call('schema.get', {}).entityTypes.map((t) => t.name)).toContain('FAC');

  // Cancel the whole edit: nothing changes.
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await expect(editor).toBeHidden();
  expect(app.call('schema.get', {}).entityTypes.map((t) => t.name)).toContain('FAC');

  // Again, and confirm: FAC is gone from the schema, its mentions are kept.
  await page.getByRole('button', { name: 'Schema…' }).click();
  await editor.getByRole('button', { name: 'Delete FAC' }).click();
  await editor.getByRole('button', { name: 'Save schema' }).click();
  await expect(confirm.locator('li[data-name="FAC"]')).toContainText(`${facCount} mentions`);
  await confirm.getByRole('button', { name: 'Save anyway' }).click();
  await expect(editor).toBeHidden();
  expect(app.call('schema.get', {}).entityTypes.map((t) => t.name)).not.toContain('FAC');
  expect(app.mentions(view.id).filter((m) => m.type === 'FAC')).toHaveLength(3);
  await expect(page.locator('.legend-item[data-type="FAC"]')).toHaveCount(0);
});

test('schema editor: add an event type with roles, and a validation error is shown inline', async ({ app }) => {
  await app.load();
  const page = app.page;
  await page.getByRole('button', { name: 'Schema…' }).click();
  const editor = page.locator('dialog.schema-editor');
  await editor.getByRole('tab', { name: /Event types/ }).click();
  await editor.getByRole('button', { name: '+ Add event type' }).click();
  const card = editor.locator('.se-card').last();
  await card.getByLabel('Event type name').fill('Custom:Protest');
  await card.getByRole('button', { name: '+ Role' }).click();
  await card.getByLabel('Role name').fill('Protester');
  await card.getByLabel('Add accepted type').selectOption({ label: 'PER' });
  await card.getByLabel('Cardinality').selectOption('+');
  // A name the schema refuses: the service's error is shown in the editor.
  await card.getByLabel('Role name').fill('Pro tester');
  await editor.getByRole('button', { name: 'Save schema' }).click();
  await expect(editor.locator('.se-error[data-code="schema-invalid"]')).toBeVisible();
  await card.getByLabel('Role name').fill('Protester');
  await editor.getByRole('button', { name: 'Save schema' }).click();
  await expect(editor).toBeHidden();
  const added = app.call('schema.get', {}).eventTypes.find((t) => t.name === 'Custom:Protest');
  expect(added?.roles).toEqual([{ name: 'Protester', types: ['<ENTITY>', 'PER'], cardinality: '+' }]);
});

test('export to brat through the dialog writes the files', async ({ app }, testInfo) => {
  const view = app.view(HEBREW_SEED);
  app.call('mentions.create', { docId: view.id, type: 'GPE', ...spanOf(view.text, 'רוסיה') });
  await app.load();
  const page = app.page;
  const out = join(tmp, 'brat-out');
  app.answerExportPath(out);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Format').selectOption('brat');
  await expect(dialog.getByLabel('Annotation set')).toHaveValue('dana');
  await snap(page, testInfo, 'export-dialog', 'page');
  await dialog.getByRole('button', { name: 'Export…' }).click();
  const summary = dialog.getByTestId('export-summary');
  await expect(summary).toContainText('Exported 2 documents');
  await expect(dialog.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await snap(page, testInfo, 'export-dialog-done', 'page');
  expect(app.dialogRequests.at(-1)).toMatchObject({ dialog: 'export', options: { format: 'brat', folder: true } });
  expect(app.progressEvents).toContainEqual({ what: 'export', done: 2, total: 2 });

  const files = readdirSync(out).sort();
  expect(files).toContain('annotation.conf');
  expect(files.filter((f) => f.endsWith('.txt'))).toHaveLength(2);
  expect(files.filter((f) => f.endsWith('.ann'))).toHaveLength(2);
  const ann = readFileSync(join(out, files.find((f) => f.endsWith('.ann') && f.includes(HEBREW_SEED))!), 'utf8');
  expect(ann).toMatch(/^T1\tGPE \d+ \d+\tרוסיה$/m);
  expect(readFileSync(join(out, 'annotation.conf'), 'utf8')).toContain('[entities]');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('export into a folder it did not write asks first; keeping it changes nothing, replacing keeps the user’s files', async ({ app }) => {
  await app.load();
  const page = app.page;
  const out = join(tmp, 'Documents');
  mkdirSync(out);
  writeFileSync(join(out, 'thesis.txt'), 'my thesis');
  app.answerExportPath(out);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
  await dialog.getByLabel('Format').selectOption('brat');
  await dialog.getByRole('button', { name: 'Export…' }).click();
  const confirm = dialog.getByTestId('export-confirm');
  await expect(confirm).toContainText('is a folder Qalam did not write');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toBeHidden();
  expect(readdirSync(out)).toEqual(['thesis.txt']);

  await dialog.getByRole('button', { name: 'Export…' }).click();
  await dialog.getByTestId('export-confirm').getByRole('button', { name: 'Replace' }).click();
  await expect(dialog.getByTestId('export-summary')).toContainText('Exported 2 documents');
  const files = readdirSync(out);
  expect(readFileSync(join(out, 'thesis.txt'), 'utf8')).toBe('my thesis');
  expect(files.filter((f) => f.endsWith('.ann'))).toHaveLength(2);

  // the project itself is refused, confirmed or not
  app.answerExportPath(app.projectPath);
  await dialog.getByLabel('Format').selectOption('jsonl');
  await dialog.getByRole('button', { name: /Export/ }).click();
  await expect(dialog.getByRole('alert')).toContainText('is the project file itself');
  await expect(dialog.getByTestId('export-confirm')).toBeHidden();
});

test('import a doccano file through the dialog: the document and its mentions appear; a bad file names its line', async ({ app }) => {
  await app.load();
  const page = app.page;
  const text = 'ראש הממשלה נפגש עם נציגי האיגוד בירושלים.';
  const good = join(tmp, 'new.jsonl');
  const jer = [...text.slice(0, text.indexOf('ירושלים'))].length;
  writeFileSync(good, JSON.stringify({ text, label: [[jer, jer + [...'ירושלים'].length, 'GPE']] }) + '\n');
  const bad = join(tmp, 'bad.jsonl');
  writeFileSync(bad, JSON.stringify({ text: 'שלום', label: [] }) + '\n{"text": "x", "label": [[0, 9, "PER"]]\n');

  await page.getByRole('button', { name: 'Import annotations…' }).click();
  const dialog = page.locator('dialog.xfer[aria-labelledby="import-title"]');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Format').selectOption('doccano');
  await expect(dialog.getByLabel('Annotator')).toHaveValue('dana');

  app.answerImportPaths([bad]);
  await dialog.getByRole('button', { name: /Choose files/ }).click();
  await expect(dialog.getByTestId('import-paths')).toContainText('bad.jsonl');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const error = dialog.getByTestId('import-error');
  await expect(error).toContainText('bad.jsonl');
  await expect(error).toContainText('line 2');
  expect(app.call('documents.list', {})).toHaveLength(2);

  app.answerImportPaths([good]);
  await dialog.getByRole('button', { name: /Choose files/ }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-summary')).toContainText('Imported 1 document');
  await expect(dialog.getByTestId('import-summary')).toContainText('1 mention');
  expect(app.dialogRequests.at(-1)).toMatchObject({ dialog: 'import', options: { extensions: ['jsonl', 'json'] } });
  await dialog.getByRole('button', { name: 'Close' }).click();

  const docs = app.call('documents.list', {});
  expect(docs).toHaveLength(3);
  const added = docs.find((d) => d.mentionCount === 1 && !d.name.startsWith('00'))!;
  expect(added).toBeDefined();
  await expect(page.locator(`.doc-text[data-doc-id="${added.id}"]`)).toBeAttached();
  await expect(page.locator('.mention-row')).toHaveCount(1);
  await expect(page.locator('.mention-row')).toContainText('GPE');

  // A type the schema lacks: the dialog asks first; "Don't import" keeps the project unchanged.
  const other = join(tmp, 'unknown-type.jsonl');
  const text2 = 'הרמטכ"ל ביקר בבסיס.';
  writeFileSync(other, JSON.stringify({ text: text2, label: [[0, 7, 'RANK']] }) + '\n');
  await page.getByRole('button', { name: 'Import annotations…' }).click();
  await dialog.getByLabel('Format').selectOption('doccano');
  app.answerImportPaths([other]);
  await dialog.getByRole('button', { name: /Choose files/ }).click();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const confirm = dialog.getByTestId('import-confirm-types');
  await expect(confirm).toContainText('RANK');
  await confirm.getByRole('button', { name: "Don't import" }).click();
  expect(app.call('documents.list', {})).toHaveLength(3);
  expect(app.call('schema.get', {}).entityTypes.map((t) => t.name)).not.toContain('RANK');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByTestId('import-confirm-types').getByRole('button', { name: 'Add them and import' }).click();
  await expect(dialog.getByTestId('import-summary')).toContainText('Added to the schema');
  expect(app.call('documents.list', {})).toHaveLength(4);
  expect(app.call('schema.get', {}).entityTypes.map((t) => t.name)).toContain('RANK');
});
