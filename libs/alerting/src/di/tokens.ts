/**
 * Nest injection tokens shared by the alert service's parts (use with `@Inject(TOKEN)`); provided
 * by the app (app/) and injected by the features, so they live in neither.
 */

/**
 * The registry's sites (`Sites`), a live view: every field is read from the current snapshot at
 * the moment of use. Derive indexes with `perSnapshot`, never in a constructor (docs/registry.md).
 */
export const SITES = Symbol('SITES');
/** The pino logger of the alert service (`Logger`). */
export const LOGGER = Symbol('LOGGER');
/** The environment (`NodeJS.ProcessEnv`) the runtime reads TWILIO_* from; default `process.env`. */
export const ENV = Symbol('ENV');
/** The escalation runtime (`EscalationRuntime`): notification dispatcher and escalation scheduler. */
export const ESCALATION_RUNTIME = Symbol('ESCALATION_RUNTIME');
/** Optional tuning of the runtime (`EscalationRuntimeOptions`), mostly for tests. */
export const ESCALATION_RUNTIME_OPTIONS = Symbol('ESCALATION_RUNTIME_OPTIONS');
/** How commands reach devices (`CommandTransport`, linkage/command-sender.ts); absent: actions fail with the reason. */
export const COMMAND_TRANSPORT = Symbol('COMMAND_TRANSPORT');
/** The province path (`CentralCommands`, linkage/central-commands.ts): commands through the central broker to edge gateways. */
export const GATEWAY_COMMANDS = Symbol('GATEWAY_COMMANDS');
/** Linkage tuning (`LinkageOptions`): the wait for a device's answer. */
export const LINKAGE_OPTIONS = Symbol('LINKAGE_OPTIONS');
/**
 * The process's live sites (`SitesSource`, docs/registry.md), behind SITES: for parts that must act
 * when the sites change (`onChange`); others read SITES at the moment of use.
 */
export const SITES_SOURCE = Symbol('SITES_SOURCE');
/** The registry (`RegistryStore`): every change to the sites goes through its `mutate`. */
export const REGISTRY_STORE = Symbol('REGISTRY_STORE');
