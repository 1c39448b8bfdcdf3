import { ALERT_TYPE_LABELS, type LabelLanguage } from '@campus/api-contract';
import type { OrgLevel, Severity } from '@campus/device-protocols';

/**
 * Alert types in each language for SMS, voice and the CSV report, from the one vocabulary of
 * libs/api-contract that the dashboard shows too. A type without a label is shown as it is.
 */
const alertTypesIn = (language: TextLanguage): Readonly<Record<string, string>> =>
  Object.fromEntries(Object.entries(ALERT_TYPE_LABELS).map(([type, label]) => [type, label[language]]));

export const ALERT_TYPE_ZH = alertTypesIn('zh-CN');
export const ALERT_TYPE_EN = alertTypesIn('en');

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

export type TextLanguage = LabelLanguage;

/** The alert type's label in `language`, else the type itself (a sites-file rule's own type). */
export function alertTypeLabel(type: string, language: TextLanguage = 'zh-CN'): string {
  const labels = language === 'zh-CN' ? ALERT_TYPE_ZH : ALERT_TYPE_EN;
  return Object.hasOwn(labels, type) ? (labels[type] ?? type) : type;
}
