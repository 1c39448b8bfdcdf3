import { describe, expect, it } from 'vitest';
import { GarbageBudget } from './gb26875-limits';

describe('GarbageBudget', () => {
  it('drops a peer after too many refused outcomes in a row; an accepted frame starts over', () => {
    const budget = new GarbageBudget({ maxConsecutiveErrors: 3, maxBytesWithoutFrame: 1e9 });
    expect([budget.refused(), budget.refused(), budget.refused()]).toEqual([undefined, undefined, undefined]);
    budget.accepted();
    for (let i = 0; i < 3; i++) expect(budget.refused()).toBeUndefined();
    expect(budget.refused()).toMatch(/4 refused frames or noise in a row \(limit 3\)/);
  });

  it('drops a peer after too many bytes without an accepted frame; an accepted frame starts over', () => {
    const budget = new GarbageBudget({ maxConsecutiveErrors: 1e9, maxBytesWithoutFrame: 100 });
    expect(budget.received(60)).toBeUndefined();
    budget.accepted();
    expect(budget.received(60)).toBeUndefined();
    expect(budget.received(40)).toBeUndefined();
    expect(budget.received(1)).toMatch(/101 bytes without an accepted frame \(limit 100\)/);
  });
});
