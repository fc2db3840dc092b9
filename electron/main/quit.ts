/**
 * Quitting closes the windows first, then waits for the project to close (ProjectHost.close: its
 * worker threads ended, their connections closed), so that the app never exits while a worker
 * still writes the project's file or its -wal/-shm, and so that what a window still had to send
 * (a label held for its frame, changes queued behind an unanswered one: the renderer sends them
 * as it goes, renderer/src/state/queue.ts) reaches the project before it closes: the first
 * `before-quit` is held back (preventDefault), the windows closed, the host closed, then the app
 * quits again, this time let through. A quit asked while closing waits for the same close.
 */
export interface Quitting {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** How long a window may take to close before the project is closed all the same. */
export const WINDOWS_CLOSE_MS = 3000;

export function closeBeforeQuit(app: Quitting, close: () => Promise<void>, closeWindows: () => Promise<void> = () => Promise.resolve()): void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    const quit = () => {
      state = 'closed';
      app.quit();
    };
    // windows that do not close (or fail to) do not keep the project open: closed all the same
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((done) => (timer = setTimeout(done, WINDOWS_CLOSE_MS)));
    const windows = Promise.race([closeWindows().catch(() => undefined), late]).finally(() => clearTimeout(timer));
    // a close that failed has nothing left to wait for: quit all the same
    void windows.then(() => close().then(quit, quit));
  });
}

/** Closes every window and resolves once each is closed (its page gone: what it sent on leaving received before). */
export function closeAll(windows: readonly { close(): void; isDestroyed(): boolean; once(event: 'closed', listener: () => void): unknown }[]): Promise<void> {
  return Promise.all(
    windows
      .filter((w) => !w.isDestroyed())
      .map(
        (w) =>
          new Promise<void>((done) => {
            w.once('closed', () => done());
            w.close();
          }),
      ),
  ).then(() => new Promise<void>((done) => setImmediate(done)));
}
