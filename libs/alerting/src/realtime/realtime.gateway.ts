import { Inject } from '@nestjs/common';
import {
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { SOCKET_EVENTS, type ServerToClientEvents } from '@campus/api-contract';
import type { Sites } from '@campus/device-protocols';
import { alertView } from '../alerts/alert-view';
import type { Alert } from '../domain/alert';
import type { HazardReport } from '../domain/hazard-report';
import type { RollCall, Urge } from '../domain/supervision';
import { roleMay } from '../auth/role-permissions';
import { SiteDirectory } from '../devices/site-directory';
import type { Session } from '../auth/auth-user';
import { AuthService } from '../auth/auth.service';
import { LOGGER, SITES } from '../di/tokens';
import type { AlertBroadcaster } from './alert-broadcaster';
import type { HazardReportBroadcaster } from './hazard-report-broadcaster';
import type { SupervisionBroadcaster } from './supervision-broadcaster';
import { orgRoom, roomsForAlert, roomsForUser } from './alert-rooms';

/** The client gets `connect_error` with this message and `data`. */
const refusal = (): Error =>
  Object.assign(new Error('unauthorized'), { data: { error: 'missing, bad or expired token' } });

/** What the handshake middleware leaves on `socket.data`. */
interface SocketData {
  session?: Session;
}

/**
 * socket.io on the HTTP port, default path `/socket.io` (docs/alerting.md). A client connects with
 * `auth: {token}`; the handshake is refused (client `connect_error`, message `unauthorized`) when the
 * token is missing, bad or expired. An admitted socket joins `org:<its user's org>`, and is
 * disconnected when its token runs out. `broadcastAlert` emits `alert` with the Alert itself (with
 * the sites-file fields of AlertView, as REST answers it) to the rooms of the alert's school,
 * county, city and province, in one emit.
 */
@WebSocketGateway()
export class RealtimeGateway
  implements
    AlertBroadcaster,
    HazardReportBroadcaster,
    SupervisionBroadcaster,
    OnGatewayInit,
    OnGatewayConnection,
    OnGatewayDisconnect
{
  @WebSocketServer() private server: Server<Record<string, never>, ServerToClientEvents> | undefined;
  private readonly expiry = new Map<string, NodeJS.Timeout>();

  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SITES) private readonly sites: Sites,
  ) {}

  private get directory(): SiteDirectory {
    return SiteDirectory.of(this.sites);
  }

  afterInit(server: Server): void {
    server.use((socket, next) => {
      this.admit(socket).then(
        (admitted) => next(admitted ? undefined : refusal()),
        (err: unknown) => {
          this.logger.error({ err }, 'socket.io handshake failed');
          next(new Error('internal error'));
        },
      );
    });
  }

  handleConnection(socket: Socket): void {
    const session = (socket.data as SocketData).session;
    if (session === undefined) {
      socket.disconnect(true);
      return;
    }
    // A `school_staff` user reads neither alerts nor other people's reports (docs/alerting.md
    // "socket.io"): their socket stays connected (session expiry) but joins no org room.
    if (roleMay(session.user.role, 'alerts.read')) void socket.join(roomsForUser(session.user));
    const ms = session.expiresAt * 1000 - Date.now();
    const timer = setTimeout(
      () => {
        (socket as Socket<Record<string, never>, ServerToClientEvents>).emit(SOCKET_EVENTS.sessionExpired, {
          error: 'token expired',
        });
        socket.disconnect(true);
      },
      Math.max(ms, 0),
    );
    timer.unref();
    this.expiry.set(socket.id, timer);
  }

  handleDisconnect(socket: Socket): void {
    clearTimeout(this.expiry.get(socket.id));
    this.expiry.delete(socket.id);
  }

  broadcastAlert(alert: Alert): void {
    if (this.server === undefined) {
      this.logger.warn({ alert: alert.id }, 'socket.io is not up yet: alert not broadcast');
      return;
    }
    this.server.to(roomsForAlert(alert)).emit(SOCKET_EVENTS.alert, alertView(alert, this.directory));
  }

  /**
   * A report submitted or triaged: `hazardReport` to the same rooms as an alert of its school (its
   * signed photo URLs included: everyone in those rooms may read the report).
   */
  broadcastHazardReport(report: HazardReport): void {
    if (this.server === undefined) {
      this.logger.warn({ report: report.id }, 'socket.io is not up yet: hazard report not broadcast');
      return;
    }
    this.server.to(roomsForAlert(report)).emit(SOCKET_EVENTS.hazardReport, report);
  }

  /** 督办: `urge` to the school's own room (not the bureaus': the official knows what they sent). */
  broadcastUrge(urge: Urge): void {
    if (this.server === undefined) {
      this.logger.warn({ urge: urge.id }, 'socket.io is not up yet: urge not broadcast');
      return;
    }
    this.server.to(orgRoom(urge.school)).emit(SOCKET_EVENTS.urge, urge);
  }

  /** 在线查岗: `rollCall` to each school's room with that school's line only (no other school's answers). */
  broadcastRollCall(rollCall: RollCall): void {
    if (this.server === undefined) {
      this.logger.warn({ rollCall: rollCall.id }, 'socket.io is not up yet: roll-call not broadcast');
      return;
    }
    for (const line of rollCall.schools) {
      this.server.to(orgRoom(line.school)).emit(SOCKET_EVENTS.rollCall, { ...rollCall, schools: [line] });
    }
  }

  /** Whether the handshake's `auth.token` is valid; the session goes on `socket.data`. */
  private async admit(socket: Socket): Promise<boolean> {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined;
    const session = typeof token === 'string' && token !== '' ? await this.auth.authenticate(token) : null;
    if (session === null) return false;
    (socket.data as SocketData).session = session;
    return true;
  }
}
