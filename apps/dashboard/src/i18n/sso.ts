import type { FeatureMessages } from './index';

/** Single sign-on with the province's identity service on the login page (key `sso`). */
const zhCN = {
  button: '{name}登录',
  or: '或使用账号密码登录',
  signingIn: '正在完成统一身份认证登录…',
  errors: {
    sso_denied: '您在统一身份认证页面取消了授权，未登录。',
    sso_unknown_user: '统一身份认证账号未登记为本平台用户，请联系管理员在站点文件中添加。',
    sso_missing_username: '统一身份认证未提供用户名，请联系管理员检查身份认证配置。',
    sso_bad_role: '统一身份认证提供的角色不被本平台接受，请联系管理员。',
    sso_bad_org: '统一身份认证提供的单位不存在或与角色级别不符，请联系管理员。',
    sso_expired: '登录已超时或来自其他浏览器，请重新登录。',
    sso_invalid: '统一身份认证的应答校验失败，请重新登录。',
    sso_failed: '统一身份认证拒绝了此次登录，请重新登录。',
    sso_unavailable: '暂时无法连接统一身份认证，请稍后再试或使用账号密码登录。',
    sso_code_used: '此登录已完成或已失效，请重新登录。',
  },
};

const en: typeof zhCN = {
  button: "Sign in with the province's identity service ({name})",
  or: 'or sign in with username and password',
  signingIn: 'Completing sign-in with the identity service…',
  errors: {
    sso_denied: 'You declined at the identity service: not signed in.',
    sso_unknown_user:
      'Your identity-service account is not a user of this platform: ask an administrator to add you to the sites file.',
    sso_missing_username:
      'The identity service sent no username: ask an administrator to check the single sign-on settings.',
    sso_bad_role: 'The identity service gave a role this platform does not accept: ask an administrator.',
    sso_bad_org:
      'The identity service gave an org unit that does not exist or does not fit the role: ask an administrator.',
    sso_expired: 'The sign-in timed out or was started in another browser: please sign in again.',
    sso_invalid: "The identity service's answer failed verification: please sign in again.",
    sso_failed: 'The identity service refused this sign-in: please sign in again.',
    sso_unavailable:
      'The identity service cannot be reached right now: try again later or sign in with your password.',
    sso_code_used: 'This sign-in was already completed or has expired: please sign in again.',
  },
};

export const sso: FeatureMessages = { 'zh-CN': { sso: zhCN }, en: { sso: en } };
