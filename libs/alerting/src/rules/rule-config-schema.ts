import { DEVICE_KINDS, EVENT_TYPE_PATTERN, METRIC_NAME_PATTERN, SEVERITIES } from '@campus/device-protocols';
import { z } from 'zod';
import { HAZARD_GRADES } from '../domain/trigger';
import { bool, finite, integer, list, oneOf, patterned, seconds, strict, text } from './rule-schema-helpers';
import { COUNT_SCOPES, SCHEDULES, type RuleKind } from './rule-types';

/**
 * The shape of one entry of the sites file's `rules:` list, per kind (the kind is read first, so
 * every message speaks of the right parameters). rule-config.ts adds the checks across keys.
 */

const eventType = patterned('an event type', EVENT_TYPE_PATTERN, 'smoke, door_forced');
const metric = patterned('a metric name', METRIC_NAME_PATTERN, 'temperature');
const orgCode = z
  .string({ error: 'expected an org code in quotes, e.g. "2161010001" (a bare number loses leading zeros)' })
  .regex(/^(\d{6}|\d{10})$/, {
    error: (iss) => `"${String(iss.input)}" is not a school code (10 digits) or a division code (6 digits)`,
  });

export const matchSchema = strict({
  deviceKinds: list(oneOf(DEVICE_KINDS, 'device kind')).optional(),
  devices: list(text('a device id')).optional(),
  schools: list(orgCode).optional(),
  eventTypes: list(eventType).optional(),
  metric: metric.optional(),
  zones: list(text('a zone name')).optional(),
  schedule: oneOf(SCHEDULES, 'schedule').optional(),
});
export type RawMatch = z.output<typeof matchSchema>;

const alertSchema = strict({
  type: eventType,
  severity: oneOf(SEVERITIES, 'severity'),
});

const hazardSchema = strict({
  grade: oneOf(HAZARD_GRADES, 'hazard grade (general = 一般隐患, major = 重大隐患)'),
  title: text('a hazard title'),
  deadlineDays: integer(1, 365).optional(),
});

/** `>=`, `<=`, `>`, `<`; `≥` and `≤` are read as `>=` and `<=`. */
const op = z
  .enum(['>=', '<=', '>', '<', '≥', '≤'], {
    error: (iss) => `unknown comparison ${JSON.stringify(iss.input)} — use one of >=, <=, >, <`,
  })
  .transform((o) => (o === '≥' ? '>=' : o === '≤' ? '<=' : o));

const common = {
  id: text('a rule id'),
  enabled: bool().optional(),
  match: matchSchema.optional(),
  alert: alertSchema.optional(),
  hazard: hazardSchema.optional(),
};

export const RULE_SCHEMAS = {
  event: strict({ ...common, kind: z.literal('event') }),
  threshold: strict({
    ...common,
    kind: z.literal('threshold'),
    op,
    value: finite(),
    forSeconds: seconds(0),
  }),
  rate_of_rise: strict({
    ...common,
    kind: z.literal('rate_of_rise'),
    rise: finite({ positive: true }),
    withinSeconds: seconds(1),
  }),
  absence: strict({ ...common, kind: z.literal('absence'), silentSeconds: seconds(1) }),
  count_window: strict({
    ...common,
    kind: z.literal('count_window'),
    count: integer(1, 100_000),
    windowSeconds: seconds(1),
    per: oneOf(COUNT_SCOPES, 'count scope').optional(),
  }),
  device_offline: strict({
    ...common,
    kind: z.literal('device_offline'),
    silentSeconds: seconds(1),
    flap: strict({
      toggles: integer(1, 1000),
      windowSeconds: seconds(1),
    }),
  }),
  duty_patrol: strict({ ...common, kind: z.literal('duty_patrol'), minCheckins: integer(1, 1000) }),
  dormitory_audit: strict({ ...common, kind: z.literal('dormitory_audit') }),
} satisfies Record<RuleKind, z.ZodType>;

export type RawRule = z.output<(typeof RULE_SCHEMAS)[RuleKind]>;
