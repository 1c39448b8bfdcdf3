import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  parseSitesDocument,
  registryFeedMessageSchema,
  type Sites,
  type SitesHolder,
} from '@campus/device-protocols';

/** What the gateway keeps of the last registry version it got: `DATA_DIR/registry/sites.json`. */
export interface LocalRegistry {
  version: number;
  document: Record<string, unknown>;
}

export function localRegistryPath(dataDir: string): string {
  return join(dataDir, 'registry', 'sites.json');
}

/**
 * An edge gateway following the registry feed (docs/deployment.md, "Edge gateways"): each message
 * on its topic is checked (shape, its own GATEWAY_ID, a newer version, the sites file's checks on
 * the document) before it replaces the gateway's sites; the version is then kept on disk, written
 * atomically, so that a restart while the centre is unreachable starts from it.
 */
export class GatewayRegistry {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: { holder: SitesHolder; gatewayId: string; dataDir: string; logger: Logger },
  ) {}

  /** One feed message; handled one after the other. Never throws: a refusal is logged. */
  receive(payload: Buffer): Promise<void> {
    this.chain = this.chain.then(() => this.apply(payload));
    return this.chain;
  }

  private async apply(payload: Buffer): Promise<void> {
    const { holder, gatewayId, dataDir, logger } = this.options;
    const refuse = (why: string) =>
      logger.error(
        { gatewayId },
        `registry feed message refused: ${why}; the gateway keeps the sites it has`,
      );
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return refuse('not JSON');
    }
    const parsed = registryFeedMessageSchema.safeParse(json);
    if (!parsed.success)
      return refuse(`not a registry feed message (${parsed.error.issues[0]?.message ?? 'shape'})`);
    const { version, gateway, document } = parsed.data;
    if (gateway !== gatewayId) return refuse(`it is for gateway ${gateway}, not ${gatewayId}`);
    if (version <= holder.version) return; // a repeat (retained, another replica): nothing new
    let sites: Sites;
    try {
      sites = parseSitesDocument(document, `registry version ${version}`);
    } catch (err) {
      return refuse((err as Error).message);
    }
    holder.replace(sites, version);
    logger.info({ version, devices: sites.devices.length }, 'sites replaced from the registry feed');
    try {
      await writeLocalRegistry(dataDir, { version, document });
    } catch (err) {
      logger.warn({ err, path: localRegistryPath(dataDir) }, 'cannot keep the registry version on disk');
    }
  }
}

/** Writes the local copy atomically (a temporary file renamed over it). */
export async function writeLocalRegistry(dataDir: string, registry: LocalRegistry): Promise<void> {
  const path = localRegistryPath(dataDir);
  await mkdir(join(dataDir, 'registry'), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify(registry), { mode: 0o600 }); // secrets as hashes, still private
  await rename(temporary, path);
}

/**
 * The sites a province gateway starts from: its local copy of the registry when present and newer
 * than SITES_FILE (edited since, it wins), else undefined (start from the file). A copy that no
 * longer passes the checks is ignored, with a warning.
 */
export async function localRegistryAtStart(
  dataDir: string,
  sitesFile: string | undefined,
  logger: Logger,
): Promise<{ sites: Sites; version: number } | undefined> {
  const path = localRegistryPath(dataDir);
  const copy = await stat(path).catch(() => undefined);
  if (copy === undefined) return undefined;
  const file = sitesFile === undefined ? undefined : await stat(sitesFile).catch(() => undefined);
  if (file !== undefined && file.mtimeMs >= copy.mtimeMs) {
    logger.info(
      { path, sitesFile },
      'SITES_FILE is newer than the local registry copy: starting from the file',
    );
    return undefined;
  }
  try {
    const local = JSON.parse(await readFile(path, 'utf8')) as LocalRegistry;
    const sites = parseSitesDocument(local.document, `registry version ${local.version} (${path})`);
    logger.info({ path, version: local.version }, 'starting from the local copy of the registry');
    return { sites, version: local.version };
  } catch (err) {
    logger.warn({ err, path }, 'the local registry copy cannot be read: starting from SITES_FILE');
    return undefined;
  }
}
