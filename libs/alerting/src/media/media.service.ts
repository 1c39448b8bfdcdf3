import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import {
  coveringCameras,
  mediaPlan,
  type Device,
  type MediaRequest,
  type Sites,
} from '@campus/device-protocols';
import type { AlertMedia, IncidentMedia } from '@campus/api-contract';
import type { Logger } from 'pino';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { AlertRepository } from '../db/alert-repository';
import { MediaRepository } from '../db/media-repository';
import { locationView } from '../devices/site-directory';
import { ENV, LOGGER, SITES } from '../di/tokens';
import type { Alert } from '../domain/alert';
import type { StoredMedia } from '../domain/media';
import { reencodePhoto } from '../hazard-reports/image-reencode';
import { PHOTO_STORE, type PhotoStore } from '../hazard-reports/photo-store';
import { PHOTO_URL_SIGNER, PhotoUrlSigner } from '../hazard-reports/photo-urls';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';
import { fetchCameraFile, type FetchOutcome } from './camera-fetch';
import { DEFAULT_MEDIA_LIMITS, type MediaLimits } from './media-limits';
import type { IncidentMediaSource } from '../plans/incident-media';

/** Nest token of the MediaLimits. */
export const MEDIA_LIMITS = Symbol('MEDIA_LIMITS');

const NOT_FOUND = 'alert not found';
/** What the signature of a media file signs: never a photo's id. */
const signedId = (mediaId: string) => `media:${mediaId}`;

/** The Frigate event behind an alert: the opening event's `data` (frigate-event-rules.ts). */
export function frigateEvent(alert: Pick<Alert, 'detail'>): { id?: string; zones: string[] } {
  const raw = alert.detail?.['data'];
  const d = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const zones = Array.isArray(d['zones']) ? d['zones'].filter((z): z is string => typeof z === 'string') : [];
  return d['source'] === 'frigate' && typeof d['frigateId'] === 'string'
    ? { id: d['frigateId'], zones }
    : { zones };
}

/**
 * 视频复核 (docs/alerting.md): when an alert opens, the cameras covering its place are asked for a
 * picture — the Frigate event's snapshot and clip, a camera's latest frame, or an ISAPI capture —
 * after the alert is stored, broadcast and its paging started, never awaited by them. Each file
 * is stored with the alert (the PhotoStore: DATA_DIR or S3), snapshots re-encoded; a camera that
 * cannot be reached leaves a row saying why. Every arrival re-broadcasts the alert (its `snapshot`).
 */
@Injectable()
export class MediaService implements IncidentMediaSource {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly limits: MediaLimits;

