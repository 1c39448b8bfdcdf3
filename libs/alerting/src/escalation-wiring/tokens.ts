/** Nest injection tokens of the alert-service wiring (use with `@Inject(TOKEN)`). */

/** The environment (`NodeJS.ProcessEnv`) the runtime reads TWILIO_* from; default `process.env`. */
export const ENV = Symbol('ENV');
/** The escalation runtime (`EscalationRuntime`): notification dispatcher and escalation scheduler. */
export const ESCALATION_RUNTIME = Symbol('ESCALATION_RUNTIME');
/** Optional tuning of the runtime (`EscalationRuntimeOptions`), mostly for tests. */
export const ESCALATION_RUNTIME_OPTIONS = Symbol('ESCALATION_RUNTIME_OPTIONS');
