import { ORG_LEVELS, type OrgLevel, type Sites } from '@campus/device-protocols';
import { LEVEL_ZH } from '../notifications/alert-labels';
import { localTime } from '../notifications/notification-text';
import type { Hazard } from '../domain/hazard';

/** The level above `level`, or undefined at the province. */
export function levelAbove(level: OrgLevel): OrgLevel | undefined {
  return ORG_LEVELS[ORG_LEVELS.indexOf(level) + 1];
}

/** The SMS to the level an overdue hazard escalates to. */
export function overdueSms(
  sites: Pick<Sites, 'schoolByCode' | 'province'>,
  hazard: Pick<Hazard, 'school' | 'title' | 'grade' | 'deadline' | 'state'>,
  level: OrgLevel,
): string {
  const school = sites.schoolByCode.get(hazard.school)?.name ?? hazard.school;
  const t = localTime(hazard.deadline, sites.province.timezone);
  const grade = hazard.grade === 'major' ? '重大隐患' : '一般隐患';
  return (
    `隐患逾期未整改：${school}「${hazard.title}」（${grade}），整改期限${t.month}月${t.day}日${t.hour}:${t.minute}` +
    `已过，当前状态${STATE_ZH[hazard.state]}，已上报${LEVEL_ZH[level]}教育主管部门，请督办。`
  );
}

const STATE_ZH: Readonly<Record<Hazard['state'], string>> = {
  registered: '待整改',
  rectifying: '整改中',
  awaiting_acceptance: '待验收',
  closed: '已关闭',
};
