import { describe, expect, it } from 'vitest';
import { unreadableText } from './readable-text';

const kinds = (text: string, options = {}) =>
  unreadableText(text, options).map((f) => `${f.kind}:${f.found}`);

describe('unreadableText: what a zh-CN screen must not show', () => {
  it('passes plain zh-CN text with numbers, times, units and allowed brands', () => {
    expect(
      kinds(
        '温度 26 °C · 烟雾浓度 120 ppm · 12:30 · 2026-12-07 · MQTT 在线 · CO₂ 800 ppm · 督查 2026-0012 · 电量 90%',
      ),
    ).toEqual([]);
  });
  it('finds UUIDs, whole or shortened', () => {
    expect(kinds('已登记为隐患 61a8f152-9c1e-4b7a-8f00-1234567890ab')).toEqual([
      'uuid:61a8f152-9c1e-4b7a-8f00-1234567890ab',
    ]);
    expect(kinds('已登记为隐患 61a8f152-…')).toEqual(['uuid:61a8f152-…']);
  });
  it('finds 13-digit epoch numbers but not a 10-digit school code', () => {
    expect(kinds('lastHeard 1796626067254')).toContain('epoch:1796626067254');
    expect(kinds('学校 2161010001')).toEqual([]);
  });
  it('finds raw field dumps and rule ids', () => {
    expect(kinds('cause: status')).toContain('raw field:cause:');
    expect(kinds('操作人 default:device_offline')).toEqual(['rule id:default:device_offline']);
    expect(kinds('触发规则 default:sos')).toEqual(['rule id:default:sos']);
  });
  it('finds the login of a user who has a name, and English words, but not device ids', () => {
    expect(kinds('督查人 yanta', { logins: ['yanta'] })).toEqual(['login:yanta']);
    expect(kinds('sites-file 更新于')).toEqual(['english:sites', 'english:file']);
    expect(kinds('设备 smk-0001 离线', { deviceIds: ['smk-0001'] })).toEqual([]);
    expect(kinds('化学实验室 lab')).toEqual(['english:lab']);
  });
});
