import { z } from 'zod';
import { SEVERITIES } from '@campus/device-protocols';

/** Bodies of the escalation-policy and rule endpoints (docs/registry.md); the rules' own checks apply after. */

export const severityParamSchema = z.enum(SEVERITIES, {
  error: `severity is one of ${SEVERITIES.join(', ')}`,
});

const step = z.strictObject({
  level: z.enum(['school', 'county', 'city', 'province'], {
    error: 'level is school, county, city or province',
  }),
  after: z.union([z.string().min(1), z.number().int().min(0)]),
  channels: z.array(z.enum(['sms', 'voice'])).min(1, { error: 'list at least one channel: sms, voice' }),
});

/** `PUT /api/escalation-policies/{severity}`: the steps, or null for the built-in default. */
export const policyBodySchema = z.strictObject({
  steps: z
    .array(step)
    .min(1, { error: 'a policy has at least one step (or steps: null for the default)' })
    .nullable(),
});

export const ruleIdSchema = z.string().min(1).max(128);

/** A rule entry as in the sites file's `rules:` (docs/alerting.md); its content is checked by the rules' parser. */
export const ruleBodySchema = z.looseObject({ id: ruleIdSchema });

/** `?note=`: why, said by the person who saves (kept in the history's reason). */
export const noteQuerySchema = z.object({
  note: z.string().max(500, { error: 'a note is at most 500 characters' }).optional(),
});
