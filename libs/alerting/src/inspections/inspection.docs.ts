import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HAZARD_GRADES } from '../domain/trigger';
import { HAZARD_STATES } from '../domain/hazard';
import { INSPECTION_STATUSES, ITEM_RESULTS } from '../domain/inspection';

// OpenAPI descriptions only (validation is zod's). Types are explicit: under tsx there is no
// design-time metadata.

export class StartInspectionBodyDoc {
  @ApiProperty({ type: String, example: '2161010001', description: 'a school in the inspector’s org' })
  school!: string;
}

export class ItemResultBodyDoc {
  @ApiProperty({ enum: ITEM_RESULTS }) result!: string;
  @ApiPropertyOptional({ type: String, description: 'replaces the item’s note; kept when omitted' })
  note?: string;
}

export class FindingBodyDoc {
  @ApiProperty({ type: String, example: '二楼疏散通道堆放杂物' }) title!: string;
  @ApiProperty({ enum: HAZARD_GRADES, description: 'general 一般隐患, major 重大隐患' }) grade!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'rectification deadline, in the future' })
  deadline!: string;
  @ApiPropertyOptional({ type: String, description: 'the checklist item it belongs to' }) item?: string;
  @ApiPropertyOptional({ type: String }) note?: string;
}

export class CompleteBodyDoc {
  @ApiPropertyOptional({ type: String, example: '整体良好，一项限期整改' }) conclusion?: string;
}

export class ChecklistItemDoc {
  @ApiProperty({ type: String, example: 'camera_online_rate' }) key!: string;
  @ApiProperty({ enum: ['auto', 'manual'] }) source!: string;
  @ApiProperty({ type: String, example: '视频监控在线率' }) label!: string;
  @ApiProperty({ type: String, nullable: true, example: '5/6 在线 (83%)' }) value!: string | null;
  @ApiProperty({ type: Object, nullable: true, example: { online: 5, total: 6 } })
  measured!: Record<string, number> | null;
  @ApiProperty({ enum: ['pass', 'fail'], nullable: true }) autoResult!: string | null;
  @ApiProperty({ enum: ITEM_RESULTS, nullable: true }) result!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class FindingDoc {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, nullable: true }) item!: string | null;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ enum: HAZARD_GRADES }) grade!: string;
  @ApiProperty({ type: String, format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, description: 'the hazard registered at the school' }) hazardId!: string;
  @ApiProperty({ enum: HAZARD_STATES }) hazardState!: string;
  @ApiProperty({ type: String }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class InspectionDoc {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String }) school!: string;
  @ApiProperty({ type: String }) schoolName!: string;
  @ApiProperty({ type: String }) county!: string;
  @ApiProperty({ type: String }) countyName!: string;
  @ApiProperty({ type: String }) city!: string;
  @ApiProperty({ type: String }) province!: string;
  @ApiProperty({ type: String, description: 'a sequence per year, `2026-0012`; screens show it, not the id' })
  number!: string;
  @ApiProperty({ type: String, description: "the inspector's login" }) inspector!: string;
  @ApiProperty({ type: String, description: "the inspector's name (the login without one)" })
  inspectorName!: string;
  @ApiProperty({ type: String }) inspectorOrg!: string;
  @ApiProperty({ type: String, description: 'the inspecting unit\'s education bureau, "雁塔区教育局"' })
  inspectorUnitName!: string;
  @ApiProperty({ enum: INSPECTION_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) conclusion!: string | null;
  @ApiProperty({ type: () => ChecklistItemDoc, isArray: true }) items!: ChecklistItemDoc[];
  @ApiProperty({ type: () => FindingDoc, isArray: true }) findings!: FindingDoc[];
}

export class InspectionListDoc {
  @ApiProperty({ type: () => InspectionDoc, isArray: true }) items!: InspectionDoc[];
}
