import type { Logger } from 'pino';
import type { InfluxConfig } from '../config/gateway-config';
import { InfluxTimeSeriesSink } from './influx-sink';
import type { TimeSeriesSink } from './time-series-sink';
import { WorkerTimeSeriesSink } from './worker-sink';

export type SinkChoice =
  | { type: 'embedded'; dir: string; retentionDays: number }
  | { type: 'influxdb'; influx: InfluxConfig; retentionDays: number };

/**
 * The sink the environment names: InfluxDB when `INFLUX_URL` is set, else the embedded store
 * (SQLite in `dir`, in a worker thread so that writing never blocks the broker's event loop).
 */
export async function createSink(choice: SinkChoice, logger: Logger): Promise<TimeSeriesSink> {
  if (choice.type === 'embedded')
    return WorkerTimeSeriesSink.open(choice.dir, logger.child({ part: 'sink' }));
  return new InfluxTimeSeriesSink(
    { ...choice.influx, retentionDays: choice.retentionDays },
    logger.child({ part: 'sink' }),
  );
}
