import { describe, expect, it } from 'vitest';
import { CalmLane } from './calm-lane';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await turn();
}

describe('CalmLane', () => {
  it('runs a task in a later turn when nothing arrives, one task per turn, in order', async () => {
    const lane = new CalmLane();
    const ran: string[] = [];
    lane.run(() => ran.push('a'));
    lane.run(() => ran.push('b'));
    lane.run(() => ran.push('c'));
    expect(ran).toEqual([]);
    await turn();
    expect(ran).toEqual(['a']);
    await turn();
    expect(ran).toEqual(['a', 'b']);
    await turns(2);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(lane.waiting).toBe(0);
  });

  it('holds its tasks while arrivals keep coming, and runs them once a turn passes without one', async () => {
    const lane = new CalmLane(60_000);
    const ran: number[] = [];
    lane.run(() => ran.push(1));
    lane.run(() => ran.push(2));
    for (let i = 0; i < 20; i++) {
      lane.arrived();
      await turn();
    }
    expect(ran).toEqual([]);
    expect(lane.waiting).toBe(2);
    await turns(4);
    expect(ran).toEqual([1, 2]);
  });

  it('never holds a task longer than maxWaitMs, however many arrivals', async () => {
    let now = 0;
    const lane = new CalmLane(100, () => now);
    const ran: number[] = [];
    lane.run(() => ran.push(1));
    for (let i = 0; i < 5; i++) {
      lane.arrived();
      await turn();
    }
    expect(ran).toEqual([]);
    now = 100;
    lane.arrived();
    await turns(2);
    expect(ran).toEqual([1]);
  });

  it('goes on after a task that throws', async () => {
    const lane = new CalmLane();
    const ran: string[] = [];
    lane.run(() => {
      throw new Error('handler failed');
    });
    lane.run(() => ran.push('next'));
    await turns(3);
    expect(ran).toEqual(['next']);
  });
});
