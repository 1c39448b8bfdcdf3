import type { Logger } from 'pino';
import type { Fleet } from '../fleet/fleet';
import type { Rng } from '../util/random';

/** One scenario step as it happens, for logs, drills and tests. */
export interface ScenarioStep {
  scenario: string;
  step: string;
  /** Epoch ms. */
  at: number;
  detail: Record<string, unknown>;
}

export interface ScenarioContext {
  readonly scenario: string;
  readonly fleet: Fleet;
  readonly rng: Rng;
  readonly logger: Logger;
  /** Aborted when the simulator stops; `sleep` then rejects. */
  readonly signal: AbortSignal;
  /** Epoch ms. */
  now(): number;
  /** Waits scenario time: real time divided by the simulator's speed. */
  sleep(ms: number): Promise<void>;
  /** Records a step (emitted as a `step` event and logged). */
  step(step: string, detail?: Record<string, unknown>): void;
}

export interface Scenario {
  name: string;
  description: string;
  /** `true`: ends after its sequence; `false`: runs until the simulator stops. */
  once: boolean;
  run(context: ScenarioContext): Promise<void>;
}
