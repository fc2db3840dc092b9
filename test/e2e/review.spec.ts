/**
 * Review: two annotators' versions of the Hebrew seed (made through the service, as an import
 * would leave them), compared in the review screen, three disagreements adjudicated by keyboard
 * (one a prefix boundary disagreement, one a type disagreement, one missing in a set), undo as
 * gold, the gold set exported and found to hold exactly the adjudicated annotations. Then the
 * agreement figures shown are review.agreement's, and the charts render.
 */
import { readFileSync } from 'node:fs';
import { HEBREW_SEED, annotate, cpText, expect, spanOf, test } from './harness';
import type { DocumentView } from '../../electron/contract';

function plan(view: DocumentView) {
  const withPrefix = spanOf(view.text, 'בקזחסטן');
  const noPrefix = spanOf(view.text, 'בקזחסטן', 'קזחסטן');
  const russia = spanOf(view.text, 'רוסיה');
  const agreed = spanOf(view.text, 'עם קזחסטן', 'קזחסטן');
  const bank = spanOf(view.text, 'הבנק הלאומי');
  expect(cpText(view.text, withPrefix)).toBe('בקזחסטן');
  expect(withPrefix.end).toBe(noPrefix.end);
  return { withPrefix, noPrefix, russia, agreed, bank };
}

