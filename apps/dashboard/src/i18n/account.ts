import type { FeatureMessages } from './index';

/** The user menu, the change-password dialog and the sign-in throttling notice (key `account`). */
const zhCN = {
  menu: '账户菜单',
  changePassword: '修改密码',
  logoutEverywhere: '退出所有设备',
  logoutEverywhereConfirm: '将退出此账号在所有浏览器和设备上的登录（包括值班室的告警屏）。确定继续？',
  logoutEverywhereTitle: '退出所有设备',
  confirm: '确定',
  cancel: '取消',
  dialog: {
    title: '修改密码',
    hint: '新密码至少 10 个字符，不能与用户名相同，也不能是演示密码或常见密码。修改后，此账号在其他设备上的登录将失效。',
    current: '当前密码',
    new: '新密码',
    repeat: '再次输入新密码',
    submit: '修改密码',
    cancel: '取消',
    done: '密码已修改，其他设备上的登录已失效',
  },
  problem: {
    currentMissing: '请输入当前密码',
    tooShort: '新密码至少需要 {min} 个字符',
    isUsername: '新密码不能与用户名相同',
    sameAsCurrent: '新密码不能与当前密码相同',
    mismatch: '两次输入的新密码不一致',
    tooCommon: '新密码过于常见（演示密码或常用密码），请换一个',
    wrongCurrent: '当前密码不正确',
    throttled: '尝试次数过多，请 {wait} 后再试',
    failed: '修改失败：{reason}',
  },
  wait: {
    seconds: '{n} 秒',
    minutes: '{n} 分钟',
  },
  login: {
    throttled: '登录尝试次数过多，请 {wait} 后再试',
  },
};

const en: typeof zhCN = {
  menu: 'Account menu',
  changePassword: 'Change password',
  logoutEverywhere: 'Sign out everywhere',
  logoutEverywhereConfirm:
    'This signs this account out in every browser and on every device (the duty room’s alarm screen included). Continue?',
  logoutEverywhereTitle: 'Sign out everywhere',
  confirm: 'Continue',
  cancel: 'Cancel',
  dialog: {
    title: 'Change password',
    hint: 'At least 10 characters, not your user name, not the demo password or a common one. Afterwards this account is signed out on other devices.',
    current: 'Current password',
    new: 'New password',
    repeat: 'New password again',
    submit: 'Change password',
    cancel: 'Cancel',
    done: 'Password changed; other devices are signed out',
  },
  problem: {
    currentMissing: 'Enter your current password',
    tooShort: 'The new password needs at least {min} characters',
    isUsername: 'The new password must not be your user name',
    sameAsCurrent: 'The new password must differ from the current one',
    mismatch: 'The two new passwords differ',
    tooCommon: 'The new password is too common (a demo or widely used password); choose another',
    wrongCurrent: 'The current password is wrong',
    throttled: 'Too many attempts; try again in {wait}',
    failed: 'Could not change the password: {reason}',
  },
  wait: {
    seconds: '{n} s',
    minutes: '{n} min',
  },
  login: {
    throttled: 'Too many sign-in attempts; try again in {wait}',
  },
};

/** Messages of the account parts (top-level key `account`). */
export const account: FeatureMessages = {
  'zh-CN': { account: zhCN },
  en: { account: en },
};
