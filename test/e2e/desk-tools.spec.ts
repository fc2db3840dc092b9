/**
 * The annotator's desk, what was missing (issue 14): a marker on mentions that carry a note (drawn
 * beside the text, the note as its tooltip), type hotkeys edited in the schema editor (conflicts
 * refused by name, the `?` help and the legend following at once), and the guidelines in the tool
 * (the schema's descriptions where a type is chosen; the project's guidelines document beside the
 * text).
 */
import { ARABIC_SEED, HEBREW_SEED, cpText, dragAcross, expect, spanOf, test, waitForMention, type QalamApp } from './harness';
import type { DocumentView } from '../../electron/contract';

/** The paragraphs' text as the DOM holds it (nothing may be inserted into it). */
async function paragraphTexts(app: QalamApp): Promise<string[]> {
  return app.page.locator('.doc-text [data-para]').evaluateAll((els) => els.map((el) => el.textContent ?? ''));
}

async function tagWithNote(app: QalamApp, view: DocumentView, word: string, part: string, key: string, note: string) {
  const page = app.page;
  const span = spanOf(view.text, word, part);
  await dragAcross(page, view, span, { alt: part !== word });
  await page.keyboard.press(key);
  const m = await waitForMention(app, view.id, (x) => x.start === span.start && x.end === span.end);
  await page.locator('.ev-note').fill(note);
  await page.locator('.ev-note').blur();
  await expect.poll(() => app.mentions(view.id).find((x) => x.id === m.id)?.note).toBe(note);
  return { id: m.id, span };
}

test.describe('a marker on mentions that carry a note', () => {
  for (const [seed, word, part, key] of [
    [HEBREW_SEED, 'בקזחסטן', 'קזחסטן', '3'],
    [ARABIC_SEED, 'لواشنطن', 'واشنطن', '3'],
  ] as const) {
    test(`${seed === HEBREW_SEED ? 'Hebrew' : 'Arabic'}: drawn above the mention's end, beside the text, the note as its tooltip`, async ({ app }) => {
      await app.load();
      const view = await app.open(seed);
      const page = app.page;
      const before = await paragraphTexts(app);
      const note = seed === HEBREW_SEED ? 'לבדוק: שם המדינה בלי התחילית' : 'للتحقق: الاسم دون السابقة';
      const { id, span } = await tagWithNote(app, view, word, part, key, note);
      expect(cpText(view.text, span)).toBe(part);
      const marker = page.locator(`.ov-note[data-id="${id}"]`);
      await expect(marker).toHaveCount(1);
      await expect(marker).toHaveAttribute('title', new RegExp(note));
      // In the overlay's layer, not in the text: the paragraphs hold exactly what they held.
      expect(await marker.evaluate((el) => el.closest('.doc-text') === null && el.closest('.ov-front') !== null)).toBe(true);
      expect(await paragraphTexts(app)).toEqual(before);
      expect(await page.locator('.doc-text .ov-note, .doc-text [title]').count()).toBe(0);
      // At the end of the mention in its reading direction (the left end in RTL), above its line.
      const box = (await marker.boundingBox())!;
      const hl = await page.locator(`.ov-hl[data-id="${id}"]`).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
      const last = hl.reduce((a, b) => (b.top > a.top + 1 ? b : a));
      const centre = box.x + box.width / 2;
      expect(Math.abs(centre - last.left)).toBeLessThan(6);
      expect(box.y + box.height / 2).toBeLessThan(last.top + 4);
      // Hovering it shows the note; a mention without a note has no marker.
      expect(await page.locator('.ov-note').count()).toBe(1);
      // The note emptied: the marker goes.
      await page.locator(`.mention-row`).first().click();
      await page.locator('.ev-note').fill('');
      await page.locator('.ev-note').blur();
      await expect(marker).toHaveCount(0);
      // Undo brings the note back, and its marker.
      await page.locator('.doc-text [data-para]').first().click();
      await page.keyboard.press('Control+z');
      await expect(marker).toHaveCount(1);
    });
  }
});

