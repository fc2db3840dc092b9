/**
 * A change held back for one frame: a hotkey's highlight is drawn at once (a provisional mention),
 * and its store call goes out once that frame is painted, so neither the call's own cost in the
 * key handler (the transport, the "saving" state) nor the service's work beside it (the main
 * process's CPU on a two-core machine) lands in the frame the user waits for (README,
 * Performance: 20 MB labels). The wait ends early when the window is being left or hidden (no
 * frame comes then): the call is sent before the window goes.
 */

/** What the wait needs from the window (a test gives its own). */
export interface FrameHost {
  requestAnimationFrame(cb: () => void): unknown;
  setTimeout(cb: () => void, ms: number): unknown;
  addEventListener(type: string, cb: () => void): void;
  /** True while the window is hidden (no animation frames run). */
  hidden(): boolean;
}

/** Where no frame comes although the window shows (a stalled compositor): the longest wait. */
export const FRAME_WAIT_MS = 100;

function browserHost(): FrameHost {
  return {
    requestAnimationFrame: (cb) => window.requestAnimationFrame(cb),
    setTimeout: (cb, ms) => window.setTimeout(cb, ms),
    addEventListener: (type, cb) => window.addEventListener(type, cb),
    hidden: () => document.visibilityState === 'hidden',
  };
}

/** The waits of one window: each resolves after the next painted frame, or at once when the window is left or hidden. */
export class FrameWaits {
  private readonly waiting = new Set<() => void>();
  private listening = false;
  private left = false;

  constructor(private readonly host: FrameHost = browserHost()) {}

  /** Resolves once the frame being drawn now is painted (a frame, then a task), or when the window is left or hidden, or after FRAME_WAIT_MS; at once in a hidden window or one being left. */
  painted(): Promise<void> {
    if (this.left || this.host.hidden()) return Promise.resolve();
    this.listen();
    return new Promise<void>((resolve) => {
      const done = () => {
        if (!this.waiting.delete(done)) return;
        resolve();
      };
      this.waiting.add(done);
      this.host.requestAnimationFrame(() => this.host.setTimeout(done, 0));
      this.host.setTimeout(done, FRAME_WAIT_MS);
    });
  }

  /** The window is going (Workspace: pagehide, beforeunload): every wait ends now, in the order they began, and later ones do not wait. */
  leave(): void {
    this.left = true;
    this.releaseAll();
  }

  private releaseAll(): void {
    for (const done of [...this.waiting]) done();
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    // hidden: no frame comes (the waits end; a window shown again waits for its frames again)
    this.host.addEventListener('visibilitychange', () => {
      if (this.host.hidden()) this.releaseAll();
    });
  }
}
