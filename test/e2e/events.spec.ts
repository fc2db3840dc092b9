/**
 * Events by keyboard: select the trigger, press the event type's key; ] and [ choose the role,
 * Tab moves to the next mention the role accepts, Enter assigns; selecting text and pressing an
 * entity key while a role is armed creates the mention in that role. Arguments are drawn as arcs;
 * the side panel lists the frames; the Problems list reports schema violations; everything is
 * found again after a restart.
 */
import type { Page } from '@playwright/test';
import type { DocumentView } from '../../electron/contract';
import { ARABIC_SEED, HEBREW_SEED, expect, locate, snap, spanOf, test, waitForMention, type QalamApp } from './harness';

const PER = '1';
const ORG = '2';
const GPE = '3';
const LOC = '4';
const TIME = '8';

/** Put the DOM selection over a span (as the keyboard or a screen reader would), no mouse. */
async function selectSpan(page: Page, view: DocumentView, span: { start: number; end: number }): Promise<void> {
  const a = locate(view, span.start);
  const b = locate(view, span.end);
  await page.evaluate(
    ({ a, b }) => {
      const node = (p: number) => document.querySelector(`.doc-text [data-para="${p}"] [data-lexical-text="true"]`)?.firstChild as Text;
      const root = document.querySelector<HTMLElement>('.doc-text')!;
      root.focus();
      const s = window.getSelection()!;
      s.setBaseAndExtent(node(a.paragraph), a.offset16, node(b.paragraph), b.offset16);
    },
    { a, b },
  );
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().length ?? 0)).toBeGreaterThan(0);
}

async function tag(app: QalamApp, view: DocumentView, span: { start: number; end: number }, key: string) {
  await selectSpan(app.page, view, span);
  await app.page.keyboard.press(key);
  return waitForMention(app, view.id, (m) => m.start === span.start && m.end === span.end);
}

async function arm(page: Page, role: string): Promise<void> {
  const armed = page.locator('[data-testid="role-panel"] .ev-role-row.is-armed');
  for (let i = 0; i < 12; i++) {
    if ((await armed.getAttribute('data-role')) === role) return;
    await page.keyboard.press(']');
  }
  await expect(armed).toHaveAttribute('data-role', role);
}

async function tabTo(page: Page, mentionId: string): Promise<void> {
  const candidate = page.locator('[data-testid="role-panel"] [data-testid="candidate"]');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await candidate.getAttribute('data-mention-id')) === mentionId) return;
  }
  await expect(candidate).toHaveAttribute('data-mention-id', mentionId);
}

function events(app: QalamApp, docId: string) {
  return app.call('events.list', { docId });
}

function args(app: QalamApp, docId: string) {
  return events(app, docId).map((e) => ({
    type: e.type,
    trigger: [e.triggerStart, e.triggerEnd],
    args: e.arguments.map((a) => `${a.role}=${a.mentionId}`).sort(),
  }));
}

test('Arabic: Personnel:End-Position with three arguments, by keyboard; found after a restart', async ({ app }, testInfo) => {
  await app.load();
  const view = await app.open(ARABIC_SEED);
  const page = app.page;
  const gov = await tag(app, view, spanOf(view.text, 'الحكومة'), ORG);
  const kz = await tag(app, view, spanOf(view.text, 'كازخستان'), GPE);
  await page.keyboard.press('Escape');

  const trigger = spanOf(view.text, 'استقالتها');
  await selectSpan(page, view, trigger);
  await page.keyboard.press('e');
  await expect(page.locator('[data-testid="role-panel"]')).toContainText('Personnel:End-Position');
  await expect.poll(() => events(app, view.id).length).toBe(1);

  await arm(page, 'Entity');
  await tabTo(page, gov.id);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="role-panel"] .ev-role-row[data-role="Entity"]')).toHaveAttribute('data-filled', '1');
  await arm(page, 'Place');
  await tabTo(page, kz.id);
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="role-panel"] .ev-role-row[data-role="Place"]')).toHaveAttribute('data-filled', '1');
  // A new mention made on the spot for the armed role.
  await arm(page, 'Time');
  const today = spanOf(view.text, 'اليوم الأربعاء');
  await selectSpan(page, view, today);
  await page.keyboard.press(TIME);
  const time = await waitForMention(app, view.id, (m) => m.type === 'TIME');
  expect(time).toMatchObject(today);
  await expect(page.locator('[data-testid="role-panel"] .ev-role-row[data-role="Time"]')).toHaveAttribute('data-filled', '1');

  const expected = [
    { type: 'Personnel:End-Position', trigger: [trigger.start, trigger.end], args: [`Entity=${gov.id}`, `Place=${kz.id}`, `Time=${time.id}`].sort() },
  ];
  expect(args(app, view.id)).toEqual(expected);
  // Three arcs, labelled with the roles, ending on the argument words.
  const event = events(app, view.id)[0]!;
  await expect(page.locator(`.ev-arc[data-owner="${event.id}"]`)).toHaveCount(3);
  await expect(page.locator('.ev-trigger')).toHaveCount(1);
  await expectArcsConnect(page, event.id, trigger, [gov, kz, time], view);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await snap(page, testInfo, 'arabic-event');

  await app.restart();
  const again = await app.open(ARABIC_SEED);
  expect(args(app, again.id)).toEqual(expected);
  const frame = page.locator(`.ev-frame[data-event-id="${event.id}"]`);
  await expect(frame).toContainText('Personnel:End-Position');
  await expect(frame).toContainText('استقالتها');
  await expect(frame).toContainText('Entity');
  await expect(frame).toContainText('Place');
  await expect(frame).toContainText('Time');
  await expect(page.locator(`.ev-arc[data-owner="${event.id}"]`)).toHaveCount(3);
  // Hovering the frame emphasises its arcs.
  await frame.hover();
  await expect(page.locator(`.ev-arc.is-strong[data-owner="${event.id}"]`)).toHaveCount(3);
  await frame.click();
  await snap(page, testInfo, 'arabic-panel', 'page');
  await expect(page.locator('[data-testid="problems"] .ev-problem')).toHaveCount(0);
});

