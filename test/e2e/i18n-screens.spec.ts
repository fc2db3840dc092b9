/**
 * No English left in a Hebrew or Arabic window: every screen and dialog is walked in each
 * language — the main screen with a mention and with an event selected, the type picker (`v`),
 * the keys help (`?`), the find bar, the Reading menu, the annotator dialog, the
 * schema editor (every tab, its problems, its confirmation), the import dialog (its schema question
 * and its report), the export dialog (every format, and its report), the occurrences preview,
 * the guidelines panel, the review screen (and its document menu) and its agreement figures and charts, the Problems list
 * with problems and the document list's badges (sorted by status, size and last change) — and each is
 * checked by `untranslated` (untranslated.ts): a Latin-script word that is not one of the
 * project's names (schema, annotators, documents, files), a product, format or key name fails.
 * The same walk in English finds English on each screen, so the check can fail.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ARABIC_SEED, HEBREW_SEED, annotate, dragAcross, expect, spanOf, test, type QalamApp } from './harness';
import { projectNames, untranslated } from './untranslated';
import { en, type MessageKey } from '../../renderer/src/i18n/en';
import { he } from '../../renderer/src/i18n/he';
import { ar } from '../../renderer/src/i18n/ar';
import { formatMessage, type MessageValues } from '../../renderer/src/i18n/format';

type Lang = 'en' | 'he' | 'ar';
const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, he, ar };
const tr = (lang: Lang, key: MessageKey, values?: MessageValues) => formatMessage(lang, CATALOGUES[lang][key], values);

/** Walks the window; `check(name, scope)` is called on each screen or dialog as it is shown. */
async function walk(app: QalamApp, lang: Lang, check: (name: string, scope: string) => Promise<void>) {
  const page = app.page;
  const T = (key: MessageKey, values?: MessageValues) => tr(lang, key, values);
  const view = app.view(HEBREW_SEED);
  await app.open(HEBREW_SEED);

  // The main screen with a mention selected (its attributes and note in the side panel).
  await dragAcross(page, view, spanOf(view.text, 'רוסיה'));
  await page.keyboard.press('3');
  await expect(page.locator('.mention-row')).toHaveCount(1);
  await page.locator('.mention-row').first().click();
  await check('main screen, a mention selected', '.app');

  // The occurrences preview (o).
  await page.keyboard.press('o');
  const occurrences = page.locator('dialog[open]').filter({ has: page.locator('[data-testid^="occurrence"], .occ-actions, .dialog-actions') });
  if (await occurrences.count()) {
    await check('occurrences preview', 'dialog[open]');
    await page.keyboard.press('Escape');
  }

  // An event: its panel with roles; then the type picker.
  await dragAcross(page, view, spanOf(view.text, 'ושלחה'));
  await page.keyboard.press('a');
  await expect(page.locator('.ev-frame, [data-testid="event-panel"]').first()).toBeVisible();
  await check('main screen, an event selected', '.app');
  await page.keyboard.press('Escape');
  await dragAcross(page, view, spanOf(view.text, 'החליטה'));
  await page.keyboard.press('v');
  await expect(page.getByTestId('type-picker')).toBeVisible();
  await check('event type picker', '[data-testid="type-picker"]');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('type-picker')).toBeHidden();

  // The keys help.
  await page.locator('.doc-text [data-para]').first().click();
  await page.keyboard.press('?');
  await expect(page.getByTestId('key-help')).toBeVisible();
  await check('keys help', '[data-testid="key-help"]');
  await page.keyboard.press('Escape');

  // The find bar, with no match.
  await page.locator('.doc-text [data-para]').first().click();
  await page.keyboard.press('Control+f');
  await page.locator('.find-input').fill('zzzz');
  await check('find bar', '.find-bar');
  await page.locator('.find-input').fill('');
  await page.locator('.find-input').press('Escape');

  // The Reading menu (the Projects menu needs the project host: projects.spec.ts).
  for (const menu of ['reading-menu']) {
    await page.getByTestId(menu).click();
    await expect(page.getByTestId(`${menu}-panel`)).toBeVisible();
    await check(menu, `[data-testid="${menu}-panel"]`);
    await page.getByTestId(menu).click();
  }

  // The annotator dialog.
  await page.getByTestId('annotator').click();
  const annotatorDialog = page.locator('dialog[aria-labelledby="annotator-title"]');
  await expect(annotatorDialog).toBeVisible();
  await check('annotator dialog', 'dialog[aria-labelledby="annotator-title"]');
  await page.keyboard.press('Escape');
  await expect(annotatorDialog).toBeHidden();

  // The guidelines panel.
  await page.getByTestId('guidelines-toggle').click();
  await expect(page.getByTestId('guidelines-panel')).toBeVisible();
  await check('guidelines panel', '[data-testid="guidelines-panel"]');
  await page.getByTestId('guidelines-edit').click();
  await check('guidelines editor', '[data-testid="guidelines-panel"]');
  await page.getByTestId('guidelines-cancel').click();
  await page.getByTestId('guidelines-toggle').click();

  // The schema editor: every tab, the problems of a hotkey conflict, the confirmation of a removal.
  await page.getByRole('button', { name: T('header.schema'), exact: true }).click();
  const editor = page.locator('dialog.schema-editor');
  await expect(editor).toBeVisible();
  for (const tab of ['events', 'relations', 'attributes', 'entities'] as const) {
    await editor.getByRole('tab', { name: new RegExp(T(`schema.tab.${tab}`)) }).click();
    await check(`schema editor: ${tab}`, 'dialog.schema-editor');
  }
  const keys = editor.getByLabel(T('schema.hotkey'), { exact: true });
  await keys.nth(1).fill('n');
  await keys.nth(2).fill('1');
  await editor.getByRole('button', { name: T('schema.save'), exact: true }).click();
  await expect(editor.getByTestId('schema-problems')).toBeVisible();
  await check('schema editor: problems', 'dialog.schema-editor');
  await keys.nth(1).fill('2');
  await keys.nth(2).fill('3');
  await editor.getByRole('button', { name: T('schema.delete', { name: 'GPE' }), exact: true }).click();
  await editor.getByRole('button', { name: T('schema.save'), exact: true }).click();
  await expect(page.locator('dialog.se-confirm')).toBeVisible();
  await check('schema editor: confirmation', 'dialog.se-confirm');
  await page.locator('dialog.se-confirm').getByRole('button', { name: T('schema.confirm.keep') }).click();
  await editor.getByRole('button', { name: T('schema.cancel'), exact: true }).click();
  await expect(editor).toBeHidden();

  // The import dialog: as opened, asking about a type the schema lacks, and its report.
  const dir = mkdtempSync(join(tmpdir(), 'qalam-i18n-'));
  const file = join(dir, `new-${lang}.jsonl`);
  writeFileSync(file, JSON.stringify({ text: `טקסט חדש ${lang}`, label: [[0, 4, 'RANK']] }) + '\n');
  await page.getByRole('button', { name: T('header.importAnnotations'), exact: true }).click();
  const importer = page.locator('dialog.xfer[aria-labelledby="import-title"]');
  await expect(importer).toBeVisible();
  await check('import dialog', 'dialog.xfer[open]');
  await importer.getByLabel(T('import.format'), { exact: true }).selectOption('doccano');
  await check('import dialog (doccano)', 'dialog.xfer[open]');
  app.answerImportPaths([file]);
  await importer.getByRole('button', { name: T('import.choose', { folders: 'no' }) }).click();
  await importer.getByRole('button', { name: T('import.run'), exact: true }).click();
  await expect(importer.getByTestId('import-confirm-types')).toBeVisible();
  await check('import dialog: schema question', 'dialog.xfer[open]');
  await importer.getByTestId('import-confirm-types').getByRole('button', { name: T('import.addAndImport') }).click();
  await expect(importer.getByTestId('import-summary')).toBeVisible();
  await check('import dialog: report', 'dialog.xfer[open]');
  await importer.getByRole('button', { name: T('import.close'), exact: true }).click();
  await app.open(HEBREW_SEED);

  // The export dialog: every format's options, and its report.
  await page.getByRole('button', { name: T('header.export'), exact: true }).first().click();
  const exporter = page.locator('dialog.xfer[aria-labelledby="export-title"]');
  await expect(exporter).toBeVisible();
  for (const format of ['conll', 'doccano', 'jsonl']) {
    await exporter.getByLabel(T('export.format'), { exact: true }).selectOption(format);
    await check(`export dialog (${format})`, 'dialog.xfer[open]');
  }
  // Chosen documents: every document of the project, searched and paged (DocumentPicker).
  await exporter.locator('input[name="export-docs"][value="selected"]').check();
  await expect(exporter.getByTestId('doc-picker-range')).toBeVisible();
  await check('export dialog: chosen documents', 'dialog.xfer[open]');
  app.answerExportPath(join(dir, `out-${lang}.jsonl`));
  await exporter.locator('.dialog-actions .btn-primary').click();
  await expect(exporter.getByTestId('export-summary')).toBeVisible();
  await check('export dialog: report', 'dialog.xfer[open]');
  await page.keyboard.press('Escape');
  await expect(exporter).toBeHidden();

  // The review screen, then its agreement figures and charts.
  await page.getByTestId('review-toggle').click();
  const screen = page.getByTestId('review-screen');
  await expect(screen.locator('.review-dis-item').first()).toBeVisible();
  await check('review screen', '[data-testid="review-screen"]');
  await page.getByTestId('review-doc-menu').click();
  await expect(screen.getByTestId('doc-picker-range')).toBeVisible();
  await check('review screen: document menu', '[data-testid="review-screen"]');
  await page.keyboard.press('Escape');
  await expect(screen.getByTestId('doc-picker')).toHaveCount(0);
  await page.keyboard.press('t');
  await expect(page.getByTestId('agreement-panel')).toBeVisible();
  await expect(page.getByTestId('chart-confusion')).toBeVisible();
  await check('agreement', '[data-testid="review-screen"]');
  await page.getByTestId('review-toggle').click();
  await expect(screen).toHaveCount(0);

  // The Problems list with problems (each said from its kind and params, not the service's English
  // sentence) and the document list's badges: a problem count, done, in progress (sorted by
  // status), the size and the last change (sorted by them), the language badge and its tooltip.
  app.call('session.setAnnotator', { name: 'dana' });
  const arabic = app.view(ARABIC_SEED);
  const made = (type: string, word: string) => app.call('mentions.create', { docId: arabic.id, type, ...spanOf(arabic.text, word) }).mention.id;
  const country = made('GPE', 'كازخستان');
  const government = made('ORG', 'الحكومة');
  app.call('events.create', {
    docId: arabic.id,
    type: 'Personnel:End-Position',
    ...spanOf(arabic.text, 'استقالتها'),
    arguments: [
      { role: 'Person', mentionId: country },
      { role: 'Entity', mentionId: government },
      { role: 'Entity', mentionId: country },
    ],
  });
  app.call('relations.create', { docId: arabic.id, type: 'GEN-AFF', arg1: country, arg2: government });
  app.call('documents.setStatus', { docId: arabic.id, status: 'in-progress' });
  app.call('documents.setStatus', { docId: view.id, status: 'done' });
  const problems = app.call('documents.validate', { docId: arabic.id });
  expect(new Set(problems.map((p) => p.kind))).toEqual(new Set(['wrong-argument-type', 'too-many-arguments', 'wrong-relation-argument']));
  await app.load();
  await app.open(ARABIC_SEED);
  await expect(page.locator('[data-testid="problems"] .ev-problem')).toHaveCount(problems.length);
  await check('problems list', '[data-testid="problems"]');
  await expect(page.locator(`.doc-item[data-doc-id="${arabic.id}"] [data-testid="doc-problems"]`)).toBeVisible();
  await check('document list', '.doc-list');
  for (const key of ['status', 'size', 'changed'] as const) {
    await page.getByTestId('doc-sort').selectOption(key);
    await expect(page.locator('.doc-item').first()).toBeVisible();
    await check(`document list sorted by ${key}`, '.doc-list');
  }
  await page.getByTestId('doc-sort').selectOption('order');
}

