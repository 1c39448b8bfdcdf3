import type { SoundPattern } from './sound-schedule';

/**
 * The alarm sounds, made with the Web Audio API (oscillator beeps: no audio files to load or to
 * fail). Browsers keep an AudioContext suspended until a user gesture; `unlock()` must therefore
 * be called from a click or key handler (the sound toggle, the login button, the first click on
 * the page).
 */

/** One tone: start offset and length in seconds, frequency in Hz. */
interface Tone {
  at: number;
  dur: number;
  hz: number;
  type: OscillatorType;
  gain: number;
}

function beeps(count: number, opts: { hz: number; dur: number; gap: number; start?: number }): Tone[] {
  return Array.from({ length: count }, (_, i) => ({
    at: (opts.start ?? 0) + i * (opts.dur + opts.gap),
    dur: opts.dur,
    hz: opts.hz,
    type: 'square' as const,
    gain: 0.25,
  }));
}

/** Morse S-O-S at 1 kHz, twice: unmistakable, and unlike the fire alarm's fast beeps. */
function sosTones(): Tone[] {
  const dot = 0.12;
  const dash = 0.36;
  const tones: Tone[] = [];
  let t = 0;
  for (let round = 0; round < 2; round++) {
    for (const len of [dot, dot, dot, dash, dash, dash, dot, dot, dot]) {
      tones.push({ at: t, dur: len, hz: 1050, type: 'square', gain: 0.3 });
      t += len + dot;
    }
    t += 0.5;
  }
  return tones;
}

export const PATTERNS: Record<SoundPattern, Tone[]> = {
  // Three fast high beeps, twice (the temporal-three rhythm of fire alarms).
  critical: [
    ...beeps(3, { hz: 880, dur: 0.16, gap: 0.1 }),
    ...beeps(3, { hz: 880, dur: 0.16, gap: 0.1, start: 1.1 }),
  ],
  sos: sosTones(),
  // A soft falling two-tone chime.
  high: [
    { at: 0, dur: 0.3, hz: 660, type: 'sine', gain: 0.3 },
    { at: 0.35, dur: 0.45, hz: 494, type: 'sine', gain: 0.3 },
  ],
};

type AudioContextClass = typeof AudioContext;

export class AlarmAudio {
  private context: AudioContext | null = null;

  /** `onStateChange` is called whenever the browser starts or suspends the audio. */
  constructor(private readonly onStateChange: () => void) {}

  /** Whether sound can play now (the context exists and the browser let it run). */
  get running(): boolean {
    return this.context?.state === 'running';
  }

  /**
   * Creates / resumes the context. Inside a user gesture this succeeds; outside one a browser
   * with an autoplay policy leaves it suspended (and `resume()` pending until a gesture), while a
   * guard-room kiosk started with `--autoplay-policy=no-user-gesture-required` plays at once.
   * Resolves to `running`, never waiting long for a pending resume.
   */
  async unlock(): Promise<boolean> {
    const scope = globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
    const Ctor = scope.AudioContext ?? scope.webkitAudioContext;
    if (!Ctor) return false;
    try {
      if (this.context === null) {
        this.context = new Ctor();
        this.context.onstatechange = this.onStateChange;
      }
      if (this.context.state !== 'running') {
        const resumed = this.context.resume().catch(() => undefined);
        await Promise.race([resumed, new Promise((r) => setTimeout(r, 500))]);
      }
    } catch {
      return false;
    }
    return this.running;
  }

  /** Plays a pattern now; false (and nothing played) when the audio is not running. */
  play(pattern: SoundPattern): boolean {
    const ctx = this.context;
    if (ctx === null || ctx.state !== 'running') return false;
    const t0 = ctx.currentTime + 0.02;
    for (const tone of PATTERNS[pattern]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = tone.type;
      osc.frequency.value = tone.hz;
      // Short ramps: no clicks at the edges of each beep.
      gain.gain.setValueAtTime(0, t0 + tone.at);
      gain.gain.linearRampToValueAtTime(tone.gain, t0 + tone.at + 0.01);
      gain.gain.setValueAtTime(tone.gain, t0 + tone.at + tone.dur - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + tone.at + tone.dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + tone.at);
      osc.stop(t0 + tone.at + tone.dur + 0.01);
    }
    return true;
  }
}
