import type { Conforms, RiskPointBody as WireRiskPointBody } from '@campus/api-contract';
import { RISK_GRADES } from '@campus/device-protocols';
import { z } from 'zod';

/** One LEC factor (作业条件危险性评价): a positive number, or null when not assessed. */
const factor = z.number().positive().max(100_000).nullable().optional();
const text = z.string().trim().min(1).max(2000).nullable().optional();

export const riskPointListQuerySchema = z.object({
  school: z.string().min(1).max(64).optional(),
  grade: z.enum(RISK_GRADES).optional(),
});
export type RiskPointListQuery = z.infer<typeof riskPointListQuerySchema>;

/**
 * `PUT /api/risk-points/:id`: the point as it should be. An existing point keeps its school (a
 * different `school` is refused) and, when `device` is omitted, its device (null unlinks it); a
 * new id needs `school`.
 */
export const riskPointBodySchema = z.object({
  school: z.string().min(1).max(64).optional(),
  device: z.string().min(1).max(128).nullable().optional(),
  name: z.string().trim().min(1).max(200),
  grade: z.enum(RISK_GRADES),
  lecL: factor,
  lecE: factor,
  lecC: factor,
  measures: text,
  owner: text,
});
export type RiskPointBody = Conforms<z.infer<typeof riskPointBodySchema>, WireRiskPointBody>;

export const riskPointIdSchema = z.string().min(1).max(200);
