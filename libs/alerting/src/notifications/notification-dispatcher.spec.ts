import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../domain/alert';
import { ManualClock, settle } from '../testing/manual-clock.fixture';
import { NotificationDispatcher } from './notification-dispatcher';
import type { NotificationRequest, Notifier, SendResult } from './notifier';
import type { AlertTimeline, NotificationAttempt } from './ports';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

const logger = pino({ level: 'silent' });
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const page = {
  alertId: 'a1',
  level: 'county',
  channel: 'sms',
  to: '+8613800000002',
  name: '值班',
  body: '火警',
} as const;

/** A notifier answering from a script, one result per call (the last one repeats). */
class ScriptedNotifier implements Notifier {
  readonly calls: NotificationRequest[] = [];
  constructor(private readonly script: SendResult[]) {}
  async send(n: NotificationRequest): Promise<SendResult> {
    this.calls.push(n);
    return this.script[Math.min(this.calls.length, this.script.length) - 1] as SendResult;
  }
}

class Timeline implements AlertTimeline {
  readonly items: TimelineItem[] = [];
  open = true;
  async isStillOpen(): Promise<boolean> {
    return this.open;
  }
  async appendTimeline(_id: string, item: TimelineItem): Promise<void> {
    this.items.push(item);
  }
}

const ok: SendResult = { ok: true, sid: 'SM1', status: 'queued' };
const busy: SendResult = { ok: false, error: 'HTTP 500: Internal Server Error', retryable: true };
const invalid: SendResult = { ok: false, error: "HTTP 400 (Twilio 21211): Invalid 'To'", retryable: false };

function setup(script: SendResult[], concurrency?: number) {
  const clock = new ManualClock(T0);
  const notifier = new ScriptedNotifier(script);
  const timeline = new Timeline();
  const attempts: NotificationAttempt[] = [];
  const dispatcher = new NotificationDispatcher({
    notifier,
    timeline,
    logger,
    clock,
    random: () => 1,
    log: { record: async (a) => void attempts.push(a) },
    ...(concurrency === undefined ? {} : { concurrency }),
  });
  return { clock, notifier, timeline, attempts, dispatcher };
}

describe('NotificationDispatcher', () => {
  it('sends and records a notified item with level, channel, to and result', async () => {
    const { timeline, attempts, dispatcher } = setup([ok]);
    dispatcher.enqueue(page);
    await dispatcher.idle();
    expect(timeline.items).toEqual([
      {
        at: new Date(T0).toISOString(),
        kind: 'notified',
        level: 'county',
        channel: 'sms',
        to: '+8613800000002',
        name: '值班',
        result: 'queued',
        attempt: 1,
      },
    ]);
    expect(attempts).toEqual([
      {
        alertId: 'a1',
        level: 'county',
        channel: 'sms',
        to: '+8613800000002',
        name: '值班',
        attempt: 1,
        at: new Date(T0),
        result: ok,
        retryAt: null,
      },
    ]);
  });

  it('retries retryable failures with exponential backoff, recording every attempt', async () => {
    const { clock, notifier, timeline, dispatcher } = setup([busy, busy, ok]);
    dispatcher.enqueue(page);
    await clock.advance(0);
    expect(notifier.calls).toHaveLength(1);
    await clock.advance(1_999);
    expect(notifier.calls).toHaveLength(1);
    await clock.advance(1);
    expect(notifier.calls).toHaveLength(2);
    await clock.advance(4_000);
    await dispatcher.idle();
    expect(notifier.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(timeline.items.map((i) => [i.kind, i.attempt, Date.parse(i.at) - T0])).toEqual([
      ['notification_failed', 1, 0],
      ['notification_failed', 2, 2_000],
      ['notified', 3, 6_000],
    ]);
    expect(timeline.items[0]?.result).toBe(
      'HTTP 500: Internal Server Error; retry 2/5 at 2026-11-28T10:00:02.000Z',
    );
  });

  it('does not retry a non-retryable failure', async () => {
    const { clock, notifier, timeline, dispatcher } = setup([invalid]);
    dispatcher.enqueue(page);
    await clock.advance(60_000);
    expect(notifier.calls).toHaveLength(1);
    expect(timeline.items.map((i) => [i.kind, i.result])).toEqual([
      ['notification_failed', "HTTP 400 (Twilio 21211): Invalid 'To'; not retryable"],
    ]);
    expect(dispatcher.pending()).toBe(0);
  });

  it('gives up after the maximum number of attempts', async () => {
    const { clock, notifier, timeline, dispatcher } = setup([busy]);
    dispatcher.enqueue(page);
    await clock.advance(120_000);
    expect(notifier.calls).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(timeline.items.at(-1)?.result).toBe('HTTP 500: Internal Server Error; gave up after 5 attempts');
    expect(dispatcher.pending()).toBe(0);
  });

  it('drops retries once the alert is acknowledged', async () => {
    const { clock, notifier, timeline, dispatcher } = setup([busy, ok]);
    dispatcher.enqueue(page);
    await clock.advance(0);
    timeline.open = false;
    await clock.advance(10_000);
    expect(notifier.calls).toHaveLength(1);
    expect(dispatcher.pending()).toBe(0);
  });

  it('never blocks the caller, and limits sends in flight', async () => {
    const clock = new ManualClock(T0);
    const started: NotificationRequest[] = [];
    const release: Array<() => void> = [];
    const notifier: Notifier = {
      send: (n) => {
        started.push(n);
        return new Promise((resolve) => release.push(() => resolve(ok)));
      },
    };
    const dispatcher = new NotificationDispatcher({
      notifier,
      timeline: new Timeline(),
      logger,
      clock,
      concurrency: 2,
    });
    for (let i = 0; i < 5; i++) dispatcher.enqueue({ ...page, to: `+86138000000${i}` });
    expect(dispatcher.pending()).toBe(5);
    await settle();
    expect(started).toHaveLength(2);
    while (release.length > 0) {
      release.shift()?.();
      await settle();
    }
    await dispatcher.idle();
    expect(started.map((n) => n.to)).toEqual([
      '+861380000000',
      '+861380000001',
      '+861380000002',
      '+861380000003',
      '+861380000004',
    ]);
  });

  it('survives a throwing notifier and timeline', async () => {
    const clock = new ManualClock(T0);
    let calls = 0;
    const notifier: Notifier = {
      send: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return ok;
      },
    };
    const timeline: AlertTimeline = {
      isStillOpen: async () => true,
      appendTimeline: async () => {
        throw new Error('db down');
      },
    };
    const dispatcher = new NotificationDispatcher({ notifier, timeline, logger, clock, random: () => 0 });
    dispatcher.enqueue(page);
    await clock.advance(1_000);
    await dispatcher.idle();
    expect(calls).toBe(2);
  });

  it('cancels waiting retries on stop', async () => {
    const { clock, notifier, dispatcher } = setup([busy]);
    dispatcher.enqueue(page);
    await clock.advance(0);
    await dispatcher.stop();
    await clock.advance(60_000);
    expect(notifier.calls).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
    dispatcher.enqueue(page);
    expect(dispatcher.pending()).toBe(0);
  });
});
