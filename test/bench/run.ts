/**
 * `npm run bench`: the renderer and store benchmark (not part of `npm test`).
 *
 * Over 500 lines: it is the one driver whose cases share the command line's switches, the served
 * renderer, one Chromium and the results file; the setup (generate.ts, cache.ts, corpora.ts) and
 * the benches of other processes (store-bench.ts, agreement-bench.ts, suggest.ts, suggest-list.ts)
 * are beside it. Moving the browser cases into modules of their own is the next tidy-up.
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
 *     text) and to it painted with its highlights (the frame of `qalam:open-ready`), with the
 *     calls made before that request;
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
 * --verbose (steps, every service call's time, label phases), --profile (CPU profile of the label
 * runs and of the scroll runs, summarised, in .bench/), --trace (a Chromium trace of the label and scroll runs, summarised, in .bench/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { tokenize } from '../../annotations/tokenize';
import { OffsetMap } from '../../annotations/text';
import { initProject, openService } from '../../electron/service/bootstrap';
import type { QalamService } from '../../electron/service';
import type { DocumentView } from '../../electron/contract';
import { CHROMIUM, CHROMIUM_ARGS, REPO, RENDERER_DIR, installHttpBridge, serveRenderer } from '../e2e/browser';
import { generateMentions, generateText } from './generate';
import { CORPUS_TARGETS, runCorpusBench, runStoreBench, type CorpusBenchResult, type StoreBenchResult } from './store-bench';
import { runSuggestBench, suggestTargetLines } from './suggest';
import { OCCURRENCE_TARGETS, runOccurrencesBench, type OccurrencesBenchResult } from './suggest-list';
import { runAgreementBench, type AgreementCaseResult } from './agreement-bench';
import { cacheKey, cachedCopy, cachedFolder, cacheStats, CACHE_ON } from './cache';

const QUICK = process.argv.includes('--quick');
/** --start-only: only the start and open figures (no labels, scrolling, review, store, suggestions, agreement). */
const START_ONLY = process.argv.includes('--start-only');
/** --no-suggest: no suggestions benchmark, and the window's suggestions.* calls refused (see main). */
const NO_SUGGEST = process.argv.includes('--no-suggest');
const OPEN_RUNS = QUICK && !START_ONLY ? 2 : 5;
/**
 * Opens of the plain React view per document (a comparison, no target): --quick only at 1 MB
 * Hebrew (the 5 MB one mounts 4,944 paragraphs, seconds of the run for a figure no target reads).
 */
function plainRuns(doc: { size: { bytes: number }; lang: string }): number {
  if (doc.size.bytes >= 20_000_000) return 0;
  return QUICK ? (doc.size.bytes === 1_000_000 && doc.lang === 'he' ? 1 : 0) : 2;
}
const LABELS_ARG = process.argv.find((a) => a.startsWith('--labels='))?.slice('--labels='.length);
const LABELS = Number(LABELS_ARG ?? (QUICK ? 20 : 50));
/** Labels per document: --quick 10 at 100 KB (no target there), `LABELS` where the p95 has a target (1 MB and up). */
function labelsFor(doc: { size: { bytes: number } }): number {
  return QUICK && LABELS_ARG === undefined && doc.size.bytes < 1_000_000 ? 10 : LABELS;
}
/** --scroll-only: only the 1 MB Hebrew document's scrolling (after one warm-up open), merged into .bench/results.json ("scroll"). */
const SCROLL_ONLY = process.argv.includes('--scroll-only');
/** --labels-only: only the labels (with their phases and the floor), after one warm-up open; at 1 MB he with and without suggestions; merged into .bench/results.json ("labels"). */
const LABELS_ONLY = process.argv.includes('--labels-only');
/** --scroll-runs=N: runs of each scroll measure (default 1 with --quick, else 3). */
const SCROLL_RUNS = Number(process.argv.find((a) => a.startsWith('--scroll-runs='))?.slice('--scroll-runs='.length) ?? (QUICK ? 1 : 3));
const NAV_RUNS = QUICK ? 1 : 3;
/** --only=1MB-he (size bytes label and language, substring match): only those documents. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null;
const VERBOSE = process.argv.includes('--verbose');
/** --corpus-only: only the 100,000-document corpus cases (no browser; --quick: 10,000). */
const CORPUS_ONLY = process.argv.includes('--corpus-only');
/** The corpus case's size: 100,000 documents of 5 KB (500 MB), 100 mentions each; --quick a tenth. */
const CORPUS_SIZE = QUICK ? { documents: 10_000, mentionsPerDoc: 100 } : { documents: 100_000, mentionsPerDoc: 100 };
/** --occurrences-only: only the suggestions' occurrences after a label (1 MB) and across 10,000 documents (no browser; merged into .bench/results.json). */
const OCCURRENCES_ONLY = process.argv.includes('--occurrences-only');
/** --suggest-only: only the suggestions on the shared corpora (tagger, training, 1 MB; no browser; merged into .bench/results.json as "suggest"). */
const SUGGEST_ONLY = process.argv.includes('--suggest-only');
/** --agreement-only: only the corpus agreement cases (no browser). */
const AGREEMENT_ONLY = process.argv.includes('--agreement-only');
const AGREEMENT_RUNS = QUICK ? 1 : 3;
/** --profile: a CPU profile of the renderer during the label runs and the scroll runs, summarised (self time by function). */
const PROFILE = process.argv.includes('--profile');
/** --trace: a Chromium trace of the label runs (.bench/labels-*.trace.json) and the scroll runs (.bench/scroll-*.trace.json), summarised by event. */
const TRACE = process.argv.includes('--trace');
const T0 = Date.now();
/** Where a run's time goes: wall and CPU seconds of this process (the service, the driver) per part, setup apart from measures. */
const phases: { phase: string; seconds: number; cpuSeconds: number }[] = [];
let phaseWall = Date.now();
let phaseCpu = process.cpuUsage();
/** Closes the current part of the run under `name` (its wall and CPU time since the previous one). */
function phase(name: string): void {
  const c = process.cpuUsage(phaseCpu);
  const now = Date.now();
  const last = phases.find((p) => p.phase === name);
  const seconds = (now - phaseWall) / 1000;
  const cpuSeconds = (c.user + c.system) / 1e6;
  if (last) {
    last.seconds += seconds;
    last.cpuSeconds += cpuSeconds;
  } else phases.push({ phase: name, seconds, cpuSeconds });
  phaseWall = now;
  phaseCpu = process.cpuUsage();
}
/** The parts of the run, longest first, and what came from the cache. */
function printPhases(total: number): void {
  const rows = [...phases].sort((a, b) => b.seconds - a.seconds);
  log(`where the ${fmt(total, 0)} s went (wall s / this process's CPU s): ${rows.map((p) => `${p.phase} ${fmt(p.seconds, 1)} / ${fmt(p.cpuSeconds, 1)}`).join(', ')}`);
  log(`setup cache (.bench/cache, ${CACHE_ON ? 'on' : 'off: --no-cache'}): ${cacheStats.hits.length} copied, ${cacheStats.built.length} built${cacheStats.built.length > 0 ? ` (${cacheStats.built.join(', ')})` : ''}`);
}
function step(s: string): void {
  if (VERBOSE) process.stderr.write(`[${((Date.now() - T0) / 1000).toFixed(1)} s] ${s}\n`);
}

/** --big: the 20 MB / 200k documents in a --quick run too (a full run always has them). */
const BIG = process.argv.includes('--big') || !QUICK;
/** --documents-only: the documents' cases alone (no store, suggestions or agreement part). */
const DOCUMENTS_ONLY = process.argv.includes('--documents-only');

const ALL_SIZES = [
  { name: '100 KB / 1k', bytes: 100_000, mentions: 1_000 },
  { name: '1 MB / 10k', bytes: 1_000_000, mentions: 10_000 },
  { name: '5 MB / 50k', bytes: 5_000_000, mentions: 50_000 },
  { name: '20 MB / 200k', bytes: 20_000_000, mentions: 200_000 },
] as const;
const SIZES = ALL_SIZES.filter((s) => BIG || s.bytes < 20_000_000);
/** Whether a document of this size and language is measured (--only). */
function selected(bytes: number, lang: string): boolean {
  return !ONLY || `${bytes}-${lang}`.includes(ONLY);
}
/** A common word of each language's generated text (test/bench/generate.ts), found cold, then another warm. */
const COMMON_WORDS = { he: ['הממשלה', 'כוחות'], ar: ['الحكومة', 'الشرطة'] } as const;

const TARGETS = {
  /** Navigation start → the first document's request goes out (s). */
  startRequest: 0.2,
  /** Navigation start → the first document painted, 1 MB (s). */
  startPainted1MB: 0.4,
  open1MB: 0.5,
  open5MB: 1.5,
  label1MBp95: 16,
  /** Label median at 1 MB he with suggestions shown (ms), and with / without suggestions at most (paint and floor phases, floor CPU; issues 12, 13). */
  label1MBMedianSuggest: 16,
  labelSuggestRatio: 1.15,
  label5MBp95: 50,
  heap5MB: 300,
  /** Scrolling the 1 MB document from top to bottom in 300 frames: frames dropped at most (issue 15, item 5). */
  scrollThroughDropped: 3,
  /** The 20 MB / 200k case (issue 15, target 2). */
  open20MB: 1,
  label20MBp95: 16,
  find20MB: 0.3,
  jump20MB: 0.2,
  heap20MB: 300,
  import: 10,
  export: 10,
  /** Corpus agreement, first computation (s): the 5 MB / 50k case and 10,000 short documents. */
  agreementFirst: 0.5,
  /** 100,000 documents / 500 MB: import (s), document list first page and a filter (s), export of 10M mentions (s). */
  corpus: CORPUS_TARGETS,
  /** A whole `npm run bench -- --quick` (s; issue 15). */
  quickSeconds: 180,
};

function log(s: string): void {
  process.stdout.write(`${s}\n`);
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function p95(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] as number;
}

interface BenchDoc {
  id: string;
  size: (typeof SIZES)[number];
  lang: 'he' | 'ar';
  view: DocumentView;
  /** The id of the mention the mention list shows last (the greatest start; of those the shortest, then type). */
  lastMentionId: string;
  /** Word tokens no mention touches, as (paragraph, start16, end16), in the first paragraphs. */
  free: { paragraph: number; start16: number; end16: number }[];
}

// ---- setup ----------------------------------------------------------------------------------------

