import type { Device } from '../model/device';
import { METRIC_NAME_PATTERN } from '../model/messages';
import type { DecodeContext } from './decode-context';
import { decoded, rejected, type DecodeResult } from './decode-result';
import { isJsonObject, jsonPath, nonFinite, quoteForDetail, wrongType, type JsonObject } from './json-shape';
import { readNativeTimestamp } from './timestamp';

/**
 * `campus/v1/{school}/{device}/telemetry`: `{"ts"?: epoch ms, "metrics": {name: number}}` → one Reading.
 * Booleans are carried as 1/0; anything else that is not a finite number refuses the whole message.
 */
export function decodeNativeTelemetry(device: Device, payload: JsonObject, ctx: DecodeContext): DecodeResult {
  const ts = readNativeTimestamp(payload, 'ts', ctx.now);
  if (!ts.ok) return ts;

  const metrics = payload['metrics'];
  if (!isJsonObject(metrics)) return wrongType('metrics', 'an object of metric values', metrics);
  const entries: [string, number][] = [];
  for (const [name, value] of Object.entries(metrics)) {
    const path = jsonPath('metrics', name);
    if (!METRIC_NAME_PATTERN.test(name)) {
      return rejected(
        'wrong_type',
        `metrics[${quoteForDetail(name)}]: metric name must match ${METRIC_NAME_PATTERN.source}`,
      );
    }
    if (typeof value === 'boolean') {
      entries.push([name, value ? 1 : 0]);
    } else if (typeof value !== 'number') {
      return wrongType(path, 'a finite number', value);
    } else if (!Number.isFinite(value)) {
      return nonFinite(path);
    } else {
      entries.push([name, value]);
    }
  }
  if (entries.length === 0) return rejected('wrong_type', 'metrics: expected at least one metric');

  // Object.fromEntries defines own properties, so no name can reach a prototype.
  return decoded([
    { kind: 'reading', device: device.id, ts: ts.value, metrics: Object.fromEntries(entries) },
  ]);
}
