import { MALFORMED_REASONS, type DecodeResult } from '../decoders/decode-result';
import { isJsonObject } from '../decoders/json-shape';
import { EVENT_TYPE_PATTERN, METRIC_NAME_PATTERN, type CanonicalMessage } from '../model/messages';

/**
 * Everything wrong with a DecodeResult's shape (empty when well-formed): a known reason and a
 * detail on rejection; on success, messages with a device, a finite whole-ms time, finite metrics
 * under valid names, a valid event type and object data, a boolean availability.
 */
export function decodeResultProblems(result: DecodeResult): string[] {
  if (typeof result !== 'object' || result === null) return ['result is not an object'];
  if (result.ok === false) {
    const problems: string[] = [];
    if (!(MALFORMED_REASONS as readonly string[]).includes(result.reason))
      problems.push(`unknown reason ${result.reason}`);
    if (typeof result.detail !== 'string' || result.detail === '')
      problems.push('rejection without a detail');
    return problems;
  }
  if (result.ok !== true) return ['ok is neither true nor false'];
  if (!Array.isArray(result.messages)) return ['messages is not an array'];
  const problems: string[] = [];
  if (result.ignored !== undefined && (typeof result.ignored !== 'string' || result.ignored === '')) {
    problems.push('ignored is set but not a non-empty string');
  }
  if (result.ignored !== undefined && result.messages.length > 0) problems.push('ignored with messages');
  result.messages.forEach((message, i) =>
    problems.push(...messageProblems(message).map((p) => `messages[${i}]: ${p}`)),
  );
  return problems;
}

function messageProblems(message: CanonicalMessage): string[] {
  const problems: string[] = [];
  if (typeof message.device !== 'string' || message.device === '') problems.push('no device');
  if (!Number.isSafeInteger(message.ts)) problems.push(`ts ${message.ts} is not whole epoch ms`);
  switch (message.kind) {
    case 'reading': {
      const entries = Object.entries(message.metrics);
      if (entries.length === 0) problems.push('reading without metrics');
      for (const [name, value] of entries) {
        if (!METRIC_NAME_PATTERN.test(name)) problems.push(`bad metric name ${JSON.stringify(name)}`);
        if (typeof value !== 'number' || !Number.isFinite(value))
          problems.push(`metric ${name} = ${String(value)}`);
      }
      break;
    }
    case 'event':
      if (!EVENT_TYPE_PATTERN.test(message.type))
        problems.push(`bad event type ${JSON.stringify(message.type)}`);
      if (!isJsonObject(message.data)) problems.push('event data is not an object');
      break;
    case 'availability':
      if (typeof message.online !== 'boolean') problems.push('online is not a boolean');
      break;
    default:
      problems.push(`unknown kind ${(message as { kind: unknown }).kind as string}`);
  }
  return problems;
}
