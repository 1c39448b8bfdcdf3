import type { PlanRole, PlanStepAction } from '@campus/api-contract';

/** One step of a plan as configured: its wording, and whom it pages or what it runs when ticked. */
export interface PlanStep {
  /** Unique within the plan; the tick endpoint names it (`…/plan/steps/{id}/done`). */
  id: string;
  text: string;
  textEn?: string;
  page?: PlanRole;
  action?: PlanStepAction;
}

/** A plan: the alert types it covers, optionally one school, and its steps in order. */
export interface Plan {
  id: string;
  name: string;
  /** Alert types it covers (`fire`, `smoke` …). */
  types: readonly string[];
  /** Only this school's alerts; absent: every school. */
  school?: string;
  steps: readonly PlanStep[];
  source: 'default' | 'sites_file';
}

const step = (
  id: string,
  text: string,
  textEn: string,
  extra: Pick<PlanStep, 'page' | 'action'> = {},
): PlanStep => ({ id, text, textEn, ...extra });

const report = (text = '上报县教育局', textEn = 'Report to the county bureau'): PlanStep =>
  step('report', text, textEn, { page: 'county_safety_office' });

/**
 * The built-in plans (应急预案), from the Ministry of Education's guidance for schools (《中小学幼儿园
 * 应急疏散演练指南》, 《中小学幼儿园安全防范工作规范》) and GB 50016 / GB/T 29639 practice: verify,
 * alarm and evacuate, call the emergency number, count people at the assembly point, report up.
 * The sites file's `plans:` replaces one per type, or adds one per school (docs/sites-file.md).
 */
export const DEFAULT_PLANS: readonly Plan[] = [
  {
    id: 'default:fire',
    name: '火灾应急预案',
    types: ['fire', 'smoke', 'heat'],
    source: 'default',
    steps: [
      step('verify', '视频/现场确认火情', 'Verify by camera or on site'),
      step('alarm', '启动声光报警，组织疏散', 'Sound the alarm, start the evacuation', { action: 'sirens' }),
      step('call119', '拨打119报警', 'Call 119'),
      step('evacuate', '按疏散路线撤离', 'Evacuate by the evacuation routes'),
      step('muster', '在集合点清点人数', 'Count people at the assembly point'),
      report(),
    ],
  },
  {
    id: 'default:intrusion',
    name: '入侵防范预案',
    types: ['intrusion', 'door_forced', 'door_forced_repeated', 'climbing'],
    source: 'default',
    steps: [
      step('verify', '视频确认', 'Verify by camera'),
      step('guards', '派保安到场，通知值班领导', 'Send guards, tell the duty leader', {
        page: 'duty_leader',
      }),
      step('call110', '报警110', 'Call 110'),
      report(),
    ],
  },
  {
    id: 'default:sos',
    name: '一键报警处置预案',
    types: ['sos', 'panic'],
    source: 'default',
    steps: [
      step('send', '立即派人到场，通知值班领导', 'Send someone at once, tell the duty leader', {
        page: 'duty_leader',
      }),
      step('verify', '视频确认', 'Verify by camera'),
      step('call', '视情况报警110/120', 'Call 110 or 120 as needed'),
      report(),
    ],
  },
  {
    id: 'default:gas',
    name: '燃气泄漏应急预案',
    types: ['gas'],
    source: 'default',
    steps: [
      step('shutoff', '关闭燃气阀门，断电，严禁明火', 'Close the gas valve, cut power, no flames'),
      step('evacuate', '疏散人员', 'Evacuate'),
      step('ventilate', '开窗通风', 'Ventilate'),
      step('repair', '报修燃气公司，必要时拨打119', 'Call the gas company, 119 if needed'),
      report(),
    ],
  },
];

/** The siren mode a plan's `sirens` step sounds for an alert type (as the default rules do). */
export function sirenModeForType(type: string): 'fire' | 'emergency' | 'burglar' {
  if (['fire', 'smoke', 'heat', 'gas'].includes(type)) return 'fire';
  if (['intrusion', 'door_forced', 'door_forced_repeated', 'climbing'].includes(type)) return 'burglar';
  return 'emergency';
}
