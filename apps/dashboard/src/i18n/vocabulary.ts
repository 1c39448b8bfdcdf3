import {
  ALERT_TYPE_LABELS,
  DEVICE_COMMAND_LABELS,
  DEVICE_KIND_LABELS,
  SIREN_MODE_LABELS,
  type ActionResult,
  PLACE_USE_LABELS,
  SUPERVISOR_LABELS,
  type AlertStatus,
  type Disposition,
  type Label,
  type LabelLanguage,
  type OrgLevel,
  type RiskGrade,
  type Role,
  type Severity,
  type TimelineChannel,
} from '@campus/api-contract';
import type { FeatureMessages } from './index';

/**
 * The shared vocabulary every screen may use through `label(group, value)`: `severity.*`,
 * `status.*`, `disposition.*`, `level.*`, `channel.*`, `delivery.*`, `role.*`, `risk.*`, `use.*`,
 * `alertType.*`, `deviceKind.*`, `supervisor.*` (the bureau by an official's level), `command.*`, `sirenMode.*`, `actionResult.*`, `metric.*`. Alert types, device kinds and place uses are the one
 * vocabulary of libs/api-contract, which the SMS and voice texts use too; the rest is the screen's.
 */

/** `{key: text}` in one language, from a vocabulary of libs/api-contract. */
function inLanguage(
  labels: Readonly<Record<string, Label>>,
  language: LabelLanguage,
): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, label[language]]));
}

/** The groups keyed by the contract's closed sets: a value added there wants its label here. */
interface WireGroups {
  severity: Record<Severity, string>;
  status: Record<AlertStatus, string>;
  disposition: Record<Disposition, string>;
  level: Record<OrgLevel, string>;
  channel: Record<TimelineChannel, string>;
  delivery: Record<string, string>;
  role: Record<Role, string>;
  risk: Record<RiskGrade, string>;
  actionResult: Record<ActionResult, string>;
}

const zhCN = {
  severity: { critical: '紧急', high: '高', medium: '中', low: '低' },
  status: { open: '未处理', acknowledged: '已确认', resolved: '已处置' },
  disposition: { genuine: '真实警情', false_alarm: '误报', drill: '演练' },
  level: { school: '学校', county: '区县', city: '市级', province: '省级' },
  channel: { sms: '短信', voice: '语音电话', in_app: '站内消息' },
  delivery: {
    queued: '已排队',
    accepted: '已受理',
    sending: '发送中',
    sent: '已发送',
    delivered: '已送达',
    undelivered: '未送达',
    failed: '失败',
    initiated: '已发起',
    ringing: '振铃中',
    'in-progress': '通话中',
    completed: '已接通',
    busy: '占线',
    'no-answer': '无人接听',
    canceled: '已取消',
    logged: '已记录（未配置短信服务）',
  },
  role: {
    school_staff: '教职工',
    school_security: '学校保卫',
    school_admin: '学校管理员',
    county_officer: '区县教育局',
    city_officer: '市教育局',
    province_officer: '省教育厅',
    admin: '平台管理员',
  },
  risk: { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' },
  use: inLanguage(PLACE_USE_LABELS, 'zh-CN'),
  alertType: inLanguage(ALERT_TYPE_LABELS, 'zh-CN'),
  deviceKind: inLanguage(DEVICE_KIND_LABELS, 'zh-CN'),
  supervisor: inLanguage(SUPERVISOR_LABELS, 'zh-CN'),
  command: inLanguage(DEVICE_COMMAND_LABELS, 'zh-CN'),
  sirenMode: inLanguage(SIREN_MODE_LABELS, 'zh-CN'),
  actionResult: {
    awaiting_confirmation: '待人工确认',
    sent: '已下发，等待设备应答',
    acknowledged: '设备已执行',
    failed: '执行失败',
    timeout: '设备无应答（超时）',
  },
  metric: {
    temperature: '温度 (°C)',
    humidity: '湿度 (%)',
    battery: '电量 (%)',
    smoke_obscuration: '烟雾浓度',
    gas_ppm: '燃气浓度 (ppm)',
    concentration: '浓度',
    water_leak: '水浸',
    contact: '门磁 (1=关)',
    fps: '视频帧率',
    linkquality: '信号质量',
  },
} satisfies WireGroups & Record<string, Record<string, string>>;

type Messages = typeof zhCN;

const en: Messages = {
  severity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' },
  status: { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' },
  disposition: { genuine: 'Genuine', false_alarm: 'False alarm', drill: 'Drill' },
  level: { school: 'school', county: 'county', city: 'city', province: 'province' },
  channel: { sms: 'SMS', voice: 'voice call', in_app: 'in-app' },
  delivery: {
    queued: 'queued',
    accepted: 'accepted',
    sending: 'sending',
    sent: 'sent',
    delivered: 'delivered',
    undelivered: 'undelivered',
    failed: 'failed',
    initiated: 'initiated',
    ringing: 'ringing',
    'in-progress': 'in progress',
    completed: 'answered',
    busy: 'busy',
    'no-answer': 'no answer',
    canceled: 'canceled',
    logged: 'logged (no SMS service configured)',
  },
  role: {
    school_staff: 'School staff',
    school_security: 'School security',
    school_admin: 'School admin',
    county_officer: 'County education bureau',
    city_officer: 'City education bureau',
    province_officer: 'Provincial education department',
    admin: 'Platform admin',
  },
  risk: { red: 'Major risk', orange: 'Significant risk', yellow: 'General risk', blue: 'Low risk' },
  use: inLanguage(PLACE_USE_LABELS, 'en'),
  alertType: inLanguage(ALERT_TYPE_LABELS, 'en'),
  deviceKind: inLanguage(DEVICE_KIND_LABELS, 'en'),
  supervisor: inLanguage(SUPERVISOR_LABELS, 'en'),
  command: inLanguage(DEVICE_COMMAND_LABELS, 'en'),
  sirenMode: inLanguage(SIREN_MODE_LABELS, 'en'),
  actionResult: {
    awaiting_confirmation: 'awaiting confirmation',
    sent: 'sent, waiting for the device',
    acknowledged: 'done by the device',
    failed: 'failed',
    timeout: 'no answer from the device (timed out)',
  },
  metric: {
    temperature: 'Temperature (°C)',
    humidity: 'Humidity (%)',
    battery: 'Battery (%)',
    smoke_obscuration: 'Smoke obscuration',
    gas_ppm: 'Gas (ppm)',
    concentration: 'Concentration',
    water_leak: 'Water leak',
    contact: 'Contact (1 = closed)',
    fps: 'Frame rate',
    linkquality: 'Link quality',
  },
};

export const vocabulary: FeatureMessages = { 'zh-CN': zhCN, en };
