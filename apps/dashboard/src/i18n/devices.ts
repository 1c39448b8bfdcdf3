import type { FeatureMessages } from './index';

/** Messages of the devices screens (top-level key `devices`). */
export const devices: FeatureMessages = {
  'zh-CN': { devices: {} },
  en: { devices: {} },
};
