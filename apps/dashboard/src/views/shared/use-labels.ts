import { useI18n } from 'vue-i18n';
import type { DeviceLocation } from '../../api/devices';

/** Labels shared by the operations screens (kinds and uses from the common messages); unknown codes show as themselves. */
export function useLabels() {
  const { t, te, locale } = useI18n();
  const label = (key: string, fallback: string) => (te(key) ? t(key) : fallback);
  return {
    t,
    te,
    locale,
    label,
    kind: (kind: string) => label(`deviceKind.${kind}`, kind),
    use: (use: string | null | undefined) => (use ? label(`use.${use}`, use) : ''),
    // the four grades are the shared vocabulary's (risk.*), as on every screen
    risk: (grade: string | null) => (grade === null ? t('devices.ungraded') : t(`risk.${grade}`)),
    floor: (floor: number | null | undefined) =>
      floor === null || floor === undefined ? '' : t('devices.floor', { n: floor }),
    /** "实验楼 2层 化学实验室" (the room's use when it has no name). */
    location: (loc: DeviceLocation | null) => {
      if (!loc) return '';
      const parts = [
        loc.building,
        loc.floor === undefined || loc.floor === null ? undefined : t('devices.floor', { n: loc.floor }),
      ];
      parts.push(loc.room ?? (loc.use ? label(`use.${loc.use}`, loc.use) : undefined));
      return parts.filter(Boolean).join(' ');
    },
  };
}
