/**
 * Bit meanings of the state and operation fields (§8.2.1). Bit 0 of a state (1 正常运行 / 0 测试)
 * is not a flag: see `stateFields` in canonical-mapping.ts.
 */

/** 建筑消防设施系统状态, bits 1–13. */
export const SYSTEM_STATE_FLAGS: readonly (readonly [bit: number, flag: string])[] = [
  [1, 'fire'],
  [2, 'fault'],
  [3, 'disabled'],
  [4, 'supervisory'],
  [5, 'started'],
  [6, 'feedback'],
  [7, 'delayed'],
  [8, 'main_power_fault'],
  [9, 'backup_power_fault'],
  [10, 'bus_fault'],
  [11, 'manual_mode'],
  [12, 'config_changed'],
  [13, 'reset'],
];

/** 部件运行状态, bits 1–8. */
export const COMPONENT_STATE_FLAGS: readonly (readonly [bit: number, flag: string])[] = [
  [1, 'fire'],
  [2, 'fault'],
  [3, 'disabled'],
  [4, 'supervisory'],
  [5, 'started'],
  [6, 'feedback'],
  [7, 'delayed'],
  [8, 'power_fault'],
];

/** 用户信息传输装置运行状态, bits 1–6. */
export const TRANSMITTER_STATE_FLAGS: readonly (readonly [bit: number, flag: string])[] = [
  [1, 'fire'],
  [2, 'fault'],
  [3, 'main_power_fault'],
  [4, 'backup_power_fault'],
  [5, 'channel_fault'],
  [6, 'monitor_line_fault'],
];

/** 建筑消防设施操作信息, bits 0–6. */
export const SYSTEM_OPERATION_FLAGS: readonly (readonly [bit: number, flag: string])[] = [
  [0, 'reset'],
  [1, 'silence'],
  [2, 'manual_alarm'],
  [3, 'alarm_cleared'],
  [4, 'self_test'],
  [5, 'confirm'],
  [6, 'test'],
];

/** 用户信息传输装置操作信息, bits 0–6 (bit 5 is the answer to a duty check, 查岗应答). */
export const TRANSMITTER_OPERATION_FLAGS: readonly (readonly [bit: number, flag: string])[] = [
  [0, 'reset'],
  [1, 'silence'],
  [2, 'manual_alarm'],
  [3, 'alarm_cleared'],
  [4, 'self_test'],
  [5, 'duty_check_answer'],
  [6, 'test'],
];

/** The flags whose bits are set in `value`, in table order. */
export function setFlags(value: number, table: readonly (readonly [number, string])[]): string[] {
  return table.filter(([bit]) => (value >> bit) & 1).map(([, flag]) => flag);
}
