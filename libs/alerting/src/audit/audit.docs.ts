import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../domain/audit';

// OpenAPI descriptions only. Types are explicit: under tsx there is no design-time metadata.

export class AuditEntryDoc {
  @ApiProperty({ type: Number, description: 'insertion order, unique' }) seq!: number;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, description: 'username, device id, or `system`' }) actor!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      '`alert:<id>`, `hazard:<id>`, `drill:<id>`, `inspection:<id>`, `risk_point:<id>`, `user:<name>`; for access.denied the request (`POST /api/…`)',
  })
  target!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'client address (req.ip)' }) ip!: string | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome!: string;
  @ApiProperty({ type: String, nullable: true, description: 'org unit code the target belongs to' })
  org!: string | null;
  @ApiProperty({ type: Object, description: 'small JSON explaining the entry (never secrets)' })
  detail!: Record<string, unknown>;
}

export class AuditPageDoc {
  @ApiProperty({ type: () => AuditEntryDoc, isArray: true, description: 'newest first' })
  items!: AuditEntryDoc[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `cursor` for the next (older) page; null on the last page',
  })
  nextCursor!: string | null;
}
