import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../domain/alert';
import { TwilioDouble } from '../testing/twilio-double';
import { LogNotifier } from './log-notifier';
import { NotificationDispatcher } from './notification-dispatcher';
import type { NotificationRequest } from './notifier';
import { NotifierConfigError, notifierFromEnv } from './notifier-from-env';
import type { AlertTimeline } from './ports';
import { TwilioNotifier } from './twilio-notifier';

const logger = pino({ level: 'silent' });
const FROM = '+15005550006';
const sms: NotificationRequest = {
  alertId: 'a1',
  level: 'school',
  channel: 'sms',
  to: '+8613800000001',
  name: '张伟',
  body: '【校园安全】紧急级警情：烟感报警。',
  attempt: 1,
};

let double: TwilioDouble;
beforeAll(async () => {
  double = await TwilioDouble.start();
});
afterAll(() => double.close());
beforeEach(() => double.reset());

const notifier = (overrides: { authToken?: string; apiUrl?: string; statusCallbackUrl?: string } = {}) =>
  new TwilioNotifier(
    {
      accountSid: double.accountSid,
      authToken: double.authToken,
      from: FROM,
      apiUrl: double.url,
      ...overrides,
    },
    logger,
  );

class Timeline implements AlertTimeline {
  readonly items: TimelineItem[] = [];
  async isStillOpen(): Promise<boolean> {
    return true;
  }
  async appendTimeline(_id: string, item: TimelineItem): Promise<void> {
    this.items.push(item);
  }
}

