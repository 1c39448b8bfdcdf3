import { migration001 } from './001_initial';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration, in version order. Add new files here. */
export const MIGRATIONS: readonly Migration[] = [migration001];
