import { ref, type Ref } from 'vue';

/** A media query as a ref, kept up to date (one listener per query for the whole app). */
function mediaRef(query: string): Ref<boolean> {
  const list = window.matchMedia(query);
  const matches = ref(list.matches);
  list.addEventListener('change', (e) => (matches.value = e.matches));
  return matches;
}

/** Phone width: cards instead of tables. */
export const isPhone = mediaRef('(max-width: 767px)');
/** The system is in dark mode (night): the dashboard follows it (color-scheme.ts). */
export const prefersDark = mediaRef('(prefers-color-scheme: dark)');
/** No room for the side nav: it becomes a drawer behind the menu button. */
export const isCompact = mediaRef('(max-width: 1023px)');
