import {
  ACTUATOR_KINDS,
  COMMAND_PARAMS_SCHEMAS,
  commandKindProblem,
  DEVICE_COMMANDS,
  type CommandParams,
  type DeviceCommandName,
  type DeviceKind,
  type Sites,
  type SirenMode,
} from '@campus/device-protocols';
import { z } from 'zod';
import { bool, describeValue, list, oneOf, strict, text } from '../rules/rule-schema-helpers';

/**
 * The `actions:` of a sites-file rule (docs/alerting.md, "Linkage"): commands to devices run once
 * when the rule's alert opens. Which devices: `devices` by id, or the kinds that take the command
 * (`deviceKinds`, default all of them) within `scope` of the alert's device.
 */

/** Where, around the alert's device, the devices are looked for (a device without that place: its school). */
export const ACTION_SCOPES = ['room', 'floor', 'building', 'school'] as const;
export type ActionScope = (typeof ACTION_SCOPES)[number];

/** One normalised rule action. */
export interface RuleAction {
  command: DeviceCommandName;
  deviceKinds?: DeviceKind[];
  devices?: string[];
  scope: ActionScope;
  params: CommandParams;
  /** Always ask a person first (the safety list asks anyway for what is on it). */
  confirm: boolean;
}

const actuatorKinds = ACTUATOR_KINDS as [DeviceKind, ...DeviceKind[]];

const actionSchema = strict({
  command: oneOf(DEVICE_COMMANDS, 'command'),
  deviceKinds: list(oneOf(actuatorKinds, 'device kind that takes commands')).optional(),
  devices: list(text('a device id')).optional(),
  scope: oneOf(ACTION_SCOPES, 'scope').optional(),
  params: z
    .record(z.string(), z.unknown(), {
      error: (iss) => `expected a mapping (key: value), got ${describeValue(iss.input)}`,
    })
    .optional(),
  confirm: bool().optional(),
}).superRefine((action, ctx) => {
  for (const [i, kind] of (action.deviceKinds ?? []).entries()) {
    const problem = commandKindProblem(kind, action.command);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['deviceKinds', i], message: problem });
  }
  const params = COMMAND_PARAMS_SCHEMAS[action.command].safeParse(action.params ?? {});
  if (!params.success) {
    for (const issue of params.error.issues) {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      ctx.addIssue({
        code: 'custom',
        path: ['params'],
        message: `${where}${issue.message} (${action.command} takes ${paramsHelp(action.command)})`,
      });
    }
  }
});

/** `actions:` — a list; an empty list turns a built-in rule's actions off. */
export const ruleActionsSchema = z.array(actionSchema, {
  error: (iss) => `expected a list of actions, got ${describeValue(iss.input)}`,
});
export type RawRuleAction = z.output<typeof actionSchema>;

function paramsHelp(command: DeviceCommandName): string {
  switch (command) {
    case 'sound':
      return 'mode: fire | emergency | burglar, duration: seconds from 1 to 1800';
    case 'play':
      return 'text: what to say';
    default:
      return 'no params';
  }
}

export function normalizeActions(raw: readonly RawRuleAction[]): RuleAction[] {
  return raw.map((a) => ({
    command: a.command,
    ...(a.deviceKinds ? { deviceKinds: [...a.deviceKinds] } : {}),
    ...(a.devices ? { devices: [...a.devices] } : {}),
    scope: a.scope ?? 'building',
    params: COMMAND_PARAMS_SCHEMAS[a.command].parse(a.params ?? {}),
    confirm: a.confirm ?? false,
  }));
}

/** Actions that name devices the sites file lacks, or that cannot take the command; and actions without an alert. */
export function actionProblems(
  rule: { actions?: readonly RawRuleAction[] | undefined; alert?: unknown; hazard?: unknown },
  sites: Sites | undefined,
): string[] {
  const actions = rule.actions ?? [];
  const problems: string[] = [];
  // (a rule with neither output is told so by kindProblems)
  if (actions.length > 0 && rule.alert === undefined && rule.hazard !== undefined) {
    problems.push(
      'actions: they run when the rule opens an alert, and this one only registers a hazard — give it an alert: { type, severity }, or actions: []',
    );
  }
  if (sites === undefined) return problems;
  actions.forEach((action, i) => {
    for (const id of action.devices ?? []) {
      const device = sites.deviceById.get(id);
      if (device === undefined) {
        problems.push(`actions[${i}].devices: no device "${id}" in the sites file`);
        continue;
      }
      const problem = commandKindProblem(device.kind, action.command);
      if (problem !== undefined) problems.push(`actions[${i}].devices: ${id}: ${problem}`);
    }
  });
  return problems;
}

/** The default pack's action: every siren of the alert's building sounds, in `mode`. */
export function soundSirens(mode: SirenMode): RuleAction {
  return { command: 'sound', deviceKinds: ['siren'], scope: 'building', params: { mode }, confirm: false };
}
