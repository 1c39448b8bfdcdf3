import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import { type OrgPath, perSnapshot, type Sites } from '@campus/device-protocols';
import {
  HAZARD_REPORT_CATEGORY_LABELS,
  type Hazard,
  type HazardPhotoCount,
  type HazardReportPlace,
  type PublicReportReceipt,
  type PublicReportStatus,
  type PublicSchool,
  type SchoolPublicLink,
} from '@campus/api-contract';
import type { Logger } from 'pino';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { roleMay } from '../auth/role-permissions';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { HazardRepository } from '../db/hazard-repository';
import { HazardReportRepository, type NewPhoto, type TriageOutcome } from '../db/hazard-report-repository';
import { LOGGER, SITES } from '../di/tokens';
import {
  HAZARD_REPORT_BROADCASTER,
  type HazardReportBroadcaster,
} from '../realtime/hazard-report-broadcaster';
import type {
  HazardReport,
  Photo,
  PhotoStage,
  StoredHazardReport,
  StoredPhoto,
} from '../domain/hazard-report';
import { HAZARD_REPORT_LIMITS, type HazardReportLimits } from './hazard-report-limits';
import type {
  DismissHazardReportBody,
  HazardReportFields,
  HazardReportListQuery,
  MergeHazardReportBody,
  PublicHazardReportFields,
  RegisterHazardReportBody,
} from './hazard-report.schemas';
import { IMAGE_TYPES, type ImageType } from './image-check';
import type { CheckedPhoto } from './photo-upload';
import { PHOTO_STORE, type PhotoStore } from './photo-store';
import { PHOTO_URL_SIGNER, type PhotoUrlSigner } from './photo-urls';
import { publicReportUrl, qrSvg } from './public-link';
import { PublicReportLimiter } from './public-report-limiter';

const NOT_FOUND = 'hazard report not found';
const PHOTO_NOT_FOUND = 'photo not found';
/** The reporter of a report through a public link (no account). */
export const PUBLIC_REPORTER = 'public';

export type { PublicReportReceipt, PublicReportStatus } from '@campus/api-contract';

/** PUBLIC_URL for the public reporting links (`PUBLIC_LINK_OPTIONS`); without it, the request's origin. */
export interface PublicLinkOptions {
  publicUrl?: string;
}
export const PUBLIC_LINK_OPTIONS = Symbol('PUBLIC_LINK_OPTIONS');

/** The public link refused a report for its rate: answer 429 with Retry-After. */
export class PublicReportThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many reports from this address or for this school; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * 人人参与 (docs/alerting.md "Hazard reports"): people report hazards with photos, the school's
 * security staff triage them into the hazard workflow (隐患排查治理), and the photos follow the
 * hazard to acceptance. Scoped like everything else (ScopePolicyService); a `school_staff` user
 * sees only their own reports. Every change is audited.
 */
@Injectable()
export class HazardReportService {
  /**
   * Schools' org paths and names, and per school the places its devices name in the sites file
   * (the reporter's picker), rebuilt once per registry snapshot.
   */
  private readonly indexOf = perSnapshot((sites) => {
    const schools = new Map<string, OrgPath>();
    const schoolNames = new Map<string, string>();
    for (const s of sites.schools) {
      schools.set(s.code, { province: s.province, city: s.city, county: s.county, school: s.code });
      schoolNames.set(s.code, s.name);
    }
    return { schools, schoolNames, places: placesBySchool(sites) };
  });
  private readonly limiter: PublicReportLimiter;

  constructor(
    @Inject(HazardReportRepository) private readonly reports: HazardReportRepository,
    @Inject(HazardRepository) private readonly hazards: HazardRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(PHOTO_STORE) private readonly store: PhotoStore,
    @Inject(PHOTO_URL_SIGNER) private readonly signer: PhotoUrlSigner,
    @Inject(HAZARD_REPORT_LIMITS) readonly limits: HazardReportLimits,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(HAZARD_REPORT_BROADCASTER) private readonly broadcaster: HazardReportBroadcaster,
    @Optional() @Inject(PUBLIC_LINK_OPTIONS) private readonly linkOptions?: PublicLinkOptions | null,
  ) {
    this.limiter = new PublicReportLimiter({
      perAddress: limits.publicPerAddress,
      perSchool: limits.publicPerSchool,
      windowMs: limits.publicWindowMs,
    });
  }
  private get schools(): ReadonlyMap<string, OrgPath> {
    return this.indexOf(this.sites).schools;
  }

