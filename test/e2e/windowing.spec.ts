/**
 * Windowing (renderer/src/editor/windowing.ts): in a long document only the paragraphs near the
 * viewport are mounted. These tests guard that offsets stay exact anyway: a selection across the
 * window boundary, a jump to a mention far down from the mention list, and undo there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DocumentView } from '../../electron/contract';
import { annotate, cpText, dragAcross, expect, expectHighlightOn, locate, rangeBoxes, spanOf, test, waitForMention, type QalamApp, selectedHighlightInView } from './harness';

const GPE = '3';
const PARAGRAPHS = 4000;
const NAME = 'long-hebrew';

const WORDS = ['הממשלה', 'בקזחסטן', 'המפגינים', 'כוחות', 'הביטחון', 'רוסיה', 'שלחה', 'צנחנים', 'לסייע', 'בירושלים', 'שָׁלוֹם', 'אלמטי'];

/** Paragraph i: a unique marker word `סעיף<i>` and a few words; every tenth is empty. */
function longText(): string {
  const lines: string[] = [];
  for (let i = 0; i < PARAGRAPHS; i++) {
    if (i % 10 === 9) {
      lines.push('');
      continue;
    }
    const n = 6 + ((i * 7) % 30);
    const words = [`סעיף${i}`];
    for (let k = 0; k < n; k++) words.push(WORDS[(i * 13 + k * 5) % WORDS.length]!);
    lines.push(words.join(' '));
  }
  return `${lines.join('\n')}\n`;
}

