import { ApiProperty } from '@nestjs/swagger';
import type {
  Conforms,
  LoginAnswer as WireLoginAnswer,
  LoginBody as WireLoginBody,
  SessionUser,
} from '@campus/api-contract';
import { ROLES, type Role } from '@campus/device-protocols';
import { z } from 'zod';
import { PERMISSIONS, type Permission } from './role-permissions';

/** `POST /api/auth/login` body (docs/alerting.md). */
export const loginBodySchema = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});
export type LoginBody = Conforms<z.infer<typeof loginBodySchema>, WireLoginBody>;

/** The wire type of libs/api-contract, with the backend's closed sets of roles and permissions. */
export interface LoginAnswer extends WireLoginAnswer {
  user: SessionUser & { role: Role };
  permissions: Permission[];
}

// OpenAPI descriptions only. Types are explicit: under tsx no design-time metadata exists.
export class LoginBodyDoc {
  @ApiProperty({ type: String, example: 'school1' }) username!: string;
  @ApiProperty({ type: String, example: 'demo-pass' }) password!: string;
}

export class LoginUserDoc {
  @ApiProperty({ type: String }) username!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: String, description: 'org unit code: school, county, city or province' }) org!: string;
}

export class LoginAnswerDoc {
  @ApiProperty({
    type: String,
    description: 'JWT (HS256), valid 15 min (ACCESS_TOKEN_TTL); send as `Authorization: Bearer …`',
  })
  accessToken!: string;
  @ApiProperty({ type: () => LoginUserDoc }) user!: LoginUserDoc;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the access token runs out' })
  expiresAt!: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true }) permissions!: Permission[];
  @ApiProperty({
    type: String,
    description:
      'exchange at POST /api/auth/refresh for a new access token; valid 12 h (REFRESH_TOKEN_TTL) unless the user logs out or the password changes',
  })
  refreshToken!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the session ends (sign in again)' })
  refreshExpiresAt!: string;
}