  private get schoolNames(): ReadonlyMap<string, string> {
    return this.indexOf(this.sites).schoolNames;
  }

  private get places(): ReadonlyMap<string, HazardReportPlace[]> {
    return this.indexOf(this.sites).places;
  }

  /** A report by a signed-in user of a school (`hazard_reports.submit`): status `new`. */
  async submit(
    user: AuthUser,
    fields: HazardReportFields,
    photos: CheckedPhoto[],
    ip: string | null,
  ): Promise<HazardReport> {
    const org = this.schools.get(user.org);
    if (org === undefined) {
      throw new ForbiddenException(
        `reports are made by users of a school; ${user.username} works for ${user.org}`,
      );
    }
    const report = await this.storeReport(
      { status: 'new', channel: 'account', reportedBy: user.username, org, fields, contact: undefined },
      photos,
    );
    await this.audit.record({
      action: 'hazard_report.submit',
      actor: user.username,
      target: `hazard_report:${report.id}`,
      ip,
      org: org.school,
      detail: { channel: 'account', category: fields.category, photos: photos.length },
    });
    return this.announce(this.toWire(report));
  }

  /** Whether the public link of school `code` takes one more report from `address`; throws 404/429. */
  admitPublic(code: string, address: string): OrgPath {
    const org = this.schools.get(code);
    if (org === undefined)
      throw new NotFoundException('school not found: check the code of the reporting link');
    const admission = this.limiter.admit(address, code);
    if (!admission.ok) throw new PublicReportThrottledError(admission.retryAfterSeconds);
    return org;
  }

  /** A report through a school's public link (no account): status `unverified`. */
  async submitPublic(
    org: OrgPath,
    fields: PublicHazardReportFields,
    photos: CheckedPhoto[],
    ip: string | null,
  ): Promise<PublicReportReceipt> {
    const report = await this.storeReport(
      {
        status: 'unverified',
        channel: 'public',
        reportedBy: PUBLIC_REPORTER,
        org,
        fields,
        contact: fields.contact,
      },
      photos,
    );
    await this.audit.record({
      action: 'hazard_report.submit',
      actor: PUBLIC_REPORTER,
      target: `hazard_report:${report.id}`,
      ip,
      org: org.school,
      // never the contact: it is personal data (docs/alerting.md "Audit log")
      detail: { channel: 'public', category: fields.category, photos: photos.length },
    });
    this.announce(this.toWire(report));
    return { id: report.id, status: 'unverified', followToken: this.signer.followToken(report.id) };
  }

  /** What an anonymous reporter may know of their report: its status and whether it is fixed. 404 without the right token. */
  async publicStatus(id: string, token: string | undefined): Promise<PublicReportStatus> {
    const report = this.signer.verifyFollowToken(id, token) ? await this.reports.get(id) : undefined;
    if (report === undefined || report.channel !== 'public') throw new NotFoundException(NOT_FOUND);
    return { id: report.id, status: report.status, hazardState: report.hazardState, fixed: report.fixed };
  }

  /** What the public reporting page shows of a school: its name and buildings. 404 for no such school. */
  publicSchool(code: string): PublicSchool {
    const name = this.schoolNames.get(code);
    if (name === undefined)
      throw new NotFoundException('school not found: check the code of the reporting link');
    const buildings = [...new Set((this.places.get(code) ?? []).map((p) => p.building))];
    return { code, name, buildings };
  }

  /**
   * The school's public reporting link and its QR code, for its poster: for those who may read its
   * hazards (`hazards.read`) within their scope; 404 otherwise. Under PUBLIC_URL, else `origin`.
   */
  async publicLink(user: AuthUser, code: string, origin: string | undefined): Promise<SchoolPublicLink> {
    const name = this.schoolNames.get(code);
    if (name === undefined || !roleMay(user.role, 'hazards.read'))
      throw new NotFoundException('school not found');
    this.scope.assertUnitVisible(user, code, 'school not found');
    const base = this.linkOptions?.publicUrl ?? origin;
    if (base === undefined) {
      throw new BadRequestException(
        'the public address of the platform is unknown: set PUBLIC_URL (e.g. https://campus.example.cn)',
      );
    }
    const url = publicReportUrl(base, code);
    return { school: { code, name }, url, svg: await qrSvg(url) };
  }

