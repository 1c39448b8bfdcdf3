/**
 * Who did something and which rule did it, in words a reader knows (docs/user-guide.md, "What the
 * screens show"): a person's name rather than the login, a rule's name rather than its id. Pure;
 * the labels come in as functions.
 */

/** A rule's id (`default:sos`, `duty:patrol`, `site:lab-heat`): a prefix, a colon, a name. */
export function isRuleId(s: string): boolean {
  return /^[a-z][\w-]*:[\w-]+$/.test(s);
}

/** The i18n key of a rule's name: `default:device_offline` → `rules.default_device_offline`. */
export function ruleKey(id: string): string {
  return `rules.${id.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

export interface RuleLabels {
  /** The text of an i18n key, or undefined when there is none. */
  text(key: string): string | undefined;
}

/**
 * A rule's name: its own label (`rules.*`), else for an alert rule `default:<type>` the alert
 * type's name (`alertType.<type>`), else "自定义规则" — never the id.
 */
export function ruleName(id: string, labels: RuleLabels): string {
  const own = labels.text(ruleKey(id));
  if (own) return own;
  const type = /^default:(\w+)$/.exec(id)?.[1];
  const typeName = type ? labels.text(`alertType.${type}`) : undefined;
  if (typeName) return typeName;
  return labels.text('readable.customRule') ?? id;
}

/**
 * Who acted: the person's name (the login without one); a rule acting for the platform is "系统
 * （<rule name>）".
 */
export function actorName(
  by: string | null | undefined,
  names: ReadonlyMap<string, string>,
  labels: RuleLabels & { system(rule: string): string },
): string {
  if (!by) return '';
  if (isRuleId(by)) return labels.system(ruleName(by, labels));
  return names.get(by) ?? by;
}
