import type { OrgPath, RiskGrade } from './common';

/**
 * 风险分级管控: a risk point of the register (`GET /api/risk-points`) and its LEC assessment
 * (D = L × E × C; `lecScore` is null while any factor is missing).
 */
export interface RiskPoint {
  id: string;
  org: OrgPath;
  device: string | null;
  name: string;
  grade: RiskGrade;
  lecL: number | null;
  lecE: number | null;
  lecC: number | null;
  lecScore: number | null;
  measures: string | null;
  owner: string | null;
  updatedBy: string;
  updatedAt: string;
}

/** One edit of a risk point (`GET /api/risk-points/{id}/history`), newest first. */
export interface RiskPointEdit {
  at: string;
  by: string;
  action: 'create' | 'update';
  /** `{field: [before, after]}`. */
  changes: Record<string, [string | number | null, string | number | null]>;
}

/** `PUT /api/risk-points/{id}`: the point as it should be. */
export interface RiskPointBody {
  school?: string;
  device?: string | null;
  name: string;
  grade: RiskGrade;
  lecL?: number | null;
  lecE?: number | null;
  lecC?: number | null;
  measures?: string | null;
  owner?: string | null;
}