  /** The places of the user's school to pick from (none for a user above a school). */
  placesOf(user: AuthUser): HazardReportPlace[] {
    return this.places.get(user.org) ?? [];
  }

  /** Reports of the user's scope (a `school_staff` user: their own), newest first. */
  async list(user: AuthUser, query: HazardReportListQuery): Promise<HazardReport[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    if (query.org !== undefined) this.scope.assertUnitVisible(user, query.org, 'org not found');
    const items = await this.reports.list({
      orgUnit: query.org ?? scope.unit,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(user.role === 'school_staff' ? { reportedBy: user.username } : {}),
    });
    return items.map((r) => this.toWire(r));
  }

  async get(user: AuthUser, id: string): Promise<HazardReport> {
    return this.toWire(await this.visible(user, id));
  }

  /** Registers the report as a hazard: grade, owner, deadline; its photos become the hazard's "before" photos. */
  async register(
    user: AuthUser,
    id: string,
    body: RegisterHazardReportBody,
    ip: string | null,
  ): Promise<HazardReport> {
    const report = await this.visible(user, id);
    const deadline = Date.parse(body.deadline);
    if (deadline <= Date.now()) {
      throw new BadRequestException(`the deadline ${body.deadline} has passed: give a date in the future`);
    }
    const hazardId = randomUUID();
    const title = body.title ?? this.titleOf(report);
    const outcome = await this.reports.register(id, {
      hazardId,
      grade: body.grade,
      title,
      owner: body.owner,
      deadline,
      by: user.username,
      at: Date.now(),
    });
    const done = this.triaged(outcome);
    await this.audit.record({
      action: 'hazard_report.register',
      actor: user.username,
      target: `hazard_report:${id}`,
      ip,
      org: report.school,
      detail: {
        hazard: hazardId,
        grade: body.grade,
        owner: body.owner,
        deadline: new Date(deadline).toISOString(),
      },
    });
    return this.announce(this.toWire(done));
  }

  /** Links the report to an existing unclosed hazard of the same school. */
  async merge(
    user: AuthUser,
    id: string,
    body: MergeHazardReportBody,
    ip: string | null,
  ): Promise<HazardReport> {
    const report = await this.visible(user, id);
    const hazard: Hazard | undefined = await this.hazards.get(body.hazardId);
    this.scope.assertVisible(user, hazard, 'hazard not found');
    if (hazard.school !== report.school) {
      throw new ConflictException(
        `hazard ${hazard.id} is of school ${hazard.school}, the report of ${report.school}: merge into a hazard of the same school`,
      );
    }
    if (hazard.state === 'closed') {
      throw new ConflictException(
        `hazard ${hazard.id} is closed: register the report as a new hazard instead`,
      );
    }
    const done = this.triaged(
      await this.reports.merge(id, {
        hazardId: hazard.id,
        hazardState: hazard.state,
        by: user.username,
        at: Date.now(),
      }),
    );
    await this.audit.record({
      action: 'hazard_report.merge',
      actor: user.username,
      target: `hazard_report:${id}`,
      ip,
      org: report.school,
      detail: { hazard: hazard.id },
    });
    return this.announce(this.toWire(done));
  }

  async dismiss(
    user: AuthUser,
    id: string,
    body: DismissHazardReportBody,
    ip: string | null,
  ): Promise<HazardReport> {
    const report = await this.visible(user, id);
    const done = this.triaged(
      await this.reports.dismiss(id, { reason: body.reason, by: user.username, at: Date.now() }),
    );
    await this.audit.record({
      action: 'hazard_report.dismiss',
      actor: user.username,
      target: `hazard_report:${id}`,
      ip,
      org: report.school,
      detail: { reason: body.reason.slice(0, 200) },
    });
    return this.announce(this.toWire(done));
  }

