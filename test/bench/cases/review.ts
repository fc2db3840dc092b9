/**
 * The review screen on a long document with two annotators' sets: the Review button → every
 * column laid out with its highlights, then the next disagreement.
 */
import type { Browser } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import { step } from '../common';
import { PROFILE } from '../flags';
import { summariseProfile } from './diagnostics';
import { newPage, waitLoaded, type BenchDoc } from './page';

/**
 * The review screen on a long document: from the Review button to the columns of the two sets
 * (and gold) laid out with their highlights drawn (the next frame after the first highlight of
 * every set column is in the DOM); then the next disagreement (`n`) → it is the current one and
 * two frames are drawn.
 */
export async function measureReview(browser: Browser, service: QalamService, url: string, doc: BenchDoc): Promise<{ openSeconds: number; nextMs: number; disagreements: number }> {
  const page = await newPage(browser, service, doc.id);
  try {
    await page.goto(url);
    await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 120_000 });
    await waitLoaded(page);
    const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('review-toggle').click();
    await page.waitForFunction(
      () => {
        const cols = [...document.querySelectorAll('.review-col')];
        return cols.length >= 3 && cols.filter((c) => c.querySelector('.ov-hl')).length >= 2;
      },
      undefined,
      { timeout: 300_000, polling: 'raf' },
    );
    const t1 = await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0))));
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      summariseProfile(profile, `review ${doc.size.name} ${doc.lang}`);
    }
    const disagreements = await page.locator('.review-dis-item').count();
    step(
      `  review columns: ${JSON.stringify(
        await page.evaluate(() =>
          [...document.querySelectorAll('.review-col')].map((c) => ({
            groups: c.querySelectorAll('.ov-back .ov-group').length,
            drawn: [...c.querySelectorAll('.ov-back .ov-group')].filter((g) => g.childElementCount > 0).length,
            paragraphs: c.querySelectorAll('.review-text > p').length,
            scrollHeight: c.querySelector('.review-scroll')?.scrollHeight,
            clientHeight: c.querySelector('.review-scroll')?.clientHeight,
          })),
        ),
      )}`,
    );
    // The next disagreement: from the key to the list and every column showing it (the item
    // current, the columns scrolled, two frames drawn).
    const n0 = await page.evaluate(() => performance.now());
    await page.keyboard.press('n');
    await page.waitForFunction(() => document.querySelectorAll('.review-dis-item')[1]?.classList.contains('is-current') === true, undefined, { timeout: 60_000, polling: 'raf' });
    const n1 = await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())))));
    return { openSeconds: (t1 - t0) / 1000, nextMs: n1 - n0, disagreements };
  } finally {
    await page.context().close();
  }
}
