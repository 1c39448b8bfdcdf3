import type { OrgLevel, Severity } from '@campus/device-protocols';

/** Alert types in Chinese for SMS and voice; unknown types fall back to `ALERT_TYPE_EN`, then the raw name. */
export const ALERT_TYPE_ZH: Readonly<Record<string, string>> = {
  smoke: '烟感报警',
  fire: '火警',
  heat: '高温报警',
  gas: '燃气泄漏',
  water_leak: '漏水报警',
  sos: '一键报警',
  intrusion: '入侵',
  door_forced: '门被强行打开',
  door_held_open: '门长时间未关',
  fight: '打架斗殴',
  crowd: '人员聚集',
  fall: '人员跌倒',
  climbing: '攀爬',
  loitering: '可疑人员徘徊',
  tamper: '设备被拆动',
  fault: '设备故障',
  low_battery: '设备电量低',
  device_offline: '设备离线',
  patrol_missed: '巡更漏巡',
};

export const ALERT_TYPE_EN: Readonly<Record<string, string>> = {
  smoke: 'Smoke alarm',
  fire: 'Fire',
  heat: 'High temperature',
  gas: 'Gas leak',
  water_leak: 'Water leak',
  sos: 'Panic button (SOS)',
  intrusion: 'Intrusion',
  door_forced: 'Door forced open',
  door_held_open: 'Door held open',
  fight: 'Fight',
  crowd: 'Crowding',
  fall: 'Person fallen',
  climbing: 'Climbing',
  loitering: 'Loitering',
  tamper: 'Device tampered with',
  fault: 'Device fault',
  low_battery: 'Low battery',
  device_offline: 'Device offline',
  patrol_missed: 'Patrol checkpoint missed',
};

export const SEVERITY_ZH: Readonly<Record<Severity, string>> = {
  critical: '紧急',
  high: '高',
  medium: '中',
  low: '低',
};

export const SEVERITY_EN: Readonly<Record<Severity, string>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
};

export const LEVEL_ZH: Readonly<Record<OrgLevel, string>> = {
  school: '学校',
  county: '县级',
  city: '市级',
  province: '省级',
};

export type TextLanguage = 'zh-CN' | 'en';

/** The alert type's label: Chinese, else English, else the type itself. */
export function alertTypeLabel(type: string, language: TextLanguage = 'zh-CN'): string {
  const zh = ALERT_TYPE_ZH[type];
  const en = ALERT_TYPE_EN[type];
  if (language === 'zh-CN') return zh ?? en ?? type;
  return en ?? type;
}