  /**
   * Photos of a hazard's rectification ("after") or acceptance. "after" by those who rectify
   * (`hazards.manage`), "acceptance" by those who accept (`hazards.accept`); "before" photos come
   * with reports, or by `hazards.manage`. Appends a hazard event naming them.
   */
  async addHazardPhotos(
    user: AuthUser,
    hazardId: string,
    stage: PhotoStage,
    note: string | undefined,
    photos: CheckedPhoto[],
    ip: string | null,
  ): Promise<Photo[]> {
    const hazard = await this.hazards.get(hazardId);
    this.scope.assertVisible(user, hazard, 'hazard not found');
    const permission = stage === 'acceptance' ? 'hazards.accept' : 'hazards.manage';
    if (!roleMay(user.role, permission)) {
      throw new ForbiddenException(`role ${user.role} lacks ${permission} to add "${stage}" photos`);
    }
    if (hazard.state === 'closed')
      throw new ConflictException(`hazard ${hazard.id} is closed: its photos are final`);
    const stored = await this.writeFiles(photos, stage);
    const label = { before: '隐患照片', after: '整改照片', acceptance: '验收照片' }[stage];
    let saved: StoredPhoto[];
    try {
      saved = await this.reports.addHazardPhotos(
        hazard,
        stored,
        user.username,
        `${label} ${stored.length} 张: ${stored.map((p) => p.id).join(', ')}${note === undefined ? '' : ` — ${note}`}`,
        Date.now(),
      );
    } catch (error) {
      await this.removeFiles(stored);
      throw error;
    }
    await this.audit.record({
      action: 'hazard.photo_add',
      actor: user.username,
      target: `hazard:${hazard.id}`,
      ip,
      org: hazard.school,
      detail: { stage, photos: saved.map((p) => p.id) },
    });
    return saved.map((p) => this.photoToWire(p));
  }

  /** Every photo of the hazard's loop (its reports', rectification, acceptance), oldest first. */
  async hazardPhotos(user: AuthUser, hazardId: string): Promise<Photo[]> {
    const hazard = await this.hazards.get(hazardId);
    this.scope.assertVisible(user, hazard, 'hazard not found');
    if (!roleMay(user.role, 'hazards.read')) throw new NotFoundException('hazard not found');
    return (await this.reports.hazardPhotos(hazardId)).map((p) => this.photoToWire(p));
  }

