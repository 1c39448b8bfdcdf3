import { describe, expect, it } from 'vitest';
import { KeyBusyError, KeyedConcurrency } from './keyed-concurrency';

function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Lets settled promises' callbacks and the next waiting task (started on setImmediate) run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('KeyedConcurrency', () => {
  it('runs at most limitPerKey tasks per key, FIFO, and other keys independently', async () => {
    const lanes = new KeyedConcurrency(2);
    const gates = Array.from({ length: 4 }, () => gate());
    const started: string[] = [];
    const task = (name: string, g: { promise: Promise<void> }) => () => {
      started.push(name);
      return g.promise;
    };
    const runs = [
      lanes.run('a', task('a0', gates[0]!)),
      lanes.run('a', task('a1', gates[1]!)),
      lanes.run('a', task('a2', gates[2]!)),
      lanes.run('b', task('b0', gates[3]!)),
    ];
    expect(started).toEqual(['a0', 'a1', 'b0']);
    expect(lanes.queued('a')).toBe(1);
    gates[1]!.open();
    await settle();
    expect(started).toEqual(['a0', 'a1', 'b0', 'a2']);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(lanes.keys).toBe(0);
  });

  it('refuses past maxQueuedPerKey and gives the slot back when a task throws', async () => {
    const lanes = new KeyedConcurrency(1, 1);
    const g = gate();
    const first = lanes.run('a', () => g.promise);
    const second = lanes.run('a', () => Promise.resolve('second'));
    await expect(lanes.run('a', () => Promise.resolve('third'))).rejects.toBeInstanceOf(KeyBusyError);
    g.open();
    await first;
    await expect(second).resolves.toBe('second');
    await expect(
      lanes.run('a', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(lanes.run('a', () => Promise.resolve(1))).resolves.toBe(1);
    expect(lanes.keys).toBe(0);
  });

  it('hands a finished slot to the oldest waiting task, never to one that arrives meanwhile', async () => {
    const lanes = new KeyedConcurrency(1);
    const [a, b, c] = [gate(), gate(), gate()];
    const started: string[] = [];
    const task = (name: string, g: { promise: Promise<void> }) => () => {
      started.push(name);
      return g.promise;
    };
    const runs = [lanes.run('k', task('a', a)), lanes.run('k', task('b', b))];
    a.open();
    await Promise.resolve();
    await Promise.resolve();
    runs.push(lanes.run('k', task('c', c)));
    await settle();
    expect(started).toEqual(['a', 'b']);
    b.open();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    c.open();
    await Promise.all(runs);
  });
});
