import { useRouter } from 'vue-router';
import type { Alert } from '../../api/alerts';

/** What the console's table (wide screens) and cards (phones) share: flashing and opening a row. */
export function useAlertList() {
  const router = useRouter();
  return {
    /** Open criticals flash until someone acknowledges them. */
    flashes: (a: Alert) => a.severity === 'critical' && a.status === 'open',
    open: (a: Alert) => void router.push({ name: 'alert', params: { id: a.id } }),
  };
}