describe('TwilioNotifier against the Twilio double', () => {
  it('sends an SMS through the Messages API', async () => {
    const result = await notifier().send(sms);
    expect(result).toEqual({ ok: true, sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });
    expect(double.requests).toEqual([
      expect.objectContaining({ kind: 'sms', to: sms.to, from: FROM, body: sms.body, status: 201 }),
    ]);
    expect(double.requests[0]?.sid).toBe(result.ok ? result.sid : '');
  });

  it('places a call through the Calls API speaking the text twice in zh-CN, XML-escaped', async () => {
    const result = await notifier().send({ ...sms, channel: 'voice', body: '实验楼<2层> & 火警' });
    expect(result).toEqual({ ok: true, sid: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'queued' });
    const twiml = double.requests[0]?.twiml ?? '';
    expect(twiml).toContain('<Say language="zh-CN">');
    expect(twiml).toBe(
      '<Response><Say language="zh-CN">实验楼&lt;2层&gt; &amp; 火警</Say><Pause length="1"/>' +
        '<Say language="zh-CN">实验楼&lt;2层&gt; &amp; 火警</Say></Response>',
    );
    expect(double.requests[0]).toMatchObject({ kind: 'voice', to: sms.to, from: FROM });
  });

  it('is refused with bad credentials, which is not retryable', async () => {
    const result = await notifier({ authToken: 'wrong' }).send(sms);
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining('HTTP 401 (Twilio 20003)'),
      retryable: false,
    });
    expect(double.requests).toEqual([]);
  });

  it('passes a status callback URL naming the alert, level and channel', async () => {
    await notifier({ statusCallbackUrl: 'https://platform.example/api/twilio/status' }).send(sms);
    expect(double.requests[0]?.statusCallback).toBe(
      'https://platform.example/api/twilio/status?alert=a1&level=school&channel=sms',
    );
  });

  it('accepts a base URL with a trailing slash', async () => {
    expect((await notifier({ apiUrl: `${double.url}/` }).send(sms)).ok).toBe(true);
  });

  it('reports an unreachable API as retryable', async () => {
    const gone = await TwilioDouble.start();
    const url = gone.url;
    await gone.close();
    const result = await notifier({ apiUrl: url }).send(sms);
    expect(result).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

describe('the dispatcher with Twilio', () => {
  const shortBackoff = { maxAttempts: 5, baseDelayMs: 20, factor: 2, maxDelayMs: 200, jitter: 0 };

  it('retries with backoff after two 500s, then succeeds', async () => {
    double.failNext(2, 500);
    const timeline = new Timeline();
    const dispatcher = new NotificationDispatcher({
      notifier: notifier(),
      timeline,
      logger,
      policy: shortBackoff,
    });
    const t0 = Date.now();
    dispatcher.enqueue(sms);
    const seen = await double.waitFor((r) => r.some((x) => x.status === 201), 5_000);
    await dispatcher.idle();
    expect(seen.map((r) => r.status)).toEqual([500, 500, 201]);
    const gaps = [
      seen[1]!.at.getTime() - seen[0]!.at.getTime(),
      seen[2]!.at.getTime() - seen[1]!.at.getTime(),
    ];
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(35);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(timeline.items.map((i) => [i.kind, i.attempt, i.level, i.channel, i.to])).toEqual([
      ['notification_failed', 1, 'school', 'sms', sms.to],
      ['notification_failed', 2, 'school', 'sms', sms.to],
      ['notified', 3, 'school', 'sms', sms.to],
    ]);
    expect(timeline.items[0]?.result).toMatch(
      /^HTTP 500 \(Twilio 20500\): Internal Server Error; retry 2\/5 at /,
    );
    expect(timeline.items[2]?.result).toBe('queued');
  });

  it('does not retry a 400 and records notification_failed', async () => {
    double.failNext(1, 400);
    const timeline = new Timeline();
    const dispatcher = new NotificationDispatcher({
      notifier: notifier(),
      timeline,
      logger,
      policy: shortBackoff,
    });
    dispatcher.enqueue({ ...sms, to: '+86123' });
    await dispatcher.idle();
    await new Promise((r) => setTimeout(r, 100));
    expect(double.requests.map((r) => r.status)).toEqual([400]);
    expect(timeline.items).toEqual([
      expect.objectContaining({
        kind: 'notification_failed',
        level: 'school',
        channel: 'sms',
        to: '+86123',
        attempt: 1,
        result: "HTTP 400 (Twilio 21211): Invalid 'To' Phone Number: +86123; not retryable",
      }),
    ]);
  });
});

describe('notifierFromEnv', () => {
  it('logs only without TWILIO_* variables', async () => {
    const n = notifierFromEnv({}, logger);
    expect(n).toBeInstanceOf(LogNotifier);
    expect(await n.send(sms)).toEqual({ ok: true, sid: expect.stringMatching(/^LG/), status: 'logged' });
  });

  it('sends through Twilio at TWILIO_API_URL when all are set', async () => {
    const n = notifierFromEnv(
      {
        TWILIO_ACCOUNT_SID: double.accountSid,
        TWILIO_AUTH_TOKEN: double.authToken,
        TWILIO_FROM: FROM,
        TWILIO_API_URL: double.url,
      },
      logger,
    );
    expect(n).toBeInstanceOf(TwilioNotifier);
    expect((await n.send(sms)).ok).toBe(true);
    expect(double.requests).toHaveLength(1);
  });

  it('refuses a partial or malformed configuration', () => {
    expect(() => notifierFromEnv({ TWILIO_ACCOUNT_SID: double.accountSid }, logger)).toThrow(
      new NotifierConfigError(
        'TWILIO_AUTH_TOKEN, TWILIO_FROM must be set too (or unset every TWILIO_* variable)',
      ),
    );
    expect(() =>
      notifierFromEnv({ TWILIO_ACCOUNT_SID: 'XX1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: FROM }, logger),
    ).toThrow(/must start with "AC"/);
    expect(() =>
      notifierFromEnv(
        {
          TWILIO_ACCOUNT_SID: double.accountSid,
          TWILIO_AUTH_TOKEN: 't',
          TWILIO_FROM: FROM,
          TWILIO_API_URL: 'nope',
        },
        logger,
      ),
    ).toThrow(/TWILIO_API_URL is not a URL/);
  });
});