test('hotkeys edited in the schema editor: a key the window or another type uses is refused by name; a free one is saved, and the legend, the ? help and the keys follow at once', async ({ app }) => {
  test.setTimeout(120_000);
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const page = app.page;
  const before = app.call('schema.get', {});
  await page.getByRole('button', { name: 'Schema…', exact: true }).click();
  const editor = page.locator('dialog.schema-editor');
  await expect(editor).toBeVisible();
  const perKey = editor.locator('tr', { has: page.locator('input[data-field="name"][value="PER"]') }).getByLabel('Hotkey');
  const save = editor.getByRole('button', { name: 'Save schema' });
  const problems = editor.getByTestId('schema-problems');
  // Keys of the keymap, each refused with what it does.
  for (const [key, use] of [
    ['n', 'next suggestion'],
    ['v', 'pick an event type'],
    ['[', 'previous role'],
    ['?', 'show every key'],
  ] as const) {
    await perKey.fill(key);
    await save.click();
    await expect(problems).toContainText(`PER: hotkey ${key} is taken by the editor (${use})`);
  }
  // Another type's key (an entity type's, an event type's): both named.
  await perKey.fill('2');
  await save.click();
  await expect(problems).toContainText('PER: hotkey 2 is also ORG’s');
  await expect(problems).toContainText('ORG: hotkey 2 is also PER’s');
  await perKey.fill('a');
  await save.click();
  await expect(problems).toContainText('PER: hotkey a is also Conflict:Attack’s');
  // Nothing was saved.
  expect(app.call('schema.get', {})).toEqual(before);

  // A free key for PER, and one for an event type.
  await perKey.fill('q');
  await editor.getByRole('tab', { name: /Event types/ }).click();
  const attack = editor.locator('section.se-card', { has: page.locator('input[data-field="name"][value="Conflict:Attack"]') });
  await attack.getByLabel('Hotkey').fill('w');
  await expect(editor.locator('.se-key.is-conflict')).toHaveCount(0);
  await save.click();
  await expect(editor).toBeHidden();
  const after = app.call('schema.get', {});
  expect(after.entityTypes.find((t) => t.name === 'PER')?.hotkey).toBe('q');
  expect(after.eventTypes.find((t) => t.name === 'Conflict:Attack')?.hotkey).toBe('w');

  // The legend and the ? help at once, and the keys themselves.
  await expect(page.locator('.legend-item[data-type="PER"] kbd')).toHaveText('q');
  await page.locator('.doc-text [data-para]').first().click();
  await page.keyboard.press('?');
  const help = page.getByTestId('key-help');
  await expect(help).toBeVisible();
  const helpText = (await help.innerText()).replace(/\s+/g, ' ');
  expect(helpText).toContain('q tag the selection as PER');
  expect(helpText).toContain('w make the selected words a Conflict:Attack trigger');
  expect(helpText).not.toContain('1 tag the selection as PER');
  expect(helpText).not.toContain('a make the selected words a Conflict:Attack trigger');
  await page.keyboard.press('Escape');
  const span = spanOf(view.text, 'רוסיה');
  await dragAcross(page, view, span);
  await page.keyboard.press('q');
  const m = await waitForMention(app, view.id, (x) => x.start === span.start && x.end === span.end);
  expect(m.type).toBe('PER');
  const trigger = spanOf(view.text, 'ושלחה');
  await dragAcross(page, view, trigger);
  await page.keyboard.press('w');
  await expect.poll(() => app.call('events.list', { docId: view.id }).map((e) => [e.type, e.triggerStart, e.triggerEnd])).toEqual([['Conflict:Attack', trigger.start, trigger.end]]);
});

