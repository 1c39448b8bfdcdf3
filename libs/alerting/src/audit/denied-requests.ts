import { Inject, Injectable } from '@nestjs/common';
import type { HttpErrorEvent, HttpErrorObserver } from '../http/http-errors.filter';
import { AUDIT_SINK, type AuditSink } from './audit-sink';
import { clientIpOf } from './client-ip';

/** Statuses recorded as `access.denied`: 403, and 404 (outside the scope looks like "not there"). */
const DENIED = new Set([403, 404]);

/** The request line without its query string (which could carry anything). */
function requestLine(method: string | undefined, url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return `${method ?? 'GET'} ${path}`;
}

/**
 * Records every refused request of a signed-in user as `access.denied` (outcome `denied`), in one
 * place for every controller: the global error filter tells it of each error answer (403 from
 * PermissionGuard, a workflow or ownership check, or the audit endpoint; 404 from the scope
 * policy). A 404 for a record outside the user's scope cannot be told from one for a record that
 * does not exist (on purpose: the API does not reveal which), so both are recorded. Unknown
 * routes and 401s have no user and are not recorded here. The entry's org unit is the user's, so
 * their own officials see it and the unit they probed learns nothing.
 */
@Injectable()
export class DeniedRequestAudit implements HttpErrorObserver {
  constructor(@Inject(AUDIT_SINK) private readonly audit: AuditSink) {}

  async httpError({ request, status, body }: HttpErrorEvent): Promise<void> {
    const user = request.user;
    if (!DENIED.has(status) || user === undefined) return;
    await this.audit.record({
      action: 'access.denied',
      actor: user.username,
      target: requestLine(request.method, request.originalUrl ?? request.url),
      ip: clientIpOf(request),
      outcome: 'denied',
      org: user.org,
      detail: { status, error: body.error },
    });
  }
}
