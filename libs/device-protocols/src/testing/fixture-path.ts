import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared device-payload corpus lives beside the clone, never inside it:
 * `<parent>/main` (this repository) and `<parent>/shared/fixtures/devices`, locally and in CI.
 */
const DEVICE_FIXTURES = new URL('../../../../../shared/fixtures/devices/', import.meta.url);

function fixturesRoot(): string {
  const root = fileURLToPath(DEVICE_FIXTURES);
  if (!existsSync(root)) {
    throw new Error(
      `shared device fixtures not found at ${root}: check out the shared/ folder beside this repository ` +
        `(…/main and …/shared side by side); the fixtures are never copied into the repository`,
    );
  }
  return root;
}

/** The bytes of `shared/fixtures/devices/<relPath>`, e.g. `zigbee2mqtt/state-smoke-HS3SA-HS1SA-alarm.json`. */
export function sharedFixture(relPath: string): Uint8Array {
  const path = join(fixturesRoot(), relPath);
  if (!existsSync(path)) throw new Error(`shared device fixture ${relPath} not found at ${path}`);
  return new Uint8Array(readFileSync(path));
}

/** The file names in `shared/fixtures/devices/<folder>`, sorted. */
export function sharedFixtureNames(folder: string): string[] {
  const path = join(fixturesRoot(), folder);
  if (!existsSync(path)) throw new Error(`shared device fixture folder ${folder} not found at ${path}`);
  return readdirSync(path).sort();
}
