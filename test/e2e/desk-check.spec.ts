/**
 * Issue 14, defects 5, 6 and 8 checked as an annotator meets them: in review, a rejection taken
 * back by an acceptance says "accepted" and gold holds the mention, and the columns are wide
 * enough to read at 1440 px; with All arcs on the dense reference set, no arc label sits on the
 * letters of a line; in the events list a count stays beside its noun in a right-to-left interface.
 */
import { HEBREW_SEED, ARABIC_SEED, annotate, expect, spanOf, test } from './harness';

test('review: reject, then accept the same disagreement: it says accepted and gold holds the mention; columns readable at 1440 px', async ({ app }) => {
  const view = app.view(HEBREW_SEED);
  annotate(app, 'avi', view.id, [
    { type: 'GPE', span: spanOf(view.text, 'רוסיה') },
    { type: 'GPE', span: spanOf(view.text, 'עם קזחסטן', 'קזחסטן') },
  ]);
  annotate(app, 'bat', view.id, [{ type: 'GPE', span: spanOf(view.text, 'עם קזחסטן', 'קזחסטן') }]);
  const { page, screen, items } = await app.openReview(HEBREW_SEED);
  await expect(items).toHaveCount(1);
  await page.keyboard.press('x');
  await expect(items.nth(0)).toHaveAttribute('data-resolution', 'rejected');
  await page.keyboard.press('1');
  await expect(items.nth(0)).toHaveAttribute('data-resolution', 'accepted');
  await expect.poll(() => app.call('mentions.list', { docId: view.id, annotator: 'gold' }).length).toBe(1);
  await expect(screen.locator('.review-gold-item')).toHaveCount(1);
  // Three columns (two sets and gold) at 1440 px: each wide enough for a line of several words.
  const cols = screen.locator('.review-col');
  await expect(cols).toHaveCount(3);
  for (let i = 0; i < 3; i++) expect((await cols.nth(i).boundingBox())!.width).toBeGreaterThanOrEqual(300);
});

test('review keys at typing speed: x then 1 without waiting rejects, then accepts; n and 1 act on the disagreement shown', async ({ app }) => {
  const view = app.view(HEBREW_SEED);
  annotate(app, 'avi', view.id, [
    { type: 'GPE', span: spanOf(view.text, 'רוסיה') },
    { type: 'GPE', span: spanOf(view.text, 'עם קזחסטן', 'קזחסטן') },
    { type: 'GPE', span: spanOf(view.text, 'בקזחסטן', 'קזחסטן') },
  ]);
  annotate(app, 'bat', view.id, [{ type: 'GPE', span: spanOf(view.text, 'בקזחסטן', 'קזחסטן') }]);
  const { page, items } = await app.openReview(HEBREW_SEED);
  await expect(items).toHaveCount(2);
  // The second key is pressed while the first one's calls are still answering: it waits, it is not dropped.
  await page.keyboard.press('x');
  await page.keyboard.press('1');
  await page.keyboard.press('n');
  await page.keyboard.press('1');
  await expect(items.nth(0)).toHaveAttribute('data-resolution', 'accepted');
  await expect(items.nth(1)).toHaveAttribute('data-resolution', 'accepted');
  await expect.poll(() => app.call('mentions.list', { docId: view.id, annotator: 'gold' }).length).toBe(2);
  expect(app.call('mentions.list', { docId: view.id, annotator: 'gold' }).map((m) => view.text.slice(m.start, m.end)).sort()).toEqual(['קזחסטן', 'רוסיה'].sort());
});

for (const seed of [HEBREW_SEED, ARABIC_SEED]) {
  test(`All arcs on the reference set of ${seed === HEBREW_SEED ? 'the Hebrew' : 'the Arabic'} seed: no arc label on the letters`, async ({ app }, testInfo) => {
    await app.load();
    await app.open(seed);
    const page = app.page;
    await page.getByTestId('view-set').selectOption('qalam-reference');
    await page.getByTestId('all-arcs').check();
    await expect.poll(() => page.locator('.ev-arc').count()).toBeGreaterThan(3);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await page.screenshot({ path: testInfo.outputPath('all-arcs.png') });
    const hits = await page.evaluate(() => {
      // Boxes of the letters: each word's client rects in the mounted paragraphs.
      const letters: DOMRect[] = [];
      for (const p of document.querySelectorAll('.doc-text [data-para]')) {
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent ?? '';
          for (const m of text.matchAll(/\S+/gu)) {
            const r = document.createRange();
            r.setStart(n, m.index!);
            r.setEnd(n, m.index! + m[0].length);
            for (const box of r.getClientRects()) letters.push(box);
          }
        }
      }
      const out: string[] = [];
      for (const label of document.querySelectorAll<SVGGraphicsElement>('.ev-arc-label-bg')) {
        const b = label.getBoundingClientRect();
        // The glyphs' ink: the middle of each word box (its ascent and descent padding left out).
        const hit = letters.find((l) => {
          const inkTop = l.top + l.height * 0.2;
          const inkBottom = l.bottom - l.height * 0.2;
          return b.left < l.right - 1 && b.right > l.left + 1 && b.top < inkBottom && b.bottom > inkTop;
        });
        if (hit) out.push(`${label.parentElement?.textContent} at ${Math.round(b.left)},${Math.round(b.top)}`);
      }
      return out;
    });
    expect(hits).toEqual([]);
  });
}

test('the events list in Hebrew: the count of empty roles stays beside its noun after Latin role names', async ({ app }) => {
  const view = app.view(HEBREW_SEED);
  const agent = app.call('mentions.create', { docId: view.id, type: 'GPE', ...spanOf(view.text, 'רוסיה') }).mention.id;
  app.call('events.create', { docId: view.id, type: 'Movement:Transport', ...spanOf(view.text, 'ושלחה'), arguments: [{ role: 'Agent', mentionId: agent }] });
  await app.page.addInitScript(() => localStorage.setItem('qalam.locale', 'he'));
  await app.load();
  await app.open(HEBREW_SEED);
  const empty = app.page.locator('.ev-frame .ev-roles-line .empty').first();
  await expect(empty).toBeVisible();
  // The number and the first letter of its noun, measured: next to each other on one line.
  const gap = await empty.evaluate((el) => {
    const node = el.firstChild!;
    const text = node.textContent!;
    const digit = text.search(/\d/);
    const letter = text.search(/\p{L}/u);
    const box = (i: number) => {
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + 1);
      return r.getBoundingClientRect();
    };
    const d = box(digit);
    const l = box(letter);
    return { dy: Math.abs(d.top - l.top), dx: Math.min(Math.abs(d.left - l.right), Math.abs(l.left - d.right)) };
  });
  expect(gap.dy).toBeLessThan(2);
  expect(gap.dx).toBeLessThan(12);
});