function ensureRenderer(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  log('building the renderer (out/renderer)…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('renderer build failed');
}

/**
 * The seeds of a document's text and mentions: the same with or without --only, --quick or --big
 * (those of the first three sizes as before the 20 MB case was added).
 */
function seeds(bytes: number, lang: 'he' | 'ar'): { text: number; mentions: number } {
  const k = ALL_SIZES.findIndex((s) => s.bytes === bytes) * 2 + (lang === 'he' ? 0 : 1);
  return k < 6 ? { text: 1 + k, mentions: 7 + k } : { text: 15 + k, mentions: 17 + k };
}

/** What the setup of the documents keeps per document in the cache (the view is read again: documents.get). */
interface CachedDoc {
  file: string;
  bytes: number;
  lang: 'he' | 'ar';
  id: string;
  lastMentionId: string;
  free: BenchDoc['free'];
}

/**
 * Generates the documents (their files imported through the service, their mentions written
 * through the store, a second annotator's set on the 1 MB and 5 MB Hebrew ones) into
 * `dir/bench.qalam`, and what the measures need of each into `dir/docs.json`.
 */
function buildDocumentsProject(dir: string, files: { file: string; bytes: number; mentions: number; lang: 'he' | 'ar' }[]): void {
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  for (const f of files) writeFileSync(join(corpus, `${f.file}.txt`), generateText(f.bytes, f.lang, seeds(f.bytes, f.lang).text));
  const service = initProject(join(dir, 'bench.qalam'));
  try {
    service.call('session.setAnnotator', { name: 'bench' });
    service.call('documents.importPaths', { paths: [corpus] });
    const list = service.call('documents.list', {});
    const store = service.store;
    const now = new Date(0).toISOString();
    const docs: CachedDoc[] = [];
    store.transaction(() => {
      for (const f of files) {
        const info = list.find((d) => d.name === f.file);
        if (!info) throw new Error(`${f.file} was not imported`);
        const text = store.getDocument(info.id)!.text;
        const mentions = generateMentions(text, f.mentions, seeds(f.bytes, f.lang).mentions);
        for (const m of mentions) {
          store.insertMention({ ...m, docId: info.id, annotator: 'bench', origin: 'import', createdAt: now, updatedAt: now });
        }
        // A second annotator for the review screen: the same mentions, every 20th of another type,
        // every 25th left out (some 900 disagreements per 10,000 mentions).
        if (f.lang === 'he' && f.bytes >= 1_000_000 && f.bytes <= 5_000_000) {
          store.ensureAnnotator(REVIEWER, now);
          const taken = new Set(mentions.map((m) => `${m.type}:${m.start}:${m.end}`));
          mentions.forEach((m, i) => {
            if (i % 25 === 24) return;
            const other = m.type === 'PER' ? 'ORG' : 'PER';
            const type = i % 20 === 19 && !taken.has(`${other}:${m.start}:${m.end}`) ? other : m.type;
            store.insertMention({ ...m, type, docId: info.id, annotator: REVIEWER, origin: 'import', createdAt: now, updatedAt: now });
          });
        }
        const view = service.call('documents.get', { id: info.id });
        const last = service.call('mentions.list', { docId: info.id }).reduce((a, b) => (b.start > a.start || (b.start === a.start && (b.end < a.end || (b.end === a.end && b.type.localeCompare(a.type) > 0))) ? b : a));
        docs.push({ file: f.file, bytes: f.bytes, lang: f.lang, id: info.id, lastMentionId: last.id, free: freeWords(view, mentions) });
      }
    });
    writeFileSync(join(dir, 'docs.json'), JSON.stringify(docs));
  } finally {
    service.close();
  }
  rmSync(corpus, { recursive: true, force: true });
}

/**
 * The project of the measured documents, in `root`: a copy of the cached one (test/bench/cache.ts;
 * built when the generator, the store's migrations, the importer or this setup changed).
 */
function setupProject(root: string): { service: QalamService; docs: BenchDoc[] } {
  const files: { file: string; bytes: number; mentions: number; lang: 'he' | 'ar' }[] = [];
  for (const size of SIZES) {
    for (const lang of ['he', 'ar'] as const) {
      if (selected(size.bytes, lang)) files.push({ file: `${lang}-${size.bytes}`, bytes: size.bytes, mentions: size.mentions, lang });
    }
  }
  const dir = cachedFolder(cacheKey('documents', buildDocumentsProject, { files, seeds: files.map((f) => seeds(f.bytes, f.lang)) }), (d) => buildDocumentsProject(d, files));
  cachedCopy(join(dir, 'bench.qalam'), join(root, 'bench.qalam'));
  const cached = JSON.parse(readFileSync(join(dir, 'docs.json'), 'utf8')) as CachedDoc[];
  const service = openService(join(root, 'bench.qalam'));
  service.call('session.setAnnotator', { name: 'bench' });
  const docs: BenchDoc[] = cached.map((c) => {
    const size = SIZES.find((s) => s.bytes === c.bytes);
    if (size === undefined) throw new Error(`bench: no size of ${c.bytes} bytes`);
    return { id: c.id, size, lang: c.lang, view: service.call('documents.get', { id: c.id }), lastMentionId: c.lastMentionId, free: c.free };
  });
  return { service, docs };
}

/** Untagged words of the first paragraphs, as DOM positions (for the label runs). */
function freeWords(view: DocumentView, mentions: { start: number; end: number }[]): BenchDoc['free'] {
  const out: BenchDoc['free'] = [];
  const shown = Math.min(view.paragraphs.length, 6);
  const limit = view.paragraphs[shown - 1]?.end ?? 0;
  const near = mentions.filter((m) => m.start < limit);
  const covered = (s: number, e: number) => near.some((m) => m.start < e && s < m.end);
  const offsets = new OffsetMap(view.text);
  for (let p = 0; p < shown && out.length < 200; p++) {
    const para = view.paragraphs[p]!;
    const text = view.text.slice(offsets.toUtf16(para.start), offsets.toUtf16(para.end));
    let cp = 0;
    let u16 = 0;
    const toU16 = (target: number) => {
      while (cp < target) {
        u16 += (text.codePointAt(u16) ?? 0) > 0xffff ? 2 : 1;
        cp++;
      }
      return u16;
    };
    for (const t of tokenize(text)) {
      if (t.kind !== 'word' || covered(para.start + t.start, para.start + t.end)) continue;
      const s16 = toU16(t.start);
      const e16 = toU16(t.end);
      out.push({ paragraph: p, start16: s16, end16: e16 });
    }
  }
  return out;
}

// ---- browser measurements -----------------------------------------------------------------------

/** A window's stored state (its localStorage) as an earlier page of it left it. */
type Storage = Awaited<ReturnType<BrowserContext['storageState']>>;

async function newPage(browser: Browser, service: QalamService, docId: string, storage?: Storage): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...(storage ? { storageState: storage } : {}) });
  const page = await context.newPage();
  void service;
  await installHttpBridge(page);
  // tsx compiles the functions passed to page.evaluate with esbuild's __name helper.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript({ content: `window.localStorage.setItem('qalam.lastDocument', ${JSON.stringify(docId)});` });
  // The next frame rendered: a message posted in an animation frame runs once that frame is painted.
  await page.addInitScript({
    content: 'window.__rendered = () => new Promise((done) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => done(); c.port2.postMessage(0); }));',
  });
  // The first document's text painted (the frame of the first 'qalam:text-painted' mark: the
  // start's first screen, firstScreen.ts, else the editor's text) and its highlights drawn (the
  // frame of its 'qalam:open-ready' mark, WindowingPlugin), each after that frame's paint (a
  // message posted in the frame runs once it is rendered).
  await page.addInitScript({
    // window.__qalamPaintedOnce: a promise of the highlights drawn, awaited by the bench (no
    // polling and no selector engine injected into the page while it starts: those ran on its main thread).
    content: `(() => { let done; window.__qalamPaintedOnce = new Promise((r) => (done = r)); const after = (f) => { const c = new MessageChannel(); c.port1.onmessage = f; c.port2.postMessage(0); }; const mark = performance.mark.bind(performance); performance.mark = (name, options) => { const m = mark(name, options); if (name === 'qalam:text-painted' && window.__qalamTextPainted === undefined) { const first = Boolean(options && options.detail && options.detail.firstScreen); window.__qalamTextPainted = null; after(() => { window.__qalamTextPainted = performance.now(); window.__qalamFirstScreen = first; }); } if (name === 'qalam:open-ready' && window.__qalamPainted === undefined) { after(() => { if (window.__qalamPainted === undefined) { window.__qalamPainted = performance.now(); done(); } }); } return m; }; })();`,
  });
  return page;
}

/** The open document wholly loaded (its `qalam:open-loaded` mark: every text page and mention there). */
async function waitLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('qalam:open-loaded').length > 0, undefined, { timeout: 120_000, polling: 50 });
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return used / 1e6;
}

/** The second annotator of the 1 MB and 5 MB Hebrew documents (the review screen's case). */
const REVIEWER = 'bench-2';

interface OpenSample {
  /** Navigation start → the page's first bridge call goes out (s): the bundle loaded and run. */
  firstCall: number;
  /** Navigation start → the first documents.open goes out (s). */
  request: number;
  /** Navigation start → the first document's text painted (s): its first screen, else the editor's text. */
  painted: number;
  /** Whether that was the start's first screen (firstScreen.ts), painted before the editor. */
  firstScreen: boolean;
  /** Navigation start → the first document painted with its highlights (s). */
  highlights: number;
  /** The window's stored state after this open (its first screen's place remembered). */
  storage?: Storage;
  /** The calls made before that request, in order. */
  before: string[];
  total: number;
  renderer: number;
  /** Open start → the whole document loaded (s): every text page and mention there (not before it is painted). */
  loaded: number;
  heap: number;
  domParagraphs: number;
}

/**
 * One start of a fresh page on `doc` (`plain`: the plain React view). With `storage`, the window
 * starts as an earlier one on the same document left it (its first screen's place remembered);
 * with `keep`, the answer carries the state this one leaves.
 */
