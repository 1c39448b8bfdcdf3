// The wait for a device's answer is one piece of code, shared with the edge gateway's relay.
export { sendCommand, type CommandTransport, type SendOutcome } from '@campus/device-protocols';

/** Default wait for a device's answer (docs/alerting.md, "Linkage"). */
export const DEFAULT_ACTION_TIMEOUT_MS = 10_000;
