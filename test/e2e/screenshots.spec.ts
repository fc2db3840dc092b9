/**
 * Five tagged mentions in each seed, two of them part of a word, saved as screenshots (the whole
 * sheet and a close-up of each mention) for a person to look at: text order, highlights on
 * exactly the right letters, Arabic letters still joined under a highlight. The geometry is
 * also checked: each highlight has the boxes of a DOM Range over its letters.
 */
import type { TestInfo } from '@playwright/test';
import {
  ARABIC_SEED,
  HEBREW_SEED,
  cpText,
  dragAcross,
  expect,
  expectHighlightOn,
  highlightBoxes,
  spanOf,
  test,
  waitForMention,
  type QalamApp,
} from './harness';
import type { DocumentView } from '../../electron/contract';

test.use({ deviceScaleFactor: 2 });

interface Tag {
  name: string;
  span: { start: number; end: number };
  text: string;
  key: string;
  alt?: boolean;
  dir?: 'ltr' | 'rtl';
}

async function tagAll(app: QalamApp, view: DocumentView, tags: Tag[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const t of tags) {
    expect(cpText(view.text, t.span), t.name).toBe(t.text);
    await dragAcross(app.page, view, t.span, { alt: t.alt, dir: t.dir });
    await app.page.keyboard.press(t.key);
    const m = await waitForMention(app, view.id, (x) => x.start === t.span.start && x.end === t.span.end);
    ids.set(t.name, m.id);
  }
  await app.page.keyboard.press('Escape');
  return ids;
}

async function shoot(app: QalamApp, view: DocumentView, tags: Tag[], ids: Map<string, string>, prefix: string, testInfo: TestInfo) {
  const page = app.page;
  // The whole window first, with the first mention selected (as a user sees it).
  await page.locator('.mention-row').first().click();
  await page.locator('.doc-scroll').evaluate((el) => (el.scrollTop = 0));
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const window = testInfo.outputPath(`${prefix}-app.png`);
  await page.screenshot({ path: window });
  await testInfo.attach(`${prefix}-app`, { path: window, contentType: 'image/png' });
  await page.keyboard.press('Escape');
  // Tall enough for the whole sheet, so that nothing is scrolled away.
  const height = await page.locator('.doc-sheet').evaluate((el) => el.getBoundingClientRect().height);
  await page.setViewportSize({ width: 1440, height: Math.min(4000, Math.ceil(height) + 260) });
  await page.locator('.doc-scroll').evaluate((el) => (el.scrollTop = 0));
  for (const t of tags) await expectHighlightOn(app, view, ids.get(t.name)!, t.span);
  const sheet = testInfo.outputPath(`${prefix}-five-mentions.png`);
  await page.locator('.doc-sheet').screenshot({ path: sheet });
  await testInfo.attach(`${prefix}-five-mentions`, { path: sheet, contentType: 'image/png' });
  for (const t of tags) {
    const boxes = await highlightBoxes(page, ids.get(t.name)!);
    const left = Math.min(...boxes.map((b) => b.left)) - 70;
    const right = Math.max(...boxes.map((b) => b.right)) + 70;
    const top = Math.min(...boxes.map((b) => b.top)) - 26;
    const bottom = Math.max(...boxes.map((b) => b.bottom)) + 12;
    const path = testInfo.outputPath(`${prefix}-${t.name}.png`);
    await page.screenshot({ path, clip: { x: left, y: top, width: right - left, height: bottom - top } });
    await testInfo.attach(`${prefix}-${t.name}`, { path, contentType: 'image/png' });
  }
}

test('Hebrew seed: five mentions, two of them sub-word', async ({ app }, testInfo) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const tags: Tag[] = [
    { name: 'kazakhstan-subword', span: spanOf(view.text, 'בקזחסטן', 'קזחסטן'), text: 'קזחסטן', key: '3', alt: true },
    { name: 'russia', span: spanOf(view.text, 'רוסיה'), text: 'רוסיה', key: '3' },
    { name: 'peacekeepers', span: spanOf(view.text, 'כוחות שמירת השלום'), text: 'כוחות שמירת השלום', key: '2' },
    { name: 'almaty-subword', span: spanOf(view.text, 'באלמטי', 'אלמטי'), text: 'אלמטי', key: '3', alt: true },
    { name: 'reuters', span: spanOf(view.text, '(צילום: reuters)', 'reuters'), text: 'reuters', key: '2', dir: 'ltr' },
  ];
  const ids = await tagAll(app, view, tags);
  await shoot(app, view, tags, ids, 'he', testInfo);
  // The mixed run keeps its order: "(צילום: reuters)" reads ")" … "reuters" … ":צילום" … "(" from the left.
  const order = await app.page.evaluate(() => document.querySelector('.doc-text')!.textContent!.includes('(צילום: reuters)'));
  expect(order).toBe(true);
});

test('Arabic seed: five mentions, two of them sub-word', async ({ app }, testInfo) => {
  await app.load();
  const view = await app.open(ARABIC_SEED);
  const tags: Tag[] = [
    { name: 'kazakhstan', span: spanOf(view.text, 'كازخستان'), text: 'كازخستان', key: '3' },
    { name: 'tokayev', span: spanOf(view.text, 'قاسم جومرات توكاييف'), text: 'قاسم جومرات توكاييف', key: '1' },
    { name: 'almaty', span: spanOf(view.text, 'ألماتي'), text: 'ألماتي', key: '3' },
    { name: 'washington-subword', span: spanOf(view.text, 'لواشنطن', 'واشنطن'), text: 'واشنطن', key: '3', alt: true },
    { name: 'prime-minister-subword', span: spanOf(view.text, 'لرئيس الوزراء', 'رئيس الوزراء'), text: 'رئيس الوزراء', key: '1', alt: true },
  ];
  const ids = await tagAll(app, view, tags);
  await shoot(app, view, tags, ids, 'ar', testInfo);
});
