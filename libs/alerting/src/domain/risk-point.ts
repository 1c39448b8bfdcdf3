import type { OrgPath, RiskGrade } from '@campus/device-protocols';

/**
 * 风险分级管控: a risk point and its LEC assessment (作业条件危险性评价: D = L × E × C, with L the
 * likelihood, E the exposure, C the consequence). `lecScore` is computed by the database.
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
  /** L × E × C, null while any factor is missing. */
  lecScore: number | null;
  measures: string | null;
  owner: string | null;
  updatedBy: string;
  updatedAt: string;
}
