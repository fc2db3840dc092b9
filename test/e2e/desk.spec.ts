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
