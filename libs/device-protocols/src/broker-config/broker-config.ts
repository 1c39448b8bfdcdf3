import { pbkdf2Sync, randomBytes } from 'node:crypto';
import {
  COMMAND_RESULT_SUBSCRIPTION,
  COMMAND_TOPIC_ROOT,
  commandResultTopic,
  gatewayCommandSubscription,
} from '../topics/command-topic';
import { REGISTRY_TOPIC_ROOT, registryTopic } from '../topics/registry-topic';
import { UPLINK_TOPIC_ROOT } from '../topics/uplink-topic';
import type { AlertServiceEntry, GatewayEntry } from '../sites/check-gateways';

/**
 * The central broker's accounts and authorisation for the province topology (docs/deployment.md,
 * "The central broker"), derived from the sites file's `gateways:` and `alertServices:`:
 *
 * - a gateway may publish only `platform/v1/uplink/{school}/#` for the schools it serves and its
 *   command results `platform/v1/command-result/{GATEWAY_ID}`, and subscribe only to its command
 *   topic `platform/v1/command/{GATEWAY_ID}/#` and its registry feed `platform/v1/registry/{GATEWAY_ID}`;
 * - an alert-service replica may subscribe to the whole uplink and to every gateway's command
 *   results, and publish only the registry feed `platform/v1/registry/+` and commands
 *   `platform/v1/command/#` (docs/protocol.md, "The registry feed", "Which broker");
 * - nobody else logs in (no anonymous access).
 *
 * Pure apart from `randomBytes` for salts and new passwords.
 */

export type BrokerAccount =
  | { kind: 'gateway'; id: string; username: string; schools: string[] }
  | { kind: 'alert-service'; id: string; username: string };

/** The accounts of a topology: `gateway-<id>` and `alert-service-<id>` (one `alert-service` when none is listed). */
export function brokerAccounts(topology: {
  gateways: readonly GatewayEntry[];
  alertServices: readonly AlertServiceEntry[];
}): BrokerAccount[] {
  const gateways: BrokerAccount[] = topology.gateways.map((g) => ({
    kind: 'gateway',
    id: g.id,
    username: `gateway-${g.id}`,
    schools: [...g.schools],
  }));
  const services: BrokerAccount[] =
    topology.alertServices.length === 0
      ? [{ kind: 'alert-service', id: 'alert-service', username: 'alert-service' }]
      : topology.alertServices.map((a) => ({
          kind: 'alert-service',
          id: a.id,
          username: `alert-service-${a.id}`,
        }));
  return [...gateways, ...services];
}

export interface TopicGrant {
  access: 'publish' | 'subscribe';
  topic: string;
}

/** What one account may do on the central broker. */
export function grantsOf(account: BrokerAccount): TopicGrant[] {
  if (account.kind === 'alert-service')
    return [
      { access: 'subscribe', topic: `${UPLINK_TOPIC_ROOT}/#` },
      { access: 'publish', topic: `${REGISTRY_TOPIC_ROOT}/+` },
      { access: 'publish', topic: `${COMMAND_TOPIC_ROOT}/#` },
      { access: 'subscribe', topic: COMMAND_RESULT_SUBSCRIPTION },
    ];
  return [
    ...account.schools.map((school) => ({
      access: 'publish' as const,
      topic: `${UPLINK_TOPIC_ROOT}/${school}/#`,
    })),
    { access: 'publish', topic: commandResultTopic(account.id) },
    { access: 'subscribe', topic: gatewayCommandSubscription(account.id) },
    { access: 'subscribe', topic: registryTopic(account.id) },
  ];
}

/** A new account password: 32 random bytes, base64url (no character a shell or .env file minds). */
export function newBrokerPassword(): string {
  return randomBytes(32).toString('base64url');
}

