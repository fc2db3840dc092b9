/**
 * `close()` resolves only once the worker has ended (its thread gone, its connections closed).
 * A worker thread is terminated only once it has said it is ready (workerThread.ts): terminated
 * while better-sqlite3's native binding registered in it, the whole process aborted (node-addon-api's
 * fatal error "Error::New napi_get_last_error_info"; seen once in the e2e run, when a project
 * closed right after its tagger's thread started to read the kept model).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgreementRequest } from '../../electron/service/agreement';
import { initProject } from '../../electron/service/bootstrap';
import { WorkerThread } from '../../electron/service/workerThread';

afterEach(() => vi.restoreAllMocks());

describe('WorkerThread.close', () => {
  it('leaves a worker that is still loading to load, and terminates it once it says it is ready', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const thread = new WorkerThread<{ kind: string }>('agreementWorker', "agreement's worker");
    void thread.request({ kind: 'nothing' }).catch(() => undefined);
    thread.close();
    expect(terminate).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(terminate).toHaveBeenCalledTimes(1), { timeout: 30_000, interval: 20 });
  });

  it('terminates a ready worker at once', async () => {
    const thread = new WorkerThread<{ kind: string }>('agreementWorker', "agreement's worker");
    // an answer (an error for an unknown request) comes after the worker said it is ready
    await thread.request({ kind: 'nothing' }).catch(() => undefined);
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    thread.close();
    expect(terminate).toHaveBeenCalledTimes(1);
  });

  /** The worker a thread runs (private: the test watches its end). */
  const workerOf = (thread: WorkerThread<{ kind: string }>) => (thread as unknown as { worker: Worker }).worker;

  it('resolves once the worker has ended, also one still loading when closed', async () => {
    for (const ready of [true, false]) {
      const thread = new WorkerThread<{ kind: string }>('agreementWorker', "agreement's worker");
      const asked = thread.request({ kind: 'nothing' }).catch(() => undefined);
      if (ready) await asked;
      const ended = vi.fn();
      workerOf(thread).once('exit', ended);
      await thread.close();
      expect(ended).toHaveBeenCalledTimes(1);
      // nothing left to wait for
      await thread.close();
    }
  });
});

describe('WorkerThread.cpuMs (the worker thread’s own CPU time, the benchmark’s agreement figure)', () => {
  it.skipIf(typeof process.threadCpuUsage !== 'function')('adds up the CPU time the worker reports for each request it answered, no more than it took', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qalam-worker-cpu-'));
    const file = join(dir, 'p.qalam');
    initProject(file).close();
    const thread = new WorkerThread<AgreementRequest>('agreementWorker', "agreement's worker");
    try {
      expect(thread.cpuMs).toBe(0);
      // The thread's CPU is accounted by the kernel at its clock's granularity: a request of a
      // millisecond may read 0. Requests (the first opens the project, the rest are refused:
      // annotators unknown, an error answer reports its CPU too) until some CPU is reported.
      const t0 = performance.now();
      await thread.request({ path: file, annotators: [], warm: true });
      while (thread.cpuMs === 0 && performance.now() - t0 < 5000) await thread.request({ path: file, annotators: ['nobody', 'else'] }).catch(() => undefined);
      const wall = performance.now() - t0;
      // some of the worker's CPU was reported, and a thread's CPU is never more than the wall time
      expect(thread.cpuMs).toBeGreaterThan(0);
      expect(thread.cpuMs).toBeLessThanOrEqual(wall + 1);
    } finally {
      await thread.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
