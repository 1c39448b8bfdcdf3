import type { FeatureMessages } from './index';

/** The alert detail's 联动 panel (docs/user-guide.md): devices that can act, proposed actions, confirmations. */
const zhCN = {
  linkage: {
    heading: '联动',
    intro: '本告警所在楼栋可联动的设备。每次操作都会记入处理过程和审计日志。',
    proposed: '待确认的联动',
    proposedHint: '以下操作按安全规定需人工确认后才会执行。',
    confirmRun: '确认执行',
    devices: '可联动设备',
    none: '该楼栋没有可联动的设备',
    sameFloor: '同楼层',
    noPermission: '仅学校保卫、学校管理员可操作联动设备',
    loadFailed: '联动信息加载失败：{reason}',
    confirmTitle: '确认联动操作',
    confirmText: '确定对 {kind} {device}（{place}）执行“{command}”？',
    confirmProposedText: '确定执行待确认的联动：对 {kind} {device}（{place}）“{command}”？',
    ok: '执行',
    cancel: '取消',
    sent: '已下发：{command} → {device}',
    failed: '操作失败：{reason}',
  },
};

type Messages = typeof zhCN;

const en: Messages = {
  linkage: {
    heading: 'Linkage',
    intro:
      'Devices of this alert’s building that can act. Every command is recorded in the timeline and the audit log.',
    proposed: 'Actions awaiting confirmation',
    proposedHint: 'By the safety rules these run only once a person confirms them.',
    confirmRun: 'Confirm and run',
    devices: 'Devices that can act',
    none: 'No device in this building can act',
    sameFloor: 'same floor',
    noPermission: 'Only school security and school admins may run device commands',
    loadFailed: 'Could not load linkage: {reason}',
    confirmTitle: 'Confirm the command',
    confirmText: 'Run “{command}” on {kind} {device} ({place})?',
    confirmProposedText: 'Run the proposed “{command}” on {kind} {device} ({place})?',
    ok: 'Run',
    cancel: 'Cancel',
    sent: 'Sent: {command} → {device}',
    failed: 'Command failed: {reason}',
  },
};

export const linkage: FeatureMessages = { 'zh-CN': zhCN, en };
