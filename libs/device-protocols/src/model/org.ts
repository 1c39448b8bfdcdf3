/** The four levels of the administrative chain an alert escalates along. */
export const ORG_LEVELS = ['school', 'county', 'city', 'province'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** GB/T 2260 division codes (6 digits) and the 10-digit school identification code. */
export const DIVISION_CODE = /^\d{6}$/;
export const SCHOOL_CODE = /^\d{10}$/;

/** Where a school sits in the chain: every reading and alert carries it. */
export interface OrgPath {
  province: string;
  city: string;
  county: string;
  school: string;
}

/** Whether `unit` (any org code) contains the school at `path` (a unit contains itself). */
export function orgContains(unit: string, path: OrgPath): boolean {
  return unit === path.province || unit === path.city || unit === path.county || unit === path.school;
}
