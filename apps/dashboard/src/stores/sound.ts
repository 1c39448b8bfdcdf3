import { ref, watch } from 'vue';
import { activeAlerts } from './live-alerts';
import { AlarmAudio } from './alarm-audio';
import { decideSounds, type SoundPattern, type Sounded } from './sound-schedule';

/**
 * The alarm sound of the console: on by default (the choice is kept in localStorage), driven by
 * the live alerts through the rules of sound-schedule.ts. The browser blocks audio until a user
 * gesture: `audioLocked` is true until then and the header offers "点击开启声音".
 *
 * For browser tests, `window.__campusSound.played` records every sound actually played.
 */
const PREF_KEY = 'campus.sound';

export interface PlayedSound {
  at: number;
  pattern: SoundPattern;
  alertId: string;
}

declare global {
  interface Window {
    __campusSound?: { played: PlayedSound[] };
  }
}

export const soundEnabled = ref(localStorage.getItem(PREF_KEY) !== 'off');
export const audioLocked = ref(true);
/** The last sound played (for the header's visual cue), or null. */
export const lastPlayed = ref<PlayedSound | null>(null);

const audio = new AlarmAudio(() => {
  audioLocked.value = !audio.running;
  evaluate();
});
const record: { played: PlayedSound[] } = { played: [] };
window.__campusSound = record;

let memory = new Map<string, Sounded>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Asks the rules what is due now and plays it; re-arms the timer for the next panic repeat. */
function evaluate(): void {
  clearTimeout(timer);
  timer = undefined;
  if (!soundEnabled.value || !audio.running) return;
  const now = Date.now();
  const decision = decideSounds(activeAlerts.value, memory, now);
  if (decision.play && audio.play(decision.play.pattern)) {
    memory = decision.memory;
    const played = { at: now, ...decision.play };
    record.played.push(played);
    lastPlayed.value = played;
  } else if (!decision.play) {
    memory = decision.memory;
  }
  if (decision.nextCheckAt !== null) {
    timer = setTimeout(evaluate, Math.max(0, decision.nextCheckAt - Date.now()) + 20);
  }
}

/** Call from a user gesture (click, key): lets the browser play sound, then plays what is due. */
export function unlockAudio(): void {
  void audio.unlock().then((running) => {
    audioLocked.value = !running;
    evaluate();
  });
}

export function setSoundEnabled(on: boolean): void {
  soundEnabled.value = on;
  localStorage.setItem(PREF_KEY, on ? 'on' : 'off');
}

/** The toggle: also a user gesture, so it unlocks the audio when turning it on. */
export function toggleSound(): void {
  setSoundEnabled(!soundEnabled.value);
  if (soundEnabled.value) unlockAudio();
  else evaluate();
}

let started = false;

/** Starts listening to the alerts (once); the first click or key anywhere unlocks the audio. */
export function startAlarmSounds(): void {
  if (started) return;
  started = true;
  watch(activeAlerts, evaluate);
  watch(soundEnabled, evaluate);
  const onGesture = () => {
    if (!audio.running) unlockAudio();
  };
  document.addEventListener('pointerdown', onGesture, { capture: true });
  document.addEventListener('keydown', onGesture, { capture: true });
  // Without a gesture this only works where the browser allows autoplay (a kiosk): try anyway.
  unlockAudio();
}

/** Forgets what was sounded (logout: the next user hears their open alarms). */
export function resetAlarmSounds(): void {
  memory = new Map();
  clearTimeout(timer);
  timer = undefined;
}
