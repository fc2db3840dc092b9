/**
 * Undo and redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) go to the service's persistent history, so they
 * work across a restart: the store is closed and reopened from the same file and the page
 * reloaded, and everything is found again.
 */
import {
  ARABIC_SEED,
  HEBREW_SEED,
  clickOn,
  dragAcross,
  expect,
  expectHighlightOn,
  spanOf,
  test,
  waitForMention,
  type QalamApp,
} from './harness';

const PER = '1';
const GPE = '3';

function types(app: QalamApp, docId: string) {
  return app
    .mentions(docId)
    .map((m) => `${m.type}@${m.start}-${m.end}`)
    .sort();
}

test('Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (create, retype, delete)', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const russia = spanOf(view.text, 'רוסיה');
  const almaty = spanOf(view.text, 'באלמטי', 'אלמטי');
  await dragAcross(app.page, view, russia);
  await app.page.keyboard.press(GPE);
  const m1 = await waitForMention(app, view.id, () => true);
  await dragAcross(app.page, view, almaty, { alt: true });
  await app.page.keyboard.press(GPE);
  const m2 = await waitForMention(app, view.id, (m) => m.id !== m1.id);
  await app.page.keyboard.press('Escape');

  // Undo the last create.
  await app.page.keyboard.press('Control+z');
  await expect.poll(() => app.mentions(view.id).map((m) => m.id)).toEqual([m1.id]);
  await expect(app.page.locator('.mention-row')).toHaveCount(1);
  await expect(app.page.locator(`.ov-hl[data-id="${m2.id}"]`)).toHaveCount(0);
  await expect(app.page.locator('.status-info')).toContainText('Undo: removed GPE “אלמטי”');
  // Redo with Ctrl+Shift+Z: the same mention comes back.
  await app.page.keyboard.press('Control+Shift+z');
  await expect.poll(() => app.mentions(view.id).length).toBe(2);
  expect(app.mentions(view.id).find((m) => m.id === m2.id)).toMatchObject(almaty);
  await expectHighlightOn(app, view, m2.id, almaty);

  // Retype, undo, redo with Ctrl+Y.
  await clickOn(app.page, view, russia.start + 1);
  await app.page.keyboard.press(PER);
  await expect.poll(() => app.mentions(view.id).find((m) => m.id === m1.id)?.type).toBe('PER');
  await app.page.keyboard.press('Control+z');
  await expect.poll(() => app.mentions(view.id).find((m) => m.id === m1.id)?.type).toBe('GPE');
  await expect(app.page.locator(`.ov-chip[data-id="${m1.id}"]`)).toHaveText('GPE');
  await app.page.keyboard.press('Control+y');
  await expect.poll(() => app.mentions(view.id).find((m) => m.id === m1.id)?.type).toBe('PER');

  // Delete and undo the delete.
  await clickOn(app.page, view, russia.start + 1);
  await app.page.keyboard.press('Delete');
  await expect.poll(() => app.mentions(view.id).length).toBe(1);
  await app.page.keyboard.press('Control+z');
  await expect.poll(() => app.mentions(view.id).map((m) => m.id).sort()).toEqual([m1.id, m2.id].sort());
  await expect(app.page.locator('.mention-row')).toHaveCount(2);

  // The toolbar buttons follow the history state: the delete can be redone, then undone again.
  await expect(app.page.getByRole('button', { name: 'Redo' })).toBeEnabled();
  await app.page.getByRole('button', { name: 'Redo' }).click();
  await expect.poll(() => app.mentions(view.id).length).toBe(1);
  await expect(app.page.getByRole('button', { name: 'Redo' })).toBeDisabled();
  await app.page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => app.mentions(view.id).length).toBe(2);
  await expect(app.page.getByRole('button', { name: 'Redo' })).toBeEnabled();
});

