/**
 * The interface in Hebrew and Arabic (renderer/src/i18n): the language picker in the header, the
 * default from the system language, the whole window mirrored (<html dir="rtl">, the side panel on
 * the left), and no English left on the translated screens: every visible text node and every
 * title and placeholder outside the document text, the schema's type names, file and annotator
 * names and <kbd> is checked for Latin-letter words (a short allow-list of product, format and key
 * names). Screenshots of the main screen at 1440×900 in each language, to look at.
 *
 * Translated so far: the main annotation screen (header, document list, document header, events,
 * relations, problems, mentions, keys help, the status line, the annotator dialog), the find bar,
 * the export dialog and the review screen's compare view. Not yet: the agreement view, the import
 * dialog and the schema editor.
 */
import type { Page } from '@playwright/test';
import { HEBREW_SEED, annotate, expect, spanOf, test, type QalamApp } from './harness';

const ANNOTATOR_DIALOG = 'dialog[aria-labelledby="annotator-title"]';

/** Words that stay in Latin letters in every language: the product, formats, keys, directions. */
const ALLOWED = new Set(['Qalam', 'JSONL', 'CoNLL', 'brat', 'doccano', 'Label', 'Studio', 'UTF', 'txt', 'ann', 'conf', 'RTL', 'LTR', 'Ctrl', 'Shift', 'Alt', 'Tab', 'Enter', 'Delete', 'Esc', 'Escape', 'Aa', 'gold', 'train', 'dev', 'test', 'BIO', 'BIOES', 'Unicode']);

/** Where names stay as they are: the text, schema types, documents, annotators, keys. */
const SKIP = [
  '.doc-text',
  'kbd',
  '.legend-name',
  '.legend-item',
  '.mention-type',
  '.mention-text',
  '.mention-offsets',
  '.ev-type',
  '.ev-role-name',
  '.doc-name',
  '.doc-title h1',
  '.project-name',
  '.annotator-name',
  '.avatar',
  '.chip-btn',
  '.status-msg',
  '.lang-picker',
  '.view-set option',
  '.ov-chip',
  '.ev-attrs',
  '.type-name',
  '.review-set-name',
  '.review-col-title',
  '.review-member',
  '.review-dis-text',
  '.review-dis-args',
  '.review-gold-type',
  '.review-gold-text',
  '.ev-heading-trigger',
].join(', ');

/** Visible UI strings (text nodes, titles, placeholders, aria-labels) with a Latin word not allowed. */
async function englishLeft(page: Page, scope: string): Promise<string[]> {
  const found = await page.evaluate(
    ({ scope, skip }) => {
      const out: string[] = [];
      const root = document.querySelector(scope);
      if (!root) return [`no ${scope}`];
      const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ visibilityProperty: true }) ?? true;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const text = n.textContent?.trim() ?? '';
        if (!el || !text || el.closest(skip) || !visible(el)) continue;
        // Of a <select>, only the chosen option shows.
        const option = el.closest('option');
        if (option && !(option as HTMLOptionElement).selected) continue;
        out.push(text);
      }
      for (const el of root.querySelectorAll('[title], [placeholder], [aria-label]')) {
        if (el.closest(skip) || !visible(el)) continue;
        for (const a of ['title', 'placeholder', 'aria-label']) {
          const v = el.getAttribute(a);
          if (v) out.push(`${a}: ${v}`);
        }
      }
      return out;
    },
    { scope, skip: SKIP },
  );
  return found.filter((s) => {
    const words = s.replace(/^(title|placeholder|aria-label): /, '').match(/(?<![\p{L}\p{N}_])[A-Za-z]{2,}(?![\p{L}\p{N}_])/gu) ?? [];
    return words.some((w) => !ALLOWED.has(w));
  });
}

async function pickLanguage(app: QalamApp, lang: 'en' | 'he' | 'ar') {
  await app.page.getByTestId('ui-language').selectOption(lang);
  await expect(app.page.locator('html')).toHaveAttribute('lang', lang);
}

