import { HAZARD_REPORT_CATEGORIES } from '@campus/api-contract';
import { describe, expect, it } from 'vitest';
import { fixedSms, reporterPhone } from './reporter-sms';

describe('reporterPhone', () => {
  it.each([
    ['13900000000', '+8613900000000'],
    ['139 0000 0000', '+8613900000000'],
    ['139-0000-0000', '+8613900000000'],
    ['+86 139 0000 0000', '+8613900000000'],
    ['008613900000000', '+8613900000000'],
    ['+14155550100', '+14155550100'],
    ['0014155550100', '+14155550100'],
  ])('%s → %s', (contact, phone) => {
    expect(reporterPhone(contact)).toBe(phone);
  });

  it.each([null, undefined, '', '张老师', 'a@b.cn', '12345', '029-88888888', '23900000000'])(
    'no phone in %s',
    (contact) => {
      expect(reporterPhone(contact)).toBeUndefined();
    },
  );
});

describe('fixedSms', () => {
  it('names the school and the kind of hazard in zh-CN, nothing internal', () => {
    const text = fixedSms('雁塔区第一小学', 'fire_exit');
    expect(text).toMatch(/^【平安校园】您反映的雁塔区第一小学“.+”隐患已整改完毕并通过验收。/);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });
  it('fits one or two SMS segments for every category', () => {
    for (const c of HAZARD_REPORT_CATEGORIES)
      expect(fixedSms('某某市某某区第一实验小学', c).length).toBeLessThan(120);
  });
});
