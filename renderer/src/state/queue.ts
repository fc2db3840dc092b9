/**
 * The one queue of every change the window asks for (labels, events, relations, metadata, undo,
 * redo, document switches, imports, schema): each runs once the one before it has been answered,
 * in the order the user asked, so an answer is always applied to the state the call was made on.
 *
 * When the window goes (`leave`: closed, reloaded), the changes still waiting start at once, in
 * order, without waiting for the answers before them: their calls are sent before the window is
 * gone (the service takes calls in the order they are sent), where waiting would lose them.
 */
export class SerialQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private leaving = false;

  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active++;
        let run: Promise<T>;
        try {
          run = task();
        } catch (e) {
          run = Promise.reject(e);
        }
        run.then(resolve, reject).finally(() => {
          this.active--;
          this.next();
        });
      };
      // (a task never starts inside `run`: a microtask later at the soonest, as it always did)
      if (this.leaving) queueMicrotask(start);
      else {
        this.waiting.push(start);
        if (this.active === 0 && this.waiting.length === 1) queueMicrotask(() => this.next());
      }
    });
  }

  /** Changes asked and not answered yet (running or waiting). */
  get size(): number {
    return this.active + this.waiting.length;
  }

  /** The window is going: every change waiting starts now, in order, and every later one at once. */
  leave(): void {
    this.leaving = true;
    for (const start of this.waiting.splice(0)) start();
  }

  private next(): void {
    if (this.active === 0) this.waiting.shift()?.();
  }
}
