/**
 * Quitting closes the windows, then waits for the project to close (electron/main/quit.ts): the
 * first before-quit is held back until the host's close has resolved, then the app quits again and
 * is let through.
 */
import { describe, expect, it } from 'vitest';
import { closeAll, closeBeforeQuit, type Quitting } from '../../electron/main/quit';

function fakeApp() {
  const listeners: ((event: { preventDefault(): void }) => void)[] = [];
  const log: string[] = [];
  const app: Quitting = {
    on: (_event, listener) => listeners.push(listener),
    quit: () => {
      log.push('quit');
      for (const l of listeners) {
        let prevented = false;
        l({ preventDefault: () => (prevented = true) });
        log.push(prevented ? 'held' : 'exits');
      }
    },
  };
  return { app, log };
}

describe('closeBeforeQuit', () => {
  it('holds the quit until the project is closed, then quits; a second quit meanwhile waits for the same close', async () => {
    const { app, log } = fakeApp();
    let closes = 0;
    let closed!: () => void;
    closeBeforeQuit(app, () => {
      closes++;
      return new Promise<void>((r) => (closed = r));
    });
    app.quit();
    app.quit();
    expect(log).toEqual(['quit', 'held', 'quit', 'held']);
    await new Promise((r) => setTimeout(r, 0));
    expect(closes).toBe(1);
    closed();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['quit', 'held', 'quit', 'held', 'quit', 'exits']);
  });

  it('quits all the same when the close failed', async () => {
    const { app, log } = fakeApp();
    closeBeforeQuit(app, () => Promise.reject(new Error('disk gone')));
    app.quit();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['quit', 'held', 'quit', 'exits']);
  });
});

describe('closeBeforeQuit: the windows first', () => {
  it('closes the windows, then the project, then quits (what a window sends as it goes reaches the open project)', async () => {
    const { app, log } = fakeApp();
    let windowsClosed!: () => void;
    closeBeforeQuit(
      app,
      async () => {
        log.push('project closed');
      },
      () =>
        new Promise<void>((r) => {
          log.push('windows closing');
          windowsClosed = () => {
            log.push('windows closed');
            r();
          };
        }),
    );
    app.quit();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['quit', 'windows closing', 'held']);
    windowsClosed();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['quit', 'windows closing', 'held', 'windows closed', 'project closed', 'quit', 'exits']);
  });

  it('closeAll resolves once every window has closed, skipping those already gone', async () => {
    const events: string[] = [];
    const win = (name: string, destroyed = false) => {
      let closed: (() => void) | null = null;
      return {
        isDestroyed: () => destroyed,
        once: (_e: 'closed', l: () => void) => (closed = l),
        close: () => {
          events.push(`close ${name}`);
          setTimeout(() => {
            events.push(`closed ${name}`);
            closed?.();
          }, 5);
        },
      };
    };
    await closeAll([win('a'), win('gone', true), win('b')]);
    expect(events.sort()).toEqual(['close a', 'close b', 'closed a', 'closed b']);
  });
});
