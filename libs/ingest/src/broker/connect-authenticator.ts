import type { Logger } from 'pino';
import {
  CredentialLimiter,
  KeyBusyError,
  KeyedConcurrency,
  CREDENTIAL_CHECK_CONCURRENCY,
  type Sites,
} from '@campus/device-protocols';
import type { GatewayMetrics, RefusalReason } from '../metrics/gateway-metrics';
import { certificateLogin } from './certificate-identity';
import { authenticateClient, type ClientIdentity, type ServiceAccount } from './client-identity';
import { accountKey, decideClientId, type ClientAccount } from './client-id-policy';
import { ClientIdRegistry } from './client-id-registry';
import type { ServedSchools } from '../config/served-schools';
import { loggable, type ConnectionRefusals } from './refusal-log';

/** MQTT 3.1.1 CONNACK return codes. */
export const CONNACK = {
  IDENTIFIER_REJECTED: 2,
  /** The device keeps its credentials and simply tries again later. */
  SERVER_UNAVAILABLE: 3,
  BAD_CREDENTIALS: 4,
  NOT_AUTHORIZED: 5,
} as const;

/** Persistent sessions one device may hold at once; the service account, many more (replicas, lanes). */
const MAX_PERSISTENT_PER_DEVICE = 16;
const MAX_PERSISTENT_FOR_SERVICE = 1024;
/** Credential-check windows of the lockouts (the counts are configurable). */
const ACCOUNT_WINDOW_MS = 5 * 60_000;
const SOURCE_WINDOW_MS = 60_000;

export interface ConnectRequest {
  username: string | undefined;
  password: Buffer | undefined;
  /**
   * The device id a verified TLS client certificate names (docs/protocol.md, "TLS"): that device
   * logs in without its secret; any other username is refused.
   */
  certificateId?: string;
  /** The client's address key (`addressKey`). */
  source: string;
  clientId: string;
  clean: boolean;
  /** The aedes client: what holds the client id while it is connected. */
  connection: object;
  /** True once the connection has closed (no credential check is run for it any more). */
  isClosed(): boolean;
}

export type ConnectVerdict =
  | { ok: true; identity: ClientIdentity; evicted: string[] }
  | { ok: false; reason: RefusalReason; returnCode: number; detail?: string }
  /** The client went away while waiting: nothing to answer. */
  | { ok: false; reason: 'gone' };

export interface ConnectAuthenticatorOptions {
  sites: Sites;
  service?: ServiceAccount;
  authFailuresPerAccount: number;
  authFailuresPerIp: number;
  metrics: GatewayMetrics;
  refusals: ConnectionRefusals;
  logger: Logger;
  /** `GATEWAY_SCHOOLS`: devices of other schools are refused once their credentials check out. */
  served?: ServedSchools;
  clock?: () => number;
}

/**
 * Decides a CONNECT: the lockout first (no credential check for a locked account or address),
 * then the secret, then whether this account may use the client id (docs/protocol.md, "Client
 * ids" and "Connection limits"). CONNECTs from one address are checked a few at a time
 * (`KeyedConcurrency`), so that a burst of guesses meets the lockout its first failures start
 * instead of all passing the limiter together. Counts and logs every refusal and each lockout once.
 */
export class ConnectAuthenticator {
  readonly limiter: CredentialLimiter;
  readonly clientIds: ClientIdRegistry;
  /**
   * Checks from one address run one fewer at a time than the derivations the process runs at
   * once (at least one): a burst from one address never takes every core from the event loop.
   */
  private readonly lanes = new KeyedConcurrency(Math.max(1, CREDENTIAL_CHECK_CONCURRENCY - 1));
  private readonly clock: () => number;

  constructor(private readonly options: ConnectAuthenticatorOptions) {
    this.clock = options.clock ?? Date.now;
    this.limiter = new CredentialLimiter({
      account: { maxFailures: options.authFailuresPerAccount, windowMs: ACCOUNT_WINDOW_MS },
      source: { maxFailures: options.authFailuresPerIp, windowMs: SOURCE_WINDOW_MS },
    });
    const serviceName = options.service?.username;
    this.clientIds = new ClientIdRegistry((owner) =>
      owner === serviceName ? MAX_PERSISTENT_FOR_SERVICE : MAX_PERSISTENT_PER_DEVICE,
    );
  }