test('two annotators compared, three disagreements adjudicated by keyboard, gold exported', async ({ app }, testInfo) => {
  test.setTimeout(90_000);
  const view = app.view(HEBREW_SEED);
  const s = plan(view);
  // avi: the prefix included, רוסיה a GPE, the bank (which bat left out); bat: no prefix, רוסיה an ORG.
  annotate(app, 'avi', view.id, [
    { type: 'GPE', span: s.withPrefix },
    { type: 'GPE', span: s.russia },
    { type: 'GPE', span: s.agreed },
    { type: 'ORG', span: s.bank },
  ]);
  annotate(app, 'bat', view.id, [
    { type: 'GPE', span: s.noPrefix },
    { type: 'ORG', span: s.russia },
    { type: 'GPE', span: s.agreed },
  ]);

  const { page, screen } = await app.openReview(HEBREW_SEED);
  await expect(screen).toBeVisible();
  // The sets with annotations on this document are chosen; dana (none here) is not.
  await expect(screen.locator('input[data-annotator="avi"]')).toBeChecked();
  await expect(screen.locator('input[data-annotator="bat"]')).toBeChecked();
  await expect(screen.locator('input[data-annotator="dana"]')).not.toBeChecked();
  await expect(screen.locator('input[data-annotator="qalam-reference"]')).not.toBeChecked();

  // One column per set (1 · avi, 2 · bat) and gold; in a right-to-left document set 1 is on the right.
  const cols = screen.locator('.review-col');
  await expect(cols).toHaveCount(3);
  await expect(cols.nth(0)).toHaveAttribute('data-set', 'avi');
  await expect(cols.nth(1)).toHaveAttribute('data-set', 'bat');
  await expect(cols.nth(2)).toHaveAttribute('data-set', 'gold');
  const x = async (i: number) => (await cols.nth(i).boundingBox())!.x;
  expect(await x(0)).toBeGreaterThan(await x(1));
  expect(await x(1)).toBeGreaterThan(await x(2));

  // The disagreements, classified, in text order.
  const items = screen.locator('.review-dis-item');
  await expect(items).toHaveCount(3);
  const expected = app.call('review.compare', { docId: view.id, annotators: ['avi', 'bat'] }).disagreements;
  expect(expected.map((d) => [d.kind, d.prefix ?? false])).toEqual([
    ['boundary', true],
    ['type', false],
    ['missing', false],
  ]);
  for (let i = 0; i < 3; i++) {
    await expect(items.nth(i)).toHaveAttribute('data-key', expected[i]!.key);
    await expect(items.nth(i)).toHaveAttribute('data-kind', expected[i]!.kind);
  }
  await expect(items.nth(0).locator('.review-kind')).toHaveText(/boundary · prefix/i);
  await expect(items.nth(1).locator('.review-kind')).toHaveText(/^type$/i);
  await expect(items.nth(2).locator('.review-kind')).toHaveText(/missing/i);

  // Keyboard navigation: the current disagreement is outlined in every column that has it.
  await expect(items.nth(0)).toHaveClass(/is-current/);
  await page.keyboard.press('n');
  await expect(items.nth(1)).toHaveClass(/is-current/);
  const avi = app.call('mentions.list', { docId: view.id, annotator: 'avi' });
  const bat = app.call('mentions.list', { docId: view.id, annotator: 'bat' });
  const aviRussia = avi.find((m) => m.start === s.russia.start)!;
  const batRussia = bat.find((m) => m.start === s.russia.start)!;
  await expect(cols.nth(0).locator(`.ov-chip.is-selected[data-id="${aviRussia.id}"]`)).toHaveCount(1);
  await expect(cols.nth(1).locator(`.ov-chip.is-selected[data-id="${batRussia.id}"]`)).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(2)).toHaveClass(/is-current/);
  await page.keyboard.press('p');
  await page.keyboard.press('k');
  await expect(items.nth(0)).toHaveClass(/is-current/);

  // Highlights on exactly the right letters: avi's includes the prefix ב, bat's starts after it.
  const aviPrefix = avi.find((m) => m.start === s.withPrefix.start)!;
  const batNoPrefix = bat.find((m) => m.start === s.noPrefix.start)!;
  const width = async (col: number, id: string) =>
    cols.nth(col).locator(`.ov-back .ov-hl[data-id="${id}"]`).first().evaluate((el) => el.getBoundingClientRect());
  await expect(cols.nth(0).locator(`.ov-back .ov-hl[data-id="${aviPrefix.id}"]`)).toHaveCount(1);
  await expect(cols.nth(1).locator(`.ov-back .ov-hl[data-id="${batNoPrefix.id}"]`)).toHaveCount(1);
  const letters = async (col: number, span: { start: number; end: number }) =>
    cols.nth(col).evaluate(
      (el, { para, a, b }) => {
        const node = el.querySelector(`[data-para="${para}"] [data-lexical-text]`)!.firstChild as Text;
        const r = document.createRange();
        r.setStart(node, a);
        r.setEnd(node, b);
        const box = r.getBoundingClientRect();
        return { left: box.left, right: box.right };
      },
      (() => {
        const p = view.paragraphs.findIndex((q) => q.start <= span.start && span.end <= q.end);
        const base = [...view.text].slice(0, view.paragraphs[p]!.start).join('').length;
        const a = [...view.text].slice(0, span.start).join('').length - base;
        return { para: p, a, b: a + cpText(view.text, span).length };
      })(),
    );
  // Each highlight has the extent of a DOM Range over its letters (polled: the overlay measures in animation frames).
  const offBy = async (col: number, id: string, span: { start: number; end: number }) => {
    const hl = await width(col, id);
    const l = await letters(col, span);
    return Math.max(Math.abs(hl.left - l.left), Math.abs(hl.right - l.right));
  };
  await expect.poll(() => offBy(0, aviPrefix.id, s.withPrefix)).toBeLessThanOrEqual(1.5);
  await expect.poll(() => offBy(1, batNoPrefix.id, s.noPrefix)).toBeLessThanOrEqual(1.5);
  const hlA = await width(0, aviPrefix.id);
  const hlB = await width(1, batNoPrefix.id);
  // Right to left: the prefix ב is the rightmost letter, so only avi's highlight reaches it.
  expect(hlA.right - hlA.left).toBeGreaterThan(hlB.right - hlB.left + 3);
  expect(Math.abs(hlA.left - (hlB.left - (await x(1)) + (await x(0))))).toBeLessThanOrEqual(1.5);

  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const shot = testInfo.outputPath('review-screen.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('review-screen', { path: shot, contentType: 'image/png' });

  // Adjudicate: the prefix one → bat's side (2), the type one → avi's (1), the missing one → reject (x).
  // Each decision leaves its disagreement current (marked resolved); n moves on, skipping none.
  await page.keyboard.press('2');
  await expect(items.nth(0)).toHaveAttribute('data-resolution', 'accepted');
  await expect(items.nth(0)).toHaveClass(/is-current/);
  await page.keyboard.press('n');
  await expect(items.nth(1)).toHaveClass(/is-current/);
  await page.keyboard.press('1');
  await expect(items.nth(1)).toHaveAttribute('data-resolution', 'accepted');
  await expect(items.nth(1)).toHaveClass(/is-current/);
  await page.keyboard.press('n');
  await expect(items.nth(2)).toHaveClass(/is-current/);
  await page.keyboard.press('x');
  await expect(items.nth(2)).toHaveAttribute('data-resolution', 'rejected');
  await expect(screen.getByTestId('open-count')).toHaveText('0 open of 3');

  // Accept the agreed one, then undo that as gold with Ctrl+Z.
  const goldItems = screen.locator('.review-gold-item');
  await expect(goldItems).toHaveCount(2);
  await page.keyboard.press('a');
  await expect(goldItems).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(goldItems).toHaveCount(2);
  await expect(cols.nth(2).locator('.ov-back .ov-hl')).toHaveCount(2);

  // The gold column says where each came from.
  await expect(goldItems.nth(0)).toHaveAttribute('title', /accepted from bat/);
  await expect(goldItems.nth(1)).toHaveAttribute('title', /accepted from avi/);
  const goldRussia = app.call('mentions.list', { docId: view.id, annotator: 'gold' }).find((m) => m.start === s.russia.start)!;
  await page.keyboard.press('k'); // back to the type disagreement: every column scrolls to it
  await expect(items.nth(1)).toHaveClass(/is-current/);
  await expect(cols.nth(2).locator(`.ov-chip.is-selected[data-id="${goldRussia.id}"]`)).toHaveCount(1);
  const chip = cols.nth(2).locator(`.ov-back .ov-hl[data-id="${goldRussia.id}"]`).first();
  const box = (await chip.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(cols.nth(2).locator('.review-text')).toHaveAttribute('title', `accepted from avi #${aviRussia.id}`);

  const shot2 = testInfo.outputPath('review-adjudicated.png');
  await page.screenshot({ path: shot2 });
  await testInfo.attach('review-adjudicated', { path: shot2, contentType: 'image/png' });

  // Export the gold set: exactly the adjudicated annotations.
  const out = testInfo.outputPath('gold.jsonl');
  app.call('export.run', { format: 'jsonl', out, annotator: 'gold', documents: [view.id] });
  const records = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { entities: { type: string; start: number; end: number; text: string }[] });
  expect(records).toHaveLength(1);
  expect(records[0]!.entities.map((e) => [e.type, e.start, e.end, e.text])).toEqual([
    ['GPE', s.noPrefix.start, s.noPrefix.end, 'קזחסטן'],
    ['GPE', s.russia.start, s.russia.end, 'רוסיה'],
  ]);

  // Edit gold directly: the normal view, annotating as gold, and back.
  await page.getByTestId('edit-gold').click();
  await expect(page.getByTestId('annotator')).toContainText('gold');
  await expect(page.locator('.mention-row')).toHaveCount(2);
  await page.getByTestId('review-toggle').click();
  await expect(screen).toBeVisible();
  await expect(page.getByTestId('annotator')).toContainText('dana');
});

