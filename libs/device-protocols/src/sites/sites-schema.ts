import { z } from 'zod';
import { DEVICE_KINDS, LOCATION_USES, PROTOCOLS, RISK_GRADES } from '../model/device';
import { ipNetworkProblem } from '../gb26875/cidr';
import { ORG_LEVELS } from '../model/org';
import { parseDuration } from './duration';
import { baseTopicProblem, deviceIdProblem, topicNameProblem } from './mqtt-names';
import { checkedText, describeValue, digitCode, integer, list, oneOf, strict, text } from './schema-helpers';
import { parseSecretHash, SecretHashError } from './secret-hash';
import { CHANNELS, ROLES, type Severity } from './sites-model';
import { timeZoneProblem } from './time-zone';

/**
 * The shape of a sites file (docs/sites-file.md plus documented additions): every mapping strict, every
 * value checked on its own. Checks across entries (codes that must nest, ids that must be
 * unique, `via` that must reach a bridge) come after, in the check-*.ts files.
 */

const divisionCode = digitCode(6, '6-digit GB/T 2260 division code', '610113');
const schoolCode = digitCode(10, '10-digit school identification code', '2161010001');
const orgCode = z
  .string({
    error: (iss) =>
      typeof iss.input === 'number'
        ? 'write the org code in quotes, e.g. "610113" (a bare number loses leading zeros)'
        : `expected an org code in quotes, got ${describeValue(iss.input)}`,
  })
  .regex(/^(\d{6}|\d{10})$/, {
    error: (iss) =>
      `"${String(iss.input)}" is not an org code: expected a 6-digit division or 10-digit school code`,
  });

function secretHashProblem(hash: string): string | undefined {
  try {
    parseSecretHash(hash);
    return undefined;
  } catch (e) {
    if (e instanceof SecretHashError) return `malformed scrypt hash: ${e.message}`;
    throw e;
  }
}

const secretHash = checkedText('an scrypt hash', secretHashProblem);
const phone = z
  .string({
    error: (iss) =>
      typeof iss.input === 'number'
        ? 'write the phone number in quotes, e.g. "+8613800000001" (YAML reads a bare +86… as a number)'
        : `expected a phone number in quotes, got ${describeValue(iss.input)}`,
  })
  .regex(/^\+[1-9]\d{7,14}$/, {
    error: (iss) =>
      `"${String(iss.input)}" is not an E.164 phone number: "+", country code and number, 8 to 15 digits, no spaces (e.g. "+8613800000001")`,
  });

/** "HH:MM", 24-hour; a closing time may also be "24:00" (midnight at the end of the day). */
const clock = (allowEndOfDay: boolean) =>
  z
    .string({ error: (iss) => `expected a time "HH:MM" in quotes, got ${describeValue(iss.input)}` })
    .regex(allowEndOfDay ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]\d|2[0-3]):[0-5]\d$/, {
      error: (iss) =>
        `"${String(iss.input)}" is not a time of day: expected "HH:MM", 24-hour, e.g. "07:30"` +
        (allowEndOfDay ? ' (or "24:00")' : ''),
    });

const duration = z
  .union([z.number(), z.string()], {
    error: (iss) =>
      `expected a delay such as "90s", "2m", "1h" or a number of seconds, got ${describeValue(iss.input)}`,
  })
  .transform((v, ctx) => {
    const seconds = parseDuration(v);
    if (seconds === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: `${JSON.stringify(v)} is not a delay: use "90s", "2m", "1h" or a whole number of seconds, up to a week`,
      });
      return z.NEVER;
    }
    return seconds;
  });

/** Zigbee2MQTT friendly names may have levels (`floor2/lab_door`); Frigate camera names are one. */
const viaName = checkedText('the name the bridge uses', (n) => {
  const p = topicNameProblem(n);
  return p === undefined ? undefined : `"${n}" ${p}`;
});

const location = strict({
  building: text('a building name').optional(),
  floor: integer('floor', -10, 200).optional(),
  room: text('a room name').optional(),
  use: oneOf(LOCATION_USES, 'location use').optional(),
});

const deviceSchema = strict({
  id: checkedText('a device id', (id) => {
    const p = deviceIdProblem(id);
    return p === undefined ? undefined : `device id "${id}" ${p}`;
  }),
  kind: oneOf(DEVICE_KINDS, 'device kind'),
  protocol: oneOf(PROTOCOLS, 'protocol').optional(),
  secret: text('a secret', { secret: true }).optional(),
  secretHash: secretHash.optional(),
  location: location.optional(),
  risk: oneOf(RISK_GRADES, 'risk grade').optional(),
  via: strict({ bridge: text('a bridge id'), name: viaName }).optional(),
  baseTopic: checkedText('an MQTT base topic', (t) => {
    const p = baseTopicProblem(t);
    return p === undefined ? undefined : `base topic "${t}" ${p}`;
  }).optional(),
  address: integer('a GB/T 26875 address', 0, 2 ** 48 - 1).optional(),
  /** Addition: gb26875 panels, the networks their transmitter may connect from (docs/sites-file.md). */
  allowFrom: list(checkedText('an IP address or CIDR network', ipNetworkProblem))
    .min(1, {
      error:
        'allowFrom lists at least one address or network — or remove the key for the default (GB26875_ALLOW_FROM, else this host only)',
    })
    .optional(),
  /** Addition: Frigate zones where a person is an intrusion at any hour (cameras only). */
  restrictedZones: list(text('a zone name')).optional(),
});
export type RawDevice = z.output<typeof deviceSchema>;

