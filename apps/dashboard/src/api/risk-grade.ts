/** Risk point grades of 风险分级管控 (安全风险四色图), most severe first. No imports: pure modules use it. */
export const RISK_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];
