import { ApiProperty } from '@nestjs/swagger';
import type {
  ChangePasswordBody as WireChangePasswordBody,
  Conforms,
  RefreshBody as WireRefreshBody,
  ResetPasswordBody as WireResetPasswordBody,
} from '@campus/api-contract';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from './password-policy';

/**
 * Bodies of the account endpoints. Only the shape is checked here; the password policy
 * (`passwordProblem`) answers with its own message.
 */
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);

/** `POST /api/auth/password`: the signed-in user changes their own password. */
export const changePasswordBodySchema = z.object({ currentPassword: password, newPassword: password });
export type ChangePasswordBody = Conforms<z.infer<typeof changePasswordBodySchema>, WireChangePasswordBody>;

/** `POST /api/users/{username}/password`: an administrator sets another user's password. */
export const resetPasswordBodySchema = z.object({ newPassword: password });
export type ResetPasswordBody = Conforms<z.infer<typeof resetPasswordBodySchema>, WireResetPasswordBody>;

/** `POST /api/auth/refresh`. */
export const refreshBodySchema = z.object({ refreshToken: z.string().min(1).max(4096) });
export type RefreshBody = Conforms<z.infer<typeof refreshBodySchema>, WireRefreshBody>;

/** A user name in a path. */
export const usernameParamSchema = z.string().min(1).max(200);

// OpenAPI descriptions only. Types are explicit: under tsx no design-time metadata exists.
export class ChangePasswordBodyDoc {
  @ApiProperty({ type: String }) currentPassword!: string;
  @ApiProperty({
    type: String,
    description: 'at least 10 characters, not the user name, not a common or demo password',
  })
  newPassword!: string;
}

export class ResetPasswordBodyDoc {
  @ApiProperty({
    type: String,
    description: 'at least 10 characters, not the user name, not a common or demo password',
  })
  newPassword!: string;
}

export class RefreshBodyDoc {
  @ApiProperty({ type: String, description: 'the `refreshToken` of the login answer' }) refreshToken!: string;
}
