/**
 * The benchmark's setup cache (`.bench/cache/`): generated projects and corpora are built once and
 * copied for each run, so a run spends its time measuring, not generating. An entry's key is a
 * hash of what it is made from: the generator (test/bench/generate.ts), the function that builds
 * it (its source), the store's migrations, the importer, and the caller's parameters. Change any of
 * them and the entry is built afresh; `--no-cache` (or QALAM_BENCH_NO_CACHE=1) always builds.
 * Nothing measured comes from the cache: only what a run would have generated and written before
 * its first measure.
 */
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO } from '../e2e/browser';

/** Off with --no-cache or QALAM_BENCH_NO_CACHE=1. */
export const CACHE_ON = !process.argv.includes('--no-cache') && process.env['QALAM_BENCH_NO_CACHE'] !== '1';
const ROOT = join(REPO, '.bench', 'cache');

/** The sources every entry depends on: the generator, the migrations (the file's shape) and the importer (what a stored document is). */
function sourcesDigest(): string {
  const h = createHash('sha256');
  const files = [join(REPO, 'test/bench/generate.ts'), join(REPO, 'electron/service/importer.ts'), join(REPO, 'electron/store/documents.ts')];
  const migrations = join(REPO, 'electron/store/migrations');
  for (const f of readdirSync(migrations).sort()) files.push(join(migrations, f));
  // Each file under its path in the repository, not its absolute path: the key is the same in
  // every checkout (the integrator's, a worktree), so a cache copied from one hits in another.
  for (const f of files) h.update(relative(REPO, f)).update(readFileSync(f));
  return h.digest('hex');
}
let digest: string | null = null;

/** The key of an entry: its name, the sources, the builder's source and the parameters. */
export function cacheKey(name: string, build: (...args: never[]) => unknown, params: unknown): string {
  digest ??= sourcesDigest();
  const h = createHash('sha256').update(digest).update(build.toString()).update(JSON.stringify(params));
  return `${name}-${h.digest('hex').slice(0, 16)}`;
}

export interface CacheStats {
  hits: string[];
  built: string[];
}
export const cacheStats: CacheStats = { hits: [], built: [] };

/**
 * A folder made by `build(dir)` (it writes everything into `dir`), cached under its key: on a hit
 * the cached folder is returned as it is (read it, or copy what you will change: see
 * `cachedCopy`). A partly built entry (an interrupted run) is never used: it is built in a
 * temporary folder and renamed into place when complete.
 */
export function cachedFolder(key: string, build: (dir: string) => void): string {
  const dir = join(ROOT, CACHE_ON ? key : `${key}.nocache`);
  if (CACHE_ON && existsSync(join(dir, '.complete'))) {
    cacheStats.hits.push(key);
    return dir;
  }
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  build(tmp);
  cpSync(join(REPO, 'package.json'), join(tmp, '.complete'));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  if (CACHE_ON) pruneOld(key);
  cacheStats.built.push(key);
  return dir;
}

/** The folder of a complete entry, or null (then build it and keep it with `cachedFolder`). */
export function cacheLookup(key: string): string | null {
  const dir = join(ROOT, key);
  if (!CACHE_ON || !existsSync(join(dir, '.complete'))) return null;
  cacheStats.hits.push(key);
  return dir;
}

/** Copies a cached file (a project: no -wal or -shm beside it, it was closed) to `to`. */
export function cachedCopy(from: string, to: string): void {
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${from}${suffix}`)) throw new Error(`bench cache: ${from}${suffix} exists (the project was not closed)`);
  cpSync(from, to);
  flushToDisk(to);
}

/**
 * Writes a file's dirty pages to the disk now. A project just copied (or built) leaves hundreds of
 * megabytes in the page cache, and the first fsync of the next write transaction (SQLite's, in
 * the measured call) would pay for flushing them: 0.2-0.3 s for the 280 MB corpus of 10,000, a
 * cost of the bench's set-up, not of Qalam.
 */
export function flushToDisk(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Older entries of the same name (another key) are removed: the cache holds one version of each. */
function pruneOld(key: string): void {
  const name = key.slice(0, key.lastIndexOf('-'));
  for (const e of readdirSync(ROOT)) {
    if (e === key || !e.startsWith(`${name}-`) || /[-.]/.test(e.slice(name.length + 1))) continue;
    const p = join(ROOT, e);
    if (statSync(p).isDirectory()) rmSync(p, { recursive: true, force: true });
  }
}
