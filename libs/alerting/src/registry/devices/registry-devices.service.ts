import {
  BadRequestException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import type {
  DeviceEnrolment,
  DeviceCreateBody,
  DeviceImportReport,
  DevicePatchBody,
  ProvisionedDevice,
  RegistryDevice,
} from '@campus/api-contract';
import type { OrgPath } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { AUDIT_SINK, type AuditSink } from '../../audit/audit-sink';
import type { AuditAction } from '../../domain/audit';
import type { AuthUser } from '../../auth/auth-user';
import { ScopePolicyService } from '../../auth/scope-policy.service';
import { LoginThrottle, loginThrottlePolicyFromEnv } from '../../auth/login-throttle';
import { EnrolmentRepository } from '../../db/enrolment-repository';
import type { Role } from '@campus/device-protocols';
import { ENV, LOGGER, REGISTRY_STORE } from '../../di/tokens';
import { PUBLIC_LINK_OPTIONS, type PublicLinkOptions } from '../../hazard-reports/hazard-report.service';
import {
  RegistryValidationError,
  type RegistryActor,
  type RegistryStore,
  type SitesDocument,
} from '../registry-store';
import {
  DeviceCsvError,
  parseDeviceCsv,
  planDeviceImport,
  type DeviceImportPlan,
} from '../transforms/device-csv';
import {
  addDevice,
  deviceEntryOf,
  needsSecret,
  patchDevice,
  registryDeviceOf,
  retireDevice,
  schoolDevices,
  setDeviceSecret,
} from '../transforms/devices';
import { findDevice, findSchool, type DocSchoolRef } from '../transforms/sites-document';
import { brokerAddressOf, deviceConnection, generateDeviceSecret } from './device-connection';
import {
  ENROLMENT_TTL_MS,
  enrolmentCodeHash,
  generateEnrolmentCode,
  normaliseEnrolmentCode,
} from './enrolment-code';

const BAD_CODE = 'this code is unknown, used or expired: ask the school for a new one';

const NO_DEVICE = 'no such device in your scope';
const NO_SCHOOL = 'no such school in your scope';

const pathOf = (s: DocSchoolRef): OrgPath => ({
  province: s.province,
  city: s.city,
  county: s.county,
  school: s.code,
});

export const actorOf = (user: AuthUser): RegistryActor => ({
  kind: 'user',
  username: user.username,
  role: user.role,
  org: user.org,
});

/**
 * A school's devices in the registry (docs/registry.md, "Managing through the API and the
 * dashboard"): list, add with a secret shown once, edit, retire, rotate, import. Every change is
 * one `registry.mutate` of a pure transform and one audit entry; a device outside the user's scope
 * answers 404 as a missing one.
 */
@Injectable()
export class RegistryDevicesService {
  /** Code exchanges are limited like logins (LOGIN_* settings): per code and per client address. */
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(REGISTRY_STORE) private readonly registry: RegistryStore,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ENV) private readonly env: NodeJS.ProcessEnv,
    @Inject(EnrolmentRepository) private readonly enrolments: EnrolmentRepository,
    @Optional() @Inject(PUBLIC_LINK_OPTIONS) private readonly link?: PublicLinkOptions | null,
  ) {
    this.throttle = new LoginThrottle(loginThrottlePolicyFromEnv(env));
  }

  private async document(): Promise<SitesDocument> {
    const { document } = await this.registry.read();
    if (document === undefined)
      throw new NotFoundException('the registry is empty: seed it from a sites file first');
    return document;
  }

  private visibleSchool(user: AuthUser, doc: SitesDocument, code: string): DocSchoolRef {
    const school = findSchool(doc, code);
    if (school === undefined || !this.scope.isVisible(user, pathOf(school)))
      throw new NotFoundException(NO_SCHOOL);
    return school;
  }

  private visibleDevice(user: AuthUser, doc: SitesDocument, id: string) {
    const found = findDevice(doc, id);
    if (found === undefined || !this.scope.isVisible(user, pathOf(found.school)))
      throw new NotFoundException(NO_DEVICE);
    return found;
  }

  /** Runs a change through the registry; a refused document answers 400 with the reason. */
  private async mutate(
    user: AuthUser,
    reason: string,
    change: (doc: SitesDocument) => SitesDocument,
    dryRun = false,
  ) {
    try {
      return await this.registry.mutate(actorOf(user), reason, change, { dryRun });
    } catch (e) {
      if (e instanceof RegistryValidationError) throw new BadRequestException(`refused: ${e.message}`);
      throw e;
    }
  }

  private async record(
    user: AuthUser,
    action: AuditAction,
    device: string,
    school: string,
    detail: Record<string, unknown>,
  ) {
    await this.audit.record({
      action,
      actor: user.username,
      target: `device:${device}`,
      org: school,
      detail,
    });
  }

  private async provisioned(
    device: RegistryDevice,
    secret: string | null,
    origin: string | undefined,
  ): Promise<ProvisionedDevice> {
    if (secret === null) return { device, secret: null, connection: null };
    const broker = brokerAddressOf(this.env, this.link?.publicUrl, origin);
    return { device, secret, connection: await deviceConnection(device, secret, broker) };
  }

  async list(user: AuthUser, school: string): Promise<RegistryDevice[]> {
    const doc = await this.document();
    this.visibleSchool(user, doc, school);
    return schoolDevices(doc, school);
  }

  async create(
    user: AuthUser,
    body: DeviceCreateBody,
    origin: string | undefined,
  ): Promise<ProvisionedDevice> {
    const doc = await this.document();
    this.visibleSchool(user, doc, body.school);
    const { school, ...rest } = body;
    const entry = deviceEntryOf(rest);
    const secret = needsSecret(entry) ? generateDeviceSecret() : null;
    const commit = await this.mutate(user, `add device ${body.id}`, (d) =>
      addDevice(d, school, secret === null ? entry : { ...entry, secret }),
    );
    const device = registryDeviceOf(entry, school);
    await this.record(user, 'registry.device_add', body.id, school, {
      kind: body.kind,
      version: commit.version,
    });
    this.logger.info({ device: body.id, school, by: user.username, version: commit.version }, 'device added');
    return this.provisioned(device, secret, origin);
  }

  async update(user: AuthUser, id: string, patch: DevicePatchBody): Promise<RegistryDevice> {
    const found = this.visibleDevice(user, await this.document(), id);
    const commit = await this.mutate(user, `change device ${id}`, (d) => patchDevice(d, id, patch));
    const after = findDevice(await this.document(), id);
    await this.record(user, 'registry.device_update', id, found.school.code, {
      fields: Object.keys(patch),
      version: commit.version,
    });
    return registryDeviceOf(after?.entry ?? found.entry, found.school.code);
  }

  async retire(user: AuthUser, id: string): Promise<void> {
    const found = this.visibleDevice(user, await this.document(), id);
    const commit = await this.mutate(user, `retire device ${id}`, (d) => retireDevice(d, id));
    await this.record(user, 'registry.device_retire', id, found.school.code, {
      kind: found.entry['kind'],
      version: commit.version,
    });
    this.logger.info({ device: id, by: user.username, version: commit.version }, 'device retired');
  }

  async rotate(user: AuthUser, id: string, origin: string | undefined): Promise<ProvisionedDevice> {
    const found = this.visibleDevice(user, await this.document(), id);
    const secret = generateDeviceSecret();
    const commit = await this.mutate(user, `rotate the secret of device ${id}`, (d) =>
      setDeviceSecret(d, id, secret),
    );
    await this.record(user, 'registry.device_secret_rotate', id, found.school.code, {
      version: commit.version,
    });
    return this.provisioned(registryDeviceOf(found.entry, found.school.code), secret, origin);
  }

  /**
   * Bulk import (dry run unless `apply`): every row is checked against the school's devices and the
   * rows before it; the accepted rows are written in one change. Their secrets come back once.
   */
  async import(user: AuthUser, school: string, csv: string, apply: boolean): Promise<DeviceImportReport> {
    const doc = await this.document();
    this.visibleSchool(user, doc, school);
    let rows;
    try {
      rows = parseDeviceCsv(csv);
    } catch (e) {
      if (e instanceof DeviceCsvError) throw new BadRequestException(`refused: ${e.message}`);
      throw e;
    }
    const secrets = new Map<string, string>();
    const secretOf = (id: string): string => {
      let s = secrets.get(id);
      if (s === undefined) {
        s = generateDeviceSecret();
        secrets.set(id, s);
      }
      return s;
    };
    let plan: DeviceImportPlan | undefined;
    const commit = await this.mutate(
      user,
      `import devices of school ${school}`,
      (d) => {
        plan = planDeviceImport(d, school, rows, secretOf);
        return plan.document;
      },
      !apply,
    );
    if (plan === undefined) throw new Error('the registry did not run the import plan');
    const accepted = plan.accepted.length;
    const applied = apply && accepted > 0;
    if (applied)
      await this.audit.record({
        action: 'registry.device_import',
        actor: user.username,
        target: `school:${school}`,
        org: school,
        detail: {
          added: plan.accepted.map((e) => e['id']).slice(0, 100),
          refused: plan.rows.length - accepted,
          version: commit.version,
        },
      });
    const secretLines = plan.accepted
      .filter((e) => typeof e['secret'] === 'string')
      .map((e) => `${String(e['id'])},${String(e['secret'])}`);
    return {
      applied,
      accepted,
      refused: plan.rows.length - accepted,
      rows: plan.rows,
      secretsCsv: applied ? ['id,secret', ...secretLines].join('\n') + '\n' : null,
    };
  }

  /** A one-time code for the device, valid 24 h; the device's earlier unused code stops working. */
  async issueEnrolment(user: AuthUser, id: string): Promise<DeviceEnrolment> {
    const found = this.visibleDevice(user, await this.document(), id);
    if (!needsSecret(found.entry))
      throw new BadRequestException(
        `device ${id} has no secret of its own (behind a bridge, or a GB/T 26875 panel): enrol its bridge instead`,
      );
    const code = generateEnrolmentCode();
    const now = Date.now();
    const expiresAt = new Date(now + ENROLMENT_TTL_MS).toISOString();
    await this.enrolments.issue({
      codeHash: enrolmentCodeHash(code),
      device: id,
      school: found.school.code,
      issuedBy: { username: user.username, role: user.role, org: user.org },
      issuedAt: now,
      expiresAt,
    });
    await this.record(user, 'registry.device_enrolment', id, found.school.code, { expiresAt });
    return { device: id, code, expiresAt };
  }

  /**
   * Exchanges a code once for a new secret of its device (set in the issuer's name). Unknown, used
   * and expired codes answer alike (404); attempts are throttled per code and per address (429).
   */
  async exchangeEnrolment(
    typed: string,
    client: string,
    origin: string | undefined,
  ): Promise<ProvisionedDevice> {
    const admission = this.throttle.admit(`enrol:${normaliseEnrolmentCode(typed)}`, client);
    if (!admission.admitted)
      throw new HttpException(
        {
          error: `too many enrolment attempts; try again in ${admission.retryAfterSeconds} s`,
          retryAfterSeconds: admission.retryAfterSeconds,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    const taken = await this.enrolments.take(enrolmentCodeHash(typed), Date.now());
    if (taken === undefined) {
      this.throttle.failed(admission.ticket);
      await this.audit.record({
        action: 'registry.device_enrol',
        actor: 'anonymous',
        ip: client,
        outcome: 'failed',
        detail: { reason: 'unknown, used or expired code' },
      });
      throw new NotFoundException(BAD_CODE);
    }
    this.throttle.succeeded(admission.ticket);
    const issuer: RegistryActor = {
      kind: 'user',
      username: taken.issuedBy.username,
      role: taken.issuedBy.role as Role,
      org: taken.issuedBy.org,
    };
    const secret = generateDeviceSecret();
    let commit;
    try {
      commit = await this.registry.mutate(issuer, `enrol device ${taken.device} by one-time code`, (d) =>
        setDeviceSecret(d, taken.device, secret),
      );
    } catch (e) {
      if (e instanceof RegistryValidationError)
        throw new NotFoundException(`device ${taken.device} is no longer in the registry: ${e.reason}`);
      throw e;
    }
    const found = findDevice(await this.document(), taken.device);
    await this.audit.record({
      action: 'registry.device_enrol',
      actor: taken.device,
      target: `device:${taken.device}`,
      org: taken.school,
      ip: client,
      detail: { issuedBy: taken.issuedBy.username, version: commit.version },
    });
    const device = found === undefined ? undefined : registryDeviceOf(found.entry, taken.school);
    if (device === undefined)
      throw new NotFoundException(`device ${taken.device} is no longer in the registry`);
    return this.provisioned(device, secret, origin);
  }
}
