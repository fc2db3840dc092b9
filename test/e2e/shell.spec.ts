/**
 * The rest of the view: the first-start annotator dialog, the immutable text, caret movement in
 * right-to-left paragraphs, the schema and the status line that shows the bridge's errors.
 */
import {
  ARABIC_SEED,
  HEBREW_SEED,
  clickBefore,
  domSelection,
  dragAcross,
  expect,
  locate,
  spanOf,
  test,
  waitForMention,
  type QalamApp,
} from './harness';

async function shownText(app: QalamApp): Promise<string> {
  return app.page
    .locator('.doc-text')
    .evaluate((el) => [...el.querySelectorAll(':scope > [data-para]')].map((p) => p.textContent ?? '').join('\n'));
}

test.describe('first start', () => {
  test.use({ annotator: null });

  test('asks for the annotator in a dialog, then shows and can change them', async ({ app }) => {
    expect(app.call('session.get', {}).annotator).toBeNull();
    await app.load();
    const dialog = app.page.getByRole('dialog', { name: 'Welcome to Qalam' });
    await expect(dialog).toBeVisible();
    // Not dismissable: every mention records its annotator.
    await app.page.keyboard.press('Escape');
    await expect(dialog).toBeVisible();
    // An empty name is refused in the dialog.
    await dialog.getByRole('button', { name: 'Start annotating' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Please enter a name.');
    await dialog.getByLabel('Your name').fill('  נועה  ');
    await dialog.getByRole('button', { name: 'Start annotating' }).click();
    await expect(dialog).toBeHidden();
    expect(app.call('session.get', {}).annotator).toBe('נועה');
    await expect(app.page.getByTestId('annotator')).toContainText('נועה');

    // Tag something as נועה, then switch to another annotator: their own (empty) mentions.
    const view = await app.open(HEBREW_SEED);
    await dragAcross(app.page, view, spanOf(view.text, 'רוסיה'));
    await app.page.keyboard.press('3');
    await waitForMention(app, view.id, () => true);
    await expect(app.page.locator('.mention-row')).toHaveCount(1);

    await app.page.getByTestId('annotator').click();
    const change = app.page.getByRole('dialog', { name: 'Change annotator' });
    await expect(change).toBeVisible();
    await change.getByLabel('Your name').fill('omer');
    await change.getByRole('button', { name: 'Switch' }).click();
    await expect(change).toBeHidden();
    await expect(app.page.getByTestId('annotator')).toContainText('omer');
    await expect(app.page.locator('.mention-row')).toHaveCount(0);
    await expect(app.page.locator('.ov-hl')).toHaveCount(0);

    // Back to נועה from the known annotators.
    await app.page.getByTestId('annotator').click();
    await change.getByRole('button', { name: 'נועה' }).click();
    await change.getByRole('button', { name: 'Switch' }).click();
    await expect(app.page.locator('.mention-row')).toHaveCount(1);
    // Escape cancels a change.
    await app.page.getByTestId('annotator').click();
    await expect(change).toBeVisible();
    await app.page.keyboard.press('Escape');
    await expect(change).toBeHidden();
  });
});

test('typing, deleting, pasting, cutting and IME input never change the text', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  expect(await shownText(app)).toBe(view.text);
  const word = spanOf(view.text, 'רוסיה');
  await clickBefore(app.page, view, word.start);
  await app.page.keyboard.type('abc שלום');
  await app.page.keyboard.press('Enter');
  await app.page.keyboard.press('Shift+Enter');
  await app.page.keyboard.press('Tab');
  await app.page.locator('.doc-text').focus();
  await clickBefore(app.page, view, word.start + 2);
  await app.page.keyboard.press('Backspace');
  await app.page.keyboard.press('Delete');
  await app.page.keyboard.press('Control+Backspace');
  // A selection replaced by a letter, cut, pasted over.
  await app.page.keyboard.press('Shift+ArrowLeft');
  await app.page.keyboard.press('Shift+ArrowLeft');
  await app.page.keyboard.type('x');
  await app.page.keyboard.press('Shift+ArrowLeft');
  await app.page.keyboard.press('Control+x');
  await app.page.keyboard.press('Control+v');
  await app.page.keyboard.insertText('הודעה');
  // An IME composition (cannot be prevented in the DOM: reverted).
  const cdp = await app.page.context().newCDPSession(app.page);
  await cdp.send('Input.imeSetComposition', { text: 'ש', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: 'ש' });
  await app.page.waitForTimeout(150);

  expect(await shownText(app)).toBe(view.text);
  await expect(app.page.locator('.doc-text > [data-para]')).toHaveCount(view.paragraphs.length);
  expect(app.mentions(view.id)).toEqual([]);
  // Bold and friends do nothing either.
  await app.page.keyboard.press('Control+b');
  expect(await shownText(app)).toBe(view.text);
  await expect(app.page.locator('.doc-text strong, .doc-text b, .doc-text em')).toHaveCount(0);
});

for (const [seed, word, dirName] of [
  [HEBREW_SEED, 'ההפגנות', 'Hebrew'],
  [ARABIC_SEED, 'الحكومة', 'Arabic'],
] as const) {
  test(`arrow keys move logically in ${dirName}: → to the previous letter, ← to the next`, async ({ app }) => {
    await app.load();
    const view = await app.open(seed);
    const w = spanOf(view.text, word);
    const at = (cp: number) => locate(view, cp);
    await clickBefore(app.page, view, w.start + 3);
    await expect.poll(() => domSelection(app.page).then((s) => s?.focus)).toEqual(at(w.start + 3));

    await app.page.keyboard.press('ArrowRight');
    await expect.poll(() => domSelection(app.page).then((s) => s?.focus)).toEqual(at(w.start + 2));
    await app.page.keyboard.press('ArrowLeft');
    await app.page.keyboard.press('ArrowLeft');
    await expect.poll(() => domSelection(app.page).then((s) => s?.focus)).toEqual(at(w.start + 4));
    // Ctrl+→ goes to the start of the word (the previous word boundary).
    await app.page.keyboard.press('Control+ArrowRight');
    await expect.poll(() => domSelection(app.page).then((s) => s?.focus)).toEqual(at(w.start));
    // Shift+← extends the selection forward in the text.
    await app.page.keyboard.press('Shift+ArrowLeft');
    await app.page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => domSelection(app.page).then((s) => s?.text)).toBe([...word].slice(0, 2).join(''));
  });
}

