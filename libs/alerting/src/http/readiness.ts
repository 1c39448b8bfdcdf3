/**
 * Whether every part of the service is ready (docs/alerting.md `GET /api/health`). The bootstrap marks
 * it when the database, rules, escalation and the listener are up; health answers 503 until then.
 */
export class Readiness {
  private isReady = false;

  get ready(): boolean {
    return this.isReady;
  }

  markReady(): void {
    this.isReady = true;
  }

  /** Back to starting (e.g. while shutting down, so a load balancer stops sending traffic). */
  markStarting(): void {
    this.isReady = false;
  }
}
