import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { consoleMessages } from '../../i18n/console';
import { plans } from '../../i18n/plans';
import { supervision } from '../../i18n/supervision';
import { vocabulary } from '../../i18n/vocabulary';
import type { TimelineItem } from '../../api/alerts';
import { timelineText } from './timeline-text';

type Messages = { [key: string]: string | Messages };

function translator(locale: 'zh-CN' | 'en') {
  const i18n = createI18n({
    legacy: false,
    locale,
    messages: {
      [locale]: {
        ...consoleMessages[locale],
        ...vocabulary[locale],
        ...supervision[locale],
        ...plans[locale],
      } as Messages,
    },
  });
  const { t, te } = i18n.global;
  const label = (group: string, value: string | null | undefined) =>
    value ? (te(`${group}.${value}`) ? t(`${group}.${value}`) : value) : '';
  return { t: (key: string, params?: Record<string, unknown>) => t(key, params ?? {}), label };
}

describe('timeline steps in words', () => {
  const zh = translator('zh-CN');
  const en = translator('en');
  const at = '2026-11-28T02:00:00.000Z';

  it('says which bureau urged the school, who, and the message (督办)', () => {
    const item = { at, kind: 'urged', level: 'county', by: 'yanta', note: '请速处置' } as const;
    expect(timelineText(item, zh.t, zh.label)).toBe('县教育局（yanta）督办：请速处置');
    expect(timelineText({ at, kind: 'urged', level: 'city', by: 'xian' }, zh.t, zh.label)).toBe(
      '市教育局（xian）督办',
    );
    expect(timelineText(item, en.t, en.label)).toBe(
      'County education bureau (yanta) urged the school: 请速处置',
    );
  });

  it('says who was notified, how, and what the provider answered', () => {
    const item = {
      at,
      kind: 'notified',
      level: 'school',
      channel: 'sms',
      to: '+8613800000001',
      name: '张伟',
      result: 'delivered',
    } as const;
    expect(timelineText(item, zh.t, zh.label)).toBe('已通知 学校张伟（+8613800000001），短信：已送达');
    expect(timelineText(item, en.t, en.label)).toBe(
      'Notified school 张伟 (+8613800000001) by SMS: delivered',
    );
  });

  it('keeps a failure text as the service wrote it', () => {
    const item = {
      at,
      kind: 'notification_failed',
      level: 'county',
      channel: 'voice',
      to: '+8613800000002',
      name: '值班',
      result: 'HTTP 500; retry 2/5 at 2026-11-28T02:00:10.000Z',
    } as const;
    expect(timelineText(item, zh.t, zh.label)).toBe(
      '通知失败 区县值班（+8613800000002），语音电话：HTTP 500; retry 2/5 at 2026-11-28T02:00:10.000Z',
    );
  });

  it('names escalations, reminders, acknowledgement and resolution', () => {
    expect(timelineText({ at, kind: 'opened' }, zh.t, zh.label)).toBe('告警产生');
    expect(timelineText({ at, kind: 'occurred' }, zh.t, zh.label)).toBe('再次触发');
    expect(timelineText({ at, kind: 'escalated', level: 'county' }, zh.t, zh.label)).toBe('升级到区县');
    expect(timelineText({ at, kind: 'reminded', level: 'school', attempt: 2 }, zh.t, zh.label)).toBe(
      '再次提醒学校（第 2 次）',
    );
    expect(timelineText({ at, kind: 'acknowledged', by: 'school1' }, zh.t, zh.label)).toBe(
      'school1 确认告警',
    );
    expect(
      timelineText({ at, kind: 'resolved', by: 'yanta', disposition: 'false_alarm' }, zh.t, zh.label),
    ).toBe('yanta 处置：误报');
    expect(timelineText({ at, kind: 'resolved', by: 'system', disposition: 'genuine' }, zh.t, zh.label)).toBe(
      '自动解除',
    );
    // a kind a newer server may add (the API only ever adds): shown as it is
    const newer = 'something_new' as TimelineItem['kind'];
    expect(timelineText({ at, kind: newer }, zh.t, zh.label)).toBe('something_new');
  });
});

describe('linkage actions in words', () => {
  const zh = translator('zh-CN');
  const en = translator('en');
  const at = '2026-11-28T02:00:00.000Z';

  it('says which device was asked what, with the result, and who asked', () => {
    const sound = {
      at,
      kind: 'action',
      action: 'a1',
      device: 'siren-lab',
      deviceKind: 'siren',
      command: 'sound',
      params: { mode: 'fire' },
      rule: 'default:smoke',
      result: 'acknowledged',
    } as const;
    expect(timelineText(sound, zh.t, zh.label)).toBe(
      '联动：声光报警器 siren-lab 鸣响警号（火警） — 设备已执行（规则 default:smoke）',
    );
    expect(timelineText(sound, en.t, en.label)).toBe(
      'Linkage: Siren siren-lab Sound (fire) — done by the device (rule default:smoke)',
    );
    const unlock = {
      at,
      kind: 'action',
      device: 'lock-gate',
      deviceKind: 'door_lock',
      command: 'unlock',
      params: {},
      rule: 'default:intrusion',
      result: 'timeout',
      error: 'no answer within 10 s',
      confirmedBy: 'guard',
    } as const;
    expect(timelineText(unlock, zh.t, zh.label)).toBe(
      '联动：门锁 lock-gate 开锁 — 设备无应答（超时）：no answer within 10 s（规则 default:intrusion），guard 确认执行',
    );
    const held = {
      at,
      kind: 'action',
      device: 'lock-gate',
      deviceKind: 'door_lock',
      command: 'unlock',
      by: 'guard',
      result: 'awaiting_confirmation',
    } as const;
    expect(timelineText(held, zh.t, zh.label)).toBe('联动：门锁 lock-gate 开锁 — 待人工确认（guard）');
  });

  it('tells the plan steps, the dispatches and the responders’ marks (应急预案)', () => {
    const step: TimelineItem = {
      at,
      kind: 'plan_step',
      step: 'report',
      text: '上报县教育局',
      by: '赵磊',
      outcome: { paged: ['值班'] },
    };
    expect(timelineText(step, zh.t, zh.label)).toBe('预案步骤完成：上报县教育局（赵磊），已短信通知 值班');
    expect(timelineText({ at, kind: 'dispatched', name: '张伟', by: '赵磊' }, zh.t, zh.label)).toBe(
      '派出 张伟（赵磊）',
    );
    expect(timelineText({ at, kind: 'responder', name: '张伟', state: 'on_site' }, zh.t, zh.label)).toBe(
      '张伟：已到场',
    );
    expect(timelineText({ at, kind: 'responder', name: '张伟', photo: 'p1' }, zh.t, zh.label)).toBe(
      '张伟 上传了现场照片',
    );
    expect(timelineText({ at, kind: 'responder', name: 'Zhang', state: 'handled' }, en.t, en.label)).toBe(
      'Zhang: handled',
    );
  });
});
