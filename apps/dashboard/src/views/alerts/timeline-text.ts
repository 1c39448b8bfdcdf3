import type { TimelineItem } from '../../api/alerts';

/** The user who acts for the alert service itself (auto-resolution); see libs/alerting. */
export const SYSTEM_USER = 'system';

type Translate = (key: string, params?: Record<string, unknown>) => string;
type Label = (group: string, value: string | null | undefined) => string;

/** One timeline step as a sentence in the current locale ("已通知 学校 张伟（+86…），短信：已送达"). */
export function timelineText(item: TimelineItem, t: Translate, label: Label): string {
  const level = label('level', item.level);
  const channel = label('channel', item.channel);
  switch (item.kind) {
    case 'opened':
    case 'occurred':
      return t(`timeline.${item.kind}`);
    case 'notified':
    case 'notification_failed':
      return t(`timeline.${item.kind}`, {
        level,
        name: item.name ?? '',
        to: item.to ?? '',
        channel,
        result: label('delivery', item.result) || '—',
      });
    case 'action':
      return actionText(item, t, label);
    case 'plan_step':
      return (
        t('plans.timeline.step', {
          text: item.text ?? item.step ?? '',
          by: item.by ?? t('timeline.someone'),
        }) +
        (item.outcome?.paged?.length
          ? t('plans.timeline.stepPaged', { names: item.outcome.paged.join('、') })
          : '') +
        (item.outcome?.actions?.length
          ? t('plans.timeline.stepActions', { n: item.outcome.actions.length })
          : '')
      );
    case 'dispatched':
      return t('plans.timeline.dispatched', { name: item.name ?? '', by: item.by ?? t('timeline.someone') });
    case 'responder':
      return item.photo
        ? t('plans.timeline.photo', { name: item.name ?? '' })
        : t('plans.timeline.responder', {
            name: item.name ?? '',
            state: t(`plans.responders.state.${item.state ?? 'dispatched'}`),
          });
    case 'escalated':
      return t('timeline.escalated', { level });
    case 'reminded':
      return t('timeline.reminded', { level, n: item.attempt ?? 1 });
    case 'acknowledged':
      return t('timeline.acknowledged', { by: item.by ?? t('timeline.someone') });
    case 'resolved':
      if (item.by === SYSTEM_USER) return t('timeline.resolvedAuto');
      return t('timeline.resolved', {
        by: item.by ?? t('timeline.someone'),
        disposition: label('disposition', item.disposition),
      });
    case 'urged':
      return (
        t('supervision.timelineUrged', {
          bureau: label('supervisor', item.level === 'school' ? 'province' : item.level),
          by: item.by ?? t('timeline.someone'),
        }) + (item.note ? t('supervision.timelineNote', { note: item.note }) : '')
      );
    default:
      return item.kind;
  }
}

/** "联动：声光报警器 siren-lab 鸣响警号（火警） — 设备已执行（规则 default:smoke）". */
function actionText(item: TimelineItem, t: Translate, label: Label): string {
  const mode = item.params?.mode;
  const text = t('timeline.action', {
    kind: label('deviceKind', item.deviceKind ?? null),
    device: item.device ?? '',
    command: label('command', item.command ?? null),
    mode: mode ? t('timeline.actionMode', { mode: label('sirenMode', mode) }) : '',
    result: label('actionResult', item.result ?? null),
  });
  const who = item.by
    ? t('timeline.actionBy', { who: item.by })
    : item.rule
      ? t('timeline.actionRule', { rule: item.rule })
      : '';
  const confirmed = item.confirmedBy ? t('timeline.actionConfirmedBy', { who: item.confirmedBy }) : '';
  const error = item.error ? `：${item.error}` : '';
  return `${text}${error}${who}${confirmed}`;
}
