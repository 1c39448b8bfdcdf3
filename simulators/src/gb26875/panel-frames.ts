import { buildGb26875Frame, epochToTimeLabel, type TimeLabel } from '@campus/device-protocols';

/** The centre's address the simulated transmitters write in their frames (the gateway accepts any). */
export const SIMULATED_CENTRE_ADDRESS = 88888;

const BLANK_LABEL: TimeLabel = { second: 0, minute: 0, hour: 0, day: 1, month: 1, year: 0 };

export function localLabel(ts: number, timeZone: string): TimeLabel {
  return epochToTimeLabel(ts, timeZone) ?? BLANK_LABEL;
}

function labelBytes(l: TimeLabel): number[] {
  return [l.second, l.minute, l.hour, l.day, l.month, l.year];
}

/** 31-byte 部件说明: ASCII is valid GB 18030; padded with spaces like the standard's example. */
function description(text: string): number[] {
  const ascii = [...text].filter((c) => c.charCodeAt(0) < 0x80).slice(0, 30);
  return [...ascii.map((c) => c.charCodeAt(0)), ...Array<number>(31 - ascii.length).fill(0x20)];
}

export interface ComponentState {
  /** 部件类型, e.g. 42 点型光电感烟火灾探测器. */
  componentType: number;
  zone: number;
  position: number;
  /** 部件状态 bits: 0x0003 = 正常运行 + 火警. */
  state: number;
  text: string;
}

/** Type 2 (部件运行状态) ADU with one object at `at`. */
export function componentStateAdu(c: ComponentState, at: TimeLabel): Uint8Array {
  return Uint8Array.from([
    2,
    1,
    1, // 火灾报警系统
    1, // system address
    c.componentType,
    c.zone & 0xff,
    c.zone >> 8,
    c.position & 0xff,
    c.position >> 8,
    c.state & 0xff,
    c.state >> 8,
    ...description(c.text),
    ...labelBytes(at),
  ]);
}

/** Type 21 (用户信息传输装置运行状态) ADU: `state` bits, e.g. 0x09 = 正常监视 + 主电故障. */
export function transmitterStateAdu(state: number, at: TimeLabel): Uint8Array {
  return Uint8Array.from([21, 1, state, ...labelBytes(at)]);
}

/** A 发送数据 frame from `source` (an empty ADU is the heartbeat). */
export function uploadFrame(
  serial: number,
  source: number,
  sentAt: TimeLabel,
  adu: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return buildGb26875Frame({
    serial,
    timeLabel: sentAt,
    source,
    destination: SIMULATED_CENTRE_ADDRESS,
    command: 2,
    adu,
  });
}