test.describe('guidelines in the tool', () => {
  test('the schema’s descriptions where a type is chosen: the v list and the legend', async ({ app }) => {
    await app.load();
    const view = await app.open(HEBREW_SEED);
    const page = app.page;
    const schema = app.call('schema.get', {});
    const per = schema.entityTypes.find((t) => t.name === 'PER')!;
    await expect(page.locator('.legend-item[data-type="PER"]')).toHaveAttribute('title', new RegExp(per.description!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await dragAcross(page, view, spanOf(view.text, 'ושלחה'));
    await page.keyboard.press('v');
    const picker = page.getByTestId('type-picker');
    await expect(picker).toBeVisible();
    const attack = schema.eventTypes.find((t) => t.name === 'Conflict:Attack')!;
    const row = picker.locator('li', { has: page.locator('.type-name', { hasText: /^Conflict:Attack$/ }) });
    await expect(row.locator('.type-desc')).toHaveText(attack.description!);
    await expect(row.locator('.type-desc')).toBeVisible();
    // Filtering reads the descriptions too.
    await picker.locator('input').fill('violent');
    await expect(picker.locator('li .type-name')).toHaveText(['Conflict:Attack']);
    await page.keyboard.press('Escape');
  });

  test('the project’s guidelines: imported from a .md file, rendered safely, each paragraph in its own direction, edited, kept in the project, beside the text', async ({ app }) => {
    test.setTimeout(120_000);
    await app.load();
    await app.open(HEBREW_SEED);
    const page = app.page;
    await page.getByTestId('guidelines-toggle').click();
    const panel = page.getByTestId('guidelines-panel');
    await expect(panel.getByTestId('guidelines-empty')).toBeVisible();
    // The schema's types with their descriptions, below.
    await expect(panel.locator('.guidelines-type[data-type="GPE"] dd')).toContainText('Geo-political entity');

    const md = [
      '# הנחיות תיוג',
      '',
      'תייגו **שמות מקומות** בלי התחילית: `קזחסטן` ב־`בקזחסטן`.',
      '',
      'لا تُدخل حرف الجر في الوسم: *واشنطن* في «لواشنطن».',
      '',
      'English examples stay left to right.',
      '',
      '- GPE: מדינה, עיר',
      '- LOC: אזור גאוגרפי',
      '',
      '| סוג | דוגמה |',
      '| --- | --- |',
      '| GPE | רוסיה |',
      '',
      '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
    ].join('\n');
    await panel.getByTestId('guidelines-file').setInputFiles({ name: 'news-guide.md', mimeType: 'text/markdown', buffer: Buffer.from(md) });
    const doc = panel.getByTestId('guidelines-doc');
    await expect(doc.locator('h3')).toHaveText('הנחיות תיוג');
    await expect(doc.locator('strong')).toHaveText('שמות מקומות');
    await expect(doc.locator('li')).toHaveCount(2);
    await expect(doc.locator('td')).toHaveText(['GPE', 'רוסיה']);
    // Raw HTML is text: no element made of it, nothing run.
    await expect(doc.locator('script, img')).toHaveCount(0);
    await expect(doc).toContainText('<script>window.__pwned = 1</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Each block takes its own direction (dir="auto"), whatever the interface's.
    const dirs = await doc.locator('p').evaluateAll((ps) => ps.map((p) => [p.getAttribute('dir'), p.matches(':dir(rtl)') ? 'rtl' : 'ltr']));
    expect(dirs.slice(0, 3)).toEqual([
      ['auto', 'rtl'],
      ['auto', 'rtl'],
      ['auto', 'ltr'],
    ]);
    expect(app.call('guidelines.get', {})).toMatchObject({ markdown: md, source: 'news-guide.md' });
    await expect(panel.locator('.guidelines-source')).toHaveText('news-guide.md');

    // Beside the text: the panel and the document do not overlap.
    const a = (await panel.boundingBox())!;
    const b = (await page.locator('.doc-scroll').boundingBox())!;
    expect(a.x + a.width <= b.x + 1 || b.x + b.width <= a.x + 1).toBe(true);

    // Edited in the window.
    await panel.getByTestId('guidelines-edit').click();
    await panel.getByTestId('guidelines-text').fill(md + '\n\n## כלל חדש\n\nגם *כינויים* מתויגים.');
    await panel.getByTestId('guidelines-save').click();
    await expect(doc.locator('h4')).toHaveText('כלל חדש');
    expect(app.call('guidelines.get', {}).source).toBeNull();

    // Another file replaces them only when confirmed.
    page.once('dialog', (d) => void d.dismiss());
    await panel.getByTestId('guidelines-file').setInputFiles({ name: 'other.md', mimeType: 'text/markdown', buffer: Buffer.from('# אחר') });
    await expect(doc.locator('h4')).toHaveText('כלל חדש');
    expect(app.call('guidelines.get', {}).markdown).toContain('כלל חדש');

    // Kept in the project, and the panel stays open after a restart.
    await app.restart();
    await expect(page.getByTestId('guidelines-doc').locator('h4')).toHaveText('כלל חדש');
    // The last document reopened beside them; closing them brings the document list back.
    await expect(page.locator('.doc-text [data-para]').first()).toBeVisible();
    await page.getByTestId('guidelines-toggle').click();
    await expect(page.getByTestId('guidelines-panel')).toHaveCount(0);
    await expect(page.locator('.doc-list')).toBeVisible();
  });
});