/** Mosquitto 2's password-file hash (`$7$`: PBKDF2-SHA512, 101 iterations, 12-byte salt), as `mosquitto_passwd` writes it. */
export function mosquittoPasswordHash(
  password: string,
  salt: Buffer = randomBytes(12),
  iterations = 101,
): string {
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** `username:hash` lines for Mosquitto's `password_file`. */
export function mosquittoPasswordFile(
  accounts: readonly BrokerAccount[],
  passwords: ReadonlyMap<string, string>,
): string {
  return accounts.map((a) => `${a.username}:${mosquittoPasswordHash(passwordOf(a, passwords))}\n`).join('');
}

/** Mosquitto's `acl_file`: `topic write` to publish, `topic read` to subscribe and receive. */
export function mosquittoAcl(accounts: readonly BrokerAccount[]): string {
  const lines = [
    '# Campus Safety central broker ACL (npm run broker-config; docs/deployment.md). Generated: edit the sites file instead.',
    '# Accounts not listed here may do nothing; anonymous clients are refused by allow_anonymous false.',
  ];
  for (const account of accounts) {
    lines.push('', `# ${account.kind} ${account.id}`, `user ${account.username}`);
    for (const grant of grantsOf(account)) {
      lines.push(`topic ${grant.access === 'publish' ? 'write' : 'read'} ${grant.topic}`);
    }
  }
  return lines.join('\n') + '\n';
}

export interface MosquittoConfOptions {
  /** Where `passwd` and `acl` are installed (absolute). */
  dir: string;
  /** MQTT listener port; default 1883. */
  port?: number;
  /** Where Mosquitto keeps sessions and queued messages; default /var/lib/mosquitto/. */
  persistenceLocation?: string;
}

/** A Mosquitto 2 configuration for the central broker (include it, or run `mosquitto -c` on it). */
export function mosquittoConf(options: MosquittoConfOptions): string {
  const dir = options.dir.replace(/\/+$/, '');
  return [
    '# Campus Safety central broker (npm run broker-config; docs/deployment.md). Generated.',
    `listener ${options.port ?? 1883}`,
    // for TLS add: certfile, keyfile (and cafile for client certificates) to this listener
    'allow_anonymous false',
    `password_file ${dir}/passwd`,
    `acl_file ${dir}/acl`,
    // gateways and replicas keep persistent sessions: their QoS 1 messages survive a broker restart
    'persistence true',
    `persistence_location ${(options.persistenceLocation ?? '/var/lib/mosquitto/').replace(/\/*$/, '/')}`,
    // an outage's backlog arrives in a burst: no per-session queue limit (Mosquitto's default drops beyond 1000)
    'max_queued_messages 0',
    'max_inflight_messages 100',
    '',
  ].join('\n');
}

/** EMQX 5 file authorisation (`etc/acl.conf`, Erlang terms): the same grants, then deny all. */
export function emqxAcl(accounts: readonly BrokerAccount[]): string {
  const lines = ['%% Campus Safety central broker (npm run broker-config; docs/deployment.md). Generated.'];
  for (const account of accounts) {
    for (const grant of grantsOf(account)) {
      lines.push(
        `{allow, {username, ${erlString(account.username)}}, ${grant.access}, [${erlString(grant.topic)}]}.`,
      );
    }
  }
  lines.push('{deny, all}.');
  return lines.join('\n') + '\n';
}

/**
 * EMQX 5 HOCON (`emqx.conf` or `base.hocon`): password authentication from the built-in database,
 * the file authorisation above, and no access without a rule.
 */
export function emqxHocon(aclPath: string): string {
  return `# Campus Safety central broker (npm run broker-config; docs/deployment.md). Generated.
authentication = [
  {
    mechanism = password_based
    backend = built_in_database
    user_id_type = username
    password_hash_algorithm { name = pbkdf2, mac_fun = sha512, iterations = 4096, dk_length = 64 }
  }
]
authorization {
  no_match = deny
  deny_action = disconnect
  cache { enable = true }
  sources = [
    { type = file, enable = true, path = ${JSON.stringify(aclPath)} }
  ]
}
mqtt {
  max_mqueue_len = infinity
  max_inflight = 100
}
`;
}

/**
 * EMQX 5 users for the built-in database, as the body of
 * `POST /api/v5/authentication/password_based:built_in_database/users` (one request per user; EMQX
 * hashes the password with the configured algorithm).
 */
export function emqxUsers(
  accounts: readonly BrokerAccount[],
  passwords: ReadonlyMap<string, string>,
): { user_id: string; password: string; is_superuser: false }[] {
  return accounts.map((a) => ({
    user_id: a.username,
    password: passwordOf(a, passwords),
    is_superuser: false,
  }));
}

/** The environment each deployable needs to use its account (the `.env` a systemd unit reads). */
export function accountEnv(account: BrokerAccount, password: string, brokerUrl: string): string {
  const lines =
    account.kind === 'gateway'
      ? [
          `GATEWAY_ID=${account.id}`,
          `GATEWAY_SCHOOLS=${account.schools.join(',')}`,
          `UPLINK_URL=${brokerUrl}`,
          `UPLINK_USERNAME=${account.username}`,
          `UPLINK_PASSWORD=${password}`,
        ]
      : [
          `MQTT_URL=${brokerUrl}`,
          `MQTT_SERVICE_USERNAME=${account.username}`,
          `MQTT_SERVICE_PASSWORD=${password}`,
          `ALERT_SERVICE_CLIENT_ID=campus-alert-service-${account.id}`,
        ];
  return `# ${account.kind} ${account.id} on the central broker (npm run broker-config). Secret: mode 600.\n${lines.join('\n')}\n`;
}

/** A password per account: the known one (a re-run keeps it) or a new one. */
export function passwordsFor(
  accounts: readonly BrokerAccount[],
  known: ReadonlyMap<string, string>,
  generate: () => string = newBrokerPassword,
): Map<string, string> {
  return new Map(accounts.map((a) => [a.username, known.get(a.username) ?? generate()]));
}

/** Reads `UPLINK_PASSWORD` / `MQTT_SERVICE_PASSWORD` back from an account's `.env` text. */
export function passwordInEnv(text: string): string | undefined {
  const line = text.split('\n').find((l) => /^(UPLINK_PASSWORD|MQTT_SERVICE_PASSWORD)=/.test(l));
  return line?.slice(line.indexOf('=') + 1).trim() || undefined;
}

function passwordOf(account: BrokerAccount, passwords: ReadonlyMap<string, string>): string {
  const password = passwords.get(account.username);
  if (password === undefined) throw new Error(`no password for the broker account ${account.username}`);
  return password;
}

function erlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface BrokerConfigFile {
  /** Relative to the output folder. */
  path: string;
  content: string;
  /** 0o600 for what holds a password or its hash. */
  mode: number;
}

export interface BrokerConfigOptions {
  /** Where the Mosquitto files will be installed (absolute), for `password_file` and `acl_file`. */
  mosquittoDir: string;
  /** Where EMQX will read `acl.conf` (absolute). */
  emqxAclPath: string;
  /** The central broker as the gateways and replicas reach it (`UPLINK_URL`, `MQTT_URL`). */
  brokerUrl: string;
  port?: number;
  persistenceLocation?: string;
}

/**
 * Every file `npm run broker-config` writes: `mosquitto/{campus.conf,passwd,acl}`,
 * `emqx/{campus.hocon,acl.conf,users.json}` and `accounts/<username>.env` per account.
 */
export function brokerConfigFiles(
  accounts: readonly BrokerAccount[],
  passwords: ReadonlyMap<string, string>,
  options: BrokerConfigOptions,
): BrokerConfigFile[] {
  const secret = 0o600;
  const plain = 0o644;
  return [
    {
      path: 'mosquitto/campus.conf',
      content: mosquittoConf({
        dir: options.mosquittoDir,
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.persistenceLocation === undefined
          ? {}
          : { persistenceLocation: options.persistenceLocation }),
      }),
      mode: plain,
    },
    { path: 'mosquitto/passwd', content: mosquittoPasswordFile(accounts, passwords), mode: secret },
    { path: 'mosquitto/acl', content: mosquittoAcl(accounts), mode: plain },
    { path: 'emqx/campus.hocon', content: emqxHocon(options.emqxAclPath), mode: plain },
    { path: 'emqx/acl.conf', content: emqxAcl(accounts), mode: plain },
    {
      path: 'emqx/users.json',
      content: JSON.stringify(emqxUsers(accounts, passwords), null, 2) + '\n',
      mode: secret,
    },
    ...accounts.map((a) => ({
      path: `accounts/${a.username}.env`,
      content: accountEnv(a, passwords.get(a.username) ?? '', options.brokerUrl),
      mode: secret,
    })),
  ];
}
