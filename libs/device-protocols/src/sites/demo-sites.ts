import { fileURLToPath } from 'node:url';

/**
 * The built-in demo province (陕西省: 2 cities, 3 counties, 6 schools, 218 devices of every kind),
 * used when `SITES_FILE` is unset and read by the device simulator. A path only: callers read it.
 */
export const DEMO_SITES_PATH = fileURLToPath(new URL('../../sites/demo-province.yaml', import.meta.url));

/** How messages name the demo file. */
export const DEMO_SITES_SOURCE = 'built-in demo';
