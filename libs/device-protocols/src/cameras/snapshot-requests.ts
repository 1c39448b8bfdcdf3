import type { Device } from '../model/device';
import type { Sites } from '../sites/sites-model';

/** What one camera is asked for. */
export interface MediaRequest {
  kind: 'snapshot' | 'clip';
  url: string;
  /** A clip the NVR may not have (Frigate keeps one only when recording): its absence is no failure. */
  optional: boolean;
  /** ISAPI cameras answer with HTTP digest authentication. */
  digest?: { username: string; passwordEnv?: string };
}

/** Where a camera's pictures come from, or why there is no way to get one. */
export type MediaPlan = { ok: true; requests: MediaRequest[] } | { ok: false; reason: string };

const seg = encodeURIComponent;

/**
 * The requests for one camera's pictures of an alert (docs/alerting.md "视频复核"). A Frigate
 * camera (behind an nvr with `http`): the event's snapshot and clip when the alarm is that
 * camera's Frigate event (`frigateId`), else the camera's latest frame; a camera with `isapi`:
 * Hikvision's picture capture of the main stream. Pure.
 */
export function mediaPlan(sites: Sites, camera: Device, frigateId?: string): MediaPlan {
  const nvr = camera.via === undefined ? undefined : sites.deviceById.get(camera.via.bridge);
  if (nvr?.http !== undefined && camera.via !== undefined) {
    const base = nvr.http.url;
    if (frigateId !== undefined) {
      const event = `${base}/api/events/${seg(frigateId)}`;
      return {
        ok: true,
        requests: [
          { kind: 'snapshot', url: `${event}/snapshot.jpg`, optional: false },
          { kind: 'clip', url: `${event}/clip.mp4`, optional: true },
        ],
      };
    }
    return {
      ok: true,
      requests: [
        { kind: 'snapshot', url: `${base}/api/${seg(camera.via.name)}/latest.jpg`, optional: false },
      ],
    };
  }
  if (camera.isapi !== undefined) {
    const { url, username, passwordEnv } = camera.isapi;
    return {
      ok: true,
      requests: [
        {
          kind: 'snapshot',
          url: `${url}/ISAPI/Streaming/channels/101/picture`,
          optional: false,
          digest: { username, ...(passwordEnv === undefined ? {} : { passwordEnv }) },
        },
      ],
    };
  }
  return {
    ok: false,
    reason:
      camera.via === undefined
        ? 'no snapshot source: the camera has no isapi and no nvr'
        : `no snapshot source: its nvr "${camera.via.bridge}" has no http url`,
  };
}
