import { DEVICE_KINDS, EVENT_TYPE_PATTERN, METRIC_NAME_PATTERN, SEVERITIES } from '@campus/device-protocols';
import { z } from 'zod';
import { HAZARD_GRADES } from '../domain/trigger';
import { ruleActionsSchema } from '../linkage/rule-actions';
import { bool, integer, list, oneOf, patterned, strict, text } from './rule-schema-helpers';
import type { RawRuleOf, RuleKind } from './rule-kinds';
import { SCHEDULES } from './rule-types';

/**
 * The parts of a sites-file `rules:` entry that every kind shares; each kind's schema (kinds/*.ts)
 * adds its parameters to `ruleFields`. The kind is read first, so every message speaks of the
 * right parameters; rule-config.ts adds the checks across keys.
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

/** The keys every entry may have, whatever its kind. */
export const ruleFields = {
  id: text('a rule id'),
  enabled: bool().optional(),
  match: matchSchema.optional(),
  alert: alertSchema.optional(),
  hazard: hazardSchema.optional(),
  /** Linkage: commands to devices when the alert opens (docs/alerting.md, "Linkage"). */
  actions: ruleActionsSchema.optional(),
};

/** A validated entry, of any kind (each kind's schema output, from RULE_KINDS). */
export type RawRule = RawRuleOf<RuleKind>;
