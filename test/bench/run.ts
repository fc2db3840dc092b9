/**
 * `npm run bench`: the renderer and store benchmark (not part of `npm test`).
 *
 * This file only reads the switches (flags.ts), runs the chosen cases and writes the results. The
 * cases are in cases/ (start, labels, navigate, review, scroll, documents, big, store, corpus,
 * agreement, suggest, occurrences; the browser and its pages in cases/page.ts, trace and profile
 * summaries in cases/diagnostics.ts); the shared targets, sizes and printing in common.ts; the
 * measured documents' project in project.ts; the setup cache in cache.ts; the benches of other
 * processes in store-bench.ts, agreement-bench.ts, suggest.ts and suggest-list.ts; two builds'
 * starts alternated on one service and browser (an A/B under load) in ab-start.ts.
 *
 * Generates Hebrew and Arabic documents (100 KB / 1k mentions, 1 MB / 10k, 5 MB / 50k, 20 MB / 200k:
 * the last in a full run, in --quick only with --big) into a real
 * project (imported through the service, mentions written through the store), serves the built
 * renderer (out/renderer: `npm run bench` builds it first; run directly, it is built only if
 * missing) and drives Debian's Chromium with playwright-core, with the same bridge as the
 * end-to-end tests (test/e2e/browser.ts). Measures, as medians of several runs (the machine is
 * noisy):
 *   - start, as a user sees it: from navigation start (a fresh page, its localStorage as the
 *     warm-up page on the same document left it) to the first document's request (documents.open
 *     going out on the bridge), to its text painted (the frame of the first `qalam:text-painted`,
 *     after its paint: the start's first screen, renderer/src/firstScreen.ts, else the editor's
 *     text), to it painted with its highlights (the first screen's `qalam:first-highlights`
 *     frame, else the editor's) and to the editor's highlights drawn (the frame of
 *     `qalam:open-ready`, what `data-ready` means), with the calls made before that request
 *     (--verbose: each start's timeline, every file and call from sent to answered, and the marks);
 *   - open: from the open request (store.openDocument's `qalam:open-start` mark) to interactive
 *     (`qalam:open-ready`: first window laid out, its highlights drawn, next frame), and the
 *     renderer's share (from the data's arrival, `qalam:open-data`), and until the whole document is
 *     loaded (`qalam:open-loaded`: every text page and every mention there; a long document is
 *     painted from its first text page while the others arrive);
 *   - label latency: hotkey keydown (event.timeStamp) → the new highlight drawn (the overlay draws
 *     in an animation frame) → that frame rendered (a message posted then runs after its paint);
 *     median and p95 of 50 isolated labels per document (each once the previous one's calls are
 *     answered), with its phases and the floor (a bare element drawn in a frame → rendered);
 *   - frames dropped while scrolling the 1 MB document, at reading speed and top to bottom;
 *   - JS heap after open (CDP Performance.getMetrics after a GC), and the memory of this process,
 *     which holds the service as Electron's main process does (RSS and JS heap after a GC);
 *   - find of a common word (typed into the find bar → the current match drawn; first with the
 *     folded text built, then another word) and the jump to the last mention (End in the mention
 *     list → its highlight drawn in view);
 *   - the same open, scroll and heap for plain React spans without Lexical (`#bench-plain=<id>`);
 *   - the store: import 10,000 documents (~50 MB), export 1,000,000 mentions (runStoreBench);
 *   - the suggestions on the shared NEMO and ANERcorp corpora, beside their targets (runSuggestBench,
 *     test/bench/suggest.ts; its tables are printed as it ends; --no-suggest leaves it out and
 *     refuses the window's suggestions.* calls, which would otherwise hold this process).
 *   - corpus agreement between two sets (review.agreement, in its worker): over the 5 MB / 50k
 *     document and over 10,000 short documents, first computation, again, after an edit
 *     (runAgreementBench).
 * Prints a table (the 20 MB / 200k figures beside issue 15's targets) and writes .bench/results.json.
 * Options: --quick (fewer runs, smaller store part, no 20 MB documents), --big (the 20 MB / 200k
 * documents in a --quick run too), --documents-only (the documents alone: no store, suggestions
 * or agreement part), --start-only (only the start and open figures of the documents: no labels,
 * find, scrolling, review, store, suggestions or agreement; merged into .bench/results.json), --suggest-only (only the
 * suggestions on the shared corpora, no browser; merged as "suggest"), --scroll-only (only the
 * 1 MB scrolling, after one warm-up open; merged into .bench/results.json), --scroll-runs=N, --corpus-only (only the
 * 100,000-document cases, issue 15 target 3; --quick: 10,000), --occurrences-only (only the suggestions' occurrences after a
 * label and across 10,000 documents, issue 13; merged into .bench/results.json), --labels-only (only the labels, their phases and
 * the floor, after one warm-up open; at 1 MB he with suggestions shown and without; merged as "labels"), --agreement-only (only the agreement cases: no browser; their figures replace those of
 * .bench/results.json), --only=<bytes>-<lang> (documents whose "1000000-he"-style name contains it), --labels=N,
 * --verbose (steps, every service call's time, label phases), --heap-snapshot (a renderer heap snapshot after
 * the first measured open of each document, in .bench/, summarised by heapSnapshot.ts), --profile (CPU profile of the label
 * runs and of the scroll runs, summarised, in .bench/), --trace (a Chromium trace of the label and scroll runs, summarised, in .bench/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAgreementBench } from './agreement-bench';
import { CACHE_ON, cacheStats } from './cache';
import { fmt, log, median, phase, phases, printPhases, selected, SIZES, TARGETS, writeResults } from './common';
import { AFTER_LOAD_ONLY, AGREEMENT_ONLY, AGREEMENT_RUNS, CORPUS_ONLY, CORPUS_SIZE, DOCUMENTS_ONLY, LABELS_ONLY, NO_SUGGEST, OCCURRENCES_ONLY, ONLY, QUICK, SCROLL_ONLY, START_ONLY, SUGGEST_ONLY } from './flags';
import { openBenchProject, type BenchFile } from './project';
import { runOccurrencesBench } from './suggest-list';
import type { QalamService } from '../../electron/service';
import { measureAfterLoad, printAfterLoad, type AfterLoadResult } from './cases/afterLoad';
import { printAgreement } from './cases/agreement';
import { printCorpus, runCorpus } from './cases/corpus';
import { measureDocument, printDocuments } from './cases/documents';
import { printBigLabels, printLabelCost } from './cases/labels';
import { printOccurrences } from './cases/occurrences';
import { bridge, startBrowser, type BenchDoc } from './cases/page';
import { printScroll } from './cases/scroll';
import { startLine } from './cases/start';
import { benchDocumentsList, printStore, runStore, serviceTimes } from './cases/store';
import { printSuggest, runSuggest, type SuggestResult } from './cases/suggest';
import type { OccurrencesBenchResult } from './suggest-list';
import type { AgreementCaseResult } from './agreement-bench';
import type { CorpusBenchResult } from './store-bench';

/** --agreement-only: the agreement cases alone, their figures put into .bench/results.json. */
async function agreementOnly(): Promise<void> {
  const t0 = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'qalam-bench-'));
  try {
    const agreement = await runAgreementBench(root, { runs: AGREEMENT_RUNS, log: (s) => log(s) });
    writeResults({ targets: TARGETS, agreement, agreementDate: new Date().toISOString() }, true);
    log('');
    printAgreement(agreement);
    log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** --occurrences-only: the occurrences' cases alone, their figures put into .bench/results.json ("occurrences"). */
async function occurrencesOnlyRun(): Promise<void> {
  const t0 = Date.now();
  const occurrences = await runOccurrencesBench({ log: (s) => log(`  ${s}`) });
  writeResults({ targets: TARGETS, occurrences, occurrencesDate: new Date().toISOString() }, true);
  log('');
  printOccurrences(occurrences);
  log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json`);
}

/** --suggest-only: the suggestions on the shared corpora alone ("suggest"). */
function suggestOnlyRun(): void {
  const t0 = Date.now();
  const suggest = runSuggest();
  writeResults({ targets: TARGETS, suggest, suggestDate: new Date().toISOString() }, true);
  log('');
  printSuggest(suggest);
  log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json`);
}

