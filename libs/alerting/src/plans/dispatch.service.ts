import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  GoneException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import type {
  Dispatch,
  DispatchAnswer,
  ResponderCandidate,
  ResponderMark,
  ResponderPage,
} from '@campus/api-contract';
import type { Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { AlertRepository } from '../db/alert-repository';
import { PlanRepository, type DispatchPhotoRecord, type DispatchRecord } from '../db/plan-repository';
import { LOGGER, SITES } from '../di/tokens';
import { PlanNotifier } from './plan-notifier';
import type { Alert } from '../domain/alert';
import { PUBLIC_LINK_OPTIONS, type PublicLinkOptions } from '../hazard-reports/hazard-report.service';
import type { CheckedPhoto } from '../hazard-reports/photo-upload';
import { PHOTO_STORE, type PhotoStore } from '../hazard-reports/photo-store';
import { PHOTO_URL_SIGNER, type PhotoUrlSigner } from '../hazard-reports/photo-urls';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';
import type { PlanPager } from './plan.service';
import { mayMark } from './plan-progress';
import { dispatchSms } from './plan-texts';
import {
  contactPersonId,
  hashResponderToken,
  isResponderLinkExpired,
  isResponderTokenShape,
  maskPhone,
  newResponderToken,
  responderLinkExpiry,
} from './responder-token';

const NOT_FOUND = 'alert not found';
const LINK_NOT_FOUND = 'this link is not valid: ask the school security office for a new one';
export const RESPONDER_PHOTO_ROUTE = '/api/responder-photos';
/** Photos one dispatched person may send in all: enough for a scene, not a storage sink for a leaked link. */
export const MAX_PHOTOS_PER_DISPATCH = 20;

/**
 * Responders (docs/alerting.md "Responders"): the guard dispatches a person (a user of the school
 * with a phone, or a contact of the school); they get an SMS with the link of a phone page `/r/{token}` (no login: the token, 256
 * random bits, stored only as its SHA-256, works until 24 h after the alert's resolution) where they
 * mark 在路上 / 已到场 / 已处置 and add photos (the hazard reports' pipeline: limits, re-encoding
 * without EXIF, the PhotoStore). Each change is a timeline item, audited, and rebroadcast as the
 * alert so that the console shows it live.
 */
@Injectable()
export class DispatchService {
  constructor(
    @Inject(PlanRepository) private readonly repo: PlanRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(PlanNotifier) private readonly pager: PlanPager,
    @Inject(PHOTO_STORE) private readonly store: PhotoStore,
    @Inject(PHOTO_URL_SIGNER) private readonly signer: PhotoUrlSigner,
    @Inject(ALERT_BROADCASTER) private readonly broadcaster: AlertBroadcaster,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(PUBLIC_LINK_OPTIONS) private readonly linkOptions?: PublicLinkOptions | null,
  ) {}

  /**
   * The people the school can dispatch: its users with a phone (sites file `users:`, by name), then
   * its contacts (`contacts:`); one number once.
   */
  candidates(school: string): (ResponderCandidate & { phoneNumber: string })[] {
    const users = this.sites.users
      .filter((u) => u.org === school && u.phone !== undefined)
      .map((u) => ({ id: `user:${u.username}`, name: u.name ?? u.username, phoneNumber: u.phone! }));
    const contacts = this.sites.contacts
      .filter((c) => c.org === school)
      .map((c) => ({ id: contactPersonId(c.phone), name: c.name, phoneNumber: c.phone }));
    const seen = new Set<string>();
    return [...users, ...contacts]
      .filter((p) => !seen.has(p.phoneNumber) && seen.add(p.phoneNumber))
      .map((p) => ({ ...p, phone: maskPhone(p.phoneNumber) }));
  }

  async list(user: AuthUser, alertId: string): Promise<DispatchAnswer> {
    const alert = await this.visibleAlert(user, alertId);
    return {
      items: await this.dispatchesOf(alert.id),
      people: this.candidates(alert.school).map(({ id, name, phone }) => ({ id, name, phone })),
    };
  }

  /** The alert's dispatches with signed photo URLs (the incident report reads them too). */
  async dispatchesOf(alertId: string): Promise<Dispatch[]> {
    const [records, photos] = await Promise.all([
      this.repo.dispatchesOf(alertId),
      this.repo.photosOfAlert(alertId),
    ]);
    return records.map((d) => this.view(d, photos));
  }

  /** Sends a person: 400 for someone not of the school, 409 while they are already on this alert. */
  async dispatch(
    user: AuthUser,
    alertId: string,
    person: string,
    origin: string | undefined,
    ip: string | null,
  ): Promise<Dispatch> {
    const alert = await this.visibleAlert(user, alertId);
    const candidate = this.candidates(alert.school).find((c) => c.id === person);
    if (candidate === undefined)
      throw new BadRequestException(
        `"${person}" is not someone this school can dispatch: pick one of GET /api/alerts/${alertId}/dispatches "people"`,
      );
    const busy = (await this.repo.dispatchesOf(alert.id)).find(
      (d) => d.person === person && d.state !== 'handled',
    );
    if (busy !== undefined)
      throw new ConflictException(`${candidate.name} is already dispatched to this alert`);
    const base = this.linkOptions?.publicUrl ?? origin;
    if (base === undefined)
      throw new BadRequestException(
        'the public address of the platform is unknown: set PUBLIC_URL (e.g. https://campus.example.cn)',
      );
    const { token, hash } = newResponderToken();
    const record = await this.repo.createDispatch({
      id: randomUUID(),
      alertId: alert.id,
      person,
      name: candidate.name,
      phone: candidate.phoneNumber,
      tokenHash: hash,
      by: user.username,
    });
    if (record === undefined) throw new NotFoundException(NOT_FOUND);
    const device = alert.device === null ? undefined : this.sites.deviceById.get(alert.device);
    this.pager.queue.enqueue({
      alertId: alert.id,
      level: 'school',
      channel: 'sms',
      to: candidate.phoneNumber,
      name: candidate.name,
      body: dispatchSms({
        type: alert.type,
        schoolName: this.sites.schoolByCode.get(alert.school)?.name ?? alert.school,
        ...(device?.location === undefined ? {} : { location: device.location }),
        link: `${base.replace(/\/+$/, '')}/r/${token}`,
        drill: alert.drill,
      }),
    });
    await this.audit.record({
      action: 'alert.dispatch',
      actor: user.username,
      target: `alert:${alert.id}`,
      ip,
      org: alert.school,
      detail: { dispatch: record.id, person: candidate.name },
    });
    await this.rebroadcast(alert.id);
    return this.view(record, []);
  }

  /** What the phone page shows: 404 for an unknown link, 410 once it has expired. */
  async publicPage(token: string, now: number = Date.now()): Promise<ResponderPage> {
    const { dispatch, alert } = await this.byToken(token, now);
    return this.page(dispatch, alert);
  }

  /**
   * A mark and/or photos from the phone page. A mark moves forward only (409 otherwise); photos
   * are stored first, so a refused mark leaves them (they are evidence either way).
   */
  async publicMark(
    token: string,
    mark: ResponderMark | undefined,
    photos: readonly CheckedPhoto[],
    ip: string | null,
    now: number = Date.now(),
  ): Promise<ResponderPage> {
    if (mark === undefined && photos.length === 0)
      throw new BadRequestException('send a state (on_the_way, on_site, handled) or at least one photo');
    const { dispatch, alert } = await this.byToken(token, now);
    const actor = `responder:${dispatch.id}`;
    if (
      photos.length > 0 &&
      (await this.repo.photoCount(dispatch.id)) + photos.length > MAX_PHOTOS_PER_DISPATCH
    )
      throw new BadRequestException(
        `at most ${MAX_PHOTOS_PER_DISPATCH} photos per person: send the most telling ones`,
      );
    for (const photo of photos) {
      const id = randomUUID();
      const key = `${randomUUID()}.jpg`;
      await this.store.put(key, photo.bytes);
      try {
        await this.repo.addPhoto({ id, dispatchId: dispatch.id, storeKey: key });
      } catch (err) {
        await this.store.remove(key);
        throw err;
      }
    }
    let current = dispatch;
    if (mark !== undefined) {
      if (!mayMark(dispatch.state, mark))
        throw new ConflictException(`already marked ${dispatch.state}: a mark only moves forward`);
      const moved = await this.repo.mark(dispatch.id, [dispatch.state], mark);
      if (moved === undefined) throw new ConflictException('marked from another page meanwhile: reload');
      current = moved;
    }
    await this.audit.record({
      action: 'alert.responder_mark',
      actor,
      target: `alert:${alert.id}`,
      ip,
      org: alert.school,
      detail: {
        dispatch: dispatch.id,
        name: dispatch.name,
        ...(mark ? { state: mark } : {}),
        photos: photos.length,
      },
    });
    this.logger.info(
      { alert: alert.id, dispatch: dispatch.id, state: mark, photos: photos.length },
      'responder marked',
    );
    await this.rebroadcast(alert.id);
    return this.page(current, alert);
  }

  /** A responder photo's bytes: with a signed URL, or for a user who sees its alert; else 404. */
  async photoFile(id: string, access: { user: AuthUser | null; signed: boolean }): Promise<Buffer> {
    const photo = await this.repo.photo(id);
    if (photo === undefined) throw new NotFoundException('photo not found');
    if (!access.signed) {
      const alert = await this.alerts.get(photo.alertId);
      if (access.user === null || alert === undefined || !this.scope.isVisible(access.user, alert))
        throw new NotFoundException('photo not found');
    }
    const bytes = await this.store.get(photo.storeKey);
    if (bytes === undefined) {
      this.logger.error({ photo: id, key: photo.storeKey }, 'responder photo missing from the photo store');
      throw new NotFoundException('photo not found');
    }
    return bytes;
  }

  verifySignedUrl(id: string, expires: string | undefined, sig: string | undefined): boolean {
    return this.signer.verify(id, expires, sig);
  }

  private view(d: DispatchRecord, photos: readonly DispatchPhotoRecord[]): Dispatch {
    return {
      id: d.id,
      alertId: d.alertId,
      person: d.person,
      name: d.name,
      phone: maskPhone(d.phone),
      state: d.state,
      dispatchedBy: d.dispatchedBy,
      dispatchedAt: d.dispatchedAt,
      onTheWayAt: d.onTheWayAt,
      onSiteAt: d.onSiteAt,
      handledAt: d.handledAt,
      photos: photos
        .filter((p) => p.dispatchId === d.id)
        .map((p) => ({ id: p.id, at: p.at, url: this.signer.urlUnder(RESPONDER_PHOTO_ROUTE, p.id) })),
    };
  }

  private async page(d: DispatchRecord, alert: Alert): Promise<ResponderPage> {
    const device = alert.device === null ? undefined : this.sites.deviceById.get(alert.device);
    const loc = device?.location;
    return {
      name: d.name,
      state: d.state,
      alert: {
        type: alert.type,
        schoolName: this.sites.schoolByCode.get(alert.school)?.name ?? null,
        location:
          loc === undefined
            ? null
            : {
                building: loc.building ?? null,
                floor: loc.floor ?? null,
                room: loc.room ?? null,
                use: loc.use ?? null,
              },
        openedAt: alert.openedAt,
        status: alert.status,
      },
      photos: await this.repo.photoCount(d.id),
      expiresAt: responderLinkExpiry(alert.resolvedAt),
    };
  }

  private async byToken(token: string, now: number): Promise<{ dispatch: DispatchRecord; alert: Alert }> {
    if (!isResponderTokenShape(token)) throw new NotFoundException(LINK_NOT_FOUND);
    const dispatch = await this.repo.dispatchByTokenHash(hashResponderToken(token));
    const alert = dispatch === undefined ? undefined : await this.alerts.get(dispatch.alertId);
    if (dispatch === undefined || alert === undefined) throw new NotFoundException(LINK_NOT_FOUND);
    if (isResponderLinkExpired(alert.resolvedAt, now))
      throw new GoneException('this link has expired (24 hours after the alert was closed)');
    return { dispatch, alert };
  }

  private async rebroadcast(alertId: string): Promise<void> {
    const current = await this.alerts.get(alertId);
    if (current !== undefined) this.broadcaster.broadcastAlert(current);
  }

  private async visibleAlert(user: AuthUser, id: string): Promise<Alert> {
    const alert = await this.alerts.get(id);
    this.scope.assertVisible(user, alert, NOT_FOUND);
    return alert;
  }
}
