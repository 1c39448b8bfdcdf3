import type { Logger } from 'pino';
import type { PublishStats } from '../mqtt/publish-stats';
import type { Rng } from '../util/random';

/** What every simulated device shares: where to connect and where to report. */
export interface SimulatorRuntime {
  url: string;
  stats: PublishStats;
  logger: Logger;
  rng: Rng;
  /** Epoch ms. */
  now: () => number;
  onRefused: (deviceId: string, reason: string) => void;
}

/** A device that can send a periodic reading; the telemetry scheduler spreads the fleet's rate over these. */
export interface TelemetrySource {
  readonly id: string;
  readonly canReport: boolean;
  reportTelemetry(): void;
}
