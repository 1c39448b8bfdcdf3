export * from './registry-store';
export {
  SqlRegistryStore,
  actorName,
  validateSitesDocument,
  type SqlRegistryStoreOptions,
} from './sql-registry-store';
export { diffDocuments, diffRows, formatChanges, canonicalJson } from './registry-diff';
export { documentToRows, rowsToDocument, type RegistryRows } from './registry-rows';
export { assignContactIds, hashCredentials, type CredentialHasher } from './registry-prepare';
export { openRegistry, type OpenedRegistry, type RegistrySeed } from './open-registry';
export {
  registryFeedMessages,
  RegistryFeedPublisher,
  startRegistryFeed,
  type FeedMessage,
} from './registry-feed';
export { exportSitesText, importSitesText, type SitesImportOutcome } from './sites-transfer';
export { runSitesCommand, embeddedRegistryDir, SITES_USAGE, type SitesCommandIo } from './sites-command';
