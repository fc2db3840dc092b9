/**
 * Quitting waits for the project to close (ProjectHost.close: its worker threads ended, their
 * connections closed), so that the app never exits while a worker still writes the project's
 * file or its -wal/-shm: the first `before-quit` is held back (preventDefault), the host closed,
 * then the app quits again, this time let through. A quit asked while closing waits for the same close.
 */
export interface Quitting {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export function closeBeforeQuit(app: Quitting, close: () => Promise<void>): void {
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
    // a close that failed has nothing left to wait for: quit all the same
    close().then(quit, quit);
  });
}
