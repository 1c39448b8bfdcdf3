import { watch } from 'vue';
import { createI18n } from 'vue-i18n';
import { account } from './account';
import { audit } from './audit';
import { consoleMessages } from './console';
import { devices } from './devices';
import { evidence } from './evidence';
import { hazardReports } from './hazard-reports';
import { hazards } from './hazards';
import { inspections } from './inspections';
import { overview } from './overview';
import { readable } from './readable';
import { linkage } from './linkage';
import { plans } from './plans';
import { media } from './media';
import { registry } from './registry';
import { registryPeople } from './registry-people';
import { reports } from './reports';
import { rules } from './rules';
import { shell } from './shell';
import { sso } from './sso';
import { supervision } from './supervision';
import { vocabulary } from './vocabulary';

/**
 * One message module per feature, each `{ 'zh-CN': {...}, en: {...} }` under its own top-level
 * keys (e.g. `devices.*`), merged here. zh-CN is the product language; English is second.
 */
export type FeatureMessages = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const modules: FeatureMessages[] = [
  shell,
  consoleMessages,
  vocabulary,
  account,
  devices,
  hazards,
  hazardReports,
  evidence,
  inspections,
  linkage,
  plans,
  media,
  reports,
  overview,
  audit,
  sso,
  supervision,
  readable,
  registry,
  registryPeople,
  rules,
];

/** Message trees of strings; vue-i18n's key typing is not used (keys are checked by the views' tests). */
type Messages = { [key: string]: string | Messages };

const merge = (locale: Locale) => Object.assign({}, ...modules.map((m) => m[locale])) as Messages;

const LOCALE_KEY = 'campus.locale';

/** zh-CN unless the user chose English on this browser before. */
function initialLocale(): Locale {
  const stored = localStorage.getItem(LOCALE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': merge('zh-CN'), en: merge('en') },
});

/** The current locale (reactive). */
export const currentLocale = () => i18n.global.locale.value;

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(LOCALE_KEY, locale);
}

// The page's language follows the locale (screen readers, hyphenation, fonts; WCAG 3.1.1).
watch(
  i18n.global.locale,
  (locale) => {
    document.documentElement.lang = locale;
  },
  { immediate: true },
);

/**
 * The label of a value in one of the shared vocabularies (`alertType`, `deviceKind`, `risk`,
 * `use`, `severity`, `status`, `level`, `role`, `channel`, `disposition`, `metric`), or the value
 * itself when there is none (a sites-file rule may name alert types of its own).
 */
export function label(group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${group}.${value}`;
  return i18n.global.te(key) || i18n.global.te(key, 'zh-CN') ? i18n.global.t(key) : value;
}
