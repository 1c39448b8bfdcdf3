import { computed, reactive } from 'vue';
import { urgeStillShown } from './urge-banner';
import type { Alert } from '../api/alerts';
import { hasPermission } from '../api/http';
import {
  answerRollCall,
  dismissUrge,
  listActiveUrges,
  listRollCalls,
  type RollCall,
  type Urge,
} from '../api/supervision';

/**
 * What the school's console shows of supervision (docs/user-guide.md "督办与在线查岗"): the urges
 * not yet seen ("县教育局督办：…" banners) and the roll-calls waiting for its answer. Fed by the
 * live connection (socket.io `urge`, `rollCall`, stores/live-alerts.ts) and read again at every
 * (re)connect. Only users who answer for a school (`supervision.respond`) hold any.
 */

const urges = reactive(new Map<string, Urge>());
const rollCalls = reactive(new Map<string, RollCall>());

/** Whether this session answers for a school. */
export const respondsForSchool = (): boolean => hasPermission('supervision.respond');

/** Newest first. */
export const activeUrges = computed(() => [...urges.values()].sort((a, b) => (a.at < b.at ? 1 : -1)));

/** Roll-calls with this school's line still pending and the deadline not passed, soonest first. */
export const pendingRollCalls = computed(() =>
  [...rollCalls.values()]
    .filter((r) => r.closedAt === null && r.schools.some((s) => s.status === 'pending'))
    .sort((a, b) => (a.deadline < b.deadline ? -1 : 1)),
);

/** An urge pushed or answered: shown until dismissed. */
export function applyUrge(urge: Urge): void {
  if (!respondsForSchool()) return;
  if (urge.dismissedAt !== null) urges.delete(urge.id);
  else urges.set(urge.id, urge);
}

/** An alert the guard acknowledged (after the urge) or resolved takes its urges' banners with it. */
export function alertChanged(alert: Alert): void {
  for (const [id, u] of urges) if (!urgeStillShown(u, alert)) urges.delete(id);
}

export function applyRollCall(rollCall: RollCall): void {
  if (!respondsForSchool()) return;
  rollCalls.set(rollCall.id, rollCall);
}

/** Reads both again (at every connect); quietly keeps what it has when the server cannot answer. */
export async function reloadSupervision(): Promise<void> {
  if (!respondsForSchool()) return;
  const [u, r] = await Promise.all([listActiveUrges(), listRollCalls('open')]);
  urges.clear();
  for (const urge of u) urges.set(urge.id, urge);
  rollCalls.clear();
  for (const rc of r) rollCalls.set(rc.id, rc);
}

/** "已知悉". */
export async function dismiss(id: string): Promise<void> {
  applyUrge(await dismissUrge(id));
}

export async function answer(id: string): Promise<void> {
  applyRollCall(await answerRollCall(id));
}

/** The deadline passed: the server closes it (and says so); stop showing it now. */
export function expireRollCall(id: string): void {
  rollCalls.delete(id);
}

export function resetSupervision(): void {
  urges.clear();
  rollCalls.clear();
}
