import type { Device } from '../model/device';
import type { CanonicalMessage, DeviceEvent, Reading } from '../model/messages';
import { isPlausibleTimestamp } from '../decoders/timestamp';
import { toHex } from './address';
import type { Gb26875Header } from './frame';
import type {
  AnalogValueObject,
  ComponentStateObject,
  Gb26875Adu,
  SystemOperationObject,
  SystemStateObject,
  TransmitterOperationObject,
  TransmitterStateObject,
} from './info-objects';
import {
  COMPONENT_STATE_FLAGS,
  SYSTEM_OPERATION_FLAGS,
  SYSTEM_STATE_FLAGS,
  TRANSMITTER_OPERATION_FLAGS,
  TRANSMITTER_STATE_FLAGS,
  setFlags,
} from './state-flags';
import { formatTimeLabel, timeLabelToEpoch, type TimeLabel } from './time-label';
import { ANALOG_QUANTITIES, COMPONENT_TYPE_NAMES, SYSTEM_TYPE_NAMES, scaleAnalogValue } from './type-tables';

/** What the mapping needs beyond the frame: the gateway clock and the province's timezone. */
export interface Gb26875DecodeContext {
  /** Gateway receive time, epoch ms: the time of last resort. */
  now: number;
  /** IANA zone the time labels are local to (the sites file's `province.timezone`). */
  timeZone: string;
}

type EventData = Record<string, unknown>;
interface Candidate {
  type: string;
  ts: number;
  data: EventData;
}

/** Fault flags → `data.reason` of the `fault` event, per kind of state. */
const SYSTEM_FAULTS: ReadonlyMap<string, string> = new Map([
  ['fault', 'system_fault'],
  ['main_power_fault', 'main_power'],
  ['backup_power_fault', 'backup_power'],
  ['bus_fault', 'bus'],
]);
const COMPONENT_FAULTS: ReadonlyMap<string, string> = new Map([
  ['fault', 'component_fault'],
  ['power_fault', 'power'],
]);
const TRANSMITTER_FAULTS: ReadonlyMap<string, string> = new Map([
  ['fault', 'transmitter_fault'],
  ['main_power_fault', 'main_power'],
  ['backup_power_fault', 'backup_power'],
  ['channel_fault', 'channel'],
  ['monitor_line_fault', 'monitor_line'],
]);

/**
 * The canonical messages of one upstream ADU from `device` (a gb26875 fire_alarm_panel):
 * - 火警 in a system, component or transmitter state → `smoke` (感烟 40–44), `heat` (感温 30–37),
 *   `gas` (可燃气体 10–13, 气体 74) or `fire` (everything else; 手动报警按钮 23 with
 *   `manualCallPoint: true`);
 * - 故障 / power / bus / channel faults → one `fault` with `reason` (the first) and `reasons`;
 * - 监管 → `supervisory`; operations (types 4, 24) → `panel_operation`;
 * - analog values (type 3) → a reading: `{metric}` (the highest when several components report it
 *   at one time) and `{metric}_{systemAddress}_{zone}_{position}` per component.
 * Events of one type at one time are merged: `data` describes the first, `data.more` the others.
 * Software versions, configuration and clocks carry nothing to store.
 */
export function gb26875Messages(
  device: Device,
  header: Gb26875Header,
  adu: Gb26875Adu,
  ctx: Gb26875DecodeContext,
): CanonicalMessage[] {
  const at = (label: TimeLabel) => objectTime(label, header, ctx);
  const candidates: Candidate[] = [];
  switch (adu.type) {
    case 1:
      for (const o of adu.objects) candidates.push(...systemStateEvents(o, at(o.time)));
      break;
    case 2:
      for (const o of adu.objects) candidates.push(...componentStateEvents(o, at(o.time)));
      break;
    case 3:
      return analogReadings(device, adu.objects, at);
    case 4:
      for (const o of adu.objects)
        candidates.push(...operationEvent(o, 4, SYSTEM_OPERATION_FLAGS, at(o.time)));
      break;
    case 21:
      for (const o of adu.objects) candidates.push(...transmitterStateEvents(o, at(o.time)));
      break;
    case 24:
      for (const o of adu.objects)
        candidates.push(...operationEvent(o, 24, TRANSMITTER_OPERATION_FLAGS, at(o.time)));
      break;
    default:
      return [];
  }
  return mergeEvents(device.id, candidates);
}

/** The object's own label if it is a real, plausible time; else the frame's send time; else now. */
function objectTime(label: TimeLabel, header: Gb26875Header, ctx: Gb26875DecodeContext): number {
  for (const candidate of [label, header.timeLabel]) {
    const ts = timeLabelToEpoch(candidate, ctx.timeZone);
    if (ts !== undefined && isPlausibleTimestamp(ts, ctx.now)) return ts;
  }
  return ctx.now;
}

function systemStateEvents(o: SystemStateObject & { raw: Uint8Array }, ts: number): Candidate[] {
  const data = {
    ...base(1, o.raw, o.time),
    ...systemRef(o),
    ...stateFields(o.state, setFlags(o.state, SYSTEM_STATE_FLAGS)),
  };
  return stateEvents(data, 'fire', SYSTEM_FAULTS, ts);
}

