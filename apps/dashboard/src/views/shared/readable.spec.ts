import { describe, expect, it } from 'vitest';
import { actorName, isRuleId, ruleName } from './readable';

const TEXTS: Record<string, string> = {
  'rules.default_device_offline': '设备离线',
  'alertType.sos': '一键报警',
  'readable.customRule': '自定义规则',
};
const labels = {
  text: (key: string) => TEXTS[key],
  system: (rule: string) => `系统（${rule}）`,
};

describe('ruleName', () => {
  it('is the rule’s own name, else its alert type’s, else 自定义规则 — never the id', () => {
    expect(ruleName('default:device_offline', labels)).toBe('设备离线');
    expect(ruleName('default:sos', labels)).toBe('一键报警');
    expect(ruleName('site:lab-heat', labels)).toBe('自定义规则');
  });
});

describe('actorName', () => {
  const names = new Map([['yanta', '刘洋']]);
  it('names a person by name, the login only without one', () => {
    expect(actorName('yanta', names, labels)).toBe('刘洋');
    expect(actorName('weibin', names, labels)).toBe('weibin');
    expect(actorName(null, names, labels)).toBe('');
  });
  it('names a rule acting for the platform as 系统（rule）', () => {
    expect(actorName('default:device_offline', names, labels)).toBe('系统（设备离线）');
    expect(isRuleId('user:yanta')).toBe(true);
    expect(isRuleId('张伟')).toBe(false);
  });
});