/** Each arc starts over the trigger and ends over its argument's letters. */
async function expectArcsConnect(
  page: Page,
  eventId: string,
  trigger: { start: number; end: number },
  mentions: { id: string; start: number; end: number }[],
  view: DocumentView,
): Promise<void> {
  const rects = async (span: { start: number; end: number }) => {
    const a = locate(view, span.start);
    const b = locate(view, span.end);
    return page.evaluate(
      ({ a, b }) => {
        const node = (p: number) => document.querySelector(`.doc-text [data-para="${p}"] [data-lexical-text="true"]`)!.firstChild!;
        const r = document.createRange();
        r.setStart(node(a.paragraph), a.offset16);
        r.setEnd(node(b.paragraph), b.offset16);
        const x = r.getClientRects()[0]!;
        return { left: x.left, right: x.right, top: x.top, bottom: x.bottom };
      },
      { a, b },
    );
  };
  const t = await rects(trigger);
  await expect
    .poll(() => page.locator(`.ev-arc[data-owner="${eventId}"] .ev-arc-line`).count())
    .toBe(mentions.length);
  const ends = await page.evaluate((id) => {
    const svg = document.querySelector<SVGSVGElement>('.ev-arcs')!;
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll<SVGPathElement>(`.ev-arc[data-owner="${id}"] .ev-arc-line`)].map((p) => {
      const len = p.getTotalLength();
      const s = p.getPointAtLength(0);
      const e = p.getPointAtLength(len);
      return { x1: s.x + box.left, y1: s.y + box.top, x2: e.x + box.left, y2: e.y + box.top };
    });
  }, eventId);
  const targets = await Promise.all(mentions.map((m) => rects(m)));
  for (const end of ends) {
    expect(end.x1).toBeGreaterThanOrEqual(t.left - 1);
    expect(end.x1).toBeLessThanOrEqual(t.right + 1);
    expect(Math.min(Math.abs(end.y1 - t.top), Math.abs(end.y1 - t.bottom))).toBeLessThan(3);
    const hit = targets.find(
      (m) => end.x2 >= m.left - 1 && end.x2 <= m.right + 1 && Math.min(Math.abs(end.y2 - m.top), Math.abs(end.y2 - m.bottom)) < 4,
    );
    expect(hit, `arc end ${JSON.stringify(end)} on an argument`).toBeTruthy();
  }
}

