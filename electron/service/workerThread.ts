/**
 * A worker_threads Worker answering requests, one at a time and in order, so that long work (the
 * tagger's training, corpus agreement) never runs on the thread answering the window. The main
 * side: `WorkerThread.request(message)` → a promise of the worker's answer; the worker side:
 * `answerRequests(handle)`. Messages in: {id, ...request}; out: {id, ok: true, value} |
 * {id, ok: false, error, code?}, each with `cpuMs`, the worker thread's CPU time for it (where
 * Node tells a thread's own: `WorkerThread.cpuMs` adds them up, for the benchmark).
 *
 * The worker's file is found beside the bundled main (out/main/<name>.js, an entry of
 * electron.vite.config.ts; this module may sit in out/main/chunks/), or, running from the
 * sources (tests, the CLI, the benchmark under tsx), as <name>.ts through tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

export type WorkerReply = ({ id: number; ok: true; value: unknown } | { id: number; ok: false; error: string; code?: string }) & { cpuMs?: number };

/** This thread's own CPU time (ms), or null where Node does not tell it (process.threadCpuUsage). */
export function threadCpuMs(): number | null {
  if (typeof process.threadCpuUsage !== 'function') return null;
  const c = process.threadCpuUsage();
  return (c.user + c.system) / 1000;
}

/** The worker's first message: its modules are loaded (`answerRequests` is called once they are). */
const READY = { ready: true } as const;

/** An error the worker answered, with the code of the error it caught (a ServiceError's or CoreError's), if any. */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function startWorker(name: string, what: string): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  // bundled, this module may be a shared chunk (out/main/chunks/) beside the entries' folder
  const built = join(here, `${name}.js`);
  for (const file of [built, join(here, '..', `${name}.js`)]) if (existsSync(file)) return new Worker(file);
  const source = join(here, `${name}.ts`);
  if (!existsSync(source)) throw new Error(`${what} is missing (${built})`);
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`, { eval: true });
}

/** The main side: starts the worker on the first request (and again after it stopped). */
export class WorkerThread<Request extends object> {
  private worker: Worker | null = null;
  /** Told when the worker stopped (what it held is gone; the next request starts another). */
  onReset: (() => void) | null = null;
  private seq = 0;
  /** The worker threads' CPU time over the requests answered so far (ms; 0 where Node does not tell it): the benchmark's figure of the work itself, not of the other threads of the process. */
  cpuMs = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  /** `name`: the worker's file without extension, beside this one; `what`: its name in errors ("the tagger's worker"). */
  constructor(
    private readonly name: string,
    private readonly what: string,
  ) {}

  /** The workers started and not yet ready (their modules, and the store's native binding, still loading). */
  private readonly starting = new Set<Worker>();
  /** Of those, the ones closed meanwhile: terminated once ready. */
  private readonly closing = new Set<Worker>();
  /** Every worker started and not yet ended, with the promise of its end ('exit': its thread is gone, its connections closed). */
  private readonly running = new Map<Worker, Promise<void>>();

  request(req: Request): Promise<unknown> {
    if (this.worker === null) {
      const w = startWorker(this.name, this.what);
      w.unref();
      this.starting.add(w);
      this.running.set(
        w,
        new Promise<void>((ended) =>
          w.once('exit', () => {
            this.running.delete(w);
            ended();
          }),
        ),
      );
      w.on('message', (reply: WorkerReply | typeof READY) => {
        if (!('id' in reply)) {
          this.starting.delete(w);
          if (this.closing.delete(w)) void w.terminate();
          return;
        }
        if (typeof reply.cpuMs === 'number') this.cpuMs += reply.cpuMs;
        const p = this.waiting.get(reply.id);
        if (!p) return;
        this.waiting.delete(reply.id);
        if (reply.ok) p.resolve(reply.value);
        else p.reject(new WorkerError(reply.error, reply.code));
      });
      const fail = (e: Error) => {
        for (const p of this.waiting.values()) p.reject(e);
        this.waiting.clear();
        if (this.worker === w) {
          this.worker = null;
          this.onReset?.();
        }
      };
      w.on('error', fail);
      w.on('exit', (code) => {
        this.starting.delete(w);
        this.closing.delete(w);
        fail(new Error(`${this.what} stopped (exit code ${code})`));
      });
      this.worker = w;
    }
    const id = ++this.seq;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  }

  /**
   * Stops the worker: now if it is ready, else as soon as it says so (terminated while loading a
   * native module, the process would abort). Resolves once every worker this thread started has
   * ended: its thread gone, and with it its connections to the project (better-sqlite3 closes them
   * as the thread's environment is torn down; a transaction left open is rolled back). A training
   * under way is abandoned, not finished. Requests still waiting are never answered.
   */
  close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.waiting.clear();
    if (w !== null) {
      if (this.starting.has(w)) this.closing.add(w);
      else void w.terminate();
    }
    return Promise.all(this.running.values()).then(() => undefined);
  }
}

/** The worker side: answers each request with `handle`'s value (awaited) or the error it threw. */
export function answerRequests<Request extends object>(handle: (req: Request) => unknown): void {
  const port = parentPort;
  if (port === null) return;
  port.postMessage(READY);
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (req: Request & { id: number }) => {
    queue = queue.then(async () => {
      let reply: WorkerReply;
      const cpu0 = threadCpuMs();
      try {
        reply = { id: req.id, ok: true, value: await handle(req) };
      } catch (e) {
        const code = (e as { code?: unknown } | null)?.code;
        reply = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e), ...(typeof code === 'string' ? { code } : {}) };
      }
      const cpu1 = threadCpuMs();
      if (cpu0 !== null && cpu1 !== null) reply.cpuMs = cpu1 - cpu0;
      port.postMessage(reply);
    });
  });
}
