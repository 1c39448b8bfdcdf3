/** The province's time zone when the sites file names none. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The canonical IANA name of `zone` (e.g. `asia/shanghai` → `Asia/Shanghai`), or undefined if unknown. */
export function canonicalTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function timeZoneProblem(zone: string): string | undefined {
  return canonicalTimeZone(zone) === undefined
    ? `unknown time zone "${zone}" — use an IANA name such as ${DEFAULT_TIME_ZONE}`
    : undefined;
}
