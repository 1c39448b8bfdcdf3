import type { FeatureMessages } from './index';

/** Messages of the inspections screens (top-level key `inspections`). */
export const inspections: FeatureMessages = {
  'zh-CN': { inspections: {} },
  en: { inspections: {} },
};