async function expectMirrored(page: Page, rtl: boolean) {
  await expect(page.locator('html')).toHaveAttribute('dir', rtl ? 'rtl' : 'ltr');
  const panel = await page.locator('.side-right').boundingBox();
  const docs = await page.locator('.side-left').boundingBox();
  const center = await page.locator('main.center').boundingBox();
  expect(panel && docs && center).toBeTruthy();
  if (rtl) {
    // The events/mentions panel on the left, the document list on the right.
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(center!.x + 1);
    expect(docs!.x).toBeGreaterThanOrEqual(center!.x + center!.width - 1);
  } else {
    expect(panel!.x).toBeGreaterThanOrEqual(center!.x + center!.width - 1);
  }
}

/** Nothing in the header spills out of the window or over its neighbours. */
async function expectHeaderFits(page: Page) {
  const overflow = await page.evaluate(() => {
    const header = document.querySelector('.app-header') as HTMLElement;
    const out: string[] = [];
    if (header.scrollWidth > header.clientWidth + 1) out.push(`header scrolls ${header.scrollWidth} > ${header.clientWidth}`);
    for (const el of header.querySelectorAll<HTMLElement>('button, select, label')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1)) out.push(`${el.textContent} at ${r.left}–${r.right}`);
    }
    return out;
  });
  expect(overflow).toEqual([]);
}

test('the main screen in Hebrew and Arabic: translated, mirrored, kept after a restart', async ({ app }, testInfo) => {
  await app.load();
  const page = app.page;
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await app.open(HEBREW_SEED);
  // A mention, so the mention list, its panel and the document header have content.
  await page.locator('.doc-text [data-para]').first().dblclick();
  await page.keyboard.press('1');
  await expect(page.locator('.mention-row')).toHaveCount(1);

  // English is what the allow-list is measured against: it does find English.
  expect((await englishLeft(page, '.app')).length).toBeGreaterThan(20);

  for (const lang of ['he', 'ar'] as const) {
    await pickLanguage(app, lang);
    await expectMirrored(page, true);
    await expect(page.locator('.doc-list h2')).toHaveText(lang === 'he' ? 'מסמכים' : 'المستندات');
    expect(await englishLeft(page, '.app'), `English left in the ${lang} main screen`).toEqual([]);
    // The chip over the mention names its type, and says the rest in the language (once redrawn).
    await page.locator('.mention-row').first().click();
    await expect(page.locator('.ov-chip').first()).toHaveAttribute('title', lang === 'he' ? /לחצו לבחירה/ : /انقر للتحديد/);
    await expectHeaderFits(page);
    // The document keeps its own direction.
    await expect(page.locator('.doc-text [data-para]').first()).toHaveAttribute('dir', 'rtl');
    await page.screenshot({ path: testInfo.outputPath(`main-${lang}.png`) });

    // The annotator dialog.
    await page.getByTestId('annotator').click();
    await expect(page.locator(ANNOTATOR_DIALOG)).toBeVisible();
    expect(await englishLeft(page, ANNOTATOR_DIALOG), `English left in the ${lang} annotator dialog`).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.locator(ANNOTATOR_DIALOG)).toBeHidden();
  }

  // Kept: after a restart the window is still in Arabic.
  await app.restart();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('ui-language')).toHaveValue('ar');

  // And back to English, left to right.
  await pickLanguage(app, 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('.doc-list h2')).toHaveText('Documents');
});

test.describe('the default language comes from the system', () => {
  test.use({ locale: 'he-IL', annotator: null });
  test('a Hebrew system opens in Hebrew, the first-start dialog included', async ({ app }) => {
    await app.page.goto('about:blank');
    await app.load().catch(() => undefined); // the name prompt is modal on first start
    const page = app.page;
    await expect(page.locator('html')).toHaveAttribute('lang', 'he');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('#annotator-title')).toHaveText('ברוכים הבאים ל־Qalam');
    expect(await englishLeft(page, ANNOTATOR_DIALOG)).toEqual([]);
    await page.locator('input[name=annotator]').fill('');
    await page.getByRole('button', { name: 'התחלת תיוג' }).click();
    await expect(page.locator('#annotator-error')).toHaveText('נא להזין שם.');
  });
});

test.describe('an Arabic system', () => {
  test.use({ locale: 'ar-EG' });
  test('opens in Arabic, mirrored', async ({ app }) => {
    await app.load();
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'ar');
    await expectMirrored(app.page, true);
    await expect(app.page.getByTestId('ui-language')).toHaveValue('ar');
  });
});