async function importLong(app: QalamApp): Promise<DocumentView> {
  const dir = mkdtempSync(join(tmpdir(), 'qalam-long-'));
  try {
    const file = join(dir, `${NAME}.txt`);
    writeFileSync(file, longText());
    app.call('documents.importPaths', { paths: [file] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return app.view(NAME);
}

async function mounted(page: Page): Promise<number[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.doc-text [data-para]')].map((p) => Number(p.dataset['para'])));
}

async function scrollToParagraph(page: Page, view: DocumentView, paragraph: number): Promise<void> {
  // Scroll in steps (as a user would; a few screens at a time, halved each time it overshoots, so a
  // loaded machine does not spend the test's minute on hundreds of steps); the window follows.
  let step = 2800;
  let lastDown: boolean | null = null;
  for (let guard = 0; guard < 600; guard++) {
    const para = await mounted(page);
    if (para.includes(paragraph)) break;
    const down = (para[para.length - 1] ?? 0) < paragraph;
    if (lastDown !== null && down !== lastDown) step = Math.max(350, Math.round(step / 2));
    lastDown = down;
    await page.evaluate((dy) => {
      document.querySelector<HTMLElement>('.doc-scroll')!.scrollTop += dy;
    }, down ? step : -step);
    await page.waitForTimeout(50);
    // A jump of several screens is a fast scroll: plain paragraphs until the window is mounted where it stopped.
    await page.waitForFunction(() => document.querySelector('[data-plain]') === null);
  }
  await expect.poll(async () => (await mounted(page)).includes(paragraph)).toBe(true);
  void view;
}

test.describe('a long document is windowed', () => {
  test('only the paragraphs near the viewport are in the DOM, each with its own text', async ({ app }) => {
    const view = await importLong(app);
    await app.load();
    await app.open(NAME);
    await expect(app.page.locator('.doc-scroll[data-ready="true"]')).toBeAttached();
    const first = await mounted(app.page);
    expect(first.length).toBeGreaterThan(5);
    expect(first.length).toBeLessThan(200);
    // The scroll height stands for the whole document.
    const height = await app.page.evaluate(() => document.querySelector('.doc-scroll')!.scrollHeight);
    expect(height).toBeGreaterThan(PARAGRAPHS * 30);
    await scrollToParagraph(app.page, view, 2500);
    const later = await mounted(app.page);
    expect(later.length).toBeLessThan(200);
    expect(later).toContain(2500);
    expect(later[0]).toBeGreaterThan(2000);
    // Contiguous, and each element holds exactly its paragraph's text.
    later.forEach((p, i) => expect(p).toBe(later[0]! + i));
    const texts = await app.page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.doc-text [data-para]')].map((p) => p.textContent ?? ''));
    const cps = [...view.text];
    texts.forEach((t, i) => {
      const para = view.paragraphs[later[i]!]!;
      expect(t).toBe(cps.slice(para.start, para.end).join(''));
    });
  });

  test('a fast scroll shows plain paragraphs (exact text, the window left where it was), then mounts the window where it stops, nothing moved, highlights on their letters', async ({ app }) => {
    test.setTimeout(120_000);
    const view = await importLong(app);
    // a mention on the marker word of every fifth paragraph in the middle of the document
    const marked = new Map<number, { id: string; span: { start: number; end: number } }>();
    for (let i = 1650; i < 2550; i += 5) {
      if (i % 10 === 9) continue;
      const span = spanOf(view.text, `סעיף${i} `, `סעיף${i}`);
      marked.set(i, { id: app.call('mentions.create', { docId: view.id, type: 'PER', ...span }).mention.id, span });
    }
    await app.load();
    await app.open(NAME);
    await expect(app.page.locator('.doc-scroll[data-ready="true"]')).toBeAttached();
    const before = await mounted(app.page);
    const sheetClass = await app.page.evaluate(() => document.querySelector('.doc-sheet')!.className);
    // A scroll-bar drag: from the top to the middle in 16 frames, each several screens (windowing.ts FAST_SCREENS).
    const frames = await app.page.evaluate(
      () =>
        new Promise<{ plain: [number, string][]; mounted: number[]; top: { index: number; y: number } | null; highlightsSkipped: boolean; sheetClass: string }[]>((done) => {
          const scroller = document.querySelector<HTMLElement>('.doc-scroll')!;
          const target = (scroller.scrollHeight - scroller.clientHeight) * 0.55;
          const out: { plain: [number, string][]; mounted: number[]; top: { index: number; y: number } | null; highlightsSkipped: boolean; sheetClass: string }[] = [];
          let n = 0;
          const step = () => {
            // what the last frame showed (the window's frame runs after this one's scroll)
            if (n > 0) {
              const view = scroller.getBoundingClientRect();
              const plain = [...document.querySelectorAll<HTMLElement>('.doc-plain [data-plain]')];
              const atTop = plain.find((p) => {
                const r = p.getBoundingClientRect();
                return r.top <= view.top && r.bottom > view.top;
              });
              out.push({
                plain: plain.map((p) => [Number(p.dataset['plain']), p.textContent ?? '']),
                mounted: [...document.querySelectorAll<HTMLElement>('.doc-text [data-para]')].map((p) => Number(p.dataset['para'])),
                top: atTop ? { index: Number(atTop.dataset['plain']), y: atTop.getBoundingClientRect().top } : null,
                highlightsSkipped: getComputedStyle(document.querySelector('.ov-back')!).contentVisibility === 'hidden',
                sheetClass: document.querySelector('.doc-sheet')!.className,
              });
            }
            if (n === 16) {
              done(out);
              return;
            }
            n++;
            scroller.scrollTop = (target * n) / 16;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    const cps = [...view.text];
    const textOf = (i: number) => cps.slice(view.paragraphs[i]!.start, view.paragraphs[i]!.end).join('');
    const fast = frames.filter((f) => f.plain.length > 0);
    expect(fast.length, 'the fast frames showed plain paragraphs').toBeGreaterThan(10);
    for (const f of fast) {
      // exactly the paragraphs' text, none of them mounted, the window not moved
      for (const [i, text] of f.plain) expect(text).toBe(textOf(i));
      expect(f.plain.some(([i]) => f.mounted.includes(i))).toBe(false);
      expect(f.mounted).toEqual(before);
      // the window's highlights (out of view) are not painted meanwhile
      expect(f.highlightsSkipped).toBe(true);
      // by a class on the overlay's layers: one on the sheet restyled every ghost and piece under it (~6 ms of a frame)
      expect(f.sheetClass).toBe(sheetClass);
    }
    const last = frames[frames.length - 1]!;
    expect(last.top, 'a plain paragraph at the top of the viewport').not.toBeNull();
    const top = last.top!;
    // Stopped: the window is mounted there, the plain paragraphs gone, the top paragraph where it was.
    await expect(app.page.locator('[data-plain]')).toHaveCount(0);
    expect(await app.page.evaluate(() => getComputedStyle(document.querySelector('.ov-back')!).contentVisibility)).toBe('visible');
    const after = await mounted(app.page);
    expect(after).toContain(top.index);
    expect(after.length).toBeLessThan(200);
    const y = await app.page.evaluate((i) => document.querySelector(`.doc-text [data-para="${i}"]`)!.getBoundingClientRect().top, top.index);
    expect(Math.abs(y - top.y)).toBeLessThan(1);
    // the highlights of the paragraphs in view, on their letters
    const shown = after.filter((i) => marked.has(i) && i >= top.index).slice(0, 2);
    expect(shown.length).toBe(2);
    for (const i of shown) await expectHighlightOn(app, view, marked.get(i)!.id, marked.get(i)!.span);
  });

  test('a drag that starts in one window and ends in paragraphs mounted later tags exact offsets', async ({ app }) => {
    const view = await importLong(app);
    await app.load();
    await app.open(NAME);
    await scrollToParagraph(app.page, view, 300);
    const from = spanOf(view.text, 'סעיף300 ');
    const fromAt = locate(view, from.start);
    const startBox = (await rangeBoxes(app.page, fromAt.paragraph, fromAt.offset16, fromAt.offset16 + 1))[0]!;
    const before = await mounted(app.page);
    const target = Math.max(...before) + 40;
    expect(before).not.toContain(target);

    await app.page.mouse.move(startBox.right - 1, (startBox.top + startBox.bottom) / 2);
    await app.page.mouse.down();
    await app.page.mouse.move(startBox.left - 20, (startBox.top + startBox.bottom) / 2 + 5, { steps: 3 });
    // Scroll down with the button held until the target paragraph is mounted.
    for (let guard = 0; guard < 100 && !(await mounted(app.page)).includes(target); guard++) {
      await app.page.mouse.wheel(0, 600);
      await app.page.waitForTimeout(40);
    }
    const during = await mounted(app.page);
    expect(during, 'the paragraph where the drag started stays mounted').toContain(300);
    expect(during).toContain(target);
    const to = spanOf(view.text, `סעיף${target} `);
    const toAt = locate(view, to.start);
    const endBox = (await rangeBoxes(app.page, toAt.paragraph, toAt.offset16 + 2, toAt.offset16 + 3))[0]!;
    await app.page.mouse.move(endBox.left + 1, (endBox.top + endBox.bottom) / 2, { steps: 5 });
    await app.page.mouse.up();
    await app.page.keyboard.press(GPE);

    // Whole words: from the start of סעיף300 to the end of סעיף<target>.
    const start = from.start;
    const end = to.start + [...`סעיף${target}`].length;
    const m = await waitForMention(app, view.id, (x) => x.type === 'GPE');
    expect({ start: m.start, end: m.end }).toEqual({ start, end });
    expect(cpText(view.text, m).startsWith('סעיף300 ')).toBe(true);
    expect(cpText(view.text, m).endsWith(`סעיף${target}`)).toBe(true);
  });

  test('a mention far down: the list jumps to it (mounted, visible, selected), and undo there removes the right one', async ({ app }) => {
    const view = await importLong(app);
    const far = spanOf(view.text, 'סעיף3700 ', 'סעיף3700');
    const near = spanOf(view.text, 'סעיף5 ', 'סעיף5');
    const farMention = app.call('mentions.create', { docId: view.id, type: 'PER', start: far.start, end: far.end }).mention;
    app.call('mentions.create', { docId: view.id, type: 'ORG', start: near.start, end: near.end });
    await app.load();
    await app.open(NAME);
    expect(await mounted(app.page)).not.toContain(3700);

    await app.page.locator(`.mention-row[data-mention-id="${farMention.id}"]`).click();
    await expect(app.page.locator(`.mention-row[data-mention-id="${farMention.id}"]`)).toHaveClass(/is-selected/);
    await expect.poll(async () => (await mounted(app.page)).includes(3700)).toBe(true);
    // Visible in the viewport, drawn on exactly its letters, outlined as selected.
    // (Drawn in the animation frame after the paragraph is mounted.)
    const inView = () =>
      app.page.evaluate((id) => {
        const hl = document.querySelector<HTMLElement>(`.ov-back .ov-hl.is-selected[data-id="${id}"]`);
        const view = document.querySelector('.doc-scroll')!.getBoundingClientRect();
        if (!hl) return false;
        const r = hl.getBoundingClientRect();
        return r.top >= view.top && r.bottom <= view.bottom;
      }, farMention.id);
    await expect.poll(inView).toBe(true);
    await expectHighlightOn(app, view, farMention.id, far);
    expect((await mounted(app.page)).length).toBeLessThan(200);

    // Tag a word there, then undo: that mention goes, the others stay.
    const word = spanOf(view.text, 'סעיף3701 ', 'סעיף3701');
    await dragAcross(app.page, view, word);
    await app.page.keyboard.press(GPE);
    const tagged = await waitForMention(app, view.id, (m) => m.type === 'GPE');
    expect({ start: tagged.start, end: tagged.end }).toEqual(word);
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => app.mentions(view.id).some((m) => m.id === tagged.id)).toBe(false);
    await expect(app.page.locator(`.ov-hl[data-id="${tagged.id}"]`)).toHaveCount(0);
    expect(app.mentions(view.id).map((m) => m.type).sort()).toEqual(['ORG', 'PER']);
    // Still there, still drawn where it was.
    expect((await mounted(app.page)).includes(3701)).toBe(true);
    await expectHighlightOn(app, view, farMention.id, far);
  });
  test('End in the list jumps far from a text selection: the selection is left behind, not everything between mounted', async ({ app }) => {
    const view = await importLong(app);
    const far = spanOf(view.text, 'סעיף3700 ', 'סעיף3700');
    const farMention = app.call('mentions.create', { docId: view.id, type: 'PER', start: far.start, end: far.end }).mention;
    const near = spanOf(view.text, 'סעיף5 ', 'סעיף5');
    app.call('mentions.create', { docId: view.id, type: 'ORG', start: near.start, end: near.end });
    await app.load();
    await app.open(NAME);
    const page = app.page;
    // A word selected near the top (the window keeps a selection's paragraphs mounted).
    await dragAcross(page, view, spanOf(view.text, 'סעיף7 ', 'סעיף7'));
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('סעיף7');
    await page.locator('.mention-list [role="listbox"]').focus();
    await page.keyboard.press('End');
    await expect(page.locator(`.mention-row[data-mention-id="${farMention.id}"]`)).toHaveClass(/is-selected/);
    await expect.poll(async () => (await mounted(page)).includes(3700)).toBe(true);
    await expect
      .poll(() => selectedHighlightInView(page, farMention.id),
      )
      .toBe(true);
    await expectHighlightOn(app, view, farMention.id, far);
    expect((await mounted(page)).length).toBeLessThan(200);
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  });
  test('find reaches a word far down (not mounted), paints it, and Escape selects it for a hotkey', async ({ app }) => {
    const view = await importLong(app);
    await app.load();
    await app.open(NAME);
    const page = app.page;
    expect(await mounted(page)).not.toContain(3500);
    await page.keyboard.press('Control+f');
    const input = page.getByRole('searchbox', { name: 'Find' });
    await expect(input).toBeFocused();
    await input.fill('סעיף3500');
    await expect(page.locator('.find-count')).toHaveText('1 / 1');
    await expect.poll(async () => (await mounted(page)).includes(3500)).toBe(true);
    // Painted (a CSS highlight, no element in the text) on exactly that word, in the viewport.
    const current = () =>
      page.evaluate(() => {
        const view = document.querySelector('.doc-scroll')!.getBoundingClientRect();
        return [...(CSS.highlights.get('qalam-find-current') ?? [])].map((r) => {
          const box = (r as Range).getBoundingClientRect();
          return { text: (r as Range).toString(), inView: box.top >= view.top && box.bottom <= view.bottom };
        });
      });
    await expect.poll(current).toEqual([{ text: 'סעיף3500', inView: true }]);
    await input.press('Escape');
    await expect(page.locator('.find-bar')).toHaveCount(0);
    await page.keyboard.press(GPE);
    const tagged = await waitForMention(app, view.id, (m) => m.type === 'GPE');
    expect({ start: tagged.start, end: tagged.end }).toEqual(spanOf(view.text, 'סעיף3500 ', 'סעיף3500'));
    await expectHighlightOn(app, view, tagged.id, spanOf(view.text, 'סעיף3500 ', 'סעיף3500'));
  });

  test('find ignores niqqud unless asked, and walks the matches both ways across windows', async ({ app }) => {
    const view = await importLong(app);
    await app.load();
    await app.open(NAME);
    const page = app.page;
    const n = view.text.split('שָׁלוֹם').length - 1;
    expect(n).toBeGreaterThan(100);
    await page.keyboard.press('Control+f');
    const input = page.getByRole('searchbox', { name: 'Find' });
    await input.fill('שלום');
    const count = page.locator('.find-count');
    await expect(count).toHaveText(`1 / ${n.toLocaleString('en')}`);
    // Backwards from the first: the last match, in the last paragraphs.
    await input.press('Shift+Enter');
    await expect(count).toHaveText(`${n.toLocaleString('en')} / ${n.toLocaleString('en')}`);
    const lastAt = view.text.lastIndexOf('שָׁלוֹם');
    const lastCp = [...view.text.slice(0, lastAt)].length;
    const lastParagraph = view.paragraphs.findIndex((p) => p.start <= lastCp && lastCp < p.end);
    expect(lastParagraph).toBeGreaterThan(3900);
    await expect.poll(async () => (await mounted(page)).includes(lastParagraph)).toBe(true);
    await expect
      .poll(() => page.evaluate(() => [...(CSS.highlights.get('qalam-find-current') ?? [])].map((r) => (r as Range).toString())))
      .toEqual(['שָׁלוֹם']);
    // Forwards again wraps to the first.
    await input.press('Enter');
    await expect(count).toHaveText(`1 / ${n.toLocaleString('en')}`);
    // Marks must match: the bare word is nowhere in the text.
    await page.getByRole('checkbox', { name: 'Marks' }).check();
    await expect(count).toHaveText('No matches');
    await input.fill('שָׁלוֹם');
    await expect(count).toHaveText(`1 / ${n.toLocaleString('en')}`);
  });

  test('suggestions: ghosts are made only in the mounted paragraphs, follow the window, and a label rebuilds none of the others', async ({ app }) => {
    test.setTimeout(180_000);
    const view = await importLong(app);
    // dana tagged רוסיה once: its other occurrences (in most paragraphs) are suggested
    app.call('mentions.create', { docId: view.id, type: 'GPE', ...spanOf(view.text, 'רוסיה') });
    const page = app.page;
    // the overlay's counts (OverlayController.counters), read through the hook it calls when made
    await page.addInitScript(() => {
      const w = window as unknown as { __qalamOverlayHook: (c: unknown) => void; __qalamOverlay: unknown };
      w.__qalamOverlayHook = (c) => (w.__qalamOverlay = c);
    });
    type Counts = { ghostsBuilt: string[]; ghostParagraphs: number[]; ghostBuilds: Record<string, number>; ghostsGiven: number; lists: number };
    const counts = () => page.evaluate(() => (window as unknown as { __qalamOverlay: { counters(): Counts } }).__qalamOverlay.counters());
    await app.load();
    await app.open(NAME);
    // (the occurrences of a 560,000-character document are found in the service's worker first)
    await expect(page.locator('.ov-hl.is-ghost').first()).toBeAttached({ timeout: 60_000 });
    const before = await counts();
    const shown = await mounted(page);
    // given many more than are made: only those of the mounted paragraphs, each once
    expect(before.ghostsGiven).toBeGreaterThan(200);
    expect(before.ghostsBuilt.length).toBeGreaterThan(0);
    expect(before.ghostsBuilt.length).toBeLessThan(before.ghostsGiven / 4);
    expect(before.ghostParagraphs.every((p) => shown.includes(p))).toBe(true);
    expect(before.ghostsBuilt.every((id) => before.ghostBuilds[id] === 1)).toBe(true);
    // what scrolling with suggestions relies on (README, Performance): no ghost out of focus is drawn
    // with a dashed line (rastered as a path effect, hundreds in view), only with solid ones
    const dashed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.ov-hl.is-ghost:not(.is-focused), .ov-chip.is-ghost')].filter((el) => {
        const s = getComputedStyle(el);
        return [s.outlineStyle, s.borderTopStyle, s.borderRightStyle, s.borderBottomStyle, s.borderLeftStyle].some((x) => x === 'dashed' || x === 'dotted');
      }).length,
    );
    expect(await page.locator('.ov-chip.is-ghost').count()).toBeGreaterThan(0);
    expect(dashed).toBe(0);
    // what labels and scrolling with ghosts on screen rely on (README, Performance): every box the
    // overlay draws is a grid item of its paragraph's group, never a positioned box (each positioned
    // box is a paint layer that Chromium walks in every frame that paints: hundreds of ghosts made
    // every frame 2-4x slower), and a ghost is one box per line it covers, not one per rect
    const boxes = await page.evaluate(() => {
      const drawn = [...document.querySelectorAll<HTMLElement>('.ov-group > *')];
      const lines = new Map<string, number>();
      for (const el of document.querySelectorAll<HTMLElement>('.ov-hl.is-ghost')) {
        const line = `${el.dataset['id']}|${Math.round(el.getBoundingClientRect().top)}`;
        lines.set(line, (lines.get(line) ?? 0) + 1);
      }
      return {
        drawn: drawn.length,
        ghosts: drawn.filter((el) => el.classList.contains('is-ghost')).length,
        positioned: drawn.filter((el) => getComputedStyle(el).position !== 'static').length,
        notGrid: [...document.querySelectorAll<HTMLElement>('.ov-group')].filter((g) => getComputedStyle(g).display !== 'grid').length,
        splitLines: [...lines.values()].filter((n) => n > 1).length,
      };
    });
    expect(boxes.ghosts).toBeGreaterThan(10);
    expect(boxes).toMatchObject({ positioned: 0, notGrid: 0, splitLines: 0 });
    // the panel's long list renders only the rows in view of the panel (each row in the DOM costs
    // every frame that paints), and scrolled to its end shows its last rows
    const rowCount = await page.locator('.suggest-row').count();
    expect(rowCount).toBeGreaterThan(3);
    expect(rowCount).toBeLessThan(40);
    const panel = page.getByTestId('suggestions');
    await panel.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(page.locator('.suggest-row').last()).toBeInViewport();
    await expect(page.getByTestId('suggest-more-after')).toBeInViewport();
    expect(await page.locator('.suggest-row').count()).toBeLessThan(40);
    await panel.evaluate((el) => (el.scrollTop = 0));

    // a label, and the list asked again once the annotator rests: no ghost that stayed is made again
    const lists = app.calls.filter((m) => m === 'suggestions.list').length;
    const release = app.hold(['suggestions.list']);
    const word = spanOf(view.text, 'סעיף2 ', 'סעיף2');
    await dragAcross(page, view, word);
    await page.keyboard.press(GPE);
    const labelled = await waitForMention(app, view.id, (m) => m.start === word.start && m.end === word.end);
    await expect.poll(() => app.calls.filter((m) => m === 'suggestions.list').length).toBeGreaterThan(lists);
    // its answer given to the overlay
    const given = (await counts()).lists;
    release();
    await expect.poll(async () => (await counts()).lists).toBeGreaterThan(given);
    const after = await counts();
    const stayed = before.ghostsBuilt.filter((id) => after.ghostsBuilt.includes(id));
    expect(stayed.length).toBeGreaterThan(0);
    expect(stayed.filter((id) => after.ghostBuilds[id] !== 1)).toEqual([]);

    // the ghosts are drawn in layers of their own, under the mentions' (first in the back and
    // front layers), and each is on exactly its letters
    const layers = await page.evaluate(() => ({
      outside: document.querySelectorAll('.ov-back .is-ghost, .ov-front .is-ghost').length - document.querySelectorAll('.ov-ghosts .is-ghost').length,
      mentionsInside: document.querySelectorAll('.ov-ghosts .ov-hl:not(.is-ghost), .ov-ghosts .ov-chip:not(.is-ghost)').length,
      first: [...document.querySelectorAll('.ov-back, .ov-front')].map((l) => l.firstElementChild?.className),
    }));
    expect(layers).toEqual({ outside: 0, mentionsInside: 0, first: ['ov-ghosts', 'ov-ghosts'] });
    // and they are painted under them: a ghost's group and a mention's group are positioned boxes
    // with no z-index in the same stacking context (the layer), the ghost's first in tree order,
    // and nothing between makes a stacking context of its own (a z-index, opacity, transform or
    // will-change on .ov-ghosts, or ghosts moved after the mentions, fail here)
    const stacking = await page.evaluate((para) => {
      const ghost = document.querySelector<HTMLElement>(`.ov-back .ov-ghosts .ov-group[data-para="${para}"] .ov-hl.is-ghost`);
      const mention = document.querySelector<HTMLElement>(`.ov-back > .ov-group[data-para="${para}"] .ov-hl:not(.is-ghost)`);
      if (!ghost || !mention) return null;
      const ghostGroup = ghost.parentElement!;
      const mentionGroup = mention.parentElement!;
      const layer = (el: HTMLElement) => el.closest('.ov-layer');
      const between = [...document.querySelectorAll<HTMLElement>('.ov-ghosts')].map((el) => {
        const c = getComputedStyle(el);
        return `${c.position} ${c.zIndex} ${c.opacity} ${c.transform} ${c.willChange} ${c.isolation} ${c.contain} ${c.filter}`;
      });
      const group = (el: HTMLElement) => {
        const c = getComputedStyle(el);
        return `${c.position} ${c.zIndex}`;
      };
      return {
        sameLayer: layer(ghostGroup) === layer(mentionGroup),
        ghostFirst: (ghostGroup.compareDocumentPosition(mentionGroup) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
        groups: [group(ghostGroup), group(mentionGroup)],
        items: [getComputedStyle(ghost).position, getComputedStyle(mention).position, getComputedStyle(ghost).zIndex, getComputedStyle(mention).zIndex],
        between: [...new Set(between)],
      };
    }, locate(view, word.start).paragraph);
    expect(stacking).toEqual({
      sameLayer: true,
      ghostFirst: true,
      groups: ['absolute auto', 'absolute auto'],
      items: ['static', 'static', 'auto', 'auto'],
      between: ['static auto 1 none auto auto none none'],
    });
    const ghostSpan = (id: string) => {
      const [, start, end] = id.split(':');
      return { start: Number(start), end: Number(end) };
    };
    const near = after.ghostsBuilt.filter((id) => locate(view, ghostSpan(id).start).paragraph <= 6).sort((a, b) => ghostSpan(a).start - ghostSpan(b).start);
    expect(near.length).toBeGreaterThan(2);
    for (const id of [near[0]!, near[near.length - 1]!]) await expectHighlightOn(app, view, id, ghostSpan(id));

    // a label beside ghosts (רוסיה follows סעיף5): in its frame the ghosts of its paragraph are
    // left as they were (the same elements: neither measured nor drawn again), its chip and
    // theirs do not overlap, and undo takes away only the label's highlight
    const word2 = spanOf(view.text, 'סעיף5 ', 'סעיף5');
    const para = locate(view, word2.start).paragraph;
    const ghostsThere = await page.evaluate((para) => {
      const w = window as unknown as { __ghostEls: Map<string, Element> };
      w.__ghostEls = new Map([...document.querySelectorAll<HTMLElement>(`.ov-ghosts .ov-group[data-para="${para}"] .ov-hl.is-ghost`)].map((el) => [el.dataset['id'] ?? '', el]));
      return w.__ghostEls.size;
    }, para);
    expect(ghostsThere).toBeGreaterThan(0);
    const release2 = app.hold(['suggestions.list']);
    await dragAcross(page, view, word2);
    await page.keyboard.press(GPE);
    const second = await waitForMention(app, view.id, (m) => m.start === word2.start && m.end === word2.end);
    await expectHighlightOn(app, view, second.id, word2);
    const kept = await page.evaluate((para) => {
      const w = window as unknown as { __ghostEls: Map<string, Element> };
      const now = [...document.querySelectorAll<HTMLElement>(`.ov-ghosts .ov-group[data-para="${para}"] .ov-hl.is-ghost`)];
      return { now: now.length, same: now.filter((el) => w.__ghostEls.get(el.dataset['id'] ?? '') === el).length };
    }, para);
    expect(kept).toEqual({ now: ghostsThere, same: ghostsThere });
    const overlaps = await page.evaluate((para) => {
      const boxes = (selector: string) => [...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect());
      const theirs = boxes(`.ov-ghosts .ov-group[data-para="${para}"] .ov-chip`);
      return boxes(`.ov-front > .ov-group[data-para="${para}"] .ov-chip`).flatMap((a) => theirs.filter((b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)).length;
    }, para);
    expect(overlaps).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => app.mentions(view.id).some((m) => m.start === word2.start && m.end === word2.end)).toBe(false);
    await expect(page.locator(`.ov-hl[data-id="${second.id}"]`)).toHaveCount(0);
    await expectHighlightOn(app, view, labelled.id, word);
    const inPara = [...(await page.evaluate(() => [...(window as unknown as { __ghostEls: Map<string, Element> }).__ghostEls.keys()]))];
    await expectHighlightOn(app, view, inPara[0]!, ghostSpan(inPara[0]!));
    release2();

    // a few screens down, still among the ghosts given: those of the paragraphs scrolled in are
    // made and drawn on their letters
    await scrollToParagraph(page, view, 200);
    await expect.poll(async () => (await counts()).ghostParagraphs.includes(200)).toBe(true);
    const scrolledIn = (await counts()).ghostsBuilt.find((id) => locate(view, ghostSpan(id).start).paragraph === 200)!;
    await expectHighlightOn(app, view, scrolledIn, ghostSpan(scrolledIn));

    // far down, past the ghosts given: those of the top paragraphs are dropped with their paragraphs
    await scrollToParagraph(page, view, 3000);
    await expect.poll(async () => (await counts()).ghostsBuilt.filter((id) => before.ghostsBuilt.includes(id))).toEqual([]);
    const far = await counts();
    const farShown = await mounted(page);
    expect(far.ghostParagraphs.every((p) => farShown.includes(p))).toBe(true);
  });

  test('suggestions: of the mounted paragraphs, only those within a screen of the view have ghosts; scrolling brings the others', async ({ app }) => {
    test.setTimeout(120_000);
    // 14 paragraphs most of a screen tall each, all mounted (a document under 80 paragraphs is
    // mounted whole; a windowed one mounts at least 12): רוסיה throughout; the whole text in the
    // first text page (16,384 characters)
    const dir = mkdtempSync(join(tmpdir(), 'qalam-tall-'));
    try {
      const paragraphs = Array.from({ length: 14 }, (_, i) => [`סעיף${i}`, ...Array.from({ length: 140 }, (_, k) => WORDS[(i * 7 + k * 5) % WORDS.length]!)].join(' '));
      writeFileSync(join(dir, 'tall-hebrew.txt'), `${paragraphs.join('\n')}\n`);
      app.call('documents.importPaths', { paths: [dir] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const view = app.view('tall-hebrew');
    app.call('mentions.create', { docId: view.id, type: 'GPE', ...spanOf(view.text, 'רוסיה') });
    const page = app.page;
    await page.addInitScript(() => {
      const w = window as unknown as { __qalamOverlayHook: (c: unknown) => void; __qalamOverlay: unknown };
      w.__qalamOverlayHook = (c) => (w.__qalamOverlay = c);
    });
    const counts = () => page.evaluate(() => (window as unknown as { __qalamOverlay: { counters(): { ghostParagraphs: number[]; ghostsGiven: number } } }).__qalamOverlay.counters());
    await app.load();
    await app.open('tall-hebrew');
    await expect(page.locator('.ov-hl.is-ghost').first()).toBeAttached({ timeout: 60_000 });
    // where each mounted paragraph is, in screens from the view (0: it meets the view)
    const screensAway = () =>
      page.evaluate(() => {
        const v = document.querySelector<HTMLElement>('.doc-scroll')!.getBoundingClientRect();
        const away = (r: DOMRect) => (r.bottom < v.top ? (v.top - r.bottom) / v.height : r.top > v.bottom ? (r.top - v.bottom) / v.height : 0);
        return {
          paragraphs: Object.fromEntries([...document.querySelectorAll<HTMLElement>('.doc-text [data-para]')].map((p) => [Number(p.dataset['para']), away(p.getBoundingClientRect())])),
          farthestGhost: Math.max(0, ...[...document.querySelectorAll<HTMLElement>('.ov-hl.is-ghost, .ov-chip.is-ghost')].map((el) => away(el.getBoundingClientRect()))),
        };
      });
    const top = await screensAway();
    const mountedFar = Object.entries(top.paragraphs).filter(([, a]) => a > 1.05).map(([p]) => Number(p));
    // paragraphs more than a screen away are mounted (else this test shows nothing) ...
    expect(mountedFar.length).toBeGreaterThan(3);
    // ... and none of them has ghosts: ghosts and chips are drawn only in the paragraphs within a
    // screen of the view (so none two screens away)
    const built = await counts();
    expect(built.ghostsGiven).toBeGreaterThan(100);
    expect(built.ghostParagraphs.filter((p) => mountedFar.includes(p))).toEqual([]);
    expect(built.ghostParagraphs.length).toBeGreaterThan(0);
    expect(top.farthestGhost).toBeLessThan(2);
    // scrolled down a few screens (the window may stay): the paragraphs come near, their ghosts are made, on their letters
    const target = mountedFar[0]!;
    await page.evaluate((p) => document.querySelector(`.doc-text [data-para="${p}"]`)!.scrollIntoView({ block: 'start' }), target);
    await expect.poll(async () => (await counts()).ghostParagraphs.includes(target)).toBe(true);
    const ghost = await page.evaluate((p) => document.querySelector<HTMLElement>(`.ov-ghosts .ov-group[data-para="${p}"] .ov-hl.is-ghost`)?.dataset['id'] ?? null, target);
    expect(ghost).not.toBeNull();
    const [, start, end] = ghost!.split(':');
    await expectHighlightOn(app, view, ghost!, { start: Number(start), end: Number(end) });
    // and those now far above are dropped
    const after = await screensAway();
    const farNow = Object.entries(after.paragraphs).filter(([, a]) => a > 1.05).map(([p]) => Number(p));
    await expect.poll(async () => (await counts()).ghostParagraphs.filter((p) => farNow.includes(p))).toEqual([]);
  });
});

test('a corpus of 400 documents: the list renders the rows in view, scrolls to the last and opens it', async ({ app }) => {
  const dir = mkdtempSync(join(tmpdir(), 'qalam-corpus-'));
  try {
    for (let i = 0; i < 400; i++) writeFileSync(join(dir, `doc-${String(i).padStart(3, '0')}.txt`), `מסמך ${i}: הממשלה בקזחסטן\n`);
    app.call('documents.importPaths', { paths: [dir] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await app.load();
  const page = app.page;
  const items = page.locator('.doc-list .doc-item');
  await expect(items.first()).toBeVisible();
  const total = app.call('documents.list', {}).length;
  expect(total).toBeGreaterThan(400);
  expect(await items.count()).toBeLessThan(100);
  await expect(page.locator('.doc-list .count')).toHaveText(String(total));
  // Scroll the side panel to the bottom: the last document's row is there, and opens.
  await page.locator('.side-left').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = page.locator('.doc-item', { hasText: 'doc-399' });
  await expect(last).toBeVisible();
  expect(await items.count()).toBeLessThan(100);
  await last.click();
  await expect(page.locator('.doc-title h1')).toHaveText('doc-399');
  await expect(page.locator('.doc-text [data-para]').first()).toHaveText('מסמך 399: הממשלה בקזחסטן');
});

test('review of a long document: a disagreement far down is drawn and outlined in every column, on its letters', async ({ app }) => {
  const view = await importLong(app);
  const near = spanOf(view.text, 'סעיף5 ', 'סעיף5');
  const far = spanOf(view.text, 'סעיף3700 ', 'סעיף3700');
  for (const [who, farType] of [['avi', 'PER'], ['bat', 'ORG']] as const) {
    annotate(app, who, view.id, [
      { type: 'GPE', span: near },
      { type: farType, span: far },
    ]);
  }
  const { screen, items } = await app.openReview(NAME);
  await expect(items).toHaveCount(1);
  await expect(items.nth(0)).toHaveClass(/is-current/);
  const cols = screen.locator('.review-col');
  // Only the paragraphs near each column's view are measured: few groups, not one per paragraph.
  const groups = await cols.nth(0).locator('.ov-back .ov-group').count();
  expect(groups).toBeLessThan(50);
  for (const [i, who] of [[0, 'avi'], [1, 'bat']] as const) {
    const m = app.call('mentions.list', { docId: view.id, annotator: who }).find((x) => x.start === far.start)!;
    await expect(cols.nth(i).locator(`.ov-chip.is-selected[data-id="${m.id}"]`)).toHaveCount(1);
    // The highlight covers the word's letters in that column (and is in its view).
    const fit = await cols.nth(i).evaluate(
      (col, { id, paragraph, start16, end16 }) => {
        const hl = col.querySelector<HTMLElement>(`.ov-back .ov-hl[data-id="${id}"]`);
        const node = col.querySelector(`.review-text > [data-para="${paragraph}"] [data-lexical-text]`)?.firstChild;
        if (!hl || !(node instanceof Text)) return null;
        const r = document.createRange();
        r.setStart(node, start16);
        r.setEnd(node, end16);
        const a = hl.getBoundingClientRect();
        const b = r.getBoundingClientRect();
        const view = col.querySelector('.review-scroll')!.getBoundingClientRect();
        return { dx: Math.abs(a.left - b.left) + Math.abs(a.right - b.right), inView: b.top >= view.top && b.bottom <= view.bottom };
      },
      { id: m.id, ...locatePiece(view, far) },
    );
    expect(fit).not.toBeNull();
    expect(fit!.dx).toBeLessThan(2);
    expect(fit!.inView).toBe(true);
  }
});

/** Paragraph and UTF-16 offsets of a span within one paragraph. */
function locatePiece(view: DocumentView, span: { start: number; end: number }): { paragraph: number; start16: number; end16: number } {
  const a = locate(view, span.start);
  const b = locate(view, span.end);
  return { paragraph: a.paragraph, start16: a.offset16, end16: b.offset16 };
}

