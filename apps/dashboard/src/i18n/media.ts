import type { FeatureMessages } from './index';

/** 视频复核 (docs/user-guide.md): the covering cameras' pictures on the alert detail and the console row. */
const zhCN = {
  media: {
    heading: '视频复核',
    intro: '告警发生时覆盖该位置的摄像机画面。点击图片可放大。',
    none: '没有覆盖该位置的摄像机画面',
    waiting: '正在获取摄像机画面…',
    snapshot: '{camera}（{place}）抓拍',
    clip: '{camera}（{place}）录像',
    thumbnail: '摄像机抓拍',
    unreachable: '摄像机 {camera} 无法连接：{reason}',
    loadFailed: '视频复核加载失败：{reason}',
    reason: {
      refused: '连接被拒绝',
      timeout: '{seconds} 秒内无应答',
      unreachable: '网络不可达',
      unknownHost: '主机名无法解析',
      reset: '连接被重置',
      http: '返回 HTTP {status}',
      credentials: '用户名或密码被拒绝，请检查 isapi 配置',
      password: '缺少密码：请设置 {name} 环境变量',
      tooLarge: '文件超过大小限制',
      notImage: '返回的不是 JPEG 图片',
      notVideo: '返回的不是 MP4 录像',
    },
  },
};

type Messages = typeof zhCN;

const en: Messages = {
  media: {
    heading: 'Video verification',
    intro: 'What the cameras covering this place saw when the alert opened. Click a picture to enlarge it.',
    none: 'No camera picture of this place',
    waiting: 'Fetching camera pictures…',
    snapshot: '{camera} ({place}) snapshot',
    clip: '{camera} ({place}) clip',
    thumbnail: 'Camera snapshot',
    unreachable: 'Camera {camera} could not be reached: {reason}',
    loadFailed: 'Could not load the camera pictures: {reason}',
    reason: {
      refused: 'connection refused',
      timeout: 'no answer within {seconds} s',
      unreachable: 'host unreachable',
      unknownHost: 'unknown host name',
      reset: 'connection reset',
      http: 'answered HTTP {status}',
      credentials: 'refused the user name or password — check its isapi entry',
      password: 'no password: set the {name} environment variable',
      tooLarge: 'the file is over the size limit',
      notImage: 'did not answer a JPEG picture',
      notVideo: 'did not answer an MP4 clip',
    },
  },
};

export const media: FeatureMessages = { 'zh-CN': zhCN, en };