async function measureOpen(browser: Browser, service: QalamService, url: string, doc: BenchDoc, plain: boolean, record = false, storage?: Storage, keep = false): Promise<OpenSample> {
  const page = await newPage(browser, service, doc.id, storage);
  try {
    step(`  goto${plain ? ' (plain)' : ''}`);
    // --trace / --profile: the start of one open, from navigation to the document painted.
    if (record && TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8', 'toplevel'] });
    const cdp = record && PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    await page.goto(plain ? `${url}#bench-plain=${encodeURIComponent(doc.id)}` : url);
    await Promise.race([
      page.evaluate(() => (window as unknown as { __qalamPaintedOnce: Promise<void> }).__qalamPaintedOnce),
      new Promise((_, fail) => setTimeout(() => fail(new Error(`bench: ${doc.size.name} ${doc.lang} not painted in 120 s`)), 120_000).unref()),
    ]);
    step('  painted');
    await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 60_000 });
    await waitLoaded(page);
    if (record && TRACE) summariseStartTrace(await browser.stopTracing(), `${doc.size.name} ${doc.lang}`);
    if (cdp) summariseProfile((await cdp.send('Profiler.stop')).profile, `${doc.size.name} ${doc.lang}`, 'start');
    const marks = await page.evaluate(() => {
      const w = window as unknown as { __qalamCalls?: { method: string; t: number }[]; __qalamPainted?: number; __qalamTextPainted?: number | null; __qalamFirstScreen?: boolean };
      const calls = w.__qalamCalls ?? [];
      const first = calls.findIndex((c) => c.method === 'documents.open');
      const last = (name: string) => {
        const all = performance.getEntriesByName(name);
        return all[all.length - 1]?.startTime ?? NaN;
      };
      return {
        start: last('qalam:open-start'),
        data: last('qalam:open-data'),
        ready: last('qalam:open-ready'),
        loaded: last('qalam:open-loaded'),
        paragraphs: document.querySelectorAll('.doc-text [data-para]').length,
        request: first < 0 ? NaN : (calls[first]?.t ?? NaN),
        firstCall: calls[0]?.t ?? NaN,
        before: calls.slice(0, Math.max(0, first)).map((c) => c.method),
        painted: w.__qalamPainted ?? NaN,
        // The plain view marks no text apart: its text and highlights come in one frame.
        text: w.__qalamTextPainted ?? w.__qalamPainted ?? NaN,
        firstScreen: w.__qalamFirstScreen === true,
      };
    });
    const heap = await heapMB(page);
    // The place of the first screen is kept once the window is idle after the paint.
    if (keep && !plain) await page.waitForFunction(() => window.localStorage.getItem('qalam.firstScreen') !== null, undefined, { timeout: 10_000 });
    const kept = keep ? await page.context().storageState() : undefined;
    return { firstCall: marks.firstCall / 1000, request: marks.request / 1000, painted: marks.text / 1000, firstScreen: marks.firstScreen, highlights: marks.painted / 1000, before: marks.before, total: (marks.ready - marks.start) / 1000, renderer: (marks.ready - marks.data) / 1000, loaded: (Math.max(marks.ready, marks.loaded) - marks.start) / 1000, heap, domParagraphs: marks.paragraphs, ...(kept ? { storage: kept } : {}) };
  } finally {
    await page.context().close();
  }
}

/** A label run's figures: each label's total (ms), the medians / p95 of its phases, and the floor's cost. */
interface LabelRun {
  /** Hotkey → highlight rendered, each label after the first (ms). */
  ms: number[];
  /** Median and p95 of each phase (input, handlers, wait, draw, paint) and of the floor (ms). */
  phases: Record<string, { median: number; p95: number }>;
  /** CPU time of the renderer's main thread per floor frame (ThreadTime over the floor's frames / their count, ms): what load inflates least. */
  floorCpuMs: number;
  /** Suggestions shown (the panel's count) and ghost highlights in the DOM when the labels started. */
  suggestionsShown: number;
  ghosts: number;
}

/**
 * Hotkey → highlight painted, for `LABELS` untagged words near the top. 'suggest': once the
 * document's suggestions are shown (ghosts on screen); 'none': the window's suggestions.* calls
 * refused (as --no-suggest does), so the same labels are measured without ghosts.
 */
async function measureLabels(browser: Browser, service: QalamService, url: string, doc: BenchDoc, hotkey: string, variant: 'suggest' | 'none' = NO_SUGGEST ? 'none' : 'suggest'): Promise<LabelRun> {
  refuseSuggestions = NO_SUGGEST || variant === 'none';
  const page = await newPage(browser, service, doc.id);
  try {
    await page.goto(url);
    await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 120_000 });
    await waitLoaded(page);
    // the ghosts on screen before the first label (their arrival is not a label's)
    if (variant === 'suggest') await page.waitForFunction(() => Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0) > 0, undefined, { timeout: 120_000 });
    const suggestionsShown = await page.evaluate(() => Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0));
    const ghosts = await page.evaluate(() => document.querySelectorAll('.ov-hl.is-ghost').length);
    await page.evaluate(() => {
      // Phases of one label, in page time (ms): t0 the keydown's timeStamp, tIn its first
      // listener, tOut after the last (window, bubbling), tFrame the next animation frame's
      // start, tDraw the new highlight in the DOM, t1 after that frame was rendered.
      const w = window as unknown as { __lab: Lab };
      type Lab = { t0: number; tIn: number; tOut: number; tFrame: number; tDraw: number; t1: number; seen: Set<string> };
      w.__lab = { t0: 0, tIn: 0, tOut: 0, tFrame: 0, tDraw: 0, t1: 0, seen: new Set([...document.querySelectorAll<HTMLElement>('.ov-back .ov-hl:not(.is-ghost)')].map((e) => e.dataset['id'] ?? '')) };
      window.addEventListener(
        'keydown',
        (e) => {
          w.__lab.t0 = e.timeStamp;
          w.__lab.tIn = performance.now();
          requestAnimationFrame(() => (w.__lab.tFrame = performance.now()));
        },
        true,
      );
      window.addEventListener('keydown', () => (w.__lab.tOut = performance.now()));
      // After the frame that drew it: a message posted from the frame's work runs once that
      // frame's style, layout and paint are done (the usual "next paint" probe).
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (w.__lab.t1 === 0) w.__lab.t1 = performance.now();
      };
      const back = document.querySelector('.ov-back')!;
      new MutationObserver(() => {
        if (w.__lab.t0 === 0 || w.__lab.t1 !== 0 || w.__lab.tDraw !== 0) return;
        // a mention's highlight: a suggestion's ghost appearing (or sitting where the label goes) is not the label
        for (const el of back.querySelectorAll<HTMLElement>('.ov-hl:not(.is-ghost)')) {
          const id = el.dataset['id'] ?? '';
          if (w.__lab.seen.has(id)) continue;
          w.__lab.seen.add(id);
          w.__lab.tDraw = performance.now();
          channel.port2.postMessage(0);
          return;
        }
      }).observe(back, { childList: true, subtree: true });
    });
    const out: number[] = [];
    const labelPhases: Record<string, number[]> = {};
    const words = doc.free.slice(0, labelsFor(doc));
    if (TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'cc', 'disabled-by-default-devtools.timeline'] });
    const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    for (const [k, w] of words.entries()) {
      await page.evaluate(({ paragraph, start16, end16 }) => {
        const lab = (window as unknown as { __lab: { t0: number; tIn: number; tOut: number; tFrame: number; tDraw: number; t1: number; seen: Set<string> } }).__lab;
        lab.t0 = lab.tIn = lab.tOut = lab.tFrame = lab.tDraw = lab.t1 = 0;
        for (const el of document.querySelectorAll<HTMLElement>('.ov-back .ov-hl:not(.is-ghost)')) lab.seen.add(el.dataset['id'] ?? '');
        const root = document.querySelector<HTMLElement>('.doc-text')!;
        root.focus({ preventScroll: true });
        const node = document.querySelector(`.doc-text [data-para="${paragraph}"] [data-lexical-text]`)?.firstChild;
        if (!(node instanceof Text)) throw new Error(`paragraph ${paragraph} is not mounted`);
        const range = document.createRange();
        range.setStart(node, start16);
        range.setEnd(node, end16);
        const s = window.getSelection()!;
        s.removeAllRanges();
        s.addRange(range);
      }, w);
      // An isolated label, as a person tags: the previous label's calls answered and drawn.
      await page.waitForFunction(() => (window as unknown as { __qalamInFlight: number }).__qalamInFlight === 0, undefined, { timeout: 10_000 });
      await page.waitForTimeout(100);
      step(`  label ${k}`);
      await page.keyboard.press(hotkey);
      await page.waitForFunction(() => {
        const lab = (window as unknown as { __lab: { t0: number; t1: number } }).__lab;
        return lab.t1 !== 0;
      }, undefined, { timeout: 10_000 });
      const phases = await page.evaluate(() => {
        const lab = (window as unknown as { __lab: { t0: number; tIn: number; tOut: number; tFrame: number; tDraw: number; t1: number } }).__lab;
        return { total: lab.t1 - lab.t0, input: lab.tIn - lab.t0, handlers: lab.tOut - lab.tIn, wait: lab.tFrame - lab.tOut, draw: lab.tDraw - lab.tFrame, paint: lab.t1 - lab.tDraw };
      });
      const ms = phases.total;
      if (k > 0) for (const [name, v] of Object.entries(phases)) (labelPhases[name] ??= []).push(v);
      // Let the stored answer replace the provisional mention before the next label.
      await page.waitForFunction(() => !document.querySelector('.ov-back .ov-hl[data-id^="pending-"]'), undefined, { timeout: 10_000 });
      if (k > 0 || words.length === 1) out.push(ms);
    }
    // The floor: one small element added to the overlay in an animation frame → that frame
    // rendered. No label can be painted faster on this machine.
    const perf = await page.context().newCDPSession(page);
    await perf.send('Performance.enable');
    const threadTime = async () => (await perf.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
    const floorCpu0 = await threadTime();
    const floor = await page.evaluate(async (n) => {
      const back = document.querySelector('.ov-back')!;
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, 50));
        out.push(
          await new Promise<number>((done) => {
            requestAnimationFrame(() => {
              const t = performance.now();
              const el = document.createElement('div');
              el.className = 'ov-hl';
              // positioned, as the overlay's boxes were before they became grid items: the same element on every build
              el.style.cssText = `position:absolute;left:${i}px;top:${i}px;width:40px;height:20px`;
              back.append(el);
              const channel = new MessageChannel();
              channel.port1.onmessage = () => {
                el.remove();
                done(performance.now() - t);
              };
              channel.port2.postMessage(0);
            });
          }),
        );
      }
      return out;
    }, Math.min(30, LABELS));
    const floorCpuMs = ((await threadTime()) - floorCpu0) * 1000 / Math.max(1, floor.length);
    (labelPhases['floor'] ??= []).push(...floor);
    if (VERBOSE) for (const [name, v] of Object.entries(labelPhases)) step(`    ${name}: ${[...v].sort((a, b) => a - b).map((x) => x.toFixed(1)).join(' ')}`);
    step(`  label phases, ${variant === 'suggest' ? `with suggestions (${suggestionsShown}, ${ghosts} ghosts drawn)` : 'without suggestions'} (median / p95 ms): ${Object.entries(labelPhases).map(([name, v]) => `${name} ${median(v).toFixed(1)}/${p95(v).toFixed(1)}`).join(', ')}; floor main-thread CPU ${floorCpuMs.toFixed(1)} ms a frame`);
    if (TRACE) summariseTrace(await browser.stopTracing(), `${doc.size.name} ${doc.lang} ${variant}`);
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      summariseProfile(profile, `${doc.size.name} ${doc.lang} ${variant}`);
    }
    const phases = Object.fromEntries(Object.entries(labelPhases).map(([name, v]) => [name, { median: median(v), p95: p95(v) }]));
    return { ms: out, phases, floorCpuMs, suggestionsShown, ghosts };
  } finally {
    refuseSuggestions = NO_SUGGEST;
    await page.context().close();
  }
}