  constructor(
    @Inject(MediaRepository) private readonly media: MediaRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(PHOTO_STORE) private readonly store: PhotoStore,
    @Inject(PHOTO_URL_SIGNER) private readonly signer: PhotoUrlSigner,
    @Inject(ALERT_BROADCASTER) private readonly broadcaster: AlertBroadcaster,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ENV) private readonly env: NodeJS.ProcessEnv,
    @Optional() @Inject(MEDIA_LIMITS) limits: MediaLimits | undefined,
  ) {
    this.limits = limits ?? DEFAULT_MEDIA_LIMITS;
  }

  /** Fetches the covering cameras' pictures in the background; the caller never waits. */
  onOpened(alert: Alert): void {
    const event = frigateEvent(alert);
    const cameras = coveringCameras(this.sites, alert.device, event.zones).filter(
      (camera) => mediaPlan(this.sites, camera).ok,
    );
    if (cameras.length === 0) return;
    const work = Promise.all(
      cameras.map((camera) =>
        this.fromCamera(alert, camera, camera.id === alert.device ? event.id : undefined).catch(
          (err: unknown) =>
            this.logger.error(
              { err, alert: alert.id, camera: camera.id },
              'camera media could not be recorded',
            ),
        ),
      ),
    ).then(() => undefined);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Waits for the fetches in flight (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The alert's media with signed URLs (404 outside the user's scope). */
  async list(user: AuthUser, alertId: string): Promise<AlertMedia[]> {
    const alert = await this.alerts.get(alertId);
    this.scope.assertVisible(user, alert, NOT_FOUND);
    return (await this.media.listForAlert(alert.id)).map((m) => this.view(m));
  }

  /** The incident report's camera pictures and clips (the report is read in the alert's scope). */
  async mediaFor(alert: Alert): Promise<IncidentMedia[]> {
    const stored = await this.media.listForAlert(alert.id);
    return stored.flatMap((m) => {
      const { url } = this.view(m);
      return url === null ? [] : [{ kind: m.kind, url, at: m.fetchedAt, source: m.camera }];
    });
  }

  /** One file's bytes, for a signed URL or a user who sees the alert; 404 otherwise. */
  async file(
    alertId: string,
    mediaId: string,
    access: { user: AuthUser | null; expires?: string | undefined; sig?: string | undefined },
  ): Promise<{ bytes: Buffer; contentType: string }> {
    const media = await this.media.get(mediaId);
    if (media === undefined || media.alertId !== alertId || media.key === null) {
      throw new NotFoundException('media not found');
    }
    if (!this.signer.verify(signedId(mediaId), access.expires, access.sig)) {
      if (access.user === null) throw new NotFoundException('media not found');
      this.scope.assertVisible(access.user, await this.alerts.get(alertId), 'media not found');
    }
    const bytes = await this.store.get(media.key);
    if (bytes === undefined) throw new NotFoundException('media file missing from the store');
    return { bytes, contentType: media.contentType ?? 'application/octet-stream' };
  }

  private view(m: StoredMedia): AlertMedia {
    const path = `/api/alerts/${encodeURIComponent(m.alertId)}/media/${encodeURIComponent(m.id)}`;
    return {
      id: m.id,
      alertId: m.alertId,
      camera: m.camera,
      cameraLocation: locationView(this.sites.deviceById.get(m.camera)?.location),
      kind: m.kind,
      contentType: m.contentType,
      size: m.size,
      fetchedAt: m.fetchedAt,
      error: m.error,
      url: m.key === null ? null : `${path}?${this.signer.query(signedId(m.id))}`,
    };
  }

  private async fromCamera(alert: Alert, camera: Device, frigateId: string | undefined): Promise<void> {
    const plan = mediaPlan(this.sites, camera, frigateId);
    // A camera with no picture source is not asked (the sites file requires one of a camera that
    // declares `covers`; a Frigate camera of an nvr without `http` only reports events).
    if (!plan.ok) return;
    for (const request of plan.requests) {
      const outcome = await this.fetchOne(request);
      if (!outcome.ok && outcome.absent) continue;
      await this.record(alert, camera, request.kind, outcome);
      // a camera that cannot give its snapshot will not give a clip either
      if (!outcome.ok) break;
    }
    const current = await this.alerts.get(alert.id);
    if (current !== undefined) this.broadcaster.broadcastAlert(current);
  }

  private async fetchOne(request: MediaRequest): Promise<FetchOutcome> {
    const outcome = await fetchCameraFile(request, this.limits, this.env);
    if (!outcome.ok || request.kind !== 'snapshot') return outcome;
    try {
      return { ok: true, bytes: await reencodePhoto(outcome.bytes), contentType: 'image/jpeg' };
    } catch (err) {
      return { ok: false, absent: false, error: `answered a JPEG that could not be decoded: ${String(err)}` };
    }
  }

  private async record(
    alert: Alert,
    camera: Device,
    kind: StoredMedia['kind'],
    outcome: FetchOutcome,
  ): Promise<void> {
    const id = randomUUID();
    let key: string | null = null;
    if (outcome.ok) {
      key = `${randomUUID()}.${kind === 'clip' ? 'mp4' : 'jpg'}`;
      await this.store.put(key, outcome.bytes);
    }
    const stored = await this.media.add({
      id,
      alertId: alert.id,
      camera: camera.id,
      kind,
      contentType: outcome.ok ? outcome.contentType : null,
      size: outcome.ok ? outcome.bytes.length : null,
      key,
      error: outcome.ok ? null : outcome.error,
    });
    if (stored === undefined && key !== null) await this.store.remove(key); // the alert is gone
    const log = {
      alert: alert.id,
      camera: camera.id,
      kind,
      ...(outcome.ok ? { size: outcome.bytes.length } : { error: outcome.error }),
    };
    if (outcome.ok) this.logger.info(log, 'camera media stored');
    else this.logger.warn(log, 'camera could not be reached');
  }
}
