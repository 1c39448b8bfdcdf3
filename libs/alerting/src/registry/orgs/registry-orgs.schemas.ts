import { z } from 'zod';
import type { OrgCreateBody, OrgPatchBody } from '@campus/api-contract';

/** Request bodies of `POST /api/orgs` and `PATCH /api/orgs/{code}` (docs/registry.md). */

const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'a time is "HH:MM", 24-hour' });
const hours = z.strictObject({
  open: clock.optional(),
  close: clock.optional(),
  days: z.array(z.number().int().min(1).max(7)).min(1).optional(),
});
const location = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
const name = z.string().trim().min(1, { error: 'name is empty' }).max(100);

export const orgCodeParamSchema = z.string().regex(/^(\d{6}|\d{10})$/, {
  error: 'an org code is a 6-digit division or a 10-digit school code',
});

export const orgCreateBodySchema = z
  .strictObject({
    level: z.enum(['city', 'county', 'school'], { error: 'level is city, county or school' }),
    code: orgCodeParamSchema,
    name,
    parent: orgCodeParamSchema,
    bureau: name.optional(),
    hours: hours.optional(),
    location: location.optional(),
  })
  .refine((b) => (b.level === 'school' ? /^\d{10}$/ : /^\d{6}$/).test(b.code), {
    error: 'a school code has 10 digits, a city or county code 6 (GB/T 2260)',
    path: ['code'],
  }) satisfies z.ZodType<OrgCreateBody>;

export const orgPatchBodySchema = z
  .strictObject({
    name: name.optional(),
    bureau: name.nullable().optional(),
    hours: hours.nullable().optional(),
    location: location.nullable().optional(),
    county: z
      .string()
      .regex(/^\d{6}$/, { error: 'county is a 6-digit county code' })
      .optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    error: 'nothing to change: give at least one of name, bureau, hours, location, county',
  }) satisfies z.ZodType<OrgPatchBody>;
