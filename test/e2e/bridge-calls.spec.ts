/**
 * One bridge call per change: a label, an undo, a redo, an event argument, a relation and a
 * delete each cost exactly one invoke, whose answer carries everything the window shows of it (the
 * objects it changed, the undo state, the document's row in the list and its problems).
 */
import type { Page } from '@playwright/test';
import type { DocumentView } from '../../electron/contract';
import { ARABIC_SEED, expect, locate, spanOf, test, waitForMention, type QalamApp } from './harness';

const ORG = '2';
const GPE = '3';

async function selectSpan(page: Page, view: DocumentView, span: { start: number; end: number }): Promise<void> {
  const a = locate(view, span.start);
  const b = locate(view, span.end);
  await page.evaluate(
    ({ a, b }) => {
      const node = (p: number) => document.querySelector(`.doc-text [data-para="${p}"] [data-lexical-text="true"]`)?.firstChild as Text;
      document.querySelector<HTMLElement>('.doc-text')!.focus();
      window.getSelection()!.setBaseAndExtent(node(a.paragraph), a.offset16, node(b.paragraph), b.offset16);
    },
    { a, b },
  );
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().length ?? 0)).toBeGreaterThan(0);
}

/**
 * Run `action`, wait for what it shows (`shown`), give any follow-up call time to be made, and
 * answer the calls the page made meanwhile.
 */
async function callsOf(app: QalamApp, action: () => Promise<void>, shown: () => Promise<void>): Promise<string[]> {
  app.calls.length = 0;
  await action();
  await shown();
  // A reload after a change used to be scheduled right after its answer: wait well past that.
  await app.page.waitForTimeout(600);
  // The suggestions are read again a moment after the mentions change (state/suggestions.ts): a
  // read of their own, never part of the change nor before its answer.
  return app.calls.filter((m) => !m.startsWith('suggestions.'));
}

