import type { FeatureMessages } from './index';

/** Messages of the reports screens (top-level key `reports`). */
export const reports: FeatureMessages = {
  'zh-CN': { reports: {} },
  en: { reports: {} },
};
