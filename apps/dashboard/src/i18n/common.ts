import type { FeatureMessages } from './index';

const zhCN = {
  title: '校园安全值守台',
  login: {
    heading: '值守登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    failed: '用户名或密码错误',
    error: '无法连接服务器',
  },
  console: {
    open: '未处理',
    acknowledged: '已确认',
    offline: '离线 / offline：实时连接已断开，正在重连…',
    empty: '当前没有告警',
    ack: '确认',
    logout: '退出',
    ackFailed: '确认失败',
  },
  severity: { critical: '紧急', major: '重要', warning: '警告', info: '提示' },
  status: { open: '未处理', acknowledged: '已确认', resolved: '已解决' },
  column: {
    time: '时间',
    type: '类型',
    severity: '级别',
    device: '设备',
    school: '学校',
    status: '状态',
    action: '操作',
  },
};

type Messages = typeof zhCN;

const en: Messages = {
  title: 'Campus safety console',
  login: {
    heading: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Wrong username or password',
    error: 'Cannot reach the server',
  },
  console: {
    open: 'Open',
    acknowledged: 'Acknowledged',
    offline: 'Offline: the live connection is down, reconnecting…',
    empty: 'No alerts',
    ack: 'Acknowledge',
    logout: 'Sign out',
    ackFailed: 'Acknowledge failed',
  },
  severity: { critical: 'Critical', major: 'Major', warning: 'Warning', info: 'Info' },
  status: { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' },
  column: {
    time: 'Time',
    type: 'Type',
    severity: 'Severity',
    device: 'Device',
    school: 'School',
    status: 'Status',
    action: 'Action',
  },
};

export const common: FeatureMessages = { 'zh-CN': zhCN, en };
