import type { OrgPath } from '@campus/device-protocols';

/**
 * 应急演练: while a drill is on, alerts of its school (or of its one device) are marked `drill`.
 * Active on [from, to).
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
