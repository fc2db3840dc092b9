/**
 * The one queue of every change the window asks for (labels, events, relations, metadata, undo,
 * redo, document switches, imports, schema): each runs once the one before it has been answered,
 * in the order the user asked, so an answer is always applied to the state the call was made on.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