/**
 * The review screen on a long document: from the Review button to the columns of the two sets
 * (and gold) laid out with their highlights drawn (the next frame after the first highlight of
 * every set column is in the DOM); then the next disagreement (`n`) → it is the current one and
 * two frames are drawn.
 */
async function measureReview(browser: Browser, service: QalamService, url: string, doc: BenchDoc): Promise<{ openSeconds: number; nextMs: number; disagreements: number }> {
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

interface NavigateSample {
  /** A common word typed into the find bar (its folded text built then) → the current match drawn. */
  findColdMs: number;
  /** Another common word, the folded text kept. */
  findWarmMs: number;
  matches: string;
  /** End in the mention list (its keydown) → the last mention's highlight drawn in the view, and painted. */
  jumpMs: number;
}

/** Find a common word (cold, then another warm), then jump to the last mention from the mention list. */
async function measureNavigate(browser: Browser, service: QalamService, url: string, doc: BenchDoc): Promise<NavigateSample> {
  const page = await newPage(browser, service, doc.id);
  try {
    await page.goto(url);
    await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 120_000 });
    await waitLoaded(page);
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
    await page.context().close();
  }
}

/** The memory of this process, which holds the service as Electron's main process does (after a GC). */
function mainMemoryMB(): { rss: number; heapUsed: number; external: number; maxRss: number } {
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss / 1e6, heapUsed: m.heapUsed / 1e6, external: m.external / 1e6, maxRss: process.resourceUsage().maxRSS / 1e3 };
}

let gcFunction: (() => void) | null = null;
function collectGarbage(): void {
  if (!gcFunction) {
    setFlagsFromString('--expose-gc');
    gcFunction = runInNewContext('gc') as () => void;
  }
  gcFunction();
}

/** Every bridge call the window made, in order (the scroll counts those made while it scrolled). */
const rpcCalls: string[] = [];

type ScrollMode = 'read' | 'through';
/** The document with its suggestions shown, without them (the window's suggestions.* calls refused), or plain React spans. */
type ScrollVariant = 'suggest' | 'none' | 'plain';
/** The window's suggestions.* calls are refused (--no-suggest, or a scroll measured without them). */
let refuseSuggestions = NO_SUGGEST;
interface ScrollSample {
  dropped: number;
  frames: number;
  maxFrameMs: number;
  /** Paragraphs in the DOM at the end (windowing keeps it bounded). */
  domParagraphs: number;
  /** Plain (static, windowing.ts fast scroll) paragraphs shown in the last frame. */
  plainParagraphs: number;
  /** The renderer's main thread busy during the scroll (Chromium's TaskDuration, wall time), ms; of it script, layout and style. */
  mainThreadMs: number;
  /** CPU time of the renderer's main thread (ThreadTime) and of its whole process (ProcessTime) during the scroll, ms: what load inflates least. */
  mainThreadCpuMs: number;
  rendererCpuMs: number;
  /** Layouts and style recalculations during the scroll. */
  layouts: number;
  styles: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  /** CPU time of this process (the service and its workers, as Electron's main process) during the scroll, ms. */
  serviceCpuMs: number;
  /** Bridge calls the window made during the scroll, by method. */
  calls: Record<string, number>;
  /** Suggestions shown when the scroll started (the panel's count) and ghosts the overlay had built at the end. */
  suggestionsShown: number;
  ghostsBuilt: number;
}

/**
 * Frames dropped while scrolling, counted from animation-frame intervals (a gap of k frame
 * periods drops k - 1). 'read': 40 px a frame for 240 frames (reading); 'through': from the top
 * to the bottom of the whole document in 300 frames (dragging the scroll bar: every frame shows
 * paragraphs never mounted before).
 */
async function measureScroll(browser: Browser, service: QalamService, url: string, doc: BenchDoc, variant: ScrollVariant, mode: ScrollMode): Promise<ScrollSample> {
  const plain = variant === 'plain';
  refuseSuggestions = NO_SUGGEST || variant !== 'suggest';
  const page = await newPage(browser, service, doc.id);
  try {
    await page.goto(plain ? `${url}#bench-plain=${encodeURIComponent(doc.id)}` : url);
    await page.waitForSelector('.doc-scroll[data-ready="true"]', { timeout: 120_000 });
    await waitLoaded(page);
    // the suggestions shown before the scroll starts (their arrival is not the scroll's)
    if (variant === 'suggest') await page.waitForFunction(() => Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0) > 0, undefined, { timeout: 120_000 });
    if (TRACE && !plain) await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'cc', 'disabled-by-default-devtools.timeline'] });
    const cdp = PROFILE && !plain ? await page.context().newCDPSession(page) : null;
    const perf = await page.context().newCDPSession(page);
    await perf.send('Performance.enable');
    const metrics = async () => new Map((await perf.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value] as const));
    const suggestionsShown = await page.evaluate(() => Number(document.querySelector('[data-testid="suggest-count"]')?.textContent ?? 0));
    const m0 = await metrics();
    const cpu0 = process.cpuUsage();
    const calls0 = rpcCalls.length;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const sample = (await page.evaluate(
      (mode) =>
        new Promise<Pick<ScrollSample, 'dropped' | 'frames' | 'maxFrameMs' | 'domParagraphs' | 'plainParagraphs'>>((done) => {
          const scroller = document.querySelector<HTMLElement>('.doc-scroll')!;
          const FRAME = 1000 / 60;
          const frames = mode === 'read' ? 240 : 300;
          let last = 0;
          let n = 0;
          let dropped = 0;
          let max = 0;
          const step = (t: number) => {
            if (last !== 0) {
              const dt = t - last;
              max = Math.max(max, dt);
              dropped += Math.max(0, Math.round(dt / FRAME) - 1);
            }
            last = t;
            if (mode === 'read') scroller.scrollTop += 40;
            // The height may change as estimates become measurements: aim at the current one.
            else scroller.scrollTop = ((n + 1) / frames) * (scroller.scrollHeight - scroller.clientHeight);
            if (++n < frames) requestAnimationFrame(step);
            else done({ dropped, frames: n, maxFrameMs: Math.round(max * 10) / 10, domParagraphs: document.querySelectorAll('.doc-text [data-para]').length, plainParagraphs: document.querySelectorAll('.doc-plain [data-plain]').length });
          };
          requestAnimationFrame(step);
        }),
      mode,
    )) as ScrollSample;
    const cpu = process.cpuUsage(cpu0);
    const m1 = await metrics();
    const calls: Record<string, number> = {};
    for (const c of rpcCalls.slice(calls0)) calls[c] = (calls[c] ?? 0) + 1;
    const delta = (name: string) => ((m1.get(name) ?? NaN) - (m0.get(name) ?? NaN)) * 1000;
    const ghostsBuilt = await page.evaluate(() => document.querySelectorAll('.ov-hl.is-ghost').length);
    Object.assign(sample, {
      mainThreadMs: delta('TaskDuration'),
      mainThreadCpuMs: delta('ThreadTime'),
      rendererCpuMs: delta('ProcessTime'),
      layouts: delta('LayoutCount') / 1000,
      styles: delta('RecalcStyleCount') / 1000,
      scriptMs: delta('ScriptDuration'),
      layoutMs: delta('LayoutDuration'),
      styleMs: delta('RecalcStyleDuration'),
      serviceCpuMs: (cpu.user + cpu.system) / 1000,
      calls,
      suggestionsShown,
      ghostsBuilt,
    });
    step(`    scroll ${mode} ${variant}: ${JSON.stringify(sample)}`);
    await perf.detach();
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      summariseProfile(profile, `scroll ${mode} ${variant} ${doc.size.name} ${doc.lang}`, 'scroll');
    }
    if (TRACE && !plain) summariseTrace(await browser.stopTracing(), `scroll ${mode} ${variant} ${doc.size.name} ${doc.lang}`, 'scroll');
    return sample;
  } finally {
    await page.context().close();
    refuseSuggestions = NO_SUGGEST;
  }
}

// ---- main -----------------------------------------------------------------------------------------

/** --agreement-only: the agreement cases alone, their figures put into .bench/results.json. */
async function agreementOnly(): Promise<void> {
  const t0 = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'qalam-bench-'));
  try {
    const agreement = await runAgreementBench(root, { runs: AGREEMENT_RUNS, log: (s) => log(s) });
    const file = join(REPO, '.bench', 'results.json');
    const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    mkdirSync(join(REPO, '.bench'), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...before, targets: TARGETS, agreement, agreementDate: new Date().toISOString() }, null, 2)}\n`);
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
  const file = join(REPO, '.bench', 'results.json');
  const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...before, targets: TARGETS, occurrences, occurrencesDate: new Date().toISOString() }, null, 2)}\n`);
  log('');
  printOccurrences(occurrences);
  log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json`);
}

async function suggestOnlyRun(): Promise<void> {
  const t0 = Date.now();
  const suggest = runSuggestBench({ quick: QUICK, log: (s) => log(`  ${s}`) });
  const file = join(REPO, '.bench', 'results.json');
  const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...before, targets: TARGETS, suggest, suggestDate: new Date().toISOString() }, null, 2)}\n`);
  log('');
  for (const line of suggestTargetLines(suggest)) log(line);
  log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json`);
}

/** The suggestions' occurrences beside issue 13's targets (CPU time: the machine may be shared). */
function printOccurrences(o: OccurrencesBenchResult | null): void {
  if (o === null) return;
  const t = OCCURRENCE_TARGETS;
  const met = (ms: number, s: number) => (ms <= s * 1000 ? 'met' : 'NOT met');
  const a = o.afterLabel;
  log(
    `occurrences after a label, 1 MB he (${a.items} suggestions): ${fmt(a.totalMedianCpuMs / 1000)} s CPU, median of ${a.workerCpuMs.length} (occurrences' thread ${fmt(a.workerMedianCpuMs / 1000)} s + the list on the service's thread ${fmt(a.listMedianCpuMs / 1000)} s) (target ≤ ${t.afterLabelSeconds} s: ${met(a.totalMedianCpuMs, t.afterLabelSeconds)}); first ${fmt(a.firstCpuMs / 1000)} s CPU`,
  );
  const c = o.corpus;
  const worstList = Math.max(c.listFirstCpuMs, c.listAfterLabelCpuMs);
  const worstPreview = Math.max(c.previewFirstCpuMs, c.previewAfterLabelCpuMs);
  log(
    `occurrences across ${c.documents} documents (${fmt(c.megabytes, 1)} MB, ${c.annotatedDocuments} annotated), CPU: a document's occurrences first ${fmt(c.listFirstCpuMs / 1000)} s, after a label ${fmt(c.listAfterLabelCpuMs / 1000)} s (target ≤ ${t.corpus10kSeconds} s: ${met(worstList, t.corpus10kSeconds)}); the corpus-wide preview (o, Tab) first ${fmt(c.previewFirstCpuMs / 1000)} s, after a label ${fmt(c.previewAfterLabelCpuMs / 1000)} s, ${c.previewCount} occurrences (target ≤ ${t.corpus10kSeconds} s: ${met(worstPreview, t.corpus10kSeconds)})`,
  );
}

