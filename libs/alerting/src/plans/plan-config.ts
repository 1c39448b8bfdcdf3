import { PLAN_ROLES, PLAN_STEP_ACTIONS } from '@campus/api-contract';
import type { Sites } from '@campus/device-protocols';
import { z } from 'zod';
import { DEFAULT_PLANS, type Plan } from './default-plans';

/**
 * The sites file's `plans:` section is refused: every problem, one per line, ready to print at
 * start (`{source}: plans[1].steps[2].page: …`).
 */
export class PlanConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      problems.length === 1
        ? `${source}: ${problems[0]}`
        : `${source}: ${problems.length} problems in plans:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'PlanConfigError';
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,63}$/;
const id = (what: string) =>
  z.string().regex(ID, { error: `${what}: 1–64 letters, digits, "_", ":", "." or "-"` });
const text = z.string().trim().min(1, { error: 'write the step as the guard should read it' }).max(200);

const stepSchema = z.strictObject({
  id: id('a step id'),
  text,
  textEn: text.optional(),
  page: z.enum(PLAN_ROLES, { error: `page one of: ${PLAN_ROLES.join(', ')}` }).optional(),
  action: z.enum(PLAN_STEP_ACTIONS, { error: `action one of: ${PLAN_STEP_ACTIONS.join(', ')}` }).optional(),
});

const planSchema = z.strictObject({
  id: id('a plan id'),
  name: z.string().trim().min(1).max(100),
  types: z
    .array(z.string().min(1).max(64))
    .min(1, { error: 'list the alert types it covers, e.g. [fire, smoke]' }),
  school: z.string().optional(),
  steps: z.array(stepSchema).min(1, { error: 'a plan needs at least one step' }).max(30),
});

const sectionSchema = z.array(planSchema, { error: 'expected a list of plans (lines starting with "- ")' });

/**
 * The plans in force: the file's `plans:` first (its order), then the built-in ones (DEFAULT_PLANS).
 * An alert takes the first plan for its school and type, else the first for every school and its
 * type: so a file's plan without `school` replaces the built-in one for its types, and one with
 * `school` applies to that school only. Throws PlanConfigError with every problem.
 */
export function parsePlanConfig(raw: unknown, sites: Pick<Sites, 'source' | 'schoolByCode'>): Plan[] {
  if (raw === undefined || raw === null) return [...DEFAULT_PLANS];
  const parsed = sectionSchema.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.reduce<string>(
        (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
        'plans',
      );
      problems.push(`${where}: ${issue.message}`);
    }
    throw new PlanConfigError(sites.source, problems);
  }
  const seen = new Set<string>();
  parsed.data.forEach((plan, i) => {
    const at = `plans[${i}] (id "${plan.id}")`;
    if (seen.has(plan.id) || plan.id.startsWith('default:'))
      problems.push(`${at}: id "${plan.id}" is used twice or reserved (ids starting "default:")`);
    seen.add(plan.id);
    if (plan.school !== undefined && !sites.schoolByCode.has(plan.school))
      problems.push(`${at}: school "${plan.school}" is not a school of this file`);
    const steps = new Set<string>();
    plan.steps.forEach((s, j) => {
      if (steps.has(s.id)) problems.push(`${at}.steps[${j}]: step id "${s.id}" is used twice in this plan`);
      steps.add(s.id);
      if (s.page !== undefined && s.action !== undefined)
        problems.push(`${at}.steps[${j}]: a step either pages (page) or runs an action (action), not both`);
    });
  });
  if (problems.length > 0) throw new PlanConfigError(sites.source, problems);
  const own: Plan[] = parsed.data.map((p) => ({
    id: p.id,
    name: p.name,
    types: p.types,
    ...(p.school === undefined ? {} : { school: p.school }),
    source: 'sites_file',
    steps: p.steps.map((s) => ({
      id: s.id,
      text: s.text,
      ...(s.textEn === undefined ? {} : { textEn: s.textEn }),
      ...(s.page === undefined ? {} : { page: s.page }),
      ...(s.action === undefined ? {} : { action: s.action }),
    })),
  }));
  return [...own, ...DEFAULT_PLANS];
}

/** The plan for an alert of `type` at `school`; undefined when none covers the type. */
export function planFor(plans: readonly Plan[], type: string, school: string): Plan | undefined {
  return (
    plans.find((p) => p.school === school && p.types.includes(type)) ??
    plans.find((p) => p.school === undefined && p.types.includes(type))
  );
}
