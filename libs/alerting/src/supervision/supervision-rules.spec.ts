import { describe, expect, it } from 'vitest';
import {
  nextCloseDelayMs,
  rollCallWindowMs,
  supervisorName,
  urgeAllowedAgainAt,
  urgeNotBefore,
  urgeRateLimitMessage,
  urgeSms,
  URGE_INTERVAL_MS,
} from './supervision-rules';

const T0 = Date.parse('2026-12-07T13:30:00.000Z');

describe('the urge rate limit (one per 5 minutes per official and target)', () => {
  it('blocks urges after now − 5 min and allows again 5 min after the last one', () => {
    expect(URGE_INTERVAL_MS).toBe(300_000);
    expect(urgeNotBefore(T0)).toBe(T0 - 300_000);
    expect(urgeAllowedAgainAt(T0)).toBe(T0 + 300_000);
  });

  it('says when the last urge was and how long to wait', () => {
    expect(urgeRateLimitMessage(T0, T0 + 60_000)).toBe(
      'you urged this school about it at 2026-12-07T13:30:00.000Z; one urge per 5 minutes per official: try again in 4 min 0 s',
    );
    expect(urgeRateLimitMessage(T0, T0 + 299_500)).toMatch(/try again in 1 s$/);
  });
});

describe('the roll-call window', () => {
  it('defaults to 10 minutes, takes minutes, and seconds instead when given', () => {
    expect(rollCallWindowMs({})).toBe(600_000);
    expect(rollCallWindowMs({ answerWithinMinutes: 3 })).toBe(180_000);
    expect(rollCallWindowMs({ answerWithinSeconds: 8 })).toBe(8_000);
  });
});

describe('the roll-call closer’s sleep', () => {
  it('wakes at the next deadline, at once when it has passed, and at least every sweep', () => {
    expect(nextCloseDelayMs(T0 + 8_000, T0, 30_000)).toBe(8_000);
    expect(nextCloseDelayMs(T0 - 1, T0, 30_000)).toBe(0);
    expect(nextCloseDelayMs(T0 + 600_000, T0, 30_000)).toBe(30_000);
    expect(nextCloseDelayMs(undefined, T0, 30_000)).toBe(30_000);
  });
});

describe('the texts', () => {
  it('names the bureau by the official’s level', () => {
    expect(supervisorName('county')).toBe('县教育局');
    expect(supervisorName('city')).toBe('市教育局');
    expect(supervisorName('province')).toBe('省教育厅');
    expect(supervisorName('county', 'en')).toBe('County education bureau');
  });

  it('writes a short SMS without ids', () => {
    expect(
      urgeSms({
        byLevel: 'county',
        schoolName: '雁塔区第一小学',
        what: '烟感报警',
        when: '12月7日 21:30',
        target: 'alert',
        message: '请速到现场',
      }),
    ).toBe(
      '【校园安全】县教育局督办：雁塔区第一小学烟感报警（12月7日 21:30）尚未处置，请立即处置并在平台确认。留言：请速到现场',
    );
    expect(
      urgeSms({
        byLevel: 'city',
        schoolName: '雁塔区第一小学',
        what: '「消防通道堵塞」',
        when: '12月1日 08:00',
        target: 'hazard',
        message: null,
      }),
    ).toBe('【校园安全】市教育局督办：雁塔区第一小学「消防通道堵塞」整改期限12月1日 08:00已过，请尽快整改。');
  });
});
