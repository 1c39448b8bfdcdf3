import type { LocationUse } from './vocabulary';

/** Levels of the org tree, lowest first (docs/alerting.md). */
export const ORG_LEVELS = ['school', 'county', 'city', 'province'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** Alert severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Risk point grades of 风险分级管控 (安全风险四色图), most severe first. */
export const RISK_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

/** The org unit codes of a school and the units above it. */
export interface OrgPath {
  province: string;
  city: string;
  county: string;
  school: string;
}

/** A device's place as the API shows it: every key present, null when the sites file gives none. */
export interface PlaceView {
  building: string | null;
  floor: number | null;
  room: string | null;
  use: LocationUse | null;
}

/** The answer of every list endpoint (`GET /api/alerts`, `/api/devices`, …). */
export interface ItemList<T> {
  items: T[];
}

/** Every error the API sends: `{error}`, plus e.g. `retryAfterSeconds` on a 429 (docs/alerting.md, "HTTP API"). */
export interface ErrorBody {
  error: string;
  [extra: string]: unknown;
}

/**
 * A compile-time check that `T` fits the contract type `U`; it is `T` itself. The backend writes
 * e.g. `type AckBody = Conforms<z.infer<typeof ackBodySchema>, contract.AckBody>`, so that a field
 * renamed here breaks its compile.
 */
export type Conforms<T extends U, U> = T;
