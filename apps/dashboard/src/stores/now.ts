import { onScopeDispose, ref, type Ref } from 'vue';

/**
 * A shared clock for "3 分钟前" texts: one interval for the whole app, running while any
 * component uses it.
 */
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(): Ref<number> {
  users += 1;
  if (timer === undefined) {
    now.value = Date.now();
    timer = setInterval(() => (now.value = Date.now()), 10_000);
  }
  onScopeDispose(() => {
    users -= 1;
    if (users === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}
