import type { TimeLabel } from './time-label';

/** 部件地址: 4 bytes, documented as 区号 (2 B) then 位号 (2 B), little-endian. */
export interface ComponentAddress {
  /** The 4 bytes as one little-endian integer, as most panels print it. */
  componentAddress: number;
  /** Bytes 1–2 (little-endian). */
  zone: number;
  /** Bytes 3–4 (little-endian). */
  position: number;
}

interface SystemRef {
  systemType: number;
  systemAddress: number;
}

/** Type 1 建筑消防设施系统状态. */
export interface SystemStateObject extends SystemRef {
  state: number;
  time: TimeLabel;
}
/** Type 2 建筑消防设施部件运行状态. */
export interface ComponentStateObject extends SystemRef, ComponentAddress {
  componentType: number;
  state: number;
  /** 部件说明, GB 18030. */
  description: string;
  time: TimeLabel;
}
/** Type 3 建筑消防设施部件模拟量值. */
export interface AnalogValueObject extends SystemRef, ComponentAddress {
  componentType: number;
  analogType: number;
  /** The raw signed 16-bit value (units of the analog type). */
  value: number;
  time: TimeLabel;
}
/** Type 4 建筑消防设施操作信息. */
export interface SystemOperationObject extends SystemRef {
  operations: number;
  operator: number;
  time: TimeLabel;
}
/** Types 5 and 25: software versions. */
export interface SoftwareVersionObject {
  systemType?: number;
  systemAddress?: number;
  major: number;
  minor: number;
}
/** Types 6 and 26: configuration text. */
export interface ConfigurationObject {
  systemType?: number;
  systemAddress?: number;
  description: string;
}
/** Type 7 建筑消防设施部件配置情况. */
export interface ComponentConfigurationObject extends SystemRef, ComponentAddress {
  componentType: number;
  description: string;
}
/** Types 8 and 28: clocks. */
export interface ClockObject {
  systemType?: number;
  systemAddress?: number;
  time: TimeLabel;
}
/** Type 21 用户信息传输装置运行状态. */
export interface TransmitterStateObject {
  state: number;
  time: TimeLabel;
}
/** Type 24 用户信息传输装置操作信息. */
export interface TransmitterOperationObject {
  operations: number;
  operator: number;
  time: TimeLabel;
}

/** Each object keeps its own bytes, for the `raw` field of event data. */
type WithRaw<T> = T & { raw: Uint8Array };

/** An upstream ADU: its type flag and its information objects. */
export type Gb26875Adu =
  | { type: 1; objects: WithRaw<SystemStateObject>[] }
  | { type: 2; objects: WithRaw<ComponentStateObject>[] }
  | { type: 3; objects: WithRaw<AnalogValueObject>[] }
  | { type: 4; objects: WithRaw<SystemOperationObject>[] }
  | { type: 5 | 25; objects: WithRaw<SoftwareVersionObject>[] }
  | { type: 6 | 26; objects: WithRaw<ConfigurationObject>[] }
  | { type: 7; objects: WithRaw<ComponentConfigurationObject>[] }
  | { type: 8 | 28; objects: WithRaw<ClockObject>[] }
  | { type: 21; objects: WithRaw<TransmitterStateObject>[] }
  | { type: 24; objects: WithRaw<TransmitterOperationObject>[] };

export type Gb26875AduType = Gb26875Adu['type'];
