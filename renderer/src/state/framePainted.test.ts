import { describe, expect, it } from 'vitest';
import { FRAME_WAIT_MS, FrameWaits, type FrameHost } from './framePainted';
import { SerialQueue } from './queue';

/** A window whose frames, tasks and events the test runs by hand. */
function fakeHost() {
  let frames: (() => void)[] = [];
  let tasks: { at: number; cb: () => void }[] = [];
  const listeners = new Map<string, (() => void)[]>();
  let now = 0;
  const state = { hidden: false };
  const host: FrameHost = {
    requestAnimationFrame: (cb) => frames.push(cb),
    setTimeout: (cb, ms) => tasks.push({ at: now + ms, cb }),
    addEventListener: (type, cb) => listeners.set(type, [...(listeners.get(type) ?? []), cb]),
    hidden: () => state.hidden,
  };
  const settle = () => new Promise<void>((done) => setImmediate(done));
  return {
    host,
    state,
    /** One frame: its animation callbacks, then the tasks due (those it posted with 0 ms). */
    async frame() {
      const run = frames;
      frames = [];
      for (const cb of run) cb();
      await this.tasksDue();
    },
    async tasksDue() {
      const due = tasks.filter((t) => t.at <= now);
      tasks = tasks.filter((t) => t.at > now);
      for (const t of due) t.cb();
      await settle();
    },
    async advance(ms: number) {
      now += ms;
      await this.tasksDue();
    },
    async fire(type: string) {
      for (const cb of listeners.get(type) ?? []) cb();
      await settle();
    },
    settle,
  };
}

/** A wait begun in a fresh window: the window, its waits, and whether the wait has ended. */
function begin() {
  const w = fakeHost();
  const waits = new FrameWaits(w.host);
  const wait = { done: false };
  void waits.painted().then(() => (wait.done = true));
  return { w, waits, wait };
}

describe('FrameWaits (a label’s store call held back for its frame)', () => {
  it('resolves once the next frame is painted, not before', async () => {
    const { w, wait } = begin();
    await w.settle();
    expect(wait.done).toBe(false);
    await w.frame();
    expect(wait.done).toBe(true);
  });

  it('resolves at once when the window is left (leave) or hidden, and does not wait once left', async () => {
    for (const how of ['leave', 'hidden']) {
      const { w, waits, wait } = begin();
      await w.settle();
      expect(wait.done).toBe(false);
      if (how === 'hidden') {
        w.state.hidden = true;
        await w.fire('visibilitychange');
      } else waits.leave();
      await w.settle();
      expect(wait.done, how).toBe(true);
    }
    const w = fakeHost();
    const waits = new FrameWaits(w.host);
    waits.leave();
    let later = false;
    void waits.painted().then(() => (later = true));
    await w.settle();
    expect(later).toBe(true);
  });

  it('a visible window becoming visible again does not end the wait', async () => {
    const { w, wait } = begin();
    await w.fire('visibilitychange');
    expect(wait.done).toBe(false);
  });

  it('does not wait in a hidden window, and at most FRAME_WAIT_MS where no frame comes', async () => {
    const hidden = fakeHost();
    hidden.state.hidden = true;
    let done = false;
    void new FrameWaits(hidden.host).painted().then(() => (done = true));
    await hidden.settle();
    expect(done).toBe(true);

    const stalled = fakeHost();
    done = false;
    void new FrameWaits(stalled.host).painted().then(() => (done = true));
    await stalled.advance(FRAME_WAIT_MS - 1);
    expect(done).toBe(false);
    await stalled.advance(1);
    expect(done).toBe(true);
  });

  it('keeps the queue’s order: what is asked during the wait runs after the held call', async () => {
    const w = fakeHost();
    const waits = new FrameWaits(w.host);
    const queue = new SerialQueue();
    const sent: string[] = [];
    const label = queue.run(async () => {
      await waits.painted();
      sent.push('mentions.create');
    });
    const undo = queue.run(async () => {
      sent.push('history.undo');
    });
    await w.settle();
    expect(sent).toEqual([]);
    await w.frame();
    await Promise.all([label, undo]);
    expect(sent).toEqual(['mentions.create', 'history.undo']);
  });

  it('a wait ended by the window leaving is not ended twice by the frame after', async () => {
    const w = fakeHost();
    const waits = new FrameWaits(w.host);
    let count = 0;
    void waits.painted().then(() => count++);
    waits.leave();
    await w.frame();
    await w.advance(FRAME_WAIT_MS);
    expect(count).toBe(1);
  });
});
