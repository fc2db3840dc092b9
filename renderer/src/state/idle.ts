/**
 * Work that can wait until the window has shown what the user asked for: run once the browser is
 * idle (requestIdleCallback), and at the latest after `timeout` ms, so it never waits forever on a
 * busy window. Where requestIdleCallback is missing, after the next frame.
 */
export function whenIdle(task: () => void, timeout = 500): void {
  const w = window as Window & { requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number };
  if (typeof w.requestIdleCallback === 'function') w.requestIdleCallback(task, { timeout });
  else requestAnimationFrame(() => window.setTimeout(task, 0));
}

/** What stepsWhenIdle needs from the window (a test gives its own). */
export interface IdleHost {
  requestIdleCallback?: (cb: (deadline: { timeRemaining(): number; didTimeout: boolean }) => void, options?: { timeout: number }) => unknown;
  setTimeout(cb: () => void, ms: number): unknown;
}

const windowIdle = (): IdleHost => window as unknown as IdleHost;

/**
 * Long work in idle periods, a step at a time: `steps` is advanced while the period has time
 * left for one more (as long as the longest step so far; at least one step a period, so a busy
 * window still gets there: each period comes after `timeout` ms at the latest), then its value
 * goes to `done`, in a task of its own. Nothing runs once `cancelled()` says so. Where
 * requestIdleCallback is missing, one step per task.
 */
export function stepsWhenIdle<T>(steps: Iterator<unknown, T>, done: (value: T) => void, options: { timeout?: number; cancelled?: () => boolean; host?: IdleHost; now?: () => number } = {}): void {
  const host = options.host ?? windowIdle();
  const now = options.now ?? (() => performance.now());
  const timeout = options.timeout ?? 500;
  const cancelled = options.cancelled ?? (() => false);
  // the longest step so far: another step starts only if the period has that much time left
  let longest = 0;
  const period = (deadline: { timeRemaining(): number } | null) => {
    if (cancelled()) return;
    do {
      const t0 = now();
      const s = steps.next();
      longest = Math.max(longest, now() - t0);
      if (s.done) {
        // in a task of its own (what it does, e.g. a state change the window redraws for, is not the steps')
        const value = s.value;
        host.setTimeout(() => {
          if (!cancelled()) done(value);
        }, 0);
        return;
      }
    } while (deadline !== null && deadline.timeRemaining() > Math.max(2, longest) && !cancelled());
    next();
  };
  const next = () => {
    if (typeof host.requestIdleCallback === 'function') host.requestIdleCallback((d) => period(d), { timeout });
    else host.setTimeout(() => period(null), 0);
  };
  next();
}
