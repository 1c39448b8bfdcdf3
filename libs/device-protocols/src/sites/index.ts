export * from './sites-model';
export { parseSites, parseSitesDocument, readSitesFile } from './parse-sites';
export {
  hashSecret,
  verifySecret,
  verifySecretAsync,
  CredentialCheckBusyError,
  CREDENTIAL_CHECK_CONCURRENCY,
  CREDENTIAL_CHECK_QUEUE,
  parseSecretHash,
  SecretHashError,
  SCRYPT_DEFAULTS,
  type SecretHash,
} from './secret-hash';
export { DEMO_SITES_PATH, DEMO_SITES_SOURCE } from './demo-sites';
export {
  checkDemoCredentials,
  demoProvinceNotice,
  findPlainCredentials,
  plainCredentialsWarning,
  DEMO_PASSWORD,
  DEMO_SECRET,
  type CredentialCheck,
  type PlainCredential,
} from './demo-credentials';
export { parseDuration, MAX_DURATION_SECONDS } from './duration';
export { DEFAULT_SCHOOL_HOURS, isWithinSchoolHours, parseClockTime } from './school-hours';
export { DEFAULT_TIME_ZONE } from './time-zone';
export { BRIDGE_PROTOCOL, isBridgeKind, type BridgeKind } from './device-rules';
export { baseTopicProblem, deviceIdProblem, isLevelPrefix } from './mqtt-names';
export type { AlertServiceEntry, GatewayEntry } from './check-gateways';
export { bureauName, personName } from './people-names';
export { SitesHolder, type SitesSource } from './sites-source';
export { isSitesSource, liveSites, perSnapshot, snapshotOf, sourceOf } from './live-sites';
export { documentForGateway } from './gateway-document';
export { formatSitesYaml } from './sites-yaml';
