/**
 * The one vocabulary of the platform: alert types, device kinds and place uses with their zh-CN
 * and English labels. The SMS and voice texts (libs/alerting notifications) and the dashboard's
 * i18n both read these, so a label is changed here and nowhere else (docs/alerting.md).
 * Plain data: no imports, no code.
 */

/** One term in both product languages (zh-CN is the product language, English the second). */
export interface Label {
  readonly 'zh-CN': string;
  readonly en: string;
}

export type LabelLanguage = keyof Label;

/**
 * Alert types the platform knows. A sites-file rule may name a type of its own: it has no label
 * and is shown as it is.
 */
export const ALERT_TYPE_LABELS = {
  smoke: { 'zh-CN': '烟感报警', en: 'Smoke alarm' },
  fire: { 'zh-CN': '火警', en: 'Fire' },
  heat: { 'zh-CN': '高温报警', en: 'High temperature' },
  gas: { 'zh-CN': '燃气泄漏', en: 'Gas leak' },
  water_leak: { 'zh-CN': '漏水报警', en: 'Water leak' },
  sos: { 'zh-CN': '一键报警', en: 'Panic button (SOS)' },
  panic: { 'zh-CN': '一键报警', en: 'Panic button (SOS)' },
  intrusion: { 'zh-CN': '入侵报警', en: 'Intrusion' },
  door_forced: { 'zh-CN': '门被强行打开', en: 'Door forced open' },
  door_forced_repeated: { 'zh-CN': '门多次被强行打开', en: 'Door forced repeatedly' },
  door_held_open: { 'zh-CN': '门长时间未关', en: 'Door held open' },
  fight: { 'zh-CN': '打架斗殴', en: 'Fight' },
  crowd: { 'zh-CN': '人员聚集', en: 'Crowding' },
  fall: { 'zh-CN': '人员跌倒', en: 'Person fallen' },
  climbing: { 'zh-CN': '攀爬', en: 'Climbing' },
  loitering: { 'zh-CN': '可疑人员徘徊', en: 'Loitering' },
  tamper: { 'zh-CN': '设备被拆动', en: 'Device tampered with' },
  fault: { 'zh-CN': '设备故障', en: 'Device fault' },
  low_battery: { 'zh-CN': '设备电量低', en: 'Low battery' },
  device_offline: { 'zh-CN': '设备离线', en: 'Device offline' },
  device_flapping: { 'zh-CN': '设备频繁掉线', en: 'Device keeps dropping off' },
  patrol_missed: { 'zh-CN': '巡更漏巡', en: 'Patrol checkpoint missed' },
  patrol_checkin: { 'zh-CN': '巡更打卡', en: 'Patrol check-in' },
  no_patrol: { 'zh-CN': '未按时巡查', en: 'Patrol not done' },
  temperature_rise: { 'zh-CN': '温度骤升', en: 'Rapid temperature rise' },
  dry: { 'zh-CN': '无水', en: 'No water' },
} as const satisfies Record<string, Label>;

export type KnownAlertType = keyof typeof ALERT_TYPE_LABELS;

/** Device kinds of the sites file (docs/sites-file.md); the backend checks it knows exactly these. */
export const DEVICE_KIND_LABELS = {
  smoke_detector: { 'zh-CN': '感烟探测器', en: 'Smoke detector' },
  heat_detector: { 'zh-CN': '感温探测器', en: 'Heat detector' },
  gas_detector: { 'zh-CN': '可燃气体探测器', en: 'Gas detector' },
  water_leak: { 'zh-CN': '水浸传感器', en: 'Water leak sensor' },
  temperature_sensor: { 'zh-CN': '温度传感器', en: 'Temperature sensor' },
  door_contact: { 'zh-CN': '门磁', en: 'Door contact' },
  access_control: { 'zh-CN': '门禁', en: 'Access control' },
  one_key_alarm: { 'zh-CN': '一键报警按钮', en: 'Panic button' },
  camera: { 'zh-CN': '摄像机', en: 'Camera' },
  nvr: { 'zh-CN': '硬盘录像机', en: 'NVR' },
  zigbee_bridge: { 'zh-CN': 'Zigbee 网关', en: 'Zigbee bridge' },
  fire_alarm_panel: { 'zh-CN': '火灾报警控制器', en: 'Fire alarm panel' },
  patrol_checkpoint: { 'zh-CN': '巡更点', en: 'Patrol checkpoint' },
  siren: { 'zh-CN': '声光报警器', en: 'Siren' },
  strobe: { 'zh-CN': '频闪灯', en: 'Strobe light' },
  door_lock: { 'zh-CN': '门锁', en: 'Door lock' },
  broadcast_speaker: { 'zh-CN': '广播音箱', en: 'Broadcast speaker' },
  relay: { 'zh-CN': '继电器', en: 'Relay' },
} as const satisfies Record<string, Label>;

