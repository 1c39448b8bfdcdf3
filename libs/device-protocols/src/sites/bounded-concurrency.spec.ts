import { describe, expect, it } from 'vitest';
import { BoundedConcurrency } from './bounded-concurrency';

/** A task the test finishes by hand, to see exactly which ones have started. */
function gate<T>(): { promise: Promise<T>; open(value: T): void; fail(err: Error): void } {
  let open!: (value: T) => void;
  let fail!: (err: Error) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Lets every settled promise's callbacks run (no timers involved). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('BoundedConcurrency', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in FIFO order', async () => {
    const limiter = new BoundedConcurrency(2, 10);
    const gates = Array.from({ length: 5 }, () => gate<number>());
    const started: number[] = [];
    const results = gates.map((g, i) =>
      limiter.run(() => {
        started.push(i);
        return g.promise;
      }),
    );
    expect(started).toEqual([0, 1]);
    expect([limiter.active, limiter.queued]).toEqual([2, 3]);

    gates[1]!.open(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.open(0);
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    expect([limiter.active, limiter.queued]).toEqual([2, 1]);

    for (const [i, g] of gates.entries()) g.open(i);
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });

  it('a newcomer does not overtake the waiting tasks when a slot frees', async () => {
    const limiter = new BoundedConcurrency(1, 10);
    const first = gate<void>();
    const order: string[] = [];
    void limiter.run(() => first.promise);
    const waiting = limiter.run(async () => void order.push('waiting'));
    first.open();
    const late = limiter.run(async () => void order.push('late'));
    await Promise.all([waiting, late]);
    expect(order).toEqual(['waiting', 'late']);
  });

  it('rejects at once beyond the queue bound, and takes tasks again once there is room', async () => {
    const limiter = new BoundedConcurrency(1, 2, () => new Error('busy, try again'));
    const running = gate<string>();
    const first = limiter.run(() => running.promise);
    const queued = [limiter.run(async () => 'a'), limiter.run(async () => 'b')];
    let ran = false;
    await expect(
      limiter.run(async () => {
        ran = true;
        return 'c';
      }),
    ).rejects.toThrow('busy, try again');
    expect(ran).toBe(false);
    expect([limiter.active, limiter.queued]).toEqual([1, 2]);

    running.open('first');
    expect(await Promise.all([first, ...queued])).toEqual(['first', 'a', 'b']);
    expect(await limiter.run(async () => 'd')).toBe('d');
  });

  it('gives the slot back when a task fails, whether it rejects or throws', async () => {
    const limiter = new BoundedConcurrency(1, 5);
    const failing = gate<void>();
    const rejected = limiter.run(() => failing.promise);
    const thrown = limiter.run(() => {
      throw new Error('thrown');
    });
    const after = limiter.run(async () => 'after');
    failing.fail(new Error('rejected'));
    await expect(rejected).rejects.toThrow('rejected');
    await expect(thrown).rejects.toThrow('thrown');
    expect(await after).toBe('after');
    expect([limiter.active, limiter.queued]).toEqual([0, 0]);
  });

  it('a queue bound of 0 runs up to the limit and refuses the rest', async () => {
    const limiter = new BoundedConcurrency(1, 0);
    const running = gate<void>();
    const first = limiter.run(() => running.promise);
    await expect(limiter.run(async () => undefined)).rejects.toThrow('more than 0 tasks waiting');
    running.open();
    await first;
  });

  it.each([
    [0, 1],
    [1.5, 1],
    [1, -1],
  ])('refuses limit %s with queue %s', (limit, queue) => {
    expect(() => new BoundedConcurrency(limit, queue)).toThrow(RangeError);
  });
});
