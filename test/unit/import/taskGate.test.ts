import { describe, expect, it } from 'vitest';
import { TaskGate } from '../../../server/services/import/taskGate.ts';

/** A task that runs until released, recording when it started. */
function task(started: string[], name: string) {
  let release!: (value: string) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return {
    run: () => {
      started.push(name);
      return done;
    },
    release: () => release(name),
    fail: (message: string) => fail(new Error(message)),
  };
}

describe('TaskGate', () => {
  it('runs at most its size at once, the rest in the order they came, also after a failure', async () => {
    const gate = new TaskGate(2);
    const started: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => task(started, n));
    const results = [a!, b!, c!, d!].map((t) => gate.run(t.run));
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(gate.load).toEqual({ running: 2, waiting: 2 });

    b!.fail('unreadable');
    await expect(results[1]).rejects.toThrow('unreadable');
    expect(started).toEqual(['a', 'b', 'c']);

    a!.release();
    await expect(results[0]).resolves.toBe('a');
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });

    c!.release();
    d!.release();
    await expect(Promise.all([results[2], results[3]])).resolves.toEqual(['c', 'd']);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a size below one', () => {
    expect(() => new TaskGate(0)).toThrow(RangeError);
  });
});
