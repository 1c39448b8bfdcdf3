import { Point } from '@influxdata/influxdb-client';
import { toSeriesPoint, type SeriesPoint, type StoredMessage } from './series-point';

/** One point of the §8 layout as a Point of the client (integers `i`, strings quoted, booleans). */
export function toPoint({ measurement, tags, fields, ts }: SeriesPoint): Point {
  const point = new Point(measurement);
  for (const [key, value] of Object.entries(tags)) point.tag(key, value);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'number') point.floatField(key, value);
    else if (typeof value === 'boolean') point.booleanField(key, value);
    else if (typeof value === 'string') point.stringField(key, value);
    else point.intField(key, value.integer);
  }
  return point.timestamp(ts);
}

/**
 * Line protocol with millisecond timestamps (`precision=ms`). A message with nothing to store
 * (a reading without metrics) gives no line.
 */
export function toLines(batch: readonly StoredMessage[]): string[] {
  const lines: string[] = [];
  for (const message of batch) {
    const line = toPoint(toSeriesPoint(message)).toLineProtocol();
    if (line !== undefined) lines.push(line);
  }
  return lines;
}
