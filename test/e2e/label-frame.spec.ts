/**
 * A label's store call goes out once the frame that drew its highlight is painted
 * (renderer/src/state/framePainted.ts), so nothing of the call lands in that frame; and a window
 * left right after the hotkey still stores the label (the wait ends when the window goes), as it
 * stores a label waiting in the queue behind one not answered yet (state/queue.ts `leave`).
 */
import { HEBREW_SEED, dragAcross, expect, spanOf, test, waitForMention } from './harness';

const GPE = '3';

test('the store call of a label goes out after the frame that drew its highlight was painted', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const russia = spanOf(view.text, 'רוסיה');
  await dragAcross(app.page, view, russia);
  await app.page.evaluate(() => {
    type W = { __frames: number; __painted: number; __drawnIn: number; __sent: { drawn: boolean; painted: number } | null; __qalamInvoke: (m: string, a: unknown) => Promise<unknown> };
    const w = window as unknown as W;
    w.__frames = 0;
    w.__painted = 0;
    w.__drawnIn = -1;
    w.__sent = null;
    // frames begun, and frames rendered (a message posted in a frame runs once it is painted)
    const tick = () => {
      const n = ++w.__frames;
      const c = new MessageChannel();
      c.port1.onmessage = () => (w.__painted = Math.max(w.__painted, n));
      c.port2.postMessage(0);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver(() => {
      if (w.__drawnIn < 0 && document.querySelector('.ov-back .ov-hl[data-id^="pending-"]')) w.__drawnIn = w.__frames;
    }).observe(document.querySelector('.ov-back')!, { childList: true, subtree: true });
    const invoke = w.__qalamInvoke;
    w.__qalamInvoke = (method, args) => {
      if (method === 'mentions.create' && w.__sent === null) w.__sent = { drawn: w.__drawnIn >= 0, painted: w.__painted };
      return invoke(method, args);
    };
  });
  await app.page.keyboard.press(GPE);
  const m = await waitForMention(app, view.id, () => true);
  expect({ type: m.type, start: m.start, end: m.end }).toEqual({ type: 'GPE', ...russia });
  const seen = await app.page.evaluate(() => {
    const w = window as unknown as { __drawnIn: number; __sent: { drawn: boolean; painted: number } | null };
    return { drawnIn: w.__drawnIn, sent: w.__sent };
  });
  // drawn (provisionally) before the call, and that frame painted when it went out
  expect(seen.sent?.drawn).toBe(true);
  expect(seen.sent!.painted).toBeGreaterThanOrEqual(seen.drawnIn);
  await expect(app.page.locator(`.ov-hl[data-id="${m.id}"]`)).toHaveCount(1);
});

test('a window closed right after the hotkey still stores the label', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const russia = spanOf(view.text, 'רוסיה');
  await dragAcross(app.page, view, russia);
  // The page goes in the task of the key itself: no frame comes after the hotkey.
  await app.page.evaluate(() => window.addEventListener('keydown', () => location.reload(), { once: true }));
  await app.page.keyboard.press(GPE);
  await expect.poll(() => app.mentions(view.id).map((m) => ({ type: m.type, start: m.start, end: m.end }))).toEqual([{ type: 'GPE', ...russia }]);
});

test('a window left while a label waits behind an unanswered one sends it: both are stored, in order', async ({ app }) => {
  await app.load();
  const view = await app.open(HEBREW_SEED);
  const russia = spanOf(view.text, 'רוסיה');
  const kazakhstan = spanOf(view.text, 'בקזחסטן', 'קזחסטן');
  const release = app.hold(['mentions.create']);
  await dragAcross(app.page, view, russia);
  await app.page.keyboard.press(GPE);
  // the first label's call is out (held unanswered in the bridge); the second waits in the queue
  await expect.poll(() => app.calls.filter((c) => c === 'mentions.create').length).toBe(1);
  await dragAcross(app.page, view, kazakhstan, { alt: true });
  await app.page.keyboard.press(GPE);
  await expect(app.page.locator('.ov-back .ov-hl[data-id^="pending-"]')).toHaveCount(2);
  await app.page.waitForTimeout(300);
  expect(app.calls.filter((c) => c === 'mentions.create').length).toBe(1);
  await app.page.reload();
  await expect.poll(() => app.calls.filter((c) => c === 'mentions.create').length).toBe(2);
  release();
  await expect
    .poll(() => app.mentions(view.id).map((m) => ({ type: m.type, start: m.start, end: m.end })).sort((a, b) => a.start - b.start))
    .toEqual([{ type: 'GPE', ...russia }, { type: 'GPE', ...kazakhstan }].sort((a, b) => a.start - b.start));
});
