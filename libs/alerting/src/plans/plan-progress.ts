import type { AlertPlan, PlanStepOutcome, PlanStepView, ResponderState } from '@campus/api-contract';
import type { Plan } from './default-plans';

/** A ticked step as stored (alerting.plan_steps). */
export interface DoneStep {
  stepId: string;
  doneBy: string;
  doneAt: string;
  outcome: PlanStepOutcome;
}

/** The plan with each step's state; a stored tick of a step the plan no longer has is left out. */
export function planProgress(plan: Plan, done: readonly DoneStep[]): AlertPlan {
  const byStep = new Map(done.map((d) => [d.stepId, d]));
  return {
    planId: plan.id,
    name: plan.name,
    source: plan.source,
    steps: plan.steps.map((s): PlanStepView => {
      const d = byStep.get(s.id);
      return {
        id: s.id,
        text: s.text,
        textEn: s.textEn ?? null,
        page: s.page ?? null,
        action: s.action ?? null,
        done: d !== undefined,
        doneBy: d?.doneBy ?? null,
        doneAt: d?.doneAt ?? null,
        outcome: d?.outcome ?? null,
      };
    }),
  };
}

const ORDER: readonly ResponderState[] = ['dispatched', 'on_the_way', 'on_site', 'handled'];

/**
 * Whether a dispatched person may mark `to` from `from`: forward only (a step may be skipped: 已到场
 * without 在路上), never back; marking the state they are in again is refused too.
 */
export function mayMark(from: ResponderState, to: ResponderState): boolean {
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}
