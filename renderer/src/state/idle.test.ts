import { describe, expect, it } from 'vitest';
import { stepsWhenIdle, type IdleHost } from './idle';

/** Idle periods run by hand, each with the time it has left (ms), spent by the steps as they run. */
function fakeIdle() {
  const queued: ((d: { timeRemaining(): number; didTimeout: boolean }) => void)[] = [];
  let left = 0;
  let clock = 0;
  const tasks: (() => void)[] = [];
  const host: IdleHost = { requestIdleCallback: (cb) => queued.push(cb), setTimeout: (cb) => tasks.push(cb) };
  return {
    host,
    /** The tasks posted so far, run. */
    tasks() {
      for (const t of tasks.splice(0)) t();
    },
    now: () => clock,
    spend(ms: number) {
      left -= ms;
      clock += ms;
    },
    /** One idle period of `ms`; false if nothing waited for one. */
    period(ms: number): boolean {
      const cb = queued.shift();
      if (!cb) return false;
      left = ms;
      cb({ timeRemaining: () => Math.max(0, left), didTimeout: false });
      return true;
    },
  };
}

function* work(idle: ReturnType<typeof fakeIdle>, steps: number, msEach: number, ran: number[]): Generator<void, string, void> {
  for (let k = 0; k < steps; k++) {
    idle.spend(msEach);
    ran.push(k);
    if (k < steps - 1) yield;
  }
  return 'read';
}

describe('stepsWhenIdle (long work in idle periods)', () => {
  it('runs steps while the period has time left, then the next period, and gives the value at the end', () => {
    const idle = fakeIdle();
    const ran: number[] = [];
    let value: string | null = null;
    stepsWhenIdle(work(idle, 10, 5, ran), (v) => (value = v), { host: idle.host, now: idle.now });
    expect(ran).toEqual([]);
    idle.period(20);
    // 5 ms a step: after three, 5 ms left, not more than the longest step: the period ends
    expect(ran).toEqual([0, 1, 2]);
    expect(value).toBeNull();
    idle.period(20);
    idle.period(20);
    expect(ran.length).toBe(9);
    expect(value).toBeNull();
    idle.period(20);
    expect(ran.length).toBe(10);
    // the value in a task of its own, after the last step's period
    expect(value).toBeNull();
    idle.tasks();
    expect(value).toBe('read');
    expect(idle.period(20)).toBe(false);
  });

  it('another step starts only if the period has time for the longest step so far', () => {
    const idle = fakeIdle();
    const ran: number[] = [];
    stepsWhenIdle(work(idle, 10, 12, ran), () => undefined, { host: idle.host, now: idle.now });
    // 12 ms a step in a 30 ms period: after two, 6 ms left, less than 12: the period ends (not 3 steps, 6 ms over)
    idle.period(30);
    expect(ran).toEqual([0, 1]);
  });

  it('a period without time left still runs one step (a busy window gets there)', () => {
    const idle = fakeIdle();
    const ran: number[] = [];
    stepsWhenIdle(work(idle, 3, 5, ran), () => undefined, { host: idle.host, now: idle.now });
    idle.period(0);
    expect(ran).toEqual([0]);
  });

  it('stops when cancelled: no further step, no value', () => {
    const idle = fakeIdle();
    const ran: number[] = [];
    let cancelled = false;
    let value: string | null = null;
    stepsWhenIdle(work(idle, 10, 5, ran), (v) => (value = v), { host: idle.host, now: idle.now, cancelled: () => cancelled });
    idle.period(12);
    expect(ran).toEqual([0, 1]);
    cancelled = true;
    idle.period(50);
    expect(ran).toEqual([0, 1]);
    expect(value).toBeNull();
  });

  it('cancelled after the last step: no value either', () => {
    const idle = fakeIdle();
    let cancelled = false;
    let value: string | null = null;
    stepsWhenIdle(work(idle, 2, 1, []), (v) => (value = v), { host: idle.host, now: idle.now, cancelled: () => cancelled });
    idle.period(50);
    cancelled = true;
    idle.tasks();
    expect(value).toBeNull();
  });
});
