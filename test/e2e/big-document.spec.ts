/**
 * A document with more mentions than one `mentions.page` holds (issue 15): its mentions reach
 * the window in pages and are joined exactly, and at the far end of the windowed view the list
 * jumps to the last mention, a word is tagged and find reaches the last word, all on exact offsets.
 */
import { MENTION_PAGE_SIZE } from '../../annotations/mentionPages';
import { tokenize } from '../../annotations/tokenize';
import { generateMentions, generateText } from '../bench/generate';
import { cpText, dragAcross, expect, expectHighlightOn, spanOf, test, waitForMention, selectedHighlightInView } from './harness';

const GPE = '3';
const NAME = 'many-mentions';
const MARKER = 'סוףהמסמךהארוך';
const COUNT = 2 * MENTION_PAGE_SIZE + 7_000;

test('a document whose mentions come in three pages: all of them shown, and the far end jumps, tags and finds exactly', async ({ app }) => {
  test.setTimeout(240_000);
  const text = `${generateText(1_400_000, 'he', 31)}${MARKER} הממשלה כוחות\n`;
  const view = app.importText(NAME, text);
  const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const lastLine = [...view.text].length - [...`${MARKER} הממשלה כוחות\n`].length;
  // Every mention before the last line, which stays free for the test's own; the last ones kept
  // (in text order), so the last mention is in the paragraph before that line.
  const spans = generateMentions(view.text, COUNT + 2_000, 32).filter((m) => m.end < lastLine).slice(-COUNT);
  expect(spans).toHaveLength(COUNT);
  const store = app.service.store;
  store.transaction(() => {
    for (const m of spans) store.insertMention({ ...m, docId: view.id, annotator: 'dana', origin: 'import', createdAt: now, updatedAt: now });
  });
  const stored = app.mentions(view.id);
  expect(stored).toHaveLength(COUNT);

  await app.load();
  const page = app.page;
  // (Not app.open: under load, opening some 100,000 mentions may take longer than its wait.)
  await page.locator(`.doc-item[data-doc-id="${view.id}"]`).click();
  await expect(page.locator(`.doc-text[data-doc-id="${view.id}"] [data-para]`).first()).toBeAttached({ timeout: 120_000 });
  await expect(page.locator('.doc-scroll[data-ready="true"]')).toBeAttached({ timeout: 120_000 });
  // All three pages joined: the list counts every mention.
  await expect(page.locator('.mention-list .count')).toHaveText(String(COUNT), { timeout: 60_000 });
  const mounted = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.doc-text [data-para]')].map((p) => Number(p.dataset['para'])));
  const lastParagraph = view.paragraphs.length - 2;
  expect(await mounted()).not.toContain(lastParagraph);

  // End in the mention list: the last mention (text order), mounted, in view, on its letters.
  const last = [...stored].sort((a, b) => a.start - b.start || b.end - a.end || a.type.localeCompare(b.type)).at(-1)!;
  await page.locator('.mention-list [role="listbox"]').focus();
  await page.keyboard.press('End');
  await expect(page.locator(`.mention-row[data-mention-id="${last.id}"]`)).toHaveClass(/is-selected/, { timeout: 30_000 });
  await expect
    .poll(() => selectedHighlightInView(page, last.id),
      { timeout: 30_000 },
    )
    .toBe(true);
  await expectHighlightOn(app, view, last.id, last, 30_000);
  expect((await mounted()).length).toBeLessThan(200);

  // Tag a free word of the last line there.
  const word = spanOf(view.text, `${MARKER} הממשלה`, 'הממשלה');
  await expect.poll(async () => (await mounted()).includes(view.paragraphs.length - 2)).toBe(true);
  await dragAcross(page, view, word);
  await page.keyboard.press(GPE);
  const tagged = await waitForMention(app, view.id, (m) => m.type === 'GPE' && m.start === word.start);
  expect({ start: tagged.start, end: tagged.end }).toEqual(word);
  await expectHighlightOn(app, view, tagged.id, word, 30_000);

  // Find the last line's first word from the top, then tag it from the find bar.
  await page.evaluate(() => (document.querySelector<HTMLElement>('.doc-scroll')!.scrollTop = 0));
  await expect.poll(async () => (await mounted()).includes(lastParagraph)).toBe(false);
  await page.locator('.doc-text').focus();
  await page.keyboard.press('Control+f');
  const input = page.getByRole('searchbox', { name: 'Find' });
  await input.fill(MARKER);
  await expect(page.locator('.find-count')).toHaveText('1 / 1');
  await expect
    .poll(() =>
      page.evaluate(() => {
        const box = document.querySelector('.doc-scroll')!.getBoundingClientRect();
        return [...(CSS.highlights.get('qalam-find-current') ?? [])].map((r) => {
          const b = (r as Range).getBoundingClientRect();
          return { text: (r as Range).toString(), inView: b.top >= box.top && b.bottom <= box.bottom };
        });
      }),
    )
    .toEqual([{ text: MARKER, inView: true }]);
  await input.press('Escape');
  await page.keyboard.press(GPE);
  const marker = spanOf(view.text, MARKER);
  const found = await waitForMention(app, view.id, (m) => m.type === 'GPE' && m.start === marker.start);
  expect(cpText(view.text, found)).toBe(MARKER);
  expect(tokenize(MARKER)).toHaveLength(1);

  // Nothing lost on the way: every stored mention plus the two new ones.
  await expect(page.locator('.mention-list .count')).toHaveText(String(COUNT + 2));
  expect(app.mentions(view.id)).toHaveLength(COUNT + 2);
});
