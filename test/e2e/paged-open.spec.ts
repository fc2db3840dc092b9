/**
 * A long document opens from its first text page (issue 15: documents.open, the other pages by
 * documents.textPage, the mentions by where they start): while the other pages are held back, the
 * first screen shows the right text with its mentions on their letters, and a label drawn there
 * at once is stored on exact offsets once the pages arrive, and a find asked meanwhile waits for
 * the whole text (it never searches a part); then the whole text is there (find reaches its last
 * line) and every mention is listed.
 */
import { TEXT_PAGE_CHARS } from '../../annotations/textPages';
import { generateMentions, generateText } from '../bench/generate';
import { cpText, dragAcross, expect, expectHighlightOn, spanOf, test, waitForMention } from './harness';

const GPE = '3';
const NAME = 'paged';
const FIRST = 'פתיחהראשונה';
const MARKER = 'סוףהמסמךבדפים';

test('a document opened in text pages: the first screen right and labelled while the other pages are held, then the whole of it', async ({ app }) => {
  test.setTimeout(300_000);
  // An astral character before the first line's words: every offset after it differs in UTF-16.
  const text = `😀 ${FIRST} הממשלה כוחות\n${generateText(1_800_000, 'he', 41)}${MARKER} הממשלה\n`;
  const view = app.importText(NAME, text);
  expect([...view.text].length).toBeGreaterThan(3 * TEXT_PAGE_CHARS);
  const firstLine = [...view.text.split('\n')[0]!].length;
  const lastLine = [...view.text].length - [...`${MARKER} הממשלה\n`].length;
  // Mentions everywhere but the first and last lines (kept free for the test's own), in reverse
  // text order so that their ids do not follow their positions.
  const spans = generateMentions(view.text, 6_000, 42).filter((m) => m.start > firstLine && m.end < lastLine).reverse();
  const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const store = app.service.store;
  store.transaction(() => {
    for (const m of spans) store.insertMention({ ...m, docId: view.id, annotator: 'dana', origin: 'import', createdAt: now, updatedAt: now });
  });
  const stored = app.mentions(view.id);

  await app.load();
  const page = app.page;
  const release = app.hold(['documents.textPage']);
  await page.locator(`.doc-item[data-doc-id="${view.id}"]`).click();
  await expect(page.locator(`.doc-scroll[data-ready="true"] .doc-text[data-doc-id="${view.id}"]`)).toBeAttached({ timeout: 120_000 });
  // Painted from the first page, the others asked and still held.
  expect(app.calls).toContain('documents.textPage');
  const shown = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.doc-text [data-para]')].map((p) => ({ index: Number(p.dataset['para']), text: p.textContent })));
  expect(shown.length).toBeGreaterThan(3);
  for (const p of shown) expect(p.text).toBe(cpText(view.text, view.paragraphs[p.index]!));
  // The first screen's mentions on their letters.
  const onScreen = stored.filter((m) => m.start < view.paragraphs[shown.at(-1)!.index]!.end).sort((a, b) => a.start - b.start);
  expect(onScreen.length).toBeGreaterThan(5);
  for (const m of [onScreen[0]!, onScreen[3]!]) await expectHighlightOn(app, view, m.id, m, 30_000);
  // Labelled now: drawn at once on its letters; stored once the pages have come.
  const word = spanOf(view.text, FIRST);
  await dragAcross(page, view, word);
  await page.keyboard.press(GPE);
  await expectHighlightOn(app, view, 'pending-1', word, 30_000);
  expect(app.mentions(view.id)).toHaveLength(stored.length);
  // Find before the rest has come: it waits for the whole text (says so), never searches a part.
  await page.locator('.doc-text').focus();
  await page.keyboard.press('Control+f');
  const early = page.getByRole('searchbox', { name: 'Find' });
  await early.fill(FIRST);
  await expect(page.locator('.find-count')).toHaveText('Loading the rest of the document…');
  expect(app.calls.filter((c) => c === 'documents.textPage').length).toBeGreaterThan(0);

  release();
  // Answered once the pages are there, without typing again (the first line's word: the view stays at the top).
  await expect(page.locator('.find-count')).toHaveText('1 / 1', { timeout: 60_000 });
  await early.press('Escape');
  const tagged = await waitForMention(app, view.id, (m) => m.type === 'GPE' && m.start === word.start);
  expect(cpText(view.text, tagged)).toBe(FIRST);
  await expectHighlightOn(app, view, tagged.id, word, 30_000);
  await expect(page.locator('.mention-list .count')).toHaveText(String(stored.length + 1), { timeout: 60_000 });

  // The whole text is there: find reaches the last line, and tags it on exact offsets.
  await page.locator('.doc-text').focus();
  await page.keyboard.press('Control+f');
  const input = page.getByRole('searchbox', { name: 'Find' });
  await input.fill(MARKER);
  await expect(page.locator('.find-count')).toHaveText('1 / 1', { timeout: 30_000 });
  await input.press('Escape');
  await page.keyboard.press(GPE);
  const marker = spanOf(view.text, MARKER);
  const found = await waitForMention(app, view.id, (m) => m.type === 'GPE' && m.start === marker.start);
  expect(cpText(view.text, found)).toBe(MARKER);
  await expectHighlightOn(app, view, found.id, marker, 30_000);
  expect(app.mentions(view.id)).toHaveLength(stored.length + 2);
  // The last stored mention (a page read with the rest, filed by paragraph, its pieces made only
  // when mounted): drawn on its letters beside the find's match.
  const last = stored.reduce((a, b) => (b.start > a.start ? b : a));
  await expectHighlightOn(app, view, last.id, last, 30_000);
});

test('a document mounted whole (30 long paragraphs, more than a first text page) opens with every paragraph, its last mention on its letters', async ({ app }) => {
  // Fewer than 80 paragraphs and under 40,000 UTF-16 units: the window mounts it whole, so its
  // text must come in one page (annotations/textPages.ts mountedWhole). Session 10 sent its first
  // 16,384 code points only, and it did not open ("text page 1 … has not arrived").
  const words = ['הממשלה', 'בקזחסטן', 'המפגינים', 'כוחות', 'הביטחון', 'רוסיה', 'שלחה', 'צנחנים', 'לסייע', 'בירושלים', 'שָׁלוֹם', 'אלמטי'];
  const paragraphs = Array.from({ length: 30 }, (_, i) => [`סעיף${i}`, ...Array.from({ length: 140 }, (_, k) => words[(i * 7 + k * 5) % words.length]!)].join(' '));
  const view = app.importText('whole-long', `${paragraphs.join('\n')} ${MARKER}\n`);
  expect([...view.text].length).toBeGreaterThan(16_384);
  const marker = spanOf(view.text, MARKER);
  const id = app.call('mentions.create', { docId: view.id, type: 'GPE', ...marker }).mention.id;
  await app.load();
  await app.open('whole-long');
  const page = app.page;
  // every paragraph mounted, with its own text (the text's final LF closes a 31st, empty one)
  const lines = view.text.split('\n');
  expect(lines.length).toBe(31);
  await expect(page.locator('.doc-text [data-para]')).toHaveCount(lines.length);
  expect(await page.locator('.doc-text [data-para]').allTextContents()).toEqual(lines);
  await page.locator('.doc-text [data-para="29"]').scrollIntoViewIfNeeded();
  await expectHighlightOn(app, view, id, marker);
  await expect(page.locator('.error, [role="alert"]').filter({ hasText: 'has not arrived' })).toHaveCount(0);
});
