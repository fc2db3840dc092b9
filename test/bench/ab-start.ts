/**
 * The start, A/B: two renderer builds served side by side (two origins, one service, one
 * browser) and started alternately (A B, B A, A B, …) on the 1 MB documents, so both see the
 * same load at the same moment; on the shared machine, where back-to-back bench runs differ by
 * more than most changes, this is how session 8's start steps were measured. Each build gets one
 * warm-up start (a first start, nothing remembered: printed), then the measured starts begin as
 * it left the window (its first screen's place remembered), as `npm run bench --start-only` does.
 * Prints each start and, per build, the medians of navigation → first call / documents.open /
 * text painted / painted with its highlights / the editor's highlights drawn (data-ready), and of
 * the parts of request → painted with its highlights (the first screen's answers in, its text's
 * frame, its highlights' frame).
 *
 *   npx vite build --config renderer/vite.config.ts --outDir /tmp/a   (on one commit)
 *   npx vite build --config renderer/vite.config.ts --outDir /tmp/b   (on the other)
 *   node --expose-gc --import tsx test/bench/ab-start.ts /tmp/a /tmp/b [starts per build, 8] [he|ar|both] [--forget=place|all] [--size=WxH] [--trace]
 *
 * `--forget=place`: the measured starts do not remember the first screen's place (a window opened
 * at another size, or whose place was never kept), but still their last document; `--forget=all`:
 * nothing remembered at all (a newcomer's start: the start opens the list's first document).
 * `--size=WxH`: the measured starts at that window size (the warm-up's at 1440 × 900: a window
 * started again after its size changed). `--trace`: each build's first two measured starts are
 * traced (test/bench/cases/diagnostics.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, serveRenderer } from '../e2e/browser';
import { fmt, log, median, SIZES } from './common';
import { bridge, type BenchDoc } from './cases/page';
import { measureOpen, type OpenSample } from './cases/start';
import { openBenchProject } from './project';

async function main(): Promise<void> {
  const [dirA, dirB, runsArg, langArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const forgetArg = process.argv.find((a) => a.startsWith('--forget='))?.slice('--forget='.length);
  const forget = forgetArg === 'all' ? ['qalam.firstScreen', 'qalam.lastDocument', 'qalam.project'] : forgetArg === 'place' ? ['qalam.firstScreen'] : [];
  const sizeArg = /^--size=(\d+)x(\d+)$/.exec(process.argv.find((a) => a.startsWith('--size=')) ?? '');
  const viewport = sizeArg ? { width: Number(sizeArg[1]), height: Number(sizeArg[2]) } : undefined;
  if (!dirA || !dirB) throw new Error('test/bench/ab-start.ts: give two built renderer folders (A and B)');
  const runs = Number(runsArg ?? 8);
  const langs: ('he' | 'ar')[] = langArg === 'he' ? ['he'] : langArg === 'ar' ? ['ar'] : ['he', 'ar'];
  const size = SIZES.find((s) => s.bytes === 1_000_000);
  if (!size) throw new Error('test/bench/ab-start.ts: no 1 MB size');
  const root = mkdtempSync(join(tmpdir(), 'qalam-ab-'));
  const { service, docs } = openBenchProject(root, langs.map((lang) => ({ file: `${lang}-1000000`, bytes: 1_000_000, mentions: size.mentions, lang })), { reviewer: true, cacheName: 'documents' });
  bridge.service = service;
  const rpc = (method: string, args: unknown) => {
    bridge.calls.push(method);
    return service.dispatch(method, args);
  };
  const servers = [await serveRenderer(dirA, rpc), await serveRenderer(dirB, rpc)];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  try {
    for (const c of docs) {
      const doc: BenchDoc = { id: c.id, size, lang: c.lang, view: service.call('documents.get', { id: c.id }), lastMentionId: c.lastMentionId, free: c.free };
      const warm: OpenSample[] = [];
      for (const server of servers) warm.push(await measureOpen(browser, service, server.url, doc, false, false, undefined, true));
      const samples: OpenSample[][] = [[], []];
      for (let r = 0; r < runs; r++) {
        for (const v of r % 2 === 0 ? [0, 1] : [1, 0]) {
          const o = await measureOpen(browser, service, servers[v]!.url, doc, false, r < 2, warm[v]!.storage, false, undefined, { forget, ...(viewport ? { viewport } : {}) });
          samples[v]!.push(o);
          log(`${c.lang} ${'AB'[v]}: first call ${fmt(o.firstCall, 3)}, request ${fmt(o.request, 3)}, text ${fmt(o.painted, 3)}, with highlights ${fmt(o.screen, 3)}, data-ready ${fmt(o.highlights, 3)} s${o.firstScreen ? '' : ' (no first screen)'}`);
        }
      }
      for (let v = 0; v < 2; v++) {
        const m = (k: 'firstCall' | 'request' | 'painted' | 'screen' | 'highlights') => fmt(median(samples[v]!.map((o) => o[k])), 3);
        log(`== ${c.lang} ${'AB'[v]} (${v === 0 ? dirA : dirB}), median of ${runs}: first call ${m('firstCall')}, request ${m('request')}, text ${m('painted')}, with highlights ${m('screen')}, data-ready ${m('highlights')} s (request → the first screen's answers ${fmt(median(samples[v]!.map((o) => o.answered - o.request)), 3)}, → its text ${fmt(median(samples[v]!.map((o) => o.painted - o.answered)), 3)}, → its highlights ${fmt(median(samples[v]!.map((o) => o.screen - o.painted)), 3)} s); its first start (nothing remembered) painted its text at ${fmt(warm[v]!.painted, 3)} s`);
      }
    }
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
    await service.close();
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
