import type { DeviceLocation, OrgLevel, Severity, Sites } from '@campus/device-protocols';
import type { Alert } from '../domain/alert';
import { LEVEL_ZH, SEVERITY_EN, SEVERITY_ZH, alertTypeLabel, type TextLanguage } from './alert-labels';

/** Everything the text of one notification depends on (pure data). */
export interface AlertTextInput {
  type: string;
  severity: Severity;
  drill: boolean;
  occurrences: number;
  openedAt: string | Date;
  schoolName: string;
  location?: DeviceLocation;
  device?: string | null;
  /** IANA zone the time is shown in (the province's). */
  timeZone: string;
  /** The level being paged. */
  level: OrgLevel;
  /** 0 for a policy step, 1, 2, … for reminders. */
  reminder: number;
  language?: TextLanguage;
}

export interface AlertTexts {
  sms: string;
  /** What a voice call says (the TwiML wraps and repeats it). */
  voice: string;
}

/** SMS and voice text for one alert: Chinese by default, English on request. */
export function alertTexts(input: AlertTextInput): AlertTexts {
  return input.language === 'en' ? englishTexts(input) : chineseTexts(input);
}

/** The text input for `alert` paged at `level`, looked up in the sites file. */
export function alertTextInput(
  sites: Pick<Sites, 'schoolByCode' | 'deviceById' | 'province'>,
  alert: Pick<Alert, 'type' | 'severity' | 'drill' | 'occurrences' | 'openedAt' | 'school' | 'device'>,
  context: { level: OrgLevel; reminder: number; language?: TextLanguage },
): AlertTextInput {
  const device = alert.device === null ? undefined : sites.deviceById.get(alert.device);
  return {
    type: alert.type,
    severity: alert.severity,
    drill: alert.drill,
    occurrences: alert.occurrences,
    openedAt: alert.openedAt,
    schoolName: sites.schoolByCode.get(alert.school)?.name ?? alert.school,
    ...(device?.location === undefined ? {} : { location: device.location }),
    device: alert.device,
    timeZone: sites.province.timezone,
    level: context.level,
    reminder: context.reminder,
    ...(context.language === undefined ? {} : { language: context.language }),
  };
}

function chineseTexts(i: AlertTextInput): AlertTexts {
  const type = alertTypeLabel(i.type, 'zh-CN');
  const place = zhPlace(i.location);
  const t = localTime(i.openedAt, i.timeZone);
  const tags = [
    i.drill ? '演练' : '',
    i.reminder > 0 ? `第${i.reminder}次提醒，仍未确认` : '',
    i.reminder === 0 && i.level !== 'school' ? `学校未确认，已升级至${LEVEL_ZH[i.level]}` : '',
  ].filter((s) => s !== '');
  const prefix = tags.map((s) => `[${s}]`).join('');
  const spoken = tags.filter((s) => s !== '演练');
  const repeat = i.occurrences > 1 ? `（已触发${i.occurrences}次）` : '';
  const where = place === '' ? (i.device ? ` 设备${i.device}` : '') : ` ${place}`;
  const sms =
    `【校园安全】${prefix}${SEVERITY_ZH[i.severity]}级警情：${type}${repeat}。` +
    `${i.schoolName}${where}，${t.month}月${t.day}日 ${t.hour}:${t.minute}。` +
    '请立即处置，并登录平台确认警情。';
  const voice =
    `校园安全${i.drill ? '演练' : '紧急'}通知。${spoken.length > 0 ? `${spoken.join('，')}。` : ''}` +
    `${i.schoolName}${place}，${t.month}月${t.day}日${t.hour}点${t.minute}分，发生${type}，` +
    `警情级别${SEVERITY_ZH[i.severity]}。请立即处置，并登录平台确认。`;
  return { sms, voice };
}

function englishTexts(i: AlertTextInput): AlertTexts {
  const type = alertTypeLabel(i.type, 'en');
  const place = enPlace(i.location);
  const t = localTime(i.openedAt, i.timeZone);
  const tags = [
    i.drill ? 'DRILL' : '',
    i.reminder > 0 ? `reminder ${i.reminder}, still unacknowledged` : '',
    i.reminder === 0 && i.level !== 'school' ? `escalated to ${i.level}: school did not acknowledge` : '',
  ].filter((s) => s !== '');
  const prefix = tags.map((s) => `[${s}] `).join('');
  const repeat = i.occurrences > 1 ? ` (${i.occurrences} times)` : '';
  const where = place === '' ? (i.device ? `, device ${i.device}` : '') : `, ${place}`;
  const when = `${t.year}-${t.month.padStart(2, '0')}-${t.day.padStart(2, '0')} ${t.hour}:${t.minute}`;
  const sms =
    `[Campus safety] ${prefix}${SEVERITY_EN[i.severity]}: ${type}${repeat} at ${i.schoolName}${where}, ${when}. ` +
    'Respond now and acknowledge the alert on the platform.';
  const voice =
    `Campus safety ${i.drill ? 'drill' : 'alert'}. ${type} at ${i.schoolName}${place === '' ? '' : `, ${place}`}, ` +
    `${when}. Severity ${i.severity}. Please respond now and acknowledge the alert on the platform.`;
  return { sms, voice };
}

function zhPlace(loc: DeviceLocation | undefined): string {
  if (loc === undefined) return '';
  const floor = loc.floor === undefined ? '' : loc.floor < 0 ? `地下${-loc.floor}层` : `${loc.floor}层`;
  return `${loc.building ?? ''}${floor}${loc.room ?? ''}`;
}

function enPlace(loc: DeviceLocation | undefined): string {
  if (loc === undefined) return '';
  const parts = [loc.building, loc.floor === undefined ? undefined : `floor ${loc.floor}`, loc.room];
  return parts.filter((p): p is string => p !== undefined && p !== '').join(', ');
}

interface LocalTime {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

/** Wall-clock parts of `when` in `timeZone` (month/day without leading zero, hour:minute with). */
export function localTime(when: string | Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(when));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}