test('Hebrew: Movement:Transport with arguments; a wrong argument type is a problem; undo', async ({ app }, testInfo) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const page = app.page;
  const russia = await tag(app, view, spanOf(view.text, 'רוסיה'), GPE);
  const paras = await tag(app, view, spanOf(view.text, 'צנחנים'), PER);
  const kz = await tag(app, view, spanOf(view.text, 'עם קזחסטן', 'קזחסטן'), GPE);
  await page.keyboard.press('Escape');

  const trigger = spanOf(view.text, 'ושלחה');
  await selectSpan(page, view, trigger);
  await page.keyboard.press('t');
  await expect(page.locator('[data-testid="role-panel"]')).toContainText('Movement:Transport');
  await arm(page, 'Agent');
  await tabTo(page, russia.id);
  await page.keyboard.press('Enter');
  await arm(page, 'Artifact');
  await tabTo(page, paras.id);
  await page.keyboard.press('Enter');
  await arm(page, 'Destination');
  // Destination takes places only: Tab never stops on the PER mention.
  await tabTo(page, kz.id);
  await page.keyboard.press('Enter');
  await expect.poll(() => events(app, view.id)[0]?.arguments.length).toBe(3);
  const event = events(app, view.id)[0]!;
  expect(args(app, view.id)).toEqual([
    {
      type: 'Movement:Transport',
      trigger: [trigger.start, trigger.end],
      args: [`Agent=${russia.id}`, `Artifact=${paras.id}`, `Destination=${kz.id}`].sort(),
    },
  ]);
  await expectArcsConnect(page, event.id, trigger, [russia, paras, kz], view);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await snap(page, testInfo, 'hebrew-event');
  await expect(page.locator('[data-testid="problems"] .ev-problem')).toHaveCount(0);

  // Retype the Artifact to LOC: the schema does not allow it; the Problems list says so.
  await page.locator(`.mention-row[data-mention-id="${paras.id}"]`).click();
  await page.keyboard.press(LOC);
  await expect.poll(() => app.mentions(view.id).find((m) => m.id === paras.id)?.type).toBe('LOC');
  const problem = page.locator('[data-testid="problems"] .ev-problem[data-kind="wrong-argument-type"]');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText('Artifact');
  expect(app.call('documents.validate', { docId: view.id }).map((p) => p.kind)).toEqual(['wrong-argument-type']);
  // Clicking the problem selects the event.
  await problem.click();
  await expect(page.locator('[data-testid="role-panel"]')).toHaveAttribute('data-event-id', event.id);

  // Marking the document done warns while the problem remains.
  await page.getByLabel('Document status').selectOption('done');
  await expect(page.locator('dialog.ev-dialog[open]')).toBeVisible();
  await page.getByRole('button', { name: 'Keep working' }).click();
  expect(app.call('documents.meta', { docId: view.id }).status).not.toBe('done');

  // Undo the retype: the problem goes away.
  await page.locator('.doc-text').focus();
  await page.keyboard.press('Control+z');
  await expect.poll(() => app.mentions(view.id).find((m) => m.id === paras.id)?.type).toBe('PER');
  await expect(page.locator('[data-testid="problems"] .ev-problem')).toHaveCount(0);

  await app.restart();
  await app.open(HEBREW_SEED);
  await expect(page.locator(`.ev-frame[data-event-id="${event.id}"]`)).toContainText('ושלחה');
  await expect(page.locator(`.ev-arc[data-owner="${event.id}"]`)).toHaveCount(3);
  // Undo after the restart removes the last argument, redo brings it back.
  await page.locator('.doc-text').focus();
  await page.keyboard.press('Control+z');
  await expect.poll(() => events(app, view.id)[0]?.arguments.length).toBe(2);
  await expect(page.locator(`.ev-arc[data-owner="${event.id}"]`)).toHaveCount(2);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator(`.ev-arc[data-owner="${event.id}"]`)).toHaveCount(3);
});

test('relation by keyboard (r, Tab, Enter) with a type from the filterable list; event type from the list (v)', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const page = app.page;
  const russia = await tag(app, view, spanOf(view.text, 'רוסיה'), GPE);
  const kz = await tag(app, view, spanOf(view.text, 'עם קזחסטן', 'קזחסטן'), GPE);
  await page.locator(`.mention-row[data-mention-id="${russia.id}"]`).click();
  await page.keyboard.press('r');
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-testid="candidate"]')).toHaveAttribute('data-mention-id', kz.id);
  await page.keyboard.press('Enter');
  await expect(page.locator('dialog.ev-picker[open]')).toBeVisible();
  await page.keyboard.type('part');
  await page.keyboard.press('Enter');
  await expect.poll(() => app.call('relations.list', { docId: view.id }).map((r) => [r.type, r.arg1, r.arg2])).toEqual([
    ['PART-WHOLE', russia.id, kz.id],
  ]);
  await expect(page.locator('.ev-arc')).toHaveCount(1);
  // Event type from the picker (v), on a selection.
  await selectSpan(page, view, spanOf(view.text, 'ההפגנות'));
  await page.keyboard.press('v');
  await expect(page.locator('dialog.ev-picker[open]')).toBeVisible();
  await page.keyboard.type('demonst');
  await page.keyboard.press('Enter');
  await expect.poll(() => events(app, view.id).map((e) => e.type)).toEqual(['Conflict:Demonstrate']);
});

test('document status, note and flags are set in the header and kept after a restart', async ({ app }) => {
  await app.load();
  const view = await app.open(ARABIC_SEED);
  const page = app.page;
  await page.getByLabel('Document status').selectOption('in-progress');
  await page.getByLabel('Document note').fill('تحقق من الأسماء');
  await page.getByLabel('Document note').press('Enter');
  await page.getByLabel('Document flags').fill(' review, unclear ,review,, ');
  await page.getByLabel('Document flags').press('Enter');
  await expect
    .poll(() => app.call('documents.meta', { docId: view.id }))
    .toMatchObject({ status: 'in-progress', note: 'تحقق من الأسماء', flags: ['review', 'unclear'] });
  await app.restart();
  await app.open(ARABIC_SEED);
  await expect(page.getByLabel('Document status')).toHaveValue('in-progress');
  await expect(page.getByLabel('Document note')).toHaveValue('تحقق من الأسماء');
  await expect(page.getByLabel('Document flags')).toHaveValue('review, unclear');
  // Emptying the field removes the flags.
  await page.getByLabel('Document flags').fill('');
  await page.getByLabel('Document flags').press('Enter');
  await expect.poll(() => app.call('documents.meta', { docId: view.id }).flags).toEqual([]);
});
