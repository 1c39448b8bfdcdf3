import { useI18n } from 'vue-i18n';
import type { DotState } from './overview-logic';

/** A dot state in words: the risk grades are the shared vocabulary's (`risk.*`), the rest the overview's. */
export function useDotLabel() {
  const { t } = useI18n();
  return (state: DotState): string =>
    state.startsWith('risk-') ? t(`risk.${state.slice(5)}`) : t(`overview.state.${state}`);
}