test('the review screen, the find bar, the export dialog and the status line in Hebrew and Arabic', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  const view = app.view(HEBREW_SEED);
  // Two annotators (Hebrew names: names are never translated) who disagree on one mention.
  annotate(app, 'אבי', view.id, [{ type: 'GPE', span: spanOf(view.text, 'רוסיה') }, { type: 'GPE', span: spanOf(view.text, 'בקזחסטן') }]);
  annotate(app, 'בת', view.id, [{ type: 'ORG', span: spanOf(view.text, 'רוסיה') }, { type: 'GPE', span: spanOf(view.text, 'בקזחסטן') }]);
  app.call('session.setAnnotator', { name: 'dana' });
  await app.load();
  const page = app.page;
  await app.open(HEBREW_SEED);
  const types = new Set((app.call('session.get', {}).schema.entityTypes ?? []).map((t) => t.name));
  /** The status line's texts, the schema's type names left out. */
  const statusEnglish = async () =>
    (await page.locator('.status-text').allTextContents()).filter((text) =>
      (text.match(/(?<![\p{L}\p{N}_])[A-Za-z][A-Za-z-]+(?![\p{L}\p{N}_])/gu) ?? []).some((w) => !types.has(w) && !ALLOWED.has(w)),
    );
  // In English the checks do find English (so they can fail).
  await page.locator('.doc-text [data-para]').first().click();
  await page.keyboard.press('Control+f');
  await expect(page.locator('.find-bar')).toBeVisible();
  expect((await englishLeft(page, '.find-bar')).length).toBeGreaterThan(3);
  await page.keyboard.press('Escape');

  for (const lang of ['he', 'ar'] as const) {
    await pickLanguage(app, lang);
    // The find bar.
    await page.locator('.doc-text [data-para]').first().click();
    await page.keyboard.press('Control+f');
    await expect(page.locator('.find-bar')).toBeVisible();
    await page.locator('.find-input').fill('zzzz');
    expect(await englishLeft(page, '.find-bar'), `English left in the ${lang} find bar`).toEqual([]);
    await page.locator('.find-input').fill('');
    await page.locator('.find-input').press('Escape');
    await expect(page.locator('.find-bar')).toHaveCount(0);
    // Status messages: a tag, then a deletion.
    await page.locator('.doc-text [data-para]').first().dblclick();
    await page.keyboard.press('1');
    // stored (its row listed, the mention selected) before it is deleted
    await expect(page.locator('.mention-row')).toHaveCount(1);
    await expect(page.locator('.status-info')).toHaveCount(1);
    expect(await statusEnglish(), `English left in the ${lang} status line`).toEqual([]);
    await page.keyboard.press('Delete');
    await expect(page.locator('.mention-row')).toHaveCount(0);
    expect(await statusEnglish(), `English left in the ${lang} status line`).toEqual([]);
    // The export dialog (CoNLL, with its tag options).
    await page.getByRole('button', { name: lang === 'he' ? 'ייצוא…' : 'تصدير…' }).first().click();
    const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
    await expect(dialog).toBeVisible();
    expect(await englishLeft(page, 'dialog.xfer[open]'), `English left in the ${lang} export dialog`).toEqual([]);
    await dialog.locator('select').first().selectOption('conll');
    expect(await englishLeft(page, 'dialog.xfer[open]'), `English left in the ${lang} export dialog (CoNLL)`).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`export-${lang}.png`) });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // The review screen, before and after a decision.
    await page.getByTestId('review-toggle').click();
    const screen = page.getByTestId('review-screen');
    await expect(screen.locator('.review-dis-item')).toHaveCount(1);
    expect(await englishLeft(page, '[data-testid="review-screen"]'), `English left in the ${lang} review screen`).toEqual([]);
    if (lang === 'he') {
      await page.keyboard.press('1');
      await expect(screen.locator('.review-dis-item')).toHaveAttribute('data-resolution', 'accepted');
      expect(await englishLeft(page, '[data-testid="review-screen"]'), `English left in the ${lang} review screen`).toEqual([]);
      expect(await statusEnglish(), `English left in the ${lang} status line`).toEqual([]);
    }
    await page.screenshot({ path: testInfo.outputPath(`review-${lang}.png`) });
    await page.getByTestId('review-toggle').click();
    await expect(screen).toHaveCount(0);
  }
});