test('bridge errors are shown in the status line and can be dismissed', async ({ app }) => {
  await app.load();
  const input = app.page.getByTestId('schema-file');

  // Not JSON at all.
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"entityTypes": [') });
  const error = app.page.locator('.status-error');
  await expect(error).toHaveCount(1);
  await expect(error).toHaveAttribute('data-code', 'schema-invalid');
  await expect(error).toContainText('broken.json');
  await expect(error).toHaveAttribute('role', 'alert');

  // Errors stay until dismissed, and stack.
  const view = await app.open(HEBREW_SEED);
  await dragAcross(app.page, view, spanOf(view.text, 'רוסיה'));
  await app.page.keyboard.press('3');
  await waitForMention(app, view.id, () => true);
  const dropsGpe = JSON.stringify({ entityTypes: [{ name: 'PER', color: '#77aadd', hotkey: '1' }] });
  await input.setInputFiles({ name: 'people-only.json', mimeType: 'application/json', buffer: Buffer.from(dropsGpe) });
  await expect(app.page.locator('.status-error')).toHaveCount(2);
  await expect(app.page.locator('.status-error').nth(1)).toHaveAttribute('data-code', 'conflict');
  await expect(app.page.locator('.status-error').nth(1)).toContainText('GPE');
  expect(app.call('schema.get', {}).entityTypes.map((t) => t.name)).toContain('GPE');

  await app.page.locator('.status-error').first().getByRole('button', { name: 'Dismiss' }).click();
  await expect(app.page.locator('.status-error')).toHaveCount(1);
  await app.page.locator('.status-error').getByRole('button', { name: 'Dismiss' }).click();
  await expect(app.page.locator('.status-error')).toHaveCount(0);
});

test('Replace schema… loads a JSON file: the legend and the hotkeys follow', async ({ app }) => {
  await app.load();
  const current = app.call('schema.get', {});
  const used = new Set([...current.entityTypes, ...(current.eventTypes ?? [])].map((t) => t.hotkey?.toLowerCase()));
  const key = [...'xqzwyuvbnlhfop'].find((k) => !used.has(k))!;
  const next = { ...current, entityTypes: [...current.entityTypes, { name: 'EVT', color: '#aa88dd', hotkey: key, description: 'Event' }] };
  await app.page.getByTestId('schema-file').setInputFiles({ name: 'with-events.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(next)) });
  await expect(app.page.locator('.legend-item[data-type="EVT"]')).toBeVisible();
  await expect(app.page.locator('.legend-item[data-type="EVT"] kbd')).toHaveText(key);
  await expect(app.page.locator('.status-info')).toContainText(`${next.entityTypes.length} entity types`);
  expect(app.call('schema.get', {}).entityTypes.map((t) => t.name)).toContain('EVT');
  const view = await app.open(HEBREW_SEED);
  await dragAcross(app.page, view, spanOf(view.text, 'ההפגנות'));
  await app.page.keyboard.press(key);
  const m = await waitForMention(app, view.id, () => true);
  expect(m.type).toBe('EVT');
  // The legend is clickable too (Alt-click: exact characters).
  await dragAcross(app.page, view, spanOf(view.text, 'רוסיה'));
  await app.page.locator('.legend-item[data-type="GPE"]').click();
  await waitForMention(app, view.id, (x) => x.type === 'GPE');
});
