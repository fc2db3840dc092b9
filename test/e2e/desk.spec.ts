/**
 * The annotator's desk (issue 14): what a new Hebrew or Arabic annotator hit. Each test here
 * failed before its fix.
 */
import { HEBREW_SEED, clickOn, dragAcross, expect, spanOf, test } from './harness';

test.describe('find with a caret or a selection in the text', () => {
  test('Ctrl+F opens the bar with a caret in the text, and a selected word becomes the query', async ({ app }) => {
    await app.load();
    const view = await app.open(HEBREW_SEED);
    const page = app.page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A caret in the text.
    await clickOn(page, view, spanOf(view.text, 'בקזחסטן').start + 2);
    await page.keyboard.press('Control+f');
    const input = page.getByRole('searchbox', { name: 'Find' });
    await expect(input).toBeFocused();
    await input.press('Escape');
    await expect(page.locator('.find-bar')).toHaveCount(0);
    // A selected word.
    await dragAcross(page, view, spanOf(view.text, 'בקזחסטן'));
    await page.keyboard.press('Control+f');
    await expect(input).toBeFocused();
    await expect(input).toHaveValue('בקזחסטן');
    await expect(page.locator('.find-count')).not.toHaveText('No matches');
    await expect(page.locator('.status-error')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

test.describe('the document header', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    test(`at ${width}×${height} nothing overflows it, and the first tag does not move the text`, async ({ app }) => {
      const page = app.page;
      await page.setViewportSize({ width, height });
      await app.load();
      const view = await app.open(HEBREW_SEED);
      const center = page.locator('main.center');
      // Every control of the header lies within the centre column (none under the side panel).
      const outside = () =>
        center.evaluate((main) => {
          const box = main.getBoundingClientRect();
          return [...main.querySelectorAll<HTMLElement>('.doc-title input, .doc-title select, .doc-title label, .doc-title button, .doc-title h1')]
            .filter((el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
            })
            .map((el) => el.getAttribute('aria-label') ?? el.textContent);
        });
      expect(await outside()).toEqual([]);
      const top = () => page.locator('.doc-scroll').evaluate((el) => el.getBoundingClientRect().top);
      const before = await top();
      await dragAcross(page, view, spanOf(view.text, 'בקזחסטן'));
      await page.keyboard.press('3');
      await expect(page.locator('.mention-row')).toHaveCount(1);
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      expect(await top()).toBe(before);
      expect(await outside()).toEqual([]);
    });
  }
});

test.describe('first start', () => {
  test.use({ annotator: null });
  test('no error behind the name prompt, none after the name is given, and no message names an internal call', async ({ app }) => {
    const page = app.page;
    await page.goto('about:blank');
    await app.load().catch(() => undefined); // the name prompt is modal on first start
    const dialog = page.locator('dialog[aria-labelledby="annotator-title"]');
    await expect(dialog).toBeVisible();
    // The document behind the prompt is open (its text shows), and nothing failed.
    await expect(page.locator('.doc-text [data-para]').first()).toBeAttached();
    await expect(page.locator('.status-error')).toHaveCount(0);
    await page.locator('input[name=annotator]').fill('noa');
    await page.getByRole('button', { name: 'Start annotating' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('.status-info')).toContainText('noa');
    await expect(page.locator('.status-error')).toHaveCount(0);
    // The annotator can tag at once.
    await page.locator('.doc-text [data-para]').first().dblclick();
    await page.keyboard.press('1');
    await expect(page.locator('.mention-row')).toHaveCount(1);
    await expect(page.locator('.status-error')).toHaveCount(0);
  });

  test('an error from the service is shown without the name of an internal call', async ({ app }) => {
    const page = app.page;
    await page.goto('about:blank');
    await app.load().catch(() => undefined);
    await expect(page.locator('dialog[aria-labelledby="annotator-title"]')).toBeVisible();
    // Asking for the own set before saying who you are: the service refuses, in words a person reads.
    const docId = app.summary(HEBREW_SEED).id;
    const text = await page.evaluate(async (docId) => {
      const r = (await window.qalam.invoke('annotations.list', { docId })) as { ok: boolean; error?: { message: string } };
      return r.ok ? 'answered' : (r.error?.message ?? '');
    }, docId);
    expect(text).toMatch(/annotator/);
    expect(text).not.toMatch(/\b[a-z]+\.[a-zA-Z]+\b/);
  });
});
