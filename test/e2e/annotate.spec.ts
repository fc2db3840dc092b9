/**
 * Tagging: mouse and keyboard selection, whole-word snapping by default, exact characters with
 * Alt, nested and overlapping mentions, selecting, retyping and deleting. Offsets are checked
 * against the service in this process, computed from the document text by code points.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ARABIC_SEED,
  HEBREW_SEED,
  clickBefore,
  clickOn,
  cpText,
  domSelection,
  dragAcross,
  expect,
  expectHighlightOn,
  locate,
  spanOf,
  test,
  waitForMention,
  type QalamApp,
} from './harness';

const PER = '1';
const ORG = '2';
const GPE = '3';
const LOC = '4';
const FAC = '5';

function only(app: QalamApp, docId: string) {
  return app.mentions(docId).map((m) => ({ type: m.type, start: m.start, end: m.end }));
}

test('Hebrew: Alt+drag across קזחסטן inside the first בקזחסטן tags exactly קזחסטן', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const expected = spanOf(view.text, 'בקזחסטן', 'קזחסטן');
  expect(cpText(view.text, expected)).toBe('קזחסטן');

  await dragAcross(app.page, view, expected, { alt: true });
  await app.page.keyboard.press(GPE);

  const m = await waitForMention(app, view.id, () => true);
  expect({ type: m.type, start: m.start, end: m.end }).toEqual({ type: 'GPE', ...expected });
  expect(cpText(view.text, m)).toBe('קזחסטן');
  await expect(app.page.locator('.mention-row')).toHaveCount(1);
  await expect(app.page.locator('.mention-row .mention-text')).toHaveText('קזחסטן');
  await expect(app.page.locator('.mention-row .mention-offsets')).toHaveText(`${expected.start}–${expected.end}`);
  await expectHighlightOn(app, view, m.id, expected);
});

test('Arabic: Alt+drag across واشنطن inside لواشنطن tags exactly واشنطن', async ({ app }) => {
  // The seed has كازخستان and كازاخستان only without a prefix; its prefixed proper noun is لواشنطن.
  await app.load();
  const view = await app.open(ARABIC_SEED);
  expect(view.text).not.toContain('بكازخستان');
  const expected = spanOf(view.text, 'لواشنطن', 'واشنطن');

  await dragAcross(app.page, view, expected, { alt: true });
  await app.page.keyboard.press(GPE);

  const m = await waitForMention(app, view.id, () => true);
  expect({ type: m.type, start: m.start, end: m.end }).toEqual({ type: 'GPE', ...expected });
  expect(cpText(view.text, m)).toBe('واشنطن');
  await expectHighlightOn(app, view, m.id, expected);
});

test('Arabic: Alt+drag across كازخستان inside بكازخستان (an imported document)', async ({ app }, testInfo) => {
  const file = join(dirname(app.projectPath), 'kazakhstan-ar.txt');
  writeFileSync(file, 'وصلت قوات حفظ السلام بكازخستان صباح اليوم، وقالت موسكو إن مهمتها مؤقتة.\n');
  app.call('documents.importPaths', { paths: [file] });
  await app.load();
  const view = await app.open('kazakhstan-ar');
  const expected = spanOf(view.text, 'بكازخستان', 'كازخستان');

  await dragAcross(app.page, view, expected, { alt: true });
  await app.page.keyboard.press(GPE);

  const m = await waitForMention(app, view.id, () => true);
  expect({ type: m.type, start: m.start, end: m.end }).toEqual({ type: 'GPE', ...expected });
  expect(cpText(view.text, m)).toBe('كازخستان');
  await expectHighlightOn(app, view, m.id, expected);
  await app.page.keyboard.press('Escape');
  const path = testInfo.outputPath('ar-bkazakhstan.png');
  await app.page.locator('.doc-sheet').screenshot({ path });
  await testInfo.attach('ar-bkazakhstan', { path, contentType: 'image/png' });
});

test('without Alt a selection snaps to whole words (Hebrew and Arabic)', async ({ app }) => {
  await app.load();
  const he = await app.open(HEBREW_SEED);
  // Prefixes out (on by default, desk.spec.ts) would keep ב out of a drag starting after it.
  await app.page.getByTestId('prefixes-out').click();
  await expect(app.page.getByTestId('prefixes-out').locator('input')).not.toBeChecked();
  // The same drag as with Alt, but without it: the whole word בקזחסטן.
  await dragAcross(app.page, he, spanOf(he.text, 'בקזחסטן', 'קזחסטן'));
  await app.page.keyboard.press(GPE);
  await waitForMention(app, he.id, () => true);
  expect(only(app, he.id)).toEqual([{ type: 'GPE', ...spanOf(he.text, 'בקזחסטן') }]);

  // From the middle of one word to the middle of another: both words, without the comma.
  const from = spanOf(he.text, 'ההפגנות האלימות', 'פגנות');
  const to = spanOf(he.text, 'ההפגנות האלימות', 'אלימ');
  await dragAcross(app.page, he, { start: from.start, end: to.end });
  await app.page.keyboard.press(ORG);
  await waitForMention(app, he.id, (m) => m.type === 'ORG');
  expect(only(app, he.id)).toContainEqual({ type: 'ORG', ...spanOf(he.text, 'ההפגנות האלימות') });

  const ar = await app.open(ARABIC_SEED);
  await dragAcross(app.page, ar, spanOf(ar.text, 'لواشنطن', 'واشنطن'));
  await app.page.keyboard.press(GPE);
  await waitForMention(app, ar.id, () => true);
  expect(only(app, ar.id)).toEqual([{ type: 'GPE', ...spanOf(ar.text, 'لواشنطن') }]);
});

test('Alt+hotkey, or the Whole words switch off, keeps the exact characters', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const first = spanOf(view.text, 'בקזחסטן', 'קזחסטן', 1);
  await dragAcross(app.page, view, first);
  await app.page.keyboard.press(`Alt+${GPE}`);
  await waitForMention(app, view.id, () => true);
  expect(only(app, view.id)).toEqual([{ type: 'GPE', ...first }]);

  await app.page.getByTestId('whole-words').click();
  await expect(app.page.getByTestId('whole-words').locator('input')).not.toBeChecked();
  const second = spanOf(view.text, 'בקזחסטן', 'קזחסטן', 2);
  await dragAcross(app.page, view, second);
  await app.page.keyboard.press(GPE);
  await expect.poll(() => app.mentions(view.id).length).toBe(2);
  expect(only(app, view.id)).toContainEqual({ type: 'GPE', ...second });
});

test('keyboard selection: Shift+arrows, then the hotkey (Alt+hotkey for part of a word)', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const target = spanOf(view.text, 'בקזחסטן', 'קזחסטן');

  // Caret before ק (after the prefix ב), then six letters forward. In a right-to-left paragraph
  // the logical "forward" is the left arrow.
  await clickBefore(app.page, view, target.start);
  const at = locate(view, target.start);
  await expect.poll(() => domSelection(app.page)).toMatchObject({ anchor: at, focus: at });
  for (let i = 0; i < 6; i++) await app.page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(async () => (await domSelection(app.page))?.text).toBe('קזחסטן');
  await app.page.keyboard.press(`Alt+${GPE}`);
  await waitForMention(app, view.id, () => true);
  expect(only(app, view.id)).toEqual([{ type: 'GPE', ...target }]);

  // Three letters inside רוסיה, Shift held through the hotkey: snapped to the whole word.
  const russia = spanOf(view.text, 'רוסיה');
  await clickBefore(app.page, view, russia.start + 1);
  for (let i = 0; i < 3; i++) await app.page.keyboard.press('Shift+ArrowLeft');
  await app.page.keyboard.press(GPE);
  await expect.poll(() => app.mentions(view.id).length).toBe(2);
  expect(only(app, view.id)).toContainEqual({ type: 'GPE', ...russia });
});

test('nested and overlapping mentions', async ({ app }, testInfo) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const outer = spanOf(view.text, 'העיר הגדולה ביותר בקזחסטן');
  const inner = spanOf(view.text, 'העיר הגדולה ביותר בקזחסטן', 'קזחסטן');
  const crossing = spanOf(view.text, 'בקזחסטן ובירתה הכלכלית');

  await dragAcross(app.page, view, outer);
  await app.page.keyboard.press(LOC);
  const mOuter = await waitForMention(app, view.id, (m) => m.type === 'LOC');
  await dragAcross(app.page, view, inner, { alt: true });
  await app.page.keyboard.press(GPE);
  const mInner = await waitForMention(app, view.id, (m) => m.type === 'GPE');
  await dragAcross(app.page, view, crossing);
  await app.page.keyboard.press(FAC);
  const mCross = await waitForMention(app, view.id, (m) => m.type === 'FAC');

  expect(only(app, view.id).sort((a, b) => a.start - b.start || a.end - b.end)).toEqual([
    { type: 'LOC', ...outer },
    { type: 'FAC', ...crossing },
    { type: 'GPE', ...inner },
  ]);
  await expect(app.page.locator('.mention-row')).toHaveCount(3);
  await expectHighlightOn(app, view, mInner.id, inner);
  await expectHighlightOn(app, view, mOuter.id, outer);

  // Each is drawn in its own lane: the nested ones inset in the outer one.
  const lane = (id: string) =>
    app.page.locator(`.ov-hl[data-id="${id}"]`).first().getAttribute('data-lane');
  expect(await lane(mOuter.id)).toBe('0');
  expect(Number(await lane(mInner.id))).toBeGreaterThan(0);
  expect(Number(await lane(mCross.id))).toBeGreaterThan(0);
  // Three chips (the other occurrences of these forms are suggested as ghosts, with chips of their own).
  await expect(app.page.locator('.ov-chip:not(.is-ghost)')).toHaveCount(3);

  // A click selects the innermost mention under the pointer.
  await app.page.keyboard.press('Escape');
  await clickOn(app.page, view, inner.start + 3);
  await expect(app.page.locator(`.mention-row[data-mention-id="${mInner.id}"]`)).toHaveAttribute('aria-selected', 'true');
  await clickOn(app.page, view, outer.start + 1);
  await expect(app.page.locator(`.mention-row[data-mention-id="${mOuter.id}"]`)).toHaveAttribute('aria-selected', 'true');
  const path = testInfo.outputPath('he-nested.png');
  await app.page.locator('.doc-scroll').screenshot({ path });
  await testInfo.attach('he-nested', { path, contentType: 'image/png' });
});

test('click a mention to select it, change its type, delete it; chip and list select too', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const russia = spanOf(view.text, 'רוסיה');
  const almaty = spanOf(view.text, 'באלמטי', 'אלמטי');
  await dragAcross(app.page, view, russia);
  await app.page.keyboard.press(GPE);
  const m = await waitForMention(app, view.id, () => true);
  await dragAcross(app.page, view, almaty, { alt: true });
  await app.page.keyboard.press(GPE);
  const m2 = await waitForMention(app, view.id, (x) => x.id !== m.id);

  // Escape deselects; a click on the text of a mention selects it.
  await app.page.keyboard.press('Escape');
  await expect(app.page.locator('.mention-row[aria-selected="true"]')).toHaveCount(0);
  await expect(app.page.locator('.ov-outline')).toHaveCount(0);
  await clickOn(app.page, view, russia.start + 2);
  const row = app.page.locator(`.mention-row[data-mention-id="${m.id}"]`);
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(app.page.locator(`.ov-outline[data-id="${m.id}"]`)).toHaveCount(1);

  // A type key changes its type.
  await app.page.keyboard.press(PER);
  await expect.poll(() => app.mentions(view.id).find((x) => x.id === m.id)?.type).toBe('PER');
  await expect(row.locator('.mention-type')).toHaveText('PER');
  await expect(app.page.locator(`.ov-chip[data-id="${m.id}"]`)).toHaveText('PER');
  expect(app.mentions(view.id).find((x) => x.id === m.id)).toMatchObject(russia);

  // The chip selects too; so does the mention list (which scrolls to it).
  await app.page.locator(`.ov-chip[data-id="${m2.id}"]`).click();
  await expect(app.page.locator(`.mention-row[data-mention-id="${m2.id}"]`)).toHaveAttribute('aria-selected', 'true');
  await app.page.keyboard.press('Escape');
  await app.page.locator(`.mention-row[data-mention-id="${m.id}"]`).click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  // The list is a listbox: arrow keys walk the mentions in text order.
  await app.page.keyboard.press('ArrowDown');
  await expect(app.page.locator(`.mention-row[data-mention-id="${m2.id}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect(app.page.locator(`.ov-outline[data-id="${m2.id}"]`)).toHaveCount(1);
  await app.page.keyboard.press('ArrowUp');
  await expect(row).toHaveAttribute('aria-selected', 'true');

  // Delete removes it (Backspace would too).
  await app.page.keyboard.press('Delete');
  await expect.poll(() => app.mentions(view.id).map((x) => x.id)).toEqual([m2.id]);
  await expect(app.page.locator('.mention-row')).toHaveCount(1);
  await expect(app.page.locator(`.ov-hl[data-id="${m.id}"]`)).toHaveCount(0);
  await clickOn(app.page, view, almaty.start + 2);
  await app.page.keyboard.press('Backspace');
  await expect.poll(() => app.mentions(view.id).length).toBe(0);
  await expect(app.page.locator('.ov-hl')).toHaveCount(0);
  // The text itself never changed.
  expect(await app.page.locator('.doc-text').evaluate((el) => [...el.querySelectorAll('[data-para]')].map((p) => p.textContent).join('\n'))).toBe(view.text);
});

test('the document list shows progress for the current annotator', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const item = app.page.locator(`.doc-item[data-doc-id="${view.id}"]`);
  await expect(item.getByTestId('mention-count')).toHaveText('0 mentions');
  await dragAcross(app.page, view, spanOf(view.text, 'רוסיה'));
  await app.page.keyboard.press(GPE);
  await expect(item.getByTestId('mention-count')).toHaveText('1 mention');
  const progress = app.summary(HEBREW_SEED).progress;
  expect(progress).toBeGreaterThan(0);
  await expect(item.locator('[role=progressbar]')).toHaveAttribute('aria-valuenow', String(Math.round(progress * 100)));
});

test('tagging redraws only the paragraph it touches', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  // Mentions in three paragraphs.
  for (const [word, part] of [['רוסיה', 'רוסיה'], ['באלמטי', 'אלמטי'], ['(צילום: reuters)', 'צילום']] as const) {
    const span = spanOf(view.text, word, part);
    await dragAcross(app.page, view, span, { alt: true });
    await app.page.keyboard.press(GPE);
    await waitForMention(app, view.id, (m) => m.start === span.start);
  }
  await app.page.keyboard.press('Escape');
  await app.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await app.page.evaluate(() => {
    const touched = new Set<string>();
    (window as unknown as { __touched: Set<string> }).__touched = touched;
    // Suggestions (ghosts) for the tagged forms' other occurrences come in their own update, after the
    // label: only the mentions' own highlights count here.
    const ghost = (n: Node): boolean => n instanceof HTMLElement && n.classList.contains('is-ghost');
    new MutationObserver((records) => {
      for (const r of records) {
        const nodes = [...r.addedNodes, ...r.removedNodes];
        if (nodes.length > 0 && nodes.every(ghost)) continue;
        const group = (r.target as HTMLElement).closest?.('.ov-group') as HTMLElement | null;
        if (group) touched.add(group.dataset['para'] ?? '?');
      }
    }).observe(document.querySelector('.ov-back')!, { subtree: true, childList: true });
  });
  const span = spanOf(view.text, 'ההפגנות');
  await dragAcross(app.page, view, span);
  await app.page.keyboard.press(ORG);
  const m = await waitForMention(app, view.id, (x) => x.type === 'ORG');
  await expectHighlightOn(app, view, m.id, span);
  const touched = await app.page.evaluate(() => [...(window as unknown as { __touched: Set<string> }).__touched]);
  expect(touched).toEqual([String(locate(view, span.start).paragraph)]);
});
