import type { OrgPath } from './common';

/**
 * 应急演练 (`/api/drills`): while a drill is on, alerts of its school (or of its one device) are
 * marked `drill`. Active on [from, to).
 */
export interface Drill {
  id: string;
  org: OrgPath;
  /** Null: the whole school. */
  device: string | null;
  from: string;
  to: string;
  createdBy: string;
  createdAt: string;
  note: string | null;
}

/** `POST /api/drills`: exactly one of `school` and `device`; instants as ISO 8601 or epoch ms. */
export interface DrillBody {
  school?: string;
  device?: string;
  from: string | number;
  to: string | number;
  note?: string;
}
