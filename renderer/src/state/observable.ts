/**
 * The base of the renderer's state objects (Workspace, DocumentSession, Interaction): an immutable
 * state behind useSyncExternalStore, replaced by `set`, with two kinds of listeners.
 */
export type Listener = () => void;

/** Call every listener; one that throws does not keep the others from hearing (its error is answered). */
function tell(listeners: Iterable<Listener>): { error: unknown } | null {
  let failed: { error: unknown } | null = null;
  for (const l of listeners) {
    try {
      l();
    } catch (error) {
      failed ??= { error };
    }
  }
  return failed;
}

export class Observable<S extends object> {
  protected state: S;
  private readonly listeners = new Set<Listener>();
  private readonly urgentListeners = new Set<Listener>();
  /** A notification of the non-urgent listeners waiting for the next paint (notifyAfterPaint). */
  private deferred: object | null = null;

  constructor(initial: S) {
    this.state = initial;
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): S => this.state;

  /**
   * What must change in the frame right after an input (the overlay's highlights): told of every
   * change at once, also of those the rest of the view (React, arcs) hears of only after the next
   * paint (see `set`).
   */
  readonly subscribeUrgent = (listener: Listener): (() => void) => {
    this.urgentListeners.add(listener);
    return () => this.urgentListeners.delete(listener);
  };

  /**
   * Change the state. `afterPaint`: the urgent listeners hear of it now and the others after the
   * next frame is painted, so a hotkey's highlight is not held back by a React render of the
   * panels (useSyncExternalStore renders synchronously, inside the key handler).
   */
  protected set(patch: Partial<S>, afterPaint = false): void {
    this.state = { ...this.state, ...patch };
    const failed = tell(this.urgentListeners);
    if (afterPaint) this.notifyAfterPaint();
    else this.notify();
    if (failed) throw failed.error;
  }

  private notify(): void {
    this.deferred = null;
    const failed = tell(this.listeners);
    if (failed) throw failed.error;
  }

  private notifyAfterPaint(): void {
    if (this.deferred) return;
    const token = {};
    this.deferred = token;
    const run = () => {
      if (this.deferred === token) this.notify();
    };
    // A task posted from an animation frame runs once that frame is rendered; the timeout covers
    // a hidden window, where animation frames do not run.
    const channel = new MessageChannel();
    channel.port1.onmessage = run;
    requestAnimationFrame(() => channel.port2.postMessage(0));
    window.setTimeout(run, 250);
  }
}