  /**
   * Photo counts of the hazards of the user's scope (or of `org` within it), for the hazard CSV and
   * the printed inspection report: they carry the count and a link into the dashboard rather than
   * photo URLs (docs/alerting.md "Hazard reports").
   */
  async photoCounts(user: AuthUser, org: string | undefined): Promise<HazardPhotoCount[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null || !roleMay(user.role, 'hazards.read')) return [];
    if (org !== undefined) this.scope.assertUnitVisible(user, org, 'org not found');
    return this.reports.photoCountsByHazard(org ?? scope.unit);
  }

  /** How many "after" photos the hazard has (a 重大 hazard's rectification needs one). */
  afterPhotoCount(hazardId: string): Promise<number> {
    return this.reports.countHazardPhotos(hazardId, 'after');
  }

  /**
   * The photo's bytes for a signed URL or for a user who may see it (its report, or its hazard);
   * 404 for everything else, so a photo's existence is never revealed.
   */
  async photoFile(
    id: string,
    access: { user: AuthUser | null; signed: boolean },
  ): Promise<{ bytes: Buffer; contentType: string }> {
    const photo = await this.reports.photo(id);
    if (photo === undefined) throw new NotFoundException(PHOTO_NOT_FOUND);
    if (!access.signed && (access.user === null || !(await this.maySeePhoto(access.user, photo)))) {
      throw new NotFoundException(PHOTO_NOT_FOUND);
    }
    const bytes = await this.store.get(photo.storageKey);
    if (bytes === undefined) {
      this.logger.error(
        { photo: photo.id, key: photo.storageKey },
        'photo file missing from the photo store',
      );
      throw new NotFoundException(PHOTO_NOT_FOUND);
    }
    return { bytes, contentType: photo.contentType };
  }

  verifySignedUrl(id: string, expires: string | undefined, sig: string | undefined): boolean {
    return this.signer.verify(id, expires, sig);
  }

  private async maySeePhoto(user: AuthUser, photo: StoredPhoto): Promise<boolean> {
    if (!this.scope.isVisible(user, photo)) return false;
    if (photo.hazardId !== null && roleMay(user.role, 'hazards.read')) return true;
    if (photo.reportId === null) return false;
    const report = await this.reports.get(photo.reportId);
    return report !== undefined && this.maySeeReport(user, report);
  }

  private maySeeReport(user: AuthUser, report: StoredHazardReport): boolean {
    return (
      this.scope.isVisible(user, report) &&
      (user.role !== 'school_staff' || report.reportedBy === user.username)
    );
  }

  private async visible(user: AuthUser, id: string): Promise<StoredHazardReport> {
    const report = await this.reports.get(id);
    if (report === undefined || !this.maySeeReport(user, report)) throw new NotFoundException(NOT_FOUND);
    return report;
  }

  private triaged(outcome: TriageOutcome): StoredHazardReport {
    if (outcome.ok) return outcome.report;
    if (outcome.reason === 'not_found') throw new NotFoundException(NOT_FOUND);
    throw new ConflictException(`the report was already triaged: it is ${outcome.status}`);
  }

  private titleOf(report: StoredHazardReport): string {
    const what = HAZARD_REPORT_CATEGORY_LABELS[report.category]['zh-CN'];
    const text = report.description.length > 60 ? `${report.description.slice(0, 60)}…` : report.description;
    return `${what}: ${text}`;
  }

  /** Files first, then the rows in one transaction; when the rows fail the files are removed. */
  private async storeReport(
    r: {
      status: 'new' | 'unverified';
      channel: 'account' | 'public';
      reportedBy: string;
      org: OrgPath;
      fields: HazardReportFields;
      contact: string | undefined;
    },
    photos: CheckedPhoto[],
  ): Promise<StoredHazardReport> {
    const stored = await this.writeFiles(photos, 'before');
    try {
      return await this.reports.create(
        {
          id: randomUUID(),
          status: r.status,
          channel: r.channel,
          category: r.fields.category,
          description: r.fields.description,
          building: r.fields.building,
          floor: r.fields.floor,
          room: r.fields.room,
          urgent: r.fields.urgent,
          reportedBy: r.reportedBy,
          contact: r.contact,
          org: r.org,
          at: Date.now(),
        },
        stored,
      );
    } catch (error) {
      await this.removeFiles(stored);
      throw error;
    }
  }

  private async writeFiles(photos: CheckedPhoto[], stage: PhotoStage): Promise<NewPhoto[]> {
    const done: NewPhoto[] = [];
    try {
      for (const p of photos) {
        const id = randomUUID();
        const storageKey = `${id}.${IMAGE_TYPES[p.type satisfies ImageType]}`;
        await this.store.put(storageKey, p.bytes);
        done.push({ id, stage, contentType: p.type, bytes: p.bytes.length, storageKey });
      }
    } catch (error) {
      await this.removeFiles(done);
      throw error;
    }
    return done;
  }

  private async removeFiles(photos: readonly NewPhoto[]): Promise<void> {
    for (const p of photos) {
      await this.store.remove(p.storageKey).catch((error: unknown) => {
        this.logger.error(
          { err: error, key: p.storageKey },
          'could not remove the photo file of a failed upload',
        );
      });
    }
  }

  /** Pushes the report to the users of its scope (socket.io `hazardReport`): the triage list is live. */
  private announce(report: HazardReport): HazardReport {
    this.broadcaster.broadcastHazardReport(report);
    return report;
  }

  private photoToWire(p: StoredPhoto): Photo {
    return {
      id: p.id,
      stage: p.stage,
      contentType: p.contentType,
      bytes: p.bytes,
      by: p.by,
      at: p.at,
      reportId: p.reportId,
      hazardId: p.hazardId,
      url: this.signer.url(p.id),
    };
  }

  private toWire(r: StoredHazardReport): HazardReport {
    return { ...r, photos: r.photos.map((p) => this.photoToWire(p)) };
  }
}

/** Building → floor → room of every device location of each school, sorted, without duplicates. */
function placesBySchool(sites: Sites): Map<string, HazardReportPlace[]> {
  const bySchool = new Map<string, Map<string, HazardReportPlace>>();
  for (const d of sites.devices) {
    const building = d.location?.building;
    if (building === undefined) continue;
    const place: HazardReportPlace = {
      building,
      floor: d.location?.floor === undefined ? null : String(d.location.floor),
      room: d.location?.room ?? null,
    };
    const seen = bySchool.get(d.org.school) ?? new Map<string, HazardReportPlace>();
    seen.set(JSON.stringify(place), place);
    bySchool.set(d.org.school, seen);
  }
  const key = (p: HazardReportPlace) => `${p.building}\u0000${p.floor ?? ''}\u0000${p.room ?? ''}`;
  return new Map(
    [...bySchool].map(([school, seen]) => [
      school,
      [...seen.values()].sort((a, b) => key(a).localeCompare(key(b), 'zh-CN', { numeric: true })),
    ]),
  );
}