/** --corpus-only: the 100,000-document cases alone, their figures put into .bench/results.json. */
function corpusOnly(): void {
  const t0 = Date.now();
  const corpus = runCorpus();
  writeResults({ targets: TARGETS, corpus, corpusDate: new Date().toISOString(), corpusQuick: QUICK }, true);
  log('');
  printCorpus(corpus);
  log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json`);
}

/** The measured documents (SIZES, --only) in a copy of the cached project in `root`. */
function setupProject(root: string): { service: QalamService; docs: BenchDoc[] } {
  const files: BenchFile[] = [];
  for (const size of SIZES) {
    for (const lang of ['he', 'ar'] as const) {
      if (selected(size.bytes, lang)) files.push({ file: `${lang}-${size.bytes}`, bytes: size.bytes, mentions: size.mentions, lang });
    }
  }
  const { service, docs } = openBenchProject(root, files, { reviewer: true, cacheName: 'documents' });
  return {
    service,
    docs: docs.map((c) => {
      const size = SIZES.find((s) => s.bytes === c.bytes);
      if (size === undefined) throw new Error(`bench: no size of ${c.bytes} bytes`);
      return { id: c.id, size, lang: c.lang, view: service.call('documents.get', { id: c.id }), lastMentionId: c.lastMentionId, free: c.free };
    }),
  };
}

async function main(): Promise<void> {
  if (AGREEMENT_ONLY) return agreementOnly();
  if (CORPUS_ONLY) return corpusOnly();
  if (OCCURRENCES_ONLY) return occurrencesOnlyRun();
  if (SUGGEST_ONLY) return suggestOnlyRun();
  const t0 = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'qalam-bench-'));
  let started: Awaited<ReturnType<typeof startBrowser>> | null = null;
  try {
    log('generating documents and mentions…');
    const { service, docs } = setupProject(root);
    phase('setup: documents');
    bridge.service = service;
    // The tagger's first training (its own thread; primeSuggestions waits for it before the first
    // document's first page, as it did when it started it) runs while Chromium starts: ~3 s of the
    // run's set-up no longer one after the other. Nothing measured runs meanwhile.
    if (!NO_SUGGEST) service.call('suggestions.train', {});
    started = await startBrowser();
    const { browser, server } = started;
    phase('start: browser and server');
    const hotkeys = service.call('session.get', {}).schema.entityTypes.map((t) => t.hotkey).filter((h): h is string => !!h);
    const hotkey = hotkeys[0] ?? '1';
    if (AFTER_LOAD_ONLY) {
      const results: AfterLoadResult[] = [];
      for (const doc of docs) {
        if (doc.lang !== 'he' || (ONLY ? !`${doc.size.bytes}-${doc.lang}`.includes(ONLY) : doc.size.bytes !== 1_000_000)) continue;
        results.push(await measureAfterLoad(browser, service, server.url, doc, 3));
      }
      await service.close();
      writeResults({ targets: TARGETS, afterLoad: { date: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version, chromium: browser.version() }, documents: results } }, true);
      for (const r of results) printAfterLoad(r);
      log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json ("afterLoad")`);
      return;
    }
    const rows: Record<string, unknown>[] = [];
    for (const doc of docs) {
      const label = `${doc.size.name} ${doc.lang}`;
      if (ONLY && !`${doc.size.bytes}-${doc.lang}`.includes(ONLY)) continue;
      if (SCROLL_ONLY && !(doc.size.bytes === 1_000_000 && doc.lang === 'he')) continue;
      const row = await measureDocument(browser, service, server.url, doc, hotkey, rows.length === 0);
      rows.push(row);
      if (SCROLL_ONLY || LABELS_ONLY) continue;
      const mainMemory = row['mainMemoryMB'] as { rss: number; heapUsed: number };
      log(startLine(row));
      log(
        `${label.padEnd(16)} open ${fmt(row['openSeconds'])} s (renderer ${fmt(row['openRendererSeconds'])}; plain ${fmt(row['plainOpenSeconds'])})  label ${fmt(row['labelMedianMs'], 1)}/${fmt(row['labelP95Ms'], 1)} ms (${String(row['labels'])} labels)  heap ${fmt(row['heapMB'], 0)} MB (${String(row['heapOpens'])} open${row['heapOpens'] === 1 ? '' : 's'}, ${fmt(row['heapSuggestions'], 0)} suggestions held${doc.size.bytes === 5_000_000 && doc.lang === 'he' ? `; issue 12: ≤ ${TARGETS.heap5MBBefore} MB at f0e3d3a, without suggestions` : ''})  find ${fmt(row['findColdMs'], 0)} ms (again ${fmt(row['findWarmMs'], 0)})  jump to the last mention ${fmt(row['jumpLastMs'], 0)} ms  main process RSS ${fmt(mainMemory.rss, 0)} MB, heap ${fmt(mainMemory.heapUsed, 0)} MB`,
      );
    }
    const machine = { cpus: cpus().length, node: process.version, chromium: browser.version() };
    if (SCROLL_ONLY) {
      await service.close();
      writeResults({ targets: TARGETS, scroll: { date: new Date().toISOString(), quick: QUICK, noSuggest: NO_SUGGEST, machine, documents: rows } }, true);
      for (const d of rows) printScroll(d);
      log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json ("scroll")`);
      return;
    }
    if (LABELS_ONLY) {
      await service.close();
      writeResults({ targets: TARGETS, labels: { date: new Date().toISOString(), quick: QUICK, noSuggest: NO_SUGGEST, machine, documents: rows } }, true);
      for (const d of rows) {
        printLabelCost(d);
        printBigLabels(d);
      }
      log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json ("labels")`);
      return;
    }
    if (START_ONLY) {
      await service.close();
      writeResults({ targets: TARGETS, start: { date: new Date().toISOString(), quick: QUICK, machine, documents: rows } }, true);
      log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json ("start")`);
      return;
    }
    const times = serviceTimes(service, docs);
    await service.close();
    if (DOCUMENTS_ONLY) {
      const results = { date: new Date().toISOString(), machine, quick: QUICK, targets: TARGETS, documents: rows, seconds: (Date.now() - t0) / 1000 };
      writeResults(results, false);
      printDocuments(results);
      log(`total ${fmt(results.seconds, 0)} s; results in .bench/results.json`);
      return;
    }

    const store = runStore();
    phase('store: import and export');
    const docsListMs = benchDocumentsList(root);
    phase('documents.list');
    log(`corpus: ${CORPUS_SIZE.documents} documents, list, filters, export…`);
    const corpus = runCorpus();
    // the suggestions on the shared corpora (test/bench/suggest.ts): tagger F1, training, 1 MB, simulated annotator
    phase('corpus');
    const suggest = NO_SUGGEST ? null : runSuggest();
    phase('suggestions');
    // the occurrences after a label (1 MB) and across 10,000 documents (test/bench/suggest-list.ts)
    const occurrences = NO_SUGGEST ? null : await runOccurrencesBench({ log: (s) => log(`  ${s}`) });
    phase('occurrences');
    const agreement = await runAgreementBench(root, { runs: AGREEMENT_RUNS, log: (s) => log(`  ${s}`) });
    phase('agreement');

    const results = {
      date: new Date().toISOString(),
      machine,
      quick: QUICK,
      targets: TARGETS,
      documents: rows,
      service: { ...(times ?? {}), documentsList10kMs: docsListMs },
      store: { ...store, importMedianSeconds: median(store.importSeconds), exportMedianSeconds: median(store.exportSeconds) },
      corpus,
      suggest,
      occurrences,
      agreement,
      seconds: (Date.now() - t0) / 1000,
      processSeconds: process.uptime(),
      phases,
      cache: { on: CACHE_ON, ...cacheStats },
    };
    writeResults(results, false);
    printTable(results);
  } finally {
    await started?.browser.close();
    await started?.server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function printTable(r: { documents: Record<string, unknown>[]; service: Record<string, unknown> | null; store: Record<string, unknown>; corpus: CorpusBenchResult; suggest: SuggestResult | null; occurrences: OccurrencesBenchResult | null; agreement: AgreementCaseResult[]; machine: Record<string, unknown>; seconds: number }): void {
  printDocuments(r);
  printStore(r.service, r.store);
  printCorpus(r.corpus);
  printSuggest(r.suggest, 'suggestions, ');
  printOccurrences(r.occurrences);
  printAgreement(r.agreement);
  printPhases(r.seconds);
  const whole = process.uptime();
  log(`total ${fmt(r.seconds, 0)} s (the process ${fmt(whole, 0)} s${QUICK ? `; --quick target ≤ ${TARGETS.quickSeconds} s: ${whole <= TARGETS.quickSeconds ? 'met' : 'NOT met'}` : ''}); results in .bench/results.json`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
