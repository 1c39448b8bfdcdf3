/**
 * 风险分级管控: a risk point and its LEC assessment (作业条件危险性评价: D = L × E × C, with L the
 * likelihood, E the exposure, C the consequence). `lecScore` is computed by the database. The wire
 * type of libs/api-contract.
 */
export type { RiskPoint } from '@campus/api-contract';
