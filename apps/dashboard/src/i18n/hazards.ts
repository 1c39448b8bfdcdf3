import type { FeatureMessages } from './index';

/** Messages of the hazards screens (top-level key `hazards`). */
export const hazards: FeatureMessages = {
  'zh-CN': { hazards: {} },
  en: { hazards: {} },
};
