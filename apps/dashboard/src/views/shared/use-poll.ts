import { onBeforeUnmount, onMounted, ref } from 'vue';

/**
 * Runs `load` now and every `everyMs` while the page is visible (a wall screen in a guard room
 * stays current without hammering the server from background tabs). `now` ticks with it, for
 * relative times.
 */
export function usePoll(load: () => Promise<void>, everyMs = 30_000) {
  const now = ref(Date.now());
  const loading = ref(false);
  const updatedAt = ref<number | null>(null);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function run(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    try {
      await load();
      updatedAt.value = Date.now();
    } finally {
      loading.value = false;
      now.value = Date.now();
    }
  }

  const tick = () => {
    if (document.visibilityState === 'visible') void run().catch(() => undefined);
  };
  onMounted(() => {
    timer = setInterval(tick, everyMs);
    document.addEventListener('visibilitychange', tick);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', tick);
  });
  return { now, loading, updatedAt, run };
}
