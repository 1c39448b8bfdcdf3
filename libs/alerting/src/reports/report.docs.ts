import { ApiProperty } from '@nestjs/swagger';
import { ORG_LEVELS } from '@campus/device-protocols';

// OpenAPI descriptions only. Types are explicit: under tsx there is no design-time metadata.

class ReportOrgDoc {
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ enum: ORG_LEVELS }) level!: string;
}

class ReportAlertNumbersDoc {
  @ApiProperty({ type: Number, description: 'alerts opened in the period, drills excluded' }) total!: number;
  @ApiProperty({ type: Number, description: 'alerts opened during a drill (应急演练)' }) drills!: number;
  @ApiProperty({ type: Object, example: { smoke: 3 }, description: 'by alert type, drills excluded' })
  byType!: Record<string, number>;
  @ApiProperty({ type: Object, example: { critical: 1, high: 0, medium: 2, low: 0 } })
  bySeverity!: Record<string, number>;
}

class ReportAckNumbersDoc {
  @ApiProperty({ type: Number, description: 'acknowledged alerts of the period, drills excluded' })
  count!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'nearest-rank median of opened → acknowledged, s',
  })
  medianSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'nearest-rank 90th percentile, s' })
  p90Seconds!: number | null;
}

class ReportDeviceNumbersDoc {
  @ApiProperty({ type: Number, description: 'devices in the sites file' }) total!: number;
  @ApiProperty({ type: Number }) online!: number;
  @ApiProperty({ type: Number }) offline!: number;
  @ApiProperty({ type: Number, description: 'never heard from' }) unknown!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'online / (online + offline), now' })
  onlineRate!: number | null;
}

class ReportHazardNumbersDoc {
  @ApiProperty({ type: Number, description: 'registered in the period' }) total!: number;
  @ApiProperty({ type: Number, description: 'of those, closed now' }) closed!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'closed / total' }) closureRate!: number | null;
  @ApiProperty({ type: Number, description: 'all unclosed hazards past their deadline now' })
  overdue!: number;
}

export class ReportRowDoc {
  @ApiProperty({ type: String }) org!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ enum: ORG_LEVELS }) level!: string;
  @ApiProperty({ type: () => ReportAlertNumbersDoc }) alerts!: ReportAlertNumbersDoc;
  @ApiProperty({ type: () => ReportAckNumbersDoc }) ack!: ReportAckNumbersDoc;
  @ApiProperty({ type: () => ReportDeviceNumbersDoc }) devices!: ReportDeviceNumbersDoc;
  @ApiProperty({ type: () => ReportHazardNumbersDoc }) hazards!: ReportHazardNumbersDoc;
}

export class ReportDoc {
  @ApiProperty({ type: () => ReportOrgDoc }) org!: ReportOrgDoc;
  @ApiProperty({ type: String, format: 'date-time' }) from!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'exclusive' }) to!: string;
  @ApiProperty({ type: () => ReportRowDoc }) total!: ReportRowDoc;
  @ApiProperty({
    type: () => ReportRowDoc,
    isArray: true,
    description: 'one per child unit: province → cities, city → counties, county → schools, school → none',
  })
  rows!: ReportRowDoc[];
}
