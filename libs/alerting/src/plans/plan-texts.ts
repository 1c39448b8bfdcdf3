import type { DeviceLocation } from '@campus/device-protocols';
import { alertTypeLabel } from '../notifications/alert-labels';

function place(loc: DeviceLocation | undefined): string {
  if (loc === undefined) return '';
  const floor = loc.floor === undefined ? '' : loc.floor < 0 ? `地下${-loc.floor}层` : `${loc.floor}层`;
  return `${loc.building ?? ''}${floor}${loc.room ?? ''}`;
}

/** The SMS a plan step's paging sends (zh-CN, the product language): what happened, where, the step. */
export function planPageSms(input: {
  type: string;
  schoolName: string;
  location?: DeviceLocation;
  step: string;
  by: string;
  drill: boolean;
}): string {
  const where = place(input.location);
  return (
    `【校园安全】${input.drill ? '[演练]' : ''}${input.schoolName}${where === '' ? '' : ` ${where}`}` +
    `发生${alertTypeLabel(input.type, 'zh-CN')}，正按应急预案处置：${input.step}（${input.by}）。请知悉并支援。`
  );
}

/**
 * The SMS that dispatches a person: what, where, and the link of their phone page. No internal ids
 * (the link's token is the one secret it carries).
 */
export function dispatchSms(input: {
  type: string;
  schoolName: string;
  location?: DeviceLocation;
  link: string;
  drill: boolean;
}): string {
  const where = place(input.location);
  return (
    `【校园安全】${input.drill ? '[演练]' : ''}请立即前往${input.schoolName}${where === '' ? '' : ` ${where}`}` +
    `处置${alertTypeLabel(input.type, 'zh-CN')}。到场后在此标记进度并拍照：${input.link}`
  );
}
