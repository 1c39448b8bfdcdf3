import type { EventEmitter } from 'node:events';
import type { Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import type { Scenario, ScenarioStep } from './scenarios/scenario';

export const DEFAULT_RATE = 20;

export interface StartSimulatorOptions {
  sites: Sites;
  /** Broker URL, e.g. `mqtt://localhost:1883`. */
  url: string;
  /** Telemetry messages per second across the whole fleet (default 20; 0 = events only). */
  rate?: number;
  /** Scenario name (see `SCENARIOS`); default `normal`. Every scenario runs on top of normal traffic. */
  scenario?: string;
  logger?: Logger;
  /** Password for devices whose sites entry has only a `secretHash` (they are skipped otherwise). */
  secretOverride?: string;
  /** Only these school codes (default: all). */
  schools?: string[];
  /** Scenario clock runs this many times faster than real time (drills, tests); default 1. Telemetry rate is not scaled. */
  speed?: number;
  /** Seed for all randomness, to replay a run. */
  seed?: number;
  /** The gateway's GB26875_PORT: gb26875 fire-alarm panels connect there over TCP (skipped without it). */
  gb26875Port?: number;
  /** Host of that port; default the host of `url`. */
  gb26875Host?: string;
}

export interface ConnectionSummary {
  total: number;
  online: number;
  /** Devices the broker refused (bad credentials…), with the reason. */
  refused: { device: string; reason: string }[];
}

export interface SimulatorStats {
  /**
   * Messages the broker accepted (or, for GB/T 26875.3 panels, the gateway confirmed), by channel:
   * `telemetry`, `event`, `status`, `z2m/state`, `frigate/events`, `gb26875/heartbeat`, `gb26875/state`, …
   */
  published: Record<string, number>;
  total: number;
  /** Publishes skipped because the device was offline. */
  droppedWhileOffline: number;
  connections: ConnectionSummary;
  /** Devices in the sites file not simulated (hashed secret only, GB/T 26875.3 panels…). */
  skipped: { id: string; reason: string }[];
}

export interface SimulatorEventMap {
  step: [ScenarioStep];
  /** The selected scenario finished its sequence (only `once` scenarios do). */
  'scenario-end': [{ scenario: string; at: number }];
  'scenario-error': [{ scenario: string; error: Error }];
  'connection-refused': [{ device: string; reason: string }];
}

export interface SimulatorHandle {
  readonly scenario: Scenario;
  /** Scenarios start on the next turn of the event loop: listeners attached right after `await startSimulator()` miss nothing. */
  readonly events: EventEmitter<SimulatorEventMap>;
  /** Settles when the selected scenario's sequence is over: finished, failed, or stopped. */
  readonly scenarioDone: Promise<void>;
  stats(): SimulatorStats;
  /** Clears every timer and disconnects cleanly (the broker discards the wills). Idempotent. */
  stop(): Promise<void>;
}