/** --corpus-only: the 100,000-document cases alone, their figures put into .bench/results.json. */
function corpusOnly(): void {
  const t0 = Date.now();
  const corpus = runCorpusBench({ ...CORPUS_SIZE, log: (s) => log(`  ${s}`) });
  const file = join(REPO, '.bench', 'results.json');
  const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...before, targets: TARGETS, corpus, corpusDate: new Date().toISOString(), corpusQuick: QUICK }, null, 2)}\n`);
  log('');
  printCorpus(corpus);
  log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json`);
}

function printCorpus(c: CorpusBenchResult): void {
  const t = CORPUS_TARGETS;
  const met = (x: number, target: number) => (x <= target ? 'met' : 'NOT met');
  const worstFilter = Math.max(...Object.values(c.filterMs));
  log(`corpus of ${c.documents} documents (${fmt(c.megabytes, 0)} MB)${c.documents < 100_000 ? ' (--quick: a tenth of the target size)' : ''}:`);
  log(`  import ${fmt(c.importSeconds, 1)} s, CPU ${fmt(c.importCpuSeconds, 1)} s (target ≤ ${t.importSeconds} s: wall ${met(c.importSeconds, t.importSeconds)}, CPU ${met(c.importCpuSeconds, t.importSeconds)}; RSS after ${fmt(c.importRssMB, 0)} MB)`);
  log(
    `  document list, first page (100 rows) of a fresh session ${fmt(c.firstPageMs.firstCallMs, 1)} ms, then ${fmt(c.firstPageMs.medianMs, 1)} ms; annotated ${fmt(c.firstPageMs.annotatedFirstCallMs, 1)} ms, then ${fmt(c.firstPageMs.annotatedMedianMs, 1)} ms (target ≤ ${t.firstPageSeconds * 1000} ms: ${met(Math.max(c.firstPageMs.firstCallMs, c.firstPageMs.annotatedFirstCallMs) / 1000, t.firstPageSeconds)})`,
  );
  log(`  filters and sorts (median of 5): ${Object.entries(c.filterMs).map(([k, v]) => `${k} ${fmt(v, 1)} ms`).join(', ')} (target ≤ ${t.filterSeconds * 1000} ms: ${met(worstFilter / 1000, t.filterSeconds)})`);
  log(`  sort by progress: first ${fmt(c.progressSort.firstSeconds, 1)} s (every document's figure computed once), then ${fmt(c.progressSort.thenMs, 1)} ms`);
  const m = c.exportMemoryMB;
  log(
    `  export ${c.mentions} mentions (${fmt(c.exportMegabytes, 0)} MB) ${fmt(c.exportSeconds, 1)} s, CPU ${fmt(c.exportCpuSeconds, 1)} s (target ≤ ${t.exportSeconds} s: wall ${met(c.exportSeconds, t.exportSeconds)}, CPU ${met(c.exportCpuSeconds, t.exportSeconds)}); RSS ${fmt(m.rssStart, 0)} → peak ${fmt(m.rssPeak, 0)} → ${fmt(m.rssEnd, 0)} MB (growth ${fmt(m.rssPeak - m.rssStart, 0)} MB), heap ${fmt(m.heapStart, 0)} → peak ${fmt(m.heapPeak, 0)} → ${fmt(m.heapEnd, 0)} MB, after a GC ${fmt(m.heapLive, 0)} MB${Number.isFinite(m.heapLive) ? '' : ' (run with node --expose-gc)'}, external peak ${fmt(m.externalPeak, 0)} MB (setup of the mentions ${c.setupSeconds === null ? 'copied from .bench/cache' : `${fmt(c.setupSeconds, 0)} s, not counted`})`,
  );
}

function printAgreement(cases: AgreementCaseResult[]): void {
  for (const c of cases) {
    const first = median(c.firstMs) / 1000;
    const cpu = median(c.firstCpuMs) / 1000;
    const met = (x: number) => (x <= TARGETS.agreementFirst ? 'met' : 'NOT met');
    log(
      `agreement, ${c.case} (${fmt(c.megabytes, 1)} MB, ${c.mentions[0]} / ${c.mentions[1]} mentions): worker started at open ${fmt(median(c.workerStartMs) / 1000)} s (CPU ${fmt(median(c.workerStartCpuMs) / 1000)} s), review screen → token items prepared ${fmt(median(c.prepareMs) / 1000)} s (CPU ${fmt(median(c.prepareCpuMs) / 1000)} s), then first ${fmt(first)} s, CPU ${fmt(cpu)} s (target ≤ ${TARGETS.agreementFirst} s: wall ${met(first)}, CPU ${met(cpu)}), window's thread held ${fmt(median(c.blockedMs), 1)} ms, again ${fmt(median(c.againMs), 1)} ms, after an edit ${fmt(median(c.afterEditMs) / 1000)} s (CPU ${fmt(median(c.afterEditCpuMs) / 1000)} s; target ≤ ${TARGETS.agreementFirst} s: ${met(median(c.afterEditCpuMs) / 1000)})`,
    );
  }
}