function componentStateEvents(o: ComponentStateObject & { raw: Uint8Array }, ts: number): Candidate[] {
  const data: EventData & { flags: string[] } = {
    ...base(2, o.raw, o.time),
    ...systemRef(o),
    componentType: o.componentType,
    ...nameOf('componentTypeName', COMPONENT_TYPE_NAMES, o.componentType),
    componentAddress: o.componentAddress,
    zone: o.zone,
    position: o.position,
    description: o.description,
    ...stateFields(o.state, setFlags(o.state, COMPONENT_STATE_FLAGS)),
  };
  if (o.componentType === 23) data['manualCallPoint'] = true;
  return stateEvents(data, fireEventFor(o.componentType), COMPONENT_FAULTS, ts);
}

function transmitterStateEvents(o: TransmitterStateObject & { raw: Uint8Array }, ts: number): Candidate[] {
  const data = {
    ...base(21, o.raw, o.time),
    ...stateFields(o.state, setFlags(o.state, TRANSMITTER_STATE_FLAGS)),
  };
  return stateEvents(data, 'fire', TRANSMITTER_FAULTS, ts);
}

/** One event per alarm the state's flags raise (fire, fault, supervisory). */
function stateEvents(
  data: EventData & { flags: string[] },
  fireType: string,
  faults: ReadonlyMap<string, string>,
  ts: number,
): Candidate[] {
  const out: Candidate[] = [];
  if (data.flags.includes('fire')) out.push({ type: fireType, ts, data });
  const reasons = data.flags.flatMap((flag) => faults.get(flag) ?? []);
  if (reasons.length > 0) out.push({ type: 'fault', ts, data: { ...data, reason: reasons[0], reasons } });
  if (data.flags.includes('supervisory')) out.push({ type: 'supervisory', ts, data });
  return out;
}

function operationEvent(
  o: (SystemOperationObject | TransmitterOperationObject) & { raw: Uint8Array },
  aduType: 4 | 24,
  table: readonly (readonly [number, string])[],
  ts: number,
): Candidate[] {
  const operations = setFlags(o.operations, table);
  if (operations.length === 0) return [];
  const ref = 'systemType' in o ? systemRef(o) : {};
  const data = { ...base(aduType, o.raw, o.time), ...ref, operations, operator: o.operator };
  return [{ type: 'panel_operation', ts, data }];
}

/** Which event a component's 火警 is, by 部件类型. */
export function fireEventFor(componentType: number): string {
  if (componentType >= 40 && componentType <= 44) return 'smoke';
  if (componentType >= 30 && componentType <= 37) return 'heat';
  if ((componentType >= 10 && componentType <= 13) || componentType === 74) return 'gas';
  return 'fire';
}

function analogReadings(
  device: Device,
  objects: readonly (AnalogValueObject & { raw: Uint8Array })[],
  at: (label: TimeLabel) => number,
): Reading[] {
  const byTime = new Map<number, Record<string, number>>();
  for (const o of objects) {
    const quantity = ANALOG_QUANTITIES.get(o.analogType);
    if (o.analogType === 0) continue; // 未用
    const metric = quantity?.metric ?? `analog_${o.analogType}`;
    const value = quantity ? scaleAnalogValue(o.value, quantity.scale) : o.value;
    const ts = at(o.time);
    const metrics = byTime.get(ts) ?? {};
    byTime.set(ts, metrics);
    metrics[metric] = Math.max(metrics[metric] ?? -Infinity, value);
    metrics[`${metric}_${o.systemAddress}_${o.zone}_${o.position}`] = value;
  }
  return [...byTime].map(([ts, metrics]) => ({ kind: 'reading', device: device.id, ts, metrics }));
}

function mergeEvents(deviceId: string, candidates: readonly Candidate[]): DeviceEvent[] {
  const merged = new Map<string, DeviceEvent>();
  for (const { type, ts, data } of candidates) {
    const key = `${type}\u0000${ts}`;
    const first = merged.get(key);
    if (!first) {
      merged.set(key, { kind: 'event', device: deviceId, ts, type, data });
      continue;
    }
    const more = (first.data['more'] as EventData[] | undefined) ?? [];
    first.data = { ...first.data, more: [...more, data] };
  }
  return [...merged.values()];
}

function base(aduType: number, raw: Uint8Array, time: TimeLabel): EventData {
  return { source: 'gb26875', aduType, deviceTime: formatTimeLabel(time), raw: toHex(raw) };
}

function systemRef(o: { systemType: number; systemAddress: number }): EventData {
  return {
    systemType: o.systemType,
    ...nameOf('systemTypeName', SYSTEM_TYPE_NAMES, o.systemType),
    systemAddress: o.systemAddress,
  };
}

/**
 * The raw state word and its set flags. Bit 0 (1 正常运行 / 0 测试) is deliberately not read as
 * "test": the standard's own worked fire alarm has it clear, and a real fire must never look like
 * a test. It stays visible in `state`.
 */
function stateFields(state: number, flags: string[]): { state: number; flags: string[] } {
  return { state, flags };
}

function nameOf(key: string, table: ReadonlyMap<number, string>, code: number): EventData {
  const name = table.get(code);
  return name === undefined ? {} : { [key]: name };
}