test('agreement figures are review.agreement’s, and the charts render', async ({ app }, testInfo) => {
  test.setTimeout(60_000);
  const view = app.view(HEBREW_SEED);
  const s = plan(view);
  annotate(app, 'avi', view.id, [
    { type: 'GPE', span: s.withPrefix },
    { type: 'GPE', span: s.russia },
    { type: 'GPE', span: s.agreed },
    { type: 'ORG', span: s.bank },
  ]);
  annotate(app, 'bat', view.id, [
    { type: 'GPE', span: s.noPrefix },
    { type: 'ORG', span: s.russia },
    { type: 'GPE', span: s.agreed },
  ]);
  // An event both saw, as different types: an event type disagreement.
  const trigger = spanOf(view.text, 'ההפגנות');
  app.call('session.setAnnotator', { name: 'avi' });
  app.call('events.create', { docId: view.id, type: 'Conflict:Demonstrate', ...trigger });
  app.call('session.setAnnotator', { name: 'bat' });
  app.call('events.create', { docId: view.id, type: 'Conflict:Attack', ...trigger });
  const { page } = await app.openReview(HEBREW_SEED);
  await expect(page.locator('.review-dis-item')).toHaveCount(4);
  const eventItem = page.locator('.review-dis-item', { hasText: 'ההפגנות' });
  await expect(eventItem.locator('.review-kind')).toHaveText(/event type/i);
  await expect(eventItem).toContainText('Conflict:Demonstrate');
  await expect(eventItem).toContainText('Conflict:Attack');
  // The trigger is drawn in both columns, with its event type.
  await eventItem.click();
  await expect(page.locator('.review-col[data-set="avi"] .ov-chip.is-selected')).toHaveAttribute('title', /Conflict:Demonstrate/);
  await page.keyboard.press('t');
  const panel = page.getByTestId('agreement-panel');
  await expect(panel).toBeVisible();

  const report = await app.call('review.agreement', { annotators: ['avi', 'bat'] });
  const pair = report.spans[0]!;
  const doc = pair.result.documents.find((d) => d.docId === view.id)!.result;
  const tokensDoc = report.tokens.documents.find((d) => d.docId === view.id)!.result;
  const fig = (name: string, scope: string) => panel.locator(`td[data-figure="${name}"][data-scope="${scope}"]`).first();
  const three = (v: number | null) => (v === null ? '–' : v.toFixed(3));
  const checks: [string, string, number | null][] = [
    ['exact-f1', 'doc', doc.exactMatch.f1],
    ['exact-f1', 'corpus', pair.result.corpus.exactMatch.f1],
    ['strict', 'doc', doc.strict.f1],
    ['partial', 'doc', doc.partial.f1],
    ['type', 'doc', doc.type.f1],
    ['cohen-kappa', 'doc', tokensDoc.cohen.value],
    ['kripp-alpha', 'doc', tokensDoc.alpha.value],
    ['fleiss-kappa', 'corpus', report.tokens.corpus.fleiss.value],
    ['trigger-id', 'doc', report.events[0]!.result.documents.find((d) => d.docId === view.id)!.result.triggerIdentification.f1],
    ['trigger-class', 'corpus', report.events[0]!.result.corpus.triggerClassification.f1],
  ];
  for (const [name, scope, value] of checks) {
    await expect(fig(name, scope).locator('.fig-v'), `${name} ${scope}`).toHaveText(three(value));
  }
  // Exact F1: one of avi's four matches one of bat's three exactly (the agreed קזחסטן): 2/7.
  expect(doc.exactMatch.f1).toBeCloseTo(2 / 7, 12);
  await expect(fig('exact-f1', 'doc').locator('.fig-n')).toHaveText('n=1/4/3');
  await expect(fig('cohen-kappa', 'doc').locator('.fig-n')).toHaveText(`n=${tokensDoc.cohen.items}`);
  // The event: same trigger span (identified: 1), different type (classified: 0).
  await expect(fig('trigger-id', 'doc').locator('.fig-v')).toHaveText('1.000');
  await expect(fig('trigger-class', 'doc').locator('.fig-v')).toHaveText('0.000');
  await expect(fig('trigger-id', 'doc').locator('.fig-n')).toHaveText('n=1/1/1');

  // Charts: label counts per annotator, F1 per type, the type confusion matrix.
  const labels = panel.getByTestId('chart-labels');
  await expect(labels.locator('rect.chart-bar[data-series="avi"]')).toHaveCount(2);
  await expect(labels.locator('g[data-category="GPE"] rect[data-series="avi"]')).toHaveAttribute('data-value', '3');
  await expect(labels.locator('g[data-category="GPE"] rect[data-series="bat"]')).toHaveAttribute('data-value', '2');
  await expect(panel.getByTestId('chart-f1').locator('rect.chart-bar')).toHaveCount(4);
  const matrix = panel.getByTestId('chart-confusion');
  await expect(matrix.locator('[data-cell="GPE|GPE"]')).toHaveAttribute('data-value', '2');
  await expect(matrix.locator('[data-cell="GPE|ORG"]')).toHaveAttribute('data-value', '1');
  await expect(matrix.locator('[data-cell="ORG|∅"]')).toHaveAttribute('data-value', '1');

  const shot = testInfo.outputPath('review-agreement.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('review-agreement', { path: shot, contentType: 'image/png' });
});
