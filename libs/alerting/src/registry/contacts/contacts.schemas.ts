import { z } from 'zod';
import type { ContactCreateBody, ContactPatchBody } from '@campus/api-contract';

/** Request bodies of `/api/contacts` (docs/registry.md); the sites file's checks apply to the result. */

const phone = z.string().regex(/^\+[1-9]\d{7,14}$/, {
  error: 'phone is an E.164 number: "+", country code and number, no spaces, e.g. +8613800000001',
});
const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'a time is "HH:MM", 24-hour' });
const hours = z
  .array(
    z.strictObject({
      from: clock,
      to: clock,
      days: z.array(z.number().int().min(1).max(7)).min(1).optional(),
    }),
  )
  .min(1, { error: 'hours lists at least one period, or is null for every hour' });
const name = z.string().trim().min(1, { error: 'name is empty' }).max(100);

export const orgCodeSchema = z.string().regex(/^(\d{6}|\d{10})$/, {
  error: 'an org code is a 6-digit division or a 10-digit school code',
});

export const contactCreateBodySchema = z.strictObject({
  org: orgCodeSchema,
  name,
  phone,
  hours: hours.optional(),
}) satisfies z.ZodType<ContactCreateBody>;

export const contactPatchBodySchema = z
  .strictObject({ name: name.optional(), phone: phone.optional(), hours: hours.nullable().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    error: 'nothing to change: give at least one of name, phone, hours',
  }) satisfies z.ZodType<ContactPatchBody>;

export const contactListQuerySchema = z.strictObject({ org: orgCodeSchema.optional() });
export const contactIdSchema = z.string().min(1).max(64);