async function main(): Promise<void> {
  if (AGREEMENT_ONLY) return agreementOnly();
  if (CORPUS_ONLY) return corpusOnly();
  if (OCCURRENCES_ONLY) return occurrencesOnlyRun();
  if (SUGGEST_ONLY) return suggestOnlyRun();
  const t0 = Date.now();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  ensureRenderer();
  const root = mkdtempSync(join(tmpdir(), 'qalam-bench-'));
  let rpcService: QalamService | null = null;
  const server = await serveRenderer(RENDERER_DIR, (method, args) => {
    const t = Date.now();
    rpcCalls.push(method);
    // --no-suggest: the window's suggestions are refused too (an error value it reports): one
    // suggestions.list on a 1 MB document takes seconds and holds this process, which also drives
    // the browser, so the other figures would wait on it.
    if (refuseSuggestions && method.startsWith('suggestions.')) return { ok: false, error: { code: 'invalid-argument', message: 'suggestions are left out of this measure (--no-suggest, or a scroll measured without them)' } };
    try {
      return rpcService!.dispatch(method, args);
    } finally {
      step(`    rpc ${method} ${Date.now() - t} ms`);
    }
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  try {
    log('generating documents and mentions…');
    phase('start: browser and server');
    const { service, docs } = setupProject(root);
    phase('setup: documents');
    rpcService = service;
    const hotkeys = service.call('session.get', {}).schema.entityTypes.map((t) => t.hotkey).filter((h): h is string => !!h);
    const hotkey = hotkeys[0] ?? '1';
    const rows: Record<string, unknown>[] = [];
    for (const doc of docs) {
      const label = `${doc.size.name} ${doc.lang}`;
      if (ONLY && !`${doc.size.bytes}-${doc.lang}`.includes(ONLY)) continue;
      if (SCROLL_ONLY && !(doc.size.bytes === 1_000_000 && doc.lang === 'he')) continue;
      step(`${label}: open`);
      const open: OpenSample[] = [];
      const plain: OpenSample[] = [];
      // One warm-up open (caches, JIT) not counted: its window's stored state (the document and
      // where its first screen goes) is what the measured starts begin with, as a window started
      // again on the document it showed last (each still a fresh page, nothing in its caches).
      const warm = await measureOpen(browser, service, server.url, doc, false, false, undefined, true);
      for (let r = 0; r < (SCROLL_ONLY || LABELS_ONLY ? 0 : OPEN_RUNS); r++) {
        open.push(await measureOpen(browser, service, server.url, doc, false, r === 0, warm.storage));
        // Not at 20 MB: every paragraph of it mounted as plain React spans takes minutes (it timed
        // out at 120 s under load) and says nothing about the targets there.
        if (r < plainRuns(doc)) plain.push(await measureOpen(browser, service, server.url, doc, true));
      }
      const mainMemory = mainMemoryMB();
      phase(`${label}: open`);
      step(`${label}: labels`);
      const labelRun = START_ONLY || SCROLL_ONLY ? null : await measureLabels(browser, service, server.url, doc, hotkey);
      const labels = labelRun?.ms ?? [];
      // Suggestions' cost on a label (issues 12, 13): the same labels without them, one after the other.
      const labelsWithout = labelRun && !NO_SUGGEST && doc.size.bytes === 1_000_000 && doc.lang === 'he' ? await measureLabels(browser, service, server.url, doc, hotkey, 'none') : null;
      phase(`${label}: labels`);
      step(`${label}: find and jump`);
      const navigate: NavigateSample[] = [];
      for (let r = 0; r < (START_ONLY || SCROLL_ONLY || LABELS_ONLY ? 0 : NAV_RUNS); r++) navigate.push(await measureNavigate(browser, service, server.url, doc));
      step(`  ${JSON.stringify(navigate)}`);
      phase(`${label}: find and jump`);
      const row: Record<string, unknown> = {
        case: label,
        paragraphs: doc.view.paragraphs.length,
        startFirstCallSeconds: median(open.map((o) => o.firstCall)),
        startRequestSeconds: median(open.map((o) => o.request)),
        startPaintedSeconds: median(open.map((o) => o.painted)),
        startFirstScreens: open.filter((o) => o.firstScreen).length,
        startHighlightsSeconds: median(open.map((o) => o.highlights)),
        startFirstStartPaintedSeconds: warm.painted,
        startCallsBeforeRequest: open[0]?.before ?? [],
        plainStartPaintedSeconds: median(plain.map((o) => o.painted)),
        openSeconds: median(open.map((o) => o.total)),
        openRendererSeconds: median(open.map((o) => o.renderer)),
        openLoadedSeconds: median(open.map((o) => o.loaded)),
        plainOpenSeconds: median(plain.map((o) => o.total)),
        plainOpenRendererSeconds: median(plain.map((o) => o.renderer)),
        heapMB: median(open.map((o) => o.heap)),
        plainHeapMB: median(plain.map((o) => o.heap)),
        domParagraphs: median(open.map((o) => o.domParagraphs)),
        labelMedianMs: median(labels),
        labelP95Ms: p95(labels),
        labels: labels.length,
        labelPhases: labelRun?.phases,
        labelFloorCpuMs: labelRun?.floorCpuMs,
        labelSuggestionsShown: labelRun?.suggestionsShown,
        labelGhosts: labelRun?.ghosts,
        labelsWithoutSuggestions: labelsWithout ? { medianMs: median(labelsWithout.ms), p95Ms: p95(labelsWithout.ms), phases: labelsWithout.phases, floorCpuMs: labelsWithout.floorCpuMs } : null,
        openRuns: open.map((o) => o.total),
        findColdMs: median(navigate.map((n) => n.findColdMs)),
        findWarmMs: median(navigate.map((n) => n.findWarmMs)),
        findMatches: navigate[0]?.matches,
        jumpLastMs: median(navigate.map((n) => n.jumpMs)),
        mainMemoryMB: mainMemory,
        bridge: bridgeSizes(service, doc.id),
        startRuns: open.map((o) => ({ firstCall: o.firstCall, request: o.request, painted: o.painted, firstScreen: o.firstScreen, highlights: o.highlights })),
      };
      if (!START_ONLY && !LABELS_ONLY && doc.size.bytes === 1_000_000 && doc.lang === 'he') {
        // With suggestions (shown before the scroll starts), without them (the window's
        // suggestions.* calls refused, as --no-suggest does), and plain React spans: one run of each in turn.
        const variants: ScrollVariant[] = NO_SUGGEST ? ['none', 'plain'] : ['suggest', 'none', 'plain'];
        for (const mode of ['read', 'through'] as const) {
          const samples: Record<ScrollVariant, ScrollSample[]> = { suggest: [], none: [], plain: [] };
          for (let r = 0; r < SCROLL_RUNS; r++) {
            for (const variant of variants) {
              step(`${label}: scroll ${mode} ${variant} ${r}`);
              samples[variant].push(await measureScroll(browser, service, server.url, doc, variant, mode));
            }
          }
          const main = NO_SUGGEST ? samples.none : samples.suggest;
          const figures = (xs: ScrollSample[]) =>
            xs.length === 0
              ? null
              : {
                  dropped: median(xs.map((s) => s.dropped)),
                  runs: xs.map((s) => s.dropped),
                  maxFrameMs: median(xs.map((s) => s.maxFrameMs)),
                  mainThreadCpuMs: median(xs.map((s) => s.mainThreadCpuMs)),
                  rendererCpuMs: median(xs.map((s) => s.rendererCpuMs)),
                  serviceCpuMs: median(xs.map((s) => s.serviceCpuMs)),
                };
          row[`scroll_${mode}`] = {
            ...figures(main),
            frames: main[0]?.frames,
            domParagraphs: median(main.map((s) => s.domParagraphs)),
            plainParagraphs: median(main.map((s) => s.plainParagraphs)),
            suggestions: NO_SUGGEST ? 0 : median(main.map((s) => s.suggestionsShown)),
            ghostsBuilt: median(main.map((s) => s.ghostsBuilt)),
            noSuggest: NO_SUGGEST ? null : figures(samples.none),
            plainRuns: samples.plain.map((s) => s.dropped),
            plainDropped: median(samples.plain.map((s) => s.dropped)),
            plainMaxFrameMs: median(samples.plain.map((s) => s.maxFrameMs)),
            samples,
          };
        }
      }
      // (The documents with a second annotator's set: setupProject.)
      if (!START_ONLY && !SCROLL_ONLY && !LABELS_ONLY && doc.lang === 'he' && doc.size.bytes >= 1_000_000 && doc.size.bytes <= 5_000_000) {
        step(`${label}: review`);
        const review = await measureReview(browser, service, server.url, doc);
        phase(`${label}: review`);
        row['review'] = review;
        step(`  review: ${JSON.stringify(review)}`);
      }
      phase(`${label}: scroll`);
      rows.push(row);
      if (SCROLL_ONLY || LABELS_ONLY) continue;
      log(startLine(row));
      log(
        `${label.padEnd(16)} open ${fmt(row['openSeconds'])} s (renderer ${fmt(row['openRendererSeconds'])}; plain ${fmt(row['plainOpenSeconds'])})  label ${fmt(row['labelMedianMs'], 1)}/${fmt(row['labelP95Ms'], 1)} ms  heap ${fmt(row['heapMB'], 0)} MB  find ${fmt(row['findColdMs'], 0)} ms (again ${fmt(row['findWarmMs'], 0)})  jump to the last mention ${fmt(row['jumpLastMs'], 0)} ms  main process RSS ${fmt(mainMemory.rss, 0)} MB, heap ${fmt(mainMemory.heapUsed, 0)} MB`,
      );
    }
    if (SCROLL_ONLY) {
      service.close();
      const file = join(REPO, '.bench', 'results.json');
      const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      mkdirSync(join(REPO, '.bench'), { recursive: true });
      const scroll = { date: new Date().toISOString(), quick: QUICK, noSuggest: NO_SUGGEST, machine: { cpus: cpus().length, node: process.version, chromium: browser.version() }, documents: rows };
      writeFileSync(file, `${JSON.stringify({ ...before, targets: TARGETS, scroll }, null, 2)}\n`);
      for (const d of rows) printScroll(d);
      log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json ("scroll")`);
      return;
    }
    if (LABELS_ONLY) {
      service.close();
      const file = join(REPO, '.bench', 'results.json');
      const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      mkdirSync(join(REPO, '.bench'), { recursive: true });
      const labels = { date: new Date().toISOString(), quick: QUICK, noSuggest: NO_SUGGEST, machine: { cpus: cpus().length, node: process.version, chromium: browser.version() }, documents: rows };
      writeFileSync(file, `${JSON.stringify({ ...before, targets: TARGETS, labels }, null, 2)}\n`);
      for (const d of rows) printLabelCost(d);
      log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json ("labels")`);
      return;
    }
    if (START_ONLY) {
      service.close();
      const file = join(REPO, '.bench', 'results.json');
      const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      mkdirSync(join(REPO, '.bench'), { recursive: true });
      const start = { date: new Date().toISOString(), quick: QUICK, machine: { cpus: cpus().length, node: process.version, chromium: browser.version() }, documents: rows };
      writeFileSync(file, `${JSON.stringify({ ...before, targets: TARGETS, start }, null, 2)}\n`);
      log(`total ${fmt((Date.now() - t0) / 1000, 0)} s; results in .bench/results.json ("start")`);
      return;
    }
    // documents.get / mentions.list / documents.list for the biggest document, in the service.
    const big = docs.find((d) => d.size.bytes === 5_000_000);
    const serviceTimes = big
      ? {
          documentsGetMs: timeMs(() => service.call('documents.get', { id: big.id })),
          mentionsListMs: timeMs(() => service.call('mentions.list', { docId: big.id })),
          documentsListMs: timeMs(() => service.call('documents.list', {})),
        }
      : null;
    service.close();
    if (DOCUMENTS_ONLY) {
      const results = { date: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version, chromium: browser.version() }, quick: QUICK, targets: TARGETS, documents: rows, seconds: (Date.now() - t0) / 1000 };
      mkdirSync(join(REPO, '.bench'), { recursive: true });
      writeFileSync(join(REPO, '.bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      printDocuments(results);
      log(`total ${fmt(results.seconds, 0)} s; results in .bench/results.json`);
      return;
    }

    log('store: import 10,000 documents, export 1,000,000 mentions…');
    const store: StoreBenchResult = runStoreBench(QUICK ? { documents: 2_000, runs: 1, log: (s) => log(`  ${s}`) } : { runs: 3, log: (s) => log(`  ${s}`) });
    phase('store: import and export');
    const docsListMs = benchDocumentsList(root);
    phase('documents.list');
    log(`corpus: ${CORPUS_SIZE.documents} documents, list, filters, export…`);
    const corpus = runCorpusBench({ ...CORPUS_SIZE, log: (s) => log(`  ${s}`) });
    // the suggestions on the shared corpora (test/bench/suggest.ts): tagger F1, training, 1 MB, simulated annotator
    phase('corpus');
    const suggest = NO_SUGGEST ? null : runSuggestBench({ quick: QUICK, log: (s) => log(`  ${s}`) });
    phase('suggestions');
    // the occurrences after a label (1 MB) and across 10,000 documents (test/bench/suggest-list.ts)
    const occurrences = NO_SUGGEST ? null : await runOccurrencesBench({ log: (s) => log(`  ${s}`) });
    phase('occurrences');
    const agreement = await runAgreementBench(root, { runs: AGREEMENT_RUNS, log: (s) => log(`  ${s}`) });
    phase('agreement');

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, chromium: browser.version() },
      quick: QUICK,
      targets: TARGETS,
      documents: rows,
      service: { ...(serviceTimes ?? {}), documentsList10kMs: docsListMs },
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
    mkdirSync(join(REPO, '.bench'), { recursive: true });
    writeFileSync(join(REPO, '.bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    printTable(results);
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * What opening a document sends across the bridge (JSON, as the benchmark's bridge sends it), in
 * MB, asked as the window asks: before the first paint (documents.open with text page 0,
 * annotations.list without mentions, the mentions starting in text page 0), then the rest (the
 * other text pages, the other pages' mentions in groups of about 50,000).
 */
function bridgeSizes(service: QalamService, docId: string): { firstPaintMB: number; textMB: number; mentionsMB: number; totalMB: number } {
  const size = (method: string, args: unknown) => Buffer.byteLength(JSON.stringify(service.dispatch(method, args))) / 1e6;
  const opening = service.call('documents.open', { id: docId });
  const pages = opening.layout.pageStarts.length - 1;
  const first = service.call('mentions.page', { docId, textPage: 0 });
  const firstPaintMB = size('documents.open', { id: docId }) + size('annotations.list', { docId, mentions: false }) + size('mentions.page', { docId, textPage: 0 });
  let textMB = 0;
  for (let k = 1; k < pages; k++) textMB += size('documents.textPage', { id: docId, page: k });
  // As DocumentSession.restMentions groups them.
  const group = Math.max(1, Math.floor(50_000 / Math.max(1, first.total / pages)));
  let mentionsMB = 0;
  for (let k = 1; k < pages; k += group) mentionsMB += size('mentions.page', { docId, textPage: k, textPages: Math.min(group, pages - k) });
  return { firstPaintMB, textMB, mentionsMB, totalMB: firstPaintMB + textMB + mentionsMB };
}

function timeMs(f: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    f();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/**
 * documents.list over 10,000 annotated documents: the first call ever (computes every progress
 * figure), later calls, and the first call of the next session (reads the stored figures).
 */
function benchDocumentsList(root: string): { firstMs: number; laterMs: number; nextSessionFirstMs: number } {
  const documents = QUICK ? 2_000 : 10_000;
  const dir = cachedFolder(cacheKey('list', buildListProject, { documents }), (d) => buildListProject(join(d, 'list.qalam'), documents));
  const file = join(root, 'list.qalam');
  cachedCopy(join(dir, 'list.qalam'), file);
  let service = openService(file);
  try {
    const first = timeMs(() => service.call('documents.list', {}))[0] as number;
    const later = median(timeMs(() => service.call('documents.list', {})));
    service.close();
    service = openService(file);
    const nextSessionFirst = timeMs(() => service.call('documents.list', {}))[0] as number;
    return { firstMs: first, laterMs: later, nextSessionFirstMs: nextSessionFirst };
  } finally {
    service.close();
  }
}

/** The project of benchDocumentsList: `documents` Hebrew documents of 5 KB with 20 mentions each, nothing computed yet. */
function buildListProject(file: string, documents: number): void {
  const service = initProject(file);
  try {
    service.call('session.setAnnotator', { name: 'bench' });
    const store = service.store;
    const now = new Date(0).toISOString();
    const base = generateText(5_000, 'he', 7);
    store.transaction(() => {
      const docs = [];
      for (let i = 0; i < documents; i++) {
        const text = `${base}${i}\n`;
        const id = `l${String(i).padStart(15, '0')}`;
        docs.push({ id, name: `doc-${i}`, sourcePath: null, sha256: `${id}${'0'.repeat(48)}`, text, lang: 'he' as const, dir: 'rtl' as const, length: [...text].length, importedAt: now });
      }
      store.insertDocuments(docs);
      const spans = generateMentions(base, 20, 3);
      for (const d of docs) for (const m of spans) store.insertMention({ ...m, docId: d.id, annotator: 'bench', origin: 'import', createdAt: now, updatedAt: now });
    });
  } finally {
    service.close();
  }
}

/** Main-thread time by trace event name (top 25; nested events count in each level). */
function summariseTrace(buffer: Buffer, label: string, what: 'labels' | 'scroll' = 'labels'): void {
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  const file = join(REPO, '.bench', `${what === 'labels' ? 'labels-' : ''}${label.replace(/[^a-z0-9]+/gi, '-')}.trace.json`);
  writeFileSync(file, buffer);
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: { name: string; ph: string; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string } }[] };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const total = new Map<string, { ms: number; cpu: number; n: number }>();
  for (const e of traceEvents) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined) continue;
    const t = total.get(e.name) ?? { ms: 0, cpu: 0, n: 0 };
    t.ms += e.dur / 1000;
    t.cpu += (e.tdur ?? e.dur) / 1000;
    t.n++;
    total.set(e.name, t);
  }
  log(`trace of the ${what === 'labels' ? 'label runs' : 'scroll run'}, ${label} (main thread ms wall, thread time, count; ${file}):`);
  for (const [name, t] of [...total].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 25)) log(`  ${t.ms.toFixed(1).padStart(8)} ${t.cpu.toFixed(1).padStart(8)} ${String(t.n).padStart(6)}  ${name}`);
}

/**
 * The start's timeline on the page's main thread, from navigation start to the document painted
 * (the `qalam:open-ready` mark): each task over 2 ms with its wall and thread (CPU) time and what
 * it ran (script URL, function, layout, paint), then the thread time by kind. Under load compare
 * thread times: wall time includes waiting for the 2 cores.
 */
function summariseStartTrace(buffer: Buffer, label: string): void {
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  const file = join(REPO, '.bench', `start-${label.replace(/[^a-z0-9]+/gi, '-')}.trace.json`);
  writeFileSync(file, buffer);
  type Ev = { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string; data?: { url?: string; functionName?: string; fileName?: string } } };
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: Ev[] };
  const ready = traceEvents.find((e) => e.name === 'qalam:open-ready');
  if (!ready) {
    log(`start trace ${label}: no qalam:open-ready mark (${file})`);
    return;
  }
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === ready.pid);
  const nav = traceEvents.filter((e) => e.name === 'navigationStart' && e.pid === ready.pid && e.ts <= ready.ts).at(-1);
  if (!main || !nav) {
    log(`start trace ${label}: no main thread or navigation start (${file})`);
    return;
  }
  const kinds = new Set(['EvaluateScript', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'ParseAuthorStyleSheet', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.compile', 'RunMicrotasks', 'HitTest', 'ScheduleStyleRecalculation', 'Commit', 'XHRReadyStateChange', 'ResourceReceivedData']);
  const end = ready.ts + 50_000;
  const evs = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= nav.ts && e.ts <= end).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // The outermost tasks (a RunTask may hold another).
  const tasks: Ev[] = [];
  for (const e of evs) {
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
    const prev = tasks.at(-1);
    if (prev && e.ts < prev.ts + (prev.dur ?? 0)) continue;
    tasks.push(e);
  }
  // The text's first paint (the first screen's, else the editor's): the thread time before it too.
  const text = traceEvents.find((e) => e.name === 'qalam:text-painted' && e.pid === ready.pid && e.ts >= nav.ts);
  let wall = 0;
  let cpu = 0;
  let textCpu = 0;
  const byKind = new Map<string, number>();
  log(`start trace, ${label} (main thread; ms from navigation start: wall / thread time; ${file}):`);
  for (const task of tasks) {
    const tEnd = task.ts + (task.dur ?? 0);
    if (task.ts > ready.ts) break;
    wall += (task.dur ?? 0) / 1000;
    cpu += (task.tdur ?? task.dur ?? 0) / 1000;
    if (text && task.ts <= text.ts) textCpu += (task.tdur ?? task.dur ?? 0) / 1000;
    // The outermost interesting events inside the task.
    const inner: Ev[] = [];
    let until = -1;
    for (const e of evs) {
      if (e.ts < task.ts || e.ts > tEnd || e === task || !kinds.has(e.name) || e.ts < until) continue;
      inner.push(e);
      until = e.ts + (e.dur ?? 0);
    }
    for (const e of inner) byKind.set(e.name, (byKind.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    if ((task.dur ?? 0) < 2000) continue;
    const what = inner.filter((e) => (e.dur ?? 0) >= 1000).map((e) => `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.split('/').pop()}` : ''}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} ${((e.tdur ?? e.dur ?? 0) / 1000).toFixed(0)}`);
    log(`  ${((task.ts - nav.ts) / 1000).toFixed(0).padStart(6)} ${((task.dur ?? 0) / 1000).toFixed(1).padStart(7)} / ${((task.tdur ?? 0) / 1000).toFixed(1).padStart(7)}  ${what.join(', ')}`);
  }
  if (text) log(`  text-painted mark at ${((text.ts - nav.ts) / 1000).toFixed(0)} ms; main thread busy before it ${textCpu.toFixed(0)} ms thread time`);
  log(`  ready mark at ${((ready.ts - nav.ts) / 1000).toFixed(0)} ms; main thread busy before it ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms thread time; by kind (thread ms): ${[...byKind].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
}

/** Self time by function (top 25) of a CPU profile, idle and the program excluded; the whole profile goes to .bench/. */
function summariseProfile(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] }, label: string, what: 'labels' | 'scroll' | 'start' = 'labels'): void {
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  const file = join(REPO, '.bench', `${what === 'labels' ? 'labels-' : what === 'start' ? 'start-' : ''}${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n] as const));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const n = byId.get(samples[i] as number);
    if (!n) continue;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  const rows = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25);
  log(`CPU profile of the ${what === 'labels' ? 'label runs' : what === 'start' ? 'start (navigation → painted)' : 'scroll run'}, ${label} (self ms; ${file}):`);
  for (const [k, ms] of rows) log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
}

/** The start figures of one document beside their targets. */
function startLine(d: Record<string, unknown>): string {
  const request = d['startRequestSeconds'] as number;
  const painted = d['startPaintedSeconds'] as number;
  const met = (x: number, target: number) => (x <= target ? 'met' : 'NOT met');
  const paintedTarget = String(d['case']).startsWith('1 MB') ? ` (target ≤ ${TARGETS.startPainted1MB} s at 1 MB: ${met(painted, TARGETS.startPainted1MB)})` : '';
  const screens = d['startFirstScreens'] === undefined ? '' : `, ${String(d['startFirstScreens'])} of ${(d['startRuns'] as unknown[]).length} from the first screen`;
  return `start ${String(d['case'])}: navigation → first document's request ${fmt(request)} s (target ≤ ${TARGETS.startRequest} s: ${met(request, TARGETS.startRequest)}), → text painted ${fmt(painted)} s${paintedTarget}${screens}, → highlights drawn ${fmt(d['startHighlightsSeconds'])} s; a first start (nothing remembered) painted its text at ${fmt(d['startFirstStartPaintedSeconds'])} s; first call at ${fmt(d['startFirstCallSeconds'])} s, calls before the request: ${(d['startCallsBeforeRequest'] as string[]).join(', ') || 'none'}`;
}

function fmt(x: unknown, digits = 2): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/** The scrolling lines of one document's row (the median of the runs, and each run when there were several). */
interface ScrollFigures {
  dropped: number;
  runs: number[];
  maxFrameMs: number;
  mainThreadCpuMs: number;
  rendererCpuMs: number;
  serviceCpuMs: number;
}

/**
 * The scroll figures beside their targets (issue 15, item 5; issue 12): top to bottom ≤ 3 frames
 * dropped of 300, and with suggestions no worse than without them beyond noise (CPU times given:
 * on a loaded machine they move less than frames dropped).
 */
/** Suggestions' cost on a label (1 MB he): with them shown and without, one after the other, beside the targets. */
function printLabelCost(d: Record<string, unknown>): void {
  const off = d['labelsWithoutSuggestions'] as { medianMs: number; p95Ms: number; phases: Record<string, { median: number; p95: number }>; floorCpuMs: number } | null | undefined;
  if (!off) return;
  const on = (d['labelPhases'] ?? {}) as Record<string, { median: number; p95: number }>;
  const onFloorCpu = Number(d['labelFloorCpuMs']);
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : NaN);
  const phase = (name: string) => `${name} ${fmt(on[name]?.median, 1)} / ${fmt(off.phases[name]?.median, 1)} ms (${fmt(ratio(on[name]?.median, off.phases[name]?.median), 2)}×)`;
  const median = Number(d['labelMedianMs']);
  const worst = Math.max(ratio(on['paint']?.median, off.phases['paint']?.median), ratio(on['floor']?.median, off.phases['floor']?.median), ratio(onFloorCpu, off.floorCpuMs));
  log(
    `labels ${String(d['case'])} with suggestions (${fmt(d['labelSuggestionsShown'], 0)}, ${fmt(d['labelGhosts'], 0)} ghosts drawn) / without: median ${fmt(median, 1)} / ${fmt(off.medianMs, 1)} ms, p95 ${fmt(d['labelP95Ms'], 1)} / ${fmt(off.p95Ms, 1)} ms; ${phase('paint')}, ${phase('floor')}, floor main-thread CPU ${fmt(onFloorCpu, 1)} / ${fmt(off.floorCpuMs, 1)} ms a frame (${fmt(ratio(onFloorCpu, off.floorCpuMs), 2)}×)`,
  );
  log(
    `  target: median with suggestions ≤ ${TARGETS.label1MBMedianSuggest} ms: ${median <= TARGETS.label1MBMedianSuggest ? 'met' : 'NOT met'}; with / without ≤ ${TARGETS.labelSuggestRatio}× (paint, floor, floor CPU; worst ${fmt(worst, 2)}×): ${worst <= TARGETS.labelSuggestRatio ? 'met' : 'NOT met'}`,
  );
}

function printScroll(d: Record<string, unknown>): void {
  for (const mode of ['read', 'through']) {
    const sc = d[`scroll_${mode}`] as
      | (ScrollFigures & { frames: number; domParagraphs: number; plainParagraphs?: number; suggestions: number; ghostsBuilt: number; noSuggest: ScrollFigures | null; plainDropped: number; plainMaxFrameMs: number; plainRuns?: number[] })
      | undefined;
    if (!sc) continue;
    const what = mode === 'read' ? 'reading (40 px a frame)' : 'top to bottom in 300 frames';
    const runs = (xs: number[] | undefined) => (xs && xs.length > 1 ? ` [runs: ${xs.join(', ')}]` : '');
    const cpu = (f: ScrollFigures) => `main thread CPU ${fmt(f.mainThreadCpuMs / 1000, 2)} s, renderer CPU ${fmt(f.rendererCpuMs / 1000, 2)} s, service CPU ${fmt(f.serviceCpuMs / 1000, 2)} s`;
    const on = sc.noSuggest ? `with suggestions (${fmt(sc.suggestions, 0)}, ${fmt(sc.ghostsBuilt, 0)} ghosts drawn at the end) ` : '';
    log(`scrolling ${String(d['case'])}, ${what}: ${on}${fmt(sc.dropped, 0)} frames dropped of ${sc.frames}${runs(sc.runs)} (longest ${fmt(sc.maxFrameMs, 1)} ms, ${cpu(sc)}, ${fmt(sc.domParagraphs, 0)} paragraphs in the DOM${sc.plainParagraphs ? ` and ${fmt(sc.plainParagraphs, 0)} plain ones in the last frame` : ''})`);
    const off = sc.noSuggest;
    if (off) {
      const ratio = off.mainThreadCpuMs > 0 ? sc.mainThreadCpuMs / off.mainThreadCpuMs : NaN;
      log(
        `  without suggestions: ${fmt(off.dropped, 0)} dropped${runs(off.runs)} (longest ${fmt(off.maxFrameMs, 1)} ms, ${cpu(off)}); with / without, main thread CPU ${fmt(ratio, 2)}× (target: no worse beyond noise)`,
      );
    }
    if (mode === 'through') log(`  target ≤ ${TARGETS.scrollThroughDropped} of 300 frames dropped: ${sc.dropped <= TARGETS.scrollThroughDropped ? 'met' : 'NOT met'}${off ? ` (without suggestions: ${off.dropped <= TARGETS.scrollThroughDropped ? 'met' : 'NOT met'})` : ''}`);
    log(`  plain React: ${fmt(sc.plainDropped, 0)} dropped${runs(sc.plainRuns)} (longest ${fmt(sc.plainMaxFrameMs, 1)} ms)`);
  }
}

function printDocuments(r: { documents: Record<string, unknown>[]; machine: Record<string, unknown> }): void {
  log('');
  log(`machine: ${String(r.machine['cpus'])} cores, Chromium ${String(r.machine['chromium'])}, Node ${String(r.machine['node'])}`);
  log('| case | open (s) | renderer part (s) | plain React open (s) | label median / p95 (ms) | heap (MB) | plain heap (MB) | paragraphs in DOM / total |');
  log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const d of r.documents) {
    log(
      `| ${String(d['case'])} | ${fmt(d['openSeconds'])} | ${fmt(d['openRendererSeconds'])} | ${fmt(d['plainOpenSeconds'])} | ${fmt(d['labelMedianMs'], 1)} / ${fmt(d['labelP95Ms'], 1)} | ${fmt(d['heapMB'], 0)} | ${fmt(d['plainHeapMB'], 0)} | ${fmt(d['domParagraphs'], 0)} / ${String(d['paragraphs'])} |`,
    );
  }
  for (const d of r.documents) log(startLine(d));
  for (const d of r.documents) printLabelCost(d);
  for (const d of r.documents) printScroll(d);
  for (const d of r.documents) {
    const rv = d['review'] as { openSeconds: number; nextMs: number; disagreements: number } | undefined;
    if (rv) log(`review screen ${String(d['case'])} (2 sets, ${rv.disagreements} disagreements listed): open ${fmt(rv.openSeconds)} s, next disagreement ${fmt(rv.nextMs, 0)} ms`);
  }
  log('| case | find a common word, first / again (ms) | jump to the last mention (ms) | main process RSS / heap after open (MB) | crossing the bridge to open: before the first paint / whole (MB) | open → whole document loaded (s) |');
  log('| --- | --- | --- | --- | --- | --- |');
  for (const d of r.documents) {
    const mm = d['mainMemoryMB'] as { rss: number; heapUsed: number } | undefined;
    const b = d['bridge'] as { firstPaintMB: number; totalMB: number } | undefined;
    log(`| ${String(d['case'])} | ${fmt(d['findColdMs'], 0)} / ${fmt(d['findWarmMs'], 0)} (${String(d['findMatches'])}) | ${fmt(d['jumpLastMs'], 0)} | ${fmt(mm?.rss, 0)} / ${fmt(mm?.heapUsed, 0)} | ${fmt(b?.firstPaintMB, 2)} / ${fmt(b?.totalMB, 1)} | ${fmt(d['openLoadedSeconds'])} |`);
  }
  // Issue 15, target 2: the 20 MB / 200k documents beside their targets.
  const verdict = (x: unknown, target: number) => (typeof x === 'number' && Number.isFinite(x) ? (x <= target ? 'met' : 'NOT met') : '—');
  for (const d of r.documents.filter((d) => String(d['case']).startsWith('20 MB'))) {
    const mm = d['mainMemoryMB'] as { rss: number; heapUsed: number; maxRss: number };
    const find = (d['findColdMs'] as number) / 1000;
    const jump = (d['jumpLastMs'] as number) / 1000;
    log(`${String(d['case'])}:`);
    log(`  open ${fmt(d['openSeconds'])} s (target ≤ ${TARGETS.open20MB} s: ${verdict(d['openSeconds'], TARGETS.open20MB)}; the first screen painted with its highlights, usable), whole document loaded ${fmt(d['openLoadedSeconds'])} s`);
    log(`  label p95 ${fmt(d['labelP95Ms'], 1)} ms, median ${fmt(d['labelMedianMs'], 1)} ms (target p95 ≤ ${TARGETS.label20MBp95} ms: ${verdict(d['labelP95Ms'], TARGETS.label20MBp95)})`);
    log(`  find of a common word ${fmt(find)} s, again ${fmt((d['findWarmMs'] as number) / 1000)} s (target ≤ ${TARGETS.find20MB} s: ${verdict(find, TARGETS.find20MB)})`);
    log(`  jump to the last mention ${fmt(jump)} s (target ≤ ${TARGETS.jump20MB} s: ${verdict(jump, TARGETS.jump20MB)})`);
    log(`  renderer heap ${fmt(d['heapMB'], 0)} MB (target ≤ ${TARGETS.heap20MB} MB: ${verdict(d['heapMB'], TARGETS.heap20MB)})`);
    log(`  main process (the service; here the benchmark's own process): RSS ${fmt(mm.rss, 0)} MB, JS heap ${fmt(mm.heapUsed, 0)} MB, peak RSS so far ${fmt(mm.maxRss, 0)} MB`);
  }
}

function printTable(r: { documents: Record<string, unknown>[]; service: Record<string, unknown> | null; store: Record<string, unknown>; corpus: CorpusBenchResult; suggest: ReturnType<typeof runSuggestBench> | null; occurrences: OccurrencesBenchResult | null; agreement: AgreementCaseResult[]; machine: Record<string, unknown>; seconds: number }): void {
  printDocuments(r);
  const s = r.service as { documentsGetMs?: number[]; mentionsListMs?: number[]; documentsListMs?: number[]; documentsList10kMs: { firstMs: number; laterMs: number; nextSessionFirstMs: number } };
  if (s.documentsGetMs && s.mentionsListMs) log(`service, 5 MB / 50k: documents.get ${fmt(median(s.documentsGetMs), 0)} ms, mentions.list ${fmt(median(s.mentionsListMs), 0)} ms`);
  log(
    `service, documents.list over ${QUICK ? 2 : 10}k annotated documents: first ${fmt(s.documentsList10kMs.firstMs, 0)} ms, then ${fmt(s.documentsList10kMs.laterMs, 0)} ms, first of the next session ${fmt(s.documentsList10kMs.nextSessionFirstMs, 0)} ms`,
  );
  const st = r.store as { documents: number; megabytes: number; mentions: number; importMedianSeconds: number; exportMedianSeconds: number };
  log(`store: import ${st.documents} documents (${fmt(st.megabytes, 1)} MB) ${fmt(st.importMedianSeconds)} s; export ${st.mentions} mentions ${fmt(st.exportMedianSeconds)} s`);
  printCorpus(r.corpus);
  for (const line of suggestTargetLines(r.suggest)) log(`suggestions, ${line}`);
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