export type DeviceKind = keyof typeof DEVICE_KIND_LABELS;

/**
 * What the platform can ask of a device (联动, docs/alerting.md "Linkage"); the backend checks it
 * knows exactly these. A siren's `sound` carries a mode (SIREN_MODE_LABELS).
 */
export const DEVICE_COMMAND_LABELS = {
  sound: { 'zh-CN': '鸣响警号', en: 'Sound' },
  silence: { 'zh-CN': '停止鸣响', en: 'Silence' },
  unlock: { 'zh-CN': '开锁', en: 'Unlock' },
  lock: { 'zh-CN': '上锁', en: 'Lock' },
  play: { 'zh-CN': '播放广播', en: 'Play broadcast' },
  switch_on: { 'zh-CN': '打开', en: 'Switch on' },
  switch_off: { 'zh-CN': '关闭', en: 'Switch off' },
} as const satisfies Record<string, Label>;

export type DeviceCommandName = keyof typeof DEVICE_COMMAND_LABELS;

/** A siren's warning modes (`sound`'s `mode`). */
export const SIREN_MODE_LABELS = {
  fire: { 'zh-CN': '火警', en: 'fire' },
  emergency: { 'zh-CN': '紧急', en: 'emergency' },
  burglar: { 'zh-CN': '防盗', en: 'burglar' },
} as const satisfies Record<string, Label>;

export type SirenMode = keyof typeof SIREN_MODE_LABELS;

/** What a device's room is used for (`location.use` of the sites file, docs/sites-file.md). */
export const PLACE_USE_LABELS = {
  classroom: { 'zh-CN': '教室', en: 'Classroom' },
  lab: { 'zh-CN': '实验室', en: 'Laboratory' },
  dormitory: { 'zh-CN': '宿舍', en: 'Dormitory' },
  canteen: { 'zh-CN': '食堂', en: 'Canteen' },
  gate: { 'zh-CN': '校门/门卫', en: 'Gate' },
  office: { 'zh-CN': '办公室', en: 'Office' },
  library: { 'zh-CN': '图书馆', en: 'Library' },
  gym: { 'zh-CN': '体育馆', en: 'Gym' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Label>;

export type LocationUse = keyof typeof PLACE_USE_LABELS;

/** What a hazard report is about (人人参与, docs/alerting.md "Hazard reports"). */
export const HAZARD_REPORT_CATEGORY_LABELS = {
  fire_exit: { 'zh-CN': '消防通道/安全出口', en: 'Fire exits' },
  electrical: { 'zh-CN': '用电安全', en: 'Electrical' },
  structure: { 'zh-CN': '建筑结构', en: 'Structure' },
  fence_gate: { 'zh-CN': '围墙/大门', en: 'Fences and gates' },
  food_safety: { 'zh-CN': '食品安全', en: 'Food safety' },
  gate_traffic: { 'zh-CN': '校门口交通', en: 'Traffic at the gate' },
  bullying: { 'zh-CN': '校园欺凌', en: 'Bullying' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Label>;

/**
 * Who supervises a school (督办, 在线查岗), by the level of the official's org: the banner on the
 * school's console ("县教育局督办：…") and the SMS to the school say it the same way.
 */
export const SUPERVISOR_LABELS = {
  county: { 'zh-CN': '县教育局', en: 'County education bureau' },
  city: { 'zh-CN': '市教育局', en: 'City education bureau' },
  province: { 'zh-CN': '省教育厅', en: 'Provincial education department' },
} as const satisfies Record<string, Label>;

export type SupervisorLevel = keyof typeof SUPERVISOR_LABELS;
