import { watchEffect } from 'vue';
import { prefersDark } from './media';

/**
 * Night: the dashboard follows the system's colour scheme (`prefers-color-scheme`), switching as
 * the phone or desktop switches, by `html.dark` (Element Plus's dark variables and theme.css's).
 */
export function followSystemColorScheme(): void {
  watchEffect(() => document.documentElement.classList.toggle('dark', prefersDark.value));
}
