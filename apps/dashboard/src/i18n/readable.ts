import type { FeatureMessages } from './index';

/** Names of rules and of the platform acting by a rule (views/shared/readable.ts). */
export const readable: FeatureMessages = {
  'zh-CN': {
    readable: { system: '系统（{rule}）', customRule: '自定义规则' },
    rules: {
      default_device_offline: '设备离线',
      default_fault: '设备故障',
      default_heat: '高温',
      duty_patrol: '巡查打卡',
      audit_dormitory_smoke: '宿舍烟感核查',
    },
  },
  en: {
    readable: { system: 'System ({rule})', customRule: 'Custom rule' },
    rules: {
      default_device_offline: 'Device offline',
      default_fault: 'Device fault',
      default_heat: 'High temperature',
      duty_patrol: 'Patrol check-ins',
      audit_dormitory_smoke: 'Dormitory smoke audit',
    },
  },
};
