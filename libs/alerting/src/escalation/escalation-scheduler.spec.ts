import type { OrgPath } from '@campus/device-protocols';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../domain/alert';
import { ManualClock, settle } from '../testing/manual-clock.fixture';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import type { Notifier, SendResult } from '../notifications/notifier';
import { EscalationScheduler } from './escalation-scheduler';
import {
  InMemoryAlertGate,
  InMemoryEscalationStore,
  RecordingQueue,
  makeAlert,
} from '../testing/in-memory-escalation.fixture';
import { SCHOOL_1, SCHOOL_2, fixtureSites } from '../testing/escalation-sites.fixture';

const logger = pino({ level: 'silent' });
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const running: EscalationScheduler[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function setup(options: { maxSleepMs?: number; replicas?: number } = {}) {
  const clock = new ManualClock(T0);
  const store = new InMemoryEscalationStore();
  const gate = new InMemoryAlertGate();
  const queue = new RecordingQueue(() => clock.now());
  const sites = fixtureSites();
  const schedulers = Array.from({ length: options.replicas ?? 1 }, (_, i) => {
    const s = new EscalationScheduler({
      store,
      gate,
      queue,
      sites,
      logger,
      clock,
      owner: `replica-${i}`,
      ...(options.maxSleepMs === undefined ? {} : { maxSleepMs: options.maxSleepMs }),
    });
    running.push(s);
    return s;
  });
  const scheduler = schedulers[0] as EscalationScheduler;
  /** Opens an alert now (as the alert service would) and pokes the scheduler. */
  const open = (overrides: Partial<Alert> & { id: string }, org: OrgPath = SCHOOL_1, poke = true): Alert => {
    const alert = makeAlert({ openedAt: new Date(clock.now()).toISOString(), ...overrides });
    gate.add(alert);
    store.schedule(sites, alert, org);
    if (poke) scheduler.poke();
    return alert;
  };
  const sentSince = (t: number) => queue.sent.filter((s) => s.at >= t);
  return { clock, store, gate, queue, sites, scheduler, schedulers, open, sentSince };
}

describe('EscalationScheduler', () => {
  it('pages the school at once, then county, city, province at their times, then reminds', async () => {
    const { clock, gate, queue, scheduler, open } = setup();
    scheduler.start();
    open({ id: 'a1' });
    await clock.advance(0);
    expect(queue.sent.map((s) => [s.level, s.channel, s.to, s.at - T0])).toEqual([
      ['school', 'sms', '+8613800000001', 0],
      ['school', 'voice', '+8613800000001', 0],
    ]);
    expect(queue.sent[0]?.body).toContain('烟感报警');
    expect(queue.sent[0]?.name).toBe('张伟');
    expect(gate.timeline('a1')).toEqual([]);

    await clock.advance(119_999);
    expect(queue.sent).toHaveLength(2);
    await clock.advance(1);
    expect(queue.sent.slice(2).map((s) => [s.level, s.channel, s.to, s.at - T0])).toEqual([
      ['county', 'sms', '+8613800000002', 120_000],
      ['county', 'voice', '+8613800000002', 120_000],
      ['county', 'sms', '+8613800000003', 120_000],
      ['county', 'voice', '+8613800000003', 120_000],
    ]);
    expect(queue.sent[2]?.body).toContain('已升级至县级');
    expect(gate.alerts.get('a1')?.level).toBe('county');

    await clock.advance(480_000); // to 600 s
    expect(queue.sent.slice(6).map((s) => [s.level, s.channel, s.at - T0])).toEqual([
      ['city', 'sms', 300_000],
      ['province', 'sms', 600_000],
    ]);
    expect(gate.alerts.get('a1')?.level).toBe('province');

    await clock.advance(300_000); // to 900 s: the first reminder
    expect(queue.sent.slice(8).map((s) => [s.level, s.channel, s.at - T0])).toEqual([
      ['school', 'sms', 900_000],
      ['school', 'voice', 900_000],
      ['province', 'sms', 900_000],
    ]);
    expect(queue.sent[8]?.body).toContain('第1次提醒');
    expect(gate.timeline('a1').map((i) => [i.kind, i.level, Date.parse(i.at) - T0])).toEqual([
      ['escalated', 'county', 120_000],
      ['escalated', 'city', 300_000],
      ['escalated', 'province', 600_000],
      ['reminded', 'province', 900_000],
    ]);
  });

  it('stops escalating once the alert is acknowledged', async () => {
    const { clock, gate, store, queue, scheduler, open } = setup();
    scheduler.start();
    open({ id: 'a1' });
    await clock.advance(60_000);
    gate.acknowledge('a1', new Date(clock.now()));
    await clock.advance(3_600_000);
    expect(queue.sent.map((s) => s.level)).toEqual(['school', 'school']);
    expect(gate.timeline('a1')).toEqual([]);
    expect(store.rows.get('a1')?.nextStepAt).toBeNull();
  });

  it('sleeps exactly until the next due step, capped, without spinning', async () => {
    const { clock, store, queue, scheduler, open } = setup({ maxSleepMs: 50_000 });
    scheduler.start();
    await clock.advance(7_000);
    open({ id: 'a1', severity: 'high' }, SCHOOL_1, false); // county due at 307 s
    await clock.advance(43_000);
    expect(queue.sent.map((s) => s.at - T0)).toEqual([50_000]); // found by the capped sleep
    clock.delays.length = 0;
    const claims = store.claimCalls;
    await clock.advance(257_000);
    expect(clock.delays).toEqual([50_000, 50_000, 50_000, 50_000, 7_000, 50_000]);
    expect(store.claimCalls - claims).toBe(6);
    expect(queue.sent.filter((s) => s.level === 'county').map((s) => s.at - T0)).toEqual([307_000, 307_000]);
  });

  it('wakes on poke, and sees rows others scheduled within 1 s without one', async () => {
    const { clock, queue, scheduler, open } = setup();
    scheduler.start();
    await clock.advance(400);
    open({ id: 'poked' });
    await clock.advance(0);
    expect(queue.sent.map((s) => [s.alertId, s.at - T0])).toEqual([
      ['poked', 400],
      ['poked', 400],
    ]);
    open({ id: 'unpoked' }, SCHOOL_1, false);
    await clock.advance(999);
    expect(queue.sent.filter((s) => s.alertId === 'unpoked')).toEqual([]);
    await clock.advance(1);
    expect(queue.sent.filter((s) => s.alertId === 'unpoked').map((s) => s.at - T0)).toEqual([1_400, 1_400]);
  });

  it('polls only once a second when idle', async () => {
    const { clock, store, scheduler } = setup();
    scheduler.start();
    await clock.advance(10_000);
    expect(store.claimCalls).toBe(11);
  });

  it('pages only the school for a drill, reminders included', async () => {
    const { clock, gate, queue, scheduler, open } = setup();
    scheduler.start();
    open({ id: 'd1', drill: true });
    await clock.advance(700_000);
    expect(new Set(queue.sent.map((s) => s.level))).toEqual(new Set(['school']));
    expect(queue.sent.map((s) => s.at - T0)).toEqual([0, 0, 300_000, 300_000, 600_000, 600_000]);
    expect(queue.sent[0]?.body).toContain('[演练]');
    expect(gate.alerts.get('d1')?.level).toBe('school');
    expect(gate.timeline('d1').map((i) => i.kind)).toEqual(['reminded', 'reminded']);
  });

  it('sends a low alert once and finishes', async () => {
    const { clock, store, queue, scheduler, open } = setup();
    scheduler.start();
    open({ id: 'l1', severity: 'low', type: 'device_offline' });
    await clock.advance(7_200_000);
    expect(queue.sent.map((s) => [s.level, s.channel])).toEqual([['school', 'sms']]);
    expect(store.rows.get('l1')?.nextStepAt).toBeNull();
  });

  it('records a level without contacts as a failed notification and carries on', async () => {
    const { clock, gate, queue, scheduler, open } = setup();
    scheduler.start();
    open({ id: 'n1', school: '2161010002', device: 'smk-0002' }, SCHOOL_2);
    await clock.advance(120_000);
    expect(gate.timeline('n1').map((i) => [i.kind, i.level, i.result])).toEqual([
      ['notification_failed', 'school', 'no contacts for school 2161010002 in the sites file'],
      ['escalated', 'county', undefined],
    ]);
    expect(queue.sent.map((s) => s.level)).toEqual(['county', 'county', 'county', 'county']);
  });

  it('sends each step once with several replicas sharing the store', async () => {
    const { clock, queue, schedulers, open } = setup({ replicas: 3 });
    schedulers.forEach((s) => s.start());
    open({ id: 'a1' });
    open({ id: 'a2', severity: 'high' });
    await clock.advance(950_000);
    const count = (id: string) => queue.sent.filter((s) => s.alertId === id).length;
    // critical: 2 + 4 + 1 + 1 + reminder 3; high: 1 + 2 (county 300 s) + 1 (city 900 s)
    expect(count('a1')).toBe(11);
    expect(count('a2')).toBe(4);
  });

  it('re-sends a step another replica claimed but never finished, after its lease', async () => {
    const { clock, store, queue, scheduler, open } = setup();
    open({ id: 'a1' }, SCHOOL_1, false);
    await store.claimDue(new Date(clock.now()), 'dead-replica', 10, 30_000);
    scheduler.start();
    await clock.advance(29_999);
    expect(queue.sent).toHaveLength(0);
    await clock.advance(1);
    expect(queue.sent.map((s) => s.at - T0)).toEqual([30_000, 30_000]);
  });

  it('keeps running when a round fails', async () => {
    const { clock, store, queue, scheduler, open } = setup();
    const claim = store.claimDue.bind(store);
    let failures = 1;
    store.claimDue = async (...args) => {
      if (failures-- > 0) throw new Error('database away');
      return claim(...args);
    };
    scheduler.start();
    open({ id: 'a1' });
    await clock.advance(1_000);
    expect(queue.sent).toHaveLength(2);
  });

  it('is never held up by slow sends', async () => {
    const { clock, gate, store, sites } = setup();
    const hanging: Notifier = { send: () => new Promise<SendResult>(() => undefined) };
    const dispatcher = new NotificationDispatcher({
      notifier: hanging,
      timeline: gate,
      logger,
      clock,
      concurrency: 1,
    });
    const scheduler = new EscalationScheduler({ store, gate, queue: dispatcher, sites, logger, clock });
    running.push(scheduler);
    const alert = makeAlert({ id: 'a1', openedAt: new Date(T0).toISOString() });
    gate.add(alert);
    store.schedule(sites, alert, SCHOOL_1);
    scheduler.start();
    await clock.advance(600_000);
    expect(gate.timeline('a1').map((i) => i.kind)).toEqual(['escalated', 'escalated', 'escalated']);
    expect(dispatcher.pending()).toBe(8);
  });

  it('stops promptly', async () => {
    const { scheduler } = setup();
    scheduler.start();
    await settle();
    await scheduler.stop();
  });
});

describe('EscalationScheduler on the real clock', () => {
  it('sends a due step within 1 s of its time, and at once when poked', async () => {
    const store = new InMemoryEscalationStore();
    const gate = new InMemoryAlertGate();
    const queue = new RecordingQueue(() => Date.now());
    const sites = fixtureSites();
    const scheduler = new EscalationScheduler({ store, gate, queue, sites, logger });
    running.push(scheduler);
    scheduler.start();

    const opened = Date.now() + 300; // a sites-file step "after 0s" of an alert opening in 300 ms
    const alert = makeAlert({ id: 'r1', openedAt: new Date(opened).toISOString() });
    gate.add(alert);
    store.schedule(sites, alert, SCHOOL_1); // no poke: found by the capped sleep
    await new Promise((r) => setTimeout(r, 1_500));
    const first = queue.sent[0];
    expect(first).toBeDefined();
    expect(first!.at).toBeGreaterThanOrEqual(opened);
    expect(first!.at - opened).toBeLessThan(1_000);

    await new Promise((r) => setTimeout(r, 100)); // the scheduler is asleep now
    const poked = makeAlert({ id: 'r2', openedAt: new Date().toISOString() });
    gate.add(poked);
    store.schedule(sites, poked, SCHOOL_1);
    const t = Date.now();
    scheduler.poke();
    await new Promise((r) => setTimeout(r, 150));
    const second = queue.sent.find((s) => s.alertId === 'r2');
    expect(second).toBeDefined();
    expect(second!.at - t).toBeLessThan(100);
  });
});
