import { describe, expect, it } from 'vitest';
import { waitFor } from '@campus/test-kit';
import type { Trigger } from '../domain/trigger';
import {
  deferred,
  INTAKE_SITES,
  silentLogger,
  T0,
  uplinkEvent,
  uplinkReading,
} from '../testing/intake.fixture';
import { RetryableError } from './retryable';
import { RuleLoop, type RuleLoopOptions } from './rule-loop';

/** A RuleLoop on the fixture sites with a fake clock; `handled` collects every handleTriggers call. */
function loop(overrides: Partial<RuleLoopOptions> = {}) {
  const clock = { now: T0 };
  const handled: Trigger[][] = [];
  const rules = new RuleLoop({
    sites: INTAKE_SITES,
    handleTriggers: (triggers) => void handled.push(triggers),
    logger: silentLogger(),
    clock: () => clock.now,
    ...overrides,
  });
  return { rules, clock, handled };
}

describe('RuleLoop', () => {
  it('turns an uplink smoke event from a smoke detector at a red risk point into an alert trigger', async () => {
    const { rules, handled } = loop();
    await rules.onUplink(uplinkEvent('smk-red', 'smoke'), T0 + 5);
    expect(handled).toEqual([
      [
        expect.objectContaining({
          kind: 'alert',
          key: 'default:smoke:smk-red',
          rule: 'default:smoke',
          type: 'smoke',
          severity: 'critical',
          device: 'smk-red',
          org: INTAKE_SITES.deviceById.get('smk-red')?.org,
          at: T0 + 5,
        }),
      ],
    ]);
  });

  it('hands a redelivered message (same gateway id) over once, its alert triggers carrying the id', async () => {
    const { rules, handled } = loop();
    const smoke = { ...uplinkEvent('smk-red', 'smoke'), id: 'edge-a:k1:7' };
    await rules.onUplink(smoke, T0 + 5);
    await rules.onUplink(smoke, T0 + 6);
    expect(handled).toEqual([[expect.objectContaining({ kind: 'alert', source: 'edge-a:k1:7' })]]);
    // another message, and messages without an id (in process), are each handled
    await rules.onUplink({ ...smoke, id: 'edge-a:k1:8' }, T0 + 7);
    await rules.onUplink(uplinkEvent('smk-red', 'smoke'), T0 + 8);
    await rules.onUplink(uplinkEvent('smk-red', 'smoke'), T0 + 9);
    expect(handled).toHaveLength(4);
    expect(handled[3]![0]).not.toHaveProperty('source');
  });

  it('handles a redelivery again when the first delivery failed', async () => {
    let fail = true;
    const handled: Trigger[][] = [];
    const { rules } = loop({
      handleTriggers: (triggers) => {
        if (fail) throw new RetryableError('database busy');
        handled.push(triggers);
      },
    });
    const smoke = { ...uplinkEvent('smk-red', 'smoke'), id: 'edge-a:k1:9' };
    await expect(rules.onUplink(smoke, T0)).rejects.toThrow('database busy');
    fail = false;
    await rules.onUplink(smoke, T0 + 1);
    expect(handled).toEqual([[expect.objectContaining({ source: 'edge-a:k1:9' })]]);
  });

  it('hands over nothing for a message no rule cares about', async () => {
    const { rules, handled } = loop();
    await rules.onUplink(uplinkReading('temp-red', { temperature: 21 }), T0);
    expect(handled).toEqual([]);
  });

  it('ticks on the clock: a temperature held at 60 °C for 10 s becomes a heat alert (raised at red)', async () => {
    const { rules, clock, handled } = loop();
    await rules.onUplink(uplinkReading('temp-red', { temperature: 60 }), T0);
    clock.now = T0 + 9_999;
    await rules.tick();
    expect(handled).toEqual([]);
    clock.now = T0 + 10_000;
    await rules.tick();
    expect(handled).toEqual([
      [
        expect.objectContaining({
          kind: 'alert',
          key: 'default:heat:temp-red',
          severity: 'critical',
          at: T0 + 10_000,
        }),
      ],
    ]);
  });

  it('skips a tick while the previous one is still being handled', async () => {
    const gate = deferred();
    let calls = 0;
    const { rules, clock } = loop({
      handleTriggers: async () => {
        calls += 1;
        await gate.promise;
      },
    });
    await rules.onUplink(uplinkReading('temp-red', { temperature: 60 }), T0);
    clock.now = T0 + 10_000;
    const first = rules.tick();
    const second = rules.tick();
    gate.resolve();
    await Promise.all([first, second]);
    expect(calls).toBe(1);
  });

  it('start() runs the audit once and then ticks on an unref’d interval; stop() ends it', async () => {
    const { rules, clock, handled } = loop({ tickIntervalMs: 10 });
    await rules.onUplink(uplinkReading('temp-red', { temperature: 60 }), T0);
    clock.now = T0 + 10_000;
    rules.start();
    await waitFor(() => handled.length === 2);
    await rules.stop();
    expect(handled[0]).toEqual([
      expect.objectContaining({ kind: 'hazard', source: 'audit:dormitory_smoke' }),
    ]);
    expect(handled[1]).toEqual([expect.objectContaining({ key: 'default:heat:temp-red' })]);
    clock.now = T0 + 60_000;
    await new Promise((r) => setTimeout(r, 50));
    expect(handled).toHaveLength(2);
  });

  it('a retryable failure rethrows; the redelivered message hands over the same triggers, not re-evaluated', async () => {
    let fail = true;
    const handled: Trigger[][] = [];
    const { rules } = loop({
      handleTriggers: (triggers) => {
        if (fail) throw new RetryableError('database down');
        handled.push(triggers);
      },
    });
    const smoke = uplinkEvent('smk-red', 'smoke');
    await expect(rules.onUplink(smoke, T0)).rejects.toThrow('database down');
    fail = false;
    await rules.onUplink(smoke, T0 + 1_000);
    expect(handled).toEqual([[expect.objectContaining({ key: 'default:smoke:smk-red', at: T0 })]]);
  });

  it('keeps tick triggers that failed retryably and hands them over with the next tick', async () => {
    let fail = true;
    const handled: Trigger[][] = [];
    const { rules, clock } = loop({
      handleTriggers: (triggers) => {
        if (fail) throw new RetryableError('database down');
        handled.push(triggers);
      },
    });
    await rules.onUplink(uplinkReading('temp-red', { temperature: 60 }), T0);
    clock.now = T0 + 10_000;
    await rules.tick();
    fail = false;
    clock.now = T0 + 11_000;
    await rules.tick();
    expect(handled).toEqual([[expect.objectContaining({ key: 'default:heat:temp-red', at: T0 + 10_000 })]]);
  });

  it('drops tick triggers whose handling failed for good', async () => {
    let fail = true;
    const handled: Trigger[][] = [];
    const { rules, clock } = loop({
      handleTriggers: (triggers) => {
        if (fail) throw new Error('bug');
        handled.push(triggers);
      },
    });
    await rules.onUplink(uplinkReading('temp-red', { temperature: 60 }), T0);
    clock.now = T0 + 10_000;
    await rules.tick();
    fail = false;
    clock.now = T0 + 11_000;
    await rules.tick();
    expect(handled).toEqual([]);
  });
});
