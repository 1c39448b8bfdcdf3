import type {
  EntryHistoryItem,
  EscalationPolicyView,
  EscalationStepBody,
  ItemList,
  RulePreview,
} from '@campus/api-contract';
import { api } from './http';

// The wire types are libs/api-contract's, shared with the backend (docs/registry.md, docs/alerting.md).
export type {
  EntryHistoryItem,
  EscalationPolicyView,
  EscalationStepBody,
  RulePreview,
} from '@campus/api-contract';

/** A rule entry as in the sites file's `rules:` (an override of a built-in rule, or a rule of its own). */
export type RuleEntryBody = Record<string, unknown> & { id: string };

const rulePath = (id: string) => `/api/rules/${encodeURIComponent(id)}`;
const withNote = (path: string, note: string | undefined) =>
  note?.trim() ? `${path}?note=${encodeURIComponent(note.trim())}` : path;

export const listRules = () => api<ItemList<RuleEntryBody>>('GET', '/api/rules').then((r) => r.items);
export const addRule = (rule: RuleEntryBody, note?: string) =>
  api<RuleEntryBody>('POST', withNote('/api/rules', note), rule);
export const replaceRule = (id: string, rule: RuleEntryBody, note?: string) =>
  api<RuleEntryBody>('PUT', withNote(rulePath(id), note), rule);
export const removeRule = (id: string, note?: string) => api<void>('DELETE', withNote(rulePath(id), note));
export const ruleHistory = (id: string) =>
  api<ItemList<EntryHistoryItem>>('GET', `${rulePath(id)}/history`).then((r) => r.items);
/** What the rule would have opened over the last 7 days (nothing is saved). */
export const previewRule = (rule: RuleEntryBody) => api<RulePreview>('POST', '/api/rules/preview', rule);

const policyPath = (severity: string) => `/api/escalation-policies/${encodeURIComponent(severity)}`;
export const getPolicy = (severity: string) => api<EscalationPolicyView>('GET', policyPath(severity));
export const setPolicy = (severity: string, steps: EscalationStepBody[] | null, note?: string) =>
  api<EscalationPolicyView>('PUT', withNote(policyPath(severity), note), { steps });
export const policyHistory = (severity: string) =>
  api<ItemList<EntryHistoryItem>>('GET', `${policyPath(severity)}/history`).then((r) => r.items);
