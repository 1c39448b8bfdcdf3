import { z } from 'zod';
import { ROLES } from '@campus/device-protocols';
import { MAX_PASSWORD_LENGTH } from '../../auth/password-policy';

/** Bodies of `/api/users` (docs/registry.md); the password policy and the sites file's checks apply after. */

const role = z.enum(ROLES, { error: `role is one of ${ROLES.join(', ')}` });
const org = z
  .string()
  .regex(/^(\d{6}|\d{10})$/, { error: 'org is a 6-digit division or a 10-digit school code' });
const name = z.string().trim().min(1, { error: 'name is empty' }).max(100);

export const usernameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, {
  error: 'a username is 2–64 letters, digits, ".", "_" or "-"',
});

export const userCreateBodySchema = z.strictObject({
  username: usernameSchema,
  name: name.optional(),
  role,
  org,
  password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
});

export const userPatchBodySchema = z
  .strictObject({ name: name.nullable().optional(), role: role.optional(), org: org.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    error: 'nothing to change: give at least one of name, role, org',
  });

export const userListQuerySchema = z.strictObject({ org: org.optional() });