  async authenticate(request: ConnectRequest): Promise<ConnectVerdict> {
    let verdict: ConnectVerdict;
    try {
      verdict = await this.lanes.run(request.source, () => this.decide(request));
    } catch (err) {
      if (!(err instanceof KeyBusyError)) throw err;
      verdict = { ok: false, reason: 'server_busy', returnCode: CONNACK.SERVER_UNAVAILABLE };
    }
    if (!verdict.ok && verdict.reason !== 'gone') {
      const detail = verdict.detail ?? `CONNECT refused: ${verdict.reason}`;
      this.options.refusals.refused(verdict.reason, request.source, detail, {
        username: loggable(request.username),
        clientId: loggable(request.clientId),
      });
    }
    return verdict;
  }

  private async decide(request: ConnectRequest): Promise<ConnectVerdict> {
    if (request.isClosed()) return { ok: false, reason: 'gone' };
    const { sites, service, metrics } = this.options;
    const { username, source } = request;
    const isAccount =
      username !== undefined &&
      ((service !== undefined && username === service.username) || sites.deviceById.has(username));
    const account = isAccount ? username : undefined;
    const gate = this.limiter.check(account, source, this.clock());
    if (!gate.allowed) {
      return {
        ok: false,
        reason: 'locked_out',
        returnCode: CONNACK.SERVER_UNAVAILABLE,
        detail: `${gate.lockout.scope} locked out until ${new Date(gate.lockout.until).toISOString()}`,
      };
    }

    const outcome =
      request.certificateId === undefined
        ? await authenticateClient(sites, service, username, request.password)
        : certificateLogin(sites, request.certificateId, username);
    const now = this.clock();
    if (!outcome.ok) {
      if (outcome.reason === 'bad_secret') metrics.credentialChecks.inc();
      if (
        outcome.reason === 'bad_secret' ||
        outcome.reason === 'unknown_device' ||
        outcome.reason === 'no_direct_login'
      ) {
        for (const lockout of this.limiter.recordFailure(account, source, now)) {
          metrics.lockouts.inc({ scope: lockout.scope });
          this.options.logger.warn(
            {
              scope: lockout.scope,
              account: loggable(lockout.account),
              ip: lockout.source,
              until: new Date(lockout.until).toISOString(),
            },
            'MQTT logins locked out after repeated failures',
          );
        }
      }
      return { ok: false, reason: outcome.reason, returnCode: returnCodeFor(outcome.reason) };
    }
    metrics.credentialChecks.inc();
    // After the credential check, so that a caller without the secret learns nothing about the id.
    const served = this.options.served;
    if (served && outcome.identity.type === 'device' && !served.serves(outcome.identity.device)) {
      return {
        ok: false,
        reason: 'school_not_served',
        returnCode: CONNACK.NOT_AUTHORIZED,
        detail: served.refusal(outcome.identity.device),
      };
    }
    const who: ClientAccount =
      outcome.identity.type === 'device'
        ? { type: 'device', id: outcome.identity.device.id }
        : { type: 'service', username: outcome.identity.username };
    this.limiter.recordSuccess(accountKey(who), source, now);
    if (request.isClosed()) return { ok: false, reason: 'gone' };

    const decision = decideClientId({
      clientId: request.clientId,
      account: who,
      heldBy: this.clientIds.heldBy(request.clientId),
      isDeviceId: (id) => sites.deviceById.has(id),
    });
    if (!decision.ok) {
      return {
        ok: false,
        reason: decision.reason,
        returnCode: CONNACK.IDENTIFIER_REJECTED,
        detail: decision.detail,
      };
    }
    const evicted = this.clientIds.claim(
      request.clientId,
      accountKey(who),
      request.connection,
      request.clean,
    );
    return { ok: true, identity: outcome.identity, evicted };
  }
}

function returnCodeFor(reason: RefusalReason): number {
  switch (reason) {
    case 'no_direct_login':
    case 'school_not_served':
      return CONNACK.NOT_AUTHORIZED;
    case 'server_busy':
      return CONNACK.SERVER_UNAVAILABLE;
    default:
      return CONNACK.BAD_CREDENTIALS;
  }
}