/** Addition: school hours; outside them any person on camera is an intrusion. */
const hours = strict({
  open: clock(false).optional(),
  close: clock(true).optional(),
  days: list(integer('a weekday', 1, 7)).optional(),
});

/** A degree within [-limit, limit]: a latitude or a longitude (WGS 84). */
const degree = (what: string, limit: number) => {
  const range = `${what} must be a number of degrees from -${limit} to ${limit} (WGS 84 decimal degrees, e.g. 34.22)`;
  return z
    .number({ error: (iss) => `${range}, got ${describeValue(iss.input)}` })
    .refine((n) => Math.abs(n) <= limit, { error: (iss) => `${range}, got ${String(iss.input)}` });
};

/** Addition: where the school is, for the officials' overview map (docs/sites-file.md). */
const geoPoint = strict({ lat: degree('lat (latitude)', 90), lng: degree('lng (longitude)', 180) });

const school = strict({
  code: schoolCode,
  name: text('a school name'),
  hours: hours.optional(),
  location: geoPoint.optional(),
  devices: list(deviceSchema).optional(),
});
export type RawSchool = z.output<typeof school>;

/** Addition: the unit's education bureau as its documents name it (default "<name>教育局"). */
const bureau = text('a bureau name').optional();
const county = strict({ code: divisionCode, name: text('a county name'), bureau, schools: list(school) });
const city = strict({ code: divisionCode, name: text('a city name'), bureau, counties: list(county) });
const province = strict({
  code: divisionCode,
  name: text('a province name'),
  bureau,
  timezone: checkedText('an IANA time zone', timeZoneProblem).optional(),
});

/** Addition: a contact's stable id (the registry gives one to each contact without), for the API. */
const contactId = checkedText('a contact id (letters, digits, "_", "-")', (s) =>
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(s)
    ? undefined
    : `"${s}" is not a contact id: 1–64 letters, digits, "_" or "-", starting with a letter or digit`,
);
/** Addition: a contact's duty hours (local time); "to" before "from" runs past midnight. */
const dutyHours = strict({
  from: clock(false),
  to: clock(true),
  days: list(integer('a weekday', 1, 7)).optional(),
});
const contact = strict({
  id: contactId.optional(),
  org: orgCode,
  name: text('a name'),
  phone,
  hours: list(dutyHours).optional(),
});

const user = strict({
  username: checkedText('a username', (u) =>
    /\s/.test(u) ? `username "${u}" may not contain spaces` : undefined,
  ),
  /** Addition: the person's name, shown on every screen instead of the login. */
  name: text('a name').optional(),
  password: text('a password', { secret: true }).optional(),
  passwordHash: secretHash.optional(),
  role: oneOf(ROLES, 'role'),
  org: orgCode,
});
export type RawUser = z.output<typeof user>;

const step = strict({
  level: oneOf(ORG_LEVELS, 'escalation level'),
  after: duration,
  channels: list(oneOf(CHANNELS, 'channel')).min(1, { error: 'list at least one channel: sms, voice' }),
});

const escalation = strict({
  critical: list(step).optional(),
  high: list(step).optional(),
  medium: list(step).optional(),
  low: list(step).optional(),
} satisfies Record<Severity, z.ZodType>);

/** An account name on the central broker (docs/deployment.md): GATEWAY_ID's alphabet. */
const accountId = checkedText('an id (letters, digits, ".", "_", "-")', (s) =>
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(s)
    ? undefined
    : `"${s}" is not a valid id: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
);
/** Addition: the province topology's edge gateways, for `npm run broker-config` (docs/deployment.md). */
const gateway = strict({ id: accountId, schools: list(schoolCode) });
/** Addition: the alert-service replicas reading the central broker, one account each. */
const alertService = strict({ id: accountId });

export const sitesFileSchema = strict({
  province,
  cities: list(city),
  contacts: list(contact).optional(),
  users: list(user).optional(),
  escalation: escalation.optional(),
  /** Addition: alert rules, kept opaque here and validated by the alert service. */
  rules: z.unknown().optional(),
  gateways: list(gateway).optional(),
  alertServices: list(alertService).optional(),
});
export type RawSitesFile = z.output<typeof sitesFileSchema>;
