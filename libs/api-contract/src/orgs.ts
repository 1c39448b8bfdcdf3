import type { OrgLevel } from './common';

/** One org unit of `GET /api/orgs` (`{root: OrgNode}`); schools have no children. */
export interface OrgNode {
  code: string;
  name: string;
  level: OrgLevel;
  children: OrgNode[];
  /** The education bureau's name, when the registry gives one (not for schools). */
  bureau?: string;
  /** Schools: their hours (the default when the registry gives none) and map location. */
  hours?: OrgHours;
  location?: { lat: number; lng: number };
}

/** School hours (docs/sites-file.md `hours:`). */
export interface OrgHours {
  open?: string;
  close?: string;
  days?: number[];
}

/** `POST /api/orgs`: a city under the province, a county under a city, a school under a county. */
export interface OrgCreateBody {
  level: 'city' | 'county' | 'school';
  code: string;
  name: string;
  /** The unit it belongs to: the province (for a city), a city (county), a county (school). */
  parent: string;
  bureau?: string;
  /** Schools only. */
  hours?: OrgHours;
  location?: { lat: number; lng: number };
}

/** `PATCH /api/orgs/{code}`: the fields given replace the unit's; null removes one. */
export interface OrgPatchBody {
  name?: string;
  bureau?: string | null;
  /** Schools only. */
  hours?: OrgHours | null;
  location?: { lat: number; lng: number } | null;
  /** Schools only: move the school to this county. */
  county?: string;
}