test('a label, undo, redo, an event argument and a relation cost one bridge call each', async ({ app }) => {
  await app.load();
  const view = await app.open(ARABIC_SEED);
  const page = app.page;
  // The open's own reads (its undo state and problems) may still be on their way when the
  // document shows: they are not part of the first change.
  await expect.poll(() => ['history.state', 'documents.validate'].every((m) => app.calls.includes(m))).toBe(true);
  // ... and whatever follows them: the window is quiet for 700 ms before the first change.
  for (let before = -1; before !== app.calls.length; ) {
    before = app.calls.length;
    await page.waitForTimeout(700);
  }
  await expect(page.locator('[data-testid="problems"]')).toContainText('No problems');
  const row = page.locator(`.doc-item[data-doc-id="${view.id}"] [data-testid="mention-count"]`);
  await expect(row).toHaveText('0 mentions');
  const progress = page.locator(`.doc-item[data-doc-id="${view.id}"] [role="progressbar"]`);

  // A label: the mention, the list row (count and progress) and the problems from one answer.
  const govSpan = spanOf(view.text, 'الحكومة');
  let gov = { id: '' };
  expect(
    await callsOf(
      app,
      async () => {
        await selectSpan(page, view, govSpan);
        await page.keyboard.press(ORG);
      },
      async () => {
        gov = await waitForMention(app, view.id, (m) => m.start === govSpan.start);
        await expect(row).toHaveText('1 mention');
      },
    ),
  ).toEqual(['mentions.create']);

  // The list row follows each change without the list measuring a row again: that measure forced
  // a layout of the whole window after every label (DocumentList's row height is measured once per
  // language and window of rows).
  await page.evaluate(() => {
    const w = window as unknown as { __rowMeasures: number };
    w.__rowMeasures = 0;
    const measure = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      if (this instanceof HTMLLIElement && this.closest('[data-testid="doc-rows"]')) w.__rowMeasures++;
      return measure.call(this);
    };
  });
  // Undo and redo: one call each, the list row follows.
  expect(await callsOf(app, () => page.keyboard.press('Control+z'), () => expect(row).toHaveText('0 mentions'))).toEqual(['history.undo']);
  await expect(page.locator(`.mention-row[data-mention-id="${gov.id}"]`)).toHaveCount(0);
  expect(await callsOf(app, () => page.keyboard.press('Control+Shift+z'), () => expect(row).toHaveText('1 mention'))).toEqual(['history.redo']);
  await expect(page.locator(`.mention-row[data-mention-id="${gov.id}"]`)).toBeAttached();
  expect(await page.evaluate(() => (window as unknown as { __rowMeasures: number }).__rowMeasures)).toBe(0);

  const kzSpan = spanOf(view.text, 'كازخستان');
  await selectSpan(page, view, kzSpan);
  await page.keyboard.press(GPE);
  const kz = await waitForMention(app, view.id, (m) => m.start === kzSpan.start);
  await page.keyboard.press('Escape');

  // An event, then an argument: one call each.
  const trigger = spanOf(view.text, 'استقالتها');
  expect(
    await callsOf(
      app,
      async () => {
        await selectSpan(page, view, trigger);
        await page.keyboard.press('e');
      },
      () => expect(page.locator('[data-testid="role-panel"]')).toContainText('Personnel:End-Position'),
    ),
  ).toEqual(['events.create']);
  const armed = page.locator('[data-testid="role-panel"] .ev-role-row.is-armed');
  for (let i = 0; i < 12 && (await armed.getAttribute('data-role')) !== 'Entity'; i++) await page.keyboard.press(']');
  await expect(armed).toHaveAttribute('data-role', 'Entity');
  // Entity takes ORG: Tab to the government, Enter assigns it.
  const candidate = page.locator('[data-testid="role-panel"] [data-testid="candidate"]');
  for (let i = 0; i < 20 && (await candidate.getAttribute('data-mention-id')) !== gov.id; i++) await page.keyboard.press('Tab');
  await expect(candidate).toHaveAttribute('data-mention-id', gov.id);
  expect(
    await callsOf(
      app,
      () => page.keyboard.press('Enter'),
      () => expect(page.locator('[data-testid="role-panel"] .ev-role-row[data-role="Entity"]')).toHaveAttribute('data-filled', '1'),
    ),
  ).toEqual(['events.setArgument']);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  // A relation by keyboard: r on the selected mention, Tab to the other end, Enter, pick a type.
  await page.locator(`.mention-row[data-mention-id="${gov.id}"]`).click();
  await page.keyboard.press('r');
  await page.keyboard.press('Tab');
  for (let i = 0; i < 20 && (await page.locator('[data-testid="candidate"]').getAttribute('data-mention-id')) !== kz.id; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('dialog.ev-picker[open]')).toBeVisible();
  await page.keyboard.type('gen-aff');
  expect(
    await callsOf(
      app,
      () => page.keyboard.press('Enter'),
      () => expect(page.locator('.ev-arc')).not.toHaveCount(0),
    ),
  ).toEqual(['relations.create']);
  expect(app.call('relations.list', { docId: view.id }).map((r) => [r.type, r.arg1, r.arg2])).toEqual([['GEN-AFF', gov.id, kz.id]]);
  // What the window shows is what the service says, though it never asked again.
  const problems = app.call('documents.validate', { docId: view.id });
  await expect(page.locator('[data-testid="problems"] .ev-problem')).toHaveCount(problems.length);
  const summary = app.summary(ARABIC_SEED);
  await expect(progress).toHaveAttribute('aria-valuenow', String(Math.round(summary.progress * 100)));
  await expect(row).toHaveText(`${summary.mentionCount} mentions`);

  // Deleting the government takes it out of the event and deletes the relation (one call); one
  // undo brings all three back from its answer's steps (one call), arcs included.
  await expect(page.locator('.ev-arc')).toHaveCount(2);
  await page.locator(`.mention-row[data-mention-id="${gov.id}"]`).click();
  expect(await callsOf(app, () => page.keyboard.press('Delete'), () => expect(page.locator('.ev-arc')).toHaveCount(0))).toEqual(['mentions.delete']);
  await expect(page.locator('[data-testid="problems"]')).toContainText('No problems');
  expect(await callsOf(app, () => page.keyboard.press('Control+z'), () => expect(page.locator('.ev-arc')).toHaveCount(2))).toEqual(['history.undo']);
  await expect(page.locator(`.mention-row[data-mention-id="${gov.id}"]`)).toBeAttached();
  expect(app.call('relations.list', { docId: view.id })).toHaveLength(1);
  await expect(page.locator('[data-testid="problems"] .ev-problem')).toHaveCount(app.call('documents.validate', { docId: view.id }).length);
});

