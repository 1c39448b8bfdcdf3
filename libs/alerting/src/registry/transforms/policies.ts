import type { EscalationStepBody } from '@campus/api-contract';
import type { Severity } from '@campus/device-protocols';
import { RegistryValidationError, type SitesDocument } from '../registry-store';
import { copyOf, type DocEntry } from './sites-document';

/** Pure changes of escalation policies and rules in the sites document (docs/registry.md). */

export function policyOf(doc: SitesDocument, severity: Severity): EscalationStepBody[] | null {
  const escalation = doc['escalation'] as Record<string, unknown> | undefined;
  const steps = escalation?.[severity];
  return Array.isArray(steps) ? (steps as EscalationStepBody[]) : null;
}

/** Sets a severity's steps; null returns it to the built-in default. */
export function setPolicy(
  doc: SitesDocument,
  severity: Severity,
  steps: EscalationStepBody[] | null,
): SitesDocument {
  const next = copyOf(doc);
  const escalation = { ...((next['escalation'] as Record<string, unknown> | undefined) ?? {}) };
  if (steps === null) delete escalation[severity];
  else escalation[severity] = steps;
  if (Object.keys(escalation).length === 0) delete next['escalation'];
  else next['escalation'] = escalation;
  return next;
}

const rulesOf = (doc: SitesDocument): DocEntry[] =>
  Array.isArray(doc['rules'])
    ? (doc['rules'] as unknown[]).filter((r): r is DocEntry => typeof r === 'object' && r !== null)
    : [];

/** The rule entries of the registry (overrides of built-in rules and its own rules), by id. */
export function listRules(doc: SitesDocument): DocEntry[] {
  return rulesOf(doc);
}

export function findRule(doc: SitesDocument, id: string): DocEntry | undefined {
  return rulesOf(doc).find((r) => r['id'] === id);
}

/** Adds a rule entry (an override of a built-in rule, or a rule of its own). */
export function addRule(doc: SitesDocument, rule: DocEntry): SitesDocument {
  const id = String(rule['id']);
  if (findRule(doc, id) !== undefined)
    throw new RegistryValidationError('id', `rule "${id}" is already in the registry: change it with PUT`);
  const next = copyOf(doc);
  next['rules'] = [...rulesOf(next), structuredClone(rule)];
  return next;
}

/** Replaces a rule entry whole, keeping its place. */
export function replaceRule(doc: SitesDocument, id: string, rule: DocEntry): SitesDocument {
  const next = copyOf(doc);
  const list = rulesOf(next);
  const index = list.findIndex((r) => r['id'] === id);
  if (index < 0) throw new RegistryValidationError('id', `no rule "${id}" in the registry`);
  list[index] = { ...structuredClone(rule), id };
  next['rules'] = list;
  return next;
}

export function removeRule(doc: SitesDocument, id: string): SitesDocument {
  const next = copyOf(doc);
  const list = rulesOf(next);
  const index = list.findIndex((r) => r['id'] === id);
  if (index < 0) throw new RegistryValidationError('id', `no rule "${id}" in the registry`);
  list.splice(index, 1);
  if (list.length === 0) delete next['rules'];
  else next['rules'] = list;
  return next;
}
