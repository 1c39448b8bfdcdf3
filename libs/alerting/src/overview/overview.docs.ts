import { ApiProperty } from '@nestjs/swagger';
import { ORG_LEVELS, RISK_GRADES, SEVERITIES } from '@campus/device-protocols';

// OpenAPI descriptions only (the wire type is libs/api-contract's Overview). Types are explicit:
// under tsx there is no design-time metadata.

class GeoPointDoc {
  @ApiProperty({ type: Number }) lat!: number;
  @ApiProperty({ type: Number }) lng!: number;
}

class OverviewAlarmsDoc {
  @ApiProperty({ type: Number }) unacknowledged!: number;
  @ApiProperty({ type: Number }) acknowledged!: number;
  @ApiProperty({ enum: SEVERITIES, nullable: true }) highestSeverity!: string | null;
  @ApiProperty({ type: Number, description: 'live alarms escalated beyond the school' }) escalated!: number;
  @ApiProperty({ enum: ORG_LEVELS, nullable: true }) highestLevel!: string | null;
}

class OverviewSchoolDoc {
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String }) county!: string;
  @ApiProperty({ type: String }) countyName!: string;
  @ApiProperty({ type: String }) city!: string;
  @ApiProperty({ type: String }) cityName!: string;
  @ApiProperty({ type: () => GeoPointDoc, nullable: true }) location!: GeoPointDoc | null;
  @ApiProperty({ type: () => OverviewAlarmsDoc }) alarms!: OverviewAlarmsDoc;
  @ApiProperty({ type: Object, example: { offline: 1, total: 3 } }) devices!: Record<string, number>;
  @ApiProperty({ type: Object, example: { open: 2, overdue: 1 } }) hazards!: Record<string, number>;
  @ApiProperty({ enum: RISK_GRADES, nullable: true }) risk!: string | null;
  @ApiProperty({ type: Object, example: { thisMonth: 1, lastAt: '2026-12-01T02:00:00.000Z' } })
  inspections!: Record<string, unknown>;
  @ApiProperty({ type: Number, nullable: true }) ackTodayMedianSeconds!: number | null;
}

class OverviewEscalatedDoc {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) type!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ enum: ORG_LEVELS }) level!: string;
  @ApiProperty({ type: String }) school!: string;
  @ApiProperty({ type: String }) schoolName!: string;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt!: string;
}

class OverviewEscalatedListDoc {
  @ApiProperty({ enum: ORG_LEVELS, description: 'the caller’s level' }) level!: string;
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: () => OverviewEscalatedDoc, isArray: true, description: 'oldest first, at most 100' })
  items!: OverviewEscalatedDoc[];
}

export class OverviewDoc {
  @ApiProperty({ type: Object, example: { code: '610113', name: '雁塔区', level: 'county' } })
  org!: Record<string, string>;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: Object, example: { date: '2026-12-07', opened: 4, acknowledged: 1, waiting: 3 } })
  today!: Record<string, unknown>;
  @ApiProperty({ type: Object, isArray: true, example: [{ date: '2026-12-07', alarms: 4 }] })
  trend!: Record<string, unknown>[];
  @ApiProperty({ type: Object, example: { month: '2026-12', inspected: 12, schools: 40 } })
  inspectionCoverage!: Record<string, unknown>;
  @ApiProperty({ type: () => OverviewSchoolDoc, isArray: true }) schools!: OverviewSchoolDoc[];
  @ApiProperty({ type: () => OverviewEscalatedListDoc }) escalatedToMe!: OverviewEscalatedListDoc;
}
