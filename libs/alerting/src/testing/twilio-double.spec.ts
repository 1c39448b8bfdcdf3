import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioDouble } from './twilio-double';

let double: TwilioDouble;
beforeAll(async () => {
  double = await TwilioDouble.start({ accountSid: `AC${'2'.repeat(32)}`, authToken: 'secret' });
});
afterAll(() => double.close());
beforeEach(() => double.reset());

const auth = (sid = double.accountSid, token = 'secret') =>
  `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;
const post = (path: string, form: Record<string, string>, authorization = auth()) =>
  fetch(`${double.url}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
const messages = () => `/2010-04-01/Accounts/${double.accountSid}/Messages.json`;

describe('TwilioDouble', () => {
  it('answers a message with Twilio-shaped JSON and records it', async () => {
    const res = await post(messages(), { To: '+8613800000001', From: '+15005550006', Body: '火警' });
    expect(res.status).toBe(201);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      status: 'queued',
      to: '+8613800000001',
      body: '火警',
      account_sid: double.accountSid,
    });
    expect(json['sid']).toMatch(/^SM[0-9a-f]{32}$/);
    expect(double.requests).toEqual([
      expect.objectContaining({
        kind: 'sms',
        to: '+8613800000001',
        from: '+15005550006',
        body: '火警',
        status: 201,
      }),
    ]);
  });

  it('refuses bad credentials and a foreign account with 401 in Twilio’s error shape', async () => {
    for (const res of [
      await post(messages(), { To: '+1', From: '+2', Body: 'x' }, auth(double.accountSid, 'wrong')),
      await post(
        `/2010-04-01/Accounts/AC${'3'.repeat(32)}/Messages.json`,
        { To: '+1', From: '+2', Body: 'x' },
        auth(`AC${'3'.repeat(32)}`),
      ),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
    }
    expect(double.requests).toEqual([]);
  });

  it('answers 404 elsewhere and 400 for a missing Body', async () => {
    expect((await post('/2010-04-01/Accounts/x/Faxes.json', {})).status).toBe(404);
    expect((await post(messages(), { To: '+1', From: '+2' })).status).toBe(400);
  });

  it('fails the next N requests as told, then recovers', async () => {
    double.failNext(2, 500);
    double.failNext(1, 400);
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post(messages(), { To: '+1', From: '+2', Body: 'x' })).status);
    expect(statuses).toEqual([500, 500, 400, 201]);
    expect(double.requests.map((r) => r.status)).toEqual([500, 500, 400, 201]);
  });

  it('waitFor resolves when the predicate holds and rejects on timeout', async () => {
    const waiting = double.waitFor((r) => r.length === 1, 1_000);
    await post(`/2010-04-01/Accounts/${double.accountSid}/Calls.json`, {
      To: '+1',
      From: '+2',
      Twiml: '<Response/>',
    });
    expect((await waiting)[0]).toMatchObject({ kind: 'voice', twiml: '<Response/>' });
    await expect(double.waitFor((r) => r.length > 5, 50)).rejects.toThrow(/timed out after 50 ms/);
  });
});
