/**
 * The reason a camera gave no picture (the API's English `error`, libs/alerting media/camera-fetch.ts)
 * as a message key and its values, so zh-CN shows no English; undefined for a reason not known
 * here (then the text itself is shown). Pure.
 */
export function mediaReason(error: string): { key: string; values?: Record<string, string> } | undefined {
  let m: RegExpExecArray | null;
  if (error === 'connection refused') return { key: 'media.reason.refused' };
  if ((m = /^no answer within ([\d.]+) s$/.exec(error)))
    return { key: 'media.reason.timeout', values: { seconds: m[1]! } };
  if (error === 'host unreachable') return { key: 'media.reason.unreachable' };
  if (error === 'unknown host name') return { key: 'media.reason.unknownHost' };
  if (error === 'connection reset') return { key: 'media.reason.reset' };
  if ((m = /^answered HTTP (\d{3})$/.exec(error)))
    return { key: 'media.reason.http', values: { status: m[1]! } };
  if (error.startsWith('refused the credentials')) return { key: 'media.reason.credentials' };
  if ((m = /^needs the password in (\S+),/.exec(error)))
    return { key: 'media.reason.password', values: { name: m[1]! } };
  if (error.startsWith('more than ')) return { key: 'media.reason.tooLarge' };
  if (/not image\/jpeg|not a JPEG/.test(error)) return { key: 'media.reason.notImage' };
  if (/not video\/mp4|not an MP4/.test(error)) return { key: 'media.reason.notVideo' };
  return undefined;
}
