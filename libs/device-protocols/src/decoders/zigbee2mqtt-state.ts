import type { Device } from '../model/device';
import { METRIC_NAME_PATTERN, type CanonicalMessage, type DeviceEvent } from '../model/messages';
import type { DecodeContext } from './decode-context';
import { decoded, type DecodeRejection, type DecodeResult } from './decode-result';
import { readNullableBoolean, readNullableFiniteNumber, readNullableString } from './json-fields';
import { isJsonObject, jsonPath, nonFinite, wrongType, type JsonObject } from './json-shape';
import { zigbee2mqttStateTime } from './zigbee2mqtt-last-seen';

/** Boolean state fields that open the named event while true (docs/protocol.md vendor mapping). */
const ALARM_FIELDS: readonly (readonly [field: string, eventType: string])[] = [
  ['smoke', 'smoke'],
  ['gas', 'gas'],
  ['water_leak', 'water_leak'],
  ['tamper', 'tamper'],
  ['sos', 'sos'],
  ['battery_low', 'low_battery'],
];
/**
 * Values of `action` (in the state, or plain text on `{name}/action`) that open an event:
 * IAS ACE `commandEmergency` of SOS buttons and remotes.
 */
export const ZIGBEE2MQTT_ACTION_EVENTS: ReadonlyMap<string, string> = new Map([['emergency', 'sos']]);
/** `contact` is inverted against intuition: true = closed. Carried as telemetry 1 = closed, 0 = open. */
const CONTACT_FIELD = 'contact';
/** Numeric fields Z2M documents; any other value there is malformed. Every finite number is telemetry. */
const NUMERIC_FIELDS = [
  'battery',
  'temperature',
  'humidity',
  'linkquality',
  'voltage',
  'pressure',
  'illuminance',
];
/** Read as the message time, never as a metric. */
const LAST_SEEN_FIELD = 'last_seen';

/**
 * A Zigbee2MQTT device state (`{baseTopic}/{friendly_name}`): the whole cached state, keys sorted,
 * `null` for values not reported yet. Yields one Reading of every finite number (plus `contact`)
 * and one event per alarm field that is true. Strings other than `action`, nested objects and
 * unknown booleans are ignored.
 */
export function decodeZigbee2mqttState(
  device: Device,
  name: string,
  state: unknown,
  ctx: DecodeContext,
): DecodeResult {
  if (!isJsonObject(state)) return wrongType('payload', 'a JSON object of device state', state);
  const ts = zigbee2mqttStateTime(state[LAST_SEEN_FIELD], ctx.now);

  const events = new Map<string, DeviceEvent>();
  const openEvent = (type: string, data: Record<string, unknown>): void => {
    if (!events.has(type)) {
      events.set(type, {
        kind: 'event',
        device: device.id,
        ts,
        type,
        data: { source: 'zigbee2mqtt', name, ...data },
      });
    }
  };
  for (const [field, eventType] of ALARM_FIELDS) {
    const flag = readNullableBoolean(state, field, '');
    if (!flag.ok) return flag;
    if (flag.value === true) openEvent(eventType, { field });
  }
  const action = readNullableString(state, 'action', '');
  if (!action.ok) return action;
  const actionEvent = action.value === undefined ? undefined : ZIGBEE2MQTT_ACTION_EVENTS.get(action.value);
  if (actionEvent) openEvent(actionEvent, { field: 'action', action: action.value });

  const contact = readNullableBoolean(state, CONTACT_FIELD, '');
  if (!contact.ok) return contact;
  for (const field of NUMERIC_FIELDS) {
    const number = readNullableFiniteNumber(state, field, '');
    if (!number.ok) return number;
  }

  const metrics = readNumericMetrics(state);
  if (!metrics.ok) return metrics;
  if (contact.value !== undefined) metrics.entries.push([CONTACT_FIELD, contact.value ? 1 : 0]);

  const messages: CanonicalMessage[] = [];
  if (metrics.entries.length > 0) {
    messages.push({ kind: 'reading', device: device.id, ts, metrics: Object.fromEntries(metrics.entries) });
  }
  messages.push(...events.values());
  return decoded(messages);
}

type NumericMetrics = { ok: true; entries: [string, number][] } | DecodeRejection;

/** Every top-level number whose key is a valid metric name (other keys are vendor extras, skipped). */
function readNumericMetrics(state: JsonObject): NumericMetrics {
  const entries: [string, number][] = [];
  for (const [key, value] of Object.entries(state)) {
    if (typeof value !== 'number' || key === LAST_SEEN_FIELD || !METRIC_NAME_PATTERN.test(key)) continue;
    if (!Number.isFinite(value)) return nonFinite(jsonPath('', key));
    entries.push([key, value]);
  }
  return { ok: true, entries };
}
