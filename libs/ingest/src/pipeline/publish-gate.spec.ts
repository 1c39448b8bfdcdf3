import { describe, expect, test } from 'vitest';
import { PublishGate } from './publish-gate';

describe('PublishGate', () => {
  test('admits at once below the bound, without a promise', () => {
    const gate = new PublishGate(2);
    expect(gate.enter('a')).toBeUndefined();
    expect(gate.enter('b')).toBeUndefined();
    expect(gate.active).toBe(2);
    expect(gate.full).toBe(true);
  });

  test('holds publishes at the bound and admits one per leave', async () => {
    const gate = new PublishGate(1);
    expect(gate.enter('a')).toBeUndefined();
    let admitted = false;
    const waiting = gate.enter('a')!.then(() => (admitted = true));
    await Promise.resolve();
    expect(admitted).toBe(false);
    expect(gate.waiting).toBe(1);
    gate.leave();
    await waiting;
    expect(admitted).toBe(true);
    expect(gate.active).toBe(1);
    expect(gate.waiting).toBe(0);
  });

  test('admits waiting clients round-robin: the heavy sender waits, the light one does not', async () => {
    const gate = new PublishGate(1);
    gate.enter('busy');
    const order: string[] = [];
    const wait = (client: string, n: number) => gate.enter(client)!.then(() => order.push(`${client}${n}`));
    const all = [wait('busy', 1), wait('busy', 2), wait('busy', 3), wait('quiet', 1)];
    for (let i = 0; i < 4; i++) {
      gate.leave();
      await Promise.resolve();
      await Promise.resolve();
    }
    await Promise.all(all);
    expect(order).toEqual(['busy1', 'quiet1', 'busy2', 'busy3']);
  });

  test('a newcomer does not overtake those already waiting', async () => {
    const gate = new PublishGate(1);
    gate.enter('a');
    const first = gate.enter('b');
    expect(first).toBeDefined();
    gate.leave();
    await first;
    // b holds the only slot now; c must wait even though it is new
    expect(gate.enter('c')).toBeDefined();
  });

  test('refuses a bound that is not a positive integer', () => {
    expect(() => new PublishGate(0)).toThrow(/positive integer/);
  });
});
