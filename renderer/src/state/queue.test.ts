import { describe, expect, it } from 'vitest';
import { SerialQueue } from './queue';

/** A call whose answer the test gives by hand. */
function held() {
  let answer!: (v: string) => void;
  const p = new Promise<string>((done) => (answer = done));
  return { p, answer };
}

const settle = () => new Promise<void>((done) => setImmediate(done));

describe('SerialQueue (every change, one after the other)', () => {
  it('runs each change once the one before it was answered, in order, also after a failure', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const a = held();
    const first = q.run(async () => {
      log.push('a sent');
      return a.p;
    });
    const second = q.run(async () => {
      log.push('b sent');
      throw new Error('b failed');
    });
    const third = q.run(async () => {
      log.push('c sent');
      return 'c';
    });
    // never inside run itself
    expect(log).toEqual([]);
    await settle();
    expect(log).toEqual(['a sent']);
    expect(q.size).toBe(3);
    a.answer('a');
    expect(await first).toBe('a');
    await expect(second).rejects.toThrow('b failed');
    expect(await third).toBe('c');
    expect(log).toEqual(['a sent', 'b sent', 'c sent']);
    expect(q.size).toBe(0);
  });

  it('when the window goes, the changes waiting behind an unanswered one are sent at once, in order', async () => {
    const q = new SerialQueue();
    const sent: string[] = [];
    const a = held();
    void q.run(async () => {
      sent.push('mentions.create 1');
      return a.p;
    });
    void q.run(async () => {
      sent.push('mentions.create 2');
    });
    void q.run(async () => {
      sent.push('mentions.update');
    });
    await settle();
    expect(sent).toEqual(['mentions.create 1']);
    q.leave();
    // started by leave itself (its listener's task), before the window is gone
    expect(sent).toEqual(['mentions.create 1', 'mentions.create 2', 'mentions.update']);
    void q.run(async () => {
      sent.push('history.undo');
    });
    await settle();
    expect(sent.at(-1)).toBe('history.undo');
  });
});
