/**
 * What every case of `npm run bench` shares: the targets, the document sizes, printing, medians,
 * the run's phases (wall and CPU time per part), this process's memory, and the results file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { REPO } from '../e2e/browser';
import { CACHE_ON, cacheStats } from './cache';
import { BIG, ONLY, VERBOSE } from './flags';
import { CORPUS_TARGETS } from './store-bench';

export const T0 = Date.now();

export const ALL_SIZES = [
  { name: '100 KB / 1k', bytes: 100_000, mentions: 1_000 },
  { name: '1 MB / 10k', bytes: 1_000_000, mentions: 10_000 },
  { name: '5 MB / 50k', bytes: 5_000_000, mentions: 50_000 },
  { name: '20 MB / 200k', bytes: 20_000_000, mentions: 200_000 },
] as const;
export type BenchSize = (typeof ALL_SIZES)[number];
export const SIZES = ALL_SIZES.filter((s) => BIG || s.bytes < 20_000_000);
/** Whether a document of this size and language is measured (--only). */
export function selected(bytes: number, lang: string): boolean {
  return !ONLY || `${bytes}-${lang}`.includes(ONLY);
}

export const TARGETS = {
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
  /** Issue 12 ("no bench figure worse"): the 5 MB he renderer heap at f0e3d3a, before the split, which had no suggestions (quiet, session 6). */
  heap5MBBefore: 30,
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

export function log(s: string): void {
  process.stdout.write(`${s}\n`);
}

export function step(s: string): void {
  if (VERBOSE) process.stderr.write(`[${((Date.now() - T0) / 1000).toFixed(1)} s] ${s}\n`);
}

export function fmt(x: unknown, digits = 2): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—';
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function p95(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] as number;
}

/** Five timings of `f` (ms). */
export function timeMs(f: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    f();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/** Where a run's time goes: wall and CPU seconds of this process (the service, the driver) per part, setup apart from measures. */
export const phases: { phase: string; seconds: number; cpuSeconds: number }[] = [];
let phaseWall = Date.now();
let phaseCpu = process.cpuUsage();
/** Closes the current part of the run under `name` (its wall and CPU time since the previous one). */
export function phase(name: string): void {
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
export function printPhases(total: number): void {
  const rows = [...phases].sort((a, b) => b.seconds - a.seconds);
  log(`where the ${fmt(total, 0)} s went (wall s / this process's CPU s): ${rows.map((p) => `${p.phase} ${fmt(p.seconds, 1)} / ${fmt(p.cpuSeconds, 1)}`).join(', ')}`);
  log(`setup cache (.bench/cache, ${CACHE_ON ? 'on' : 'off: --no-cache'}): ${cacheStats.hits.length} copied, ${cacheStats.built.length} built${cacheStats.built.length > 0 ? ` (${cacheStats.built.join(', ')})` : ''}`);
}

/** The memory of this process, which holds the service as Electron's main process does (after a GC). */
export function mainMemoryMB(): { rss: number; heapUsed: number; external: number; maxRss: number } {
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

const RESULTS = join(REPO, '.bench', 'results.json');

/** Writes .bench/results.json: `fields` over what it held (`merge`), or `fields` alone. */
export function writeResults(fields: Record<string, unknown>, merge: boolean): void {
  const before = merge && existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync(join(REPO, '.bench'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ ...before, ...fields }, null, 2)}\n`);
}
