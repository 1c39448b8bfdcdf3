/** One refused entry of the `rules:` section. `index` is its place in the list (0-based). */
export interface RuleProblem {
  index: number | undefined;
  id: string | undefined;
  reason: string;
}

/** Where a problem is: `rules[2] (id "lab-night")`, or `rules` for the section itself. */
export function problemPlace(problem: RuleProblem): string {
  if (problem.index === undefined) return 'rules';
  return problem.id === undefined
    ? `rules[${problem.index}]`
    : `rules[${problem.index}] (id "${problem.id}")`;
}

/**
 * The sites file's `rules:` section is refused: every problem found, one per line, ready to print
 * at start (`{source}: rules[2] (id "lab-night"): match.zones: expected a list, got …`).
 */
export class RuleConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly RuleProblem[],
  ) {
    super(
      problems.length === 1 && problems[0]
        ? `${source}: ${problemPlace(problems[0])}: ${problems[0].reason}`
        : `${source}: ${problems.length} problems in rules:\n` +
            problems.map((p) => `  ${problemPlace(p)}: ${p.reason}`).join('\n'),
    );
    this.name = 'RuleConfigError';
  }
}
