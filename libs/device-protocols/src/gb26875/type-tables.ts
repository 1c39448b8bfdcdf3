/**
 * Code tables of GB/T 26875.3-2011 §8.2 (names as the standard gives them). Used for the
 * human-readable names in event data; codes missing here are reserved or user-defined.
 */

/** 系统类型 (23 is 消防电源; one public transcription mislabels it 消防电梯). */
export const SYSTEM_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, '通用'],
  [1, '火灾报警系统'],
  [10, '消防联动控制器'],
  [11, '消火栓系统'],
  [12, '自动喷水灭火系统'],
  [13, '气体灭火系统'],
  [14, '水喷雾灭火系统(泵启动方式)'],
  [15, '水喷雾灭火系统(压力容器启动方式)'],
  [16, '泡沫灭火系统'],
  [17, '干粉灭火系统'],
  [18, '防烟排烟系统'],
  [19, '防火门及卷帘系统'],
  [20, '消防电梯'],
  [21, '消防应急广播'],
  [22, '消防应急照明和疏散指示系统'],
  [23, '消防电源'],
  [24, '消防电话'],
]);

/** 部件类型. */
export const COMPONENT_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, '通用'],
  [1, '火灾报警控制器'],
  [10, '可燃气体探测器'],
  [11, '点型可燃气体探测器'],
  [12, '独立式可燃气体探测器'],
  [13, '线型可燃气体探测器'],
  [16, '电气火灾监控报警器'],
  [17, '剩余电流式电气火灾监控探测器'],
  [18, '测温式电气火灾监控探测器'],
  [21, '探测回路'],
  [22, '火灾显示盘'],
  [23, '手动火灾报警按钮'],
  [24, '消火栓按钮'],
  [25, '火灾探测器'],
  [30, '感温火灾探测器'],
  [31, '点型感温火灾探测器'],
  [32, '点型感温火灾探测器(S型)'],
  [33, '点型感温火灾探测器(R型)'],
  [34, '线型感温火灾探测器'],
  [35, '线型感温火灾探测器(S型)'],
  [36, '线型感温火灾探测器(R型)'],
  [37, '光纤感温火灾探测器'],
  [40, '感烟火灾探测器'],
  [41, '点型离子感烟火灾探测器'],
  [42, '点型光电感烟火灾探测器'],
  [43, '线型光束感烟火灾探测器'],
  [44, '吸气式感烟火灾探测器'],
  [50, '复合式火灾探测器'],
  [51, '复合式感烟感温火灾探测器'],
  [52, '复合式感光感温火灾探测器'],
  [53, '复合式感光感烟火灾探测器'],
  [61, '紫外火焰探测器'],
  [62, '红外火焰探测器'],
  [69, '感光火灾探测器'],
  [74, '气体探测器'],
  [78, '图像摄像方式火灾探测器'],
  [79, '感声火灾探测器'],
  [81, '气体灭火控制器'],
  [82, '消防电气控制装置'],
  [83, '消防控制室图形显示装置'],
  [84, '模块'],
  [85, '输入模块'],
  [86, '输出模块'],
  [87, '输入/输出模块'],
  [88, '中继模块'],
  [91, '消防水泵'],
  [92, '消防水箱'],
  [95, '喷淋泵'],
  [96, '水流指示器'],
  [97, '信号阀'],
  [98, '报警阀'],
  [99, '压力开关'],
  [101, '阀驱动装置'],
  [102, '防火门'],
  [103, '防火阀'],
  [104, '通风空调'],
  [105, '泡沫液泵'],
  [106, '管网电磁阀'],
  [111, '防烟排烟风机'],
  [113, '排烟防火阀'],
  [114, '常闭送风口'],
  [115, '排烟口'],
  [116, '电控挡烟垂壁'],
  [117, '防火卷帘控制器'],
  [118, '防火门监控器'],
  [121, '报警装置'],
]);

/** A 模拟量类型: the metric it becomes and the size of one unit of the raw int16. */
export interface AnalogQuantity {
  metric: string;
  scale: number;
  unit: string;
}

/** 模拟量类型 → telemetry metric (values are converted to the unit named in the metric). */
export const ANALOG_QUANTITIES: ReadonlyMap<number, AnalogQuantity> = new Map([
  [1, { metric: 'event_count', scale: 1, unit: '件' }],
  [2, { metric: 'height_m', scale: 0.01, unit: 'm' }],
  [3, { metric: 'temperature', scale: 0.1, unit: '℃' }],
  [4, { metric: 'pressure_mpa', scale: 0.1, unit: 'MPa' }],
  [5, { metric: 'pressure_kpa', scale: 0.1, unit: 'kPa' }],
  [6, { metric: 'gas_lel', scale: 0.1, unit: '%LEL' }],
  [7, { metric: 'duration_s', scale: 1, unit: 's' }],
  [8, { metric: 'voltage', scale: 0.1, unit: 'V' }],
  [9, { metric: 'current', scale: 0.1, unit: 'A' }],
  [10, { metric: 'flow_lps', scale: 0.1, unit: 'L/s' }],
  [11, { metric: 'airflow_m3_min', scale: 0.1, unit: 'm³/min' }],
  [12, { metric: 'wind_speed', scale: 1, unit: 'm/s' }],
]);

/** The raw int16 in the quantity's unit, without binary noise (235 × 0.1 → 23.5, not 23.500000000000004). */
export function scaleAnalogValue(raw: number, scale: number): number {
  return scale === 1 ? raw : raw / Math.round(1 / scale);
}
