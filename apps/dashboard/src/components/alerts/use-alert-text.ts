import { useI18n } from 'vue-i18n';
import type { Alert } from '../../api/alerts';
import { label } from '../../i18n';
import { useNow } from '../../stores/now';
import { absoluteTime, fullTime, relativeTime, whereParts } from './alert-format';

/** The readable texts of an alert in the current locale, shared by the list, cards and detail. */
export function useAlertText() {
  const { t, locale } = useI18n();
  const now = useNow();

  const typeText = (a: Alert) => label('alertType', a.type);
  const schoolText = (a: Alert) => a.schoolName ?? a.school;
  const whereText = (a: Alert) => whereParts(a.location, (n) => t('where.floor', { n })).join(' · ');
  const deviceText = (a: Alert) =>
    [a.device ?? '', label('deviceKind', a.deviceKind)].filter(Boolean).join(' · ');
  /** For aria-labels: "烟感报警 雁塔区第一小学 实验楼 · 2层 · 化学实验室". */
  const describe = (a: Alert) => [typeText(a), schoolText(a), whereText(a)].filter(Boolean).join(' ');
  const ago = (iso: string) => relativeTime(Date.parse(iso), now.value, locale.value, t('time.justNow'));
  const clock = (iso: string) => absoluteTime(iso, now.value, locale.value);
  const full = (iso: string) => fullTime(iso, locale.value);

  return { t, locale, now, typeText, schoolText, whereText, deviceText, describe, ago, clock, full };
}
