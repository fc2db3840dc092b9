/**
 * Find and jump: a common word typed into the find bar (its folded text built then, then another
 * word) → the current match drawn, and End in the mention list → the last mention drawn in view.
 */
import type { Browser, Page } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import { newPage, waitLoaded, type BenchDoc } from './page';

/** A common word of each language's generated text (test/bench/generate.ts), found cold, then another warm. */
const COMMON_WORDS = { he: ['הממשלה', 'כוחות'], ar: ['الحكومة', 'الشرطة'] } as const;

export interface NavigateSample {
  /** A common word typed into the find bar (its folded text built then) → the current match drawn. */
  findColdMs: number;
  /** Another common word, the folded text kept. */
  findWarmMs: number;
  matches: string;
  /** End in the mention list (its keydown) → the last mention's highlight drawn in the view, and painted. */
  jumpMs: number;
}

/** Find a common word (cold, then another warm), then jump to the last mention from the mention list. */
export async function measureNavigate(browser: Browser, service: QalamService, url: string, doc: BenchDoc, on?: Page): Promise<NavigateSample> {
  // `on`: a measured open's page, loaded (documents.ts): one page fewer per document; it stays open for its owner.
  const page = on ?? (await newPage(browser, service, doc.id));
  try {
    if (on === undefined) {
      await page.goto(url);
      await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 120_000 });
      await waitLoaded(page);
    }
    await page.evaluate(() => document.querySelector<HTMLElement>('.doc-text')?.focus({ preventScroll: true }));
    await page.keyboard.press('Control+f');
    await page.waitForSelector('.find-input');
    const find = (word: string) =>
      page.evaluate(async (word) => {
        const input = document.querySelector<HTMLInputElement>('.find-input')!;
        const count = document.querySelector('.find-count')!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const t0 = performance.now();
        setValue.call(input, word);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // The count names the current match ("1 / 10,000+") and its highlight is set, then painted.
        await new Promise<void>((done) => {
          const check = () => {
            if (/^\d/.test(count.textContent ?? '') && (CSS.highlights.get('qalam-find-current')?.size ?? 0) > 0) done();
            else requestAnimationFrame(check);
          };
          check();
        });
        await (window as unknown as { __rendered(): Promise<void> }).__rendered();
        return { ms: performance.now() - t0, count: count.textContent ?? '' };
      }, word);
    const [coldWord, warmWord] = COMMON_WORDS[doc.lang];
    const cold = await find(coldWord);
    const warm = await find(warmWord);
    await page.keyboard.press('Escape');
    // The mention list: End picks its last mention, which the text shows.
    await page.evaluate(() => {
      const w = window as unknown as { __jump: { t0: number } };
      w.__jump = { t0: 0 };
      window.addEventListener('keydown', (e) => (w.__jump.t0 = e.timeStamp), { capture: true, once: true });
      document.querySelector<HTMLElement>('.mention-list [role="listbox"]')!.focus({ preventScroll: true });
    });
    await page.keyboard.press('End');
    const jumpMs = await page.evaluate(
      async (id) => {
        const scroller = document.querySelector<HTMLElement>('.doc-scroll')!;
        await new Promise<void>((done) => {
          const check = () => {
            const view = scroller.getBoundingClientRect();
            const drawn = [...document.querySelectorAll<HTMLElement>(`.ov-back .ov-hl[data-id="${CSS.escape(id)}"]`)].some((el) => {
              const r = el.getBoundingClientRect();
              return r.bottom > view.top && r.top < view.bottom;
            });
            if (drawn) done();
            else requestAnimationFrame(check);
          };
          check();
        });
        await (window as unknown as { __rendered(): Promise<void> }).__rendered();
        return performance.now() - (window as unknown as { __jump: { t0: number } }).__jump.t0;
      },
      doc.lastMentionId,
    );
    return { findColdMs: cold.ms, findWarmMs: warm.ms, matches: cold.count, jumpMs };
  } finally {
    if (on === undefined) await page.context().close();
  }
}