interface ShellCounts {
  on: boolean;
  header: string[];
  docBar: string[];
  reads: string[];
}

test('a label draws nothing again in the header or the document bar, and the mention list reads no layout', async ({ app }) => {
  const page = app.page;
  // Installed before the window's code runs, so that the mention list's ResizeObserver is the
  // wrapped one: its callbacks read a layout the frame has just made (not counted).
  await page.addInitScript(() => {
    const shell: ShellCounts = { on: false, header: [], docBar: [], reads: [] };
    (window as unknown as { __shell: ShellCounts }).__shell = shell;
    let inObserver = 0;
    const RO = window.ResizeObserver;
    window.ResizeObserver = class extends RO {
      constructor(callback: ResizeObserverCallback) {
        super((entries, observer) => {
          inObserver++;
          try {
            callback(entries, observer);
          } finally {
            inObserver--;
          }
        });
      }
    };
    // The mention list's layout reads elsewhere: after a label they forced a layout of the window.
    const counted = (el: Element) => shell.on && !inObserver && el.closest('.mention-list') !== null;
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function (this: Element) {
      if (counted(this)) shell.reads.push(`getBoundingClientRect ${this.nodeName}`);
      return rect.call(this);
    };
    const into = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element, arg?: boolean | ScrollIntoViewOptions) {
      if (counted(this)) shell.reads.push(`scrollIntoView ${this.nodeName}`);
      return into.call(this, arg);
    };
    const height = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
    Object.defineProperty(Element.prototype, 'clientHeight', {
      configurable: true,
      get(this: Element) {
        if (counted(this)) shell.reads.push(`clientHeight ${this.nodeName}`);
        return height.get!.call(this);
      },
    });
  });
  await app.load();
  const view = await app.open(ARABIC_SEED);
  // A first label: the undo button changes once (it could not undo before).
  const govSpan = spanOf(view.text, 'الحكومة');
  await selectSpan(page, view, govSpan);
  await page.keyboard.press(ORG);
  await waitForMention(app, view.id, (m) => m.start === govSpan.start);
  await page.waitForTimeout(600);
  await page.evaluate(() => {
    const shell = (window as unknown as { __shell: ShellCounts }).__shell;
    const log = (into: string[]) => (records: MutationRecord[]) => {
      for (const r of records) into.push(`${r.type} ${r.target.nodeName} ${r.attributeName ?? ''}`);
    };
    const options = { subtree: true, childList: true, attributes: true, characterData: true };
    new MutationObserver(log(shell.header)).observe(document.querySelector('.app-header')!, options);
    new MutationObserver(log(shell.docBar)).observe(document.querySelector('.ev-docmeta')!, options);
    shell.on = true;
  });
  // The second label: the mention list and the document's row follow it; the header and the
  // document bar show nothing it changed (React 19 gave their inputs a name and type again at
  // every render of the shell, twice a label).
  const kzSpan = spanOf(view.text, 'كازخستان');
  await selectSpan(page, view, kzSpan);
  await page.keyboard.press(GPE);
  const kz = await waitForMention(app, view.id, (m) => m.start === kzSpan.start);
  await expect(page.locator(`.mention-row[data-mention-id="${kz.id}"]`)).toHaveClass(/is-selected/);
  await page.waitForTimeout(600);
  const shell = await page.evaluate(() => (window as unknown as { __shell: ShellCounts }).__shell);
  expect(shell).toEqual({ on: true, header: [], docBar: [], reads: [] });
});
