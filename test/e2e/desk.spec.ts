/**
 * The annotator's desk (issue 14): what a new Hebrew or Arabic annotator hit. Each test here
 * failed before its fix.
 */
import { ARABIC_SEED, HEBREW_SEED, annotate, clickOn, cpText, dragAcross, expect, spanOf, test, waitForMention } from './harness';

test.describe('find with a caret or a selection in the text', () => {
  test('Ctrl+F opens the bar with a caret in the text, and a selected word becomes the query', async ({ app }) => {
    await app.load();
    const view = await app.open(HEBREW_SEED);
    const page = app.page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A caret in the text.
    await clickOn(page, view, spanOf(view.text, 'בקזחסטן').start + 2);
    await page.keyboard.press('Control+f');
    const input = page.getByRole('searchbox', { name: 'Find' });
    await expect(input).toBeFocused();
    await input.press('Escape');
    await expect(page.locator('.find-bar')).toHaveCount(0);
    // A selected word.
    await dragAcross(page, view, spanOf(view.text, 'בקזחסטן'));
    await page.keyboard.press('Control+f');
    await expect(input).toBeFocused();
    await expect(input).toHaveValue('בקזחסטן');
    await expect(page.locator('.find-count')).not.toHaveText('No matches');
    await expect(page.locator('.status-error')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

test.describe('the document header', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    test(`at ${width}×${height} nothing overflows it, and the first tag does not move the text`, async ({ app }) => {
      const page = app.page;
      await page.setViewportSize({ width, height });
      await app.load();
      const view = await app.open(HEBREW_SEED);
      const center = page.locator('main.center');
      // Every control of the header lies within the centre column (none under the side panel).
      const outside = () =>
        center.evaluate((main) => {
          const box = main.getBoundingClientRect();
          return [...main.querySelectorAll<HTMLElement>('.doc-title input, .doc-title select, .doc-title label, .doc-title button, .doc-title h1')]
            .filter((el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
            })
            .map((el) => el.getAttribute('aria-label') ?? el.textContent);
        });
      expect(await outside()).toEqual([]);
      const top = () => page.locator('.doc-scroll').evaluate((el) => el.getBoundingClientRect().top);
      const before = await top();
      await dragAcross(page, view, spanOf(view.text, 'בקזחסטן'));
      await page.keyboard.press('3');
      await expect(page.locator('.mention-row')).toHaveCount(1);
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      expect(await top()).toBe(before);
      expect(await outside()).toEqual([]);
    });
  }
});

test.describe('first start', () => {
  test.use({ annotator: null });
  test('no error behind the name prompt, none after the name is given, and no message names an internal call', async ({ app }) => {
    const page = app.page;
    await page.goto('about:blank');
    await app.load().catch(() => undefined); // the name prompt is modal on first start
    const dialog = page.locator('dialog[aria-labelledby="annotator-title"]');
    await expect(dialog).toBeVisible();
    // The document behind the prompt is open (its text shows), and nothing failed.
    await expect(page.locator('.doc-text [data-para]').first()).toBeAttached();
    await expect(page.locator('.status-error')).toHaveCount(0);
    await page.locator('input[name=annotator]').fill('noa');
    await page.getByRole('button', { name: 'Start annotating' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator('.status-info')).toContainText('noa');
    await expect(page.locator('.status-error')).toHaveCount(0);
    // The annotator can tag at once.
    await page.locator('.doc-text [data-para]').first().dblclick();
    await page.keyboard.press('1');
    await expect(page.locator('.mention-row')).toHaveCount(1);
    await expect(page.locator('.status-error')).toHaveCount(0);
  });

  test('an error from the service is shown without the name of an internal call', async ({ app }) => {
    const page = app.page;
    await page.goto('about:blank');
    await app.load().catch(() => undefined);
    await expect(page.locator('dialog[aria-labelledby="annotator-title"]')).toBeVisible();
    // Asking for the own set before saying who you are: the service refuses, in words a person reads.
    const docId = app.summary(HEBREW_SEED).id;
    const text = await page.evaluate(async (docId) => {
      const r = (await window.qalam.invoke('annotations.list', { docId })) as { ok: boolean; error?: { message: string } };
      return r.ok ? 'answered' : (r.error?.message ?? '');
    }, docId);
    expect(text).toMatch(/annotator/);
    expect(text).not.toMatch(/\b[a-z]+\.[a-zA-Z]+\b/);
  });
});

test.describe('prefixes out (defect 3)', () => {
  test('a visible switch beside Whole words leaves a known prefix out of a drag that starts after it; kept per project', async ({ app }) => {
    await app.load();
    const page = app.page;
    const toggle = page.getByTestId('prefixes-out').locator('input');
    await expect(page.getByTestId('prefixes-out')).toBeVisible();
    await expect(page.getByTestId('prefixes-out')).toHaveText('Prefixes out');
    // No mentions of this annotator yet: on.
    await expect(toggle).toBeChecked();
    const he = await app.open(HEBREW_SEED);
    await dragAcross(page, he, spanOf(he.text, 'בקזחסטן', 'קזחסטן'));
    await page.keyboard.press('3');
    const stem = await waitForMention(app, he.id, (m) => m.type === 'GPE');
    expect(cpText(he.text, stem)).toBe('קזחסטן');
    // Arabic: a drag on الجنود inside والجنود.
    const ar = await app.open(ARABIC_SEED);
    await dragAcross(page, ar, spanOf(ar.text, 'والجنود', 'الجنود'));
    await page.keyboard.press('1');
    const soldiers = await waitForMention(app, ar.id, (m) => m.type === 'PER');
    expect(cpText(ar.text, soldiers)).toBe('الجنود');
    // Switched off: the same drag takes the whole word; the choice is kept after a restart.
    await page.getByTestId('prefixes-out').click();
    await expect(toggle).not.toBeChecked();
    await app.restart();
    await expect(toggle).not.toBeChecked();
    const again = await app.open(HEBREW_SEED);
    await dragAcross(page, again, spanOf(again.text, 'בקזחסטן', 'קזחסטן', 1));
    await page.keyboard.press('3');
    const whole = await waitForMention(app, again.id, (m) => m.type === 'GPE' && m.id !== stem.id);
    expect(cpText(again.text, whole)).toBe('בקזחסטן');
  });

  test("by default it follows the annotator's own practice", async ({ app }) => {
    const view = app.view(HEBREW_SEED);
    // dana tags whole words, prefix included (and the bare word elsewhere, so the rest is a word of its own).
    annotate(app, 'dana', view.id, [
      { type: 'GPE', span: spanOf(view.text, 'בקזחסטן') },
      { type: 'GPE', span: spanOf(view.text, 'בקזחסטן', 'בקזחסטן', 1) },
      { type: 'GPE', span: spanOf(view.text, ' קזחסטן ', 'קזחסטן') },
    ]);
    await app.load();
    await app.open(HEBREW_SEED);
    const toggle = app.page.getByTestId('prefixes-out');
    await expect(toggle.locator('input')).not.toBeChecked();
    await expect(toggle).toHaveAttribute('title', /your own tagging: 0 of your mentions leave a prefix out, 2 include one/);
  });

  test('Find → Escape → hotkey tags the word found, not its prefix, whatever the switch says', async ({ app }) => {
    await app.load();
    const page = app.page;
    const view = await app.open(HEBREW_SEED);
    await page.getByTestId('prefixes-out').click();
    await expect(page.getByTestId('prefixes-out').locator('input')).not.toBeChecked();
    await clickOn(page, view, spanOf(view.text, 'עם קזחסטן', 'עם').start);
    await page.keyboard.press('Control+f');
    const input = page.getByRole('searchbox', { name: 'Find' });
    await input.fill('קזחסטן');
    await expect(page.locator('.find-count')).toContainText('1 /');
    await input.press('Escape');
    await page.keyboard.press('3');
    const m = await waitForMention(app, view.id, (x) => x.type === 'GPE');
    expect(cpText(view.text, m)).toBe('קזחסטן');
    expect(m.start).toBe(spanOf(view.text, 'בקזחסטן', 'קזחסטן').start);
  });

  test('the export dialog says in one line what the default granularity does with prefixes', async ({ app }) => {
    await app.load();
    const page = app.page;
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
    await dialog.getByLabel('Format').selectOption('conll');
    await expect(dialog.getByLabel('Granularity')).toHaveValue('token');
    await expect(dialog.getByTestId('granularity-hint')).toContainText('prefix included');
    await dialog.getByLabel('Granularity').selectOption('morph');
    await expect(dialog.getByTestId('granularity-hint')).toContainText('stays out');
  });
});

test.describe('event roles by Tab (defect 4)', () => {
  test('the first Tab goes to the candidates nearest the trigger, in reading order, not to the end of the document', async ({ app }) => {
    const view = app.view(HEBREW_SEED);
    // רוסיה … עם קזחסטן … ושלחה (the trigger, nothing after it in its sentence takes a place) … and
    // באלמטי at the very end of the document.
    const russia = spanOf(view.text, 'רוסיה');
    const kz = spanOf(view.text, 'עם קזחסטן', 'קזחסטן');
    const almaty = spanOf(view.text, 'באלמטי', 'באלמטי', view.text.split('באלמטי').length - 2);
    annotate(app, 'dana', view.id, [
      { type: 'GPE', span: russia },
      { type: 'GPE', span: kz },
      { type: 'GPE', span: almaty },
    ]);
    const trigger = spanOf(view.text, 'ושלחה');
    const event = app.call('events.create', { docId: view.id, type: 'Movement:Transport', ...trigger }).event;
    const ids = new Map(app.mentions(view.id).map((m) => [m.start, m.id]));
    await app.load();
    await app.open(HEBREW_SEED);
    const page = app.page;
    await page.locator(`.ev-frame[data-event-id="${event.id}"]`).click();
    const armed = page.locator('[data-testid="role-panel"] .ev-role-row.is-armed');
    for (let i = 0; i < 12 && (await armed.getAttribute('data-role')) !== 'Destination'; i++) await page.keyboard.press(']');
    await expect(armed).toHaveAttribute('data-role', 'Destination');
    const candidate = page.locator('[data-testid="role-panel"] [data-testid="candidate"]');
    await page.keyboard.press('Tab');
    await expect(candidate).toHaveAttribute('data-mention-id', ids.get(russia.start)!);
    await page.keyboard.press('Tab');
    await expect(candidate).toHaveAttribute('data-mention-id', ids.get(kz.start)!);
    await page.keyboard.press('Tab');
    await expect(candidate).toHaveAttribute('data-mention-id', ids.get(almaty.start)!);
    // Shift+Tab from the start also stays near the trigger: the last candidate before it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Tab');
    await expect(candidate).toHaveAttribute('data-mention-id', ids.get(kz.start)!);
  });
});

test.describe('event types in the text (defect 5)', () => {
  test('a trigger carries a chip naming its event type, with a tooltip; the selected event is named by type and trigger, not by id', async ({ app }) => {
    const view = app.view(HEBREW_SEED);
    annotate(app, 'dana', view.id, [{ type: 'GPE', span: spanOf(view.text, 'רוסיה') }]);
    const trigger = spanOf(view.text, 'ושלחה');
    const event = app.call('events.create', { docId: view.id, type: 'Movement:Transport', ...trigger }).event;
    await app.load();
    await app.open(HEBREW_SEED);
    const page = app.page;
    const chip = page.locator(`.ov-chip.is-trigger[data-event-id="${event.id}"]`);
    await expect(chip).toHaveText('Transport');
    await expect(chip).toHaveAttribute('title', /Movement:Transport/);
    // The chip sits above the trigger's words, not over them.
    const words = page.locator(`.ev-trigger[data-event-id="${event.id}"]`).first();
    const [c, w] = [await chip.boundingBox(), await words.boundingBox()];
    expect(c!.y + c!.height).toBeLessThanOrEqual(w!.y + 2);
    expect(c!.x + c!.width).toBeGreaterThan(w!.x);
    expect(c!.x).toBeLessThan(w!.x + w!.width);
    // Clicking it selects the event; its heading names the type and the trigger, no "E1".
    await chip.click();
    const panel = page.locator('[data-testid="role-panel"]');
    await expect(panel).toHaveAttribute('data-event-id', event.id);
    await expect(chip).toHaveClass(/is-selected/);
    await expect(panel.locator('h2')).toHaveText('Movement:Transport “ושלחה”');
    await expect(panel.locator('h2')).not.toContainText(event.id);
    // The list row reads "no arguments · N roles empty", not run together.
    await expect(page.locator(`.ev-frame[data-event-id="${event.id}"] .ev-roles-line`)).toHaveText(/^no arguments · \d+ roles empty$/);
  });
});

test.describe('stale state (defect 7)', () => {
  test('the export dialog offers gold right after adjudicating, without a reload', async ({ app }) => {
    const view = app.view(HEBREW_SEED);
    annotate(app, 'avi', view.id, [{ type: 'GPE', span: spanOf(view.text, 'רוסיה') }]);
    annotate(app, 'bat', view.id, [{ type: 'ORG', span: spanOf(view.text, 'רוסיה') }]);
    app.call('session.setAnnotator', { name: 'dana' });
    await app.load();
    await app.open(HEBREW_SEED);
    const page = app.page;
    const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
    const sets = dialog.getByLabel('Annotation set').locator('option');
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(sets).not.toContainText(['gold (adjudicated)']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // Adjudicate: accept avi's side into gold.
    await page.getByTestId('review-toggle').click();
    const screen = page.getByTestId('review-screen');
    await expect(screen.locator('.review-dis-item')).toHaveCount(1);
    await page.keyboard.press('1');
    await expect.poll(() => app.call('mentions.list', { docId: view.id, annotator: 'gold' }).length).toBe(1);
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(dialog.getByLabel('Annotation set').locator('option[value="gold"]')).toHaveCount(1);
  });

  test('the status line drops a relation hint once the relation is made or abandoned', async ({ app }) => {
    const view = app.view(HEBREW_SEED);
    annotate(app, 'dana', view.id, [
      { type: 'GPE', span: spanOf(view.text, 'רוסיה') },
      { type: 'GPE', span: spanOf(view.text, 'עם קזחסטן', 'קזחסטן') },
    ]);
    await app.load();
    await app.open(HEBREW_SEED);
    const page = app.page;
    const status = page.locator('.status-line');
    const [russia] = app.mentions(view.id);
    await page.locator(`.mention-row[data-mention-id="${russia!.id}"]`).click();
    await page.keyboard.press('r');
    await expect(status).toContainText('Relation: Tab');
    await page.keyboard.press('Escape');
    await expect(status).not.toContainText('Relation: Tab');
    // Made: r, Tab, Enter, a type.
    await page.locator(`.mention-row[data-mention-id="${russia!.id}"]`).click();
    await page.keyboard.press('r');
    await expect(status).toContainText('Relation: Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.type('PHYS');
    await page.keyboard.press('Enter');
    await expect.poll(() => app.call('relations.list', { docId: view.id }).length).toBe(1);
    await expect(status).not.toContainText('Relation: Tab');
  });
});

test.describe('a quiet "saved" indicator', () => {
  test('the status line says every change is stored at once: saved after a tag and after undo', async ({ app }) => {
    await app.load();
    const page = app.page;
    const view = await app.open(HEBREW_SEED);
    const saved = page.getByTestId('save-state');
    await expect(saved).toHaveAttribute('title', /stored in the project as you make it/);
    await dragAcross(page, view, spanOf(view.text, 'רוסיה'));
    await page.keyboard.press('3');
    await waitForMention(app, view.id, () => true);
    await expect(saved).toHaveAttribute('data-state', 'saved');
    await expect(saved).toHaveText('Saved');
    await page.keyboard.press('Control+z');
    await expect.poll(() => app.mentions(view.id).length).toBe(0);
    await expect(saved).toHaveAttribute('data-state', 'saved');
  });
});

test.describe('keyboard help from the keymap', () => {
  test("? lists every key of the current screen, the schema's event and entity keys included", async ({ app }) => {
    await app.load();
    const page = app.page;
    await app.open(HEBREW_SEED);
    await page.locator('.doc-text [data-para]').first().click();
    await page.keyboard.press('?');
    const help = page.getByTestId('key-help');
    await expect(help).toBeVisible();
    const schema = app.call('session.get', {}).schema;
    const text = (await help.innerText()).replace(/\s+/g, ' ');
    for (const t of schema.eventTypes.filter((x) => x.hotkey)) expect(text).toContain(`${t.hotkey} make the selected words a ${t.name} trigger`);
    for (const t of schema.entityTypes.filter((x) => x.hotkey && !x.abstract)) expect(text).toContain(`${t.hotkey} tag the selection as ${t.name}`);
    for (const k of ['v', 'r', '[', ']', 'Tab', 'Ctrl+F', 'Ctrl+E', 'x', 'b', 'a', 't']) expect(text).toContain(k);
    // The annotating keys first; in review, the review keys first.
    await expect(help.locator('.key-help-group').first()).toHaveAttribute('data-screen', 'annotate');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await page.getByTestId('review-toggle').click();
    await page.keyboard.press('?');
    await expect(help.locator('.key-help-group').first()).toHaveAttribute('data-screen', 'review');
    await help.getByRole('button', { name: 'Close' }).click();
    await expect(help).toBeHidden();
  });
});
