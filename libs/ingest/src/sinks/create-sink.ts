import type { Logger } from 'pino';
import type { InfluxConfig } from '../config/gateway-config';
import { EmbeddedTimeSeriesSink } from './embedded-sink';
import { InfluxTimeSeriesSink } from './influx-sink';
import type { TimeSeriesSink } from './time-series-sink';

export type SinkChoice =
  | { type: 'embedded'; dir: string; retentionDays: number }
  | { type: 'influxdb'; influx: InfluxConfig; retentionDays: number };

/** The sink the environment names: InfluxDB when `INFLUX_URL` is set, else the embedded store. */
export async function createSink(choice: SinkChoice, logger: Logger): Promise<TimeSeriesSink> {
  if (choice.type === 'embedded')
    return EmbeddedTimeSeriesSink.open(choice.dir, logger.child({ part: 'sink' }));
  return new InfluxTimeSeriesSink(
    { ...choice.influx, retentionDays: choice.retentionDays },
    logger.child({ part: 'sink' }),
  );
}
