/**
 * The export's memory bound, shown apart from the bench's own process (issue 15, target 3: "export
 * 10M mentions with memory flat"): the native JSONL export of a project run in a child process whose
 * old space is capped (`--max-old-space-size`, the same cap whatever the corpus), with a GC every
 * `gcEvery` documents to read the heap the export still holds (its live heap). The heap the bench's
 * process reports during an export grows with the corpus only because V8 lets garbage pile up to a
 * limit it sets from the process's live heap; an export that held anything per document would
 * outgrow the cap and fail here, and its live heap would climb page after page.
 *
 * Run as a script (the child): `node --max-old-space-size=N --expose-gc --import tsx
 * test/bench/export-memory.ts <project> <gcEvery>` prints one JSON line (ExportMemoryResult).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openService } from '../../electron/service/bootstrap';

/**
 * The old-space cap of the child (MB): about 20 MB of it is the modules and the open project. The
 * export also completes under 24 MB, at 10,000 and at 100,000 documents alike, but V8 then spends
 * as much CPU collecting as the export does writing; at 64 it costs nothing measurable.
 */
export const EXPORT_HEAP_CAP_MB = 64;

export interface ExportMemoryResult {
  /** The cap it ran under (MB), and whether the export completed under it. */
  capMB: number;
  completed: boolean;
  /** When it did not: the child's last words. */
  error?: string;
  documents: number;
  megabytes: number;
  seconds: number;
  cpuSeconds: number;
  /** Heap used (MB) after a GC before the export, the highest seen during it (sampled every 200 documents), after a GC at its end. */
  heapStart: number;
  heapPeak: number;
  heapEnd: number;
  /** Heap used (MB) right after each GC (every `gcEvery` documents): the first such sample, and the highest. */
  liveFirst: number;
  liveMax: number;
  liveSamples: number;
  rssStart: number;
  rssPeak: number;
}

/** Runs the export of `project` (annotator "bench") in a capped child process; `project` must not be open for writing. */
export function measureExportMemory(project: string, options: { capMB?: number; gcEvery?: number } = {}): ExportMemoryResult {
  const capMB = options.capMB ?? EXPORT_HEAP_CAP_MB;
  const gcEvery = options.gcEvery ?? 2_000;
  const r = spawnSync(process.execPath, [`--max-old-space-size=${capMB}`, '--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'export-memory.ts'), project, String(gcEvery)], {
    cwd: join(import.meta.dirname, '../..'),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (r.status === 0 && line !== undefined) return { ...(JSON.parse(line) as ExportMemoryResult), capMB, completed: true };
  const nan = Number.NaN;
  const last = `${r.stderr ?? ''}`.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ');
  return { capMB, completed: false, error: `exit ${r.status ?? r.signal}: ${last}`, documents: 0, megabytes: nan, seconds: nan, cpuSeconds: nan, heapStart: nan, heapPeak: nan, heapEnd: nan, liveFirst: nan, liveMax: nan, liveSamples: 0, rssStart: nan, rssPeak: nan };
}

function child(project: string, gcEvery: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const mb = (n: number) => n / 1e6;
  const root = mkdtempSync(join(tmpdir(), 'qalam-export-memory-'));
  const service = openService(project);
  try {
    gc();
    const start = process.memoryUsage();
    let heapPeak = start.heapUsed;
    let rssPeak = start.rss;
    let liveFirst = Number.NaN;
    let liveMax = 0;
    let liveSamples = 0;
    let documents = 0;
    let nextGc = gcEvery;
    service.progress = (_what, done) => {
      documents = done;
      const m = process.memoryUsage();
      heapPeak = Math.max(heapPeak, m.heapUsed);
      rssPeak = Math.max(rssPeak, m.rss);
      if (done >= nextGc) {
        nextGc += gcEvery;
        gc();
        const live = process.memoryUsage().heapUsed;
        if (liveSamples === 0) liveFirst = live;
        liveMax = Math.max(liveMax, live);
        liveSamples++;
      }
    };
    const out = join(root, 'export.jsonl');
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    service.call('export.run', { format: 'jsonl', out, annotator: 'bench' });
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const u = process.cpuUsage(c);
    service.progress = null;
    gc();
    const result: Omit<ExportMemoryResult, 'capMB' | 'completed'> = {
      documents,
      megabytes: statSync(out).size / 1e6,
      seconds,
      cpuSeconds: (u.user + u.system) / 1e6,
      heapStart: mb(start.heapUsed),
      heapPeak: mb(heapPeak),
      heapEnd: mb(process.memoryUsage().heapUsed),
      liveFirst: mb(liveFirst),
      liveMax: mb(liveMax),
      liveSamples,
      rssStart: mb(start.rss),
      rssPeak: mb(rssPeak),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    service.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) child(process.argv[2] as string, Number(process.argv[3] ?? 2_000));
