/**
 * Rules for the names the sites file puts into MQTT topics: device ids become a topic level
 * (`campus/v1/{school}/{device}/…`) and the device's MQTT username; bridge base topics are whole
 * topic prefixes a bridge may publish under. Each function returns the problem, or `undefined`.
 */

/** First levels no bridge may take: the platform's own topics and the broker's `$SYS`-style ones. */
export const RESERVED_FIRST_LEVELS = ['campus', 'platform'] as const;

const MAX_ID_LENGTH = 64;
const MAX_TOPIC_LENGTH = 200;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A device id: one MQTT topic level, usable as an MQTT username. */
export function deviceIdProblem(id: string): string | undefined {
  if (id === '') return 'is empty';
  if (id.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  if (/[/+#]/.test(id)) return 'may not contain "/", "+" or "#" (it is one MQTT topic level)';
  if (/\s/.test(id) || CONTROL.test(id)) return 'may not contain spaces or control characters';
  return undefined;
}

/** A topic of one or more levels with no wildcards and no empty level (no leading, trailing or double `/`). */
export function topicNameProblem(topic: string): string | undefined {
  if (topic === '') return 'is empty';
  if (topic.length > MAX_TOPIC_LENGTH) return `is longer than ${MAX_TOPIC_LENGTH} characters`;
  if (/[+#]/.test(topic)) return 'may not contain the MQTT wildcards "+" or "#"';
  if (CONTROL.test(topic)) return 'may not contain control characters';
  if (topic.split('/').some((level) => level === ''))
    return 'has an empty level (a leading, trailing or double "/")';
  return undefined;
}

/** A bridge base topic: a valid topic outside the platform's and the broker's own namespaces. */
export function baseTopicProblem(topic: string): string | undefined {
  const problem = topicNameProblem(topic);
  if (problem) return problem;
  if (topic.startsWith('$')) return 'may not start with "$" (reserved for the broker)';
  const first = topic.split('/')[0];
  if ((RESERVED_FIRST_LEVELS as readonly string[]).includes(first ?? '')) {
    return `may not start with "${first}/" (reserved for the platform's own topics)`;
  }
  return undefined;
}

/** Whether `prefix` equals `topic` or is a whole-level prefix of it (`a/b` of `a/b/c`, not of `a/bc`). */
export function isLevelPrefix(prefix: string, topic: string): boolean {
  return topic === prefix || topic.startsWith(`${prefix}/`);
}