async function setUp(app: QalamApp, lang: Lang): Promise<Page> {
  const view = app.view(HEBREW_SEED);
  // Two annotators who disagree, so the review and its agreement have figures.
  annotate(app, 'avi', view.id, [
    { type: 'GPE', span: spanOf(view.text, 'רוסיה') },
    { type: 'GPE', span: spanOf(view.text, 'בקזחסטן') },
  ]);
  annotate(app, 'bat', view.id, [
    { type: 'ORG', span: spanOf(view.text, 'רוסיה') },
    { type: 'GPE', span: spanOf(view.text, 'בקזחסטן') },
  ]);
  app.call('session.setAnnotator', { name: 'dana' });
  await app.page.addInitScript((l) => localStorage.setItem('qalam.locale', l), lang);
  await app.load();
  await expect(app.page.locator('html')).toHaveAttribute('lang', lang);
  return app.page;
}

for (const lang of ['he', 'ar'] as const) {
  test(`every screen and dialog in ${lang === 'he' ? 'Hebrew' : 'Arabic'}: no English left`, async ({ app }) => {
    test.setTimeout(240_000);
    const page = await setUp(app, lang);
    const left: string[] = [];
    await walk(app, lang, async (name, scope) => {
      const found = await untranslated(page, scope, projectNames(app));
      left.push(...found.map((s) => `${name}: ${s}`));
    });
    expect(left).toEqual([]);
  });
}

test('the same walk in English finds English on every screen (the check can fail)', async ({ app }) => {
  test.setTimeout(240_000);
  const page = await setUp(app, 'en');
  const silent: string[] = [];
  await walk(app, 'en', async (name, scope) => {
    if ((await untranslated(page, scope, projectNames(app))).length === 0) silent.push(name);
  });
  expect(silent).toEqual([]);
});
