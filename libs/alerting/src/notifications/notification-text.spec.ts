import { describe, expect, it } from 'vitest';
import { fixtureSites } from '../testing/escalation-sites.fixture';
import { makeAlert } from '../testing/in-memory-escalation.fixture';
import { ALERT_TYPE_EN, ALERT_TYPE_ZH, alertTypeLabel } from './alert-labels';
import { alertTextInput, alertTexts, localTime, type AlertTextInput } from './notification-text';

const base: AlertTextInput = {
  type: 'smoke',
  severity: 'critical',
  drill: false,
  occurrences: 1,
  openedAt: '2026-11-28T10:00:00.000Z', // 18:00 in Asia/Shanghai
  schoolName: '雁塔区第一小学',
  location: { building: '实验楼', floor: 2, room: '化学实验室' },
  device: 'smk-0001',
  timeZone: 'Asia/Shanghai',
  level: 'school',
  reminder: 0,
};

describe('alertTexts (Chinese)', () => {
  it('names the school, type, severity, place and local time, and asks to acknowledge', () => {
    const { sms, voice } = alertTexts(base);
    expect(sms).toBe(
      '【校园安全】紧急级警情：烟感报警。雁塔区第一小学 实验楼2层化学实验室，11月28日 18:00。请立即处置，并登录平台确认警情。',
    );
    expect(voice).toBe(
      '校园安全紧急通知。雁塔区第一小学实验楼2层化学实验室，11月28日18点00分，发生烟感报警，警情级别紧急。请立即处置，并登录平台确认。',
    );
  });

  it('says when it was escalated, reminded, repeated or a drill', () => {
    expect(alertTexts({ ...base, level: 'county' }).sms).toContain('[学校未确认，已升级至县级]');
    expect(alertTexts({ ...base, level: 'county' }).voice).toContain('学校未确认，已升级至县级。');
    expect(alertTexts({ ...base, level: 'province', reminder: 2 }).sms).toContain('[第2次提醒，仍未确认]');
    expect(alertTexts({ ...base, occurrences: 3 }).sms).toContain('烟感报警（已触发3次）');
    const drill = alertTexts({ ...base, drill: true });
    expect(drill.sms).toContain('[演练]');
    expect(drill.voice.startsWith('校园安全演练通知。')).toBe(true);
  });

  it('uses the Chinese type names of the vocabulary (as on screen), falling back to the raw type', () => {
    expect(alertTexts({ ...base, type: 'sos' }).sms).toContain('一键报警');
    expect(alertTexts({ ...base, type: 'fire' }).sms).toContain('火警');
    expect(alertTexts({ ...base, type: 'gas' }).sms).toContain('燃气泄漏');
    // the one vocabulary (libs/api-contract): the screen's full term, no longer the SMS's own 入侵
    expect(alertTexts({ ...base, type: 'intrusion' }).sms).toContain('：入侵报警。');
    expect(alertTexts({ ...base, type: 'intrusion' }).voice).toContain('发生入侵报警，');
    expect(alertTypeLabel('made_up_rule')).toBe('made_up_rule');
    expect(Object.keys(ALERT_TYPE_EN).sort()).toEqual(Object.keys(ALERT_TYPE_ZH).sort());
  });

  it('names the device when it has no location, and basement floors', () => {
    const { location: _l, ...noPlace } = base;
    expect(alertTexts(noPlace).sms).toContain('雁塔区第一小学 设备smk-0001，');
    expect(alertTexts({ ...base, location: { building: '宿舍楼', floor: -1 } }).sms).toContain(
      '宿舍楼地下1层',
    );
  });
});

describe('alertTexts (English)', () => {
  it('has the same facts', () => {
    const { sms, voice } = alertTexts({ ...base, language: 'en', level: 'city' });
    expect(sms).toBe(
      '[Campus safety] [escalated to city: school did not acknowledge] CRITICAL: Smoke alarm at 雁塔区第一小学, 实验楼, floor 2, 化学实验室, 2026-11-28 18:00. Respond now and acknowledge the alert on the platform.',
    );
    expect(voice).toContain('Smoke alarm at 雁塔区第一小学');
  });
});

describe('alertTextInput', () => {
  it('looks up the school name, device location and province time zone', () => {
    const sites = fixtureSites();
    const alert = makeAlert({ id: 'a1', openedAt: base.openedAt as string });
    expect(alertTextInput(sites, alert, { level: 'school', reminder: 0 })).toEqual({
      ...base,
      location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
    });
    const unknown = alertTextInput(
      sites,
      { ...alert, school: '9999999999', device: null },
      { level: 'school', reminder: 0 },
    );
    expect(unknown.schoolName).toBe('9999999999');
    expect(unknown.location).toBeUndefined();
  });
});

describe('localTime', () => {
  it('shows wall-clock time in the zone', () => {
    expect(localTime('2026-11-28T16:05:00.000Z', 'Asia/Shanghai')).toEqual({
      year: '2026',
      month: '11',
      day: '29',
      hour: '00',
      minute: '05',
    });
  });
});
