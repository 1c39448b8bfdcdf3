import { createI18n } from 'vue-i18n';
import { common } from './common';
import { devices } from './devices';
import { hazards } from './hazards';
import { inspections } from './inspections';
import { reports } from './reports';

/**
 * One message module per feature, each `{ 'zh-CN': {...}, en: {...} }` under its own top-level
 * keys (e.g. `devices.*`), merged here. zh-CN is the product language; English is second.
 */
export type FeatureMessages = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };

const modules: FeatureMessages[] = [common, devices, hazards, inspections, reports];

/** Message trees of strings; vue-i18n's key typing is not used (keys are checked by the views' tests). */
type Messages = { [key: string]: string | Messages };

const merge = (locale: 'zh-CN' | 'en') =>
  Object.assign({}, ...modules.map((m) => m[locale])) as Messages;

export const i18n = createI18n<[Messages], 'zh-CN' | 'en', false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'en',
  messages: { 'zh-CN': merge('zh-CN'), en: merge('en') },
});
