import { ref } from 'vue';
import { getUserNames } from '../../api/users';
import { actorName, ruleName, type RuleLabels } from './readable';
import { useLabels } from './use-labels';

/** login → name, loaded once per page load (names change only with the sites file). */
const names = ref<ReadonlyMap<string, string>>(new Map());
let loading: Promise<void> | null = null;

function load(): void {
  loading ??= getUserNames()
    .then((items) => {
      names.value = new Map(items.map((u) => [u.username, u.name]));
    })
    .catch(() => {
      // the screens fall back to logins; the next page load asks again
      loading = null;
    });
}

/** People's and rules' names for a screen (see readable.ts). */
export function usePeople() {
  const { t, te } = useLabels();
  load();
  const labels: RuleLabels & { system(rule: string): string } = {
    text: (key) => (te(key) ? t(key) : undefined),
    system: (rule) => t('readable.system', { rule }),
  };
  return {
    /** The person's name, or the platform's rule that acted. */
    who: (by: string | null | undefined) => actorName(by, names.value, labels),
    rule: (id: string) => ruleName(id, labels),
  };
}
