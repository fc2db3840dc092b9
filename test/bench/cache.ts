/**
 * The benchmark's setup cache (`.bench/cache/`): generated projects and corpora are built once and
 * copied for each run, so a run spends its time measuring, not generating. An entry's key is a
 * hash of what it is made from: the generator (test/bench/generate.ts), the function that builds
 * it (its source) and the caller's parameters, and for a project the store's migrations, the
 * importer and the store's methods that write its rows (`CacheKind`). Change any of them and the
 * entry is built afresh; `--no-cache` (or QALAM_BENCH_NO_CACHE=1) always builds.
 * Nothing measured comes from the cache: only what a run would have generated and written before
 * its first measure.
 */
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AnnotationTable } from '../../electron/store/annotationTable';
import { DocumentRepository } from '../../electron/store/documents';
import { MentionRepository } from '../../electron/store/mentions';
import { REPO } from '../e2e/browser';

/** Off with --no-cache or QALAM_BENCH_NO_CACHE=1. */
export const CACHE_ON = !process.argv.includes('--no-cache') && process.env['QALAM_BENCH_NO_CACHE'] !== '1';
const ROOT = join(REPO, '.bench', 'cache');

/**
 * What an entry is made from, besides its builder and parameters: `files`, text files written from
 * the generator (and its seeded random numbers) alone (the store and corpus cases' corpora); `project`, a project written through
 * the service and the store, which also depends on the migrations (the file's shape), the importer
 * (what a stored document is) and the store's methods that write the rows the builders write
 * (documents, mentions). Only those methods, not their whole files: a reader added to
 * electron/store/documents.ts (session 9's stampsAfter) rebuilt all eight entries (~40 s) and
 * changed nothing in them. `tagger`: a tagger's model trained on the suggestions bench's corpora
 * (suggest.ts, --quick), which depends on the pure core the training runs (every source of
 * annotations/ and annotations/suggest/, tests aside) and on its training documents (the caller's
 * parameters), not on the generator.
 */
export type CacheKind = 'files' | 'project' | 'tagger';

/** A source an entry's key hashes: a file under its path in the repository, or a method's source under its name. */
export interface CacheSource {
  name: string;
  text: string;
}

/** The store's methods that write what the builders write (through the service's import and straight through the store). */
const STORE_WRITES: [string, (...args: never[]) => unknown][] = [
  ['DocumentRepository.insert', DocumentRepository.prototype.insert],
  ['MentionRepository.insert', MentionRepository.prototype.insert],
  ['AnnotationTable.insert', AnnotationTable.prototype.insert],
];

/** The sources an entry of `kind` is keyed by. */
export function cacheSources(kind: CacheKind): CacheSource[] {
  const files = kind === 'tagger' ? taggerSources() : [join(REPO, 'test/bench/generate.ts'), join(REPO, 'annotations/random.ts')];
  if (kind === 'project') {
    files.push(join(REPO, 'electron/service/importer.ts'));
    const migrations = join(REPO, 'electron/store/migrations');
    for (const f of readdirSync(migrations).sort()) files.push(join(migrations, f));
  }
  // Each file under its path in the repository, not its absolute path: the key is the same in
  // every checkout (the integrator's, a worktree), so a cache copied from one hits in another.
  const out = files.map((f) => ({ name: relative(REPO, f), text: readFileSync(f, 'utf8') }));
  if (kind === 'project') for (const [name, f] of STORE_WRITES) out.push({ name, text: f.toString() });
  return out;
}

/** The sources a tagger's training runs: annotations/*.ts and annotations/suggest/*.ts, tests aside (the training imports only from these). */
function taggerSources(): string[] {
  const out: string[] = [];
  for (const dir of ['annotations', 'annotations/suggest']) {
    for (const f of readdirSync(join(REPO, dir)).sort()) if (f.endsWith('.ts') && !f.endsWith('.test.ts')) out.push(join(REPO, dir, f));
  }
  return out;
}

const digests = new Map<CacheKind, string>();
function sourcesDigest(kind: CacheKind): string {
  let d = digests.get(kind);
  if (d === undefined) {
    const h = createHash('sha256');
    for (const s of cacheSources(kind)) h.update(s.name).update(s.text);
    d = h.digest('hex');
    digests.set(kind, d);
  }
  return d;
}

/** The key of an entry: its name, the sources of its kind, the builder's source and the parameters. */
export function cacheKey(name: string, build: (...args: never[]) => unknown, params: unknown, kind: CacheKind = 'project'): string {
  const h = createHash('sha256').update(sourcesDigest(kind)).update(build.toString()).update(JSON.stringify(params));
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
