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
