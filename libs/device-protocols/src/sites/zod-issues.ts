import type { z } from 'zod';
import type { SitesLocator, SitesPath } from './locator';
import type { SitesFileError } from './sites-model';

/**
 * Turns zod's issue for a sites file into a located error. Missing keys and empty values are
 * worded here (zod's own words would be "expected string, received undefined"); the schema
 * helpers word everything else.
 */
export function issueError(issue: z.core.$ZodIssue, locator: SitesLocator): SitesFileError {
  const path: SitesPath = issue.path;
  const last = path[path.length - 1];
  const valueProblem =
    issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
  if (valueProblem && issue.input === undefined && typeof last === 'string') {
    return locator.error(path.slice(0, -1), `missing required key "${last}"`, path);
  }
  if (valueProblem && issue.input === null) {
    return locator.error(path, 'has no value — write one after the colon, or remove the key');
  }
  if (issue.code === 'unrecognized_keys') {
    return locator.error(path, issue.message, [...path, issue.keys[0] ?? '']);
  }
  return locator.error(path, issue.message);
}

/** The error for the issue earliest in the file (ties: zod's order, which follows the file). */
export function firstIssueError(issues: readonly z.core.$ZodIssue[], locator: SitesLocator): SitesFileError {
  let first: SitesFileError | undefined;
  for (const issue of issues) {
    const e = issueError(issue, locator);
    if (!first || (e.line ?? Infinity) < (first.line ?? Infinity)) first = e;
  }
  if (!first) throw new Error('firstIssueError: no issues');
  return first;
}
