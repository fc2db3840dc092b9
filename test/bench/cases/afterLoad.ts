/**
 * The window's long frames around a document's start, as a user who scrolls or labels at once
 * meets them: Long Animation Frames (PerformanceObserver 'long-animation-frame', frames of 50 ms
 * and more, with the scripts that ran in them) from navigation until some seconds after the whole
 * document was loaded, in three windows: before its text was painted (the start), from then until
 * it was loaded (the rest of the open: text and mention pages, the panels), and after (the
 * window's after-load work: the annotator's practice, the lazy chunks, the suggestions). A
 * diagnosis, no target (session 14: the practice was one 225-250 ms task after load).
 */
import type { Browser } from 'playwright-core';
import type { QalamService } from '../../../electron/service';
import { fmt, log, median, step } from '../common';
import { newPage, waitLoaded, type BenchDoc } from './page';

/** How long after the document is loaded the frames are still watched (ms). */
const AFTER_MS = 4000;

/** One long frame: when it started (ms from navigation), how long it took, and its longest script. */
interface LongFrame {
  at: number;
  ms: number;
  script: string;
}

export interface AfterLoadRun {
  paintedMs: number;
  loadedMs: number;
  /** Long frames before the text was painted, from then until loaded, and in the AFTER_MS after. */
  start: LongFrame[];
  open: LongFrame[];
  after: LongFrame[];
}

export interface AfterLoadResult {
  case: string;
  runs: AfterLoadRun[];
}

/** `runs` fresh starts of the window on `doc`, its long frames watched from navigation. */
export async function measureAfterLoad(browser: Browser, service: QalamService, url: string, doc: BenchDoc, runs: number): Promise<AfterLoadResult> {
  const out: AfterLoadRun[] = [];
  for (let k = 0; k < runs; k++) {
    const page = await newPage(browser, service, doc.id);
    try {
      await page.addInitScript({
        content:
          "window.__longFrames = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) { const top = [...(e.scripts || [])].sort((a, b) => b.duration - a.duration)[0]; window.__longFrames.push({ at: Math.round(e.startTime), ms: Math.round(e.duration), script: top ? `${top.invoker} ${Math.round(top.duration)} ms${top.sourceFunctionName ? ` (${top.sourceFunctionName})` : ''}` : 'no script (style, layout, paint)' }); } }).observe({ type: 'long-animation-frame', buffered: true });",
      });
      await page.goto(url);
      await waitLoaded(page);
      await page.waitForTimeout(AFTER_MS);
      const seen = await page.evaluate(() => {
        const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        return { painted: mark('qalam:text-painted'), loaded: mark('qalam:open-loaded'), frames: (window as unknown as { __longFrames: LongFrame[] }).__longFrames };
      });
      const run: AfterLoadRun = {
        paintedMs: seen.painted,
        loadedMs: seen.loaded,
        start: seen.frames.filter((f) => f.at < seen.painted),
        open: seen.frames.filter((f) => f.at >= seen.painted && f.at < seen.loaded),
        after: seen.frames.filter((f) => f.at >= seen.loaded && f.at < seen.loaded + AFTER_MS),
      };
      step(`  after load ${k + 1}: painted ${fmt(run.paintedMs, 0)} ms, loaded ${fmt(run.loadedMs, 0)} ms; long frames: start ${run.start.length}, open ${run.open.length}, after ${run.after.length} (${run.after.map((f) => `${f.ms} ms at +${f.at - Math.round(run.loadedMs)}: ${f.script}`).join('; ') || 'none'})`);
      out.push(run);
    } finally {
      await page.context().close();
    }
  }
  return { case: `${doc.size.name} ${doc.lang}`, runs: out };
}

function longest(frames: readonly LongFrame[]): LongFrame | null {
  return frames.reduce<LongFrame | null>((a, f) => (a === null || f.ms > a.ms ? f : a), null);
}

export function printAfterLoad(r: AfterLoadResult): void {
  const part = (name: string, pick: (run: AfterLoadRun) => LongFrame[]) => {
    const tops = r.runs.map((run) => longest(pick(run)));
    const ms = tops.map((f) => f?.ms ?? 0);
    const worst = tops.reduce<LongFrame | null>((a, f) => (f !== null && (a === null || f.ms > a.ms) ? f : a), null);
    return `${name}: longest ${ms.join(', ')} ms (median ${fmt(median(ms), 0)}; ${r.runs.map((run) => pick(run).length).join(', ')} frames of 50 ms or more)${worst ? `, the longest's script: ${worst.script}` : ''}`;
  };
  log(`long frames, ${r.case}, ${r.runs.length} starts (suggestions on; a diagnosis, no target):`);
  log(`  ${part('before the text is painted', (run) => run.start)}`);
  log(`  ${part('painted → the whole document loaded', (run) => run.open)}`);
  log(`  ${part(`the ${AFTER_MS / 1000} s after it was loaded`, (run) => run.after)}`);
}
