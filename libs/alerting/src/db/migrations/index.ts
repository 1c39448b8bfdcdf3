import { migration001 } from './001_initial';
import { migration002 } from './002_device_state';
import { migration003 } from './003_inspections';
import { migration004 } from './004_accounts';
import { migration005 } from './005_audit';
import { migration006 } from './006_hazard_reports';
import { migration007 } from './007_trigger_sources';
import { migration008 } from './008_supervision';
import { migration009 } from './009_inspection_numbers';
import { migration010 } from './010_alert_actions';
import { migration011 } from './011_registry';
import { migration012 } from './012_alert_media';
import { migration013 } from './013_plans_responders';
import { migration014 } from './014_device_enrolments';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration, in version order. Add new files here. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
];
