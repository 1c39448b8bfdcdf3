import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { TwilioNotifier } from '../notifications/twilio-notifier';
import { TwilioDouble } from '../testing/twilio-double';
import { EscalationScheduler } from './escalation-scheduler';
import {
  InMemoryAlertGate,
  InMemoryEscalationStore,
  makeAlert,
} from '../testing/in-memory-escalation.fixture';
import { SCHOOL_1, fixtureSites } from '../testing/escalation-sites.fixture';

const logger = pino({ level: 'silent' });

let double: TwilioDouble;
beforeAll(async () => {
  double = await TwilioDouble.start();
});
afterAll(() => double.close());

describe('escalation through Twilio (real HTTP to the double)', () => {
  it('pages the school by SMS and voice within 1 s, with every attempt on the timeline', async () => {
    const sites = fixtureSites();
    const store = new InMemoryEscalationStore();
    const gate = new InMemoryAlertGate();
    const notifier = new TwilioNotifier(
      {
        accountSid: double.accountSid,
        authToken: double.authToken,
        from: '+15005550006',
        apiUrl: double.url,
      },
      logger,
    );
    const dispatcher = new NotificationDispatcher({
      notifier,
      timeline: gate,
      logger,
      policy: { maxAttempts: 3, baseDelayMs: 20, factor: 2, maxDelayMs: 100, jitter: 0 },
    });
    const scheduler = new EscalationScheduler({ store, gate, queue: dispatcher, sites, logger });
    scheduler.start();
    try {
      double.failNext(1, 500);
      const alert = makeAlert({ id: 'e2e', openedAt: new Date().toISOString() });
      gate.add(alert);
      store.schedule(sites, alert, SCHOOL_1);
      const t0 = Date.now();
      scheduler.poke();
      const ok = await double.waitFor((r) => r.filter((x) => x.status === 201).length === 2, 2_000);
      expect(ok.filter((r) => r.status === 201).every((r) => r.at.getTime() - t0 < 1_000)).toBe(true);
      expect(new Set(ok.map((r) => r.kind))).toEqual(new Set(['sms', 'voice']));
      expect(ok.find((r) => r.kind === 'sms')?.body).toContain('雁塔区第一小学 实验楼2层化学实验室');
      expect(ok.find((r) => r.kind === 'voice')?.twiml).toContain('<Say language="zh-CN">校园安全紧急通知。');
      await dispatcher.idle();
      const items = gate.timeline('e2e');
      expect(items.filter((i) => i.kind === 'notification_failed')).toHaveLength(1);
      expect(
        items
          .filter((i) => i.kind === 'notified')
          .map((i) => [i.level, i.to, i.result])
          .sort(),
      ).toEqual([
        ['school', '+8613800000001', 'queued'],
        ['school', '+8613800000001', 'queued'],
      ]);
    } finally {
      await scheduler.stop();
      await dispatcher.stop();
    }
  });
});