test('a restart (store reopened, page reloaded) finds everything, and undo still works', async ({ app }) => {
  await app.load();
  const he = await app.open(HEBREW_SEED);
  const kaz = spanOf(he.text, 'בקזחסטן', 'קזחסטן');
  const russia = spanOf(he.text, 'רוסיה');
  const org = spanOf(he.text, 'ארגון האמנה לביטחון משותף');
  await dragAcross(app.page, he, kaz, { alt: true });
  await app.page.keyboard.press(GPE);
  await waitForMention(app, he.id, () => true);
  await dragAcross(app.page, he, org, { alt: true });
  await app.page.keyboard.press('2');
  await waitForMention(app, he.id, (m) => m.type === 'ORG');
  await dragAcross(app.page, he, russia);
  await app.page.keyboard.press(GPE);
  const mRussia = await waitForMention(app, he.id, (m) => m.start === russia.start);
  await app.page.keyboard.press(PER); // the new mention is selected: retype it
  await expect.poll(() => app.mentions(he.id).find((m) => m.id === mRussia.id)?.type).toBe('PER');

  const ar = await app.open(ARABIC_SEED);
  const washington = spanOf(ar.text, 'لواشنطن', 'واشنطن');
  await dragAcross(app.page, ar, washington, { alt: true });
  await app.page.keyboard.press(GPE);
  await waitForMention(app, ar.id, () => true);
  const before = { he: types(app, he.id), ar: types(app, ar.id) };

  await app.restart();

  // The last document is open again, with its mention drawn on its letters.
  await expect(app.page.locator(`.doc-text[data-doc-id="${ar.id}"]`)).toBeVisible();
  await expect(app.page.locator('.mention-row')).toHaveCount(1);
  await expectHighlightOn(app, ar, app.mentions(ar.id)[0]!.id, washington);
  await app.open(HEBREW_SEED);
  await expect(app.page.locator('.mention-row')).toHaveCount(3);
  await expect(app.page.locator('.mention-row .mention-text')).toHaveText(['קזחסטן', 'רוסיה', 'ארגון האמנה לביטחון משותף']);
  await expectHighlightOn(app, he, app.mentions(he.id).find((m) => m.start === kaz.start)!.id, kaz);
  expect({ he: types(app, he.id), ar: types(app, ar.id) }).toEqual(before);
  await expect(app.page.locator(`.doc-item[data-doc-id="${he.id}"]`).getByTestId('mention-count')).toHaveText('3 mentions');

  // Undo after the restart: first the retype, then the create.
  await expect(app.page.getByRole('button', { name: 'Undo' })).toBeEnabled();
  await app.page.keyboard.press('Control+z');
  await expect.poll(() => app.mentions(he.id).find((m) => m.id === mRussia.id)?.type).toBe('GPE');
  await app.page.keyboard.press('Control+z');
  await expect.poll(() => app.mentions(he.id).some((m) => m.id === mRussia.id)).toBe(false);
  await expect(app.page.locator('.mention-row')).toHaveCount(2);

  // And the redo survives another restart.
  await app.restart();
  await expect(app.page.locator(`.doc-text[data-doc-id="${he.id}"]`)).toBeVisible();
  await expect(app.page.getByRole('button', { name: 'Redo' })).toBeEnabled();
  await app.page.keyboard.press('Control+Shift+z');
  await expect.poll(() => app.mentions(he.id).some((m) => m.id === mRussia.id)).toBe(true);
  await expect(app.page.locator('.mention-row')).toHaveCount(3);
});

test('an undo step that can no longer apply is skipped with a sentence in the status bar, and undo goes on', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const russia = spanOf(view.text, 'רוסיה');
  await dragAcross(app.page, view, russia);
  await app.page.keyboard.press(GPE);
  const m1 = await waitForMention(app, view.id, () => true);
  await app.page.keyboard.press('Delete');
  await expect.poll(() => app.mentions(view.id).length).toBe(0);
  // History from before imports were undo steps: the same mention came back outside it.
  const annotator = app.call('session.get', {}).annotator!;
  app.service.store.insertMention({ docId: view.id, type: 'GPE', ...russia, annotator, origin: 'import', createdAt: 'x', updatedAt: 'x' });

  await app.page.keyboard.press('Control+z');
  const status = app.page.locator('.status-info');
  await expect(status).toContainText(`Skipped a step that can no longer be undone (restoring the GPE mention at ${russia.start}–${russia.end}): there is already a GPE mention`);
  await expect(status).toContainText('It was removed from the history.');
  await expect(status).not.toContainText('history.undo');
  // the step before it (the create) was undone, and nothing is left
  await expect(app.page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  expect(app.mentions(view.id).map((m) => m.id)).not.toContain(m1.id);
});
