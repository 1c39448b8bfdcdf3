import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS, sirenModeForType } from './default-plans';
import { parsePlanConfig, planFor, PlanConfigError } from './plan-config';

const sites = { source: 'sites.yaml', schoolByCode: new Map([['2161010001', {}]]) } as unknown as Parameters<
  typeof parsePlanConfig
>[1];

describe('the built-in plans (应急预案)', () => {
  it('cover fire and smoke, intrusion, the one-key alarm and gas, in the MoE order', () => {
    const plans = parsePlanConfig(undefined, sites);
    expect(plans).toEqual(DEFAULT_PLANS);
    const fire = planFor(plans, 'smoke', '2161010001')!;
    expect(fire.id).toBe('default:fire');
    expect(fire.steps.map((s) => s.text)).toEqual([
      '视频/现场确认火情',
      '启动声光报警，组织疏散',
      '拨打119报警',
      '按疏散路线撤离',
      '在集合点清点人数',
      '上报县教育局',
    ]);
    expect(fire.steps.find((s) => s.id === 'alarm')?.action).toBe('sirens');
    expect(fire.steps.find((s) => s.id === 'report')?.page).toBe('county_safety_office');
    expect(planFor(plans, 'intrusion', 'x')?.steps.map((s) => s.id)).toEqual([
      'verify',
      'guards',
      'call110',
      'report',
    ]);
    expect(planFor(plans, 'sos', 'x')?.steps[0]).toMatchObject({ id: 'send', page: 'duty_leader' });
    expect(planFor(plans, 'gas', 'x')?.steps[0]?.text).toContain('关闭燃气阀门');
    expect(planFor(plans, 'water_leak', 'x')).toBeUndefined();
    for (const plan of DEFAULT_PLANS) {
      expect(new Set(plan.steps.map((s) => s.id)).size).toBe(plan.steps.length);
      for (const s of plan.steps) expect(s.textEn).toBeTruthy();
    }
  });

  it('sound the mode that fits the alert', () => {
    expect(sirenModeForType('smoke')).toBe('fire');
    expect(sirenModeForType('intrusion')).toBe('burglar');
    expect(sirenModeForType('sos')).toBe('emergency');
  });
});

describe('the sites file’s plans:', () => {
  const own = {
    id: 'lab-fire',
    name: '实验楼火灾预案',
    types: ['fire'],
    school: '2161010001',
    steps: [
      { id: 'shut', text: '关闭实验室总电源' },
      { id: 'leader', text: '通知值班领导', page: 'duty_leader' },
    ],
  };

  it('a plan for one school applies there; elsewhere the built-in one still does', () => {
    const plans = parsePlanConfig([own], sites);
    expect(planFor(plans, 'fire', '2161010001')?.id).toBe('lab-fire');
    expect(planFor(plans, 'fire', '2161010001')?.source).toBe('sites_file');
    expect(planFor(plans, 'fire', '2161010002')?.id).toBe('default:fire');
    expect(planFor(plans, 'smoke', '2161010001')?.id).toBe('default:fire');
  });

  it('a plan without a school replaces the built-in one for its types', () => {
    const { school: _drop, ...everywhere } = own;
    const plans = parsePlanConfig([{ ...everywhere, id: 'fire-all' }], sites);
    expect(planFor(plans, 'fire', '2161010002')?.id).toBe('fire-all');
  });

  it('refuses bad entries, naming each place and what to write', () => {
    const bad = [
      { ...own, school: '9999999999' },
      { ...own, id: 'x', steps: [{ id: 'a', text: 'a', page: 'mayor' }] },
      {
        ...own,
        id: 'y',
        steps: [
          { id: 'a', text: 'a' },
          { id: 'a', text: 'b', page: 'duty_leader', action: 'sirens' },
        ],
      },
      { ...own, id: 'default:fire' },
    ];
    let error: unknown;
    try {
      parsePlanConfig(bad, sites);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanConfigError);
    expect((error as Error).message).toContain(
      'plans[1].steps[0].page: page one of: duty_leader, county_safety_office',
    );
    const valid = bad.filter((_, i) => i !== 1);
    expect(() => parsePlanConfig(valid, sites)).toThrow(/school "9999999999" is not a school/);
    expect(() => parsePlanConfig(valid, sites)).toThrow(/step id "a" is used twice/);
    expect(() => parsePlanConfig(valid, sites)).toThrow(/not both/);
    expect(() => parsePlanConfig(valid, sites)).toThrow(/reserved/);
    expect(() => parsePlanConfig({ fire: [] }, sites)).toThrow(/expected a list of plans/);
  });
});
